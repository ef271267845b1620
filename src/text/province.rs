//! Provinces: the list of provinces and cities (before and after the 2025 merger), the press
//! sources that belong to them, and the province an article is about.

use super::fold;
use aho_corasick::{AhoCorasick, Anchored, Input, MatchKind, StartKind, packed};
use regex::Regex;
use std::collections::HashMap;
use std::sync::LazyLock;

/// A province or centrally-run city.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Province {
    /// Its name ("Quảng Bình").
    pub name: &'static str,
    /// `tỉnh` or `thành phố`.
    pub kind: &'static str,
    /// The unit it belongs to from 1 July 2025 ("Quảng Trị" for Quảng Bình).
    pub after_2025: &'static str,
    /// Other spellings.
    pub aliases: Vec<&'static str>,
}

struct Data {
    provinces: Vec<Province>,
    /// Any spelling -> canonical name.
    by_spelling: HashMap<&'static str, &'static str>,
    /// Folded name without spaces ("quangbinh") -> canonical name.
    by_folded: HashMap<String, &'static str>,
    /// Press prefix -> province.
    press: HashMap<&'static str, &'static str>,
    /// Where a qualifier may start (see [`qualifier_starts`]).
    qualifier_starts: packed::Searcher,
    /// The spellings, for an anchored search that prefers the longest, as [`mention_regex`]'s
    /// alternation does.
    names: AhoCorasick,
    /// "tỉnh X", "thành phố X", "TP X", "Tỉnh ủy X" mentions in any case ("TỈNH BÌNH THUẬN" in a
    /// banner).
    mention_any_case: Regex,
}

/// The words that introduce a province's name, in the order a match prefers them: `tỉnh ủy`
/// before `tỉnh`, `TP.` before `TP`.
const QUALIFIERS: [&str; 10] = [
    "tỉnh ủy",
    "Tỉnh ủy",
    "thành ủy",
    "Thành ủy",
    "tỉnh",
    "Tỉnh",
    "thành phố",
    "Thành phố",
    "TP.",
    "TP",
];

/// The first bytes of the spaces (`char::is_whitespace`, as `\s`): ASCII, then those of U+0085
/// and U+00A0, U+1680, U+2000..U+205F, and U+3000.
const SPACE_FIRST_BYTES: [u8; 10] = [
    b'\t', b'\n', 0x0B, 0x0C, b'\r', b' ', 0xC2, 0xE1, 0xE2, 0xE3,
];

/// What every qualifier starts with: "tỉnh", "Tỉnh", "thành", "Thành", or "TP" before a full
/// stop or the first byte of a space (a space must follow "TP" when no full stop does). None of
/// them can start inside another, so a search that does not overlap finds every place a mention
/// may start. Each has three bytes or more, which keeps the vectorised search off "th" (everywhere
/// in Vietnamese) and "T".
fn qualifier_starts() -> Vec<Vec<u8>> {
    ["tỉnh", "Tỉnh", "thành", "Thành"]
        .iter()
        .map(|w| w.as_bytes().to_vec())
        .chain(
            SPACE_FIRST_BYTES
                .iter()
                .chain(b".")
                .map(|&b| vec![b'T', b'P', b]),
        )
        .collect()
}

/// A mention as a regex: a qualifier, spaces, and a name (group 1) of `names` (longest first).
fn mention_regex(flags: &str, names: &[&str]) -> Regex {
    let alternatives: Vec<String> = names.iter().map(|n| regex::escape(n)).collect();
    let names_re = alternatives.join("|");
    let qualifier = r"(?:tỉnh ủy|Tỉnh ủy|thành ủy|Thành ủy|tỉnh|Tỉnh|thành phố|Thành phố|TP\.?)";
    Regex::new(&format!(r"{flags}{qualifier}\s+({names_re})")).expect("valid province regex")
}

