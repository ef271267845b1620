//! `thidua ingest`: read archives, build the index, write the tables.
//!
//! The index is committed in batches, so a run that is killed leaves the last commit readable;
//! running the same command again completes it (documents are added by id, so none twice).
//! Next to the tables go `ingest-report.jsonl` (one line per input not indexed, with the reason)
//! and `ingest-summary.json` (the totals). The exit status is 3 when any input failed.

use super::{DEFAULT_EXPORTS, DEFAULT_INDEX, inputs_or_corpus};
use anyhow::Context;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};
use thidua::export::{self, ExportOptions};
use thidua::index::Indexer;
use thidua::pipeline::{self, Processed, RunOptions, Sink, Summary};
use thidua::source::{JsonFields, PathFilter, SourceOptions};

/// Arguments of `thidua ingest`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  thidua ingest corpus/ --index indexes/default --out exports
  thidua ingest news.tar.gz feed.jsonl.gz crawl.warc.gz --threads 2
  thidua ingest dump/ --include '*.txt' --exclude 'drafts/**'
  thidua ingest records.json --json-title headline --json-text body --json-url meta.uri

Reads folders (recursively), .txt, .html, .json (arrays), .jsonl, .warc, each optionally .gz
or .zst, and .tar, .tar.gz, .zip archives. Members are named archive!member, JSON and WARC
records FILE!N.")]
pub struct Args {
    /// Files or folders to read (default: corpus/).
    pub paths: Vec<PathBuf>,
    /// Index directory.
    #[arg(long, default_value = DEFAULT_INDEX)]
    pub index: PathBuf,
    /// Output directory for the tables and the run report.
    #[arg(long, default_value = DEFAULT_EXPORTS)]
    pub out: PathBuf,
    /// Worker threads (default: all cores).
    #[arg(long)]
    pub threads: Option<usize>,
    /// Delete the existing index and start over.
    #[arg(long)]
    pub rebuild: bool,
    /// Read only files and members matching this glob (repeatable; `*.txt`, `data/**/*.html`).
    #[arg(long, value_name = "GLOB")]
    pub include: Vec<String>,
    /// Skip files, folders and members matching this glob (repeatable).
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// JSON field holding the title (dotted paths reach into objects: `meta.title`).
    #[arg(long, value_name = "FIELD")]
    pub json_title: Option<String>,
    /// JSON field holding the text.
    #[arg(long, value_name = "FIELD")]
    pub json_text: Option<String>,
    /// JSON field holding the URL.
    #[arg(long, value_name = "FIELD")]
    pub json_url: Option<String>,
    /// JSON field holding the publication date.
    #[arg(long, value_name = "FIELD")]
    pub json_date: Option<String>,
    /// Largest document accepted after decompression (`16M`, `512K`, bytes without a suffix).
    #[arg(long, value_name = "SIZE", default_value = "16M", value_parser = parse_size)]
    pub max_bytes: u64,
    /// Stop after this many inputs.
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
    /// Commit the index after this many documents (and at least every 30 seconds).
    #[arg(long, value_name = "N", default_value_t = 50_000)]
    pub commit_every: usize,
}

/// Parses a size with an optional `K`, `M` or `G` suffix (powers of 1024).
pub fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let (num, mult) = match t.chars().last().map(|c| c.to_ascii_uppercase()) {
        Some('K') => (&t[..t.len() - 1], 1u64 << 10),
        Some('M') => (&t[..t.len() - 1], 1 << 20),
        Some('G') => (&t[..t.len() - 1], 1 << 30),
        _ => (t, 1),
    };
    let n: u64 = num
        .trim()
        .parse()
        .map_err(|_| format!("not a size: {s:?} (examples: 16M, 512K, 1000000)"))?;
    n.checked_mul(mult)
        .filter(|&v| v > 0)
        .ok_or_else(|| format!("size out of range: {s:?}"))
}

/// Longest time between two commits.
/// Every commit starts a segment that tantivy merges later: a few large batches cost less than
/// many small ones, and a run killed loses at most this much work.
const COMMIT_INTERVAL: Duration = Duration::from_secs(30);

