//! Integration tests of ingestion: every format, a torture set of broken inputs built on the fly,
//! the real news archives (when `../shared/corpus` is there), and crash safety of the index.

mod ingest {
    pub mod crash;
    pub mod formats;
    pub mod news;
    pub mod torture;
    pub mod util;
}
