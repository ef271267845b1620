//! Repairs of decoding accidents in text that is already Unicode: UTF-8 that was once read as
//! Windows-1252/Latin-1 and saved again ("Nhá»¯ng" -> "Những"), and HTML character references
//! left in plain text ("&amp;", "&#7901;"), decoded by known name only ("Sở TN&MT;" stays).

use super::offsets::{OffsetMap, Rewriter};
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::LazyLock;

/// Byte value of a character when text was decoded as Windows-1252 (or Latin-1 for the five
/// bytes Windows-1252 leaves undefined): the inverse of that decoding.
fn cp1252_byte(c: char) -> Option<u8> {
    let cp = c as u32;
    if (0x80..=0xFF).contains(&cp) {
        return Some(cp as u8);
    }
    // The characters Windows-1252 puts at 0x80..0x9F (checked against encoding_rs in the tests).
    Some(match c {
        '\u{20AC}' => 0x80,
        '\u{201A}' => 0x82,
        '\u{0192}' => 0x83,
        '\u{201E}' => 0x84,
        '\u{2026}' => 0x85,
        '\u{2020}' => 0x86,
        '\u{2021}' => 0x87,
        '\u{02C6}' => 0x88,
        '\u{2030}' => 0x89,
        '\u{0160}' => 0x8A,
        '\u{2039}' => 0x8B,
        '\u{0152}' => 0x8C,
        '\u{017D}' => 0x8E,
        '\u{2018}' => 0x91,
        '\u{2019}' => 0x92,
        '\u{201C}' => 0x93,
        '\u{201D}' => 0x94,
        '\u{2022}' => 0x95,
        '\u{2013}' => 0x96,
        '\u{2014}' => 0x97,
        '\u{02DC}' => 0x98,
        '\u{2122}' => 0x99,
        '\u{0161}' => 0x9A,
        '\u{203A}' => 0x9B,
        '\u{0153}' => 0x9C,
        '\u{017E}' => 0x9E,
        '\u{0178}' => 0x9F,
        _ => return None,
    })
}

/// Whether a character decoded from a repaired byte sequence is one a Vietnamese text plausibly
/// holds (letters with diacritics, combining tone marks, punctuation).
fn plausible(c: char) -> bool {
    matches!(c as u32,
        0xA0..=0x24F | 0x300..=0x36F | 0x1E00..=0x1EFF | 0x2000..=0x206F | 0x20AC | 0xFEFF)
}

/// Repairs UTF-8 mojibake: runs of characters whose Windows-1252 bytes form a valid multi-byte
/// UTF-8 sequence of a plausible character. Returns the repaired text, its map, and the number
/// of sequences repaired.
pub fn repair_mojibake(s: &str) -> (Cow<'_, str>, OffsetMap, usize) {
    // Fast reject: every mojibake sequence is a character in U+00C2..U+00F4 followed by one that
    // stands for a continuation byte (0x80..0xBF), which correct Vietnamese text hardly has.
    if !has_candidate(s) {
        return (Cow::Borrowed(s), OffsetMap::identity(s.len()), 0);
    }
    let mut rw = Rewriter::new(s);
    let mut count = 0;
    let mut i = 0;
    while let Some(c) = s[i..].chars().next() {
        if let Some((fixed, len)) = sequence_at(&s[i..]) {
            rw.replace(i, i + len, fixed.encode_utf8(&mut [0; 4]));
            count += 1;
            i += len;
        } else {
            i += c.len_utf8();
        }
    }
    let (text, map) = rw.finish();
    (text, map, count)
}

