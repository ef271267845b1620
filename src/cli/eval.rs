//! `thidua eval`: precision, recall and F1 per field against a gold file.

use super::inputs_or_corpus;
use anyhow::Context;
use std::path::PathBuf;
use std::process::ExitCode;
use thidua::eval;
use thidua::pipeline::{self, Processed, RunOptions};

/// Arguments of `thidua eval`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  thidua eval --gold corpus/gold.jsonl corpus/\n  thidua eval -v --gold ../shared/gold/seeds.jsonl ../shared/seeds/  (lists every miss)"
)]
pub struct Args {
    /// The gold file (JSON Lines, one object per article, keyed by `file`).
    #[arg(long)]
    pub gold: PathBuf,
    /// Files or folders to extract from (default: corpus/).
    pub paths: Vec<PathBuf>,
    /// Exit with status 1 when the relations' micro F1 is below this.
    #[arg(long)]
    pub min_f1: Option<f64>,
}

/// Runs `thidua eval`.
pub fn run(args: Args, verbose: bool) -> anyhow::Result<ExitCode> {
    let text = std::fs::read_to_string(&args.gold)
        .with_context(|| format!("reading {}", args.gold.display()))?;
    let gold = eval::parse_jsonl(&text, "file")
        .map_err(|e| anyhow::anyhow!("{}: {e}", args.gold.display()))?;
    let source = super::source_options(&args.paths)?;
    let paths = inputs_or_corpus(args.paths);
    let mut pred = Vec::new();
    let mut sink = |doc: Processed| -> Result<(), String> {
        let v = doc.record.contract_json();
        let name = doc.record.article.source.clone();
        pred.push((eval::base_name(&name), v));
        Ok(())
    };
    pipeline::run(
        &paths,
        &RunOptions {
            source,
            ..RunOptions::default()
        },
        &mut sink,
    );
    let report = eval::score(&gold, &pred);
    if verbose {
        for m in &report.misses {
            println!("  {} {} {:6} {}", m.doc, m.field, m.kind, m.key);
        }
    }
    println!("{report}");
    let f1 = report.relations().prf().2;
    Ok(match args.min_f1 {
        Some(min) if f1 < min => ExitCode::from(1),
        _ => ExitCode::SUCCESS,
    })
}
