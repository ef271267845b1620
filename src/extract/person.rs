//! Names of people: a run of capitalized words after an honorific ("đồng chí", "ông", "PGS.TS"),
//! or starting with a family name and long enough (or next to a position) to be a name.

use super::lexicon::{LEX, Trie};
use super::token::{Tok, TokKind};

/// A person's name found in a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonHit {
    /// First token of the honorific or name.
    pub t0: usize,
    /// One past the last token of the name.
    pub t1: usize,
    /// The name as written.
    pub name: String,
}

fn walk_words(trie: &Trie, toks: &[Tok], k: usize, covered: &[bool]) -> Option<usize> {
    let mut node = trie.root();
    let mut best = None;
    let mut j = k;
    while j < toks.len() && !covered[j] {
        let t = &toks[j];
        if t.kind == TokKind::Punct {
            if t.key == "." && j > k {
                j += 1;
                if trie.value(node).is_some() {
                    best = Some(j);
                }
                continue;
            }
            break;
        }
        match trie.step_id(node, t.id) {
            Some(n) => {
                node = n;
                j += 1;
                if trie.value(n).is_some() {
                    best = Some(j);
                }
            }
            None => break,
        }
    }
    best
}

fn name_run(toks: &[Tok], k: usize, covered: &[bool]) -> usize {
    let mut j = k;
    while j < toks.len()
        && j - k < 5
        && !covered[j]
        && toks[j].kind == TokKind::Word
        && toks[j].cap
        && !toks[j].expanded
        && toks[j].alias.is_none()
        && walk_words(&LEX.position_trie, toks, j, covered).is_none()
        && !(j > k && walk_words(&LEX.starter_trie, toks, j, covered).is_some())
    {
        j += 1;
    }
    j
}

fn is_province(toks: &[Tok], a: usize, b: usize) -> bool {
    let mut node = LEX.province_trie.root();
    for t in &toks[a..b] {
        match LEX.province_trie.step_id(node, t.id) {
            Some(n) => node = n,
            None => return false,
        }
    }
    LEX.province_trie.value(node).is_some()
}

fn text_of(toks: &[Tok], a: usize, b: usize) -> String {
    toks[a..b]
        .iter()
        .map(|t| t.text.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Finds people's names in a sentence, skipping covered tokens.
pub fn find(toks: &[Tok], covered: &[bool]) -> Vec<PersonHit> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        if covered[i] || toks[i].kind != TokKind::Word {
            i += 1;
            continue;
        }
        // Honorific + name.
        // "Hai Bà Trưng" is a name, not an honorific.
        let inside_name = i > 0 && toks[i - 1].cap && toks[i - 1].kind == TokKind::Word;
        if !inside_name && let Some(h) = walk_words(&LEX.honorific_trie, toks, i, covered) {
            let kinship = matches!(
                toks[i].key.as_str(),
                "ông" | "bà" | "anh" | "chị" | "em" | "đồng" | "cô" | "thầy" | "cháu"
            );
            let end = name_run(toks, h, covered);
            // "anh Mười đã ...": one given name after a kinship word, followed by lowercase.
            let lone_given = kinship
                && end == h + 1
                && toks.get(end).is_none_or(|t| !t.cap)
                && !LEX.surnames.contains(&toks[h].key);
            let min = if kinship && !lone_given { 2 } else { 1 };
            if end >= h + min && !is_province(toks, h, end) {
                out.push(PersonHit {
                    t0: i,
                    t1: end,
                    name: text_of(toks, h, end),
                });
                i = end;
                continue;
            }
        }
        // Family name + given names.
        if toks[i].cap && LEX.surnames.contains(&toks[i].key) {
            let end = name_run(toks, i, covered);
            let len = end - i;
            let prev = if i > 0 { toks[i - 1].key.as_str() } else { "" };
            // No province bears a person's name, so "UBND tỉnh Nguyễn Văn A" names the chairman;
            // districts and streets may ("huyện Trần Văn Thời", "đường Lê Văn Lương").
            let place_before = matches!(
                prev,
                "đường" | "phố" | "quận" | "huyện" | "xã" | "phường" | "cầu" | "chợ" | "thành"
            );
            let dash_after = toks.get(end).is_some_and(|t| t.is_dash() || t.key == ",")
                && toks.get(end + 1).is_some_and(|_| {
                    walk_words(&LEX.position_trie, toks, end + 1, covered).is_some()
                });
            if (len >= 3 || (len == 2 && dash_after)) && !place_before && !is_province(toks, i, end)
            {
                out.push(PersonHit {
                    t0: i,
                    t1: end,
                    name: text_of(toks, i, end),
                });
                i = end;
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
        find(&toks, &covered).into_iter().map(|p| p.name).collect()
    }

    #[test]
    fn honorifics_and_family_names() {
        assert_eq!(
            names("Đồng chí Nguyễn Thanh Tâm – Phó Chánh Văn phòng"),
            vec!["Nguyễn Thanh Tâm"]
        );
        assert_eq!(
            names("PGS.TS. Phạm Thị Hoàng Anh- Trưởng khối"),
            vec!["Phạm Thị Hoàng Anh"]
        );
        assert_eq!(names("bà Triệu Thị Bảo Hoa, Vụ"), vec!["Triệu Thị Bảo Hoa"]);
        assert_eq!(names("Lê Văn Hùng phát biểu"), vec!["Lê Văn Hùng"]);
        assert_eq!(names("tỉnh Hà Tĩnh và đường Lê Lợi"), Vec::<String>::new());
    }
}
