//! Relations read from one sentence's units: award outcomes (who, which award, from whom,
//! proposed / awarded / registered, for which year), bloc roles (leaders and deputies, elections,
//! appositions and hand-overs) and bloc members.

use super::Ctx;
use super::analyze::{Analysis, UK, cue, key};
use super::lexicon::{AgencyKind, AwardKind, Cue};
use super::registry::Registry;
use crate::model::{AwardStatus, Evidence, RoleKind};

/// Who receives an award.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Recipient {
    /// An agency (registry index).
    Agency(usize),
    /// A person (registry index).
    Person(usize),
    /// A number of units or people.
    Count(u32),
    /// All members of the bloc.
    All,
}

/// An award outcome before names are resolved.
#[derive(Debug, Clone)]
pub struct RawAward {
    /// Year of merit.
    pub year: Option<i32>,
    /// Bloc (registry index).
    pub bloc: Option<usize>,
    /// Recipient.
    pub recipient: Recipient,
    /// Award name.
    pub award: String,
    /// Grantor, canonical.
    pub grantor: Option<String>,
    /// Status.
    pub status: AwardStatus,
    /// Evidence.
    pub evidence: Evidence,
}

/// A role before names are resolved.
#[derive(Debug, Clone)]
pub struct RawRole {
    /// Year held.
    pub year: Option<i32>,
    /// Bloc (registry index).
    pub bloc: Option<usize>,
    /// Agency (registry index).
    pub agency: usize,
    /// Leader or deputy.
    pub role: RoleKind,
    /// Evidence.
    pub evidence: Evidence,
}

/// A membership before names are resolved.
#[derive(Debug, Clone)]
pub struct RawMember {
    /// Bloc (registry index).
    pub bloc: Option<usize>,
    /// Agency (registry index).
    pub agency: usize,
    /// Evidence.
    pub evidence: Evidence,
}

/// Relations of one article.
#[derive(Debug, Clone, Default)]
pub struct Found {
    /// Award outcomes.
    pub awards: Vec<RawAward>,
    /// How many award outcomes the previous prose sentence gave, and where they start.
    pub previous_sentence: (usize, usize),
    /// Roles.
    pub roles: Vec<RawRole>,
    /// Members.
    pub members: Vec<RawMember>,
}

fn is_punct(an: &Analysis, i: usize, chars: &[&str]) -> bool {
    an.units.get(i).is_some_and(|u| u.k == UK::Punct) && chars.contains(&key(an, i))
}

/// The clause around unit `i`: units between semicolons.
pub fn clause(an: &Analysis, i: usize) -> (usize, usize) {
    let a = (0..i)
        .rev()
        .find(|&k| is_punct(an, k, &[";"]))
        .map(|k| k + 1)
        .unwrap_or(0);
    let b = (i..an.units.len())
        .find(|&k| is_punct(an, k, &[";"]))
        .unwrap_or(an.units.len());
    (a, b)
}

/// The bloc nearest before unit `i` in the sentence, else the sentence's bloc.
pub fn bloc_at(an: &Analysis, i: usize, sent_bloc: Option<usize>) -> Option<usize> {
    (0..i.min(an.units.len()))
        .rev()
        .find_map(|k| match an.units[k].k {
            UK::Bloc(Some(b)) => Some(b),
            _ => None,
        })
        .or(sent_bloc)
}

/// An agency that can receive an award or be a member: not a province-level authority.
fn recipient_agency(kind: AgencyKind) -> bool {
    !matches!(kind, AgencyKind::Authority)
}

/// The recipient a unit stands for, if any.
fn recipient_of(an: &Analysis, i: usize) -> Option<Recipient> {
    match an.units.get(i)?.k {
        UK::Agency {
            id, kind, in_title, ..
        } if recipient_agency(kind) && !in_title => Some(Recipient::Agency(id)),
        UK::Person(p) => Some(Recipient::Person(p)),
        UK::Count { n, .. } => Some(Recipient::Count(n)),
        UK::Cue(Cue::AllMembers | Cue::Member) => Some(Recipient::All),
        _ => None,
    }
}

/// Words that may sit inside a list of names.
fn list_filler(an: &Analysis, i: usize) -> bool {
    match &an.units[i].k {
        UK::Punct => matches!(key(an, i), "," | ":" | "“" | "”" | "\"" | "(" | ")"),
        UK::Word => matches!(
            key(an, i),
            "và" | "các" | "tập" | "thể" | "là" | "gồm" | "trong"
        ),
        UK::Cue(Cue::Stop) => key(an, i) == "cùng",
        UK::Cue(Cue::Collective | Cue::Include) => true,
        UK::Bloc(_) => true,
        _ => false,
    }
}

