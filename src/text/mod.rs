//! The text stage: decode bytes, repair and normalize Vietnamese, clean page furniture.
//!
//! [`prepare`] turns a [`RawDoc`] into an [`Article`] and a [`TextReport`], in this order:
//! 1. [`decode`]: bytes to text (BOM, UTF-8, UTF-16, Windows-1258, TCVN3, VNI, VISCII);
//! 2. [`html`]: for HTML pages, the main content as lines of text;
//! 3. [`repair`]: UTF-8 mojibake and HTML character references left in text;
//! 4. [`normalize`]: NFC, tone placement, spaces, dashes, quotes, line ends ([`normalize_str`]
//!    is the same normalization for queries and the index analyzer);
//! 5. [`header`]: header blocks of news dumps (`Title:`/`Content:`, `# url =`) and datelines;
//! 6. [`clean`]: title, dateline, source prefix, byline, page furniture;
//! 7. [`province`]: the province from the press source or from the text.
//!
//! Each rewriting step keeps an [`OffsetMap`], so that a byte offset in the body maps back to
//! the decoded text ([`Prepared::body_map`], [`Prepared::original`]).

pub mod clean;
pub mod decode;
pub mod fold;
pub mod header;
pub mod html;
pub mod normalize;
pub mod offsets;
pub mod province;
pub mod repair;
pub mod tone;

pub use fold::fold;
pub use normalize::normalize_str;
pub use offsets::OffsetMap;

use crate::model::{Article, Format, RawDoc, Removed, Repair, TextReport};
use std::borrow::Cow;

/// Why a document produced no article.
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
pub enum TextError {
    /// Nothing left after decoding and cleaning.
    #[error("empty after cleaning")]
    Empty,
    /// The bytes are not text in any supported encoding.
    #[error("not text: {0}")]
    NotText(String),
}

/// A prepared article with the report of what was done to its text.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// The cleaned, normalized article.
    pub article: Article,
    /// What was detected, repaired and removed.
    pub report: TextReport,
    /// The decoded text the article was made from (for HTML pages: the extracted main content).
    pub original: String,
    /// Byte offsets of [`Article::body`] -> byte offsets of [`Prepared::original`].
    pub body_map: OffsetMap,
}

/// The stable id of an article: 16 hex digits of XXH3-64 over the normalized title and body.
pub fn article_id(title: Option<&str>, body: &str) -> String {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    h.update(title.unwrap_or("").as_bytes());
    h.update(b"\n\n");
    h.update(body.as_bytes());
    let digest = h.digest();
    let mut hex = [0u8; 16];
    for (i, d) in hex.iter_mut().enumerate() {
        *d = b"0123456789abcdef"[((digest >> (60 - 4 * i)) & 0xF) as usize];
    }
    String::from_utf8(hex.to_vec()).expect("hex digits are ASCII")
}

/// True when bytes decoded as text look like an HTML page: its first 512 characters open with a
/// tag and name the page (`<!doctype html`, `<html`) or its `<body>` or `<head>`.
fn looks_like_html(text: &str) -> bool {
    let text = text.trim_start();
    // Every page opens with a tag: plain text is told apart on its first character.
    if !text.starts_with('<') {
        return false;
    }
    let end = text.char_indices().nth(512).map_or(text.len(), |(i, _)| i);
    let head = text[..end].to_ascii_lowercase();
    head.starts_with("<!doctype html")
        || head.starts_with("<html")
        || head.contains("<body")
        || head.contains("<head")
}

fn non_empty(s: Option<&str>) -> Option<&str> {
    s.map(str::trim).filter(|s| !s.is_empty())
}

