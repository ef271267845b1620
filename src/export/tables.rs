//! The tables: their documented schemas ([`TABLES`]) and how they are built from records.
//!
//! Every table is built column by column in plain Rust, turned into a polars [`DataFrame`] with the
//! exact documented dtypes, then sorted by its documented keys followed by every other scalar
//! column, so that the same records always give the same rows in the same order.

use super::ExportError;
use super::lineage::{Lineage, Node, agency_id, agency_province};
use super::rank::{Ranking, better};
use crate::model::{Article, AwardStatus, Evidence, Record, TextField};
use chrono::NaiveDate;
use polars::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The type of a column, as documented.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColKind {
    /// UTF-8 string.
    Str,
    /// Categorical (open set of strings, dictionary-encoded).
    Cat,
    /// Enum: a closed, ordered set of strings.
    Enum(&'static [&'static str]),
    /// 32-bit signed integer.
    Int32,
    /// 64-bit signed integer.
    Int64,
    /// 64-bit float.
    Float64,
    /// Calendar date.
    Date,
    /// List of strings.
    StrList,
}

impl ColKind {
    /// The polars dtype of the column.
    pub fn dtype(&self) -> DataType {
        match self {
            ColKind::Str => DataType::String,
            ColKind::Cat => DataType::from_categories(Categories::global()),
            ColKind::Enum(values) => match FrozenCategories::new(values.iter().copied()) {
                Ok(f) => DataType::from_frozen_categories(f),
                // Values are distinct literals (checked by the tests); fall back to an open set.
                Err(_) => DataType::from_categories(Categories::global()),
            },
            ColKind::Int32 => DataType::Int32,
            ColKind::Int64 => DataType::Int64,
            ColKind::Float64 => DataType::Float64,
            ColKind::Date => DataType::Date,
            ColKind::StrList => DataType::List(Box::new(DataType::String)),
        }
    }

    /// How the type is written in `docs/tables.md`.
    pub fn doc_name(&self) -> String {
        match self {
            ColKind::Str => "String".into(),
            ColKind::Cat => "Categorical".into(),
            ColKind::Enum(v) => format!("Enum({})", v.join(", ")),
            ColKind::Int32 => "Int32".into(),
            ColKind::Int64 => "Int64".into(),
            ColKind::Float64 => "Float64".into(),
            ColKind::Date => "Date".into(),
            ColKind::StrList => "List(String)".into(),
        }
    }
}

/// One documented column.
#[derive(Debug, Clone, Copy)]
pub struct ColumnDef {
    /// Column name.
    pub name: &'static str,
    /// Column type.
    pub kind: ColKind,
    /// What it holds.
    pub doc: &'static str,
}

/// One documented table.
#[derive(Debug, Clone, Copy)]
pub struct TableDef {
    /// Table (and file) name.
    pub name: &'static str,
    /// What one row is.
    pub doc: &'static str,
    /// Columns in order.
    pub columns: &'static [ColumnDef],
    /// Sort keys, before the remaining scalar columns in column order (nulls first).
    pub sort: &'static [&'static str],
    /// Whether `--partition-by year` splits it by its `year` column.
    pub partitioned: bool,
}

impl TableDef {
    /// The documented schema.
    pub fn schema(&self) -> Schema {
        self.columns
            .iter()
            .map(|c| Field::new(c.name.into(), c.kind.dtype()))
            .collect()
    }

    /// The column definition named `name`.
    pub fn column(&self, name: &str) -> Option<&ColumnDef> {
        self.columns.iter().find(|c| c.name == name)
    }
}

/// Award statuses, least to most advanced.
pub const STATUSES: &[&str] = &["registered", "proposed", "awarded"];
/// Roles in a bloc.
pub const ROLES: &[&str] = &["leader", "deputy"];
/// Kinds of bloc meetings.
pub const EVENT_KINDS: &[&str] = &["covenant_signing", "year_end_review", "mid_year_review"];
/// Kinds of entity mentions.
pub const MENTION_KINDS: &[&str] = &["bloc", "agency", "person", "date", "award"];
/// Text fields spans point into.
pub const FIELDS: &[&str] = &["body", "title"];

const fn col(name: &'static str, kind: ColKind, doc: &'static str) -> ColumnDef {
    ColumnDef { name, kind, doc }
}

use ColKind::{Cat, Date as D, Enum, Float64, Int32, Int64, Str, StrList};

const ARTICLE_ID: ColumnDef = col(
    "article_id",
    Str,
    "16 hex digits: XXH3-64 of the article's normalized title and body",
);
const SOURCE: ColumnDef = col(
    "source",
    Str,
    "where the article was read: a path, `archive!member` or `file.jsonl!N`",
);
const PUBLISHED: ColumnDef = col("published", D, "publication date of the article");
const PROVINCE: ColumnDef = col(
    "province",
    Str,
    "province of the article, as the text says or its press source implies",
);
const BLOC: ColumnDef = col(
    "bloc",
    Str,
    "canonical bloc or cluster name (the fullest form written in the article)",
);
const AGENCY_ID: ColumnDef = col(
    "agency_id",
    Str,
    "identity of the agency: `province-slug/name-slug`, with the province its name states (\"... tỉnh Hà Tĩnh\") or else the article's, `_` when unknown",
);
const SUCCESSOR: ColumnDef = col(
    "successor",
    Str,
    "the name the agency continues under after renamings and mergers (lineage), null if none",
);
const SUCCESSOR_ID: ColumnDef = col(
    "successor_id",
    Str,
    "`agency_id` of the successor; group by `coalesce(successor_id, agency_id)` for continuous histories",
);
const FIELD: ColumnDef = col("field", Enum(FIELDS), "which text the offsets point into");
const SENTENCE_START: ColumnDef = col(
    "sentence_start",
    Int64,
    "byte offset of the evidence sentence in the normalized text",
);
const SENTENCE_END: ColumnDef = col("sentence_end", Int64, "byte offset one past its end");
const EVIDENCE: ColumnDef = col(
    "evidence",
    Str,
    "the evidence sentence, null when the record was stored without its text",
);

