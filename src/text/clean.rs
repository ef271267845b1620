//! Page cleaning on normalized text: find the title, dateline, source prefix and byline, drop
//! page furniture, and keep the article's lines. Every dropped line is reported with a reason.
//!
//! The page is read as lines. The *header zone* is what comes before the first line that reads
//! as article prose (a long line, a full sentence, or a line opening with a press source
//! prefix). In it: furniture (section labels with counters, font widgets), datelines (with
//! their labels, counters, section and place names, see [`super::header::dateline`]), section
//! labels ("Chính trị", "Thời sự - Chính trị") and headline-like lines. Section labels give way
//! to a headline when there is a dateline or a line shaped as a headline; the headline is the
//! last headline-like line before the dateline when a dateline follows them (a kicker or
//! section name may come first), else the first one.
//! After the article, a comment form, related-links list, market widget or footer ends the page
//! (`tail` patterns); at the end of what is left, datelines and source credits ("Theo TTXVN")
//! are dropped and the last line is the byline when it reads as names.

use super::header::{dateline, parse_datetime};
use crate::model::Removed;
use regex::{Regex, RegexSet};
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
    /// The pattern, anchored: `^...$`, or `^...` for a prefix.
    pub anchored: String,
}

/// The furniture patterns, and how they are searched.
struct Furnishings {
    /// The patterns, in file order.
    patterns: Vec<Pattern>,
    /// All the patterns at once: which of them a line matches, in one search.
    set: RegexSet,
    /// The prefix patterns alone, with their index, to find where a match ends.
    prefixes: Vec<(usize, Regex)>,
}

static FURNISHINGS: LazyLock<Furnishings> = LazyLock::new(|| {
    let mut patterns = Vec::new();
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
        patterns.push(Pattern {
            reason: f[0],
            action,
            anchored,
        });
    }
    let set = RegexSet::new(patterns.iter().map(|p| &p.anchored))
        .unwrap_or_else(|e| panic!("invalid furniture pattern: {e}"));
    let prefixes = patterns
        .iter()
        .enumerate()
        .filter(|(_, p)| p.action == Action::Prefix)
        .map(|(i, p)| (i, Regex::new(&p.anchored).expect("valid pattern")))
        .collect();
    Furnishings {
        patterns,
        set,
        prefixes,
    }
});

/// The furniture patterns, in file order.
pub fn patterns() -> &'static [Pattern] {
    &FURNISHINGS.patterns
}

/// Longest line (in characters) that furniture patterns other than prefixes apply to: longer
/// lines are article text whatever words they start with.
const FURNITURE_MAX_CHARS: usize = 100;

