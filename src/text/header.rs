//! In-text header conventions of news dumps, and datelines.
//!
//! - `Title:`/`Source:`/`Link:`/`Published Date:`/`Author:`/`Content:` blocks (the body starts
//!   after `Content:`);
//! - `# key = value` comment headers (`# url =`, `# date =`, `# doc_id =`);
//! - datelines in the styles of Vietnamese news sites: "12/03/2019", "04:07 PM,18/03/2019",
//!   "18:26, 11/01/2021", "Thứ Tư, 20/07/2016, 09:05 [GMT+7]", "2019-03-12T10:00:00+07:00",
//!   "20210407", "ngày 7 tháng 3 năm 2019";
//! - dateline lines with what sites print beside the date ([`dateline`]): labels ("Ngày đăng:",
//!   "Cập nhật lúc:"), view counters ("Lượt xem: 214"), section labels ("Kinh tế | 16/01/2019"),
//!   places ("KON TUM - Thứ Năm, 05/03/2020 - 14:20", "Ninh Bình, 24/02/2016") and authors.

use regex::Regex;
use std::sync::LazyLock;

/// What a header block said, and where the article text starts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Header {
    /// Title given by the header.
    pub title: Option<String>,
    /// URL given by the header.
    pub url: Option<String>,
    /// Publication date, ISO.
    pub published: Option<String>,
    /// Author given by the header.
    pub byline: Option<String>,
    /// Name of the publication given by the header.
    pub source_name: Option<String>,
    /// Byte offset where the article text starts.
    pub body_start: usize,
    /// Header lines, as `(start, end)` byte ranges, with the key of each.
    pub lines: Vec<(usize, usize, String)>,
    /// Which convention was recognised (`key-value`, `comment`), if any.
    pub style: Option<&'static str>,
}

/// Recognises a header block at the start of `text` (normalized).
pub fn parse_header(text: &str) -> Header {
    let mut h = Header::default();
    let first = text.trim_start().lines().next().unwrap_or("");
    if first.starts_with("Title:") && text.contains("\nContent:") {
        key_value(text, &mut h);
    } else if first.starts_with("# ") && first.contains(" = ") {
        comment(text, &mut h);
    }
    h
}

fn key_value(text: &str, h: &mut Header) {
    h.style = Some("key-value");
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let start = pos;
        pos += line.len();
        let l = line.trim_end_matches(['\n', '\r']);
        let Some((key, value)) = l.split_once(':') else {
            continue;
        };
        let key = key.trim();
        let value = value.trim();
        if key == "Content" {
            let off = start + l.find(':').map_or(0, |p| p + 1);
            let skip = text[off..].len() - text[off..].trim_start_matches([' ', '\t']).len();
            h.lines.push((start, off, key.to_string()));
            h.body_start = off + skip;
            break;
        }
        h.lines.push((start, start + l.len(), key.to_string()));
        let v = (!value.is_empty() && value != "N/A").then(|| value.to_string());
        match key {
            "Title" => h.title = v,
            "Link" | "URL" | "Url" => h.url = v,
            "Published Date" | "Date" | "Published" => {
                h.published = v.as_deref().and_then(parse_datetime)
            }
            "Author" => h.byline = v,
            "Source" => h.source_name = v,
            _ => {}
        }
    }
    // "Headline - VnExpress": drop the publication's name after the title.
    if let (Some(t), Some(src)) = (&h.title, &h.source_name) {
        for sep in [" - ", " | ", " – "] {
            if let Some(stripped) = t.strip_suffix(&format!("{sep}{src}")) {
                h.title = Some(stripped.trim().to_string());
                break;
            }
        }
    }
}

fn comment(text: &str, h: &mut Header) {
    h.style = Some("comment");
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let l = line.trim_end_matches(['\n', '\r']);
        let Some(rest) = l.strip_prefix("# ") else {
            break;
        };
        let Some((key, value)) = rest.split_once(" = ") else {
            break;
        };
        let value = value.trim();
        match key.trim() {
            "url" | "link" => h.url = Some(value.to_string()),
            "date" | "published" => h.published = parse_datetime(value),
            "title" => h.title = Some(value.to_string()),
            _ => {}
        }
        h.lines.push((pos, pos + l.len(), key.trim().to_string()));
        pos += line.len();
    }
    h.body_start = pos;
}

