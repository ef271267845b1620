//! Article metadata of the five seed articles against the hand-made gold annotations.

use std::path::Path;
use thidua::model::RawDoc;
use thidua::text::{fold, prepare};

/// The shared data folder: `../shared` beside the repository, or `$THIDUA_SHARED`.
fn shared_dir() -> std::path::PathBuf {
    std::env::var_os("THIDUA_SHARED")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"))
}

fn shared() -> Option<std::path::PathBuf> {
    let p = shared_dir();
    p.join("gold/seeds.jsonl").exists().then_some(p)
}

fn key(v: Option<&str>) -> String {
    fold(v.unwrap_or(""))
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn seed_metadata_matches_gold() {
    let Some(root) = shared() else {
        eprintln!("skipped: ../shared/gold/seeds.jsonl not found");
        return;
    };
    let gold = std::fs::read_to_string(root.join("gold/seeds.jsonl")).expect("gold readable");
    let mut checked = 0;
    let mut wrong = Vec::new();
    for line in gold.lines().filter(|l| !l.trim().is_empty()) {
        let g: serde_json::Value = serde_json::from_str(line).expect("gold is JSON");
        let file = g["file"].as_str().expect("file field");
        let bytes = std::fs::read(root.join(file)).expect("seed readable");
        let raw = RawDoc {
            source: file.to_string(),
            bytes,
            ..RawDoc::default()
        };
        let a = prepare(&raw).expect("seed prepares").article;
        let s = |k: &str| g[k].as_str();
        let checks = [
            ("title", key(s("title")), key(a.title.as_deref())),
            ("byline", key(s("byline")), key(a.byline.as_deref())),
            (
                "published",
                s("published")
                    .map(|p| p[..10].to_string())
                    .unwrap_or_default(),
                a.published
                    .as_deref()
                    .map(|p| p[..10].to_string())
                    .unwrap_or_default(),
            ),
            (
                "province",
                s("province").unwrap_or("").to_string(),
                a.province.clone().unwrap_or_default(),
            ),
        ];
        for (field, want, got) in checks {
            checked += 1;
            if want != got {
                wrong.push(format!("{file} {field}: want {want:?}, got {got:?}"));
            }
        }
    }
    assert_eq!(checked, 20, "five seeds, four fields each");
    assert!(wrong.is_empty(), "mismatches:\n{}", wrong.join("\n"));
}
