//! The index analyzers in one pass: exactly the tokens of tantivy's stock chain
//! `simple | remove_long(40) | lower_caser [| ascii_folding]`, computed in a single scan instead
//! of four stages.
//!
//! The stock chain asks Unicode tables, per character, whether it is alphanumeric, then lowercases
//! and folds each token character by character into fresh buffers. On Vietnamese text, where most
//! syllables hold a non-ASCII letter, that is most of the indexing time. [`OnePass`] reads the
//! answers for the Latin letters (U+0000..U+024F and U+1E00..U+1EFF, every Vietnamese letter
//! among them) from a table built once, at first use, *by running the stock components on each
//! character*, so it cannot disagree with them; any other character goes through the same std
//! and tantivy functions as the stock chain.
//!
//! [`OnePass`] does not normalize: it is for text that went through the shared normalization
//! already, which is what the indexer gives it (every article is normalized when it is read).
//! Queries and snippets keep the normalizing chains of [`super::analyzer`]. The tests check token
//! for token (text, offsets, positions) that both give the same result on normalized text.

use std::sync::OnceLock;
use tantivy::tokenizer::{
    AsciiFoldingFilter, RawTokenizer, TextAnalyzer, Token, TokenStream, Tokenizer,
};

/// Tokens of this many bytes or more (as written) are dropped, like tantivy's `RemoveLongFilter`.
const LIMIT: usize = super::analyzer::MAX_TOKEN_BYTES;

/// The table's ranges: Basic Latin to Latin Extended-B, and Latin Extended Additional.
const RANGES: [(u32, u32); 2] = [(0x0000, 0x0250), (0x1E00, 0x1F00)];

/// What the stock chain does with one character of the table.
#[derive(Clone, Copy, Default)]
struct Entry {
    /// Part of a token (`char::is_alphanumeric`).
    alnum: bool,
    /// `char::to_lowercase`, as tantivy's `LowerCaser` does it, when it is one character.
    lower: Option<char>,
    /// The lowercase form through tantivy's `AsciiFoldingFilter`, when it is one character.
    folded: Option<char>,
}

/// The entries of every character of [`RANGES`], in order.
struct Table {
    entries: Vec<Entry>,
}

// `Table::get` indexes the first range from zero.
const _: () = assert!(RANGES[0].0 == 0);

impl Table {
    #[inline]
    fn get(&self, c: char) -> Option<&Entry> {
        const FIRST: usize = (RANGES[0].1 - RANGES[0].0) as usize;
        let u = c as u32;
        let at = if u < RANGES[0].1 {
            u as usize
        } else if (RANGES[1].0..RANGES[1].1).contains(&u) {
            FIRST + (u - RANGES[1].0) as usize
        } else {
            return None;
        };
        self.entries.get(at)
    }
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut folder = stock_folding();
        let mut entries = Vec::new();
        for (from, to) in RANGES {
            for u in from..to {
                let Some(c) = char::from_u32(u) else {
                    entries.push(Entry::default());
                    continue;
                };
                let lower: String = c.to_lowercase().collect();
                let folded = fold_with(&mut folder, &lower);
                let one = |s: &str| {
                    let mut chars = s.chars();
                    chars.next().filter(|_| chars.next().is_none())
                };
                entries.push(Entry {
                    alnum: c.is_alphanumeric(),
                    lower: one(&lower),
                    folded: one(&folded),
                });
            }
        }
        Table { entries }
    })
}

/// tantivy's ASCII folding alone, over a whole text taken as one token.
fn stock_folding() -> TextAnalyzer {
    TextAnalyzer::builder(RawTokenizer::default())
        .filter(AsciiFoldingFilter)
        .build()
}

fn fold_with(folder: &mut TextAnalyzer, text: &str) -> String {
    if text.is_empty() {
        return String::new();
    }
    let mut stream = folder.token_stream(text);
    let mut out = String::new();
    while let Some(t) = stream.next() {
        out.push_str(&t.text);
    }
    out
}

