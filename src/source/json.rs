//! JSON inputs: arrays of records (`.json`, read element by element, never whole) and JSON Lines
//! (`.jsonl`, `.ndjson`). Record N is named `FILE!N` (1-based: the element's index in the array,
//! or the line's number in the file).
//!
//! A record is an object whose fields give the text and, when present, the title, URL and date,
//! or a plain string (the text). Field names are configured ([`JsonFields`], dotted paths such as
//! `meta.uri`) or detected among common names, at the top level and under `meta`/`metadata`.
//! A record with `text` and a `description` but no title field (as in title-and-description
//! collections) has `text` as its title and the description as its text.

use super::{Ctx, compress};
use crate::model::SourceHints;
use serde_json::{Map, Value};
use std::io::{self, BufRead, BufReader, Read};

/// Names of the fields of JSON records; `None` means detect.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JsonFields {
    /// Field holding the title.
    pub title: Option<String>,
    /// Field holding the text.
    pub text: Option<String>,
    /// Field holding the URL.
    pub url: Option<String>,
    /// Field holding the publication date.
    pub date: Option<String>,
}

const TITLE_NAMES: &[&str] = &["title", "headline", "heading", "tieu_de", "tieude"];
const TEXT_NAMES: &[&str] = &[
    "text",
    "content",
    "body",
    "article",
    "maintext",
    "main_text",
    "full_text",
    "fulltext",
    "contents",
    "noi_dung",
    "noidung",
    "description",
    "summary",
    "abstract",
];
const URL_NAMES: &[&str] = &[
    "url",
    "uri",
    "link",
    "href",
    "source_url",
    "canonical_url",
    "duong_dan",
    "duongdan",
    "lien_ket",
    "lienket",
];
const AUTHOR_NAMES: &[&str] = &[
    "author", "authors", "byline", "creator", "writer", "tac_gia", "tacgia", "but_danh", "butdanh",
];
const DATE_NAMES: &[&str] = &[
    "published",
    "published_at",
    "publish_date",
    "published_date",
    "date_publish",
    "publishdate",
    "pubdate",
    "date",
    "datetime",
    "time",
    "timestamp",
    "created_at",
    "ngay_dang",
    "ngaydang",
    "ngay_xuat_ban",
    "ngayxuatban",
    "thoi_gian_dang",
    "thoigiandang",
    "thoi_gian",
    "thoigian",
];
const DESCRIPTION_NAMES: &[&str] = &["description", "summary", "abstract"];
const NESTED: &[&str] = &["meta", "metadata"];

/// The text of a field value: strings as they are, lists of strings joined by lines, numbers
/// written out; nothing for null, empty strings and objects.
fn value_text(v: &Value) -> Option<String> {
    let s = match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Array(items) => items
            .iter()
            .filter_map(value_text)
            .collect::<Vec<_>>()
            .join("\n"),
        _ => return None,
    };
    (!s.trim().is_empty()).then_some(s)
}

/// The value at a configured path: the key itself, or a dotted path into nested objects.
fn at_path<'a>(m: &'a Map<String, Value>, path: &str) -> Option<&'a Value> {
    if let Some(v) = m.get(path) {
        return Some(v);
    }
    let mut parts = path.split('.');
    let mut cur = m.get(parts.next()?)?;
    for p in parts {
        cur = match cur {
            Value::Object(o) => o.get(p)?,
            Value::Array(a) => a.get(p.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(cur)
}

/// The first of `names` with a non-empty value (compared without case) at the top level, then
/// in nested metadata objects; with the name found.
fn detect<'a>(m: &'a Map<String, Value>, names: &[&str]) -> Option<(&'a str, &'a Value)> {
    find_field(m, names, true)
}

/// The first of `names` present, even empty.
fn present<'a>(m: &'a Map<String, Value>, names: &[&str]) -> Option<&'a Value> {
    find_field(m, names, false).map(|(_, v)| v)
}

/// A single line short enough to be a headline.
fn looks_like_title(t: &str) -> bool {
    let t = t.trim();
    !t.contains(['\n', '\r']) && t.chars().count() <= 400
}