/// Reads a list of recipients from unit `i` up to `end`.
fn list_after(an: &Analysis, mut i: usize, end: usize) -> (Vec<(Recipient, usize)>, usize) {
    let mut out = Vec::new();
    let mut fillers = 0;
    while i < end {
        if let Some(r) = recipient_of(an, i) {
            // "cho Sở A, đơn vị dẫn đầu ...": a filler word after a name ends nothing.
            out.push((r, i));
            fillers = 0;
            i += 1;
            continue;
        }
        // A semicolon separates names of a list ("A; B; C") when a name follows it.
        let semicolon =
            is_punct(an, i, &[";"]) && !out.is_empty() && recipient_of(an, i + 1).is_some();
        if (list_filler(an, i) || semicolon) && fillers < 4 {
            fillers += 1;
            i += 1;
            continue;
        }
        // "cho 5 tập thể trong hệ thống tuyên giáo các cấp và 3 cá nhân": a count qualified by a
        // few words, then "và" and the next count.
        if matches!(out.last(), Some((Recipient::Count(_), _)))
            && let Some(j) = (i..end.min(i + 9))
                .take_while(|&j| matches!(an.units[j].k, UK::Word | UK::Cue(_) | UK::Agency { .. }))
                .find(|&j| key(an, j) == "và")
            && matches!(recipient_of(an, j + 1), Some(Recipient::Count(_)))
        {
            i = j + 1;
            fillers = 0;
            continue;
        }
        break;
    }
    (out, i)
}

/// The status an award at unit `a` gets from the words before it.
fn status_of(an: &Analysis, a: usize, c0: usize, c1: usize) -> Option<AwardStatus> {
    // Within the clause; earlier clauses count when a colon opens the list that holds this one
    // ("thống nhất đề nghị: Chính phủ tặng ... cho A; UBND tỉnh tặng ... cho B").
    let colon = (0..c0).rev().find(|&k| is_punct(an, k, &[":"]));
    let from = colon.map(|k| clause(an, k).0).unwrap_or(c0);
    for k in (from..a).rev() {
        match cue(an, k) {
            Some(Cue::Register | Cue::Strive) => return Some(AwardStatus::Registered),
            // "đăng ký đề nghị Thủ tướng tặng ...": a registration worded as a proposal.
            Some(Cue::Propose) if k > 0 && cue(an, k - 1) == Some(Cue::Register) => {
                return Some(AwardStatus::Registered);
            }
            Some(Cue::Propose | Cue::Vote) => return Some(AwardStatus::Proposed),
            _ => {}
        }
    }
    let before =
        (c0..a).any(|k| matches!(cue(an, k), Some(Cue::Give | Cue::Receive | Cue::Passive)));
    let after = (a + 1..c1.min(a + 4))
        .any(|k| matches!(cue(an, k), Some(Cue::Give | Cue::Receive | Cue::Passive)));
    (before || after).then_some(AwardStatus::Awarded)
}

/// The grantor named as the subject of the giving verb before unit `a` ("đề nghị G tặng",
/// "được G tặng"), and the index of that verb.
fn grantor_before(
    an: &Analysis,
    reg: &Registry,
    a: usize,
    c0: usize,
) -> Option<(Option<String>, usize)> {
    let g = (c0..a).rev().find(|&k| cue(an, k) == Some(Cue::Give))?;
    // Nothing but the award (and a count of flags, "danh hiệu", quotes) between the verb and
    // the award.
    let allowed = |k: usize| {
        matches!(an.units[k].k, UK::Word | UK::Count { .. })
            || (an.units[k].k == UK::Punct && an.toks[an.units[k].t0].is_quote())
    };
    if !(g + 1..a).all(allowed) {
        return None;
    }
    // Adverbs between the grantor and the verb: "UBND tỉnh đã (quyết định) tặng".
    let mut end = g;
    while end > c0
        && (cue(an, end - 1) == Some(Cue::Achieve)
            || matches!(
                key(an, end - 1),
                "vừa" | "quyết" | "định" | "ra" | "đã" | "cũng" | "sẽ"
            ))
    {
        end -= 1;
    }
    // "Thừa ủy quyền của Chủ tịch nước, đồng chí X trao ...": the one who delegated grants.
    if let Some(q) = (c0..g).find(|&k| key(an, k) == "ủy" && key(an, k + 1) == "quyền") {
        let mut s = q + 2;
        if cue(an, s) == Some(Cue::Of) {
            s += 1;
        }
        if let Some((name, _)) = super::analyze::grantor_at(an, reg, s, true) {
            return Some((Some(name), g));
        }
    }
    // Try a grantor phrase ending right before the verb; a body named in a person's title
    // ("Phó Bí thư Thường trực Tỉnh ủy trao ...") is not the grantor.
    // "được Ủy ban Trung ương MTTQ Việt Nam tặng": the agent of a passive gives, whatever
    // body it is.
    if end >= c0 + 2
        && let UK::Agency {
            id,
            in_title: false,
            ..
        } = an.units[end - 1].k
    {
        // Capitalized words before the name belong to it: "Ban Chấp hành Trung ương | Hội
        // Nông dân Việt Nam".
        let mut s = end - 1;
        while s > c0 && end - 1 - s < 5 && an.units[s - 1].k == UK::Word {
            s -= 1;
        }
        if s > c0
            && cue(an, s - 1) == Some(Cue::Passive)
            && (s == end - 1 || an.toks[an.units[s].t0].cap)
        {
            let name = reg.grantor_name(id);
            return Some((
                Some(if s < end - 1 {
                    format!("{} {name}", an.unit_text(s, end - 1))
                } else {
                    name
                }),
                g,
            ));
        }
    }
    // "Chủ tịch UBND tỉnh Nguyễn Văn A (vừa quyết định) tặng": the holder's name may follow.
    let holder = end > c0 && matches!(an.units[end - 1].k, UK::Person(_));
    for end in [end, end - usize::from(holder)] {
        for start in end.saturating_sub(3).max(c0)..end {
            if let Some((name, e)) = super::analyze::grantor_at(an, reg, start, false)
                && e == end
                && !(start > 0 && matches!(an.units[start - 1].k, UK::Position { .. }))
            {
                return Some((Some(name), g));
            }
        }
        if !holder {
            break;
        }
    }
    Some((None, g))
}