/// The award outcomes table.
pub const AWARDS: TableDef = TableDef {
    name: "awards",
    doc: "one award outcome: who was proposed for, received or registered for which award",
    columns: &[
        ARTICLE_ID,
        SOURCE,
        PUBLISHED,
        PROVINCE,
        col(
            "year",
            Int32,
            "year of the merit (a March 2019 review of 2018 gives 2018)",
        ),
        BLOC,
        col(
            "recipient",
            Str,
            "canonical agency name; null when only a count is given or all members are meant",
        ),
        col(
            "agency_id",
            Str,
            "identity of the recipient (see `agencies`)",
        ),
        col(
            "count",
            Int32,
            "number of units when the text gives a count instead of names",
        ),
        col(
            "award",
            Str,
            "the award type alone (\"Cờ thi đua\", \"Bằng khen\", ...)",
        ),
        col("grantor", Str, "who gives it, written out"),
        col(
            "award_rank",
            Int32,
            "rank of the award (`data/award_ranks.tsv`), lower is higher; null if unranked",
        ),
        col("status", Enum(STATUSES), "registered < proposed < awarded"),
        SUCCESSOR,
        SUCCESSOR_ID,
        FIELD,
        SENTENCE_START,
        SENTENCE_END,
        EVIDENCE,
    ],
    sort: &[
        "year",
        "province",
        "bloc",
        "recipient",
        "award_rank",
        "award",
        "grantor",
        "status",
        "article_id",
        "sentence_start",
    ],
    partitioned: true,
};

/// The articles table.
pub const ARTICLES: TableDef = TableDef {
    name: "articles",
    doc: "one article (duplicates of the same normalized text are one article)",
    columns: &[
        ARTICLE_ID,
        SOURCE,
        col("url", Str, "the page's URL, when known"),
        col("title", Str, "the headline"),
        PUBLISHED,
        col(
            "published_at",
            Str,
            "publication date or datetime as given (ISO 8601)",
        ),
        col("byline", Str, "the author line as written"),
        col(
            "source_prefix",
            Str,
            "press source prefix as written (`QBĐT`, `BTV`)",
        ),
        PROVINCE,
        col(
            "duplicate_sources",
            StrList,
            "further sources with the same normalized text",
        ),
        col("n_blocs", Int32, "blocs named"),
        col("n_agencies", Int32, "agencies named"),
        col("n_events", Int32, "rows in `events`"),
        col("n_awards", Int32, "rows in `awards`"),
        col("n_roles", Int32, "rows in `roles`"),
        col("n_members", Int32, "rows in `members`"),
        col("n_targets", Int32, "rows in `targets`"),
    ],
    sort: &["published", "article_id"],
    partitioned: false,
};

/// The bloc leaders and deputies table.
pub const ROLES_TABLE: TableDef = TableDef {
    name: "roles",
    doc: "one agency leading or deputising a bloc in a year",
    columns: &[
        ARTICLE_ID,
        SOURCE,
        PUBLISHED,
        PROVINCE,
        col("year", Int32, "the year the agency holds the role"),
        BLOC,
        col("agency", Str, "canonical agency name"),
        AGENCY_ID,
        col(
            "role",
            Enum(ROLES),
            "leader (Khối trưởng, Trưởng khối, Thường trực Khối) or deputy (Khối phó)",
        ),
        SUCCESSOR,
        SUCCESSOR_ID,
        FIELD,
        SENTENCE_START,
        SENTENCE_END,
        EVIDENCE,
    ],
    sort: &["year", "province", "bloc", "role", "agency", "article_id"],
    partitioned: true,
};

/// The bloc members table.
pub const MEMBERS: TableDef = TableDef {
    name: "members",
    doc: "one agency listed as a member of a bloc in an article",
    columns: &[
        ARTICLE_ID,
        SOURCE,
        PUBLISHED,
        PROVINCE,
        BLOC,
        col("agency", Str, "canonical agency name"),
        AGENCY_ID,
        SUCCESSOR,
        SUCCESSOR_ID,
        FIELD,
        SENTENCE_START,
        SENTENCE_END,
        EVIDENCE,
    ],
    sort: &["province", "bloc", "agency", "published", "article_id"],
    partitioned: false,
};

/// The targets table.
pub const TARGETS: TableDef = TableDef {
    name: "targets",
    doc: "one quantified target (\"phấn đấu 100% ... đạt danh hiệu ...\")",
    columns: &[
        ARTICLE_ID,
        SOURCE,
        PUBLISHED,
        PROVINCE,
        col("year", Int32, "the year the target is for"),
        col("value", Float64, "the percentage (or number)"),
        col("comparator", Cat, "`=`, `>=`, `>`, `<=` or `<`"),
        col("subject", Str, "who must reach it, as written"),
        col(
            "goals",
            StrList,
            "titles or results aimed at, canonical spelling",
        ),
        FIELD,
        SENTENCE_START,
        SENTENCE_END,
        EVIDENCE,
    ],
    sort: &["year", "province", "article_id", "sentence_start", "value"],
    partitioned: true,
};

/// The events table.
pub const EVENTS: TableDef = TableDef {
    name: "events",
    doc: "one bloc meeting",
    columns: &[
        ARTICLE_ID,
        SOURCE,
        PUBLISHED,
        PROVINCE,
        col(
            "year",
            Int32,
            "the year the meeting is about (a March 2019 review of 2018 gives 2018)",
        ),
        col("kind", Enum(EVENT_KINDS), "what kind of meeting"),
        col("date", D, "the meeting's date, when known"),
        BLOC,
        FIELD,
        SENTENCE_START,
        SENTENCE_END,
        EVIDENCE,
    ],
    sort: &["year", "date", "province", "bloc", "kind", "article_id"],
    partitioned: true,
};

