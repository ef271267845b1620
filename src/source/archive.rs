//! Archives: tar (plain, `.tar.gz`/`.tgz`, `.tar.zst`), read sequentially member by member, and
//! zip. Members are named `archive!member`; each member is read like a file (it may itself be
//! compressed, a JSON file, a WARC file or another archive).

use super::pair::Pairer;
use super::{Ctx, compress, read_stream};
use std::io::{self, Read, Seek};

/// Largest zip inside another container that is read into memory (zip needs random access).
pub(crate) const NESTED_ZIP_BYTES: u64 = 256 << 20;

/// Counts the bytes read from a member, to tell a complete member from a truncated one.
struct Counting<R> {
    inner: R,
    read: u64,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        Ok(n)
    }
}

/// Reads a tar stream member by member.
pub(crate) fn read_tar(ctx: &mut Ctx, source: &str, r: &mut dyn Read, depth: u32) {
    let mut archive = tar::Archive::new(r);
    let entries = match archive.entries() {
        Ok(e) => e,
        Err(e) => {
            ctx.fail(source, format!("not a readable tar archive: {e}"));
            return;
        }
    };
    let mut pairer = Pairer::default();
    let mut members = 0usize;
    for entry in entries {
        if ctx.stopped {
            break;
        }
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let reason = if members == 0 {
                    format!("not a readable tar archive: {e}")
                } else {
                    format!("corrupt or truncated tar after {members} members: {e}")
                };
                ctx.fail(source, reason);
                break;
            }
        };
        let path = String::from_utf8_lossy(&entry.path_bytes()).into_owned();
        let member = format!("{source}!{path}");
        let kind = entry.header().entry_type();
        use tar::EntryType as T;
        match kind {
            T::Regular | T::Continuous | T::GNUSparse => {}
            T::Directory | T::XGlobalHeader | T::XHeader | T::GNULongName | T::GNULongLink => {
                continue;
            }
            T::Symlink | T::Link => {
                if ctx.opts.filter.excluded(&path) {
                    continue;
                }
                let target = entry
                    .link_name_bytes()
                    .map(|t| String::from_utf8_lossy(&t).into_owned())
                    .unwrap_or_default();
                members += 1;
                ctx.skip(member, format!("link member: points to {target}"));
                continue;
            }
            other => {
                if !ctx.opts.filter.excluded(&path) {
                    members += 1;
                    ctx.skip(
                        member,
                        format!("not a regular file: tar entry type {other:?}"),
                    );
                }
                continue;
            }
        }
        members += 1;
        if ctx.opts.filter.excluded(&path) || !super::selected(&ctx.opts.filter, &path) {
            continue;
        }
        let size = entry.size();
        let mut counting = Counting {
            inner: entry,
            read: 0,
        };
        read_stream(
            ctx,
            &member,
            &path,
            &mut counting,
            Some(size),
            depth + 1,
            &mut pairer,
        );
        // Pass over what the reader left (e.g. past a size limit) and check the member is whole.
        match io::copy(&mut counting, &mut io::sink()) {
            Ok(_) if counting.read < size => {
                ctx.fail(
                    source,
                    format!(
                        "truncated: the archive ends inside {path} ({} of {size} bytes)",
                        counting.read
                    ),
                );
                break;
            }
            Ok(_) => {}
            Err(e) => {
                ctx.fail(
                    source,
                    format!("{} (inside {path})", compress::read_error(&e)),
                );
                break;
            }
        }
    }
    pairer.finish(ctx);
}

/// Reads a zip archive member by member, in the order of its central directory.
pub(crate) fn read_zip<R: Read + Seek>(ctx: &mut Ctx, source: &str, r: R, depth: u32) {
    let mut zip = match zip::ZipArchive::new(r) {
        Ok(z) => z,
        Err(e) => {
            ctx.fail(source, format!("not a readable zip archive: {e}"));
            return;
        }
    };
    let mut pairer = Pairer::default();
    for i in 0..zip.len() {
        if ctx.stopped {
            break;
        }
        let name = match zip.name_for_index(i) {
            Some(Ok(n)) => n.into_owned(),
            _ => format!("#{}", i + 1),
        };
        let member = format!("{source}!{name}");
        if ctx.opts.filter.excluded(&name) {
            continue;
        }
        let mut file = match zip.by_index(i) {
            Ok(f) => f,
            Err(e) => {
                ctx.fail(member, format!("unreadable zip member: {e}"));
                continue;
            }
        };
        if file.is_dir() {
            continue;
        }
        if file.is_symlink() {
            ctx.skip(member, "link member");
            continue;
        }
        if !super::selected(&ctx.opts.filter, &name) {
            continue;
        }
        let size = file.size();
        read_stream(
            ctx,
            &member,
            &name,
            &mut file,
            Some(size),
            depth + 1,
            &mut pairer,
        );
    }
    pairer.finish(ctx);
}

