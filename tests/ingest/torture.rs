//! A torture set of broken and hostile inputs, built in a temporary folder: nothing may panic,
//! every input is accounted for, each with a plain reason.

use super::util::*;
use std::fs;
use std::path::Path;
use thidua::source::SourceOptions;

const LIMIT: u64 = 1 << 20;

fn build(dir: &Path) {
    let w = |name: &str, data: &[u8]| {
        let p = dir.join(name);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, data).unwrap();
    };
    w("ok.txt", article(1).as_bytes());
    w("empty.txt", b"");
    w("blank.txt", b"  \n\t\n \r\n");
    w("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00");
    // Random-looking binary with NULs and no known signature.
    let noise: Vec<u8> = (0u32..4096)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    w("noise.bin", &noise);
    // Vietnamese text with invalid UTF-8 bytes in the middle.
    let mut invalid = article(2).into_bytes();
    invalid.splice(10..10, [0xff, 0xfe, 0xc3]);
    w("invalid-bytes.txt", &invalid);
    // Truncated gzip of one document.
    let g = gz(article(3).repeat(50).as_bytes());
    w("truncated.txt.gz", &g[..g.len() / 2]);
    // A gzip bomb: 8 MB of zeros, limit 1 MB.
    w("bomb.txt.gz", &gz(&vec![0u8; 8 << 20]));
    // A zstd bomb likewise.
    w(
        "bomb.txt.zst",
        &zstd::encode_all(&vec![b'a'; 8 << 20][..], 3).unwrap(),
    );
    // A tar.gz with a bomb member beside a good one.
    let zeros = vec![0u8; 4 << 20];
    w(
        "bomb.tar.gz",
        &gz(&tar_bytes(&[
            ("big.txt", &zeros),
            ("fine.txt", article(4).as_bytes()),
        ])),
    );
    // A zip bomb, and a JSON Lines bomb: one line of 8 MB.
    w(
        "bomb.zip",
        &zip_bytes(&[("zeros.txt", &zeros), ("ok.txt", article(5).as_bytes())]),
    );
    let mut line = b"{\"text\": \"".to_vec();
    line.extend(std::iter::repeat_n(b'a', 8 << 20));
    line.extend(b"\"}\n");
    line.extend(
        serde_json::json!({ "text": article(6) })
            .to_string()
            .as_bytes(),
    );
    w("bomb.jsonl.gz", &gz(&line));
    // Truncated archives.
    let members: Vec<(String, Vec<u8>)> = (10..40)
        .map(|i| (format!("d/{i}.txt"), article(i).repeat(20).into_bytes()))
        .collect();
    let refs: Vec<(&str, &[u8])> = members
        .iter()
        .map(|(n, d)| (n.as_str(), d.as_slice()))
        .collect();
    let t = tar_bytes(&refs);
    w("truncated.tar", &t[..t.len() / 3]);
    let tg = gz(&t);
    w("truncated.tar.gz", &tg[..tg.len() / 2]);
    let mut warc = warc_record(
        "response",
        "http://a.vn/1",
        "2019-03-08T00:00:00Z",
        &http_page(&format!("<html><body><p>{}</p></body></html>", article(50))),
    );
    let second = warc_record(
        "response",
        "http://a.vn/2",
        "2019-03-08T00:00:00Z",
        &http_page(&format!("<html><body><p>{}</p></body></html>", article(51))),
    );
    let full_len = warc.len() + second.len();
    warc.extend(&second);
    w("truncated.warc", &warc[..full_len - 60]);
    let wg = gz(&warc);
    w("truncated.warc.gz", &wg[..wg.len() - 30]);
    // Garbage under archive and data names.
    w("garbage.zip", b"PK\x03\x04 but nothing else of a zip");
    w("garbage.tar.gz", b"not gzip at all");
    w("garbage.json", b"this is not JSON");
    w("garbage.warc", b"<html>not a warc</html>");
    // JSON broken halfway, and JSON Lines with one bad line.
    let line = |i: usize| serde_json::json!({ "text": article(i) }).to_string();
    w(
        "cut.json",
        format!("[{}, {{\"title\":\"U\",\"te", line(22)).as_bytes(),
    );
    w(
        "mixed.jsonl",
        format!("{}\n{{not json}}\n\n{}\n", line(20), line(21)).as_bytes(),
    );
    // A zip with a member compressed by an unsupported method is not needed: a zip whose member
    // is corrupted after the header.
    let mut z = zip_bytes(&[("a.txt", article(60).repeat(30).as_bytes())]);
    let mid = z.len() / 3;
    z[mid..mid + 20].fill(0xAA);
    w("corrupt-member.zip", &z);
    // Compression nested deeper than the limit.
    let mut deep = article(70).into_bytes();
    for _ in 0..12 {
        deep = gz(&deep);
    }
    w("deep.txt.gz", &deep);
    // A huge (sparse) file: skipped by its size, never read.
    let huge = fs::File::create(dir.join("huge.txt")).unwrap();
    huge.set_len(8 << 30).unwrap();
    // A folder where a file is expected, and a folder named like an archive.
    w("folder.txt/inner.txt", article(80).as_bytes());
    w("folder.tar.gz/inner2.txt", article(81).as_bytes());
    #[cfg(unix)]
    {
        use std::os::unix::fs::symlink;
        fs::create_dir_all(dir.join("loop/sub")).unwrap();
        w("loop/sub/doc.txt", article(90).as_bytes());
        symlink("..", dir.join("loop/sub/up")).unwrap();
        symlink("no-such-target.txt", dir.join("dangling.txt")).unwrap();
        symlink("self.txt", dir.join("self.txt")).unwrap();
        let _ = std::process::Command::new("mkfifo")
            .arg(dir.join("pipe.txt"))
            .status();
    }
}

