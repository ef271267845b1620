//! The shared normalization of Vietnamese text, with a map back to the input's offsets.
//!
//! What it does, in one pass over the text:
//! - Unicode NFC, with the tone mark of every syllable where the canonical style puts it
//!   ("hoà" -> "hòa", "thuỷ" -> "thủy", "uỷ" -> "ủy"; "quý", "quỹ", "giữ" stay), see [`super::tone`];
//! - combining marks without a letter to sit on, or left over after composition, are dropped;
//! - zero-width characters, soft hyphens, direction marks and BOMs are removed;
//! - no-break, thin, em and other wide spaces become a plain space, and runs of spaces one space;
//! - dashes (hyphen, en dash, em dash, minus, ...) become `-`; double quotes (“ ” „ « ») become `"`
//!   and single quotes (‘ ’ ‚) become `'`: one spelling for what readers see as one sign, so
//!   that "Thi đua – Khen thưởng" and "Thi đua - Khen thưởng" are the same text;
//! - CRLF, lone CR and Unicode line separators become LF;
//! - a sentence glued to the next ("xong.Sau đó") gets a space after its full stop when the stop
//!   follows a lowercase word and is followed by a capitalised word ("TP.HCM", "T.Trúc" stay).
//!
//! Text that needs none of this is returned borrowed, after one scan (the fast path).
//! The result is idempotent: normalizing it again changes nothing.

use super::offsets::{OffsetMap, Rewriter};
use super::tone;
use std::borrow::Cow;
use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// How many places each kind of normalization changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Words recomposed to NFC.
    pub nfc: usize,
    /// Syllables whose tone mark was moved.
    pub tone: usize,
    /// Combining marks dropped for lack of a letter.
    pub stray_marks: usize,
    /// Zero-width characters, soft hyphens and BOMs removed.
    pub invisible: usize,
    /// Unusual spaces replaced, and runs of spaces shortened.
    pub spaces: usize,
    /// Dashes unified.
    pub dashes: usize,
    /// Quotes unified.
    pub quotes: usize,
    /// Line ends unified.
    pub newlines: usize,
    /// Glued sentences split.
    pub glued: usize,
}

impl Counts {
    /// The counts as `(repair name, count)` pairs, leaving out zeros.
    pub fn named(&self) -> Vec<(&'static str, usize)> {
        [
            ("nfc", self.nfc),
            ("tone-placement", self.tone),
            ("stray-combining-marks", self.stray_marks),
            ("invisible-chars", self.invisible),
            ("spaces", self.spaces),
            ("dashes", self.dashes),
            ("quotes", self.quotes),
            ("line-ends", self.newlines),
            ("glued-sentences", self.glued),
        ]
        .into_iter()
        .filter(|&(_, n)| n > 0)
        .collect()
    }

    /// Total number of changes.
    pub fn total(&self) -> usize {
        self.named().iter().map(|&(_, n)| n).sum()
    }
}

/// A normalized text with its map back to the input and what was changed.
#[derive(Debug, Clone)]
pub struct Normalized<'a> {
    /// The normalized text (borrowed when the input was already normal).
    pub text: Cow<'a, str>,
    /// Output offsets -> input offsets.
    pub map: OffsetMap,
    /// What was changed.
    pub counts: Counts,
}

/// Normalizes `s` (see the module documentation).
pub fn normalize(s: &str) -> Normalized<'_> {
    let mut n = Normalizer {
        rw: Rewriter::new(s),
        counts: Counts::default(),
        buf: String::new(),
    };
    n.run(s);
    let (text, map) = n.rw.finish();
    Normalized {
        text,
        map,
        counts: n.counts,
    }
}

/// The shared normalization as an owned string: articles, queries and the index analyzer all
/// go through it. Fast on text that is already normal, and idempotent.
pub fn normalize_str(s: &str) -> String {
    normalize(s).text.into_owned()
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    /// A Vietnamese letter (ASCII or precomposed vowel, đ).
    VietLetter,
    /// Any other letter; `true` when it may not be in NFC.
    OtherLetter(bool),
    Mark,
    /// A combining mark outside the Vietnamese range (U+0300..U+036F).
    ForeignMark,
    Invisible,
    Space,
    WideSpace,
    Dash,
    DoubleQuote,
    SingleQuote,
    Cr,
    LineSep,
    Stop,
    NfcOther,
    Other,
}

