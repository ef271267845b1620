//! Bytes to text: byte-order marks, UTF-8, UTF-16, and the legacy Vietnamese encodings.
//!
//! Bytes that are not UTF-8 are decoded with every candidate (Windows-1258, TCVN3 (ABC),
//! VNI-Windows, VISCII, Windows-1252) and the candidate whose words are most often valid
//! Vietnamese syllables wins. The code tables are data files in `data/text/`.

use super::TextError;
use super::tone;
use std::collections::HashMap;
use std::sync::LazyLock;
use unicode_normalization::UnicodeNormalization;

/// Decoded text and how it was decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text (not yet normalized).
    pub text: String,
    /// The encoding: `utf-8`, `utf-16le`, `utf-16be`, `windows-1258`, `tcvn3`, `vni`, `viscii`,
    /// `windows-1252`.
    pub encoding: &'static str,
    /// A byte-order mark was removed.
    pub bom: bool,
    /// Invalid sequences were replaced with U+FFFD.
    pub replaced: usize,
}

/// A single-byte code table: byte -> character.
type ByteTable = [char; 256];

fn byte_table(data: &str) -> ByteTable {
    let mut t: ByteTable = std::array::from_fn(|b| {
        if b < 0x80 {
            char::from(b as u8)
        } else {
            // Bytes a table does not list keep their Windows-1252 meaning.
            let byte = [b as u8];
            let (s, _, _) = encoding_rs::WINDOWS_1252.decode(&byte);
            s.chars().next().unwrap_or('\u{FFFD}')
        }
    });
    for line in data.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let mut f = line.split('\t');
        if let (Some(b), Some(cp)) = (f.next(), f.next())
            && let (Ok(b), Some(c)) = (
                u8::from_str_radix(b.trim(), 16),
                u32::from_str_radix(cp.trim(), 16)
                    .ok()
                    .and_then(char::from_u32),
            )
        {
            t[b as usize] = c;
        }
    }
    t
}

static TCVN3: LazyLock<ByteTable> =
    LazyLock::new(|| byte_table(include_str!("../../data/text/tcvn3.tsv")));
static VISCII: LazyLock<ByteTable> =
    LazyLock::new(|| byte_table(include_str!("../../data/text/viscii.tsv")));

/// VNI-Windows: sequences of Windows-1252 characters -> letters.
struct Vni {
    pairs: HashMap<(char, char), char>,
    singles: HashMap<char, char>,
}

static VNI: LazyLock<Vni> = LazyLock::new(|| {
    let mut pairs = HashMap::new();
    let mut singles = HashMap::new();
    for line in include_str!("../../data/text/vni.tsv").lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let mut f = line.split('\t');
        let (Some(u), Some(v)) = (f.next(), f.next()) else {
            continue;
        };
        let Some(u) = u.chars().next() else { continue };
        let v: Vec<char> = v.chars().collect();
        match v.as_slice() {
            [a] => {
                singles.insert(*a, u);
            }
            [a, b] => {
                pairs.insert((*a, *b), u);
            }
            _ => {}
        }
    }
    Vni { pairs, singles }
});

fn decode_single(bytes: &[u8], table: &ByteTable) -> String {
    bytes.iter().map(|&b| table[b as usize]).collect()
}

fn decode_vni(bytes: &[u8]) -> String {
    let (s, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
    let v = &*VNI;
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        if let Some(&n) = chars.get(i + 1)
            && let Some(&u) = v.pairs.get(&(chars[i], n))
        {
            out.push(u);
            i += 2;
            continue;
        }
        out.push(v.singles.get(&chars[i]).copied().unwrap_or(chars[i]));
        i += 1;
    }
    out
}

fn decode_with(encoding: &'static str, bytes: &[u8]) -> String {
    match encoding {
        "windows-1258" => {
            let (s, _, _) = encoding_rs::WINDOWS_1258.decode(bytes);
            s.nfc().collect()
        }
        "tcvn3" => {
            let s = decode_single(bytes, &TCVN3);
            s.nfc().collect()
        }
        "viscii" => decode_single(bytes, &VISCII),
        "vni" => decode_vni(bytes),
        "windows-1252" => encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned(),
        _ => String::from_utf8_lossy(bytes).into_owned(),
    }
}

/// The legacy encodings tried, in order of preference on a tie.
pub const LEGACY: [&str; 5] = ["windows-1258", "tcvn3", "vni", "viscii", "windows-1252"];

/// How Vietnamese a text looks: syllables with diacritics that are valid, minus words with
/// non-ASCII letters that are not syllables (and replacement or control characters).
pub fn vietnamese_score(text: &str) -> i64 {
    let mut score = 0i64;
    for word in text.split(|c: char| !(c.is_alphanumeric() || tone::split_vowel(c).is_some())) {
        if word.is_empty() || word.is_ascii() {
            continue;
        }
        if tone::is_marked_syllable(word) {
            score += 2;
        } else {
            score -= 1;
        }
    }
    let bad = text
        .chars()
        .filter(|&c| c == '\u{FFFD}' || (c.is_control() && !matches!(c, '\n' | '\r' | '\t')))
        .count();
    score - 2 * bad as i64
}

