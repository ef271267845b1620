//! Every supported format, built in a temporary folder, read with names and hints as documented.

use super::util::*;
use std::fs;
use std::path::Path;
use thidua::model::{Format, RawDoc};
use thidua::source::{Item, JsonFields, PathFilter, SourceOptions, read_all};

fn docs(paths: &[&Path], opts: &SourceOptions) -> Vec<RawDoc> {
    let paths: Vec<_> = paths.iter().map(|p| p.to_path_buf()).collect();
    read_all(&paths, opts)
        .map(|i| match i {
            Item::Doc(d) => d,
            other => panic!("unexpected {other:?}"),
        })
        .collect()
}

fn names(d: &[RawDoc], base: &Path) -> Vec<String> {
    let b = format!("{}/", base.display());
    d.iter().map(|d| d.source.replacen(&b, "", 1)).collect()
}

#[test]
fn every_format_in_one_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let w = |name: &str, data: &[u8]| {
        let p = dir.join(name);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, data).unwrap();
    };
    w("a.txt", article(1).as_bytes());
    w(
        "b.html",
        format!("<html><body>{}</body></html>", article(2)).as_bytes(),
    );
    w("c.txt.gz", &gz(article(3).as_bytes()));
    w(
        "d.txt.zst",
        &zstd::encode_all(article(4).as_bytes(), 1).unwrap(),
    );
    w("e.json", serde_json::to_string(&serde_json::json!([{"title": "T5", "text": article(5), "url": "http://x.vn/5", "date": "2019-03-07"}, {"text": article(6)}])).unwrap().as_bytes());
    w(
        "f.jsonl.gz",
        &gz(format!(
            "{}\n{}\n",
            serde_json::json!({"content": article(7)}),
            serde_json::json!({"body": article(8), "link": "http://x.vn/8"})
        )
        .as_bytes()),
    );
    w(
        "g.tar",
        &tar_bytes(&[
            ("m/1.txt", article(9).as_bytes()),
            ("m/2.htm", article(10).as_bytes()),
        ]),
    );
    w(
        "h.tgz",
        &gz(&tar_bytes(&[("x.txt", article(11).as_bytes())])),
    );
    w(
        "i.tar.zst",
        &zstd::encode_all(&tar_bytes(&[("y.txt", article(12).as_bytes())])[..], 1).unwrap(),
    );
    w(
        "j.zip",
        &zip_bytes(&[
            ("z/1.txt", article(13).as_bytes()),
            (
                "z/2.jsonl",
                format!("{}\n", serde_json::json!({"text": article(14)})).as_bytes(),
            ),
        ]),
    );
    let mut warc = warc_record("warcinfo", "", "2024-01-01T00:00:00Z", b"x");
    warc.extend(warc_record(
        "response",
        "https://bao.vn/a.html",
        "2024-02-03T04:05:06Z",
        &http_page(&format!("<html><p>{}</p></html>", article(15))),
    ));
    w("k.warc.gz", &gz(&warc));
    w("sub/deeper/l.txt", article(16).as_bytes());
    let d = docs(&[dir], &SourceOptions::default());
    assert_eq!(
        names(&d, dir),
        [
            "a.txt",
            "b.html",
            "c.txt.gz",
            "d.txt.zst",
            "e.json!1",
            "e.json!2",
            "f.jsonl.gz!1",
            "f.jsonl.gz!2",
            "g.tar!m/1.txt",
            "g.tar!m/2.htm",
            "h.tgz!x.txt",
            "i.tar.zst!y.txt",
            "j.zip!z/1.txt",
            "j.zip!z/2.jsonl!1",
            "k.warc.gz!2",
            "sub/deeper/l.txt",
        ]
    );
    assert_eq!(d[1].format, Format::Html);
    assert_eq!(d[9].format, Format::Html);
    assert_eq!(d[2].bytes, article(3).as_bytes());
    assert_eq!(d[4].hints.title.as_deref(), Some("T5"));
    assert_eq!(d[4].hints.url.as_deref(), Some("http://x.vn/5"));
    assert_eq!(d[4].hints.published.as_deref(), Some("2019-03-07"));
    assert_eq!(d[7].hints.url.as_deref(), Some("http://x.vn/8"));
    let page = &d[14];
    assert_eq!(page.format, Format::Html);
    assert_eq!(page.hints.url.as_deref(), Some("https://bao.vn/a.html"));
    assert_eq!(
        page.hints.published.as_deref(),
        Some("2024-02-03T04:05:06Z")
    );
}

