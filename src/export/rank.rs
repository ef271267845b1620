//! The ranking of award types, read from `data/award_ranks.tsv`: which award of an agency's year
//! is the highest, and the short label shown in the terminal history.

use crate::model::AwardStatus;
use crate::text::fold;
use std::sync::OnceLock;

/// The ranking shipped with the crate.
const RANKS_TSV: &str = include_str!("../../data/award_ranks.tsv");

/// One line of the ranking.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Rule {
    rank: i32,
    award: String,
    /// Accepted grantors (folded words); empty for any.
    grantors: Vec<String>,
    label: String,
}

/// The rank of one award type with its grantor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ranked<'a> {
    /// Lower is higher; `None` when the type is not in the ranking.
    pub rank: Option<i32>,
    /// Short label for narrow displays ("Cờ CP", "BK TTg").
    pub label: &'a str,
}

/// The award ranking.
#[derive(Debug, Clone, Default)]
pub struct Ranking {
    rules: Vec<Rule>,
}

/// A line of the ranking file that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("award ranking line {line}: {reason}")]
pub struct RankingError {
    /// 1-based line number.
    pub line: usize,
    /// What is wrong with it.
    pub reason: String,
}

/// The words of `s` folded for matching: no diacritics, lowercase, punctuation dropped,
/// "sỹ" read as "sĩ".
fn words(s: &str) -> String {
    let f = fold(s);
    let mut out = String::with_capacity(f.len());
    for w in f
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(if w == "sy" { "si" } else { w });
    }
    out
}

/// True when `pattern` (folded words) starts `text` (folded words) at a word boundary.
fn starts_with_words(text: &str, pattern: &str) -> bool {
    text.strip_prefix(pattern)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
}

/// The grantor named inside an award type: the words after its last "của" ("Cờ thi đua của
/// Chính phủ" -> "chinh phu"), if any.
fn grantor_in_award(award_words: &str) -> Option<&str> {
    let padded = award_words.rfind(" cua ")?;
    let rest = &award_words[padded + " cua ".len()..];
    (!rest.is_empty()).then_some(rest)
}

impl Ranking {
    /// The ranking in `data/award_ranks.tsv`.
    pub fn builtin() -> &'static Ranking {
        static RANKING: OnceLock<Ranking> = OnceLock::new();
        RANKING.get_or_init(|| match Ranking::parse(RANKS_TSV) {
            Ok(r) => r,
            Err(e) => {
                tracing::error!("data/award_ranks.tsv: {e}");
                Ranking::default()
            }
        })
    }

    /// Reads a ranking (see `data/award_ranks.tsv` for the format).
    pub fn parse(text: &str) -> Result<Ranking, RankingError> {
        let mut rules = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') || line.starts_with("rank\t") {
                continue;
            }
            let err = |reason: String| RankingError {
                line: i + 1,
                reason,
            };
            let f: Vec<&str> = line.split('\t').map(str::trim).collect();
            if f.len() != 4 {
                return Err(err(format!(
                    "expected 4 tab-separated fields, found {}",
                    f.len()
                )));
            }
            let rank: i32 = f[0]
                .parse()
                .map_err(|_| err(format!("bad rank {:?}", f[0])))?;
            let award = words(f[1]);
            if award.is_empty() {
                return Err(err("empty award".into()));
            }
            let grantors: Vec<String> = match f[2] {
                "*" => Vec::new(),
                g => g.split('|').map(words).filter(|g| !g.is_empty()).collect(),
            };
            if f[2] != "*" && grantors.is_empty() {
                return Err(err("empty grantor (use * for any)".into()));
            }
            rules.push(Rule {
                rank,
                award,
                grantors,
                label: f[3].to_string(),
            });
        }
        Ok(Ranking { rules })
    }

    /// The rank and label of an award type given by `grantor` (without a grantor, the one named
    /// in the award type counts: "Cờ thi đua của Chính phủ" ranks like "Cờ thi đua" given by
    /// "Chính phủ").
    pub fn rank<'a>(&'a self, award: &'a str, grantor: Option<&str>) -> Ranked<'a> {
        let a = words(award);
        let g = grantor.map(words).filter(|g| !g.is_empty());
        let g = g.as_deref().or_else(|| grantor_in_award(&a));
        for r in &self.rules {
            if !starts_with_words(&a, &r.award) {
                continue;
            }
            let ok = r.grantors.is_empty() || g.is_some_and(|g| r.grantors.iter().any(|x| x == g));
            if ok {
                return Ranked {
                    rank: Some(r.rank),
                    label: &r.label,
                };
            }
        }
        Ranked {
            rank: None,
            label: award,
        }
    }
}

