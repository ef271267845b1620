//! The entities of one article: agencies, blocs and people with their mentions, one record per
//! entity whatever the spelling, and the abbreviations and short forms the article defines.

use super::lexicon::AgencyKind;
use super::token::Alias;
use crate::model::Evidence;
use std::collections::HashMap;

/// The comparison key of a name: folded (no diacritics, lowercase), words of letters and digits,
/// the word "và" dropped.
pub fn fold_key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        if !word.is_empty() && word != "va" {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(word);
        }
        word.clear();
    };
    for c in s.chars() {
        match fold_char(c) {
            Some(f) if f.is_alphanumeric() => word.push(f),
            Some(_) => flush(&mut word, &mut out),
            None => {}
        }
    }
    flush(&mut word, &mut out);
    out
}

/// [`crate::text::fold_char`] with a table for Latin letters, which are most of the text.
fn fold_char(c: char) -> Option<char> {
    static TABLE: std::sync::LazyLock<Vec<Option<char>>> = std::sync::LazyLock::new(|| {
        (0u32..0x1f00)
            .map(|u| char::from_u32(u).and_then(crate::text::fold::fold_char))
            .collect()
    });
    if c.is_ascii() {
        return Some(c.to_ascii_lowercase());
    }
    match TABLE.get(c as usize) {
        Some(f) => *f,
        None => crate::text::fold::fold_char(c),
    }
}

/// The key of a bloc name: "Khối thi đua Khối 5", "Khối 5" and "khối 5" share one.
pub fn bloc_key(name: &str, cluster: bool) -> String {
    let mut k = fold_key(name);
    for prefix in ["khoi thi dua ", "cum thi dua ", "khoi ", "cum ", "so "] {
        if let Some(rest) = k.strip_prefix(prefix) {
            k = rest.to_string();
        }
    }
    if cluster { format!("cum:{k}") } else { k }
}

/// An agency of the article.
#[derive(Debug, Clone)]
pub struct AgencyRec {
    /// Canonical name.
    pub name: String,
    /// Kind.
    pub kind: AgencyKind,
    /// Forms written in the article.
    pub aliases: Vec<String>,
    /// Mentions.
    pub mentions: Vec<Evidence>,
    /// The name without the province it states, when it states one.
    pub base: Option<String>,
    /// Read from a generic head ("Công ty ..."), not from the lexicon.
    pub generic: bool,
}

/// A bloc or cluster of the article.
#[derive(Debug, Clone)]
pub struct BlocRec {
    /// The names written for it, with how often each was written and whether the title
    /// wrote it.
    pub variants: Vec<(String, usize, bool)>,
    /// A cluster (Cụm).
    pub cluster: bool,
    /// Key words.
    pub key: String,
    /// Short form defined with "gọi tắt là".
    pub short: Option<String>,
    /// Mentions.
    pub mentions: Vec<Evidence>,
    /// Named first by the short form another bloc defines: that bloc stands for it.
    pub merged: bool,
}

impl BlocRec {
    /// The canonical name: the fullest form written (a trailing bare "tỉnh" adds nothing),
    /// the title's form between equals, then the most written, then the most capitalized.
    pub fn name(&self) -> String {
        let words = |n: &str| {
            let w: Vec<&str> = n.split_whitespace().collect();
            let trailing = w.last().is_some_and(|l| crate::text::fold(l) == "tinh");
            w.len() - usize::from(trailing)
        };
        self.variants
            .iter()
            .max_by_key(|(n, count, in_title)| {
                (
                    words(n),
                    *in_title,
                    *count,
                    n.chars().filter(|c| c.is_uppercase()).count(),
                )
            })
            .map(|v| v.0.clone())
            .unwrap_or_default()
    }
}

/// A person of the article.
#[derive(Debug, Clone)]
pub struct PersonRec {
    /// Name as written.
    pub name: String,
    /// Position, when given.
    pub position: Option<String>,
    /// Agency of the position, when given.
    pub agency: Option<usize>,
    /// First mention.
    pub evidence: Evidence,
}

/// The entities of one article.
#[derive(Debug, Clone, Default)]
pub struct Registry {
    /// Agencies.
    pub agencies: Vec<AgencyRec>,
    agency_keys: HashMap<String, usize>,
    /// Blocs and clusters.
    pub blocs: Vec<BlocRec>,
    /// People.
    pub people: Vec<PersonRec>,
    person_keys: HashMap<String, usize>,
    /// Abbreviations defined in the article; `target` is an agency index.
    pub aliases: Vec<Alias>,
    bloc_aliases: HashMap<String, usize>,
    /// The agency the article is about: the one agency its title names.
    pub main: Option<usize>,
}

