//! The lexicons of the extract stage: data files under `data/lexicon/`, parsed once.
//!
//! Phrases are matched word by word on a [`key`]: lowercase, diacritics kept, tone marks in the
//! modern place, "sỹ" read as "sĩ". Agency phrases also ignore the word "và" and light
//! punctuation, so "Sở Kế hoạch đầu tư" and "Sở Kế hoạch và Đầu tư" are one name.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

const ABBREVIATIONS: &str = include_str!("../../data/lexicon/abbreviations.tsv");
const AGENCIES: &str = include_str!("../../data/lexicon/agencies.tsv");
const AWARDS: &str = include_str!("../../data/lexicon/awards.tsv");
const CUES: &str = include_str!("../../data/lexicon/cues.tsv");
const FURNITURE: &str = include_str!("../../data/lexicon/furniture.tsv");
const GRANTORS: &str = include_str!("../../data/lexicon/grantors.tsv");
const HEADS: &str = include_str!("../../data/lexicon/heads.tsv");
const HONORIFICS: &str = include_str!("../../data/lexicon/honorifics.txt");
const POSITIONS: &str = include_str!("../../data/lexicon/positions.tsv");
const PROVINCES: &str = include_str!("../../data/lexicon/provinces.txt");
const SURNAMES: &str = include_str!("../../data/lexicon/surnames.txt");
const MIDDLE_NAMES: &str = include_str!("../../data/lexicon/middle_names.txt");

/// The data lines of a lexicon file: comments (`#`) and blank lines dropped.
fn data_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(|l| l.trim_end_matches('\r'))
        .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
}

/// Tone marks of the five vowels a, e, o, u, y: index 0 is the bare vowel, then huyền, sắc,
/// hỏi, ngã, nặng.
const TONES: [[char; 6]; 5] = [
    ['a', 'à', 'á', 'ả', 'ã', 'ạ'],
    ['e', 'è', 'é', 'ẻ', 'ẽ', 'ẹ'],
    ['o', 'ò', 'ó', 'ỏ', 'õ', 'ọ'],
    ['u', 'ù', 'ú', 'ủ', 'ũ', 'ụ'],
    ['y', 'ỳ', 'ý', 'ỷ', 'ỹ', 'ỵ'],
];

fn tone_of(c: char) -> Option<(usize, usize)> {
    for (v, row) in TONES.iter().enumerate() {
        if let Some(t) = row.iter().position(|&x| x == c) {
            return Some((v, t));
        }
    }
    None
}

/// The matching key of one word: lowercase, old tone placement moved to the modern place
/// ("hoà" -> "hòa", "uỷ" -> "ủy"), and the i/y spelling variants "sỹ", "kí", "lí", "mĩ", "kĩ"
/// read as "sĩ", "ký", "lý", "mỹ", "kỹ".
pub fn key(word: &str) -> String {
    if word
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    {
        return word.to_string();
    }
    let mut chars: Vec<char> = word.chars().flat_map(char::to_lowercase).collect();
    let n = chars.len();
    // Old style puts the tone on the second vowel of a final "oa", "oe", "uy": move it.
    if n >= 2 {
        let (a, b) = (chars[n - 2], chars[n - 1]);
        if let (Some((va, 0)), Some((vb, t))) = (tone_of(a), tone_of(b))
            && t > 0
        {
            let pair = (TONES[va][0], TONES[vb][0]);
            let after_q = n >= 3 && chars[n - 3] == 'q';
            // "cuả" is "của"; "quá" keeps its mark ("qu" is a consonant).
            if matches!(pair, ('o', 'a') | ('o', 'e'))
                || (matches!(pair, ('u', 'y') | ('u', 'a')) && !after_q)
            {
                chars[n - 2] = TONES[va][t];
                chars[n - 1] = TONES[vb][0];
            }
        }
    }
    let s: String = chars.into_iter().collect();
    match s.as_str() {
        "sỹ" => "sĩ".into(),
        "kí" => "ký".into(),
        "lí" => "lý".into(),
        "mĩ" => "mỹ".into(),
        "kĩ" => "kỹ".into(),
        _ => s,
    }
}