static DMY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^\d/.-])(\d{1,2})[/.-](\d{1,2})[/.-]((?:19|20)\d{2})(?:$|[^\d/])")
        .expect("valid regex")
});
static ISO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"((?:19|20)\d{2})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})?)?",
    )
    .expect("valid regex")
});
static COMPACT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^((?:19|20)\d{2})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2})?)?$").expect("valid regex")
});
static WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+((?:19|20)\d{2})")
        .expect("valid regex")
});
static TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:^|[^\d:])(\d{1,2})\s*[:h]\s*(\d{2})(?::(\d{2}))?(?:\s*(AM|PM|SA|CH)\b)?")
        .expect("valid regex")
});
static TZ: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:GMT|UTC)\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?").expect("valid regex")
});

fn valid_date(y: i32, m: u32, d: u32) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::from_ymd_opt(y, m, d)
}

/// Parses a date or datetime as the header styles write it; returns ISO 8601 text
/// (`YYYY-MM-DD`, or `YYYY-MM-DDTHH:MM[:SS][±HH:MM]` when a time is given).
pub fn parse_datetime(s: &str) -> Option<String> {
    let s = s.trim();
    if let Some(c) = COMPACT.captures(s) {
        let date = valid_date(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?)?;
        return Some(match (c.get(4), c.get(5)) {
            (Some(h), Some(m)) => format!("{date}T{}:{}", h.as_str(), m.as_str()),
            _ => date.to_string(),
        });
    }
    if let Some(c) = ISO.captures(s) {
        let date = valid_date(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?)?;
        let Some(h) = c.get(4) else {
            return Some(date.to_string());
        };
        let mut out = format!("{date}T{}:{}", h.as_str(), &c[5]);
        if let Some(sec) = c.get(6) {
            out.push(':');
            out.push_str(sec.as_str());
        }
        if let Some(z) = c.get(7) {
            let z = z.as_str();
            if z == "Z" {
                out.push_str("+00:00");
            } else if z.contains(':') {
                out.push_str(z);
            } else {
                out.push_str(&format!("{}:{}", &z[..3], &z[3..]));
            }
        }
        return Some(out);
    }
    let (date, date_range) = if let Some(c) = DMY.captures(s) {
        let d = valid_date(c[3].parse().ok()?, c[2].parse().ok()?, c[1].parse().ok()?)?;
        let m = c.get(0)?;
        (d, m.start()..m.end())
    } else if let Some(c) = WORDS.captures(s) {
        let d = valid_date(c[3].parse().ok()?, c[2].parse().ok()?, c[1].parse().ok()?)?;
        let m = c.get(0)?;
        (d, m.start()..m.end())
    } else {
        return None;
    };
    // A time outside the date itself.
    let rest = format!("{} {}", &s[..date_range.start], &s[date_range.end..]);
    let Some(t) = TIME.captures(&rest) else {
        return Some(date.to_string());
    };
    let mut hour: u32 = t[1].parse().ok()?;
    let min: u32 = t[2].parse().ok()?;
    match t.get(4).map(|m| m.as_str().to_ascii_uppercase()).as_deref() {
        Some("PM" | "CH") if hour < 12 => hour += 12,
        Some("AM" | "SA") if hour == 12 => hour = 0,
        _ => {}
    }
    if hour > 23 || min > 59 {
        return Some(date.to_string());
    }
    let mut out = format!("{date}T{hour:02}:{min:02}");
    if let Some(sec) = t.get(3) {
        out.push(':');
        out.push_str(sec.as_str());
    }
    if let Some(z) = TZ.captures(&rest) {
        let h: u32 = z[2].parse().ok()?;
        let m: u32 = z.get(3).map_or(Some(0), |m| m.as_str().parse().ok())?;
        out.push_str(&format!("{}{h:02}:{m:02}", &z[1]));
    }
    Some(out)
}

