//! Reading one sentence: tokens, then entities (dates, percentages, roles, blocs, awards,
//! agencies, positions, people, counts), then one sequence of units (entities, trigger words,
//! punctuation, other words) that the relation rules walk.

use super::date::{self, When};
use super::lexicon::{AgencyKind, AwardKind, Cue, LEX};
use super::registry::Registry;
use super::sentence::{LineKind, Sentence};
use super::token::{Tok, TokKind, tokenize};
use super::{agency, award, bloc, person};
use crate::model::{Evidence, RoleKind, Span, TextField};
use chrono::NaiveDate;

/// What a unit is.
#[derive(Debug, Clone, PartialEq)]
pub enum UK {
    /// An agency (index in the registry).
    Agency {
        /// Registry index.
        id: usize,
        /// Kind.
        kind: AgencyKind,
        /// Named inside a person's title ("Giám đốc Sở Tư pháp"): not a recipient.
        in_title: bool,
    },
    /// A person (index in the registry).
    Person(usize),
    /// An award type, with the grantor and year written right after it.
    Award {
        /// Canonical award name.
        name: String,
        /// Kind.
        kind: AwardKind,
        /// Grantor written after it ("của UBND tỉnh"), canonical.
        grantor: Option<String>,
        /// Year written right after it ("Cờ thi đua năm 2016").
        year: Option<i32>,
    },
    /// A position ("Chủ tịch", "Giám đốc").
    Position {
        /// Canonical name (the part before an agency it runs into).
        name: String,
        /// The holder signs awards.
        grants: bool,
    },
    /// A bloc or cluster; `None` for a bare reference ("trong Khối").
    Bloc(Option<usize>),
    /// Khối trưởng / Khối phó.
    Role(RoleKind),
    /// "năm 2019".
    Year(i32),
    /// A day, resolved when possible.
    Day(Option<NaiveDate>),
    /// A half-year ("6 tháng đầu năm 2016").
    Half(Option<i32>),
    /// A span of years; `term` for a term of office.
    Range {
        /// Last year.
        to: i32,
        /// A term of office.
        term: bool,
    },
    /// A number of units or people ("69 đơn vị").
    Count {
        /// How many.
        n: u32,
        /// People rather than units.
        individual: bool,
    },
    /// A percentage.
    Percent(f64),
    /// A trigger word.
    Cue(Cue),
    /// Punctuation.
    Punct,
    /// Any other word.
    Word,
}

/// One unit: what it is and its tokens.
#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    /// What it is.
    pub k: UK,
    /// First token.
    pub t0: usize,
    /// One past the last token.
    pub t1: usize,
}

/// A read sentence.
#[derive(Debug, Clone)]
pub struct Analysis {
    /// Which text.
    pub field: TextField,
    /// The sentence's bytes in that text.
    pub span: Span,
    /// What kind of line it came from.
    pub kind: LineKind,
    /// Tokens.
    pub toks: Vec<Tok>,
    /// Units in order.
    pub units: Vec<Unit>,
}

/// The cue word unit `i` of a sentence is, if it is one.
pub fn cue(an: &Analysis, i: usize) -> Option<Cue> {
    match an.units.get(i)?.k {
        UK::Cue(c) => Some(c),
        _ => None,
    }
}

/// The folded key of the first token of unit `i`, or `""` past the end.
pub fn key(an: &Analysis, i: usize) -> &str {
    an.units
        .get(i)
        .map(|u| an.toks[u.t0].key.as_str())
        .unwrap_or("")
}

impl Analysis {
    /// The byte span of units `a..b` (inclusive of `b - 1`).
    pub fn span_of(&self, a: usize, b: usize) -> Span {
        let (Some(first), Some(last)) = (self.units.get(a), self.units.get(b.saturating_sub(1)))
        else {
            return self.span;
        };
        Span::new(self.toks[first.t0].start, self.toks[last.t1 - 1].end)
    }

    /// Evidence for a fact read from the given units.
    pub fn evidence(&self, units: &[usize]) -> Evidence {
        let mut spans: Vec<Span> = units
            .iter()
            .filter(|&&u| u < self.units.len())
            .map(|&u| self.span_of(u, u + 1))
            .collect();
        spans.sort();
        spans.dedup();
        Evidence {
            field: self.field,
            sentence: self.span,
            spans,
        }
    }

