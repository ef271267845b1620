//! The index stage: a tantivy index of articles with a Vietnamese analyzer, and search over it.
//!
//! - [`analyzer`]: the exact and folded analyzers (shared normalization, then tantivy's stock
//!   tokenizer and filters) and their fingerprint;
//! - [`one_pass`]: the same chain without normalization, in one pass, which the indexer uses;
//! - [`schema`]: the fields and how a [`Record`] becomes a document;
//! - [`facets`]: bloc, agency, award, province and year values from the extraction, and their
//!   counts over the hits of a search (from the postings of the facet fields);
//! - [`writer`]: [`Indexer`], idempotent adds and replacement of changed documents;
//! - [`query`]: the query language and its translation (exact spellings rank first);
//! - [`search`]: [`Searcher`], filters, sorting, facet counts and hits;
//! - [`snippet`]: passages with the matched words marked.
//!
//! ## Two fields per text, not both forms at one position
//! Each text is indexed twice, exact (`title`, `text`) and folded (`title_f`, `text_f`). The
//! alternative, one field holding the folded token plus an `=exact` token at the same position
//! where the diacritics differ, was measured on the 35,440 articles of baomoi-2017 (123.4 MB of
//! raw text; `benches/search.rs`): its text postings take 73 MB against 83 MB, the whole index
//! 144 MB against 159 MB (116% against 129% of the raw text; with tantivy's default tokenizer and
//! no folding: 113 MB, 92%), and queries run at the same speed (count + top 10 over the same 29
//! queries: p50 0.59 ms against 0.57 ms). For 10% more space, two fields keep the chain to stock
//! tantivy components (Quickwit can reproduce it), each field searchable alone, and the queries
//! free of marker terms.
//!
//! An index directory holds tantivy's files and `thidua-index.json`, which records the analyzer
//! fingerprint and schema version the index was built with; opening an index built differently
//! fails with an [`IndexError::Mismatch`] that says how to rebuild it.

pub mod analyzer;
pub mod facets;
pub mod one_pass;
pub mod query;
pub mod schema;
pub mod search;
pub mod snippet;
pub mod writer;

pub use search::Searcher;
pub use writer::{AddOutcome, Indexer};

use crate::model::Record;
use schema::Fields;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use tantivy::Index;

/// The file, inside an index directory, recording how the index was built.
pub const VERSION_FILE: &str = "thidua-index.json";

/// Errors of the index stage.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    /// tantivy failed.
    #[error("index {path}: {source}")]
    Tantivy {
        /// The index directory.
        path: PathBuf,
        /// The cause.
        source: tantivy::TantivyError,
    },
    /// Reading or writing a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// There is no index in the directory.
    #[error("no index in {path}: build one with `thidua ingest --index {path} <paths>`")]
    Missing {
        /// The directory.
        path: PathBuf,
    },
    /// The index was built by a different analyzer or schema.
    #[error(
        "index {path} was built with {found}, but this thidua uses {expected}; \
         rebuild it with `thidua ingest --rebuild --index {path} <paths>`"
    )]
    Mismatch {
        /// The directory.
        path: PathBuf,
        /// What the index was built with.
        found: String,
        /// What this build uses.
        expected: String,
    },
    /// `--rebuild` was asked for a directory that does not look like an index.
    #[error("{path} is not empty and holds no thidua index; refusing to delete it")]
    NotAnIndex {
        /// The directory.
        path: PathBuf,
    },
    /// A stored record could not be read or written.
    #[error("index {path}: stored record {id}: {reason}")]
    Record {
        /// The directory.
        path: PathBuf,
        /// The article id, when known.
        id: String,
        /// What went wrong.
        reason: String,
    },
    /// The query could not be understood.
    #[error("query `{query}`: {reason}")]
    Query {
        /// The query as given.
        query: String,
        /// What is wrong with it.
        reason: String,
    },
}

/// Filters that narrow a search (all optional; values matched folded).
#[derive(Debug, Clone, Default)]
pub struct Filters {
    /// Bloc name (or part of it).
    pub bloc: Option<String>,
    /// Agency name.
    pub agency: Option<String>,
    /// Award type.
    pub award: Option<String>,
    /// Province.
    pub province: Option<String>,
    /// Exact year (of publication or of a fact).
    pub year: Option<i32>,
    /// First year, inclusive.
    pub from: Option<i32>,
    /// Last year, inclusive.
    pub to: Option<i32>,
}

/// Order of the hits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SortBy {
    /// Best match first.
    #[default]
    Relevance,
    /// Newest first.
    Date,
}

