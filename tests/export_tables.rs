//! The export stage on records built here: every table written in every format reads back with
//! its documented schema, partitions read back as one dataset, empty input still writes every
//! table, and a renamed agency's history is continuous and marked.

mod export_util;

use export_util::realistic_records;
use polars::prelude::*;
use polars_io::prelude::{IpcReader, ParquetReader, SerReader};
use std::path::Path;
use thidua::export::tables::{AWARDS, TABLES};
use thidua::export::{
    self, ExportOptions, HistoryFilter, TableFormat, build_tables, read_table, render_history,
};

const FORMATS: [TableFormat; 4] = [
    TableFormat::Parquet,
    TableFormat::Csv,
    TableFormat::Ndjson,
    TableFormat::Ipc,
];

fn assert_same(name: &str, got: &DataFrame, want: &DataFrame, what: &str) {
    assert_eq!(
        got.schema(),
        want.schema(),
        "{name} ({what}): schema differs"
    );
    assert!(
        got.equals_missing(want),
        "{name} ({what}): rows differ\n got: {got}\nwant: {want}"
    );
}

#[test]
fn every_table_reads_back_with_its_schema_in_every_format() {
    let records = realistic_records();
    let built = build_tables(&records).unwrap();
    for def in TABLES {
        let df = built.get(def.name).unwrap();
        assert_eq!(df.schema().as_ref(), &def.schema(), "{}", def.name);
    }
    assert!(built.get("awards").unwrap().height() >= 8);
    for format in FORMATS {
        let dir = tempfile::tempdir().unwrap();
        let opts = ExportOptions {
            format,
            partition_by_year: false,
        };
        let files = export::write_tables(&records, dir.path(), &opts).unwrap();
        assert_eq!(files.len(), TABLES.len(), "{format:?}");
        for def in TABLES {
            let back = read_table(dir.path(), def.name, format).unwrap();
            assert_same(
                def.name,
                &back,
                built.get(def.name).unwrap(),
                &format!("{format:?}"),
            );
        }
    }
}

#[test]
fn binary_formats_carry_the_schema_themselves() {
    // Readers that know nothing of docs/tables.md (polars, pandas, DuckDB) get the types from
    // the files: dates as dates, statuses as enums, goals as lists.
    let records = realistic_records();
    for format in [TableFormat::Parquet, TableFormat::Ipc] {
        let dir = tempfile::tempdir().unwrap();
        let opts = ExportOptions {
            format,
            partition_by_year: false,
        };
        export::write_tables(&records, dir.path(), &opts).unwrap();
        for def in TABLES {
            let ext = if format == TableFormat::Parquet {
                "parquet"
            } else {
                "arrow"
            };
            let f = std::fs::File::open(dir.path().join(format!("{}.{ext}", def.name))).unwrap();
            let df = match format {
                TableFormat::Parquet => ParquetReader::new(f).finish().unwrap(),
                _ => IpcReader::new(f).finish().unwrap(),
            };
            for c in def.columns {
                let got = df.column(c.name).unwrap().dtype();
                let want = c.kind.dtype();
                let same = match (got, &want) {
                    (DataType::Categorical(..), DataType::Categorical(..)) => true,
                    (a, b) => a == b,
                };
                assert!(
                    same,
                    "{format:?} {}.{}: {got:?} != {want:?}",
                    def.name, c.name
                );
            }
        }
    }
}

#[test]
fn parquet_is_zstd_compressed() {
    let dir = tempfile::tempdir().unwrap();
    export::write_tables(&realistic_records(), dir.path(), &ExportOptions::default()).unwrap();
    let bytes = std::fs::read(dir.path().join("awards.parquet")).unwrap();
    assert_eq!(&bytes[..4], b"PAR1");
    let mut f = std::fs::File::open(dir.path().join("awards.parquet")).unwrap();
    let mut r = ParquetReader::new(&mut f);
    let meta = r.get_metadata().unwrap().clone();
    let rg = &meta.row_groups[0];
    for c in rg.parquet_columns() {
        assert_eq!(
            format!("{:?}", c.compression()),
            "Zstd",
            "{:?}",
            c.descriptor().path_in_schema
        );
    }
}

