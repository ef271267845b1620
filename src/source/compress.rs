//! Compression layers (`.gz`, `.zst`), bounded reads and content sniffing.
//!
//! Every document is read through [`read_bounded`], which stops one byte past the size limit:
//! a decompression bomb costs at most the limit in memory and is skipped as too large.

use std::io::{self, BufReader, Read};

/// A gzip decoder that also reads concatenated members (as `.warc.gz` files are written).
pub(crate) fn gzip(r: &mut dyn Read) -> flate2::read::MultiGzDecoder<&mut dyn Read> {
    flate2::read::MultiGzDecoder::new(r)
}

/// A zstd decoder (concatenated frames are read too).
pub(crate) fn zstd<'a>(
    r: &'a mut dyn Read,
) -> io::Result<zstd::stream::read::Decoder<'a, BufReader<&'a mut dyn Read>>> {
    zstd::stream::read::Decoder::new(r)
}

/// Reads everything up to `max` bytes; `None` when there is more (the rest is not read).
pub(crate) fn read_bounded(r: &mut dyn Read, max: u64) -> io::Result<Option<Vec<u8>>> {
    let mut buf = Vec::new();
    r.take(max.saturating_add(1)).read_to_end(&mut buf)?;
    Ok(if buf.len() as u64 > max {
        None
    } else {
        Some(buf)
    })
}

/// A reason for a failed read, naming truncation and corruption plainly.
pub(crate) fn read_error(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::UnexpectedEof => format!("truncated: {e}"),
        io::ErrorKind::InvalidData | io::ErrorKind::InvalidInput => format!("corrupt: {e}"),
        _ => format!("read error: {e}"),
    }
}

/// What the first bytes of a document say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Sniffed {
    /// gzip-compressed.
    Gzip,
    /// zstd-compressed.
    Zstd,
    /// A known binary format, named.
    Binary(&'static str),
    /// Nothing known: possibly text (the text stage decides).
    Unknown,
}

/// Recognizes compressed streams and common binary formats by their magic numbers.
pub(crate) fn sniff(b: &[u8]) -> Sniffed {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"\x89PNG\r\n\x1a\n", "PNG image"),
        (b"\xff\xd8\xff", "JPEG image"),
        (b"GIF87a", "GIF image"),
        (b"GIF89a", "GIF image"),
        (b"%PDF-", "PDF document"),
        (b"PK\x03\x04", "zip archive"),
        (b"\x7fELF", "ELF executable"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "OLE2 document"),
        (b"Rar!\x1a\x07", "RAR archive"),
        (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
        (b"\xfd7zXZ\x00", "xz stream"),
        (b"SQLite format 3\x00", "SQLite database"),
        (b"\x00asm", "WebAssembly module"),
        (b"wOFF", "WOFF font"),
        (b"wOF2", "WOFF2 font"),
    ];
    if b.starts_with(b"\x1f\x8b\x08") {
        return Sniffed::Gzip;
    }
    if b.starts_with(b"\x28\xb5\x2f\xfd") {
        return Sniffed::Zstd;
    }
    for (m, what) in MAGIC {
        if b.starts_with(m) {
            return Sniffed::Binary(what);
        }
    }
    if b.len() >= 12 && &b[..4] == b"RIFF" {
        return Sniffed::Binary("RIFF media (WebP, WAV, AVI)");
    }
    if b.len() >= 12 && &b[4..8] == b"ftyp" {
        return Sniffed::Binary("MP4/QuickTime media");
    }
    if b.len() >= 10 && b.starts_with(b"BZh") && &b[4..10] == b"1AY&SY" {
        return Sniffed::Binary("bzip2 stream");
    }
    Sniffed::Unknown
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn gz(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn bounded_read_stops_past_the_limit() {
        let data = [b'a'; 100];
        assert_eq!(
            read_bounded(&mut &data[..], 100).unwrap().unwrap().len(),
            100
        );
        assert!(read_bounded(&mut &data[..], 99).unwrap().is_none());
    }

    #[test]
    fn bomb_is_cut_at_the_limit() {
        // 4 MB of zeros compress to a few kilobytes.
        let bomb = gz(&vec![0u8; 4 << 20]);
        assert!(bomb.len() < 64 << 10);
        let mut src = &bomb[..];
        let mut dec = gzip(&mut src);
        assert!(read_bounded(&mut dec, 1 << 20).unwrap().is_none());
    }

    #[test]
    fn concatenated_gzip_members_are_read() {
        let mut both = gz(b"one ");
        both.extend(gz(b"two"));
        let mut src = &both[..];
        let out = read_bounded(&mut gzip(&mut src), 100).unwrap().unwrap();
        assert_eq!(out, b"one two");
    }

    #[test]
    fn truncated_gzip_is_an_error_not_a_panic() {
        let full = gz("Bằng khen của Thủ tướng Chính phủ ".repeat(200).as_bytes());
        for cut in [0, 5, 10, full.len() / 2, full.len() - 4] {
            let mut src = &full[..cut];
            let r = read_bounded(&mut gzip(&mut src), 1 << 20);
            let e = r.expect_err("truncated gzip must fail");
            let why = read_error(&e);
            assert!(
                why.starts_with("truncated") || why.starts_with("corrupt"),
                "{why}"
            );
        }
    }

    #[test]
    fn zstd_round_trip() {
        let z = zstd::encode_all("Cờ thi đua".as_bytes(), 3).unwrap();
        assert_eq!(sniff(&z), Sniffed::Zstd);
        let mut src = &z[..];
        let mut d = zstd(&mut src).unwrap();
        assert_eq!(
            read_bounded(&mut d, 100).unwrap().unwrap(),
            "Cờ thi đua".as_bytes()
        );
    }

    #[test]
    fn sniffing() {
        assert_eq!(sniff(&gz(b"x")), Sniffed::Gzip);
        assert_eq!(
            sniff(b"\x89PNG\r\n\x1a\n...."),
            Sniffed::Binary("PNG image")
        );
        assert_eq!(sniff(b"%PDF-1.7"), Sniffed::Binary("PDF document"));
        assert_eq!(sniff("Khối thi đua".as_bytes()), Sniffed::Unknown);
        assert_eq!(sniff(b""), Sniffed::Unknown);
    }
}