/// Orders outcomes from best to worst: lower rank first (unranked last), then the more advanced
/// status (awarded, proposed, registered).
pub fn better(a: (Option<i32>, AwardStatus), b: (Option<i32>, AwardStatus)) -> std::cmp::Ordering {
    let ra = a.0.unwrap_or(i32::MAX);
    let rb = b.0.unwrap_or(i32::MAX);
    ra.cmp(&rb).then(b.1.cmp(&a.1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(award: &str, grantor: Option<&str>) -> Option<i32> {
        Ranking::parse(RANKS_TSV).unwrap().rank(award, grantor).rank
    }

    #[test]
    fn follows_the_domain_order() {
        let order = [
            r("Cờ thi đua", Some("Chính phủ")),
            r("Cờ thi đua", Some("Ủy ban nhân dân tỉnh")),
            r("Huân chương Lao động hạng Ba", None),
            r("Bằng khen", Some("Thủ tướng Chính phủ")),
            r("Bằng khen", Some("Chủ tịch Ủy ban nhân dân tỉnh")),
            r("Tập thể lao động xuất sắc", None),
            r("Tập thể lao động tiên tiến", None),
            r("Giấy khen", Some("Giám đốc Sở")),
        ];
        for w in order.windows(2) {
            assert!(w[0].unwrap() < w[1].unwrap(), "{order:?}");
        }
    }

    #[test]
    fn grantor_inside_the_award_and_spelling_variants() {
        assert_eq!(r("Cờ thi đua của Chính phủ", None), Some(10));
        assert_eq!(
            r(
                "Cờ “Đơn vị xuất sắc trong phong trào thi đua”",
                Some("Chính phủ")
            ),
            Some(10)
        );
        assert_eq!(r("Cờ thi đua của NHNN", None), Some(20));
        assert_eq!(r("cờ thi đua xuất sắc", Some("UBND tỉnh")), Some(20));
        assert_eq!(
            r("Chiến sỹ thi đua cơ sở", None),
            r("Chiến sĩ thi đua cơ sở", None)
        );
        assert_eq!(r("Chiến sĩ thi đua cấp cơ sở", None), Some(72));
        assert_eq!(r("Chiến sĩ thi đua cấp tỉnh", None), Some(54));
        assert_eq!(r("Huân chương Lao động hạng Nhì", None), Some(36));
        assert_eq!(r("Huân chương Chiến công hạng Ba", None), Some(38));
        assert_eq!(r("Bằng khen", Some("Bộ trưởng Bộ Tài chính")), Some(50));
        assert_eq!(r("Kỷ niệm chương", None), None);
        assert_eq!(r("Bằng khen", Some("Thủ tướng Chính phủ")), Some(40));
        assert_eq!(r("Bằng khen của Thủ tướng Chính phủ", None), Some(40));
        // A flag of the Thanh tra Chính phủ (a ministry-level body) is not the Government's flag.
        assert_eq!(r("Cờ thi đua", Some("Thanh tra Chính phủ")), Some(20));
        assert_eq!(r("Cờ thi đua của Thanh tra Chính phủ", None), Some(20));
        assert_eq!(r("Bằng khen", Some("Văn phòng Chính phủ")), Some(50));
    }

    #[test]
    fn better_prefers_rank_then_status() {
        use std::cmp::Ordering::*;
        assert_eq!(
            better(
                (Some(10), AwardStatus::Proposed),
                (Some(50), AwardStatus::Awarded)
            ),
            Less
        );
        assert_eq!(
            better(
                (Some(50), AwardStatus::Awarded),
                (Some(50), AwardStatus::Proposed)
            ),
            Less
        );
        assert_eq!(
            better(
                (None, AwardStatus::Awarded),
                (Some(90), AwardStatus::Registered)
            ),
            Greater
        );
    }

    #[test]
    fn rejects_bad_lines() {
        assert!(Ranking::parse("x\tCờ\t*\tC\n").is_err());
        assert!(Ranking::parse("10\tCờ\t*\n").is_err());
    }
}
