//! Runs the stages in parallel: source -> text -> extract -> a sink (index, tables, stdout).
//!
//! A reader thread streams inputs in chunks (bounded in count and bytes) through a bounded
//! channel, so memory stays bounded however large the input. Each chunk is decoded, normalized,
//! cleaned and extracted in parallel (rayon) while the previous chunk's results are handed to the
//! sink one by one in input order, so the output is the same whatever the thread count. Every
//! input ends as indexed, skipped or failed, with its reason; a panic while processing one
//! document fails that document only.

use crate::extract::extract;
use crate::model::{Record, TextReport};
use crate::source::{self, InputProgress, Item, SourceOptions};
use crate::text::{self, TextError};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::sync_channel;
use std::time::{Duration, Instant};

/// Most inputs read and processed together.
const CHUNK: usize = 256;
/// Most document bytes in one chunk.
const CHUNK_BYTES: usize = 32 << 20;

/// What became of one input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "lowercase")]
pub enum Disposition {
    /// Processed and handed to the sink.
    Indexed,
    /// Deliberately not processed.
    Skipped {
        /// Why.
        reason: String,
    },
    /// Could not be processed.
    Failed {
        /// Why.
        reason: String,
    },
}

impl Disposition {
    /// The reason, for inputs not indexed.
    pub fn reason(&self) -> Option<&str> {
        match self {
            Disposition::Indexed => None,
            Disposition::Skipped { reason } | Disposition::Failed { reason } => Some(reason),
        }
    }
}

/// One line of the run report: an input that was not indexed, and why.
#[derive(Debug, Clone, Serialize)]
pub struct ReportLine {
    /// The path or `archive!member`.
    pub source: String,
    /// What became of it.
    #[serde(flatten)]
    pub disposition: Disposition,
    /// For a duplicate, the source indexed in its place.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duplicate_of: Option<String>,
}

/// The totals of a run.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    /// Inputs read (files and archive members).
    pub read: usize,
    /// Inputs processed and handed to the sink.
    pub indexed: usize,
    /// Inputs skipped, with reasons (duplicates included).
    pub skipped: usize,
    /// Inputs that failed, with reasons.
    pub failed: usize,
    /// Skipped inputs whose text was identical to an earlier one's.
    pub duplicates: usize,
    /// Bytes of documents read (after decompression).
    pub bytes: u64,
    /// Bytes of input files read so far, as stored (compressed).
    pub input_bytes: u64,
    /// Total bytes of the input files, once measured.
    pub input_total: Option<u64>,
    /// Wall time.
    pub elapsed: Duration,
    /// The inputs that were not indexed: all of them, or the first
    /// [`RunOptions::report_limit`] (the sink sees every one through [`Sink::not_indexed`]).
    pub report: Vec<ReportLine>,
    /// Counts of inputs not indexed by status and kind of reason.
    reasons: BTreeMap<(&'static str, String), usize>,
}

impl Summary {
    /// True when every input was indexed or deliberately skipped.
    pub fn is_complete(&self) -> bool {
        self.failed == 0
    }

    /// Documents per second.
    pub fn docs_per_sec(&self) -> f64 {
        self.read as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }

    /// Megabytes (10^6 bytes) per second.
    pub fn mb_per_sec(&self) -> f64 {
        self.bytes as f64 / 1e6 / self.elapsed.as_secs_f64().max(1e-9)
    }

    /// Counts of inputs not indexed by status and kind of reason (the reason up to its first
    /// `:`), most frequent first.
    pub fn breakdown(&self) -> Vec<(&'static str, String, usize)> {
        let mut v: Vec<_> = self
            .reasons
            .iter()
            .map(|((s, k), n)| (*s, k.clone(), *n))
            .collect();
        v.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| (a.0, &a.1).cmp(&(b.0, &b.1))));
        v
    }

    /// Counts one input; returns its report line when it was not indexed.
    fn note(
        &mut self,
        source: String,
        d: Disposition,
        duplicate_of: Option<String>,
    ) -> Option<ReportLine> {
        let status = match &d {
            Disposition::Indexed => {
                self.indexed += 1;
                return None;
            }
            Disposition::Skipped { .. } => {
                self.skipped += 1;
                "skipped"
            }
            Disposition::Failed { .. } => {
                self.failed += 1;
                "failed"
            }
        };
        if duplicate_of.is_some() {
            self.duplicates += 1;
        }
        let reason = d.reason().unwrap_or_default();
        let kind = reason
            .split(':')
            .next()
            .unwrap_or(reason)
            .trim()
            .to_string();
        *self.reasons.entry((status, kind)).or_default() += 1;
        Some(ReportLine {
            source,
            disposition: d,
            duplicate_of,
        })
    }
}

