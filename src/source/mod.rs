//! The source stage: read inputs (folders, text, HTML, JSON, archives, web archives) as a stream
//! of [`RawDoc`]s.
//!
//! Every input ends as exactly one [`Item`]: a document, or a skip or failure with its reason.
//! Inputs are files found in folders and members of containers: `archive!member` for members of
//! tar and zip archives, `FILE!N` for the N-th (1-based) line of a JSON Lines file, element of a
//! JSON array, or record of a WARC file. Reading streams: a tar archive is read member by member,
//! a JSON array element by element, and no more than one document (at most
//! [`SourceOptions::max_doc_bytes`] after decompression) is held at a time, apart from `.body.txt`
//! files briefly waiting for their `.info.txt` companion.
//!
//! The files:
//! - `walk`: folders (sorted, symlinks followed with loop detection), include/exclude globs;
//! - `compress`: `.gz` and `.zst` layers, bounded reads (the size limit against bombs);
//! - `archive`: tar (plain or compressed, read sequentially) and zip;
//! - `json`: JSON arrays and JSON Lines, with configurable or detected field names;
//! - `warc`: WARC response and resource records;
//! - `pair`: `<id>.body.txt` + `<id>.info.txt` pairs (`LINK:`, `TITLE:`, `TIME:`);
//! - `glob`: the include/exclude patterns.

mod archive;
mod compress;
mod glob;
mod json;
mod pair;
mod walk;
mod warc;

pub use glob::{Glob, GlobError, PathFilter};
pub use json::JsonFields;

use crate::model::{Format, RawDoc, SourceHints};
use pair::Pairer;
use std::io::Read;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// One input, read: a document to process, or the reason it was not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    /// A document to decode and process.
    Doc(RawDoc),
    /// An input deliberately not processed (empty, not text, too large, ...).
    Skipped {
        /// The path or `archive!member`.
        source: String,
        /// Why.
        reason: String,
    },
    /// An input that could not be read.
    Failed {
        /// The path or `archive!member`.
        source: String,
        /// Why.
        reason: String,
    },
}

impl Item {
    /// The path or `archive!member` of the input.
    pub fn source(&self) -> &str {
        match self {
            Item::Doc(d) => &d.source,
            Item::Skipped { source, .. } | Item::Failed { source, .. } => source,
        }
    }
}

/// How inputs are read.
#[derive(Debug, Clone)]
pub struct SourceOptions {
    /// Largest document accepted, in bytes (after decompression); larger ones are skipped
    /// without being held in memory. Also bounds one JSON record or one WARC record.
    pub max_doc_bytes: u64,
    /// Which files and members to read.
    pub filter: PathFilter,
    /// Field names of JSON records (detected when not given).
    pub json: JsonFields,
    /// Stop after this many inputs (documents, skips and failures together).
    pub limit: Option<usize>,
}

impl Default for SourceOptions {
    fn default() -> Self {
        SourceOptions {
            max_doc_bytes: 16 << 20,
            filter: PathFilter::default(),
            json: JsonFields::default(),
            limit: None,
        }
    }
}

/// How far reading has come, in bytes of the input files as stored (compressed archives count
/// their compressed size). Shared between the reader and whoever displays progress.
#[derive(Debug, Default)]
pub struct InputProgress {
    done: AtomicU64,
    total: AtomicU64,
    total_known: AtomicBool,
}

impl InputProgress {
    /// Bytes of input files read (or passed over) so far.
    pub fn done(&self) -> u64 {
        self.done.load(Ordering::Relaxed)
    }

    /// Total bytes of the input files, once measured.
    pub fn total(&self) -> Option<u64> {
        self.total_known
            .load(Ordering::Acquire)
            .then(|| self.total.load(Ordering::Relaxed))
    }

    /// Records the total size of the inputs.
    pub fn set_total(&self, total: u64) {
        self.total.store(total, Ordering::Relaxed);
        self.total_known.store(true, Ordering::Release);
    }

    fn add(&self, n: u64) {
        self.done.fetch_add(n, Ordering::Relaxed);
    }
}

