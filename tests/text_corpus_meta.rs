//! Article metadata (title, published, byline, province) of the sample corpus in `corpus/`
//! against its gold annotations, for the documents stored as plain files.

use std::path::Path;
use thidua::model::{Format, RawDoc};
use thidua::text::{fold, prepare};

fn key(v: Option<&str>) -> String {
    fold(v.unwrap_or(""))
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn corpus_metadata_matches_gold() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let Ok(gold) = std::fs::read_to_string(root.join("corpus/gold.jsonl")) else {
        eprintln!("skipped: corpus/gold.jsonl not found");
        return;
    };
    let mut checked = 0;
    let mut wrong = Vec::new();
    for line in gold.lines().filter(|l| !l.trim().is_empty()) {
        let g: serde_json::Value = serde_json::from_str(line).expect("gold is JSON");
        let file = g["file"].as_str().expect("file field");
        // Lines of JSON Lines files and members of archives are read by the source stage.
        if file.contains('!') {
            continue;
        }
        let bytes = std::fs::read(root.join(file)).expect("corpus file readable");
        let raw = RawDoc {
            source: file.to_string(),
            bytes,
            format: if file.ends_with(".html") {
                Format::Html
            } else {
                Format::default()
            },
            ..RawDoc::default()
        };
        let a = prepare(&raw).expect("corpus article prepares").article;
        let s = |k: &str| g[k].as_str();
        let date = |p: Option<&str>| p.map(|p| p[..10].to_string()).unwrap_or_default();
        let checks = [
            ("title", key(s("title")), key(a.title.as_deref())),
            ("byline", key(s("byline")), key(a.byline.as_deref())),
            (
                "published",
                date(s("published")),
                date(a.published.as_deref()),
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
    assert!(
        checked >= 4 * 30,
        "the corpus has at least 30 plain articles"
    );
    assert!(wrong.is_empty(), "mismatches:\n{}", wrong.join("\n"));
}
