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
use std::sync::LazyLock;
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

/// What the scan needs to know about one character, in 64 bits: a table holds the answer for
/// every code point below [`TABLE_LEN`] (ASCII, Latin, the combining marks, the Vietnamese
/// letters of U+1EA0..U+1EF9, the punctuation of U+2000..), [`entry_of`] gives it for the rest.
///
/// The high bits are flags, or-ed over a word; the low bits are counters, added over a word:
/// one sum gives the numbers of vowels and of toned vowels (exact for words shorter than
/// [`COUNTED`] bytes, recounted otherwise).
type Entry = u64;

/// A letter: part of a word (the sign bit, tested first).
const LETTER: Entry = 1 << 63;
/// Not a letter, but part of the word it follows (combining marks, invisible characters).
const IN_WORD: Entry = 1 << 62;
/// The word needs the slow path: a letter that may not be in NFC, or a mark or invisible
/// character inside it.
const DIRTY: Entry = 1 << 61;
/// A lowercase letter.
const LOWER: Entry = 1 << 60;
/// An uppercase letter (a letter may be neither).
const UPPER: Entry = 1 << 59;
/// ơ or Ơ, in any tone.
const O_HORN: Entry = 1 << 58;
/// A toned vowel without quality mark (a e i o u y): its placement needs a full check.
const PLAIN: Entry = 1 << 57;
/// ư or Ư with a tone mark.
const U_HORN: Entry = 1 << 56;
/// Bits of [`Kind`] for characters that are not letters.
const KIND_SHIFT: u32 = 48;
/// Counter of vowels (bits 0..24).
const VOWEL: Entry = 1;
/// Counter of toned vowels (bits 24..48).
const TONED: Entry = 1 << 24;
/// Words shorter than this many bytes cannot overflow a counter.
const COUNTED: usize = 1 << 24;

/// The vowels and toned vowels (modulo 256, as the scan has always counted them) of a sum of
/// entries.
#[inline(always)]
fn counts_of(sum: Entry) -> (u32, u8) {
    ((sum & 0xFF_FFFF) as u32, (sum >> 24) as u8)
}

/// What a character that is not a letter asks for (the [`Class`] of [`classify`]).
#[derive(Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
enum Kind {
    Other,
    Space,
    WideSpace,
    Dash,
    DoubleQuote,
    SingleQuote,
    Cr,
    LineSep,
    Stop,
    NfcOther,
    Mark,
    ForeignMark,
    Invisible,
}

const KINDS: [Kind; 13] = [
    Kind::Other,
    Kind::Space,
    Kind::WideSpace,
    Kind::Dash,
    Kind::DoubleQuote,
    Kind::SingleQuote,
    Kind::Cr,
    Kind::LineSep,
    Kind::Stop,
    Kind::NfcOther,
    Kind::Mark,
    Kind::ForeignMark,
    Kind::Invisible,
];

#[inline]
fn kind(e: Entry) -> Kind {
    KINDS
        .get(((e >> KIND_SHIFT) & 0xF) as usize)
        .copied()
        .unwrap_or(Kind::Other)
}

const fn of_kind(k: Kind) -> Entry {
    (k as Entry) << KIND_SHIFT
}

/// The entry of a plain space.
const SPACE: Entry = of_kind(Kind::Space);

/// The entry of an ASCII character.
const fn ascii_entry(b: u8) -> Entry {
    if b.is_ascii_alphabetic() {
        let case = if b.is_ascii_lowercase() { LOWER } else { UPPER };
        let vowel = if matches!(b | 0x20, b'a' | b'e' | b'i' | b'o' | b'u' | b'y') {
            VOWEL
        } else {
            0
        };
        return LETTER | case | vowel;
    }
    of_kind(match b {
        b' ' => Kind::Space,
        b'\r' => Kind::Cr,
        b'.' | b'!' | b'?' => Kind::Stop,
        _ => Kind::Other,
    })
}

