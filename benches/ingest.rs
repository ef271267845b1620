//! Whole-corpus ingestion benchmark: `thidua ingest` on a news archive (by default
//! `../shared/corpus/news/baomoi-2017.tar.gz`) with 1 and 2 threads, against a bare baseline run
//! in the same session: tantivy's default tokenizer indexing the same texts, with no
//! normalization, no extraction and no tables.
//!
//! Run: `CARGO_TARGET_DIR=/root/.cache/thidua-target cargo bench --bench ingest`
//! (or `bash benches/ingest.sh`). Environment: `THIDUA_BENCH_INPUT` (another archive),
//! `THIDUA_BENCH_THREADS` (`1,2`), `THIDUA_BENCH_RUNS` (best of N, default 1).
//!
//! A first row times the source stage alone (decompress, unpack, one document per member).
//! Each configuration runs in its own process, so peak memory (VmHWM) is measured per run, and
//! is pinned with `taskset` to as many cores as threads (`THIDUA_BENCH_PIN=0` to turn off): the
//! reader, the sink and tantivy's indexing threads then share those cores too, so "1 thread"
//! means one core's worth of work.
//! A last table times each stage alone on one core over documents read into memory first (the
//! baseline's index, the text stage, extraction, thidua's index, and an index of the exact and
//! folded fields alone), as ratios to the baseline's whole run (`THIDUA_BENCH_STAGES=0` skips it;
//! `THIDUA_BENCH_STAGE_ONLY=index` runs only the index stages named, for profiling one).
//! Reports documents/s, MB/s (document bytes after decompression), peak RSS, the ratio of the
//! full pipeline's time to the baseline's, and the speed-up from 1 to 2 threads; then checks the
//! floors: full <= 1.5x baseline, peak RSS < 1 GB, 2 threads >= 1.7x faster than 1.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

const BASELINE_ENV: &str = "THIDUA_BENCH_BASELINE_CHILD";

#[derive(Debug, Clone, Default)]
struct Measure {
    docs: u64,
    bytes: u64,
    secs: f64,
    cpu: f64,
    rss: u64,
}

impl Measure {
    fn docs_per_sec(&self) -> f64 {
        self.docs as f64 / self.secs
    }
    fn mb_per_sec(&self) -> f64 {
        self.bytes as f64 / 1e6 / self.secs
    }
}

fn cpu_secs() -> f64 {
    thidua::pipeline::cpu_time_secs().unwrap_or(0.0)
}

fn peak_rss() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
        })
        .map_or(0, |kb| kb * 1024)
}

/// The baseline, in a child process: read the archive's members, index their text with tantivy's
/// default tokenizer, commit. Prints `docs bytes rss`.
fn baseline_child(input: &Path, threads: usize, index_dir: &Path) {
    use tantivy::schema::{Schema, TEXT};
    let mut sb = Schema::builder();
    let body = sb.add_text_field("body", TEXT);
    let index = tantivy::Index::create_in_dir(index_dir, sb.build()).expect("baseline index");
    let mut writer: tantivy::IndexWriter = index
        .writer_with_num_threads(threads, threads * 64 * 1024 * 1024)
        .expect("baseline writer");
    let file = std::fs::File::open(input).expect("open input");
    let gz = flate2::read::MultiGzDecoder::new(std::io::BufReader::with_capacity(256 << 10, file));
    let mut archive = tar::Archive::new(gz);
    let (mut docs, mut bytes) = (0u64, 0u64);
    let mut buf = Vec::new();
    for entry in archive.entries().expect("tar") {
        let mut entry = entry.expect("tar entry");
        if entry.header().entry_type() != tar::EntryType::Regular {
            continue;
        }
        buf.clear();
        entry.read_to_end(&mut buf).expect("member");
        bytes += buf.len() as u64;
        docs += 1;
        let text = String::from_utf8_lossy(&buf).into_owned();
        writer
            .add_document(tantivy::doc!(body => text))
            .expect("add");
    }
    writer.commit().expect("commit");
    writer.wait_merging_threads().expect("merge");
    println!("{docs} {bytes} {} {}", peak_rss(), cpu_secs());
}