/// The words printed with a date: weekdays, labels, times of day and zones.
const DATELINE_WORD_ALTERNATIVES: &str = r"thứ\s*(?:hai|ba|tư|năm|sáu|bảy|2|3|4|5|6|7)|chủ\s*nhật|t[2-7]|cn|ngày\s+(?:đăng|cập nhật|xuất bản|viết|đưa tin)|(?:đăng|đưa|cập nhật)\s+(?:ngày|lúc|tin)|cập nhật(?:\s+lần cuối)?|xuất bản|đăng tải|đăng|ngày|tháng|năm|lúc|giờ|thời gian(?:\s+đăng)?|(?:last\s+)?(?:published|updated|posted|modified)(?:\s+on)?|date|gmt|utc|am|pm|sa|ch";

static DATELINE_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)\b(?:{DATELINE_WORD_ALTERNATIVES})\b")).expect("valid regex")
});

/// Text in which every letter belongs to a dateline word, word boundaries aside: what every part
/// that [`date_part`] accepts is made of. Without the Unicode word boundaries of
/// [`DATELINE_WORDS`] it runs on the fast engine, and turns down most parts that are prose
/// without the slow one.
static DATELINE_WORDS_ONLY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^(?:(?i:{DATELINE_WORD_ALTERNATIVES})|\P{{Alphabetic}})*$"
    ))
    .expect("valid regex")
});

/// A segment that only counts views or comments ("Lượt xem: 214", "(0) (96)", "87 lượt xem").
static COUNTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:(?:số\s+)?(?:lượt\s+(?:xem|đọc|truy cập|thích|chia sẻ|bình luận)|đang xem|bình luận|phản hồi|views?|comments?|xem|đọc)\s*:?\s*[\d.,]+|[\d.,]+\s*(?:lượt\s+(?:xem|đọc|thích|chia sẻ)|bình luận|views?|comments?)|(?:\(\d+\)\s*)+)$",
    )
    .expect("valid regex")
});

/// A segment that names where the article was taken from ("Nguồn: Báo Kon Tum").
static SOURCE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^nguồn\s*:\s*\S.*$").expect("valid regex"));

/// A section label glued to the date ("Thời sự 05/03/2021 10:20").
static GLUED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\p{Lu}[\p{L}&-]*(?:\s+[\p{L}&-]+){0,2})\s+(\d{1,2}/\d{1,2}/(?:19|20)\d{2}\b.*)$")
        .expect("valid regex")
});

/// A segment that names the author ("Tác giả: Minh Châu", "Bài, ảnh: T.Trúc").
static AUTHOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:tác giả|người viết|phóng viên|bài(?:\s*(?:,|và)\s*ảnh)?|tin(?:\s*(?:,|và)\s*ảnh)?)\s*:\s*(\S.*)$")
        .expect("valid regex")
});

/// Separators between the parts of a dateline: `|`, ` - `, `,`, `;`, bullets.
static DATELINE_SEP: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\s*[|,;•·]\s*|\s+-\s+").expect("valid regex"));

/// A dateline taken apart: the date, and what is printed beside it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dateline {
    /// The publication date, ISO (with the time and zone when given).
    pub published: String,
    /// A place name before the date ("KON TUM - ...", "Ninh Bình, ...").
    pub place: Option<String>,
    /// A section label beside the date ("Kinh tế | ...").
    pub section: Option<String>,
    /// An author named beside the date ("... | Tác giả: Minh Châu").
    pub author: Option<String>,
}

/// True when a part of a dateline reads as a date, time, weekday, zone or label only.
fn date_part(s: &str) -> bool {
    // Numbers and punctuation alone ("08/03/2019", "14:20") need no regex.
    if !s.chars().any(char::is_alphabetic) {
        return true;
    }
    if !DATELINE_WORDS_ONLY.is_match(s) {
        return false;
    }
    !DATELINE_WORDS
        .replace_all(s, "")
        .chars()
        .any(|c| c.is_alphabetic())
}

/// True when a part of a dateline reads as a name: a short run of words that starts with a
/// capital letter, without digits ("Kinh tế", "Thời sự", "KON TUM", "TP.HCM").
fn name_part(s: &str) -> bool {
    let words = s.split_whitespace().filter(|w| *w != "-").count();
    (1..=5).contains(&words)
        && s.chars().count() <= 40
        && s.chars().next().is_some_and(char::is_uppercase)
        && s.chars()
            .all(|c| c.is_alphabetic() || matches!(c, ' ' | '.' | '&' | '-' | '/'))
}

