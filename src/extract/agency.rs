//! Agency names: the lexicon (with level words such as "tỉnh", "Tỉnh ủy", "huyện X"),
//! distributive lists ("các ban Tổ chức, Tuyên giáo, Dân vận Tỉnh ủy"), generic heads with a
//! capitalized name ("Học viện Ngân hàng"), districts, and abbreviations the article defines
//! ("Học viện Ngân hàng (BAV)").

use super::lexicon::{AgencyKind, Cue, LEX, LevelClass, Trie};
use super::token::{Tok, TokKind};

/// An agency found in a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgencyHit {
    /// First token.
    pub t0: usize,
    /// One past the last token.
    pub t1: usize,
    /// Canonical name.
    pub name: String,
    /// Kind.
    pub kind: AgencyKind,
    /// An abbreviation defined right after it ("(BAV)"), as written.
    pub defines: Option<String>,
    /// The alias index the hit came from, when it is a defined abbreviation.
    pub alias: Option<usize>,
    /// The name without the province it states ("Ngân hàng Nhà nước chi nhánh tỉnh").
    pub base: Option<String>,
    /// Read from a generic head, not from the lexicon.
    pub generic: bool,
}

/// A level word group after a name.
#[derive(Debug, Clone)]
struct Level {
    text: String,
    end: usize,
    district: bool,
    /// The province named after "tỉnh" / "thành phố" ("Quảng Trị"), kept apart: an article
    /// about one province leaves it out, one comparing provinces keeps it.
    place: Option<String>,
}

fn cap_run(toks: &[Tok], mut k: usize, max: usize, covered: &[bool]) -> usize {
    let start = k;
    while k < toks.len()
        && k - start < max
        && !covered[k]
        && toks[k].kind == TokKind::Word
        && toks[k].cap
        && !starts_head(toks, k)
    {
        k += 1;
    }
    k
}

/// True when a generic or lexicon head starts at `k` (so a name run stops there).
fn starts_head(toks: &[Tok], k: usize) -> bool {
    let t = &toks[k];
    if !t.cap {
        return false;
    }
    let dist = LEX
        .distributive_heads
        .iter()
        .any(|h| h.iter().enumerate().all(|(o, w)| key_at(toks, k + o) == w));
    dist || walk(&LEX.head_trie, LEX.head_trie.root(), toks, k, &[]).is_some()
}

fn words_text(toks: &[Tok], a: usize, b: usize) -> String {
    let mut out = String::new();
    let mut last_span = (usize::MAX, usize::MAX);
    for t in &toks[a..b] {
        if t.kind == TokKind::Punct {
            match t.text.as_str() {
                "-" | "–" | "—" => out.push_str(" -"),
                "," => out.push(','),
                "&" => out.push_str(" &"),
                _ => {}
            }
            continue;
        }
        if t.expanded && (t.start, t.end) == last_span && out.ends_with(['-']) {
            // Keep expansions with inner punctuation readable.
        }
        last_span = (t.start, t.end);
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&t.text);
    }
    out
}

/// Reads a province or district name of capitalized words starting at `k`: (name, end, a
/// province). A centrally-run city counts as a province.
pub(super) fn place_name(
    toks: &[Tok],
    k: usize,
    covered: &[bool],
) -> Option<(String, usize, bool)> {
    place(toks, k, covered).map(|(n, e, p, _)| (n, e, p))
}

/// [`place_name`] telling also whether the place is a centrally-run city.
fn place(toks: &[Tok], k: usize, covered: &[bool]) -> Option<(String, usize, bool, bool)> {
    // A known province first.
    let mut node = LEX.province_trie.root();
    let mut best = None;
    let mut j = k;
    while j < toks.len() && !covered[j] {
        if toks[j].is_soft_punct() && toks[j].is_dash() {
            j += 1;
            continue;
        }
        if toks[j].kind != TokKind::Word {
            break;
        }
        match LEX.province_trie.step_id(node, toks[j].id) {
            Some(n) => {
                node = n;
                j += 1;
                if let Some(v) = LEX.province_trie.value(n) {
                    best = Some((
                        LEX.provinces[v as usize].clone(),
                        j,
                        LEX.cities.contains(&(v as usize)),
                    ));
                }
            }
            None => break,
        }
    }
    if let Some((name, end, city)) = best {
        return Some((name, end, true, city));
    }
    let end = cap_run(toks, k, 3, covered);
    // "Chủ tịch UBND TP Huỳnh Đức Thơ": a family name, a middle name and a given name are a
    // person ("huyện Cù Lao Dung" is a place).
    if end >= k + 3
        && LEX.surnames.contains(&toks[k].key)
        && LEX.middle_names.contains(&toks[k + 1].key)
    {
        return None;
    }
    if end > k {
        return Some((words_text(toks, k, end), end, false, false));
    }
    None
}

fn key_at(toks: &[Tok], k: usize) -> &str {
    toks.get(k).map(|t| t.key.as_str()).unwrap_or("")
}

