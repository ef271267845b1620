//! Main-content extraction from HTML pages, on the `scraper` (html5ever) parser.
//!
//! The page's text blocks (paragraphs, headings, list items, quotes, and divs or cells with
//! text of their own) are scored in the manner of readability: a block adds its text length,
//! less the text of its links, to its parent and half of it to its grandparent; the element
//! with the highest score holds the article. Blocks inside navigation, headers, footers, asides,
//! forms, figures, scripts, and elements whose class or id names comments, related links,
//! sharing, menus or advertising never count. Title, date and author come from the page's
//! metadata (Open Graph, `article:published_time`, `<time datetime>`, `author`) when present.

use scraper::{ElementRef, Html, Node, Selector};
use std::collections::HashMap;

/// What was extracted from an HTML page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Page {
    /// Title from the page's metadata or headings.
    pub title: Option<String>,
    /// Publication date as the page's metadata gives it.
    pub published: Option<String>,
    /// Author from the page's metadata.
    pub author: Option<String>,
    /// The main content as text, one block per line.
    pub text: String,
    /// Text blocks outside the main content (or mostly links) that were left out.
    pub dropped: Vec<String>,
}

const SKIP_TAGS: [&str; 16] = [
    "script",
    "style",
    "noscript",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "iframe",
    "svg",
    "button",
    "select",
    "figure",
    "figcaption",
    "template",
    "textarea",
];
const FULL_BLOCKS: [&str; 11] = [
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "blockquote",
    "pre",
    "dd",
];
const NEGATIVE: [&str; 18] = [
    "comment",
    "related",
    "share",
    "social",
    "sidebar",
    "menu",
    "breadcrumb",
    "footer",
    "header",
    "banner",
    "advert",
    "ads-",
    "widget",
    "tags",
    "navbar",
    "caption",
    "popup",
    "cookie",
];

