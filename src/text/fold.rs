//! The one folding function for search keys and matching: diacritics removed, `đ` -> `d`, lowercase.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Folds one character: its base letter without diacritics, lowercased; `đ`/`Đ` -> `d`.
/// Returns `None` for combining marks, which folding drops.
pub fn fold_char(c: char) -> Option<char> {
    if c.is_ascii() {
        return Some(c.to_ascii_lowercase());
    }
    // Latin letters, every Vietnamese one among them, are read from a table of what
    // `fold_char_slow` makes of them.
    static TABLE: std::sync::OnceLock<Vec<Option<char>>> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let chars = (0x80..0x250).chain(0x1E00..0x1F00);
        chars
            .map(|u| char::from_u32(u).and_then(fold_char_slow))
            .collect()
    });
    let u = c as usize;
    match u {
        0x80..0x250 => table[u - 0x80],
        0x1E00..0x1F00 => table[u - 0x1E00 + 0x1D0],
        _ => fold_char_slow(c),
    }
}

fn fold_char_slow(c: char) -> Option<char> {
    if c.is_ascii() {
        return Some(c.to_ascii_lowercase());
    }
    if is_combining_mark(c) {
        return None;
    }
    if c == 'đ' || c == 'Đ' {
        return Some('d');
    }
    let mut base = None;
    for d in std::iter::once(c).nfd() {
        if !is_combining_mark(d) {
            base = Some(d);
            break;
        }
    }
    base.map(|b| b.to_lowercase().next().unwrap_or(b))
}

/// Folds a text: every character through [`fold_char`]. The result has no diacritics and no
/// uppercase letters; its length in bytes may differ from the input's.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if let Some(f) = fold_char(c) {
            out.push(f);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_agrees_with_the_slow_path() {
        for u in 0..0x2000 {
            if let Some(c) = char::from_u32(u) {
                assert_eq!(fold_char(c), fold_char_slow(c), "U+{u:04X}");
            }
        }
    }

    #[test]
    fn folds_vietnamese() {
        assert_eq!(fold("Cờ thi đua"), "co thi dua");
        assert_eq!(fold("ĐẢNG Ủy"), "dang uy");
        assert_eq!(fold("Nguyễn"), "nguyen");
    }

    #[test]
    fn folds_decomposed_like_composed() {
        let nfd: String = "Khối thi đua".nfd().collect();
        assert_eq!(fold(&nfd), fold("Khối thi đua"));
    }
}
