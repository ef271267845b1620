//! Facet counts on an index of the sample corpus (`corpus/`, run through the whole pipeline) are
//! those of tantivy's `FacetCollector`, for every value and for the top values a search shows:
//! over several segments, with replaced documents deleted, for all documents, words, filters and
//! a query without hits.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use tantivy::collector::{Count, FacetCollector, FacetCounts};
use tantivy::index::SegmentId;
use tantivy::query::{AllQuery, BooleanQuery, Occur, Query};
use tantivy::{Index, Searcher as TantivySearcher};
use thidua::index::facets::{FACETS, FacetCounter, ValueCounts, top_values};
use thidua::index::query::{self, QueryBuilder, RangeField, Scope};
use thidua::index::schema::{Fields, names};
use thidua::index::{AddOutcome, Filters, Indexer, SearchRequest, Searcher, analyzer};
use thidua::model::Record;
use thidua::pipeline::{self, Processed, RunOptions};

fn corpus_records() -> Vec<Record> {
    let corpus = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut records = Vec::new();
    let mut sink = |p: Processed| {
        records.push(p.record);
        Ok(())
    };
    let opts = RunOptions {
        dedup: true,
        ..RunOptions::default()
    };
    pipeline::run(&[corpus], &opts, &mut sink);
    records
}

/// The province of replaced documents.
const MOVED: &str = "Tỉnh Thử Nghiệm";

/// Indexes the records in two commits (two segments at least), then replaces every `step`th one
/// (see [`replace`]). Returns how many were replaced.
fn build(dir: &Path, records: &[Record], step: usize) -> usize {
    let mut ix = Indexer::open(dir, true).unwrap();
    let (first, second) = records.split_at(records.len() / 2);
    for part in [first, second] {
        for r in part {
            ix.add(r).unwrap();
        }
        ix.commit().unwrap();
    }
    drop(ix);
    replace(dir, records, step)
}

/// Replaces every `step`th record not replaced yet with a changed text in another province
/// ([`MOVED`]), so the index holds deleted documents whose facet values differ from those of the
/// live ones. Returns how many were replaced.
fn replace(dir: &Path, records: &[Record], step: usize) -> usize {
    let mut ix = Indexer::open(dir, false).unwrap();
    let mut replaced = 0;
    for r in records.iter().step_by(step) {
        let mut r = r.clone();
        r.article.body.push_str("\nBài viết đã được cập nhật.");
        r.article.id = thidua::text::article_id(r.article.title.as_deref(), &r.article.body);
        r.article.province = Some(MOVED.into());
        if ix.add(&r).unwrap() == AddOutcome::Replaced {
            replaced += 1;
        }
    }
    ix.commit().unwrap();
    replaced
}

/// The counts of a `FacetCollector` with the root facet: each top-level value.
fn reference(counts: &FacetCounts) -> ValueCounts {
    counts
        .get("/")
        .map(|(facet, n)| (facet.to_path().concat(), n))
        .collect()
}

fn facet_collector(field: &str) -> FacetCollector {
    let mut c = FacetCollector::for_field(field);
    c.add_facet("/");
    c
}

/// The number of hits, the counts of [`FacetCounter`] and those of `FacetCollector`, per facet.
fn both(
    s: &TantivySearcher,
    fields: &Fields,
    q: &dyn Query,
) -> (usize, Vec<ValueCounts>, Vec<ValueCounts>) {
    let collectors = (
        (
            facet_collector(names::F_BLOC),
            facet_collector(names::F_AGENCY),
        ),
        (
            facet_collector(names::F_AWARD),
            facet_collector(names::F_PROVINCE),
        ),
        facet_collector(names::F_YEAR),
    );
    let (n, new, ((bloc, agency), (award, province), year)) = s
        .search(q, &(Count, FacetCounter::new(fields.facets()), collectors))
        .unwrap();
    let old = [bloc, agency, award, province, year]
        .iter()
        .map(reference)
        .collect();
    (n, new, old)
}

/// The same documents as the searches of [`check`]: the query, then the filters as required
/// clauses (the bonus clauses of a search change scores, not which documents match).
fn tantivy_query(fields: Fields, q: &str, f: &Filters) -> Box<dyn Query> {
    if q == "*" {
        return Box::new(AllQuery);
    }
    let mut b = QueryBuilder::new(fields);
    let mut clauses = vec![(Occur::Must, b.build(&query::parse(q).unwrap()).unwrap())];
    if let Some(p) = &f.province {
        clauses.push((Occur::Must, b.filter(Scope::Province, p).unwrap()));
    }
    if f.from.is_some() || f.to.is_some() {
        let range = b.range(RangeField::Year, f.from.map(i64::from), f.to.map(i64::from));
        clauses.push((Occur::Must, range));
    }
    Box::new(BooleanQuery::new(clauses))
}