fn skipped(el: &ElementRef) -> bool {
    let v = el.value();
    if SKIP_TAGS.contains(&v.name()) {
        return true;
    }
    let mut names = String::new();
    if let Some(c) = v.attr("class") {
        names.push_str(c);
    }
    if let Some(i) = v.attr("id") {
        names.push(' ');
        names.push_str(i);
    }
    if names.is_empty() {
        return false;
    }
    let names = names.to_ascii_lowercase();
    NEGATIVE.iter().any(|n| names.contains(n))
        && !names.contains("content")
        && !names.contains("article")
        && !names.contains("detail")
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn meta(doc: &Html, css: &str, attr: &str) -> Option<String> {
    let sel = Selector::parse(css).ok()?;
    doc.select(&sel)
        .filter_map(|e| e.value().attr(attr))
        .map(collapse)
        .find(|s| !s.is_empty())
}

fn first_text(doc: &Html, css: &str) -> Option<String> {
    let sel = Selector::parse(css).ok()?;
    doc.select(&sel)
        .map(|e| collapse(&e.text().collect::<String>()))
        .find(|s| !s.is_empty())
}

/// How many text blocks before the article are looked at for its dateline.
const DATELINE_LOOKBACK: usize = 6;

struct Block {
    node: ego_tree::NodeId,
    text: String,
    link_chars: usize,
}

/// Extracts the main content of an HTML page.
pub fn extract(html: &str) -> Page {
    let doc = Html::parse_document(html);
    let title = meta(&doc, "meta[property='og:title']", "content")
        .or_else(|| first_text(&doc, "h1"))
        .or_else(|| {
            first_text(&doc, "title").map(|t| {
                // "Headline - Site name": keep the headline.
                t.split(" | ")
                    .next()
                    .and_then(|t| {
                        t.rsplit_once(" - ")
                            .map(|(a, _)| a.to_string())
                            .or(Some(t.to_string()))
                    })
                    .unwrap_or(t.clone())
            })
        });
    let published = meta(&doc, "meta[property='article:published_time']", "content")
        .or_else(|| meta(&doc, "meta[itemprop='datePublished']", "content"))
        .or_else(|| meta(&doc, "meta[name='pubdate']", "content"))
        .or_else(|| meta(&doc, "meta[name='publishdate']", "content"))
        .or_else(|| meta(&doc, "time[datetime]", "datetime"));
    let author = meta(&doc, "meta[name='author']", "content");

    let mut blocks: Vec<Block> = Vec::new();
    let mut dropped = Vec::new();
    collect(doc.root_element(), false, &mut blocks, &mut dropped);
    let mut scores: HashMap<ego_tree::NodeId, f64> = HashMap::new();
    for b in &blocks {
        let len = b.text.chars().count();
        let s = len.saturating_sub(b.link_chars) as f64 + if len >= 25 { 3.0 } else { 0.0 };
        let Some(node) = doc.tree.get(b.node) else {
            continue;
        };
        let parent = node.parent();
        if let Some(p) = parent {
            *scores.entry(p.id()).or_default() += s;
            if let Some(g) = p.parent() {
                *scores.entry(g.id()).or_default() += s / 2.0;
            }
        }
    }
    let best = scores
        .iter()
        .max_by(|a, b| a.1.partial_cmp(b.1).unwrap_or(std::cmp::Ordering::Equal))
        .map(|(&id, _)| id);
    let mut lines = Vec::new();
    let mut first_kept = None;
    for (i, b) in blocks.iter().enumerate() {
        let inside = best.is_some_and(|best| {
            doc.tree
                .get(b.node)
                .is_some_and(|n| n.ancestors().any(|a| a.id() == best))
        });
        let len = b.text.chars().count().max(1);
        if inside && b.link_chars * 2 <= len {
            first_kept.get_or_insert(i);
            lines.push(b.text.clone());
        } else {
            dropped.push(b.text.clone());
        }
    }
    // Without a date in the metadata, the dateline printed just above the article ("Ngày
    // đăng: 10/01/2024 | 15:32" under the headline, outside the content element).
    let published = published.or_else(|| {
        let end = first_kept?;
        blocks[end.saturating_sub(DATELINE_LOOKBACK)..end]
            .iter()
            .rev()
            .find_map(|b| super::header::dateline(&b.text).map(|d| d.published))
    });
    Page {
        title,
        published,
        author,
        text: lines.join("\n"),
        dropped,
    }
}

fn collect(el: ElementRef, in_block: bool, out: &mut Vec<Block>, dropped: &mut Vec<String>) {
    if skipped(&el) {
        let name = el.value().name();
        if !matches!(name, "script" | "style" | "noscript" | "template" | "svg") {
            let t = collapse(&el.text().collect::<String>());
            if !t.is_empty() {
                dropped.push(t);
            }
        }
        return;
    }
    let name = el.value().name();
    if !in_block && FULL_BLOCKS.contains(&name) {
        let text = collapse(&el.text().collect::<String>());
        if !text.is_empty() {
            let link_chars = Selector::parse("a")
                .map(|a| {
                    el.select(&a)
                        .map(|l| collapse(&l.text().collect::<String>()).chars().count())
                        .sum()
                })
                .unwrap_or(0);
            out.push(Block {
                node: el.id(),
                text,
                link_chars,
            });
        }
        return;
    }
    // Text of a div or cell itself (not of its children elements).
    let own: String = el
        .children()
        .filter_map(|c| match c.value() {
            Node::Text(t) => Some(&**t),
            _ => None,
        })
        .collect();
    let own = collapse(&own);
    if !in_block
        && !own.is_empty()
        && matches!(
            name,
            "div" | "td" | "section" | "article" | "main" | "span" | "font" | "center" | "body"
        )
    {
        out.push(Block {
            node: el.id(),
            text: own,
            link_chars: 0,
        });
    }
    for c in el.children() {
        if let Some(ce) = ElementRef::wrap(c) {
            if ce.value().name() == "br" {
                continue;
            }
            collect(ce, in_block, out, dropped);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<html><head><title>Tiêu đề - Báo Tỉnh</title>
<meta property="og:title" content="Khối thi đua ký kết giao ước năm 2024">
<meta property="article:published_time" content="2024-03-22T08:00:00+07:00">
</head><body>
<nav><a href="/">Trang chủ</a> <a href="/ct">Chính trị</a></nav>
<div class="sidebar"><p>Tin mới nhất hôm nay trên trang báo của tỉnh nhà</p></div>
<div class="article-content">
<h1>Khối thi đua ký kết giao ước năm 2024</h1>
<p>Sáng 22/3, Khối thi đua các cơ quan tổ chức hội nghị ký kết giao ước thi đua.</p>
<figure><img src="a.jpg"><figcaption>Toàn cảnh hội nghị</figcaption></figure>
<p>Các đơn vị thống nhất nội dung thi đua và đăng ký danh hiệu năm 2024.</p>
<p>Lan Anh</p>
</div>
<div class="comments"><p>Ý kiến bạn đọc: rất hay, cảm ơn báo đã đưa tin.</p></div>
<footer><p>Bản quyền thuộc Báo Tỉnh</p></footer>
</body></html>"#;

    #[test]
    fn extracts_main_content() {
        let p = extract(PAGE);
        assert_eq!(
            p.title.as_deref(),
            Some("Khối thi đua ký kết giao ước năm 2024")
        );
        assert_eq!(p.published.as_deref(), Some("2024-03-22T08:00:00+07:00"));
        let lines: Vec<&str> = p.text.lines().collect();
        assert_eq!(
            lines,
            [
                "Khối thi đua ký kết giao ước năm 2024",
                "Sáng 22/3, Khối thi đua các cơ quan tổ chức hội nghị ký kết giao ước thi đua.",
                "Các đơn vị thống nhất nội dung thi đua và đăng ký danh hiệu năm 2024.",
                "Lan Anh"
            ]
        );
        assert!(p.dropped.iter().any(|d| d.starts_with("Ý kiến bạn đọc")) || p.dropped.len() >= 2);
    }

    #[test]
    fn entities_follow_html_rules() {
        let p =
            extract("<p>Sở TN&MT; và Sở KH&amp;ĐT, &ldquo;Cờ&rdquo; là một đoạn văn đủ dài.</p>");
        assert_eq!(
            p.text,
            "Sở TN&MT; và Sở KH&ĐT, “Cờ” là một đoạn văn đủ dài."
        );
    }

    #[test]
    fn dateline_above_the_content() {
        let page = r##"<html><body>
<div class="top"><p>Hôm nay: Thứ Hai, 03/06/2024</p></div>
<div class="sidebar-box"><p>Đang truy cập: 51</p></div>
<div class="detail">
<h1>Cụm thi đua số 2 sơ kết 6 tháng đầu năm</h1>
<div class="meta">Đăng ngày: 28/05/2024 | 08:15 <a href="#">In bài</a></div>
<div class="body">
<p>Sáng 27/5, Cụm thi đua số 2 tổ chức hội nghị sơ kết công tác thi đua 6 tháng đầu năm 2024.</p>
<p>Các đơn vị trong cụm đã hoàn thành tốt nhiệm vụ được giao và đăng ký thi đua.</p>
</div></div></body></html>"##;
        let p = extract(page);
        assert_eq!(p.published.as_deref(), Some("2024-05-28T08:15"));
        assert!(p.text.starts_with("Sáng 27/5"));
        // Metadata wins over the printed date.
        let with_meta = page.replace(
            "<html><body>",
            r#"<html><head><meta property="article:published_time" content="2024-05-28T08:00:00+07:00"></head><body>"#,
        );
        assert_eq!(
            extract(&with_meta).published.as_deref(),
            Some("2024-05-28T08:00:00+07:00")
        );
    }
}
