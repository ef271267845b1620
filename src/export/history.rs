//! The award history for a filter: every matching outcome shown under the agency it belongs to,
//! predecessors included and marked, and the terminal view (agencies down, years across).
//!
//! With an agency or province filter, an outcome is shown under the first identity along its
//! recipient's lineage chain (the recipient itself, then its successors) that matches the filter;
//! when that is a successor, the row's `via` names the predecessor the outcome was written under.
//! Without such a filter every outcome stays under its recipient.

use super::lineage::{Lineage, Node, agency_province, province_key};
use super::rank::{Ranking, better};
use super::tables::{Builder, HISTORY, V};
use super::{ExportError, HistoryFilter};
use crate::model::{AwardStatus, Record};
use crate::text::fold;
use polars::prelude::DataFrame;
use std::collections::{BTreeMap, BTreeSet};

/// One outcome in the history.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryRow {
    /// The agency the row is shown under (`None` for outcomes without a named recipient).
    pub agency: Option<String>,
    /// Province of that agency.
    pub province: Option<String>,
    /// The predecessor the outcome was written under, when it is not the agency itself.
    pub via: Option<String>,
    /// Year of the merit.
    pub year: Option<i32>,
    /// The bloc.
    pub bloc: Option<String>,
    /// The recipient as written.
    pub recipient: Option<String>,
    /// Province of the article.
    pub recipient_province: Option<String>,
    /// Number of units when no recipient is named.
    pub count: Option<u32>,
    /// Award type.
    pub award: String,
    /// Grantor.
    pub grantor: Option<String>,
    /// Rank of the award (lower is higher).
    pub award_rank: Option<i32>,
    /// Short label of the award.
    pub label: String,
    /// Status.
    pub status: AwardStatus,
    /// The article.
    pub article_id: String,
    /// Its source.
    pub source: String,
    /// Its publication date.
    pub published: Option<chrono::NaiveDate>,
    /// The evidence sentence, when the text is at hand.
    pub evidence: Option<String>,
}