    /// The text of tokens `a..b`, rebuilt from their written forms.
    pub fn text(&self, a: usize, b: usize) -> String {
        let mut out = String::new();
        for t in &self.toks[a.min(self.toks.len())..b.min(self.toks.len())] {
            if t.kind == TokKind::Punct {
                match t.text.as_str() {
                    "," | ";" | ":" | "." | ")" | "”" => out.push_str(&t.text),
                    "(" | "“" => {
                        out.push(' ');
                        out.push_str(&t.text);
                    }
                    "-" | "–" => out.push_str(" -"),
                    _ => {}
                }
                continue;
            }
            if !out.is_empty() && !out.ends_with(['(', '“']) {
                out.push(' ');
            }
            out.push_str(&t.text);
        }
        out.trim().to_string()
    }

    /// The text of units `a..b`.
    pub fn unit_text(&self, a: usize, b: usize) -> String {
        match (self.units.get(a), self.units.get(b.saturating_sub(1))) {
            (Some(x), Some(y)) if a < b => self.text(x.t0, y.t1),
            _ => String::new(),
        }
    }
}

/// The longest trigger phrase at token `k`: (kind, end). `covered` tokens stop it.
pub fn cue_at(toks: &[Tok], k: usize, covered: &[bool]) -> Option<(Cue, usize)> {
    let trie = &LEX.cue_trie;
    let mut node = trie.root();
    let mut best = None;
    let mut j = k;
    while j < toks.len() && !covered.get(j).copied().unwrap_or(false) {
        let t = &toks[j];
        if t.kind == TokKind::Punct {
            if j == k || t.key != "," {
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
                    best = Some((LEX.cues[v as usize], j));
                }
            }
            None => break,
        }
    }
    best
}

/// What dates without a year are resolved against.
#[derive(Debug, Clone, Copy, Default)]
pub struct DateRef {
    /// The publication date (or a dateline).
    pub reference: Option<NaiveDate>,
    /// A year to use when there is no reference.
    pub hint_year: Option<i32>,
}

fn mark(covered: &mut [bool], a: usize, b: usize) {
    for c in &mut covered[a..b] {
        *c = true;
    }
}

fn free(covered: &[bool], a: usize, b: usize) -> bool {
    a < b && covered[a..b].iter().all(|c| !c)
}

/// Token range covering the bytes `[s, e)`.
fn tok_range(toks: &[Tok], s: usize, e: usize) -> Option<(usize, usize)> {
    let a = toks.iter().position(|t| t.start >= s && t.end <= e)?;
    let b = toks.iter().rposition(|t| t.start >= s && t.end <= e)? + 1;
    Some((a, b))
}