/// Whether `s` holds a mojibake sequence that [`repair_mojibake`] would repair: a lead character
/// in U+00C2..U+00F4 (encoded C3 82..C3 B4) followed by the characters of its continuation bytes,
/// decoding to a plausible character. Correct Vietnamese text has many leads ("à", "ê", "ô") but
/// hardly ever a whole sequence, so most documents skip the character-level pass.
///
/// The search goes by what follows the lead, which is rarer: a character that stands for a
/// continuation byte (0x80..0xBF) read as Windows-1252 is U+0080..U+00BF (C2 xx) or one of the
/// characters Windows-1252 puts at 0x80..0x9F (C5 xx, C6 92, CB xx, E2 xx xx); text hardly has
/// them but for quotes and dashes.
fn has_candidate(s: &str) -> bool {
    static LATIN_F: LazyLock<memchr::memmem::Finder<'static>> =
        LazyLock::new(|| memchr::memmem::Finder::new(b"\xC6\x92"));
    let b = s.as_bytes();
    // A sequence whose second character starts at `next`.
    let lead_before = |next: usize| {
        next >= 2
            && b[next - 2] == 0xC3
            && (0x82..=0xB4).contains(&b[next - 1])
            && sequence_at(&s[next - 2..]).is_some()
    };
    memchr::memchr3_iter(0xC2, 0xC5, 0xE2, b).any(lead_before)
        || memchr::memchr_iter(0xCB, b).any(lead_before)
        || LATIN_F.find_iter(b).any(lead_before)
}

/// The mojibake sequence at the start of `rest`, if there is one: a character for a UTF-8 lead
/// byte, then the characters of its continuation bytes, decoding to a plausible character.
/// Returns that character and the sequence's length in `rest`, in bytes.
fn sequence_at(rest: &str) -> Option<(char, usize)> {
    let mut chars = rest.char_indices();
    let (_, c) = chars.next()?;
    let need = match c as u32 {
        0xC2..=0xDF => 1,
        0xE0..=0xEF => 2,
        0xF0..=0xF4 => 3,
        _ => return None,
    };
    let mut bytes = [c as u8, 0, 0, 0];
    for slot in bytes.iter_mut().take(need + 1).skip(1) {
        match cp1252_byte(chars.next()?.1) {
            Some(x) if (0x80..=0xBF).contains(&x) => *slot = x,
            _ => return None,
        }
    }
    let fixed = std::str::from_utf8(&bytes[..=need]).ok()?.chars().next()?;
    let len = chars.next().map_or(rest.len(), |(e, _)| e);
    plausible(fixed).then_some((fixed, len))
}

static ENTITIES: LazyLock<HashMap<&'static str, char>> = LazyLock::new(|| {
    let mut m = HashMap::new();
    for line in include_str!("../../data/text/entities.tsv").lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let mut f = line.split('\t');
        if let (Some(name), Some(hex)) = (f.next(), f.next())
            && let Some(c) = u32::from_str_radix(hex.trim(), 16)
                .ok()
                .and_then(char::from_u32)
        {
            m.insert(name, c);
        }
    }
    m
});

