//! Export throughput: building every table, writing them (Parquet, CSV) and the award history,
//! over 5,000 records (the five test records of `tests/export_util` repeated with distinct ids,
//! provinces and years). Run with `cargo bench --bench export`.

#[path = "../tests/export_util/mod.rs"]
mod export_util;

use divan::Bencher;
use thidua::export::{self, ExportOptions, HistoryFilter, TableFormat, build_tables, history_rows};
use thidua::model::Record;

const COPIES: usize = 1000;
const PROVINCES: [&str; 4] = ["Quảng Bình", "Quảng Trị", "Nghệ An", "Bến Tre"];

fn records() -> Vec<Record> {
    let base = export_util::realistic_records();
    let mut out = Vec::with_capacity(base.len() * COPIES);
    for i in 0..COPIES {
        for r in &base {
            let mut r = r.clone();
            r.article.id = format!("{:016x}", i * 16 + out.len());
            if r.article.province.is_some() {
                r.article.province = Some(PROVINCES[i % PROVINCES.len()].to_string());
            }
            for a in &mut r.extraction.awards {
                a.year = a.year.map(|y| y - (i % 8) as i32);
            }
            out.push(r);
        }
    }
    out
}

fn main() {
    divan::main();
}

#[divan::bench(sample_count = 10)]
fn build_all_tables(b: Bencher) {
    let recs = records();
    b.bench(|| {
        let t = build_tables(&recs).unwrap();
        assert_eq!(t.get("articles").unwrap().height(), recs.len());
        t
    });
}

#[divan::bench(sample_count = 10, args = [TableFormat::Parquet, TableFormat::Csv])]
fn write_all_tables(b: Bencher, format: TableFormat) {
    let recs = records();
    let tables = build_tables(&recs).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let opts = ExportOptions {
        format,
        partition_by_year: false,
    };
    b.bench(|| {
        let files = export::write_built(&tables, dir.path(), &opts).unwrap();
        assert_eq!(files.len(), export::TABLES.len());
    });
}

#[divan::bench(sample_count = 10)]
fn award_history_with_lineage(b: Bencher) {
    let recs = records();
    let filter = HistoryFilter {
        agency: Some("Sở Tài chính".into()),
        province: Some("Quảng Trị".into()),
        ..HistoryFilter::default()
    };
    b.bench(|| {
        let rows = history_rows(&recs, &filter);
        assert!(rows.iter().any(|r| r.via.is_some()));
        rows
    });
}
