//! The Vietnamese analyzers: the shared normalization, then tantivy's simple tokenizer,
//! remove-long and lowercase filters (the exact form), plus ASCII folding (the folded form).
//!
//! The chain is built only from tantivy's stock components, so Quickwit (or any tantivy user) can
//! reproduce it on text normalized with [`crate::text::normalize_str`]:
//!
//! ```text
//! exact:  normalize_str | simple | remove_long(40) | lower_caser
//! folded: normalize_str | simple | remove_long(40) | lower_caser | ascii_folding
//! ```
//!
//! Normalizing before tokenizing matters: tantivy's simple tokenizer splits on every character
//! that is not alphanumeric, and the combining marks of decomposed (NFD) text are not, so
//! "Cờ" written decomposed would become two tokens. After NFC with canonical tone placement
//! every syllable is one token.
//!
//! ASCII folding maps every Vietnamese letter, `đ`/`Đ` included, to the same base letter as
//! [`crate::text::fold()`] (checked letter by letter in the tests below).
//!
//! Custom analyzers are not stored in a tantivy index: [`register`] must run on every open. The
//! [`fingerprint`] of the chain is stored with the index so that an index built by a different
//! chain (or a different normalization) is refused instead of silently mismatching its queries.

use crate::text::OffsetMap;
use crate::text::normalize::normalize;
use std::borrow::Cow;
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer, Token,
    TokenStream, Tokenizer, TokenizerManager,
};

/// Name of the exact analyzer (tone-canonical, lowercased) in the tokenizer manager.
pub const EXACT: &str = "vi_exact";
/// Name of the folded analyzer (no diacritics, `đ` -> `d`, lowercased).
pub const FOLDED: &str = "vi_folded";
/// Tokens longer than this many bytes are dropped (tantivy's default limit).
pub const MAX_TOKEN_BYTES: usize = 40;
/// Version of the chain's definition; raise it whenever the chain changes by hand.
pub const ANALYZER_VERSION: u32 = 2;

/// The stock chain after `tokenizer`: remove-long and lowercase, plus ASCII folding when `fold`.
fn chain<T: Tokenizer>(tokenizer: T, fold: bool) -> TextAnalyzer {
    let b = TextAnalyzer::builder(tokenizer)
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser);
    if fold {
        b.filter(AsciiFoldingFilter).build()
    } else {
        b.build()
    }
}

/// The exact analyzer: normalized, tokenized, long tokens dropped, lowercased.
pub fn exact() -> TextAnalyzer {
    chain(NormalizingTokenizer::new(SimpleTokenizer::default()), false)
}

/// The folded analyzer: the exact chain followed by ASCII folding.
pub fn folded() -> TextAnalyzer {
    chain(NormalizingTokenizer::new(SimpleTokenizer::default()), true)
}

/// The exact (`fold == false`) or folded chain of stock components without its normalization
/// step, for text that is normalized already (stored bodies): the same tokens for less work.
pub fn for_normalized_text(fold: bool) -> TextAnalyzer {
    chain(SimpleTokenizer::default(), fold)
}

/// Registers the index's analyzers under [`EXACT`] and [`FOLDED`]: the chains above without
/// their normalization step, in one pass ([`super::one_pass::OnePass`]), for the indexer gives
/// them normalized text only. They are what tantivy uses to index; queries and snippets
/// normalize first and use [`exact`] and [`folded`].
pub fn register(manager: &TokenizerManager) {
    manager.register(EXACT, TextAnalyzer::from(super::one_pass::OnePass::exact()));
    manager.register(
        FOLDED,
        TextAnalyzer::from(super::one_pass::OnePass::folded()),
    );
}

/// The token texts an analyzer produces for `text`.
pub fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut stream = analyzer.token_stream(text);
    while let Some(t) = stream.next() {
        out.push(t.text.clone());
    }
    out
}