/// Total size in bytes of the files that `paths` would read (folders walked with the same rules).
/// Only metadata is read; used for progress and ETA.
pub fn measure(paths: &[PathBuf], opts: &SourceOptions) -> u64 {
    paths.iter().map(|p| walk::measure(p, &opts.filter)).sum()
}

/// Reads `paths` (files or folders, recursively, in a stable order) and calls `emit` with each
/// input in turn; stops early when `emit` returns false.
pub fn read_each(
    paths: &[PathBuf],
    opts: &SourceOptions,
    progress: &InputProgress,
    emit: &mut dyn FnMut(Item) -> bool,
) {
    let mut ctx = Ctx::new(opts, emit);
    for p in paths {
        if ctx.stopped {
            break;
        }
        walk::read_path(&mut ctx, p, progress);
    }
}

/// Streams the inputs of `paths` (files or folders, recursively, in a stable order) from a reader
/// thread; memory stays bounded by a short queue.
pub fn read_all(paths: &[PathBuf], opts: &SourceOptions) -> impl Iterator<Item = Item> + use<> {
    let (tx, rx) = std::sync::mpsc::sync_channel::<Item>(64);
    let paths = paths.to_vec();
    let opts = opts.clone();
    std::thread::spawn(move || {
        let progress = InputProgress::default();
        read_each(&paths, &opts, &progress, &mut |item| tx.send(item).is_ok());
    });
    rx.into_iter()
}

/// Where items go while reading, with the options in force.
pub(crate) struct Ctx<'a> {
    pub(crate) opts: &'a SourceOptions,
    emit: &'a mut dyn FnMut(Item) -> bool,
    pub(crate) stopped: bool,
    emitted: usize,
}

impl<'a> Ctx<'a> {
    /// A context that hands every item to `emit`, until it returns false or `opts.limit` items
    /// were emitted.
    pub(crate) fn new(opts: &'a SourceOptions, emit: &'a mut dyn FnMut(Item) -> bool) -> Ctx<'a> {
        Ctx {
            opts,
            emit,
            stopped: false,
            emitted: 0,
        }
    }
}

/// Every item `read` emits through a fresh context, in order (for the readers' unit tests).
#[cfg(test)]
pub(crate) fn collect(opts: &SourceOptions, read: impl FnOnce(&mut Ctx)) -> Vec<Item> {
    let mut out = Vec::new();
    let mut emit = |i: Item| {
        out.push(i);
        true
    };
    read(&mut Ctx::new(opts, &mut emit));
    out
}

impl Ctx<'_> {
    pub(crate) fn push(&mut self, item: Item) {
        if self.stopped {
            return;
        }
        self.emitted += 1;
        if !(self.emit)(item) || self.opts.limit.is_some_and(|l| self.emitted >= l) {
            self.stopped = true;
        }
    }

    pub(crate) fn skip(&mut self, source: impl Into<String>, reason: impl Into<String>) {
        self.push(Item::Skipped {
            source: source.into(),
            reason: reason.into(),
        });
    }

    pub(crate) fn fail(&mut self, source: impl Into<String>, reason: impl Into<String>) {
        self.push(Item::Failed {
            source: source.into(),
            reason: reason.into(),
        });
    }

    /// Emits a document read from a file or member, after sniffing its format.
    pub(crate) fn doc(&mut self, source: String, name: &str, bytes: Vec<u8>, hints: SourceHints) {
        let format = format_of(name, &bytes);
        self.push(Item::Doc(RawDoc {
            source,
            bytes,
            format,
            hints,
        }));
    }
}

/// What a name says about how to read a file or member.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// gzip layer (`.gz`, `.tgz`).
    Gzip,
    /// zstd layer (`.zst`, `.tzst`).
    Zstd,
    /// tar archive.
    Tar,
    /// zip archive.
    Zip,
    /// A JSON array (or a sequence of JSON values).
    Json,
    /// JSON Lines.
    JsonLines,
    /// A WARC web archive.
    Warc,
    /// One document (text or HTML).
    Doc,
}