/// What [`furniture`] says of a line: `(reason, action, matched length)` of the first pattern it
/// matches.
type Furniture = Option<(&'static str, Action, usize)>;

/// The first furniture pattern a line matches: `(reason, action, matched length)`. A prefix
/// pattern counts when its match is not empty.
pub fn furniture(line: &str) -> Furniture {
    pattern_match(line).or_else(|| toolbar(line))
}

/// The first furniture pattern a line matches, searched as one set.
fn pattern_match(line: &str) -> Furniture {
    let f = &*FURNISHINGS;
    let prefix = |i: usize| {
        let (_, re) = f.prefixes.iter().find(|(k, _)| *k == i)?;
        let end = re.find(line)?.end();
        (end > 0).then_some((f.patterns[i].reason, Action::Prefix, end))
    };
    if more_chars_than(line, FURNITURE_MAX_CHARS) {
        return f.prefixes.iter().find_map(|&(i, _)| prefix(i));
    }
    // Most lines match none: a search that stops at the first match settles them.
    if !f.set.is_match(line) {
        return None;
    }
    // A line other patterns match is matched whole (they are anchored at both ends).
    f.set
        .matches(line)
        .iter()
        .find_map(|i| match f.patterns[i].action {
            Action::Prefix => prefix(i),
            action => Some((f.patterns[i].reason, action, line.len())),
        })
}

/// A toolbar: widgets side by side ("In bài | Gửi email | Bình luận (0)",
/// "Chia sẻ Cỡ chữ A- A+"), each a furniture line on its own, split at bars or bullets and
/// then at spaces, each of at most four words. Dropped as a line, even when one of its widgets
/// would end the article.
fn toolbar(line: &str) -> Furniture {
    if more_chars_than(line, 60) {
        return None;
    }
    let mut items = 0;
    for part in line
        .split(['|', '•', '·'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        items += widgets(part)?;
    }
    (items >= 2).then_some(("toolbar", Action::Line, line.len()))
}

/// How many furniture items `part` is made of, one after another (`None` when it is not).
fn widgets(part: &str) -> Option<usize> {
    let f = &*FURNISHINGS;
    let whole = |s: &str| {
        !at_least_words(s, 5)
            && f.set
                .matches(s)
                .iter()
                .any(|i| f.patterns[i].action != Action::Prefix)
            || f.prefixes
                .iter()
                .any(|(_, re)| re.find(s).is_some_and(|m| m.end() == s.len()))
    };
    if whole(part) {
        return Some(1);
    }
    // An item of one to three words, then the rest.
    part.match_indices(' ')
        .take(3)
        .find_map(|(at, _)| {
            let rest = part[at..].trim_start();
            (whole(&part[..at]) && !rest.is_empty())
                .then(|| widgets(rest))
                .flatten()
        })
        .map(|n| n + 1)
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
    if !may_open_with_prefix(line) {
        return None;
    }
    let c = SOURCE_PREFIX.captures(line)?;
    let name = c.get(1).or_else(|| c.get(2))?.as_str().to_string();
    let end = c.get(0)?.end();
    // The article must go on with a capitalised word.
    let next = line[end..].chars().next()?;
    if !(next.is_uppercase() || next.is_numeric()) {
        return None;
    }
    // Outside parentheses, a dash glued to the next word makes a hyphenated name ("AV-Test",
    // "PGS-TS"), unless the prefix is a site name ("VOV.VN-") or a known press source.
    let bare = c.get(2).is_some();
    let glued = !line[..end].ends_with(char::is_whitespace);
    if bare && glued && !name.contains('.') && super::province::of_press_source(&name).is_none() {
        return None;
    }
    Some((name, end))
}

/// Whether a line may open with a match of [`SOURCE_PREFIX`]: the name has no spaces, so a
/// prefix in parentheses closes in the line's first word, and a bare one is followed by a dash in
/// that word or right after it. Most lines are settled here without the regex.
fn may_open_with_prefix(line: &str) -> bool {
    let (word, rest) = line.split_at(line.find(char::is_whitespace).unwrap_or(line.len()));
    (word.starts_with('(') && word.contains(')'))
        || word.contains('-')
        || rest.trim_start().starts_with('-')
}

/// A press source prefix that opens the article's lead: the line goes on as prose, or the
/// prefix is a known press source. A headline that starts with an abbreviation and a dash
/// ("APEC - Cơ chế hợp tác ...") has no prefix.
fn lead_prefix(line: &str) -> Option<(String, usize)> {
    let (name, len) = source_prefix(line)?;
    let rest = &line[len..];
    let known = super::province::of_press_source(&name).is_some();
    (known || line.starts_with('(') || prose(rest) || rest.chars().count() > 120)
        .then_some((name, len))
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
    if !more_chars_than(names, 1)
        || more_chars_than(names, 60)
        || names.bytes().any(|b| b.is_ascii_digit())
    {
        return None;
    }
    if names.ends_with(['.', ':', ';', ',', '!', '?']) && !names.ends_with(".)") {
        // Allow a trailing initial ("Nguyễn V.") only.
        let last = names.split_whitespace().last().unwrap_or("");
        if !(last.chars().count() == 2 && last.ends_with('.')) {
            return None;
        }
    }
    let caps_name = names.split_whitespace().count() >= 2
        && names
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase);
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
            // Capitals: an abbreviation ("BIDV", "TTXVN"), unless the byline is a name
            // written in capitals, syllable by syllable ("MINH HẰNG").
            let syllable = super::tone::check(&w.to_lowercase()) != super::tone::Check::NotSyllable;
            if all_caps && letters.len() > 2 && !w.contains('.') && !(syllable && caps_name) {
                return None;
            }
        }
    }
    if tokens == 0 || tokens > 10 {
        return None;
    }
    Some(names.to_string())
}

static SOURCE_CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\(?(?:[Tt]heo|[Nn]guồn\s*:)\s+([^!?;]{2,60}?)\)?\.?$").expect("valid regex")
});

