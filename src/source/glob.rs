//! Include/exclude glob patterns for folder walks and archive members.
//!
//! Syntax: `*` matches any run of characters within one path component, `**` any number of whole
//! components, `?` one character, `[abc]`, `[a-z]` and `[!abc]` one character of (or outside) a
//! set. A pattern without `/` is matched against the last component of a path (`*.txt`); a
//! pattern with `/` against the whole relative path (`data/**/*.txt`).

use std::fmt;

/// A malformed pattern.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("bad glob pattern `{pattern}`: {reason}")]
pub struct GlobError {
    /// The pattern as given.
    pub pattern: String,
    /// What is wrong with it.
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Char(char),
    Any,
    Star,
    DoubleStar,
    Class {
        negated: bool,
        ranges: Vec<(char, char)>,
    },
}

/// One compiled pattern.
#[derive(Clone, PartialEq, Eq)]
pub struct Glob {
    pattern: String,
    toks: Vec<Tok>,
    whole_path: bool,
}

impl fmt::Debug for Glob {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Glob({:?})", self.pattern)
    }
}

impl Glob {
    /// Compiles a pattern.
    pub fn new(pattern: &str) -> Result<Glob, GlobError> {
        let err = |reason: &str| GlobError {
            pattern: pattern.to_string(),
            reason: reason.to_string(),
        };
        if pattern.is_empty() {
            return Err(err("empty pattern"));
        }
        let trimmed = pattern.strip_prefix("./").unwrap_or(pattern);
        let whole_path = trimmed.contains('/');
        let trimmed = trimmed.trim_start_matches('/');
        let mut toks = Vec::new();
        let chars: Vec<char> = trimmed.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            match chars[i] {
                '*' if chars.get(i + 1) == Some(&'*') => {
                    i += 2;
                    // `**/` also matches zero components.
                    if chars.get(i) == Some(&'/') {
                        i += 1;
                    }
                    toks.push(Tok::DoubleStar);
                    continue;
                }
                '*' => toks.push(Tok::Star),
                '?' => toks.push(Tok::Any),
                '[' => {
                    let mut j = i + 1;
                    let negated = matches!(chars.get(j), Some('!') | Some('^'));
                    if negated {
                        j += 1;
                    }
                    let mut ranges = Vec::new();
                    let mut first = true;
                    loop {
                        let Some(&c) = chars.get(j) else {
                            return Err(err("unclosed `[`"));
                        };
                        if c == ']' && !first {
                            break;
                        }
                        first = false;
                        if chars.get(j + 1) == Some(&'-')
                            && chars.get(j + 2).is_some_and(|&e| e != ']')
                        {
                            let end = chars[j + 2];
                            if end < c {
                                return Err(err("reversed range in `[...]`"));
                            }
                            ranges.push((c, end));
                            j += 3;
                        } else {
                            ranges.push((c, c));
                            j += 1;
                        }
                    }
                    toks.push(Tok::Class { negated, ranges });
                    i = j;
                }
                '\\' if i + 1 < chars.len() => {
                    toks.push(Tok::Char(chars[i + 1]));
                    i += 1;
                }
                c => toks.push(Tok::Char(c)),
            }
            i += 1;
        }
        Ok(Glob {
            pattern: pattern.to_string(),
            toks,
            whole_path,
        })
    }

    /// The pattern as given.
    pub fn as_str(&self) -> &str {
        &self.pattern
    }

    /// Whether `path` (relative, `/`-separated) matches.
    pub fn is_match(&self, path: &str) -> bool {
        let path = path.strip_prefix("./").unwrap_or(path);
        let subject = if self.whole_path {
            path.trim_start_matches('/')
        } else {
            path.rsplit('/').next().unwrap_or(path)
        };
        let s: Vec<char> = subject.chars().collect();
        matches(&self.toks, &s)
    }
}

