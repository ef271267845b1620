//! Snippets: the passage of a body that best shows why it matched, with the matched words marked.
//!
//! The body is tokenized with the folded analyzer, whose offsets point into the stored body, so
//! highlights fall on the words as written whatever their diacritics. Words of a phrase are marked
//! only where the whole phrase occurs. The passage is the window of at most [`SNIPPET_CHARS`]
//! characters holding the most distinct query words (exact spellings weigh more), widened to word
//! boundaries; newlines become spaces (same length, so offsets hold).

use super::analyzer;
use super::query::HighlightTerms;
use crate::model::Span;
use std::collections::{HashMap, HashSet};
use tantivy::tokenizer::{TextAnalyzer, TokenStream};

/// Longest snippet, in characters (not counting the ellipses).
pub const SNIPPET_CHARS: usize = 200;

const ELLIPSIS: &str = "…";

/// A passage and the byte ranges of the marked words inside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    /// The passage, with `…` where it cuts the body.
    pub text: String,
    /// Byte ranges of marked words in `text`.
    pub highlights: Vec<Span>,
}

struct Tok {
    from: usize,
    to: usize,
    /// Which query word the token is, if any (index into the vocabulary).
    word: Option<usize>,
}

/// The analyzers a snippet tokenizes with: the folded chain, and the same chain without its
/// normalization step for bodies in NFC. Stored bodies are normalized already, so both give the
/// same tokens there, and matching on folded tokens does not depend on tone placement; skipping
/// the normalization scan makes snippets several times cheaper (see `benches/search.rs`).
#[derive(Clone)]
pub struct SnippetAnalyzers {
    normalizing: TextAnalyzer,
    plain: TextAnalyzer,
}

impl Default for SnippetAnalyzers {
    fn default() -> Self {
        SnippetAnalyzers {
            normalizing: analyzer::folded(),
            plain: analyzer::for_normalized_text(true),
        }
    }
}

impl SnippetAnalyzers {
    fn for_text(&mut self, text: &str) -> &mut TextAnalyzer {
        use unicode_normalization::{IsNormalized, is_nfc_quick};
        if is_nfc_quick(text.chars()) == IsNormalized::Yes {
            &mut self.plain
        } else {
            &mut self.normalizing
        }
    }
}