/// Reads level words at `k` allowed by `class`.
fn parse_level(toks: &[Tok], k: usize, class: LevelClass, covered: &[bool]) -> Option<Level> {
    if class == LevelClass::None || k >= toks.len() || covered[k] {
        return None;
    }
    let gov = matches!(class, LevelClass::Gov | LevelClass::Any);
    let party = matches!(class, LevelClass::Party | LevelClass::Any);
    let k0 = key_at(toks, k);
    let k1 = key_at(toks, k + 1);
    if party {
        match (k0, k1) {
            ("tỉnh", "ủy") => {
                return Some(Level {
                    text: "Tỉnh ủy".into(),
                    end: k + 2,
                    district: false,
                    place: None,
                });
            }
            ("thành", "ủy") => {
                return Some(Level {
                    text: "Thành ủy".into(),
                    end: k + 2,
                    district: false,
                    place: None,
                });
            }
            ("huyện", "ủy") | ("thị", "ủy") | ("quận", "ủy") => {
                let word = if k0 == "huyện" {
                    "Huyện ủy"
                } else if k0 == "thị" {
                    "Thị ủy"
                } else {
                    "Quận ủy"
                };
                let (text, end) = match place_name(toks, k + 2, covered) {
                    Some((n, e, _)) => (format!("{word} {n}"), e),
                    None => (word.to_string(), k + 2),
                };
                return Some(Level {
                    text,
                    end,
                    district: true,
                    place: None,
                });
            }
            _ => {}
        }
    }
    // "Đài Phát thanh và Truyền hình Đồng Tháp", "Báo Hà Tĩnh": a province named without
    // "tỉnh" is part of the proper name.
    if gov
        && toks[k].cap
        && let Some((name, end, true)) = place_name(toks, k, covered)
    {
        return Some(Level {
            text: name,
            end,
            district: false,
            place: None,
        });
    }
    if k0 == "tối" && k1 == "cao" {
        return Some(Level {
            text: "tối cao".into(),
            end: k + 2,
            district: false,
            place: None,
        });
    }
    if (party || class == LevelClass::Any || gov) && k0 == "trung" && k1 == "ương" {
        return Some(Level {
            text: "Trung ương".into(),
            end: k + 2,
            district: false,
            place: None,
        });
    }
    if class == LevelClass::Any && k0 == "việt" && k1 == "nam" {
        return Some(Level {
            text: "Việt Nam".into(),
            end: k + 2,
            district: false,
            place: None,
        });
    }
    if !gov {
        return None;
    }
    match (k0, k1) {
        ("tỉnh", next) if next != "ủy" => {
            let p = place_name(toks, k + 1, covered).filter(|p| p.2);
            Some(Level {
                text: "tỉnh".into(),
                end: p.as_ref().map(|p| p.1).unwrap_or(k + 1),
                district: false,
                place: p.map(|p| p.0),
            })
        }
        // "thành phố Hà Nội" is a province; "thành phố Yên Bái" a town of its province.
        ("thành", "phố") => {
            match place(toks, k + 2, covered).map(|(n, e, _, city)| (n, e, city)) {
                Some((name, end, province)) if province => Some(Level {
                    text: "thành phố".into(),
                    end,
                    district: false,
                    place: Some(name),
                }),
                Some((name, end, _)) => Some(Level {
                    text: format!("thành phố {name}"),
                    end,
                    district: true,
                    place: None,
                }),
                None => Some(Level {
                    text: "thành phố".into(),
                    end: k + 2,
                    district: false,
                    place: None,
                }),
            }
        }
        ("huyện", _) | ("quận", _) => match place_name(toks, k + 1, covered) {
            Some((name, end, _)) => Some(Level {
                text: format!("{k0} {name}"),
                end,
                district: true,
                place: None,
            }),
            // "Chủ tịch UBND huyện tặng ...": the district named before.
            None if toks.get(k + 1).is_none_or(|t| !t.cap) => Some(Level {
                text: k0.to_string(),
                end: k + 1,
                district: true,
                place: None,
            }),
            None => None,
        },
        ("thị", "xã") | ("thị", "trấn") => {
            let (name, end, _) = place_name(toks, k + 2, covered)?;
            Some(Level {
                text: format!("thị {k1} {name}"),
                end,
                district: true,
                place: None,
            })
        }
        // Communes and wards ("phường Vĩnh Hải", "xã Tân Lập"): always named.
        ("phường", _) | ("xã", _) if commune_named(toks, k + 1) => {
            let (name, end, _) = place_name(toks, k + 1, covered)?;
            Some(Level {
                text: format!("{k0} {name}"),
                end,
                district: true,
                place: None,
            })
        }
        _ => None,
    }
}

/// True when a commune's name starts at `k`: a capitalized word, not "Hội" of "Xã hội".
fn commune_named(toks: &[Tok], k: usize) -> bool {
    toks.get(k)
        .is_some_and(|t| t.cap && t.kind == TokKind::Word && t.key != "hội")
}

/// Walks `trie` from `node` over the tokens from `k`, skipping light punctuation and "và";
/// returns the longest (value, end) found, except that a name complete before a list separator
/// ("," and, when `split_va`, "và") ends there: "Ban Tuyên giáo, Dân vận" is two boards.
fn walk_split(
    trie: &Trie,
    node: u32,
    toks: &[Tok],
    k: usize,
    covered: &[bool],
    split_va: bool,
    accept: &dyn Fn(u32) -> bool,
) -> Option<(u32, usize)> {
    let mut node = node;
    let mut best = None;
    let mut first_cut = None;
    let mut last_end = None;
    let mut j = k;
    let mut first = true;
    while j < toks.len() && !covered.get(j).copied().unwrap_or(false) {
        let t = &toks[j];
        let separator = t.key == "," || (split_va && t.key == "và");
        if separator && first_cut.is_none() && last_end == Some(j) {
            first_cut = best;
        }
        // "Ngân hàng Nhà nước (NHNN) chi nhánh": a definition inside a name.
        if t.key == "(" && !first {
            let close = (j + 1..toks.len().min(j + 7)).find(|&c| toks[c].key == ")");
            if let Some(c) = close
                && c > j + 1
                && toks[j + 1..c].iter().all(|x| {
                    x.expanded
                        || x.alias.is_some()
                        || (x.cap && x.text.chars().all(|ch| !ch.is_lowercase()))
                        || x.key == "&"
                })
            {
                j = c + 1;
                continue;
            }
        }
        if t.kind == TokKind::Punct {
            if first || !t.is_soft_punct() {
                break;
            }
            j += 1;
            continue;
        }
        if t.key == "và" && !first {
            j += 1;
            continue;
        }
        match trie.step_id(node, t.id) {
            Some(n) => {
                node = n;
                j += 1;
                first = false;
                if let Some(v) = trie.value(n).filter(|v| accept(*v)) {
                    best = Some((v, j));
                    last_end = Some(j);
                }
            }
            None => break,
        }
    }
    match (first_cut, best) {
        (Some(c), Some(b)) if b.1 > c.1 => Some(c),
        _ => best,
    }
}

