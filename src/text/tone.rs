//! Vietnamese letters, syllable structure and tone-mark placement.
//!
//! A Vietnamese syllable is (initial consonant) + vowel nucleus + (final consonant), with one
//! tone mark on one vowel of the nucleus. Two placement styles exist for open syllables with
//! two vowels ("hoà"/"hòa", "thuỷ"/"thủy"); this module places the mark in the style used by
//! the provincial press and dictionaries ("hòa", "thủy", "ủy"), derived from the structure:
//!
//! 1. a vowel with a quality mark carries the tone (`ơ` when both `ư` and `ơ` are present);
//! 2. otherwise a single vowel carries it;
//! 3. otherwise, with a final consonant, the last vowel ("hoàng", "huỳnh");
//! 4. otherwise, three vowels: the middle one ("ngoài", "khuỷu");
//! 5. otherwise, two vowels: the first one ("hòa", "thủy", "mía").
//!
//! `qu` and `gi` before a vowel are initials, so "quý", "quỹ", "giữ", "già" keep their marks.

use std::sync::LazyLock;

/// Tone marks in their combining form, indexed by tone number (0 = level tone, no mark):
/// 1 grave (huyền), 2 acute (sắc), 3 hook above (hỏi), 4 tilde (ngã), 5 dot below (nặng).
pub const TONE_MARKS: [char; 6] = ['\0', '\u{300}', '\u{301}', '\u{309}', '\u{303}', '\u{323}'];

/// The vowel letters with their quality marks, lowercase then uppercase.
const VOWELS: &str = "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY";

/// Tone number of a combining mark, if it is one of the five Vietnamese tone marks.
pub fn tone_of_mark(c: char) -> Option<u8> {
    match c {
        '\u{300}' | '\u{340}' => Some(1),
        '\u{301}' | '\u{341}' => Some(2),
        '\u{309}' => Some(3),
        '\u{303}' => Some(4),
        '\u{323}' => Some(5),
        _ => None,
    }
}

struct Tables {
    /// Precomposed letter -> (letter without tone, tone), for U+00C0..U+01B0.
    low: Vec<u32>,
    /// The same for U+1EA0..U+1EF9.
    high: Vec<u32>,
    /// (vowel index in VOWELS, tone) -> precomposed letter.
    compose: Vec<[char; 6]>,
}

const LOW_START: u32 = 0xC0;
const LOW_END: u32 = 0x1B1;
const HIGH_START: u32 = 0x1EA0;
const HIGH_END: u32 = 0x1EFA;

static TABLES: LazyLock<Tables> = LazyLock::new(|| {
    use unicode_normalization::UnicodeNormalization;
    let mut low = vec![0u32; (LOW_END - LOW_START) as usize];
    let mut high = vec![0u32; (HIGH_END - HIGH_START) as usize];
    let mut compose = Vec::new();
    for base in VOWELS.chars() {
        let mut row = [base; 6];
        for (tone, mark) in TONE_MARKS.iter().enumerate().skip(1) {
            let s: String = [base, *mark].iter().collect::<String>().nfc().collect();
            let mut it = s.chars();
            let (Some(c), None) = (it.next(), it.next()) else {
                continue;
            };
            row[tone] = c;
            let packed = (base as u32) << 3 | tone as u32;
            let cp = c as u32;
            if (LOW_START..LOW_END).contains(&cp) {
                low[(cp - LOW_START) as usize] = packed;
            } else if (HIGH_START..HIGH_END).contains(&cp) {
                high[(cp - HIGH_START) as usize] = packed;
            }
        }
        // The toneless letters with quality marks map to themselves with tone 0.
        let cp = base as u32;
        if (LOW_START..LOW_END).contains(&cp) {
            low[(cp - LOW_START) as usize] = (base as u32) << 3;
        }
        compose.push(row);
    }
    Tables { low, high, compose }
});