/// The entity mentions table.
pub const MENTIONS: TableDef = TableDef {
    name: "mentions",
    doc: "one span of text naming a bloc, agency, person, date or award type",
    columns: &[
        ARTICLE_ID,
        SOURCE,
        col("kind", Enum(MENTION_KINDS), "what is mentioned"),
        col(
            "value",
            Str,
            "canonical form: bloc or agency name, person's name, ISO date value, award type",
        ),
        col(
            "qualifier",
            Str,
            "bloc: `bloc`/`cluster`; person: position; date: precision (`day`, `year`, `period`); award: grantor",
        ),
        col(
            "agency",
            Str,
            "agency: its name; person: the agency of the position",
        ),
        col(
            "text",
            Str,
            "the words as written, null when the record was stored without its text",
        ),
        FIELD,
        col(
            "start",
            Int64,
            "byte offset of the span in the normalized text (null when the extractor gave only a sentence)",
        ),
        col("end", Int64, "byte offset one past the span"),
        SENTENCE_START,
        SENTENCE_END,
    ],
    sort: &["article_id", "field", "start", "end", "kind", "value"],
    partitioned: false,
};

/// The agencies table.
pub const AGENCIES: TableDef = TableDef {
    name: "agencies",
    doc: "one agency identity (province, canonical name) with the lineage links that reach it or leave it",
    columns: &[
        AGENCY_ID,
        col(
            "province",
            Str,
            "the province the agency belongs to: the one its name states, else the article's",
        ),
        col(
            "name",
            Str,
            "canonical name (the most frequent spelling of the identity)",
        ),
        col(
            "aliases",
            StrList,
            "every spelling seen: canonical names and the forms written in articles",
        ),
        col("n_articles", Int32, "articles naming it"),
        col("n_awards", Int32, "rows of `awards` with it as recipient"),
        col("n_roles", Int32, "rows of `roles`"),
        col("n_members", Int32, "rows of `members`"),
        col("first_published", D, "first article naming it"),
        col("last_published", D, "last article naming it"),
        col("first_year", Int32, "earliest year of its awards and roles"),
        col("last_year", Int32, "latest year of its awards and roles"),
        col(
            "predecessors",
            StrList,
            "what the lineage lexicon says it continues (`name (province)`), one link back",
        ),
        col(
            "successor",
            Str,
            "the name it continues under after every lineage link, null if none",
        ),
        col("successor_province", Str, "the province of the successor"),
        SUCCESSOR_ID,
        col("successor_since", D, "the day the last link took effect"),
        col(
            "lineage",
            Str,
            "the chain of links, `A (P) → B (P) from YYYY-MM-DD → ...`",
        ),
        col(
            "article_id",
            Str,
            "the first article naming it (earliest published, then lowest id)",
        ),
        col("source", Str, "source of that article"),
        col("article_ids", StrList, "every article naming it, sorted"),
    ],
    sort: &["agency_id"],
    partitioned: false,
};

/// The agency x year award matrix.
pub const AWARD_MATRIX: TableDef = TableDef {
    name: "award_matrix",
    doc: "one agency in one merit year: its highest award and that award's status",
    columns: &[
        AGENCY_ID,
        PROVINCE,
        col("agency", Str, "canonical name (as in `agencies`)"),
        col("year", Int32, "year of the merit"),
        col(
            "award",
            Str,
            "the highest award: lowest `award_rank`, then the most advanced status",
        ),
        col("grantor", Str, "its grantor"),
        col("award_rank", Int32, "its rank, null if unranked"),
        col("status", Enum(STATUSES), "its status"),
        col("bloc", Str, "the bloc it came through"),
        col(
            "n_outcomes",
            Int32,
            "award outcomes of the agency that year",
        ),
        col(
            "awards",
            StrList,
            "every distinct outcome that year, best first: `award (grantor): status`",
        ),
        SUCCESSOR,
        SUCCESSOR_ID,
        col(
            "article_id",
            Str,
            "the article of the highest award (evidence of the cell)",
        ),
        col("source", Str, "source of that article"),
        col(
            "article_ids",
            StrList,
            "every article with an outcome in the cell, sorted",
        ),
    ],
    sort: &["agency_id", "year"],
    partitioned: true,
};

/// The award history view (`thidua awards`, [`super::awards_table`]); not written by
/// [`super::write_tables`].
pub const HISTORY: TableDef = TableDef {
    name: "history",
    doc: "one award outcome in the history of the agency it is shown under",
    columns: &[
        col(
            "agency",
            Str,
            "the agency the row is shown under: the recipient, or its successor matching the filter",
        ),
        col("province", Str, "province of that agency"),
        col(
            "via",
            Str,
            "the predecessor the outcome was written under (`name (province)`), null when the recipient is the agency itself",
        ),
        col("year", Int32, "year of the merit"),
        BLOC,
        col("recipient", Str, "the recipient as written (canonical)"),
        col("recipient_province", Str, "province of the article"),
        col("count", Int32, "number of units when no recipient is named"),
        col("award", Str, "the award type"),
        col("grantor", Str, "its grantor"),
        col("award_rank", Int32, "its rank, null if unranked"),
        col("label", Str, "short label of the award (`Cờ CP`, `BK TTg`)"),
        col("status", Enum(STATUSES), "registered < proposed < awarded"),
        ARTICLE_ID,
        SOURCE,
        PUBLISHED,
        EVIDENCE,
    ],
    sort: &[
        "province",
        "agency",
        "via",
        "year",
        "award_rank",
        "status",
        "article_id",
    ],
    partitioned: false,
};