/// The entries of the ASCII characters, known at compile time.
static ASCII: [Entry; 128] = {
    let mut t = [0; 128];
    let mut b = 0;
    while b < 128 {
        t[b] = ascii_entry(b as u8);
        b += 1;
    }
    t
};

/// The entry of a character, from [`tone::split_vowel`] and [`classify`].
fn entry_of(c: char) -> Entry {
    if c.is_ascii() {
        return ascii_entry(c as u8);
    }
    if let Some((base, t)) = tone::split_vowel(c) {
        let mut e = LETTER | VOWEL;
        e |= if is_lower_base(base) { LOWER } else { UPPER };
        if matches!(base, 'ơ' | 'Ơ') {
            e |= O_HORN;
        }
        if t != 0 {
            e |= TONED;
            if base.is_ascii() {
                e |= PLAIN;
            }
            if matches!(base, 'ư' | 'Ư') {
                e |= U_HORN;
            }
        }
        return e;
    }
    let cls = classify(c);
    let k = match cls {
        Class::VietLetter | Class::OtherLetter(_) => {
            let mut e = LETTER;
            if c == 'đ' || (c != 'Đ' && c.is_lowercase()) {
                e |= LOWER;
            }
            if c == 'Đ' || (c != 'đ' && c.is_uppercase()) {
                e |= UPPER;
            }
            if cls == Class::OtherLetter(true) {
                e |= DIRTY;
            }
            return e;
        }
        Class::Mark => return IN_WORD | DIRTY | of_kind(Kind::Mark),
        Class::ForeignMark => return IN_WORD | DIRTY | of_kind(Kind::ForeignMark),
        Class::Invisible => return IN_WORD | DIRTY | of_kind(Kind::Invisible),
        Class::Space => Kind::Space,
        Class::WideSpace => Kind::WideSpace,
        Class::Dash => Kind::Dash,
        Class::DoubleQuote => Kind::DoubleQuote,
        Class::SingleQuote => Kind::SingleQuote,
        Class::Cr => Kind::Cr,
        Class::LineSep => Kind::LineSep,
        Class::Stop => Kind::Stop,
        Class::NfcOther => Kind::NfcOther,
        Class::Other => Kind::Other,
    };
    of_kind(k)
}

/// Code points with a precomputed [`Entry`]: everything up to the mathematical operators
/// (U+2212 minus sign), so that all two-byte characters and the Vietnamese letters are in.
const TABLE_LEN: usize = 0x2300;

type Table = [Entry; TABLE_LEN];

static TABLE: LazyLock<Box<Table>> = LazyLock::new(|| {
    let mut t = Box::new([0; TABLE_LEN]);
    for (cp, e) in t.iter_mut().enumerate() {
        if let Some(c) = char::from_u32(cp as u32) {
            *e = entry_of(c);
        }
    }
    t
});

/// The entry and the length of the character at byte `i` (a character boundary) of `bytes`,
/// valid UTF-8.
#[inline(always)]
fn entry_at(t: &Table, bytes: &[u8], i: usize) -> (Entry, usize) {
    let x = bytes[i];
    if x < 0x80 {
        (ASCII[usize::from(x)], 1)
    } else {
        entry_multi(t, bytes, i, x)
    }
}

/// [`entry_at`] for a character of two to four bytes, led by `x`.
#[inline(always)]
fn entry_multi(t: &Table, bytes: &[u8], i: usize, x: u8) -> (Entry, usize) {
    match in_table(t, bytes, i, x) {
        Some(found) => found,
        None => entry_beyond(bytes, i),
    }
}

/// The entry and length of a character of two or three bytes led by `x`, when the table has it.
#[inline(always)]
fn in_table(t: &Table, bytes: &[u8], i: usize, x: u8) -> Option<(Entry, usize)> {
    let cont = |b: u8| usize::from(b & 0x3F);
    match bytes[i..] {
        [_, b1, ..] if x < 0xE0 => Some((t[(usize::from(x & 0x1F) << 6) | cont(b1)], 2)),
        // The Vietnamese letters of U+1EA0..U+1EF9, among U+1E80..U+1EFF.
        [0xE1, b1 @ (0xBA | 0xBB), b2, ..] => {
            Some((t[0x1E80 | (usize::from(b1 & 1) << 6) | cont(b2)], 3))
        }
        [_, b1, b2, ..] if x < 0xF0 => {
            let cp = (usize::from(x & 0x0F) << 12) | (cont(b1) << 6) | cont(b2);
            t.get(cp).map(|&e| (e, 3))
        }
        _ => None,
    }
}