/// The exact (`fold == false`) or folded analyzer of the index, in one pass. See the module
/// documentation.
#[derive(Clone)]
pub struct OnePass {
    fold: bool,
    token: Token,
    /// The lowercase form of a token that holds a character outside the table.
    buf: String,
    /// Stock folding, for such tokens.
    folder: TextAnalyzer,
}

impl OnePass {
    /// The exact chain: `simple | remove_long | lower_caser`.
    pub fn exact() -> OnePass {
        OnePass::new(false)
    }

    /// The folded chain: `simple | remove_long | lower_caser | ascii_folding`.
    pub fn folded() -> OnePass {
        OnePass::new(true)
    }

    fn new(fold: bool) -> OnePass {
        OnePass {
            fold,
            token: Token::default(),
            buf: String::new(),
            folder: stock_folding(),
        }
    }
}

impl Tokenizer for OnePass {
    type TokenStream<'a> = OnePassStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> OnePassStream<'a> {
        self.token.reset();
        OnePassStream {
            text,
            at: 0,
            fold: self.fold,
            table: table(),
            token: &mut self.token,
            buf: &mut self.buf,
            folder: &mut self.folder,
        }
    }
}

/// The token stream of [`OnePass`].
pub struct OnePassStream<'a> {
    text: &'a str,
    /// Byte offset of the next character to read.
    at: usize,
    fold: bool,
    table: &'static Table,
    token: &'a mut Token,
    buf: &'a mut String,
    folder: &'a mut TextAnalyzer,
}

impl OnePassStream<'_> {
    /// The character at byte `i` (a character boundary) and whether it is part of a token.
    #[inline]
    fn char_at(&self, i: usize) -> (char, bool) {
        let c = self.text[i..].chars().next().unwrap_or_default();
        let alnum = match self.table.get(c) {
            Some(e) => e.alnum,
            None => c.is_alphanumeric(),
        };
        (c, alnum)
    }

    /// The stock path, for a token with a character outside the table or with a form longer
    /// than one character.
    fn write_slow(&mut self, raw: &str) {
        self.buf.clear();
        for c in raw.chars() {
            self.buf.extend(c.to_lowercase());
        }
        self.token.text.clear();
        if self.fold && !self.buf.is_ascii() {
            let folded = fold_with(self.folder, self.buf);
            self.token.text.push_str(&folded);
        } else {
            self.token.text.push_str(self.buf);
        }
    }
}

