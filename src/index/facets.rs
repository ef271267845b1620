//! Facet values of a record (bloc, agency, award, province, year), taken from its extraction,
//! and their counts over the documents a search matched.
//!
//! [`FacetCounter`] counts from the postings of the facet fields, not from the facet values of
//! each hit: it keeps the matching documents of a segment in a bitset, then, for each term of each
//! facet field, counts the documents of its postings that are in the set. The work is then
//! proportional to the (document, value) pairs of the segment, whatever the number of hits. On
//! the 35,440 articles of baomoi-2017 (`benches/search.rs`) it adds 0.1 to 0.6 ms of CPU time to
//! a search, where tantivy's `FacetCollector` over the same fields added 2 to 18 ms. Reading the
//! facet values of each hit instead (the facet columns) costs about 40 ns a hit for the five
//! fields, so it would only be cheaper below a few thousand hits, by less than 0.2 ms here: one
//! path is kept. On indexes of millions of documents a per-hit path for small hit sets may pay.

use crate::model::Record;
use crate::text::{fold, normalize_str};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::{Arc, Mutex};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::index::SegmentId;
use tantivy::postings::{BlockSegmentPostings, TermInfo};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{BitSet, DocId, InvertedIndexReader, Score, SegmentOrdinal, SegmentReader};

/// The facet names, in the order they are shown.
pub const FACETS: [&str; 5] = ["bloc", "agency", "award", "province", "year"];

/// Most values kept per facet in search results.
pub const MAX_VALUES: usize = 50;

/// What a record contributes to the filter and facet fields.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FacetValues {
    /// Bloc names as written (one per folded form).
    pub blocs: Vec<String>,
    /// Bloc names and their short forms, for matching.
    pub bloc_terms: Vec<String>,
    /// Canonical agency names (one per folded form).
    pub agencies: Vec<String>,
    /// Agency names and the aliases written in the article, for matching.
    pub agency_terms: Vec<String>,
    /// Award types.
    pub awards: Vec<String>,
    /// The article's province.
    pub provinces: Vec<String>,
    /// The publication year and every year a fact is about.
    pub years: BTreeSet<i32>,
}

/// Collects names once per folded form, keeping the first spelling seen.
#[derive(Default)]
struct Names {
    seen: HashSet<String>,
    out: Vec<String>,
}

impl Names {
    fn add(&mut self, name: &str) {
        let clean = normalize_str(name)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if clean.is_empty() {
            return;
        }
        if self.seen.insert(fold(&clean)) {
            self.out.push(clean);
        }
    }
}

impl FacetValues {
    /// The facet values of `record`.
    pub fn of(record: &Record) -> FacetValues {
        let x = &record.extraction;
        let (mut blocs, mut bloc_terms) = (Names::default(), Names::default());
        for b in &x.blocs {
            blocs.add(&b.name);
            bloc_terms.add(&b.name);
            if let Some(s) = &b.short_name {
                bloc_terms.add(s);
            }
        }
        let related_blocs = x.events.iter().map(|e| &e.bloc);
        let related_blocs = related_blocs
            .chain(x.awards.iter().map(|a| &a.bloc))
            .chain(x.roles.iter().map(|r| &r.bloc))
            .chain(x.members.iter().map(|m| &m.bloc));
        for b in related_blocs.flatten() {
            blocs.add(b);
            bloc_terms.add(b);
        }
        let (mut agencies, mut agency_terms) = (Names::default(), Names::default());
        for a in &x.agencies {
            agencies.add(&a.name);
            agency_terms.add(&a.name);
            for alias in &a.aliases {
                agency_terms.add(alias);
            }
        }
        let related = x.awards.iter().filter_map(|a| a.recipient.as_ref());
        let related = related
            .chain(x.roles.iter().map(|r| &r.agency))
            .chain(x.members.iter().map(|m| &m.agency));
        for a in related {
            agencies.add(a);
            agency_terms.add(a);
        }
        let mut awards = Names::default();
        for a in x.award_mentions.iter().map(|m| &m.award) {
            awards.add(a);
        }
        for a in x.awards.iter().map(|m| &m.award) {
            awards.add(a);
        }
        let mut provinces = Names::default();
        if let Some(p) = &record.article.province {
            provinces.add(p);
        }
        let mut years = BTreeSet::new();
        if let Some(d) = record.article.published_date() {
            use chrono::Datelike;
            years.insert(d.year());
        }
        let fact_years = x.events.iter().map(|e| e.year);
        let fact_years = fact_years
            .chain(x.awards.iter().map(|a| a.year))
            .chain(x.roles.iter().map(|r| r.year))
            .chain(x.targets.iter().map(|t| t.year));
        years.extend(fact_years.flatten().filter(|y| (1900..=2200).contains(y)));
        FacetValues {
            blocs: blocs.out,
            bloc_terms: bloc_terms.out,
            agencies: agencies.out,
            agency_terms: agency_terms.out,
            awards: awards.out,
            provinces: provinces.out,
            years,
        }
    }
}

