//! Normalization throughput on the baomoi-2017 news dump, in MB/s on one core.
//!
//! Scenarios: the clean fast path (text that is already normalized), the dump as it is, the
//! repair paths (decomposed NFD text, old tone placement, UTF-8 mojibake) and the whole
//! `prepare` stage. Run with `cargo bench --bench normalize`; skips when the dump is absent.
//! `THIDUA_BENCH_PREPARE_ONLY=1` runs the `prepare` scenario alone (for profiling).
//! `THIDUA_BENCH_NORMALIZE_DIGEST=FILE` measures nothing: it writes one digest of every
//! normalization result (text, offset map, counts, borrowed or not) per document and scenario to
//! FILE, and prints one digest per scenario, to compare two builds of the normalizer.
//! The index analyzers are measured on the normalized dump too: tantivy's stock chain against
//! the one-pass chain the indexer uses (the same tokens); `THIDUA_BENCH_ANALYZER_ONLY=1` runs
//! those alone.

use std::io::Read;
use std::path::PathBuf;
use std::time::Instant;
use tantivy::tokenizer::{TextAnalyzer, TokenStream};
use thidua::index::analyzer;
use thidua::index::one_pass::OnePass;
use thidua::model::RawDoc;
use thidua::text::decode::encode;
use thidua::text::{normalize::normalize, normalize_str, prepare, repair};
use unicode_normalization::UnicodeNormalization;

fn shared_dir() -> PathBuf {
    std::env::var_os("THIDUA_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared")))
}

fn load() -> Option<Vec<String>> {
    let path = shared_dir().join("corpus/news/baomoi-2017.tar.gz");
    let file = std::fs::File::open(&path).ok()?;
    let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(file));
    let mut docs = Vec::new();
    for entry in archive.entries().ok()? {
        let Ok(mut e) = entry else { continue };
        if !e.header().entry_type().is_file() {
            continue;
        }
        let mut s = String::new();
        if e.read_to_string(&mut s).is_ok() {
            docs.push(s);
        }
    }
    Some(docs)
}

/// Runs `f` over all documents `rounds` times and reports the best MB/s; `f` returns a
/// number of changes so that the work cannot be optimised away and is reported.
fn measure(name: &str, docs: &[String], rounds: usize, f: impl Fn(&str) -> usize) -> (f64, usize) {
    let bytes: usize = docs.iter().map(String::len).sum();
    let mut best = f64::MAX;
    let mut changes = 0;
    for _ in 0..rounds {
        let t = Instant::now();
        changes = docs.iter().map(|d| f(d)).sum::<usize>();
        best = best.min(t.elapsed().as_secs_f64());
    }
    let mbs = bytes as f64 / 1e6 / best;
    println!(
        "{name:<34} {:>8.1} MB  {:>8.3} s  {:>8.1} MB/s  ({changes} changes)",
        bytes as f64 / 1e6,
        best,
        mbs
    );
    (mbs, changes)
}

fn old_tones(s: &str) -> String {
    s.replace("hòa", "hoà")
        .replace("Hòa", "Hoà")
        .replace("thủy", "thuỷ")
        .replace("ủy", "uỷ")
        .replace("Ủy", "Uỷ")
        .replace("khỏe", "khoẻ")
        .replace("họa", "hoạ")
        .replace("hóa", "hoá")
}

/// Tokens of every document through an analyzer.
fn count_tokens(analyzer: &mut TextAnalyzer, text: &str) -> usize {
    let mut stream = analyzer.token_stream(text);
    let mut n = 0;
    while stream.advance() {
        n += stream.token().text.len().min(1);
    }
    n
}

/// The index analyzers over normalized text: the stock chains against the one-pass ones.
fn analyzers(clean: &[String]) {
    use std::cell::RefCell;
    for (name, fold) in [("exact", false), ("folded", true)] {
        let s = RefCell::new(analyzer::for_normalized_text(fold));
        let (base, n1) = measure(&format!("analyzer {name}, stock chain"), clean, 2, |d| {
            count_tokens(&mut s.borrow_mut(), d)
        });
        let one = RefCell::new(TextAnalyzer::from(if fold {
            OnePass::folded()
        } else {
            OnePass::exact()
        }));
        let (fast, n2) = measure(&format!("analyzer {name}, one pass"), clean, 2, |d| {
            count_tokens(&mut one.borrow_mut(), d)
        });
        assert_eq!(n1, n2, "both chains give the same number of tokens");
        println!("  one pass / stock chain: {:.2}x", fast / base);
    }
}