/// [`walk_split`] splitting at commas only.
fn walk(trie: &Trie, node: u32, toks: &[Tok], k: usize, covered: &[bool]) -> Option<(u32, usize)> {
    walk_split(trie, node, toks, k, covered, false, &|_| true)
}

/// Whether an agency entry existed in `year` (names created by the 2025 mergers did not
/// before).
fn in_force(entry: u32, year: Option<i32>) -> bool {
    match (LEX.agencies[entry as usize].from, year) {
        (Some(from), Some(y)) => y >= from,
        _ => true,
    }
}

/// The trie node after a distributive head of `entry`'s name.
fn head_node(entry: usize) -> Option<u32> {
    let e = &LEX.agencies[entry];
    if e.head_words == 0 {
        return None;
    }
    let keys: Vec<String> = super::lexicon::phrase_keys(&e.name)
        .into_iter()
        .filter(|w| w != "và")
        .collect();
    let mut node = LEX.agency_trie.root();
    for k in &keys[..e.head_words] {
        node = LEX.agency_trie.step(node, k)?;
    }
    Some(node)
}

fn canonical(entry: usize, level: Option<&Level>) -> (String, AgencyKind, Option<String>) {
    let e = &LEX.agencies[entry];
    let mut kind = e.kind;
    let (name, base) = match level {
        Some(l) if !e.level_dropped => {
            let base = format!("{} {}", e.name, l.text);
            match &l.place {
                Some(p) => (format!("{base} {p}"), Some(base)),
                None => (base, None),
            }
        }
        _ => (e.name.clone(), None),
    };
    if level.is_some_and(|l| l.district) && kind == AgencyKind::Authority {
        kind = AgencyKind::Unit;
    }
    (name, kind, base)
}

/// A province named right after a body's name without "tỉnh" ("Kho bạc Nhà nước Đồng Nai") is
/// its province, as if written "tỉnh Đồng Nai", unless the lexicon keeps it in the proper name.
fn province_after_name(entry: usize, level: Level) -> Level {
    let e = &LEX.agencies[entry];
    let province = (!level.district && level.place.is_none())
        .then(|| LEX.provinces.iter().position(|p| *p == level.text))
        .flatten();
    if let Some(p) = province
        && !e.province_in_name
        && !e.level_dropped
    {
        Level {
            text: if LEX.cities.contains(&p) {
                "thành phố"
            } else {
                "tỉnh"
            }
            .into(),
            end: level.end,
            district: false,
            place: Some(level.text),
        }
    } else {
        level
    }
}

fn has_capital(toks: &[Tok], a: usize, b: usize) -> bool {
    toks[a..b].iter().any(|t| t.cap || t.expanded)
}

/// A lexicon match at `i`: (entry, end of name).
fn lexicon_at(
    toks: &[Tok],
    i: usize,
    covered: &[bool],
    year: Option<i32>,
) -> Option<(usize, usize)> {
    if toks[i].kind != TokKind::Word || covered[i] {
        return None;
    }
    // "cơ sở" is not a department.
    if toks[i].key == "sở" && i > 0 && toks[i - 1].key == "cơ" {
        return None;
    }
    let (v, end) = walk_split(
        &LEX.agency_trie,
        LEX.agency_trie.root(),
        toks,
        i,
        covered,
        false,
        &|v| in_force(v, year),
    )?;
    if !has_capital(toks, i, end) && end - i < 3 {
        return None;
    }
    Some((v as usize, end))
}

/// The token after the list separators ("," and "và") that start at `j` and are not covered;
/// `j` itself when there are none.
fn skip_list_separators(toks: &[Tok], covered: &[bool], mut j: usize) -> usize {
    while j < toks.len() && !covered[j] && (toks[j].key == "," || toks[j].key == "và") {
        j += 1;
    }
    j
}

/// Reads a distributive list after a head: "Tài chính, Tư pháp và Nội vụ" after "Sở".
/// Returns (entry, t0, t1, level) items.
fn distributed(
    toks: &[Tok],
    mut k: usize,
    node: u32,
    covered: &[bool],
    first_item: bool,
    year: Option<i32>,
) -> Vec<(usize, usize, usize, Option<Level>)> {
    let mut out = Vec::new();
    let mut need_sep = !first_item;
    loop {
        let mut j = k;
        if need_sep {
            let after = skip_list_separators(toks, covered, j);
            if after == j {
                break;
            }
            j = after;
        } else if j < toks.len() && toks[j].key == ":" {
            j += 1;
        }
        if j >= toks.len() || covered[j] {
            break;
        }
        // "các văn phòng: Tỉnh ủy, HĐND tỉnh": the head alone, then its level.
        if let Some(v) = LEX.agency_trie.value(node)
            && let Some(level) = parse_level(toks, j, LEX.agencies[v as usize].level, covered)
        {
            let stop = level.end;
            out.push((v as usize, j, stop, Some(level)));
            k = stop;
            need_sep = true;
            continue;
        }
        // Before the 2025 mergers "Tuyên giáo và Dân vận" in a list is two boards; after them
        // it is one.
        let split_va = year.is_none_or(|y| y < 2025);
        let Some((v, end)) = walk_split(&LEX.agency_trie, node, toks, j, covered, split_va, &|v| {
            in_force(v, year)
        }) else {
            break;
        };
        let entry = v as usize;
        let level = parse_level(toks, end, LEX.agencies[entry].level, covered);
        let stop = level.as_ref().map(|l| l.end).unwrap_or(end);
        out.push((entry, j, stop, level));
        k = stop;
        need_sep = true;
    }
    out
}

