//! Runs the stages in parallel: source -> text -> extract -> a sink (index, tables, stdout).
//!
//! A reader thread streams inputs in chunks through a bounded channel, so memory stays bounded
//! however large the input. Each chunk is decoded, normalized, cleaned and extracted in parallel
//! (rayon); the results are then handed to the sink one by one in input order, so the output is the
//! same whatever the thread count. Every input ends as indexed, skipped or failed, with its reason.

use crate::extract::extract;
use crate::model::{Record, TextReport};
use crate::source::{self, Item, SourceOptions};
use crate::text::{self, TextError};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::mpsc::sync_channel;
use std::time::{Duration, Instant};

/// Number of inputs read and processed together.
const CHUNK: usize = 256;

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

/// One line of the run report: an input that was not indexed, and why.
#[derive(Debug, Clone, Serialize)]
pub struct ReportLine {
    /// The path or `archive!member`.
    pub source: String,
    /// What became of it.
    #[serde(flatten)]
    pub disposition: Disposition,
}

/// The totals of a run.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    /// Inputs read (files and archive members).
    pub read: usize,
    /// Inputs processed and handed to the sink.
    pub indexed: usize,
    /// Inputs skipped, with reasons.
    pub skipped: usize,
    /// Inputs that failed, with reasons.
    pub failed: usize,
    /// Bytes of documents read (after decompression).
    pub bytes: u64,
    /// Wall time.
    pub elapsed: Duration,
    /// Every input that was not indexed.
    pub report: Vec<ReportLine>,
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

    fn note(&mut self, source: String, d: Disposition) {
        match &d {
            Disposition::Indexed => self.indexed += 1,
            Disposition::Skipped { .. } => self.skipped += 1,
            Disposition::Failed { .. } => self.failed += 1,
        }
        if d != Disposition::Indexed {
            self.report.push(ReportLine {
                source,
                disposition: d,
            });
        }
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
}

impl<F: FnMut(Processed) -> Result<(), String>> Sink for F {
    fn accept(&mut self, doc: Processed) -> Result<(), String> {
        self(doc)
    }
}

/// How a run reads and reports.
#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    /// How inputs are read.
    pub source: SourceOptions,
    /// Index each normalized text once; later identical texts are skipped as duplicates.
    pub dedup: bool,
    /// Called after each chunk with the running totals (for progress display).
    pub progress: Option<fn(&Summary)>,
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

/// Reads `paths`, processes every document in parallel and hands the results to `sink` in
/// input order. Returns the totals and the report of every input that was not indexed.
pub fn run(paths: &[PathBuf], opts: &RunOptions, sink: &mut dyn Sink) -> Summary {
    let start = Instant::now();
    let (tx, rx) = sync_channel::<Vec<Item>>(2);
    let paths = paths.to_vec();
    let source_opts = opts.source.clone();
    let reader = std::thread::spawn(move || {
        let mut chunk = Vec::with_capacity(CHUNK);
        for item in source::read_all(&paths, &source_opts) {
            chunk.push(item);
            if chunk.len() == CHUNK && tx.send(std::mem::take(&mut chunk)).is_err() {
                return;
            }
        }
        if !chunk.is_empty() {
            let _ = tx.send(chunk);
        }
    });
    let mut summary = Summary::default();
    let mut seen: HashMap<String, String> = HashMap::new();
    for chunk in rx {
        let results: Vec<(String, u64, Result<Processed, Disposition>)> = chunk
            .into_par_iter()
            .map(|item| match item {
                Item::Doc(raw) => {
                    let n = raw.bytes.len() as u64;
                    let r = process(&raw).map_err(|e| match e {
                        TextError::Empty => Disposition::Skipped {
                            reason: e.to_string(),
                        },
                        TextError::NotText(_) => Disposition::Skipped {
                            reason: e.to_string(),
                        },
                    });
                    (raw.source, n, r)
                }
                Item::Skipped { source, reason } => {
                    (source, 0, Err(Disposition::Skipped { reason }))
                }
                Item::Failed { source, reason } => (source, 0, Err(Disposition::Failed { reason })),
            })
            .collect();
        for (source, n, r) in results {
            summary.read += 1;
            summary.bytes += n;
            let d = match r {
                Err(d) => d,
                Ok(doc) => {
                    let id = doc.record.article.id.clone();
                    match opts.dedup.then(|| seen.get(&id)).flatten() {
                        Some(first) => Disposition::Skipped {
                            reason: format!("duplicate of {first}"),
                        },
                        None => {
                            if opts.dedup {
                                seen.insert(id, source.clone());
                            }
                            match sink.accept(doc) {
                                Ok(()) => Disposition::Indexed,
                                Err(reason) => Disposition::Failed { reason },
                            }
                        }
                    }
                }
            };
            summary.note(source, d);
        }
        summary.elapsed = start.elapsed();
        if let Some(p) = opts.progress {
            p(&summary);
        }
    }
    let _ = reader.join();
    summary.elapsed = start.elapsed();
    summary
}
