//! `thidua awards`: the award history for a filter, from the index.

use super::DEFAULT_INDEX;
use anyhow::Context;
use std::path::PathBuf;
use std::process::ExitCode;
use thidua::export::{self, HistoryFilter};
use thidua::index::Searcher;

/// Arguments of `thidua awards`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  thidua awards --award \"Cờ thi đua\"\n  thidua awards --agency \"Sở Tài chính\" --from 2018 --to 2024 --format csv"
)]
pub struct Args {
    /// Index directory.
    #[arg(long, default_value = DEFAULT_INDEX)]
    pub index: PathBuf,
    /// Only this agency (with or without diacritics).
    #[arg(long)]
    pub agency: Option<String>,
    /// Only this bloc.
    #[arg(long)]
    pub bloc: Option<String>,
    /// Only this province.
    #[arg(long)]
    pub province: Option<String>,
    /// Only this merit year.
    #[arg(long)]
    pub year: Option<i32>,
    /// From this merit year, inclusive.
    #[arg(long)]
    pub from: Option<i32>,
    /// To this merit year, inclusive.
    #[arg(long)]
    pub to: Option<i32>,
    /// Output format.
    #[arg(long, value_parser = ["table", "csv", "json"], default_value = "table")]
    pub format: String,
}

/// Runs `thidua awards`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
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
    let df = export::awards_table(&records, &filter)?;
    println!("{df}");
    Ok(ExitCode::SUCCESS)
}