#[test]
fn torture_set_is_accounted_for_without_panic() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("torture");
    build(&dir);
    let run = run_lib(
        &[dir.clone(), tmp.path().join("does-not-exist.txt")],
        SourceOptions {
            max_doc_bytes: LIMIT,
            ..SourceOptions::default()
        },
    );
    run.expect("ok.txt", "indexed", "");
    run.expect("empty.txt", "skipped", "empty");
    run.expect("blank.txt", "skipped", "empty");
    run.expect("image.txt", "skipped", "not text: PNG");
    let (s, _) = run.status("noise.bin");
    assert!(s == "skipped" || s == "indexed", "noise.bin: {s}");
    run.expect("invalid-bytes.txt", "indexed", "");
    run.expect("truncated.txt.gz", "failed", "truncated");
    run.expect("bomb.txt.gz", "skipped", "too large");
    run.expect("bomb.txt.zst", "skipped", "too large");
    run.expect("bomb.tar.gz!big.txt", "skipped", "too large");
    run.expect("bomb.tar.gz!fine.txt", "indexed", "");
    run.expect("bomb.zip!zeros.txt", "skipped", "too large");
    run.expect("bomb.zip!ok.txt", "indexed", "");
    run.expect("bomb.jsonl.gz!1", "skipped", "too large");
    run.expect("bomb.jsonl.gz!2", "indexed", "");
    run.expect("truncated.tar", "failed", "truncated");
    run.expect("truncated.tar.gz", "failed", "");
    run.expect("truncated.warc!2", "failed", "truncated");
    run.expect("truncated.warc!1", "indexed", "");
    run.expect("truncated.warc.gz", "failed", "");
    run.expect("garbage.zip", "failed", "not a readable zip");
    run.expect("garbage.tar.gz", "failed", "");
    run.expect("garbage.json", "failed", "invalid JSON");
    run.expect("garbage.warc", "failed", "not a WARC");
    run.expect("cut.json!1", "indexed", "");
    run.expect("cut.json", "failed", "truncated");
    run.expect("mixed.jsonl!1", "indexed", "");
    run.expect("mixed.jsonl!2", "failed", "invalid JSON");
    run.expect("mixed.jsonl!4", "indexed", "");
    run.expect("corrupt-member.zip!a.txt", "failed", "");
    run.expect("deep.txt.gz", "skipped", "nested too deep");
    run.expect("huge.txt", "skipped", "too large");
    run.expect("folder.txt/inner.txt", "indexed", "");
    run.expect("folder.tar.gz/inner2.txt", "indexed", "");
    run.expect("does-not-exist.txt", "failed", "No such file");
    #[cfg(unix)]
    {
        run.expect("loop/sub/doc.txt", "indexed", "");
        run.expect("loop/sub/up", "skipped", "symlink loop");
        run.expect("dangling.txt", "failed", "dangling symlink");
        run.expect("self.txt", "failed", "");
        if dir.join("pipe.txt").exists() {
            run.expect("pipe.txt", "skipped", "not a regular file");
        }
    }
    // Every truncated archive still gave what came before the cut.
    let from_tar = run
        .indexed
        .iter()
        .filter(|s| s.contains("truncated.tar!"))
        .count();
    assert!(from_tar > 0);
}