/// Compares, for all documents, a word, two filtered queries and a query without hits, the
/// counts of [`FacetCounter`] with those of `FacetCollector` (every value), and the facets of a
/// search with the top values of `FacetCollector`. Returns the counts of all documents.
fn check(dir: &Path, searcher: &Searcher, province: &str) -> Vec<ValueCounts> {
    let index = Index::open_in_dir(dir).unwrap();
    analyzer::register(index.tokenizers());
    let s = index.reader().unwrap().searcher();
    let fields = Fields::from_schema(&index.schema()).unwrap();
    let cases = [
        ("*", Filters::default()),
        ("khen", Filters::default()),
        (
            "thi dua",
            Filters {
                province: Some(province.into()),
                ..Filters::default()
            },
        ),
        (
            "khối",
            Filters {
                from: Some(2019),
                to: Some(2021),
                ..Filters::default()
            },
        ),
        ("xyzzyq", Filters::default()),
    ];
    let mut all = Vec::new();
    for (q, filters) in cases {
        let (n, new, old) = both(&s, &fields, tantivy_query(fields, q, &filters).as_ref());
        assert_eq!(new, old, "`{q}` {filters:?}: every value");
        let res = searcher
            .search(&SearchRequest {
                query: q.to_string(),
                limit: 5,
                filters: filters.clone(),
                facets: true,
                ..SearchRequest::default()
            })
            .unwrap();
        assert_eq!(res.total, n, "`{q}` {filters:?}: the same documents");
        let shown: BTreeMap<String, Vec<(String, u64)>> = FACETS
            .iter()
            .zip(&old)
            .map(|(name, counts)| (name.to_string(), top_values(counts)))
            .collect();
        assert_eq!(res.facets, shown, "`{q}` {filters:?}: the values shown");
        if q == "xyzzyq" {
            assert!(n == 0 && old.iter().all(|c| c.is_empty()));
        } else {
            assert!(
                n > 0 && old.iter().any(|c| !c.is_empty()),
                "`{q}`: {n} hits"
            );
        }
        if q == "*" {
            all = new;
        }
    }
    all
}

/// The segments of the index, its deleted documents and its live ones.
fn stats(dir: &Path) -> (Vec<SegmentId>, u32, u64) {
    let s = Index::open_in_dir(dir)
        .unwrap()
        .reader()
        .unwrap()
        .searcher();
    let segments = s.segment_readers().iter().map(|r| r.segment_id());
    let deleted = s.segment_readers().iter().map(|r| r.num_deleted_docs());
    (segments.collect(), deleted.sum(), s.num_docs())
}

#[test]
fn facet_counts_equal_those_of_the_facet_collector() {
    let records = corpus_records();
    assert!(records.len() >= 30, "{} records", records.len());
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("idx");
    let province = FACETS.iter().position(|f| *f == "province").unwrap();

    let replaced = build(&dir, &records, 4);
    let (segments, deleted, live) = stats(&dir);
    assert!(segments.len() >= 2);
    assert_eq!(deleted as usize, replaced);
    assert_eq!(live as usize, records.len());
    // A province of a record that neither replacement moves.
    let kept = (0..records.len())
        .filter(|i| i % 4 != 0 && i % 3 != 0)
        .find_map(|i| records[i].article.province.clone())
        .expect("a record with a province that is never replaced");
    let searcher = Searcher::open(&dir).unwrap();
    let all = check(&dir, &searcher, &kept);
    // Deleted documents are not counted: the replaced ones moved to another province.
    assert_eq!(all[province].get(MOVED), Some(&(replaced as u64)));

    // Other segments (new ones, merged ones), seen by the same searcher after a reload.
    assert!(replace(&dir, &records, 3) > 0);
    searcher.reload().unwrap();
    let (segments_after, _, _) = stats(&dir);
    assert_ne!(segments_after, segments);
    let all = check(&dir, &searcher, &kept);
    let moved = (0..records.len()).filter(|i| i % 4 == 0 || i % 3 == 0);
    assert_eq!(all[province].get(MOVED), Some(&(moved.count() as u64)));
}
