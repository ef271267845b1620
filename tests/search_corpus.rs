//! Search over real, noisy news (`../shared/corpus/news/vnexpress-2024.tar.gz`: decomposed text,
//! old tone placement, odd spaces): documents written decomposed are found by folded queries, and
//! every highlight falls on a word that folds to a query word. Skipped when the corpus is absent.

use std::io::Read;
use std::path::PathBuf;
use thidua::index::{Indexer, SearchRequest, Searcher};
use thidua::model::{Article, Record};
use thidua::text::{article_id, fold, normalize_str};
use unicode_normalization::UnicodeNormalization;

fn corpus() -> Option<PathBuf> {
    let shared = std::env::var_os("THIDUA_SHARED").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared"),
        PathBuf::from,
    );
    let p = shared.join("corpus/news/vnexpress-2024.tar.gz");
    p.is_file().then_some(p)
}

/// Records of the archive, each with whether its raw text was decomposed.
fn read(path: &PathBuf) -> Vec<(Record, bool)> {
    let gz = flate2::read::GzDecoder::new(std::fs::File::open(path).unwrap());
    let mut ar = tar::Archive::new(gz);
    let mut out = Vec::new();
    for e in ar.entries().unwrap() {
        let mut e = e.unwrap();
        if !e.header().entry_type().is_file() {
            continue;
        }
        let name = e.path().unwrap().to_string_lossy().into_owned();
        let mut bytes = Vec::new();
        e.read_to_end(&mut bytes).unwrap();
        let raw = String::from_utf8_lossy(&bytes).into_owned();
        let decomposed = raw.nfc().collect::<String>() != raw;
        let text = normalize_str(&raw);
        let title = text
            .lines()
            .find_map(|l| l.strip_prefix("Title:"))
            .map(|t| t.trim().to_string());
        let body = text
            .split_once("Content:")
            .map_or(text.as_str(), |(_, b)| b)
            .trim()
            .to_string();
        if body.is_empty() {
            continue;
        }
        let article = Article {
            id: article_id(title.as_deref(), &body),
            source: format!("vnexpress-2024.tar.gz!{name}"),
            title,
            body,
            ..Article::default()
        };
        out.push((
            Record {
                article,
                ..Record::default()
            },
            decomposed,
        ));
    }
    out
}

fn check_highlights(s: &Searcher, query: &str, words: &[String]) -> usize {
    let res = s
        .search(&SearchRequest {
            query: query.into(),
            limit: 20,
            ..SearchRequest::default()
        })
        .unwrap();
    for h in &res.hits {
        for span in &h.highlights {
            let marked = &h.snippet[span.start..span.end];
            for w in marked.split_whitespace() {
                assert!(
                    words.contains(&fold(w)),
                    "{query}: `{w}` marked in {}: {}",
                    h.source,
                    h.snippet
                );
            }
        }
    }
    res.total
}

#[test]
fn noisy_news_is_found_and_highlighted_on_the_right_words() {
    let Some(path) = corpus() else {
        eprintln!("skipped: ../shared/corpus not found");
        return;
    };
    let docs = read(&path);
    let tmp = tempfile::tempdir().unwrap();
    let mut ix = Indexer::open(tmp.path(), false).unwrap();
    for (r, _) in &docs {
        ix.add(r).unwrap();
    }
    ix.commit().unwrap();
    drop(ix);
    let s = Searcher::open(tmp.path()).unwrap();

    for q in ["ha noi", "chinh phu", "nguoi dan"] {
        let words: Vec<String> = q.split(' ').map(str::to_string).collect();
        assert!(check_highlights(&s, q, &words) > 0, "{q}");
        let phrase = format!("\"{q}\"");
        assert!(check_highlights(&s, &phrase, &words) > 0, "{phrase}");
    }

    // Documents written decomposed: a word of each, typed without diacritics, finds it.
    let decomposed: Vec<&Record> = docs.iter().filter(|(_, d)| *d).map(|(r, _)| r).collect();
    assert!(
        !decomposed.is_empty(),
        "the corpus has decomposed documents"
    );
    for r in decomposed.iter().take(10) {
        let Some(word) = r
            .article
            .body
            .split(|c: char| !c.is_alphanumeric())
            .find(|w| w.chars().count() >= 4 && fold(w) != w.to_lowercase())
        else {
            continue;
        };
        let folded = fold(word);
        let q = format!("{folded} id:{}", r.article.id);
        let res = s
            .search(&SearchRequest {
                query: q.clone(),
                limit: 1,
                ..SearchRequest::default()
            })
            .unwrap();
        assert_eq!(res.total, 1, "{q} ({word})");
        let h = &res.hits[0];
        assert!(!h.highlights.is_empty(), "{q}: {}", h.snippet);
        for span in &h.highlights {
            for w in h.snippet[span.start..span.end].split_whitespace() {
                assert_eq!(fold(w), folded, "{q}");
            }
        }
    }
}
