//! Bloc meetings: covenant signing ("ký kết giao ước thi đua", "phát động thi đua"), year-end
//! review ("tổng kết công tác thi đua năm X") and mid-year review ("sơ kết 6 tháng đầu năm"),
//! with the year they are about and the meeting's date. Meetings mentioned in passing ("ngay từ
//! đầu năm, Khối đã ký giao ước", "bám sát nội dung giao ước năm trước") are not events of the
//! article.

use super::analyze::{Analysis, UK, cue, key};
use super::lexicon::Cue;
use super::relation::clause;
use super::sentence::LineKind;
use crate::model::{EventKind, Evidence};
use chrono::{Datelike, NaiveDate};

/// An event before defaults are applied.
#[derive(Debug, Clone)]
pub struct RawEvent {
    /// Kind.
    pub kind: EventKind,
    /// Year written with it.
    pub year: Option<i32>,
    /// Date written in its sentence.
    pub date: Option<NaiveDate>,
    /// Evidence.
    pub evidence: Evidence,
    /// Bloc (registry index) named before it.
    pub bloc: Option<usize>,
}

/// The first day written in a sentence that speaks of a meeting being held, if any.
pub fn meeting_day(an: &Analysis) -> Option<NaiveDate> {
    let meeting = an.units.iter().any(|u| {
        matches!(
            u.k,
            UK::Cue(Cue::Meeting | Cue::Review | Cue::MidYear | Cue::Covenant | Cue::Launch)
        )
    });
    if !meeting {
        return None;
    }
    an.units.iter().find_map(|u| match u.k {
        UK::Day(d) => d,
        _ => None,
    })
}

/// Reads the events of a sentence (title, heading or prose).
pub fn events(an: &Analysis, sent_bloc: Option<usize>, out: &mut Vec<RawEvent>) {
    let n = an.units.len();
    let prose = an.kind == LineKind::Prose;
    let meeting = an
        .units
        .iter()
        .any(|u| matches!(u.k, UK::Cue(Cue::Meeting)));
    for i in 0..n {
        let kind = match cue(an, i) {
            Some(Cue::Review) => EventKind::YearEndReview,
            Some(Cue::MidYear) => EventKind::MidYearReview,
            Some(Cue::Covenant) => EventKind::CovenantSigning,
            Some(Cue::Launch) => {
                // "Hội nghị phát động thi đua năm 2019": a launch is the meeting's purpose only
                // right after the meeting word, or with its year.
                let after_meeting = i > 0 && matches!(key(an, i - 1), "hội" | "lễ");
                let with_year =
                    (i + 1..(i + 4).min(n)).any(|k| matches!(an.units[k].k, UK::Year(_)));
                if !(after_meeting || with_year)
                    || (i > 0 && matches!(key(an, i - 1), "được" | "do"))
                {
                    continue;
                }
                EventKind::CovenantSigning
            }
            _ => continue,
        };
        if prose && !meeting {
            continue;
        }
        let (c0, c1) = clause(an, i);
        // Passing mentions and someone else's movement.
        let from = i.saturating_sub(10).max(c0);
        if (from..i).any(|k| matches!(cue(an, k), Some(Cue::Retro | Cue::PassiveCovenant))) {
            continue;
        }
        // "100% cơ quan, đơn vị đã tổ chức ký kết giao ước": a share of units reported doing
        // it, not the bloc's meeting.
        if (c0..i).any(|k| matches!(an.units[k].k, UK::Percent(_))) {
            continue;
        }
        // "năm 2020 cụm sẽ tổ chức ký giao ước": a plan, not a meeting held.
        if (c0..i).any(|k| cue(an, k) == Some(Cue::Cond) && key(an, k) == "sẽ") {
            continue;
        }
        if kind == EventKind::CovenantSigning && i > 0 && matches!(key(an, i - 1), "được" | "do")
        {
            continue;
        }
        // The year it is about: the first year after it, before the next event word.
        let mut year = None;
        let mut words = 0;
        let mut topical = false;
        for k in i + 1..c1 {
            match &an.units[k].k {
                UK::Year(y) => {
                    year = Some(*y);
                    break;
                }
                UK::Half(y) => {
                    year = *y;
                    topical = true;
                    break;
                }
                UK::Cue(Cue::Review | Cue::MidYear | Cue::Covenant | Cue::Launch) => break,
                UK::Word if matches!(key(an, k), "phương" | "triển") => break,
                _ => {}
            }
            if matches!(key(an, k), "thi" | "công" | "phong" | "khen" | "6" | "sáu") {
                topical = true;
            }
            words += 1;
            if words > 12 {
                break;
            }
        }
        if kind != EventKind::CovenantSigning && year.is_none() && !topical {
            continue;
        }
        let date = an.units.iter().find_map(|u| match u.k {
            UK::Day(d) => d,
            _ => None,
        });
        let bloc = super::relation::bloc_at(an, i, sent_bloc);
        out.push(RawEvent {
            kind,
            year,
            date,
            evidence: an.evidence(&[i]),
            bloc,
        });
    }
}

/// The year a review held on `day` is about, when the text gives none: the previous year for
/// a meeting in the first half, else the same year.
pub fn review_year_of(day: NaiveDate) -> i32 {
    if day.month() <= 6 {
        day.year() - 1
    } else {
        day.year()
    }
}

#[cfg(test)]
mod tests {
    use super::super::analyze::{DateRef, analyze_prose};
    use super::*;

    fn read(s: &str) -> Vec<RawEvent> {
        let dr = DateRef {
            reference: NaiveDate::from_ymd_opt(2019, 1, 20),
            hint_year: None,
        };
        let (an, _) = analyze_prose(s, dr);
        let mut out = Vec::new();
        events(&an, None, &mut out);
        out
    }

    #[test]
    fn review_and_covenant_in_one_sentence() {
        let e = read(
            "Sáng 18/1, Khối tổ chức hội nghị tổng kết công tác thi đua năm 2018 và ký kết giao ước thi đua năm 2019.",
        );
        let kinds: Vec<(EventKind, Option<i32>)> = e.iter().map(|x| (x.kind, x.year)).collect();
        assert_eq!(
            kinds,
            vec![
                (EventKind::YearEndReview, Some(2018)),
                (EventKind::CovenantSigning, Some(2019))
            ]
        );
        assert_eq!(e[0].date, NaiveDate::from_ymd_opt(2019, 1, 18));
    }

    #[test]
    fn passing_mentions_are_not_events() {
        assert!(
            read("Ngay từ đầu năm, các đơn vị trong Khối đã tổ chức ký kết giao ước thi đua.")
                .is_empty()
        );
        assert!(read("Công tác sơ kết, tổng kết được thực hiện kịp thời.").is_empty());
    }

    #[test]
    fn review_year_from_the_meeting_day() {
        assert_eq!(
            review_year_of(NaiveDate::from_ymd_opt(2021, 1, 13).expect("date")),
            2020
        );
        assert_eq!(
            review_year_of(NaiveDate::from_ymd_opt(2020, 12, 28).expect("date")),
            2020
        );
    }
}