/// True when every letter of a name is a capital ("KON TUM", "TP.HCM").
fn all_caps(s: &str) -> bool {
    let mut letters = s.chars().filter(|c| c.is_alphabetic()).peekable();
    letters.peek().is_some() && letters.all(char::is_uppercase)
}

/// Takes a dateline apart. A dateline is a short line made of parts separated by `|`, ` - `,
/// `,` or `;`: one or more parts that read as a date, time, weekday or time zone (with labels
/// such as "Ngày đăng:", "Cập nhật lúc:"), view or comment counters ("Lượt xem: 214"), and
/// the source ("Nguồn: ..."), at most two names at the start (a section label "Kinh tế", also
/// glued to the date as in "Thời sự 05/03/2021", or a place "KON TUM", "Ninh Bình"), one at the
/// end, and an author ("Tác giả: ...") at either end.
///
/// "Ngày đăng: 08/03/2019 | Lượt xem: 214", "Kinh tế | 16/01/2019 | Lượt xem: 302", "KON TUM -
/// Thứ Năm, 05/03/2020 - 14:20", "Ninh Bình, 24/02/2016", "Thứ Tư, 20/07/2016, 09:05 [GMT+7]".
pub fn dateline(line: &str) -> Option<Dateline> {
    let line = line.trim();
    // Every date read by `parse_datetime` has a year of four ASCII digits.
    if line.len() > 400 || !has_four_digits(line) || line.chars().count() > 100 {
        return None;
    }
    // Parts as byte ranges of `line`, up to the separator after each; read one by one, as the
    // first part of no known kind settles the line.
    let mut at = 0;
    let parts = DATELINE_SEP
        .find_iter(line)
        .map(|m| (m.start(), m.end()))
        .chain(std::iter::once((line.len(), line.len())));
    #[derive(Clone, Copy, PartialEq)]
    enum Kind {
        Date,
        Counter,
        Name,
        Author,
    }
    let mut kinds: Vec<(Kind, usize, usize)> = Vec::new();
    for (sep_start, sep_end) in parts {
        let (s, e) = (at, sep_start);
        at = sep_end;
        let p = line[s..e].trim_matches(|c: char| c.is_whitespace() || c == ':');
        if p.is_empty() {
            continue;
        }
        let kind = if COUNTER.is_match(p) || SOURCE.is_match(p) {
            Kind::Counter
        } else if date_part(p) {
            Kind::Date
        } else if AUTHOR.is_match(p) {
            Kind::Author
        } else if name_part(p) {
            Kind::Name
        } else if kinds.is_empty()
            // The glued date has slashes.
            && p.contains('/')
            && let Some(c) = GLUED.captures(p)
            && let (Some(name), Some(date)) = (c.get(1), c.get(2))
            && name_part(name.as_str())
            && !DATELINE_WORDS.is_match(name.as_str())
            && date_part(date.as_str())
        {
            let base = p.as_ptr() as usize - line.as_ptr() as usize;
            kinds.push((Kind::Name, base + name.start(), base + name.end()));
            kinds.push((Kind::Date, base + date.start(), base + date.end()));
            continue;
        } else {
            return None;
        };
        kinds.push((kind, s, e));
    }
    let first_date = kinds.iter().position(|k| k.0 == Kind::Date)?;
    let last_date = kinds.iter().rposition(|k| k.0 == Kind::Date)?;
    // Names only before the first date part or after the last one.
    let lead = &kinds[..first_date];
    let trail = &kinds[last_date + 1..];
    if kinds[first_date..=last_date]
        .iter()
        .any(|k| matches!(k.0, Kind::Name | Kind::Author))
        || kinds.iter().filter(|k| k.0 == Kind::Author).count() > 1
        || lead.iter().filter(|k| k.0 == Kind::Name).count() > 2
        || trail.iter().filter(|k| k.0 == Kind::Name).count() > 1
    {
        return None;
    }
    let dates: Vec<&str> = kinds
        .iter()
        .filter(|k| k.0 == Kind::Date)
        .map(|k| &line[k.1..k.2])
        .collect();
    let published = parse_datetime(&dates.join(" "))?;
    let mut out = Dateline {
        published,
        ..Dateline::default()
    };
    let names: Vec<&(Kind, usize, usize)> = lead.iter().filter(|k| k.0 == Kind::Name).collect();
    if let (Some(first), Some(last)) = (names.first(), names.last()) {
        let name = line[first.1..last.2].trim().to_string();
        let place = super::province::lookup(&name).is_some()
            || names
                .iter()
                .any(|k| super::province::lookup(line[k.1..k.2].trim()).is_some())
            || all_caps(&name);
        if place {
            out.place = Some(name);
        } else {
            out.section = Some(name);
        }
    }
    for k in lead.iter().chain(trail) {
        let p = line[k.1..k.2].trim();
        match k.0 {
            Kind::Author => {
                out.author = AUTHOR
                    .captures(p)
                    .and_then(|c| c.get(1))
                    .map(|m| m.as_str().trim().to_string())
            }
            // After the date, a name of capitalised words is the author's ("12/03/2019 |
            // Minh Châu"); other words are a section ("12/03/2019 | Kinh tế").
            Kind::Name if trail.contains(k) => {
                let words: Vec<&str> = p.split_whitespace().collect();
                let person = (2..=4).contains(&words.len())
                    && words
                        .iter()
                        .all(|w| w.chars().next().is_some_and(char::is_uppercase))
                    && !all_caps(p)
                    && super::province::lookup(p).is_none();
                if person && out.author.is_none() {
                    out.author = super::clean::byline(p);
                } else if out.section.is_none() && out.place.is_none() {
                    out.section = Some(p.to_string())
                }
            }
            _ => {}
        }
    }
    Some(out)
}

