//! `thidua ingest`: read archives, build the index, write the tables.

use super::{DEFAULT_EXPORTS, DEFAULT_INDEX, inputs_or_corpus};
use anyhow::Context;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use thidua::export::{self, ExportOptions};
use thidua::index::Indexer;
use thidua::pipeline::{self, Processed, RunOptions};

/// Arguments of `thidua ingest`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Example:\n  thidua ingest corpus/ --index indexes/default --out exports")]
pub struct Args {
    /// Files or folders to read (default: corpus/).
    pub paths: Vec<PathBuf>,
    /// Index directory.
    #[arg(long, default_value = DEFAULT_INDEX)]
    pub index: PathBuf,
    /// Output directory for the tables and the run report.
    #[arg(long, default_value = DEFAULT_EXPORTS)]
    pub out: PathBuf,
    /// Worker threads (default: all cores).
    #[arg(long)]
    pub threads: Option<usize>,
    /// Delete the existing index and start over.
    #[arg(long)]
    pub rebuild: bool,
}

/// Runs `thidua ingest`.
pub fn run(args: Args, quiet: bool) -> anyhow::Result<ExitCode> {
    if let Some(n) = args.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build_global()
            .context("setting up worker threads")?;
    }
    let paths = inputs_or_corpus(args.paths);
    let mut indexer = Indexer::open(&args.index, args.rebuild)
        .with_context(|| format!("opening index {}", args.index.display()))?;
    // Tables are built as documents arrive, while their text is at hand for evidence sentences.
    let mut tables = export::TablesBuilder::default();
    let opts = RunOptions {
        dedup: true,
        ..RunOptions::default()
    };
    let summary = {
        let mut sink = |doc: Processed| -> Result<(), String> {
            indexer.add(&doc.record).map_err(|e| e.to_string())?;
            tables.add(&doc.record).map_err(|e| e.to_string())
        };
        pipeline::run(&paths, &opts, &mut sink)
    };
    indexer.commit().context("committing the index")?;
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("creating {}", args.out.display()))?;
    let tables = tables.finish().context("building tables")?;
    let files = export::write_built(&tables, &args.out, &ExportOptions::default())
        .context("writing tables")?;
    let report_path = args.out.join("ingest-report.jsonl");
    let mut report = std::fs::File::create(&report_path)
        .with_context(|| format!("creating {}", report_path.display()))?;
    for line in &summary.report {
        serde_json::to_writer(&mut report, line)?;
        report.write_all(b"\n")?;
    }
    if !quiet {
        eprintln!(
            "read {} documents: {} indexed, {} skipped, {} failed in {:.2}s ({:.0} docs/s, {:.2} MB/s)",
            summary.read,
            summary.indexed,
            summary.skipped,
            summary.failed,
            summary.elapsed.as_secs_f64(),
            summary.docs_per_sec(),
            summary.mb_per_sec()
        );
        eprintln!(
            "index: {}  tables: {} files in {}  report: {}",
            args.index.display(),
            files.len(),
            args.out.display(),
            report_path.display()
        );
    }
    Ok(if summary.is_complete() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(3)
    })
}