fn matches(toks: &[Tok], s: &[char]) -> bool {
    let Some((t, rest)) = toks.split_first() else {
        return s.is_empty();
    };
    match t {
        Tok::Char(c) => s.first() == Some(c) && matches(rest, &s[1..]),
        Tok::Any => s.first().is_some_and(|&c| c != '/') && matches(rest, &s[1..]),
        Tok::Class { negated, ranges } => {
            s.first().is_some_and(|&c| {
                c != '/' && ranges.iter().any(|&(a, b)| a <= c && c <= b) != *negated
            }) && matches(rest, &s[1..])
        }
        Tok::Star => {
            for i in 0..=s.len() {
                if matches(rest, &s[i..]) {
                    return true;
                }
                if s.get(i) == Some(&'/') {
                    break;
                }
            }
            false
        }
        Tok::DoubleStar => {
            if matches(rest, s) {
                return true;
            }
            // Consume whole components: the rest starts after any `/`, or the pattern ends here.
            if rest.is_empty() {
                return true;
            }
            (0..s.len()).any(|i| s[i] == '/' && matches(rest, &s[i + 1..]))
        }
    }
}

/// Which documents to read: a name must match an include pattern (when any) and no exclude
/// pattern.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PathFilter {
    include: Vec<Glob>,
    exclude: Vec<Glob>,
}

impl PathFilter {
    /// Compiles include and exclude patterns.
    pub fn new<S: AsRef<str>>(include: &[S], exclude: &[S]) -> Result<PathFilter, GlobError> {
        Ok(PathFilter {
            include: include
                .iter()
                .map(|p| Glob::new(p.as_ref()))
                .collect::<Result<_, _>>()?,
            exclude: exclude
                .iter()
                .map(|p| Glob::new(p.as_ref()))
                .collect::<Result<_, _>>()?,
        })
    }

    /// True when no pattern is set.
    pub fn is_empty(&self) -> bool {
        self.include.is_empty() && self.exclude.is_empty()
    }

    /// Whether a folder, file, archive or member is excluded.
    pub fn excluded(&self, path: &str) -> bool {
        self.exclude.iter().any(|g| g.is_match(path))
    }

    /// Whether a file holding documents passes the include patterns (always when none is set).
    /// Each of `names` is tried (e.g. `a.txt.gz` and `a.txt`).
    pub fn included(&self, names: &[&str]) -> bool {
        self.include.is_empty()
            || self
                .include
                .iter()
                .any(|g| names.iter().any(|n| g.is_match(n)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(p: &str, s: &str) -> bool {
        Glob::new(p).unwrap().is_match(s)
    }

    #[test]
    fn name_patterns_match_the_last_component() {
        assert!(m("*.txt", "a.txt"));
        assert!(m("*.txt", "dir/sub/a.txt"));
        assert!(!m("*.txt", "a.txt.gz"));
        assert!(m("*.body.txt", "c/1.body.txt"));
        assert!(!m("*.body.txt", "c/1.info.txt"));
        assert!(m("?.txt", "a.txt"));
        assert!(!m("?.txt", "ab.txt"));
    }

    #[test]
    fn path_patterns_match_the_whole_path() {
        assert!(m("data/*.txt", "data/a.txt"));
        assert!(!m("data/*.txt", "data/x/a.txt"));
        assert!(m("data/**/*.txt", "data/a.txt"));
        assert!(m("data/**/*.txt", "data/x/y/a.txt"));
        assert!(m("**/tmp/**", "a/tmp/b/c"));
        assert!(m("tmp/**", "tmp/b"));
        assert!(!m("tmp/**", "a/tmp/b"));
        assert!(m("./data/*", "data/x"));
    }

    #[test]
    fn classes() {
        assert!(m("[ab]*.txt", "a1.txt"));
        assert!(!m("[!ab]*.txt", "a1.txt"));
        assert!(m("[0-9]*", "12"));
        assert!(!m("[0-9]*", "x2"));
        assert!(m("[]]", "]"));
        assert!(Glob::new("[abc").is_err());
        assert!(Glob::new("").is_err());
    }

    #[test]
    fn unicode_names() {
        assert!(m("thi-đua-*.txt", "thi-đua-2019.txt"));
        assert!(m("?ờ.txt", "Cờ.txt"));
    }

    #[test]
    fn filter() {
        let f = PathFilter::new(&["*.txt"], &["skip/**"]).unwrap();
        assert!(f.included(&["a.txt.gz", "a.txt"]));
        assert!(!f.included(&["a.json"]));
        assert!(f.excluded("skip/a.txt"));
        assert!(!f.excluded("keep/a.txt"));
        let none = PathFilter::default();
        assert!(none.included(&["anything"]));
        assert!(!none.excluded("anything"));
    }
}