/// Reads one sentence of `field_text`.
pub fn analyze(field_text: &str, sent: &Sentence, reg: &mut Registry, dr: DateRef) -> Analysis {
    let text = sent.span.slice(field_text);
    let base = sent.span.start;
    let toks = tokenize(text, base, &reg.aliases);
    let n = toks.len();
    let mut covered = vec![false; n];
    let mut items: Vec<Unit> = Vec::new();
    let ev = |a: usize, b: usize| Evidence {
        field: sent.field,
        sentence: sent.span,
        spans: vec![Span::new(toks[a].start, toks[b - 1].end)],
    };

    // Dates and years.
    let hint = dr.hint_year;
    for h in date::find(text) {
        let Some((a, b)) = tok_range(&toks, base + h.start, base + h.end) else {
            continue;
        };
        if !free(&covered, a, b) {
            continue;
        }
        let k = match h.when {
            When::Day { d, m, y } => UK::Day(date::resolve_day(d, m, y, dr.reference, hint)),
            When::Month { y, .. } | When::Year(y) => UK::Year(y),
            When::Half { y, .. } => UK::Half(y),
            When::Range { to, term, .. } => UK::Range { to, term },
        };
        mark(&mut covered, a, b);
        items.push(Unit { k, t0: a, t1: b });
    }

    // Percentages.
    let mut i = 0;
    while i < n {
        if toks[i].kind == TokKind::Num && !covered[i] {
            let mut j = i + 1;
            let mut value = toks[i].text.clone();
            if j + 1 < n
                && (toks[j].key == "," || toks[j].key == ".")
                && toks[j + 1].kind == TokKind::Num
                && toks[j].start == toks[i].end
            {
                value = format!("{value}.{}", toks[j + 1].text);
                j += 2;
            }
            let pct = toks.get(j).is_some_and(|t| t.key == "%");
            let words = toks.get(j).is_some_and(|t| t.key == "phần")
                && toks.get(j + 1).is_some_and(|t| t.key == "trăm");
            if (pct || words)
                && let Ok(v) = value.parse::<f64>()
            {
                let end = if pct { j + 1 } else { j + 2 };
                if free(&covered, i, end) {
                    mark(&mut covered, i, end);
                    items.push(Unit {
                        k: UK::Percent(v),
                        t0: i,
                        t1: end,
                    });
                    i = end;
                    continue;
                }
            }
        }
        i += 1;
    }

    // Bloc roles: "Khối trưởng", "Phó Trưởng khối", "Thường trực Khối".
    let mut i = 0;
    while i < n {
        if covered[i] {
            i += 1;
            continue;
        }
        if let Some((cue @ (Cue::Leader | Cue::Deputy), mut end)) = cue_at(&toks, i, &covered) {
            let next = toks.get(end).map(|t| t.key.as_str()).unwrap_or("");
            if next == "phố" {
                i = end;
                continue;
            }
            // "Trưởng khối thi đua số 6": the bloc name starts at "khối".
            let last = toks[end - 1].key.as_str();
            let named =
                matches!(next, "thi") || toks.get(end).is_some_and(|t| t.kind == TokKind::Num);
            if (last == "khối" || last == "cụm") && named && end - i >= 2 {
                end -= 1;
            }
            let role = if cue == Cue::Leader {
                RoleKind::Leader
            } else {
                RoleKind::Deputy
            };
            mark(&mut covered, i, end);
            items.push(Unit {
                k: UK::Role(role),
                t0: i,
                t1: end,
            });
            i = end;
            continue;
        }
        i += 1;
    }

    // Short forms of blocs the article defined ("(gọi tắt là Khối Đảng, đoàn thể)").
    let shorts: Vec<(usize, Vec<String>)> = reg
        .blocs
        .iter()
        .enumerate()
        .filter_map(|(id, b)| {
            let keys = super::lexicon::phrase_keys(b.short.as_deref()?);
            let generic = matches!(
                keys.iter().map(String::as_str).collect::<Vec<_>>()[..],
                ["khối"] | ["cụm"] | ["khối", "thi", "đua"] | ["cụm", "thi", "đua"]
            );
            (keys.len() >= 2 && !generic).then_some((id, keys))
        })
        .collect();
    for (id, keys) in shorts {
        let mut i = 0;
        while i < n {
            let mut j = i;
            let mut m = 0;
            while j < n && m < keys.len() && !covered[j] {
                if toks[j].is_soft_punct() && m > 0 {
                    j += 1;
                    continue;
                }
                if toks[j].key != keys[m] {
                    break;
                }
                m += 1;
                j += 1;
            }
            if m == keys.len() {
                reg.blocs[id].mentions.push(ev(i, j));
                mark(&mut covered, i, j);
                items.push(Unit {
                    k: UK::Bloc(Some(id)),
                    t0: i,
                    t1: j,
                });
                i = j;
            } else {
                i += 1;
            }
        }
    }

    // Blocs.
    for h in bloc::find(&toks, &covered, field_text) {
        let id = match &h.name {
            Some(name) => {
                let id = reg.bloc(name, h.cluster, ev(h.t0, h.t1));
                Some(id)
            }
            None => None,
        };
        if let (Some(id), Some(short)) = (id, &h.short) {
            reg.bloc_short(short, id);
        }
        mark(&mut covered, h.t0, h.t1);
        items.push(Unit {
            k: UK::Bloc(id),
            t0: h.t0,
            t1: h.t1,
        });
    }

    // Awards.
    for h in award::find(&toks, &covered) {
        mark(&mut covered, h.t0, h.t1);
        items.push(Unit {
            k: UK::Award {
                name: h.name,
                kind: h.kind,
                grantor: None,
                year: None,
            },
            t0: h.t0,
            t1: h.t1,
        });
    }

    // Agencies.
    let alias_names: Vec<Option<(String, AgencyKind)>> = reg
        .aliases
        .iter()
        .map(|a| reg.agencies.get(a.target).map(|r| (r.name.clone(), r.kind)))
        .collect();
    let year = dr
        .reference
        .map(|d| chrono::Datelike::year(&d))
        .or(dr.hint_year);
    let hits = agency::find(
        &toks,
        &covered,
        field_text,
        0,
        &|a| alias_names.get(a).cloned().flatten(),
        year,
    );
    for h in hits {
        if !free(&covered, h.t0, h.t1) {
            continue;
        }
        let written = Span::new(toks[h.t0].start, toks[h.t1 - 1].end).slice(field_text);
        let id = match h.alias.and_then(|a| reg.alias_agency(a)) {
            Some(id) => {
                reg.agencies[id].mentions.push(ev(h.t0, h.t1));
                id
            }
            None => reg.agency(
                &h.name,
                h.kind,
                written,
                ev(h.t0, h.t1),
                h.base.clone(),
                h.generic,
            ),
        };
        if let Some(short) = &h.defines {
            // A defined abbreviation names this agency, unless it is a known abbreviation
            // of something else ("Sở Giáo dục và Đào tạo (GD&ĐT)" defines the field only).
            let known = LEX
                .abbr_ac
                .find(short.as_str())
                .filter(|m| m.start() == 0 && m.end() == short.len())
                .map(|m| LEX.abbr_expansion[m.pattern().as_usize()].clone());
            let ok = match known {
                Some(exp) => {
                    super::registry::fold_key(&h.name).starts_with(&super::registry::fold_key(&exp))
                }
                None => true,
            };
            if ok {
                reg.define_alias(short, id);
            }
        }
        mark(&mut covered, h.t0, h.t1);
        items.push(Unit {
            k: UK::Agency {
                id,
                kind: reg.agencies[id].kind,
                in_title: false,
            },
            t0: h.t0,
            t1: h.t1,
        });
    }

    // "Sở đã được UBND tỉnh tặng ...", "Ban luôn hưởng ứng ...": the head word of the agency
    // the article is about, standing alone, is that agency.
    if let Some(main) = reg.main {
        let head = reg.agencies[main]
            .name
            .split_whitespace()
            .next()
            .map(str::to_lowercase)
            .unwrap_or_default();
        for i in 0..n {
            if covered[i]
                || !toks[i].cap
                || toks[i].key != head
                || !HEAD_ANAPHORS.contains(&head.as_str())
            {
                continue;
            }
            let next = toks.get(i + 1);
            let bare = next.is_none_or(|t| {
                t.kind != TokKind::Word
                    || (!t.cap && !t.expanded && !INNER_BODIES.contains(&t.key.as_str()))
            });
            if !bare {
                continue;
            }
            reg.agencies[main].mentions.push(ev(i, i + 1));
            mark(&mut covered, i, i + 1);
            items.push(Unit {
                k: UK::Agency {
                    id: main,
                    kind: reg.agencies[main].kind,
                    in_title: false,
                },
                t0: i,
                t1: i + 1,
            });
        }
    }

    // "... và chi nhánh tỉnh Quảng Bình", "chi nhánh Thanh Hóa làm Phó Trưởng Khối": a branch
    // of the one body whose branches the article names.
    let mut heads: Vec<&str> = reg
        .agencies
        .iter()
        .filter_map(|a| a.name.split_once(" chi nhánh").map(|(h, _)| h))
        .collect();
    heads.sort_unstable();
    heads.dedup();
    if let [head] = heads.as_slice() {
        let head = head.to_string();
        let mut i = 0;
        while i + 2 < n {
            let branch = toks[i].key == "chi" && toks[i + 1].key == "nhánh";
            if !branch || covered[i] || covered[i + 1] {
                i += 1;
                continue;
            }
            let at = if toks[i + 2].key == "tỉnh" {
                i + 3
            } else {
                i + 2
            };
            let Some((place, end, true)) = agency::place_name(&toks, at, &covered) else {
                i += 1;
                continue;
            };
            let base = format!("{head} chi nhánh tỉnh");
            let written = Span::new(toks[i].start, toks[end - 1].end).slice(field_text);
            let id = reg.agency(
                &format!("{base} {place}"),
                AgencyKind::Unit,
                written,
                ev(i, end),
                Some(base),
                false,
            );
            mark(&mut covered, i, end);
            items.push(Unit {
                k: UK::Agency {
                    id,
                    kind: AgencyKind::Unit,
                    in_title: false,
                },
                t0: i,
                t1: end,
            });
            i = end;
        }
    }

    // Positions, cut where an agency name begins ("Phó Chánh | Văn phòng UBND tỉnh").
    let mut i = 0;
    while i < n {
        if covered[i] || toks[i].kind != TokKind::Word {
            i += 1;
            continue;
        }
        let trie = &LEX.position_trie;
        let mut node = trie.root();
        let mut best = None;
        let mut j = i;
        while j < n && toks[j].kind == TokKind::Word {
            match trie.step_id(node, toks[j].id) {
                Some(x) => {
                    node = x;
                    j += 1;
                    if let Some(v) = trie.value(x) {
                        best = Some((v as usize, j));
                    }
                }
                None => break,
            }
        }
        let starts_ok = toks[i].cap
            || i == 0
            || toks[i - 1].kind == TokKind::Punct
            || matches!(toks[i - 1].key.as_str(), "là" | "kiêm" | "và" | "nguyên");
        if let Some((v, end)) = best.filter(|_| starts_ok) {
            let cut = (i..end).find(|&k| covered[k]).unwrap_or(end);
            let cut_at_agency = cut == end
                || items
                    .iter()
                    .any(|u| u.t0 == cut && matches!(u.k, UK::Agency { .. }));
            if cut == i || !cut_at_agency {
                i += 1;
                continue;
            }
            let (full, grants) = &LEX.positions[v];
            let words: Vec<&str> = full.split_whitespace().collect();
            let name = words[..(cut - i).min(words.len())].join(" ");
            mark(&mut covered, i, cut);
            items.push(Unit {
                k: UK::Position {
                    name,
                    grants: *grants,
                },
                t0: i,
                t1: cut,
            });
            i = cut;
            continue;
        }
        i += 1;
    }

    // People.
    for h in person::find(&toks, &covered) {
        let id = reg.person(&h.name, ev(h.t0, h.t1));
        mark(&mut covered, h.t0, h.t1);
        items.push(Unit {
            k: UK::Person(id),
            t0: h.t0,
            t1: h.t1,
        });
    }

    // Counts: "69 đơn vị", "5 tập thể", "10 cá nhân", "Ba tập thể".
    for i in 0..n {
        if covered[i] {
            continue;
        }
        let value = match toks[i].kind {
            TokKind::Num => toks[i].text.parse::<u32>().ok(),
            TokKind::Word => number_word(&toks[i].key),
            TokKind::Punct => None,
        };
        if let Some((cue @ (Cue::Collective | Cue::Individual), end)) =
            cue_at(&toks, i + 1, &covered)
            && let Some(v) = value
            && v > 0
        {
            // "Cả 4 đơn vị", "Toàn bộ 7 cơ quan", "Tất cả 5 đơn vị", "7/7 cơ quan": every
            // member.
            let all = (i > 0 && matches!(toks[i - 1].key.as_str(), "cả"))
                || (i >= 2
                    && matches!(
                        (toks[i - 2].key.as_str(), toks[i - 1].key.as_str()),
                        ("toàn", "bộ") | ("tất", "cả") | ("toàn", "thể")
                    ))
                || (i >= 2
                    && toks[i - 1].key == "/"
                    && toks[i - 2].text.parse::<u32>().ok() == Some(v));
            if all && cue == Cue::Collective {
                let a = if i >= 2 && matches!(toks[i - 1].key.as_str(), "/" | "bộ" | "thể") {
                    i - 2
                } else {
                    i - 1
                };
                if free(&covered, a, end) {
                    mark(&mut covered, a, end);
                    items.push(Unit {
                        k: UK::Cue(Cue::AllMembers),
                        t0: a,
                        t1: end,
                    });
                }
                continue;
            }
            mark(&mut covered, i, end);
            items.push(Unit {
                k: UK::Count {
                    n: v,
                    individual: cue == Cue::Individual,
                },
                t0: i,
                t1: end,
            });
        }
    }

    // One sequence of units.
    items.sort_by_key(|u| u.t0);
    let mut units = Vec::with_capacity(n);
    let mut it = items.into_iter().peekable();
    let mut t = 0;
    while t < n {
        if let Some(u) = it.peek()
            && u.t0 == t
        {
            let u = it.next().expect("peeked");
            t = u.t1.max(t + 1);
            units.push(u);
            continue;
        }
        if let Some((cue, end)) = cue_at(&toks, t, &covered) {
            units.push(Unit {
                k: UK::Cue(cue),
                t0: t,
                t1: end,
            });
            t = end;
            continue;
        }
        let k = if toks[t].kind == TokKind::Punct {
            UK::Punct
        } else {
            UK::Word
        };
        units.push(Unit {
            k,
            t0: t,
            t1: t + 1,
        });
        t += 1;
    }

    let mut an = Analysis {
        field: sent.field,
        span: sent.span,
        kind: sent.kind,
        toks,
        units,
    };
    attach_people(&mut an, reg);
    an
}

