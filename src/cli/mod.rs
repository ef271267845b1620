//! Subcommands of the `thidua` binary: one file each. Arguments are parsed here with clap;
//! each subcommand turns them into library calls and prints the result.

pub mod awards;
pub mod eval;
pub mod export;
pub mod extract;
pub mod ingest;
pub mod normalize;
pub mod search;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// Vietnamese emulation-bloc news archives to a full-text index and award-history tables.
#[derive(Debug, Parser)]
#[command(name = "thidua", version, about, long_about = None)]
pub struct Cli {
    /// Print less: no progress, no summary lines.
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Print more (repeat for debug output).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    /// The subcommand.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read archives, build the search index and write the tables (the main job).
    Ingest(ingest::Args),
    /// Print extracted entities and relations as JSON Lines, one object per document.
    Extract(extract::Args),
    /// Print the decoded, repaired and normalized text of a document.
    Normalize(normalize::Args),
    /// Search the index.
    Search(search::Args),
    /// Write the tables from an index.
    Export(export::Args),
    /// Show the award history: who was proposed for or received what, when, from whom.
    Awards(awards::Args),
    /// Score extraction against a gold file: precision, recall, F1 per field.
    Eval(eval::Args),
}

/// Where the index goes by default.
pub const DEFAULT_INDEX: &str = "indexes/default";
/// Where the tables go by default.
pub const DEFAULT_EXPORTS: &str = "exports";
/// What `ingest` reads by default.
pub const DEFAULT_CORPUS: &str = "corpus";

/// Sets up logging: warnings by default, more with `-v`, nothing extra with `-q`.
pub fn init_logging(cli: &Cli) {
    let level = match (cli.quiet, cli.verbose) {
        (true, _) => "error",
        (_, 0) => "warn",
        (_, 1) => "info",
        _ => "debug",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_env("THIDUA_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(level));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}

/// Runs the parsed command.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let quiet = cli.quiet;
    let verbose = cli.verbose > 0;
    match cli.command {
        Command::Ingest(a) => ingest::run(a, quiet, cli.verbose),
        Command::Extract(a) => extract::run(a),
        Command::Normalize(a) => normalize::run(a),
        Command::Search(a) => search::run(a),
        Command::Export(a) => export::run(a, quiet),
        Command::Awards(a) => awards::run(a),
        Command::Eval(a) => eval::run(a, verbose),
    }
}

/// Files of the sample corpus that describe it rather than belong to it: with no paths given,
/// the commands read `corpus/` without them.
pub const CORPUS_NOT_INPUTS: [&str; 2] = ["gold.jsonl", "README.md"];

/// The paths given, or the default corpus when none.
pub fn inputs_or_corpus(paths: Vec<PathBuf>) -> Vec<PathBuf> {
    if paths.is_empty() {
        vec![PathBuf::from(DEFAULT_CORPUS)]
    } else {
        paths
    }
}

/// The exclude patterns to use: those given, plus the corpus's own annotation files when no
/// paths are given (the default run on `corpus/`).
pub fn excludes_for(paths: &[PathBuf], given: &[String]) -> Vec<String> {
    let mut out = given.to_vec();
    if paths.is_empty() {
        out.extend(CORPUS_NOT_INPUTS.iter().map(|s| s.to_string()));
    }
    out
}

/// Source options for a default run over `paths` (no include patterns).
pub fn source_options(paths: &[PathBuf]) -> anyhow::Result<thidua::source::SourceOptions> {
    let filter = thidua::source::PathFilter::new::<String>(&[], &excludes_for(paths, &[]))?;
    Ok(thidua::source::SourceOptions {
        filter,
        ..thidua::source::SourceOptions::default()
    })
}
