//! Search over a small index of synthetic articles: folded and exact matching, ranking, phrases,
//! boolean queries, fields, date ranges, filters, facets, snippets, and the index lifecycle
//! (re-ingest, replacement, uncommitted data, rebuild, analyzer mismatch).

use std::path::Path;
use thidua::index::{
    AddOutcome, Filters, IndexError, Indexer, SearchRequest, SearchResults, Searcher, SortBy,
    VERSION_FILE,
};
use thidua::model::*;
use thidua::text::{article_id, normalize_str};
use unicode_normalization::UnicodeNormalization;

/// Extraction facts for a synthetic record.
#[derive(Default, Clone)]
struct Facts {
    bloc: Option<&'static str>,
    agency: Option<&'static str>,
    award: Option<&'static str>,
    year: Option<i32>,
}

fn record(
    source: &str,
    title: &str,
    body: &str,
    published: Option<&str>,
    province: Option<&str>,
    f: Facts,
) -> Record {
    let title = normalize_str(title);
    let body = normalize_str(body);
    let mut x = Extraction::default();
    if let Some(b) = f.bloc {
        x.blocs.push(Bloc {
            name: b.into(),
            kind: "bloc".into(),
            short_name: None,
            mentions: vec![],
        });
    }
    if let Some(a) = f.agency {
        x.agencies.push(Agency {
            name: a.into(),
            aliases: vec![],
            mentions: vec![],
        });
    }
    if let Some(a) = f.award {
        x.awards.push(AwardOutcome {
            year: f.year,
            bloc: f.bloc.map(str::to_string),
            recipient: f.agency.map(str::to_string),
            count: None,
            award: a.into(),
            grantor: None,
            status: AwardStatus::Proposed,
            evidence: Evidence::default(),
        });
    }
    Record {
        article: Article {
            id: article_id(Some(&title), &body),
            source: source.into(),
            title: Some(title),
            published: published.map(str::to_string),
            province: province.map(str::to_string),
            body,
            ..Article::default()
        },
        extraction: x,
        duplicate_sources: vec![],
    }
}

/// Four articles about blocs and one about something else.
fn corpus() -> Vec<Record> {
    let nfd: String =
        "Cụm thi đua số 4 họp mặt. Ông Trần Văn Bình nhận Huân chương Lao động hạng Ba \
                       vì nhiều năm cống hiến."
            .nfd()
            .collect();
    vec![
        record(
            "a/noi-chinh.txt",
            "Khối thi đua Nội chính tổng kết năm 2019",
            "Chiều nay Khối thi đua Nội chính họp tổng kết. Hội nghị thống nhất đề nghị \
             UBND tỉnh tặng Cờ thi đua cho Sở Tư pháp. Năm tới Công an tỉnh làm Khối trưởng.",
            Some("2020-01-10"),
            Some("Quảng Bình"),
            Facts {
                bloc: Some("Khối thi đua Nội chính"),
                agency: Some("Sở Tư pháp"),
                award: Some("Cờ thi đua"),
                year: Some(2019),
            },
        ),
        record(
            "a/dang.txt",
            "Ký kết giao ước thi đua năm 2021",
            "Các ban Đảng ký giao ước thi đua. Các đơn vị có nhiều cố gắng và có sáng kiến. \
             Ban Tuyên giáo Tỉnh ủy được đề nghị tặng Bằng khen.",
            Some("2021-03-05T08:30"),
            Some("Hà Tĩnh"),
            Facts {
                bloc: Some("Khối thi đua các cơ quan Đảng"),
                agency: Some("Ban Tuyên giáo Tỉnh ủy"),
                award: Some("Bằng khen"),
                year: Some(2021),
            },
        ),
        record(
            "b/cho.txt",
            "Giá cả ở chợ quê",
            "Người dân đi chợ mua cá. Giá cá có tăng nhẹ so với tuần trước, rau lại rẻ hơn.",
            Some("2018-07-01"),
            None,
            Facts::default(),
        ),
        record(
            "b/cum4.txt",
            "Họp mặt cuối năm",
            &nfd,
            Some("2019-05-20"),
            Some("Quảng Bình"),
            Facts {
                award: Some("Huân chương Lao động"),
                ..Facts::default()
            },
        ),
        record(
            "b/hoa.txt",
            "Xã Hoà Thuỷ đón bằng công nhận",
            "Người dân xã Hoà Thuỷ vui mừng đón bằng công nhận xã nông thôn mới, uỷ ban xã tổ chức lễ.",
            None,
            None,
            Facts::default(),
        ),
    ]
}