/// How many matching documents hold each value of one facet field.
pub type ValueCounts = BTreeMap<String, u64>;

/// The values of one facet field with their counts, highest first (ties in name order), at most
/// [`MAX_VALUES`].
pub fn top_values(counts: &ValueCounts) -> Vec<(String, u64)> {
    let mut v: Vec<(String, u64)> = counts.iter().map(|(k, n)| (k.clone(), *n)).collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v.truncate(MAX_VALUES);
    v
}

/// The byte between the levels of a facet path in its indexed form.
const FACET_SEP: u8 = 0;

/// Counts the values of facet fields over the matching documents: for each field, the documents
/// holding each top-level value (`/value`, and every facet under it, count once per document),
/// as tantivy's `FacetCollector` with the root facet added counts them. Deleted documents are
/// never collected, so they are never counted.
///
/// The terms of each segment's facet fields are read once and kept (segments never change): on
/// long names, walking a term dictionary costs about 0.45 µs a term, more than counting its
/// postings. Clones share what was read; [`FacetCounter::retain`] forgets the segments a reader
/// no longer has.
#[derive(Clone)]
pub struct FacetCounter {
    fields: Arc<[Field]>,
    terms: Arc<Mutex<HashMap<SegmentId, Arc<SegmentTerms>>>>,
}

/// The terms of the facet fields of one segment: per field, each term with its top-level value,
/// in term order (so the terms of one value follow one another), the root facet left out.
struct SegmentTerms {
    fields: Vec<Vec<(String, TermInfo)>>,
}

impl FacetCounter {
    /// A counter of the facet fields `fields`; the counts come back in the same order.
    pub fn new(fields: impl IntoIterator<Item = Field>) -> FacetCounter {
        FacetCounter {
            fields: fields.into_iter().collect(),
            terms: Arc::default(),
        }
    }