/// Head words that, alone and capitalized, may stand for the agency an article is about.
const HEAD_ANAPHORS: &[&str] = &["sở", "ban", "cục", "viện", "trường"];

/// Words after a head that make it another body ("Ban tổ chức", "Ban chỉ đạo", "Sở chủ quản").
const INNER_BODIES: &[&str] = &[
    "tổ",
    "chỉ",
    "giám",
    "chấp",
    "thường",
    "lãnh",
    "điều",
    "quản",
    "biên",
    "công",
    "đại",
    "kiểm",
    "thi",
    "chủ",
    "ngành",
    "cán",
    "nghiên",
    "soạn",
    "vận",
    "cục",
];

/// The value of a number written as a word ("ba", "mười hai" is not read).
pub(crate) fn number_word(key: &str) -> Option<u32> {
    Some(match key {
        "một" => 1,
        "hai" => 2,
        "ba" => 3,
        "bốn" | "tư" => 4,
        "năm" => 5,
        "sáu" => 6,
        "bảy" => 7,
        "tám" => 8,
        "chín" => 9,
        "mười" => 10,
        _ => return None,
    })
}

/// The standalone grantor phrase at unit `j`: (canonical, index after it).
fn standalone_grantor(an: &Analysis, j: usize, after_of: bool) -> Option<(String, usize)> {
    let u = an.units.get(j)?;
    let trie = &LEX.grantor_trie;
    let mut node = trie.root();
    let mut best = None;
    let mut k = u.t0;
    while k < an.toks.len() && an.toks[k].kind != TokKind::Punct {
        match trie.step_id(node, an.toks[k].id) {
            Some(x) => {
                node = x;
                k += 1;
                if let Some(v) = trie.value(x) {
                    best = Some((v as usize, k));
                }
            }
            None => break,
        }
    }
    let (v, end) = best?;
    let m = (j..an.units.len()).find(|&m| an.units[m].t1 == end)?;
    let single_word = end - u.t0 == 1 && an.toks[u.t0].key == "tỉnh";
    if single_word && !after_of {
        return None;
    }
    Some((LEX.grantors[v].clone(), m + 1))
}

