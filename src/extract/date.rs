//! Dates, years and periods as news writes them, resolved against the publication date.
//!
//! Forms: "07/3/2019", "21-3-2019", "11.1.2021", "ngày 7 tháng 3 năm 2019", "Chiều 19-7",
//! "Sáng 22/3", "Ngày 11.1", "(22/3)", "năm 2019", "6 tháng đầu năm 2016", "tháng 3/2019".
//! A day written without its year is the latest such day not after the publication date.

use chrono::{Datelike, NaiveDate};
use regex::Regex;
use std::sync::LazyLock;

/// What a date expression denotes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// A day; the year may be missing in the text.
    Day {
        /// Day of month.
        d: u32,
        /// Month.
        m: u32,
        /// Year, when written.
        y: Option<i32>,
    },
    /// A month of a year.
    Month {
        /// Month.
        m: u32,
        /// Year.
        y: i32,
    },
    /// A year ("năm 2019").
    Year(i32),
    /// A span of years ("giai đoạn 2014 - 2018", "từ năm 2016 đến năm 2018", "nhiệm kỳ
    /// 2020 - 2025").
    Range {
        /// First year.
        from: i32,
        /// Last year.
        to: i32,
        /// A term of office ("nhiệm kỳ"), not a period of merit.
        term: bool,
    },
    /// A half-year ("6 tháng đầu năm 2016"): first (1) or second (2) half.
    Half {
        /// The year, when written.
        y: Option<i32>,
        /// 1 or 2.
        half: u8,
    },
}

/// A date expression found in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateHit {
    /// First byte (relative to the searched text).
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// What it denotes.
    pub when: When,
}

static FULL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(\d{1,2})\s?[/.\-]\s?(\d{1,2})\s?[/.\-]\s?((?:19|20)\d{2})\b").expect("regex")
});
static LONG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})(?:\s*(?:năm|,)\s*((?:19|20)\d{2}))?")
        .expect("regex")
});
static SHORT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:sáng|chiều|tối|trưa|đêm|hôm|ngày|từ|đến)\s+(?:ngày\s+|hôm\s+|qua\s+)?(\d{1,2})\s?[/.\-]\s?(\d{1,2})\b",
    )
    .expect("regex")
});
static PAREN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\((\d{1,2})[/.\-](\d{1,2})\)").expect("regex"));
static HALF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:6|sáu)\s+tháng\s+(đầu|cuối)\s+năm(?:\s+((?:19|20)\d{2}))?")
        .expect("regex")
});
static MONTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\btháng\s+(\d{1,2})\s?(?:/|năm)\s?((?:19|20)\d{2})\b").expect("regex")
});
static RANGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:\b(nhiệm kỳ|giai đoạn|từ năm|từ|năm)\s+)?\b((?:19|20)\d{2})\s?(?:-|–|—|đến năm|đến)\s?((?:19|20)\d{2})\b",
    )
    .expect("regex")
});
static YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\bnăm\s+((?:19|20)\d{2})\b").expect("regex"));

fn num<T: std::str::FromStr>(m: Option<regex::Match<'_>>) -> Option<T> {
    m.and_then(|m| m.as_str().parse().ok())
}

fn valid(d: u32, m: u32) -> bool {
    (1..=31).contains(&d) && (1..=12).contains(&m)
}

