//! Tokens of a sentence: words, numbers and punctuation with byte spans into the article text,
//! matching keys, and abbreviations expanded into the words they stand for.

use super::lexicon::{LEX, key};

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokKind {
    /// Letters (and digits mixed with letters).
    Word,
    /// Digits only.
    Num,
    /// One punctuation character.
    Punct,
}

/// One token.
#[derive(Debug, Clone)]
pub struct Tok {
    /// First byte in the field text.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// Word, number or punctuation.
    pub kind: TokKind,
    /// The words as they should be written: the text itself, or a word of an abbreviation's
    /// expansion.
    pub text: String,
    /// Matching key ([`key`]).
    pub key: String,
    /// The key's word id in the lexicons ([`super::lexicon::NO_WORD`] when no lexicon uses it).
    pub id: u32,
    /// Starts with an uppercase letter.
    pub cap: bool,
    /// Comes from an abbreviation (several tokens may share one span).
    pub expanded: bool,
    /// The inline definition (alias) this token stands for, if any.
    pub alias: Option<usize>,
}

impl Tok {
    /// True for a word or a number.
    pub fn is_word(&self) -> bool {
        self.kind != TokKind::Punct
    }

    /// True for punctuation that may sit inside a name: - – & , / and quotes.
    pub fn is_soft_punct(&self) -> bool {
        self.kind == TokKind::Punct
            && matches!(
                self.text.as_str(),
                "-" | "–"
                    | "—"
                    | "&"
                    | ","
                    | "/"
                    | "\""
                    | "“"
                    | "”"
                    | "'"
                    | "‘"
                    | "’"
                    | "«"
                    | "»"
            )
    }

    /// True for an opening or closing quote.
    pub fn is_quote(&self) -> bool {
        self.kind == TokKind::Punct
            && matches!(
                self.text.as_str(),
                "\"" | "“" | "”" | "'" | "‘" | "’" | "«" | "»"
            )
    }

    /// True for a dash.
    pub fn is_dash(&self) -> bool {
        self.kind == TokKind::Punct && matches!(self.text.as_str(), "-" | "–" | "—")
    }
}

/// An abbreviation defined in the article ("Học viện Ngân hàng (BAV)").
#[derive(Debug, Clone)]
pub struct Alias {
    /// The abbreviation as written.
    pub short: String,
    /// What it stands for (an index the caller understands).
    pub target: usize,
}

use super::lexicon::is_word_char;

/// True when `s[start..end]` is not glued to letters or digits on either side.
fn bounded(s: &str, start: usize, end: usize) -> bool {
    let before = s[..start]
        .chars()
        .next_back()
        .is_none_or(|c| !is_word_char(c));
    let after = s[end..].chars().next().is_none_or(|c| !is_word_char(c));
    before && after
}

fn word_tok(text: &str, start: usize, end: usize, expanded: bool) -> Tok {
    let kind = if text.chars().all(|c| c.is_ascii_digit()) {
        TokKind::Num
    } else {
        TokKind::Word
    };
    let k = key(text);
    Tok {
        start,
        end,
        kind,
        text: text.to_string(),
        id: LEX.vocab.get(&k),
        key: k,
        cap: text.chars().next().is_some_and(char::is_uppercase),
        expanded,
        alias: None,
    }
}