/// A grantor phrase at unit `j`: (canonical, index after it).
pub fn grantor_at(
    an: &Analysis,
    reg: &Registry,
    j: usize,
    after_of: bool,
) -> Option<(String, usize)> {
    if let Some(g) = standalone_grantor(an, j, after_of) {
        // Prefer a position + agency reading when it is longer ("Thủ tướng Chính phủ").
        return Some(g);
    }
    // "của Trung ương Hội Chữ thập đỏ Việt Nam": the central committee of a body.
    if after_of
        && an
            .units
            .get(j)
            .is_some_and(|u| u.k == UK::Word && an.toks[u.t0].key == "trung")
        && an
            .units
            .get(j + 1)
            .is_some_and(|u| u.k == UK::Word && an.toks[u.t0].key == "ương")
        && let Some(UK::Agency { id, .. }) = an.units.get(j + 2).map(|u| &u.k)
    {
        return Some((format!("Trung ương {}", reg.grantor_name(*id)), j + 3));
    }
    match (&an.units.get(j)?.k, an.units.get(j + 1).map(|u| &u.k)) {
        (UK::Position { name, grants }, Some(UK::Agency { id, .. })) if *grants || after_of => {
            // "Thống đốc NHNN" where NHNN was defined as the branch: the national body, by the
            // abbreviation's standard expansion.
            let u = &an.units[j + 1];
            let national = (LEX.national_positions.contains(name) && an.toks[u.t0].alias.is_some())
                .then(|| {
                    let short = an.toks[u.t0].text.as_str();
                    LEX.abbr_ac
                        .find(short)
                        .filter(|m| m.start() == 0 && m.end() == short.len())
                        .map(|m| LEX.abbr_expansion[m.pattern().as_usize()].clone())
                })
                .flatten();
            let agency = national.unwrap_or_else(|| reg.grantor_name(*id));
            Some((format!("{name} {agency}"), j + 2))
        }
        (UK::Agency { id, kind, .. }, _)
            if after_of || matches!(kind, AgencyKind::Authority | AgencyKind::Central) =>
        {
            Some((reg.grantor_name(*id), j + 1))
        }
        _ => None,
    }
}