/// Splits a phrase into word keys (letters and digits; everything else separates words).
pub fn phrase_keys(phrase: &str) -> Vec<String> {
    phrase
        .split(|c: char| !is_word_char(c))
        .filter(|w| !w.is_empty())
        .map(key)
        .collect()
}

/// True for combining marks left by undecomposed text.
pub fn is_mark(c: char) -> bool {
    (c as u32) >= 0x300 && unicode_normalization::char::is_combining_mark(c)
}

/// True for characters of words: letters, digits and combining marks (ASCII checked first).
pub fn is_word_char(c: char) -> bool {
    let u = c as u32;
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else if (0xC0..=0x24F).contains(&u) || (0x1E00..=0x1EFF).contains(&u) {
        // Latin letters with diacritics (all of Vietnamese), but × and ÷.
        u != 0xD7 && u != 0xF7
    } else {
        c.is_alphanumeric() || is_mark(c)
    }
}

/// FNV-1a: a fast hash for the short word keys of the tries.
#[derive(Debug, Clone, Copy)]
pub struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// Hash builder of [`Fnv`].
pub type FnvBuild = std::hash::BuildHasherDefault<Fnv>;

/// Word ids of every word the lexicons use: a token is hashed once, then tries step on ids.
#[derive(Debug, Default)]
pub struct Vocab {
    map: HashMap<Box<str>, u32, FnvBuild>,
}

/// The id of words no lexicon uses.
pub const NO_WORD: u32 = u32::MAX;

impl Vocab {
    fn intern(&mut self, w: &str) -> u32 {
        if let Some(&id) = self.map.get(w) {
            return id;
        }
        let id = self.map.len() as u32;
        self.map.insert(w.into(), id);
        id
    }

    /// The id of a word key, or [`NO_WORD`].
    pub fn get(&self, w: &str) -> u32 {
        self.map.get(w).copied().unwrap_or(NO_WORD)
    }
}

/// A word trie: sequences of word keys to a value.
#[derive(Debug, Default)]
pub struct Trie {
    nodes: Vec<Node>,
}

#[derive(Debug, Default)]
struct Node {
    next: HashMap<u32, u32, FnvBuild>,
    value: Option<u32>,
}

impl Trie {
    fn new() -> Self {
        Trie {
            nodes: vec![Node::default()],
        }
    }

    /// Inserts a key sequence; the first value inserted for a sequence is kept.
    fn insert(&mut self, vocab: &mut Vocab, words: &[String], value: u32) {
        if words.is_empty() {
            return;
        }
        let mut node = 0usize;
        for w in words {
            let id = vocab.intern(w);
            let next = match self.nodes[node].next.get(&id) {
                Some(&n) => n as usize,
                None => {
                    self.nodes.push(Node::default());
                    let n = self.nodes.len() - 1;
                    self.nodes[node].next.insert(id, n as u32);
                    n
                }
            };
            node = next;
        }
        if self.nodes[node].value.is_none() {
            self.nodes[node].value = Some(value);
        }
    }

    /// The root node.
    pub fn root(&self) -> u32 {
        0
    }

    /// The node after the word with id `id` from `node`.
    pub fn step_id(&self, node: u32, id: u32) -> Option<u32> {
        if id == NO_WORD {
            return None;
        }
        self.nodes[node as usize].next.get(&id).copied()
    }

    /// The node after `word` (a key) from `node`.
    pub fn step(&self, node: u32, word: &str) -> Option<u32> {
        self.step_id(node, LEX.vocab.get(word))
    }

    /// The value stored at `node`.
    pub fn value(&self, node: u32) -> Option<u32> {
        self.nodes[node as usize].value
    }
}

/// Kind of an agency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AgencyKind {
    /// A body that can be a bloc member or an award recipient.
    Unit,
    /// A body above the blocs (grants awards); at district level it is a unit.
    Authority,
    /// A ministry or other national body.
    Central,
    /// A district, town or city named as such (cluster members).
    Locality,
}

/// Which level words may follow an agency name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LevelClass {
    /// Nothing follows.
    None,
    /// tỉnh, thành phố, huyện X ...
    Gov,
    /// Tỉnh ủy, Huyện ủy X, Trung ương ...
    Party,
    /// Either, or Trung ương / Việt Nam.
    Any,
}