/// A search.
#[derive(Debug, Clone, Default)]
pub struct SearchRequest {
    /// The query: words, "phrases", AND/OR/NOT, field:value.
    pub query: String,
    /// Most hits returned.
    pub limit: usize,
    /// Narrowing filters.
    pub filters: Filters,
    /// Order.
    pub sort: SortBy,
    /// Whether to count facets.
    pub facets: bool,
}

/// One search hit.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Hit {
    /// Article id.
    pub id: String,
    /// Source path.
    pub source: String,
    /// Title.
    pub title: Option<String>,
    /// Publication date.
    pub published: Option<String>,
    /// Score.
    pub score: f32,
    /// A snippet of the body.
    pub snippet: String,
    /// Byte ranges of the highlighted words in `snippet`.
    pub highlights: Vec<crate::model::Span>,
}

/// The answer to a search.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct SearchResults {
    /// Number of matching documents.
    pub total: usize,
    /// The best hits.
    pub hits: Vec<Hit>,
    /// Facet counts per facet name (bloc, agency, award, province, year), highest first.
    pub facets: std::collections::BTreeMap<String, Vec<(String, u64)>>,
}

/// What `thidua-index.json` records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct BuildInfo {
    /// The analyzer fingerprint ([`analyzer::fingerprint`]).
    analyzer: String,
    /// [`schema::SCHEMA_VERSION`].
    schema: u32,
}

impl BuildInfo {
    fn current() -> BuildInfo {
        BuildInfo {
            analyzer: analyzer::fingerprint(),
            schema: schema::SCHEMA_VERSION,
        }
    }

    fn describe(&self) -> String {
        format!("analyzer {} and schema {}", self.analyzer, self.schema)
    }

    fn write(&self, dir: &Path) -> Result<(), IndexError> {
        let path = dir.join(VERSION_FILE);
        let json = serde_json::to_string_pretty(self).unwrap_or_default();
        std::fs::write(&path, json + "\n").map_err(|source| IndexError::Io { path, source })
    }
}

fn tantivy_err(dir: &Path) -> impl Fn(tantivy::TantivyError) -> IndexError + '_ {
    move |source| IndexError::Tantivy {
        path: dir.to_path_buf(),
        source,
    }
}

/// True when `dir` holds a tantivy index.
fn has_index(dir: &Path) -> bool {
    dir.join("meta.json").is_file()
}

/// Opens the index in `dir`: checks what it was built with, registers the analyzers, checks the
/// schema.
fn open_existing(dir: &Path) -> Result<(Index, Fields), IndexError> {
    if !has_index(dir) {
        return Err(IndexError::Missing {
            path: dir.to_path_buf(),
        });
    }
    let expected = BuildInfo::current();
    let path = dir.join(VERSION_FILE);
    let found = match std::fs::read_to_string(&path) {
        Ok(s) => serde_json::from_str::<BuildInfo>(&s)
            .map(|b| b.describe())
            .unwrap_or_else(|e| format!("an unreadable {VERSION_FILE} ({e})")),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            format!("no {VERSION_FILE} (an unknown analyzer)")
        }
        Err(source) => return Err(IndexError::Io { path, source }),
    };
    if found != expected.describe() {
        return Err(IndexError::Mismatch {
            path: dir.to_path_buf(),
            found,
            expected: expected.describe(),
        });
    }
    let index = Index::open_in_dir(dir).map_err(tantivy_err(dir))?;
    analyzer::register(index.tokenizers());
    if index.schema() != schema::schema() {
        return Err(IndexError::Mismatch {
            path: dir.to_path_buf(),
            found: "a different set of fields".into(),
            expected: format!("schema {}", schema::SCHEMA_VERSION),
        });
    }
    let fields = Fields::from_schema(&index.schema()).map_err(|reason| IndexError::Mismatch {
        path: dir.to_path_buf(),
        found: reason,
        expected: format!("schema {}", schema::SCHEMA_VERSION),
    })?;
    Ok((index, fields))
}

/// Reads the record stored in a document.
fn stored_record(
    dir: &Path,
    fields: &Fields,
    doc: &tantivy::TantivyDocument,
) -> Result<Record, IndexError> {
    use tantivy::schema::Value;
    let text = |f| {
        doc.get_first(f)
            .and_then(|v| v.as_str().map(str::to_string))
    };
    let id = text(fields.id).unwrap_or_default();
    let json = text(fields.record).ok_or_else(|| IndexError::Record {
        path: dir.to_path_buf(),
        id: id.clone(),
        reason: "no stored record".into(),
    })?;
    let mut record: Record = serde_json::from_str(&json).map_err(|e| IndexError::Record {
        path: dir.to_path_buf(),
        id: id.clone(),
        reason: e.to_string(),
    })?;
    record.article.body = text(fields.body).unwrap_or_default();
    Ok(record)
}
