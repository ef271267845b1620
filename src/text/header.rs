//! In-text header conventions of news dumps, and datelines.
//!
//! - `Title:`/`Source:`/`Link:`/`Published Date:`/`Author:`/`Content:` blocks (the body starts
//!   after `Content:`);
//! - `# key = value` comment headers (`# url =`, `# date =`, `# doc_id =`);
//! - datelines in the styles of Vietnamese news sites: "12/03/2019", "04:07 PM,18/03/2019",
//!   "18:26, 11/01/2021", "Thứ Tư, 20/07/2016, 09:05 [GMT+7]", "2019-03-12T10:00:00+07:00",
//!   "20210407", "ngày 7 tháng 3 năm 2019".

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

static DATELINE_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:thứ\s*(?:hai|ba|tư|năm|sáu|bảy|2|3|4|5|6|7)|chủ\s*nhật|cập nhật(?:\s+lúc)?|ngày đăng|đăng ngày|đăng lúc|ngày|lúc|giờ|published|updated|posted|date|thời gian|gmt|utc|am|pm|sa|ch)\b",
    )
    .expect("valid regex")
});

/// True when a line is a dateline: a date, maybe a time, weekday, time zone and labels, and
/// nothing else.
pub fn is_dateline(line: &str) -> bool {
    if line.chars().count() > 80 || parse_datetime(line).is_none() {
        return false;
    }
    let rest = DATELINE_WORDS.replace_all(line, "");
    rest.chars().filter(|c| c.is_alphabetic()).count() == 0
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
    fn datelines() {
        assert!(is_dateline("Thứ Tư, 20/07/2016, 09:05 [GMT+7]"));
        assert!(is_dateline("18:26, 11/01/2021"));
        assert!(is_dateline("04:07 PM,18/03/2019"));
        assert!(!is_dateline("Chính trị 12/03/2019 (0) (132)"));
        assert!(!is_dateline("Sáng 22/3, Văn phòng tổ chức hội nghị"));
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