/// Adds documents to the index, commits in batches and builds the tables as documents arrive
/// (while their text is at hand for evidence sentences).
struct IngestSink<'a> {
    indexer: &'a mut Indexer,
    tables: export::TablesBuilder<'static>,
    since_commit: usize,
    last_commit: Instant,
    commit_every: usize,
    /// The run report, written as the run goes.
    report: std::io::BufWriter<std::fs::File>,
    report_error: Option<std::io::Error>,
}

impl IngestSink<'_> {
    fn maybe_commit(&mut self) -> Result<(), String> {
        self.since_commit += 1;
        if self.since_commit >= self.commit_every || self.last_commit.elapsed() >= COMMIT_INTERVAL {
            self.indexer
                .commit()
                .map_err(|e| format!("index commit failed: {e}"))?;
            self.since_commit = 0;
            self.last_commit = Instant::now();
        }
        Ok(())
    }
}

impl Sink for IngestSink<'_> {
    fn accept(&mut self, doc: Processed) -> Result<(), String> {
        self.indexer
            .add(&doc.record)
            .map_err(|e| format!("index: {e}"))?;
        self.tables
            .add(&doc.record)
            .map_err(|e| format!("tables: {e}"))?;
        self.maybe_commit()
    }

    fn duplicate(&mut self, doc: &Processed, _first: &str) -> Result<(), String> {
        // The tables list every source of the text on its one row.
        self.tables
            .add_duplicate_source(&doc.record.article.id, &doc.record.article.source);
        // The index keeps one document per text and learns of this source too, so that a later
        // run can still find the text here if the first source changes.
        self.indexer
            .add(&doc.record)
            .map_err(|e| format!("index: {e}"))?;
        self.maybe_commit()
    }

    fn not_indexed(&mut self, line: &pipeline::ReportLine) {
        if self.report_error.is_some() {
            return;
        }
        let written = serde_json::to_writer(&mut self.report, line)
            .map_err(std::io::Error::from)
            .and_then(|()| self.report.write_all(b"\n"));
        if let Err(e) = written {
            self.report_error = Some(e);
        }
    }
}

