//! Search benchmark on the baomoi-2017 news corpus (35,440 articles).
//!
//! Builds three indexes of the same normalized text in one process and compares them:
//! - **thidua**: the real index (two text fields per text: exact and folded), built with
//!   [`Indexer`] and searched with [`Searcher`] (query, filters, facets, hits and snippets);
//! - **stacked**: one field per text holding both forms at the same position (the folded token,
//!   plus `=exact` where the diacritics differ), the alternative design;
//! - **default**: tantivy's default tokenizer, one field per text, no folding.
//!
//! It prints the size of each index relative to the raw text, with the text postings per design,
//! and query latency (p50/p99, warm) over a fixed mixed query set: single words, folded words,
//! phrases, boolean and field queries, filtered and faceted searches. Each latency is given in
//! wall time and in the searching thread's CPU time, which other jobs on the machine disturb less.
//!
//! Run: `cargo bench --bench search`. The corpus is read from `../shared/corpus` (or from the
//! directory named by `THIDUA_SHARED`); without it the benchmark says so and stops.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, QueryParser, TermQuery};
use tantivy::schema::{
    Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::{
    LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer, Token, TokenFilter, TokenStream,
    Tokenizer,
};
use tantivy::{Index, IndexWriter, TantivyDocument, Term};
use thidua::index::analyzer::{self, MAX_TOKEN_BYTES, NormalizingTokenizer};
use thidua::index::query::{self as q, EXACT_BOOST, Node, QueryBuilder, Scope, TITLE_BOOST};
use thidua::index::schema::Fields;
use thidua::index::{Filters, Indexer, SearchRequest, Searcher};
use thidua::model::{Article, Record};
use thidua::text::{article_id, fold, normalize_str};

/// One prepared query per case (`None` where a design cannot run it).
type Queries = Vec<Option<Box<dyn Query>>>;

const WARMUP_ROUNDS: usize = 3;
const ROUNDS: usize = 30;
const THREADS: usize = 2;
const MEMORY: usize = 2 * 64 * 1024 * 1024;

/// One query of the fixed set.
struct Case {
    kind: &'static str,
    query: &'static str,
    filters: Filters,
    facets: bool,
}

fn case(kind: &'static str, query: &'static str) -> Case {
    Case {
        kind,
        query,
        filters: Filters::default(),
        facets: false,
    }
}

fn cases() -> Vec<Case> {
    let mut v = Vec::new();
    for w in [
        "cờ", "khen", "bóng", "tỉnh", "người", "điện", "giáo", "xuất",
    ] {
        v.push(case("word", w));
    }
    for w in [
        "co thi dua",
        "bang khen",
        "ha noi",
        "giao duc",
        "bong da",
        "chinh phu",
        "nguoi dan",
    ] {
        v.push(case("folded", w));
    }
    for p in [
        "\"thi đua\"",
        "\"Bằng khen\"",
        "\"Hà Nội\"",
        "\"Thủ tướng Chính phủ\"",
        "\"uy ban nhan dan\"",
        "\"bong da\"",
    ] {
        v.push(case("phrase", p));
    }
    for b in [
        "giáo dục NOT đại học",
        "bóng đá OR thể thao",
        "title:\"Hà Nội\" giao thông",
        "(khen OR thưởng) AND tỉnh",
    ] {
        v.push(case("boolean", b));
    }
    let f = |query, filters| Case {
        kind: "filtered",
        query,
        filters,
        facets: false,
    };
    v.push(f(
        "thi đua",
        Filters {
            province: Some("Hà Nội".into()),
            ..Filters::default()
        },
    ));
    v.push(f(
        "khen",
        Filters {
            award: Some("Bằng khen".into()),
            ..Filters::default()
        },
    ));
    v.push(f(
        "người",
        Filters {
            from: Some(2017),
            to: Some(2018),
            ..Filters::default()
        },
    ));
    v.push(f("date:2017 tỉnh", Filters::default()));
    for query in ["thi đua", "người", "bong da", "*"] {
        v.push(Case {
            kind: "faceted",
            query,
            filters: Filters::default(),
            facets: true,
        });
    }
    v
}

/// Reads the corpus: one record per member, title on the first line, the rest as body.
fn read_corpus(path: &Path) -> std::io::Result<(Vec<Record>, u64)> {
    let gz = flate2::read::GzDecoder::new(std::fs::File::open(path)?);
    let mut ar = tar::Archive::new(gz);
    let mut raw = Vec::new();
    for entry in ar.entries()? {
        let mut entry = entry?;
        if !entry.header().entry_type().is_file() {
            continue;
        }
        let name = entry.path()?.to_string_lossy().into_owned();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes)?;
        raw.push((name, bytes));
    }
    let raw_bytes = raw.iter().map(|(_, b)| b.len() as u64).sum();
    let archive = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    use rayon::prelude::*;
    let records = raw
        .into_par_iter()
        .filter_map(|(name, bytes)| {
            let text = normalize_str(&String::from_utf8_lossy(&bytes));
            let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
            let title = lines.next()?.to_string();
            let body = lines.collect::<Vec<_>>().join("\n");
            let mut article = Article {
                id: article_id(Some(&title), &body),
                source: format!("{archive}!{name}"),
                title: Some(title),
                body,
                ..Article::default()
            };
            let extraction = thidua::extract::extract(&article);
            article.url = None;
            Some(Record {
                article,
                extraction,
                duplicate_sources: Vec::new(),
            })
        })
        .collect();
    Ok((records, raw_bytes))
}

