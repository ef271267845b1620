//! Writing tables as Parquet, CSV, NDJSON or Arrow IPC, flat or hive-partitioned by year, and
//! reading them back with their documented schema.
//!
//! Layout: `OUT/TABLE.EXT` (`awards.parquet`); with `--partition-by year`, tables with a `year`
//! column become `OUT/TABLE/year=2019/part-0.EXT`, rows without a year under
//! `year=__HIVE_DEFAULT_PARTITION__`, and the `year` column lives in the folder name only (as
//! Spark, DuckDB and polars expect). Files are written to a temporary name and renamed, so a
//! reader never sees half a file.
//!
//! CSV cannot hold lists: a `List(String)` column is written as its elements joined with `;`
//! (a `;` or `\` inside an element is escaped with `\`), an empty list as an empty field.
//! Dates are `YYYY-MM-DD` in CSV and NDJSON.

use super::tables::{ColKind, TableDef, sort_table, table_def};
use super::{ExportError, TableFormat};
use polars::prelude::*;
use polars_io::prelude::{
    CsvReadOptions, CsvWriter, IpcReader, IpcWriter, JsonFormat, JsonReader, JsonWriter,
    ParquetCompression, ParquetReader, ParquetWriter, SerReader, SerWriter,
};
use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// The folder name of rows whose partition value is null.
pub const HIVE_NULL: &str = "__HIVE_DEFAULT_PARTITION__";

/// The file extension of a format.
pub fn extension(format: TableFormat) -> &'static str {
    match format {
        TableFormat::Parquet => "parquet",
        TableFormat::Csv => "csv",
        TableFormat::Ndjson => "ndjson",
        TableFormat::Ipc => "arrow",
    }
}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> ExportError + '_ {
    move |source| ExportError::Io {
        path: path.to_path_buf(),
        source,
    }
}

fn pl_err(table: &str) -> impl FnOnce(PolarsError) -> ExportError + '_ {
    move |source| ExportError::Polars {
        table: table.to_string(),
        source,
    }
}

/// Escapes one list element for CSV.
fn escape_elem(s: &str) -> String {
    s.replace('\\', "\\\\").replace(';', "\\;")
}

/// Splits a CSV list cell back into its elements.
fn split_elems(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(n) = chars.next() {
                    cur.push(n);
                }
            }
            ';' => out.push(std::mem::take(&mut cur)),
            c => cur.push(c),
        }
    }
    out.push(cur);
    out
}

/// The frame with every `List(String)` column joined into one string per row.
fn lists_to_strings(df: &DataFrame, table: &str) -> Result<DataFrame, ExportError> {
    let mut cols = Vec::with_capacity(df.width());
    for c in df.columns() {
        if let DataType::List(_) = c.dtype() {
            let ca = c.list().map_err(pl_err(table))?;
            let mut v: Vec<Option<String>> = Vec::with_capacity(ca.len());
            for item in ca.amortized_iter() {
                v.push(item.and_then(|s| {
                    let s = s.as_ref().str().ok()?;
                    let parts: Vec<String> = s.iter().flatten().map(escape_elem).collect();
                    (!parts.is_empty()).then(|| parts.join(";"))
                }));
            }
            cols.push(Series::new(c.name().clone(), v).into_column());
        } else {
            cols.push(c.clone());
        }
    }
    DataFrame::new(df.height(), cols).map_err(pl_err(table))
}

/// Writes one frame to any writer in `format`.
pub fn write_to<W: Write>(
    df: &DataFrame,
    w: W,
    format: TableFormat,
    table: &str,
) -> Result<(), ExportError> {
    let mut df = df.clone();
    let mut w = BufWriter::new(w);
    match format {
        TableFormat::Parquet => {
            ParquetWriter::new(&mut w)
                .with_compression(ParquetCompression::Zstd(None))
                .finish(&mut df)
                .map_err(pl_err(table))?;
        }
        TableFormat::Ipc => {
            IpcWriter::new(&mut w)
                .finish(&mut df)
                .map_err(pl_err(table))?;
        }
        TableFormat::Csv => {
            let mut df = lists_to_strings(&df, table)?;
            CsvWriter::new(&mut w)
                .include_header(true)
                .finish(&mut df)
                .map_err(pl_err(table))?;
        }
        TableFormat::Ndjson => {
            JsonWriter::new(&mut w)
                .with_json_format(JsonFormat::JsonLines)
                .finish(&mut df)
                .map_err(pl_err(table))?;
        }
    }
    w.flush().map_err(|source| ExportError::Io {
        path: PathBuf::from(format!("<{table}>")),
        source,
    })
}