fn progress_bar(show: bool) -> ProgressBar {
    if !show {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr_with_hz(4));
    bar.set_style(
        ProgressStyle::with_template("{spinner} {elapsed_precise} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar.enable_steady_tick(Duration::from_millis(250));
    bar
}

fn update_bar(bar: &ProgressBar, s: &Summary) {
    if let Some(total) = s.input_total
        && bar.length() != Some(total)
    {
        bar.set_length(total);
        bar.set_style(
            ProgressStyle::with_template(
                "{spinner} {elapsed_precise} [{wide_bar}] {percent:>3}% {msg} ETA {eta}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
        );
    }
    bar.set_position(s.input_bytes.min(bar.length().unwrap_or(u64::MAX)));
    bar.set_message(format!(
        "{} docs ({} skip, {} fail) {:.0}/s {:.1} MB/s",
        s.read,
        s.skipped,
        s.failed,
        s.docs_per_sec(),
        s.mb_per_sec()
    ));
}

/// Runs `thidua ingest`.
pub fn run(args: Args, quiet: bool, verbose: u8) -> anyhow::Result<ExitCode> {
    if let Some(n) = args.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build_global()
            .context("setting up worker threads")?;
    }
    let excludes = super::excludes_for(&args.paths, &args.exclude);
    let filter = PathFilter::new(&args.include, &excludes).context("--include/--exclude")?;
    let paths = inputs_or_corpus(args.paths);
    let mut indexer = Indexer::open(&args.index, args.rebuild)
        .with_context(|| format!("opening index {}", args.index.display()))?;
    let bar = progress_bar(!quiet && std::io::stderr().is_terminal());
    let bar2 = bar.clone();
    let opts = RunOptions {
        dedup: true,
        source: SourceOptions {
            max_doc_bytes: args.max_bytes,
            filter,
            json: JsonFields {
                title: args.json_title,
                text: args.json_text,
                url: args.json_url,
                date: args.json_date,
            },
            limit: args.limit,
        },
        progress: Some(Arc::new(move |s: &Summary| update_bar(&bar2, s))),
        report_limit: Some(10_000),
    };
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("creating {}", args.out.display()))?;
    let report_path = args.out.join("ingest-report.jsonl");
    let report = std::fs::File::create(&report_path)
        .with_context(|| format!("creating {}", report_path.display()))?;
    let mut sink = IngestSink {
        indexer: &mut indexer,
        tables: export::TablesBuilder::default(),
        since_commit: 0,
        last_commit: Instant::now(),
        commit_every: args.commit_every.max(1),
        report: std::io::BufWriter::new(report),
        report_error: None,
    };
    let summary = pipeline::run(&paths, &opts, &mut sink);
    let (tables, mut report, report_error) = (sink.tables, sink.report, sink.report_error);
    bar.finish_and_clear();
    if let Some(e) = report_error {
        return Err(e).with_context(|| format!("writing {}", report_path.display()));
    }
    report
        .flush()
        .with_context(|| format!("writing {}", report_path.display()))?;
    indexer.commit().context("committing the index")?;
    let tables = tables.finish().context("building tables")?;
    let files = export::write_built(&tables, &args.out, &ExportOptions::default())
        .context("writing tables")?;
    let summary_path = args.out.join("ingest-summary.json");
    let elapsed = summary.elapsed.as_secs_f64();
    let totals = serde_json::json!({
        "read": summary.read,
        "indexed": summary.indexed,
        "skipped": summary.skipped,
        "failed": summary.failed,
        "duplicates": summary.duplicates,
        "document_bytes": summary.bytes,
        "input_bytes": summary.input_bytes,
        "elapsed_secs": elapsed,
        "docs_per_sec": summary.docs_per_sec(),
        "mb_per_sec": summary.mb_per_sec(),
        "threads": rayon::current_num_threads(),
        "peak_rss_bytes": pipeline::peak_rss_bytes(),
        "cpu_secs": pipeline::cpu_time_secs(),
        "reasons": summary.breakdown().iter().map(|(s, k, n)| serde_json::json!({"status": s, "reason": k, "count": n})).collect::<Vec<_>>(),
    });
    std::fs::write(&summary_path, serde_json::to_vec_pretty(&totals)?)
        .with_context(|| format!("writing {}", summary_path.display()))?;
    if !quiet {
        eprintln!(
            "read {} inputs: {} indexed, {} skipped ({} duplicates), {} failed in {:.2}s ({:.0} docs/s, {:.2} MB/s)",
            summary.read,
            summary.indexed,
            summary.skipped,
            summary.duplicates,
            summary.failed,
            elapsed,
            summary.docs_per_sec(),
            summary.mb_per_sec()
        );
        for (status, kind, n) in summary
            .breakdown()
            .iter()
            .take(if verbose > 0 { 50 } else { 8 })
        {
            eprintln!("  {status:>7} {n:>7}  {kind}");
        }
        if verbose > 0 {
            for l in summary.report.iter().filter(|l| {
                matches!(l.disposition, pipeline::Disposition::Failed { .. }) || verbose > 1
            }) {
                eprintln!(
                    "  {}: {}",
                    l.source,
                    l.disposition.reason().unwrap_or_default()
                );
            }
            if let Some(rss) = pipeline::peak_rss_bytes() {
                eprintln!("peak memory: {:.0} MB", rss as f64 / 1e6);
            }
        }
        eprintln!(
            "index: {}  tables: {} files in {}  report: {}",
            args.index.display(),
            files.len(),
            args.out.display(),
            report_path.display()
        );
    }
    Ok(if summary.is_complete() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("16M"), Ok(16 << 20));
        assert_eq!(parse_size("512k"), Ok(512 << 10));
        assert_eq!(parse_size("1000"), Ok(1000));
        assert_eq!(parse_size("2G"), Ok(2 << 30));
        assert!(parse_size("0").is_err());
        assert!(parse_size("lots").is_err());
    }
}