/// The snippet of `body` for `terms`.
pub fn snippet(analyzers: &mut SnippetAnalyzers, body: &str, terms: &HighlightTerms) -> Snippet {
    // Every word to look for, single or in a phrase.
    let mut vocabulary: HashMap<&str, usize> = HashMap::new();
    for w in terms.words.iter().chain(terms.phrases.iter().flatten()) {
        let n = vocabulary.len();
        vocabulary.entry(w.as_str()).or_insert(n);
    }
    let mut toks = Vec::new();
    if !terms.is_empty() {
        let mut stream = analyzers.for_text(body).token_stream(body);
        while let Some(t) = stream.next() {
            toks.push(Tok {
                from: t.offset_from,
                to: t.offset_to,
                word: vocabulary.get(t.text.as_str()).copied(),
            });
        }
    }
    // Marked tokens, by index, with the term they count as and, for phrases, the occurrence.
    let mut marked: Vec<Option<(usize, Option<usize>)>> = vec![None; toks.len()];
    let mut occurrence = 0;
    let mut weights: Vec<f32> = Vec::new();
    for w in &terms.words {
        let k = weights.len();
        weights.push(1.0);
        let id = vocabulary.get(w.as_str()).copied();
        for (i, t) in toks.iter().enumerate() {
            if t.word.is_some() && t.word == id {
                marked[i] = Some((k, None));
            }
        }
    }
    for p in &terms.phrases {
        let k = weights.len();
        weights.push(p.len() as f32);
        let ids: Vec<Option<usize>> = p
            .iter()
            .map(|w| vocabulary.get(w.as_str()).copied())
            .collect();
        if p.is_empty() || p.len() > toks.len() {
            continue;
        }
        for i in 0..=toks.len() - p.len() {
            if toks[i..i + p.len()]
                .iter()
                .zip(&ids)
                .all(|(t, id)| t.word.is_some() && t.word == *id)
            {
                occurrence += 1;
                for m in &mut marked[i..i + p.len()] {
                    *m = Some((k, Some(occurrence)));
                }
            }
        }
    }
    let hits: Vec<(usize, usize)> = marked
        .iter()
        .enumerate()
        .filter_map(|(i, m)| m.map(|(k, _)| (i, k)))
        .collect();
    // Matches spelled as typed (with diacritics) weigh a little more.
    let bonus: Vec<f32> = hits
        .iter()
        .map(|&(i, _)| {
            let t = &toks[i];
            if !terms.exact.is_empty() && terms.exact.contains(&body[t.from..t.to].to_lowercase()) {
                0.5
            } else {
                0.0
            }
        })
        .collect();
    // Best window: most distinct terms, then most exact spellings, then earliest.
    let max_bytes = |from: usize| {
        body[from..]
            .char_indices()
            .nth(SNIPPET_CHARS)
            .map_or(body.len(), |(i, _)| from + i)
    };
    let mut best: Option<(f32, usize)> = None;
    for (h, &(i, _)) in hits.iter().enumerate() {
        let limit = max_bytes(toks[i].from);
        let mut seen = HashSet::new();
        let mut score = 0.0;
        for (&(j, k), b) in hits[h..].iter().zip(&bonus[h..]) {
            if toks[j].to > limit {
                break;
            }
            if seen.insert(k) {
                score += weights[k];
            }
            score += b + 0.01;
        }
        if best.is_none_or(|(s, _)| score > s) {
            best = Some((score, i));
        }
    }
    let (start, end) = match best {
        Some((_, i)) => {
            // Start a little before the first marked word, at a sentence or word boundary.
            let first = toks[i].from;
            let back = body[..first]
                .char_indices()
                .rev()
                .nth(SNIPPET_CHARS / 4)
                .map_or(0, |(b, _)| b);
            let sentence = body[back..first]
                .rfind(['.', '!', '?', '\n'])
                .map(|p| back + p + 1);
            let start = sentence.unwrap_or_else(|| word_start(body, back));
            let start = skip_space(body, start);
            (start, cut_end(body, start, max_bytes(start)))
        }
        None => (0, cut_end(body, 0, max_bytes(0))),
    };
    let mut text = String::new();
    if start > 0 {
        text.push_str(ELLIPSIS);
        text.push(' ');
    }
    let shift = text.len();
    text.push_str(&body[start..end].replace(['\n', '\r', '\t'], " "));
    let text_end = text.trim_end().len();
    text.truncate(text_end);
    if end < body.trim_end().len() {
        text.push(' ');
        text.push_str(ELLIPSIS);
    }
    let shown_end = start + (text_end - shift);
    let mut highlights: Vec<Span> = Vec::new();
    let mut last_occurrence = None;
    for &(i, _) in &hits {
        let t = &toks[i];
        if t.from < start || t.to > shown_end {
            continue;
        }
        let span = Span::new(t.from - start + shift, t.to - start + shift);
        let occ = marked[i].and_then(|(_, o)| o);
        match highlights.last_mut() {
            // The words of one phrase occurrence, and marked words only spaces apart, become one
            // highlight.
            Some(l)
                if (occ.is_some() && occ == last_occurrence)
                    || text[l.end..span.start].chars().all(|c| c == ' ') =>
            {
                l.end = span.end
            }
            _ => highlights.push(span),
        }
        last_occurrence = occ;
    }
    Snippet { text, highlights }
}

fn skip_space(s: &str, i: usize) -> usize {
    i + s[i..].len() - s[i..].trim_start().len()
}

