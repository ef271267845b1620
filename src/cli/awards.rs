//! `thidua awards`: the award history for a filter, from the index.

use super::DEFAULT_INDEX;
use anyhow::{Context, bail};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use thidua::export::{self, HistoryFilter, TableFormat};
use thidua::index::Searcher;

/// Arguments of `thidua awards`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "The table shows agencies down and merit years across; each cell is the highest award \
of the year with its status (A awarded, P proposed, R registered). With --agency or --province, \
a successor's history includes its predecessors (renamed or merged agencies and provinces), each \
marked with the name it was written under.\n\n\
Examples:\n  thidua awards --bloc \"Khối thi đua Khối 5\"\n  \
thidua awards --agency \"Sở Tài chính\" --province \"Quảng Trị\" --from 2018 --to 2025\n  \
thidua awards --agency \"so tai chinh\" --format csv > history.csv\n  \
thidua awards --format parquet --out history.parquet"
)]
pub struct Args {
    /// Index directory.
    #[arg(long, default_value = DEFAULT_INDEX)]
    pub index: PathBuf,
    /// Only this agency and its predecessors (with or without diacritics).
    #[arg(long)]
    pub agency: Option<String>,
    /// Only this bloc (words of its name, with or without diacritics).
    #[arg(long)]
    pub bloc: Option<String>,
    /// Only this province (and the provinces merged into it).
    #[arg(long)]
    pub province: Option<String>,
    /// Only this merit year.
    #[arg(long, conflicts_with_all = ["from", "to"])]
    pub year: Option<i32>,
    /// From this merit year, inclusive.
    #[arg(long)]
    pub from: Option<i32>,
    /// To this merit year, inclusive.
    #[arg(long)]
    pub to: Option<i32>,
    /// Output format: a terminal table, or one row per outcome as CSV, JSON Lines or Parquet.
    #[arg(long, value_parser = ["table", "csv", "json", "ndjson", "parquet"], default_value = "table")]
    pub format: String,
    /// Write to this file instead of standard output (required for parquet).
    #[arg(long)]
    pub out: Option<PathBuf>,
}

/// Runs `thidua awards`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    if let (Some(f), Some(t)) = (args.from, args.to)
        && f > t
    {
        bail!("--from {f} is after --to {t}");
    }
    if args.format == "parquet" && args.out.is_none() {
        bail!("--format parquet needs --out FILE");
    }
    let searcher = Searcher::open(&args.index)
        .with_context(|| format!("opening index {}", args.index.display()))?;
    let records = searcher.records()?;
    let filter = HistoryFilter {
        agency: args.agency,
        bloc: args.bloc,
        province: args.province,
        from: args.year.or(args.from),
        to: args.year.or(args.to),
    };
    let rows = export::history_rows(&records, &filter);
    let format = match args.format.as_str() {
        "table" => {
            let text = export::render_history(&rows);
            match &args.out {
                Some(p) => {
                    std::fs::write(p, text).with_context(|| format!("writing {}", p.display()))?
                }
                None => std::io::stdout().write_all(text.as_bytes())?,
            }
            return Ok(ExitCode::SUCCESS);
        }
        "csv" => TableFormat::Csv,
        "parquet" => TableFormat::Parquet,
        _ => TableFormat::Ndjson,
    };
    let df = export::history_frame(&rows)?;
    match &args.out {
        Some(p) => export::write_frame(&df, p, format, "history")
            .with_context(|| format!("writing {}", p.display()))?,
        None => export::write_to(&df, std::io::stdout().lock(), format, "history")?,
    }
    Ok(ExitCode::SUCCESS)
}