/// True when a line credits where the article was taken from ("Theo TTXVN", "(Theo Báo
/// Quảng Bình)", "Nguồn: baoquangbinh.vn"): the name after "Theo" opens with a capital or is
/// a site's address.
pub fn source_credit(line: &str) -> bool {
    // Every credit opens with "(", "Theo" or "Nguồn".
    if !line.starts_with(['(', 'T', 't', 'N', 'n']) {
        return false;
    }
    SOURCE_CREDIT
        .captures(line)
        .and_then(|c| c.get(1))
        .is_some_and(|m| {
            let name = m.as_str();
            let upper = name.chars().next().is_some_and(char::is_uppercase);
            (upper && !name.contains(". ")) || (name.contains('.') && !name.contains(' '))
        })
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
    (!more_chars_than(line, 200)
        && CAPTION_START.is_match(line)
        && !(line.ends_with('.') && more_chars_than(line, 100)))
        // Every credit holds a colon and "ảnh" (in some case): a quick test spares the regex
        // most lines.
        || (!more_chars_than(line, 250)
            && memchr::memchr(b':', line.as_bytes()).is_some()
            && line.contains(['ả', 'Ả'])
            && may_end_with_credit(line)
            && CAPTION_END.is_match(line))
}

/// Whether a line may end with a photo credit as [`CAPTION_END`] reads one: "ảnh" (in any case),
/// spaces, a colon, and after it at most 62 characters (the name, a closing parenthesis and a full
/// stop), or at most 42 past the spaces that follow it. Spares the regex, which is slow to start
/// on new text, the lines that hold "ảnh" and a colon apart.
fn may_end_with_credit(line: &str) -> bool {
    line.match_indices(['ả', 'Ả']).any(|(i, a)| {
        let mut rest = line[i + a.len()..].chars();
        if !matches!(rest.next(), Some('n' | 'N')) || !matches!(rest.next(), Some('h' | 'H')) {
            return false;
        }
        let Some(after) = rest.as_str().trim_start().strip_prefix(':') else {
            return false;
        };
        !more_chars_than(after, 62) || !more_chars_than(after.trim_start(), 42)
    })
}

/// Whether `s` has more than `k` characters. Its length in bytes settles most lines (a character
/// takes one to four bytes); only the others are counted.
fn more_chars_than(s: &str, k: usize) -> bool {
    s.len() > k && (s.len() > 4 * k || s.chars().count() > k)
}

/// Whether a line has at least `k` words (`k` >= 1); stops counting there.
fn at_least_words(line: &str, k: usize) -> bool {
    line.split_whitespace().nth(k - 1).is_some()
}

/// True when a line reads as article prose rather than a headline. A short line that trails
/// off ("...", "…") is a headline.
fn prose(line: &str) -> bool {
    if (line.ends_with('…') || line.ends_with("...")) && !more_chars_than(line, 100) {
        return false;
    }
    more_chars_than(line, 200)
        || (line
            .trim_end_matches(['"', '\'', ')'])
            .ends_with(['.', '…', ':', ';'])
            && at_least_words(line, 8))
}

/// True when a line may be a headline.
fn headline_like(line: &str) -> bool {
    more_chars_than(line, 7)
        && !more_chars_than(line, 250)
        && !line.ends_with([',', ';', ':'])
        && at_least_words(line, 2)
        && line.chars().any(|c| c.is_alphabetic())
}

/// True when a line reads as a section label or breadcrumb: one to a few words without digits
/// or sentence punctuation, opening with a capital ("Chính trị", "Thời sự - Chính trị",
/// "Xây dựng Đảng", "Tin tức > Kinh tế").
fn section_label(line: &str) -> bool {
    more_chars_than(line, 1)
        && !more_chars_than(line, 48)
        && line.chars().next().is_some_and(char::is_uppercase)
        && line.chars().all(|c| {
            c.is_alphabetic() || matches!(c, ' ' | '-' | '&' | '|' | '>' | '»' | '›' | '/' | '.')
        })
        && !line.ends_with('.')
        && {
            let parts: Vec<&str> = line
                .split(['|', '>', '»', '›', '/'])
                .map(str::trim)
                .collect();
            parts.len() <= 3
                && parts.iter().all(|p| {
                    let w = p.split_whitespace().filter(|w| *w != "-").count();
                    (1..=4).contains(&w)
                })
        }
        && !at_least_words(line, 8)
}