/// Abbreviation defined in parentheses at `k` ("(BAV)"), as written.
fn definition(text: &str, base: usize, toks: &[Tok], k: usize) -> Option<(String, usize)> {
    if toks.get(k)?.key != "(" {
        return None;
    }
    let close = (k + 1..toks.len().min(k + 16)).find(|&j| toks[j].key == ")")?;
    if close == k + 1 {
        return None;
    }
    let raw = text
        .get(toks[k + 1].start - base..toks[close - 1].end - base)?
        .trim();
    // "BAV", "GD&ĐT", "VH,TT&DL", "Liên hiệp Hội": short, capitalized, no digits.
    let upper = raw.chars().filter(|c| c.is_uppercase()).count();
    let spaces = raw.chars().filter(|c| c.is_whitespace()).count();
    let first_cap = raw.chars().next().is_some_and(char::is_uppercase);
    if first_cap
        && upper >= 2
        && spaces <= 2
        && raw.chars().count() <= 20
        && !raw.chars().any(|c| c.is_ascii_digit())
    {
        Some((raw.to_string(), close + 1))
    } else {
        None
    }
}

/// Generic agency at `i`: a head from heads.tsv followed by a capitalized name.
fn generic_at(toks: &[Tok], i: usize, covered: &[bool]) -> Option<(String, usize)> {
    let t = &toks[i];
    if covered[i] || !t.cap || t.kind != TokKind::Word {
        return None;
    }
    // "Mạch Thị Trường Xuân": after the middle name "Thị" comes a given name.
    if i > 0 && toks[i - 1].cap && toks[i - 1].key == "thị" {
        return None;
    }
    // "ngành Ngân hàng" is a sector, not a bank.
    if i > 0 && matches!(toks[i - 1].key.as_str(), "ngành" | "vực" | "thống" | "toàn") {
        return None;
    }
    let (hv, hend) = walk(&LEX.head_trie, LEX.head_trie.root(), toks, i, covered)?;
    let head = &LEX.heads[hv as usize];
    // A head that is also a family name ("Đoàn", "Hà") with one or two words after it is a
    // person: "Đoàn Tùng".
    let surname_head = hend == i + 1 && LEX.surnames.contains(&toks[i].key);
    for nf in &head.not_followed_by {
        if nf
            .iter()
            .enumerate()
            .all(|(o, w)| key_at(toks, hend + o) == w)
        {
            return None;
        }
    }
    // "Công ty cổ phần Hoàng Long", "Công ty trách nhiệm hữu hạn Minh Anh": the legal form is
    // part of the name and the proper name follows it.
    let name_from = hend;
    let mut hend = hend;
    if head.name.ends_with("Công ty") {
        for form in [&["cổ", "phần"][..], &["trách", "nhiệm", "hữu", "hạn"][..]] {
            if form
                .iter()
                .enumerate()
                .all(|(o, w)| key_at(toks, hend + o) == *w && !toks[hend + o].cap)
            {
                hend += form.len();
                if key_at(toks, hend) == "một" && key_at(toks, hend + 1) == "thành" {
                    hend = (hend + 3).min(toks.len());
                }
                break;
            }
        }
    }
    let first = toks.get(hend)?;
    if covered[hend]
        || first.kind != TokKind::Word
        || !(first.cap || first.expanded || head.lowercase_name)
        || cue_starts(toks, hend)
    {
        return None;
    }
    let after_position = (i.saturating_sub(4)..i).any(|j| {
        walk(&LEX.position_trie, LEX.position_trie.root(), toks, j, &[])
            .is_some_and(|(_, e)| e == i)
    });
    let mut k = hend;
    let mut lower_run = 0;
    let mut end = hend;
    while k < toks.len() && !covered[k] && k - hend < 16 {
        let t = &toks[k];
        if t.kind == TokKind::Punct {
            let next_cap = toks
                .get(k + 1)
                .is_some_and(|n| n.kind == TokKind::Word && (n.cap || n.expanded));
            if (t.is_dash() || t.key == "&") && next_cap && k + 1 < toks.len() && !covered[k + 1] {
                k += 1;
                continue;
            }
            // "Trung tâm Xúc tiến Thương mại, Đầu tư và Du lịch": a comma inside a name goes on
            // to a capitalized word that begins no new name, and the name closes with "và".
            if t.key == ","
                && next_cap
                && k + 1 < toks.len()
                && !covered[k + 1]
                && !starts_head(toks, k + 1)
                && !LEX.surnames.contains(&toks[k + 1].key)
                && LEX
                    .province_trie
                    .step_id(LEX.province_trie.root(), toks[k + 1].id)
                    .is_none()
                && (k + 2..toks.len().min(k + 6)).any(|m| toks[m].key == "và")
                && !(k + 2..toks.len().min(k + 6))
                    .any(|m| toks[m].key == "," || starts_head(toks, m))
            {
                k += 1;
                continue;
            }
            break;
        }
        if t.key == "và" {
            let ok = toks
                .get(k + 1)
                .is_some_and(|n| n.cap && n.kind == TokKind::Word)
                && k + 1 < toks.len()
                && !covered[k + 1]
                && !starts_head(toks, k + 1);
            if !ok {
                break;
            }
            k += 1;
            continue;
        }
        if k > hend && t.alias.is_some() {
            break;
        }
        if t.cap
            && k > hend
            && !toks[k - 1].cap
            && walk(&LEX.starter_trie, LEX.starter_trie.root(), toks, k, &[]).is_some()
        {
            // "... cổ truyền Đến nay": a new sentence glued on.
            break;
        }
        // "Cục trưởng Cục Quản lý Y dược cổ truyền | Phạm Vũ Khánh cho biết": after a position,
        // a full personal name past a lowercase word is the holder, not part of the name.
        if after_position
            && t.cap
            && k > hend
            && toks[k - 1].kind == TokKind::Word
            && !toks[k - 1].cap
            && LEX.surnames.contains(&t.key)
        {
            let mut m = k;
            while m < toks.len() && toks[m].kind == TokKind::Word && toks[m].cap {
                m += 1;
            }
            if (2..=4).contains(&(m - k)) {
                break;
            }
        }
        // A province ends a proper name: "Công ty Điện lực Kiên Giang | hoàn thành ...".
        if t.cap
            && let Some((_, pend, true)) = place_name(toks, k, covered)
        {
            end = pend;
            break;
        }
        let number_ok = t.kind == TokKind::Num
            && k > hend
            && (toks[k - 1].cap || toks[k - 1].key == "số" || toks[k - 1].expanded);
        if t.kind == TokKind::Num && !number_ok {
            break;
        }
        if t.cap || t.expanded || number_ok {
            lower_run = 0;
            k += 1;
            end = k;
            continue;
        }
        // "Công ty cổ phần LICOGI 14 | trụ vững": a number closes the name.
        if toks[k - 1].kind == TokKind::Num {
            break;
        }
        // "Ban Quản lý dự án đầu tư xây dựng": inside a lowercase run these words name a
        // field, they are not verbs.
        let field_word = lower_run > 0
            && matches!(
                (t.key.as_str(), key_at(toks, k + 1)),
                ("xây", "dựng") | ("phát", "triển") | ("dựng", _) | ("triển", _)
            );
        let max_lower = 8;
        if lower_run >= max_lower || (cue_starts(toks, k) && !field_word) || is_level_word(toks, k)
        {
            break;
        }
        lower_run += 1;
        k += 1;
        end = k;
    }
    if end == hend {
        return None;
    }
    if surname_head && end - hend <= 2 {
        return None;
    }
    // A lexicon name without its required level ("UBND" alone) is not a new agency.
    if let Some((v, e)) = walk(&LEX.agency_trie, LEX.agency_trie.root(), toks, i, covered)
        && e == end
        && LEX.agencies[v as usize].level_required
    {
        return None;
    }
    let name = format!("{} {}", head.name, words_text(toks, name_from, end));
    Some((name, end))
}