#[test]
fn body_and_info_pairs_in_folders_and_archives() {
    let tmp = tempfile::tempdir().unwrap();
    let info = |i: usize| {
        format!(
            "LINK: http://bao.vn/{i}.epi\nTITLE: Tin_số {i}\nSUMMARY: tóm_tắt\nTIME: 2{i}/10/2013 10:00"
        )
    };
    let c = tmp.path().join("clusters/c1");
    fs::create_dir_all(&c).unwrap();
    fs::write(c.join("7.body.txt"), article(7)).unwrap();
    fs::write(c.join("7.info.txt"), info(7)).unwrap();
    fs::write(c.join("8.info.txt"), info(8)).unwrap();
    let (i1, i2) = (info(1), info(2));
    let members: Vec<(&str, &[u8])> = vec![
        ("k/1.body.txt", b"Than bai 1"),
        ("k/2.body.txt", b"Than bai 2"),
        ("k/1.info.txt", i1.as_bytes()),
        ("k/2.info.txt", i2.as_bytes()),
        ("k/3.body.txt", b"Than bai 3"),
    ];
    fs::write(tmp.path().join("pairs.tar.gz"), gz(&tar_bytes(&members))).unwrap();
    let items: Vec<Item> =
        read_all(&[tmp.path().to_path_buf()], &SourceOptions::default()).collect();
    let base = format!("{}/", tmp.path().display());
    let summary: Vec<(String, Option<String>)> = items
        .iter()
        .map(|i| {
            let name = i.source().replacen(&base, "", 1);
            match i {
                Item::Doc(d) => (name, d.hints.title.clone()),
                Item::Skipped { reason, .. } => (name, Some(format!("skipped: {reason}"))),
                Item::Failed { reason, .. } => (name, Some(format!("failed: {reason}"))),
            }
        })
        .collect();
    assert_eq!(summary.len(), 5, "{summary:?}");
    assert!(summary.contains(&("clusters/c1/7.body.txt".into(), Some("Tin số 7".into()))));
    assert!(summary.iter().any(|(n, r)| {
        n == "clusters/c1/8.info.txt"
            && r.as_deref()
                .unwrap_or("")
                .starts_with("skipped: info file without its body")
    }));
    assert!(summary.contains(&("pairs.tar.gz!k/1.body.txt".into(), Some("Tin số 1".into()))));
    assert!(summary.contains(&("pairs.tar.gz!k/2.body.txt".into(), Some("Tin số 2".into()))));
    assert!(summary.contains(&("pairs.tar.gz!k/3.body.txt".into(), None)));
    let Item::Doc(d) = items
        .iter()
        .find(|i| i.source().ends_with("k/2.body.txt"))
        .unwrap()
    else {
        unreachable!()
    };
    assert_eq!(d.hints.url.as_deref(), Some("http://bao.vn/2.epi"));
    assert_eq!(d.hints.published.as_deref(), Some("22/10/2013 10:00"));
}

#[test]
fn include_and_exclude_globs() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    for (n, i) in [
        ("keep/a.txt", 1),
        ("keep/b.html", 2),
        ("drafts/c.txt", 3),
        ("keep/x/d.txt", 4),
    ] {
        let p = dir.join(n);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, article(i)).unwrap();
    }
    fs::write(
        dir.join("keep/arch.tar"),
        tar_bytes(&[
            ("in/e.txt", article(5).as_bytes()),
            ("in/f.html", article(6).as_bytes()),
            ("drafts/g.txt", article(7).as_bytes()),
        ]),
    )
    .unwrap();
    let opts = SourceOptions {
        filter: PathFilter::new(&["*.txt"], &["drafts/**"]).unwrap(),
        ..SourceOptions::default()
    };
    let d = docs(&[dir], &opts);
    assert_eq!(
        names(&d, dir),
        ["keep/a.txt", "keep/arch.tar!in/e.txt", "keep/x/d.txt"]
    );
    // Patterns with a `/` match the whole relative path.
    let opts = SourceOptions {
        filter: PathFilter::new(&["keep/x/*.txt", "in/*.html"], &[]).unwrap(),
        ..SourceOptions::default()
    };
    let d = docs(&[dir], &opts);
    assert_eq!(names(&d, dir), ["keep/arch.tar!in/f.html", "keep/x/d.txt"]);
}