/// One agency of the lexicon.
#[derive(Debug, Clone)]
pub struct AgencyEntry {
    /// Canonical name without level.
    pub name: String,
    /// Kind.
    pub kind: AgencyKind,
    /// Which level words may follow.
    pub level: LevelClass,
    /// The level is required.
    pub level_required: bool,
    /// The level is left out of the canonical name.
    pub level_dropped: bool,
    /// A province named right after the name, without "tỉnh", is part of the proper name
    /// ("Đài Phát thanh và Truyền hình Đồng Tháp"); for other bodies it is their province
    /// ("Kho bạc Nhà nước Đồng Nai" is the Kho bạc Nhà nước of tỉnh Đồng Nai).
    pub province_in_name: bool,
    /// Number of words of the head ("Sở" 1, "Văn phòng" 2) when the name has a head that
    /// distributes over lists ("các sở Tài chính, Tư pháp").
    pub head_words: usize,
    /// The year the body was created, for names that did not exist before.
    pub from: Option<i32>,
}

/// One award type of the lexicon.
#[derive(Debug, Clone)]
pub struct AwardEntry {
    /// Canonical name.
    pub name: String,
    /// Kind: flag, certificate, order, medal, honour, title, rating.
    pub kind: AwardKind,
}

/// Kind of an award type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AwardKind {
    /// Cờ thi đua.
    Flag,
    /// Bằng khen, Giấy khen.
    Certificate,
    /// Huân chương (with a class).
    Order,
    /// Huy chương, Kỷ niệm chương.
    Medal,
    /// State honorary titles.
    Honour,
    /// Emulation titles (collective or individual).
    Title,
    /// Quality ratings: goals of targets only.
    Rating,
}

/// Kind of a trigger word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Cue {
    /// đề nghị, đề xuất ...
    Propose,
    /// suy tôn, bình xét, thống nhất ...
    Vote,
    /// tặng, trao ...
    Give,
    /// được tặng, nhận, đón nhận ...
    Receive,
    /// được, vinh dự ...
    Passive,
    /// đăng ký.
    Register,
    /// phấn đấu.
    Strive,
    /// cho.
    For,
    /// của.
    Of,
    /// bầu, suy tôn, giao ...
    Elect,
    /// làm, là, giữ, đảm nhiệm ...
    As,
    /// bàn giao.
    Handover,
    /// tiếp nhận.
    Takeover,
    /// Khối trưởng, Trưởng khối, Thường trực Khối, Cụm trưởng.
    Leader,
    /// Khối phó, Phó Trưởng khối, Cụm phó.
    Deputy,
    /// thành viên.
    Member,
    /// gồm, bao gồm.
    Include,
    /// Words that make a percentage a target.
    Target,
    /// Words that make a percentage an achievement.
    Achieve,
    /// Words that make an event mention retrospective.
    Retro,
    /// Conditions and rules: no outcome is read.
    Cond,
    /// All members of a bloc.
    AllMembers,
    /// A meeting is being held.
    Meeting,
    /// tổng kết.
    Review,
    /// sơ kết.
    MidYear,
    /// ký giao ước.
    Covenant,
    /// phát động thi đua: a covenant event only with its year or right after "hội nghị".
    Launch,
    /// được phát động, do: someone else's movement.
    PassiveCovenant,
    /// Words that end a bloc or agency name.
    Stop,
    /// Nouns counting collective recipients ("69 đơn vị").
    Collective,
    /// Nouns counting individuals ("10 cá nhân").
    Individual,
}

impl Cue {
    fn parse(s: &str) -> Option<Cue> {
        Some(match s {
            "propose" => Cue::Propose,
            "vote" => Cue::Vote,
            "give" => Cue::Give,
            "receive" => Cue::Receive,
            "passive" => Cue::Passive,
            "register" => Cue::Register,
            "strive" => Cue::Strive,
            "for" => Cue::For,
            "of" => Cue::Of,
            "elect" => Cue::Elect,
            "as" => Cue::As,
            "handover" => Cue::Handover,
            "takeover" => Cue::Takeover,
            "leader" => Cue::Leader,
            "deputy" => Cue::Deputy,
            "member" => Cue::Member,
            "include" => Cue::Include,
            "target" => Cue::Target,
            "achieve" => Cue::Achieve,
            "retro" => Cue::Retro,
            "cond" => Cue::Cond,
            "allmembers" => Cue::AllMembers,
            "meeting" => Cue::Meeting,
            "review" => Cue::Review,
            "midyear" => Cue::MidYear,
            "covenant" => Cue::Covenant,
            "launch" => Cue::Launch,
            "passivecov" => Cue::PassiveCovenant,
            "stop" => Cue::Stop,
            "collective" => Cue::Collective,
            "individual" => Cue::Individual,
            _ => return None,
        })
    }
}