fn is_level_word(toks: &[Tok], k: usize) -> bool {
    matches!(
        (key_at(toks, k), key_at(toks, k + 1)),
        ("tỉnh", _)
            | ("huyện", _)
            | ("quận", _)
            | ("thành", "phố")
            | ("thị", "xã")
            | ("thị", "trấn")
    ) || (matches!(key_at(toks, k), "phường" | "xã") && commune_named(toks, k + 1))
}

/// True when some trigger phrase starts at `k`.
pub fn cue_starts(toks: &[Tok], k: usize) -> bool {
    let t = &toks[k];
    if t.cap {
        return false;
    }
    LEX.cue_trie.step_id(LEX.cue_trie.root(), t.id).is_some()
        && !matches!(
            super::analyze::cue_at(toks, k, &[]),
            None | Some((Cue::Collective | Cue::Individual | Cue::AllMembers, _))
        )
}

/// Finds the agencies of a sentence. `text` is the field text and `base` the sentence's first
/// byte, for reading abbreviation definitions; `alias_kind` gives the name and kind of an
/// alias index.
pub fn find(
    toks: &[Tok],
    covered: &[bool],
    text: &str,
    base: usize,
    alias_name: &dyn Fn(usize) -> Option<(String, AgencyKind)>,
    year: Option<i32>,
) -> Vec<AgencyHit> {
    let _ = base;
    let mut hits: Vec<AgencyHit> = Vec::new();
    // Names that need a level written once for several: "Ban Tổ chức, Ban Tuyên giáo và Ban
    // Dân vận Tỉnh ủy" — (entry, first token, end).
    let mut pending: Vec<(usize, usize, usize)> = Vec::new();
    let separators_only =
        |a: usize, b: usize| a <= b && toks[a..b].iter().all(|t| t.key == "," || t.key == "và");
    let mut i = 0;
    while i < toks.len() {
        if covered[i] || toks[i].kind == TokKind::Punct {
            i += 1;
            continue;
        }
        // An abbreviation the article defined.
        if let Some(a) = toks[i].alias
            && let Some((name, kind)) = alias_name(a)
        {
            // "BHXH tỉnh" for "Bảo hiểm xã hội tỉnh (BHXH)": a level the name already has.
            let t1 = match parse_level(toks, i + 1, LevelClass::Any, covered) {
                Some(l) if l.place.is_none() && name.ends_with(&format!(" {}", l.text)) => l.end,
                _ => i + 1,
            };
            hits.push(AgencyHit {
                t0: i,
                t1,
                name,
                kind,
                defines: None,
                alias: Some(a),
                base: None,
                generic: false,
            });
            i = t1;
            continue;
        }
        // "các sở Tài chính, Tư pháp", "các ban Tổ chức, Tuyên giáo Tỉnh ủy", "7 sở: Tài chính,
        // Tư pháp".
        if let Some(counted) = plural_at(toks, i)
            && i + 1 < toks.len()
        {
            let mut group = Vec::new();
            for h in &LEX.distributive_heads {
                let n = h.len();
                if i + 1 + n <= toks.len()
                    && (0..n).all(|o| toks[i + 1 + o].key == h[o])
                    && (!counted || key_at(toks, i + 1 + n) == ":")
                {
                    let mut node = Some(LEX.agency_trie.root());
                    for w in h {
                        node = node.and_then(|x| LEX.agency_trie.step(x, w));
                    }
                    if let Some(node) = node {
                        group = distributed(toks, i + 1 + n, node, covered, true, year);
                    }
                    break;
                }
            }
            if !group.is_empty() {
                let end = group.last().map(|g| g.2).unwrap_or(i + 1);
                push_group(&mut hits, group, i);
                i = end;
                continue;
            }
        }
        if let Some((entry, end)) = lexicon_at(toks, i, covered, year) {
            let mut level = parse_level(toks, end, LEX.agencies[entry].level, covered)
                .map(|l| province_after_name(entry, l));
            // "Bảo hiểm xã hội (BHXH) tỉnh": a definition between the name and its level.
            let mut inner_definition = None;
            if level.is_none()
                && let Some((abbr, after)) = definition(text, base, toks, end)
                && let Some(l) = parse_level(toks, after, LEX.agencies[entry].level, covered)
            {
                level = Some(l);
                inner_definition = Some(abbr);
            }
            // "UBND các huyện A, B và C": one committee per district.
            if level.is_none()
                && matches!(LEX.agencies[entry].level, LevelClass::Gov | LevelClass::Any)
                && let Some((places, pend)) = district_list(toks, end, covered)
            {
                let e = &LEX.agencies[entry];
                let kind = if e.kind == AgencyKind::Authority {
                    AgencyKind::Unit
                } else {
                    e.kind
                };
                for (idx, (text, a, b)) in places.into_iter().enumerate() {
                    let province = text.starts_with("tỉnh ");
                    // A province's unit is not a district's: the kind of the entry holds.
                    let kind = if province { e.kind } else { kind };
                    hits.push(AgencyHit {
                        t0: if idx == 0 { i } else { a },
                        t1: b,
                        name: format!("{} {text}", e.name),
                        kind,
                        defines: None,
                        alias: None,
                        base: province.then(|| format!("{} tỉnh", e.name)),
                        generic: false,
                    });
                }
                i = pend;
                continue;
            }
            let stop = level.as_ref().map(|l| l.end).unwrap_or(end);
            let mut group = vec![(entry, i, stop, level)];
            if let Some(node) = head_node(entry) {
                group.extend(distributed(toks, stop, node, covered, false, year));
            }
            let end = group.last().map(|g| g.2).unwrap_or(stop);
            // A name still waiting for its level, followed by a separator.
            let e = &LEX.agencies[entry];
            if group.len() == 1
                && group[0].3.is_none()
                && e.level_required
                && toks.get(end).is_some_and(|t| t.key == "," || t.key == "và")
            {
                if !pending.last().is_some_and(|p| separators_only(p.2, i)) {
                    pending.clear();
                }
                pending.push((entry, i, end));
                i = end;
                continue;
            }
            // The level of this name serves the names waiting before it.
            if let Some(level) = group[0].3.clone()
                && pending.last().is_some_and(|p| separators_only(p.2, i))
            {
                for (pe, a, b) in pending.drain(..) {
                    if LEX.agencies[pe].level == e.level
                        || LEX.agencies[pe].level == LevelClass::Any
                    {
                        let (name, kind, base) = canonical(pe, Some(&level));
                        hits.push(AgencyHit {
                            t0: a,
                            t1: b,
                            name,
                            kind,
                            defines: None,
                            alias: None,
                            base,
                            generic: false,
                        });
                    }
                }
            }
            pending.clear();
            let before = hits.len();
            push_group(&mut hits, group, i);
            if let Some(abbr) = inner_definition
                && hits.len() > before
            {
                hits[before].defines = Some(abbr);
            }
            if hits.len() > before {
                i = end;
                continue;
            }
        }
        if let Some((name, end)) = generic_at(toks, i, covered) {
            let level = parse_level(toks, end, LevelClass::Any, covered);
            let (name, stop, base) = match &level {
                Some(l) => {
                    let base = format!("{name} {}", l.text);
                    match &l.place {
                        Some(p) => (format!("{base} {p}"), l.end, Some(base)),
                        None => (base, l.end, None),
                    }
                }
                None => (name, end, None),
            };
            hits.push(AgencyHit {
                t0: i,
                t1: stop,
                name,
                kind: AgencyKind::Unit,
                defines: None,
                alias: None,
                base,
                generic: true,
            });
            i = stop;
            continue;
        }
        // Districts and towns named as such ("huyện Lệ Thủy", "các huyện A, B và C"): a
        // district stands for its people's committee.
        if plural_at(toks, i).is_some()
            && key_at(toks, i + 1) != "tỉnh"
            && let Some((places, end)) = district_list(toks, i, covered)
        {
            for (text, a, b) in places {
                hits.push(AgencyHit {
                    t0: a,
                    t1: b,
                    name: format!("Ủy ban nhân dân {text}"),
                    kind: AgencyKind::Locality,
                    defines: None,
                    alias: None,
                    base: None,
                    generic: false,
                });
            }
            i = end;
            continue;
        }
        if matches!(
            toks[i].key.as_str(),
            "huyện" | "quận" | "thị" | "thành" | "phường" | "xã"
        ) && !(i > 0 && matches!(toks[i - 1].key.as_str(), "các" | "cấp"))
            && let Some(l) = parse_level(toks, i, LevelClass::Gov, covered)
            && l.district
        {
            hits.push(AgencyHit {
                t0: i,
                t1: l.end,
                name: format!("Ủy ban nhân dân {}", l.text),
                kind: AgencyKind::Locality,
                defines: None,
                alias: None,
                base: None,
                generic: false,
            });
            i = l.end;
            continue;
        }
        i += 1;
    }
    // A definition right after a name belongs to it: "Sở Giao thông vận tải (GTVT)". A known
    // abbreviation inside it ("Kho bạc Nhà nước Đồng Nai (KBNN)") is the definition, not
    // another agency.
    let starts: Vec<(usize, usize)> = hits.iter().map(|h| (h.t0, h.t1)).collect();
    let mut defined: Vec<(usize, usize)> = Vec::new();
    for h in &mut hits {
        if h.alias.is_none()
            && h.defines.is_none()
            && let Some((abbr, after)) = definition(text, base, toks, h.t1)
        {
            h.defines = Some(abbr);
            let inside = |&(s, _): &(usize, usize)| s >= h.t1 && s < after;
            let only_the_abbreviation = starts.iter().filter(|r| inside(r)).all(|&(s, e)| {
                e <= after
                    && toks[s..e]
                        .iter()
                        .all(|t| t.expanded || t.kind == TokKind::Punct)
            });
            if only_the_abbreviation && !covered[h.t1..after].iter().any(|c| *c) {
                defined.push((h.t1, after));
                h.t1 = after;
            }
        }
    }
    hits.retain(|h| !defined.iter().any(|&(a, b)| h.t0 >= a && h.t0 < b));
    hits
}