/// The entry and length of a character the table does not have.
#[cold]
#[inline(never)]
fn entry_beyond(bytes: &[u8], i: usize) -> (Entry, usize) {
    let len = match bytes.get(i) {
        Some(0xF0..) => 4,
        Some(0xE0..) => 3,
        Some(0xC0..) => 2,
        _ => 1,
    };
    let c = bytes
        .get(i..i + len)
        .and_then(|b| std::str::from_utf8(b).ok())
        .and_then(|c| c.chars().next());
    match c {
        Some(c) => (entry_of(c), len),
        // Not at a character boundary of valid UTF-8: cannot happen.
        None => (of_kind(Kind::Other), 1),
    }
}

/// The case of a word's letters, rescanned when it matters: whether an uppercase letter follows
/// a lowercase one (words glued together: "NẵngHoà"), and whether the last two letters are
/// lowercase. Marks and invisible characters in the word are skipped.
#[inline(never)]
fn word_case(t: &Table, bytes: &[u8], start: usize, end: usize) -> (bool, bool) {
    let mut camel = false;
    let (mut before_last, mut last) = (false, false);
    let mut i = start;
    while i < end {
        let (e, len) = entry_at(t, bytes, i);
        if e & LETTER != 0 {
            camel |= last && e & UPPER != 0;
            before_last = last;
            last = e & LOWER != 0;
        }
        i += len;
    }
    (camel, before_last && last)
}

/// The vowels and toned vowels of a word too long for the counters of the sum.
#[cold]
fn recount(t: &Table, bytes: &[u8], start: usize, end: usize) -> (u32, u8) {
    let (mut vowels, mut tones) = (0u32, 0u8);
    let mut i = start;
    while i < end {
        let (e, len) = entry_at(t, bytes, i);
        vowels = vowels.saturating_add((e & VOWEL) as u32);
        tones = tones.wrapping_add(u8::from(e & TONED != 0));
        i += len;
    }
    (vowels, tones)
}

struct Normalizer<'a> {
    rw: Rewriter<'a>,
    counts: Counts,
    buf: String,
}