impl Registry {
    /// Records an agency mention and returns its index.
    pub fn agency(
        &mut self,
        name: &str,
        kind: AgencyKind,
        written: &str,
        ev: Evidence,
        base: Option<String>,
        generic: bool,
    ) -> usize {
        let key = fold_key(name);
        let id = match self.agency_keys.get(&key) {
            Some(&id) => id,
            None => {
                self.agencies.push(AgencyRec {
                    name: name.to_string(),
                    kind,
                    aliases: Vec::new(),
                    mentions: Vec::new(),
                    base,
                    generic,
                });
                self.agency_keys.insert(key, self.agencies.len() - 1);
                self.agencies.len() - 1
            }
        };
        let rec = &mut self.agencies[id];
        if !written.is_empty() && !rec.aliases.iter().any(|a| a == written) {
            rec.aliases.push(written.to_string());
        }
        rec.mentions.push(ev);
        id
    }

    /// The names to print: a unit named with its province ("Cục Thuế tỉnh Lạng Sơn") loses the
    /// province when it is the only one of its kind in the article, and keeps it when the
    /// article names the same kind of unit in several provinces.
    pub fn display_names(&self) -> Vec<String> {
        // Units of one kind ("Cục Thi hành án dân sự") in several provinces keep their places.
        let family = |b: &str| {
            b.trim_end_matches(" tỉnh")
                .trim_end_matches(" thành phố")
                .to_string()
        };
        let mut placed: HashMap<String, usize> = HashMap::new();
        for a in &self.agencies {
            if let Some(b) = &a.base {
                *placed.entry(family(b)).or_default() += 1;
            }
        }
        let mut names: Vec<String> = self
            .agencies
            .iter()
            .map(|a| match &a.base {
                Some(b) if placed.get(&family(b)).copied().unwrap_or(0) <= 1 => b.clone(),
                _ => a.name.clone(),
            })
            .collect();
        // A shortened name ("Công ty Xổ số kiến thiết") is the one full name that holds all its
        // words ("Công ty TNHH MTV Xổ số kiến thiết Kiên Giang").
        let words: Vec<Vec<String>> = names
            .iter()
            .map(|n| fold_key(n).split(' ').map(str::to_string).collect())
            .collect();
        for i in 0..names.len() {
            if !self.agencies[i].generic || words[i].len() < 2 {
                continue;
            }
            let fuller: Vec<usize> = (0..names.len())
                .filter(|&j| {
                    j != i
                        && words[j].len() > words[i].len()
                        && words[j][0] == words[i][0]
                        && words[i].iter().all(|w| words[j].contains(w))
                })
                .collect();
            if let [j] = fuller[..] {
                names[i] = names[j].clone();
            }
        }
        names
    }

    /// The name of an agency as a grantor: without the province it states.
    pub fn grantor_name(&self, id: usize) -> String {
        let a = &self.agencies[id];
        a.base.clone().unwrap_or_else(|| a.name.clone())
    }

    /// Records an abbreviation the article defines for an agency.
    pub fn define_alias(&mut self, short: &str, agency: usize) {
        if !self.aliases.iter().any(|a| a.short == short) {
            self.aliases.push(Alias {
                short: short.to_string(),
                target: agency,
            });
        }
    }

    /// The agency an alias index stands for.
    pub fn alias_agency(&self, alias: usize) -> Option<usize> {
        self.aliases.get(alias).map(|a| a.target)
    }

    /// Records a named bloc mention and returns its index. Names whose key words extend one
    /// another ("Nội chính", "Nội chính tỉnh") are one bloc.
    pub fn bloc(&mut self, name: &str, cluster: bool, ev: Evidence) -> usize {
        let key = bloc_key(name, cluster);
        if let Some(&id) = self.bloc_aliases.get(&key) {
            self.blocs[id].mentions.push(ev);
            return id;
        }
        let numbered = |w: &str| {
            !w.is_empty()
                && (w.chars().all(|c| c.is_ascii_digit())
                    || w.chars().all(|c| matches!(c, 'i' | 'v' | 'x')))
        };
        let found = self.blocs.iter().position(|b| {
            if b.cluster != cluster {
                return false;
            }
            let bw: Vec<&str> = b.key.trim_start_matches("cum:").split(' ').collect();
            let kw: Vec<&str> = key.trim_start_matches("cum:").split(' ').collect();
            let n = bw.len().min(kw.len());
            // "Khối thi đua số 4" is one bloc however its kind is described after the number.
            if numbered(bw[0]) || numbered(kw[0]) {
                return bw[0] == kw[0];
            }
            if n > 0 && bw[..n] == kw[..n] && (n >= 2 || bw.len() == kw.len()) {
                return true;
            }
            // "Mặt trận và các đoàn thể tỉnh" and "Mặt trận Tổ quốc và các đoàn thể chính trị -
            // xã hội": the distinctive words of one are all in the other.
            let generic = |w: &&str| {
                matches!(
                    *w,
                    "cac"
                        | "co"
                        | "quan"
                        | "don"
                        | "vi"
                        | "nganh"
                        | "so"
                        | "tinh"
                        | "nhung"
                        | "khoi"
                )
            };
            let (short, long) = if bw.len() <= kw.len() {
                (&bw, &kw)
            } else {
                (&kw, &bw)
            };
            let distinctive: Vec<&&str> = short.iter().filter(|w| !generic(w)).collect();
            bw.len() >= 2
                && kw.len() >= 2
                && bw[0] == kw[0]
                && distinctive.len() >= 2
                && distinctive.iter().all(|w| long.contains(w))
        });
        let id = match found {
            Some(id) => id,
            None => {
                self.blocs.push(BlocRec {
                    variants: Vec::new(),
                    cluster,
                    key: key.clone(),
                    short: None,
                    mentions: Vec::new(),
                    merged: false,
                });
                self.blocs.len() - 1
            }
        };
        let b = &mut self.blocs[id];
        let in_title = ev.field == crate::model::TextField::Title;
        match b.variants.iter_mut().find(|v| v.0 == name) {
            Some(v) => {
                v.1 += 1;
                v.2 |= in_title;
            }
            None => b.variants.push((name.to_string(), 1, in_title)),
        }
        if key.len() > b.key.len() && key.starts_with(&b.key) {
            b.key = key;
        }
        b.mentions.push(ev);
        id
    }

