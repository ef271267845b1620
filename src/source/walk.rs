//! Folders: walked recursively in name order, symlinks followed, loops detected; include and
//! exclude patterns applied to the paths found (relative to the folder given).
//!
//! Paths given explicitly are always read; the patterns select what is found inside folders and
//! archives. Special files (pipes, sockets, devices) are skipped, never opened.

use super::pair::Pairer;
use super::{Ctx, InputProgress, Kind, PathFilter, kind_of, read_stream, selected};
use std::fs::{self, Metadata};
use std::io::{self, Read};
use std::path::Path;

/// Deepest folder nesting followed.
const MAX_DIR_DEPTH: usize = 256;

/// Identity of a folder, to detect symlink loops.
type DirId = (u64, u64);

#[cfg(unix)]
fn dir_id(_: &Path, m: &Metadata) -> Option<DirId> {
    use std::os::unix::fs::MetadataExt;
    Some((m.dev(), m.ino()))
}

#[cfg(not(unix))]
fn dir_id(p: &Path, _: &Metadata) -> Option<DirId> {
    use std::hash::{Hash, Hasher};
    let c = fs::canonicalize(p).ok()?;
    let mut h = std::collections::hash_map::DefaultHasher::new();
    c.hash(&mut h);
    Some((0, h.finish()))
}

/// Why metadata could not be read, naming dangling symlinks.
fn stat_error(p: &Path, e: &io::Error) -> String {
    let is_link = fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_symlink());
    if is_link && e.kind() == io::ErrorKind::NotFound {
        let target = fs::read_link(p)
            .map(|t| t.display().to_string())
            .unwrap_or_default();
        format!("dangling symlink: target {target} does not exist")
    } else if is_link {
        format!("unreadable symlink: {e}")
    } else {
        format!("unreadable: {e}")
    }
}

fn special_kind(m: &Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = m.file_type();
        if t.is_fifo() {
            return "named pipe";
        }
        if t.is_socket() {
            return "socket";
        }
        if t.is_block_device() || t.is_char_device() {
            return "device";
        }
    }
    let _ = m;
    "special file"
}

/// Reads one path given by the user: a file or a folder.
pub(crate) fn read_path(ctx: &mut Ctx, root: &Path, progress: &InputProgress) {
    let display = root.display().to_string();
    let meta = match fs::metadata(root) {
        Ok(m) => m,
        Err(e) => {
            ctx.fail(display, stat_error(root, &e));
            return;
        }
    };
    if meta.is_dir() {
        let mut ancestors: Vec<DirId> = dir_id(root, &meta).into_iter().collect();
        walk_dir(ctx, root, "", &mut ancestors, progress);
    } else if meta.is_file() {
        let mut pairer = Pairer::default();
        let name = root
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| display.clone());
        read_file(ctx, root, display, &name, &meta, &mut pairer, progress);
        pairer.finish(ctx);
    } else {
        ctx.skip(
            display,
            format!("not a regular file: {}", special_kind(&meta)),
        );
    }
}

fn walk_dir(
    ctx: &mut Ctx,
    dir: &Path,
    rel: &str,
    ancestors: &mut Vec<DirId>,
    progress: &InputProgress,
) {
    let entries = match fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) => {
            ctx.fail(
                dir.display().to_string(),
                format!("cannot list folder: {e}"),
            );
            return;
        }
    };
    let mut names = Vec::new();
    for entry in entries {
        match entry {
            Ok(e) => names.push(e.file_name()),
            Err(e) => {
                ctx.fail(
                    dir.display().to_string(),
                    format!("cannot list folder: {e}"),
                );
                return;
            }
        }
    }
    names.sort();
    let mut pairer = Pairer::default();
    for name in names {
        if ctx.stopped {
            break;
        }
        let path = dir.join(&name);
        let name = name.to_string_lossy();
        let rel_path = if rel.is_empty() {
            name.to_string()
        } else {
            format!("{rel}/{name}")
        };
        if ctx.opts.filter.excluded(&rel_path) {
            continue;
        }
        let display = path.display().to_string();
        let meta = match fs::metadata(&path) {
            Ok(m) => m,
            Err(e) => {
                ctx.fail(display, stat_error(&path, &e));
                continue;
            }
        };
        if meta.is_dir() && ctx.opts.filter.excluded(&format!("{rel_path}/")) {
            continue;
        }
        if meta.is_dir() {
            let id = dir_id(&path, &meta);
            if id.is_some_and(|id| ancestors.contains(&id)) {
                ctx.skip(display, "symlink loop: leads back to a folder above it");
            } else if ancestors.len() >= MAX_DIR_DEPTH {
                ctx.skip(
                    display,
                    format!("folder nested too deep: more than {MAX_DIR_DEPTH} levels"),
                );
            } else {
                ancestors.extend(id);
                walk_dir(ctx, &path, &rel_path, ancestors, progress);
                if id.is_some() {
                    ancestors.pop();
                }
            }
        } else if meta.is_file() {
            if selected(&ctx.opts.filter, &rel_path) {
                read_file(ctx, &path, display, &name, &meta, &mut pairer, progress);
            }
        } else {
            ctx.skip(
                display,
                format!("not a regular file: {}", special_kind(&meta)),
            );
        }
    }
    pairer.finish(ctx);
}