/// A generic agency head ("Học viện") and the words that, right after it, rule it out.
#[derive(Debug, Clone)]
pub struct Head {
    /// Canonical spelling of the head.
    pub name: String,
    /// Key sequences that rule the head out when they follow it.
    pub not_followed_by: Vec<Vec<String>>,
    /// The name after the head may begin in lowercase ("Ban Quản lý dự án ...").
    pub lowercase_name: bool,
}

/// All lexicons, parsed.
pub struct Lexicon {
    /// Abbreviation automaton (leftmost-longest, case-sensitive) over the written forms.
    pub abbr_ac: AhoCorasick,
    /// Expansion of each abbreviation pattern.
    pub abbr_expansion: Vec<String>,
    /// Agencies.
    pub agencies: Vec<AgencyEntry>,
    /// Agency trie (keys without "và").
    pub agency_trie: Trie,
    /// First words of distributive heads ("sở", "ban", "văn phòng" ...) as key sequences.
    pub distributive_heads: Vec<Vec<String>>,
    /// Generic heads.
    pub heads: Vec<Head>,
    /// Generic head trie.
    pub head_trie: Trie,
    /// Award types.
    pub awards: Vec<AwardEntry>,
    /// Award trie.
    pub award_trie: Trie,
    /// Positions: canonical name and whether the holder grants awards.
    pub positions: Vec<(String, bool)>,
    /// Positions only the national body has.
    pub national_positions: HashSet<String>,
    /// Position trie.
    pub position_trie: Trie,
    /// Standalone grantors: canonical names.
    pub grantors: Vec<String>,
    /// Standalone grantor trie.
    pub grantor_trie: Trie,
    /// Cue kinds.
    pub cues: Vec<Cue>,
    /// Cue trie.
    pub cue_trie: Trie,
    /// Words that begin sentences ("Đến nay", "Tại"): a capitalized one after a lowercase word
    /// ends a name (a sentence glued on).
    pub starter_trie: Trie,
    /// Honorific trie.
    pub honorific_trie: Trie,
    /// Province names (canonical), and their trie.
    pub provinces: Vec<String>,
    /// Province trie.
    pub province_trie: Trie,
    /// Centrally-run cities (indices into `provinces`).
    pub cities: HashSet<usize>,
    /// Family names (keys).
    pub surnames: HashSet<String>,
    /// Common middle names (keys): "Văn", "Thị", "Đức" ...
    pub middle_names: HashSet<String>,
    /// Furniture beginnings: (keys, ends the article).
    pub furniture: Vec<(Vec<String>, bool)>,
    /// Word ids.
    pub vocab: Vocab,
}

/// The lexicons, parsed on first use.
pub static LEX: LazyLock<Lexicon> = LazyLock::new(Lexicon::load);

fn agency_keys(name: &str) -> Vec<String> {
    phrase_keys(name)
        .into_iter()
        .filter(|w| w != "và")
        .collect()
}

impl Lexicon {
    fn load() -> Lexicon {
        let mut vocab = Vocab::default();
        // Abbreviations.
        let mut patterns = Vec::new();
        let mut abbr_expansion = Vec::new();
        for line in data_lines(ABBREVIATIONS) {
            let mut f = line.split('\t');
            if let (Some(a), Some(e)) = (f.next(), f.next()) {
                patterns.push(a.trim().to_string());
                abbr_expansion.push(e.trim().to_string());
            }
        }
        let abbr_ac = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&patterns)
            .expect("abbreviation patterns are valid");