    /// Records a short form ("gọi tắt là ...") of a bloc.
    pub fn bloc_short(&mut self, short: &str, bloc: usize) {
        let key = bloc_key(short, self.blocs[bloc].cluster);
        if self.blocs[bloc].short.is_none() {
            self.blocs[bloc].short = Some(short.to_string());
        }
        if !key.trim_start_matches("cum:").is_empty() {
            self.bloc_aliases.insert(key, bloc);
        }
    }

    /// Blocs named by (the start of) a short form that another bloc defines are that bloc:
    /// "Khối thi đua Kinh tế" in a title, before the body defines "Khối thi đua các sở, ngành
    /// kinh tế, kỹ thuật (gọi tắt là Khối thi đua Kinh tế)". Moves their mentions, marks them
    /// merged, and returns where each bloc now stands.
    pub fn merge_short_forms(&mut self) -> Vec<usize> {
        let n = self.blocs.len();
        let mut moves = Vec::new();
        let words = |s: &str| -> Vec<String> {
            s.split(|c: char| !c.is_alphanumeric() && c != ':')
                .filter(|w| !w.is_empty())
                .map(str::to_string)
                .collect()
        };
        for (c, rec_c) in self.blocs.iter().enumerate() {
            if rec_c.short.is_some() {
                continue;
            }
            let cw = words(&bloc_key(&rec_c.name(), rec_c.cluster));
            if cw.is_empty() || cw == ["cum:"] {
                continue;
            }
            let target = (0..n).find(|&b| {
                let rec = &self.blocs[b];
                b != c
                    && rec.cluster == rec_c.cluster
                    && rec.short.as_deref().is_some_and(|s| {
                        let sw = words(&bloc_key(s, rec.cluster));
                        sw.len() >= cw.len() && sw[..cw.len()] == cw[..]
                    })
            });
            if let Some(b) = target {
                moves.push((c, b));
            }
        }
        let mut map: Vec<usize> = (0..n).collect();
        for &(c, b) in &moves {
            map[c] = b;
            let moved = std::mem::take(&mut self.blocs[c].mentions);
            self.blocs[b].mentions.extend(moved);
            self.blocs[c].merged = true;
        }
        map
    }

    /// Number of blocs that stand for themselves (not merged into another).
    pub fn live_blocs(&self) -> usize {
        self.blocs.iter().filter(|b| !b.merged).count()
    }

    /// The bloc a short form or name stands for, if known.
    pub fn bloc_by_name(&self, name: &str, cluster: bool) -> Option<usize> {
        let key = bloc_key(name, cluster);
        self.bloc_aliases.get(&key).copied()
    }

    /// Records a person mention and returns its index.
    pub fn person(&mut self, name: &str, ev: Evidence) -> usize {
        let key = fold_key(name);
        if let Some(&id) = self.person_keys.get(&key) {
            return id;
        }
        self.people.push(PersonRec {
            name: name.to_string(),
            position: None,
            agency: None,
            evidence: ev,
        });
        self.person_keys.insert(key, self.people.len() - 1);
        self.people.len() - 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys() {
        assert_eq!(
            fold_key("Sở Kế hoạch và Đầu tư"),
            fold_key("Sở Kế hoạch đầu tư")
        );
        assert_eq!(bloc_key("Khối thi đua Khối 5", false), "5");
        assert_eq!(bloc_key("Khối thi đua số 6", false), "6");
        assert_eq!(bloc_key("Cụm thi đua số 4", true), "cum:4");
    }

    #[test]
    fn bloc_variants_merge() {
        let mut r = Registry::default();
        let a = r.bloc("Khối thi đua Khối 5", false, Evidence::default());
        let b = r.bloc("Khối 5", false, Evidence::default());
        let c = r.bloc("Khối 5", false, Evidence::default());
        assert_eq!(a, b);
        assert_eq!(b, c);
        assert_eq!(r.blocs[a].name(), "Khối thi đua Khối 5");
        let d = r.bloc("Khối thi đua Nội chính", false, Evidence::default());
        assert_ne!(a, d);
    }
}