fn partition_dirs(dir: &Path, table: &str) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir.join(table))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn partitioned_output_reads_back_as_one_dataset() {
    let records = realistic_records();
    let built = build_tables(&records).unwrap();
    for format in FORMATS {
        let dir = tempfile::tempdir().unwrap();
        let opts = ExportOptions {
            format,
            partition_by_year: true,
        };
        let files = export::write_tables(&records, dir.path(), &opts).unwrap();
        assert!(files.len() > TABLES.len());
        let parts = partition_dirs(dir.path(), "awards");
        assert!(parts.contains(&"year=2018".to_string()), "{parts:?}");
        assert!(parts.contains(&"year=2024".to_string()), "{parts:?}");
        assert!(
            parts.contains(&"year=__HIVE_DEFAULT_PARTITION__".to_string()),
            "an outcome without a year goes to the default partition: {parts:?}"
        );
        for def in TABLES {
            if def.partitioned {
                assert!(dir.path().join(def.name).is_dir(), "{}", def.name);
                assert!(!dir.path().join(format!("{}.csv", def.name)).exists());
            }
            let back = read_table(dir.path(), def.name, format).unwrap();
            assert_same(
                def.name,
                &back,
                built.get(def.name).unwrap(),
                &format!("{format:?} partitioned"),
            );
        }
        // The year lives in the folder name only, as hive readers expect.
        if format == TableFormat::Parquet {
            let f =
                std::fs::File::open(dir.path().join("awards/year=2019/part-0.parquet")).unwrap();
            let part = ParquetReader::new(f).finish().unwrap();
            assert!(part.column("year").is_err());
            assert_eq!(part.width(), AWARDS.columns.len() - 1);
        }
    }
}

#[test]
fn rewriting_partitions_removes_stale_years() {
    let dir = tempfile::tempdir().unwrap();
    let opts = ExportOptions {
        format: TableFormat::Parquet,
        partition_by_year: true,
    };
    export::write_tables(&realistic_records(), dir.path(), &opts).unwrap();
    assert!(dir.path().join("awards/year=2018").is_dir());
    let later: Vec<_> = realistic_records()
        .into_iter()
        .filter(|r| r.extraction.awards.iter().all(|a| a.year != Some(2018)))
        .collect();
    export::write_tables(&later, dir.path(), &opts).unwrap();
    assert!(!dir.path().join("awards/year=2018").exists());
    let back = read_table(dir.path(), "awards", TableFormat::Parquet).unwrap();
    let want = build_tables(&later).unwrap();
    assert!(back.equals_missing(want.get("awards").unwrap()));
}

#[test]
fn empty_input_writes_every_table_with_its_schema() {
    for format in FORMATS {
        for partition_by_year in [false, true] {
            let dir = tempfile::tempdir().unwrap();
            let opts = ExportOptions {
                format,
                partition_by_year,
            };
            let files = export::write_tables(&[], dir.path(), &opts).unwrap();
            assert_eq!(files.len(), TABLES.len());
            for f in &files {
                assert!(f.is_file(), "{}", f.display());
            }
            for def in TABLES {
                let back = read_table(dir.path(), def.name, format).unwrap();
                assert_eq!(back.height(), 0);
                assert_eq!(
                    back.schema().as_ref(),
                    &def.schema(),
                    "{format:?} {partition_by_year} {}",
                    def.name
                );
            }
        }
    }
}

#[test]
fn rows_do_not_depend_on_record_order() {
    let records = realistic_records();
    let mut reversed = records.clone();
    reversed.reverse();
    let a = build_tables(&records).unwrap();
    let b = build_tables(&reversed).unwrap();
    for ((name, x), (_, y)) in a.frames.iter().zip(&b.frames) {
        assert!(x.equals_missing(y), "{name}:\n{x}\n{y}");
    }
}