/// Size of the files of an index directory, by kind.
fn dir_sizes(dir: &Path) -> BTreeMap<&'static str, u64> {
    let mut m = BTreeMap::new();
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let len = e.metadata().map_or(0, |m| m.len());
        let name = e.file_name().to_string_lossy().into_owned();
        let kind = match name.rsplit('.').next() {
            Some("idx") => "postings",
            Some("pos") => "positions",
            Some("term") => "terms",
            Some("store") => "store",
            Some("fast") => "fast",
            Some("fieldnorm") => "fieldnorms",
            _ => "other",
        };
        *m.entry(kind).or_insert(0) += len;
    }
    m
}

/// Bytes of term dictionaries, postings and positions of the named fields.
fn text_postings(index: &Index, fields: &[&str]) -> u64 {
    let searcher = index.reader().expect("reader").searcher();
    let usage = searcher.space_usage().expect("space usage");
    let mut total = 0;
    for seg in usage.segments() {
        for part in [seg.termdict(), seg.postings(), seg.positions()] {
            for f in part.fields() {
                if fields.contains(&f.field_name()) {
                    total += f.total().get_bytes();
                }
            }
        }
    }
    total
}

fn num_segments(index: &Index) -> usize {
    index.searchable_segment_ids().map_or(0, |s| s.len())
}

fn mb(b: u64) -> String {
    format!("{:.1} MB", b as f64 / 1e6)
}

struct Latency {
    samples: Vec<Duration>,
}

impl Latency {
    fn pct(&self, p: f64) -> Duration {
        let mut s = self.samples.clone();
        s.sort();
        if s.is_empty() {
            return Duration::ZERO;
        }
        s[((s.len() as f64 * p).ceil() as usize).clamp(1, s.len()) - 1]
    }