static DATA: LazyLock<Data> = LazyLock::new(|| {
    let mut provinces = Vec::new();
    for line in include_str!("../../data/text/provinces.tsv").lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let f: Vec<&'static str> = line.split('\t').collect();
        if f.len() < 3 {
            continue;
        }
        provinces.push(Province {
            name: f[0],
            kind: f[1],
            after_2025: f[2],
            aliases: f
                .get(3)
                .map(|a| {
                    a.split(',')
                        .map(str::trim)
                        .filter(|a| !a.is_empty())
                        .collect()
                })
                .unwrap_or_default(),
        });
    }
    let mut by_spelling = HashMap::new();
    let mut by_folded = HashMap::new();
    let mut names: Vec<&'static str> = Vec::new();
    for p in &provinces {
        for s in std::iter::once(p.name).chain(p.aliases.iter().copied()) {
            by_spelling.insert(s, p.name);
            by_folded.insert(fold(s).replace([' ', '-', '.'], ""), p.name);
            names.push(s);
        }
    }
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    // Word boundaries are checked on each match (`word_bounded`): a Unicode `\b` in the pattern
    // would keep the regex off its fast engine on Vietnamese text.
    let mention_any_case = mention_regex("(?i)", &names);
    let qualifier_starts = packed::Config::new()
        .builder()
        .extend(qualifier_starts())
        .build()
        .expect("valid qualifier searcher");
    let names_ac = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostFirst)
        .start_kind(StartKind::Anchored)
        .build(&names)
        .expect("valid province names searcher");

    let mut press = HashMap::new();
    for line in include_str!("../../data/text/press_sources.tsv").lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        if let Some((k, v)) = line.split_once('\t') {
            press.insert(k.trim(), v.trim());
        }
    }
    Data {
        provinces,
        by_spelling,
        by_folded,
        press,
        qualifier_starts,
        names: names_ac,
        mention_any_case,
    }
});

/// Every province and city in the table.
pub fn provinces() -> &'static [Province] {
    &DATA.provinces
}

/// The canonical name of a province written in any known spelling.
pub fn canonical(name: &str) -> Option<&'static str> {
    DATA.by_spelling.get(name.trim()).copied()
}

/// The canonical name of a province written in any known spelling, in any case and with or
/// without spaces and dots ("KON TUM", "Thanh Hoá", "TP.HCM").
pub fn lookup(name: &str) -> Option<&'static str> {
    canonical(name).or_else(|| {
        let key = fold(name.trim()).replace([' ', '-', '.', '\u{2013}'], "");
        DATA.by_folded.get(key.as_str()).copied()
    })
}

/// The province of a press source prefix: from the table ("QBĐT" -> "Quảng Bình"), or from a
/// site name built on the province's name ("Baoquangninh.vn" -> "Quảng Ninh").
pub fn of_press_source(prefix: &str) -> Option<&'static str> {
    let d = &*DATA;
    if let Some(p) = d.press.get(prefix.trim()) {
        return Some(p);
    }
    let f = fold(prefix);
    let host = f.trim_start_matches("www.").split('.').next().unwrap_or("");
    let stem = host
        .strip_prefix("bao")
        .or_else(|| host.strip_prefix("dai"))
        .unwrap_or(host);
    if stem.len() >= 4 && f.contains('.') {
        return d.by_folded.get(stem).copied();
    }
    None
}

/// The province a text names as "tỉnh X" / "thành phố X" most often (the first on a tie).
pub fn mentioned(text: &str) -> Option<&'static str> {
    let d = &*DATA;
    let mut counts: Vec<(&'static str, usize)> = Vec::new();
    for (_, written) in mentions(Case::AsWritten, text) {
        let Some(name) = d.by_spelling.get(written).copied() else {
            continue;
        };
        match counts.iter_mut().find(|(n, _)| *n == name) {
            Some(e) => e.1 += 1,
            None => counts.push((name, 1)),
        }
    }
    let best = counts.iter().map(|&(_, n)| n).max()?;
    counts.into_iter().find(|&(_, n)| n == best).map(|(p, _)| p)
}

/// What is known about where an article comes from, strongest evidence first.
#[derive(Debug, Clone, Copy, Default)]
pub struct Evidence<'a> {
    /// The press source prefix that opens the article ("QBĐT").
    pub source_prefix: Option<&'a str>,
    /// The place name of the dateline ("KON TUM").
    pub place: Option<&'a str>,
    /// The article's title.
    pub title: Option<&'a str>,
    /// The article's body.
    pub body: &'a str,
    /// The article's URL.
    pub url: Option<&'a str>,
    /// Text printed around the article (site banner, menus, footer): the weakest evidence.
    pub chrome: &'a [String],
}

