//! Records as the extraction stage makes them, for testing the export stage on its own: five
//! articles about one bloc over the years 2018-2025, across the 2025 department merger
//! (Sở Kế hoạch và Đầu tư into Sở Tài chính) and the province merger (Quảng Bình into Quảng Trị).
//! The texts are written for these tests; spans point into them.

#![allow(dead_code)]

use thidua::model::*;

/// Evidence for the sentence of `body` that contains `sentence`, with spans of `words` in it.
pub fn ev(body: &str, sentence: &str, words: &[&str]) -> Evidence {
    ev_in(TextField::Body, body, sentence, words)
}

/// Evidence in a given field.
pub fn ev_in(field: TextField, text: &str, sentence: &str, words: &[&str]) -> Evidence {
    let start = text
        .find(sentence)
        .unwrap_or_else(|| panic!("sentence not in text: {sentence}"));
    let end = start + sentence.len();
    let spans = words
        .iter()
        .map(|w| {
            let at = text[start..end]
                .find(w)
                .unwrap_or_else(|| panic!("{w} not in sentence {sentence}"));
            Span::new(start + at, start + at + w.len())
        })
        .collect();
    Evidence {
        field,
        sentence: Span::new(start, end),
        spans,
    }
}

fn article(id: &str, province: Option<&str>, published: &str, title: &str, body: &str) -> Article {
    Article {
        id: id.to_string(),
        source: format!("corpus/bloc-news.tar.gz!{id}.txt"),
        url: Some(format!("https://example.gov.vn/tin/{id}")),
        title: Some(title.to_string()),
        published: Some(published.to_string()),
        byline: Some("Thu Hà".to_string()),
        source_prefix: None,
        province: province.map(str::to_string),
        body: body.to_string(),
    }
}

fn agency(name: &str, aliases: &[&str], mentions: Vec<Evidence>) -> Agency {
    Agency {
        name: name.to_string(),
        aliases: aliases.iter().map(|s| s.to_string()).collect(),
        mentions,
    }
}

/// An award outcome (the fields of the gold contract, in its order, and the evidence).
#[allow(clippy::too_many_arguments)]
fn award(
    year: Option<i32>,
    bloc: &str,
    recipient: Option<&str>,
    count: Option<u32>,
    award: &str,
    grantor: Option<&str>,
    status: AwardStatus,
    evidence: Evidence,
) -> AwardOutcome {
    AwardOutcome {
        year,
        bloc: Some(bloc.to_string()),
        recipient: recipient.map(str::to_string),
        count,
        award: award.to_string(),
        grantor: grantor.map(str::to_string),
        status,
        evidence,
    }
}

const BLOC: &str = "Khối thi đua Khối 5";
const CT: &str = "Chủ tịch Ủy ban nhân dân tỉnh";
const UB: &str = "Ủy ban nhân dân tỉnh";

