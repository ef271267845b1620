//! The extract stage: entities (blocs, agencies, people, dates, awards, targets) and the
//! relations between them (award outcomes, roles, members, events).

use crate::model::{Article, Extraction};

/// Extracts entities and relations from one normalized article.
pub fn extract(article: &Article) -> Extraction {
    let _ = article;
    Extraction::default()
}