#[test]
fn json_field_names_from_the_command_line() {
    let tmp = tempfile::tempdir().unwrap();
    let f = tmp.path().join("r.jsonl");
    let lines: String = (0..3)
        .map(|i| format!("{}\n", serde_json::json!({"headline_vi": format!("Tiêu đề {i}"), "payload": {"noi": article(i)}, "src": format!("http://x.vn/{i}")})))
        .collect();
    fs::write(&f, lines).unwrap();
    let opts = SourceOptions {
        json: JsonFields {
            title: Some("headline_vi".into()),
            text: Some("payload.noi".into()),
            url: Some("src".into()),
            date: None,
        },
        ..SourceOptions::default()
    };
    let d = docs(&[&f], &opts);
    assert_eq!(d.len(), 3);
    assert_eq!(d[2].hints.title.as_deref(), Some("Tiêu đề 2"));
    assert_eq!(d[2].bytes, article(2).as_bytes());
    assert_eq!(d[2].hints.url.as_deref(), Some("http://x.vn/2"));
    // The same through the binary: without the field names nothing is found, with them all is.
    let out = tmp.path().join("out");
    let idx = tmp.path().join("idx");
    let base = [
        "ingest",
        f.to_str().unwrap(),
        "--index",
        idx.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    let o = thidua(&base);
    assert_eq!(o.status.code(), Some(0));
    let report = fs::read_to_string(out.join("ingest-report.jsonl")).unwrap();
    assert_eq!(report.lines().count(), 3);
    assert!(report.contains("--json-text"), "{report}");
    let mut args = base.to_vec();
    args.extend([
        "--json-text",
        "payload.noi",
        "--json-title",
        "headline_vi",
        "--include",
        "*.jsonl",
        "--exclude",
        "nothing/**",
    ]);
    let o = thidua(&args);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(
        fs::read_to_string(out.join("ingest-report.jsonl")).unwrap(),
        ""
    );
    // A bad glob is a clear error.
    let mut bad = base.to_vec();
    bad.extend(["--include", "[oops"]);
    let o = thidua(&bad);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("[oops"));
}

#[test]
fn duplicates_are_indexed_once_with_every_source_reported() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("d");
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join("a.txt"), article(1)).unwrap();
    fs::write(dir.join("b.txt"), article(1)).unwrap();
    fs::write(
        dir.join("c.tar"),
        tar_bytes(&[("copy.txt", article(1).as_bytes())]),
    )
    .unwrap();
    let run = run_lib(std::slice::from_ref(&dir), SourceOptions::default());
    assert_eq!(run.indexed.len(), 1);
    assert!(run.indexed[0].ends_with("a.txt"));
    run.expect("b.txt", "skipped", "duplicate");
    run.expect("c.tar!copy.txt", "skipped", "duplicate");
    assert!(run.summary.report.iter().all(|l| {
        l.duplicate_of
            .as_deref()
            .is_some_and(|f| f.ends_with("a.txt"))
    }));
}

#[test]
fn duplicate_sources_reach_the_articles_table() {
    use polars_io::prelude::{ParquetReader, SerReader};
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("d");
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join("a.txt"), article(1)).unwrap();
    fs::write(dir.join("b.txt"), article(1)).unwrap();
    fs::write(
        dir.join("c.tar"),
        tar_bytes(&[("copy.txt", article(1).as_bytes())]),
    )
    .unwrap();
    fs::write(dir.join("d.txt"), article(2)).unwrap();
    let (o, idx, out) = ingest_into(tmp.path(), &dir, &["-q"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let f = fs::File::open(out.join("articles.parquet")).unwrap();
    let df = ParquetReader::new(f).finish().unwrap();
    assert_eq!(df.height(), 2);
    let sources = df.column("source").unwrap().str().unwrap().clone();
    let dups = df
        .column("duplicate_sources")
        .unwrap()
        .list()
        .unwrap()
        .clone();
    let mut found = false;
    for i in 0..df.height() {
        let s = sources.get(i).unwrap();
        let d = dups.get_as_series(i).unwrap();
        let d = d.str().unwrap();
        let d: Vec<String> = (0..d.len())
            .filter_map(|j| d.get(j).map(str::to_string))
            .collect();
        if s.ends_with("a.txt") {
            found = true;
            assert_eq!(d.len(), 2, "{d:?}");
            assert!(
                d[0].ends_with("b.txt") && d[1].ends_with("c.tar!copy.txt"),
                "{d:?}"
            );
        } else {
            assert!(d.is_empty());
        }
    }
    assert!(found);
    let report = fs::read_to_string(out.join("ingest-report.jsonl")).unwrap();
    assert_eq!(
        report
            .lines()
            .filter(|l| l.contains("\"duplicate_of\""))
            .count(),
        2
    );
    // The index holds each text once.
    let records = thidua::index::Searcher::open(&idx)
        .unwrap()
        .records()
        .unwrap();
    assert_eq!(records.len(), 2);
    assert!(records.iter().any(|r| r.article.source.ends_with("a.txt")));
}
