//! Maps byte offsets of a rewritten text back to the text it was rewritten from.
//!
//! Every rewriting step of the text stage (repairs, normalization, cleaning) records where its
//! output differs from its input. The map is sparse: an entry `(out, src)` says that output byte
//! `out` comes from source byte `src`, and the bytes after it are copied one to one until the
//! next entry. A text that needed no change has an empty map (the identity).

/// A monotone map from byte offsets of an output text to byte offsets of its source text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OffsetMap {
    /// `(output offset, source offset)` anchors, sorted by both.
    entries: Vec<(usize, usize)>,
    /// Length of the source text in bytes.
    src_len: usize,
    /// Length of the output text in bytes.
    out_len: usize,
}

impl OffsetMap {
    /// The identity map of a text of `len` bytes.
    pub fn identity(len: usize) -> Self {
        OffsetMap {
            entries: Vec::new(),
            src_len: len,
            out_len: len,
        }
    }

    /// True when every offset maps to itself.
    pub fn is_identity(&self) -> bool {
        self.entries.is_empty() && self.src_len == self.out_len
    }

    /// Length of the source text in bytes.
    pub fn source_len(&self) -> usize {
        self.src_len
    }

    /// Length of the output text in bytes.
    pub fn output_len(&self) -> usize {
        self.out_len
    }

    /// Number of anchors (0 for the identity).
    pub fn anchors(&self) -> usize {
        self.entries.len()
    }

    /// The source offset of output offset `out` (clamped to the output length). Offsets inside
    /// a replaced stretch map into the stretch they replaced; the result is always within
    /// `0..=source_len()` and never decreases as `out` grows.
    pub fn to_source(&self, out: usize) -> usize {
        let out = out.min(self.out_len);
        let i = self.entries.partition_point(|&(o, _)| o <= out);
        let (o, s) = if i == 0 { (0, 0) } else { self.entries[i - 1] };
        let limit = self.entries.get(i).map_or(self.src_len, |&(_, s2)| s2);
        (s + (out - o)).min(limit).min(self.src_len)
    }

    /// The source range of the output range `start..end`.
    pub fn range_to_source(&self, start: usize, end: usize) -> (usize, usize) {
        let s = self.to_source(start);
        (s, self.to_source(end).max(s))
    }

    /// The map of applying `self` after `inner`: `self` maps C -> B and `inner` maps B -> A;
    /// the result maps C -> A.
    pub fn compose(&self, inner: &OffsetMap) -> OffsetMap {
        if inner.is_identity() {
            let mut m = self.clone();
            m.src_len = inner.src_len;
            return m;
        }
        if self.is_identity() {
            let mut m = inner.clone();
            m.out_len = self.out_len;
            return m;
        }
        let mut points: Vec<(usize, usize)> = Vec::with_capacity(self.entries.len() * 2);
        for &(o, m) in &self.entries {
            points.push((o, inner.to_source(m)));
        }
        // Anchors of the inner map that fall where `self` copies bytes one to one.
        for &(m, a) in &inner.entries {
            if let Some(o) = self.output_of_copied(m) {
                points.push((o, a));
            }
        }
        points.sort_unstable();
        let mut entries: Vec<(usize, usize)> = Vec::with_capacity(points.len());
        for (o, a) in points {
            push_monotone(&mut entries, o, a);
        }
        OffsetMap {
            entries,
            src_len: inner.src_len,
            out_len: self.out_len,
        }
    }

    /// The output offset of source offset `src` when `src` lies in a stretch copied unchanged.
    fn output_of_copied(&self, src: usize) -> Option<usize> {
        let i = self.entries.partition_point(|&(_, s)| s <= src);
        let (o, s) = if i == 0 { (0, 0) } else { self.entries[i - 1] };
        let (o2, s2) = self
            .entries
            .get(i)
            .copied()
            .unwrap_or((self.out_len, self.src_len));
        if o2 - o == s2 - s && src - s <= o2 - o {
            Some(o + (src - s))
        } else {
            None
        }
    }
}

/// Appends an anchor, keeping both coordinates non-decreasing.
fn push_monotone(entries: &mut Vec<(usize, usize)>, o: usize, s: usize) {
    match entries.last().copied() {
        Some((lo, ls)) if lo == o => {
            if let Some(last) = entries.last_mut() {
                last.1 = ls.max(s);
            }
        }
        Some((_, ls)) if s < ls => entries.push((o, ls)),
        _ => entries.push((o, s)),
    }
}

/// Builds an output text from a source text by copying and replacing stretches, recording the
/// offset map as it goes. Nothing is allocated until the first replacement.
#[derive(Debug)]
pub struct Rewriter<'a> {
    src: &'a str,
    out: Option<String>,
    copied: usize,
    entries: Vec<(usize, usize)>,
}

impl<'a> Rewriter<'a> {
    /// A rewriter over `src`.
    pub fn new(src: &'a str) -> Self {
        Rewriter {
            src,
            out: None,
            copied: 0,
            entries: Vec::new(),
        }
    }

