//! Lineage of agencies and provinces: renamings and mergers, read from `data/lineage.tsv`.
//!
//! An agency's identity is its province and its canonical name. A link says that from a given day
//! one identity continued as another: an agency merged into another (Sở Kế hoạch và Đầu tư into
//! Sở Tài chính, 2025), or a whole province merged into another (Quảng Bình into Quảng Trị,
//! 1 July 2025), which carries every agency of the old province to the same name in the new one.
//! Links are followed only to *show* a successor's history with its predecessors, each row marked
//! with the predecessor it came from; the tables keep every fact under the name it was written with.

use crate::text::fold;
use chrono::NaiveDate;
use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

/// The lineage lexicon shipped with the crate.
const LINEAGE_TSV: &str = include_str!("../../data/lineage.tsv");

/// A line of the lineage file that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("lineage line {line}: {reason}")]
pub struct LineageError {
    /// 1-based line number.
    pub line: usize,
    /// What is wrong with it.
    pub reason: String,
}

/// What a link connects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LinkKind {
    /// One agency to another (in every province, or in one).
    Agency,
    /// One province to another: every agency of the predecessor continues in the successor.
    Province,
}

/// How the predecessor relates to the successor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Relation {
    /// Same body, new name.
    Renamed,
    /// The predecessor ended and its work continues in the successor.
    MergedInto,
    /// Part of the predecessor's duties moved to the successor; history does not follow this link.
    FunctionsTo,
}

impl Relation {
    /// The name used in the lexicon.
    pub fn as_str(&self) -> &'static str {
        match self {
            Relation::Renamed => "renamed",
            Relation::MergedInto => "merged_into",
            Relation::FunctionsTo => "functions_to",
        }
    }

    /// Whether a history continues along a link of this relation.
    pub fn continues_history(&self) -> bool {
        !matches!(self, Relation::FunctionsTo)
    }
}

/// One link of the lineage lexicon.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// Agency or province link.
    pub kind: LinkKind,
    /// For agency links, the province the link is limited to (`None`: every province).
    pub scope: Option<String>,
    /// The earlier name.
    pub predecessor: String,
    /// The later name.
    pub successor: String,
    /// How they relate.
    pub relation: Relation,
    /// First day under the successor.
    pub effective: NaiveDate,
    /// Legal basis and notes.
    pub basis: String,
}

/// An agency identity: its province (when known) and canonical name, as written.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Node {
    /// The province, as written.
    pub province: Option<String>,
    /// The canonical agency name, as written.
    pub name: String,
}

impl Node {
    /// A node from a province and a name.
    pub fn new(province: Option<&str>, name: &str) -> Node {
        Node {
            province: province.map(str::to_string),
            name: name.to_string(),
        }
    }

    /// The stable id of the identity: `province-slug/name-slug`, `_` for an unknown province
    /// (`quang-binh/so-tai-chinh`).
    pub fn id(&self) -> String {
        agency_id(self.province.as_deref(), &self.name)
    }
}

impl fmt::Display for Node {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.province {
            Some(p) => write!(f, "{} ({})", self.name, p),
            None => f.write_str(&self.name),
        }
    }
}

/// One step along a lineage chain: the identity reached and the link that led there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// The identity after the link.
    pub node: Node,
    /// Index of the link in [`Lineage::links`].
    pub link: usize,
}

/// The lineage lexicon, indexed for lookups.
#[derive(Debug, Clone, Default)]
pub struct Lineage {
    links: Vec<Link>,
    by_agency: HashMap<String, Vec<usize>>,
    by_province: HashMap<String, Vec<usize>>,
}

/// Longest chain followed; guards against cycles in a hand-edited lexicon.
const MAX_CHAIN: usize = 16;