/// Splits a vowel letter into the letter without its tone mark and the tone number
/// ("ế" -> ('ê', 2), "a" -> ('a', 0)). `None` for anything that is not a Vietnamese vowel.
#[inline]
pub fn split_vowel(c: char) -> Option<(char, u8)> {
    let cp = c as u32;
    if cp < 0x80 {
        return is_ascii_vowel(c as u8).then_some((c, 0));
    }
    let packed = if (LOW_START..LOW_END).contains(&cp) {
        TABLES.low[(cp - LOW_START) as usize]
    } else if (HIGH_START..HIGH_END).contains(&cp) {
        TABLES.high[(cp - HIGH_START) as usize]
    } else {
        return None;
    };
    if packed == 0 {
        return None;
    }
    char::from_u32(packed >> 3).map(|b| (b, (packed & 7) as u8))
}

/// The precomposed letter for a vowel without tone and a tone number ('ơ', 3 -> 'ở').
pub fn join_vowel(base: char, tone: u8) -> Option<char> {
    let i = VOWELS.chars().position(|v| v == base)?;
    TABLES.compose.get(i).map(|row| row[tone as usize % 6])
}

#[inline]
fn is_ascii_vowel(b: u8) -> bool {
    matches!(
        b,
        b'a' | b'e' | b'i' | b'o' | b'u' | b'y' | b'A' | b'E' | b'I' | b'O' | b'U' | b'Y'
    )
}

/// True for Vietnamese letters (vowels in any tone, `đ`, and the ASCII consonants used).
#[inline]
pub fn is_vietnamese_letter(c: char) -> bool {
    c.is_ascii_alphabetic() || c == 'đ' || c == 'Đ' || split_vowel(c).is_some()
}

fn lower_base(c: char) -> char {
    match c {
        'Ă' => 'ă',
        'Â' => 'â',
        'Ê' => 'ê',
        'Ô' => 'ô',
        'Ơ' => 'ơ',
        'Ư' => 'ư',
        'Đ' => 'đ',
        _ => c.to_ascii_lowercase(),
    }
}

const INITIALS: [&str; 27] = [
    "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr", "b", "c", "d", "đ", "g",
    "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x",
];
const FINALS: [&str; 9] = ["", "c", "ch", "m", "n", "ng", "nh", "p", "t"];
const NUCLEI: [&str; 53] = [
    "a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "ai", "ao", "au", "ay", "âu", "ây",
    "eo", "êu", "ia", "iê", "iu", "oa", "oă", "oe", "oi", "ôi", "ơi", "oo", "ua", "uâ", "uê", "ui",
    "uô", "uơ", "uy", "ưa", "ưi", "ươ", "ưu", "yê", "iêu", "oai", "oay", "oeo", "uây", "uôi",
    "uya", "uyê", "uyu", "ươi", "ươu",
];
const NUCLEI3_EXTRA: [&str; 1] = ["yêu"];

fn is_vowel_base(c: char) -> bool {
    matches!(
        c,
        'a' | 'ă' | 'â' | 'e' | 'ê' | 'i' | 'o' | 'ô' | 'ơ' | 'u' | 'ư' | 'y'
    )
}

fn is_nucleus(n: &[char]) -> bool {
    let mut buf = [0u8; 16];
    let mut len = 0;
    for &c in n {
        let s = c.encode_utf8(&mut buf[len..]);
        len += s.len();
    }
    let s = &buf[..len];
    NUCLEI
        .iter()
        .chain(&NUCLEI3_EXTRA)
        .any(|nu| nu.as_bytes() == s)
}

/// The structure of a syllable: lengths of its initial, nucleus and final, in letters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Syllable {
    /// Letters of the initial consonant (including the `u` of `qu` and the `i` of `gi`).
    pub initial: usize,
    /// Letters of the vowel nucleus.
    pub nucleus: usize,
    /// Letters of the final consonant.
    pub fin: usize,
}

