//! `thidua export`: write the tables from an index.

use super::{DEFAULT_EXPORTS, DEFAULT_INDEX};
use anyhow::Context;
use std::path::PathBuf;
use std::process::ExitCode;
use thidua::export::{self, ExportOptions, TableFormat};
use thidua::index::Searcher;

/// Arguments of `thidua export`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  thidua export --format csv --out exports/csv\n  thidua export --partition-by year --out exports/hive"
)]
pub struct Args {
    /// Index directory.
    #[arg(long, default_value = DEFAULT_INDEX)]
    pub index: PathBuf,
    /// Output directory.
    #[arg(long, default_value = DEFAULT_EXPORTS)]
    pub out: PathBuf,
    /// File format.
    #[arg(long, value_parser = ["parquet", "csv", "ndjson", "ipc"], default_value = "parquet")]
    pub format: String,
    /// Write hive-style partitions (`awards/year=2019/...`).
    #[arg(long, value_parser = ["year"])]
    pub partition_by: Option<String>,
}

/// The table format named on the command line.
pub fn parse_format(s: &str) -> TableFormat {
    match s {
        "csv" => TableFormat::Csv,
        "ndjson" | "json" => TableFormat::Ndjson,
        "ipc" => TableFormat::Ipc,
        _ => TableFormat::Parquet,
    }
}

/// Runs `thidua export`.
pub fn run(args: Args, quiet: bool) -> anyhow::Result<ExitCode> {
    let searcher = Searcher::open(&args.index)
        .with_context(|| format!("opening index {}", args.index.display()))?;
    let records = searcher.records()?;
    let opts = ExportOptions {
        format: parse_format(&args.format),
        partition_by_year: args.partition_by.is_some(),
    };
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("creating {}", args.out.display()))?;
    let files = export::write_tables(&records, &args.out, &opts)?;
    if !quiet {
        eprintln!(
            "{} articles: wrote {} files to {}",
            records.len(),
            files.len(),
            args.out.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}