fn find_field<'a>(
    m: &'a Map<String, Value>,
    names: &[&str],
    nonempty: bool,
) -> Option<(&'a str, &'a Value)> {
    let find = |obj: &'a Map<String, Value>| {
        names.iter().find_map(|n| {
            obj.iter()
                .find(|(k, v)| k.eq_ignore_ascii_case(n) && (!nonempty || value_text(v).is_some()))
                .map(|(k, v)| (k.as_str(), v))
        })
    };
    find(m).or_else(|| {
        NESTED.iter().find_map(|n| match at_path(m, n) {
            Some(Value::Object(o)) => find(o),
            _ => None,
        })
    })
}

/// What a record gives: its text and hints, or why it gives nothing.
pub(crate) fn record(v: &Value, fields: &JsonFields) -> Result<(String, SourceHints), String> {
    let m = match v {
        Value::Object(m) => m,
        Value::String(s) if !s.trim().is_empty() => {
            return Ok((s.clone(), SourceHints::default()));
        }
        Value::String(_) => return Err("empty: empty string".into()),
        other => {
            return Err(format!(
                "not a record: a JSON {} instead of an object",
                type_name(other)
            ));
        }
    };
    let configured = |name: &Option<String>| -> Option<Option<String>> {
        name.as_ref().map(|p| at_path(m, p).and_then(value_text))
    };
    let mut title = match configured(&fields.title) {
        Some(t) => t,
        None => detect(m, TITLE_NAMES).and_then(|(_, v)| value_text(v)),
    };
    let text = match configured(&fields.text) {
        Some(Some(t)) => Some(t),
        Some(None) => {
            let name = fields.text.as_deref().unwrap_or_default();
            return Err(format!("no text: field `{name}` is missing or empty"));
        }
        None => match detect(m, TEXT_NAMES) {
            // A one-line `text` beside a description and no title field: the text is the title
            // and the description the text (title-and-description collections).
            Some((k, v))
                if title.is_none()
                    && k.eq_ignore_ascii_case("text")
                    && value_text(v).is_some_and(|t| looks_like_title(&t)) =>
            {
                match present(m, DESCRIPTION_NAMES) {
                    Some(d) => {
                        title = value_text(v);
                        value_text(d)
                    }
                    None => value_text(v),
                }
            }
            Some((_, v)) => value_text(v),
            None => None,
        },
    };
    let url = match configured(&fields.url) {
        Some(u) => u,
        None => detect(m, URL_NAMES).and_then(|(_, v)| value_text(v)),
    };
    let published = match configured(&fields.date) {
        Some(d) => d,
        None => detect(m, DATE_NAMES).and_then(|(_, v)| value_text(v)),
    };
    let byline = detect(m, AUTHOR_NAMES)
        .and_then(|(_, v)| value_text(v))
        .filter(|a| looks_like_title(a));
    let hints = SourceHints {
        title,
        url,
        published,
        byline,
    };
    match text {
        Some(t) => Ok((t, hints)),
        None if hints.title.is_some() => Err("no text: the record has a title only".into()),
        None => Err(format!(
            "no text: no text field among {} (name one with --json-text)",
            field_list(m)
        )),
    }
}