/// A processed document: its record and what the text stage did.
#[derive(Debug, Clone)]
pub struct Processed {
    /// The article and its extraction.
    pub record: Record,
    /// What was detected, repaired and removed.
    pub report: TextReport,
}

/// Receives processed documents in input order.
pub trait Sink {
    /// Takes one document; an error marks that input as failed, and the run goes on.
    fn accept(&mut self, doc: Processed) -> Result<(), String>;

    /// Told of a later document whose normalized text is identical to that of the document
    /// `first` already accepted (only when deduplicating); the document itself is not indexed.
    fn duplicate(&mut self, doc: &Processed, first: &str) -> Result<(), String> {
        let _ = (doc, first);
        Ok(())
    }

    /// Told of every input that was not indexed, in input order (to write a report as the run
    /// goes).
    fn not_indexed(&mut self, line: &ReportLine) {
        let _ = line;
    }
}

impl<F: FnMut(Processed) -> Result<(), String>> Sink for F {
    fn accept(&mut self, doc: Processed) -> Result<(), String> {
        self(doc)
    }
}

/// Called with the running totals after each chunk.
pub type ProgressFn = Arc<dyn Fn(&Summary) + Send + Sync>;

/// How a run reads and reports.
#[derive(Clone, Default)]
pub struct RunOptions {
    /// How inputs are read.
    pub source: SourceOptions,
    /// Index each normalized text once; later identical texts are skipped as duplicates and
    /// reported to [`Sink::duplicate`].
    pub dedup: bool,
    /// Called after each chunk with the running totals (for progress display); when set, the
    /// total size of the inputs is measured in the background (for an ETA).
    pub progress: Option<ProgressFn>,
    /// Keep at most this many report lines in [`Summary::report`] (all when `None`); the counts
    /// and [`Sink::not_indexed`] still see every input, so memory stays bounded on long runs.
    pub report_limit: Option<usize>,
}

impl fmt::Debug for RunOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RunOptions")
            .field("source", &self.source)
            .field("dedup", &self.dedup)
            .field("progress", &self.progress.is_some())
            .field("report_limit", &self.report_limit)
            .finish()
    }
}

/// Decodes, normalizes, cleans and extracts one document.
pub fn process(raw: &crate::model::RawDoc) -> Result<Processed, TextError> {
    let prepared = text::prepare(raw)?;
    let extraction = extract(&prepared.article);
    Ok(Processed {
        record: Record {
            article: prepared.article,
            extraction,
            duplicate_sources: Vec::new(),
        },
        report: prepared.report,
    })
}

/// The outcome of one input: its source, its size and the processed document or disposition.
type Outcome = (String, u64, Result<Processed, Disposition>);

fn process_item(item: Item) -> Outcome {
    match item {
        Item::Doc(raw) => {
            let n = raw.bytes.len() as u64;
            let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| process(&raw)));
            let r = match r {
                Ok(Ok(p)) => Ok(p),
                Ok(Err(e)) => Err(Disposition::Skipped {
                    reason: e.to_string(),
                }),
                Err(panic) => {
                    let msg = panic
                        .downcast_ref::<&str>()
                        .map(|s| s.to_string())
                        .or_else(|| panic.downcast_ref::<String>().cloned())
                        .unwrap_or_default();
                    Err(Disposition::Failed {
                        reason: format!("internal error: processing panicked: {msg}"),
                    })
                }
            };
            (raw.source, n, r)
        }
        Item::Skipped { source, reason } => (source, 0, Err(Disposition::Skipped { reason })),
        Item::Failed { source, reason } => (source, 0, Err(Disposition::Failed { reason })),
    }
}

