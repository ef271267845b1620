//! Extraction throughput on real news: `../shared/corpus/news/baomoi-2017.tar.gz` (35,440
//! articles), read with flate2 + tar and normalized before timing; extraction alone is timed,
//! on one thread, so the throughput is per core.
//!
//! Before timing, prints how many award outcomes the corpus yields and 30 of them, spread
//! evenly, with their sentences, for reading by hand. Skips plainly when the corpus is absent.
//!
//! `CARGO_TARGET_DIR=/root/.cache/thidua-target cargo bench --bench extract`

use divan::Bencher;
use divan::counter::BytesCount;
use std::io::Read;
use std::path::PathBuf;
use std::sync::LazyLock;
use thidua::extract::{extract, has_trigger};
use thidua::model::{Article, RawDoc};

fn corpus_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/news/baomoi-2017.tar.gz")
}

/// The corpus's articles after the text stage, or `None` when the archive is absent.
static CORPUS: LazyLock<Option<Vec<Article>>> = LazyLock::new(|| {
    let path = corpus_path();
    let file = std::fs::File::open(&path).ok()?;
    let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(file));
    let mut out = Vec::new();
    let entries = match archive.entries() {
        Ok(e) => e,
        Err(e) => {
            eprintln!("skipped: {}: {e}", path.display());
            return None;
        }
    };
    for entry in entries {
        let Ok(mut entry) = entry else { continue };
        if !entry.header().entry_type().is_file() {
            continue;
        }
        let name = entry
            .path()
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        let mut bytes = Vec::new();
        if entry.read_to_end(&mut bytes).is_err() {
            continue;
        }
        let raw = RawDoc {
            source: format!("baomoi-2017.tar.gz!{name}"),
            bytes,
            ..RawDoc::default()
        };
        if let Ok(p) = thidua::text::prepare(&raw) {
            out.push(p.article);
        }
    }
    Some(out)
});

fn size(articles: &[Article]) -> usize {
    articles
        .iter()
        .map(|a| a.body.len() + a.title.as_deref().map_or(0, str::len))
        .sum()
}

/// Counts the award outcomes of the corpus and prints 30 of them, spread evenly.
fn report(articles: &[Article]) {
    let mut outcomes = Vec::new();
    let mut with_trigger = 0;
    for a in articles {
        if has_trigger(&a.body) || a.title.as_deref().is_some_and(has_trigger) {
            with_trigger += 1;
        }
        let x = extract(a);
        for o in x.awards {
            let sentence = o
                .evidence
                .sentence
                .slice(a.field(o.evidence.field))
                .to_string();
            outcomes.push((a.source.clone(), o, sentence));
        }
    }
    let docs: std::collections::HashSet<&str> = outcomes.iter().map(|o| o.0.as_str()).collect();
    println!(
        "baomoi-2017: {} articles, {} MB, {} with a trigger word; {} award outcomes in {} articles",
        articles.len(),
        size(articles) / 1_000_000,
        with_trigger,
        outcomes.len(),
        docs.len()
    );
    let n = outcomes.len();
    let take = n.min(30);
    for i in 0..take {
        let (src, o, sentence) = &outcomes[i * n / take];
        let who = o
            .recipient
            .clone()
            .or(o.count.map(|c| format!("#{c}")))
            .unwrap_or_else(|| "(all members)".into());
        println!(
            "{:2}. [{}] {} | {} | grantor {} | {} | year {} | bloc {}\n    {}",
            i + 1,
            o.status.as_str(),
            who,
            o.award,
            o.grantor.as_deref().unwrap_or("-"),
            src.rsplit('/').next().unwrap_or(src),
            o.year.map(|y| y.to_string()).unwrap_or("-".into()),
            o.bloc.as_deref().unwrap_or("-"),
            sentence
        );
    }
}

fn main() {
    match &*CORPUS {
        None => {
            eprintln!("skipped: {} not found", corpus_path().display());
        }
        Some(articles) => {
            report(articles);
            divan::main();
        }
    }
}

/// All articles: the prefilter decides for most of them.
#[divan::bench(sample_count = 5, sample_size = 1)]
fn baomoi_2017_all(bencher: Bencher) {
    let Some(articles) = &*CORPUS else { return };
    bencher.counter(BytesCount::new(size(articles))).bench(|| {
        let mut n = 0usize;
        for a in articles {
            n += divan::black_box(extract(a)).awards.len();
        }
        n
    });
}

/// Only the articles with a trigger word: the full rule path.
#[divan::bench(sample_count = 5, sample_size = 1)]
fn baomoi_2017_triggered(bencher: Bencher) {
    let Some(articles) = &*CORPUS else { return };
    let hits: Vec<&Article> = articles
        .iter()
        .filter(|a| has_trigger(&a.body) || a.title.as_deref().is_some_and(has_trigger))
        .collect();
    let bytes: usize = hits
        .iter()
        .map(|a| a.body.len() + a.title.as_deref().map_or(0, str::len))
        .sum();
    bencher.counter(BytesCount::new(bytes)).bench(|| {
        let mut n = 0usize;
        for a in &hits {
            n += divan::black_box(extract(a)).awards.len();
        }
        n
    });
}
