//! Page cleaning on normalized text: find the title, dateline, source prefix and byline, drop
//! page furniture, and keep the article's lines. Every dropped line is reported with a reason.
//!
//! The page is read as lines. The *header zone* is what comes before the first line that reads
//! as article prose (a long line, a full sentence, or a line opening with a press source
//! prefix). In it: furniture (section labels with counters, font widgets), a dateline, and
//! headline-like lines; the headline is the last such line before the dateline when a dateline
//! follows headline-like lines (a kicker or section name may come first), else the first one.
//! After the article, a comment form, related-links list, market widget or footer ends the page
//! (`tail` patterns); the last line before it is the byline when it reads as names.

use super::header::{is_dateline, parse_datetime};
use crate::model::Removed;
use regex::Regex;
use std::sync::LazyLock;

/// What to do with a line that matches a furniture pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Drop the line.
    Line,
    /// Drop the line and everything after it, once the article has begun.
    Tail,
    /// Strip the matched start of the line and keep the rest.
    Prefix,
}

/// A furniture pattern from `data/text/furniture.tsv`.
#[derive(Debug)]
pub struct Pattern {
    /// Reason reported for removed lines.
    pub reason: &'static str,
    /// What to do.
    pub action: Action,
    /// The pattern, anchored.
    pub re: Regex,
}

static PATTERNS: LazyLock<Vec<Pattern>> = LazyLock::new(|| {
    let mut v = Vec::new();
    for line in include_str!("../../data/text/furniture.tsv").lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let f: Vec<&'static str> = line.splitn(3, '\t').collect();
        if f.len() < 3 {
            continue;
        }
        let action = match f[1] {
            "tail" => Action::Tail,
            "prefix" => Action::Prefix,
            _ => Action::Line,
        };
        let anchored = match action {
            Action::Prefix => format!("(?i)^(?:{})", f[2]),
            _ => format!("(?i)^(?:{})$", f[2]),
        };
        match Regex::new(&anchored) {
            Ok(re) => v.push(Pattern {
                reason: f[0],
                action,
                re,
            }),
            Err(e) => panic!("invalid furniture pattern {:?}: {e}", f[2]),
        }
    }
    v
});

/// The furniture patterns, in file order.
pub fn patterns() -> &'static [Pattern] {
    &PATTERNS
}

/// Longest line (in characters) that furniture patterns other than prefixes apply to: longer
/// lines are article text whatever words they start with.
const FURNITURE_MAX_CHARS: usize = 100;

/// The first furniture pattern a line matches: `(reason, action, matched length)`.
pub fn furniture(line: &str) -> Option<(&'static str, Action, usize)> {
    let short = line.chars().count() <= FURNITURE_MAX_CHARS;
    for p in patterns() {
        if p.action != Action::Prefix && !short {
            continue;
        }
        if let Some(m) = p.re.find(line) {
            if p.action == Action::Prefix && m.end() == 0 {
                continue;
            }
            return Some((p.reason, p.action, m.end()));
        }
    }
    None
}

static SOURCE_PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:\(([\p{Lu}][\p{Lu}0-9.&]{1,15}|[\p{L}0-9-]+(?:\.[a-zA-Z]{2,4}){1,2})\)\s*(?:-\s*)?|([\p{Lu}][\p{Lu}0-9]{1,9}(?:\.[A-Z]{2,3})?|[A-Za-z0-9-]+(?:\.[a-zA-Z]{2,4}){1,2})\s*-\s*)",
    )
    .expect("valid regex")
});

/// A press source prefix at the start of the article's first line: `(prefix, length)`
/// ("(QBĐT) - Chiều 19-7" -> ("QBĐT", 10)).
pub fn source_prefix(line: &str) -> Option<(String, usize)> {
    let c = SOURCE_PREFIX.captures(line)?;
    let name = c.get(1).or_else(|| c.get(2))?.as_str().to_string();
    let end = c.get(0)?.end();
    // The article must go on with a capitalised word.
    let next = line[end..].chars().next()?;
    if !(next.is_uppercase() || next.is_numeric()) {
        return None;
    }
    Some((name, end))
}