/// The dedup key of an article id (16 hex digits; anything else is hashed).
fn id_key(id: &str) -> u64 {
    u64::from_str_radix(id, 16).unwrap_or_else(|_| xxhash_rust::xxh3::xxh3_64(id.as_bytes()))
}

/// Hands processed documents to the sink in order, deduplicating and counting.
struct Deliver<'a> {
    opts: &'a RunOptions,
    sink: &'a mut dyn Sink,
    summary: Summary,
    seen: HashMap<u64, String>,
    progress: Arc<InputProgress>,
    start: Instant,
}

impl Deliver<'_> {
    /// Hands over one chunk's results; `read_to` is the input progress when it was read.
    fn chunk(&mut self, results: Vec<Outcome>, read_to: u64) {
        for (source, n, r) in results {
            self.summary.read += 1;
            self.summary.bytes += n;
            let mut duplicate_of = None;
            let d = match r {
                Err(d) => d,
                Ok(doc) => {
                    let key = id_key(&doc.record.article.id);
                    match self.opts.dedup.then(|| self.seen.get(&key)).flatten() {
                        Some(first) => match self.sink.duplicate(&doc, first) {
                            Ok(()) => {
                                duplicate_of = Some(first.clone());
                                Disposition::Skipped {
                                    reason: format!("duplicate: same text as {first}"),
                                }
                            }
                            Err(reason) => Disposition::Failed { reason },
                        },
                        None => match self.sink.accept(doc) {
                            Ok(()) => {
                                if self.opts.dedup {
                                    self.seen.insert(key, source.clone());
                                }
                                Disposition::Indexed
                            }
                            Err(reason) => Disposition::Failed { reason },
                        },
                    }
                }
            };
            if let Some(line) = self.summary.note(source, d, duplicate_of) {
                self.sink.not_indexed(&line);
                if self
                    .opts
                    .report_limit
                    .is_none_or(|l| self.summary.report.len() < l)
                {
                    self.summary.report.push(line);
                }
            }
        }
        self.summary.elapsed = self.start.elapsed();
        self.summary.input_bytes = read_to;
        self.summary.input_total = self.progress.total();
        if let Some(p) = &self.opts.progress {
            p(&self.summary);
        }
    }
}

/// Reads `paths`, processes every document in parallel and hands the results to `sink` in
/// input order. Returns the totals and the report of every input that was not indexed.
///
/// Processing runs on the current rayon pool (the global one, or the pool of an enclosing
/// `ThreadPool::install`).
pub fn run(paths: &[PathBuf], opts: &RunOptions, sink: &mut dyn Sink) -> Summary {
    let start = Instant::now();
    let progress = Arc::new(InputProgress::default());
    if opts.progress.is_some() {
        let (paths, source_opts, progress) =
            (paths.to_vec(), opts.source.clone(), Arc::clone(&progress));
        std::thread::spawn(move || progress.set_total(source::measure(&paths, &source_opts)));
    }
    // Each chunk travels with how far the reader had come in the input files when it was full.
    let (tx, rx) = sync_channel::<(Vec<Item>, u64)>(2);
    let reader = {
        let (paths, source_opts, progress) =
            (paths.to_vec(), opts.source.clone(), Arc::clone(&progress));
        std::thread::spawn(move || {
            let mut chunk = Vec::with_capacity(CHUNK);
            let mut bytes = 0usize;
            source::read_each(&paths, &source_opts, &progress, &mut |item| {
                if let Item::Doc(d) = &item {
                    bytes += d.bytes.len();
                }
                chunk.push(item);
                if chunk.len() >= CHUNK || bytes >= CHUNK_BYTES {
                    bytes = 0;
                    return tx
                        .send((std::mem::take(&mut chunk), progress.done()))
                        .is_ok();
                }
                true
            });
            if !chunk.is_empty() {
                let _ = tx.send((chunk, progress.done()));
            }
        })
    };
    let mut deliver = Deliver {
        opts,
        sink,
        summary: Summary::default(),
        seen: HashMap::new(),
        progress: Arc::clone(&progress),
        start,
    };
    // Process chunk k on the pool while the sink takes chunk k-1 on this thread.
    let mut pending: Option<(Vec<Outcome>, u64)> = None;
    for (chunk, read_to) in rx {
        let mut next = None;
        rayon::in_place_scope(|s| {
            s.spawn(|_| {
                let done: Vec<Outcome> = chunk
                    .into_par_iter()
                    .with_max_len(4)
                    .map(process_item)
                    .collect();
                next = Some((done, read_to));
            });
            if let Some((prev, read_to)) = pending.take() {
                deliver.chunk(prev, read_to);
            }
        });
        pending = next;
    }
    if let Some((prev, read_to)) = pending.take() {
        deliver.chunk(prev, read_to);
    }
    if reader.join().is_err() {
        let source = paths
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(" ");
        let d = Disposition::Failed {
            reason: "internal error: the reader stopped unexpectedly".into(),
        };
        if let Some(line) = deliver.summary.note(source, d, None) {
            deliver.sink.not_indexed(&line);
            deliver.summary.report.push(line);
        }
    }
    let mut summary = deliver.summary;
    summary.elapsed = start.elapsed();
    summary.input_bytes = progress.done();
    summary.input_total = progress.total();
    summary
}

