//! Lines and sentences of an article, with byte spans, and which lines are prose.
//!
//! Relations are read from prose sentences only. Short lines without final punctuation before the
//! first prose line are headings (a title the cleaner left in the body): blocs and events may be
//! read from them. Everything else without final punctuation (captions, bylines, counters) and
//! everything after a related-links or comments header is page furniture and is never read.

use super::lexicon::{LEX, phrase_keys};
use crate::model::{Span, TextField};

/// What a line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    /// The article's title field.
    Title,
    /// A title-like line before the first prose line.
    Heading,
    /// Running text.
    Prose,
}

/// A sentence to read.
#[derive(Debug, Clone)]
pub struct Sentence {
    /// Which text it is in.
    pub field: TextField,
    /// Its bytes in that text.
    pub span: Span,
    /// What kind of line it comes from.
    pub kind: LineKind,
    /// Index of its line among the body's lines.
    pub line: usize,
}

/// A line the reader skipped (furniture), kept for metadata such as a dateline.
#[derive(Debug, Clone)]
pub struct OtherLine {
    /// Its bytes in the body.
    pub span: Span,
}

/// The readable sentences of an article and the lines it skipped.
#[derive(Debug, Clone, Default)]
pub struct Layout {
    /// Sentences in reading order: the title first, then headings and prose.
    pub sentences: Vec<Sentence>,
    /// Skipped lines (furniture, captions, datelines, bylines).
    pub skipped: Vec<OtherLine>,
}

fn words(line: &str) -> usize {
    line.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

/// Whether a line begins like page furniture; `Some(true)` when the article ends there.
fn furniture(line: &str) -> Option<bool> {
    // Furniture lines are short; sentences that begin alike are not furniture.
    if line.len() > 160 {
        return None;
    }
    let head: String = line.chars().take(60).collect();
    let keys = phrase_keys(&head);
    for (f, tail) in &LEX.furniture {
        if !f.is_empty() && keys.len() >= f.len() && keys[..f.len()] == f[..] {
            // A tail header is a short line of its own, not a sentence that starts alike.
            if *tail && words(line) > f.len() + 3 {
                continue;
            }
            return Some(*tail);
        }
    }
    None
}

fn ends_like_sentence(line: &str) -> bool {
    let t = line.trim_end();
    t.ends_with(['.', '!', '?', '…', ':', ';', '"', '”', '»', ')'])
}

/// True for a line that is only a date, a time or a section label with a date.
fn is_dateline(line: &str) -> bool {
    let letters = line.chars().filter(|c| c.is_alphabetic()).count();
    let digits = line.chars().filter(|c| c.is_ascii_digit()).count();
    digits >= 6 && letters <= 24 && words(line) <= 8
}

/// Abbreviations after which a period does not end a sentence.
fn is_abbreviation(word: &str) -> bool {
    let w = word.trim_start_matches(|c: char| !c.is_alphanumeric());
    if w.is_empty() {
        return false;
    }
    let n = w.chars().count();
    if n == 1 && w.chars().all(char::is_uppercase) {
        return true;
    }
    matches!(
        w,
        "TP" | "TS"
            | "PGS"
            | "GS"
            | "ThS"
            | "Th"
            | "BS"
            | "KS"
            | "NXB"
            | "Mr"
            | "Mrs"
            | "Dr"
            | "St"
            | "Tp"
            | "TT"
            | "Q"
            | "P"
            | "H"
            | "Th.S"
            | "PGS.TS"
            | "GS.TS"
            | "CN"
            | "ĐC"
    ) || (n <= 3 && w.chars().all(|c| c.is_uppercase()) && w.contains('.'))
}

/// Splits one prose line (starting at byte `base`) into sentence spans.
fn split_line(line: &str, base: usize) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = 0usize;
    let bytes: Vec<(usize, char)> = line.char_indices().collect();
    let mut k = 0;
    while k < bytes.len() {
        let (i, c) = bytes[k];
        if matches!(c, '.' | '!' | '?' | '…') {
            // Swallow runs like "./." or "...".
            let mut j = k + 1;
            while j < bytes.len() && matches!(bytes[j].1, '.' | '/' | '!' | '?' | '…') {
                j += 1;
            }
            let mut m = j;
            while m < bytes.len() && matches!(bytes[m].1, '"' | '”' | '»' | ')') {
                m += 1;
            }
            let gap_end = {
                let mut g = m;
                while g < bytes.len() && bytes[g].1.is_whitespace() {
                    g += 1;
                }
                g
            };
            let has_gap = gap_end > m;
            let next = bytes.get(gap_end).map(|x| x.1);
            let word_before: &str = line[start..i]
                .rsplit(char::is_whitespace)
                .next()
                .unwrap_or("");
            let starts_new = next.is_some_and(|n| {
                n.is_uppercase() || n.is_ascii_digit() || matches!(n, '"' | '“' | '(' | '-' | '–')
            });
            let boundary = (next.is_none() || (has_gap && starts_new))
                && !(c == '.' && j == k + 1 && is_abbreviation(word_before));
            if boundary {
                let end = bytes.get(m).map(|x| x.0).unwrap_or(line.len());
                push_trimmed(&mut out, line, start, end, base);
                start = bytes.get(gap_end).map(|x| x.0).unwrap_or(line.len());
                k = gap_end;
                continue;
            }
            k = j;
            continue;
        }
        k += 1;
    }
    push_trimmed(&mut out, line, start, line.len(), base);
    out
}

