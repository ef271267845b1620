//! Crash safety: a run killed with SIGKILL leaves the last committed index readable, and running
//! the same command again completes it with no document twice.

use super::util::*;
use std::collections::HashSet;
use std::time::{Duration, Instant};
use thidua::index::Searcher;

#[test]
fn killed_run_is_readable_and_rerun_completes_without_duplicates() {
    let tmp = tempfile::tempdir().unwrap();
    let n = 12_000;
    let members: Vec<(String, Vec<u8>)> = (0..n)
        .map(|i| (format!("d/{i:05}.txt"), article(i).into_bytes()))
        .collect();
    let refs: Vec<(&str, &[u8])> = members
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_slice()))
        .collect();
    let archive = tmp.path().join("big.tar");
    std::fs::write(&archive, tar_bytes(&refs)).unwrap();
    let idx = tmp.path().join("idx");
    let out = tmp.path().join("out");
    let args = [
        "ingest",
        "-q",
        archive.to_str().unwrap(),
        "--index",
        idx.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--commit-every",
        "500",
        "--threads",
        "1",
    ];
    let mut child = std::process::Command::new(bin())
        .args(args)
        .spawn()
        .unwrap();
    // Wait for a first commit, then kill.
    let deadline = Instant::now() + Duration::from_secs(120);
    let mut committed = 0;
    while Instant::now() < deadline {
        if let Ok(Some(_)) = child.try_wait() {
            break;
        }
        if let Ok(r) = Searcher::open(&idx).and_then(|s| s.records())
            && !r.is_empty()
        {
            committed = r.len();
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let finished_early = child.try_wait().unwrap().is_some();
    child.kill().ok();
    child.wait().unwrap();
    assert!(committed > 0, "no commit seen before the kill");
    eprintln!("{committed} documents committed when killed (run finished first: {finished_early})");
    if !finished_early {
        let partial = Searcher::open(&idx)
            .expect("killed index opens")
            .records()
            .unwrap();
        assert!(
            !partial.is_empty() && partial.len() <= n,
            "{}",
            partial.len()
        );
    }
    let o = thidua(&args);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let records = Searcher::open(&idx).unwrap().records().unwrap();
    let ids: HashSet<&str> = records.iter().map(|r| r.article.id.as_str()).collect();
    assert_eq!(ids.len(), records.len(), "duplicates in the index");
    assert_eq!(records.len(), n);
}
