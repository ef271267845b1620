//! Properties of the extractor on arbitrary text: it never panics, and every evidence span lies
//! inside the text it points into, on character boundaries.

use proptest::prelude::*;
use thidua::extract::extract;
use thidua::model::{Article, Evidence};

fn check(a: &Article, ev: &Evidence) {
    let text = a.field(ev.field);
    for s in std::iter::once(&ev.sentence).chain(ev.spans.iter()) {
        assert!(
            s.start <= s.end && s.end <= text.len(),
            "span {s:?} out of bounds"
        );
        assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
    }
}

/// Words of the domain, so that random texts reach the rules.
const WORDS: &[&str] = &[
    "Khối",
    "thi đua",
    "Cụm",
    "số",
    "Sở",
    "Tài chính",
    "UBND",
    "tỉnh",
    "đề nghị",
    "tặng",
    "Cờ",
    "Bằng khen",
    "cho",
    "được",
    "Khối trưởng",
    "bàn giao",
    "năm",
    "2019",
    "ngày",
    "7/3",
    "100%",
    "trở lên",
    "phấn đấu",
    "đạt",
    "danh hiệu",
    "gồm",
    ":",
    ",",
    ";",
    ".",
    "(",
    ")",
    "“",
    "”",
    "–",
    "Huân chương",
    "hạng",
    "Ba",
    "của",
    "Chính phủ",
    "đăng ký",
    "huyện",
    "các",
    "và",
    "Nguyễn Văn A",
    "đồng chí",
    "Trưởng ban",
    "gọi tắt là",
    "Ủy ban",
    "Kiểm tra",
    "Tỉnh ủy",
    "tổng kết",
    "giao ước",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn no_panic_and_spans_in_bounds(picks in prop::collection::vec(0..WORDS.len(), 0..60),
                                    noise in "\\PC{0,40}") {
        let mut body = String::new();
        for (i, p) in picks.iter().enumerate() {
            body.push_str(WORDS[*p]);
            body.push(if i % 11 == 10 { '\n' } else { ' ' });
        }
        body.push_str(&noise);
        let a = Article {
            title: Some("Khối thi đua tổng kết".into()),
            published: Some("2019-03-12".into()),
            body,
            ..Article::default()
        };
        let x = extract(&a);
        for o in &x.awards { check(&a, &o.evidence); }
        for r in &x.roles { check(&a, &r.evidence); }
        for m in &x.members { check(&a, &m.evidence); }
        for t in &x.targets { check(&a, &t.evidence); }
        for e in &x.events { check(&a, &e.evidence); }
        for b in &x.blocs { for m in &b.mentions { check(&a, m); } }
        for g in &x.agencies { for m in &g.mentions { check(&a, m); } }
    }
}