/// The kind of a file from its name, and the name of what is inside when it is compressed
/// (`a.jsonl.gz` -> `a.jsonl`, `a.tgz` -> `a.tar`).
pub(crate) fn kind_of(name: &str) -> (Kind, String) {
    let lower = name.to_ascii_lowercase();
    let strip = |n: usize, add: &str| format!("{}{add}", &name[..name.len() - n]);
    for (ext, kind, add) in [
        (".tgz", Kind::Gzip, ".tar"),
        (".tzst", Kind::Zstd, ".tar"),
        (".gz", Kind::Gzip, ""),
        (".zst", Kind::Zstd, ""),
        (".zstd", Kind::Zstd, ""),
    ] {
        if lower.ends_with(ext) {
            return (kind, strip(ext.len(), add));
        }
    }
    let kind = if lower.ends_with(".tar") {
        Kind::Tar
    } else if lower.ends_with(".zip") {
        Kind::Zip
    } else if lower.ends_with(".json") {
        Kind::Json
    } else if lower.ends_with(".jsonl") || lower.ends_with(".ndjson") {
        Kind::JsonLines
    } else if lower.ends_with(".warc") {
        Kind::Warc
    } else {
        Kind::Doc
    };
    (kind, name.to_string())
}

/// The kind under any compression layers, and every name along the way (`a.txt.gz`, `a.txt`).
pub(crate) fn inner_kind(name: &str) -> (Kind, Vec<String>) {
    let mut names = vec![name.to_string()];
    let mut current = name.to_string();
    for _ in 0..MAX_DEPTH {
        let (kind, inner) = kind_of(&current);
        if !matches!(kind, Kind::Gzip | Kind::Zstd) {
            return (kind, names);
        }
        names.push(inner.clone());
        current = inner;
    }
    (Kind::Doc, names)
}

/// Whether a file or member found while walking is selected by the include patterns: containers
/// (archives) are always opened, files holding documents must match.
pub(crate) fn selected(filter: &PathFilter, name: &str) -> bool {
    let (kind, names) = inner_kind(name);
    if matches!(kind, Kind::Tar | Kind::Zip) {
        return true;
    }
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    filter.included(&refs)
}

/// Deepest nesting of containers (archives in archives, compression layers).
pub(crate) const MAX_DEPTH: u32 = 8;

/// Reads one file or member from a stream: unwraps compression, opens containers, or emits it as
/// a document. `source` is how it is named in the output, `name` its own path (for its kind),
/// `size` its stored size when known (to detect truncation).
pub(crate) fn read_stream(
    ctx: &mut Ctx,
    source: &str,
    name: &str,
    r: &mut dyn Read,
    size: Option<u64>,
    depth: u32,
    pairer: &mut Pairer,
) {
    if depth > MAX_DEPTH {
        ctx.skip(
            source,
            format!("nested too deep: more than {MAX_DEPTH} levels"),
        );
        return;
    }
    let (kind, inner) = kind_of(name);
    let before = ctx.emitted;
    let container = !matches!(kind, Kind::Gzip | Kind::Zstd | Kind::Doc);
    match kind {
        Kind::Gzip => {
            let mut dec = compress::gzip(r);
            read_stream(ctx, source, &inner, &mut dec, None, depth + 1, pairer);
        }
        Kind::Zstd => match compress::zstd(r) {
            Ok(mut dec) => read_stream(ctx, source, &inner, &mut dec, None, depth + 1, pairer),
            Err(e) => ctx.fail(source, format!("zstd: {e}")),
        },
        Kind::Tar => archive::read_tar(ctx, source, r, depth),
        Kind::Zip => {
            let limit = ctx.opts.max_doc_bytes.max(archive::NESTED_ZIP_BYTES);
            match compress::read_bounded(r, limit) {
                Ok(Some(buf)) => {
                    archive::read_zip(ctx, source, std::io::Cursor::new(buf), depth);
                }
                Ok(None) => ctx.skip(
                    source,
                    format!("too large: a zip inside a container is read into memory, limit {limit} bytes"),
                ),
                Err(e) => ctx.fail(source, compress::read_error(&e)),
            }
        }
        Kind::Json => json::read_json(ctx, source, r),
        Kind::JsonLines => json::read_jsonl(ctx, source, r),
        Kind::Warc => warc::read_warc(ctx, source, r),
        Kind::Doc => read_doc(ctx, source, name, r, size, depth, pairer),
    }
    if container {
        nothing_inside(ctx, source, before);
    }
}