/// True when the agency at unit `m` is named as an owner or grantor: "của X", "của Trung ương X".
fn owned(an: &Analysis, m: usize) -> bool {
    (m >= 1 && cue(an, m - 1) == Some(Cue::Of))
        || (m >= 3
            && key(an, m - 1) == "ương"
            && key(an, m - 2) == "trung"
            && cue(an, m - 3) == Some(Cue::Of))
}

/// The subject receiving an award at `a`: "Sở A được UBND tỉnh tặng ...", "X nhận ...",
/// "các đơn vị đăng ký ...".
fn subject(an: &Analysis, a: usize, c0: usize) -> (Vec<(Recipient, usize)>, bool) {
    // The verb nearest before the award.
    let Some(v) = (c0..a).rev().find(|&k| {
        matches!(
            cue(an, k),
            Some(
                Cue::Receive
                    | Cue::Passive
                    | Cue::Propose
                    | Cue::Register
                    | Cue::Strive
                    | Cue::Give
            )
        )
    }) else {
        return (Vec::new(), false);
    };
    let mut v = v;
    let registering = (c0..a).any(|k| matches!(cue(an, k), Some(Cue::Register | Cue::Strive)));
    if cue(an, v) == Some(Cue::Give) {
        // "được UBND tỉnh tặng", "được đồng chí X trao": passive with an agent; "(suy tôn X,)
        // đề nghị UBND tỉnh tặng": the one proposed comes before "đề nghị".
        // The agent may be a long name partly in plain words ("Ban Chấp hành Trung ương Hội
        // Nông dân Việt Nam").
        let reach = (c0..v)
            .rev()
            .take_while(|&k| {
                matches!(
                    an.units[k].k,
                    UK::Word | UK::Agency { .. } | UK::Position { .. } | UK::Person(_)
                ) || is_punct(an, k, &[","])
            })
            .count();
        let back = (v.saturating_sub(reach.clamp(5, 9) + 1).max(c0)..v)
            .rev()
            .find(|&k| {
                matches!(
                    cue(an, k),
                    Some(Cue::Passive | Cue::Receive | Cue::Propose | Cue::Vote)
                )
            });
        match back {
            Some(p) => v = p,
            None => return (Vec::new(), registering),
        }
    }
    // Walk back over the verb chain ("đều đăng ký phấn đấu được").
    while v > c0
        && matches!(
            cue(an, v - 1),
            Some(Cue::Receive | Cue::Passive | Cue::Register | Cue::Strive | Cue::Achieve)
        )
    {
        v -= 1;
    }
    // "Lễ đón nhận Huân chương ...", "buổi lễ trao tặng ...": a ceremony's name, not a clause
    // with a subject.
    if v > c0 && matches!(key(an, v - 1), "lễ" | "buổi") {
        return (Vec::new(), registering);
    }
    let mut out = Vec::new();
    let mut k = v;
    // The subject sits close to its verb.
    let lowest = v.saturating_sub(14).max(c0);
    while k > lowest {
        k -= 1;
        // A parenthesis ("(thuộc xã X, huyện Y)") holds no subject.
        if is_punct(an, k, &[")"])
            && let Some(open) = (c0..k).rev().find(|&m| is_punct(an, m, &["("]))
        {
            k = open;
            continue;
        }
        if let Some(r) = recipient_of(an, k) {
            // A venue, an owner ("của X") or the agent of a passive ("được X tặng") is not
            // the subject.
            let agent = (k.saturating_sub(3)..k).any(|m| cue(an, m) == Some(Cue::Passive))
                && cue(an, k + 1) == Some(Cue::Give);
            let venue = agent
                || k > 0
                    && (matches!(key(an, k - 1), "tại" | "ở" | "với" | "giữa" | "trương")
                        || matches!(cue(an, k - 1), Some(Cue::Of | Cue::Passive)));
            if venue {
                continue;
            }
            // A place that qualifies a noun is not a subject ("học sinh lớp 5 quận X nhận").
            let place = matches!(
                an.units[k].k,
                UK::Agency {
                    kind: AgencyKind::Locality,
                    ..
                }
            );
            let qualifies = k > 0
                && matches!(
                    an.units[k - 1].k,
                    UK::Word | UK::Cue(Cue::Individual | Cue::Collective) | UK::Count { .. }
                );
            if place && qualifies {
                continue;
            }
            // "Tỉnh ủy, HĐND, UBND, Ủy ban MTTQ tỉnh ... đón nhận": the province as a whole.
            let mut m = k;
            let mut whole_province = false;
            while m > c0 {
                m -= 1;
                match &an.units[m].k {
                    UK::Agency {
                        kind: AgencyKind::Authority,
                        ..
                    } => whole_province = true,
                    UK::Agency { .. } | UK::Punct => {}
                    UK::Word if key(an, m) == "và" => {}
                    _ => break,
                }
            }
            if whole_province {
                return (Vec::new(), registering);
            }
            // "Chị X, giáo viên Trường Y, được tặng": the workplace in an apposition describes
            // the person, who is the subject.
            let mut r = r;
            let mut k = k;
            if k >= 3
                && matches!(
                    an.units[k - 1].k,
                    UK::Cue(Cue::Individual) | UK::Position { .. }
                )
                && is_punct(an, k - 2, &[","])
                && let UK::Person(p) = an.units[k - 3].k
            {
                r = Recipient::Person(p);
                k -= 3;
            }
            out.push((r, k));
            // Extend over "A, B và C".
            let mut j = k;
            while j > c0 + 1 && (is_punct(an, j - 1, &[","]) || key(an, j - 1) == "và") {
                let venue2 = j >= 3
                    && (matches!(key(an, j - 3), "tại" | "ở" | "với" | "giữa" | "trương")
                        || owned(an, j - 2));
                match recipient_of(an, j - 2).filter(|_| !venue2) {
                    Some(r2) => {
                        out.push((r2, j - 2));
                        j -= 2;
                    }
                    None => break,
                }
            }
            break;
        }
        if matches!(an.units[k].k, UK::Award { .. } | UK::Role(_)) {
            break;
        }
    }
    out.reverse();
    // "Sở Nội vụ đã thống nhất đề xuất Chủ tịch tỉnh tặng bằng khen": a body before a
    // proposal is the one who proposes, unless a vote chose it ("suy tôn X ..., đề nghị ...").
    let passive = (v.saturating_sub(3)..v).any(|k| cue(an, k) == Some(Cue::Passive));
    if matches!(cue(an, v), Some(Cue::Propose | Cue::Vote))
        && !passive
        && let Some(&(_, first)) = out.first()
        && !(0..first).any(|k| matches!(cue(an, k), Some(Cue::Vote | Cue::Elect)))
    {
        out.clear();
    }
    (out, registering)
}