static BYLINE_ROLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:(?:bài|tin|ảnh|video|clip)(?:\s*(?:,|và|-|&)\s*(?:bài|tin|ảnh|video|clip))*|thực hiện|nhóm phóng viên|nhóm pv)\s*:\s*")
        .expect("valid regex")
});

/// The names of a byline line, when the line reads as one: one to a few names of capitalised
/// words or initials ("T.Trúc", "Chu Oánh, Thu Hằng"), after an optional role ("Bài, ảnh:").
pub fn byline(line: &str) -> Option<String> {
    let line = line.trim();
    let names = BYLINE_ROLE
        .find(line)
        .map_or(line, |m| &line[m.end()..])
        .trim();
    let n = names.chars().count();
    if !(2..=60).contains(&n) || names.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    if names.ends_with(['.', ':', ';', ',', '!', '?']) && !names.ends_with(".)") {
        // Allow a trailing initial ("Nguyễn V.") only.
        let last = names.split_whitespace().last().unwrap_or("");
        if !(last.chars().count() == 2 && last.ends_with('.')) {
            return None;
        }
    }
    let mut tokens = 0;
    let mut depth = 0i32;
    for part in names.split([',', ';', '&', '/']) {
        let part = part.trim().trim_start_matches("và ").trim();
        if part.is_empty() {
            return None;
        }
        let words: Vec<&str> = part
            .split_whitespace()
            .filter(|w| !matches!(*w, "-" | "và"))
            .collect();
        if words.is_empty() || words.len() > 5 {
            return None;
        }
        for w in words {
            tokens += 1;
            let opens = w.starts_with('(');
            if opens {
                depth += 1;
            }
            let inside = depth > 0;
            if w.ends_with(')') {
                depth -= 1;
            }
            if inside {
                continue;
            }
            let first = w.chars().next().unwrap_or(' ');
            if !first.is_uppercase() {
                return None;
            }
            let letters: Vec<char> = w.chars().filter(|c| c.is_alphabetic()).collect();
            let all_caps = letters.iter().all(|c| c.is_uppercase());
            if all_caps && letters.len() > 2 && !w.contains('.') {
                return None;
            }
        }
    }
    if tokens == 0 || tokens > 10 {
        return None;
    }
    Some(names.to_string())
}

static CAPTION_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:toàn cảnh|quang cảnh|ảnh\s*:|ảnh minh họa|\(ảnh|hình\s*:|clip\s*:|video\s*:)",
    )
    .expect("valid regex")
});
static CAPTION_END: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:\(\s*ảnh\s*:[^)]{1,60}\)|\s-\s*ảnh\s*:[^.]{1,60}|ảnh\s*:\s*[\p{Lu}][^.]{1,40})\.?$")
        .expect("valid regex")
});

/// True when a line reads as an image caption: it opens with a caption phrase ("Toàn cảnh
/// hội nghị", "Ảnh: ...") or ends with a photo credit ("(Ảnh: X)"), and is short.
pub fn caption(line: &str) -> bool {
    let n = line.chars().count();
    (n <= 200 && CAPTION_START.is_match(line) && !(n > 100 && line.ends_with('.')))
        || (n <= 250 && CAPTION_END.is_match(line))
}

fn words(line: &str) -> usize {
    line.split_whitespace().count()
}

/// True when a line reads as article prose rather than a headline.
fn prose(line: &str) -> bool {
    let n = line.chars().count();
    n > 200
        || (words(line) >= 8
            && line
                .trim_end_matches(['"', '\'', ')'])
                .ends_with(['.', '…', ':', ';']))
}

/// True when a line may be a headline.
fn headline_like(line: &str) -> bool {
    let n = line.chars().count();
    (8..=250).contains(&n)
        && words(line) >= 2
        && !line.ends_with([',', ';', ':'])
        && line.chars().any(|c| c.is_alphabetic())
}

/// A line of the page: its byte range in the text and its trimmed text.
#[derive(Debug, Clone, Copy)]
struct Line<'a> {
    start: usize,
    end: usize,
    text: &'a str,
}