        // Agencies.
        let dist_heads = [
            "sở",
            "ban",
            "bộ",
            "văn phòng",
            "hội",
            "cục",
            "ủy ban",
            "liên đoàn",
        ];
        let distributive_heads: Vec<Vec<String>> =
            dist_heads.iter().map(|h| phrase_keys(h)).collect();
        let mut agencies = Vec::new();
        let mut agency_trie = Trie::new();
        for line in data_lines(AGENCIES) {
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() < 3 {
                continue;
            }
            let name = f[0].trim().to_string();
            let kind = match f[1].trim() {
                "authority" => AgencyKind::Authority,
                "central" => AgencyKind::Central,
                _ => AgencyKind::Unit,
            };
            let mut lv_words = f[2].split_whitespace();
            let lv = lv_words.next().unwrap_or("");
            let province_in_name = lv_words.any(|w| w == "name");
            let (level, level_required, level_dropped) = match lv {
                "drop" => (LevelClass::Gov, false, true),
                "none" => (LevelClass::None, false, false),
                _ => {
                    let opt = lv.ends_with('?');
                    let class = match lv.trim_end_matches('?') {
                        "gov" => LevelClass::Gov,
                        "party" => LevelClass::Party,
                        _ => LevelClass::Any,
                    };
                    (class, !opt, false)
                }
            };
            let keys = agency_keys(&name);
            let head_words = distributive_heads
                .iter()
                .filter(|h| keys.len() > h.len() && keys.starts_with(h))
                .map(|h| h.len())
                .max()
                .unwrap_or(0);
            let id = agencies.len() as u32;
            agency_trie.insert(&mut vocab, &keys, id);
            if let Some(vars) = f.get(3) {
                for v in vars.split('|').filter(|v| !v.trim().is_empty()) {
                    agency_trie.insert(&mut vocab, &agency_keys(v), id);
                }
            }
            let from = f.get(4).and_then(|x| x.trim().parse().ok());
            agencies.push(AgencyEntry {
                name,
                kind,
                level,
                level_required,
                level_dropped,
                province_in_name,
                head_words,
                from,
            });
        }

        // Generic heads.
        let mut heads = Vec::new();
        let mut head_trie = Trie::new();
        for line in data_lines(HEADS) {
            let mut f = line.split('\t');
            let name = f.next().unwrap_or("").trim().to_string();
            if name.is_empty() {
                continue;
            }
            let not_followed_by = f
                .next()
                .map(|s| {
                    s.split('|')
                        .map(phrase_keys)
                        .filter(|k| !k.is_empty())
                        .collect()
                })
                .unwrap_or_default();
            let lowercase_name = f.next().is_some_and(|x| x.trim() == "lowercase");
            head_trie.insert(&mut vocab, &phrase_keys(&name), heads.len() as u32);
            heads.push(Head {
                name,
                not_followed_by,
                lowercase_name,
            });
        }

        // Awards.
        let mut awards = Vec::new();
        let mut award_trie = Trie::new();
        for line in data_lines(AWARDS) {
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() < 2 {
                continue;
            }
            let kind = match f[1].trim() {
                "flag" => AwardKind::Flag,
                "certificate" => AwardKind::Certificate,
                "order" => AwardKind::Order,
                "medal" => AwardKind::Medal,
                "honour" => AwardKind::Honour,
                "title" => AwardKind::Title,
                _ => AwardKind::Rating,
            };
            let id = awards.len() as u32;
            award_trie.insert(&mut vocab, &phrase_keys(f[0]), id);
            if let Some(vars) = f.get(2) {
                for v in vars.split('|').filter(|v| !v.trim().is_empty()) {
                    award_trie.insert(&mut vocab, &phrase_keys(v), id);
                }
            }
            awards.push(AwardEntry {
                name: f[0].trim().to_string(),
                kind,
            });
        }

        // Positions.
        let mut positions = Vec::new();
        let mut national_positions = HashSet::new();
        let mut position_trie = Trie::new();
        for line in data_lines(POSITIONS) {
            let mut f = line.split('\t');
            let name = f.next().unwrap_or("").trim().to_string();
            let grants = f.next().map(|g| g.trim() == "yes").unwrap_or(false);
            if f.next().is_some_and(|n| n.trim() == "national") {
                national_positions.insert(name.clone());
            }
            position_trie.insert(&mut vocab, &phrase_keys(&name), positions.len() as u32);
            positions.push((name, grants));
        }