#[inline]
fn classify(c: char) -> Class {
    if c.is_ascii() {
        return match c {
            'a'..='z' | 'A'..='Z' => Class::VietLetter,
            ' ' => Class::Space,
            '\r' => Class::Cr,
            '.' | '!' | '?' => Class::Stop,
            _ => Class::Other,
        };
    }
    if c == 'đ' || c == 'Đ' || tone::split_vowel(c).is_some() {
        return Class::VietLetter;
    }
    match c {
        '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' | '\u{180E}' => {
            Class::Invisible
        }
        '\u{00A0}'
        | '\u{1680}'
        | '\u{2000}'..='\u{200A}'
        | '\u{202F}'
        | '\u{205F}'
        | '\u{3000}' => Class::WideSpace,
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}' => Class::Dash,
        '\u{201C}'..='\u{201F}' | '\u{00AB}' | '\u{00BB}' | '\u{FF02}' | '\u{2033}' => {
            Class::DoubleQuote
        }
        '\u{2018}'..='\u{201B}' | '\u{FF07}' | '\u{2032}' => Class::SingleQuote,
        '\u{2028}' | '\u{2029}' | '\u{0085}' => Class::LineSep,
        '\u{300}'..='\u{36F}' => Class::Mark,
        // Combining marks of other scripts: composed with the word they follow, or put in
        // canonical order when they follow no letter.
        _ if canonical_combining_class(c) != 0 => Class::ForeignMark,
        _ if c.is_alphabetic() => Class::OtherLetter(!nfc_yes(c)),
        _ if !nfc_yes(c) => Class::NfcOther,
        _ => Class::Other,
    }
}

#[inline]
fn nfc_yes(c: char) -> bool {
    is_nfc_quick(std::iter::once(c)) == IsNormalized::Yes
}

/// Case of a vowel without tone (ASCII or one of ă â ê ô ơ ư and capitals).
#[inline]
fn is_lower_base(b: char) -> bool {
    if b.is_ascii() {
        b.is_ascii_lowercase()
    } else {
        matches!(b, 'ă' | 'â' | 'ê' | 'ô' | 'ơ' | 'ư')
    }
}

/// What is known about the word being scanned.
#[derive(Default)]
struct Word {
    start: usize,
    /// Needs the slow path (marks, invisible characters, non-NFC letters).
    dirty: bool,
    vowels: u8,
    tones: u8,
    /// The toned vowel is a plain vowel (a e i o u y): its placement needs a full check.
    plain_tone: bool,
    has_o_horn: bool,
    tone_on_u_horn: bool,
    chars: u16,
    /// An uppercase letter follows a lowercase one (words glued together: "NẵngHoà").
    camel: bool,
    /// The last two characters are lowercase letters.
    last2_lower: (bool, bool),
}

struct Normalizer<'a> {
    rw: Rewriter<'a>,
    counts: Counts,
    buf: String,
}