fn attach_people(an: &mut Analysis, reg: &mut Registry) {
    let n = an.units.len();
    for p in 0..n {
        let UK::Person(pid) = an.units[p].k else {
            continue;
        };
        // After the name: "X – Phó Chánh Văn phòng UBND tỉnh", "X, Giám đốc Sở Tư pháp".
        let mut j = p + 1;
        while j < n
            && matches!(an.units[j].k, UK::Punct | UK::Word | UK::Cue(Cue::As))
            && matches!(
                an.toks[an.units[j].t0].key.as_str(),
                "-" | "–" | "—" | "," | "(" | "nguyên" | "là"
            )
        {
            j += 1;
        }
        let mut found = None;
        if let Some(UK::Position { name, .. }) = an.units.get(j).map(|u| &u.k) {
            let pos = name.clone();
            for k in j + 1..(j + 6).min(n) {
                match an.units[k].k {
                    UK::Agency { id, .. } => {
                        found = Some((Some(pos.clone()), Some(id), k));
                        break;
                    }
                    UK::Word | UK::Cue(_) | UK::Position { .. } => continue,
                    _ => break,
                }
            }
            if found.is_none() {
                found = Some((Some(pos), None, j));
            }
        }
        // Before the name: "Phó Chủ tịch UBND tỉnh Nguyễn Văn A".
        if found.is_none()
            && p >= 2
            && let (UK::Position { name, .. }, UK::Agency { id, .. }) =
                (&an.units[p - 2].k, &an.units[p - 1].k)
        {
            found = Some((Some(name.clone()), Some(*id), p - 1));
        }
        if let Some((pos, agency, k)) = found {
            if let Some(UK::Agency { in_title, .. }) = an.units.get_mut(k).map(|u| &mut u.k)
                && agency.is_some()
            {
                *in_title = true;
            }
            let rec = &mut reg.people[pid];
            if rec.position.is_none() {
                rec.position = pos;
            }
            if rec.agency.is_none() {
                rec.agency = agency;
            }
        }
    }
}