/// The tables [`super::write_tables`] writes, in this order.
pub const TABLES: &[TableDef] = &[
    ARTICLES,
    AWARDS,
    ROLES_TABLE,
    MEMBERS,
    TARGETS,
    EVENTS,
    MENTIONS,
    AGENCIES,
    AWARD_MATRIX,
];

/// The definition of a table by name (the written tables and `history`).
pub fn table_def(name: &str) -> Option<&'static TableDef> {
    TABLES.iter().chain([&HISTORY]).find(|t| t.name == name)
}

/// A column under construction.
enum Buf {
    Str(Vec<Option<String>>),
    I32(Vec<Option<i32>>),
    I64(Vec<Option<i64>>),
    F64(Vec<Option<f64>>),
    Date(Vec<Option<i32>>),
    List(Vec<Vec<String>>),
}

/// One cell value pushed into a [`Builder`].
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum V {
    S(Option<String>),
    I(Option<i32>),
    L(Option<i64>),
    F(Option<f64>),
    D(Option<NaiveDate>),
    List(Vec<String>),
}

/// Builds one table row by row, checking every value against the documented column type.
pub(crate) struct Builder {
    def: &'static TableDef,
    bufs: Vec<Buf>,
    rows: usize,
}

fn days(d: NaiveDate) -> i32 {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
    (d - epoch).num_days() as i32
}

impl Builder {
    pub(crate) fn new(def: &'static TableDef) -> Builder {
        let bufs = def
            .columns
            .iter()
            .map(|c| match c.kind {
                Str | Cat | Enum(_) => Buf::Str(Vec::new()),
                Int32 => Buf::I32(Vec::new()),
                Int64 => Buf::I64(Vec::new()),
                Float64 => Buf::F64(Vec::new()),
                D => Buf::Date(Vec::new()),
                StrList => Buf::List(Vec::new()),
            })
            .collect();
        Builder { def, bufs, rows: 0 }
    }

    /// Appends one row; values in column order.
    pub(crate) fn push(&mut self, row: Vec<V>) -> Result<(), ExportError> {
        let bad = |why: String| ExportError::Schema {
            table: self.def.name.to_string(),
            reason: why,
        };
        if row.len() != self.bufs.len() {
            return Err(bad(format!(
                "row has {} values for {} columns",
                row.len(),
                self.bufs.len()
            )));
        }
        // Check every value first so that a bad row leaves the table unchanged.
        for (i, v) in row.iter().enumerate() {
            let fits = matches!(
                (&self.bufs[i], v),
                (Buf::Str(_), V::S(_))
                    | (Buf::I32(_), V::I(_))
                    | (Buf::I64(_), V::L(_))
                    | (Buf::F64(_), V::F(_))
                    | (Buf::Date(_), V::D(_))
                    | (Buf::List(_), V::List(_))
            );
            if !fits {
                return Err(bad(format!(
                    "column {} got {v:?}",
                    self.def.columns[i].name
                )));
            }
        }
        for (buf, v) in self.bufs.iter_mut().zip(row) {
            match (buf, v) {
                (Buf::Str(b), V::S(x)) => b.push(x),
                (Buf::I32(b), V::I(x)) => b.push(x),
                (Buf::I64(b), V::L(x)) => b.push(x),
                (Buf::F64(b), V::F(x)) => b.push(x),
                (Buf::Date(b), V::D(x)) => b.push(x.map(days)),
                (Buf::List(b), V::List(x)) => b.push(x),
                _ => unreachable!("checked above"),
            }
        }
        self.rows += 1;
        Ok(())
    }

    /// Appends `value` to the list cell of column `list` in the first row whose column `key`
    /// holds `key_value`; false when there is no such row or column.
    pub(crate) fn append_to_list(
        &mut self,
        key: &str,
        key_value: &str,
        list: &str,
        value: &str,
    ) -> bool {
        let col = |name: &str| self.def.columns.iter().position(|c| c.name == name);
        let (Some(k), Some(l)) = (col(key), col(list)) else {
            return false;
        };
        let Buf::Str(keys) = &self.bufs[k] else {
            return false;
        };
        let Some(row) = keys.iter().position(|v| v.as_deref() == Some(key_value)) else {
            return false;
        };
        let Buf::List(lists) = &mut self.bufs[l] else {
            return false;
        };
        lists[row].push(value.to_string());
        true
    }

    /// The table as a DataFrame with the documented schema, sorted.
    pub(crate) fn finish(self) -> Result<DataFrame, ExportError> {
        let def = self.def;
        let pe = |source: PolarsError| ExportError::Polars {
            table: def.name.to_string(),
            source,
        };
        let mut cols: Vec<Column> = Vec::with_capacity(self.bufs.len());
        for (buf, c) in self.bufs.into_iter().zip(def.columns) {
            let name: PlSmallStr = c.name.into();
            let s: Series = match buf {
                Buf::Str(v) => Series::new(name, v),
                Buf::I32(v) => Series::new(name, v),
                Buf::I64(v) => Series::new(name, v),
                Buf::F64(v) => Series::new(name, v),
                Buf::Date(v) => Series::new(name, v),
                Buf::List(v) => {
                    let values: usize = v.iter().map(Vec::len).sum();
                    let mut b = ListStringChunkedBuilder::new(name, v.len(), values);
                    for l in &v {
                        b.append_values_iter(l.iter().map(String::as_str));
                    }
                    b.finish().into_series()
                }
            };
            let want = c.kind.dtype();
            let s = if s.dtype() == &want {
                s
            } else {
                s.strict_cast(&want).map_err(pe)?
            };
            cols.push(s.into_column());
        }
        let df = DataFrame::new(self.rows, cols).map_err(pe)?;
        sort_table(df, def)
    }
}