/// Which evidence gave the province.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    /// The press source prefix.
    PressSource,
    /// The place name of the dateline.
    Dateline,
    /// "tỉnh X" and like mentions in the title and body.
    Mentions,
    /// The site's address.
    Url,
    /// A province's name heading the title ("Đắk Lắk: ...").
    Title,
    /// The site chrome around the article.
    Chrome,
}

impl Basis {
    /// A short description, for reports.
    pub fn describe(self) -> &'static str {
        match self {
            Basis::PressSource => "from the press source",
            Basis::Dateline => "from the dateline",
            Basis::Mentions => "from the text",
            Basis::Url => "from the address",
            Basis::Title => "from the place heading the title",
            Basis::Chrome => "from the page around the article",
        }
    }
}

/// How mentions are matched: with the qualifier and name as written ("tỉnh Bắc Ninh", in
/// articles), or in any case ("TỈNH BẮC NINH", in the page around them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Case {
    AsWritten,
    Any,
}

/// The mentions of a province (a qualifier, spaces and a name) that stand as whole words in
/// `text`: the start of each with the name as written, as the leftmost-first matches of
/// [`mention_regex`] that do not overlap.
fn mentions(case: Case, text: &str) -> Vec<(usize, &str)> {
    let all: Vec<(usize, usize, &str)> = match case {
        Case::AsWritten => mentions_as_written(text),
        Case::Any => {
            // Matches are found by the fast engine over the whole text; the name is taken from
            // the match alone, which keeps the engine that reports groups off the long text.
            let re = &DATA.mention_any_case;
            re.find_iter(text)
                .filter_map(|all| {
                    let name = re.captures(all.as_str())?.get(1)?.as_str();
                    Some((all.start(), all.end(), name))
                })
                .collect()
        }
    };
    all.into_iter()
        .filter(|&(start, end, _)| word_bounded(text, start, end))
        .map(|(start, _, name)| (start, name))
        .collect()
}

/// The matches of [`mention_regex`] (case as written) in `text`, leftmost first and not
/// overlapping: `(start, end, name)`. A match starts where a qualifier does, so only those places
/// are tried, each as the regex would at that place: the first qualifier (in the regex's order)
/// followed by spaces and a name, and the longest name there.
fn mentions_as_written(text: &str) -> Vec<(usize, usize, &str)> {
    let d = &*DATA;
    let mut out = Vec::new();
    let mut from = 0;
    for start in d.qualifier_starts.find_iter(text).map(|m| m.start()) {
        if start < from {
            continue;
        }
        if let Some((end, name)) = mention_at(text, start) {
            out.push((start, end, name));
            from = end;
        }
    }
    out
}

/// The mention that starts at `text[start..]`, if any: its end and the name as written.
fn mention_at(text: &str, start: usize) -> Option<(usize, &str)> {
    let rest = &text[start..];
    QUALIFIERS.iter().find_map(|q| {
        // The first two bytes part the qualifiers' words.
        if rest.as_bytes().get(..2) != q.as_bytes().get(..2) {
            return None;
        }
        let after = rest.strip_prefix(q)?;
        let name_at = after.trim_start();
        if name_at.len() == after.len() {
            return None;
        }
        let m = DATA
            .names
            .find(Input::new(name_at).anchored(Anchored::Yes))?;
        let at = text.len() - name_at.len();
        Some((at + m.end(), &name_at[..m.end()]))
    })
}

/// True when `text[start..end]` neither starts nor ends inside a word.
fn word_bounded(text: &str, start: usize, end: usize) -> bool {
    let word = |c: char| c.is_alphanumeric() || c == '_';
    !text[..start].chars().next_back().is_some_and(word)
        && !text[end..].chars().next().is_some_and(word)
}