/// Decodes HTML character references: named ones from the entity table, and numeric ones
/// (`&#7901;`, `&#x1EDD;`) that name a valid, non-control character. Anything else stays as
/// written. Returns the text, its map and the number of references decoded.
pub fn decode_entities(s: &str) -> (Cow<'_, str>, OffsetMap, usize) {
    let b = s.as_bytes();
    if memchr::memchr(b'&', b).is_none() {
        return (Cow::Borrowed(s), OffsetMap::identity(s.len()), 0);
    }
    let mut rw = Rewriter::new(s);
    let mut count = 0;
    let mut i = 0;
    while let Some(off) = memchr::memchr(b'&', &b[i..]) {
        let start = i + off;
        i = start + 1;
        let Some(semi) = s[start + 1..]
            .bytes()
            .take(12)
            .position(|c| c == b';')
            .map(|p| start + 1 + p)
        else {
            continue;
        };
        let name = &s[start + 1..semi];
        let decoded = if let Some(num) = name.strip_prefix('#') {
            let v = if let Some(hex) = num.strip_prefix(['x', 'X']) {
                u32::from_str_radix(hex, 16).ok()
            } else {
                num.parse::<u32>().ok()
            };
            v.and_then(char::from_u32)
                .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
        } else if name.bytes().all(|c| c.is_ascii_alphanumeric()) {
            ENTITIES.get(name).copied()
        } else {
            None
        };
        if let Some(c) = decoded {
            let mut buf = [0u8; 4];
            rw.replace(start, semi + 1, c.encode_utf8(&mut buf));
            count += 1;
            i = semi + 1;
        }
    }
    let (text, map) = rw.finish();
    (text, map, count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cp1252_bytes_invert_the_decoding() {
        for b in 0x80u8..=0xFF {
            let byte = [b];
            let (s, _, _) = encoding_rs::WINDOWS_1252.decode(&byte);
            let c = s.chars().next().unwrap();
            assert_eq!(cp1252_byte(c), Some(b), "byte {b:#x} read as {c:?}");
        }
        for c in ['a', 'ạ', 'đ', '\u{2028}', '\u{1EA0}'] {
            assert_eq!(cp1252_byte(c), None, "{c:?}");
        }
    }

    #[test]
    fn continuation_characters_start_with_the_searched_bytes() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            if cp1252_byte(c).is_some_and(|x| (0x80..=0xBF).contains(&x)) {
                let mut buf = [0; 4];
                let e = c.encode_utf8(&mut buf).as_bytes();
                assert!(
                    matches!(e[0], 0xC2 | 0xC5 | 0xCB | 0xE2) || e == b"\xC6\x92",
                    "{c:?}"
                );
            }
        }
    }

    #[test]
    fn candidate_search_finds_every_sequence() {
        // Every lead, continuation character and a few others, in all strings of up to three.
        let chars: Vec<char> = "aàÃâÆÅáÄô\u{80}\u{A0}\u{BF}€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸươũ "
            .chars()
            .collect();
        let scan = |s: &str| {
            s.char_indices()
                .any(|(i, _)| sequence_at(&s[i..]).is_some())
        };
        let mut s = String::new();
        for &a in &chars {
            for &b in &chars {
                for c in chars.iter().copied().map(Some).chain([None]) {
                    s.clear();
                    s.extend([a, b]);
                    s.extend(c);
                    assert_eq!(has_candidate(&s), scan(&s), "{s:?}");
                }
            }
        }
    }

    #[test]
    fn candidates_only_where_a_sequence_repairs() {
        assert!(!has_candidate("Hà Nội “Nhà” – à… ô”"));
        assert!(has_candidate("Nhá»¯ng"));
        let clean = "Người dân ở Hà Nội và “Thủ đô” – những nơi…";
        assert_eq!(repair_mojibake(clean).2, 0);
    }
    use crate::text::decode::encode::latin1_mojibake as mojibake;

    #[test]
    fn repairs_latin1_mojibake() {
        let (t, _, n) = repair_mojibake("Nhá»¯ng");
        assert_eq!(t, "Những");
        assert_eq!(n, 1);
        let orig = "Những việc nên làm và cần kiêng kỵ “ngày vía” Thần Tài";
        let broken = mojibake(orig);
        let (t, _, _) = repair_mojibake(&broken);
        assert_eq!(t, orig);
    }

    #[test]
    fn repairs_mixed_text() {
        let orig = "Thần Tài";
        let mixed = format!("{} {}", mojibake("Thần"), "Tài");
        let (t, map, _) = repair_mojibake(&mixed);
        assert_eq!(t, orig);
        let tai = t.find("Tài").unwrap_or(0);
        assert_eq!(&mixed[map.to_source(tai)..], "Tài");
    }

    #[test]
    fn leaves_vietnamese_alone() {
        for s in ["Những việc cần làm", "Âm nhạc, Ê-đê", "ẤN ĐỘ"] {
            let (t, _, n) = repair_mojibake(s);
            assert_eq!(t, s);
            assert_eq!(n, 0);
        }
    }

    #[test]
    fn decodes_known_entities_only() {
        let (t, _, n) =
            decode_entities("Sở TN&MT; và Sở KH&amp;ĐT &quot;x&quot; &#7901; &#x1EDD; &bogus;");
        assert_eq!(t, "Sở TN&MT; và Sở KH&ĐT \"x\" ờ ờ &bogus;");
        assert_eq!(n, 5);
    }
}
