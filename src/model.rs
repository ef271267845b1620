//! The serde types passed between the stages.
//!
//! `source` yields [`RawDoc`]s; `text` turns one into an [`Article`] with a [`TextReport`];
//! `extract` turns an article into an [`Extraction`]; `index` and `export` consume [`Record`]s.
//! Field names and value conventions of [`Extraction`] follow the gold contract
//! (`blocs`, `agencies`, `events`, `awards`, `roles`, `members`, `targets`).

use serde::{Deserialize, Serialize};

/// A half-open byte range `[start, end)` into a text.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default,
)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`.
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// The text this span covers in `text`, or `""` when it is out of bounds.
    pub fn slice<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.start..self.end).unwrap_or("")
    }

    /// Number of bytes covered.
    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    /// True when the span covers nothing.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Which text of an article a span points into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum TextField {
    /// The normalized body ([`Article::body`]).
    #[default]
    Body,
    /// The title ([`Article::title`]).
    Title,
}

/// Where a fact was read: the span(s) of its words and the sentence around them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Evidence {
    /// Which text the spans point into.
    pub field: TextField,
    /// The sentence the fact was read from.
    pub sentence: Span,
    /// The spans of the words that carry the fact (award, recipient, ...).
    pub spans: Vec<Span>,
}

/// How a document arrived, before any decoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Plain text (possibly with header lines such as `Title:` or `# url =`).
    #[default]
    Text,
    /// An HTML page.
    Html,
}

/// Metadata a container gives about a document (JSON fields, WARC headers, info files).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct SourceHints {
    /// Title given by the container.
    pub title: Option<String>,
    /// URL given by the container.
    pub url: Option<String>,
    /// Publication date or datetime as the container wrote it.
    pub published: Option<String>,
    /// Author as the container gave it.
    pub byline: Option<String>,
}

/// One input document as read from disk or from an archive member: bytes, not yet text.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RawDoc {
    /// The path as given, or `archive!member` for members of archives.
    pub source: String,
    /// The undecoded bytes.
    pub bytes: Vec<u8>,
    /// Whether the bytes are a text file or an HTML page.
    pub format: Format,
    /// Metadata from the container.
    pub hints: SourceHints,
}

/// A line the cleaner removed from a page, with the reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Removed {
    /// The removed text.
    pub text: String,
    /// Why it was removed (`counter`, `comment-form`, `image-caption`, ...).
    pub reason: String,
}

/// What the text stage detected, repaired and removed for one document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct TextReport {
    /// The encoding the bytes were decoded from (`utf-8`, `utf-16le`, `windows-1258`, `tcvn3`, ...).
    pub encoding: String,
    /// Repairs applied, in order (`mojibake-latin1`, `nfc`, `tone-placement`, `html-entities`, ...),
    /// each with how many changes it made.
    pub repairs: Vec<Repair>,
    /// Lines removed as page furniture.
    pub removed: Vec<Removed>,
    /// Where the province came from ("from the press source", "from the dateline", ...), when
    /// one was found.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub province_basis: Option<String>,
}

/// One kind of repair and how often it applied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Repair {
    /// The repair's name.
    pub kind: String,
    /// How many places it changed.
    pub count: usize,
}

/// A cleaned, normalized article: what every later stage reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Article {
    /// Stable id: 16 hex digits of the 64-bit XXH3 hash of the normalized title and body.
    pub id: String,
    /// The path as given, or `archive!member`.
    pub source: String,
    /// The page's URL, when known.
    pub url: Option<String>,
    /// The headline.
    pub title: Option<String>,
    /// Publication date (`YYYY-MM-DD`) or datetime (`YYYY-MM-DDTHH:MM[:SS][+07:00]`), ISO 8601.
    pub published: Option<String>,
    /// The author line as written.
    pub byline: Option<String>,
    /// The press source prefix as written (`QBĐT`, `BTV`, `BDK.VN`).
    pub source_prefix: Option<String>,
    /// The province, where the text says or the press source implies it.
    pub province: Option<String>,
    /// The normalized article text, without title, dateline, byline and page furniture.
    pub body: String,
}