/// Sorts a table by its documented keys, then every other scalar column in column order.
pub(crate) fn sort_table(df: DataFrame, def: &TableDef) -> Result<DataFrame, ExportError> {
    if df.height() < 2 {
        return Ok(df);
    }
    let mut keys: Vec<&str> = def.sort.to_vec();
    for c in def.columns {
        if !matches!(c.kind, StrList) && !keys.contains(&c.name) && df.column(c.name).is_ok() {
            keys.push(c.name);
        }
    }
    keys.retain(|k| df.column(k).is_ok());
    let opts = SortMultipleOptions::default()
        .with_maintain_order(true)
        .with_nulls_last(false)
        .with_multithreaded(false);
    df.sort(keys, opts).map_err(|source| ExportError::Polars {
        table: def.name.to_string(),
        source,
    })
}

fn s(x: &str) -> V {
    V::S(Some(x.to_string()))
}

fn so(x: Option<&str>) -> V {
    V::S(x.map(str::to_string))
}

fn nonempty(x: &str) -> Option<String> {
    (!x.is_empty()).then(|| x.to_string())
}

fn field_name(f: TextField) -> &'static str {
    match f {
        TextField::Body => "body",
        TextField::Title => "title",
    }
}

/// `field, sentence_start, sentence_end, evidence` for an evidence.
fn evidence_cols(a: &Article, ev: &Evidence) -> [V; 4] {
    let text = ev.sentence.slice(a.field(ev.field));
    [
        s(field_name(ev.field)),
        V::L(Some(ev.sentence.start as i64)),
        V::L(Some(ev.sentence.end as i64)),
        V::S(nonempty(text)),
    ]
}

/// Lineage of an agency identity, resolved once per identity.
#[derive(Debug, Clone, Default)]
pub(crate) struct Resolved {
    /// Final successor, if any link applies.
    pub successor: Option<Node>,
    /// Effective day of the last link.
    pub since: Option<NaiveDate>,
    /// The whole chain as text.
    pub path: Option<String>,
}

/// Resolves agency identities through the lineage lexicon, caching by id.
pub(crate) struct Resolver<'l> {
    lineage: &'l Lineage,
    cache: HashMap<String, Resolved>,
}

impl<'l> Resolver<'l> {
    pub(crate) fn new(lineage: &'l Lineage) -> Self {
        Resolver {
            lineage,
            cache: HashMap::new(),
        }
    }

    pub(crate) fn resolve(&mut self, province: Option<&str>, name: &str) -> Resolved {
        let id = agency_id(province, name);
        if let Some(r) = self.cache.get(&id) {
            return r.clone();
        }
        let node = Node::new(province, name);
        let chain = self.lineage.chain(&node);
        let r = match chain.last() {
            None => Resolved::default(),
            Some(last) => {
                let mut path = node.to_string();
                for st in &chain {
                    let l = &self.lineage.links()[st.link];
                    path.push_str(&format!(" → {} from {}", st.node, l.effective));
                }
                Resolved {
                    successor: Some(last.node.clone()),
                    since: Some(self.lineage.links()[last.link].effective),
                    path: Some(path),
                }
            }
        };
        self.cache.insert(id, r.clone());
        r
    }

    /// `successor, successor_id` cells for an agency.
    fn cols(&mut self, province: Option<&str>, name: &str) -> [V; 2] {
        let r = self.resolve(province, name);
        match r.successor {
            Some(n) => [V::S(Some(n.name.clone())), V::S(Some(n.id()))],
            None => [V::S(None), V::S(None)],
        }
    }
}

/// Everything known about one agency identity across articles.
#[derive(Default)]
struct AgencyAgg {
    names: BTreeMap<String, usize>,
    provinces: BTreeMap<String, usize>,
    aliases: BTreeSet<String>,
    articles: BTreeSet<String>,
    first: Option<(Option<NaiveDate>, String, String)>,
    first_published: Option<NaiveDate>,
    last_published: Option<NaiveDate>,
    first_year: Option<i32>,
    last_year: Option<i32>,
    n_awards: i32,
    n_roles: i32,
    n_members: i32,
}

/// The most frequent key of a count map; ties go to the smallest.
fn most_frequent(m: &BTreeMap<String, usize>) -> Option<&str> {
    let mut best: Option<(&String, usize)> = None;
    for (k, &n) in m {
        if best.is_none_or(|(_, bn)| n > bn) {
            best = Some((k, n));
        }
    }
    best.map(|(k, _)| k.as_str())
}

/// Collects agency identities from records.
#[derive(Default)]
struct Agencies {
    by_id: BTreeMap<String, AgencyAgg>,
}

impl Agencies {
    fn see(&mut self, a: &Article, name: &str, aliases: &[String]) -> &mut AgencyAgg {
        let province = agency_province(name, a.province.as_deref());
        let id = agency_id(province, name);
        let e = self.by_id.entry(id).or_default();
        *e.names.entry(name.to_string()).or_default() += 1;
        if let Some(p) = province {
            *e.provinces.entry(p.to_string()).or_default() += 1;
        }
        e.aliases.insert(name.to_string());
        e.aliases
            .extend(aliases.iter().filter(|x| !x.is_empty()).cloned());
        if e.articles.insert(a.id.clone()) {
            let pd = a.published_date();
            let key = (pd, a.id.clone(), a.source.clone());
            let earlier = match &e.first {
                None => true,
                // A known date sorts before an unknown one.
                Some(f) => match (key.0, f.0) {
                    (Some(x), Some(y)) => (x, &key.1) < (y, &f.1),
                    (Some(_), None) => true,
                    (None, Some(_)) => false,
                    (None, None) => key.1 < f.1,
                },
            };
            if earlier {
                e.first = Some(key);
            }
            if let Some(d) = pd {
                e.first_published = Some(e.first_published.map_or(d, |x| x.min(d)));
                e.last_published = Some(e.last_published.map_or(d, |x| x.max(d)));
            }
        }
        e
    }