/// Parses lowercase toneless letters as a Vietnamese syllable.
pub fn parse(letters: &[char]) -> Option<Syllable> {
    if letters.is_empty() || letters.len() > 7 {
        return None;
    }
    let starts_with = |p: &str| {
        let mut it = letters.iter();
        p.chars().all(|c| it.next() == Some(&c))
    };
    let mut initial = 0;
    for ini in INITIALS {
        if starts_with(ini) {
            initial = ini.chars().count();
            break;
        }
    }
    // "gi" + consonant or end: the i is the vowel ("gì", "gìn").
    if initial == 2
        && letters[0] == 'g'
        && letters[1] == 'i'
        && !letters.get(2).is_some_and(|&c| is_vowel_base(c))
    {
        initial = 1;
    }
    if initial == 2 && letters[0] == 'q' && !letters.get(2).is_some_and(|&c| is_vowel_base(c)) {
        return None;
    }
    let rest = &letters[initial..];
    let nucleus = rest.iter().take_while(|&&c| is_vowel_base(c)).count();
    if nucleus == 0 || nucleus > 3 || !is_nucleus(&rest[..nucleus]) {
        return None;
    }
    let fin_letters = &rest[nucleus..];
    let fin_ok = FINALS.iter().any(|f| {
        f.chars().count() == fin_letters.len() && f.chars().zip(fin_letters).all(|(a, &b)| a == b)
    });
    if !fin_ok {
        return None;
    }
    Some(Syllable {
        initial,
        nucleus,
        fin: fin_letters.len(),
    })
}

/// Index (into `letters`) of the vowel that carries the tone mark in the canonical style.
pub fn tone_index(letters: &[char], syl: Syllable) -> usize {
    let nuc = &letters[syl.initial..syl.initial + syl.nucleus];
    let at = |i: usize| syl.initial + i;
    if let Some(i) = nuc.iter().position(|&c| c == 'ơ') {
        return at(i);
    }
    if let Some(i) = nuc
        .iter()
        .rposition(|&c| matches!(c, 'ă' | 'â' | 'ê' | 'ô' | 'ư'))
    {
        return at(i);
    }
    match (syl.nucleus, syl.fin) {
        (1, _) => at(0),
        (n, f) if f > 0 => at(n - 1),
        (3, _) => at(1),
        _ => at(0),
    }
}

/// What a word looks like as a syllable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// Not a Vietnamese syllable (foreign word, abbreviation, number, two tone marks, ...).
    NotSyllable,
    /// A syllable with its tone mark where the canonical style puts it (or without mark).
    Canonical,
    /// A syllable whose tone mark sits on another vowel of the nucleus.
    Misplaced,
}

/// Letters of a word split for analysis: lowercase toneless letters, and the tone.
struct Split {
    letters: [char; 8],
    len: usize,
    tone: u8,
    tone_at: usize,
    tones: usize,
}

fn split_word(word: &str) -> Option<Split> {
    let mut s = Split {
        letters: ['\0'; 8],
        len: 0,
        tone: 0,
        tone_at: 0,
        tones: 0,
    };
    for c in word.chars() {
        if s.len == 8 {
            return None;
        }
        let (base, tone) = match split_vowel(c) {
            Some(x) => x,
            None if c.is_ascii_alphabetic() || c == 'đ' || c == 'Đ' => (c, 0),
            None => return None,
        };
        if tone != 0 {
            s.tones += 1;
            s.tone = tone;
            s.tone_at = s.len;
        }
        s.letters[s.len] = lower_base(base);
        s.len += 1;
    }
    Some(s)
}

/// Checks a word (NFC, letters only) as a Vietnamese syllable.
pub fn check(word: &str) -> Check {
    let Some(s) = split_word(word) else {
        return Check::NotSyllable;
    };
    if s.tones > 1 {
        return Check::NotSyllable;
    }
    let letters = &s.letters[..s.len];
    let Some(syl) = parse(letters) else {
        return Check::NotSyllable;
    };
    // Syllables closed by a stop (c, ch, p, t) take only the acute or dot-below tone.
    let fin = &letters[s.len - syl.fin..];
    let stop = matches!(fin, ['c'] | ['c', 'h'] | ['p'] | ['t']);
    if stop && !matches!(s.tone, 0 | 2 | 5) {
        return Check::NotSyllable;
    }
    if s.tone == 0 || tone_index(letters, syl) == s.tone_at {
        Check::Canonical
    } else {
        Check::Misplaced
    }
}

