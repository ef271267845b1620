//! Provinces: the list of provinces and cities (before and after the 2025 merger), the press
//! sources that belong to them, and the province an article is about.

use super::fold;
use regex::Regex;
use std::collections::HashMap;
use std::sync::LazyLock;

/// A province or centrally-run city.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Province {
    /// Its name ("Quảng Bình").
    pub name: &'static str,
    /// `tỉnh` or `thành phố`.
    pub kind: &'static str,
    /// The unit it belongs to from 1 July 2025 ("Quảng Trị" for Quảng Bình).
    pub after_2025: &'static str,
    /// Other spellings.
    pub aliases: Vec<&'static str>,
}

struct Data {
    provinces: Vec<Province>,
    /// Any spelling -> canonical name.
    by_spelling: HashMap<&'static str, &'static str>,
    /// Folded name without spaces ("quangbinh") -> canonical name.
    by_folded: HashMap<String, &'static str>,
    /// Press prefix -> province.
    press: HashMap<&'static str, &'static str>,
    /// "tỉnh X", "thành phố X", "TP X" mentions.
    mention: Regex,
}

static DATA: LazyLock<Data> = LazyLock::new(|| {
    let mut provinces = Vec::new();
    for line in include_str!("../../data/text/provinces.tsv").lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let f: Vec<&'static str> = line.split('\t').collect();
        if f.len() < 3 {
            continue;
        }
        provinces.push(Province {
            name: f[0],
            kind: f[1],
            after_2025: f[2],
            aliases: f
                .get(3)
                .map(|a| {
                    a.split(',')
                        .map(str::trim)
                        .filter(|a| !a.is_empty())
                        .collect()
                })
                .unwrap_or_default(),
        });
    }
    let mut by_spelling = HashMap::new();
    let mut by_folded = HashMap::new();
    let mut names: Vec<&'static str> = Vec::new();
    for p in &provinces {
        for s in std::iter::once(p.name).chain(p.aliases.iter().copied()) {
            by_spelling.insert(s, p.name);
            by_folded.insert(fold(s).replace([' ', '-', '.'], ""), p.name);
            names.push(s);
        }
    }
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    let alternatives: Vec<String> = names.iter().map(|n| regex::escape(n)).collect();
    let mention = Regex::new(&format!(
        r"\b(?:tỉnh|Tỉnh|thành phố|Thành phố|TP\.?)\s+({})\b",
        alternatives.join("|")
    ))
    .expect("valid province regex");
    let mut press = HashMap::new();
    for line in include_str!("../../data/text/press_sources.tsv").lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        if let Some((k, v)) = line.split_once('\t') {
            press.insert(k.trim(), v.trim());
        }
    }
    Data {
        provinces,
        by_spelling,
        by_folded,
        press,
        mention,
    }
});

/// Every province and city in the table.
pub fn provinces() -> &'static [Province] {
    &DATA.provinces
}

/// The canonical name of a province written in any known spelling.
pub fn canonical(name: &str) -> Option<&'static str> {
    DATA.by_spelling.get(name.trim()).copied()
}

/// The province of a press source prefix: from the table ("QBĐT" -> "Quảng Bình"), or from a
/// site name built on the province's name ("Baoquangninh.vn" -> "Quảng Ninh").
pub fn of_press_source(prefix: &str) -> Option<&'static str> {
    let d = &*DATA;
    if let Some(p) = d.press.get(prefix.trim()) {
        return Some(p);
    }
    let f = fold(prefix);
    let host = f.trim_start_matches("www.").split('.').next().unwrap_or("");
    let stem = host
        .strip_prefix("bao")
        .or_else(|| host.strip_prefix("dai"))
        .unwrap_or(host);
    if stem.len() >= 4 && f.contains('.') {
        return d.by_folded.get(stem).copied();
    }
    None
}

/// The province a text names as "tỉnh X" / "thành phố X" most often (the first on a tie).
pub fn mentioned(text: &str) -> Option<&'static str> {
    let d = &*DATA;
    let mut counts: Vec<(&'static str, usize)> = Vec::new();
    for c in d.mention.captures_iter(text) {
        let Some(name) = c
            .get(1)
            .and_then(|m| d.by_spelling.get(m.as_str()).copied())
        else {
            continue;
        };
        match counts.iter_mut().find(|(n, _)| *n == name) {
            Some(e) => e.1 += 1,
            None => counts.push((name, 1)),
        }
    }
    let best = counts.iter().map(|&(_, n)| n).max()?;
    counts.into_iter().find(|&(_, n)| n == best).map(|(p, _)| p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_has_both_maps() {
        let ps = provinces();
        assert_eq!(ps.iter().filter(|p| p.name != "Huế").count(), 63);
        let mut after: Vec<&str> = ps.iter().map(|p| p.after_2025).collect();
        after.sort();
        after.dedup();
        assert_eq!(after.len(), 34);
        assert!(after.iter().all(|a| canonical(a).is_some()));
    }

    #[test]
    fn press_sources() {
        assert_eq!(of_press_source("QBĐT"), Some("Quảng Bình"));
        assert_eq!(of_press_source("BTV"), Some("Bắc Ninh"));
        assert_eq!(of_press_source("Baoquangninh.vn"), Some("Quảng Ninh"));
        assert_eq!(of_press_source("VOV.VN"), None);
    }

    #[test]
    fn mentions() {
        assert_eq!(
            mentioned("xây dựng tỉnh Bắc Ninh giàu đẹp; UBND tỉnh"),
            Some("Bắc Ninh")
        );
        assert_eq!(mentioned("Văn phòng UBND tỉnh và Sở Tài chính"), None);
        assert_eq!(mentioned("tại TP.HCM"), None);
        assert_eq!(mentioned("tại TP. Hồ Chí Minh"), Some("Hồ Chí Minh"));
    }
}