    fn year(e: &mut AgencyAgg, y: Option<i32>) {
        if let Some(y) = y {
            e.first_year = Some(e.first_year.map_or(y, |x| x.min(y)));
            e.last_year = Some(e.last_year.map_or(y, |x| x.max(y)));
        }
    }

    /// Display name and province of an identity.
    fn display(&self, id: &str) -> Option<(String, Option<String>)> {
        let e = self.by_id.get(id)?;
        Some((
            most_frequent(&e.names)?.to_string(),
            most_frequent(&e.provinces).map(str::to_string),
        ))
    }
}

/// All tables built from a set of records, in [`TABLES`] order.
pub struct Tables {
    /// `(name, frame)` pairs.
    pub frames: Vec<(&'static str, DataFrame)>,
}

impl Tables {
    /// The frame of table `name`.
    pub fn get(&self, name: &str) -> Option<&DataFrame> {
        self.frames.iter().find(|(n, _)| *n == name).map(|(_, f)| f)
    }
}

/// Builds every table of [`TABLES`] from `records`.
pub fn build_tables(records: &[Record]) -> Result<Tables, ExportError> {
    build_tables_with(records, Lineage::builtin(), Ranking::builtin())
}

/// Builds the tables one record at a time, so that a caller can drop each record (and its text)
/// as soon as it is added.
pub struct TablesBuilder<'a> {
    lineage: &'a Lineage,
    ranking: &'a Ranking,
    res: Resolver<'a>,
    agencies: Agencies,
    articles: Builder,
    awards: Builder,
    roles: Builder,
    members: Builder,
    targets: Builder,
    events: Builder,
    mentions: Builder,
    /// Cells of the award matrix: (agency id, year) -> outcomes.
    cells: BTreeMap<(String, i32), Vec<MatrixOutcome>>,
}

impl Default for TablesBuilder<'static> {
    fn default() -> Self {
        TablesBuilder::with(Lineage::builtin(), Ranking::builtin())
    }
}

impl<'a> TablesBuilder<'a> {
    /// A builder with the given lineage lexicon and award ranking
    /// ([`TablesBuilder::default`] uses the shipped ones).
    pub fn with(lineage: &'a Lineage, ranking: &'a Ranking) -> Self {
        TablesBuilder {
            lineage,
            ranking,
            res: Resolver::new(lineage),
            agencies: Agencies::default(),
            articles: Builder::new(&ARTICLES),
            awards: Builder::new(&AWARDS),
            roles: Builder::new(&ROLES_TABLE),
            members: Builder::new(&MEMBERS),
            targets: Builder::new(&TARGETS),
            events: Builder::new(&EVENTS),
            mentions: Builder::new(&MENTIONS),
            cells: BTreeMap::new(),
        }
    }