/// Tokenizes `text` (a sentence starting at byte `base` of its field). Abbreviations from the
/// lexicon become the words of their expansion (all pointing at the abbreviation's span);
/// `aliases` defined in the article become single tokens carrying the alias index.
pub fn tokenize(text: &str, base: usize, aliases: &[Alias]) -> Vec<Tok> {
    // Special spans: (start, end, Some(alias) | None = abbreviation expansion index).
    let mut special: Vec<(usize, usize, Result<usize, usize>)> = Vec::new();
    for (ai, a) in aliases.iter().enumerate() {
        if a.short.is_empty() {
            continue;
        }
        for (pos, _) in text.match_indices(a.short.as_str()) {
            let end = pos + a.short.len();
            if bounded(text, pos, end) {
                special.push((pos, end, Ok(ai)));
            }
        }
    }
    for m in LEX.abbr_ac.find_iter(text) {
        if bounded(text, m.start(), m.end())
            || (text[..m.end()].ends_with('.') && bounded(text, m.start(), m.end() - 1))
        {
            let taken = special
                .iter()
                .any(|&(s, e, _)| m.start() < e && s < m.end());
            if !taken {
                special.push((m.start(), m.end(), Err(m.pattern().as_usize())));
            }
        }
    }
    special.sort_by_key(|s| s.0);

    let mut toks = Vec::new();
    let mut sp = special.into_iter().peekable();
    let mut chars = text.char_indices().peekable();
    while let Some(&(i, c)) = chars.peek() {
        if let Some(&(s, e, what)) = sp.peek()
            && s <= i
        {
            sp.next();
            if s < i {
                continue;
            }
            match what {
                Ok(ai) => {
                    let mut t = word_tok(&text[s..e], base + s, base + e, false);
                    t.alias = Some(ai);
                    t.cap = true;
                    toks.push(t);
                }
                Err(pi) => {
                    // Words and punctuation of the expansion ("Văn hóa, Thể thao và Du lịch"),
                    // all pointing at the abbreviation.
                    let exp = &LEX.abbr_expansion[pi];
                    let mut word_start = None;
                    for (k, c) in exp.char_indices().chain(std::iter::once((exp.len(), ' '))) {
                        if is_word_char(c) {
                            word_start.get_or_insert(k);
                            continue;
                        }
                        if let Some(w0) = word_start.take() {
                            toks.push(word_tok(&exp[w0..k], base + s, base + e, true));
                        }
                        if !c.is_whitespace() {
                            let mut t = word_tok(&c.to_string(), base + s, base + e, true);
                            t.kind = TokKind::Punct;
                            toks.push(t);
                        }
                    }
                }
            }
            while chars.peek().is_some_and(|&(j, _)| j < e) {
                chars.next();
            }
            continue;
        }
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        if is_word_char(c) {
            let start = i;
            let mut end = i;
            while let Some(&(j, d)) = chars.peek() {
                if !is_word_char(d) {
                    break;
                }
                if sp.peek().is_some_and(|&(s, _, _)| s == j) && j > start {
                    break;
                }
                end = j + d.len_utf8();
                chars.next();
            }
            toks.push(word_tok(&text[start..end], base + start, base + end, false));
        } else {
            let end = i + c.len_utf8();
            toks.push(Tok {
                start: base + i,
                end: base + end,
                kind: TokKind::Punct,
                text: c.to_string(),
                key: c.to_string(),
                id: LEX.vocab.get(c.encode_utf8(&mut [0u8; 4])),
                cap: false,
                expanded: false,
                alias: None,
            });
            chars.next();
        }
    }
    toks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(toks: &[Tok]) -> Vec<&str> {
        toks.iter().map(|t| t.text.as_str()).collect()
    }

    #[test]
    fn expands_abbreviations_with_spans() {
        let s = "Văn phòng UBND tỉnh, Sở KH&ĐT.";
        let t = tokenize(s, 10, &[]);
        assert_eq!(
            texts(&t),
            vec![
                "Văn", "phòng", "Ủy", "ban", "nhân", "dân", "tỉnh", ",", "Sở", "Kế", "hoạch", "và",
                "Đầu", "tư", "."
            ]
        );
        assert_eq!(&s[t[2].start - 10..t[2].end - 10], "UBND");
        assert!(t[2].expanded && t[2].cap);
        assert_eq!(t[9].key, "kế");
    }

    #[test]
    fn abbreviations_need_word_boundaries() {
        let t = tokenize("UBNDX và HĐND", 0, &[]);
        assert_eq!(texts(&t), vec!["UBNDX", "và", "Hội", "đồng", "nhân", "dân"]);
    }

    #[test]
    fn aliases_win_over_abbreviations() {
        let aliases = vec![Alias {
            short: "BAV".into(),
            target: 7,
        }];
        let t = tokenize("BAV và NHNN", 0, &aliases);
        assert_eq!(t[0].alias, Some(0));
        assert_eq!(texts(&t)[2..], ["Ngân", "hàng", "Nhà", "nước"]);
    }

    #[test]
    fn numbers_and_punctuation() {
        let t = tokenize("ngày 07/3/2019, 95%", 0, &[]);
        assert_eq!(
            t.iter().map(|x| x.kind).collect::<Vec<_>>(),
            vec![
                TokKind::Word,
                TokKind::Num,
                TokKind::Punct,
                TokKind::Num,
                TokKind::Punct,
                TokKind::Num,
                TokKind::Punct,
                TokKind::Num,
                TokKind::Punct
            ]
        );
    }
}