fn year_near(an: &Analysis, a: usize, c0: usize, c1: usize) -> Option<i32> {
    let year = |k: usize| match an.units[k].k {
        UK::Year(y) => Some(y),
        UK::Range { to, term: false } => Some(to),
        _ => None,
    };
    (a + 1..c1)
        .take_while(|&k| {
            !matches!(
                an.units[k].k,
                UK::Award {
                    kind: AwardKind::Flag
                        | AwardKind::Certificate
                        | AwardKind::Order
                        | AwardKind::Medal
                        | AwardKind::Honour
                        | AwardKind::Title,
                    ..
                } | UK::Role(_)
            )
        })
        .find_map(year)
        .or_else(|| (c0..a).rev().find_map(year))
        .or_else(|| (0..c0).rev().find_map(year))
}

/// "… trao Cờ thi đua cho 14 tập thể. Trong số đó, Sở Xây dựng dẫn đầu Khối thi đua A; Công an
/// tỉnh dẫn đầu Khối thi đua B": the units named after "trong số đó" receive the award counted in
/// the sentence before, in the bloc they lead.
fn among_them(an: &Analysis, out: &mut Found) {
    let (start, n) = out.previous_sentence;
    let Some(base) = out.awards[start..start + n]
        .iter()
        .find(|a| matches!(a.recipient, Recipient::Count(_)))
        .cloned()
    else {
        return;
    };
    let opens = key(an, 0) == "trong"
        && (1..4.min(an.units.len())).any(|k| matches!(key(an, k), "đó" | "số"));
    if !opens {
        return;
    }
    for k in 0..an.units.len() {
        let Some(Recipient::Agency(a)) = recipient_of(an, k) else {
            continue;
        };
        // "A (là đơn vị) dẫn đầu Khối thi đua X".
        let lead = (k + 1..(k + 6).min(an.units.len()))
            .take_while(|&m| !is_punct(an, m, &[";", ","]))
            .find(|&m| key(an, m) == "dẫn" && key(an, m + 1) == "đầu" || key(an, m) == "dẫn");
        let Some(l) = lead else {
            continue;
        };
        let bloc = (l + 1..(l + 4).min(an.units.len())).find_map(|m| match an.units[m].k {
            UK::Bloc(Some(b)) => Some(b),
            _ => None,
        });
        out.awards.push(RawAward {
            bloc,
            recipient: Recipient::Agency(a),
            evidence: an.evidence(&[k, l]),
            ..base.clone()
        });
    }
}

/// Reads the award outcomes of a sentence.
pub fn awards(an: &Analysis, reg: &Registry, ctx: &Ctx, sent_bloc: Option<usize>, out: &mut Found) {
    among_them(an, out);
    let first = out.awards.len();
    awards_of(an, reg, ctx, sent_bloc, out);
    out.previous_sentence = (first, out.awards.len() - first);
}