fn field_list(m: &Map<String, Value>) -> String {
    let mut names: Vec<&str> = m.keys().map(String::as_str).take(8).collect();
    if m.len() > 8 {
        names.push("...");
    }
    if names.is_empty() {
        "(an empty object)".into()
    } else {
        names.join(", ")
    }
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Parses one record's bytes; invalid UTF-8 is replaced rather than rejected.
fn parse(bytes: &[u8]) -> Result<Value, String> {
    match serde_json::from_slice(bytes) {
        Ok(v) => Ok(v),
        Err(e) if std::str::from_utf8(bytes).is_err() => {
            serde_json::from_str(&String::from_utf8_lossy(bytes))
                .map_err(|_| format!("invalid JSON: {e}"))
        }
        Err(e) => Err(format!("invalid JSON: {e}")),
    }
}

fn emit_record(ctx: &mut Ctx, source: String, bytes: &[u8]) {
    let v = match parse(bytes) {
        Ok(v) => v,
        Err(reason) => return ctx.fail(source, reason),
    };
    match record(&v, &ctx.opts.json) {
        Ok((text, hints)) => ctx.doc(source, "", text.into_bytes(), hints),
        Err(reason) => ctx.skip(source, reason),
    }
}

/// A document that is one JSON record whatever its name (a portal's API response saved as
/// `.txt`): emitted as that record under the document's own name, when it is an object with a
/// text field. Returns false, having emitted nothing, for anything else.
pub(crate) fn single_record(ctx: &mut Ctx, source: &str, bytes: &[u8]) -> bool {
    let t = bytes.trim_ascii();
    let t = t.strip_prefix(b"\xef\xbb\xbf").unwrap_or(t).trim_ascii();
    if !(t.starts_with(b"{") && t.ends_with(b"}")) {
        return false;
    }
    let Ok(v) = parse(t) else {
        return false;
    };
    match record(&v, &ctx.opts.json) {
        Ok((text, hints)) if matches!(v, Value::Object(_)) => {
            ctx.doc(source.to_string(), "", text.into_bytes(), hints);
            true
        }
        _ => false,
    }
}

/// Reads JSON Lines: one record per non-blank line, named by its line number.
pub(crate) fn read_jsonl(ctx: &mut Ctx, source: &str, r: &mut dyn Read) {
    let max = ctx.opts.max_doc_bytes;
    let mut r = BufReader::with_capacity(64 << 10, r);
    let mut line = Vec::new();
    let mut n = 0usize;
    while !ctx.stopped {
        n += 1;
        match read_line_bounded(&mut r, &mut line, max) {
            Ok(Line::End) => break,
            Ok(Line::TooLong) => {
                ctx.skip(
                    format!("{source}!{n}"),
                    format!("too large: line longer than {max} bytes"),
                );
            }
            Ok(Line::Ok) => {
                let trimmed = line.trim_ascii();
                let trimmed = trimmed.strip_prefix(b"\xef\xbb\xbf").unwrap_or(trimmed);
                if !trimmed.is_empty() {
                    emit_record(ctx, format!("{source}!{n}"), trimmed);
                }
            }
            Err(e) => {
                ctx.fail(
                    source,
                    format!("{} (at line {n})", compress::read_error(&e)),
                );
                break;
            }
        }
    }
}

enum Line {
    Ok,
    TooLong,
    End,
}

/// Reads one line (without its `\n`) into `buf`, holding at most `max` bytes of it.
fn read_line_bounded(r: &mut dyn BufRead, buf: &mut Vec<u8>, max: u64) -> io::Result<Line> {
    buf.clear();
    let mut too_long = false;
    let mut any = false;
    loop {
        let chunk = match r.fill_buf() {
            Ok(c) => c,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if chunk.is_empty() {
            break;
        }
        any = true;
        let (take, done) = match memchr::memchr(b'\n', chunk) {
            Some(i) => (i, true),
            None => (chunk.len(), false),
        };
        if !too_long {
            if (buf.len() + take) as u64 > max {
                too_long = true;
                buf.clear();
            } else {
                buf.extend_from_slice(&chunk[..take]);
            }
        }
        r.consume(if done { take + 1 } else { take });
        if done {
            break;
        }
    }
    Ok(if !any {
        Line::End
    } else if too_long {
        Line::TooLong
    } else {
        Line::Ok
    })
}

/// Reads a `.json` file: the elements of a top-level array one by one, or a sequence of
/// top-level values (a single object is record 1).
pub(crate) fn read_json(ctx: &mut Ctx, source: &str, r: &mut dyn Read) {
    let max = ctx.opts.max_doc_bytes;
    let mut r = BufReader::with_capacity(64 << 10, r);
    let mut split = Splitter::default();
    let mut n = 0usize;
    let outcome = split.run(&mut r, max, &mut |value| {
        n += 1;
        let name = format!("{source}!{n}");
        match value {
            Some(bytes) => emit_record(ctx, name, bytes),
            None => ctx.skip(name, format!("too large: record longer than {max} bytes")),
        }
        !ctx.stopped
    });
    match outcome {
        Ok(()) => {}
        Err(SplitError::Io(e)) => ctx.fail(
            source,
            format!("{} (after {n} records)", compress::read_error(&e)),
        ),
        Err(SplitError::Syntax(what)) => {
            ctx.fail(source, format!("invalid JSON: {what} (after {n} records)"))
        }
    }
}

enum SplitError {
    Io(io::Error),
    Syntax(String),
}

/// Splits a JSON text into its records without parsing them: the elements of a top-level array,
/// or the top-level values. Tracks strings and nesting only.
#[derive(Default)]
struct Splitter {
    buf: Vec<u8>,
    too_long: bool,
    depth: usize,
    in_string: bool,
    escape: bool,
    /// Inside a record.
    started: bool,
    /// A scalar record (number, literal) ends at a delimiter rather than a bracket.
    scalar: bool,
}

impl Splitter {
    fn run(
        &mut self,
        r: &mut dyn BufRead,
        max: u64,
        on_record: &mut dyn FnMut(Option<&[u8]>) -> bool,
    ) -> Result<(), SplitError> {
        // Find the first significant byte.
        let first = loop {
            let chunk = r.fill_buf().map_err(SplitError::Io)?;
            if chunk.is_empty() {
                return Ok(());
            }
            let skip = chunk
                .iter()
                .position(|b| !b.is_ascii_whitespace())
                .unwrap_or(chunk.len());
            let skip = if chunk[skip..].starts_with(b"\xef\xbb\xbf") {
                skip + 3
            } else {
                skip
            };
            if skip < chunk.len() {
                r.consume(skip);
                break r.fill_buf().map_err(SplitError::Io)?[0];
            }
            r.consume(skip);
        };
        let base = match first {
            b'[' => {
                r.consume(1);
                1
            }
            b'{' | b'"' => 0,
            other => {
                return Err(SplitError::Syntax(format!(
                    "starts with {:?}, not an array or object",
                    other as char
                )));
            }
        };
        // In array mode, depth counts the outer bracket.
        self.depth = base;
        let mut closed = base == 0;
        loop {
            let chunk = r.fill_buf().map_err(SplitError::Io)?;
            if chunk.is_empty() {
                break;
            }
            let len = chunk.len();
            let mut start = 0;
            let mut i = 0;
            while i < len {
                let b = chunk[i];
                if self.started && self.in_string {
                    if self.escape {
                        self.escape = false;
                    } else if b == b'\\' {
                        self.escape = true;
                    } else if b == b'"' {
                        self.in_string = false;
                        if self.depth == base && !self.scalar {
                            // A top-level string record ends here.
                            self.take(&chunk[start..=i], max);
                            if !self.finish(on_record) {
                                return Ok(());
                            }
                            start = i + 1;
                        }
                    }
                    i += 1;
                    continue;
                }
                if !self.started {
                    match b {
                        b' ' | b'\t' | b'\r' | b'\n' | b',' => {}
                        b']' if base == 1 && self.depth == 1 => {
                            self.depth = 0;
                            closed = true;
                            r.consume(i + 1);
                            return self.trailing(r, closed);
                        }
                        _ if closed && base == 1 => {
                            return Err(SplitError::Syntax("data after the closing `]`".into()));
                        }
                        b'{' | b'[' => {
                            self.started = true;
                            self.scalar = false;
                            self.depth += 1;
                            start = i;
                        }
                        b'"' => {
                            self.started = true;
                            self.scalar = false;
                            self.in_string = true;
                            start = i;
                        }
                        b'}' | b']' | b':' => {
                            return Err(SplitError::Syntax(format!("unexpected {:?}", b as char)));
                        }
                        _ => {
                            self.started = true;
                            self.scalar = true;
                            start = i;
                        }
                    }
                    i += 1;
                    continue;
                }
                // Inside a record, outside strings.
                match b {
                    b'"' => self.in_string = true,
                    b'{' | b'[' if !self.scalar => self.depth += 1,
                    b'}' | b']' if !self.scalar => {
                        self.depth -= 1;
                        if self.depth == base {
                            self.take(&chunk[start..=i], max);
                            if !self.finish(on_record) {
                                return Ok(());
                            }
                            start = i + 1;
                        }
                    }
                    b',' | b' ' | b'\t' | b'\r' | b'\n' | b']' if self.scalar => {
                        self.take(&chunk[start..i], max);
                        if !self.finish(on_record) {
                            return Ok(());
                        }
                        start = i;
                        // Re-read the delimiter outside the record (it may close the array).
                        continue;
                    }
                    _ => {}
                }
                i += 1;
            }
            if self.started {
                self.take(&chunk[start..len], max);
            }
            r.consume(len);
        }
        if self.started && self.scalar && !self.in_string && base == 0 {
            if !self.finish(on_record) {
                return Ok(());
            }
        } else if self.started {
            return Err(SplitError::Syntax(
                "truncated: the file ends inside a record".into(),
            ));
        }
        if !closed {
            return Err(SplitError::Syntax(
                "truncated: the file ends before the closing `]`".into(),
            ));
        }
        Ok(())
    }

    fn take(&mut self, bytes: &[u8], max: u64) {
        if self.too_long {
            return;
        }
        if (self.buf.len() + bytes.len()) as u64 > max {
            self.too_long = true;
            self.buf = Vec::new();
        } else {
            self.buf.extend_from_slice(bytes);
        }
    }

    fn finish(&mut self, on_record: &mut dyn FnMut(Option<&[u8]>) -> bool) -> bool {
        let go_on = if self.too_long {
            on_record(None)
        } else {
            on_record(Some(&self.buf))
        };
        self.buf.clear();
        self.too_long = false;
        self.started = false;
        self.scalar = false;
        go_on
    }

    fn trailing(&mut self, r: &mut dyn BufRead, _closed: bool) -> Result<(), SplitError> {
        let mut rest = Vec::new();
        r.take(4096)
            .read_to_end(&mut rest)
            .map_err(SplitError::Io)?;
        if rest.iter().all(|b| b.is_ascii_whitespace()) {
            Ok(())
        } else {
            Err(SplitError::Syntax("data after the closing `]`".into()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{Item, SourceOptions};
    use serde_json::json;

    fn split_all(text: &str, max: u64) -> (Vec<Option<String>>, Result<(), String>) {
        let mut out = Vec::new();
        let mut r = BufReader::with_capacity(7, text.as_bytes());
        let res = Splitter::default().run(&mut r, max, &mut |v| {
            out.push(v.map(|b| String::from_utf8_lossy(b).into_owned()));
            true
        });
        let res = res.map_err(|e| match e {
            SplitError::Io(e) => e.to_string(),
            SplitError::Syntax(s) => s,
        });
        (out, res)
    }

    #[test]
    fn splits_array_elements_across_buffer_boundaries() {
        let (v, r) = split_all(
            r#" [ {"a": "x,]}\"y", "b": [1, {"c": 2}]}, "str]", 12, null , {"d":{}} ] "#,
            1000,
        );
        assert!(r.is_ok(), "{r:?}");
        assert_eq!(
            v,
            [
                Some(r#"{"a": "x,]}\"y", "b": [1, {"c": 2}]}"#.into()),
                Some(r#""str]""#.into()),
                Some("12".into()),
                Some("null".into()),
                Some(r#"{"d":{}}"#.into()),
            ]
        );
    }

    fn arb_json() -> impl proptest::strategy::Strategy<Value = Value> {
        use proptest::prelude::*;
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i32>().prop_map(|n| json!(n)),
            "[a-zđờ ,\\[\\]{}\"\\\\:]{0,12}".prop_map(Value::String),
        ];
        leaf.prop_recursive(3, 24, 4, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                proptest::collection::btree_map("[a-z]{1,4}", inner, 0..4)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest::proptest! {
        #[test]
        fn splitting_agrees_with_parsing(
            items in proptest::collection::vec(arb_json(), 0..6),
            pretty in proptest::bool::ANY,
            cap in 1usize..64,
        ) {
            let whole = Value::Array(items.clone());
            let text = if pretty {
                serde_json::to_string_pretty(&whole).unwrap()
            } else {
                serde_json::to_string(&whole).unwrap()
            };
            let mut got = Vec::new();
            let mut r = BufReader::with_capacity(cap, text.as_bytes());
            let res = Splitter::default().run(&mut r, 1 << 20, &mut |v| {
                got.push(serde_json::from_slice::<Value>(v.unwrap()).unwrap());
                true
            });
            proptest::prop_assert!(res.is_ok());
            proptest::prop_assert_eq!(got, items);
        }
    }

    #[test]
    fn splits_top_level_values() {
        let (v, r) = split_all("{\"a\":1}\n{\"b\":2} {\"c\":3}", 1000);
        assert!(r.is_ok());
        assert_eq!(v.len(), 3);
    }

    #[test]
    fn oversized_elements_are_reported_not_held() {
        let big = "x".repeat(100);
        let (v, r) = split_all(&format!("[{{\"t\":\"{big}\"}}, {{\"t\":\"s\"}}]"), 50);
        assert!(r.is_ok());
        assert_eq!(v, [None, Some("{\"t\":\"s\"}".into())]);
    }

    #[test]
    fn truncated_and_garbage_json_are_errors() {
        let (v, r) = split_all("[{\"a\":1}, {\"b\":", 100);
        assert_eq!(v.len(), 1);
        assert!(r.unwrap_err().contains("truncated"));
        let (_, r) = split_all("[{\"a\":1}", 100);
        assert!(r.unwrap_err().contains("truncated"));
        let (_, r) = split_all("hello world", 100);
        assert!(r.is_err());
        let (v, r) = split_all("[] x", 100);
        assert!(v.is_empty() && r.is_err());
        let (v, r) = split_all("   ", 100);
        assert!(v.is_empty() && r.is_ok());
    }

    #[test]
    fn title_and_description_shape() {
        let v = json!({"text": "Tiêu đề", "meta": {"description": "Mô tả dài.", "uri": "https://x.vn/a"}});
        let (text, hints) = record(&v, &JsonFields::default()).unwrap();
        assert_eq!(text, "Mô tả dài.");
        assert_eq!(hints.title.as_deref(), Some("Tiêu đề"));
        assert_eq!(hints.url.as_deref(), Some("https://x.vn/a"));
        let v = json!({"text": "Tiêu đề", "meta": {"description": "", "uri": "u"}});
        let e = record(&v, &JsonFields::default()).unwrap_err();
        assert!(e.contains("title only"), "{e}");
    }

    #[test]
    fn common_names_are_detected() {
        let v =
            json!({"Title": "T", "content": ["p1", "p2"], "link": "L", "published_at": 1700000000});
        let (text, hints) = record(&v, &JsonFields::default()).unwrap();
        assert_eq!(text, "p1\np2");
        assert_eq!(hints.title.as_deref(), Some("T"));
        assert_eq!(hints.url.as_deref(), Some("L"));
        assert_eq!(hints.published.as_deref(), Some("1700000000"));
        let v = json!({"text": "Chỉ có văn bản"});
        assert_eq!(
            record(&v, &JsonFields::default()).unwrap().0,
            "Chỉ có văn bản"
        );
    }

    #[test]
    fn configured_fields_and_paths() {
        let v = json!({"h": "T", "doc": {"body": "B", "when": "2019-03-07"}, "src": ["u0", "u1"]});
        let f = JsonFields {
            title: Some("h".into()),
            text: Some("doc.body".into()),
            url: Some("src.1".into()),
            date: Some("doc.when".into()),
        };
        let (text, hints) = record(&v, &f).unwrap();
        assert_eq!(text, "B");
        assert_eq!(hints.title.as_deref(), Some("T"));
        assert_eq!(hints.url.as_deref(), Some("u1"));
        assert_eq!(hints.published.as_deref(), Some("2019-03-07"));
        let f = JsonFields {
            text: Some("missing".into()),
            ..JsonFields::default()
        };
        assert!(record(&v, &f).unwrap_err().contains("`missing`"));
    }

    #[test]
    fn records_without_text_are_skipped_with_their_fields_named() {
        let e = record(&json!({"id": 3, "score": 1}), &JsonFields::default()).unwrap_err();
        assert!(e.contains("id, score"), "{e}");
        assert!(
            record(&json!(3), &JsonFields::default())
                .unwrap_err()
                .contains("number")
        );
    }

    fn read_bytes(name: &str, data: &[u8], opts: &SourceOptions) -> Vec<Item> {
        crate::source::collect(opts, |ctx| {
            let mut r = data;
            if name.ends_with(".jsonl") {
                read_jsonl(ctx, name, &mut r);
            } else {
                read_json(ctx, name, &mut r);
            }
        })
    }

    #[test]
    fn jsonl_names_records_by_line_number() {
        let data = "{\"text\":\"a\"}\n\n{\"text\":\"b\"}\r\nnot json\n{\"text\":\"\u{1ec7}\"}\n";
        let mut bytes = data.as_bytes().to_vec();
        // An invalid byte inside a string: replaced, not fatal.
        let pos = bytes.iter().position(|&b| b == 0xe1).unwrap();
        bytes[pos] = 0xff;
        let items = read_bytes("f.jsonl", &bytes, &SourceOptions::default());
        let names: Vec<&str> = items.iter().map(Item::source).collect();
        assert_eq!(names, ["f.jsonl!1", "f.jsonl!3", "f.jsonl!4", "f.jsonl!5"]);
        assert!(
            matches!(&items[2], Item::Failed { reason, .. } if reason.starts_with("invalid JSON"))
        );
        assert!(matches!(&items[3], Item::Doc(_)));
    }

    #[test]
    fn jsonl_long_lines_are_skipped() {
        let data = format!("{{\"text\":\"{}\"}}\n{{\"text\":\"ok\"}}", "x".repeat(100));
        let opts = SourceOptions {
            max_doc_bytes: 50,
            ..SourceOptions::default()
        };
        let items = read_bytes("f.jsonl", data.as_bytes(), &opts);
        assert!(
            matches!(&items[0], Item::Skipped { reason, .. } if reason.starts_with("too large"))
        );
        assert!(matches!(&items[1], Item::Doc(d) if d.bytes == b"ok" && d.source == "f.jsonl!2"));
    }

    #[test]
    fn a_text_file_holding_one_record_is_that_record() {
        let data = "\u{feff}{\"id\": 7, \"tieuDe\": \"Tiêu đề\", \"noiDung\": \"<p>Nội dung.</p>\", \"tacGia\": \"Minh Khôi\", \"ngayDang\": \"29/02/2024 10:15\", \"duongDan\": \"https://x.example.vn/1\"}\n";
        let items = crate::source::collect(&SourceOptions::default(), |ctx| {
            assert!(single_record(ctx, "a.txt", data.as_bytes()));
        });
        let [Item::Doc(d)] = items.as_slice() else {
            panic!("{items:?}");
        };
        assert_eq!(d.source, "a.txt");
        assert_eq!(d.bytes, "<p>Nội dung.</p>".as_bytes());
        assert_eq!(d.hints.title.as_deref(), Some("Tiêu đề"));
        assert_eq!(d.hints.byline.as_deref(), Some("Minh Khôi"));
        assert_eq!(d.hints.published.as_deref(), Some("29/02/2024 10:15"));
        assert_eq!(d.hints.url.as_deref(), Some("https://x.example.vn/1"));
        // Text that only looks like JSON, and records without text, stay documents of their own.
        for other in [
            "{Khối thi đua} tổng kết",
            "{\"id\": 1}",
            "[{\"text\": \"a\"}]",
        ] {
            let items = crate::source::collect(&SourceOptions::default(), |ctx| {
                assert!(!single_record(ctx, "a.txt", other.as_bytes()), "{other}");
            });
            assert!(items.is_empty());
        }
    }

    #[test]
    fn json_array_records_are_numbered_from_one() {
        let data = r#"[{"title":"T1","text":"a"},{"text":"b"}, 5]"#;
        let items = read_bytes("f.json", data.as_bytes(), &SourceOptions::default());
        let names: Vec<&str> = items.iter().map(Item::source).collect();
        assert_eq!(names, ["f.json!1", "f.json!2", "f.json!3"]);
        assert!(matches!(&items[0], Item::Doc(d) if d.hints.title.as_deref() == Some("T1")));
        assert!(matches!(&items[2], Item::Skipped { .. }));
    }
}