/// The start of the word holding byte `i` (or `i` at a boundary).
fn word_start(s: &str, i: usize) -> usize {
    if i == 0 || s[..i].ends_with(char::is_whitespace) {
        return i;
    }
    s[..i]
        .rfind(char::is_whitespace)
        .map_or(0, |p| p + s[p..].chars().next().map_or(1, char::len_utf8))
}

/// Byte `i`, moved back to the end of the previous word when it falls inside one (but not before
/// `from`).
fn cut_end(s: &str, from: usize, i: usize) -> usize {
    if i >= s.len() || s[i..].starts_with(char::is_whitespace) {
        return i.min(s.len());
    }
    match s[from..i].rfind(char::is_whitespace) {
        Some(p) if p > 0 => from + p,
        _ => i,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(words: &[&str], phrases: &[&[&str]], exact: &[&str]) -> HighlightTerms {
        HighlightTerms {
            words: words.iter().map(|s| s.to_string()).collect(),
            phrases: phrases
                .iter()
                .map(|p| p.iter().map(|s| s.to_string()).collect())
                .collect(),
            exact: exact.iter().map(|s| s.to_string()).collect(),
        }
    }

    fn marked(s: &Snippet) -> Vec<&str> {
        s.highlights
            .iter()
            .map(|h| &s.text[h.start..h.end])
            .collect()
    }

    #[test]
    fn marks_words_whatever_their_diacritics() {
        let body = "Năm nay Sở Tư pháp nhận Cờ thi đua.\nCác đơn vị có nhiều cố gắng.";
        let s = snippet(
            &mut SnippetAnalyzers::default(),
            body,
            &terms(&["co"], &[], &["cờ"]),
        );
        assert_eq!(marked(&s), ["Cờ", "có", "cố"]);
        let s = snippet(
            &mut SnippetAnalyzers::default(),
            body,
            &terms(&["co", "thi", "dua"], &[], &[]),
        );
        assert_eq!(marked(&s), ["Cờ thi đua", "có", "cố"]);
        assert!(!s.text.contains('\n'));
    }

    #[test]
    fn phrases_are_marked_only_where_whole() {
        let body = "Thi đua yêu nước. Khối thi đua Nội chính họp. Nội dung chính.";
        let s = snippet(
            &mut SnippetAnalyzers::default(),
            body,
            &terms(&[], &[&["noi", "chinh"]], &[]),
        );
        assert_eq!(marked(&s), ["Nội chính"]);
    }

    #[test]
    fn long_bodies_are_cut_around_the_match_with_ellipses() {
        let filler = "lời mở đầu dài ".repeat(40);
        let body = format!("{filler}Hội nghị tổng kết năm. {filler}");
        let s = snippet(
            &mut SnippetAnalyzers::default(),
            &body,
            &terms(&["tong"], &[], &[]),
        );
        assert!(s.text.starts_with("… "), "{}", s.text);
        assert!(s.text.ends_with(" …"), "{}", s.text);
        assert!(s.text.chars().count() <= SNIPPET_CHARS + 4);
        assert_eq!(marked(&s), ["tổng"]);
    }

    #[test]
    fn no_match_gives_the_opening() {
        let s = snippet(
            &mut SnippetAnalyzers::default(),
            "Mở đầu bài viết.",
            &HighlightTerms::default(),
        );
        assert_eq!(s.text, "Mở đầu bài viết.");
        assert!(s.highlights.is_empty());
    }

    proptest::proptest! {
        #[test]
        fn highlights_stay_inside_the_snippet(
            body in "[a-zcờóđ .\n\u{300}]{0,400}",
            word in "(co|d|a|b)",
        ) {
            let t = terms(&[word.as_str()], &[&["co", "d"]], &["cờ"]);
            let s = snippet(&mut SnippetAnalyzers::default(), &body, &t);
            for h in &s.highlights {
                proptest::prop_assert!(h.start < h.end && h.end <= s.text.len());
                proptest::prop_assert!(s.text.is_char_boundary(h.start));
                proptest::prop_assert!(s.text.is_char_boundary(h.end));
            }
        }
    }
}
