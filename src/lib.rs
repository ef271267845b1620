//! thidua: Vietnamese emulation-bloc news archives to a full-text index and award-history tables.
//!
//! The data flows one way through the stages:
//! [`source`] (read archives) -> [`text`] (decode, normalize, clean) -> [`extract`] (entities and
//! relations) -> [`index`] (tantivy) and [`export`] (polars tables). [`model`] holds the types
//! passed between them and [`pipeline`] runs them in parallel. See `ARCHITECTURE.md`.

pub mod eval;
pub mod export;
pub mod extract;
pub mod index;
pub mod model;
pub mod pipeline;
pub mod source;
pub mod text;

#[cfg(test)]
pub(crate) mod test_util {
    /// The texts of the sample articles in `corpus/articles/` (the readable ones), in file-name
    /// order, for unit tests that compare two ways of doing the same thing over real text.
    pub fn sample_articles() -> Vec<String> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/articles");
        let mut paths: Vec<_> = std::fs::read_dir(&dir)
            .expect("corpus/articles")
            .map(|e| e.expect("directory entry").path())
            .collect();
        paths.sort();
        let texts: Vec<String> = paths
            .iter()
            .filter_map(|p| std::fs::read_to_string(p).ok())
            .collect();
        assert!(
            texts.len() >= 30,
            "too few sample articles in {}",
            dir.display()
        );
        texts
    }
}