/// Finds the date expressions of `text`, without overlaps, in order.
pub fn find(text: &str) -> Vec<DateHit> {
    let mut hits: Vec<DateHit> = Vec::new();
    if !text.bytes().any(|b| b.is_ascii_digit()) {
        return hits;
    }
    let free =
        |hits: &Vec<DateHit>, s: usize, e: usize| hits.iter().all(|h| e <= h.start || h.end <= s);
    for c in FULL.captures_iter(text) {
        let (d, m, y) = (num(c.get(1)), num(c.get(2)), num(c.get(3)));
        if let (Some(d), Some(m), Some(y)) = (d, m, y)
            && valid(d, m)
        {
            let all = c.get(0).expect("match");
            hits.push(DateHit {
                start: all.start(),
                end: all.end(),
                when: When::Day { d, m, y: Some(y) },
            });
        }
    }
    for c in LONG.captures_iter(text) {
        let all = c.get(0).expect("match");
        if let (Some(d), Some(m)) = (num(c.get(1)), num(c.get(2)))
            && valid(d, m)
            && free(&hits, all.start(), all.end())
        {
            hits.push(DateHit {
                start: all.start(),
                end: all.end(),
                when: When::Day {
                    d,
                    m,
                    y: num(c.get(3)),
                },
            });
        }
    }
    for re in [&*SHORT, &*PAREN] {
        for c in re.captures_iter(text) {
            let all = c.get(0).expect("match");
            // "ngày 11.1.2021" is a full date; "11.1" followed by more digits is not a day.
            let rest = &text[all.end()..];
            let glued = rest.starts_with(|ch: char| ch.is_ascii_digit())
                || rest
                    .strip_prefix(['/', '.', '-'])
                    .is_some_and(|r| r.starts_with(|ch: char| ch.is_ascii_digit()));
            if glued {
                continue;
            }
            if let (Some(d), Some(m)) = (num(c.get(1)), num(c.get(2)))
                && valid(d, m)
                && free(&hits, all.start(), all.end())
            {
                hits.push(DateHit {
                    start: all.start(),
                    end: all.end(),
                    when: When::Day { d, m, y: None },
                });
            }
        }
    }
    for c in HALF.captures_iter(text) {
        let all = c.get(0).expect("match");
        if free(&hits, all.start(), all.end()) {
            let half = if c.get(1).is_some_and(|m| m.as_str().to_lowercase() == "đầu") {
                1
            } else {
                2
            };
            hits.push(DateHit {
                start: all.start(),
                end: all.end(),
                when: When::Half {
                    y: num(c.get(2)),
                    half,
                },
            });
        }
    }
    for c in MONTH.captures_iter(text) {
        let all = c.get(0).expect("match");
        if let (Some(m), Some(y)) = (num(c.get(1)), num(c.get(2)))
            && (1..=12).contains(&m)
            && free(&hits, all.start(), all.end())
        {
            hits.push(DateHit {
                start: all.start(),
                end: all.end(),
                when: When::Month { m, y },
            });
        }
    }
    for c in RANGE.captures_iter(text) {
        let all = c.get(0).expect("match");
        if let (Some(from), Some(to)) = (num(c.get(2)), num(c.get(3)))
            && from < to
            && free(&hits, all.start(), all.end())
        {
            let term = c
                .get(1)
                .is_some_and(|m| m.as_str().to_lowercase() == "nhiệm kỳ")
                || text[..all.start()].to_lowercase().ends_with("nhiệm kỳ ");
            hits.push(DateHit {
                start: all.start(),
                end: all.end(),
                when: When::Range { from, to, term },
            });
        }
    }
    for c in YEAR.captures_iter(text) {
        let all = c.get(0).expect("match");
        let y = c.get(1).expect("group");
        // "năm 2020 - 2025" is a range (a term of office), not a year.
        let rest = text[all.end()..].trim_start();
        let range = rest
            .strip_prefix(['-', '–', '—'])
            .is_some_and(|r| r.trim_start().starts_with(|ch: char| ch.is_ascii_digit()));
        if !range
            && free(&hits, y.start(), y.end())
            && let Ok(y) = y.as_str().parse()
        {
            hits.push(DateHit {
                start: all.start(),
                end: all.end(),
                when: When::Year(y),
            });
        }
    }
    hits.sort_by_key(|h| h.start);
    hits
}