/// Merges the grantor written right after each award ("Bằng khen của Chủ tịch UBND tỉnh",
/// "Cờ thi đua năm 2016 của tỉnh") into the award unit.
pub fn merge_grantors(an: &mut Analysis, reg: &Registry) {
    let mut a = 0;
    while a < an.units.len() {
        // Ratings ("Hoàn thành xuất sắc nhiệm vụ") take no grantor, and a year after one belongs
        // to the sentence.
        if !matches!(an.units[a].k, UK::Award { kind, .. } if kind != AwardKind::Rating) {
            a += 1;
            continue;
        }
        let mut j = a + 1;
        let mut year = None;
        while an
            .units
            .get(j)
            .is_some_and(|u| u.k == UK::Punct && an.toks[u.t0].is_quote())
        {
            j += 1;
        }
        if let Some(UK::Year(y)) = an.units.get(j).map(|u| &u.k) {
            year = Some(*y);
            j += 1;
        }
        let after_year = j;
        let of = matches!(an.units.get(j).map(|u| &u.k), Some(UK::Cue(Cue::Of)));
        if of {
            j += 1;
        }
        let kind = match &an.units[a].k {
            UK::Award { kind, .. } => *kind,
            _ => AwardKind::Certificate,
        };
        let mut grant = grantor_at(an, reg, j, of);
        // An order "của" a body that grants nothing is that body's order, not its grantor.
        if matches!(
            kind,
            AwardKind::Order | AwardKind::Honour | AwardKind::Medal
        ) && matches!(
            an.units.get(j).map(|u| &u.k),
            Some(UK::Agency {
                kind: AgencyKind::Unit | AgencyKind::Locality,
                ..
            })
        ) {
            grant = None;
        }
        let end = match &grant {
            Some((_, e)) => *e,
            None if year.is_some() => after_year,
            None => a + 1,
        };
        let mut year2 = year;
        let mut end = end;
        if grant.is_some()
            && year2.is_none()
            && let Some(UK::Year(y)) = an.units.get(end).map(|u| &u.k)
        {
            year2 = Some(*y);
            end += 1;
        }
        if let UK::Award { grantor, year, .. } = &mut an.units[a].k {
            *grantor = grant.map(|g| g.0);
            *year = year2;
        }
        let t1 = an.units[end - 1].t1;
        an.units[a].t1 = t1;
        an.units.drain(a + 1..end);
        a += 1;
    }
}