/// Decodes the bytes of a document.
pub fn decode(bytes: &[u8]) -> Result<Decoded, TextError> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        let text = String::from_utf8_lossy(rest);
        let replaced = text.matches('\u{FFFD}').count();
        return Ok(Decoded {
            text: text.into_owned(),
            encoding: "utf-8",
            bom: true,
            replaced,
        });
    }
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        let le = bytes[0] == 0xFF;
        return Ok(utf16(&bytes[2..], le, true));
    }
    // Validation with SIMD: most documents are UTF-8, and Vietnamese is dense in multi-byte
    // characters.
    if let Ok(s) = simdutf8::basic::from_utf8(bytes) {
        if memchr::memchr(0, bytes).is_some() {
            if let Some(le) = utf16_guess(bytes) {
                return Ok(utf16(bytes, le, false));
            }
            return Err(TextError::NotText("NUL bytes in text".into()));
        }
        return Ok(Decoded {
            text: s.to_string(),
            encoding: "utf-8",
            bom: false,
            replaced: 0,
        });
    }
    if let Some(le) = utf16_guess(bytes) {
        return Ok(utf16(bytes, le, false));
    }
    let nul = bytes.iter().filter(|&&b| b == 0).count();
    if nul > 0 {
        return Err(TextError::NotText(format!(
            "{nul} NUL bytes and not UTF-8 or UTF-16"
        )));
    }
    // Mostly valid UTF-8 with a few broken sequences: keep UTF-8 unless a legacy encoding reads
    // as clearly better Vietnamese.
    let lossy = String::from_utf8_lossy(bytes).into_owned();
    let mut best = ("utf-8", vietnamese_score(&lossy), lossy);
    for enc in LEGACY {
        let text = decode_with(enc, bytes);
        let score = vietnamese_score(&text);
        if score > best.1 {
            best = (enc, score, text);
        }
    }
    let replaced = if best.0 == "utf-8" {
        best.2.matches('\u{FFFD}').count()
    } else {
        0
    };
    Ok(Decoded {
        text: best.2,
        encoding: best.0,
        bom: false,
        replaced,
    })
}

/// Decodes bytes with a named encoding (as `decode` would for that candidate); `None` for an
/// unknown name.
pub fn decode_as(encoding: &str, bytes: &[u8]) -> Option<String> {
    let enc = LEGACY
        .iter()
        .chain(["utf-8"].iter())
        .find(|&&e| e == encoding)?;
    Some(decode_with(enc, bytes))
}

fn utf16_guess(bytes: &[u8]) -> Option<bool> {
    if bytes.len() < 4 {
        return None;
    }
    let pairs = bytes.len() / 2;
    let even0 = bytes.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd0 = bytes.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    if odd0 * 10 >= pairs * 3 && even0 * 10 < pairs {
        Some(true)
    } else if even0 * 10 >= pairs * 3 && odd0 * 10 < pairs {
        Some(false)
    } else {
        None
    }
}

fn utf16(bytes: &[u8], le: bool, bom: bool) -> Decoded {
    let enc = if le {
        encoding_rs::UTF_16LE
    } else {
        encoding_rs::UTF_16BE
    };
    let (text, _) = enc.decode_without_bom_handling(bytes);
    let replaced = text.matches('\u{FFFD}').count();
    Decoded {
        text: text.into_owned(),
        encoding: if le { "utf-16le" } else { "utf-16be" },
        bom,
        replaced,
    }
}

/// Encoders for the legacy tables, for round-trip tests and for building test material.
pub mod encode {
    use super::*;

    /// The text as it reads after its UTF-8 bytes were decoded as Windows-1252 (Latin-1 for the
    /// bytes Windows-1252 leaves undefined): "Những" -> "Nhá»¯ng".
    pub fn latin1_mojibake(s: &str) -> String {
        s.bytes()
            .map(|b| {
                let byte = [b];
                let (d, _, _) = encoding_rs::WINDOWS_1252.decode(&byte);
                let c = d.chars().next().unwrap_or('\u{FFFD}');
                if c == '\u{FFFD}' { char::from(b) } else { c }
            })
            .collect()
    }

    fn invert(table: &ByteTable) -> HashMap<char, u8> {
        let mut m = HashMap::new();
        for b in (0..=255u8).rev() {
            m.insert(table[b as usize], b);
        }
        m
    }