/// Adds the weight of each mention in `text` (matched as `case` says) to `scores`: `base` each,
/// one more in the first line (the lead), and one more when the clause before it says where the
/// event was ("tại ...").
fn score_matches(
    case: Case,
    text: &str,
    base: u32,
    offset: usize,
    scores: &mut Vec<(&'static str, u32, usize)>,
) {
    let d = &*DATA;
    let lead_end = memchr::memchr(b'\n', text.as_bytes()).unwrap_or(text.len());
    for (start, written) in mentions(case, text) {
        let Some(name) = d
            .by_spelling
            .get(written)
            .copied()
            .or_else(|| lookup(written))
        else {
            continue;
        };
        let before = &text[..start];
        let clause_start = before
            .rfind(['.', ';', '\n'])
            .map_or(0, |p| p + 1)
            .max(start.saturating_sub(120));
        let clause = before.get(clause_start..).unwrap_or("");
        // The words `residence` and `event_place` look for hold "ú", "ê", "ụ" or "ạ", and only
        // these letters and their capitals lowercase to them: most clauses need no lowercase copy.
        let clause = if clause.contains(['ú', 'Ú', 'ê', 'Ê', 'ụ', 'Ụ', 'ạ', 'Ạ']) {
            clause.to_lowercase()
        } else {
            String::new()
        };
        if residence(&clause) {
            continue;
        }
        let mut w = base;
        if start < lead_end {
            w += 1;
        }
        if start < lead_end && event_place(&clause) {
            w += 1;
        }
        match scores.iter_mut().find(|(n, _, _)| *n == name) {
            Some(e) => e.1 += w,
            None => scores.push((name, w, offset + start)),
        }
    }
}

/// True when a clause (in lowercase) gives where a person lives or comes from ("trú tại xã A,
/// tỉnh X", "quê ở"): such a province says nothing about the article's.
fn residence(lower: &str) -> bool {
    [
        "trú tại",
        "trú ở",
        "quê ở",
        "quê quán",
        "ngụ tại",
        "ngụ ở",
        "thường trú",
        "tạm trú",
    ]
    .iter()
    .any(|w| lower.contains(w))
}

/// True when a clause (in lowercase) says where the event took place ("sáng 5/1, tại thành phố
/// đông hà, "), not where a person lives or comes from ("trú tại", "quê ở").
fn event_place(lower: &str) -> bool {
    let Some(at) = lower.rfind("tại ") else {
        return false;
    };
    if at > 0 && !lower[..at].ends_with(' ') && !lower[..at].ends_with(',') {
        return false;
    }
    let before = lower[..at].trim_end().trim_end_matches(',');
    !(before.ends_with("trú")
        || before.ends_with("quán")
        || before.ends_with("quê")
        || before.ends_with("ngụ")
        || before.ends_with("sinh")
        || before.ends_with("sống")
        || before.ends_with("công tác")
        || before.ends_with("làm việc")
        || before.ends_with("đóng"))
}

/// The best-scored province: highest score, then earliest mention. A city named inside a
/// province's name ("thành phố Huế" beside "tỉnh Thừa Thiên Huế") counts for the province.
fn best(scores: &[(&'static str, u32, usize)]) -> Option<&'static str> {
    let mut merged: Vec<(&'static str, u32, usize)> = scores.to_vec();
    for (name, w, _) in scores {
        if let Some(outer) = merged
            .iter_mut()
            .find(|(o, _, _)| o != name && o.ends_with(&format!(" {name}")))
        {
            outer.1 += w;
            merged.retain(|(o, _, _)| o != name);
        }
    }
    merged
        .iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.2.cmp(&a.2)))
        .map(|s| s.0)
}

/// Scores mentions (as written) in the title (three times the weight) and the body.
fn scored(title: Option<&str>, body: &str) -> Option<&'static str> {
    let mut scores = Vec::new();
    if let Some(t) = title {
        score_matches(Case::AsWritten, t, 3, 0, &mut scores);
    }
    score_matches(Case::AsWritten, body, 1, 1 << 20, &mut scores);
    best(&scores)
}

/// The province of an article, and what gave it. The evidence is taken strongest first: the
/// press source prefix, the place of the dateline, a province heading the title ("Đắk Lắk:
/// ..."), "tỉnh X" mentions in the title and body
/// (weighted: the title and the lead count more, and so does the place of the event, "tại
/// ..."), the site's address, and last the page around the
/// article, so that a province in the site chrome or in a guest's agency never overrides the
/// article's own.
pub fn infer(e: &Evidence) -> Option<(&'static str, Basis)> {
    if let Some(p) = e.source_prefix.and_then(of_press_source) {
        return Some((p, Basis::PressSource));
    }
    if let Some(p) = e.place.and_then(lookup) {
        return Some((p, Basis::Dateline));
    }
    if let Some(p) = e.title.and_then(title_place) {
        return Some((p, Basis::Title));
    }
    if let Some(p) = scored(e.title, e.body) {
        return Some((p, Basis::Mentions));
    }
    if let Some(p) = e.url.and_then(of_url) {
        return Some((p, Basis::Url));
    }
    let mut scores = Vec::new();
    for (i, t) in e.chrome.iter().enumerate() {
        score_matches(Case::Any, t, 1, i << 20, &mut scores);
    }
    if let Some(p) = best(&scores) {
        return Some((p, Basis::Chrome));
    }
    e.chrome
        .iter()
        .flat_map(|t| t.split_whitespace())
        .filter(|w| w.contains('.'))
        .find_map(|w| of_press_source(w.trim_matches(|c: char| !c.is_alphanumeric())))
        .map(|p| (p, Basis::Chrome))
}

/// The province that heads a title as its place ("Đắk Lắk: Trao Cờ thi đua ...", "KON TUM -
/// ..."), in any case.
pub fn title_place(title: &str) -> Option<&'static str> {
    let (head, rest) = split_once(title, b": ", 0).or_else(|| split_once(title, b" - ", 1))?;
    if rest.trim().is_empty() || head.split_whitespace().count() > 4 {
        return None;
    }
    let place = lookup(head)?;
    // "Quảng Ninh - Hải Phòng ký kết ...": two places, neither is the article's alone.
    let next: Vec<&str> = rest.split_whitespace().take(4).collect();
    if (1..=next.len()).any(|n| lookup(&next[..n].join(" ")).is_some()) {
        return None;
    }
    Some(place)
}

/// `s` split at the first occurrence of `sep` (ASCII), as `str::split_once`; the search goes by
/// the byte of `sep` at `rare`, which is not a space.
fn split_once<'a>(s: &'a str, sep: &[u8], rare: usize) -> Option<(&'a str, &'a str)> {
    let b = s.as_bytes();
    let at = memchr::memchr_iter(sep[rare], b)
        .filter_map(|i| i.checked_sub(rare))
        .find(|&i| b[i..].starts_with(sep))?;
    Some((&s[..at], &s[at + sep.len()..]))
}

