//! Targets: "phấn đấu 100% các thành viên đạt danh hiệu “Trong sạch vững mạnh”", "95% trở lên
//! công chức ... đạt danh hiệu lao động tiên tiến, trong đó có 15% đạt ...". A percentage is a
//! target only when the sentence sets it (phấn đấu, chỉ tiêu, mục tiêu, cam kết ...); "thu hút
//! 100% tập thể hưởng ứng" reports an achievement.

use super::Ctx;
use super::analyze::{Analysis, UK, cue, key};
use super::lexicon::{AwardKind, Cue};
use super::relation::clause;
use crate::model::Target;

fn setting(c: Option<Cue>) -> bool {
    matches!(c, Some(Cue::Target | Cue::Strive | Cue::Register))
}

/// "chương trình mục tiêu quốc gia": a programme's name, which sets nothing.
fn program_name(an: &Analysis, k: usize) -> bool {
    k >= 2 && key(an, k - 2) == "chương" && key(an, k - 1) == "trình"
}

/// Where a subject ends: the verb of the target.
fn verb(an: &Analysis, i: usize) -> bool {
    matches!(
        cue(an, i),
        Some(
            Cue::Receive
                | Cue::Strive
                | Cue::Passive
                | Cue::Give
                | Cue::Register
                | Cue::Target
                | Cue::Achieve
                | Cue::Propose
        )
    ) || matches!(
        key(an, i),
        "hoàn" | "tham" | "xếp" | "có" | "được" | "đạt" | "không"
    ) || an
        .units
        .get(i)
        .is_some_and(|u| u.k == UK::Punct && matches!(an.toks[u.t0].key.as_str(), ";" | "." | "("))
}

/// True for a comma or a semicolon at unit `i`.
fn is_punct_at(an: &Analysis, i: usize) -> bool {
    an.units
        .get(i)
        .is_some_and(|u| u.k == UK::Punct && matches!(an.toks[u.t0].key.as_str(), "," | ";" | ":"))
}

/// Where a free-text goal ends.
fn goal_stop(an: &Analysis, i: usize) -> bool {
    let u = &an.units[i];
    match &u.k {
        UK::Punct => !matches!(an.toks[u.t0].key.as_str(), "“" | "”" | "\"" | "-" | "–"),
        UK::Year(_) | UK::Day(_) | UK::Half(_) | UK::Percent(_) => true,
        UK::Cue(Cue::For | Cue::Of | Cue::Meeting) => true,
        _ => matches!(
            key(an, i),
            "theo" | "trong" | "của" | "năm" | "để" | "nhằm" | "tại" | "với" | "so" | "trở" | "đến"
        ),
    }
}

