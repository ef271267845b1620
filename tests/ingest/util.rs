//! Helpers: builders for archives and web archives, a collecting sink, the shared corpus.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use thidua::pipeline::{self, Processed, RunOptions, Summary};
use thidua::source::SourceOptions;

/// The `thidua` binary under test.
pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_thidua"))
}

/// Runs `thidua` with arguments.
pub fn thidua(args: &[&str]) -> Output {
    Command::new(bin())
        .args(args)
        .output()
        .expect("running thidua")
}

/// Runs `thidua ingest INPUT --index TMP/idx --out TMP/out EXTRA...`; returns the output and
/// the index and output folders.
pub fn ingest_into(tmp: &Path, input: &Path, extra: &[&str]) -> (Output, PathBuf, PathBuf) {
    let out = tmp.join("out");
    let idx = tmp.join("idx");
    let mut args = vec![
        "ingest",
        input.to_str().unwrap(),
        "--index",
        idx.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    (thidua(&args), idx, out)
}

/// `../shared/corpus` next to the repository (or next to the folder holding it), if present.
pub fn shared_corpus() -> Option<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    [
        root.join("../shared/corpus"),
        root.join("../../shared/corpus"),
    ]
    .into_iter()
    .find(|p| p.is_dir())
}

/// A tar archive of `(name, bytes)` members.
pub fn tar_bytes(members: &[(&str, &[u8])]) -> Vec<u8> {
    let mut b = tar::Builder::new(Vec::new());
    for (name, data) in members {
        let mut h = tar::Header::new_gnu();
        h.set_size(data.len() as u64);
        h.set_mode(0o644);
        h.set_cksum();
        b.append_data(&mut h, name, *data).unwrap();
    }
    b.into_inner().unwrap()
}

/// gzip-compresses.
pub fn gz(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

/// A zip archive of `(name, bytes)` members.
pub fn zip_bytes(members: &[(&str, &[u8])]) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        for (name, data) in members {
            z.start_file(*name, zip::write::SimpleFileOptions::default())
                .unwrap();
            z.write_all(data).unwrap();
        }
        z.finish().unwrap();
    }
    buf.into_inner()
}

/// One WARC record of type `kind` with an HTTP response block.
pub fn warc_record(kind: &str, uri: &str, date: &str, block: &[u8]) -> Vec<u8> {
    let mut r = format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: {date}\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n",
        block.len()
    )
    .into_bytes();
    r.extend_from_slice(block);
    r.extend_from_slice(b"\r\n\r\n");
    r
}

/// An HTTP 200 response carrying an HTML page.
pub fn http_page(html: &str) -> Vec<u8> {
    format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\r\n{html}", html.len()).into_bytes()
}

/// An article of a few lines, different for each `i`.
pub fn article(i: usize) -> String {
    format!(
        "Hội nghị tổng kết Khối thi đua số {i}\nNgày 07/3/2019, Khối thi đua số {i} tổng kết công tác năm 2018.\nCác đơn vị đề nghị tặng Cờ thi đua của Chính phủ cho đơn vị số {i}.\n"
    )
}

/// What one run gave: indexed sources in order, and the totals.
pub struct Run {
    pub indexed: Vec<String>,
    pub summary: Summary,
}

/// Runs the pipeline on `paths` with dedup on, collecting the sources handed to the sink.
pub fn run_lib(paths: &[PathBuf], source: SourceOptions) -> Run {
    let mut indexed = Vec::new();
    let mut sink = |p: Processed| {
        indexed.push(p.record.article.source.clone());
        Ok(())
    };
    let opts = RunOptions {
        source,
        dedup: true,
        ..RunOptions::default()
    };
    let summary = pipeline::run(paths, &opts, &mut sink);
    assert_eq!(
        summary.read,
        summary.indexed + summary.skipped + summary.failed,
        "counts must add up"
    );
    assert_eq!(indexed.len(), summary.indexed);
    assert_eq!(summary.report.len(), summary.skipped + summary.failed);
    Run { indexed, summary }
}

impl Run {
    /// The status (`indexed`, `skipped`, `failed`) and reason of the input whose name ends with
    /// `suffix`.
    pub fn status(&self, suffix: &str) -> (String, String) {
        if self.indexed.iter().any(|s| s.ends_with(suffix)) {
            return ("indexed".into(), String::new());
        }
        let l = self
            .summary
            .report
            .iter()
            .find(|l| l.source.ends_with(suffix))
            .unwrap_or_else(|| panic!("no input named *{suffix}: {:#?}", self.summary.report));
        let v = serde_json::to_value(l).unwrap();
        (
            v["status"].as_str().unwrap().to_string(),
            v["reason"].as_str().unwrap_or_default().to_string(),
        )
    }

    /// Asserts the status of an input and that its reason contains `why`.
    pub fn expect(&self, suffix: &str, status: &str, why: &str) {
        let (s, r) = self.status(suffix);
        assert_eq!(s, status, "{suffix}: {r}");
        assert!(
            r.contains(why),
            "{suffix}: reason {r:?} should mention {why:?}"
        );
    }
}
