//! Pairs `<id>.body.txt` with `<id>.info.txt` in the same folder or archive: the info file's
//! `LINK:`, `TITLE:` and `TIME:` lines become the hints of the body document.
//!
//! A pair is one input, named after its body file. Archives list members in any order, so a body
//! waits (up to a bound) for its info file and an info file for its body; whatever is left at the
//! end of the folder or archive is emitted alone: a body without hints, an info file as skipped.

use super::Ctx;
use crate::model::SourceHints;
use std::collections::{HashMap, VecDeque};

const BODY: &str = ".body.txt";
const INFO: &str = ".info.txt";
/// Most bodies held while waiting for their info files.
const MAX_PENDING: usize = 1024;
/// Most bytes of bodies held while waiting.
const MAX_PENDING_BYTES: usize = 64 << 20;
/// Most info files held while waiting for their bodies.
const MAX_INFOS: usize = 65_536;

/// Whether a name is one half of a body/info pair.
pub(crate) fn is_paired_name(source: &str) -> bool {
    split(source).is_some()
}

fn split(source: &str) -> Option<(&str, bool)> {
    let lower = source.len().checked_sub(BODY.len())?;
    let tail = source.get(lower..)?;
    if tail.eq_ignore_ascii_case(BODY) {
        Some((&source[..lower], true))
    } else if tail.eq_ignore_ascii_case(INFO) {
        Some((&source[..lower], false))
    } else {
        None
    }
}

struct Body {
    name: String,
    bytes: Vec<u8>,
}

struct Info {
    source: String,
    hints: SourceHints,
}

/// Bodies and info files waiting for their other half.
#[derive(Default)]
pub(crate) struct Pairer {
    bodies: HashMap<String, (String, Body)>,
    body_order: VecDeque<String>,
    pending_bytes: usize,
    infos: HashMap<String, Info>,
    info_order: VecDeque<String>,
}

impl Pairer {
    /// Takes a `.body.txt` or `.info.txt` document; emits what can be emitted.
    pub(crate) fn offer(&mut self, ctx: &mut Ctx, source: String, name: &str, bytes: Vec<u8>) {
        let Some((key, is_body)) = split(&source) else {
            ctx.doc(source, name, bytes, SourceHints::default());
            return;
        };
        let key = key.to_string();
        if is_body {
            if let Some(info) = self.infos.remove(&key) {
                ctx.doc(source, name, bytes, info.hints);
                return;
            }
            self.pending_bytes += bytes.len();
            let body = Body {
                name: name.to_string(),
                bytes,
            };
            if let Some((old_source, old)) = self.bodies.insert(key.clone(), (source, body)) {
                // The same body twice (a repeated archive member): the earlier one goes alone.
                self.pending_bytes -= old.bytes.len();
                ctx.doc(old_source, &old.name, old.bytes, SourceHints::default());
            } else {
                self.body_order.push_back(key);
            }
            while self.bodies.len() > MAX_PENDING || self.pending_bytes > MAX_PENDING_BYTES {
                if !self.flush_oldest_body(ctx) {
                    break;
                }
            }
        } else {
            let Some(hints) = parse_info(&bytes) else {
                // Not an info file after all: an ordinary document.
                ctx.doc(source, name, bytes, SourceHints::default());
                return;
            };
            if let Some((body_source, body)) = self.bodies.remove(&key) {
                self.pending_bytes -= body.bytes.len();
                ctx.doc(body_source, &body.name, body.bytes, hints);
                return;
            }
            if self
                .infos
                .insert(key.clone(), Info { source, hints })
                .is_none()
            {
                self.info_order.push_back(key);
            }
            while self.infos.len() > MAX_INFOS {
                let Some(k) = self.info_order.pop_front() else {
                    break;
                };
                if let Some(info) = self.infos.remove(&k) {
                    ctx.skip(info.source, "info file without its body: none seen nearby");
                }
            }
        }
    }

    fn flush_oldest_body(&mut self, ctx: &mut Ctx) -> bool {
        while let Some(k) = self.body_order.pop_front() {
            if let Some((source, body)) = self.bodies.remove(&k) {
                self.pending_bytes -= body.bytes.len();
                ctx.doc(source, &body.name, body.bytes, SourceHints::default());
                return true;
            }
        }
        false
    }

    /// Emits everything still waiting: bodies without hints, info files as skipped.
    pub(crate) fn finish(&mut self, ctx: &mut Ctx) {
        while self.flush_oldest_body(ctx) {}
        while let Some(k) = self.info_order.pop_front() {
            if let Some(info) = self.infos.remove(&k) {
                let body = format!("{}{BODY}", split(&info.source).map_or("", |s| s.0));
                ctx.skip(
                    info.source,
                    format!("info file without its body: no {body}"),
                );
            }
        }
    }
}