        // Standalone grantors.
        let mut grantors = Vec::new();
        let mut grantor_trie = Trie::new();
        for line in data_lines(GRANTORS) {
            let mut f = line.split('\t');
            let name = f.next().unwrap_or("").trim().to_string();
            let id = grantors.len() as u32;
            for form in f.next().unwrap_or("").split('|') {
                grantor_trie.insert(&mut vocab, &phrase_keys(form), id);
            }
            grantors.push(name);
        }

        // Cues.
        let mut cues = Vec::new();
        let mut cue_trie = Trie::new();
        let mut cue_ids: HashMap<Cue, u32> = HashMap::new();
        let mut starter_trie = Trie::new();
        for line in data_lines(CUES) {
            let mut f = line.split('\t');
            let kind = f.next().unwrap_or("");
            if kind == "starter" {
                for p in f.next().unwrap_or("").split('|') {
                    starter_trie.insert(&mut vocab, &phrase_keys(p), 0);
                }
                continue;
            }
            let Some(kind) = Cue::parse(kind) else {
                continue;
            };
            let id = *cue_ids.entry(kind).or_insert_with(|| {
                cues.push(kind);
                (cues.len() - 1) as u32
            });
            for p in f.next().unwrap_or("").split('|') {
                cue_trie.insert(&mut vocab, &phrase_keys(p), id);
            }
        }

        let mut honorific_trie = Trie::new();
        for (i, line) in data_lines(HONORIFICS).enumerate() {
            honorific_trie.insert(&mut vocab, &phrase_keys(line), i as u32);
        }
        let mut provinces = Vec::new();
        let mut province_trie = Trie::new();
        let mut cities = HashSet::new();
        for line in data_lines(PROVINCES) {
            let mut f = line.split('\t');
            let name = f.next().unwrap_or("").trim();
            if f.next().is_some_and(|x| x.trim() == "city") {
                cities.insert(provinces.len());
            }
            province_trie.insert(&mut vocab, &phrase_keys(name), provinces.len() as u32);
            provinces.push(name.to_string());
        }
        let surnames = data_lines(SURNAMES).map(|l| key(l.trim())).collect();
        let middle_names = data_lines(MIDDLE_NAMES).map(|l| key(l.trim())).collect();
        let furniture = data_lines(FURNITURE)
            .filter_map(|l| {
                let mut f = l.split('\t');
                let kind = f.next()?;
                let text = f.next()?;
                Some((phrase_keys(text), kind == "tail"))
            })
            .collect();

        Lexicon {
            abbr_ac,
            abbr_expansion,
            agencies,
            agency_trie,
            distributive_heads,
            heads,
            head_trie,
            awards,
            award_trie,
            positions,
            national_positions,
            position_trie,
            grantors,
            grantor_trie,
            cues,
            cue_trie,
            starter_trie,
            honorific_trie,
            provinces,
            province_trie,
            cities,
            surnames,
            middle_names,
            furniture,
            vocab,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_moves_old_tone_marks() {
        assert_eq!(key("Hoà"), "hòa");
        assert_eq!(key("uỷ"), "ủy");
        assert_eq!(key("Thuỷ"), "thủy");
        assert_eq!(key("quý"), "quý");
        assert_eq!(key("hoàn"), "hoàn");
        assert_eq!(key("sỹ"), "sĩ");
        assert_eq!(key("kí"), "ký");
        assert_eq!(key("cuả"), "của");
        assert_eq!(key("quá"), "quá");
    }

    #[test]
    fn lexicons_load() {
        let lex = &*LEX;
        assert!(lex.agencies.len() > 50);
        assert!(lex.awards.iter().any(|a| a.name == "Cờ thi đua"));
        assert!(lex.cues.contains(&Cue::Propose));
        assert!(lex.surnames.contains("nguyễn"));
        let keys = agency_keys("Sở Kế hoạch đầu tư");
        let mut node = lex.agency_trie.root();
        for k in &keys {
            node = lex.agency_trie.step(node, k).expect("path");
        }
        let id = lex.agency_trie.value(node).expect("entry") as usize;
        assert_eq!(lex.agencies[id].name, "Sở Kế hoạch và Đầu tư");
        assert_eq!(lex.agencies[id].head_words, 1);
    }
}