/// The word that opens a list of bodies at `k`: "các" (`Some(false)`), or a count ("7 sở:",
/// "bốn phường:", `Some(true)`), which opens a list only before a colon.
fn plural_at(toks: &[Tok], k: usize) -> Option<bool> {
    let t = toks.get(k)?;
    if t.key == "các" {
        Some(false)
    } else if t.kind == TokKind::Num || super::analyze::number_word(&t.key).is_some() {
        Some(true)
    } else {
        None
    }
}

/// A place of a list: its level text ("huyện Bá Thước") and tokens.
type Place = (String, usize, usize);

/// A plural list of districts at `k`: "các huyện Bá Thước, Cẩm Thủy và thị xã Bỉm Sơn".
/// Returns the level texts ("huyện Bá Thước") with their token ranges, and the end.
fn district_list(toks: &[Tok], k: usize, covered: &[bool]) -> Option<(Vec<Place>, usize)> {
    let counted = plural_at(toks, k)?;
    let (mut word, mut j) = match (key_at(toks, k + 1), key_at(toks, k + 2)) {
        ("tỉnh", _) => ("tỉnh", k + 2),
        ("huyện", _) => ("huyện", k + 2),
        ("quận", _) => ("quận", k + 2),
        ("phường", _) => ("phường", k + 2),
        ("xã", _) => ("xã", k + 2),
        ("thị", "xã") => ("thị xã", k + 3),
        ("thị", "trấn") => ("thị trấn", k + 3),
        ("thành", "phố") => ("thành phố", k + 3),
        _ => return None,
    };
    if key_at(toks, j) == ":" {
        j += 1;
    } else if counted {
        return None;
    }
    let mut out = Vec::new();
    loop {
        // A new level word inside the list ("và thị xã C").
        let (w, start) = match (key_at(toks, j), key_at(toks, j + 1)) {
            ("tỉnh", next) if next != "ủy" => ("tỉnh", j + 1),
            ("huyện", _) => ("huyện", j + 1),
            ("quận", _) => ("quận", j + 1),
            ("phường", _) if commune_named(toks, j + 1) => ("phường", j + 1),
            ("xã", _) if commune_named(toks, j + 1) => ("xã", j + 1),
            ("thị", "xã") => ("thị xã", j + 2),
            ("thị", "trấn") => ("thị trấn", j + 2),
            ("thành", "phố") => ("thành phố", j + 2),
            _ => (word, j),
        };
        word = w;
        let Some((name, end, _)) = place_name(toks, start, covered) else {
            break;
        };
        out.push((format!("{word} {name}"), j, end));
        j = skip_list_separators(toks, covered, end);
        if j == end {
            break;
        }
    }
    if out.len() < 2 {
        return None;
    }
    let end = out.last().map(|o| o.2).unwrap_or(j);
    Some((out, end))
}