fn build(dir: &Path, records: &[Record]) {
    let mut ix = Indexer::open(dir, false).unwrap();
    for r in records {
        ix.add(r).unwrap();
    }
    ix.commit().unwrap();
}

struct Fixture {
    _tmp: tempfile::TempDir,
    searcher: Searcher,
}

fn fixture() -> Fixture {
    let tmp = tempfile::tempdir().unwrap();
    build(tmp.path(), &corpus());
    let searcher = Searcher::open(tmp.path()).unwrap();
    Fixture {
        _tmp: tmp,
        searcher,
    }
}

fn req(q: &str) -> SearchRequest {
    SearchRequest {
        query: q.into(),
        limit: 10,
        ..SearchRequest::default()
    }
}

fn run(s: &Searcher, r: &SearchRequest) -> SearchResults {
    s.search(r).unwrap_or_else(|e| panic!("{}: {e}", r.query))
}

/// Sources of the hits, best first.
fn sources(s: &Searcher, q: &str) -> Vec<String> {
    run(s, &req(q)).hits.into_iter().map(|h| h.source).collect()
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

fn filtered(s: &Searcher, f: Filters) -> Vec<String> {
    let r = SearchRequest {
        query: "*".into(),
        limit: 10,
        filters: f,
        ..SearchRequest::default()
    };
    sorted(run(s, &r).hits.into_iter().map(|h| h.source).collect())
}

#[test]
fn folded_query_matches_every_spelling() {
    let f = fixture();
    assert_eq!(
        sorted(sources(&f.searcher, "co thi dua")),
        ["a/dang.txt", "a/noi-chinh.txt"]
    );
    assert_eq!(
        sorted(sources(&f.searcher, "hoa thuy")),
        ["b/hoa.txt"],
        "old tone placement in the text"
    );
    assert_eq!(sorted(sources(&f.searcher, "HUAN CHUONG")), ["b/cum4.txt"]);
}

#[test]
fn exact_query_matches_folded_too_but_ranks_exact_spelling_first() {
    let f = fixture();
    // "cờ" is in noi-chinh only; dang has "có" twice and "cố" once, cho has "có".
    let hits = sources(&f.searcher, "cờ");
    assert_eq!(hits[0], "a/noi-chinh.txt", "{hits:?}");
    assert_eq!(hits.len(), 3, "{hits:?}");
    // Without diacritics every spelling counts the same: dang mentions "co" most.
    assert_eq!(sources(&f.searcher, "co")[0], "a/dang.txt");
    // "có" with diacritics prefers the documents spelling it so.
    let hits = sources(&f.searcher, "có");
    assert_ne!(hits[0], "a/noi-chinh.txt", "{hits:?}");
}

#[test]
fn exact_ranking_holds_against_more_frequent_folded_matches() {
    let tmp = tempfile::tempdir().unwrap();
    let facts = Facts::default;
    let recs = vec![
        record(
            "x/fold.txt",
            "Tin một",
            "Các bên có ý kiến, có đề xuất và có kiến nghị về việc có nên mở rộng.",
            None,
            None,
            facts(),
        ),
        record(
            "x/exact.txt",
            "Tin hai",
            "Lá cờ đỏ tung bay trên quảng trường trong ngày lễ lớn của cả nước ta.",
            None,
            None,
            facts(),
        ),
    ];
    build(tmp.path(), &recs);
    let s = Searcher::open(tmp.path()).unwrap();
    assert_eq!(sources(&s, "cờ"), ["x/exact.txt", "x/fold.txt"]);
    assert_eq!(sources(&s, "có"), ["x/fold.txt", "x/exact.txt"]);
}

#[test]
fn words_side_by_side_rank_above_scattered_words() {
    let tmp = tempfile::tempdir().unwrap();
    let facts = Facts::default;
    let recs = vec![
        record(
            "x/scattered.txt",
            "Tin một",
            "Hội nghị có nhiều ý kiến về thi đua. Phong trào thi đua có sức lan tỏa, có kết quả \
             tốt, thi đua sôi nổi.",
            None,
            None,
            facts(),
        ),
        record(
            "x/adjacent.txt",
            "Tin hai",
            "Đơn vị được đề nghị tặng Cờ thi đua của Ủy ban nhân dân tỉnh năm nay.",
            None,
            None,
            facts(),
        ),
    ];
    build(tmp.path(), &recs);
    let s = Searcher::open(tmp.path()).unwrap();
    assert_eq!(
        sources(&s, "co thi dua"),
        ["x/adjacent.txt", "x/scattered.txt"]
    );
    assert_eq!(
        sources(&s, "cờ thi đua"),
        ["x/adjacent.txt", "x/scattered.txt"]
    );
}

#[test]
fn phrases_need_adjacent_words() {
    let f = fixture();
    assert_eq!(sources(&f.searcher, "\"co thi dua\""), ["a/noi-chinh.txt"]);
    assert_eq!(sources(&f.searcher, "\"Cờ thi đua\""), ["a/noi-chinh.txt"]);
    assert_eq!(
        sources(&f.searcher, "\"thi dua noi chinh\""),
        ["a/noi-chinh.txt"]
    );
    assert!(sources(&f.searcher, "\"dua thi\"").is_empty());
    // A word that analyses into several tokens is a phrase too.
    assert_eq!(sources(&f.searcher, "giao-uoc"), ["a/dang.txt"]);
}

#[test]
fn and_or_not() {
    let f = fixture();
    let s = &f.searcher;
    assert_eq!(sorted(sources(s, "thi dua AND tuyen giao")), ["a/dang.txt"]);
    assert_eq!(
        sorted(sources(s, "tuyen OR rau")),
        ["a/dang.txt", "b/cho.txt"]
    );
    assert_eq!(
        sorted(sources(s, "thi dua NOT tuyen")),
        ["a/noi-chinh.txt", "b/cum4.txt"]
    );
    assert_eq!(
        sorted(sources(s, "thi dua -tuyen -cum")),
        ["a/noi-chinh.txt"]
    );
    assert_eq!(
        sorted(sources(s, "(tuyen OR phap) AND thi dua")),
        ["a/dang.txt", "a/noi-chinh.txt"]
    );
    // A negated word with diacritics excludes only that spelling; without, every spelling.
    assert_eq!(
        sorted(sources(s, "thi dua NOT cờ")),
        ["a/dang.txt", "b/cum4.txt"]
    );
    assert_eq!(sorted(sources(s, "thi dua NOT co")), ["b/cum4.txt"]);
    assert_eq!(sorted(sources(s, "NOT thi")), ["b/cho.txt", "b/hoa.txt"]);
}

#[test]
fn title_and_body_fields() {
    let f = fixture();
    let s = &f.searcher;
    assert_eq!(sources(s, "title:tổng"), ["a/noi-chinh.txt"]);
    assert_eq!(sources(s, "title:\"giao uoc\""), ["a/dang.txt"]);
    // "họp" is in the bodies of noi-chinh and cum4, in no title except cum4's "Họp mặt".
    assert_eq!(sources(s, "title:hop"), ["b/cum4.txt"]);
    assert_eq!(
        sorted(sources(s, "body:hop")),
        ["a/noi-chinh.txt", "b/cum4.txt"]
    );
    // A title match counts more than a body match.
    assert_eq!(sources(s, "hop")[0], "b/cum4.txt");
}

#[test]
fn date_ranges_and_sorting_by_date() {
    let f = fixture();
    let s = &f.searcher;
    assert_eq!(sources(s, "date:2019"), ["b/cum4.txt"]);
    assert_eq!(
        sorted(sources(s, "date:[2019-05-20 TO 2020-01-10]")),
        ["a/noi-chinh.txt", "b/cum4.txt"]
    );
    assert_eq!(sources(s, "thi dua date:>=2021"), ["a/dang.txt"]);
    assert_eq!(sources(s, "date:<2019"), ["b/cho.txt"]);
    let r = SearchRequest {
        sort: SortBy::Date,
        ..req("*")
    };
    let order: Vec<String> = run(s, &r).hits.into_iter().map(|h| h.source).collect();
    assert_eq!(
        order,
        [
            "a/dang.txt",
            "a/noi-chinh.txt",
            "b/cum4.txt",
            "b/cho.txt",
            "b/hoa.txt"
        ]
    );
}

#[test]
fn each_filter() {
    let f = fixture();
    let s = &f.searcher;
    let bloc = |b: &str| Filters {
        bloc: Some(b.into()),
        ..Filters::default()
    };
    assert_eq!(filtered(s, bloc("noi chinh")), ["a/noi-chinh.txt"]);
    assert_eq!(
        filtered(s, bloc("Khối thi đua")),
        ["a/dang.txt", "a/noi-chinh.txt"]
    );
    assert_eq!(
        filtered(
            s,
            Filters {
                agency: Some("so tu phap".into()),
                ..Filters::default()
            }
        ),
        ["a/noi-chinh.txt"]
    );
    assert_eq!(
        filtered(
            s,
            Filters {
                award: Some("Bằng khen".into()),
                ..Filters::default()
            }
        ),
        ["a/dang.txt"]
    );
    assert_eq!(
        filtered(
            s,
            Filters {
                province: Some("quang binh".into()),
                ..Filters::default()
            }
        ),
        ["a/noi-chinh.txt", "b/cum4.txt"]
    );
    // The year of a fact counts as well as the year of publication.
    assert_eq!(
        filtered(
            s,
            Filters {
                year: Some(2019),
                ..Filters::default()
            }
        ),
        ["a/noi-chinh.txt", "b/cum4.txt"]
    );
    assert_eq!(
        filtered(
            s,
            Filters {
                from: Some(2020),
                ..Filters::default()
            }
        ),
        ["a/dang.txt", "a/noi-chinh.txt"]
    );
    assert_eq!(
        filtered(
            s,
            Filters {
                to: Some(2018),
                ..Filters::default()
            }
        ),
        ["b/cho.txt"]
    );
    // Filters combine with the query and with each other.
    let r = SearchRequest {
        filters: Filters {
            province: Some("Quảng Bình".into()),
            from: Some(2020),
            ..Filters::default()
        },
        ..req("thi dua")
    };
    let hits: Vec<String> = run(s, &r).hits.into_iter().map(|h| h.source).collect();
    assert_eq!(hits, ["a/noi-chinh.txt"]);
    // A filter does not change the scores.
    let plain = run(s, &req("thi dua"));
    let with = run(
        s,
        &SearchRequest {
            filters: Filters {
                bloc: Some("noi chinh".into()),
                ..Filters::default()
            },
            ..req("thi dua")
        },
    );
    let score = |r: &SearchResults| {
        r.hits
            .iter()
            .find(|h| h.source == "a/noi-chinh.txt")
            .map(|h| h.score)
    };
    assert_eq!(score(&plain), score(&with));
}

#[test]
fn facets_count_the_matching_documents() {
    let f = fixture();
    let r = SearchRequest {
        facets: true,
        ..req("*")
    };
    let res = run(&f.searcher, &r);
    assert_eq!(res.total, 5);
    let facet = |name: &str| res.facets.get(name).cloned().unwrap_or_default();
    assert_eq!(
        facet("province"),
        [("Quảng Bình".to_string(), 2), ("Hà Tĩnh".to_string(), 1)]
    );
    assert_eq!(
        facet("award"),
        [
            ("Bằng khen".to_string(), 1),
            ("Cờ thi đua".to_string(), 1),
            ("Huân chương Lao động".to_string(), 1)
        ]
    );
    assert_eq!(facet("bloc").len(), 2);
    assert_eq!(facet("agency").len(), 2);
    assert_eq!(
        facet("year"),
        [
            ("2019".to_string(), 2),
            ("2018".to_string(), 1),
            ("2020".to_string(), 1),
            ("2021".to_string(), 1)
        ]
    );
    // Counts follow the query.
    let r = SearchRequest {
        facets: true,
        ..req("quang binh OR tu phap")
    };
    let res = run(&f.searcher, &r);
    assert_eq!(res.facets["year"][0], ("2019".to_string(), 1));
    // No facets unless asked.
    assert!(run(&f.searcher, &req("*")).facets.is_empty());
}

fn marked(h: &thidua::index::Hit) -> Vec<&str> {
    h.highlights
        .iter()
        .map(|s| &h.snippet[s.start..s.end])
        .collect()
}

#[test]
fn highlights_fall_on_the_matched_words() {
    let f = fixture();
    let res = run(&f.searcher, &req("co thi dua"));
    let h = res
        .hits
        .iter()
        .find(|h| h.source == "a/noi-chinh.txt")
        .unwrap();
    let m = marked(h);
    // Marked words next to each other read as one highlight.
    assert!(m.contains(&"Cờ thi đua"), "{m:?} in {}", h.snippet);
    assert!(m.contains(&"thi đua"), "{m:?}");
    // A phrase is one highlight.
    let res = run(&f.searcher, &req("\"Cờ thi đua\""));
    assert_eq!(marked(&res.hits[0]), ["Cờ thi đua"]);
}

#[test]
fn highlights_on_decomposed_and_old_tone_sources() {
    let f = fixture();
    // cum4's body was decomposed (NFD) before normalization.
    let res = run(&f.searcher, &req("huan chuong lao dong"));
    let h = &res.hits[0];
    assert_eq!(h.source, "b/cum4.txt");
    assert_eq!(marked(h), ["Huân chương Lao động"]);
    let res = run(&f.searcher, &req("\"Huân chương\""));
    assert_eq!(marked(&res.hits[0]), ["Huân chương"]);
    // hoa's text writes the tones the old way ("Hoà Thuỷ", "uỷ").
    let res = run(&f.searcher, &req("hòa thủy ủy"));
    let h = &res.hits[0];
    assert_eq!(h.source, "b/hoa.txt");
    let m = marked(h);
    assert_eq!(m.len(), 2, "{m:?}");
    assert_eq!(thidua::text::fold(m[0]), "hoa thuy", "{m:?}");
    assert_eq!(thidua::text::fold(m[1]), "uy", "{m:?}");
}

#[test]
fn hits_carry_title_date_source_and_score() {
    let f = fixture();
    let res = run(&f.searcher, &req("giao uoc"));
    assert_eq!(res.total, 1);
    let h = &res.hits[0];
    assert_eq!(h.title.as_deref(), Some("Ký kết giao ước thi đua năm 2021"));
    assert_eq!(h.published.as_deref(), Some("2021-03-05T08:30"));
    assert_eq!(h.source, "a/dang.txt");
    assert!(h.score > 0.0);
    assert_eq!(h.id.len(), 16);
    // The limit bounds hits, not the total.
    let r = SearchRequest {
        limit: 1,
        ..req("thi")
    };
    let res = run(&f.searcher, &r);
    assert_eq!((res.total, res.hits.len()), (3, 1));
}

#[test]
fn records_come_back_whole() {
    let f = fixture();
    let mut want = corpus();
    want.sort_by(|a, b| a.article.id.cmp(&b.article.id));
    assert_eq!(f.searcher.records().unwrap(), want);
}

#[test]
fn reingest_adds_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    build(tmp.path(), &corpus());
    let mut ix = Indexer::open(tmp.path(), false).unwrap();
    for r in corpus() {
        assert_eq!(ix.add(&r).unwrap(), AddOutcome::Unchanged);
    }
    ix.commit().unwrap();
    drop(ix);
    let s = Searcher::open(tmp.path()).unwrap();
    assert_eq!(s.num_docs(), 5);
    assert_eq!(run(&s, &req("thi")).total, 3);
}

