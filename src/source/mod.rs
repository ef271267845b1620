//! The source stage: read inputs (folders, text, HTML, JSON, archives) as a stream of [`RawDoc`]s.
//!
//! Every input ends as exactly one [`Item`]: a document, or a skip or failure with its reason.

use crate::model::{Format, RawDoc};
use std::path::{Path, PathBuf};

/// One input, read: a document to process, or the reason it was not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    /// A document to decode and process.
    Doc(RawDoc),
    /// An input deliberately not processed (empty, not text, too large, ...).
    Skipped {
        /// The path or `archive!member`.
        source: String,
        /// Why.
        reason: String,
    },
    /// An input that could not be read.
    Failed {
        /// The path or `archive!member`.
        source: String,
        /// Why.
        reason: String,
    },
}

/// How inputs are read.
#[derive(Debug, Clone)]
pub struct SourceOptions {
    /// Largest document accepted, in bytes (after decompression).
    pub max_doc_bytes: u64,
}

impl Default for SourceOptions {
    fn default() -> Self {
        SourceOptions {
            max_doc_bytes: 16 << 20,
        }
    }
}

/// Streams the documents of `paths` (files or folders, recursively, in a stable order).
pub fn read_all(paths: &[PathBuf], opts: &SourceOptions) -> impl Iterator<Item = Item> {
    let mut files = Vec::new();
    for p in paths {
        collect(p, &mut files);
    }
    let opts = opts.clone();
    files.into_iter().map(move |p| read_file(&p, &opts))
}

fn collect(p: &Path, out: &mut Vec<PathBuf>) {
    if p.is_dir() {
        let mut entries: Vec<PathBuf> = match std::fs::read_dir(p) {
            Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).collect(),
            Err(_) => {
                out.push(p.to_path_buf());
                return;
            }
        };
        entries.sort();
        for e in entries {
            collect(&e, out);
        }
    } else {
        out.push(p.to_path_buf());
    }
}

fn read_file(p: &Path, opts: &SourceOptions) -> Item {
    let source = p.display().to_string();
    match std::fs::read(p) {
        Ok(bytes) if bytes.len() as u64 > opts.max_doc_bytes => Item::Skipped {
            source,
            reason: format!("too large: {} bytes", bytes.len()),
        },
        Ok(bytes) => {
            let format = format_of(&source, &bytes);
            Item::Doc(RawDoc {
                source,
                bytes,
                format,
                ..RawDoc::default()
            })
        }
        Err(e) => Item::Failed {
            source,
            reason: e.to_string(),
        },
    }
}

/// The format of a document, from its name and, failing that, its first bytes.
pub fn format_of(name: &str, bytes: &[u8]) -> Format {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".html") || lower.ends_with(".htm") {
        return Format::Html;
    }
    let head = &bytes[..bytes.len().min(512)];
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    let head = head.trim_start_matches('\u{feff}').trim_start();
    if head.starts_with("<!doctype html") || head.starts_with("<html") {
        Format::Html
    } else {
        Format::Text
    }
}
