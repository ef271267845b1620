//! One clean article, written for this test, in many damaged forms: every form must give the
//! same title, date, byline and normalized body as the clean original.

use thidua::model::{Format, RawDoc};
use thidua::text::decode::encode;
use thidua::text::prepare;
use unicode_normalization::UnicodeNormalization;

const TITLE: &str = "Khối thi đua Văn hóa - Xã hội ký kết giao ước năm 2025";
const DATE: &str = "09:15, 14/02/2025";
const PARAS: [&str; 4] = [
    "(HBĐT) - Sáng 13/2, Khối thi đua Văn hóa – Xã hội tổ chức hội nghị tổng kết công tác thi đua, khen thưởng năm 2024 và ký kết giao ước thi đua năm 2025.",
    "Theo báo cáo, các thành viên trong Khối đã hoàn thành tốt nhiệm vụ được giao, phối hợp chặt chẽ với Ủy ban Mặt trận Tổ quốc và các sở, ngành; công tác thủy lợi, chăm sóc sức khỏe người dân được quan tâm.",
    "Hội nghị thống nhất đề nghị Chủ tịch Ủy ban nhân dân tỉnh tặng Cờ thi đua cho Sở Văn hóa, Thể thao và Du lịch; tặng Bằng khen cho Sở Y tế vì đã hòa nhịp với phong trào “Cả nước thi đua xây dựng xã hội học tập”.",
    "Năm 2025, 100% thành viên trong Khối phấn đấu đạt danh hiệu “Tập thể lao động xuất sắc”, giữ vững khối đoàn kết và quý trọng những kinh nghiệm đã có.",
];
const BYLINE: &str = "Hà Thủy, Minh Quý";

fn clean_page() -> String {
    format!(
        "{TITLE}\n\n{DATE}\n\n{}\n\n{BYLINE}\n\nTin liên quan\nCác tin khác trong chuyên mục\n",
        PARAS.join("\n\n")
    )
}

fn doc(bytes: Vec<u8>, format: Format) -> RawDoc {
    RawDoc {
        source: "variant.txt".into(),
        bytes,
        format,
        ..RawDoc::default()
    }
}

fn old_tones(s: &str) -> String {
    s.replace("hóa", "hoá")
        .replace("Ủy", "Uỷ")
        .replace("thủy", "thuỷ")
        .replace("Thủy", "Thuỷ")
        .replace("khỏe", "khoẻ")
        .replace("hòa", "hoà")
}

fn html_page() -> String {
    let esc = |s: &str| {
        s.replace('&', "&amp;")
            .replace('“', "&ldquo;")
            .replace('”', "&rdquo;")
            .replace('–', "&ndash;")
    };
    let paras: String = PARAS
        .iter()
        .map(|p| format!("<p>{}</p>\n", esc(p)))
        .collect();
    format!(
        r##"<!DOCTYPE html><html><head><meta charset="utf-8"><title>{t} - Báo điện tử</title>
<meta property="og:title" content="{t}"></head><body>
<header><div class="logo">Báo điện tử tỉnh</div><nav><a href="/">Trang chủ</a><a href="/xh">Xã hội</a><a href="/kt">Kinh tế</a></nav></header>
<div class="share-bar"><a href="#">Chia sẻ</a> <a href="#">Zalo</a></div>
<div class="main"><div class="detail-content">
<h1 class="title">{t}</h1><div class="date">{DATE}</div>
{paras}<figure><img src="hoi-nghi.jpg"><figcaption>Quang cảnh hội nghị</figcaption></figure>
<p class="author">{BYLINE}</p>
</div>
<div class="related"><h3>Tin liên quan</h3><ul><li><a href="/a">Một bài báo khác về thi đua khen thưởng trong tỉnh</a></li><li><a href="/b">Thêm một bài báo nữa về phong trào thi đua</a></li></ul></div>
<div class="comment-box"><p>Ý kiến bạn đọc</p><textarea></textarea><button>Gửi bình luận</button></div>
</div><footer><p>Bản quyền thuộc Báo điện tử tỉnh. Giấy phép số 01/GP.</p></footer></body></html>"##,
        t = esc(TITLE)
    )
}

#[test]
fn every_variant_gives_the_same_article() {
    let page = clean_page();
    let base = prepare(&doc(page.as_bytes().to_vec(), Format::Text)).expect("clean page");
    let a = &base.article;
    assert_eq!(a.title.as_deref(), Some(TITLE));
    assert_eq!(a.published.as_deref(), Some("2025-02-14T09:15"));
    assert_eq!(a.byline.as_deref(), Some(BYLINE));
    assert_eq!(a.source_prefix.as_deref(), Some("HBĐT"));
    assert_eq!(a.province.as_deref(), Some("Hòa Bình"));
    assert_eq!(a.body.lines().count(), 4);
    assert!(
        a.body
            .starts_with("Sáng 13/2, Khối thi đua Văn hóa - Xã hội")
    );

    let mut variants: Vec<(&str, RawDoc)> = vec![
        (
            "nfd",
            doc(page.nfd().collect::<String>().into_bytes(), Format::Text),
        ),
        (
            "old-tones",
            doc(old_tones(&page).into_bytes(), Format::Text),
        ),
        (
            "windows-1258",
            doc(encode::windows1258(&page).expect("encodes"), Format::Text),
        ),
        (
            "vni",
            doc(encode::vni(&page).expect("encodes"), Format::Text),
        ),
        (
            "double-encoded",
            doc(encode::latin1_mojibake(&page).into_bytes(), Format::Text),
        ),
        ("html", doc(html_page().into_bytes(), Format::Html)),
        ("html-sniffed", doc(html_page().into_bytes(), Format::Text)),
    ];
    let mut noisy = String::from("\u{FEFF}");
    noisy.push_str(
        &page
            .replace('\n', "\r\n")
            .replace("Khối thi", "Khối\u{A0}thi")
            .replace("hội nghị", "hội\u{200B} nghị")
            .replace(", ", ",\u{A0} "),
    );
    variants.push(("bom-crlf-nbsp", doc(noisy.into_bytes(), Format::Text)));
    let nfd_old: String = old_tones(&page).nfd().collect();
    variants.push(("nfd-old-tones", doc(nfd_old.into_bytes(), Format::Text)));

    for (name, raw) in &variants {
        let p = prepare(raw).unwrap_or_else(|e| panic!("{name}: {e}"));
        let v = &p.article;
        assert_eq!(v.body, a.body, "{name}: body");
        assert_eq!(v.title, a.title, "{name}: title");
        assert_eq!(
            v.published.as_deref().map(|d| &d[..10]),
            Some("2025-02-14"),
            "{name}"
        );
        assert_eq!(v.byline, a.byline, "{name}: byline");
        assert_eq!(v.id, a.id, "{name}: id");
    }
}

#[test]
fn encodings_are_detected() {
    // VISCII and TCVN3 have no curly quotes or en dash.
    let page = clean_page().replace(['“', '”'], "\"").replace('–', "-");
    for (want, bytes) in [
        ("windows-1258", encode::windows1258(&page)),
        ("vni", encode::vni(&page)),
        ("viscii", encode::viscii(&page)),
        ("tcvn3", encode::tcvn3(&page.to_lowercase())),
    ] {
        let p = prepare(&doc(bytes.expect("encodes"), Format::Text)).expect("prepares");
        assert_eq!(p.report.encoding, want);
    }
}