/// Reads an info file (`LINK: ...`, `TITLE: ...`, `TIME: ...`, `SUMMARY: ...` lines); `None`
/// when the bytes do not look like one.
pub(crate) fn parse_info(bytes: &[u8]) -> Option<SourceHints> {
    let text = String::from_utf8_lossy(bytes);
    let text = text.trim_start_matches('\u{feff}');
    let mut hints = SourceHints::default();
    let mut known = 0;
    for (i, line) in text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .enumerate()
    {
        let field = line
            .split_once(':')
            .map(|(k, v)| (k.trim().to_ascii_uppercase(), v.trim()));
        let slot = match field.as_ref().map(|(k, v)| (k.as_str(), *v)) {
            Some(("LINK" | "URL", v)) => Some((&mut hints.url, v.to_string())),
            Some(("TITLE", v)) => Some((&mut hints.title, unsegment(v))),
            Some(("TIME" | "DATE", v)) => Some((&mut hints.published, v.to_string())),
            Some(("SUMMARY" | "SAPO" | "DESCRIPTION", _)) => None,
            _ if i == 0 => return None,
            _ => continue,
        };
        known += 1;
        if let Some((slot, v)) = slot
            && !v.is_empty()
            && slot.is_none()
        {
            *slot = Some(v);
        }
    }
    (known > 0).then_some(hints)
}

/// Undoes word segmentation (`tư_thục` -> `tư thục`): an underscore between two letters or digits
/// joins the syllables of one word.
fn unsegment(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    chars
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            let joins = c == '_'
                && i > 0
                && chars[i - 1].is_alphanumeric()
                && chars.get(i + 1).is_some_and(|n| n.is_alphanumeric());
            if joins { ' ' } else { c }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{Item, SourceOptions};

    fn run(inputs: &[(&str, &str)]) -> Vec<Item> {
        crate::source::collect(&SourceOptions::default(), |ctx| {
            let mut p = Pairer::default();
            for (name, text) in inputs {
                p.offer(ctx, name.to_string(), name, text.as_bytes().to_vec());
            }
            p.finish(ctx);
        })
    }

    const INFO_A: &str = "LINK: http://example.vn/a.epi\nTITLE: Trường tư_thục chờ ' khai_tử '\nSUMMARY: x\nTIME: 1/11/2013 10:00";

    #[test]
    fn info_fills_the_hints_of_its_body_whatever_the_order() {
        for order in [[0, 1], [1, 0]] {
            let files = [("c/1.body.txt", "Nội dung."), ("c/1.info.txt", INFO_A)];
            let items = run(&[files[order[0]], files[order[1]]]);
            assert_eq!(items.len(), 1);
            let Item::Doc(d) = &items[0] else {
                panic!("{items:?}")
            };
            assert_eq!(d.source, "c/1.body.txt");
            assert_eq!(d.bytes, "Nội dung.".as_bytes());
            assert_eq!(d.hints.url.as_deref(), Some("http://example.vn/a.epi"));
            assert_eq!(
                d.hints.title.as_deref(),
                Some("Trường tư thục chờ ' khai tử '")
            );
            assert_eq!(d.hints.published.as_deref(), Some("1/11/2013 10:00"));
        }
    }

    #[test]
    fn pairs_only_within_the_same_folder() {
        let items = run(&[("a/1.body.txt", "x"), ("b/1.info.txt", INFO_A)]);
        assert_eq!(items.len(), 2);
        assert!(matches!(&items[0], Item::Doc(d) if d.hints == SourceHints::default()));
        assert!(
            matches!(&items[1], Item::Skipped { source, reason } if source == "b/1.info.txt" && reason.contains("b/1.body.txt"))
        );
    }

    #[test]
    fn info_named_file_that_is_not_an_info_file_is_a_document() {
        let items = run(&[(
            "notes.info.txt",
            "Một bài viết bình thường.\nKhông có trường nào.",
        )]);
        assert!(matches!(&items[0], Item::Doc(d) if d.source == "notes.info.txt"));
    }

    #[test]
    fn unsegmenting_keeps_other_underscores() {
        assert_eq!(unsegment("khai_tử"), "khai tử");
        assert_eq!(unsegment("_x_ a__b"), "_x_ a__b");
    }

    #[test]
    fn many_waiting_bodies_are_flushed_without_hints() {
        let names: Vec<String> = (0..MAX_PENDING + 10)
            .map(|i| format!("{i}.body.txt"))
            .collect();
        let inputs: Vec<(&str, &str)> = names.iter().map(|n| (n.as_str(), "x")).collect();
        let items = run(&inputs);
        assert_eq!(items.len(), MAX_PENDING + 10);
        assert_eq!(items[0].source(), "0.body.txt");
    }
}