/// Adds the items of a distributive group; items without a required level take the level of
/// the last item that has one.
fn push_group(
    hits: &mut Vec<AgencyHit>,
    group: Vec<(usize, usize, usize, Option<Level>)>,
    t0: usize,
) {
    let shared = group.iter().rev().find_map(|g| g.3.clone());
    let n = group.len();
    for (idx, (entry, a, b, level)) in group.into_iter().enumerate() {
        let e = &LEX.agencies[entry];
        let level = level.or_else(|| {
            if n > 1 && e.level != LevelClass::None {
                shared.clone()
            } else {
                None
            }
        });
        if e.level_required && level.is_none() {
            continue;
        }
        let (name, kind, base) = canonical(entry, level.as_ref());
        hits.push(AgencyHit {
            t0: if idx == 0 { t0.min(a) } else { a },
            t1: b,
            name,
            kind,
            defines: None,
            alias: None,
            base,
            generic: false,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::super::token::tokenize;
    use super::*;

    fn names(s: &str) -> Vec<String> {
        let toks = tokenize(s, 0, &[]);
        let covered = vec![false; toks.len()];
        find(&toks, &covered, s, 0, &|_| None, None)
            .into_iter()
            .map(|h| h.name)
            .collect()
    }

    #[test]
    fn lexicon_names_and_levels() {
        assert_eq!(
            names("Văn phòng UBND tỉnh, Sở Kế hoạch đầu tư, Sở KH&ĐT tỉnh Quảng Bình"),
            vec![
                "Văn phòng Ủy ban nhân dân tỉnh",
                "Sở Kế hoạch và Đầu tư",
                "Sở Kế hoạch và Đầu tư"
            ]
        );
        assert_eq!(
            names("Trưởng ban Thi đua - Khen thưởng tỉnh phát biểu"),
            vec!["Ban Thi đua - Khen thưởng tỉnh"]
        );
        assert_eq!(
            names("Văn phòng Đoàn ĐBQH và HĐND tỉnh – Trưởng Khối"),
            vec!["Văn phòng Đoàn Đại biểu Quốc hội và Hội đồng nhân dân tỉnh"]
        );
        assert_eq!(
            names("trên cơ sở tài chính lành mạnh"),
            Vec::<String>::new()
        );
    }

    #[test]
    fn distributive_lists() {
        assert_eq!(
            names("các ban Tổ chức, Tuyên giáo, Dân vận Tỉnh ủy"),
            vec![
                "Ban Tổ chức Tỉnh ủy",
                "Ban Tuyên giáo Tỉnh ủy",
                "Ban Dân vận Tỉnh ủy"
            ]
        );
        assert_eq!(
            names("Sở Tài chính, Tư pháp và Nội vụ"),
            vec!["Sở Tài chính", "Sở Tư pháp", "Sở Nội vụ"]
        );
    }

    #[test]
    fn generic_heads_and_districts() {
        assert_eq!(
            names("Học viện Ngân hàng và Công đoàn Ngân hàng Việt Nam đảm nhiệm"),
            vec!["Học viện Ngân hàng", "Công đoàn Ngân hàng Việt Nam"]
        );
        assert_eq!(
            names("UBND huyện Lệ Thủy và thị xã Ba Đồn"),
            vec![
                "Ủy ban nhân dân huyện Lệ Thủy",
                "Ủy ban nhân dân thị xã Ba Đồn"
            ]
        );
        assert_eq!(names("tại Hội nghị tổng kết"), Vec::<String>::new());
    }

    #[test]
    fn communes_wards_and_counted_lists() {
        assert_eq!(
            names("Khối gồm 4 phường: Vĩnh Hòa, Vĩnh Hải và Vĩnh Thọ"),
            vec![
                "Ủy ban nhân dân phường Vĩnh Hòa",
                "Ủy ban nhân dân phường Vĩnh Hải",
                "Ủy ban nhân dân phường Vĩnh Thọ"
            ]
        );
        assert_eq!(
            names("Chủ tịch UBND xã Tân Lập và thị trấn Phong Điền"),
            vec![
                "Ủy ban nhân dân xã Tân Lập",
                "Ủy ban nhân dân thị trấn Phong Điền"
            ]
        );
        assert_eq!(
            names("cho phường Vĩnh Thọ và các xã: Vĩnh Lương, Phước Đồng"),
            vec![
                "Ủy ban nhân dân phường Vĩnh Thọ",
                "Ủy ban nhân dân xã Vĩnh Lương",
                "Ủy ban nhân dân xã Phước Đồng"
            ]
        );
        assert_eq!(
            names("Ban Quản lý Khu kinh tế tỉnh và 3 sở: Tài chính, Xây dựng, Công Thương"),
            vec![
                "Ban Quản lý Khu kinh tế tỉnh",
                "Sở Tài chính",
                "Sở Xây dựng",
                "Sở Công Thương"
            ]
        );
        // Without the colon a count is a count, not a list; "xã hội" is no commune.
        assert_eq!(names("3 sở đạt danh hiệu"), Vec::<String>::new());
        assert_eq!(names("an sinh xã hội, Xã Hội"), Vec::<String>::new());
    }

    #[test]
    fn a_province_right_after_a_body_is_its_province() {
        assert_eq!(
            names("Kho bạc Nhà nước Đồng Nai, Cục Hải quan Cao Bằng và Công an Hà Nội"),
            vec![
                "Kho bạc Nhà nước tỉnh Đồng Nai",
                "Cục Hải quan tỉnh Cao Bằng",
                "Công an thành phố Hà Nội"
            ]
        );
        // A known abbreviation defined right after a name is that name, not another agency.
        assert_eq!(
            names("Kho bạc Nhà nước Đồng Nai (KBNN), Cục Thuế tỉnh"),
            vec!["Kho bạc Nhà nước tỉnh Đồng Nai", "Cục Thuế tỉnh"]
        );
        // Press organs carry the province in their proper name.
        assert_eq!(
            names("Đài Phát thanh và Truyền hình Đồng Tháp"),
            vec!["Đài Phát thanh và Truyền hình Đồng Tháp"]
        );
        // The provincial press organ merged in 2025.
        assert_eq!(
            names("Trường Chính trị tỉnh và Báo và Phát thanh, Truyền hình Tuyên Quang"),
            vec![
                "Trường Chính trị tỉnh",
                "Báo và Phát thanh, Truyền hình Tuyên Quang"
            ]
        );
    }

    #[test]
    fn definitions() {
        let s = "Học viện Ngân hàng (BAV) và Sở Giáo dục và Đào tạo (GD&ĐT)";
        let toks = tokenize(s, 0, &[]);
        let covered = vec![false; toks.len()];
        let hits = find(&toks, &covered, s, 0, &|_| None, None);
        assert_eq!(hits[0].defines.as_deref(), Some("BAV"));
    }
}