    fn line(&self) -> String {
        format!(
            "p50 {:>7.3} ms  p99 {:>7.3} ms  max {:>7.3} ms  ({} samples)",
            ms(self.pct(0.50)),
            ms(self.pct(0.99)),
            ms(self.pct(1.0)),
            self.samples.len()
        )
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// Times `f` over every case: warm-up rounds first, then measured rounds.
fn measure<T>(n: usize, f: impl FnMut(usize) -> T) -> Vec<Vec<Duration>> {
    measure_both(n, f).0
}

/// The CPU time this thread has used. Searches run on the calling thread, so the difference
/// over a search is its work, without the time other processes took the core away.
fn thread_cpu_time() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec and the clock id is a constant of the platform.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    if rc != 0 {
        return Duration::ZERO;
    }
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

/// Like [`measure`], with each sample's thread CPU time as well as its wall time.
fn measure_both<T>(
    n: usize,
    mut f: impl FnMut(usize) -> T,
) -> (Vec<Vec<Duration>>, Vec<Vec<Duration>>) {
    let mut wall = vec![Vec::new(); n];
    let mut cpu = vec![Vec::new(); n];
    for round in 0..WARMUP_ROUNDS + ROUNDS {
        for i in 0..n {
            let c = thread_cpu_time();
            let t = Instant::now();
            std::hint::black_box(f(i));
            if round >= WARMUP_ROUNDS {
                wall[i].push(t.elapsed());
                cpu[i].push(thread_cpu_time().saturating_sub(c));
            }
        }
    }
    (wall, cpu)
}

// ---------------------------------------------------------------------------------------------
// The stacked design: both forms in one field, at the same position.

/// Emits each token's folded form, then `=exact` at the same position when they differ.
#[derive(Clone)]
struct Stack;

impl TokenFilter for Stack {
    type Tokenizer<T: Tokenizer> = StackTokenizer<T>;
    fn transform<T: Tokenizer>(self, tokenizer: T) -> StackTokenizer<T> {
        StackTokenizer(tokenizer)
    }
}

#[derive(Clone)]
struct StackTokenizer<T>(T);

impl<T: Tokenizer> Tokenizer for StackTokenizer<T> {
    type TokenStream<'a> = StackStream<T::TokenStream<'a>>;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        StackStream {
            tail: self.0.token_stream(text),
            pending: None,
            token: Token::default(),
        }
    }
}

struct StackStream<S> {
    tail: S,
    pending: Option<Token>,
    token: Token,
}

impl<S: TokenStream> TokenStream for StackStream<S> {
    fn advance(&mut self) -> bool {
        if let Some(t) = self.pending.take() {
            self.token = t;
            return true;
        }
        if !self.tail.advance() {
            return false;
        }
        let t = self.tail.token();
        self.token.clone_from(t);
        let folded = fold(&t.text);
        if folded != t.text {
            let mut exact = t.clone();
            exact.text = format!("={}", t.text);
            self.pending = Some(exact);
            self.token.text = folded;
        }
        true
    }
    fn token(&self) -> &Token {
        &self.token
    }
    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

fn stacked_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(NormalizingTokenizer::new(SimpleTokenizer::default()))
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser)
        .filter(Stack)
        .build()
}

struct Plain {
    index: Index,
    title: Field,
    text: Field,
}

/// An index laid out like thidua's (an analyzed title, an analyzed text holding the title and the
/// body, the body stored apart) with one analyzer, registered as `name`.
fn build_plain(dir: &Path, name: &str, analyzer: TextAnalyzer, records: &[Record]) -> Plain {
    let mut b = Schema::builder();
    let opts = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(name)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let id = b.add_text_field("id", STRING | STORED);
    let title = b.add_text_field("title", opts.clone().set_stored());
    let text = b.add_text_field("text", opts);
    let body = b.add_text_field("body", STORED);
    let index = Index::create_in_dir(dir, b.build()).expect("create index");
    index.tokenizers().register(name, analyzer);
    let mut w: IndexWriter = index
        .writer_with_num_threads(THREADS, MEMORY)
        .expect("writer");
    for r in records {
        let mut d = TantivyDocument::default();
        d.add_text(id, &r.article.id);
        if let Some(t) = &r.article.title {
            d.add_text(title, t);
            d.add_text(text, t);
        }
        d.add_text(text, &r.article.body);
        d.add_text(body, &r.article.body);
        w.add_document(d).expect("add");
    }
    w.commit().expect("commit");
    w.wait_merging_threads().expect("merge");
    Plain { index, title, text }
}