impl Normalizer<'_> {
    fn run(&mut self, s: &str) {
        let bytes = s.as_bytes();
        let n = bytes.len();
        let mut in_word = false;
        let mut w = Word::default();
        let mut prev_space = false;
        // End of the last word and whether it ended with two lowercase letters.
        let mut last_word_end = usize::MAX;
        let mut last_word_lower = false;
        let mut i = 0;
        while i < n {
            let x = bytes[i];
            // ASCII letters: the bulk of the text.
            if x.is_ascii_alphabetic() {
                if !in_word {
                    in_word = true;
                    w = Word {
                        start: i,
                        ..Word::default()
                    };
                }
                let lower = x.is_ascii_lowercase();
                w.chars = w.chars.saturating_add(1);
                w.camel |= w.last2_lower.1 && !lower;
                w.last2_lower = (w.last2_lower.1, lower);
                if matches!(x | 0x20, b'a' | b'e' | b'i' | b'o' | b'u' | b'y') {
                    w.vowels = w.vowels.saturating_add(1);
                }
                prev_space = false;
                i += 1;
                continue;
            }
            let (c, len) = if x < 0x80 {
                (x as char, 1)
            } else {
                match s.get(i..).and_then(|t| t.chars().next()) {
                    Some(c) => (c, c.len_utf8()),
                    None => {
                        i += 1;
                        continue;
                    }
                }
            };
            let cls = if x < 0x80 {
                match x {
                    b' ' => Class::Space,
                    b'\r' => Class::Cr,
                    b'.' | b'!' | b'?' => Class::Stop,
                    _ => Class::Other,
                }
            } else if let Some((base, t)) = tone::split_vowel(c) {
                if !in_word {
                    in_word = true;
                    w = Word {
                        start: i,
                        ..Word::default()
                    };
                }
                let lower = is_lower_base(base);
                w.chars = w.chars.saturating_add(1);
                w.camel |= w.last2_lower.1 && !lower;
                w.last2_lower = (w.last2_lower.1, lower);
                w.vowels = w.vowels.saturating_add(1);
                if matches!(base, 'ơ' | 'Ơ') {
                    w.has_o_horn = true;
                }
                if t != 0 {
                    w.tones += 1;
                    w.plain_tone = base.is_ascii();
                    w.tone_on_u_horn = matches!(base, 'ư' | 'Ư');
                }
                prev_space = false;
                i += len;
                continue;
            } else {
                classify(c)
            };
            match cls {
                Class::VietLetter | Class::OtherLetter(_) => {
                    if !in_word {
                        in_word = true;
                        w = Word {
                            start: i,
                            ..Word::default()
                        };
                    }
                    let lower = c == 'đ' || (c != 'Đ' && c.is_lowercase());
                    let upper = c == 'Đ' || (c != 'đ' && c.is_uppercase());
                    w.chars = w.chars.saturating_add(1);
                    w.camel |= w.last2_lower.1 && upper;
                    w.last2_lower = (w.last2_lower.1, lower);
                    if let Class::OtherLetter(maybe) = cls {
                        w.dirty |= maybe;
                    }
                    prev_space = false;
                    i += len;
                    continue;
                }
                Class::Mark | Class::ForeignMark | Class::Invisible if in_word => {
                    w.dirty = true;
                    i += len;
                    continue;
                }
                _ => {}
            }
            if in_word {
                in_word = false;
                last_word_lower = w.chars >= 2 && w.last2_lower == (true, true);
                self.end_word(s, &w, i);
                last_word_end = i;
            }
            match cls {
                Class::ForeignMark => {
                    let run_end = s[i..]
                        .char_indices()
                        .find(|&(_, d)| canonical_combining_class(d) == 0)
                        .map_or(n, |(k, _)| i + k);
                    let run = &s[i..run_end];
                    let nfc: String = run.nfc().collect();
                    if nfc != run {
                        self.counts.nfc += 1;
                        self.rw.replace(i, run_end, &nfc);
                    }
                    prev_space = false;
                    i = run_end;
                    continue;
                }
                // Removed characters leave the state as it was (a space stays the last output).
                Class::Mark => {
                    self.counts.stray_marks += 1;
                    self.rw.replace(i, i + len, "");
                    i += len;
                    continue;
                }
                Class::Invisible => {
                    self.counts.invisible += 1;
                    self.rw.replace(i, i + len, "");
                    i += len;
                    continue;
                }
                Class::Space | Class::WideSpace => {
                    if prev_space {
                        self.counts.spaces += 1;
                        self.rw.replace(i, i + len, "");
                    } else if cls == Class::WideSpace {
                        self.counts.spaces += 1;
                        self.rw.replace(i, i + len, " ");
                    }
                    prev_space = true;
                    i += len;
                    continue;
                }
                Class::Dash => {
                    self.counts.dashes += 1;
                    self.rw.replace(i, i + len, "-");
                }
                Class::DoubleQuote => {
                    self.counts.quotes += 1;
                    self.rw.replace(i, i + len, "\"");
                }
                Class::SingleQuote => {
                    self.counts.quotes += 1;
                    self.rw.replace(i, i + len, "'");
                }
                Class::Cr => {
                    self.counts.newlines += 1;
                    let end = if bytes.get(i + 1) == Some(&b'\n') {
                        i + 2
                    } else {
                        i + 1
                    };
                    self.rw.replace(i, end, "\n");
                    i = end;
                    prev_space = false;
                    continue;
                }
                Class::LineSep => {
                    self.counts.newlines += 1;
                    self.rw.replace(i, i + len, "\n");
                }
                Class::Stop
                    if last_word_end == i && last_word_lower && glued_after(&s[i + 1..]) =>
                {
                    self.counts.glued += 1;
                    self.rw.replace(i + 1, i + 1, " ");
                }
                Class::NfcOther => {
                    // Without a letter before them, combining diacritics would be stray marks.
                    let nfc: String = std::iter::once(c)
                        .nfc()
                        .filter(|d| !('\u{300}'..='\u{36F}').contains(d))
                        .collect();
                    if nfc.chars().ne(std::iter::once(c)) {
                        self.counts.nfc += 1;
                        self.rw.replace(i, i + len, &nfc);
                    }
                }
                _ => {}
            }
            prev_space = false;
            i += len;
        }
        if in_word {
            self.end_word(s, &w, n);
        }
    }

    fn end_word(&mut self, s: &str, w: &Word, end: usize) {
        let text = &s[w.start..end];
        if w.dirty {
            self.buf.clear();
            let (nfc, tone, stray, invisible) = fix_word(text, &mut self.buf);
            if self.buf != text {
                self.counts.nfc += nfc as usize;
                self.counts.tone += tone as usize;
                self.counts.stray_marks += stray;
                self.counts.invisible += invisible;
                let buf = std::mem::take(&mut self.buf);
                self.rw.replace(w.start, end, &buf);
                self.buf = buf;
            }
            return;
        }
        if w.camel && w.tones >= 1 && w.vowels >= 2 {
            self.buf.clear();
            let moved = place_tones_segmented(text, &mut self.buf);
            if moved > 0 {
                self.counts.tone += moved;
                let buf = std::mem::take(&mut self.buf);
                self.rw.replace(w.start, end, &buf);
                self.buf = buf;
            }
            return;
        }
        if w.tones != 1 || w.vowels < 2 {
            return;
        }
        // Quick accept: a tone on ơ, or on another vowel with a quality mark when no ơ follows.
        if !(w.plain_tone || (w.tone_on_u_horn && w.has_o_horn)) {
            return;
        }
        self.buf.clear();
        if tone::place_tone(text, &mut self.buf) {
            self.counts.tone += 1;
            let buf = std::mem::take(&mut self.buf);
            self.rw.replace(w.start, end, &buf);
            self.buf = buf;
        }
    }
}