/// Folded words of `s` separated by single spaces, for matching filters.
fn words(s: &str) -> String {
    fold(s)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// True when the folded words of `needle` occur in `hay` as whole words.
fn matches_words(hay: &str, needle: &str) -> bool {
    let n = words(needle);
    n.is_empty() || format!(" {} ", words(hay)).contains(&format!(" {n} "))
}

/// Whether an identity matches the agency and province parts of a filter.
fn node_matches(node: &Node, filter: &HistoryFilter) -> bool {
    let name_ok = filter
        .agency
        .as_deref()
        .is_none_or(|a| matches_words(&node.name, a));
    let prov_ok = filter.province.as_deref().is_none_or(|p| {
        node.province
            .as_deref()
            .is_some_and(|np| province_key(np) == province_key(p))
    });
    name_ok && prov_ok
}

/// Province-only chain for outcomes without a recipient: the article's province and the
/// provinces it merged into.
fn province_chain(lineage: &Lineage, province: Option<&str>) -> Vec<Option<String>> {
    let mut out = vec![province.map(str::to_string)];
    if province.is_none() {
        return out;
    }
    // A node with an empty name follows province links only.
    let node = Node::new(province, "");
    for st in lineage.chain(&node) {
        out.push(st.node.province.clone());
    }
    out
}

/// The history rows for `filter`, sorted by province, agency, via, year, rank, status.
pub fn history_rows(records: &[Record], filter: &HistoryFilter) -> Vec<HistoryRow> {
    history_rows_with(records, filter, Lineage::builtin(), Ranking::builtin())
}

/// [`history_rows`] with the given lineage and ranking.
pub fn history_rows_with(
    records: &[Record],
    filter: &HistoryFilter,
    lineage: &Lineage,
    ranking: &Ranking,
) -> Vec<HistoryRow> {
    let identity_filter = filter.agency.is_some() || filter.province.is_some();
    let mut out = Vec::new();
    for r in records {
        let a = &r.article;
        for o in &r.extraction.awards {
            let before = filter.from.is_some_and(|f| o.year.is_none_or(|y| y < f));
            let after = filter.to.is_some_and(|t| o.year.is_none_or(|y| y > t));
            let other_bloc = filter
                .bloc
                .as_deref()
                .is_some_and(|b| !o.bloc.as_deref().is_some_and(|ob| matches_words(ob, b)));
            if before || after || other_bloc {
                continue;
            }
            let recipient = o.recipient.as_deref().filter(|n| !n.is_empty());
            let (agency, province, via) = match recipient {
                Some(name) => {
                    let start = Node::new(agency_province(name, a.province.as_deref()), name);
                    if !identity_filter || node_matches(&start, filter) {
                        (Some(start.name), start.province, None)
                    } else {
                        let hit = lineage
                            .chain(&start)
                            .into_iter()
                            .map(|s| s.node)
                            .find(|n| node_matches(n, filter));
                        match hit {
                            Some(n) => {
                                // Name the predecessor fully only where the province changed.
                                let via = if n.province == start.province {
                                    start.name.clone()
                                } else {
                                    start.to_string()
                                };
                                (Some(n.name), n.province, Some(via))
                            }
                            None => continue,
                        }
                    }
                }
                None => {
                    if filter.agency.is_some() {
                        continue;
                    }
                    match &filter.province {
                        None => (None, a.province.clone(), None),
                        Some(p) => {
                            let chain = province_chain(lineage, a.province.as_deref());
                            let want = province_key(p);
                            let hit = chain
                                .iter()
                                .position(|x| x.as_deref().map(province_key) == Some(want.clone()));
                            match hit {
                                Some(0) => (None, a.province.clone(), None),
                                Some(i) => (None, chain[i].clone(), a.province.clone()),
                                None => continue,
                            }
                        }
                    }
                }
            };
            let rk = ranking.rank(&o.award, o.grantor.as_deref());
            let evidence = Some(o.evidence.sentence.slice(a.field(o.evidence.field)))
                .filter(|s| !s.is_empty())
                .map(str::to_string);
            out.push(HistoryRow {
                agency,
                province,
                via,
                year: o.year,
                bloc: o.bloc.clone(),
                recipient: recipient.map(str::to_string),
                recipient_province: a.province.clone(),
                count: o.count,
                award: o.award.clone(),
                grantor: o.grantor.clone(),
                award_rank: rk.rank,
                label: rk.label.to_string(),
                status: o.status,
                article_id: a.id.clone(),
                source: a.source.clone(),
                published: a.published_date(),
                evidence,
            });
        }
    }
    out.sort_by(|x, y| {
        (&x.province, &x.agency, &x.via, x.year)
            .cmp(&(&y.province, &y.agency, &y.via, y.year))
            .then_with(|| better((x.award_rank, x.status), (y.award_rank, y.status)))
            .then_with(|| (&x.award, &x.grantor).cmp(&(&y.award, &y.grantor)))
            .then_with(|| (&x.article_id, &x.source).cmp(&(&y.article_id, &y.source)))
    });
    out
}

/// The history rows as a DataFrame with the documented `history` schema.
pub fn history_frame(rows: &[HistoryRow]) -> Result<DataFrame, ExportError> {
    let mut b = Builder::new(&HISTORY);
    for r in rows {
        b.push(vec![
            V::S(r.agency.clone()),
            V::S(r.province.clone()),
            V::S(r.via.clone()),
            V::I(r.year),
            V::S(r.bloc.clone()),
            V::S(r.recipient.clone()),
            V::S(r.recipient_province.clone()),
            V::I(r.count.map(|c| i32::try_from(c).unwrap_or(i32::MAX))),
            V::S(Some(r.award.clone())),
            V::S(r.grantor.clone()),
            V::I(r.award_rank),
            V::S(Some(r.label.clone())),
            V::S(Some(r.status.as_str().to_string())),
            V::S(Some(r.article_id.clone())),
            V::S(Some(r.source.clone())),
            V::D(r.published),
            V::S(r.evidence.clone()),
        ])?;
    }
    b.finish()
}

/// The status marker of a cell.
pub fn status_marker(s: AwardStatus) -> &'static str {
    match s {
        AwardStatus::Awarded => "A",
        AwardStatus::Proposed => "P",
        AwardStatus::Registered => "R",
    }
}

fn width(s: &str) -> usize {
    s.chars().count()
}

fn pad(s: &str, w: usize) -> String {
    let mut out = s.to_string();
    out.extend(std::iter::repeat_n(' ', w.saturating_sub(width(s))));
    out
}

