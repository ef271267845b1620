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
