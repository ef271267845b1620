//! Blocs and clusters: "Khối thi đua Nội chính", "Khối Thi đua các ngành Tổng hợp", "Khối thi
//! đua số 6", "Khối 5", "Cụm thi đua số 4", names with commas ("các cơ quan tham mưu, tổng
//! hợp"), short forms defined with "(gọi tắt là ...)", and bare references ("trong Khối").

use super::analyze::cue_at;
use super::lexicon::{Cue, LEX};
use super::token::{Tok, TokKind};

/// A bloc or cluster mention.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlocHit {
    /// First token.
    pub t0: usize,
    /// One past the last token.
    pub t1: usize,
    /// The name as written ("Khối thi đua Nội chính"), or `None` for a bare reference.
    pub name: Option<String>,
    /// A cluster (Cụm) rather than a bloc (Khối).
    pub cluster: bool,
    /// A short form defined right after it with "gọi tắt là", as written.
    pub short: Option<String>,
}

fn is_roman(s: &str) -> bool {
    !s.is_empty() && s.len() <= 5 && s.chars().all(|c| matches!(c, 'I' | 'V' | 'X'))
}

fn is_number(t: &Tok) -> bool {
    t.kind == TokKind::Num || (t.kind == TokKind::Word && is_roman(&t.text))
}

/// True when a name may not continue at `k`: a trigger or stop word starts there.
fn stops(toks: &[Tok], k: usize) -> bool {
    let t = &toks[k];
    if t.cap {
        return false;
    }
    !matches!(
        cue_at(toks, k, &[]),
        None | Some((
            Cue::Collective | Cue::Individual | Cue::Of | Cue::AllMembers,
            _
        ))
    )
}