#[test]
fn same_text_twice_in_one_run_is_added_once() {
    let tmp = tempfile::tempdir().unwrap();
    let recs = corpus();
    let mut ix = Indexer::open(tmp.path(), false).unwrap();
    assert_eq!(ix.add(&recs[0]).unwrap(), AddOutcome::Added);
    assert_eq!(ix.add(&recs[0]).unwrap(), AddOutcome::Unchanged);
    let mut copy = recs[0].clone();
    copy.article.source = "c/copy.txt".into();
    assert_eq!(ix.add(&copy).unwrap(), AddOutcome::Unchanged);
    ix.commit().unwrap();
    drop(ix);
    assert_eq!(Searcher::open(tmp.path()).unwrap().num_docs(), 1);
}

#[test]
fn adds_from_many_threads_make_no_duplicates() {
    let tmp = tempfile::tempdir().unwrap();
    let recs = corpus();
    let mut ix = Indexer::open(tmp.path(), false).unwrap();
    std::thread::scope(|sc| {
        for _ in 0..4 {
            sc.spawn(|| {
                for r in &recs {
                    ix.add(r).unwrap();
                }
            });
        }
    });
    ix.commit().unwrap();
    drop(ix);
    let s = Searcher::open(tmp.path()).unwrap();
    assert_eq!(s.num_docs(), 5);
    assert_eq!(s.records().unwrap().len(), 5);
}

