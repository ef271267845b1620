//! The real news archives of `../shared/corpus/news` (skipped when absent): each ingests without
//! configuration, with counts that add up.

use super::util::*;
use thidua::source::{Item, SourceOptions, read_all};

fn news(name: &str) -> Option<std::path::PathBuf> {
    let Some(c) = shared_corpus() else {
        eprintln!("skipped: ../shared/corpus not found");
        return None;
    };
    let p = c.join("news").join(name);
    if p.exists() {
        Some(p)
    } else {
        eprintln!("skipped: {} not found", p.display());
        None
    }
}

#[test]
fn baomoi_2013_pairs_every_body_with_its_info() {
    let Some(p) = news("baomoi-2013.tar.gz") else {
        return;
    };
    let items: Vec<Item> = read_all(&[p], &SourceOptions::default()).collect();
    assert_eq!(items.len(), 628);
    for i in &items {
        let Item::Doc(d) = i else { panic!("{i:?}") };
        assert!(d.source.ends_with(".body.txt"), "{}", d.source);
        assert!(
            d.hints
                .url
                .as_deref()
                .is_some_and(|u| u.starts_with("http")),
            "{}",
            d.source
        );
        assert!(
            d.hints.title.is_some() && d.hints.published.is_some(),
            "{}",
            d.source
        );
        assert!(!d.hints.title.as_deref().unwrap().contains('_'));
    }
    let run = run_lib(
        &[news("baomoi-2013.tar.gz").unwrap()],
        SourceOptions::default(),
    );
    assert_eq!(run.summary.read, 628);
    assert_eq!(run.summary.failed, 0);
}

#[test]
fn danes_titles_json_is_read_without_configuration() {
    let Some(p) = news("danes-titles-2021.json") else {
        return;
    };
    let items: Vec<Item> = read_all(std::slice::from_ref(&p), &SourceOptions::default()).collect();
    assert_eq!(items.len(), 4757);
    let mut docs = 0;
    for i in &items {
        match i {
            Item::Doc(d) => {
                docs += 1;
                assert!(
                    d.hints.title.is_some() && d.hints.url.is_some(),
                    "{}",
                    d.source
                );
            }
            Item::Skipped { reason, .. } => assert!(reason.contains("title only"), "{reason}"),
            Item::Failed { source, reason } => panic!("{source}: {reason}"),
        }
    }
    assert!(docs > 4000, "{docs}");
    assert!(items[0].source().ends_with("danes-titles-2021.json!1"));
    let run = run_lib(&[p], SourceOptions::default());
    assert_eq!(run.summary.read, 4757);
    assert_eq!(run.summary.failed, 0);
}

#[test]
fn dantri_and_vnexpress_ingest_fully() {
    for (name, members) in [("dantri-2020.tar.gz", 2653), ("vnexpress-2024.tar.gz", 948)] {
        let Some(p) = news(name) else {
            return;
        };
        let run = run_lib(&[p], SourceOptions::default());
        assert_eq!(run.summary.read, members, "{name}");
        assert_eq!(run.summary.failed, 0, "{name}: {:?}", run.summary.report);
        assert!(run.indexed.iter().all(|s| s.contains(".tar.gz!")));
        // Whatever is not indexed is a duplicate or empty, never an unexplained loss.
        for l in &run.summary.report {
            let r = l.disposition.reason().unwrap_or_default();
            assert!(
                r.starts_with("duplicate") || r.starts_with("empty"),
                "{name}: {}: {r}",
                l.source
            );
        }
    }
}

#[test]
fn baomoi_2017_sample_through_the_binary() {
    let Some(p) = news("baomoi-2017.tar.gz") else {
        return;
    };
    // A bounded sample keeps debug builds fast; the bench reads the whole archive.
    let tmp = tempfile::tempdir().unwrap();
    let (o, _, out) = ingest_into(tmp.path(), &p, &["--limit", "1500"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let totals: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("ingest-summary.json")).unwrap()).unwrap();
    let n = |k: &str| totals[k].as_u64().unwrap();
    assert_eq!(n("read"), 1500);
    assert_eq!(n("read"), n("indexed") + n("skipped") + n("failed"));
    assert!(n("indexed") > 1400);
}