/// Accounts for a container that gave no input at all.
pub(crate) fn nothing_inside(ctx: &mut Ctx, source: &str, emitted_before: usize) {
    if ctx.emitted == emitted_before && !ctx.stopped {
        let why = if ctx.opts.filter.is_empty() {
            "empty: no documents inside"
        } else {
            "empty: no documents inside that pass --include/--exclude"
        };
        ctx.skip(source, why);
    }
}

/// Reads one document, bounded by the size limit. Its first bytes are looked at first: content
/// compressed with gzip or zstd, or a tar or zip archive, under a name that does not say so is
/// opened as such (streaming); known binary formats are skipped unread.
fn read_doc(
    ctx: &mut Ctx,
    source: &str,
    name: &str,
    r: &mut dyn Read,
    size: Option<u64>,
    depth: u32,
    pairer: &mut Pairer,
) {
    let mut head = Vec::with_capacity(512);
    if let Err(e) = r.take(512).read_to_end(&mut head) {
        ctx.fail(source, compress::read_error(&e));
        return;
    }
    let mut whole = (&head[..]).chain(r);
    let sniffed = compress::sniff(&head);
    let is_tar = head.len() >= 262 && &head[257..262] == b"ustar";
    let nested = matches!(sniffed, compress::Sniffed::Gzip | compress::Sniffed::Zstd)
        || is_tar
        || sniffed == compress::Sniffed::Binary("zip archive");
    if nested && depth >= MAX_DEPTH {
        ctx.skip(
            source,
            format!("nested too deep: more than {MAX_DEPTH} levels"),
        );
        return;
    }
    match sniffed {
        // Compressed content under a plain name: unwrap it as the same name.
        compress::Sniffed::Gzip => {
            let mut dec = compress::gzip(&mut whole);
            return read_doc(ctx, source, name, &mut dec, None, depth + 1, pairer);
        }
        compress::Sniffed::Zstd => {
            match compress::zstd(&mut whole) {
                Ok(mut dec) => read_doc(ctx, source, name, &mut dec, None, depth + 1, pairer),
                Err(e) => ctx.fail(source, format!("zstd: {e}")),
            }
            return;
        }
        compress::Sniffed::Binary("zip archive") => {
            read_stream(ctx, source, "x.zip", &mut whole, size, depth, pairer);
            return;
        }
        compress::Sniffed::Binary(what) => {
            ctx.skip(source, format!("not text: {what}"));
            return;
        }
        compress::Sniffed::Unknown if is_tar => {
            let before = ctx.emitted;
            archive::read_tar(ctx, source, &mut whole, depth);
            nothing_inside(ctx, source, before);
            return;
        }
        compress::Sniffed::Unknown => {}
    }
    let max = ctx.opts.max_doc_bytes;
    let bytes = match compress::read_bounded(&mut whole, max) {
        Ok(Some(b)) => b,
        Ok(None) => {
            let what = if depth > 0 && size.is_none() {
                " after decompression"
            } else {
                ""
            };
            ctx.skip(source, format!("too large: more than {max} bytes{what}"));
            return;
        }
        Err(e) => {
            ctx.fail(source, compress::read_error(&e));
            return;
        }
    };
    if let Some(size) = size
        && (bytes.len() as u64) < size
    {
        ctx.fail(
            source,
            format!("truncated: {} of {size} bytes", bytes.len()),
        );
        return;
    }
    if pair::is_paired_name(source) {
        pairer.offer(ctx, source.to_string(), name, bytes);
    } else if !json::single_record(ctx, source, &bytes) {
        ctx.doc(source.to_string(), name, bytes, SourceHints::default());
    }
}