/// `s` read as one prose sentence of a body, on its own: how the unit tests of the extraction
/// modules analyze their examples.
#[cfg(test)]
pub(crate) fn analyze_prose(s: &str, dr: DateRef) -> (Analysis, Registry) {
    let mut reg = Registry::default();
    let sent = Sentence {
        field: TextField::Body,
        span: Span::new(0, s.len()),
        kind: LineKind::Prose,
        line: 0,
    };
    let an = analyze(s, &sent, &mut reg, dr);
    (an, reg)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(s: &str) -> (Analysis, Registry) {
        let (mut an, reg) = analyze_prose(s, DateRef::default());
        merge_grantors(&mut an, &reg);
        (an, reg)
    }

    #[test]
    fn units_of_a_proposal() {
        let (an, reg) = read(
            "Hội nghị thống nhất đề nghị Chủ tịch UBND tỉnh tặng Cờ thi đua cho Văn phòng UBND tỉnh, tặng Bằng khen của Thủ tướng Chính phủ cho 69 đơn vị.",
        );
        let kinds: Vec<String> = an
            .units
            .iter()
            .map(|u| match &u.k {
                UK::Agency { id, .. } => format!("A:{}", reg.agencies[*id].name),
                UK::Award { name, grantor, .. } => format!("W:{name}/{grantor:?}"),
                UK::Position { name, .. } => format!("P:{name}"),
                UK::Count { n, .. } => format!("N:{n}"),
                UK::Cue(c) => format!("C:{c:?}"),
                UK::Punct => "_".into(),
                other => format!("{other:?}"),
            })
            .collect();
        assert_eq!(
            kinds,
            vec![
                "C:Meeting",
                "C:Vote",
                "C:Propose",
                "P:Chủ tịch",
                "A:Ủy ban nhân dân tỉnh",
                "C:Give",
                "W:Cờ thi đua/None",
                "C:For",
                "A:Văn phòng Ủy ban nhân dân tỉnh",
                "_",
                "C:Give",
                "W:Bằng khen/Some(\"Thủ tướng Chính phủ\")",
                "C:For",
                "N:69",
                "_"
            ]
        );
    }

    #[test]
    fn people_take_their_agency() {
        let (an, reg) = read(
            "Đồng chí Nguyễn Thanh Tâm – Phó Chánh Văn phòng UBND tỉnh, Khối trưởng Khối 5 chủ trì.",
        );
        assert_eq!(reg.people[0].name, "Nguyễn Thanh Tâm");
        assert_eq!(reg.people[0].position.as_deref(), Some("Phó Chánh"));
        let a = reg.people[0].agency.expect("agency");
        assert_eq!(reg.agencies[a].name, "Văn phòng Ủy ban nhân dân tỉnh");
        assert!(an.units.iter().any(|u| u.k == UK::Role(RoleKind::Leader)));
        assert_eq!(reg.blocs[0].name(), "Khối 5");
    }
}