#[test]
fn a_changed_document_replaces_the_old_one() {
    let tmp = tempfile::tempdir().unwrap();
    build(tmp.path(), &corpus());
    let mut changed = corpus().remove(2);
    changed.article.body = normalize_str("Người dân đi chợ mua rau muống, giá ổn định.");
    changed.article.id = article_id(changed.article.title.as_deref(), &changed.article.body);
    let mut ix = Indexer::open(tmp.path(), false).unwrap();
    assert_eq!(ix.add(&changed).unwrap(), AddOutcome::Replaced);
    ix.commit().unwrap();
    drop(ix);
    let s = Searcher::open(tmp.path()).unwrap();
    assert_eq!(s.num_docs(), 5);
    assert!(sources(&s, "ca tang").is_empty());
    assert_eq!(sources(&s, "rau muong"), ["b/cho.txt"]);
}

#[test]
fn a_duplicate_keeps_a_text_whose_source_changed() {
    let tmp = tempfile::tempdir().unwrap();
    let recs = corpus();
    build(tmp.path(), &recs[..1]);
    // Next run: the same text now also lives at another source, and the first source changed.
    let mut moved = recs[0].clone();
    moved.article.source = "c/moved.txt".into();
    let mut changed = recs[0].clone();
    changed.article.body.push_str(" Tin bổ sung.");
    changed.article.id = article_id(changed.article.title.as_deref(), &changed.article.body);
    let mut ix = Indexer::open(tmp.path(), false).unwrap();
    assert_eq!(ix.add(&moved).unwrap(), AddOutcome::Unchanged);
    assert_eq!(ix.add(&changed).unwrap(), AddOutcome::Replaced);
    ix.commit().unwrap();
    drop(ix);
    let s = Searcher::open(tmp.path()).unwrap();
    let mut got: Vec<(String, String)> = s
        .records()
        .unwrap()
        .into_iter()
        .map(|r| (r.article.source, r.article.id))
        .collect();
    got.sort();
    assert_eq!(
        got,
        [
            (changed.article.source.clone(), changed.article.id.clone()),
            ("c/moved.txt".to_string(), recs[0].article.id.clone()),
        ]
    );
}