/// Reads the targets of a sentence.
pub fn targets(an: &Analysis, ctx: &Ctx, out: &mut Vec<Target>) {
    let n = an.units.len();
    let mut prev_subject: Option<String> = None;
    let mut last_target_unit: Option<usize> = None;
    let mut aim: Option<String> = None;
    for p in 0..n {
        let UK::Percent(value) = an.units[p].k else {
            continue;
        };
        let (c0, c1) = clause(an, p);
        let cue_before = (0..p)
            .rev()
            .find(|&k| setting(cue(an, k)) && !program_name(an, k));
        let cue_after = (p + 1..c1.min(p + 14))
            .find(|&k| matches!(cue(an, k), Some(Cue::Strive | Cue::Target)));
        let inherited = last_target_unit.is_some()
            && (p.saturating_sub(3)..p).any(|k| {
                key(an, k) == "trong" || cue(an, k) == Some(Cue::Achieve) && key(an, k) == "trong"
            });
        // "100% thành viên đăng ký Cờ thi đua": a registration, read as an award.
        if (p + 1..c1).any(|k| cue(an, k) == Some(Cue::Register)) {
            continue;
        }
        if cue_before.is_none() && cue_after.is_none() && !inherited {
            continue;
        }
        // An achievement between the setting word and the number ("đã thu hút 100%").
        if let Some(cb) = cue_before
            && !inherited
            && (cb.max(c0)..p).any(|k| {
                // "trong đó", "vượt 100%" and "phấn đấu giảm ..." (the aim) are not results.
                // "phấn đấu A; giảm tỷ lệ ... xuống dưới 2%": each clause of the list opens
                // with its own aim.
                // "... giảm còn dưới 2%": a change to a level is aimed at wherever it stands.
                let aim = key(an, k) == "trong"
                    || (k + 1 == p && key(an, k) == "vượt")
                    || ((k == cb + 1 || k == c0 && cb < c0)
                        && matches!(key(an, k), "tăng" | "giảm"))
                    || (matches!(key(an, k), "tăng" | "giảm")
                        && matches!(key(an, k + 1), "còn" | "xuống" | "lên"));
                cue(an, k) == Some(Cue::Achieve) && !aim
            })
        {
            continue;
        }
        // Comparator.
        let mut comparator = "=";
        let before = |k: usize| if k < p { key(an, k) } else { "" };
        let b1 = before(p.wrapping_sub(1));
        let b2 = if p >= 2 { before(p - 2) } else { "" };
        match (b2, b1) {
            ("không", "dưới") | ("ít", "nhất") | ("tối", "thiểu") => comparator = ">=",
            ("không", "quá") | ("tối", "đa") => comparator = "<=",
            (_, "trên") => comparator = ">",
            (_, "dưới") => comparator = "<",
            _ => {}
        }
        if matches!(cue(an, p.wrapping_sub(1)), Some(Cue::Target))
            && matches!(b1, "tối" | "ít" | "thiểu" | "nhất")
        {
            comparator = ">=";
        }
        let mut s0 = p + 1;
        if key(an, s0) == "trở" {
            let k2 = key(an, s0 + 1);
            if k2 == "lên" {
                comparator = ">=";
                s0 += 2;
            } else if k2 == "xuống" {
                comparator = "<=";
                s0 += 2;
            }
        }
        // Subject: up to the verb.
        let mut s1 = s0;
        while s1 < c1 && !verb(an, s1) {
            // "... số vụ việc | và trên 50% số tiền": the next number starts a new target.
            if key(an, s1) == "và"
                && (s1 + 1..c1.min(s1 + 4)).any(|k| matches!(an.units[k].k, UK::Percent(_)))
            {
                break;
            }
            s1 += 1;
        }
        let subject = an.unit_text(s0, s1);
        let subject = if subject.is_empty() {
            prev_subject.clone()
        } else {
            Some(subject)
        };
        // "được công nhận “Lao động tiên tiến” từ 95% trở lên": the title right before the number.
        let before_title = {
            let mut k = p;
            while k > c0
                && (an.units[k - 1].k == UK::Punct && an.toks[an.units[k - 1].t0].is_quote()
                    || matches!(an.units[k - 1].k, UK::Word | UK::Cue(_))
                        && matches!(
                            key(an, k - 1),
                            "từ" | "ở"
                                | "mức"
                                | "là"
                                | "ít"
                                | "tối"
                                | "đạt"
                                | "trên"
                                | "dưới"
                                | "không"
                                | "thiểu"
                                | "nhất"
                        ))
            {
                k -= 1;
            }
            match k.checked_sub(1).map(|b| &an.units[b].k) {
                Some(UK::Award {
                    name,
                    kind: AwardKind::Title | AwardKind::Rating | AwardKind::Honour,
                    ..
                }) => Some(name.clone()),
                _ => None,
            }
        };
        // Goals: the titles after "đạt (danh hiệu)", or the words after the verb.
        let mut g = s1;
        let standard = key(an, g) == "đạt" && key(an, g + 1) == "chuẩn";
        while !standard
            && g < c1
            && (matches!(cue(an, g), Some(Cue::Receive | Cue::Strive | Cue::Target))
                || matches!(
                    key(an, g),
                    "danh"
                        | "hiệu"
                        | "đạt"
                        | "được"
                        | "công"
                        | "nhận"
                        | "chuẩn"
                        | "loại"
                        | "là"
                        | "xếp"
                ))
        {
            g += 1;
        }
        // "được đánh giá, xếp loại từ hoàn thành tốt nhiệm vụ trở lên": a rating a few words on.
        let ahead = if before_title.is_none() {
            (g..c1.min(g + 8))
                .take_while(|&k| !matches!(an.units[k].k, UK::Percent(_)))
                .find(|&k| matches!(&an.units[k].k, UK::Award { kind, .. } if matches!(kind, AwardKind::Title | AwardKind::Rating | AwardKind::Honour)))
        } else {
            None
        };
        if let Some(a) = ahead {
            g = a;
        }
        let mut goals: Vec<String> = before_title.into_iter().collect();
        let mut k = if goals.is_empty() { g } else { c1 };
        let mut registration = false;
        while k < c1 {
            match &an.units[k].k {
                // A flag or a certificate aimed at is a registration, not a target.
                UK::Award { kind, .. }
                    if !matches!(
                        kind,
                        AwardKind::Title | AwardKind::Rating | AwardKind::Honour
                    ) =>
                {
                    registration = true;
                    break;
                }
                UK::Award { name, .. } => goals.push(name.clone()),
                UK::Punct if matches!(key(an, k), "," | "“" | "”" | "\"") => {}
                UK::Word if key(an, k) == "và" => {}
                _ => break,
            }
            k += 1;
        }
        if registration {
            continue;
        }
        // "15% số công chức đạt danh hiệu Lao động tiên tiến được đề nghị công nhận Chiến sĩ
        // thi đua cơ sở": the first title picks the people, the one they are put up for is the
        // goal.
        if !goals.is_empty()
            && let Some(j) = (k..c1.min(k + 7)).find(|&j| {
                matches!(&an.units[j].k, UK::Award { kind, .. } if matches!(kind, AwardKind::Title | AwardKind::Honour))
            })
            && (k..j).any(|m| {
                matches!(cue(an, m), Some(Cue::Passive | Cue::Propose))
                    || matches!(key(an, m), "được" | "nhận")
            })
            && !(k..j).any(|m| matches!(an.units[m].k, UK::Percent(_) | UK::Punct))
            && let UK::Award { name, .. } = &an.units[j].k
        {
            goals = vec![name.clone()];
        }
        // "phấn đấu giảm tỷ lệ hộ nghèo từ 3% trở lên", "đặt mục tiêu giải ngân trên 95% kế
        let mut this_aim = None;
        // hoạch vốn", "thi hành xong trên 80% số việc có điều kiện thi hành": the aim is
        // written before the number, after the word that sets it, and it comes before any words
        // after the number.
        if goals.is_empty() {
            let mut end = p;
            while end > c0
                && matches!(an.units[end - 1].k, UK::Word | UK::Cue(_))
                && matches!(
                    key(an, end - 1),
                    "từ" | "ở"
                        | "mức"
                        | "là"
                        | "đạt"
                        | "trên"
                        | "dưới"
                        | "không"
                        | "quá"
                        | "ít"
                        | "tối"
                        | "xuống"
                        | "còn"
                )
            {
                end -= 1;
            }
            let start = (c0..end)
                .rev()
                .find(|&k| setting(cue(an, k)) || is_punct_at(an, k))
                .map(|k| k + 1)
                .unwrap_or(c0);
            // "tỷ lệ hộ nghèo của tỉnh ở mức dưới 3%", "giảm tỷ lệ nợ xấu xuống còn dưới 2%",
            // "tỷ lệ hồ sơ trực tuyến đạt từ 95% trở lên": the rate is the goal, up to the
            // words that place it.
            let rate = (start..end)
                .find(|&k| key(an, k) == "tỷ" && key(an, k + 1) == "lệ")
                .map(|r| {
                    let stop = (r + 2..end)
                        .find(|&k| {
                            !matches!(an.units[k].k, UK::Word | UK::Cue(_))
                                || matches!(
                                    key(an, k),
                                    "của"
                                        | "ở"
                                        | "tại"
                                        | "trên"
                                        | "trong"
                                        | "theo"
                                        | "so"
                                        | "đạt"
                                        | "được"
                                        | "là"
                                        | "xuống"
                                        | "giữ"
                                        | "dưới"
                                        | "không"
                                        | "giảm"
                                        | "tăng"
                                        | "còn"
                                )
                        })
                        .unwrap_or(end);
                    // "tỷ lệ hồ sơ giải quyết trễ hạn": the result done to the counted things.
                    let done = (r + 2..stop)
                        .find(|&k| {
                            matches!(
                                (key(an, k), key(an, k + 1)),
                                ("giải", "quyết" | "ngân") | ("thi", "hành") | ("xử", "lý")
                            )
                        })
                        .unwrap_or(r);
                    // "giảm tỷ lệ hộ nghèo từ 3% trở lên": the change is the goal, unless the
                    // number is the level it goes to ("giảm ... xuống còn dưới 2%").
                    let to_level =
                        (stop..p).any(|k| matches!(key(an, k), "xuống" | "còn" | "mức" | "lên"));
                    let change =
                        r > start && matches!(key(an, r - 1), "giảm" | "tăng") && !to_level;
                    let from = if change { r - 1 } else { done };
                    an.unit_text(from, stop)
                })
                .filter(|t| t.split_whitespace().count() >= 3);
            if let Some(rate) = rate {
                this_aim = Some(rate.clone());
                goals.push(rate);
            }
            let text = an.unit_text(start, end);
            let words = text.split_whitespace().count();
            // "phấn đấu cuối năm có trên 80%": a time, not an aim.
            let plain = (start..end).all(|k| {
                matches!(an.units[k].k, UK::Word | UK::Cue(_))
                    && !matches!(key(an, k), "năm" | "tháng" | "quý" | "có")
            });
            if !goals.is_empty() {
                // The rate above is the goal.
            } else if plain
                && (2..=8).contains(&words)
                && !crate::text::fold(&text).starts_with("ty le")
            {
                this_aim = Some(text.clone());
                goals.push(text);
            } else if end > c0
                && (key(an, end - 1) == "và" || is_punct_at(an, end - 1))
                && last_target_unit.is_some_and(|l| l >= c0)
                && let Some(prev) = &aim
            {
                // "thi hành xong trên 80% số việc và trên 40% số tiền": the same aim.
                this_aim = Some(prev.clone());
                goals.push(prev.clone());
            }
        }
        if goals.is_empty() {
            let mut e = g;
            while e < c1 && !goal_stop(an, e) {
                e += 1;
            }
            let text = an.unit_text(g, e);
            let text =
                text.trim_matches(|c: char| c == '"' || c == '“' || c == '”' || c.is_whitespace());
            if text.split_whitespace().count() >= 2 {
                goals.push(text.to_string());
            }
        }
        if goals.is_empty() {
            continue;
        }
        let year = (0..n)
            .filter_map(|k| match an.units[k].k {
                UK::Year(y) => Some((k.abs_diff(p), y)),
                _ => None,
            })
            .min()
            .map(|x| x.1)
            .or(ctx.plan_year());
        prev_subject = subject.clone();
        last_target_unit = Some(p);
        aim = this_aim;
        out.push(Target {
            year,
            value,
            comparator: comparator.to_string(),
            subject,
            goals,
            evidence: an.evidence(&[p]),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::super::analyze::{DateRef, analyze_prose, merge_grantors};
    use super::*;

    fn read(s: &str) -> Vec<Target> {
        let (mut an, reg) = analyze_prose(s, DateRef::default());
        merge_grantors(&mut an, &reg);
        let mut out = Vec::new();
        targets(
            &an,
            &Ctx {
                covenant: Some(2024),
                ..Ctx::default()
            },
            &mut out,
        );
        out
    }

    #[test]
    fn comparators_and_goals() {
        let t = read(
            "Phấn đấu 95% trở lên công chức đạt danh hiệu lao động tiên tiến, trong đó có 15% đạt danh hiệu chiến sỹ thi đua cơ sở.",
        );
        assert_eq!(t.len(), 2);
        assert_eq!((t[0].value, t[0].comparator.as_str()), (95.0, ">="));
        assert_eq!(t[0].goals, vec!["Lao động tiên tiến"]);
        assert_eq!(t[1].goals, vec!["Chiến sĩ thi đua cơ sở"]);
        assert_eq!(t[1].subject, t[0].subject);
        assert_eq!(t[0].year, Some(2024));
    }

    #[test]
    fn achievements_are_not_targets() {
        assert!(read("Các đơn vị đã thu hút 100% cán bộ tham gia hưởng ứng.").is_empty());
        // A national target programme sets nothing.
        assert!(
            read("Huyện thực hiện các chương trình mục tiêu quốc gia, giải ngân được 47,5% kế hoạch vốn.")
                .is_empty()
        );
    }

    #[test]
    fn values_after_their_goal_and_changes_to_a_level() {
        let t = read(
            "Các đơn vị phấn đấu số công chức đạt danh hiệu \"Lao động tiên tiến\" đạt trên 90%; tỷ lệ hồ sơ giải quyết quá hạn giảm còn dưới 2%.",
        );
        assert_eq!(t.len(), 2, "{t:?}");
        assert_eq!((t[0].value, t[0].comparator.as_str()), (90.0, ">"));
        assert_eq!(t[0].goals, vec!["Lao động tiên tiến"]);
        assert_eq!((t[1].value, t[1].comparator.as_str()), (2.0, "<"));
        assert_eq!(t[1].goals, vec!["giải quyết quá hạn"]);
    }
}