#[test]
fn tables_keep_facts_traceable() {
    let records = realistic_records();
    let t = build_tables(&records).unwrap();
    let ids: Vec<&str> = records.iter().map(|r| r.article.id.as_str()).collect();
    for (name, df) in &t.frames {
        let col = df.column("article_id").unwrap().str().unwrap();
        for v in col.iter() {
            let v = v.unwrap_or_else(|| panic!("{name}: null article_id"));
            assert!(ids.contains(&v), "{name}: {v}");
        }
    }
    // Evidence sentences and mention texts come from the body.
    let awards = t.get("awards").unwrap();
    let ev = awards.column("evidence").unwrap().str().unwrap();
    assert!(ev.iter().flatten().any(|s| s.contains("đề nghị")));
    let mentions = t.get("mentions").unwrap();
    let text = mentions.column("text").unwrap().str().unwrap();
    assert!(text.iter().flatten().any(|s| s == "Sở KH&ĐT"));
}

#[test]
fn award_matrix_keeps_the_highest_award_per_agency_and_year() {
    let t = build_tables(&realistic_records()).unwrap();
    let m = t.get("award_matrix").unwrap();
    let ids = m.column("agency_id").unwrap().str().unwrap();
    let years = m.column("year").unwrap().i32().unwrap();
    let awards = m.column("award").unwrap().str().unwrap();
    let status = m.column("status").unwrap().cast(&DataType::String).unwrap();
    let status = status.str().unwrap();
    let n = m.column("n_outcomes").unwrap().i32().unwrap();
    let mut seen = std::collections::BTreeSet::new();
    let mut found = false;
    for i in 0..m.height() {
        let key = (ids.get(i).unwrap().to_string(), years.get(i).unwrap());
        assert!(
            seen.insert(key.clone()),
            "one row per agency and year: {key:?}"
        );
        if key == ("quang-binh/so-ke-hoach-va-dau-tu".to_string(), 2019) {
            // Proposed for the Cờ thi đua and awarded a Bằng khen the same year: the flag wins.
            assert_eq!(awards.get(i), Some("Cờ thi đua"));
            assert_eq!(status.get(i), Some("proposed"));
            assert_eq!(n.get(i), Some(2));
            found = true;
        }
    }
    assert!(found, "{m}");
}

#[test]
fn agencies_know_their_lineage() {
    let t = build_tables(&realistic_records()).unwrap();
    let a = t.get("agencies").unwrap();
    let ids = a.column("agency_id").unwrap().str().unwrap();
    let succ = a.column("successor_id").unwrap().str().unwrap();
    let lineage = a.column("lineage").unwrap().str().unwrap();
    let aliases = a.column("aliases").unwrap().list().unwrap();
    let i = ids
        .iter()
        .position(|x| x == Some("quang-binh/so-ke-hoach-va-dau-tu"))
        .expect("Sở Kế hoạch và Đầu tư of Quảng Bình");
    assert_eq!(succ.get(i), Some("quang-tri/so-tai-chinh"));
    assert!(lineage.get(i).unwrap().contains("2025-03-01"));
    assert!(lineage.get(i).unwrap().contains("2025-07-01"));
    let al = aliases.get_as_series(i).unwrap();
    let al: Vec<&str> = al.str().unwrap().iter().flatten().collect();
    assert!(al.contains(&"Sở KH&ĐT"), "{al:?}");
    let j = ids
        .iter()
        .position(|x| x == Some("quang-tri/so-tai-chinh"))
        .unwrap();
    let preds = a.column("predecessors").unwrap().list().unwrap();
    let p = preds.get_as_series(j).unwrap();
    let p: Vec<&str> = p.str().unwrap().iter().flatten().collect();
    assert!(p.contains(&"Sở Tài chính (Quảng Bình)"), "{p:?}");
    assert!(succ.get(j).is_none());
}