/// Peak resident memory of this process in bytes (`VmHWM`), where the system tells it.
pub fn peak_rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line
        .trim_start_matches("VmHWM:")
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kb * 1024)
}

/// CPU time (user and system, all threads) used by this process so far, in seconds, where the
/// system tells it.
pub fn cpu_time_secs() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which is in parentheses and may hold spaces).
    let rest = &stat[stat.rfind(')')? + 1..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks = f.get(11)?.parse::<u64>().ok()? + f.get(12)?.parse::<u64>().ok()?;
    // Linux reports in USER_HZ, 100 per second on every mainstream platform.
    Some(ticks as f64 / 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn corpus(dir: &std::path::Path, n: usize) {
        for i in 0..n {
            let text = format!(
                "Tiêu đề {}\nKhối thi đua số {} tổng kết năm {}.\n",
                i % 7,
                i % 7,
                2000 + i % 7
            );
            std::fs::write(dir.join(format!("{i:03}.txt")), text).unwrap();
        }
        std::fs::write(dir.join("empty.txt"), "").unwrap();
        std::fs::write(dir.join("blank.txt"), "\n \n").unwrap();
    }

    fn run_with(threads: usize, dir: &std::path::Path) -> (Vec<(String, String)>, Summary) {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        let mut out = Vec::new();
        let summary = pool.install(|| {
            let mut sink = |p: Processed| {
                out.push((p.record.article.source.clone(), p.record.article.id.clone()));
                Ok(())
            };
            let opts = RunOptions {
                dedup: true,
                ..RunOptions::default()
            };
            run(&[dir.to_path_buf()], &opts, &mut sink)
        });
        (out, summary)
    }

    #[test]
    fn output_is_the_same_whatever_the_thread_count() {
        let dir = tempfile::tempdir().unwrap();
        corpus(dir.path(), 700);
        let (one, s1) = run_with(1, dir.path());
        let (four, s4) = run_with(4, dir.path());
        assert_eq!(one, four);
        assert_eq!(s1.read, 702);
        assert_eq!(s1.read, s1.indexed + s1.skipped + s1.failed);
        // Seven distinct texts; the rest are duplicates.
        assert_eq!(s1.indexed, 7);
        assert_eq!(s1.duplicates, 693);
        let r1: Vec<String> = s1.report.iter().map(|l| l.source.clone()).collect();
        let r4: Vec<String> = s4.report.iter().map(|l| l.source.clone()).collect();
        assert_eq!(r1, r4);
    }

    #[test]
    fn duplicates_name_the_first_source_and_reach_the_sink() {
        struct S {
            accepted: Vec<String>,
            dups: Vec<(String, String)>,
        }
        impl Sink for S {
            fn accept(&mut self, doc: Processed) -> Result<(), String> {
                self.accepted.push(doc.record.article.source);
                Ok(())
            }
            fn duplicate(&mut self, doc: &Processed, first: &str) -> Result<(), String> {
                self.dups
                    .push((doc.record.article.source.clone(), first.to_string()));
                Ok(())
            }
        }
        let dir = tempfile::tempdir().unwrap();
        for n in ["a.txt", "b.txt", "c.txt"] {
            std::fs::write(
                dir.path().join(n),
                "Khối thi đua số 6 tổng kết năm 2018\nNgày 07/3/2019, Khối thi đua số 6 tổ chức hội nghị tổng kết công tác thi đua, khen thưởng năm 2018.\n",
            )
            .unwrap();
        }
        let mut s = S {
            accepted: vec![],
            dups: vec![],
        };
        let opts = RunOptions {
            dedup: true,
            ..RunOptions::default()
        };
        let summary = run(&[dir.path().to_path_buf()], &opts, &mut s);
        assert_eq!(s.accepted.len(), 1);
        assert!(s.accepted[0].ends_with("a.txt"));
        assert_eq!(s.dups.len(), 2);
        assert!(s.dups.iter().all(|(_, first)| first.ends_with("a.txt")));
        assert_eq!(summary.duplicates, 2);
        let l = &summary.report[0];
        assert!(l.duplicate_of.as_deref().unwrap().ends_with("a.txt"));
        let json = serde_json::to_value(l).unwrap();
        assert_eq!(json["status"], "skipped");
        assert!(json["reason"].as_str().unwrap().starts_with("duplicate"));
    }

    #[test]
    fn sink_errors_fail_the_document_only() {
        let dir = tempfile::tempdir().unwrap();
        corpus(dir.path(), 3);
        let mut n = 0;
        let mut sink = |_p: Processed| {
            n += 1;
            if n == 2 {
                Err("disk full".to_string())
            } else {
                Ok(())
            }
        };
        let s = run(
            &[dir.path().to_path_buf()],
            &RunOptions::default(),
            &mut sink,
        );
        assert_eq!(s.failed, 1);
        assert_eq!(s.indexed, 2);
        assert!(!s.is_complete());
        let kinds = s.breakdown();
        assert!(
            kinds
                .iter()
                .any(|(st, k, c)| *st == "failed" && k == "disk full" && *c == 1)
        );
    }

    #[test]
    fn report_limit_bounds_memory_but_the_sink_sees_every_line() {
        struct S(usize);
        impl Sink for S {
            fn accept(&mut self, _doc: Processed) -> Result<(), String> {
                Ok(())
            }
            fn not_indexed(&mut self, _line: &ReportLine) {
                self.0 += 1;
            }
        }
        let dir = tempfile::tempdir().unwrap();
        corpus(dir.path(), 50);
        let opts = RunOptions {
            dedup: true,
            report_limit: Some(5),
            ..RunOptions::default()
        };
        let mut sink = S(0);
        let s = run(&[dir.path().to_path_buf()], &opts, &mut sink);
        assert_eq!(s.report.len(), 5);
        assert_eq!(sink.0, s.skipped + s.failed);
        assert_eq!(
            s.breakdown().iter().map(|b| b.2).sum::<usize>(),
            s.skipped + s.failed
        );
    }

    #[test]
    fn progress_is_reported_with_the_input_total() {
        let dir = tempfile::tempdir().unwrap();
        corpus(dir.path(), 10);
        let seen = Arc::new(std::sync::Mutex::new(Vec::new()));
        let s2 = Arc::clone(&seen);
        let opts = RunOptions {
            progress: Some(Arc::new(move |s: &Summary| {
                s2.lock().unwrap().push((s.read, s.input_bytes))
            })),
            ..RunOptions::default()
        };
        let mut sink = |_p: Processed| Ok(());
        let s = run(&[dir.path().to_path_buf()], &opts, &mut sink);
        let seen = seen.lock().unwrap();
        assert_eq!(seen.last().unwrap().0, 12);
        let on_disk: u64 = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().metadata().unwrap().len())
            .sum();
        assert_eq!(s.input_bytes, on_disk);
    }

    #[test]
    fn peak_rss_and_cpu_time_are_known_on_linux() {
        if cfg!(target_os = "linux") {
            assert!(peak_rss_bytes().unwrap() > 1 << 20);
            let before = cpu_time_secs().unwrap();
            let mut x = 0u64;
            let t = Instant::now();
            while t.elapsed() < Duration::from_millis(60) {
                x = x.wrapping_add(std::hint::black_box(1));
            }
            assert!(x > 0);
            assert!(cpu_time_secs().unwrap() > before);
        }
    }
}