impl Article {
    /// The publication date, when known.
    pub fn published_date(&self) -> Option<chrono::NaiveDate> {
        let p = self.published.as_deref()?;
        chrono::NaiveDate::parse_from_str(p.get(..10)?, "%Y-%m-%d").ok()
    }

    /// The text a span of the given field points into.
    pub fn field(&self, field: TextField) -> &str {
        match field {
            TextField::Body => &self.body,
            TextField::Title => self.title.as_deref().unwrap_or(""),
        }
    }
}

/// An emulation bloc or cluster named in an article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bloc {
    /// Canonical name: the fullest form written in the article.
    pub name: String,
    /// `bloc` (Khối thi đua) or `cluster` (Cụm thi đua).
    pub kind: String,
    /// Short form defined with "gọi tắt là", if any.
    pub short_name: Option<String>,
    /// Where it is mentioned.
    pub mentions: Vec<Evidence>,
}

/// An agency named in an article, canonical with abbreviations expanded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agency {
    /// Canonical name ("Sở Kế hoạch và Đầu tư").
    pub name: String,
    /// The forms written in the article.
    pub aliases: Vec<String>,
    /// Where it is mentioned.
    pub mentions: Vec<Evidence>,
}

/// A person with their position and agency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    /// Full name as written.
    pub name: String,
    /// Position ("Phó Chánh Văn phòng"), when given.
    pub position: Option<String>,
    /// Canonical agency of the position, when given.
    pub agency: Option<String>,
    /// Where it is mentioned.
    pub evidence: Evidence,
}

/// A date or period mentioned in the text, resolved against the publication date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateMention {
    /// The words as written ("Chiều ngày 07/3/2019").
    pub text: String,
    /// ISO value: `YYYY-MM-DD` for days, `YYYY` for years, `YYYY-H1`/`YYYY-H2` for half-years.
    pub value: String,
    /// `day`, `year` or `period`.
    pub precision: String,
    /// Where it is written.
    pub evidence: Evidence,
}

/// An award type mentioned in the text, whether or not an outcome could be attached.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AwardMention {
    /// The award type ("Cờ thi đua", "Bằng khen", ...).
    pub award: String,
    /// Who gives it, written out, when stated.
    pub grantor: Option<String>,
    /// Where it is written.
    pub evidence: Evidence,
}

/// Kind of a bloc meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// Signing of the emulation covenant / launch of the movement.
    CovenantSigning,
    /// Year-end review.
    YearEndReview,
    /// Mid-year review.
    MidYearReview,
}

impl EventKind {
    /// The contract's name of the kind.
    pub fn as_str(&self) -> &'static str {
        match self {
            EventKind::CovenantSigning => "covenant_signing",
            EventKind::YearEndReview => "year_end_review",
            EventKind::MidYearReview => "mid_year_review",
        }
    }
}

/// A bloc meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// What kind of meeting.
    pub kind: EventKind,
    /// The year the event is about (a March 2019 review of 2018 has 2018).
    pub year: Option<i32>,
    /// The meeting's date, `YYYY-MM-DD`, when known.
    pub date: Option<String>,
    /// The bloc holding it, when known.
    pub bloc: Option<String>,
    /// Where it was read.
    pub evidence: Evidence,
}

/// Status of an award outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AwardStatus {
    /// Registered/pledged to strive for ("đăng ký phấn đấu").
    Registered,
    /// Proposed ("đề nghị").
    Proposed,
    /// Received ("được tặng", "trao", "đón nhận").
    Awarded,
}

impl AwardStatus {
    /// The contract's name of the status.
    pub fn as_str(&self) -> &'static str {
        match self {
            AwardStatus::Registered => "registered",
            AwardStatus::Proposed => "proposed",
            AwardStatus::Awarded => "awarded",
        }
    }
}