/// Counts the bytes read from a file for progress.
struct Counting<'a, R> {
    inner: R,
    progress: &'a InputProgress,
    read: u64,
}

impl<R: Read> Read for Counting<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        self.progress.add(n as u64);
        Ok(n)
    }
}

fn read_file(
    ctx: &mut Ctx,
    path: &Path,
    display: String,
    name: &str,
    meta: &Metadata,
    pairer: &mut Pairer,
    progress: &InputProgress,
) {
    let len = meta.len();
    let kind = kind_of(name).0;
    if len == 0 {
        ctx.skip(display, "empty: 0 bytes");
        return;
    }
    if kind == Kind::Doc && len > ctx.opts.max_doc_bytes {
        // A plain document over the limit: not even opened.
        ctx.skip(
            display,
            format!("too large: {len} bytes, limit {}", ctx.opts.max_doc_bytes),
        );
        progress.add(len);
        return;
    }
    let file = match fs::File::open(path) {
        Ok(f) => f,
        Err(e) => {
            ctx.fail(display, format!("cannot open: {e}"));
            progress.add(len);
            return;
        }
    };
    if kind == Kind::Zip {
        let before = ctx.emitted;
        super::archive::read_zip(ctx, &display, io::BufReader::new(file), 0);
        super::nothing_inside(ctx, &display, before);
        progress.add(len);
        return;
    }
    let mut counting = Counting {
        inner: io::BufReader::with_capacity(256 << 10, file),
        progress,
        read: 0,
    };
    let size = (kind == Kind::Doc).then_some(len);
    read_stream(ctx, &display, name, &mut counting, size, 0, pairer);
    progress.add(len.saturating_sub(counting.read));
}

/// Total size of the files under `root` that would be read.
pub(crate) fn measure(root: &Path, filter: &PathFilter) -> u64 {
    let Ok(meta) = fs::metadata(root) else {
        return 0;
    };
    if meta.is_file() {
        return meta.len();
    }
    let mut ancestors: Vec<DirId> = dir_id(root, &meta).into_iter().collect();
    measure_dir(root, "", filter, &mut ancestors)
}

fn measure_dir(dir: &Path, rel: &str, filter: &PathFilter, ancestors: &mut Vec<DirId>) -> u64 {
    let Ok(rd) = fs::read_dir(dir) else {
        return 0;
    };
    let mut total = 0;
    for entry in rd.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let rel_path = if rel.is_empty() {
            name.to_string()
        } else {
            format!("{rel}/{name}")
        };
        if filter.excluded(&rel_path) {
            continue;
        }
        let path = entry.path();
        let Ok(meta) = fs::metadata(&path) else {
            continue;
        };
        if meta.is_dir() && filter.excluded(&format!("{rel_path}/")) {
            continue;
        }
        if meta.is_dir() {
            let id = dir_id(&path, &meta);
            if id.is_some_and(|id| ancestors.contains(&id)) || ancestors.len() >= MAX_DIR_DEPTH {
                continue;
            }
            ancestors.extend(id);
            total += measure_dir(&path, &rel_path, filter, ancestors);
            if id.is_some() {
                ancestors.pop();
            }
        } else if meta.is_file() && selected(filter, &rel_path) {
            total += meta.len();
        }
    }
    total
}
