//! WARC web archives (`.warc`, `.warc.gz`): the HTML pages of `response` records (and of
//! `resource` records), with `WARC-Target-URI` and `WARC-Date` as hints. Record N is named
//! `FILE!N`, N counting every record of the file from 1; records of other types (`warcinfo`,
//! `request`, `metadata`, `revisit`) describe the crawl, hold no page and are not inputs.
//!
//! HTTP payloads are de-chunked and decompressed (gzip, deflate) within the size limit; responses
//! that are not successful or not text are skipped with their status or content type.

use super::{Ctx, compress};
use crate::model::SourceHints;
use std::io::{self, BufRead, BufReader, Read};

/// Longest header block accepted (WARC or HTTP).
const MAX_HEADER_BYTES: usize = 256 << 10;

/// Reads the records of a WARC stream.
pub(crate) fn read_warc(ctx: &mut Ctx, source: &str, r: &mut dyn Read) {
    let mut r = BufReader::with_capacity(256 << 10, r);
    let max = ctx.opts.max_doc_bytes;
    let mut n = 0usize;
    while !ctx.stopped {
        let headers = match read_warc_headers(&mut r) {
            Ok(Some(h)) => h,
            Ok(None) => break,
            Err(e) => {
                let reason = if n == 0 {
                    format!("not a WARC file: {e}")
                } else {
                    format!("corrupt or truncated WARC after record {n}: {e}")
                };
                ctx.fail(source, reason);
                return;
            }
        };
        n += 1;
        let name = format!("{source}!{n}");
        let get = |k: &str| {
            headers
                .iter()
                .find(|(h, _)| h.eq_ignore_ascii_case(k))
                .map(|(_, v)| v.as_str())
        };
        let Some(len) = get("Content-Length").and_then(|v| v.trim().parse::<u64>().ok()) else {
            ctx.fail(
                source,
                format!("corrupt WARC: record {n} has no valid Content-Length"),
            );
            return;
        };
        let kind = get("WARC-Type").unwrap_or("").to_ascii_lowercase();
        let is_page = kind == "response" || kind == "resource";
        let hints = SourceHints {
            title: None,
            url: get("WARC-Target-URI").map(|u| u.trim().trim_matches(['<', '>']).to_string()),
            published: get("WARC-Date").map(|d| d.trim().to_string()),
            byline: None,
        };
        let content_type = get("Content-Type").unwrap_or("").to_ascii_lowercase();
        // Read the block, bounded; too large blocks are passed over.
        let limit = max.saturating_add(MAX_HEADER_BYTES as u64);
        let block = if is_page && len <= limit {
            let mut b = Vec::with_capacity(len as usize);
            match (&mut r).take(len).read_to_end(&mut b) {
                Ok(_) if (b.len() as u64) < len => None,
                Ok(_) => Some(Some(b)),
                Err(e) => {
                    ctx.fail(name, compress::read_error(&e));
                    ctx.fail(source, format!("unreadable after record {n}"));
                    return;
                }
            }
        } else {
            match io::copy(&mut (&mut r).take(len), &mut io::sink()) {
                Ok(k) if k < len => None,
                Ok(_) => Some(None),
                Err(e) => {
                    ctx.fail(
                        source,
                        format!("{} (in record {n})", compress::read_error(&e)),
                    );
                    return;
                }
            }
        };
        let Some(block) = block else {
            if is_page {
                ctx.fail(
                    name,
                    format!("truncated: the file ends inside the record ({len} bytes declared)"),
                );
            } else {
                ctx.fail(
                    source,
                    format!("truncated: the file ends inside record {n}"),
                );
            }
            return;
        };
        if !is_page {
            continue;
        }
        let Some(block) = block else {
            ctx.skip(name, format!("too large: {len} bytes, limit {max}"));
            continue;
        };
        let is_http = kind == "response" && content_type.starts_with("application/http");
        let page = if is_http {
            http_payload(&block, max)
        } else {
            Ok((content_type.clone(), block))
        };
        match page {
            Ok((ctype, body)) => {
                if let Some(why) = not_a_page(&ctype) {
                    ctx.skip(name, why);
                } else if body.is_empty() {
                    ctx.skip(name, "empty: no payload");
                } else {
                    let fmt_name = if ctype.contains("html") {
                        "page.html"
                    } else {
                        ""
                    };
                    ctx.doc(name, fmt_name, body, hints);
                }
            }
            Err(PayloadError::Skip(why)) => ctx.skip(name, why),
            Err(PayloadError::Fail(why)) => ctx.fail(name, why),
        }
    }
}

