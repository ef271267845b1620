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
    if (0xA0..=0xFF).contains(&cp) || (0x80..=0x9F).contains(&cp) {
        return Some(cp as u8);
    }
    CP1252_HIGH.get(&c).copied()
}

static CP1252_HIGH: LazyLock<HashMap<char, u8>> = LazyLock::new(|| {
    let mut m = HashMap::new();
    for b in 0x80u8..=0x9F {
        let bytes = [b];
        let (s, _, _) = encoding_rs::WINDOWS_1252.decode(&bytes);
        if let Some(c) = s.chars().next()
            && c as u32 > 0xFF
        {
            m.insert(c, b);
        }
    }
    m
});

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
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut k = 0;
    while k < chars.len() {
        let (i, c) = chars[k];
        let need = match c as u32 {
            0xC2..=0xDF => 1,
            0xE0..=0xEF => 2,
            0xF0..=0xF4 => 3,
            _ => 0,
        };
        if need > 0 {
            let mut bytes = [c as u8, 0, 0, 0];
            let mut ok = true;
            for (j, slot) in bytes.iter_mut().enumerate().take(need + 1).skip(1) {
                match chars.get(k + j).and_then(|&(_, d)| cp1252_byte(d)) {
                    Some(b) if (0x80..=0xBF).contains(&b) => *slot = b,
                    _ => {
                        ok = false;
                        break;
                    }
                }
            }
            if ok
                && let Ok(dec) = std::str::from_utf8(&bytes[..=need])
                && dec.chars().all(plausible)
            {
                let end = chars.get(k + need + 1).map_or(s.len(), |&(e, _)| e);
                rw.replace(i, end, dec);
                count += 1;
                k += need + 1;
                continue;
            }
        }
        k += 1;
    }
    let (text, map) = rw.finish();
    (text, map, count)
}

/// Whether `s` holds a lead character of a mojibake sequence followed by a continuation.
fn has_candidate(s: &str) -> bool {
    let b = s.as_bytes();
    // U+00C2..U+00F4 is encoded C3 82..C3 B4.
    let mut i = 0;
    while let Some(k) = memchr::memchr(0xC3, &b[i..]) {
        let at = i + k;
        if b.get(at + 1).is_some_and(|x| (0x82..=0xB4).contains(x))
            && s[at + 2..]
                .chars()
                .next()
                .and_then(cp1252_byte)
                .is_some_and(|x| (0x80..=0xBF).contains(&x))
        {
            return true;
        }
        i = at + 1;
    }
    false
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
    if !s.contains('&') {
        return (Cow::Borrowed(s), OffsetMap::identity(s.len()), 0);
    }
    let mut rw = Rewriter::new(s);
    let mut count = 0;
    let mut i = 0;
    while let Some(off) = s[i..].find('&') {
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