    /// Replaces `src[start..end]` with `with`. Calls must come in increasing, non-overlapping
    /// order of `start`.
    pub fn replace(&mut self, start: usize, end: usize, with: &str) {
        debug_assert!(start >= self.copied && end >= start);
        let src = self.src;
        let out = self
            .out
            .get_or_insert_with(|| String::with_capacity(src.len() + 16));
        out.push_str(&src[self.copied..start]);
        self.entries.push((out.len(), start));
        out.push_str(with);
        self.entries.push((out.len(), end));
        self.copied = end;
    }

    /// True when some replacement was made.
    pub fn changed(&self) -> bool {
        self.out.is_some()
    }

    /// The output text so far followed by the uncopied rest of the source.
    pub fn finish(self) -> (std::borrow::Cow<'a, str>, OffsetMap) {
        match self.out {
            None => (
                std::borrow::Cow::Borrowed(self.src),
                OffsetMap::identity(self.src.len()),
            ),
            Some(mut out) => {
                out.push_str(&self.src[self.copied..]);
                let mut entries: Vec<(usize, usize)> = Vec::with_capacity(self.entries.len());
                for (o, s) in self.entries {
                    match entries.last_mut() {
                        Some(last) if last.0 == o => last.1 = s,
                        Some(last)
                            if last.1 as isize - last.0 as isize == s as isize - o as isize => {}
                        _ => entries.push((o, s)),
                    }
                }
                let map = OffsetMap {
                    entries,
                    src_len: self.src.len(),
                    out_len: out.len(),
                };
                (std::borrow::Cow::Owned(out), map)
            }
        }
    }
}

/// Builds the map of a text assembled from pieces of a source text (the cleaned body made of
/// kept lines): each piece is copied, and separators between them map to the end of the piece
/// before.
#[derive(Debug, Default)]
pub struct Assembler {
    out: String,
    entries: Vec<(usize, usize)>,
}

impl Assembler {
    /// An empty assembly.
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends `src[start..end]`.
    pub fn push_piece(&mut self, src: &str, start: usize, end: usize) {
        self.entries.push((self.out.len(), start));
        self.out.push_str(&src[start..end]);
        self.entries.push((self.out.len(), end));
    }

    /// Appends a separator that has no source text of its own.
    pub fn push_sep(&mut self, sep: &str) {
        self.out.push_str(sep);
    }

    /// The text assembled so far.
    pub fn text(&self) -> &str {
        &self.out
    }

    /// The assembled text and its map into a source of `src_len` bytes.
    pub fn finish(self, src_len: usize) -> (String, OffsetMap) {
        let out_len = self.out.len();
        let mut entries: Vec<(usize, usize)> = Vec::with_capacity(self.entries.len());
        for (o, s) in self.entries {
            let s = s.min(src_len);
            push_monotone(&mut entries, o, s);
        }
        let map = OffsetMap {
            entries,
            src_len,
            out_len,
        };
        (self.out, map)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_maps_to_itself() {
        let m = OffsetMap::identity(10);
        assert_eq!(m.to_source(4), 4);
        assert_eq!(m.to_source(99), 10);
        assert!(m.is_identity());
    }

    #[test]
    fn rewriter_tracks_replacements() {
        let src = "ab\r\ncd  ef";
        let mut r = Rewriter::new(src);
        r.replace(2, 4, "\n");
        r.replace(6, 8, " ");
        let (out, map) = r.finish();
        assert_eq!(out, "ab\ncd ef");
        // "c" at output 3 comes from source 4; "e" at output 6 from source 8.
        assert_eq!(map.to_source(3), 4);
        assert_eq!(map.to_source(6), 8);
        assert_eq!(map.to_source(out.len()), src.len());
    }

    #[test]
    fn unchanged_text_is_borrowed() {
        let r = Rewriter::new("xin chào");
        let (out, map) = r.finish();
        assert!(matches!(out, std::borrow::Cow::Borrowed(_)));
        assert!(map.is_identity());
    }

    #[test]
    fn compose_chains_two_rewrites() {
        let a = "x&amp;y  z";
        let mut r1 = Rewriter::new(a);
        r1.replace(1, 6, "&");
        let (b, m1) = r1.finish();
        assert_eq!(b, "x&y  z");
        let mut r2 = Rewriter::new(&b);
        r2.replace(3, 5, " ");
        let (c, m2) = r2.finish();
        assert_eq!(c, "x&y z");
        let m = m2.compose(&m1);
        assert_eq!(&a[m.to_source(2)..m.to_source(3)], "y");
        assert_eq!(&a[m.to_source(4)..], "z");
        assert_eq!(m.to_source(0), 0);
    }

    #[test]
    fn assembler_maps_pieces() {
        let src = "Title\n\nbody one\nnoise\nbody two";
        let mut a = Assembler::new();
        a.push_piece(src, 7, 15);
        a.push_sep("\n");
        a.push_piece(src, 22, 30);
        let (text, map) = a.finish(src.len());
        assert_eq!(text, "body one\nbody two");
        assert_eq!(&src[map.to_source(9)..map.to_source(17)], "body two");
        assert_eq!(map.to_source(0), 7);
    }
}