/// The words of tokens `a..b` as written in `text` (spaces collapsed).
fn written(toks: &[Tok], a: usize, b: usize, text: &str) -> String {
    if a >= b {
        return String::new();
    }
    let s = text.get(toks[a].start..toks[b - 1].end).unwrap_or("");
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn join(toks: &[Tok], a: usize, b: usize) -> String {
    let mut out = String::new();
    for t in &toks[a..b] {
        if t.kind == TokKind::Punct {
            match t.text.as_str() {
                "," => out.push(','),
                "-" | "–" | "—" => out.push_str(" -"),
                "&" => out.push_str(" &"),
                _ => {}
            }
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&t.text);
    }
    out
}

/// Reads a bloc name starting at `j` (after "Khối thi đua"); returns its end.
fn name_end(toks: &[Tok], j: usize, covered: &[bool]) -> usize {
    let Some(first) = toks.get(j) else {
        return j;
    };
    if covered[j] || first.kind == TokKind::Punct {
        return j;
    }
    let mut list = first.key == "các" || first.key == "những";
    // A lowercase first word opens a name only when a capitalized word follows at once
    // ("Cụm thi đua thanh tra Sở Du lịch ...").
    let lower_then_cap = first.kind == TokKind::Word
        && !first.cap
        && (1..=2).any(|o| {
            toks.get(j + o)
                .is_some_and(|t| t.kind == TokKind::Word && t.cap && !covered[j + o])
        });
    let ok_first = list
        || first.key == "số"
        || is_number(first)
        || (first.cap && first.kind == TokKind::Word)
        || lower_then_cap;
    if !ok_first || (!list && stops(toks, j)) {
        return j;
    }
    let mut k = j;
    let mut end = j;
    let mut lower_run = 0;
    while k < toks.len() && !covered[k] && k - j < 18 {
        let t = &toks[k];
        if t.kind == TokKind::Punct {
            let next = toks.get(k + 1);
            let cont = match t.text.as_str() {
                // "các cơ quan tham mưu, tổng hợp": a list of kinds goes on after a comma,
                // a new subject ("các đơn vị ...") does not, nor anything after the scope
                // that ends a name ("... và đoàn thể tỉnh, Ban luôn ...").
                "," => {
                    list && !(k > j && toks[k - 1].key == "tỉnh" && toks[k - 1].text == "tỉnh")
                        && next.is_some_and(|n| {
                            n.kind == TokKind::Word
                                && !stops(toks, k + 1)
                                && !matches!(
                                    n.key.as_str(),
                                    "các"
                                        | "những"
                                        | "tất"
                                        | "đại"
                                        | "lãnh"
                                        | "đồng"
                                        | "ông"
                                        | "bà"
                                )
                        })
                }
                // "Văn hóa - Xã hội", and in lists "chính trị - xã hội".
                "-" | "–" | "—" => {
                    next.is_some_and(|n| {
                        n.kind == TokKind::Word && (n.cap || list) && !stops(toks, k + 1)
                    }) && !is_agency_start(toks, k + 1)
                }
                "&" => next.is_some_and(|n| n.kind == TokKind::Word),
                _ => false,
            };
            if !cont || covered.get(k + 1).copied().unwrap_or(true) {
                break;
            }
            lower_run = 0;
            k += 1;
            continue;
        }
        if k > j {
            // "Mặt trận Tổ quốc và các đoàn thể ...": a list of kinds begins.
            if t.key == "và"
                && toks
                    .get(k + 1)
                    .is_some_and(|n| n.key == "các" || n.key == "những")
            {
                list = true;
            }
            if matches!(t.key.as_str(), "và" | "của") && !list {
                break;
            }
            // Inside a list of kinds, "về", "trên", "thuộc" belong to the name ("các cơ quan
            // quản lý nhà nước về kinh tế", "đóng trên địa bàn tỉnh").
            let in_list_word = list
                && (matches!(
                    t.key.as_str(),
                    "về" | "trên" | "thuộc" | "trực" | "đóng" | "địa" | "bàn"
                ) || (t.key == "có"
                    && toks.get(k + 1).is_some_and(|n| {
                        n.kind == TokKind::Word && !n.cap && !stops(toks, k + 1)
                    })));
            // "Khối thi đua Nội chính tỉnh Quảng Bình": the province is not part of the name,
            // but "trên địa bàn tỉnh", "trực thuộc UBND tỉnh" keep their "tỉnh".
            if t.key == "tỉnh"
                && toks
                    .get(k + 1)
                    .is_some_and(|n| n.key != "ủy" && n.kind == TokKind::Word && n.cap)
            {
                let of_body = matches!(
                    toks[k - 1].key.as_str(),
                    "bàn" | "dân" | "ubnd" | "thuộc" | "đảng"
                );
                if of_body {
                    end = k + 1;
                }
                break;
            }
            // "... Tỉnh ủy Bình Định": the province after a party committee.
            if k >= 2
                && toks[k - 1].key == "ủy"
                && toks[k - 2].key == "tỉnh"
                && t.cap
                && LEX
                    .province_trie
                    .step_id(LEX.province_trie.root(), t.id)
                    .is_some()
            {
                break;
            }
            // "Khối thi đua số 4 các chi nhánh ...": a list of kinds after the number.
            if t.key == "các" {
                list = true;
            }
            if !matches!(t.key.as_str(), "và" | "của") && !in_list_word && stops(toks, k) {
                break;
            }
            // "Khối thi đua Khối 5" is one name; a later "Khối ..." starts a new one.
            if t.key == "khối" || t.key == "cụm" {
                break;
            }
        }
        if t.cap || is_number(t) || t.expanded {
            lower_run = 0;
        } else {
            lower_run += 1;
            if (!list && lower_run > 3) || lower_run > 14 {
                break;
            }
        }
        k += 1;
        if !matches!(t.key.as_str(), "và" | "của") {
            end = k;
        }
    }
    end
}

fn is_agency_start(toks: &[Tok], k: usize) -> bool {
    let mut node = LEX.agency_trie.root();
    let mut j = k;
    while j < toks.len() && j < k + 6 {
        match LEX.agency_trie.step_id(node, toks[j].id) {
            Some(n) => {
                if LEX.agency_trie.value(n).is_some() {
                    return true;
                }
                node = n;
            }
            None => break,
        }
        j += 1;
    }
    LEX.head_trie
        .step_id(LEX.head_trie.root(), toks[k].id)
        .is_some_and(|n| LEX.head_trie.value(n).is_some())
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// A "(gọi tắt là X)" definition a few words after a bloc name that ended at `end`, within the
/// same sentence (the definition vouches for the words before it, commas included): (where the name really ends, the opening parenthesis). A place at the end of
/// the words in between ("tỉnh Bình Dương") is not part of the name; a bare "tỉnh" is.
fn defined_after(
    toks: &[Tok],
    covered: &[bool],
    start: usize,
    end: usize,
) -> Option<(usize, usize)> {
    let open = (end..toks.len().min(end + 8))
        .take_while(|&j| !covered[j] && !matches!(toks[j].key.as_str(), ";" | "." | ":" | ")"))
        .find(|&j| toks[j].key == "(")?;
    short_form(toks, open)?;
    // The first province name in between ends the name, with the "tỉnh"/"thành phố"/"TP"
    // that introduces it ("Tỉnh ủy Bình Định" keeps "Tỉnh ủy").
    let place = (start.max(end.saturating_sub(1))..open).find(|&j| {
        toks[j].cap
            && LEX
                .province_trie
                .step_id(LEX.province_trie.root(), toks[j].id)
                .is_some()
    });
    let name_end = match place {
        Some(j) if j >= 1 && matches!(toks[j - 1].key.as_str(), "tỉnh" | "tp") => j - 1,
        Some(j) if j >= 2 && toks[j - 2].key == "thành" && toks[j - 1].key == "phố" => j - 2,
        Some(j) => j,
        None => open,
    };
    Some((name_end.max(start), open))
}

/// A "(gọi tắt là X)" definition at `k`: (short form, end).
fn short_form(toks: &[Tok], k: usize) -> Option<(String, usize)> {
    if toks.get(k)?.key != "(" {
        return None;
    }
    let close = (k + 1..toks.len().min(k + 14)).find(|&j| toks[j].key == ")")?;
    let keys: Vec<&str> = toks[k + 1..close].iter().map(|t| t.key.as_str()).collect();
    let pos = keys
        .windows(3)
        .position(|w| w == ["gọi", "tắt", "là"])
        .map(|p| p + 3)
        .or_else(|| {
            keys.windows(2)
                .position(|w| w == ["gọi", "là"])
                .map(|p| p + 2)
        })?;
    let start = k + 1 + pos;
    if start >= close {
        return None;
    }
    Some((join(toks, start, close), close + 1))
}

/// Finds bloc and cluster mentions in a sentence, skipping covered tokens.
pub fn find(toks: &[Tok], covered: &[bool], text: &str) -> Vec<BlocHit> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let t = &toks[i];
        if covered[i] || !(t.key == "khối" || t.key == "cụm") {
            i += 1;
            continue;
        }
        let cluster = t.key == "cụm";
        let k1 = toks.get(i + 1).map(|x| x.key.as_str()).unwrap_or("");
        let k2 = toks.get(i + 2).map(|x| x.key.as_str()).unwrap_or("");
        let mut hit = None;
        if k1 == "thi" && k2 == "đua" && i + 2 < toks.len() && !covered[i + 1] && !covered[i + 2] {
            let end = name_end(toks, i + 3, covered);
            let prefix = capitalize(&written(toks, i, i + 3, text));
            let name = if end > i + 3 {
                Some(format!("{prefix} {}", written(toks, i + 3, end, text)))
            } else {
                None
            };
            hit = Some((end, name));
        } else if t.cap
            && toks.get(i + 1).is_some_and(is_number)
            && !covered.get(i + 1).copied().unwrap_or(true)
        {
            hit = Some((i + 2, Some(written(toks, i, i + 2, text))));
        } else {
            let prev = if i > 0 { toks[i - 1].key.as_str() } else { "" };
            let next_lower_word = toks
                .get(i + 1)
                .is_some_and(|n| n.kind == TokKind::Word && !n.cap && !stops(toks, i + 1));
            let referring = matches!(
                prev,
                "trong" | "của" | "thuộc" | "toàn" | "cả" | "giữa" | "gia"
            );
            if (t.cap || referring) && !next_lower_word && !matches!(k1, "trưởng" | "phó") {
                hit = Some((i + 1, None));
            }
        }
        match hit {
            Some((end, name)) => {
                let mut h = BlocHit {
                    t0: i,
                    t1: end,
                    name,
                    cluster,
                    short: None,
                };
                if let Some((short, e)) = short_form(toks, end) {
                    h.short = Some(short);
                    h.t1 = e;
                } else if let Some((name_end, open)) =
                    defined_after(toks, covered, i + 3, end).filter(|_| h.name.is_some())
                {
                    // "Khối thi đua các ..., xã hội tỉnh Bình Dương (gọi tắt là ...)": the words
                    // up to the definition belong to the name, but for a place at its end.
                    if let Some((short, e)) = short_form(toks, open) {
                        let prefix = capitalize(&written(toks, i, i + 3, text));
                        h.name = Some(format!("{prefix} {}", written(toks, i + 3, name_end, text)));
                        h.short = Some(short);
                        h.t1 = e;
                    }
                }
                i = h.t1;
                out.push(h);
            }
            None => i += 1,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::token::tokenize;
    use super::*;

    fn names(s: &str) -> Vec<Option<String>> {
        let toks = tokenize(s, 0, &[]);
        let covered = vec![false; toks.len()];
        find(&toks, &covered, s)
            .into_iter()
            .map(|b| b.name)
            .collect()
    }

    fn one(s: &str) -> String {
        names(s).into_iter().flatten().next().unwrap_or_default()
    }

    #[test]
    fn bloc_names() {
        assert_eq!(
            one("Khối thi đua Nội chính tổ chức hội nghị"),
            "Khối thi đua Nội chính"
        );
        assert_eq!(
            one("Khối thi đua các cơ quan tham mưu, tổng hợp tổ chức hội nghị"),
            "Khối thi đua các cơ quan tham mưu, tổng hợp"
        );
        assert_eq!(
            one(
                "Ngày 11.1, Khối thi đua các ban Đảng, cơ quan của Tỉnh ủy và đơn vị trực thuộc Tỉnh ủy (gọi tắt là Khối thi đua) tổ chức"
            ),
            "Khối thi đua các ban Đảng, cơ quan của Tỉnh ủy và đơn vị trực thuộc Tỉnh ủy"
        );
        assert_eq!(
            one("Khối Thi đua các ngành Tổng hợp: Sơ kết"),
            "Khối Thi đua các ngành Tổng hợp"
        );
        assert_eq!(
            one("của Khối thi đua Khối 5 năm 2018"),
            "Khối thi đua Khối 5"
        );
        assert_eq!(
            one("trưởng khối thi đua số 6 năm 2026"),
            "Khối thi đua số 6"
        );
        assert_eq!(one("Cụm thi đua số 4 gồm"), "Cụm thi đua số 4");
        assert_eq!(
            one("Quy chế của Khối thi đua Nội chính và Kế hoạch phát động"),
            "Khối thi đua Nội chính"
        );
        assert_eq!(
            one("Là thành viên Khối thi đua các cơ quan Đảng, Mặt trận và đoàn thể tỉnh, Ban luôn"),
            "Khối thi đua các cơ quan Đảng, Mặt trận và đoàn thể tỉnh"
        );
    }

    #[test]
    fn references_are_not_names() {
        assert_eq!(names("các đơn vị trong Khối thi đua đẩy mạnh"), vec![None]);
        assert_eq!(names("các cơ quan trong khối"), vec![None]);
        assert_eq!(names("khối lượng công việc"), Vec::<Option<String>>::new());
        assert_eq!(
            names("Đảng ủy Khối các cơ quan tỉnh"),
            Vec::<Option<String>>::new()
        );
    }
}