/// True when `word` is a Vietnamese syllable that carries at least one non-ASCII letter
/// (what the decoder counts when it scores candidate encodings).
pub fn is_marked_syllable(word: &str) -> bool {
    !word.is_ascii() && check(word) != Check::NotSyllable
}

/// Moves the tone mark of a syllable to its canonical vowel. Appends the result to `out` and
/// returns true when the word changed; appends nothing and returns false otherwise.
///
/// Words recur (a few thousand syllables make most of any text), so the answers are kept per
/// thread; the cache starts over when it reaches [`CACHE_WORDS`]. Short words already in place,
/// most of what is asked, are found first in a direct-mapped table of their bytes.
pub fn place_tone(word: &str, out: &mut String) -> bool {
    use std::cell::RefCell;
    thread_local! {
        static KEPT: RefCell<Vec<u128>> = const { RefCell::new(Vec::new()) };
    }
    // Most words asked about are already canonical, and short: a direct-mapped table of those
    // answers them without hashing a string.
    if let Some(key) = kept_key(word) {
        let slot = kept_slot(key);
        let kept = KEPT.with(|k| k.borrow().get(slot) == Some(&key));
        if kept {
            return false;
        }
        let changed = place_tone_cached(word, out);
        if !changed {
            KEPT.with(|k| {
                let mut k = k.borrow_mut();
                if k.is_empty() {
                    k.resize(KEPT_SLOTS, 0);
                }
                k[slot] = key;
            });
        }
        return changed;
    }
    place_tone_cached(word, out)
}

/// Slots of the table of canonical words kept by [`place_tone`] (16 bytes each).
const KEPT_SLOTS: usize = 4096;

/// A word of at most 15 bytes as a number: its bytes, then its length in the last byte (never 0,
/// the empty slot).
fn kept_key(word: &str) -> Option<u128> {
    let b = word.as_bytes();
    if b.is_empty() || b.len() > 15 {
        return None;
    }
    let mut key = [0u8; 16];
    key[..b.len()].copy_from_slice(b);
    key[15] = b.len() as u8;
    Some(u128::from_le_bytes(key))
}