/// True when a line has the shape of a headline rather than of a lede sentence left without
/// its full stop: at most 20 words, one sentence, opening with a letter, digit or quote, and
/// neither asking nor exclaiming.
fn headline_shape(line: &str) -> bool {
    !at_least_words(line, 21)
        && !line.ends_with(['?', '!'])
        && !line.contains(". ")
        && !line.contains("… ")
        && line
            .chars()
            .next()
            .is_some_and(|c| c.is_alphanumeric() || matches!(c, '"' | '\''))
}

/// Lines of the page looked at for the header (title, dateline, labels) before the article.
const HEADER_MAX_LINES: usize = 8;

/// A headline-like line or section label of the header zone.
#[derive(Debug, Clone, Copy)]
struct Head<'a> {
    /// Its index among the page's lines.
    at: usize,
    /// The line.
    line: Line<'a>,
    /// True when it reads as a section label.
    label: bool,
    /// What [`furniture`] says of the line, when already asked.
    furniture: Option<Furniture>,
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
    /// The place name printed with the dateline ("KON TUM - Thứ Năm, 05/03/2020").
    pub place: Option<String>,
    /// Byte ranges (into the cleaned text) of the article's lines, in order.
    pub pieces: Vec<(usize, usize)>,
    /// Removed lines, with reasons.
    pub removed: Vec<Removed>,
}