/// An award outcome: who was proposed for, received or registered for which award.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AwardOutcome {
    /// Year of the merit.
    pub year: Option<i32>,
    /// The bloc, or null for outcomes outside any bloc.
    pub bloc: Option<String>,
    /// Canonical agency name, or null when only a count is given or all members are meant.
    pub recipient: Option<String>,
    /// Number of units when the text gives a count instead of names.
    pub count: Option<u32>,
    /// The award type alone ("Cờ thi đua", "Bằng khen", ...).
    pub award: String,
    /// Who gives it, written out ("Chính phủ", "Chủ tịch Ủy ban nhân dân tỉnh").
    pub grantor: Option<String>,
    /// proposed, awarded or registered.
    pub status: AwardStatus,
    /// Where it was read.
    pub evidence: Evidence,
}

/// Role of an agency in a bloc.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RoleKind {
    /// Khối trưởng, Trưởng khối, Thường trực Khối, Cụm trưởng.
    Leader,
    /// Khối phó, Phó Trưởng khối, Cụm phó.
    Deputy,
}

impl RoleKind {
    /// The contract's name of the role.
    pub fn as_str(&self) -> &'static str {
        match self {
            RoleKind::Leader => "leader",
            RoleKind::Deputy => "deputy",
        }
    }
}

/// An agency leading or deputising a bloc in a year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Role {
    /// The year the agency holds the role.
    pub year: Option<i32>,
    /// The bloc.
    pub bloc: Option<String>,
    /// Canonical agency name.
    pub agency: String,
    /// leader or deputy.
    pub role: RoleKind,
    /// Where it was read.
    pub evidence: Evidence,
}

/// An agency listed as a member of a bloc.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    /// The bloc.
    pub bloc: Option<String>,
    /// Canonical agency name.
    pub agency: String,
    /// Where it was read.
    pub evidence: Evidence,
}

/// A quantified target set for the year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Target {
    /// The year the target is for.
    pub year: Option<i32>,
    /// The percentage (or number).
    pub value: f64,
    /// `=`, `>=`, `>`, `<=` or `<`.
    pub comparator: String,
    /// Who must reach it, as written.
    pub subject: Option<String>,
    /// Titles or results aimed at, canonical spelling.
    pub goals: Vec<String>,
    /// Where it was read.
    pub evidence: Evidence,
}

/// Everything extracted from one article: entities, then relations between them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Extraction {
    /// Blocs and clusters.
    pub blocs: Vec<Bloc>,
    /// Agencies, canonical.
    pub agencies: Vec<Agency>,
    /// People with positions.
    pub people: Vec<Person>,
    /// Dates and periods.
    pub dates: Vec<DateMention>,
    /// Award types mentioned.
    pub award_mentions: Vec<AwardMention>,
    /// Bloc meetings.
    pub events: Vec<Event>,
    /// Award outcomes.
    pub awards: Vec<AwardOutcome>,
    /// Leaders and deputies.
    pub roles: Vec<Role>,
    /// Bloc members.
    pub members: Vec<Member>,
    /// Targets.
    pub targets: Vec<Target>,
}

/// An article with its extraction: the unit that `index` and `export` consume.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Record {
    /// The article.
    pub article: Article,
    /// What was extracted from it.
    pub extraction: Extraction,
    /// Further sources whose normalized text was identical (duplicates indexed once).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub duplicate_sources: Vec<String>,
}

impl Record {
    /// The JSON object `thidua extract` prints: `source`, `id` and the article's metadata, then
    /// every extracted field under the gold contract's names.
    pub fn contract_json(&self) -> serde_json::Value {
        use serde_json::Value;
        let a = &self.article;
        let mut m = serde_json::Map::new();
        m.insert("source".into(), Value::from(a.source.clone()));
        m.insert("id".into(), Value::from(a.id.clone()));
        for (k, v) in [
            ("title", &a.title),
            ("published", &a.published),
            ("byline", &a.byline),
            ("province", &a.province),
            ("url", &a.url),
        ] {
            m.insert(k.into(), v.clone().map(Value::from).unwrap_or(Value::Null));
        }
        if let Ok(Value::Object(x)) = serde_json::to_value(&self.extraction) {
            m.extend(x);
        }
        if !self.duplicate_sources.is_empty() {
            m.insert(
                "duplicate_sources".into(),
                Value::from(self.duplicate_sources.clone()),
            );
        }
        Value::Object(m)
    }
}