impl Lineage {
    /// The lexicon in `data/lineage.tsv`.
    pub fn builtin() -> &'static Lineage {
        static LINEAGE: OnceLock<Lineage> = OnceLock::new();
        LINEAGE.get_or_init(|| match Lineage::parse(LINEAGE_TSV) {
            Ok(l) => l,
            Err(e) => {
                // The shipped file is checked by the tests; an edit that breaks it disables lineage
                // (histories are shown without successors) rather than stopping every export.
                tracing::error!("data/lineage.tsv: {e}");
                Lineage::default()
            }
        })
    }

    /// Reads a lineage lexicon (see `data/lineage.tsv` for the format).
    pub fn parse(text: &str) -> Result<Lineage, LineageError> {
        let mut lineage = Lineage::default();
        let mut header_seen = false;
        for (i, line) in text.lines().enumerate() {
            let n = i + 1;
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let err = |reason: String| LineageError { line: n, reason };
            let f: Vec<&str> = line.split('\t').map(str::trim).collect();
            if !header_seen {
                header_seen = true;
                if f.first() == Some(&"kind") {
                    continue;
                }
            }
            if f.len() != 7 {
                return Err(err(format!(
                    "expected 7 tab-separated fields, found {}",
                    f.len()
                )));
            }
            let kind = match f[0] {
                "agency" => LinkKind::Agency,
                "province" => LinkKind::Province,
                other => return Err(err(format!("unknown kind {other:?}"))),
            };
            let scope = match (kind, f[1]) {
                (LinkKind::Agency, "*") | (LinkKind::Province, "-") => None,
                (LinkKind::Agency, p) if !p.is_empty() => Some(p.to_string()),
                (_, s) => return Err(err(format!("bad scope {s:?} for this kind"))),
            };
            let relation = match f[4] {
                "renamed" => Relation::Renamed,
                "merged_into" => Relation::MergedInto,
                "functions_to" => Relation::FunctionsTo,
                other => return Err(err(format!("unknown relation {other:?}"))),
            };
            let effective = NaiveDate::parse_from_str(f[5], "%Y-%m-%d")
                .map_err(|e| err(format!("bad date {:?}: {e}", f[5])))?;
            if f[2].is_empty() || f[3].is_empty() {
                return Err(err("empty predecessor or successor".into()));
            }
            let key = match kind {
                LinkKind::Agency => agency_key(f[2]),
                LinkKind::Province => province_key(f[2]),
            };
            let same = match kind {
                LinkKind::Agency => agency_key(f[3]) == key,
                LinkKind::Province => province_key(f[3]) == key,
            };
            if same {
                return Err(err("predecessor and successor are the same".into()));
            }
            let idx = lineage.links.len();
            lineage.links.push(Link {
                kind,
                scope,
                predecessor: f[2].to_string(),
                successor: f[3].to_string(),
                relation,
                effective,
                basis: f[6].to_string(),
            });
            match kind {
                LinkKind::Agency => lineage.by_agency.entry(key).or_default().push(idx),
                LinkKind::Province => lineage.by_province.entry(key).or_default().push(idx),
            }
        }
        lineage.check_acyclic()?;
        Ok(lineage)
    }

    /// Every link, in file order.
    pub fn links(&self) -> &[Link] {
        &self.links
    }

    /// The link a history follows from `node`, if any: the earliest in effect among the agency
    /// links for its name (in its province or everywhere) and the province link for its province.
    pub fn next(&self, node: &Node) -> Option<Step> {
        let pkey = node.province.as_deref().map(province_key);
        let mut best: Option<usize> = None;
        let mut consider = |i: usize| {
            if best.is_none_or(|b| self.links[i].effective < self.links[b].effective) {
                best = Some(i);
            }
        };
        for &i in self
            .by_agency
            .get(&agency_key(&node.name))
            .into_iter()
            .flatten()
        {
            let l = &self.links[i];
            if !l.relation.continues_history() {
                continue;
            }
            let in_scope = match &l.scope {
                None => true,
                Some(s) => pkey.as_deref() == Some(province_key(s).as_str()),
            };
            if in_scope {
                consider(i);
            }
        }
        if let Some(pk) = &pkey {
            for &i in self.by_province.get(pk).into_iter().flatten() {
                if self.links[i].relation.continues_history() {
                    consider(i);
                }
            }
        }
        let i = best?;
        let l = &self.links[i];
        let node = match l.kind {
            LinkKind::Agency => Node {
                province: node.province.clone(),
                name: l.successor.clone(),
            },
            LinkKind::Province => Node {
                province: Some(l.successor.clone()),
                name: node.name.clone(),
            },
        };
        Some(Step { node, link: i })
    }

    /// The successive identities of `node`, oldest first, not including `node` itself.
    pub fn chain(&self, node: &Node) -> Vec<Step> {
        let mut out: Vec<Step> = Vec::new();
        let mut cur = node.clone();
        while out.len() < MAX_CHAIN {
            let Some(step) = self.next(&cur) else { break };
            cur = step.node.clone();
            out.push(step);
        }
        out
    }

    /// The predecessors the lexicon names for `node` (one link back, history-continuing links
    /// only), as identities in the predecessor's province.
    pub fn predecessors(&self, node: &Node) -> Vec<Node> {
        let akey = agency_key(&node.name);
        let pkey = node.province.as_deref().map(province_key);
        let mut out = Vec::new();
        for l in &self.links {
            if !l.relation.continues_history() {
                continue;
            }
            match l.kind {
                LinkKind::Agency => {
                    let in_scope = match &l.scope {
                        None => true,
                        Some(s) => pkey.as_deref() == Some(province_key(s).as_str()),
                    };
                    if in_scope && agency_key(&l.successor) == akey {
                        out.push(Node {
                            province: node.province.clone(),
                            name: l.predecessor.clone(),
                        });
                    }
                }
                LinkKind::Province => {
                    if pkey.as_deref() == Some(province_key(&l.successor).as_str()) {
                        out.push(Node {
                            province: Some(l.predecessor.clone()),
                            name: node.name.clone(),
                        });
                    }
                }
            }
        }
        out
    }

    fn check_acyclic(&self) -> Result<(), LineageError> {
        // A cycle among agency names or among provinces would make chains loop.
        for (kind, map) in [
            (LinkKind::Agency, &self.by_agency),
            (LinkKind::Province, &self.by_province),
        ] {
            for start in map.keys() {
                let mut seen = vec![start.clone()];
                let mut frontier = vec![start.clone()];
                while let Some(k) = frontier.pop() {
                    for &i in map.get(&k).into_iter().flatten() {
                        let l = &self.links[i];
                        if !l.relation.continues_history() {
                            continue;
                        }
                        let next = match kind {
                            LinkKind::Agency => agency_key(&l.successor),
                            LinkKind::Province => province_key(&l.successor),
                        };
                        if next == *start {
                            return Err(LineageError {
                                line: 0,
                                reason: format!("cycle through {:?}", l.predecessor),
                            });
                        }
                        if !seen.contains(&next) {
                            seen.push(next.clone());
                            frontier.push(next);
                        }
                    }
                }
            }
        }
        Ok(())
    }
}