fn awards_of(an: &Analysis, reg: &Registry, ctx: &Ctx, sent_bloc: Option<usize>, out: &mut Found) {
    let n = an.units.len();
    let mut last_grantor: Option<(usize, Option<String>)> = None;
    for a in 0..n {
        let UK::Award {
            name,
            kind,
            grantor,
            year,
        } = &an.units[a].k
        else {
            continue;
        };
        if *kind == AwardKind::Rating {
            continue;
        }
        let (c0, c1) = clause(an, a);
        if (0..a).any(|k| cue(an, k) == Some(Cue::Cond)) {
            continue;
        }
        // A title aimed at by a percentage is a target's goal.
        let registering = (c0..a).any(|k| cue(an, k) == Some(Cue::Register));
        let collective_award = matches!(
            kind,
            AwardKind::Flag | AwardKind::Certificate | AwardKind::Order
        ) || name.starts_with("Tập thể")
            || name.starts_with("Đơn vị");
        // An individual's title with its percentage after it is one too ("số công chức đạt
        // danh hiệu “Lao động tiên tiến” đạt trên 90%").
        let percent = |r: std::ops::Range<usize>| {
            r.into_iter()
                .any(|k| matches!(an.units[k].k, UK::Percent(_)))
        };
        if (percent(c0..a) && !(registering && collective_award))
            || (!collective_award && percent(a + 1..c1))
        {
            continue;
        }
        // "được tặng nhiều Bằng khen": a record of past honours, not an outcome.
        if a > 0 && matches!(key(an, a - 1), "nhiều" | "những") {
            continue;
        }
        let Some(status) = status_of(an, a, c0, c1) else {
            continue;
        };
        // "nhiều năm liền được tặng Cờ thi đua (2015, 2018)", "đã 3 lần nhận Cờ thi đua": a
        // tally of past honours gives outcomes only for the years it names.
        let past_years = (status == AwardStatus::Awarded && past_tally(an, c0, c1))
            .then(|| years_listed(an, a, c1));
        if past_years.as_ref().is_some_and(Vec::is_empty) {
            continue;
        }
        // Grantor: written after the award, or the subject of the giving verb.
        let mut grantor = grantor.clone();
        if grantor.is_none() {
            match grantor_before(an, reg, a, c0) {
                // The grantor as written: "Chủ tịch UBND tỉnh trao Cờ thi đua" keeps the
                // chairman. Orders and state honours are the President's: another leader who
                // hands one over ("Chủ tịch Quốc hội trao Huân chương") does not grant it.
                Some((Some(g), _))
                    if matches!(kind, AwardKind::Order | AwardKind::Honour)
                        && g != "Chủ tịch nước" => {}
                Some((Some(g), _)) => grantor = Some(g),
                Some((None, g)) => {
                    // "..., tặng Bằng khen cho ...": the verb repeats the previous grantor.
                    let continues = g > 0
                        && (is_punct(an, g - 1, &[","]) || key(an, g - 1) == "và")
                        && last_grantor.as_ref().is_some_and(|(c, _)| *c == c0);
                    if continues {
                        grantor = last_grantor.as_ref().and_then(|(_, g)| g.clone());
                    }
                }
                None => {}
            }
        }
        last_grantor = Some((c0, grantor.clone()));
        // Recipients: after "cho", or after a colon, else the subject.
        let mut recips = Vec::new();
        let mut j = a + 1;
        while j < c1
            && matches!(
                an.units[j].k,
                UK::Year(_)
                    | UK::Word
                    | UK::Bloc(_)
                    | UK::Cue(Cue::Receive | Cue::Passive | Cue::Give | Cue::As | Cue::Include)
            )
            && j < a + 5
        {
            j += 1;
        }
        // "... tặng Cờ thi đua là: A, B", "... tặng Bằng khen gồm A và B".
        let introduced = j > a + 1 && matches!(cue(an, j - 1), Some(Cue::As | Cue::Include));
        let list_start = if j < c1 && (cue(an, j) == Some(Cue::For) || is_punct(an, j, &[":"])) {
            Some(j + 1)
        } else if introduced && recipient_of(an, j).is_some() {
            Some(j)
        } else {
            None
        };
        if let Some(start) = list_start {
            recips = list_after(an, start, c1).0;
            // "cho các đơn vị: A, B", "cho 3 đơn vị: A, B và C": the header is not a
            // recipient when the names follow.
            let named = recips
                .iter()
                .any(|(r, _)| matches!(r, Recipient::Agency(_) | Recipient::Person(_)));
            if named {
                let colon_after_count = recips.iter().any(|(r, u)| {
                    matches!(r, Recipient::Count(_) | Recipient::All) && is_punct(an, u + 1, &[":"])
                });
                recips.retain(|(r, _)| match r {
                    Recipient::All => false,
                    Recipient::Count(_) => !colon_after_count,
                    _ => true,
                });
            }
        }
        let mut registering = false;
        if recips.is_empty() {
            let (s, reg_) = subject(an, a, c0);
            recips = s;
            registering = reg_;
        }
        // "Huân chương Lao động hạng Ba của Công ty X": the company's order, whoever is the
        // subject of the sentence.
        if matches!(
            kind,
            AwardKind::Order | AwardKind::Honour | AwardKind::Medal
        ) && cue(an, a + 1) == Some(Cue::Of)
            && let Some(r @ Recipient::Agency(_)) = recipient_of(an, a + 2)
        {
            recips = vec![(r, a + 2)];
        }
        // A flag or a collective title goes to a body: a person receiving it does so for
        // their agency.
        let collective =
            *kind == AwardKind::Flag || name.starts_with("Tập thể") || name.starts_with("Đơn vị");
        if collective {
            recips = recips
                .into_iter()
                .filter_map(|(r, u)| match r {
                    Recipient::Person(p) => reg.people[p].agency.map(|a| (Recipient::Agency(a), u)),
                    other => Some((other, u)),
                })
                .collect();
        }
        if recips.is_empty() && status == AwardStatus::Registered && registering {
            let individual = *kind == AwardKind::Title
                && !(name.starts_with("Tập thể") || name.starts_with("Đơn vị"));
            if !individual {
                recips.push((Recipient::All, a));
            }
        }
        if recips.is_empty() {
            continue;
        }
        let year = year.or_else(|| year_near(an, a, c0, c1)).or(match status {
            AwardStatus::Registered => ctx.plan_year(),
            _ => ctx.merit_year(),
        });
        let bloc = bloc_at(an, a, sent_bloc);
        let years = past_years.unwrap_or_else(|| vec![year]);
        for (r, u) in recips {
            for &year in &years {
                out.awards.push(RawAward {
                    year,
                    bloc,
                    recipient: r.clone(),
                    award: name.clone(),
                    grantor: grantor.clone(),
                    status,
                    evidence: an.evidence(&[a, u]),
                });
            }
        }
    }
}