/// The stages one after the other on the same documents, in a child process (pinned to one
/// core): everything is read into memory first, then each stage is timed over all documents.
/// Prints one `name secs` line per stage.
fn stages_child(input: &Path, scratch: &Path) {
    use thidua::source::{Item, SourceOptions, read_all};
    let raws: Vec<_> = read_all(&[input.to_path_buf()], &SourceOptions::default())
        .filter_map(|item| match item {
            Item::Doc(d) => Some(d),
            _ => None,
        })
        .collect();
    // `THIDUA_BENCH_STAGE_ONLY=index,two-fields` runs only the index stages named (the text stage
    // and extraction always run: the indexes need their records), to profile one of them.
    let only = std::env::var("THIDUA_BENCH_STAGE_ONLY").ok();
    let timed = |name: &str, f: &mut dyn FnMut()| {
        let needed = matches!(name, "text" | "extract");
        if !needed
            && only
                .as_ref()
                .is_some_and(|o| !o.split(',').any(|n| n == name))
        {
            return;
        }
        let start = Instant::now();
        f();
        println!("{name} {:.3}", start.elapsed().as_secs_f64());
    };
    // The baseline's index stage alone: the default tokenizer over the raw texts.
    let texts: Vec<String> = raws
        .iter()
        .map(|d| String::from_utf8_lossy(&d.bytes).into_owned())
        .collect();
    timed("baseline-index", &mut || {
        use tantivy::schema::{Schema, TEXT};
        let dir = scratch.join("stages-baseline");
        std::fs::create_dir_all(&dir).unwrap();
        let mut sb = Schema::builder();
        let body = sb.add_text_field("body", TEXT);
        let index = tantivy::Index::create_in_dir(&dir, sb.build()).expect("index");
        let mut writer: tantivy::IndexWriter = index
            .writer_with_num_threads(1, 64 * 1024 * 1024)
            .expect("writer");
        for t in &texts {
            writer
                .add_document(tantivy::doc!(body => t.clone()))
                .expect("add");
        }
        writer.commit().expect("commit");
        writer.wait_merging_threads().expect("merge");
    });
    drop(texts);
    let mut prepared = Vec::with_capacity(raws.len());
    timed("text", &mut || {
        prepared = raws
            .iter()
            .filter_map(|d| thidua::text::prepare(d).ok())
            .map(|p| p.article)
            .collect();
    });
    drop(raws);
    let mut records = Vec::with_capacity(prepared.len());
    timed("extract", &mut || {
        records = prepared
            .drain(..)
            .map(|article| {
                let extraction = thidua::extract::extract(&article);
                thidua::model::Record {
                    article,
                    extraction,
                    duplicate_sources: Vec::new(),
                }
            })
            .collect();
    });
    // The least an index with both forms of the text takes: the exact and folded analyzed
    // fields with positions, nothing stored, nothing else.
    timed("two-fields", &mut || {
        use tantivy::schema::{IndexRecordOption, Schema, TextFieldIndexing, TextOptions};
        use thidua::index::analyzer;
        let dir = scratch.join("stages-two-fields");
        std::fs::create_dir_all(&dir).unwrap();
        let opts = |name: &str| {
            TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(name)
                    .set_index_option(IndexRecordOption::WithFreqsAndPositions),
            )
        };
        let mut sb = Schema::builder();
        let exact = sb.add_text_field("text", opts(analyzer::EXACT));
        let folded = sb.add_text_field("text_f", opts(analyzer::FOLDED));
        let index = tantivy::Index::create_in_dir(&dir, sb.build()).expect("index");
        analyzer::register(index.tokenizers());
        let mut writer: tantivy::IndexWriter = index
            .writer_with_num_threads(1, 64 * 1024 * 1024)
            .expect("writer");
        for r in &records {
            let body = &r.article.body;
            writer
                .add_document(tantivy::doc!(exact => body.clone(), folded => body.clone()))
                .expect("add");
        }
        writer.commit().expect("commit");
        writer.wait_merging_threads().expect("merge");
    });
    timed("index", &mut || {
        let dir = scratch.join("stages-thidua");
        let mut ix = thidua::index::writer::Indexer::open(&dir, true).expect("index");
        for r in &records {
            ix.add(r).expect("add");
        }
        ix.commit().expect("commit");
    });
}