fn kept_slot(key: u128) -> usize {
    let h =
        ((key as u64) ^ ((key >> 64) as u64).rotate_left(29)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (h >> 52) as usize % KEPT_SLOTS
}

/// [`place_tone`] through the per-thread map of answers.
fn place_tone_cached(word: &str, out: &mut String) -> bool {
    use std::cell::RefCell;
    use std::collections::HashMap;
    thread_local! {
        static CACHE: RefCell<HashMap<Box<str>, Option<Box<str>>>> = RefCell::new(HashMap::new());
    }
    if word.len() > 32 {
        return place_tone_uncached(word, out);
    }
    CACHE.with(|cache| {
        let mut cache = cache.borrow_mut();
        if let Some(known) = cache.get(word) {
            if let Some(fixed) = known {
                out.push_str(fixed);
            }
            return known.is_some();
        }
        let mut fixed = String::new();
        let changed = place_tone_uncached(word, &mut fixed);
        if cache.len() >= CACHE_WORDS {
            cache.clear();
        }
        out.push_str(&fixed);
        cache.insert(word.into(), changed.then(|| fixed.into_boxed_str()));
        changed
    })
}

/// Most words [`place_tone`] remembers per thread.
pub const CACHE_WORDS: usize = 50_000;

fn place_tone_uncached(word: &str, out: &mut String) -> bool {
    let Some(s) = split_word(word) else {
        return false;
    };
    if s.tones != 1 {
        return false;
    }
    let letters = &s.letters[..s.len];
    let Some(syl) = parse(letters) else {
        return false;
    };
    let want = tone_index(letters, syl);
    if want == s.tone_at {
        return false;
    }
    for (i, c) in word.chars().enumerate() {
        let c2 = if i == s.tone_at || i == want {
            match split_vowel(c) {
                Some((base, _)) => {
                    let tone = if i == want { s.tone } else { 0 };
                    join_vowel(base, tone).unwrap_or(c)
                }
                None => c,
            }
        } else {
            c
        };
        out.push(c2);
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fix(w: &str) -> String {
        let mut s = String::new();
        if place_tone(w, &mut s) {
            s
        } else {
            w.to_string()
        }
    }

    #[test]
    fn the_cache_gives_what_the_rules_give() {
        let words = [
            "hòa", "Hòa", "HÒA", "hoà", "thủy", "thuỷ", "của", "quả", "giải", "hoạt", "khỏe",
            "người", "tuổi", "xyz", "gìn", "hóa", "Thúy", "ùa", "óa",
        ];
        // Words that differ only by a trailing byte, and words of 15 to 17 bytes around the
        // longest kept in the table of canonical words.
        let edges = [
            "hoà\0",
            "hòa\0",
            "ngoàiiiiiiiiii",
            "ngoàiiiiiiiiiii",
            "ngoaiiiiiiiiiìi",
            "ngoàiiiiiiiiiiii",
        ];
        for _ in 0..3 {
            for w in words.into_iter().chain(edges) {
                let (mut a, mut b) = (String::new(), String::new());
                assert_eq!(place_tone(w, &mut a), place_tone_uncached(w, &mut b), "{w}");
                assert_eq!(a, b, "{w}");
            }
        }
    }

    #[test]
    fn splits_and_joins_letters() {
        assert_eq!(split_vowel('ế'), Some(('ê', 2)));
        assert_eq!(split_vowel('Ở'), Some(('Ơ', 3)));
        assert_eq!(split_vowel('a'), Some(('a', 0)));
        assert_eq!(split_vowel('ư'), Some(('ư', 0)));
        assert_eq!(split_vowel('b'), None);
        assert_eq!(join_vowel('ơ', 3), Some('ở'));
        assert_eq!(join_vowel('Y', 4), Some('Ỹ'));
    }

    #[test]
    fn moves_old_style_marks() {
        assert_eq!(fix("hoà"), "hòa");
        assert_eq!(fix("uỷ"), "ủy");
        assert_eq!(fix("thuỷ"), "thủy");
        assert_eq!(fix("Hoà"), "Hòa");
        assert_eq!(fix("HOÀ"), "HÒA");
        assert_eq!(fix("khoẻ"), "khỏe");
        assert_eq!(fix("gìa"), "già");
        assert_eq!(fix("hoàng"), "hoàng");
        assert_eq!(fix("hòang"), "hoàng");
        assert_eq!(fix("ngòai"), "ngoài");
        assert_eq!(fix("khủyu"), "khuỷu");
    }

    #[test]
    fn leaves_qu_and_gi_alone() {
        for w in [
            "quý",
            "quỹ",
            "giữ",
            "già",
            "quả",
            "giường",
            "quyết",
            "gì",
            "gìn",
        ] {
            assert_eq!(fix(w), w, "{w}");
            assert_eq!(check(w), Check::Canonical, "{w}");
        }
    }

    #[test]
    fn canonical_words_are_untouched() {
        for w in [
            "người", "Việt", "Nguyễn", "thủy", "hòa", "khuỷu", "tuổi", "cứu", "mía", "thuở",
        ] {
            assert_eq!(check(w), Check::Canonical, "{w}");
        }
    }

    #[test]
    fn rejects_non_syllables() {
        for w in ["xyz", "Vieät", "TCVN", "hoàà", "stress", "táng", "tàc"] {
            let c = check(w);
            if w == "táng" {
                assert_eq!(c, Check::Canonical);
            } else {
                assert_eq!(c, Check::NotSyllable, "{w}");
            }
        }
    }
}
