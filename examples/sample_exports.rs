//! Writes the tables of the test records (`tests/export_util`) to a folder, to try the notebooks
//! or other readers without building an index first:
//! `cargo run --example sample_exports -- /tmp/sample-exports [parquet|csv|ndjson|ipc] [--partition-by-year]`.

#[path = "../tests/export_util/mod.rs"]
mod export_util;

use std::path::PathBuf;
use std::process::ExitCode;
use thidua::export::{self, ExportOptions, TableFormat};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(out) = args.first().map(PathBuf::from) else {
        eprintln!("usage: sample_exports OUT_DIR [parquet|csv|ndjson|ipc] [--partition-by-year]");
        return ExitCode::from(2);
    };
    let format = match args.get(1).map(String::as_str) {
        None | Some("parquet") | Some("--partition-by-year") => TableFormat::Parquet,
        Some("csv") => TableFormat::Csv,
        Some("ndjson") => TableFormat::Ndjson,
        Some("ipc") => TableFormat::Ipc,
        Some(other) => {
            eprintln!("unknown format {other:?}");
            return ExitCode::from(2);
        }
    };
    let opts = ExportOptions {
        format,
        partition_by_year: args.iter().any(|a| a == "--partition-by-year"),
    };
    if let Err(e) = std::fs::create_dir_all(&out) {
        eprintln!("{}: {e}", out.display());
        return ExitCode::FAILURE;
    }
    match export::write_tables(&export_util::realistic_records(), &out, &opts) {
        Ok(files) => {
            for f in files {
                println!("{}", f.display());
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}