/// The stacked design's query for a parsed query (text nodes only), built like thidua's:
/// folded form required, exact form and title as bonuses.
fn stacked_query(p: &Plain, node: &Node, exact: &mut TextAnalyzer) -> Option<Box<dyn Query>> {
    match node {
        Node::Text { scope, text } => {
            let toks = analyzer::tokens(exact, text);
            if toks.is_empty() {
                return None;
            }
            let folded: Vec<String> = toks.iter().map(|t| fold(t)).collect();
            let marked: Vec<String> = toks
                .iter()
                .zip(&folded)
                .map(|(e, f)| if e == f { f.clone() } else { format!("={e}") })
                .collect();
            let diacritics = folded != toks;
            let words = |f: Field, w: &[String]| -> Box<dyn Query> {
                if w.len() == 1 {
                    Box::new(TermQuery::new(
                        Term::from_field_text(f, &w[0]),
                        IndexRecordOption::WithFreqs,
                    ))
                } else {
                    Box::new(PhraseQuery::new(
                        w.iter().map(|t| Term::from_field_text(f, t)).collect(),
                    ))
                }
            };
            let field = if *scope == Scope::Title {
                p.title
            } else {
                p.text
            };
            let mut clauses: Vec<(Occur, Box<dyn Query>)> =
                vec![(Occur::Must, words(field, &folded))];
            if diacritics {
                clauses.push((
                    Occur::Should,
                    Box::new(BoostQuery::new(words(field, &marked), EXACT_BOOST)),
                ));
            }
            if *scope == Scope::Text {
                let mut title = words(p.title, &folded);
                if diacritics {
                    title = Box::new(BooleanQuery::new(vec![
                        (Occur::Must, title),
                        (
                            Occur::Should,
                            Box::new(BoostQuery::new(words(p.title, &marked), EXACT_BOOST)),
                        ),
                    ]));
                }
                clauses.push((Occur::Should, Box::new(BoostQuery::new(title, TITLE_BOOST))));
            }
            Some(Box::new(BooleanQuery::new(clauses)))
        }
        Node::And(parts) | Node::Or(parts) => {
            let occur = if matches!(node, Node::And(_)) {
                Occur::Must
            } else {
                Occur::Should
            };
            let clauses: Vec<(Occur, Box<dyn Query>)> = parts
                .iter()
                .filter_map(|n| match n {
                    Node::Not(inner) => stacked_query(p, inner, exact).map(|q| (Occur::MustNot, q)),
                    _ => stacked_query(p, n, exact).map(|q| (occur, q)),
                })
                .collect();
            Some(Box::new(BooleanQuery::new(clauses)))
        }
        Node::All => Some(Box::new(tantivy::query::AllQuery)),
        _ => None,
    }
}