/// True when `s` holds four ASCII digits in a row.
fn has_four_digits(s: &str) -> bool {
    let mut run = 0;
    for b in s.bytes() {
        if b.is_ascii_digit() {
            run += 1;
            if run == 4 {
                return true;
            }
        } else {
            run = 0;
        }
    }
    false
}

/// True when a line is a dateline (see [`dateline`]).
pub fn is_dateline(line: &str) -> bool {
    dateline(line).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_styles_of_dates() {
        let cases = [
            ("12/03/2019", "2019-03-12"),
            ("04:07 PM,18/03/2019", "2019-03-18T16:07"),
            ("18:26, 11/01/2021", "2021-01-11T18:26"),
            (
                "Thứ Tư, 20/07/2016, 09:05 [GMT+7]",
                "2016-07-20T09:05+07:00",
            ),
            (
                "Thứ bảy, 17/2/2024, 09:04 (GMT+7)",
                "2024-02-17T09:04+07:00",
            ),
            ("2019-03-12T10:00:00+0700", "2019-03-12T10:00:00+07:00"),
            ("2019-03-12", "2019-03-12"),
            ("20210407", "2021-04-07"),
            ("ngày 7 tháng 3 năm 2019", "2019-03-07"),
            ("Chính trị 12/03/2019 (0) (132)", "2019-03-12"),
        ];
        for (s, want) in cases {
            assert_eq!(parse_datetime(s).as_deref(), Some(want), "{s}");
        }
        assert_eq!(parse_datetime("31/02/2019"), None);
        assert_eq!(parse_datetime("N/A"), None);
    }

    #[test]
    fn date_parts_as_the_word_regex_reads_them() {
        // `date_part` without the quick test.
        let slow = |s: &str| {
            !s.chars().any(char::is_alphabetic)
                || !DATELINE_WORDS
                    .replace_all(s, "")
                    .chars()
                    .any(|c| c.is_alphabetic())
        };
        let words = [
            "Thứ Tư",
            "thứ2",
            "Chủ nhật",
            "CN",
            "T7",
            "t8",
            "Ngày đăng",
            "ngày   cập nhật",
            "Cập nhật lần cuối",
            "cập nhậtlúc",
            "lúc",
            "Lúc",
            "LÚC",
            "giờ",
            "GMT",
            "utc",
            "AM",
            "pm",
            "SA",
            "CH",
            "Published on",
            "last updated",
            "lastupdated",
            "date",
            "dates",
            "năm",
            "năml",
            "Sáng",
            "Hà Nội",
            "tháng",
            "thángg",
            "ſa",
            "đăng tải",
            "đăngtải",
            "Thời gian đăng",
            "thời gian",
            "Xuất bản",
            "(GMT+7)",
            "[GMT+7]",
            "Ngày",
        ];
        for a in words {
            for b in words
                .iter()
                .chain(&["", "08:30", "12/03/2019", "-", "_", "2"])
            {
                for sep in [" ", "", ", ", "_", ":"] {
                    let p = format!("{a}{sep}{b}");
                    assert_eq!(date_part(&p), slow(&p), "{p}");
                }
            }
        }
    }

    #[test]
    fn alphabetic_letters_of_the_regex_are_letters() {
        // `DATELINE_WORDS_ONLY` lets through what is not `\p{Alphabetic}`, and `date_part`
        // counts `char::is_alphabetic`: the quick test is sound while the regex's letters are
        // letters for the standard library too (which may know newer ones).
        let re = Regex::new(r"^\p{Alphabetic}$").expect("valid regex");
        let mut buf = [0; 4];
        for c in (0..=char::MAX as u32).filter_map(char::from_u32) {
            assert!(
                !re.is_match(c.encode_utf8(&mut buf)) || c.is_alphabetic(),
                "{c:?}"
            );
        }
    }

    #[test]
    fn datelines() {
        assert!(is_dateline("Thứ Tư, 20/07/2016, 09:05 [GMT+7]"));
        assert!(is_dateline("18:26, 11/01/2021"));
        assert!(is_dateline("04:07 PM,18/03/2019"));
        assert!(is_dateline("Chính trị 12/03/2019 (0) (132)"));
        assert!(!is_dateline("Sáng 22/3, Văn phòng tổ chức hội nghị"));
    }

    #[test]
    fn dateline_shapes() {
        let d = |s: &str| dateline(s).unwrap_or_else(|| panic!("dateline: {s}"));
        let cases = [
            ("Ngày đăng: 14/05/2021 | Lượt xem: 1.032", "2021-05-14"),
            ("Xã hội | 02/11/2020 | Lượt xem: 58", "2020-11-02"),
            ("ĐÀ NẴNG - Thứ Hai, 09/11/2020 - 07:45", "2020-11-09T07:45"),
            ("Hưng Yên, 30/06/2021", "2021-06-30"),
            ("Cập nhật lúc: 08:12 ngày 03/02/2022", "2022-02-03T08:12"),
            ("Đăng lúc: 21:05 - 17/08/2019", "2019-08-17T21:05"),
            (
                "Thời sự - Quốc phòng | Chủ nhật, 06/09/2020 | 19:30",
                "2020-09-06T19:30",
            ),
            (
                "05/10/2021 | 14:02 | Tác giả: Hồng Nhung",
                "2021-10-05T14:02",
            ),
            ("27/04/2022 - 16:40 | 320 lượt xem", "2022-04-27T16:40"),
            ("Thứ Sáu, 12/08/2022 09:15 (0) (45)", "2022-08-12T09:15"),
            (
                "Xuất bản: 11/11/2021 - 10:10 | Bình luận: 3",
                "2021-11-11T10:10",
            ),
            ("Ngày 06/01/2023", "2023-01-06"),
            ("T3, 12/03/2019 - 10:20", "2019-03-12T10:20"),
            ("Tác giả: Minh Châu | 12/03/2019", "2019-03-12"),
            (
                "Thứ năm, 05/03/2020 - 14:20 | Nguồn: Báo Kon Tum",
                "2020-03-05T14:20",
            ),
            ("Thời sự 05/03/2021 10:20", "2021-03-05T10:20"),
            ("Lượt xem: 214 | Ngày đăng: 08/03/2019", "2019-03-08"),
            ("Thứ ba ngày 12 tháng 3 năm 2019", "2019-03-12"),
            ("Hà Nội, ngày 12 tháng 3 năm 2019", "2019-03-12"),
            ("(Cập nhật 23/07/2018)", "2018-07-23"),
            ("Thứ 3, 12/3/2019 | 9:05 GMT+7", "2019-03-12T09:05+07:00"),
        ];
        for (line, want) in cases {
            assert_eq!(d(line).published, want, "{line}");
            assert!(is_dateline(line), "{line}");
        }
        assert_eq!(
            d("Xã hội | 02/11/2020 | Lượt xem: 58").section.as_deref(),
            Some("Xã hội")
        );
        assert_eq!(
            d("Thời sự - Quốc phòng | Chủ nhật, 06/09/2020 | 19:30")
                .section
                .as_deref(),
            Some("Thời sự - Quốc phòng")
        );
        let dn = d("ĐÀ NẴNG - Thứ Hai, 09/11/2020 - 07:45");
        assert_eq!(dn.place.as_deref(), Some("ĐÀ NẴNG"));
        assert_eq!(dn.section, None);
        assert_eq!(d("Hưng Yên, 30/06/2021").place.as_deref(), Some("Hưng Yên"));
        // A place that is not a province, written in capitals.
        assert_eq!(d("PLEIKU - 14/03/2020").place.as_deref(), Some("PLEIKU"));
        assert_eq!(
            d("05/10/2021 | 14:02 | Tác giả: Hồng Nhung")
                .author
                .as_deref(),
            Some("Hồng Nhung")
        );
        assert_eq!(
            d("Tác giả: Minh Châu | 12/03/2019").author.as_deref(),
            Some("Minh Châu")
        );
        let by = d("12/03/2019 - 10:20 | Minh Châu");
        assert_eq!(
            (by.author.as_deref(), by.section),
            (Some("Minh Châu"), None)
        );
        let sec = d("12/03/2019 - 10:20 | Kinh tế");
        assert_eq!(
            (sec.author, sec.section.as_deref()),
            (None, Some("Kinh tế"))
        );
        assert_eq!(
            d("Thời sự 05/03/2021 10:20").section.as_deref(),
            Some("Thời sự")
        );
        assert_eq!(
            d("Chính trị 12/03/2019 (0) (132)").section.as_deref(),
            Some("Chính trị")
        );
        for not in [
            "Tỷ giá ngày 7/2/2017",
            "Sáng 22/3/2019 tại Hà Nội",
            "Hội nghị ngày 12/03/2019 bàn về công tác thi đua",
            "Giá vàng hôm nay 7/2/2017",
            "Giá vàng hôm nay 7/2/2017: Tăng mạnh",
            "Sáng 22/3, Văn phòng tổ chức hội nghị",
            "Kinh tế | Lượt xem: 302",
            "Khối thi đua số 3 | 12/03/2019 | Cụm thi đua số 4",
            "12/03/2019 | Kinh tế | 10:30",
        ] {
            assert_eq!(dateline(not), None, "{not}");
        }
    }

    #[test]
    fn key_value_header() {
        let text = "Title: Tin A - VnExpress\nSource: VnExpress\nLink: https://x.vn/a\nPublished Date: Thứ bảy, 17/2/2024, 09:04 (GMT+7)\nAuthor: \nContent: Câu một.\nCâu hai.";
        let h = parse_header(text);
        assert_eq!(h.title.as_deref(), Some("Tin A"));
        assert_eq!(h.url.as_deref(), Some("https://x.vn/a"));
        assert_eq!(h.published.as_deref(), Some("2024-02-17T09:04+07:00"));
        assert_eq!(h.byline, None);
        assert_eq!(&text[h.body_start..], "Câu một.\nCâu hai.");
    }

    #[test]
    fn comment_header() {
        let text = "# doc_id = x\n# url = https://d.vn/a.htm\n# date = 20210407\nCâu một.";
        let h = parse_header(text);
        assert_eq!(h.url.as_deref(), Some("https://d.vn/a.htm"));
        assert_eq!(h.published.as_deref(), Some("2021-04-07"));
        assert_eq!(&text[h.body_start..], "Câu một.");
        assert_eq!(h.lines.len(), 3);
    }
}