/// Writes one frame to `path` in `format` (through a temporary file renamed into place).
pub fn write_frame(
    df: &DataFrame,
    path: &Path,
    format: TableFormat,
    table: &str,
) -> Result<(), ExportError> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(io_err(dir))?;
    }
    let mut tmp_name = path.file_name().unwrap_or_default().to_os_string();
    tmp_name.push(".tmp");
    let tmp = path.with_file_name(tmp_name);
    let file = File::create(&tmp).map_err(io_err(&tmp))?;
    if let Err(e) = write_to(df, file, format, table) {
        let _ = std::fs::remove_file(&tmp);
        return Err(match e {
            ExportError::Io { source, .. } => ExportError::Io { path: tmp, source },
            e => e,
        });
    }
    std::fs::rename(&tmp, path).map_err(io_err(path))
}

/// Writes one table into `out`: `out/NAME.EXT`, or hive partitions by year when asked and the
/// table has a year. Returns the files written.
pub fn write_table(
    df: &DataFrame,
    def: &TableDef,
    out: &Path,
    format: TableFormat,
    partition_by_year: bool,
) -> Result<Vec<PathBuf>, ExportError> {
    let ext = extension(format);
    if !(partition_by_year && def.partitioned) {
        let path = out.join(format!("{}.{ext}", def.name));
        write_frame(df, &path, format, def.name)?;
        return Ok(vec![path]);
    }
    let dir = out.join(def.name);
    remove_stale_partitions(&dir)?;
    let years = df.column("year").map_err(pl_err(def.name))?;
    let years = years.i32().map_err(pl_err(def.name))?;
    let mut groups: BTreeMap<Option<i32>, Vec<IdxSize>> = BTreeMap::new();
    for (i, y) in years.iter().enumerate() {
        groups.entry(y).or_default().push(i as IdxSize);
    }
    if groups.is_empty() {
        // No rows: one empty part still carries the schema for readers.
        groups.insert(None, Vec::new());
    }
    let mut files = Vec::new();
    for (year, idx) in groups {
        let part = df
            .take(&IdxCa::from_vec("idx".into(), idx))
            .map_err(pl_err(def.name))?
            .drop("year")
            .map_err(pl_err(def.name))?;
        let folder = match year {
            Some(y) => format!("year={y}"),
            None => format!("year={HIVE_NULL}"),
        };
        let path = dir.join(folder).join(format!("part-0.{ext}"));
        write_frame(&part, &path, format, def.name)?;
        files.push(path);
    }
    Ok(files)
}

/// Removes `year=*` folders left in `dir` by an earlier partitioned export.
fn remove_stale_partitions(dir: &Path) -> Result<(), ExportError> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(());
    };
    for e in entries.flatten() {
        let p = e.path();
        let is_partition = p
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with("year="));
        if is_partition && p.is_dir() {
            std::fs::remove_dir_all(&p).map_err(io_err(&p))?;
        }
    }
    Ok(())
}

/// The schema a text format is parsed with: lists stay lists in NDJSON and become strings in
/// CSV; enums, categoricals and dates are read as strings and cast afterwards.
fn text_schema(def: &TableDef, format: TableFormat, skip: &[&str]) -> Schema {
    def.columns
        .iter()
        .filter(|c| !skip.contains(&c.name))
        .map(|c| {
            let dt = match c.kind {
                ColKind::Enum(_) | ColKind::Cat | ColKind::Date | ColKind::Str => DataType::String,
                ColKind::StrList if format == TableFormat::Csv => DataType::String,
                k => k.dtype(),
            };
            Field::new(c.name.into(), dt)
        })
        .collect()
}

/// Casts and reorders a frame read from a file to the documented schema of `def`.
fn conform(df: DataFrame, def: &TableDef) -> Result<DataFrame, ExportError> {
    let pe = pl_err(def.name);
    let mut cols = Vec::with_capacity(def.columns.len());
    for c in def.columns {
        let col = df.column(c.name).map_err(|e| ExportError::Schema {
            table: def.name.to_string(),
            reason: format!("column {}: {e}", c.name),
        })?;
        let want = c.kind.dtype();
        let col = match (c.kind, col.dtype()) {
            (ColKind::StrList, DataType::String) => {
                let ca = col.str().map_err(pl_err(def.name))?;
                let values: usize = ca.len();
                let mut b = ListStringChunkedBuilder::new(c.name.into(), ca.len(), values);
                for v in ca.iter() {
                    let parts = v.map(split_elems).unwrap_or_default();
                    b.append_values_iter(parts.iter().map(String::as_str));
                }
                b.finish().into_series().into_column()
            }
            (_, dt) if dt == &want => col.clone(),
            _ => col.strict_cast(&want).map_err(pl_err(def.name))?,
        };
        cols.push(col);
    }
    DataFrame::new(df.height(), cols).map_err(pe)
}