impl TokenStream for OnePassStream<'_> {
    fn advance(&mut self) -> bool {
        let text = self.text;
        let bytes = text.as_bytes();
        let len = bytes.len();
        let mut i = self.at;
        loop {
            // Skip to the start of the next token.
            loop {
                if i >= len {
                    self.at = len;
                    return false;
                }
                let b = bytes[i];
                if b < 0x80 {
                    if b.is_ascii_alphanumeric() {
                        break;
                    }
                    i += 1;
                    while i < len && bytes[i] < 0x80 && !bytes[i].is_ascii_alphanumeric() {
                        i += 1;
                    }
                } else {
                    let (c, alnum) = self.char_at(i);
                    if alnum {
                        break;
                    }
                    i += c.len_utf8();
                }
            }
            // Read the token, writing its form as it goes; a character without a
            // one-character form in the table sends the token down the stock path.
            let start = i;
            let out = &mut self.token.text;
            out.clear();
            let mut slow = false;
            while i < len {
                let b = bytes[i];
                if b < 0x80 {
                    if !b.is_ascii_alphanumeric() {
                        break;
                    }
                    out.push(char::from(b.to_ascii_lowercase()));
                    i += 1;
                    continue;
                }
                let c = text[i..].chars().next().unwrap_or_default();
                let form = match self.table.get(c) {
                    Some(e) if !e.alnum => break,
                    Some(e) => {
                        if self.fold {
                            e.folded
                        } else {
                            e.lower
                        }
                    }
                    None if !c.is_alphanumeric() => break,
                    None => None,
                };
                match form {
                    Some(f) => out.push(f),
                    None => slow = true,
                }
                i += c.len_utf8();
            }
            // Every token the simple tokenizer finds takes a position, also those dropped.
            self.token.position = self.token.position.wrapping_add(1);
            if i - start >= LIMIT {
                continue;
            }
            self.at = i;
            self.token.offset_from = start;
            self.token.offset_to = i;
            if slow {
                self.write_slow(&text[start..i]);
            }
            return true;
        }
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The stock chain, without normalization.
    fn stock(fold: bool) -> TextAnalyzer {
        super::super::analyzer::for_normalized_text(fold)
    }

    fn all(a: &mut TextAnalyzer, text: &str) -> Vec<(String, usize, usize, usize)> {
        let mut out = Vec::new();
        let mut s = a.token_stream(text);
        while let Some(t) = s.next() {
            out.push((t.text.clone(), t.offset_from, t.offset_to, t.position));
        }
        out
    }

    fn same(text: &str) {
        for fold in [false, true] {
            let one = TextAnalyzer::from(OnePass::new(fold));
            assert_eq!(
                all(&mut one.clone(), text),
                all(&mut stock(fold), text),
                "fold={fold} on {text:?}"
            );
        }
    }

    #[test]
    fn every_character_of_the_table_as_the_stock_chain_does_it() {
        for (from, to) in RANGES {
            for u in from..to {
                if let Some(c) = char::from_u32(u) {
                    same(&format!("x{c}x {c} Ab{c}{c}"));
                }
            }
        }
    }

    #[test]
    fn vietnamese_text_and_odd_characters() {
        same("Cờ thi đua của Chính phủ, KHỐI THI ĐUA số 3 — 95% trở lên; Đảng ủy.");
        same("İstanbul Straße ǄǅǆǇ ΣΑΣ Ωμέγα 東京 ١٢٣ x²y³ ﬁ ﬀ");
        same(&format!(
            "ngắn {} dài {}é z",
            "a".repeat(39),
            "ế".repeat(14)
        ));
        same(&format!("{} {}", "a".repeat(40), "ơ".repeat(20)));
        same("");
        same("   ,,, ");
    }

    #[test]
    fn reused_after_a_text() {
        let mut one = TextAnalyzer::from(OnePass::folded());
        let _ = all(&mut one, "một hai ba");
        assert_eq!(all(&mut one, "Bốn")[0], ("bon".to_string(), 0, 5, 0));
    }

    #[test]
    fn the_sample_corpus_indexes_as_the_normalizing_chains_read_it() {
        for (i, raw) in crate::test_util::sample_articles().iter().enumerate() {
            let normalized = crate::text::normalize_str(raw);
            for (fold, mut query_side) in [
                (false, super::super::analyzer::exact()),
                (true, super::super::analyzer::folded()),
            ] {
                let strip = |v: Vec<(String, usize, usize, usize)>| {
                    v.into_iter().map(|(t, _, _, p)| (t, p)).collect::<Vec<_>>()
                };
                let mut one = TextAnalyzer::from(OnePass::new(fold));
                assert_eq!(
                    strip(all(&mut one, &normalized)),
                    strip(all(&mut query_side, raw)),
                    "sample article {i}"
                );
                same(&normalized);
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn agrees_with_the_stock_chain(
            s in "[a-zA-Z0-9 .,\u{a0}\u{200b}\u{300}\u{301}àáảãạăắằẳẵặâấầẩẫậđêếềểễệôốồổỗộơớờởỡợưứừửữựÀĐƯƠẠỆİßǅΣσ東١\n]{0,80}"
        ) {
            for fold in [false, true] {
                let mut one = TextAnalyzer::from(OnePass::new(fold));
                proptest::prop_assert_eq!(all(&mut one, &s), all(&mut stock(fold), &s));
            }
        }
    }
}