fn review_2018() -> Record {
    let body = "Chiều ngày 07/3/2019, Khối thi đua Khối 5 tổ chức hội nghị tổng kết công tác thi đua, khen thưởng năm 2018 và ký kết giao ước thi đua năm 2019. \
Khối gồm Văn phòng UBND tỉnh, Văn phòng HĐND tỉnh, Sở Tài chính và Sở KH&ĐT. \
Hội nghị thống nhất đề nghị Chủ tịch UBND tỉnh tặng Cờ thi đua cho Văn phòng UBND tỉnh và tặng Bằng khen cho Sở Kế hoạch và Đầu tư. \
Sở Kế hoạch và Đầu tư được bầu làm Khối trưởng năm 2019, Văn phòng HĐND tỉnh làm Khối phó. \
Các thành viên phấn đấu 100% công chức hoàn thành tốt nhiệm vụ, trong đó 15% đạt danh hiệu chiến sĩ thi đua cơ sở. \
Ông Nguyễn Văn An, Phó Chánh Văn phòng UBND tỉnh, chủ trì hội nghị.";
    let s1 = "Chiều ngày 07/3/2019, Khối thi đua Khối 5 tổ chức hội nghị tổng kết công tác thi đua, khen thưởng năm 2018 và ký kết giao ước thi đua năm 2019.";
    let s2 = "Khối gồm Văn phòng UBND tỉnh, Văn phòng HĐND tỉnh, Sở Tài chính và Sở KH&ĐT.";
    let s3 = "Hội nghị thống nhất đề nghị Chủ tịch UBND tỉnh tặng Cờ thi đua cho Văn phòng UBND tỉnh và tặng Bằng khen cho Sở Kế hoạch và Đầu tư.";
    let s4 = "Sở Kế hoạch và Đầu tư được bầu làm Khối trưởng năm 2019, Văn phòng HĐND tỉnh làm Khối phó.";
    let s5 = "Các thành viên phấn đấu 100% công chức hoàn thành tốt nhiệm vụ, trong đó 15% đạt danh hiệu chiến sĩ thi đua cơ sở.";
    let s6 = "Ông Nguyễn Văn An, Phó Chánh Văn phòng UBND tỉnh, chủ trì hội nghị.";
    let title = "Khối thi đua Khối 5 tổng kết năm 2018";
    let a = article(
        "3f2a9c0d4e5b6a71",
        Some("Quảng Bình"),
        "2019-03-18",
        title,
        body,
    );
    let vpub = "Văn phòng Ủy ban nhân dân tỉnh";
    let vphd = "Văn phòng Hội đồng nhân dân tỉnh";
    let khdt = "Sở Kế hoạch và Đầu tư";
    let x = Extraction {
        blocs: vec![Bloc {
            name: BLOC.into(),
            kind: "bloc".into(),
            short_name: None,
            mentions: vec![
                ev_in(TextField::Title, title, title, &["Khối thi đua Khối 5"]),
                ev(body, s1, &["Khối thi đua Khối 5"]),
            ],
        }],
        agencies: vec![
            agency(
                vpub,
                &["Văn phòng UBND tỉnh"],
                vec![ev(body, s2, &["Văn phòng UBND tỉnh"])],
            ),
            agency(
                vphd,
                &["Văn phòng HĐND tỉnh"],
                vec![ev(body, s2, &["Văn phòng HĐND tỉnh"])],
            ),
            agency("Sở Tài chính", &[], vec![ev(body, s2, &["Sở Tài chính"])]),
            agency(
                khdt,
                &["Sở KH&ĐT", "Sở Kế hoạch và Đầu tư"],
                vec![
                    ev(body, s2, &["Sở KH&ĐT"]),
                    ev(body, s3, &["Sở Kế hoạch và Đầu tư"]),
                ],
            ),
        ],
        people: vec![Person {
            name: "Nguyễn Văn An".into(),
            position: Some("Phó Chánh Văn phòng".into()),
            agency: Some(vpub.into()),
            evidence: ev(body, s6, &["Nguyễn Văn An"]),
        }],
        dates: vec![
            DateMention {
                text: "Chiều ngày 07/3/2019".into(),
                value: "2019-03-07".into(),
                precision: "day".into(),
                evidence: ev(body, s1, &["Chiều ngày 07/3/2019"]),
            },
            DateMention {
                text: "năm 2018".into(),
                value: "2018".into(),
                precision: "year".into(),
                evidence: ev(body, s1, &["năm 2018"]),
            },
        ],
        award_mentions: vec![
            AwardMention {
                award: "Cờ thi đua".into(),
                grantor: Some(CT.into()),
                evidence: ev(body, s3, &["Cờ thi đua"]),
            },
            AwardMention {
                award: "Bằng khen".into(),
                grantor: Some(CT.into()),
                evidence: ev(body, s3, &["Bằng khen"]),
            },
        ],
        events: vec![
            Event {
                kind: EventKind::YearEndReview,
                year: Some(2018),
                date: Some("2019-03-07".into()),
                bloc: Some(BLOC.into()),
                evidence: ev(body, s1, &["tổng kết"]),
            },
            Event {
                kind: EventKind::CovenantSigning,
                year: Some(2019),
                date: Some("2019-03-07".into()),
                bloc: Some(BLOC.into()),
                evidence: ev(body, s1, &["ký kết giao ước thi đua"]),
            },
        ],
        awards: vec![
            award(
                Some(2018),
                BLOC,
                Some(vpub),
                None,
                "Cờ thi đua",
                Some(CT),
                AwardStatus::Proposed,
                ev(body, s3, &["Cờ thi đua", "Văn phòng UBND tỉnh"]),
            ),
            award(
                Some(2018),
                BLOC,
                Some(khdt),
                None,
                "Bằng khen",
                Some(CT),
                AwardStatus::Proposed,
                ev(body, s3, &["Bằng khen", "Sở Kế hoạch và Đầu tư"]),
            ),
        ],
        roles: vec![
            Role {
                year: Some(2019),
                bloc: Some(BLOC.into()),
                agency: khdt.into(),
                role: RoleKind::Leader,
                evidence: ev(body, s4, &["Sở Kế hoạch và Đầu tư", "Khối trưởng"]),
            },
            Role {
                year: Some(2019),
                bloc: Some(BLOC.into()),
                agency: vphd.into(),
                role: RoleKind::Deputy,
                evidence: ev(body, s4, &["Văn phòng HĐND tỉnh", "Khối phó"]),
            },
        ],
        members: [vpub, vphd, "Sở Tài chính", khdt]
            .iter()
            .map(|m| Member {
                bloc: Some(BLOC.into()),
                agency: m.to_string(),
                evidence: ev(body, s2, &[]),
            })
            .collect(),
        targets: vec![
            Target {
                year: Some(2019),
                value: 100.0,
                comparator: "=".into(),
                subject: Some("công chức".into()),
                goals: vec!["Hoàn thành tốt nhiệm vụ".into()],
                evidence: ev(body, s5, &["100%"]),
            },
            Target {
                year: Some(2019),
                value: 15.0,
                comparator: "=".into(),
                subject: Some("công chức".into()),
                goals: vec!["Chiến sĩ thi đua cơ sở".into()],
                evidence: ev(body, s5, &["15%"]),
            },
        ],
    };
    Record {
        article: a,
        extraction: x,
        duplicate_sources: vec![],
    }
}

