//! The export stage: award-history tables built with polars, written as Parquet, CSV, NDJSON or IPC.
//!
//! - [`tables`]: the documented schemas ([`tables::TABLES`]) and how records become DataFrames;
//! - [`write`](mod@write): file formats, hive partitions by year, reading tables back;
//! - [`lineage`]: renamings and mergers of agencies and provinces (`data/lineage.tsv`);
//! - [`rank`]: the ranking of award types (`data/award_ranks.tsv`);
//! - [`history`]: the award history for a filter and its terminal view.
//!
//! The columns of every table are documented in `docs/tables.md`.

pub mod history;
pub mod lineage;
pub mod rank;
pub mod tables;
pub mod write;

pub use history::{HistoryRow, history_frame, history_rows, render_history};
pub use tables::{TABLES, TableDef, Tables, TablesBuilder, build_tables, table_def};
pub use write::{read_table, write_frame, write_table, write_to};

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
    /// Reading a table file failed.
    #[error("{path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: polars::error::PolarsError,
    },
    /// Data did not fit the documented schema.
    #[error("table {table}: {reason}")]
    Schema {
        /// The table.
        table: String,
        /// What did not fit.
        reason: String,
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
    write_built(&build_tables(records)?, out, opts)
}

/// Writes tables already built (see [`TablesBuilder`]) into `out`; returns the files written.
pub fn write_built(
    tables: &Tables,
    out: &Path,
    opts: &ExportOptions,
) -> Result<Vec<PathBuf>, ExportError> {
    let mut files = Vec::new();
    for (def, (_, df)) in TABLES.iter().zip(&tables.frames) {
        files.extend(write_table(
            df,
            def,
            out,
            opts.format,
            opts.partition_by_year,
        )?);
    }
    Ok(files)
}

/// The award outcomes matching `filter`, one row per outcome, with the `history` schema of
/// `docs/tables.md`: a successor's history includes its predecessors, each such row naming the
/// predecessor in `via`.
pub fn awards_table(
    records: &[Record],
    filter: &HistoryFilter,
) -> Result<polars::prelude::DataFrame, ExportError> {
    history_frame(&history_rows(records, filter))
}