#[test]
fn cli_on_the_torture_set_reports_and_exits_non_zero() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("torture");
    build(&dir);
    let (o, _, out) = ingest_into(tmp.path(), &dir, &["--max-bytes", "1M"]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(o.status.code(), Some(3), "{stderr}");
    assert!(stderr.contains("failed"), "{stderr}");
    let totals: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("ingest-summary.json")).unwrap()).unwrap();
    let n = |k: &str| totals[k].as_u64().unwrap();
    assert_eq!(n("read"), n("indexed") + n("skipped") + n("failed"));
    assert!(n("failed") > 0 && n("indexed") > 0);
    let report = std::fs::read_to_string(out.join("ingest-report.jsonl")).unwrap();
    let lines: Vec<serde_json::Value> = report
        .lines()
        .map(|l| serde_json::from_str(l).expect("each report line is JSON"))
        .collect();
    assert_eq!(lines.len() as u64, n("skipped") + n("failed"));
    for l in &lines {
        assert!(l["source"].is_string() && l["reason"].is_string());
        assert!(l["status"] == "skipped" || l["status"] == "failed");
    }
    // Not a terminal: no progress bar drawn.
    assert!(!stderr.contains("ETA"), "{stderr}");
}

#[test]
fn clean_input_exits_zero_and_quiet_prints_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("c");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("a.txt"), article(1)).unwrap();
    std::fs::write(dir.join("b.txt"), article(2)).unwrap();
    let (o, _, out) = ingest_into(tmp.path(), &dir, &["-q"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(
        o.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(out.join("ingest-report.jsonl")).unwrap(),
        ""
    );
}

mod random {
    //! Random bytes under every container name: never a panic, always accounted for.
    use proptest::prelude::*;
    use thidua::source::{Item, SourceOptions, read_all};

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]
        #[test]
        fn random_bytes_never_panic(
            data in proptest::collection::vec(any::<u8>(), 0..2048),
            ext in prop::sample::select(vec!["txt", "json", "jsonl", "warc", "tar", "zip", "gz", "zst", "tar.gz", "warc.gz", "body.txt", "info.txt"]),
        ) {
            let dir = tempfile::tempdir().unwrap();
            let p = dir.path().join(format!("x.{ext}"));
            std::fs::write(&p, &data).unwrap();
            let items: Vec<Item> = read_all(&[p], &SourceOptions { max_doc_bytes: 4096, ..SourceOptions::default() }).collect();
            prop_assert!(items.len() <= data.len() + 1);
        }

        #[test]
        fn prefixes_of_valid_archives_never_panic(cut in 0usize..4000, kind in 0usize..4) {
            let members: Vec<(String, Vec<u8>)> = (0..6).map(|i| (format!("m/{i}.txt"), super::article(i).into_bytes())).collect();
            let refs: Vec<(&str, &[u8])> = members.iter().map(|(n, d)| (n.as_str(), d.as_slice())).collect();
            let (name, full) = match kind {
                0 => ("a.tar", super::tar_bytes(&refs)),
                1 => ("a.tar.gz", super::gz(&super::tar_bytes(&refs))),
                2 => ("a.zip", super::zip_bytes(&refs)),
                _ => ("a.jsonl.gz", super::gz(members.iter().map(|(_, d)| format!("{}\n", serde_json::json!({"text": String::from_utf8_lossy(d)}))).collect::<String>().as_bytes())),
            };
            let cut = cut.min(full.len());
            let dir = tempfile::tempdir().unwrap();
            let p = dir.path().join(name);
            std::fs::write(&p, &full[..cut]).unwrap();
            let items: Vec<Item> = read_all(&[p], &SourceOptions::default()).collect();
            prop_assert!(!items.is_empty() || cut == 0);
        }
    }
}

#[test]
fn containers_without_documents_are_accounted_for() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    std::fs::write(d.join("none.json"), b" [ ] ").unwrap();
    std::fs::write(d.join("blank-lines.jsonl"), b"\n\n  \n").unwrap();
    std::fs::write(d.join("dirs-only.tar"), {
        let mut b = tar::Builder::new(Vec::new());
        let mut h = tar::Header::new_gnu();
        h.set_entry_type(tar::EntryType::Directory);
        h.set_size(0);
        h.set_mode(0o755);
        h.set_cksum();
        b.append_data(&mut h, "only-a-folder/", &[][..]).unwrap();
        b.into_inner().unwrap()
    })
    .unwrap();
    std::fs::write(d.join("empty.zip"), zip_bytes(&[])).unwrap();
    let run = run_lib(&[d.to_path_buf()], SourceOptions::default());
    for name in [
        "none.json",
        "blank-lines.jsonl",
        "dirs-only.tar",
        "empty.zip",
    ] {
        run.expect(name, "skipped", "no documents inside");
    }
    assert_eq!(run.summary.read, 4);
}
