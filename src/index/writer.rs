//! [`Indexer`]: adds records to an index, once each.
//!
//! A document is known by its article id (a hash of its normalized text) and by its source.
//! Adding a record whose id is already in the index at the same source does nothing, so
//! re-ingesting an archive adds nothing new. A record at a source that holds a different id means
//! the document changed: the old one is deleted and the new one added. A record whose text is
//! already indexed under another source is a duplicate and adds nothing; should that other source
//! later be replaced in the same run, the duplicate takes its place, so the text stays findable.
//!
//! Only committed data is visible to searches. A run that stops before committing leaves the
//! index as it was; running it again adds what was missing, without duplicates.

use super::schema::{Fields, names};
use super::{BuildInfo, IndexError, analyzer, has_index, open_existing, schema, tantivy_err};
use crate::model::Record;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use tantivy::{Index, IndexWriter, TantivyDocument, Term};

/// Memory for the indexing threads, in bytes per thread.
const MEMORY_PER_THREAD: usize = 64 * 1024 * 1024;
/// Most indexing threads.
const MAX_THREADS: usize = 4;

/// What [`Indexer::add`] did with a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddOutcome {
    /// A new document.
    Added,
    /// The document at the same source changed; the old one is deleted.
    Replaced,
    /// Already in the index (at this source, or as a duplicate of another source).
    Unchanged,
}

/// Committed documents: which id lives at which source, and back.
#[derive(Debug, Default)]
struct Committed {
    by_source: HashMap<String, String>,
    by_id: HashMap<String, String>,
}

/// What changed since the last commit.
#[derive(Debug, Default)]
struct Pending {
    /// Sources whose committed document is deleted.
    deleted_sources: HashSet<String>,
    /// Documents added: id -> source, and source -> id.
    added: HashMap<String, String>,
    added_sources: HashMap<String, String>,
    /// Duplicates of a committed text held by another source, in case that source is replaced.
    claims: HashMap<String, Record>,
    /// Whether anything was written.
    dirty: bool,
}

struct State {
    committed: Committed,
    pending: Pending,
}

/// Writes records into an index.
pub struct Indexer {
    dir: PathBuf,
    fields: Fields,
    writer: Option<IndexWriter>,
    state: Mutex<State>,
}

impl Indexer {
    /// Opens the index in `dir`, creating it when absent; `rebuild` starts over.
    pub fn open(dir: &Path, rebuild: bool) -> Result<Indexer, IndexError> {
        if rebuild {
            clear(dir)?;
        }
        std::fs::create_dir_all(dir).map_err(|source| IndexError::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        let (index, fields) = if has_index(dir) {
            open_existing(dir)?
        } else {
            if dir
                .read_dir()
                .map_err(|source| IndexError::Io {
                    path: dir.to_path_buf(),
                    source,
                })?
                .next()
                .is_some()
                && !dir.join(super::VERSION_FILE).is_file()
            {
                return Err(IndexError::NotAnIndex {
                    path: dir.to_path_buf(),
                });
            }
            BuildInfo::current().write(dir)?;
            let index = Index::create_in_dir(dir, schema::schema()).map_err(tantivy_err(dir))?;
            analyzer::register(index.tokenizers());
            let fields =
                Fields::from_schema(&index.schema()).map_err(|reason| IndexError::Mismatch {
                    path: dir.to_path_buf(),
                    found: reason,
                    expected: format!("schema {}", schema::SCHEMA_VERSION),
                })?;
            (index, fields)
        };
        let committed = load_committed(&index).map_err(tantivy_err(dir))?;
        let threads = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .clamp(1, MAX_THREADS);
        let writer = index
            .writer_with_num_threads(threads, threads * MEMORY_PER_THREAD)
            .map_err(tantivy_err(dir))?;
        Ok(Indexer {
            dir: dir.to_path_buf(),
            fields,
            writer: Some(writer),
            state: Mutex::new(State {
                committed,
                pending: Pending::default(),
            }),
        })
    }

    /// The index directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Number of documents in the index once the pending changes are committed.
    pub fn num_docs(&self) -> usize {
        let st = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let deleted = st.pending.deleted_sources.len();
        st.committed.by_source.len().saturating_sub(deleted) + st.pending.added.len()
    }

    /// Adds (or replaces) one record. Safe to call from many threads.
    pub fn add(&self, record: &Record) -> Result<AddOutcome, IndexError> {
        let a = &record.article;
        {
            // The common case of a re-run: nothing to build.
            let st = self.state.lock().unwrap_or_else(|e| e.into_inner());
            if st.unchanged_at_source(&a.id, &a.source) {
                return Ok(AddOutcome::Unchanged);
            }
        }
        let doc = self.document(record)?;
        let mut st = self.state.lock().unwrap_or_else(|e| e.into_inner());
        self.add_locked(&mut st, record, Some(doc))
    }

    fn document(&self, record: &Record) -> Result<TantivyDocument, IndexError> {
        self.fields
            .document(record)
            .map_err(|e| IndexError::Record {
                path: self.dir.clone(),
                id: record.article.id.clone(),
                reason: e.to_string(),
            })
    }

    fn writer(&self) -> &IndexWriter {
        self.writer
            .as_ref()
            .expect("the writer lives as long as the indexer")
    }

    fn add_locked(
        &self,
        st: &mut State,
        record: &Record,
        doc: Option<TantivyDocument>,
    ) -> Result<AddOutcome, IndexError> {
        let id = record.article.id.as_str();
        let source = record.article.source.as_str();
        if st.unchanged_at_source(id, source) {
            return Ok(AddOutcome::Unchanged);
        }
        // The source held another text: delete it (committed or added in this run).
        let committed_here = st.committed_at(source).map(str::to_string);
        let added_here = st.pending.added_sources.get(source).cloned();
        let replaced = committed_here.is_some() || added_here.is_some();
        let mut orphans = Vec::new();
        if replaced {
            self.writer()
                .delete_term(Term::from_field_text(self.fields.source, source));
            st.pending.dirty = true;
            if let Some(old) = committed_here {
                st.pending.deleted_sources.insert(source.to_string());
                orphans.push(old);
            }
            if let Some(old) = added_here {
                st.pending.added_sources.remove(source);
                st.pending.added.remove(&old);
                orphans.push(old);
            }
        }
        // The text is already indexed under another source: keep it as a claim.
        let added_now = !st.live_id(id);
        if !added_now {
            st.pending.claims.insert(id.to_string(), record.clone());
        } else {
            let doc = match doc {
                Some(d) => d,
                None => self.document(record)?,
            };
            self.writer()
                .add_document(doc)
                .map_err(tantivy_err(&self.dir))?;
            st.pending.dirty = true;
            st.pending.added.insert(id.to_string(), source.to_string());
            st.pending
                .added_sources
                .insert(source.to_string(), id.to_string());
        }
        // Texts that lost their source find a home in a duplicate claimed earlier.
        for old in orphans {
            if !st.live_id(&old)
                && let Some(claim) = st.pending.claims.remove(&old)
            {
                self.add_locked(st, &claim, None)?;
            }
        }
        Ok(match (replaced, added_now) {
            (true, _) => AddOutcome::Replaced,
            (false, true) => AddOutcome::Added,
            (false, false) => AddOutcome::Unchanged,
        })
    }

    /// Commits what was added so far: from now on searches see it.
    pub fn commit(&mut self) -> Result<(), IndexError> {
        let dir = self.dir.clone();
        let writer = self
            .writer
            .as_mut()
            .expect("the writer lives as long as the indexer");
        writer.commit().map_err(tantivy_err(&dir))?;
        let st = self.state.get_mut().unwrap_or_else(|e| e.into_inner());
        let pending = std::mem::take(&mut st.pending);
        for s in pending.deleted_sources {
            if let Some(id) = st.committed.by_source.remove(&s) {
                st.committed.by_id.remove(&id);
            }
        }
        for (id, s) in pending.added {
            st.committed.by_source.insert(s.clone(), id.clone());
            st.committed.by_id.insert(id, s);
        }
        Ok(())
    }
}

impl State {
    /// The id committed at `source`, unless deleted since.
    fn committed_at(&self, source: &str) -> Option<&str> {
        if self.pending.deleted_sources.contains(source) {
            return None;
        }
        self.committed.by_source.get(source).map(String::as_str)
    }