    /// Adds the facts of one record. Spans are read against its text now (evidence sentences,
    /// mention texts), so the record can be dropped afterwards.
    pub fn add(&mut self, r: &Record) -> Result<(), ExportError> {
        let TablesBuilder {
            ranking,
            res,
            agencies,
            articles,
            awards,
            roles,
            members,
            targets,
            events,
            mentions,
            cells,
            ..
        } = self;
        let a = &r.article;
        let x = &r.extraction;
        let published = a.published_date();
        let prov = a.province.as_deref();
        let head = || -> [V; 4] {
            [
                s(&a.id),
                s(&a.source),
                V::D(published),
                so(a.province.as_deref()),
            ]
        };
        articles.push(vec![
            s(&a.id),
            s(&a.source),
            so(a.url.as_deref()),
            so(a.title.as_deref()),
            V::D(published),
            so(a.published.as_deref()),
            so(a.byline.as_deref()),
            so(a.source_prefix.as_deref()),
            so(prov),
            V::List(r.duplicate_sources.clone()),
            V::I(Some(x.blocs.len() as i32)),
            V::I(Some(x.agencies.len() as i32)),
            V::I(Some(x.events.len() as i32)),
            V::I(Some(x.awards.len() as i32)),
            V::I(Some(x.roles.len() as i32)),
            V::I(Some(x.members.len() as i32)),
            V::I(Some(x.targets.len() as i32)),
        ])?;

        for ag in &x.agencies {
            agencies.see(a, &ag.name, &ag.aliases);
        }
        for p in &x.people {
            if let Some(n) = p.agency.as_deref().filter(|n| !n.is_empty()) {
                agencies.see(a, n, &[]);
            }
        }

        for o in &x.awards {
            let rk = ranking.rank(&o.award, o.grantor.as_deref());
            let recipient = o.recipient.as_deref().filter(|n| !n.is_empty());
            let (aid, succ) = match recipient {
                Some(n) => {
                    let e = agencies.see(a, n, &[]);
                    e.n_awards += 1;
                    Agencies::year(e, o.year);
                    (
                        Some(agency_id(agency_province(n, prov), n)),
                        res.cols(agency_province(n, prov), n),
                    )
                }
                None => (None, [V::S(None), V::S(None)]),
            };
            if let (Some(id), Some(y)) = (&aid, o.year) {
                cells
                    .entry((id.clone(), y))
                    .or_default()
                    .push(MatrixOutcome {
                        rank: rk.rank,
                        status: o.status,
                        award: o.award.clone(),
                        grantor: o.grantor.clone(),
                        bloc: o.bloc.clone(),
                        article_id: a.id.clone(),
                        source: a.source.clone(),
                    });
            }
            let mut row: Vec<V> = head().into();
            row.extend([
                V::I(o.year),
                so(o.bloc.as_deref()),
                so(recipient),
                V::S(aid),
                V::I(o.count.map(|c| i32::try_from(c).unwrap_or(i32::MAX))),
                s(&o.award),
                so(o.grantor.as_deref()),
                V::I(rk.rank),
                s(o.status.as_str()),
            ]);
            row.extend(succ);
            row.extend(evidence_cols(a, &o.evidence));
            awards.push(row)?;
        }

        for o in &x.roles {
            let e = agencies.see(a, &o.agency, &[]);
            e.n_roles += 1;
            Agencies::year(e, o.year);
            let mut row: Vec<V> = head().into();
            row.extend([
                V::I(o.year),
                so(o.bloc.as_deref()),
                s(&o.agency),
                s(&agency_id(agency_province(&o.agency, prov), &o.agency)),
                s(o.role.as_str()),
            ]);
            row.extend(res.cols(agency_province(&o.agency, prov), &o.agency));
            row.extend(evidence_cols(a, &o.evidence));
            roles.push(row)?;
        }

        for o in &x.members {
            let e = agencies.see(a, &o.agency, &[]);
            e.n_members += 1;
            let mut row: Vec<V> = head().into();
            row.extend([
                so(o.bloc.as_deref()),
                s(&o.agency),
                s(&agency_id(agency_province(&o.agency, prov), &o.agency)),
            ]);
            row.extend(res.cols(agency_province(&o.agency, prov), &o.agency));
            row.extend(evidence_cols(a, &o.evidence));
            members.push(row)?;
        }

        for t in &x.targets {
            let mut row: Vec<V> = head().into();
            row.extend([
                V::I(t.year),
                V::F(Some(t.value)),
                s(&t.comparator),
                so(t.subject.as_deref()),
                V::List(t.goals.clone()),
            ]);
            row.extend(evidence_cols(a, &t.evidence));
            targets.push(row)?;
        }

        for ev in &x.events {
            let date = ev
                .date
                .as_deref()
                .and_then(|d| NaiveDate::parse_from_str(d.get(..10)?, "%Y-%m-%d").ok());
            if ev.date.is_some() && date.is_none() {
                tracing::warn!("{}: event date {:?} is not YYYY-MM-DD", a.source, ev.date);
            }
            let mut row: Vec<V> = head().into();
            row.extend([
                V::I(ev.year),
                s(ev.kind.as_str()),
                V::D(date),
                so(ev.bloc.as_deref()),
            ]);
            row.extend(evidence_cols(a, &ev.evidence));
            events.push(row)?;
        }

        let mut mention = |kind: &str,
                           value: &str,
                           qualifier: Option<&str>,
                           agency: Option<&str>,
                           ev: &Evidence|
         -> Result<(), ExportError> {
            let text = a.field(ev.field);
            let spans: Vec<Option<crate::model::Span>> = if ev.spans.is_empty() {
                vec![None]
            } else {
                ev.spans.iter().copied().map(Some).collect()
            };
            for sp in spans {
                mentions.push(vec![
                    s(&a.id),
                    s(&a.source),
                    s(kind),
                    s(value),
                    so(qualifier),
                    so(agency),
                    V::S(sp.and_then(|sp| nonempty(sp.slice(text)))),
                    s(field_name(ev.field)),
                    V::L(sp.map(|sp| sp.start as i64)),
                    V::L(sp.map(|sp| sp.end as i64)),
                    V::L(Some(ev.sentence.start as i64)),
                    V::L(Some(ev.sentence.end as i64)),
                ])?;
            }
            Ok(())
        };
        for b in &x.blocs {
            for ev in &b.mentions {
                mention("bloc", &b.name, Some(&b.kind), None, ev)?;
            }
        }
        for ag in &x.agencies {
            for ev in &ag.mentions {
                mention("agency", &ag.name, None, Some(&ag.name), ev)?;
            }
        }
        for p in &x.people {
            mention(
                "person",
                &p.name,
                p.position.as_deref(),
                p.agency.as_deref(),
                &p.evidence,
            )?;
        }
        for d in &x.dates {
            mention("date", &d.value, Some(&d.precision), None, &d.evidence)?;
        }
        for m in &x.award_mentions {
            mention("award", &m.award, m.grantor.as_deref(), None, &m.evidence)?;
        }
        Ok(())
    }

    /// Records a further source of an article already added: a later input whose normalized
    /// text is identical (listed in `articles.duplicate_sources`). False when the id is unknown.
    pub fn add_duplicate_source(&mut self, id: &str, source: &str) -> bool {
        self.articles
            .append_to_list(ARTICLE_ID.name, id, "duplicate_sources", source)
    }