fn split_lines(text: &str, from: usize) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let rest = &text[from..];
    let ends = memchr::memchr_iter(b'\n', rest.as_bytes()).chain(std::iter::once(rest.len()));
    let mut begin = 0;
    for end in ends {
        let start = from + begin;
        let content = &rest[begin..end];
        begin = end + 1;
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

/// Whether `a` and `b` hold the same letters and digits once folded (punctuation, spaces and
/// diacritics aside). Compares as it goes, so different lines part at their first difference.
fn same_text(a: &str, b: &str) -> bool {
    fn letters(s: &str) -> impl Iterator<Item = char> + '_ {
        s.chars()
            .filter_map(super::fold::fold_char)
            .filter(|c| c.is_alphanumeric())
    }
    letters(a).eq(letters(b))
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
    // Headline-like lines and section labels of the header zone, with their line index.
    let mut heads: Vec<Head> = Vec::new();
    let mut dateline_at: Option<usize> = None;
    let mut header_found_date: Option<String> = None;
    for (i, l) in lines.iter().enumerate() {
        let mut line = *l;
        if i >= HEADER_MAX_LINES {
            body_from = i;
            break;
        }
        if lead_prefix(line.text).is_some() || prose(line.text) {
            body_from = i;
            break;
        }
        let fur = furniture(line.text);
        // What `furniture` says of the line as it stays.
        let mut asked = Some(fur);
        match fur {
            Some((reason, Action::Prefix, len)) => {
                remove(&mut out, &line.text[..len], reason);
                let rest = line.text[len..].trim_start();
                line = Line {
                    start: line.end - rest.len(),
                    end: line.end,
                    text: rest,
                };
                asked = None;
                if rest.is_empty() {
                    continue;
                }
            }
            // A headline that opens with the words of an end-of-article widget ("Giá vàng
            // tiếp tục giảm") is still a headline before the article.
            Some(("market-widget", Action::Tail, _))
                if headline_like(line.text) && at_least_words(line.text, 5) => {}
            Some((reason, _, _)) => {
                if header_found_date.is_none() && reason == "section-label" {
                    header_found_date = parse_datetime(line.text);
                }
                remove(&mut out, line.text, reason);
                continue;
            }
            None => {}
        }
        if let Some(d) = dateline(line.text) {
            if header_found_date.is_none() || dateline_at.is_none() {
                header_found_date = Some(d.published.clone());
            }
            if out.place.is_none() {
                out.place = d.place.clone();
            }
            if out.byline.is_none() {
                out.byline = d.author.clone();
            }
            dateline_at.get_or_insert(i);
            remove(&mut out, line.text, "dateline");
            continue;
        }
        let label = section_label(line.text);
        if label || headline_like(line.text) {
            heads.push(Head {
                at: i,
                line,
                label,
                furniture: asked,
            });
        } else {
            body_from = i;
            break;
        }
    }
    if out.published.is_none() {
        out.published = header_found_date;
    }

    // The headline and the header lines that stay in the body. Section labels give way to a
    // headline; when there is none, the labels are the headline candidates.
    // Without a dateline, a short line is only a label when a line that reads as a headline
    // (not a lede sentence) comes after it.
    let has_headline = heads.iter().any(|h| !h.label)
        && (dateline_at.is_some()
            || heads
                .iter()
                .any(|h| !h.label && headline_shape(h.line.text)));
    let is_label = |h: &Head| has_headline && h.label;
    // Lines kept in the body, with what `furniture` says of them when already asked.
    let mut keep_heads: Vec<(Line, Option<Furniture>)> = Vec::new();
    if let Some(t) = known.title.as_deref() {
        let at = heads.iter().position(|h| same_text(h.line.text, t));
        for (k, h) in heads.iter().enumerate() {
            match at {
                Some(a) if k == a => remove(&mut out, h.line.text, "title"),
                _ if is_label(h)
                    && (at.is_some_and(|a| k < a) || dateline_at.is_some_and(|d| h.at < d)) =>
                {
                    remove(&mut out, h.line.text, "section-label")
                }
                Some(a) if k < a => remove(&mut out, h.line.text, "kicker"),
                _ => keep_heads.push((h.line, h.furniture)),
            }
        }
    } else if !heads.is_empty() {
        let pool: Vec<usize> = (0..heads.len()).filter(|&k| !is_label(&heads[k])).collect();
        let before_date: Vec<usize> = match dateline_at {
            Some(d) => pool.iter().copied().filter(|&k| heads[k].at < d).collect(),
            None => Vec::new(),
        };
        let t = before_date
            .last()
            .or(pool.first())
            .copied()
            .unwrap_or_default();
        for (k, h) in heads.iter().enumerate() {
            if k == t {
                out.title = Some(h.line.text.to_string());
                remove(&mut out, h.line.text, "title");
            } else if is_label(h) && (k < t || dateline_at.is_some_and(|d| h.at < d)) {
                remove(&mut out, h.line.text, "section-label");
            } else if k < t {
                remove(&mut out, h.line.text, "kicker");
            } else {
                keep_heads.push((h.line, h.furniture));
            }
        }
    }

    // The article's lines, up to the first tail marker.
    let mut body = keep_heads;
    let mut cut = lines.len();
    for (i, l) in lines.iter().enumerate().skip(body_from) {
        let fur = furniture(l.text);
        if let Some((reason, Action::Tail, _)) = fur
            && (i > body_from || !body.is_empty())
        {
            cut = i;
            remove(&mut out, l.text, reason);
            break;
        }
        body.push((*l, Some(fur)));
    }
    for l in lines.iter().skip(cut + 1) {
        let reason = furniture(l.text).map_or("after-article", |(r, _, _)| r);
        remove(&mut out, l.text, reason);
    }

    // Source prefix on the first line.
    if let Some((first, asked)) = body.first_mut()
        && let Some((name, len)) = lead_prefix(first.text)
    {
        remove(&mut out, first.text[..len].trim_end(), "source-prefix");
        out.source_prefix = Some(name);
        first.text = first.text[len..].trim_start();
        first.start = first.end - first.text.len();
        *asked = None;
    }

    // Furniture and captions inside the article.
    let mut kept: Vec<Line> = Vec::with_capacity(body.len());
    let mut after_image = false;
    for (l, asked) in body {
        if l.text.is_empty() {
            continue;
        }
        let was_image = after_image;
        after_image = false;
        match asked.unwrap_or_else(|| furniture(l.text)) {
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
        // "Bài, ảnh: X" credits the writer, not a photo: a byline, not a caption.
        let credit = BYLINE_ROLE.find(l.text).is_some_and(|m| {
            let role = m.as_str().to_lowercase();
            ["bài", "tin", "thực hiện", "nhóm"]
                .iter()
                .any(|w| role.contains(w))
        }) && byline(l.text).is_some();
        if !credit
            && ((was_image && l.text.chars().count() <= 200 && !prose(l.text)) || caption(l.text))
        {
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

    // The end of the article: a dateline, a source credit ("Theo TTXVN", "Nguồn: ...") and the
    // byline, the last line that reads as names, in any order.
    let mut took_byline = false;
    for _ in 0..4 {
        let Some(last) = kept.last().copied() else {
            break;
        };
        if kept.len() <= 1 {
            break;
        }
        if let Some(d) = dateline(last.text) {
            remove(&mut out, last.text, "dateline");
            if out.published.is_none() {
                out.published = Some(d.published);
            }
        } else if source_credit(last.text) {
            remove(&mut out, last.text, "source-credit");
        } else if let Some(names) = byline(last.text).filter(|_| !took_byline) {
            remove(&mut out, last.text, "byline");
            took_byline = true;
            if out.byline.is_none() {
                out.byline = Some(names);
            }
        } else {
            break;
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

    /// The trimmed lines of the corpus articles, and lines made to look like furniture, captions
    /// and prefixes.
    fn sample_lines() -> Vec<String> {
        let mut lines: Vec<String> = [
            "Cở chữ: A+ A- 04:07 PM,18/03/2019",
            "cỡ chữ",
            "Chính trị 12/03/2019 (0) (132)",
            "Đang xem: 69",
            "Ảnh minh họa",
            "Đại biểu dự hội nghị. (Ảnh: Minh Anh)",
            "Đại biểu dự hội nghị - ảnh: Minh Anh.",
            "Đại biểu dự hội nghị. ẢNH:   Minh Anh",
            "Đại biểu dự hội nghị (ảnh : Minh Anh).",
            "Quang cảnh buổi lễ. Ảnh: TTXVN",
            "Chụp ảnh : các đơn vị, kết quả của một năm làm việc, thi đua và khen thưởng của khối",
            "(QBĐT) - Chiều 19-7, Khối thi đua",
            "(QBĐT)- Chiều 19-7",
            "VOV.VN-Sáng 5/3, hội nghị",
            "BDK.VN - Ngày 5-3",
            "TTXVN -Hà Nội",
            "PGS-TS Nguyễn Văn An phát biểu",
            "(Baoquangninh.vn) - Sáng",
            "Ky_ket_giao_uoc_khoi_tham_muu(1)",
            "anh-1.jpg",
            "...",
            "Tin liên quan",
            " Hai\u{a0}\u{3000}từ  -  \tcách\u{2028}nhau ",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for t in crate::test_util::sample_articles() {
            lines.extend(
                t.lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(String::from),
            );
        }
        lines
    }

    #[test]
    fn furniture_as_the_patterns_one_by_one() {
        let one_by_one: Vec<(&Pattern, Regex)> = patterns()
            .iter()
            .map(|p| (p, Regex::new(&p.anchored).expect("valid pattern")))
            .collect();
        let slow = |line: &str| {
            let short = line.chars().count() <= FURNITURE_MAX_CHARS;
            for (p, re) in &one_by_one {
                if p.action != Action::Prefix && !short {
                    continue;
                }
                if let Some(m) = re.find(line) {
                    if p.action == Action::Prefix && m.end() == 0 {
                        continue;
                    }
                    return Some((p.reason, p.action, m.end()));
                }
            }
            None
        };
        for l in sample_lines() {
            assert_eq!(pattern_match(&l), slow(&l), "{l}");
        }
    }

    #[test]
    fn quick_tests_agree_with_the_regexes() {
        let slow_caption = |line: &str| {
            let n = line.chars().count();
            (n <= 200 && CAPTION_START.is_match(line) && !(n > 100 && line.ends_with('.')))
                || (n <= 250 && CAPTION_END.is_match(line))
        };
        let slow_prefix = |line: &str| SOURCE_PREFIX.captures(line).is_some();
        for l in sample_lines() {
            assert_eq!(caption(&l), slow_caption(&l), "{l}");
            if slow_prefix(&l) {
                assert!(may_open_with_prefix(&l), "{l}");
            }
            for k in [0, 1, 7, 8, 60, 100, 200, 250] {
                assert_eq!(more_chars_than(&l, k), l.chars().count() > k, "{l}");
            }
            let words = l.split_whitespace().count();
            for k in 1..=21 {
                assert_eq!(at_least_words(&l, k), words >= k, "{l}");
            }
        }
    }

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
        // Toolbars: widgets side by side, each furniture on its own.
        for l in [
            "In bài | Gửi email | Bình luận (0)",
            "Chia sẻ Cỡ chữ A- A+",
            "Chia sẻ | In bài",
        ] {
            assert_eq!(
                furniture(l).map(|f| (f.0, f.1)),
                Some(("toolbar", Action::Line)),
                "{l}"
            );
        }
        assert!(furniture("Tin mới thời tiết 13/5: Cuối tuần Hà Nội có mưa dông").is_none());
        assert!(furniture("In bài phát biểu của đồng chí Bí thư").is_none());
        assert_eq!(
            furniture("Trang chủ › Chính trị - Xã hội").map(|f| f.0),
            Some("navigation")
        );
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
            ("THU TRANG", Some("THU TRANG")),
            ("MINH HẰNG", Some("MINH HẰNG")),
            ("NGUYỄN VĂN AN, LÊ HÀ", Some("NGUYỄN VĂN AN, LÊ HÀ")),
            ("TTXVN", None),
            ("BIDV VÀ VNPT", None),
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

    /// Cleans a page without prior knowledge and returns (title, published, place, body).
    fn parts(page: &str) -> (Option<String>, Option<String>, Option<String>, Vec<String>) {
        let c = clean(page, 0, &Known::default());
        let body = c
            .pieces
            .iter()
            .map(|&(s, e)| page[s..e].to_string())
            .collect();
        (c.title, c.published, c.place, body)
    }

    const LEAD: &str =
        "Sáng 14/1, Khối thi đua các cơ quan văn hóa tổ chức hội nghị tổng kết năm 2020.";
    const NEXT: &str = "Các đơn vị thống nhất đề nghị tặng Cờ thi đua cho hai đơn vị dẫn đầu.";

    #[test]
    fn dateline_with_label_and_counter_above_the_headline() {
        for top in [
            "Ngày đăng: 15/01/2021 | Lượt xem: 1.204",
            "Văn hóa | 15/01/2021 | Lượt xem: 77",
            "Cập nhật lúc: 09:30 ngày 15/01/2021",
            "Văn hóa - Xã hội | Thứ Sáu, 15/01/2021 | 09:30",
        ] {
            let page = format!("{top}\n\nKhối Văn hóa bình xét thi đua năm 2020\n\n{LEAD}\n{NEXT}");
            let (title, published, _, body) = parts(&page);
            assert_eq!(
                title.as_deref(),
                Some("Khối Văn hóa bình xét thi đua năm 2020"),
                "{top}"
            );
            assert_eq!(published.as_deref().map(|p| &p[..10]), Some("2021-01-15"));
            assert_eq!(body, [LEAD, NEXT], "{top}");
        }
    }

    #[test]
    fn place_dateline() {
        for (top, place) in [
            ("HẢI PHÒNG - Thứ Sáu, 15/01/2021 - 09:30", "HẢI PHÒNG"),
            ("Hưng Yên, 15/01/2021", "Hưng Yên"),
        ] {
            let page = format!("{top}\nKhối Văn hóa bình xét thi đua năm 2020\n{LEAD}\n{NEXT}");
            let (title, published, p, body) = parts(&page);
            assert_eq!(
                title.as_deref(),
                Some("Khối Văn hóa bình xét thi đua năm 2020")
            );
            assert_eq!(published.as_deref().map(|p| &p[..10]), Some("2021-01-15"));
            assert_eq!(p.as_deref(), Some(place));
            assert_eq!(body.len(), 2);
        }
    }

    #[test]
    fn section_label_is_not_the_headline() {
        // Label, dateline, headline.
        let page = format!(
            "Văn hóa\n15/01/2021 - 09:30\n\nKhối Văn hóa bình xét thi đua năm 2020\n{LEAD}\n{NEXT}"
        );
        let c = clean(&page, 0, &Known::default());
        assert_eq!(
            c.title.as_deref(),
            Some("Khối Văn hóa bình xét thi đua năm 2020")
        );
        assert!(
            c.removed
                .iter()
                .any(|r| r.text == "Văn hóa" && r.reason == "section-label")
        );
        // Label, headline, dateline; a two-level label.
        let page = format!(
            "Tin tức > Văn hóa\nKhối Văn hóa bình xét thi đua năm 2020\nThứ Sáu, 15/01/2021, 09:30\n{LEAD}\n{NEXT}"
        );
        let (title, _, _, body) = parts(&page);
        assert_eq!(
            title.as_deref(),
            Some("Khối Văn hóa bình xét thi đua năm 2020")
        );
        assert_eq!(body, [LEAD, NEXT]);
        // Without a dateline: a label before a headline gives way to it, but a short headline
        // before a lede left without its full stop stays the headline.
        let page = format!("Chính trị\nKhối Văn hóa bình xét thi đua năm 2020\n{LEAD}\n{NEXT}");
        assert_eq!(
            parts(&page).0.as_deref(),
            Some("Khối Văn hóa bình xét thi đua năm 2020")
        );
        let page = format!(
            "Mùa lúa mới\nTrong những ngày qua, nông dân nhiều nơi đã tranh thủ thu hoạch lúa để kịp bán trước khi mưa bão kéo đến gây thiệt hại\n{NEXT}"
        );
        assert_eq!(parts(&page).0.as_deref(), Some("Mùa lúa mới"));
        // A short headline with nothing else is still the headline.
        let page = format!("Tổng kết thi đua\n{LEAD}\n{NEXT}");
        assert_eq!(parts(&page).0.as_deref(), Some("Tổng kết thi đua"));
        // A short line after the headline, with no dateline after it, stays in the body.
        let page = "Tiết mục mới của đoàn nghệ thuật tỉnh\nĐoàn biểu diễn trong đêm khai mạc hội diễn\nMinh Tâm";
        let c = clean(page, 0, &Known::default());
        assert_eq!(c.byline.as_deref(), Some("Minh Tâm"));
    }

    #[test]
    fn headlines_that_look_like_furniture_or_prefixes() {
        // Words of a market widget opening a headline.
        let page = format!("Giá vàng trong nước tăng mạnh đầu năm\n{LEAD}\n{NEXT}");
        assert_eq!(
            parts(&page).0.as_deref(),
            Some("Giá vàng trong nước tăng mạnh đầu năm")
        );
        // An abbreviation and a dash opening a headline is no press source prefix.
        let page = format!("UNESCO - Tổ chức của những di sản chung\n{LEAD}\n{NEXT}");
        let c = clean(&page, 0, &Known::default());
        assert_eq!(
            c.title.as_deref(),
            Some("UNESCO - Tổ chức của những di sản chung")
        );
        assert_eq!(c.source_prefix, None);
        // A hyphenated name is no prefix either.
        assert_eq!(source_prefix("PGS-TS Nguyễn Văn An phát biểu"), None);
        assert_eq!(
            source_prefix("VOV.VN-Sáng 5/3, hội nghị").map(|p| p.0),
            Some("VOV.VN".into())
        );
        // A headline that trails off.
        let page = format!("Những người giữ lửa phong trào thi đua...\n{LEAD}\n{NEXT}");
        assert_eq!(
            parts(&page).0.as_deref(),
            Some("Những người giữ lửa phong trào thi đua...")
        );
    }

    #[test]
    fn related_links_headers() {
        for l in [
            "Tin mới cập nhật",
            "Tin cùng chuyên mục",
            "Các tin đã đăng",
            "Tin tiếp theo",
            "Có thể bạn quan tâm",
            "Đọc nhiều nhất",
        ] {
            assert_eq!(
                furniture(l).map(|f| (f.0, f.1)),
                Some(("related-links", Action::Tail)),
                "{l}"
            );
        }
        assert!(furniture("Tin tiếp theo cho biết hội nghị đã thống nhất").is_none());
    }

    #[test]
    fn end_of_article() {
        for l in [
            "Theo TTXVN",
            "(Theo Báo Quảng Bình)",
            "Nguồn: baoquangbinh.vn",
            "Nguồn: Cổng thông tin điện tử tỉnh",
        ] {
            assert!(source_credit(l), "{l}");
        }
        for l in [
            "Theo kế hoạch, năm 2024 Khối tiếp tục đổi mới.",
            "Theo đó, các đơn vị thống nhất",
            "Minh Châu",
        ] {
            assert!(!source_credit(l), "{l}");
        }
        let page =
            format!("Khối Văn hóa bình xét thi đua năm 2020\n{LEAD}\n{NEXT}\nBài, ảnh: Minh Châu");
        assert_eq!(
            clean(&page, 0, &Known::default()).byline.as_deref(),
            Some("Minh Châu")
        );
        let page =
            format!("Khối Văn hóa bình xét thi đua năm 2020\n{LEAD}\n{NEXT}\nVideo: Đài tỉnh");
        assert_eq!(clean(&page, 0, &Known::default()).byline, None);
        let page = format!(
            "Khối Văn hóa bình xét thi đua năm 2020\n{LEAD}\n{NEXT}\nMinh Châu\nNguồn: Báo Hưng Yên\nCập nhật: 16/01/2021 08:00"
        );
        let c = clean(&page, 0, &Known::default());
        assert_eq!(c.byline.as_deref(), Some("Minh Châu"));
        assert_eq!(c.published.as_deref(), Some("2021-01-16T08:00"));
        let body: Vec<&str> = c.pieces.iter().map(|&(s, e)| &page[s..e]).collect();
        assert_eq!(body, [LEAD, NEXT]);
    }
}