fn review_2019() -> Record {
    let body = "Ngày 10/1, Khối thi đua Khối 5 tổng kết năm 2019. \
Sở Kế hoạch và Đầu tư được Hội nghị suy tôn, đề nghị UBND tỉnh tặng Cờ thi đua; trước đó Sở KH&ĐT đã được nhận Bằng khen của Chủ tịch UBND tỉnh. \
Toàn Khối có 2 đơn vị được tặng Cờ thi đua của Chính phủ. \
Các thành viên đăng ký phấn đấu được tặng Giấy khen; Sở Tài chính làm Khối phó năm 2020.";
    let s1 = "Ngày 10/1, Khối thi đua Khối 5 tổng kết năm 2019.";
    let s2 = "Sở Kế hoạch và Đầu tư được Hội nghị suy tôn, đề nghị UBND tỉnh tặng Cờ thi đua; trước đó Sở KH&ĐT đã được nhận Bằng khen của Chủ tịch UBND tỉnh.";
    let s3 = "Toàn Khối có 2 đơn vị được tặng Cờ thi đua của Chính phủ.";
    let s4 =
        "Các thành viên đăng ký phấn đấu được tặng Giấy khen; Sở Tài chính làm Khối phó năm 2020.";
    let a = article(
        "8c1d2e3f4a5b6c7d",
        Some("Quảng Bình"),
        "2020-01-10T15:30+07:00",
        "Khối thi đua Khối 5 tổng kết năm 2019",
        body,
    );
    let khdt = "Sở Kế hoạch và Đầu tư";
    let x = Extraction {
        blocs: vec![Bloc {
            name: BLOC.into(),
            kind: "bloc".into(),
            short_name: None,
            mentions: vec![ev(body, s1, &["Khối thi đua Khối 5"])],
        }],
        agencies: vec![
            agency(
                khdt,
                &["Sở KH&ĐT"],
                vec![ev(body, s2, &["Sở Kế hoạch và Đầu tư", "Sở KH&ĐT"])],
            ),
            agency("Sở Tài chính", &[], vec![ev(body, s4, &["Sở Tài chính"])]),
        ],
        events: vec![Event {
            kind: EventKind::YearEndReview,
            year: Some(2019),
            date: Some("2020-01-10".into()),
            bloc: Some(BLOC.into()),
            evidence: ev(body, s1, &["tổng kết"]),
        }],
        awards: vec![
            award(
                Some(2019),
                BLOC,
                Some(khdt),
                None,
                "Cờ thi đua",
                Some(UB),
                AwardStatus::Proposed,
                ev(body, s2, &["Cờ thi đua", "Sở Kế hoạch và Đầu tư"]),
            ),
            award(
                Some(2019),
                BLOC,
                Some(khdt),
                None,
                "Bằng khen",
                Some(CT),
                AwardStatus::Awarded,
                ev(body, s2, &["Bằng khen", "Sở KH&ĐT"]),
            ),
            award(
                Some(2019),
                BLOC,
                None,
                Some(2),
                "Cờ thi đua",
                Some("Chính phủ"),
                AwardStatus::Awarded,
                ev(body, s3, &["Cờ thi đua"]),
            ),
            award(
                None,
                BLOC,
                None,
                None,
                "Giấy khen",
                None,
                AwardStatus::Registered,
                ev(body, s4, &["Giấy khen"]),
            ),
        ],
        roles: vec![Role {
            year: Some(2020),
            bloc: Some(BLOC.into()),
            agency: "Sở Tài chính".into(),
            role: RoleKind::Deputy,
            evidence: ev(body, s4, &["Sở Tài chính", "Khối phó"]),
        }],
        ..Extraction::default()
    };
    Record {
        article: a,
        extraction: x,
        duplicate_sources: vec!["corpus/mirror.jsonl!4".into()],
    }
}