/// Decodes, normalizes and cleans one document.
pub fn prepare(raw: &RawDoc) -> Result<Prepared, TextError> {
    let decoded = decode::decode(&raw.bytes)?;
    let mut repairs: Vec<Repair> = Vec::new();
    let mut removed: Vec<Removed> = Vec::new();
    let add = |repairs: &mut Vec<Repair>, kind: &str, count: usize| {
        if count > 0 {
            repairs.push(Repair {
                kind: kind.to_string(),
                count,
            });
        }
    };
    add(&mut repairs, "bom", decoded.bom as usize);
    add(&mut repairs, "invalid-bytes", decoded.replaced);

    let is_html = raw.format == Format::Html || looks_like_html(&decoded.text);
    let (original, page) = if is_html {
        let page = html::extract(&decoded.text);
        add(&mut repairs, "html-main-content", 1);
        for d in &page.dropped {
            removed.push(Removed {
                text: d.clone(),
                reason: "html-boilerplate".into(),
            });
        }
        (page.text.clone(), Some(page))
    } else {
        (decoded.text, None)
    };

    let (fixed, m1, n1) = repair::repair_mojibake(&original);
    add(&mut repairs, "mojibake-latin1", n1);
    let (fixed2, m2, n2) = if is_html {
        (
            Cow::Borrowed(fixed.as_ref()),
            OffsetMap::identity(fixed.len()),
            0,
        )
    } else {
        repair::decode_entities(&fixed)
    };
    add(&mut repairs, "html-entities", n2);
    let norm = normalize::normalize(&fixed2);
    for (kind, n) in norm.counts.named() {
        add(&mut repairs, kind, n);
    }
    let map = norm.map.compose(&m2.compose(&m1));
    let text: &str = &norm.text;

    let head = header::parse_header(text);
    for (s, e, key) in &head.lines {
        removed.push(Removed {
            text: text[*s..*e].trim().to_string(),
            reason: format!("header-{}", key.to_ascii_lowercase().replace(' ', "-")),
        });
    }
    let hint_title = non_empty(raw.hints.title.as_deref()).map(normalize_str);
    let hint_published = non_empty(raw.hints.published.as_deref())
        .map(|p| header::parse_datetime(p).unwrap_or_else(|| p.to_string()));
    let known = clean::Known {
        title: hint_title.or(head.title.clone()).or_else(|| {
            page.as_ref()
                .and_then(|p| p.title.as_deref().map(normalize_str))
        }),
        published: hint_published.or(head.published.clone()).or_else(|| {
            page.as_ref()
                .and_then(|p| p.published.as_deref().and_then(header::parse_datetime))
        }),
        byline: non_empty(raw.hints.byline.as_deref())
            .map(normalize_str)
            .or(head.byline.clone())
            .or_else(|| {
                page.as_ref()
                    .and_then(|p| p.author.as_deref().map(normalize_str))
            }),
    };
    let cleaned = clean::clean(text, head.body_start, &known);
    removed.extend(cleaned.removed);

    let mut asm = offsets::Assembler::new();
    for (i, &(s, e)) in cleaned.pieces.iter().enumerate() {
        if i > 0 {
            asm.push_sep("\n");
        }
        asm.push_piece(text, s, e);
    }
    let (body, body_map) = asm.finish(text.len());
    if body.trim().is_empty() {
        return Err(TextError::Empty);
    }
    let body_map = body_map.compose(&map);

    let url = non_empty(raw.hints.url.as_deref())
        .map(str::to_string)
        .or(head.url);
    let chrome: Vec<String> = removed
        .iter()
        .filter(|r| r.reason != "title")
        .map(|r| r.text.clone())
        .chain(head.source_name.clone())
        .collect();
    let province = province::infer(&province::Evidence {
        source_prefix: cleaned.source_prefix.as_deref(),
        place: cleaned.place.as_deref(),
        title: cleaned.title.as_deref(),
        body: &body,
        url: url.as_deref(),
        chrome: &chrome,
    });
    let province_basis = province.map(|(_, basis)| basis.describe().to_string());
    let province = province.map(|(p, _)| p.to_string());
    let title = cleaned.title;
    let article = Article {
        id: article_id(title.as_deref(), &body),
        source: raw.source.clone(),
        url,
        title,
        published: cleaned.published,
        byline: cleaned.byline,
        source_prefix: cleaned.source_prefix,
        province,
        body,
    };
    Ok(Prepared {
        article,
        report: TextReport {
            encoding: decoded.encoding.to_string(),
            repairs,
            removed,
            province_basis,
        },
        original,
        body_map,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(s: &str) -> RawDoc {
        RawDoc {
            source: "x.txt".into(),
            bytes: s.as_bytes().to_vec(),
            ..RawDoc::default()
        }
    }

    #[test]
    fn the_report_says_where_the_province_came_from() {
        let p = prepare(&raw(
            "Khối thi đua Nội chính ký giao ước\n\n(QBĐT) - Sáng 3-3, các đơn vị trong Khối thi đua Nội chính đã ký kết giao ước thi đua năm 2023.\n\nMinh Anh",
        ))
        .unwrap();
        assert_eq!(p.article.province.as_deref(), Some("Quảng Bình"));
        assert_eq!(
            p.report.province_basis.as_deref(),
            Some("from the press source")
        );
        let p = prepare(&raw(
            "Khối thi đua Nội chính ký giao ước\n\nSáng 3-3, các đơn vị trong Khối thi đua Nội chính đã ký kết giao ước thi đua năm 2023.\n\nMinh Anh",
        ))
        .unwrap();
        assert_eq!(p.article.province, None);
        assert_eq!(p.report.province_basis, None);
    }

    #[test]
    fn prepares_a_plain_article() {
        let p = prepare(&raw(
            "Hội nghị tổng kết công tác thi đua năm 2023\n\n(BTV) - Sáng 5/1, Khối thi đua tổ chức hội nghị tổng kết năm 2023.\nCác đơn vị thống nhất đề nghị tặng Cờ thi đua.\n\nMinh Châu\n",
        ))
        .expect("prepares");
        let a = &p.article;
        assert_eq!(
            a.title.as_deref(),
            Some("Hội nghị tổng kết công tác thi đua năm 2023")
        );
        assert_eq!(a.source_prefix.as_deref(), Some("BTV"));
        assert_eq!(a.province.as_deref(), Some("Bắc Ninh"));
        assert_eq!(a.byline.as_deref(), Some("Minh Châu"));
        assert!(a.body.starts_with("Sáng 5/1"));
        assert_eq!(a.body.lines().count(), 2);
    }

    #[test]
    fn hints_win() {
        let mut r = raw(
            "Tiêu đề trong văn bản dài hơn\nNội dung bài viết có đủ các từ ngữ của một câu văn.",
        );
        r.hints.title = Some("Tiêu đề từ tệp thông tin".into());
        r.hints.published = Some("2019-03-12 10:00".into());
        r.hints.url = Some("https://x.vn/a".into());
        r.hints.byline = Some("Thuỷ Tiên".into());
        let p = prepare(&r).expect("prepares");
        assert_eq!(p.article.title.as_deref(), Some("Tiêu đề từ tệp thông tin"));
        assert_eq!(p.article.published.as_deref(), Some("2019-03-12T10:00"));
        assert_eq!(p.article.url.as_deref(), Some("https://x.vn/a"));
        assert_eq!(p.article.byline.as_deref(), Some("Thủy Tiên"));
    }

    #[test]
    fn body_map_points_into_original() {
        let src = "Tiêu đề của bài báo này\r\n\r\nNội dung hoà\u{a0}\u{a0}bình của một câu văn đủ dài để là thân bài.\r\n";
        let p = prepare(&raw(src)).expect("prepares");
        let b = &p.article.body;
        let at = b.find("bình").expect("in body");
        let o = p.body_map.to_source(at);
        assert!(
            p.original[o..].starts_with("bình"),
            "{:?}",
            &p.original[o..]
        );
        let h = b.find("hòa").expect("in body");
        assert!(p.original[p.body_map.to_source(h)..].starts_with("hoà"));
    }

    #[test]
    fn article_ids_are_sixteen_hex_digits() {
        for (title, body) in [(None, ""), (Some("Tiêu đề"), "Nội dung"), (Some(""), "x")] {
            let mut h = xxhash_rust::xxh3::Xxh3::new();
            h.update(title.unwrap_or("").as_bytes());
            h.update(b"\n\n");
            h.update(body.as_bytes());
            assert_eq!(article_id(title, body), format!("{:016x}", h.digest()));
        }
    }

    #[test]
    fn empty_is_an_error() {
        assert_eq!(prepare(&raw("  \n\n")).err(), Some(TextError::Empty));
    }
}