#[test]
fn only_committed_data_is_visible_and_a_rerun_completes_it() {
    let tmp = tempfile::tempdir().unwrap();
    let recs = corpus();
    build(tmp.path(), &recs[..2]);
    {
        // A run that stops before committing.
        let ix = Indexer::open(tmp.path(), false).unwrap();
        for r in &recs {
            ix.add(r).unwrap();
        }
    }
    let s = Searcher::open(tmp.path()).unwrap();
    assert_eq!(s.num_docs(), 2);
    build(tmp.path(), &recs);
    let s = Searcher::open(tmp.path()).unwrap();
    assert_eq!(s.num_docs(), 5);
    assert_eq!(s.records().unwrap().len(), 5);
}

#[test]
fn rebuild_starts_over_and_refuses_foreign_directories() {
    let tmp = tempfile::tempdir().unwrap();
    build(tmp.path(), &corpus());
    let mut ix = Indexer::open(tmp.path(), true).unwrap();
    ix.add(&corpus()[0]).unwrap();
    ix.commit().unwrap();
    drop(ix);
    assert_eq!(Searcher::open(tmp.path()).unwrap().num_docs(), 1);

    let foreign = tempfile::tempdir().unwrap();
    std::fs::write(foreign.path().join("notes.txt"), "keep me").unwrap();
    for rebuild in [true, false] {
        let e = Indexer::open(foreign.path(), rebuild).err().unwrap();
        assert!(matches!(e, IndexError::NotAnIndex { .. }), "{e}");
    }
    assert!(foreign.path().join("notes.txt").exists());
}

