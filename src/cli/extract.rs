//! `thidua extract`: JSON Lines of entities and relations on stdout.

use super::inputs_or_corpus;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use thidua::pipeline::{self, Processed, RunOptions};

/// Arguments of `thidua extract`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Example:\n  thidua extract corpus/ > facts.jsonl")]
pub struct Args {
    /// Files or folders to read (default: corpus/).
    pub paths: Vec<PathBuf>,
}

/// Runs `thidua extract`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let source = super::source_options(&args.paths)?;
    let paths = inputs_or_corpus(args.paths);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut sink = |doc: Processed| -> Result<(), String> {
        serde_json::to_writer(&mut out, &doc.record.contract_json()).map_err(|e| e.to_string())?;
        out.write_all(b"\n").map_err(|e| e.to_string())
    };
    let summary = pipeline::run(
        &paths,
        &RunOptions {
            source,
            ..RunOptions::default()
        },
        &mut sink,
    );
    out.flush()?;
    for l in &summary.report {
        eprintln!(
            "thidua: {}: {}",
            l.source,
            serde_json::to_string(&l.disposition)?
        );
    }
    Ok(if summary.is_complete() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(3)
    })
}
