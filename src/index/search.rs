//! [`Searcher`]: runs queries with filters, sorting and facet counts, and reads records back.

use super::facets::{FACETS, FacetCounter, top_values};
use super::query::{self, HighlightTerms, QueryBuilder, RangeField, Scope};
use super::schema::{Fields, names};
use super::snippet::{SnippetAnalyzers, snippet};
use super::{
    Filters, Hit, IndexError, SearchRequest, SearchResults, SortBy, open_existing, stored_record,
    tantivy_err,
};
use crate::model::Record;
use std::path::{Path, PathBuf};
use tantivy::collector::sort_key::{SortBySimilarityScore, SortByStaticFastValue};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, ConstScoreQuery, Occur, Query};
use tantivy::schema::Value;
use tantivy::{DocAddress, IndexReader, Order, Score, TantivyDocument};

/// Reads an index.
pub struct Searcher {
    dir: PathBuf,
    fields: Fields,
    reader: IndexReader,
    builder: QueryBuilder,
    /// Counts facets; keeps the facet terms of the segments it has seen.
    facets: FacetCounter,
}

impl Searcher {
    /// Opens the index in `dir`.
    pub fn open(dir: &Path) -> Result<Searcher, IndexError> {
        let (index, fields) = open_existing(dir)?;
        let reader = index
            .reader_builder()
            .reload_policy(tantivy::ReloadPolicy::Manual)
            .try_into()
            .map_err(tantivy_err(dir))?;
        Ok(Searcher {
            dir: dir.to_path_buf(),
            fields,
            reader,
            builder: QueryBuilder::new(fields),
            facets: FacetCounter::new(fields.facets()),
        })
    }

    /// Number of documents in the index.
    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Sees what was committed since the searcher was opened.
    pub fn reload(&self) -> Result<(), IndexError> {
        self.reader.reload().map_err(tantivy_err(&self.dir))?;
        self.facets.retain(&self.reader.searcher());
        Ok(())
    }

    fn query_error(req: &SearchRequest, reason: impl Into<String>) -> IndexError {
        IndexError::Query {
            query: req.query.clone(),
            reason: reason.into(),
        }
    }

    /// The tantivy query for a request (query and filters), and the words to highlight.
    fn plan(&self, req: &SearchRequest) -> Result<(Box<dyn Query>, HighlightTerms), IndexError> {
        let mut b = self.builder.clone();
        let node = query::parse(&req.query).map_err(|r| Self::query_error(req, r))?;
        let main = b.build(&node).ok_or_else(|| {
            Self::query_error(req, "no searchable words (use * to match every document)")
        })?;
        let highlights = b.highlights(&node);
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, main)];
        if let Some(bonus) = b.adjacency_bonus(&node) {
            clauses.push((Occur::Should, bonus));
        }
        let mut filter = |q: Box<dyn Query>| {
            clauses.push((Occur::Must, Box::new(ConstScoreQuery::new(q, 0.0))));
        };
        let f: &Filters = &req.filters;
        for (scope, value, flag) in [
            (Scope::Bloc, &f.bloc, "--bloc"),
            (Scope::Agency, &f.agency, "--agency"),
            (Scope::Award, &f.award, "--award"),
            (Scope::Province, &f.province, "--province"),
        ] {
            if let Some(v) = value {
                let q = b
                    .filter(scope, v)
                    .ok_or_else(|| Self::query_error(req, format!("{flag} `{v}` has no words")))?;
                filter(q);
            }
        }
        if let Some(y) = f.year {
            let y = i64::from(y);
            filter(b.range(RangeField::Year, Some(y), Some(y)));
        }
        if f.from.is_some() || f.to.is_some() {
            filter(b.range(RangeField::Year, f.from.map(i64::from), f.to.map(i64::from)));
        }
        let q: Box<dyn Query> = if clauses.len() == 1 {
            clauses.swap_remove(0).1
        } else {
            Box::new(BooleanQuery::new(clauses))
        };
        Ok((q, highlights))
    }

    /// Runs a search.
    pub fn search(&self, req: &SearchRequest) -> Result<SearchResults, IndexError> {
        let (q, highlights) = self.plan(req)?;
        let searcher = self.reader.searcher();
        let err = tantivy_err(&self.dir);
        let facets = req.facets.then(|| self.facets.clone());
        // No more hits than documents (the collector allocates for the limit).
        let limit = req.limit.min(searcher.num_docs() as usize);
        let (total, top, facet_counts) = match (req.sort, limit) {
            (_, 0) => {
                let (n, f) = searcher.search(&q, &(Count, facets)).map_err(err)?;
                (n, Vec::new(), f)
            }
            (SortBy::Relevance, limit) => {
                let top = TopDocs::with_limit(limit).order_by_score();
                searcher.search(&q, &(Count, top, facets)).map_err(err)?
            }
            (SortBy::Date, limit) => {
                let top = TopDocs::with_limit(limit).order_by((
                    (
                        SortByStaticFastValue::<i64>::for_field(names::DATE),
                        Order::Desc,
                    ),
                    (SortBySimilarityScore, Order::Desc),
                ));
                let (n, hits, f) = searcher.search(&q, &(Count, top, facets)).map_err(err)?;
                let hits = hits
                    .into_iter()
                    .map(|((_, score), addr)| (score, addr))
                    .collect();
                (n, hits, f)
            }
        };
        let mut results = SearchResults {
            total,
            ..SearchResults::default()
        };
        if let Some(counts) = facet_counts {
            for (name, counts) in FACETS.iter().zip(&counts) {
                results.facets.insert(name.to_string(), top_values(counts));
            }
        }
        let mut analyzers = SnippetAnalyzers::default();
        for (score, addr) in top {
            results
                .hits
                .push(self.hit(&searcher, addr, score, &highlights, &mut analyzers)?);
        }
        Ok(results)
    }

    fn hit(
        &self,
        searcher: &tantivy::Searcher,
        addr: DocAddress,
        score: Score,
        terms: &HighlightTerms,
        analyzers: &mut SnippetAnalyzers,
    ) -> Result<Hit, IndexError> {
        let doc: TantivyDocument = searcher.doc(addr).map_err(tantivy_err(&self.dir))?;
        let text = |f| {
            doc.get_first(f)
                .and_then(|v| v.as_str())
                .map(str::to_string)
        };
        let body = doc
            .get_first(self.fields.body)
            .and_then(|v| v.as_str())
            .unwrap_or("");
        let s = snippet(analyzers, body, terms);
        Ok(Hit {
            id: text(self.fields.id).unwrap_or_default(),
            source: text(self.fields.source).unwrap_or_default(),
            title: text(self.fields.title),
            published: text(self.fields.published),
            score,
            snippet: s.text,
            highlights: s.highlights,
        })
    }

    /// Every record stored in the index, in id order.
    pub fn records(&self) -> Result<Vec<Record>, IndexError> {
        let searcher = self.reader.searcher();
        let mut out = Vec::with_capacity(searcher.num_docs() as usize);
        for seg in searcher.segment_readers() {
            let store = seg.get_store_reader(4).map_err(|source| IndexError::Io {
                path: self.dir.clone(),
                source,
            })?;
            for doc_id in seg.doc_ids_alive() {
                let doc: TantivyDocument = store.get(doc_id).map_err(tantivy_err(&self.dir))?;
                out.push(stored_record(&self.dir, &self.fields, &doc)?);
            }
        }
        out.sort_by(|a, b| {
            a.article
                .id
                .cmp(&b.article.id)
                .then_with(|| a.article.source.cmp(&b.article.source))
        });
        Ok(out)
    }
}