/// True when clause `c0..c1` tallies past honours: "nhiều năm liền", "3 năm liên tục",
/// "những năm qua", "các năm trước", "đã 3 lần", "nhiều lần", "từng".
fn past_tally(an: &Analysis, c0: usize, c1: usize) -> bool {
    let (Some(first), Some(last)) = (an.units.get(c0), an.units.get(c1.saturating_sub(1))) else {
        return false;
    };
    let ks: Vec<&str> = an.toks[first.t0..last.t1]
        .iter()
        .map(|t| t.key.as_str())
        .collect();
    let at = |i: usize| ks.get(i).copied().unwrap_or("");
    let several = |w: &str| {
        w.bytes().all(|b| b.is_ascii_digit()) && !w.is_empty()
            || matches!(w, "nhiều" | "hai" | "ba" | "bốn" | "năm" | "mấy" | "vài")
    };
    (0..ks.len()).any(|i| match at(i) {
        "từng" => true,
        "nhiều" | "những" | "các" | "mấy" if at(i + 1) == "năm" => {
            at(i) == "nhiều" || matches!(at(i + 2), "qua" | "trước" | "liền" | "liên")
        }
        w if several(w) && at(i + 1) == "năm" => matches!(at(i + 2), "liền" | "liên"),
        w if several(w) && at(i + 1) == "lần" => at(i + 2) != "thứ",
        _ => false,
    })
}

/// The years written after the award at unit `a` and before the next award of the clause:
/// "Cờ thi đua của Chính phủ (2015, 2018)", "Bằng khen các năm 2019 và 2021".
fn years_listed(an: &Analysis, a: usize, c1: usize) -> Vec<Option<i32>> {
    let mut years = Vec::new();
    for k in a + 1..c1 {
        let u = &an.units[k];
        match &u.k {
            UK::Award { .. } => break,
            UK::Year(y) => years.push(Some(*y)),
            UK::Range { to, term: false } => years.push(Some(*to)),
            UK::Word | UK::Punct => {
                for t in &an.toks[u.t0..u.t1] {
                    if t.key.len() == 4
                        && let Ok(y) = t.key.parse::<i32>()
                        && (1945..=2100).contains(&y)
                    {
                        years.push(Some(y));
                    }
                }
            }
            _ => {}
        }
    }
    years.dedup();
    years
}

/// The agency a unit stands for in a role phrase (an agency, or a person's agency).
fn role_agency(an: &Analysis, reg: &Registry, i: usize) -> Option<usize> {
    match an.units.get(i)?.k {
        UK::Agency { id, kind, .. } if kind != AgencyKind::Authority => Some(id),
        UK::Person(p) => reg.people[p].agency,
        _ => None,
    }
}

fn first_year(an: &Analysis, from: usize, to: usize) -> Option<i32> {
    (from..to).find_map(|k| match an.units[k].k {
        UK::Year(y) => Some(y),
        _ => None,
    })
}