/// True when `rest` (what follows a full stop) starts with a capitalised word: an uppercase
/// letter followed by a lowercase one.
fn glued_after(rest: &str) -> bool {
    let mut it = rest
        .chars()
        .filter(|&c| !matches!(classify(c), Class::Mark | Class::Invisible));
    match (it.next(), it.next()) {
        (Some(a), Some(b)) => a.is_uppercase() && b.is_lowercase(),
        _ => false,
    }
}

/// The slow path for one word: remove invisible characters, compose to NFC, drop marks that
/// could not be composed onto a Vietnamese letter, place the tone. Returns
/// (recomposed, tone moved, marks dropped, invisible removed).
fn fix_word(word: &str, out: &mut String) -> (bool, bool, usize, usize) {
    let mut invisible = 0;
    let visible: String = word
        .chars()
        .filter(|&c| {
            let inv = classify(c) == Class::Invisible;
            invisible += inv as usize;
            !inv
        })
        .collect();
    let composed: String = visible.nfc().collect();
    let recomposed = composed != visible;
    let mut stray = 0;
    let mut cleaned = String::with_capacity(composed.len());
    let mut prev_viet = false;
    for c in composed.chars() {
        if is_combining_mark(c) && ('\u{300}'..='\u{36F}').contains(&c) && prev_viet {
            stray += 1;
            continue;
        }
        prev_viet = tone::is_vietnamese_letter(c) || (prev_viet && is_combining_mark(c));
        cleaned.push(c);
    }
    let moved = place_tones_segmented(&cleaned, out);
    (recomposed, moved > 0, stray, invisible)
}