/// A command for `program`, pinned to the first `threads` cores with `taskset` when pinning is on,
/// so that N threads means N cores' worth of work, helper threads included.
fn command(program: &Path, threads: usize, pin: bool) -> Command {
    if pin {
        let mut c = Command::new("taskset");
        c.arg("-c").arg(format!("0-{}", threads - 1)).arg(program);
        c
    } else {
        Command::new(program)
    }
}

/// The source stage alone, in a child process: every member read into a document, nothing
/// done with it. Prints `docs bytes rss cpu`.
fn read_only_child(input: &Path) {
    use thidua::source::{InputProgress, Item, SourceOptions, read_each};
    let (mut docs, mut bytes) = (0u64, 0u64);
    let progress = InputProgress::default();
    read_each(
        &[input.to_path_buf()],
        &SourceOptions::default(),
        &progress,
        &mut |item| {
            docs += 1;
            if let Item::Doc(d) = item {
                bytes += d.bytes.len() as u64;
            }
            true
        },
    );
    println!("{docs} {bytes} {} {}", peak_rss(), cpu_secs());
}

fn run_read_only(input: &Path, pin: bool) -> Measure {
    let start = Instant::now();
    let out = command(&std::env::current_exe().unwrap(), 1, pin)
        .env(BASELINE_ENV, "read")
        .env("THIDUA_BENCH_INPUT", input)
        .env("THIDUA_BENCH_SCRATCH", "")
        .output()
        .expect("read-only child");
    let secs = start.elapsed().as_secs_f64();
    assert!(
        out.status.success(),
        "read-only run failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    parse_child(&out.stdout, secs)
}

/// The stage-by-stage child, pinned to one core: `(stage, seconds)` in the order run.
fn run_stages(input: &Path, scratch: &Path, pin: bool) -> Vec<(String, f64)> {
    let dir = scratch.join("stages");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let out = command(&std::env::current_exe().unwrap(), 1, pin)
        .env(BASELINE_ENV, "stages")
        .env("THIDUA_BENCH_INPUT", input)
        .env("THIDUA_BENCH_SCRATCH", &dir)
        .output()
        .expect("stages child");
    assert!(
        out.status.success(),
        "stages run failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let _ = std::fs::remove_dir_all(&dir);
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| {
            let (name, secs) = l.split_once(' ')?;
            Some((name.to_string(), secs.trim().parse().ok()?))
        })
        .collect()
}

fn parse_child(stdout: &[u8], secs: f64) -> Measure {
    let line = String::from_utf8_lossy(stdout);
    let v: Vec<f64> = line
        .split_whitespace()
        .filter_map(|x| x.parse().ok())
        .collect();
    Measure {
        docs: v[0] as u64,
        bytes: v[1] as u64,
        secs,
        cpu: v[3],
        rss: v[2] as u64,
    }
}

fn run_baseline(input: &Path, threads: usize, scratch: &Path, pin: bool) -> Measure {
    let dir = scratch.join(format!("baseline-{threads}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let start = Instant::now();
    let out = command(&std::env::current_exe().unwrap(), threads, pin)
        .env(BASELINE_ENV, format!("{threads}"))
        .env("THIDUA_BENCH_INPUT", input)
        .env("THIDUA_BENCH_SCRATCH", &dir)
        .output()
        .expect("baseline child");
    let secs = start.elapsed().as_secs_f64();
    assert!(
        out.status.success(),
        "baseline failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    parse_child(&out.stdout, secs)
}

/// A private copy of the binary under test, taken at start (a shared target folder may see it
/// rebuilt by another checkout while the bench runs).
fn binary_copy(scratch: &Path) -> PathBuf {
    let copy = scratch.join("thidua-under-test");
    std::fs::copy(env!("CARGO_BIN_EXE_thidua"), &copy).expect("copying the thidua binary");
    copy
}

fn run_full(bin: &Path, input: &Path, threads: usize, scratch: &Path, pin: bool) -> Measure {
    let idx = scratch.join(format!("index-{threads}"));
    let out_dir = scratch.join(format!("out-{threads}"));
    let _ = std::fs::remove_dir_all(&idx);
    let start = Instant::now();
    let out = command(bin, threads, pin)
        .args([
            "ingest",
            "-q",
            "--rebuild",
            "--threads",
            &threads.to_string(),
        ])
        .arg(input)
        .arg("--index")
        .arg(&idx)
        .arg("--out")
        .arg(&out_dir)
        .output()
        .expect("thidua ingest");
    let secs = start.elapsed().as_secs_f64();
    assert!(
        out.status.success(),
        "thidua ingest failed ({:?}): {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out_dir.join("ingest-summary.json")).unwrap())
            .unwrap();
    let n = |k: &str| summary[k].as_u64().unwrap_or(0);
    assert_eq!(
        n("read"),
        n("indexed") + n("skipped") + n("failed"),
        "counts must add up"
    );
    Measure {
        docs: n("read"),
        bytes: n("document_bytes"),
        secs,
        cpu: summary["cpu_secs"].as_f64().unwrap_or(0.0),
        rss: n("peak_rss_bytes"),
    }
}

fn best(runs: usize, mut f: impl FnMut() -> Measure) -> Measure {
    (0..runs.max(1))
        .map(|_| f())
        .min_by(|a, b| a.secs.total_cmp(&b.secs))
        .unwrap()
}

fn default_input() -> Option<PathBuf> {
    if let Ok(p) = std::env::var("THIDUA_BENCH_INPUT") {
        return Some(PathBuf::from(p));
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    [
        root.join("../shared/corpus/news/baomoi-2017.tar.gz"),
        root.join("../../shared/corpus/news/baomoi-2017.tar.gz"),
    ]
    .into_iter()
    .find(|p| p.is_file())
}

fn main() {
    if let Ok(t) = std::env::var(BASELINE_ENV) {
        let input = PathBuf::from(std::env::var("THIDUA_BENCH_INPUT").unwrap());
        if t == "read" {
            read_only_child(&input);
            return;
        }
        let scratch = PathBuf::from(std::env::var("THIDUA_BENCH_SCRATCH").unwrap());
        if t == "stages" {
            stages_child(&input, &scratch);
            return;
        }
        baseline_child(&input, t.parse().unwrap_or(1), &scratch);
        return;
    }
    let Some(input) = default_input() else {
        eprintln!("skipped: ../shared/corpus/news/baomoi-2017.tar.gz not found");
        return;
    };
    if !input.is_file() {
        eprintln!("skipped: {} not found", input.display());
        return;
    }
    let threads: Vec<usize> = std::env::var("THIDUA_BENCH_THREADS")
        .unwrap_or_else(|_| "1,2".into())
        .split(',')
        .filter_map(|t| t.trim().parse().ok())
        .collect();
    let runs: usize = std::env::var("THIDUA_BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(1);
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let pin = std::env::var("THIDUA_BENCH_PIN").map_or(true, |v| v != "0")
        && threads.iter().all(|&t| t >= 1 && t <= cores)
        && Command::new("taskset")
            .arg("-p")
            .arg("1")
            .output()
            .is_ok_and(|o| o.status.success());
    let load = std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default();
    let scratch = tempfile::tempdir().expect("scratch folder");
    let bin = binary_copy(scratch.path());
    println!(
        "ingest bench: {} ({:.1} MB on disk), best of {runs}, {}",
        input.display(),
        std::fs::metadata(&input).map_or(0, |m| m.len()) as f64 / 1e6,
        if pin {
            "each run pinned to as many cores as threads (taskset)"
        } else {
            "runs not pinned to cores"
        }
    );
    println!(
        "{:<10} {:>7} {:>8} {:>9} {:>9} {:>9} {:>8} {:>9}",
        "run", "threads", "docs", "secs", "cpu secs", "docs/s", "MB/s", "peak MB"
    );
    let read = best(runs, || run_read_only(&input, pin));
    println!(
        "{:<10} {:>7} {:>8} {:>9.2} {:>9.2} {:>9.0} {:>8.2} {:>9.0}",
        "read only",
        1,
        read.docs,
        read.secs,
        read.cpu,
        read.docs_per_sec(),
        read.mb_per_sec(),
        read.rss as f64 / 1e6
    );
    let mut rows = Vec::new();
    for &t in &threads {
        let base = best(runs, || run_baseline(&input, t, scratch.path(), pin));
        let full = best(runs, || run_full(&bin, &input, t, scratch.path(), pin));
        for (name, m) in [("baseline", &base), ("thidua", &full)] {
            println!(
                "{:<10} {:>7} {:>8} {:>9.2} {:>9.2} {:>9.0} {:>8.2} {:>9.0}",
                name,
                t,
                m.docs,
                m.secs,
                m.cpu,
                m.docs_per_sec(),
                m.mb_per_sec(),
                m.rss as f64 / 1e6
            );
        }
        rows.push((t, base, full));
    }
    let mut ok = true;
    let mut floor = |good: bool, what: String| {
        println!("{} {what}", if good { "ok  " } else { "MISS" });
        ok &= good;
    };
    for (t, base, full) in &rows {
        let ratio = full.secs / base.secs;
        floor(
            ratio <= 1.5,
            format!(
                "{t} thread(s): full pipeline / baseline time = {ratio:.2} (floor <= 1.5; CPU time ratio {:.2})",
                full.cpu / base.cpu.max(1e-9)
            ),
        );
        floor(
            full.rss < 1_000_000_000,
            format!(
                "{t} thread(s): peak RSS {:.0} MB (floor < 1000 MB)",
                full.rss as f64 / 1e6
            ),
        );
    }
    let t1 = rows.iter().find(|r| r.0 == 1);
    let t2 = rows.iter().find(|r| r.0 == 2);
    if let (Some(a), Some(b)) = (t1, t2) {
        let speedup = a.2.secs / b.2.secs;
        floor(
            speedup >= 1.7,
            format!("2 threads are {speedup:.2}x faster than 1 (floor >= 1.7)"),
        );
        println!(
            "baseline scaling for reference: {:.2}x",
            a.1.secs / b.1.secs
        );
    }
    if std::env::var("THIDUA_BENCH_STAGES").map_or(true, |v| v != "0") {
        // Where one core's time goes: each stage alone over documents already in memory.
        let stages = run_stages(&input, scratch.path(), pin);
        let base = t1.map_or(read.secs, |r| r.1.secs);
        println!(
            "stages alone on one core (documents in memory; ratio to the baseline's whole 1-thread run):"
        );
        for (name, secs) in &stages {
            let what = match name.as_str() {
                "baseline-index" => "baseline index (default tokenizer, one field)",
                "text" => "text stage (decode, repair, normalize, clean)",
                "extract" => "extraction",
                "two-fields" => "index: exact + folded fields only, nothing stored",
                "index" => "index: thidua's documents (all fields, stored text)",
                other => other,
            };
            println!("  {what:<56} {secs:>7.2} s {:>6.2}x", secs / base);
        }
    }
    println!(
        "cores available: {}; load average before the run: {}",
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        load
    );
    if !ok && std::env::var_os("THIDUA_BENCH_STRICT").is_some() {
        std::process::exit(1);
    }
}