#[test]
fn a_different_analyzer_is_refused_with_how_to_rebuild() {
    let tmp = tempfile::tempdir().unwrap();
    build(tmp.path(), &corpus());
    let vf = tmp.path().join(VERSION_FILE);
    std::fs::write(&vf, r#"{"analyzer": "vi-0-0000000000000000", "schema": 1}"#).unwrap();
    let e = Searcher::open(tmp.path()).err().unwrap();
    let msg = e.to_string();
    assert!(matches!(e, IndexError::Mismatch { .. }), "{msg}");
    assert!(msg.contains("vi-0-0000000000000000"), "{msg}");
    assert!(msg.contains("thidua ingest --rebuild"), "{msg}");
    let e = Indexer::open(tmp.path(), false).err().unwrap();
    assert!(e.to_string().contains("--rebuild"), "{e}");
    std::fs::remove_file(&vf).unwrap();
    let msg = Searcher::open(tmp.path()).err().unwrap().to_string();
    assert!(msg.contains("--rebuild"), "{msg}");
    // Rebuilding fixes it.
    build_rebuilt(tmp.path());
    assert_eq!(Searcher::open(tmp.path()).unwrap().num_docs(), 5);
}

fn build_rebuilt(dir: &Path) {
    let mut ix = Indexer::open(dir, true).unwrap();
    for r in corpus() {
        ix.add(&r).unwrap();
    }
    ix.commit().unwrap();
}

#[test]
fn a_missing_index_says_how_to_build_one() {
    let tmp = tempfile::tempdir().unwrap();
    let msg = Searcher::open(&tmp.path().join("none"))
        .err()
        .unwrap()
        .to_string();
    assert!(
        msg.contains("no index") && msg.contains("thidua ingest"),
        "{msg}"
    );
}

#[test]
fn bad_queries_are_explained() {
    let f = fixture();
    for (q, want) in [
        ("\"cờ thi", "unclosed quote"),
        ("(a OR b", "parenthesis"),
        ("date:2019-14", "not a date"),
        ("...", "no searchable words"),
    ] {
        let e = f.searcher.search(&req(q)).err().unwrap();
        let msg = e.to_string();
        assert!(matches!(e, IndexError::Query { .. }), "{msg}");
        assert!(msg.contains(want), "{q}: {msg}");
    }
}