/// The province of a site from its address (`https://baoquangninh.vn/...` or a provincial
/// portal `https://quangninh.gov.vn/...`).
pub fn of_url(url: &str) -> Option<&'static str> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', '?', '#', ':']).next().unwrap_or("");
    if host.is_empty() {
        return None;
    }
    of_press_source(host)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The matches of the mention regex (case as written), leftmost first, whole words or not.
    fn regex_mentions(text: &str) -> Vec<(usize, usize, &str)> {
        let mut names: Vec<&str> = provinces()
            .iter()
            .flat_map(|p| std::iter::once(p.name).chain(p.aliases.iter().copied()))
            .collect();
        names.sort_by_key(|n| std::cmp::Reverse(n.len()));
        let re = mention_regex("", &names);
        re.captures_iter(text)
            .map(|c| {
                let all = c.get(0).unwrap();
                (all.start(), all.end(), c.get(1).unwrap().as_str())
            })
            .collect()
    }

    #[test]
    fn mentions_are_the_regex_matches() {
        let mut texts: Vec<String> = [
            "tỉnh Bắc Ninh, Tỉnh ủy Nam Định, thành ủy Hà Nội và Thành phố Huế",
            "tại TP.HCM, TP. Hồ Chí Minh, TP Hồ Chí Minh, TP.Hồ Chí Minh, TPHồ Chí Minh",
            "tỉnhBắc Ninh; tỉnh  \u{a0}Bắc Ninh; tỉnh\tBà Rịa - Vũng Tàu; tỉnh Bà Rịa-Vũng Tàu",
            "thành phố Thừa Thiên Huế, thành phố Huế, tỉnh Thừa Thiên Huế, TP\u{3000}Huế",
            "tỉnh ủy ủy Bắc Ninh tỉnh tỉnh Bắc Ninh TPTP. Huế thành thành phố Hà Nội TP",
            "Tỉnh Đắk Lắk, tỉnh Đắc Lắc, tỉnh Đăk Lăk, tỉnh Đắk Nông; TP Cần Thơ",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        texts.extend(crate::test_util::sample_articles());
        for t in &texts {
            assert_eq!(mentions_as_written(t), regex_mentions(t), "{t}");
        }
    }

    #[test]
    fn split_once_as_str_does() {
        for t in [
            "Hưng Yên: Sáu đơn vị",
            "a:b: c - d",
            "- x",
            " - ",
            ": ",
            "Hà Nội -Huế - Đà Nẵng: x",
            "không có",
        ] {
            assert_eq!(split_once(t, b": ", 0), t.split_once(": "), "{t}");
            assert_eq!(split_once(t, b" - ", 1), t.split_once(" - "), "{t}");
        }
    }

    #[test]
    fn regex_spaces_are_char_spaces() {
        // `mention_at` skips the spaces of the regex's `\s+` with `str::trim_start`.
        let re = Regex::new(r"^\s$").expect("valid regex");
        let mut buf = [0; 4];
        for c in (0..=char::MAX as u32).filter_map(char::from_u32) {
            assert_eq!(
                re.is_match(c.encode_utf8(&mut buf)),
                c.is_whitespace(),
                "{c:?}"
            );
        }
    }

    #[test]
    fn qualifier_starts_cover_the_spaces() {
        for c in (0..=char::MAX as u32).filter_map(char::from_u32) {
            if c.is_whitespace() {
                let first = c.encode_utf8(&mut [0; 4]).as_bytes()[0];
                assert!(SPACE_FIRST_BYTES.contains(&first), "{c:?}");
            }
        }
    }

    #[test]
    fn clause_letters_lowercase_only_from_themselves() {
        // `score_matches` lowercases a clause only when it holds one of these.
        let kept = ['ú', 'Ú', 'ê', 'Ê', 'ụ', 'Ụ', 'ạ', 'Ạ'];
        for c in (0..=char::MAX as u32).filter_map(char::from_u32) {
            if c.to_lowercase().any(|l| matches!(l, 'ú' | 'ê' | 'ụ' | 'ạ')) {
                assert!(kept.contains(&c), "{c:?}");
            }
        }
    }

    #[test]
    fn table_has_both_maps() {
        let ps = provinces();
        assert_eq!(ps.iter().filter(|p| p.name != "Huế").count(), 63);
        let mut after: Vec<&str> = ps.iter().map(|p| p.after_2025).collect();
        after.sort();
        after.dedup();
        assert_eq!(after.len(), 34);
        assert!(after.iter().all(|a| canonical(a).is_some()));
    }

    #[test]
    fn press_sources() {
        assert_eq!(of_press_source("QBĐT"), Some("Quảng Bình"));
        assert_eq!(of_press_source("BTV"), Some("Bắc Ninh"));
        assert_eq!(of_press_source("Baoquangninh.vn"), Some("Quảng Ninh"));
        assert_eq!(of_press_source("VOV.VN"), None);
    }

    #[test]
    fn mentions() {
        assert_eq!(
            mentioned("xây dựng tỉnh Bắc Ninh giàu đẹp; UBND tỉnh"),
            Some("Bắc Ninh")
        );
        assert_eq!(mentioned("Văn phòng UBND tỉnh và Sở Tài chính"), None);
        assert_eq!(mentioned("tại TP.HCM"), None);
        assert_eq!(mentioned("tại TP. Hồ Chí Minh"), Some("Hồ Chí Minh"));
    }

    #[test]
    fn lookups_in_any_spelling() {
        assert_eq!(lookup("KON TUM"), Some("Kon Tum"));
        assert_eq!(lookup("Thanh Hoá"), Some("Thanh Hóa"));
        assert_eq!(lookup("tp.hcm"), Some("Hồ Chí Minh"));
        assert_eq!(lookup("PLEIKU"), None);
        assert_eq!(
            title_place("Hưng Yên: Sáu đơn vị dẫn đầu phong trào"),
            Some("Hưng Yên")
        );
        assert_eq!(title_place("Khối thi đua số 3: tổng kết năm"), None);
        assert_eq!(title_place("Hưng Yên - Thái Bình ký kết giao ước"), None);
        assert_eq!(of_url("https://baohungyen.vn/tin/a.html"), Some("Hưng Yên"));
        assert_eq!(of_url("https://haiphong.gov.vn/a"), Some("Hải Phòng"));
        assert_eq!(of_url("https://example.vn/a"), None);
    }

    #[test]
    fn evidence_strongest_first() {
        let chrome = vec!["CỔNG THÔNG TIN ĐIỆN TỬ TỈNH HƯNG YÊN".to_string()];
        let e = Evidence {
            body: "Sáng 5/1, Khối thi đua tổ chức hội nghị.\nCác đơn vị thống nhất.",
            chrome: &chrome,
            ..Evidence::default()
        };
        // Only the page around the article names a province.
        assert_eq!(infer(&e), Some(("Hưng Yên", Basis::Chrome)));
        // The article's own words win over the chrome.
        let e2 = Evidence {
            body: "Sáng 5/1, Khối thi đua các cơ quan Tỉnh ủy Nam Định tổ chức hội nghị.",
            ..e
        };
        assert_eq!(infer(&e2), Some(("Nam Định", Basis::Mentions)));
        // The dateline's place wins over mentions; the press source over both.
        let e3 = Evidence {
            place: Some("HẢI PHÒNG"),
            ..e2
        };
        assert_eq!(infer(&e3), Some(("Hải Phòng", Basis::Dateline)));
        let e4 = Evidence {
            source_prefix: Some("QBĐT"),
            ..e3
        };
        assert_eq!(infer(&e4), Some(("Quảng Bình", Basis::PressSource)));
        assert_eq!(infer(&Evidence::default()), None);
    }

    #[test]
    fn guests_do_not_outweigh_the_article() {
        // The lead places the event; a guest's agency is named as often later on.
        let body = "Chiều 3/4, tại thành phố Vị Thanh, tỉnh Hậu Giang, Cụm thi đua tổ chức hội nghị.\n\
            Dự hội nghị có đại diện Sở Nội vụ tỉnh Sóc Trăng.\n\
            Đại diện Cục Thống kê tỉnh Sóc Trăng chia sẻ kinh nghiệm.";
        let e = Evidence {
            body,
            ..Evidence::default()
        };
        assert_eq!(infer(&e).map(|p| p.0), Some("Hậu Giang"));
        // Where a person lives is not where the event was.
        let body = "Ông Trần Văn B, trú tại xã Phú Lộc, tỉnh Sóc Trăng, nhận Bằng khen.\n\
            Lễ trao tặng do UBND tỉnh Hậu Giang tổ chức.\nUBND tỉnh Hậu Giang chúc mừng.";
        let e = Evidence {
            body,
            ..Evidence::default()
        };
        assert_eq!(infer(&e).map(|p| p.0), Some("Hậu Giang"));
        // The title counts more than one mention in the body.
        let e = Evidence {
            title: Some("Cụm thi đua tỉnh Bạc Liêu tổng kết năm 2022"),
            body: "Hội nghị mời đại diện tỉnh Cà Mau dự.",
            ..Evidence::default()
        };
        assert_eq!(infer(&e).map(|p| p.0), Some("Bạc Liêu"));
        // A city inside a province's name counts for the province.
        let e = Evidence {
            body: "Tại thành phố Huế, hội nghị diễn ra.\nỞ thành phố Huế có 5 đơn vị.\nUBND tỉnh Thừa Thiên Huế khen thưởng.",
            ..Evidence::default()
        };
        assert_eq!(infer(&e).map(|p| p.0), Some("Thừa Thiên Huế"));
    }
}