/// A text that exercises every step of the chain: all Vietnamese vowels with all tones in both
/// cases, `đ`, old and new tone placement, decomposed forms, odd spaces and a too-long token.
fn probe() -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut s = String::new();
    for base in ["a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y"] {
        for tone in ["", "\u{300}", "\u{301}", "\u{309}", "\u{303}", "\u{323}"] {
            let lower: String = format!("{base}{tone}").nfc().collect();
            s.push_str(&lower);
            s.push(' ');
            s.push_str(&lower.to_uppercase());
            s.push(' ');
        }
    }
    let sample = "Đường đê Hoà Bình thuỷ lợi khoẻ, uỷ ban quý giữ sĩ sỹ";
    s.push_str(sample);
    s.push('\u{a0}');
    s.extend(sample.nfd());
    s.push_str(" zero\u{200b}width tab\tend ");
    s.push_str(&"x".repeat(MAX_TOKEN_BYTES + 1));
    s.push_str(" 2019-03-07 KH&ĐT TP.HCM");
    s
}

/// A short stable description of the analyzers' behaviour: the chain version and a hash of what
/// the query analyzers make of a probe text and the index analyzers of its normalized form. It
/// changes whenever the normalization, the tokenizer or a filter behaves differently, so an index
/// built before such a change is detected on open.
pub fn fingerprint() -> String {
    let text = probe();
    let normalized = crate::text::normalize_str(&text);
    let manager = TokenizerManager::new();
    register(&manager);
    let registered = |name: &str| manager.get(name).expect("registered just above");
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    for (mut analyzer, text) in [
        (exact(), &text),
        (folded(), &text),
        (registered(EXACT), &normalized),
        (registered(FOLDED), &normalized),
    ] {
        let mut stream = analyzer.token_stream(text);
        while let Some(t) = stream.next() {
            h.update(t.text.as_bytes());
            h.update(&(t.position as u64).to_le_bytes());
            h.update(&(t.offset_from as u64).to_le_bytes());
            h.update(&(t.offset_to as u64).to_le_bytes());
        }
        h.update(b"|");
    }
    format!("vi-{ANALYZER_VERSION}-{:016x}", h.digest())
}

/// A tokenizer that runs the shared normalization ([`normalize`]) on the text before its inner
/// tokenizer, and maps the tokens' offsets back into the original text with the normalization's
/// offset map (snapped to character boundaries), so highlights computed from any analyzer built
/// on it fall on the original words. Filters never change offsets.
///
/// Text that is already normal (the usual case: articles are stored normalized) costs one scan and
/// no allocation, and its offsets pass through untouched.
#[derive(Debug, Clone, Default)]
pub struct NormalizingTokenizer<T> {
    inner: T,
    buf: String,
    map: OffsetMap,
}

impl<T> NormalizingTokenizer<T> {
    /// Wraps `inner`.
    pub fn new(inner: T) -> Self {
        NormalizingTokenizer {
            inner,
            buf: String::new(),
            map: OffsetMap::default(),
        }
    }
}

impl<T: Tokenizer> Tokenizer for NormalizingTokenizer<T> {
    type TokenStream<'a> = NormalizingTokenStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        let NormalizingTokenizer { inner, buf, map } = self;
        let n = normalize(text);
        match n.text {
            Cow::Borrowed(same) => NormalizingTokenStream {
                inner: inner.token_stream(same),
                map: None,
                token: Token::default(),
            },
            Cow::Owned(normalized) => {
                *buf = normalized;
                *map = n.map;
                let buf: &'a String = buf;
                let map: &'a OffsetMap = map;
                NormalizingTokenStream {
                    inner: inner.token_stream(buf),
                    map: Some((map, text)),
                    token: Token::default(),
                }
            }
        }
    }
}

/// The token stream of a [`NormalizingTokenizer`].
pub struct NormalizingTokenStream<'a, S> {
    inner: S,
    /// The offset map and the original text, when normalization changed it.
    map: Option<(&'a OffsetMap, &'a str)>,
    token: Token,
}