/// The terminal view: one line per agency (and per predecessor it continues), one column per
/// merit year, each cell the highest award of the year with its status marker (`+N` when the
/// year has N more outcomes). Outcomes without a year are counted in a last column.
pub fn render_history(rows: &[HistoryRow]) -> String {
    if rows.is_empty() {
        return "no award outcomes match\n".to_string();
    }
    type Key = (Option<String>, Option<String>, Option<String>);
    let mut years: BTreeSet<i32> = BTreeSet::new();
    let mut grid: BTreeMap<Key, BTreeMap<Option<i32>, Vec<&HistoryRow>>> = BTreeMap::new();
    for r in rows {
        if let Some(y) = r.year {
            years.insert(y);
        }
        let agency = r.agency.clone().or_else(|| {
            Some(match r.count {
                Some(n) => format!("({n} units)"),
                None => "(all members)".to_string(),
            })
        });
        grid.entry((r.province.clone(), agency, r.via.clone()))
            .or_default()
            .entry(r.year)
            .or_default()
            .push(r);
    }
    let has_undated = rows.iter().any(|r| r.year.is_none());
    let mut header: Vec<String> = vec!["province".into(), "agency".into(), "via".into()];
    header.extend(years.iter().map(|y| y.to_string()));
    if has_undated {
        header.push("no year".into());
    }
    let mut lines: Vec<Vec<String>> = Vec::new();
    for ((province, agency, via), by_year) in &grid {
        let mut line = vec![
            province.clone().unwrap_or_else(|| "-".into()),
            agency.clone().unwrap_or_default(),
            via.clone().map(|v| format!("← {v}")).unwrap_or_default(),
        ];
        let cell = |outs: Option<&Vec<&HistoryRow>>| -> String {
            let Some(outs) = outs else {
                return String::new();
            };
            let best = outs
                .iter()
                .min_by(|x, y| better((x.award_rank, x.status), (y.award_rank, y.status)))
                .copied();
            match best {
                None => String::new(),
                Some(b) => {
                    let more = outs.len() - 1;
                    let mut c = format!("{} {}", b.label, status_marker(b.status));
                    if more > 0 {
                        c.push_str(&format!(" +{more}"));
                    }
                    c
                }
            }
        };
        for y in &years {
            line.push(cell(by_year.get(&Some(*y))));
        }
        if has_undated {
            line.push(cell(by_year.get(&None)));
        }
        lines.push(line);
    }
    let ncol = header.len();
    let mut widths: Vec<usize> = header.iter().map(|h| width(h)).collect();
    for l in &lines {
        for (i, c) in l.iter().enumerate() {
            widths[i] = widths[i].max(width(c));
        }
    }
    // Drop the via column when no row continues a predecessor.
    let show: Vec<bool> = (0..ncol)
        .map(|i| i != 2 || lines.iter().any(|l| !l[2].is_empty()))
        .collect();
    let fmt_line = |cells: &[String]| -> String {
        let parts: Vec<String> = cells
            .iter()
            .enumerate()
            .filter(|(i, _)| show[*i])
            .map(|(i, c)| pad(c, widths[i]))
            .collect();
        format!("│ {} │\n", parts.join(" │ "))
    };
    let rule = |l: &str, m: &str, r: &str| -> String {
        let parts: Vec<String> = (0..ncol)
            .filter(|i| show[*i])
            .map(|i| "─".repeat(widths[i] + 2))
            .collect();
        format!("{l}{}{r}\n", parts.join(m))
    };
    let mut out = rule("┌", "┬", "┐");
    out.push_str(&fmt_line(&header));
    out.push_str(&rule("├", "┼", "┤"));
    for l in &lines {
        out.push_str(&fmt_line(l));
    }
    out.push_str(&rule("└", "┴", "┘"));
    out.push_str(
        "A awarded · P proposed · R registered · +N more outcomes that year · \
         ← history written under a predecessor\n",
    );
    let mut labels: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for r in rows {
        if r.award_rank.is_some() {
            let full = match &r.grantor {
                Some(g) => format!("{} ({g})", r.award),
                None => r.award.clone(),
            };
            labels.entry(r.label.as_str()).or_default().insert(full);
        }
    }
    for (label, fulls) in labels {
        let fulls: Vec<String> = fulls.into_iter().collect();
        out.push_str(&format!("{label} = {}\n", fulls.join("; ")));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::*;

    fn outcome(
        year: i32,
        recipient: Option<&str>,
        award: &str,
        status: AwardStatus,
    ) -> AwardOutcome {
        AwardOutcome {
            year: Some(year),
            bloc: Some("Khối thi đua Khối 5".into()),
            recipient: recipient.map(str::to_string),
            count: None,
            award: award.into(),
            grantor: Some("Chủ tịch Ủy ban nhân dân tỉnh".into()),
            status,
            evidence: Evidence::default(),
        }
    }

    fn record(id: &str, province: &str, awards: Vec<AwardOutcome>) -> Record {
        Record {
            article: Article {
                id: id.into(),
                source: format!("{id}.txt"),
                province: Some(province.into()),
                ..Article::default()
            },
            extraction: Extraction {
                awards,
                ..Extraction::default()
            },
            duplicate_sources: vec![],
        }
    }

    fn recs() -> Vec<Record> {
        vec![
            record(
                "a1",
                "Quảng Bình",
                vec![outcome(
                    2018,
                    Some("Sở Kế hoạch và Đầu tư"),
                    "Bằng khen",
                    AwardStatus::Proposed,
                )],
            ),
            record(
                "a2",
                "Quảng Bình",
                vec![
                    outcome(
                        2019,
                        Some("Sở Kế hoạch và Đầu tư"),
                        "Cờ thi đua",
                        AwardStatus::Awarded,
                    ),
                    outcome(
                        2019,
                        Some("Sở Tài chính"),
                        "Bằng khen",
                        AwardStatus::Awarded,
                    ),
                ],
            ),
            record(
                "a3",
                "Quảng Trị",
                vec![outcome(
                    2025,
                    Some("Sở Tài chính"),
                    "Bằng khen",
                    AwardStatus::Proposed,
                )],
            ),
            record(
                "a4",
                "Nghệ An",
                vec![outcome(2019, None, "Cờ thi đua", AwardStatus::Registered)],
            ),
        ]
    }

    #[test]
    fn successor_history_includes_marked_predecessors() {
        let f = HistoryFilter {
            agency: Some("so tai chinh".into()),
            province: Some("Quảng Trị".into()),
            ..HistoryFilter::default()
        };
        let rows = history_rows(&recs(), &f);
        let got: Vec<(Option<i32>, Option<&str>, Option<&str>)> = rows
            .iter()
            .map(|r| (r.year, r.agency.as_deref(), r.via.as_deref()))
            .collect();
        assert!(
            rows.iter()
                .all(|r| r.province.as_deref() == Some("Quảng Trị"))
        );
        assert!(got.contains(&(
            Some(2018),
            Some("Sở Tài chính"),
            Some("Sở Kế hoạch và Đầu tư (Quảng Bình)")
        )));
        assert!(got.contains(&(
            Some(2019),
            Some("Sở Tài chính"),
            Some("Sở Tài chính (Quảng Bình)")
        )));
        assert!(got.contains(&(Some(2025), Some("Sở Tài chính"), None)));
        assert_eq!(rows.len(), 4);
        // The recipient as written is kept on every row.
        assert!(
            rows.iter()
                .any(|r| r.recipient.as_deref() == Some("Sở Kế hoạch và Đầu tư"))
        );
    }

    #[test]
    fn without_a_filter_nothing_is_merged() {
        let rows = history_rows(&recs(), &HistoryFilter::default());
        assert_eq!(rows.len(), 5);
        assert!(rows.iter().all(|r| r.via.is_none()));
        assert!(
            rows.iter()
                .any(|r| r.agency.as_deref() == Some("Sở Kế hoạch và Đầu tư"))
        );
    }

    #[test]
    fn predecessor_filter_does_not_pull_in_successor() {
        let f = HistoryFilter {
            agency: Some("Sở Kế hoạch và Đầu tư".into()),
            ..HistoryFilter::default()
        };
        let rows = history_rows(&recs(), &f);
        assert_eq!(rows.len(), 2);
        assert!(rows.iter().all(|r| r.via.is_none()));
    }

    #[test]
    fn year_and_bloc_filters() {
        let f = HistoryFilter {
            from: Some(2019),
            to: Some(2019),
            bloc: Some("khoi 5".into()),
            ..HistoryFilter::default()
        };
        let rows = history_rows(&recs(), &f);
        assert_eq!(rows.len(), 3);
        let f = HistoryFilter {
            bloc: Some("Khối 6".into()),
            ..HistoryFilter::default()
        };
        assert!(history_rows(&recs(), &f).is_empty());
    }

    #[test]
    fn terminal_view_puts_agencies_down_and_years_across() {
        let f = HistoryFilter {
            agency: Some("Sở Tài chính".into()),
            province: Some("Quảng Trị".into()),
            ..HistoryFilter::default()
        };
        let text = render_history(&history_rows(&recs(), &f));
        let lines: Vec<&str> = text.lines().collect();
        assert!(
            lines[1].contains("2018") && lines[1].contains("2019") && lines[1].contains("2025")
        );
        assert!(text.contains("← Sở Kế hoạch và Đầu tư (Quảng Bình)"));
        assert!(text.contains("Cờ A"), "{text}");
        assert!(text.contains("BK P"), "{text}");
        // Every table line has the same width.
        let w: BTreeSet<usize> = lines[..lines.len() - 3]
            .iter()
            .map(|l| l.chars().count())
            .collect();
        assert_eq!(w.len(), 1, "{text}");
        assert_eq!(render_history(&[]), "no award outcomes match\n");
    }

    #[test]
    fn frame_has_the_history_schema() {
        let rows = history_rows(&recs(), &HistoryFilter::default());
        let df = history_frame(&rows).unwrap();
        assert_eq!(df.height(), 5);
        assert_eq!(df.schema().as_ref(), &HISTORY.schema());
    }
}