/// Metadata known before cleaning (from containers or header blocks).
#[derive(Debug, Clone, Default)]
pub struct Known {
    /// The title, when a container or header gave it.
    pub title: Option<String>,
    /// The publication date, ISO.
    pub published: Option<String>,
    /// The author.
    pub byline: Option<String>,
}

/// The result of cleaning a page.
#[derive(Debug, Clone, Default)]
pub struct Cleaned {
    /// The headline.
    pub title: Option<String>,
    /// The publication date, ISO.
    pub published: Option<String>,
    /// The author line.
    pub byline: Option<String>,
    /// The press source prefix.
    pub source_prefix: Option<String>,
    /// Byte ranges (into the cleaned text) of the article's lines, in order.
    pub pieces: Vec<(usize, usize)>,
    /// Removed lines, with reasons.
    pub removed: Vec<Removed>,
}

fn split_lines(text: &str, from: usize) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut pos = from;
    for raw in text[from..].split_inclusive('\n') {
        let start = pos;
        pos += raw.len();
        let content = raw.trim_end_matches('\n');
        let lead = content.len() - content.trim_start().len();
        let t = content.trim();
        if t.is_empty() {
            continue;
        }
        out.push(Line {
            start: start + lead,
            end: start + lead + t.len(),
            text: t,
        });
    }
    out
}

fn same_text(a: &str, b: &str) -> bool {
    let f = |s: &str| {
        super::fold(s)
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect::<String>()
    };
    f(a) == f(b)
}