    /// Encodes NFC text as TCVN3 (capitals with tone marks fall back to lowercase, as in the
    /// ABC fonts that draw capitals from a separate font); `None` when a character has no code.
    pub fn tcvn3(s: &str) -> Option<Vec<u8>> {
        let inv = invert(&TCVN3);
        s.chars()
            .map(|c| {
                inv.get(&c)
                    .or_else(|| c.to_lowercase().next().and_then(|l| inv.get(&l)))
                    .copied()
            })
            .collect()
    }

    /// Encodes NFC text as VISCII; `None` when a character has no code.
    pub fn viscii(s: &str) -> Option<Vec<u8>> {
        let inv = invert(&VISCII);
        s.chars().map(|c| inv.get(&c).copied()).collect()
    }

    /// Encodes NFC text as VNI-Windows; `None` when a character has no code.
    pub fn vni(s: &str) -> Option<Vec<u8>> {
        let v = &*VNI;
        let mut inv: HashMap<char, String> = HashMap::new();
        for (&(a, b), &u) in &v.pairs {
            inv.insert(u, [a, b].iter().collect());
        }
        for (&a, &u) in &v.singles {
            inv.insert(u, a.to_string());
        }
        let mut text = String::new();
        for c in s.chars() {
            match inv.get(&c) {
                Some(x) => text.push_str(x),
                None => text.push(c),
            }
        }
        let (bytes, _, bad) = encoding_rs::WINDOWS_1252.encode(&text);
        (!bad).then(|| bytes.into_owned())
    }

    /// Encodes NFC text as Windows-1258: letters with quality marks precomposed where the code
    /// page has them, tones as combining marks.
    pub fn windows1258(s: &str) -> Option<Vec<u8>> {
        let mut text = String::new();
        for c in s.chars() {
            match tone::split_vowel(c) {
                Some((base, t)) if t > 0 => {
                    text.push(base);
                    text.push(tone::TONE_MARKS[t as usize]);
                }
                _ => text.push(c),
            }
        }
        let (bytes, _, bad) = encoding_rs::WINDOWS_1258.encode(&text);
        (!bad).then(|| bytes.into_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "Hội nghị tổng kết công tác thi đua, khen thưởng năm 2018 của Khối thi \
        đua các cơ quan tham mưu tổng hợp; đề nghị Ủy ban nhân dân tỉnh tặng Cờ thi đua cho Sở \
        Tài chính và Bằng khen cho Văn phòng Đoàn đại biểu Quốc hội. Những người được suy tôn.";

    #[test]
    fn utf8_and_bom() {
        let d = decode("Việt Nam".as_bytes()).expect("decodes");
        assert_eq!(
            (d.text.as_str(), d.encoding, d.bom),
            ("Việt Nam", "utf-8", false)
        );
        let mut b = b"\xEF\xBB\xBF".to_vec();
        b.extend_from_slice("Việt".as_bytes());
        let d = decode(&b).expect("decodes");
        assert_eq!((d.text.as_str(), d.bom), ("Việt", true));
    }

    #[test]
    fn utf16_with_and_without_bom() {
        let mut le = vec![0xFF, 0xFE];
        for u in SAMPLE.encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
        }
        let d = decode(&le).expect("decodes");
        assert_eq!((d.text.as_str(), d.encoding), (SAMPLE, "utf-16le"));
        let be: Vec<u8> = SAMPLE
            .encode_utf16()
            .flat_map(|u| u.to_be_bytes())
            .collect();
        let d = decode(&be).expect("decodes");
        assert_eq!((d.text.as_str(), d.encoding), (SAMPLE, "utf-16be"));
    }

    #[test]
    fn legacy_round_trips() {
        let cases: [(&str, Option<Vec<u8>>); 4] = [
            ("windows-1258", encode::windows1258(SAMPLE)),
            ("tcvn3", encode::tcvn3(&SAMPLE.to_lowercase())),
            ("vni", encode::vni(SAMPLE)),
            ("viscii", encode::viscii(SAMPLE)),
        ];
        for (name, bytes) in cases {
            let bytes = bytes.unwrap_or_else(|| panic!("{name} encodes the sample"));
            let want = if name == "tcvn3" {
                SAMPLE.to_lowercase()
            } else {
                SAMPLE.to_string()
            };
            assert_eq!(
                decode_as(name, &bytes).as_deref(),
                Some(want.as_str()),
                "{name}"
            );
            let d = decode(&bytes).expect("decodes");
            assert_eq!(d.encoding, name, "detected encoding");
            assert_eq!(d.text, want, "{name}");
        }
    }

    #[test]
    fn binary_is_refused() {
        assert!(decode(&[0x00, 0x9F, 0x00, 0x00, 0x81, 0x00, 0x00, 0x00, 0x12]).is_err());
    }

    #[test]
    fn scores_vietnamese_above_noise() {
        assert!(vietnamese_score(SAMPLE) > 20);
        assert!(vietnamese_score("Vieät Nam ñaõ") < 0);
    }
}