/// Reads the bloc roles of a sentence.
pub fn roles(an: &Analysis, reg: &Registry, ctx: &Ctx, sent_bloc: Option<usize>, out: &mut Found) {
    let n = an.units.len();
    for r in 0..n {
        let UK::Role(role) = an.units[r].k else {
            continue;
        };
        let (c0, c1) = clause(an, r);
        let bloc = match an.units.get(r + 1).map(|u| &u.k) {
            Some(UK::Bloc(Some(b))) => Some(*b),
            _ => bloc_at(an, r, sent_bloc),
        };
        // Hand-over: "A bàn giao nhiệm vụ Khối trưởng năm 2018 cho B".
        if let Some(h) = (c0..r).rev().find(|&k| cue(an, k) == Some(Cue::Handover))
            && (h + 1..r).all(|k| matches!(an.units[k].k, UK::Word | UK::Punct))
        {
            let giver = (c0..h)
                .rev()
                .find_map(|k| role_agency(an, reg, k).map(|a| (a, k)));
            let f = (r + 1..c1).find(|&k| cue(an, k) == Some(Cue::For));
            let receiver = f.and_then(|f| {
                (f + 1..c1.min(f + 3)).find_map(|k| role_agency(an, reg, k).map(|a| (a, k)))
            });
            let y = first_year(an, r + 1, f.unwrap_or(c1)).or(ctx.current_year());
            if let Some((g, gu)) = giver {
                out.roles.push(RawRole {
                    year: y,
                    bloc,
                    agency: g,
                    role,
                    evidence: an.evidence(&[gu, r]),
                });
            }
            if let Some((rc, ru)) = receiver {
                out.roles.push(RawRole {
                    year: y.map(|y| y + 1).or(ctx.new_year()),
                    bloc,
                    agency: rc,
                    role,
                    evidence: an.evidence(&[ru, r]),
                });
            }
            continue;
        }
        // Take-over: "B tiếp nhận nhiệm vụ Khối trưởng (năm 2019) từ A".
        if let Some(h) = (c0..r).rev().find(|&k| cue(an, k) == Some(Cue::Takeover))
            && (h + 1..r).all(|k| matches!(an.units[k].k, UK::Word | UK::Punct))
        {
            let taker = (c0..h)
                .rev()
                .find_map(|k| role_agency(an, reg, k).map(|a| (a, k)));
            let from = (r + 1..c1).find(|&k| key(an, k) == "từ").and_then(|f| {
                (f + 1..c1.min(f + 3)).find_map(|k| role_agency(an, reg, k).map(|a| (a, k)))
            });
            let y = first_year(an, r + 1, c1).or(ctx.new_year());
            if let Some((t, tu)) = taker {
                out.roles.push(RawRole {
                    year: y,
                    bloc,
                    agency: t,
                    role,
                    evidence: an.evidence(&[tu, r]),
                });
            }
            if let Some((f, fu)) = from {
                out.roles.push(RawRole {
                    year: y.map(|y| y - 1),
                    bloc,
                    agency: f,
                    role,
                    evidence: an.evidence(&[fu, r]),
                });
            }
            continue;
        }
        // Forwards first: "Khối trưởng năm 2019 là A", "Khối trưởng: A", "Khối trưởng (A)".
        let mut elected_between = false;
        let mut linked = None;
        let mut j = r + 1;
        while j < c1
            && (matches!(an.units[j].k, UK::Bloc(_) | UK::Year(_))
                || (matches!(an.units[j].k, UK::Word | UK::Cue(Cue::Stop))
                    && matches!(key(an, j), "năm" | "nay" | "này" | "mới")))
        {
            j += 1;
        }
        if j < c1 && (cue(an, j) == Some(Cue::As) || is_punct(an, j, &[":", "("])) {
            linked = role_agency(an, reg, j + 1).map(|a| (a, j + 1));
            elected_between = linked.is_some();
        }
        // Backwards: "A làm Khối trưởng", "A – Trưởng khối", "X (person) - Trưởng khối",
        // "A được các thành viên thống nhất phân công làm Khối phó".
        let mut k = r;
        let lowest = r.saturating_sub(12).max(c0);
        let mut loose_words = 0;
        while linked.is_none() && k > lowest {
            k -= 1;
            // "đơn vị được các thành viên tín nhiệm bầu làm ...": a word or two of manner
            // inside an election.
            if elected_between && an.units[k].k == UK::Word && loose_words < 2 {
                loose_words += 1;
                continue;
            }
            match &an.units[k].k {
                UK::Punct if matches!(key(an, k), "-" | "–" | "—" | "," | "(") => continue,
                UK::Cue(
                    Cue::As | Cue::Collective | Cue::Member | Cue::AllMembers | Cue::Passive,
                ) => continue,
                UK::Cue(Cue::Elect | Cue::Vote) => {
                    elected_between = true;
                    continue;
                }
                UK::Word
                    if matches!(
                        key(an, k),
                        "đơn" | "vị" | "đồng" | "thời" | "kiêm" | "tiếp" | "tục" | "cũng"
                    ) =>
                {
                    continue;
                }
                UK::Position { .. } => continue,
                _ => {
                    linked = role_agency(an, reg, k).map(|a| (a, k));
                    break;
                }
            }
        }
        let Some((agency, au)) = linked else {
            continue;
        };
        let elected = elected_between
            || (c0..au).any(|k| cue(an, k) == Some(Cue::Elect) || cue(an, k) == Some(Cue::Vote));
        let after = first_year(an, r + 1, n);
        let year = if elected {
            after.or(ctx.new_year())
        } else {
            after
                .or_else(|| {
                    (c0..r).rev().find_map(|k| match an.units[k].k {
                        UK::Year(y) => Some(y),
                        _ => None,
                    })
                })
                .or(ctx.current_year())
        };
        out.roles.push(RawRole {
            year,
            bloc,
            agency,
            role,
            evidence: an.evidence(&[au, r]),
        });
    }
}