/// Reads one file of a table (all columns but `skip`) and returns it as it was parsed.
fn read_file(
    path: &Path,
    def: &TableDef,
    format: TableFormat,
    skip: &[&str],
) -> Result<DataFrame, ExportError> {
    let file = File::open(path).map_err(io_err(path))?;
    let pe = |source: PolarsError| ExportError::Read {
        path: path.to_path_buf(),
        source,
    };
    match format {
        TableFormat::Parquet => ParquetReader::new(file).finish().map_err(pe),
        TableFormat::Ipc => IpcReader::new(file).finish().map_err(pe),
        TableFormat::Csv => {
            let schema = Arc::new(text_schema(def, format, skip));
            CsvReadOptions::default()
                .with_has_header(true)
                .with_schema(Some(schema))
                .with_raise_if_empty(false)
                .into_reader_with_file_handle(file)
                .finish()
                .map_err(pe)
        }
        TableFormat::Ndjson => {
            let schema = text_schema(def, format, skip);
            let empty = std::fs::metadata(path).map_err(io_err(path))?.len() == 0;
            if empty {
                return Ok(DataFrame::empty_with_schema(&schema));
            }
            JsonReader::new(file)
                .with_json_format(JsonFormat::JsonLines)
                .with_schema(Arc::new(schema))
                .finish()
                .map_err(pe)
        }
    }
}

/// Reads table `name` from `dir` (a flat file or hive partitions, whichever is there) with its
/// documented schema and row order.
pub fn read_table(dir: &Path, name: &str, format: TableFormat) -> Result<DataFrame, ExportError> {
    let def = table_def(name).ok_or_else(|| ExportError::Schema {
        table: name.to_string(),
        reason: "no such table".into(),
    })?;
    let ext = extension(format);
    let flat = dir.join(format!("{name}.{ext}"));
    if flat.is_file() {
        let df = read_file(&flat, def, format, &[])?;
        return conform(df, def);
    }
    let parts_dir = dir.join(name);
    let mut parts: Vec<(Option<i32>, PathBuf)> = Vec::new();
    let entries = std::fs::read_dir(&parts_dir).map_err(io_err(&parts_dir))?;
    for e in entries.flatten() {
        let p = e.path();
        let Some(value) = p
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.strip_prefix("year="))
            .map(str::to_string)
        else {
            continue;
        };
        let year = if value == HIVE_NULL {
            None
        } else {
            Some(value.parse::<i32>().map_err(|_| ExportError::Schema {
                table: name.to_string(),
                reason: format!("{}: partition value is not a year", p.display()),
            })?)
        };
        let mut files: Vec<PathBuf> = std::fs::read_dir(&p)
            .map_err(io_err(&p))?
            .flatten()
            .map(|f| f.path())
            .filter(|f| f.extension().and_then(|x| x.to_str()) == Some(ext))
            .collect();
        files.sort();
        parts.extend(files.into_iter().map(|f| (year, f)));
    }
    parts.sort();
    let mut all: Option<DataFrame> = None;
    for (year, path) in parts {
        let df = read_file(&path, def, format, &["year"])?;
        let n = df.height();
        let mut df = df;
        df.with_column(Series::new("year".into(), vec![year; n]).into_column())
            .map_err(pl_err(name))?;
        let df = conform(df, def)?;
        match &mut all {
            None => all = Some(df),
            Some(a) => {
                a.vstack_mut_owned(df).map_err(pl_err(name))?;
            }
        }
    }
    let df = match all {
        Some(df) => df,
        None => DataFrame::empty_with_schema(&def.schema()),
    };
    sort_table(df, def)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_cells_round_trip() {
        for parts in [
            vec!["a".to_string()],
            vec![
                "Trong sạch, vững mạnh".into(),
                "x;y".into(),
                "back\\slash".into(),
            ],
            vec!["".into(), "b".into()],
        ] {
            let joined: Vec<String> = parts.iter().map(|p| escape_elem(p)).collect();
            assert_eq!(split_elems(&joined.join(";")), parts);
        }
    }
}