/// Folded words of `s` joined by `-`: no diacritics, lowercase, punctuation dropped.
pub fn slug(s: &str) -> String {
    let folded = fold(s);
    let mut out = String::with_capacity(folded.len());
    for w in folded.split(|c: char| !c.is_alphanumeric()) {
        if w.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(w);
    }
    out
}

/// The matching key of an agency name: its [`slug`]. "Sở Lao động - Thương binh và Xã hội" and
/// "Sở Lao động, Thương binh và Xã hội" have the same key.
pub fn agency_key(name: &str) -> String {
    slug(name)
}

/// The matching key of a province: its [`slug`] without a leading "tỉnh"/"thành phố"/"TP", with
/// the usual short forms of Hồ Chí Minh City resolved (`TP.HCM`, `TPHCM`, `HCM`).
pub fn province_key(name: &str) -> String {
    let s = slug(name);
    let mut rest = s.as_str();
    for prefix in ["tinh-", "thanh-pho-", "tp-"] {
        if let Some(r) = rest.strip_prefix(prefix) {
            rest = r;
            break;
        }
    }
    match rest {
        "hcm" | "tphcm" | "tp-hcm" | "ho-chi-minh" => "ho-chi-minh".to_string(),
        r => r.to_string(),
    }
}

/// The province an agency belongs to: the one its name states ("Ngân hàng Nhà nước chi nhánh tỉnh
/// Hà Tĩnh", "Công an thành phố Cần Thơ"), else the province of the article that names it.
pub fn agency_province<'a>(name: &str, article_province: Option<&'a str>) -> Option<&'a str> {
    crate::text::province::mentioned(name).or(article_province)
}

