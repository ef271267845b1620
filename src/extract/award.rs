//! Award types: the names of the Law on Emulation and Commendation and the forms news uses
//! for them, in any case, with classes of orders ("hạng Ba", "hạng III") and quoted flag names
//! (Cờ "Đơn vị dẫn đầu phong trào thi đua").

use super::lexicon::{AwardKind, LEX};
use super::token::{Tok, TokKind};

/// An award type found in a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AwardHit {
    /// First token.
    pub t0: usize,
    /// One past the last token.
    pub t1: usize,
    /// Canonical name, with the class of an order.
    pub name: String,
    /// Kind.
    pub kind: AwardKind,
}

fn class_of(key: &str) -> Option<&'static str> {
    Some(match key {
        "nhất" | "i" | "1" => "Nhất",
        "nhì" | "hai" | "ii" | "2" => "Nhì",
        "ba" | "iii" | "3" => "Ba",
        _ => return None,
    })
}

/// Longest award phrase at `i`: (entry, end).
fn phrase_at(toks: &[Tok], i: usize, covered: &[bool]) -> Option<(usize, usize)> {
    let trie = &LEX.award_trie;
    let mut node = trie.root();
    let mut best = None;
    let mut j = i;
    while j < toks.len() && !covered[j] {
        let t = &toks[j];
        if t.kind == TokKind::Punct {
            if j == i || !t.is_soft_punct() {
                break;
            }
            j += 1;
            continue;
        }
        match trie.step_id(node, t.id) {
            Some(n) => {
                node = n;
                j += 1;
                if let Some(v) = trie.value(n) {
                    best = Some((v as usize, j));
                }
            }
            None => break,
        }
    }
    best
}

/// The end of a quoted phrase starting at `k` (an opening quote), if it closes soon.
fn quoted_end(toks: &[Tok], k: usize) -> Option<usize> {
    if !toks.get(k)?.is_quote() {
        return None;
    }
    (k + 1..toks.len().min(k + 16))
        .find(|&j| toks[j].is_quote())
        .map(|j| j + 1)
}

/// Finds award types in a sentence, skipping covered tokens.
pub fn find(toks: &[Tok], covered: &[bool]) -> Vec<AwardHit> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        if covered[i] || toks[i].kind != TokKind::Word {
            i += 1;
            continue;
        }
        if let Some((entry, mut end)) = phrase_at(toks, i, covered) {
            let e = &LEX.awards[entry];
            // A closing quote belongs to the name when its opening quote is inside it
            // (Cờ “Đơn vị dẫn đầu ...”) or right before it (“Lao động tiên tiến”).
            let inner_quotes = toks[i..end].iter().filter(|t| t.is_quote()).count();
            let opened = inner_quotes % 2 == 1 || (i > 0 && toks[i - 1].is_quote());
            if end < toks.len() && toks[end].is_quote() && opened {
                end += 1;
            }
            let mut name = e.name.clone();
            if e.kind == AwardKind::Order
                && toks.get(end).is_some_and(|t| t.key == "hạng")
                && let Some(c) = toks.get(end + 1).and_then(|t| class_of(&t.key))
            {
                name = format!("{name} hạng {c}");
                end += 2;
            }
            // Cờ thi đua "Đơn vị dẫn đầu ...": the quoted name is part of the flag.
            if e.kind == AwardKind::Flag
                && let Some(q) = quoted_end(toks, end)
            {
                end = q;
            }
            out.push(AwardHit {
                t0: i,
                t1: end,
                name,
                kind: e.kind,
            });
            i = end;
            continue;
        }
        // Cờ "…" with a quoted name of a flag.
        if toks[i].key == "cờ"
            && let Some(q) = quoted_end(toks, i + 1)
        {
            let inner: Vec<&str> = toks[i + 2..q - 1].iter().map(|t| t.key.as_str()).collect();
            let joined = inner.join(" ");
            if joined.contains("thi đua")
                || joined.contains("dẫn đầu")
                || joined.contains("xuất sắc")
            {
                out.push(AwardHit {
                    t0: i,
                    t1: q,
                    name: "Cờ thi đua".into(),
                    kind: AwardKind::Flag,
                });
                i = q;
                continue;
            }
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::token::tokenize;
    use super::*;

    fn names(s: &str) -> Vec<String> {
        let toks = tokenize(s, 0, &[]);
        let covered = vec![false; toks.len()];
        find(&toks, &covered).into_iter().map(|a| a.name).collect()
    }

    #[test]
    fn award_forms() {
        assert_eq!(
            names("tặng cờ thi đua và Bằng khen, Huân chương Lao động hạng III"),
            vec!["Cờ thi đua", "Bằng khen", "Huân chương Lao động hạng Ba"]
        );
        assert_eq!(
            names("Cờ “Đơn vị dẫn đầu phong trào thi đua” của UBND tỉnh"),
            vec!["Cờ thi đua"]
        );
        assert_eq!(
            names("Cờ \"Đơn vị xuất sắc trong phong trào thi đua\" của Chính phủ"),
            vec!["Cờ thi đua"]
        );
        assert_eq!(
            names("đạt danh hiệu chiến sỹ thi đua cơ sở"),
            vec!["Chiến sĩ thi đua cơ sở"]
        );
        assert_eq!(names("có thi đua sôi nổi"), Vec::<String>::new());
    }
}