/// Cleans `text[from..]` (normalized text).
pub fn clean(text: &str, from: usize, known: &Known) -> Cleaned {
    let lines = split_lines(text, from);
    let mut out = Cleaned {
        title: known.title.clone(),
        published: known.published.clone(),
        byline: known.byline.clone(),
        ..Cleaned::default()
    };
    // Removed lines with their position in `text`, reported in page order at the end. Every
    // removed `t` is a slice of `text`, so its position is its distance from the start.
    let mut positions: Vec<usize> = Vec::new();
    let base = text.as_ptr() as usize;
    let mut remove = |out: &mut Cleaned, t: &str, reason: &str| {
        positions.push((t.as_ptr() as usize).saturating_sub(base));
        out.removed.push(Removed {
            text: t.trim().to_string(),
            reason: reason.to_string(),
        })
    };

    // Header zone.
    let mut body_from = lines.len();
    // (index, text start offset) of headline-like lines in the header zone.
    let mut heads: Vec<(usize, Line)> = Vec::new();
    let mut dateline_at: Option<usize> = None;
    let mut header_found_date: Option<String> = None;
    for (i, l) in lines.iter().enumerate() {
        let mut line = *l;
        if i >= 8 {
            body_from = i;
            break;
        }
        if source_prefix(line.text).is_some() || prose(line.text) {
            body_from = i;
            break;
        }
        match furniture(line.text) {
            Some((reason, Action::Prefix, len)) => {
                remove(&mut out, &line.text[..len], reason);
                let rest = line.text[len..].trim_start();
                line = Line {
                    start: line.end - rest.len(),
                    end: line.end,
                    text: rest,
                };
                if rest.is_empty() {
                    continue;
                }
            }
            Some((reason, _, _)) => {
                if header_found_date.is_none() && reason == "section-label" {
                    header_found_date = parse_datetime(line.text);
                }
                remove(&mut out, line.text, reason);
                continue;
            }
            None => {}
        }
        if is_dateline(line.text) {
            if header_found_date.is_none() || dateline_at.is_none() {
                header_found_date = parse_datetime(line.text);
            }
            dateline_at.get_or_insert(i);
            remove(&mut out, line.text, "dateline");
            continue;
        }
        if headline_like(line.text) {
            heads.push((i, line));
        } else {
            body_from = i;
            break;
        }
    }
    if out.published.is_none() {
        out.published = header_found_date;
    }

    // The headline and the header lines that stay in the body.
    let mut keep_heads: Vec<Line> = Vec::new();
    if let Some(t) = known.title.as_deref() {
        let at = heads.iter().position(|(_, l)| same_text(l.text, t));
        for (k, (_, l)) in heads.iter().enumerate() {
            match at {
                Some(a) if k < a => remove(&mut out, l.text, "kicker"),
                Some(a) if k == a => remove(&mut out, l.text, "title"),
                _ => keep_heads.push(*l),
            }
        }
    } else if !heads.is_empty() {
        let before_date: Vec<usize> = match dateline_at {
            Some(d) => (0..heads.len()).filter(|&k| heads[k].0 < d).collect(),
            None => Vec::new(),
        };
        let t = before_date.last().copied().unwrap_or(0);
        for (k, (_, l)) in heads.iter().enumerate() {
            if k < t {
                remove(&mut out, l.text, "kicker");
            } else if k == t {
                out.title = Some(l.text.to_string());
                remove(&mut out, l.text, "title");
            } else {
                keep_heads.push(*l);
            }
        }
    }

    // The article's lines, up to the first tail marker.
    let mut body: Vec<Line> = keep_heads;
    let mut cut = lines.len();
    for (i, l) in lines.iter().enumerate().skip(body_from) {
        if let Some((reason, Action::Tail, _)) = furniture(l.text)
            && (i > body_from || !body.is_empty())
        {
            cut = i;
            remove(&mut out, l.text, reason);
            break;
        }
        body.push(*l);
    }
    for l in lines.iter().skip(cut + 1) {
        let reason = furniture(l.text).map_or("after-article", |(r, _, _)| r);
        remove(&mut out, l.text, reason);
    }

    // Source prefix on the first line.
    if let Some(first) = body.first_mut()
        && let Some((name, len)) = source_prefix(first.text)
    {
        remove(&mut out, first.text[..len].trim_end(), "source-prefix");
        out.source_prefix = Some(name);
        first.text = first.text[len..].trim_start();
        first.start = first.end - first.text.len();
    }

    // Furniture and captions inside the article.
    let mut kept: Vec<Line> = Vec::with_capacity(body.len());
    let mut after_image = false;
    for l in body {
        if l.text.is_empty() {
            continue;
        }
        let was_image = after_image;
        after_image = false;
        match furniture(l.text) {
            Some((reason, Action::Prefix, len)) => {
                remove(&mut out, &l.text[..len], reason);
                let rest = l.text[len..].trim_start();
                if !rest.is_empty() {
                    kept.push(Line {
                        start: l.end - rest.len(),
                        end: l.end,
                        text: rest,
                    });
                }
                continue;
            }
            Some((reason, _, _)) => {
                after_image = reason == "image-filename";
                remove(&mut out, l.text, reason);
                continue;
            }
            None => {}
        }
        if (was_image && l.text.chars().count() <= 200 && !prose(l.text)) || caption(l.text) {
            remove(&mut out, l.text, "image-caption");
            continue;
        }
        if let Some(t) = out.title.as_deref()
            && same_text(l.text, t)
        {
            remove(&mut out, l.text, "title-repeat");
            continue;
        }
        kept.push(l);
    }

    // Byline: the last line, when it reads as names.
    if let Some(last) = kept.last()
        && kept.len() > 1
        && let Some(names) = byline(last.text)
    {
        remove(&mut out, last.text, "byline");
        if out.byline.is_none() {
            out.byline = Some(names);
        }
        kept.pop();
    }
    out.pieces = kept.iter().map(|l| (l.start, l.end)).collect();
    let mut order: Vec<(usize, Removed)> = positions.into_iter().zip(out.removed).collect();
    order.sort_by_key(|(p, _)| *p);
    out.removed = order.into_iter().map(|(_, r)| r).collect();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn furniture_lines() {
        assert_eq!(furniture("Đang xem:   69").map(|f| f.0), Some("counter"));
        assert_eq!(
            furniture("Tổng số người truy cập").map(|f| f.0),
            Some("counter")
        );
        assert_eq!(
            furniture("Ý kiến bạn đọc - Gửi bình luận").map(|f| f.1),
            Some(Action::Tail)
        );
        assert_eq!(
            furniture("reset captcha").map(|f| f.0),
            Some("comment-form")
        );
        assert_eq!(
            furniture("Ky_ket_giao_uoc_khoi_tham_muu(1)").map(|f| f.0),
            Some("image-filename")
        );
        assert_eq!(
            furniture("Cở chữ: 04:07 PM,18/03/2019").map(|f| (f.1, f.2)),
            Some((Action::Prefix, "Cở chữ: ".len()))
        );
        assert_eq!(furniture("."), Some(("punctuation", Action::Line, 1)));
        assert_eq!(
            furniture("Giá vàng 9999 tr.đ/lượng").map(|f| f.1),
            Some(Action::Tail)
        );
        assert!(furniture("Giá vàng trong nước hôm nay tăng mạnh theo đà thế giới, các doanh nghiệp kinh doanh vàng điều chỉnh giá bán ra.").is_none());
        assert!(furniture("Khối thi đua Nội chính tổ chức hội nghị").is_none());
    }

    #[test]
    fn source_prefixes() {
        assert_eq!(
            source_prefix("(QBĐT) - Chiều 19-7, Khối"),
            Some(("QBĐT".into(), "(QBĐT) - ".len()))
        );
        assert_eq!(
            source_prefix("(BTV) Sáng 22/3").map(|p| p.0),
            Some("BTV".into())
        );
        assert_eq!(
            source_prefix("BDK.VN - Ngày 5-3").map(|p| p.0),
            Some("BDK.VN".into())
        );
        assert_eq!(
            source_prefix("(Baoquangninh.vn) - Sáng").map(|p| p.0),
            Some("Baoquangninh.vn".into())
        );
        assert_eq!(source_prefix("(gọi tắt là Khối) tổ chức"), None);
        assert_eq!(source_prefix("Sáng 22/3 - hội nghị"), None);
    }

    #[test]
    fn bylines() {
        for (l, want) in [
            ("T.Trúc", Some("T.Trúc")),
            ("Chu Oánh, Thu Hằng", Some("Chu Oánh, Thu Hằng")),
            ("Mỹ Dung", Some("Mỹ Dung")),
            ("Bài, ảnh: Nguyễn Văn An", Some("Nguyễn Văn An")),
            ("Toàn cảnh hội nghị", None),
            ("BIDV", None),
            ("Năm 2019, tất cả các đơn vị đăng ký.", None),
        ] {
            assert_eq!(byline(l).as_deref(), want, "{l}");
        }
    }

    #[test]
    fn captions() {
        assert!(caption(
            "Toàn cảnh Hội nghị tổng kết công tác thi đua năm 2018"
        ));
        assert!(caption("Đại biểu dự hội nghị. (Ảnh: Minh Anh)"));
        assert!(!caption("Tại hội nghị, các đơn vị thống nhất nội dung."));
    }

    #[test]
    fn page_with_kicker_dateline_and_tail() {
        let page = "Khối thi đua các sở ngành\n\nHội nghị ký kết giao ước thi đua năm 2024\n\n08:30, 05/02/2024\n\n(QBĐT) - Sáng 4-2, Khối thi đua các sở ngành tổ chức hội nghị ký kết giao ước.\n\nCác đơn vị thống nhất nội dung thi đua năm 2024 và phát động phong trào.\n\nAn Nhiên\n\nTin liên quan\n\nMột tin khác";
        let c = clean(page, 0, &Known::default());
        assert_eq!(
            c.title.as_deref(),
            Some("Hội nghị ký kết giao ước thi đua năm 2024")
        );
        assert_eq!(c.published.as_deref(), Some("2024-02-05T08:30"));
        assert_eq!(c.source_prefix.as_deref(), Some("QBĐT"));
        assert_eq!(c.byline.as_deref(), Some("An Nhiên"));
        let body: Vec<&str> = c.pieces.iter().map(|&(s, e)| &page[s..e]).collect();
        assert_eq!(body.len(), 2);
        assert!(body[0].starts_with("Sáng 4-2"));
        let reasons: Vec<&str> = c.removed.iter().map(|r| r.reason.as_str()).collect();
        for r in [
            "kicker",
            "title",
            "dateline",
            "source-prefix",
            "byline",
            "related-links",
            "after-article",
        ] {
            assert!(reasons.contains(&r), "{r} in {reasons:?}");
        }
    }
}