/// The stable id of an agency identity: `province-key/agency-key`, `_` for an unknown province.
pub fn agency_id(province: Option<&str>, name: &str) -> String {
    let p = province
        .map(province_key)
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| "_".to_string());
    format!("{p}/{}", agency_key(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_lexicon_parses_and_covers_2025() {
        let l = Lineage::parse(LINEAGE_TSV).expect("data/lineage.tsv parses");
        let provinces: Vec<&Link> = l
            .links()
            .iter()
            .filter(|x| x.kind == LinkKind::Province && x.relation == Relation::MergedInto)
            .collect();
        // 63 provinces became 34: 29 names ended on 1 July 2025.
        assert_eq!(provinces.len(), 29);
        let mut successors: Vec<String> = provinces
            .iter()
            .map(|x| province_key(&x.successor))
            .collect();
        successors.sort();
        successors.dedup();
        assert_eq!(successors.len(), 23, "23 provinces were formed from 52");
        for x in &provinces {
            assert_eq!(x.effective, NaiveDate::from_ymd_opt(2025, 7, 1).unwrap());
            assert!(x.basis.contains("202/2025/QH15"));
        }
        for l in l.links() {
            assert!(!l.basis.is_empty(), "{} has no basis", l.predecessor);
        }
    }

    #[test]
    fn department_merger_then_province_merger() {
        let l = Lineage::parse(LINEAGE_TSV).unwrap();
        let chain = l.chain(&Node::new(Some("Quảng Bình"), "Sở Kế hoạch và Đầu tư"));
        let nodes: Vec<String> = chain.iter().map(|s| s.node.to_string()).collect();
        assert_eq!(
            nodes,
            ["Sở Tài chính (Quảng Bình)", "Sở Tài chính (Quảng Trị)"],
            "March 2025 department merger first, July 2025 province merger second"
        );
        // Spelling variants of the predecessor reach the same successor.
        let c = l.chain(&Node::new(None, "Sở Lao động, Thương binh và Xã hội"));
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].node.name, "Sở Nội vụ");
        // functions_to links are not followed.
        let c = l.chain(&Node::new(None, "Sở Thông tin và Truyền thông"));
        assert_eq!(c[0].node.name, "Sở Khoa học và Công nghệ");
        // An agency whose name did not change has no chain outside merged provinces.
        assert!(
            l.chain(&Node::new(Some("Nghệ An"), "Sở Tài chính"))
                .is_empty()
        );
        assert!(l.chain(&Node::new(None, "Công an tỉnh")).is_empty());
    }

    #[test]
    fn predecessors_of_a_successor() {
        let l = Lineage::parse(LINEAGE_TSV).unwrap();
        let p = l.predecessors(&Node::new(Some("Quảng Trị"), "Sở Tài chính"));
        let names: Vec<String> = p.iter().map(|n| n.to_string()).collect();
        assert!(names.contains(&"Sở Kế hoạch và Đầu tư (Quảng Trị)".to_string()));
        assert!(names.contains(&"Sở Tài chính (Quảng Bình)".to_string()));
        let p = l.predecessors(&Node::new(None, "Sở Nông nghiệp và Môi trường"));
        assert_eq!(p.len(), 2);
    }

    #[test]
    fn keys_ignore_spelling_noise() {
        assert_eq!(province_key("Tỉnh Quảng Bình"), province_key("quang binh"));
        assert_eq!(
            province_key("TP.HCM"),
            province_key("Thành phố Hồ Chí Minh")
        );
        assert_eq!(
            province_key("Bà Rịa-Vũng Tàu"),
            province_key("Bà Rịa - Vũng Tàu")
        );
        assert_eq!(
            agency_id(Some("Quảng Bình"), "Sở Tài chính"),
            "quang-binh/so-tai-chinh"
        );
        assert_eq!(agency_id(None, "Sở Tài chính"), "_/so-tai-chinh");
        let own = "Ngân hàng Nhà nước chi nhánh tỉnh Hà Tĩnh";
        assert_eq!(agency_province(own, Some("Quảng Trị")), Some("Hà Tĩnh"));
        assert_eq!(
            agency_province("Sở Tư pháp", Some("Quảng Trị")),
            Some("Quảng Trị")
        );
    }

    #[test]
    fn rejects_bad_lines_and_cycles() {
        let head = "kind\tscope\tpredecessor\tsuccessor\trelation\teffective\tbasis\n";
        let bad = format!("{head}agency\t*\tA\tB\tmerged_into\t2025-13-01\tx\n");
        assert_eq!(Lineage::parse(&bad).unwrap_err().line, 2);
        let bad = format!("{head}agency\t*\tA\tB\tmerged\t2025-01-01\tx\n");
        assert!(Lineage::parse(&bad).is_err());
        let bad = format!("{head}agency\t*\tA\tB\n");
        assert!(Lineage::parse(&bad).is_err());
        let cyc = format!(
            "{head}agency\t*\tA\tB\trenamed\t2020-01-01\tx\nagency\t*\tB\tA\trenamed\t2021-01-01\tx\n"
        );
        assert!(Lineage::parse(&cyc).is_err());
    }

    #[test]
    fn scoped_agency_links_apply_in_their_province_only() {
        let text = "agency\tBắc Ninh\tSở A\tSở B\trenamed\t2020-01-01\tx\n";
        let l = Lineage::parse(text).unwrap();
        assert_eq!(l.chain(&Node::new(Some("Bắc Ninh"), "Sở A")).len(), 1);
        assert!(l.chain(&Node::new(Some("Nghệ An"), "Sở A")).is_empty());
        assert!(l.chain(&Node::new(None, "Sở A")).is_empty());
    }
}