/// Places the tone of a word, or of each part of words glued together without a space
/// ("NẵngHoà": "Nẵng" + "Hoà"), split before an uppercase letter that follows a lowercase one.
/// Appends the result to `out`; returns how many syllables changed.
fn place_tones_segmented(word: &str, out: &mut String) -> usize {
    if tone::place_tone(word, out) {
        return 1;
    }
    if tone::check(word) != tone::Check::NotSyllable {
        // The whole word is a syllable ("loạI" in shouted text): not glued words.
        out.push_str(word);
        return 0;
    }
    let mut bounds = Vec::new();
    let mut prev_lower = false;
    for (i, c) in word.char_indices() {
        if prev_lower && c.is_uppercase() {
            bounds.push(i);
        }
        prev_lower = c.is_lowercase();
    }
    bounds.push(word.len());
    let mut moved = 0;
    let mut start = 0;
    for b in bounds {
        let seg = &word[start..b];
        if tone::place_tone(seg, out) {
            moved += 1;
        } else {
            out.push_str(seg);
        }
        start = b;
    }
    moved
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> String {
        normalize_str(s)
    }

    #[test]
    fn clean_text_is_borrowed() {
        let s = "Khối thi đua Nội chính tổ chức hội nghị. Đồng chí Nguyễn Văn A - Trưởng ban.";
        let r = normalize(s);
        assert!(matches!(r.text, Cow::Borrowed(_)));
        assert_eq!(r.counts.total(), 0);
    }

    #[test]
    fn composes_nfd() {
        let nfd: String = "Khối thi đua Nội chính".nfd().collect();
        assert_eq!(n(&nfd), "Khối thi đua Nội chính");
    }

    #[test]
    fn places_tones() {
        assert_eq!(
            n("hoà thuận, thuỷ lợi, uỷ ban"),
            "hòa thuận, thủy lợi, ủy ban"
        );
        assert_eq!(n("quý, quỹ, giữ"), "quý, quỹ, giữ");
        assert_eq!(n("Đà NẵngHoà 0-0"), "Đà NẵngHòa 0-0");
        assert_eq!(n("vòng loạI"), "vòng loạI");
        let nfd_old: String = "Hoà".nfd().collect();
        assert_eq!(n(&nfd_old), "Hòa");
    }

    #[test]
    fn unifies_spaces_dashes_quotes_and_lines() {
        assert_eq!(
            n("Thi\u{a0}đua \u{2013} Khen\u{2009}thưởng\r\n“Cờ”  ‘x’\rB"),
            "Thi đua - Khen thưởng\n\"Cờ\" 'x'\nB"
        );
    }

    #[test]
    fn removes_invisible_and_stray_marks() {
        assert_eq!(n("\u{feff}Việ\u{200b}t Nam"), "Việt Nam");
        assert_eq!(n("a \u{301}b"), "a b");
        assert_eq!(n("à\u{300}"), "à");
    }

    #[test]
    fn splits_glued_sentences_safely() {
        assert_eq!(n("làm xong.Sau đó"), "làm xong. Sau đó");
        assert_eq!(n("TP.HCM và T.Trúc"), "TP.HCM và T.Trúc");
        assert_eq!(n("vnexpress.net"), "vnexpress.net");
    }

    #[test]
    fn map_points_back() {
        let src = "a\u{a0}\u{a0}hoà b";
        let r = normalize(src);
        assert_eq!(r.text, "a hòa b");
        let b = r.text.find('b').unwrap_or(0);
        assert_eq!(&src[r.map.to_source(b)..], "b");
    }

    #[test]
    fn idempotent_on_samples() {
        for s in [
            "hoà\u{a0}\u{a0}x",
            "a \u{301}",
            "x.Yz",
            "\r\r\n",
            "ươ\u{301}",
        ] {
            let once = n(s);
            assert_eq!(n(&once), once, "{s:?}");
        }
    }
}
