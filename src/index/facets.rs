//! Facet values of a record (bloc, agency, award, province, year), taken from its extraction,
//! and facet counts read back from a search.

use crate::model::Record;
use crate::text::{fold, normalize_str};
use std::collections::{BTreeSet, HashSet};
use tantivy::collector::FacetCounts;

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

/// The values under the root of one facet field with their counts, highest first (ties in name
/// order), at most [`MAX_VALUES`].
pub fn top_values(counts: &FacetCounts) -> Vec<(String, u64)> {
    let mut v: Vec<(String, u64)> = counts
        .get("/")
        .map(|(facet, n)| (facet.to_path().concat(), n))
        .collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v.truncate(MAX_VALUES);
    v
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