/// Reads the bloc members a sentence lists.
pub fn members(an: &Analysis, sent_bloc: Option<usize>, out: &mut Found) {
    let n = an.units.len();
    // "Tham gia khối có 5 đơn vị: A, B, ...": a bloc, its number of units, a colon, the list.
    for c in 0..n {
        if !matches!(
            an.units[c].k,
            UK::Count {
                individual: false,
                ..
            }
        ) || !is_punct(an, c + 1, &[":"])
        {
            continue;
        }
        let bloc_before = (c.saturating_sub(3)..c).find_map(|k| match an.units[k].k {
            UK::Bloc(b) => Some(b),
            _ => None,
        });
        let Some(b) = bloc_before else {
            continue;
        };
        if (c.saturating_sub(3)..c)
            .any(|k| cue(an, k) == Some(Cue::Member) || cue(an, k) == Some(Cue::Include))
        {
            continue;
        }
        let (list, _) = list_after(an, c + 2, n);
        let list: Vec<(usize, usize)> = list
            .into_iter()
            .filter_map(|(r, u)| match r {
                Recipient::Agency(a) => Some((a, u)),
                _ => None,
            })
            .collect();
        if list.len() < 2 {
            continue;
        }
        let bloc = b.or_else(|| bloc_at(an, c, sent_bloc));
        for (a, u) in list {
            out.members.push(RawMember {
                bloc,
                agency: a,
                evidence: an.evidence(&[c, u]),
            });
        }
    }
    for i in 0..n {
        let Some(c @ (Cue::Include | Cue::Member)) = cue(an, i) else {
            continue;
        };
        let (c0, c1) = clause(an, i);
        let window = i.saturating_sub(6).max(c0);
        let cued = c == Cue::Member
            || (window..i).any(|k| {
                matches!(cue(an, k), Some(Cue::Member)) || matches!(an.units[k].k, UK::Bloc(_))
            });
        if !cued {
            continue;
        }
        // After: "các đơn vị thành viên Khối 5 gồm: A, B, C", "8 thành viên là ...".
        let mut j = i + 1;
        while j < c1
            && (matches!(
                an.units[j].k,
                UK::Bloc(_) | UK::Count { .. } | UK::Cue(Cue::Include | Cue::Collective | Cue::As)
            ) || is_punct(an, j, &[":"])
                || (an.units[j].k == UK::Word && matches!(key(an, j), "các" | "có" | "của")))
        {
            j += 1;
        }
        let explicit = (window..j.max((i + 3).min(c1))).find_map(|k| match an.units[k].k {
            UK::Bloc(Some(b)) => Some(b),
            _ => None,
        });
        let (list, _) = list_after(an, j, an.units.len());
        let mut list: Vec<(usize, usize)> = list
            .into_iter()
            .filter_map(|(r, u)| match r {
                Recipient::Agency(a) => Some((a, u)),
                _ => None,
            })
            .collect();
        // Before: "A, B và C là thành viên của Khối".
        if list.is_empty() && c == Cue::Member && i > c0 && cue(an, i - 1) == Some(Cue::As) {
            let mut k = i - 1;
            while k > c0 {
                k -= 1;
                match an.units[k].k {
                    UK::Agency { id, kind, .. } if recipient_agency(kind) => list.push((id, k)),
                    UK::Punct if key(an, k) == "," => {}
                    UK::Word if key(an, k) == "và" => {}
                    _ => break,
                }
            }
        }
        // A list needs at least two names unless a bloc is named with it.
        if list.len() < 2 && explicit.is_none() {
            continue;
        }
        let bloc = explicit.or_else(|| bloc_at(an, i, sent_bloc));
        for (a, u) in list {
            out.members.push(RawMember {
                bloc,
                agency: a,
                evidence: an.evidence(&[i, u]),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::analyze::{DateRef, analyze_prose, merge_grantors};
    use super::*;

    fn read(s: &str, ctx: &Ctx) -> (Found, Registry) {
        let (mut an, reg) = analyze_prose(s, DateRef::default());
        merge_grantors(&mut an, &reg);
        let mut found = Found::default();
        awards(&an, &reg, ctx, None, &mut found);
        roles(&an, &reg, ctx, None, &mut found);
        members(&an, None, &mut found);
        (found, reg)
    }

    #[test]
    fn proposal_with_grantor_and_recipients() {
        let ctx = Ctx {
            review: Some(2018),
            ..Ctx::default()
        };
        let (f, reg) = read(
            "Hội nghị đề nghị Chủ tịch UBND tỉnh tặng Bằng khen cho Sở Tư pháp và Sở Nội vụ.",
            &ctx,
        );
        assert_eq!(f.awards.len(), 2);
        let a = &f.awards[0];
        assert_eq!(a.status, AwardStatus::Proposed);
        assert_eq!(a.year, Some(2018));
        assert_eq!(a.grantor.as_deref(), Some("Chủ tịch Ủy ban nhân dân tỉnh"));
        assert!(
            matches!(a.recipient, Recipient::Agency(id) if reg.agencies[id].name == "Sở Tư pháp")
        );
    }

    #[test]
    fn giver_is_not_recipient() {
        let (f, reg) = read(
            "Đồng chí Hà Văn Tú, Phó Chủ tịch UBND tỉnh trao Cờ thi đua của UBND tỉnh năm 2019 cho Sở Y tế.",
            &Ctx::default(),
        );
        assert_eq!(f.awards.len(), 1);
        assert_eq!(f.awards[0].status, AwardStatus::Awarded);
        assert!(
            matches!(f.awards[0].recipient, Recipient::Agency(id) if reg.agencies[id].name == "Sở Y tế")
        );
    }

    #[test]
    fn handover_gives_two_years() {
        let (f, reg) = read(
            "Sở Xây dựng bàn giao nhiệm vụ Khối trưởng năm 2020 cho Sở Công Thương.",
            &Ctx::default(),
        );
        let years: Vec<(String, Option<i32>)> = f
            .roles
            .iter()
            .map(|r| (reg.agencies[r.agency].name.clone(), r.year))
            .collect();
        assert_eq!(
            years,
            vec![
                ("Sở Xây dựng".to_string(), Some(2020)),
                ("Sở Công Thương".to_string(), Some(2021))
            ]
        );
    }

    #[test]
    fn guests_are_not_members() {
        let (f, _) = read(
            "Dự hội nghị có lãnh đạo Ban Thi đua - Khen thưởng tỉnh và Sở Nội vụ.",
            &Ctx::default(),
        );
        assert!(f.members.is_empty());
    }
}