/// One line per document and scenario: the digest of everything `normalize` returns.
fn digests(path: &std::ffi::OsStr, raw: &[String]) {
    use std::borrow::Cow;
    use std::fmt::Write as _;
    let clean: Vec<String> = raw.iter().map(|d| normalize_str(d)).collect();
    let nfd: Vec<String> = clean.iter().map(|d| d.nfd().collect()).collect();
    let old: Vec<String> = clean.iter().map(|d| old_tones(d)).collect();
    let mojibake: Vec<String> = clean
        .iter()
        .take(5000)
        .map(|d| {
            repair::repair_mojibake(&encode::latin1_mojibake(d))
                .0
                .into_owned()
        })
        .collect();
    let mut lines = String::new();
    for (name, docs) in [
        ("dump", raw),
        ("clean", &clean[..]),
        ("nfd", &nfd[..]),
        ("old-tones", &old[..]),
        ("mojibake-repaired", &mojibake[..]),
    ] {
        let mut all = xxhash_rust::xxh3::Xxh3::new();
        for (i, d) in docs.iter().enumerate() {
            let r = normalize(d);
            let borrowed = matches!(r.text, Cow::Borrowed(_));
            let h = xxhash_rust::xxh3::xxh3_64(format!("{borrowed} {r:?}").as_bytes());
            all.update(&h.to_le_bytes());
            let _ = writeln!(lines, "{name}\t{i}\t{h:016x}");
        }
        println!(
            "{name:<18} {:>6} documents  digest {:016x}",
            docs.len(),
            all.digest()
        );
    }
    std::fs::write(path, lines).expect("digest file written");
}

fn main() {
    let Some(raw) = load() else {
        eprintln!("skipped: ../shared/corpus/news/baomoi-2017.tar.gz not found");
        return;
    };
    println!("baomoi-2017: {} documents (one core)", raw.len());
    if let Some(path) = std::env::var_os("THIDUA_BENCH_NORMALIZE_DIGEST") {
        digests(&path, &raw);
        return;
    }
    let whole = |raw: &[String]| {
        measure("prepare (decode..clean), dump", raw, 1, |d| {
            let r = RawDoc {
                source: "x".into(),
                bytes: d.as_bytes().to_vec(),
                ..RawDoc::default()
            };
            prepare(&r).map_or(0, |p| p.report.removed.len())
        })
    };
    if std::env::var_os("THIDUA_BENCH_PREPARE_ONLY").is_some() {
        whole(&raw);
        return;
    }
    let clean: Vec<String> = raw.iter().map(|d| normalize_str(d)).collect();
    analyzers(&clean);
    if std::env::var_os("THIDUA_BENCH_ANALYZER_ONLY").is_some() {
        return;
    }
    let (fast, fast_changes) = measure("normalize, clean NFC (fast path)", &clean, 3, |d| {
        normalize(d).counts.total()
    });
    measure("normalize, dump as it is", &raw, 2, |d| {
        normalize(d).counts.total()
    });
    let nfd: Vec<String> = clean.iter().map(|d| d.nfd().collect()).collect();
    measure("normalize, NFD (repair)", &nfd, 1, |d| {
        normalize(d).counts.total()
    });
    let old: Vec<String> = clean.iter().map(|d| old_tones(d)).collect();
    measure("normalize, old tones (repair)", &old, 1, |d| {
        normalize(d).counts.total()
    });
    let some: Vec<String> = clean
        .iter()
        .take(5000)
        .map(|d| encode::latin1_mojibake(d))
        .collect();
    measure("mojibake repair + normalize", &some, 1, |d| {
        let (t, _, n) = repair::repair_mojibake(d);
        n + normalize(&t).counts.total()
    });
    measure("mojibake check, clean text", &clean, 1, |d| {
        repair::repair_mojibake(d).2
    });
    whole(&raw);
    assert_eq!(
        fast_changes, 0,
        "normalizing normalized text changes nothing"
    );
    assert!(
        fast >= 100.0,
        "fast path below the 100 MB/s floor: {fast:.1} MB/s"
    );
}