#[cfg(test)]
mod tests {
    use crate::source::{Item, SourceOptions, read_all};
    use std::io::Write;

    fn tar_bytes(members: &[(&str, &[u8])]) -> Vec<u8> {
        let mut b = tar::Builder::new(Vec::new());
        for (name, data) in members {
            let mut h = tar::Header::new_gnu();
            h.set_size(data.len() as u64);
            h.set_mode(0o644);
            h.set_cksum();
            b.append_data(&mut h, name, *data).unwrap();
        }
        b.into_inner().unwrap()
    }

    fn gz(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    fn read(path: &std::path::Path) -> Vec<Item> {
        read_all(&[path.to_path_buf()], &SourceOptions::default()).collect()
    }

    #[test]
    fn tar_gz_members_are_named_archive_bang_member() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("c.tar.gz");
        let t = tar_bytes(&[
            ("docs/a.txt", "Khối thi đua".as_bytes()),
            ("docs/b.html", b"<html><p>x</p></html>"),
        ]);
        std::fs::write(&p, gz(&t)).unwrap();
        let items = read(&p);
        let names: Vec<&str> = items.iter().map(Item::source).collect();
        let base = p.display().to_string();
        assert_eq!(
            names,
            [format!("{base}!docs/a.txt"), format!("{base}!docs/b.html")]
        );
        assert!(matches!(&items[1], Item::Doc(d) if d.format == crate::model::Format::Html));
    }

    #[test]
    fn nested_jsonl_in_zip_in_tar() {
        let mut zbuf = std::io::Cursor::new(Vec::new());
        {
            let mut z = zip::ZipWriter::new(&mut zbuf);
            let o = zip::write::SimpleFileOptions::default();
            z.start_file("inner/r.jsonl", o).unwrap();
            z.write_all(b"{\"title\":\"T\",\"text\":\"B\"}\n{\"text\":\"C\"}\n")
                .unwrap();
            z.finish().unwrap();
        }
        let t = tar_bytes(&[("x.zip", zbuf.get_ref())]);
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("outer.tar");
        std::fs::write(&p, t).unwrap();
        let items = read(&p);
        let base = p.display().to_string();
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].source(), format!("{base}!x.zip!inner/r.jsonl!1"));
        assert_eq!(items[1].source(), format!("{base}!x.zip!inner/r.jsonl!2"));
    }

    #[test]
    fn truncated_tar_fails_the_member_and_the_archive() {
        let body = "Bằng khen ".repeat(500);
        let t = tar_bytes(&[("a.txt", b"first"), ("b.txt", body.as_bytes())]);
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("t.tar");
        std::fs::write(&p, &t[..512 * 3 + 100]).unwrap();
        let items = read(&p);
        assert!(matches!(&items[0], Item::Doc(d) if d.bytes == b"first"));
        assert!(
            matches!(&items[1], Item::Failed { source, reason } if source.ends_with("!b.txt") && reason.starts_with("truncated")),
            "{items:?}"
        );
        assert!(
            items
                .iter()
                .skip(2)
                .all(|i| matches!(i, Item::Failed { .. }))
        );
    }

    #[test]
    fn truncated_tar_gz_is_reported() {
        let members: Vec<(String, Vec<u8>)> = (0..50)
            .map(|i| {
                (
                    format!("d/{i}.txt"),
                    format!("Văn bản số {i} ").repeat(50).into_bytes(),
                )
            })
            .collect();
        let refs: Vec<(&str, &[u8])> = members
            .iter()
            .map(|(n, d)| (n.as_str(), d.as_slice()))
            .collect();
        let full = gz(&tar_bytes(&refs));
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("t.tar.gz");
        std::fs::write(&p, &full[..full.len() / 2]).unwrap();
        let items = read(&p);
        let docs = items.iter().filter(|i| matches!(i, Item::Doc(_))).count();
        assert!(docs > 0 && docs < 50, "{docs}");
        assert!(
            items
                .iter()
                .any(|i| matches!(i, Item::Failed { reason, .. } if reason.contains("truncated") || reason.contains("corrupt")))
        );
    }

    #[test]
    fn garbage_named_zip_or_tar_fails_plainly() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["g.zip", "g.tar", "g.tar.gz", "g.tar.zst"] {
            let p = dir.path().join(name);
            std::fs::write(&p, b"this is not an archive at all, just words").unwrap();
            let items = read(&p);
            assert!(!items.is_empty(), "{name}");
            assert!(
                items.iter().all(|i| matches!(i, Item::Failed { .. })),
                "{name}: {items:?}"
            );
        }
    }
}
