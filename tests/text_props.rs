//! Invariants of the text stage on arbitrary input.

use proptest::prelude::*;
use thidua::model::RawDoc;
use thidua::text::normalize::normalize;
use thidua::text::{normalize_str, prepare};
use unicode_normalization::{UnicodeNormalization, is_nfc};

/// Strings rich in what the normalizer handles: Vietnamese letters, combining marks, odd
/// spaces, dashes, quotes, line ends, zero-width characters.
fn vietnamese_noise() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "hoà", "thuỷ", "uỷ", "quý", "giữ", "Nguyễn", "người", "đ", "Đ", "a", "e", "o", "u", "y",
        "\u{300}", "\u{301}", "\u{303}", "\u{309}", "\u{323}", "\u{302}", "\u{31B}", "\u{A0}",
        "\u{2009}", "\u{200B}", "\u{FEFF}", "–", "—", "“", "”", "‘", "’", "\r\n", "\r", "\n", " ",
        "  ", ".", "Sau", "xong", "TP.HCM", "&amp;", "Ã¡", "á»¯", "Nhá", "x", "1",
    ]);
    prop::collection::vec(pieces, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #[test]
    fn normalization_is_idempotent_and_nfc(s in vietnamese_noise()) {
        let once = normalize_str(&s);
        prop_assert!(is_nfc(&once));
        prop_assert_eq!(normalize_str(&once), once.clone());
        let nfd: String = s.nfd().collect();
        prop_assert_eq!(normalize_str(&nfd), normalize_str(&normalize_str(&nfd)));
    }

    #[test]
    fn arbitrary_strings_normalize(s in any::<String>()) {
        let once = normalize_str(&s);
        prop_assert!(is_nfc(&once));
        prop_assert_eq!(normalize_str(&once), once.clone());
    }

    #[test]
    fn offset_map_stays_in_bounds(s in vietnamese_noise()) {
        let n = normalize(&s);
        let mut last = 0;
        for i in 0..=n.text.len() + 2 {
            let o = n.map.to_source(i);
            prop_assert!(o <= s.len());
            prop_assert!(o >= last, "monotone");
            last = o;
        }
    }

    #[test]
    fn prepare_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        let raw = RawDoc { source: "x".into(), bytes, ..RawDoc::default() };
        if let Ok(p) = prepare(&raw) {
            let body = &p.article.body;
            prop_assert!(is_nfc(body));
            for i in 0..=body.len() {
                prop_assert!(p.body_map.to_source(i) <= p.original.len());
            }
        }
    }

    #[test]
    fn prepare_on_noisy_text(s in vietnamese_noise(), t in vietnamese_noise()) {
        let raw = RawDoc {
            source: "x".into(),
            bytes: format!("{s}\n\n{t}. {s} {t} {s}.\n").into_bytes(),
            ..RawDoc::default()
        };
        if let Ok(p) = prepare(&raw) {
            prop_assert!(is_nfc(&p.article.body));
            prop_assert_eq!(normalize_str(&p.article.body), p.article.body.clone());
            let len = p.original.len();
            for i in 0..=p.article.body.len() {
                prop_assert!(p.body_map.to_source(i) <= len);
            }
        }
    }
}
