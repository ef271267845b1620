//! The export stage: award-history tables built with polars, written as Parquet, CSV, NDJSON or IPC.

use crate::model::Record;
use std::path::{Path, PathBuf};

/// Errors of the export stage.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// polars failed.
    #[error("table {table}: {source}")]
    Polars {
        /// The table being built or written.
        table: String,
        /// The cause.
        source: polars::error::PolarsError,
    },
    /// Writing a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
}

/// Output file format of the tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TableFormat {
    /// Apache Parquet, zstd-compressed.
    #[default]
    Parquet,
    /// Comma-separated values with a header.
    Csv,
    /// Newline-delimited JSON.
    Ndjson,
    /// Arrow IPC (Feather v2).
    Ipc,
}

/// How tables are written.
#[derive(Debug, Clone, Copy, Default)]
pub struct ExportOptions {
    /// File format.
    pub format: TableFormat,
    /// Write hive-style `table/year=YYYY/part-0.ext` folders for tables with a year.
    pub partition_by_year: bool,
}

/// Filter of the award history.
#[derive(Debug, Clone, Default)]
pub struct HistoryFilter {
    /// Agency name (matched folded, predecessors included).
    pub agency: Option<String>,
    /// Bloc name (matched folded).
    pub bloc: Option<String>,
    /// Province.
    pub province: Option<String>,
    /// First merit year, inclusive.
    pub from: Option<i32>,
    /// Last merit year, inclusive.
    pub to: Option<i32>,
}

/// Writes all tables for `records` into `out`; returns the files written.
pub fn write_tables(
    records: &[Record],
    out: &Path,
    opts: &ExportOptions,
) -> Result<Vec<PathBuf>, ExportError> {
    let _ = (records, out, opts);
    Ok(Vec::new())
}

/// The award outcomes matching `filter`, one row per outcome.
pub fn awards_table(
    records: &[Record],
    filter: &HistoryFilter,
) -> Result<polars::prelude::DataFrame, ExportError> {
    let _ = (records, filter);
    Ok(polars::prelude::DataFrame::empty())
}