/// The year a [`When`] is in, when known without resolving.
pub fn year_of(w: &When) -> Option<i32> {
    match *w {
        When::Day { y, .. } => y,
        When::Month { y, .. } => Some(y),
        When::Year(y) => Some(y),
        When::Range { to, .. } => Some(to),
        When::Half { y, .. } => y,
    }
}

/// Resolves a day to a date. Without a written year: the latest such day not after
/// `reference`; without a reference, in `hint_year`.
pub fn resolve_day(
    d: u32,
    m: u32,
    y: Option<i32>,
    reference: Option<NaiveDate>,
    hint_year: Option<i32>,
) -> Option<NaiveDate> {
    if let Some(y) = y {
        return NaiveDate::from_ymd_opt(y, m, d);
    }
    if let Some(r) = reference {
        let this = NaiveDate::from_ymd_opt(r.year(), m, d);
        return match this {
            Some(x) if x <= r => Some(x),
            _ => NaiveDate::from_ymd_opt(r.year() - 1, m, d),
        };
    }
    hint_year.and_then(|y| NaiveDate::from_ymd_opt(y, m, d))
}

/// The first full date (day, month and year written) in `text`: datelines such as
/// "04:07 PM,18/03/2019" or "Thứ Tư, 20/07/2016, 09:05".
pub fn first_full_date(text: &str) -> Option<NaiveDate> {
    FULL.captures_iter(text).find_map(|c| {
        let (d, m, y) = (num(c.get(1))?, num(c.get(2))?, num(c.get(3))?);
        NaiveDate::from_ymd_opt(y, m, d)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn whens(s: &str) -> Vec<When> {
        find(s).into_iter().map(|h| h.when).collect()
    }

    #[test]
    fn finds_all_forms() {
        assert_eq!(
            whens("Chiều ngày 07/3/2019, hội nghị năm 2018"),
            vec![
                When::Day {
                    d: 7,
                    m: 3,
                    y: Some(2019)
                },
                When::Year(2018)
            ]
        );
        assert_eq!(
            whens("Ngày 11.1, Chiều 19-7 và (22/3)"),
            vec![
                When::Day {
                    d: 11,
                    m: 1,
                    y: None
                },
                When::Day {
                    d: 19,
                    m: 7,
                    y: None
                },
                When::Day {
                    d: 22,
                    m: 3,
                    y: None
                }
            ]
        );
        assert_eq!(
            whens("ngày 7 tháng 3 năm 2019"),
            vec![When::Day {
                d: 7,
                m: 3,
                y: Some(2019)
            }]
        );
        assert_eq!(
            whens("sơ kết 6 tháng đầu năm 2016"),
            vec![When::Half {
                y: Some(2016),
                half: 1
            }]
        );
        assert_eq!(
            whens("nhiệm kỳ 2020 - 2025"),
            vec![When::Range {
                from: 2020,
                to: 2025,
                term: true
            }]
        );
        assert_eq!(
            whens("từ năm 2016 đến năm 2018"),
            vec![When::Range {
                from: 2016,
                to: 2018,
                term: false
            }]
        );
        assert_eq!(whens("7/8 thí sinh"), vec![]);
        assert_eq!(whens("tỷ lệ 11.1 phần trăm"), vec![]);
    }

    #[test]
    fn resolves_backwards() {
        let r = NaiveDate::from_ymd_opt(2019, 1, 3);
        assert_eq!(
            resolve_day(28, 12, None, r, None),
            NaiveDate::from_ymd_opt(2018, 12, 28)
        );
        assert_eq!(
            resolve_day(2, 1, None, r, None),
            NaiveDate::from_ymd_opt(2019, 1, 2)
        );
        assert_eq!(
            resolve_day(22, 3, None, None, Some(2024)),
            NaiveDate::from_ymd_opt(2024, 3, 22)
        );
        assert_eq!(
            first_full_date("04:07 PM,18/03/2019"),
            NaiveDate::from_ymd_opt(2019, 3, 18)
        );
    }
}