    /// The finished tables, each sorted.
    pub fn finish(self) -> Result<Tables, ExportError> {
        let TablesBuilder {
            lineage,
            mut res,
            agencies,
            articles,
            awards,
            roles,
            members,
            targets,
            events,
            mentions,
            cells,
            ..
        } = self;
        // Agencies.
        let mut agency_rows = Builder::new(&AGENCIES);
        for (id, e) in &agencies.by_id {
            let Some(name) = most_frequent(&e.names) else {
                continue;
            };
            let province = most_frequent(&e.provinces);
            let node = Node::new(province, name);
            let r = res.resolve(province, name);
            let mut preds: Vec<String> = lineage
                .predecessors(&node)
                .iter()
                .map(|n| n.to_string())
                .collect();
            preds.sort();
            preds.dedup();
            let (first_id, first_source) = match &e.first {
                Some((_, i, s)) => (Some(i.clone()), Some(s.clone())),
                None => (None, None),
            };
            agency_rows.push(vec![
                s(id),
                so(province),
                s(name),
                V::List(e.aliases.iter().cloned().collect()),
                V::I(Some(e.articles.len() as i32)),
                V::I(Some(e.n_awards)),
                V::I(Some(e.n_roles)),
                V::I(Some(e.n_members)),
                V::D(e.first_published),
                V::D(e.last_published),
                V::I(e.first_year),
                V::I(e.last_year),
                V::List(preds),
                V::S(r.successor.as_ref().map(|n| n.name.clone())),
                V::S(r.successor.as_ref().and_then(|n| n.province.clone())),
                V::S(r.successor.as_ref().map(Node::id)),
                V::D(r.since),
                V::S(r.path.clone()),
                V::S(first_id),
                V::S(first_source),
                V::List(e.articles.iter().cloned().collect()),
            ])?;
        }

        // Award matrix.
        let mut matrix = Builder::new(&AWARD_MATRIX);
        for ((id, year), mut outs) in cells {
            outs.sort_by(|x, y| {
                better((x.rank, x.status), (y.rank, y.status))
                    .then_with(|| x.award.cmp(&y.award))
                    .then_with(|| x.grantor.cmp(&y.grantor))
                    .then_with(|| x.bloc.cmp(&y.bloc))
                    .then_with(|| x.article_id.cmp(&y.article_id))
            });
            let best = &outs[0];
            let (name, province) = agencies.display(&id).unwrap_or_default();
            let mut labels: Vec<String> = Vec::new();
            for o in &outs {
                let l = match &o.grantor {
                    Some(g) => format!("{} ({}): {}", o.award, g, o.status.as_str()),
                    None => format!("{}: {}", o.award, o.status.as_str()),
                };
                if !labels.contains(&l) {
                    labels.push(l);
                }
            }
            let ids: BTreeSet<String> = outs.iter().map(|o| o.article_id.clone()).collect();
            let mut row = vec![
                s(&id),
                so(province.as_deref()),
                s(&name),
                V::I(Some(year)),
                s(&best.award),
                so(best.grantor.as_deref()),
                V::I(best.rank),
                s(best.status.as_str()),
                so(best.bloc.as_deref()),
                V::I(Some(outs.len() as i32)),
                V::List(labels),
            ];
            row.extend(res.cols(province.as_deref(), &name));
            row.extend([
                s(&best.article_id),
                s(&best.source),
                V::List(ids.into_iter().collect()),
            ]);
            matrix.push(row)?;
        }

        Ok(Tables {
            frames: vec![
                ("articles", articles.finish()?),
                ("awards", awards.finish()?),
                ("roles", roles.finish()?),
                ("members", members.finish()?),
                ("targets", targets.finish()?),
                ("events", events.finish()?),
                ("mentions", mentions.finish()?),
                ("agencies", agency_rows.finish()?),
                ("award_matrix", matrix.finish()?),
            ],
        })
    }
}

/// Builds every table with the given lineage lexicon and award ranking.
pub fn build_tables_with(
    records: &[Record],
    lineage: &Lineage,
    ranking: &Ranking,
) -> Result<Tables, ExportError> {
    let mut b = TablesBuilder::with(lineage, ranking);
    for r in records {
        b.add(r)?;
    }
    b.finish()
}

/// One outcome of an award-matrix cell.
struct MatrixOutcome {
    rank: Option<i32>,
    status: AwardStatus,
    award: String,
    grantor: Option<String>,
    bloc: Option<String>,
    article_id: String,
    source: String,
}

/// The schemas of every table as Markdown, as `docs/tables.md` shows them.
pub fn schema_markdown() -> String {
    let mut out = String::new();
    for t in TABLES.iter().chain([&HISTORY]) {
        out.push_str(&format!("### `{}`\n\nOne row = {}.", t.name, t.doc));
        out.push_str(&format!(
            " Sorted by {}, then the other columns (nulls first).",
            t.sort
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
        if t.partitioned {
            out.push_str(" Partitioned by `year` with `--partition-by year`.");
        }
        out.push_str("\n\n| column | type | meaning |\n|---|---|---|\n");
        for c in t.columns {
            let doc = if c.doc.is_empty() { "" } else { c.doc };
            out.push_str(&format!(
                "| `{}` | {} | {} |\n",
                c.name,
                c.kind.doc_name(),
                doc
            ));
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn definitions_are_consistent() {
        for t in TABLES.iter().chain([&HISTORY]) {
            let mut names: Vec<&str> = t.columns.iter().map(|c| c.name).collect();
            let n = names.len();
            names.sort();
            names.dedup();
            assert_eq!(names.len(), n, "{}: duplicate column", t.name);
            for k in t.sort {
                assert!(t.column(k).is_some(), "{}: sort key {k}", t.name);
            }
            assert_eq!(
                t.partitioned,
                t.column("year").is_some() && t.name != "history"
            );
            for c in t.columns {
                if let Enum(v) = c.kind {
                    assert!(matches!(c.kind.dtype(), DataType::Enum(_, _)), "{v:?}");
                }
            }
        }
        for t in TABLES {
            assert!(
                t.column("article_id").is_some(),
                "{}: no article_id",
                t.name
            );
            assert!(t.column("source").is_some(), "{}: no source", t.name);
        }
    }

    #[test]
    fn empty_input_gives_every_table_with_its_schema() {
        let t = build_tables(&[]).unwrap();
        assert_eq!(t.frames.len(), TABLES.len());
        for (def, (name, df)) in TABLES.iter().zip(&t.frames) {
            assert_eq!(def.name, *name);
            assert_eq!(df.height(), 0);
            assert_eq!(df.schema().as_ref(), &def.schema(), "{name}");
        }
    }

    #[test]
    fn builder_rejects_mistyped_rows() {
        let mut b = Builder::new(&ARTICLES);
        assert!(b.push(vec![V::I(Some(1))]).is_err());
        let mut row = vec![V::S(None); ARTICLES.columns.len()];
        assert!(b.push(row.clone()).is_err(), "published is a date");
        row[4] = V::D(None);
        row[9] = V::List(vec![]);
        for v in row.iter_mut().skip(10) {
            *v = V::I(Some(0));
        }
        b.push(row).unwrap();
        assert_eq!(b.finish().unwrap().height(), 1);
    }
}
