//! End-to-end tests: the `thidua` binary on the project's own `corpus/`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_thidua"));
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("run thidua")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// One ingest of `corpus/` shared by the tests: (temp dir, index dir, exports dir, stderr).
fn ingested() -> &'static (tempfile::TempDir, PathBuf, PathBuf, String) {
    static ONCE: OnceLock<(tempfile::TempDir, PathBuf, PathBuf, String)> = OnceLock::new();
    ONCE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let index = dir.path().join("index");
        let out = dir.path().join("exports");
        let o = run(&[
            "ingest",
            "corpus",
            "--index",
            index.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ]);
        assert!(o.status.success(), "ingest failed: {}", stderr(&o));
        (dir, index, out, stderr(&o))
    })
}

fn corpus_documents() -> usize {
    // Every gold line is one document of the corpus (the sample and the held-out set).
    ["corpus/gold.jsonl", "corpus/heldout/gold.jsonl"]
        .iter()
        .map(|f| {
            std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(f))
                .unwrap()
                .lines()
                .filter(|l| !l.trim().is_empty())
                .count()
        })
        .sum()
}

#[test]
fn ingest_accounts_for_every_input_and_writes_outputs() {
    let (_, index, out, err) = ingested();
    assert!(err.contains("indexed"), "no summary: {err}");
    assert!(index.join("meta.json").exists(), "no tantivy index");
    for table in [
        "articles", "awards", "roles", "members", "targets", "events",
    ] {
        let f = out.join(format!("{table}.parquet"));
        assert!(f.exists(), "missing {}", f.display());
    }
    assert!(out.join("ingest-report.jsonl").exists());
    let n = corpus_documents();
    let indexed: usize = err
        .split_whitespace()
        .zip(err.split_whitespace().skip(1))
        .find(|(_, w)| w.starts_with("indexed"))
        .and_then(|(n, _)| n.parse().ok())
        .expect("indexed count in summary");
    assert!(
        indexed >= n,
        "indexed {indexed} of {n} gold documents: {err}"
    );
}

#[test]
fn search_finds_folded_and_exact_queries() {
    let (_, index, _, _) = ingested();
    let idx = index.to_str().unwrap();
    for q in ["co thi dua", "Cờ thi đua", "\"giao ước thi đua\""] {
        let o = run(&["search", q, "--index", idx, "--json"]);
        assert!(o.status.success(), "search {q}: {}", stderr(&o));
        let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
        assert!(
            v["total"].as_u64().unwrap_or(0) > 0,
            "no hit for {q}: {}",
            stdout(&o)
        );
        let hit = &v["hits"][0];
        assert!(hit["source"].as_str().unwrap().starts_with("corpus"));
        assert!(hit["title"].is_string());
    }
}

#[test]
fn export_writes_parquet_that_reads_back() {
    use polars::prelude::*;
    let (dir, index, _, _) = ingested();
    let out = dir.path().join("export-again");
    let o = run(&[
        "export",
        "--index",
        index.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "export: {}", stderr(&o));
    let f = std::fs::File::open(out.join("awards.parquet")).unwrap();
    let df = polars_io::parquet::read::ParquetReader::new(f)
        .finish()
        .unwrap();
    for col in [
        "article_id",
        "year",
        "bloc",
        "recipient",
        "award",
        "grantor",
        "status",
    ] {
        assert!(
            df.get_column_names().iter().any(|c| c.as_str() == col),
            "awards.parquet has no column {col}: {:?}",
            df.get_column_names()
        );
    }
    assert!(df.height() > 0, "no award rows from corpus/");
    let _ = df.column("year").unwrap().cast(&DataType::Int32).unwrap();
}

#[test]
fn extract_prints_contract_fields_for_every_document() {
    let o = run(&["extract", "corpus"]);
    assert!(o.status.success(), "extract: {}", stderr(&o));
    let text = stdout(&o);
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    assert!(lines.len() >= corpus_documents());
    for v in &lines {
        for field in [
            "source",
            "title",
            "published",
            "byline",
            "province",
            "blocs",
            "agencies",
            "events",
            "awards",
            "roles",
            "members",
            "targets",
        ] {
            assert!(v.get(field).is_some(), "no {field} in {v}");
        }
    }
}

#[test]
fn awards_command_answers_from_the_index() {
    let (_, index, _, _) = ingested();
    let o = run(&[
        "awards",
        "--index",
        index.to_str().unwrap(),
        "--format",
        "csv",
    ]);
    assert!(o.status.success(), "awards: {}", stderr(&o));
    let text = stdout(&o);
    assert!(text.lines().count() > 1, "no award rows: {text}");
}

#[test]
fn usage_errors_exit_2_with_a_reason() {
    let o = run(&["search"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(!stderr(&o).is_empty());
    let o = run(&["no-such-command"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn missing_index_is_a_clear_error() {
    let o = run(&["search", "x", "--index", "/nonexistent/thidua-index"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("/nonexistent/thidua-index"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn every_subcommand_has_help_with_an_example() {
    for cmd in [
        "ingest",
        "extract",
        "normalize",
        "search",
        "export",
        "awards",
        "eval",
    ] {
        let o = run(&[cmd, "--help"]);
        assert!(o.status.success());
        assert!(
            stdout(&o).contains("Example"),
            "{cmd} --help has no example"
        );
    }
}

#[test]
fn default_run_reads_the_corpus_articles_only() {
    let o = run(&["extract"]);
    assert!(o.status.success(), "extract: {}", stderr(&o));
    let sources: Vec<String> = stdout(&o)
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            v["source"].as_str().unwrap().to_string()
        })
        .collect();
    assert_eq!(sources.len(), corpus_documents(), "{sources:?}");
    assert!(
        !sources
            .iter()
            .any(|s| s.contains("gold.jsonl") || s.ends_with(".md"))
    );
}

#[test]
fn seeds_extract_to_five_contract_objects_and_score() {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    if !seeds.is_dir() {
        eprintln!("skipped: ../shared/seeds not found");
        return;
    }
    let o = run(&["extract", seeds.to_str().unwrap()]);
    assert!(o.status.success(), "extract: {}", stderr(&o));
    let text = stdout(&o);
    assert_eq!(text.lines().count(), 5);
    let o = run(&[
        "eval",
        "--gold",
        "../shared/gold/seeds.jsonl",
        seeds.to_str().unwrap(),
        "--min-f1",
        "0.95",
    ]);
    let table = stdout(&o);
    assert!(o.status.success(), "seeds below 0.95:\n{table}");
    for field in [
        "awards",
        "roles",
        "members",
        "targets",
        "events",
        "relations micro",
    ] {
        assert!(table.contains(field), "no {field} row:\n{table}");
    }
}