    /// Forgets the terms of segments that `searcher` does not search (merged away or deleted).
    pub fn retain(&self, searcher: &tantivy::Searcher) {
        let live: HashSet<SegmentId> = searcher
            .segment_readers()
            .iter()
            .map(|r| r.segment_id())
            .collect();
        self.lock().retain(|id, _| live.contains(id));
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<SegmentId, Arc<SegmentTerms>>> {
        // The map is only ever inserted into or pruned: a panic elsewhere leaves it usable.
        self.terms.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The facet terms of a segment, read on first use.
    fn segment_terms(&self, reader: &SegmentReader) -> tantivy::Result<Arc<SegmentTerms>> {
        if let Some(t) = self.lock().get(&reader.segment_id()) {
            return Ok(t.clone());
        }
        let mut fields = Vec::with_capacity(self.fields.len());
        for field in self.fields.iter() {
            let index = reader.inverted_index(*field)?;
            let mut stream = index.terms().stream()?;
            let mut terms = Vec::new();
            while stream.advance() {
                let top = stream.key().split(|b| *b == FACET_SEP).next();
                let top = top.unwrap_or_default();
                // The root facet (empty), which every document with a value holds, is left out.
                if !top.is_empty() {
                    let value = String::from_utf8_lossy(top).into_owned();
                    terms.push((value, stream.value().clone()));
                }
            }
            fields.push(terms);
        }
        let terms = Arc::new(SegmentTerms { fields });
        self.lock().insert(reader.segment_id(), terms.clone());
        Ok(terms)
    }
}

/// The matching documents of one segment, counted per value when the segment is done.
pub struct FacetSegmentCounter {
    indexes: Vec<Arc<InvertedIndexReader>>,
    terms: Arc<SegmentTerms>,
    hits: BitSet,
}

impl Collector for FacetCounter {
    type Fruit = Vec<ValueCounts>;
    type Child = FacetSegmentCounter;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<FacetSegmentCounter> {
        let indexes = self
            .fields
            .iter()
            .map(|f| reader.inverted_index(*f))
            .collect::<tantivy::Result<_>>()?;
        Ok(FacetSegmentCounter {
            indexes,
            terms: self.segment_terms(reader)?,
            hits: BitSet::with_max_value(reader.max_doc()),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(
        &self,
        segments: Vec<tantivy::Result<Vec<ValueCounts>>>,
    ) -> tantivy::Result<Vec<ValueCounts>> {
        let mut total = vec![ValueCounts::new(); self.fields.len()];
        for segment in segments {
            for (into, counts) in total.iter_mut().zip(segment?) {
                for (value, n) in counts {
                    *into.entry(value).or_insert(0) += n;
                }
            }
        }
        Ok(total)
    }
}

impl SegmentCollector for FacetSegmentCounter {
    type Fruit = tantivy::Result<Vec<ValueCounts>>;

    fn collect(&mut self, doc: DocId, _: Score) {
        self.hits.insert(doc);
    }

    fn collect_block(&mut self, docs: &[DocId]) {
        for &doc in docs {
            self.hits.insert(doc);
        }
    }

    fn harvest(self) -> Self::Fruit {
        let mut out = Vec::with_capacity(self.indexes.len());
        for (index, terms) in self.indexes.iter().zip(&self.terms.fields) {
            let mut counts = ValueCounts::new();
            if self.hits.len() > 0 {
                count_field(index, terms, &self.hits, &mut counts)?;
            }
            out.push(counts);
        }
        Ok(out)
    }
}

/// Adds to `counts`, for each value of a facet field, the documents of `hits` that hold it: the
/// documents of the postings of its terms that are in the set.
fn count_field(
    index: &InvertedIndexReader,
    terms: &[(String, TermInfo)],
    hits: &BitSet,
    counts: &mut ValueCounts,
) -> tantivy::Result<()> {
    // One postings reader, opened on the first term and reset on the next ones.
    let mut postings: Option<BlockSegmentPostings> = None;
    // The matching documents of the current value, and how many terms it has had.
    let mut docs: Vec<DocId> = Vec::new();
    let mut value_terms = 0;
    for (i, (value, info)) in terms.iter().enumerate() {
        let postings = match &mut postings {
            Some(p) => {
                index.reset_block_postings_from_terminfo(info, p)?;
                p
            }
            None => postings
                .insert(index.read_block_postings_from_terminfo(info, IndexRecordOption::Basic)?),
        };
        loop {
            let block = postings.docs();
            if block.is_empty() {
                break;
            }
            docs.extend(block.iter().copied().filter(|d| hits.contains(*d)));
            postings.advance();
        }
        value_terms += 1;
        if terms.get(i + 1).is_some_and(|(next, _)| next == value) {
            continue;
        }
        if value_terms > 1 {
            // A document under several facets of one value counts once.
            docs.sort_unstable();
            docs.dedup();
        }
        if !docs.is_empty() {
            *counts.entry(value.clone()).or_insert(0) += docs.len() as u64;
        }
        docs.clear();
        value_terms = 0;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::*;

    fn ev() -> Evidence {
        Evidence::default()
    }

    #[test]
    fn values_come_from_the_extraction_once_per_folded_form() {
        let mut r = Record::default();
        r.article.published = Some("2021-01-15".into());
        r.article.province = Some("Quảng Trị".into());
        r.extraction.blocs.push(Bloc {
            name: "Khối thi đua Văn hóa - Xã hội".into(),
            kind: "bloc".into(),
            short_name: Some("Khối".into()),
            mentions: vec![],
        });
        r.extraction.agencies.push(Agency {
            name: "Sở Nội vụ".into(),
            aliases: vec!["SNV".into()],
            mentions: vec![],
        });
        r.extraction.award_mentions.push(AwardMention {
            award: "Bằng khen".into(),
            grantor: None,
            evidence: ev(),
        });
        r.extraction.awards.push(AwardOutcome {
            year: Some(2020),
            bloc: Some("khối thi đua văn hoá - xã hội".into()),
            recipient: Some("Sở  Nội vụ".into()),
            count: None,
            award: "Bằng khen".into(),
            grantor: None,
            status: AwardStatus::Proposed,
            evidence: ev(),
        });
        let v = FacetValues::of(&r);
        assert_eq!(v.blocs, ["Khối thi đua Văn hóa - Xã hội"]);
        assert_eq!(v.bloc_terms, ["Khối thi đua Văn hóa - Xã hội", "Khối"]);
        assert_eq!(v.agencies, ["Sở Nội vụ"]);
        assert_eq!(v.agency_terms, ["Sở Nội vụ", "SNV"]);
        assert_eq!(v.awards, ["Bằng khen"]);
        assert_eq!(v.provinces, ["Quảng Trị"]);
        assert_eq!(v.years.iter().copied().collect::<Vec<_>>(), [2020, 2021]);
    }
}