    /// True when `id` is already in the index at `source` (committed or added in this run).
    fn unchanged_at_source(&self, id: &str, source: &str) -> bool {
        self.committed_at(source) == Some(id)
            || self.pending.added_sources.get(source).map(String::as_str) == Some(id)
    }

    /// True when a live document (committed and not deleted, or added in this run) has `id`.
    fn live_id(&self, id: &str) -> bool {
        if self.pending.added.contains_key(id) {
            return true;
        }
        match self.committed.by_id.get(id) {
            Some(source) => !self.pending.deleted_sources.contains(source),
            None => false,
        }
    }
}

impl Drop for Indexer {
    /// Lets background merges finish when everything was committed, so the index is left in
    /// few segments; uncommitted changes are dropped.
    fn drop(&mut self) {
        let dirty = self
            .state
            .get_mut()
            .map(|s| s.pending.dirty)
            .unwrap_or(true);
        if let Some(w) = self.writer.take()
            && !dirty
            && let Err(e) = w.wait_merging_threads()
        {
            tracing::warn!("index {}: finishing merges: {e}", self.dir.display());
        }
    }
}

/// Reads which id lives at which source in the committed index.
fn load_committed(index: &Index) -> tantivy::Result<Committed> {
    let reader = index
        .reader_builder()
        .reload_policy(tantivy::ReloadPolicy::Manual)
        .try_into()?;
    let searcher = reader.searcher();
    let mut c = Committed::default();
    let (mut id, mut source) = (String::new(), String::new());
    for seg in searcher.segment_readers() {
        let ff = seg.fast_fields();
        let (Some(ids), Some(sources)) = (ff.str(names::ID)?, ff.str(names::SOURCE)?) else {
            continue;
        };
        for doc in seg.doc_ids_alive() {
            let (Some(i), Some(s)) = (ids.term_ords(doc).next(), sources.term_ords(doc).next())
            else {
                continue;
            };
            id.clear();
            source.clear();
            ids.ord_to_str(i, &mut id)?;
            sources.ord_to_str(s, &mut source)?;
            c.by_source.insert(source.clone(), id.clone());
            c.by_id.insert(id.clone(), source.clone());
        }
    }
    Ok(c)
}

/// Deletes the index in `dir` (for `--rebuild`), refusing when `dir` holds something else.
fn clear(dir: &Path) -> Result<(), IndexError> {
    let io = |source| IndexError::Io {
        path: dir.to_path_buf(),
        source,
    };
    if !dir.exists() {
        return Ok(());
    }
    let empty = dir.read_dir().map_err(io)?.next().is_none();
    if empty {
        return Ok(());
    }
    if !has_index(dir) && !dir.join(super::VERSION_FILE).is_file() {
        return Err(IndexError::NotAnIndex {
            path: dir.to_path_buf(),
        });
    }
    std::fs::remove_dir_all(dir).map_err(io)
}