/// Reads the header block of the next record; `None` at a clean end of the file.
fn read_warc_headers(r: &mut dyn BufRead) -> io::Result<Option<Vec<(String, String)>>> {
    let mut line = Vec::new();
    // Skip the blank lines that end the previous record.
    loop {
        line.clear();
        let n = (&mut *r)
            .take(MAX_HEADER_BYTES as u64)
            .read_until(b'\n', &mut line)?;
        if n == 0 {
            return Ok(None);
        }
        if !line.trim_ascii().is_empty() {
            break;
        }
    }
    if !line.starts_with(b"WARC/") {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!(
                "expected a `WARC/` version line, found {:?}",
                String::from_utf8_lossy(&line[..line.len().min(40)])
            ),
        ));
    }
    let mut headers = Vec::new();
    let mut total = line.len();
    loop {
        line.clear();
        let n = (&mut *r)
            .take(MAX_HEADER_BYTES as u64)
            .read_until(b'\n', &mut line)?;
        total += n;
        if n == 0 {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "the file ends inside a record header",
            ));
        }
        if total > MAX_HEADER_BYTES {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "record header too long",
            ));
        }
        let l = line.trim_ascii();
        if l.is_empty() {
            return Ok(Some(headers));
        }
        if let Some(colon) = l.iter().position(|&b| b == b':') {
            let k = String::from_utf8_lossy(&l[..colon]).trim().to_string();
            let v = String::from_utf8_lossy(&l[colon + 1..]).trim().to_string();
            headers.push((k, v));
        }
    }
}

enum PayloadError {
    Skip(String),
    Fail(String),
}

/// The content type and body of an HTTP response block.
fn http_payload(block: &[u8], max: u64) -> Result<(String, Vec<u8>), PayloadError> {
    let (head_end, body_start) = find_head_end(block).ok_or_else(|| {
        PayloadError::Fail("corrupt: HTTP response without end of headers".into())
    })?;
    let head = String::from_utf8_lossy(&block[..head_end]);
    let mut lines = head.lines();
    let status_line = lines.next().unwrap_or("");
    let status: u16 = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| {
            PayloadError::Fail(format!("corrupt: bad HTTP status line {status_line:?}"))
        })?;
    if !(200..300).contains(&status) {
        return Err(PayloadError::Skip(format!("HTTP status {status}")));
    }
    let mut ctype = String::new();
    let mut chunked = false;
    let mut encoding = String::new();
    for l in lines {
        if let Some((k, v)) = l.split_once(':') {
            let (k, v) = (k.trim().to_ascii_lowercase(), v.trim().to_ascii_lowercase());
            match k.as_str() {
                "content-type" => ctype = v,
                "transfer-encoding" => chunked = v.contains("chunked"),
                "content-encoding" => encoding = v,
                _ => {}
            }
        }
    }
    let mut body = block[body_start..].to_vec();
    if chunked {
        body = dechunk(&body)
            .ok_or_else(|| PayloadError::Fail("corrupt: bad chunked transfer encoding".into()))?;
    }
    let body = match encoding.as_str() {
        "" | "identity" => body,
        "gzip" | "x-gzip" => decode(flate2::read::MultiGzDecoder::new(&body[..]), max)?,
        "deflate" => decode(flate2::read::ZlibDecoder::new(&body[..]), max)?,
        other => {
            return Err(PayloadError::Skip(format!(
                "unsupported content encoding {other}"
            )));
        }
    };
    Ok((ctype, body))
}

fn decode(mut r: impl Read, max: u64) -> Result<Vec<u8>, PayloadError> {
    match compress::read_bounded(&mut r, max) {
        Ok(Some(b)) => Ok(b),
        Ok(None) => Err(PayloadError::Skip(format!(
            "too large: more than {max} bytes after decompression"
        ))),
        Err(e) => Err(PayloadError::Fail(compress::read_error(&e))),
    }
}

fn find_head_end(b: &[u8]) -> Option<(usize, usize)> {
    if let Some(i) = b.windows(4).position(|w| w == b"\r\n\r\n") {
        return Some((i, i + 4));
    }
    b.windows(2).position(|w| w == b"\n\n").map(|i| (i, i + 2))
}