fn push_trimmed(out: &mut Vec<Span>, line: &str, start: usize, end: usize, base: usize) {
    if start >= end {
        return;
    }
    let s = &line[start..end];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    if lead + trail < s.len() {
        out.push(Span::new(base + start + lead, base + end - trail));
    }
}

/// Splits an article into readable sentences.
pub fn layout(title: Option<&str>, body: &str) -> Layout {
    let mut out = Layout::default();
    if let Some(t) = title
        && !t.trim().is_empty()
    {
        let lead = t.len() - t.trim_start().len();
        out.sentences.push(Sentence {
            field: TextField::Title,
            span: Span::new(lead, t.trim_end().len()),
            kind: LineKind::Title,
            line: 0,
        });
    }
    let mut seen_prose = false;
    let mut offset = 0usize;
    let mut ended = false;
    for (n, raw) in body.split('\n').enumerate() {
        let line_start = offset;
        offset += raw.len() + 1;
        let line = raw.trim_end_matches('\r');
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        let lead = line.len() - line.trim_start().len();
        let span = Span::new(line_start + lead, line_start + lead + trimmed.len());
        if ended {
            out.skipped.push(OtherLine { span });
            continue;
        }
        match furniture(trimmed) {
            Some(true) => {
                ended = true;
                out.skipped.push(OtherLine { span });
                continue;
            }
            Some(false) => {
                out.skipped.push(OtherLine { span });
                continue;
            }
            None => {}
        }
        let nwords = words(trimmed);
        let file_name = !trimmed.contains(' ') && trimmed.contains('_');
        if file_name || is_dateline(trimmed) || nwords < 3 {
            out.skipped.push(OtherLine { span });
            continue;
        }
        let long = if seen_prose { 15 } else { 30 };
        if ends_like_sentence(trimmed) || nwords >= long {
            seen_prose = true;
            for s in split_line(trimmed, span.start) {
                out.sentences.push(Sentence {
                    field: TextField::Body,
                    span: s,
                    kind: LineKind::Prose,
                    line: n,
                });
            }
        } else if !seen_prose {
            out.sentences.push(Sentence {
                field: TextField::Body,
                span,
                kind: LineKind::Heading,
                line: n,
            });
        } else {
            out.skipped.push(OtherLine { span });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts<'a>(body: &'a str, l: &Layout) -> Vec<&'a str> {
        l.sentences
            .iter()
            .filter(|s| s.field == TextField::Body)
            .map(|s| s.span.slice(body))
            .collect()
    }

    #[test]
    fn splits_sentences_and_keeps_abbreviations() {
        let body = "Sáng 22/3, PGS. Nguyễn Văn A phát biểu. Ngày 11.1 các đơn vị ký kết./. Hết.";
        let l = layout(None, body);
        assert_eq!(
            texts(body, &l),
            vec![
                "Sáng 22/3, PGS. Nguyễn Văn A phát biểu.",
                "Ngày 11.1 các đơn vị ký kết./.",
                "Hết."
            ]
        );
    }

    #[test]
    fn headings_captions_and_tails() {
        let body = "Hội nghị tổng kết Khối thi đua số 3\n12/03/2019\nCác đơn vị đã ký kết giao ước thi đua năm 2019.\nToàn cảnh hội nghị\nẢnh minh họa hội nghị khối\nMỹ Dung\nTin mới\nKhối thi đua số 9 tổng kết năm 2018.";
        let l = layout(Some("Tiêu đề"), body);
        let kinds: Vec<LineKind> = l.sentences.iter().map(|s| s.kind).collect();
        assert_eq!(
            kinds,
            vec![LineKind::Title, LineKind::Heading, LineKind::Prose]
        );
        assert_eq!(l.skipped.len(), 6);
    }

    #[test]
    fn spans_point_into_the_body() {
        let body = "  Dòng đầu tiên là tiêu đề dài\nCâu một có dấu chấm. Câu hai cũng vậy.";
        let l = layout(None, body);
        for s in &l.sentences {
            assert_eq!(s.span.slice(body).trim(), s.span.slice(body));
        }
        assert_eq!(texts(body, &l)[2], "Câu hai cũng vậy.");
    }
}