#[test]
fn renamed_agency_history_is_continuous_and_marked() {
    let records = realistic_records();
    let filter = HistoryFilter {
        agency: Some("Sở Tài chính".into()),
        province: Some("Quảng Trị".into()),
        ..HistoryFilter::default()
    };
    let df = export::awards_table(&records, &filter).unwrap();
    let years = df.column("year").unwrap().i32().unwrap();
    let mut ys: Vec<i32> = years.iter().flatten().collect();
    ys.sort();
    ys.dedup();
    // 2018-2019 under Sở Kế hoạch và Đầu tư of Quảng Bình, 2024 under Sở Tài chính of Quảng Bình,
    // 2025 under Sở Tài chính of Quảng Trị: one continuous history.
    assert_eq!(ys, vec![2018, 2019, 2024, 2025]);
    let agency = df.column("agency").unwrap().str().unwrap();
    assert!(agency.iter().all(|a| a == Some("Sở Tài chính")));
    let via = df.column("via").unwrap().str().unwrap();
    let recipient = df.column("recipient").unwrap().str().unwrap();
    for i in 0..df.height() {
        match (years.get(i), via.get(i)) {
            (Some(2018 | 2019), v) => {
                assert_eq!(v, Some("Sở Kế hoạch và Đầu tư (Quảng Bình)"));
                assert_eq!(recipient.get(i), Some("Sở Kế hoạch và Đầu tư"));
            }
            (Some(2024), v) => assert_eq!(v, Some("Sở Tài chính (Quảng Bình)")),
            (Some(2025), v) => assert_eq!(v, None),
            other => panic!("unexpected row {other:?}"),
        }
    }
    let text = render_history(&export::history_rows(&records, &filter));
    assert!(
        text.contains("← Sở Kế hoạch và Đầu tư (Quảng Bình)"),
        "{text}"
    );
    // The tables themselves keep every outcome under the name it was written with.
    let t = build_tables(&records).unwrap();
    let rec = t
        .get("awards")
        .unwrap()
        .column("recipient")
        .unwrap()
        .str()
        .unwrap()
        .clone();
    assert!(rec.iter().any(|r| r == Some("Sở Kế hoạch và Đầu tư")));
}

#[test]
fn docs_show_the_schemas() {
    // docs/tables.md carries the generated schema section between two markers; with
    // THIDUA_BLESS=1 this test rewrites it.
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/tables.md");
    let doc = std::fs::read_to_string(&path).unwrap();
    let begin = doc.find("<!-- schema:begin").expect("begin marker");
    let begin = begin + doc[begin..].find("-->").unwrap() + 3;
    let end = doc.find("<!-- schema:end -->").expect("end marker");
    let want = format!("\n{}", thidua::export::tables::schema_markdown());
    if std::env::var_os("THIDUA_BLESS").is_some() {
        let new = format!("{}{}{}", &doc[..begin], want, &doc[end..]);
        std::fs::write(&path, new).unwrap();
        return;
    }
    assert_eq!(
        &doc[begin..end],
        want,
        "docs/tables.md is out of date: run THIDUA_BLESS=1 cargo test --test export_tables docs"
    );
}

#[test]
fn incremental_builder_matches_and_keeps_evidence_of_dropped_records() {
    let mut b = export::TablesBuilder::default();
    for r in realistic_records() {
        b.add(&r).unwrap();
        drop(r); // the record and its text are gone; the evidence must stay.
    }
    let inc = b.finish().unwrap();
    let all = build_tables(&realistic_records()).unwrap();
    for ((name, x), (_, y)) in inc.frames.iter().zip(&all.frames) {
        assert!(x.equals_missing(y), "{name}");
    }
    let ev = inc
        .get("awards")
        .unwrap()
        .column("evidence")
        .unwrap()
        .str()
        .unwrap()
        .clone();
    assert!(ev.iter().flatten().count() >= 8);
}