fn review_2024() -> Record {
    let body = "Sáng 15/1, Khối thi đua Khối 5 tổng kết năm 2024. \
Hội nghị thống nhất đề nghị Chủ tịch UBND tỉnh tặng Bằng khen cho Sở Tài chính.";
    let s1 = "Sáng 15/1, Khối thi đua Khối 5 tổng kết năm 2024.";
    let s2 = "Hội nghị thống nhất đề nghị Chủ tịch UBND tỉnh tặng Bằng khen cho Sở Tài chính.";
    let a = article(
        "0a1b2c3d4e5f6071",
        Some("Quảng Bình"),
        "2025-01-15",
        "Tổng kết thi đua năm 2024",
        body,
    );
    let x = Extraction {
        events: vec![Event {
            kind: EventKind::YearEndReview,
            year: Some(2024),
            date: Some("2025-01-15".into()),
            bloc: Some(BLOC.into()),
            evidence: ev(body, s1, &["tổng kết"]),
        }],
        awards: vec![award(
            Some(2024),
            BLOC,
            Some("Sở Tài chính"),
            None,
            "Bằng khen",
            Some(CT),
            AwardStatus::Proposed,
            ev(body, s2, &["Bằng khen", "Sở Tài chính"]),
        )],
        ..Extraction::default()
    };
    Record {
        article: a,
        extraction: x,
        duplicate_sources: vec![],
    }
}

fn review_2025() -> Record {
    let body = "Khối thi đua các sở, ngành tổng hợp tổng kết năm 2025. \
Sở Tài chính vinh dự đón nhận Cờ thi đua của UBND tỉnh. \
Sở Nông nghiệp và Môi trường được bầu làm Khối trưởng năm 2026.";
    let s1 = "Khối thi đua các sở, ngành tổng hợp tổng kết năm 2025.";
    let s2 = "Sở Tài chính vinh dự đón nhận Cờ thi đua của UBND tỉnh.";
    let s3 = "Sở Nông nghiệp và Môi trường được bầu làm Khối trưởng năm 2026.";
    let bloc = "Khối thi đua các sở, ngành tổng hợp";
    let a = article(
        "f0e1d2c3b4a59687",
        Some("Quảng Trị"),
        "2026-01-20",
        "Tổng kết năm 2025",
        body,
    );
    let x = Extraction {
        blocs: vec![Bloc {
            name: bloc.into(),
            kind: "bloc".into(),
            short_name: None,
            mentions: vec![ev(body, s1, &[bloc])],
        }],
        agencies: vec![
            agency("Sở Tài chính", &[], vec![ev(body, s2, &["Sở Tài chính"])]),
            agency(
                "Sở Nông nghiệp và Môi trường",
                &[],
                vec![ev(body, s3, &["Sở Nông nghiệp và Môi trường"])],
            ),
        ],
        events: vec![Event {
            kind: EventKind::YearEndReview,
            year: Some(2025),
            date: None,
            bloc: Some(bloc.into()),
            evidence: ev(body, s1, &["tổng kết"]),
        }],
        awards: vec![award(
            Some(2025),
            bloc,
            Some("Sở Tài chính"),
            None,
            "Cờ thi đua",
            Some(UB),
            AwardStatus::Awarded,
            ev(body, s2, &["Cờ thi đua", "Sở Tài chính"]),
        )],
        roles: vec![Role {
            year: Some(2026),
            bloc: Some(bloc.into()),
            agency: "Sở Nông nghiệp và Môi trường".into(),
            role: RoleKind::Leader,
            evidence: ev(body, s3, &["Sở Nông nghiệp và Môi trường", "Khối trưởng"]),
        }],
        ..Extraction::default()
    };
    Record {
        article: a,
        extraction: x,
        duplicate_sources: vec![],
    }
}

fn unknown_province() -> Record {
    // A record stored without its text (as `ingest` keeps them): no evidence, no mention text.
    let a = Article {
        id: "5566778899aabbcc".into(),
        source: "corpus/other.txt".into(),
        published: None,
        ..Article::default()
    };
    let evidence = Evidence {
        field: TextField::Body,
        sentence: Span::new(0, 40),
        spans: vec![Span::new(3, 10)],
    };
    let x = Extraction {
        awards: vec![award(
            Some(2024),
            "Cụm thi đua số 4",
            Some("Ủy ban nhân dân huyện Lệ Thủy"),
            None,
            "Tập thể lao động xuất sắc",
            Some(CT),
            AwardStatus::Awarded,
            evidence.clone(),
        )],
        blocs: vec![Bloc {
            name: "Cụm thi đua số 4".into(),
            kind: "cluster".into(),
            short_name: None,
            mentions: vec![Evidence {
                spans: vec![],
                ..evidence
            }],
        }],
        ..Extraction::default()
    };
    Record {
        article: a,
        extraction: x,
        duplicate_sources: vec![],
    }
}

/// Five records: reviews of 2018, 2019, 2024 (Quảng Bình) and 2025 (Quảng Trị), and one record
/// without province, date or text.
pub fn realistic_records() -> Vec<Record> {
    vec![
        review_2018(),
        review_2019(),
        review_2024(),
        review_2025(),
        unknown_province(),
    ]
}