fn dechunk(mut b: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(b.len());
    loop {
        let nl = b.iter().position(|&c| c == b'\n')?;
        let size_line = std::str::from_utf8(&b[..nl]).ok()?;
        let size_hex = size_line.split(';').next()?.trim();
        let size = usize::from_str_radix(size_hex, 16).ok()?;
        b = &b[nl + 1..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(b.get(..size)?);
        b = &b[size..];
        b = b
            .strip_prefix(b"\r\n")
            .or_else(|| b.strip_prefix(b"\n"))
            .unwrap_or(b);
    }
}

/// Why a payload of this content type is not a page to read, if it is not.
fn not_a_page(ctype: &str) -> Option<String> {
    let mime = ctype.split(';').next().unwrap_or("").trim();
    let ok = mime.is_empty()
        || mime.starts_with("text/")
        || mime.contains("html")
        || mime.contains("xml");
    (!ok).then(|| format!("not text: content type {mime}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Format;
    use crate::source::{Item, SourceOptions};

    pub(crate) fn record(kind: &str, uri: &str, block: &[u8]) -> Vec<u8> {
        let mut r = format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2019-03-08T02:10:00Z\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n",
            block.len()
        )
        .into_bytes();
        r.extend_from_slice(block);
        r.extend_from_slice(b"\r\n\r\n");
        r
    }

    fn read(data: &[u8]) -> Vec<Item> {
        crate::source::collect(&SourceOptions::default(), |ctx| {
            read_warc(ctx, "c.warc", &mut &data[..])
        })
    }

    const PAGE: &str = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><body><p>Cờ thi đua</p></body></html>";

    #[test]
    fn response_records_become_html_documents_with_hints() {
        let mut data = record("warcinfo", "", b"software: x\r\n");
        data.extend(record(
            "request",
            "http://a.vn/1",
            b"GET /1 HTTP/1.1\r\n\r\n",
        ));
        data.extend(record("response", "http://a.vn/1", PAGE.as_bytes()));
        let items = read(&data);
        assert_eq!(items.len(), 1);
        let Item::Doc(d) = &items[0] else {
            panic!("{items:?}")
        };
        assert_eq!(d.source, "c.warc!3");
        assert_eq!(d.format, Format::Html);
        assert!(d.bytes.starts_with(b"<html>"));
        assert_eq!(d.hints.url.as_deref(), Some("http://a.vn/1"));
        assert_eq!(d.hints.published.as_deref(), Some("2019-03-08T02:10:00Z"));
    }

    #[test]
    fn chunked_gzip_payloads_are_decoded() {
        use std::io::Write;
        let html = "<html><p>Khối thi đua số 6</p></html>";
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(html.as_bytes()).unwrap();
        let gz = e.finish().unwrap();
        let (a, b) = gz.split_at(gz.len() / 2);
        let mut block = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\n".to_vec();
        for part in [a, b] {
            block.extend(format!("{:x}\r\n", part.len()).as_bytes());
            block.extend(part);
            block.extend(b"\r\n");
        }
        block.extend(b"0\r\n\r\n");
        let items = read(&record("response", "u", &block));
        assert!(
            matches!(&items[0], Item::Doc(d) if d.bytes == html.as_bytes()),
            "{items:?}"
        );
    }

    #[test]
    fn errors_statuses_and_types_are_skipped_with_reasons() {
        let mut data = record("response", "u1", b"HTTP/1.1 404 Not Found\r\n\r\nx");
        data.extend(record(
            "response",
            "u2",
            b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG",
        ));
        let items = read(&data);
        assert!(matches!(&items[0], Item::Skipped { reason, .. } if reason == "HTTP status 404"));
        assert!(matches!(&items[1], Item::Skipped { reason, .. } if reason.contains("image/png")));
    }

    #[test]
    fn truncated_warc_fails_plainly() {
        let mut data = record("response", "u1", PAGE.as_bytes());
        let second = record("response", "u2", PAGE.as_bytes());
        data.extend(&second[..second.len() - 40]);
        let items = read(&data);
        assert!(matches!(&items[0], Item::Doc(_)));
        assert!(
            matches!(&items[1], Item::Failed { source, reason } if source == "c.warc!2" && reason.starts_with("truncated"))
        );
        // Cut inside a header.
        let items = read(&second[..30]);
        assert!(matches!(&items[0], Item::Failed { source, .. } if source == "c.warc"));
        // Not a WARC at all.
        let items = read(b"<html>hello</html>");
        assert!(
            matches!(&items[0], Item::Failed { reason, .. } if reason.starts_with("not a WARC"))
        );
    }
}