fn main() {
    let shared = std::env::var_os("THIDUA_SHARED").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared"),
        PathBuf::from,
    );
    let corpus = shared.join("corpus/news/baomoi-2017.tar.gz");
    if !corpus.is_file() {
        eprintln!("skipped: {} not found", corpus.display());
        return;
    }
    let t = Instant::now();
    let (records, raw_bytes) = match read_corpus(&corpus) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("skipped: reading {}: {e}", corpus.display());
            return;
        }
    };
    let text_bytes: u64 = records
        .iter()
        .map(|r| (r.article.body.len() + r.article.title.as_ref().map_or(0, String::len)) as u64)
        .sum();
    let with_facets = records
        .iter()
        .filter(|r| {
            let x = &r.extraction;
            !(x.blocs.is_empty() && x.agencies.is_empty() && x.award_mentions.is_empty())
        })
        .count();
    println!(
        "corpus: {} documents, raw {}, normalized title+body {}; {} with extracted facets; read in {:.1}s",
        records.len(),
        mb(raw_bytes),
        mb(text_bytes),
        with_facets,
        t.elapsed().as_secs_f64()
    );

    // The analyzers normalize every text they index; stored bodies take the fast path.
    let t = Instant::now();
    let unchanged = records
        .iter()
        .filter(|r| {
            matches!(
                thidua::text::normalize::normalize(&r.article.body).text,
                std::borrow::Cow::Borrowed(_)
            )
        })
        .count();
    println!(
        "normalization of the normalized bodies: {:.0} MB/s ({unchanged} of {} unchanged)",
        text_bytes as f64 / 1e6 / t.elapsed().as_secs_f64(),
        records.len()
    );

    let tmp = tempfile::tempdir().expect("temp dir");
    // thidua's index.
    let dir = tmp.path().join("thidua");
    let t = Instant::now();
    {
        let mut ix = Indexer::open(&dir, true).expect("open index");
        for r in &records {
            ix.add(r).expect("add");
        }
        ix.commit().expect("commit");
    }
    let built = t.elapsed();
    let searcher = Searcher::open(&dir).expect("open searcher");
    let index = Index::open_in_dir(&dir).expect("open index");
    analyzer::register(index.tokenizers());
    println!(
        "built thidua index in {:.1}s ({:.0} docs/s, {} segments)",
        built.as_secs_f64(),
        records.len() as f64 / built.as_secs_f64(),
        num_segments(&index)
    );
    // The alternatives.
    let t = Instant::now();
    let stacked_dir = tmp.path().join("stacked");
    std::fs::create_dir_all(&stacked_dir).expect("dir");
    let stacked = build_plain(&stacked_dir, "vi_stacked", stacked_analyzer(), &records);
    println!("built stacked index in {:.1}s", t.elapsed().as_secs_f64());
    let t = Instant::now();
    let default_dir = tmp.path().join("default");
    std::fs::create_dir_all(&default_dir).expect("dir");
    let default = build_plain(
        &default_dir,
        "default",
        TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(40))
            .filter(LowerCaser)
            .build(),
        &records,
    );
    println!(
        "built default-tokenizer index in {:.1}s",
        t.elapsed().as_secs_f64()
    );

    // Sizes.
    println!("\nindex size (raw text {}):", mb(raw_bytes));
    let text_fields = [
        (
            "thidua (exact + folded fields)",
            &dir,
            &index,
            &["title", "title_f", "text", "text_f"][..],
        ),
        (
            "stacked (one field, both forms)",
            &stacked_dir,
            &stacked.index,
            &["title", "text"][..],
        ),
        (
            "default tokenizer",
            &default_dir,
            &default.index,
            &["title", "text"][..],
        ),
    ];
    let default_total: u64 = dir_sizes(&default_dir).values().sum();
    for (name, d, ix, fields) in text_fields {
        let sizes = dir_sizes(d);
        let total: u64 = sizes.values().sum();
        let text = text_postings(ix, fields);
        println!(
            "  {name:<32} total {:>9} = {:>4.0}% of raw, {:.2}x default | text terms+postings+positions {:>9} | store {:>9} | other {:>8}",
            mb(total),
            100.0 * total as f64 / raw_bytes as f64,
            total as f64 / default_total as f64,
            mb(text),
            mb(sizes.get("store").copied().unwrap_or(0)),
            mb(total - text - sizes.get("store").copied().unwrap_or(0)),
        );
    }

    // Full searches on thidua's index.
    let cases = cases();
    let requests: Vec<SearchRequest> = cases
        .iter()
        .map(|c| SearchRequest {
            query: c.query.into(),
            limit: 10,
            filters: c.filters.clone(),
            sort: Default::default(),
            facets: c.facets,
        })
        .collect();
    let mut totals = Vec::new();
    for r in &requests {
        let res = searcher.search(r).expect("search");
        totals.push(res.total);
    }
    let (per_case, per_case_cpu) = measure_both(requests.len(), |i| {
        searcher.search(&requests[i]).expect("search")
    });
    println!(
        "\nthidua search (query + filters + facets + 10 hits with snippets), {} queries x {ROUNDS} rounds, warm:",
        cases.len()
    );
    let all = Latency {
        samples: per_case.iter().flatten().copied().collect(),
    };
    println!("  {:<10} {}", "all", all.line());
    let all_cpu = Latency {
        samples: per_case_cpu.iter().flatten().copied().collect(),
    };
    println!("  {:<10} {}  (thread CPU time)", "all", all_cpu.line());
    let mut kinds: Vec<&str> = cases.iter().map(|c| c.kind).collect();
    kinds.dedup();
    for kind in kinds {
        let of_kind = |per: &[Vec<Duration>]| Latency {
            samples: per
                .iter()
                .zip(&cases)
                .filter(|(_, c)| c.kind == kind)
                .flat_map(|(s, _)| s.iter().copied())
                .collect(),
        };
        let cpu = of_kind(&per_case_cpu);
        println!(
            "  {kind:<10} {}  | CPU p50 {:>6.3} p99 {:>6.3} ms",
            of_kind(&per_case).line(),
            ms(cpu.pct(0.50)),
            ms(cpu.pct(0.99))
        );
    }
    let verdict = |d: Duration| {
        if d <= Duration::from_millis(10) {
            "met"
        } else {
            "NOT MET"
        }
    };
    println!(
        "  floor p99 <= 10 ms: {} in wall time, {} in CPU time (load average {})",
        verdict(all.pct(0.99)),
        verdict(all_cpu.pct(0.99)),
        std::fs::read_to_string("/proc/loadavg")
            .ok()
            .and_then(|l| l.split_whitespace().next().map(str::to_string))
            .unwrap_or_else(|| "unknown".into())
    );

    // Query only (count + top 10, no documents read), the same text queries on each design.
    let fields = Fields::from_schema(&index.schema()).expect("fields");
    let mut builder = QueryBuilder::new(fields);
    let mut exact = analyzer::exact();
    let parser = QueryParser::for_index(&default.index, vec![default.text]);
    let text_only = |c: &Case| c.filters.is_empty_filters() && !c.query.contains("date:");
    let mut designs: Vec<(&str, &Index, Queries)> = Vec::new();
    designs.push((
        "thidua",
        &index,
        cases
            .iter()
            .map(|c| {
                text_only(c).then(|| {
                    builder
                        .build(&q::parse(c.query).expect("parse"))
                        .expect("query")
                })
            })
            .collect(),
    ));
    designs.push((
        "stacked",
        &stacked.index,
        cases
            .iter()
            .map(|c| {
                text_only(c).then(|| {
                    stacked_query(&stacked, &q::parse(c.query).expect("parse"), &mut exact)
                        .expect("query")
                })
            })
            .collect(),
    ));
    designs.push((
        "default",
        &default.index,
        cases
            .iter()
            .map(|c| text_only(c).then(|| parser.parse_query(c.query).expect("default query")))
            .collect(),
    ));
    let n_text = cases.iter().filter(|c| text_only(c)).count();
    println!(
        "\nquery only (count + top 10 by score), {n_text} text queries x {ROUNDS} rounds, warm:"
    );
    let mut only: Vec<(Vec<Vec<Duration>>, Vec<usize>)> = Vec::new();
    for (name, ix, queries) in &designs {
        let s = ix.reader().expect("reader").searcher();
        let collector = (Count, TopDocs::with_limit(10).order_by_score());
        let counts: Vec<usize> = queries
            .iter()
            .map(|q| {
                q.as_ref()
                    .map_or(0, |q| s.search(q.as_ref(), &collector).expect("search").0)
            })
            .collect();
        let per = measure(queries.len(), |i| {
            queries[i]
                .as_ref()
                .map(|q| s.search(q.as_ref(), &collector).expect("search"))
        });
        let l = Latency {
            samples: per
                .iter()
                .zip(queries)
                .filter(|(_, q)| q.is_some())
                .flat_map(|(s, _)| s.iter().copied())
                .collect(),
        };
        println!("  {name:<10} {}", l.line());
        only.push((per, counts));
    }

    println!(
        "\nper query: matches (thidua / stacked / default), full search p50 and p99, query-only p50 (thidua / stacked / default), ms"
    );
    for (i, c) in cases.iter().enumerate() {
        let full = Latency {
            samples: per_case[i].clone(),
        };
        let q50 = |d: usize| {
            if text_only(c) {
                format!(
                    "{:>6.2}",
                    ms(Latency {
                        samples: only[d].0[i].clone()
                    }
                    .pct(0.5))
                )
            } else {
                format!("{:>6}", "-")
            }
        };
        let m = |d: usize| {
            if text_only(c) {
                format!("{:>6}", only[d].1[i])
            } else {
                format!("{:>6}", "-")
            }
        };
        println!(
            "  {:<9} {:<30} {:>6} {} {} | {:>6.2} {:>6.2} | {} {} {}",
            c.kind,
            c.query,
            totals[i],
            m(1),
            m(2),
            ms(full.pct(0.5)),
            ms(full.pct(0.99)),
            q50(0),
            q50(1),
            q50(2)
        );
    }
}

trait FiltersExt {
    fn is_empty_filters(&self) -> bool;
}

impl FiltersExt for Filters {
    fn is_empty_filters(&self) -> bool {
        self.bloc.is_none()
            && self.agency.is_none()
            && self.award.is_none()
            && self.province.is_none()
            && self.year.is_none()
            && self.from.is_none()
            && self.to.is_none()
    }
}