impl<S: TokenStream> TokenStream for NormalizingTokenStream<'_, S> {
    fn advance(&mut self) -> bool {
        if !self.inner.advance() {
            return false;
        }
        if let Some((map, original)) = self.map {
            let t = self.inner.token();
            let (from, to) = map.range_to_source(t.offset_from, t.offset_to);
            self.token.clone_from(t);
            self.token.offset_from = floor_char_boundary(original, from);
            self.token.offset_to = ceil_char_boundary(original, to).max(self.token.offset_from);
        }
        true
    }

    fn token(&self) -> &Token {
        match self.map {
            Some(_) => &self.token,
            None => self.inner.token(),
        }
    }

    fn token_mut(&mut self) -> &mut Token {
        match self.map {
            Some(_) => &mut self.token,
            None => self.inner.token_mut(),
        }
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_char_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    fn spans(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let mut s = analyzer.token_stream(text);
        while let Some(t) = s.next() {
            out.push((t.text.clone(), text[t.offset_from..t.offset_to].to_string()));
        }
        out
    }

    #[test]
    fn exact_and_folded_forms() {
        assert_eq!(
            tokens(&mut exact(), "Cờ thi đua của Chính phủ"),
            ["cờ", "thi", "đua", "của", "chính", "phủ"]
        );
        assert_eq!(
            tokens(&mut folded(), "Cờ thi đua của Chính phủ"),
            ["co", "thi", "dua", "cua", "chinh", "phu"]
        );
    }

    #[test]
    fn ascii_folding_agrees_with_shared_fold_on_every_vietnamese_letter() {
        let mut letters = vec!["đ".to_string(), "Đ".to_string(), "d".to_string()];
        for base in ["a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y"] {
            for tone in ["", "\u{300}", "\u{301}", "\u{309}", "\u{303}", "\u{323}"] {
                let l: String = format!("{base}{tone}").nfc().collect();
                letters.push(l.to_uppercase());
                letters.push(l);
            }
        }
        let mut f = folded();
        for l in letters {
            assert_eq!(l.chars().count(), 1, "{l} is one precomposed letter");
            let word = format!("x{l}x");
            assert_eq!(
                tokens(&mut f, &word),
                [crate::text::fold(&word)],
                "folding of {l}"
            );
        }
    }

    #[test]
    fn decomposed_text_is_one_token_per_syllable_with_original_offsets() {
        let nfc = "Khối thi đua Nội chính";
        let nfd: String = nfc.nfd().collect();
        assert_ne!(nfc, nfd);
        let got = spans(&mut exact(), &nfd);
        let words: Vec<&str> = got.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(words, ["khối", "thi", "đua", "nội", "chính"]);
        // Each token's offsets cover the decomposed original word.
        for ((_, orig), want) in got.iter().zip(nfd.split(' ')) {
            assert_eq!(orig, want);
        }
    }

    #[test]
    fn odd_spaces_keep_offsets_on_the_words() {
        let text = "Sở\u{a0}Tài   chính\u{200b} tỉnh";
        for (tok, orig) in spans(&mut folded(), text) {
            assert_eq!(crate::text::fold(&orig).replace('\u{200b}', ""), tok);
        }
    }

    #[test]
    fn long_tokens_are_dropped() {
        let long = "a".repeat(MAX_TOKEN_BYTES);
        assert_eq!(
            tokens(&mut exact(), &format!("ngắn {long} dài")),
            ["ngắn", "dài"]
        );
    }

    #[test]
    fn fingerprint_is_stable_within_a_build() {
        assert_eq!(fingerprint(), fingerprint());
        assert!(fingerprint().starts_with(&format!("vi-{ANALYZER_VERSION}-")));
    }

    proptest::proptest! {
        #[test]
        fn offsets_stay_on_the_original_text(
            s in "[a-zA-Z0-9 .,\u{a0}\u{200b}\u{300}\u{301}\u{303}\u{309}\u{323}àáảãạăắằẳẵặâấầẩẫậđêếềểễệôốồổỗộơớờởỡợưứừửữựÀĐƯƠ\n]{0,60}"
        ) {
            for mut a in [exact(), folded()] {
                let mut stream = a.token_stream(&s);
                while let Some(t) = stream.next() {
                    proptest::prop_assert!(t.offset_from <= t.offset_to && t.offset_to <= s.len());
                    proptest::prop_assert!(s.is_char_boundary(t.offset_from));
                    proptest::prop_assert!(s.is_char_boundary(t.offset_to));
                }
            }
        }
    }
}
