//! The index stage: a tantivy index of articles with a Vietnamese analyzer, and search over it.

use crate::model::Record;
use std::path::{Path, PathBuf};

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
}

/// Writes records into an index.
pub struct Indexer {
    _dir: PathBuf,
}

impl Indexer {
    /// Opens the index in `dir`, creating it when absent; `rebuild` starts over.
    pub fn open(dir: &Path, rebuild: bool) -> Result<Indexer, IndexError> {
        let _ = rebuild;
        Ok(Indexer {
            _dir: dir.to_path_buf(),
        })
    }

    /// Adds (or replaces) one record. Safe to call from many threads.
    pub fn add(&self, record: &Record) -> Result<(), IndexError> {
        let _ = record;
        Ok(())
    }

    /// Commits what was added so far.
    pub fn commit(&mut self) -> Result<(), IndexError> {
        Ok(())
    }
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

/// Reads an index.
pub struct Searcher {
    _dir: PathBuf,
}

impl Searcher {
    /// Opens the index in `dir`.
    pub fn open(dir: &Path) -> Result<Searcher, IndexError> {
        Ok(Searcher {
            _dir: dir.to_path_buf(),
        })
    }

    /// Runs a search.
    pub fn search(&self, req: &SearchRequest) -> Result<SearchResults, IndexError> {
        let _ = req;
        Ok(SearchResults::default())
    }

    /// Every record stored in the index, in id order.
    pub fn records(&self) -> Result<Vec<Record>, IndexError> {
        Ok(Vec::new())
    }
}