impl Normalizer<'_> {
    fn run(&mut self, s: &str) {
        let t: &Table = &TABLE;
        let bytes = s.as_bytes();
        let n = bytes.len();
        // The end of the last space kept: the next character follows a space when it starts
        // there (removed characters move it on).
        let mut space_end = usize::MAX;
        let mut i = 0;
        while i < n {
            let (e, len) = entry_at(t, bytes, i);
            if e & LETTER == 0 {
                if e == SPACE {
                    if space_end == i {
                        self.counts.spaces += 1;
                        self.rw.replace(i, i + 1, "");
                    }
                    i += 1;
                    space_end = i;
                } else if kind(e) == Kind::Other {
                    i += len;
                } else {
                    i = self.other(s, t, i, e, len, &mut space_end, None);
                }
                continue;
            }
            let start = i;
            // An uppercase first letter follows no lowercase one.
            let mut flags = e & !UPPER;
            let mut sum = e;
            i += len;
            // The character after the word (length 0 at the end of the text).
            let (e, len) = 'word: loop {
                // ASCII letters, the bulk of the text, and the letters of the table: no calls.
                let (e, len) = loop {
                    let Some(&x) = bytes.get(i) else {
                        break 'word (0, 0);
                    };
                    if x < 0x80 {
                        let e = ASCII[usize::from(x)];
                        if e & LETTER == 0 {
                            break 'word (e, 1);
                        }
                        flags |= e;
                        sum = sum.wrapping_add(e);
                        i += 1;
                        continue;
                    }
                    let Some((e, len)) = in_table(t, bytes, i, x) else {
                        break entry_beyond(bytes, i);
                    };
                    if e & (LETTER | IN_WORD) == 0 {
                        break 'word (e, len);
                    }
                    flags |= e;
                    sum = sum.wrapping_add(e);
                    i += len;
                };
                if e & (LETTER | IN_WORD) == 0 {
                    break (e, len);
                }
                flags |= e;
                sum = sum.wrapping_add(e);
                i += len;
            };
            // Nothing to do for most words: no marks, and no tone mark that may sit on the
            // wrong vowel (one at least, two vowels at least, and either case changes within
            // or a toned vowel that may not be the one to carry it).
            let (vowels, tones) = counts_of(sum);
            if flags & DIRTY != 0
                || i - start >= COUNTED
                || (flags & (UPPER | PLAIN | U_HORN) != 0 && tones != 0 && vowels >= 2)
            {
                self.end_word(t, s, start, i, flags, sum);
            }
            // The usual case: one space between words.
            if e == SPACE {
                i += 1;
                space_end = i;
            } else if kind(e) == Kind::Other {
                i += len;
            } else {
                i = self.other(s, t, i, e, len, &mut space_end, Some(start));
            }
        }
    }

    /// Decides from the word's flags and counts whether it needs a change, and makes it.
    #[inline(always)]
    fn end_word(&mut self, t: &Table, s: &str, start: usize, end: usize, flags: Entry, sum: Entry) {
        if flags & DIRTY != 0 {
            self.fix_dirty_word(s, start, end);
            return;
        }
        let (vowels, tones) = if end - start < COUNTED {
            counts_of(sum)
        } else {
            recount(t, s.as_bytes(), start, end)
        };
        if tones == 0 || vowels < 2 {
            return;
        }
        if flags & UPPER != 0 && word_case(t, s.as_bytes(), start, end).0 {
            self.place_tones_glued(s, start, end);
            return;
        }
        if tones != 1 {
            return;
        }
        // Quick accept: a tone on ơ, or on another vowel with a quality mark when no ơ follows.
        // With one toned vowel, the flags say what it is. (A word with 257 toned vowels, one
        // modulo 256 as the scan has always counted, is no syllable: nothing moves in it.)
        if flags & PLAIN == 0 && (flags & U_HORN == 0 || flags & O_HORN == 0) {
            return;
        }
        self.place_tone(s, start, end);
    }

    /// A character that is neither a letter nor a plain space, at `i`, with its entry and
    /// length, following the word that starts at `word` if any. Returns where the scan goes
    /// on.
    #[inline(never)]
    #[allow(clippy::too_many_arguments)]
    fn other(
        &mut self,
        s: &str,
        t: &Table,
        i: usize,
        e: Entry,
        len: usize,
        space_end: &mut usize,
        word: Option<usize>,
    ) -> usize {
        let bytes = s.as_bytes();
        match kind(e) {
            Kind::Other => {}
            Kind::Space | Kind::WideSpace => {
                if *space_end == i {
                    self.counts.spaces += 1;
                    self.rw.replace(i, i + len, "");
                } else if kind(e) == Kind::WideSpace {
                    self.counts.spaces += 1;
                    self.rw.replace(i, i + len, " ");
                }
                *space_end = i + len;
            }
            Kind::Stop => {
                if let Some(start) = word
                    && may_glue(bytes, i + 1)
                    && glued_after(&s[i + 1..])
                    && word_case(t, bytes, start, i).1
                {
                    self.counts.glued += 1;
                    self.rw.replace(i + 1, i + 1, " ");
                }
            }
            Kind::Cr => {
                self.counts.newlines += 1;
                let end = if bytes.get(i + 1) == Some(&b'\n') {
                    i + 2
                } else {
                    i + 1
                };
                self.rw.replace(i, end, "\n");
                return end;
            }
            // Removed characters leave the state as it was (a space stays the last output).
            Kind::Mark | Kind::Invisible => {
                if kind(e) == Kind::Mark {
                    self.counts.stray_marks += 1;
                } else {
                    self.counts.invisible += 1;
                }
                self.rw.replace(i, i + len, "");
                if *space_end == i {
                    *space_end = i + len;
                }
            }
            Kind::ForeignMark => return self.foreign_marks(s, i),
            Kind::Dash => {
                self.counts.dashes += 1;
                self.rw.replace(i, i + len, "-");
            }
            Kind::DoubleQuote => {
                self.counts.quotes += 1;
                self.rw.replace(i, i + len, "\"");
            }
            Kind::SingleQuote => {
                self.counts.quotes += 1;
                self.rw.replace(i, i + len, "'");
            }
            Kind::LineSep => {
                self.counts.newlines += 1;
                self.rw.replace(i, i + len, "\n");
            }
            Kind::NfcOther => self.nfc_other(s, i, len),
        }
        i + len
    }

    /// A word with marks, invisible characters or letters that may not be in NFC.
    #[inline(never)]
    fn fix_dirty_word(&mut self, s: &str, start: usize, end: usize) {
        let text = &s[start..end];
        self.buf.clear();
        let (nfc, tone, stray, invisible) = fix_word(text, &mut self.buf);
        if self.buf != text {
            self.counts.nfc += nfc as usize;
            self.counts.tone += tone as usize;
            self.counts.stray_marks += stray;
            self.counts.invisible += invisible;
            self.replace_with_buf(start, end);
        }
    }

    /// Words glued together ("NẵngHoà"), each placed.
    #[inline(never)]
    fn place_tones_glued(&mut self, s: &str, start: usize, end: usize) {
        self.buf.clear();
        let moved = place_tones_segmented(&s[start..end], &mut self.buf);
        if moved > 0 {
            self.counts.tone += moved;
            self.replace_with_buf(start, end);
        }
    }

    /// One syllable whose tone may be misplaced.
    #[inline(never)]
    fn place_tone(&mut self, s: &str, start: usize, end: usize) {
        self.buf.clear();
        if tone::place_tone(&s[start..end], &mut self.buf) {
            self.counts.tone += 1;
            self.replace_with_buf(start, end);
        }
    }

    fn replace_with_buf(&mut self, start: usize, end: usize) {
        let buf = std::mem::take(&mut self.buf);
        self.rw.replace(start, end, &buf);
        self.buf = buf;
    }

    /// Combining marks of other scripts that follow no letter: put in canonical order. Returns
    /// the end of the run of marks.
    #[inline(never)]
    fn foreign_marks(&mut self, s: &str, i: usize) -> usize {
        let run_end = s[i..]
            .char_indices()
            .find(|&(_, d)| canonical_combining_class(d) == 0)
            .map_or(s.len(), |(k, _)| i + k);
        let run = &s[i..run_end];
        let nfc: String = run.nfc().collect();
        if nfc != run {
            self.counts.nfc += 1;
            self.rw.replace(i, run_end, &nfc);
        }
        run_end
    }

    /// A character outside words that may not be in NFC.
    #[inline(never)]
    fn nfc_other(&mut self, s: &str, i: usize, len: usize) {
        let Some(c) = s[i..].chars().next() else {
            return;
        };
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
}