/// The format of a document, from its name and, failing that, its first bytes.
pub fn format_of(name: &str, bytes: &[u8]) -> Format {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".html") || lower.ends_with(".htm") || lower.ends_with(".xhtml") {
        return Format::Html;
    }
    let head = &bytes[..bytes.len().min(512)];
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    let head = head.trim_start_matches('\u{feff}').trim_start();
    if head.starts_with("<!doctype html") || head.starts_with("<html") {
        Format::Html
    } else {
        Format::Text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_from_names() {
        assert_eq!(kind_of("a/b.TAR.GZ"), (Kind::Gzip, "a/b.TAR".into()));
        assert_eq!(kind_of("b.tgz"), (Kind::Gzip, "b.tar".into()));
        assert_eq!(kind_of("b.tar"), (Kind::Tar, "b.tar".into()));
        assert_eq!(kind_of("x.jsonl.zst").0, Kind::Zstd);
        assert_eq!(kind_of("x.ndjson").0, Kind::JsonLines);
        assert_eq!(kind_of("x.json").0, Kind::Json);
        assert_eq!(kind_of("x.warc").0, Kind::Warc);
        assert_eq!(kind_of("x.zip").0, Kind::Zip);
        assert_eq!(kind_of("x.htm").0, Kind::Doc);
        assert_eq!(kind_of("README").0, Kind::Doc);
        let (k, names) = inner_kind("a.warc.gz");
        assert_eq!(k, Kind::Warc);
        assert_eq!(names, vec!["a.warc.gz".to_string(), "a.warc".to_string()]);
    }

    #[test]
    fn includes_apply_to_document_files_not_archives() {
        let f = PathFilter::new(&["*.txt"], &[] as &[&str]).unwrap();
        assert!(selected(&f, "a.txt"));
        assert!(selected(&f, "a.txt.gz"));
        assert!(selected(&f, "corpus.tar.gz"));
        assert!(selected(&f, "corpus.zip"));
        assert!(!selected(&f, "a.jsonl"));
        assert!(!selected(&f, "a.html"));
    }

    #[test]
    fn html_is_detected_by_name_or_content() {
        assert_eq!(format_of("a.HTM", b"x"), Format::Html);
        assert_eq!(
            format_of("a", b"\xef\xbb\xbf <!DOCTYPE html><p>"),
            Format::Html
        );
        assert_eq!(format_of("a.txt", b"Title: x"), Format::Text);
        assert_eq!(format_of("a.txt", b""), Format::Text);
    }

    #[test]
    fn archives_and_compression_under_plain_names_are_opened() {
        use std::io::Write;
        let mut t = tar::Builder::new(Vec::new());
        let mut h = tar::Header::new_gnu();
        h.set_size(5);
        h.set_mode(0o644);
        h.set_cksum();
        t.append_data(&mut h, "m.txt", &b"hello"[..]).unwrap();
        let tar = t.into_inner().unwrap();
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(&tar).unwrap();
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("download"), e.finish().unwrap()).unwrap();
        let items: Vec<Item> =
            read_all(&[dir.path().join("download")], &SourceOptions::default()).collect();
        assert_eq!(items.len(), 1);
        assert!(items[0].source().ends_with("download!m.txt"), "{items:?}");
        assert!(matches!(&items[0], Item::Doc(d) if d.bytes == b"hello"));
    }

    #[test]
    fn limit_stops_reading() {
        let dir = tempfile::tempdir().unwrap();
        for i in 0..5 {
            std::fs::write(dir.path().join(format!("{i}.txt")), "a\nb").unwrap();
        }
        let opts = SourceOptions {
            limit: Some(3),
            ..SourceOptions::default()
        };
        let items: Vec<Item> = read_all(&[dir.path().to_path_buf()], &opts).collect();
        assert_eq!(items.len(), 3);
        assert!(items[0].source().ends_with("0.txt"));
    }
}