/// False when what follows the full stop at `i - 1` cannot start a capitalised word (see
/// [`glued_after`]): most often a space, a line end or a digit.
#[inline]
fn may_glue(bytes: &[u8], i: usize) -> bool {
    bytes
        .get(i)
        .is_some_and(|&b| b >= 0x80 || b.is_ascii_uppercase())
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

/// The scan as it was before the per-character table and the word flags, kept as the reference
/// that the tests compare the scan with.
#[cfg(test)]
mod reference {
    use super::*;

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
                        // As an optimised build counts: modulo 256.
                        w.tones = w.tones.wrapping_add(1);
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

    /// The scan gives what the reference scan gives: text, borrowed or not, map and counts.
    fn check_same(s: &str) -> Result<(), String> {
        let new = normalize(s);
        let old = reference::normalize(s);
        let borrowed = |r: &Normalized| matches!(r.text, Cow::Borrowed(_));
        if new.text != old.text
            || borrowed(&new) != borrowed(&old)
            || new.map != old.map
            || new.counts != old.counts
        {
            return Err(format!("{s:?}:\n  new {new:?}\n  old {old:?}"));
        }
        Ok(())
    }

    fn assert_same(s: &str) {
        if let Err(e) = check_same(s) {
            panic!("{e}");
        }
    }

    #[test]
    fn same_as_reference_on_samples() {
        for s in [
            "",
            "a",
            "hoà",
            "Đà NẵngHoà 0-0",
            "HOÀ thuỶ",
            "vòng loạI",
            "làm xong.Sau đó",
            "xong\u{200b}.Sau",
            "xong\u{301}.Sau",
            "aB.Cd",
            "ab.\u{301}Cd",
            "TP.HCM",
            "a\u{a0}\u{a0}hoà b",
            "\u{301}\u{5b4}\u{591}a",
            "a\u{591}\u{5b4}",
            " \u{591}\u{5b4}\u{301}x",
            "\u{37e}\u{387}\u{1fee}\u{2329}",
            "\u{2126}hm \u{958}\u{93c}",
            "ǅungla ǈ ªb",
            "\u{1100}\u{1161}\u{11a8}",
            "uơ ươ\u{301} ư\u{301}ơ",
            "𝐀b 😀\u{1d165}\u{1d16e}",
        ] {
            assert_same(s);
        }
        let many_tones = "á".repeat(300);
        assert_same(&many_tones);
        assert_same(&format!("b{many_tones}"));
        // 257 toned vowels, one modulo 256, the last on ơ or on ư before an ơ.
        assert_same(&format!("{}ờ", "á".repeat(256)));
        assert_same(&format!("ơ{}ừa", "á".repeat(256)));
        assert_same(&format!("{}à", "ờ".repeat(256)));
    }

    /// A word long enough for its vowels to overflow their counter into that of the toned
    /// vowels, which wraps at 256 tones: counted again, it is left alone as it always was.
    #[test]
    fn same_as_reference_on_a_word_past_the_counters() {
        let word = "a".repeat(COUNTED - 255) + &"á".repeat(255) + "Hoà";
        assert_same(&word);
        assert_eq!(normalize(&word).counts.total(), 0);
    }

    /// Every character up to U+3100 alone and in a few places of a word and a sentence.
    #[test]
    fn same_as_reference_for_each_character() {
        for cp in 0..0x3100u32 {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            for s in [
                format!("{c}"),
                format!("ho{c}a  x"),
                format!("hoà{c}.Sau"),
                format!("Xong.{c}a {c}{c}"),
                format!("aB{c}à\u{301}"),
            ] {
                assert_same(&s);
            }
        }
    }

    /// The article texts of the repository, as they are and made noisy.
    #[test]
    fn same_as_reference_on_the_corpus() {
        for text in crate::test_util::sample_articles() {
            let nfd: String = text.nfd().collect();
            let old = text
                .replace("hòa", "hoà")
                .replace("ủy", "uỷ")
                .replace("thủy", "thuỷ")
                .replace("óa", "oá");
            for s in [
                text.clone(),
                nfd,
                old,
                text.to_uppercase(),
                text.replace(' ', "\u{a0}").replace('\n', "\r\n"),
                text.replace(". ", ".").replace(' ', ""),
            ] {
                assert_same(&s);
            }
        }
    }

    use proptest::prelude::*;

    /// Pieces of what the normalizer meets, glued in any order: Vietnamese words in both tone
    /// styles and all cases, decomposed and stray marks, marks of other scripts, letters that
    /// are not NFC, odd spaces, dashes, quotes, line ends, full stops, invisible characters.
    fn pieces() -> impl Strategy<Value = String> {
        let piece = prop::sample::select(vec![
            "hoà",
            "hòa",
            "Hoà",
            "HOÀ",
            "thuỷ",
            "thủy",
            "uỷ",
            "Uỷ",
            "quý",
            "quỹ",
            "giữ",
            "gìa",
            "Nguyễn",
            "người",
            "NGƯỜI",
            "của",
            "quả",
            "giải",
            "hoạt",
            "toàn",
            "khoẻ",
            "ngòai",
            "khủyu",
            "thuở",
            "uơ",
            "ươ",
            "ưở",
            "đ",
            "Đ",
            "ĐÀ",
            "Nẵng",
            "NẵngHoà",
            "loạI",
            "TP",
            "HCM",
            "vnexpress",
            "xong",
            "Sau",
            "đó",
            "a",
            "e",
            "o",
            "u",
            "y",
            "ư",
            "ơ",
            "Ơ",
            "Ư",
            "ờ",
            "ứ",
            "B",
            "b",
            "\u{300}",
            "\u{301}",
            "\u{303}",
            "\u{309}",
            "\u{323}",
            "\u{302}",
            "\u{306}",
            "\u{31B}",
            "\u{340}",
            "\u{341}",
            "\u{344}",
            "\u{34F}",
            "\u{36F}",
            "\u{591}",
            "\u{5B4}",
            "\u{64B}",
            "\u{93C}",
            "\u{E48}",
            "\u{1DC0}",
            "\u{20D0}",
            "\u{FE20}",
            "\u{1D165}",
            "\u{958}",
            "\u{2126}",
            "\u{212B}",
            "\u{F900}",
            "\u{1F71}",
            "\u{374}",
            "\u{37E}",
            "\u{387}",
            "\u{1FEF}",
            "\u{1FEE}",
            "\u{2329}",
            "\u{1100}",
            "\u{1161}",
            "\u{11A8}",
            "가",
            "Ω",
            "ß",
            "ǅ",
            "ª",
            "ﬁ",
            "ĳ",
            "и",
            "Ж",
            "中",
            "ー",
            "😀",
            "𝐀",
            "\u{10400}",
            "\u{1E9E}",
            "\u{1EFA}",
            "\u{A0}",
            "\u{2000}",
            "\u{2009}",
            "\u{3000}",
            "\u{1680}",
            "\u{202F}",
            "\u{205F}",
            " ",
            "  ",
            "\t",
            "\u{200B}",
            "\u{200D}",
            "\u{FEFF}",
            "\u{AD}",
            "\u{180E}",
            "\u{2060}",
            "-",
            "–",
            "—",
            "\u{2212}",
            "\u{FE58}",
            "\u{FF0D}",
            "\u{2010}",
            "\"",
            "“",
            "”",
            "„",
            "«",
            "»",
            "\u{FF02}",
            "\u{2033}",
            "'",
            "‘",
            "’",
            "‚",
            "\u{FF07}",
            "\u{2032}",
            "\u{2028}",
            "\u{2029}",
            "\u{85}",
            "\r\n",
            "\r",
            "\n",
            ".",
            "!",
            "?",
            ",",
            "1",
            "2017",
            "&amp;",
            "Ã¡",
            "á»¯",
        ]);
        prop::collection::vec(piece, 0..48).prop_map(|v| v.concat())
    }

    proptest! {
        #[test]
        fn same_as_reference_on_glued_pieces(s in pieces()) {
            check_same(&s).map_err(TestCaseError::fail)?;
            let nfd: String = s.nfd().collect();
            check_same(&nfd).map_err(TestCaseError::fail)?;
        }

        #[test]
        fn same_as_reference_on_any_string(s in any::<String>()) {
            check_same(&s).map_err(TestCaseError::fail)?;
        }

        #[test]
        fn same_as_reference_on_latin_and_punctuation(
            s in "[ -~\u{a0}-\u{24f}\u{300}-\u{36f}\u{1ea0}-\u{1ef9}\u{2000}-\u{206f}]{0,60}"
        ) {
            check_same(&s).map_err(TestCaseError::fail)?;
        }
    }
}
