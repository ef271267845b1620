//! The index schema: which field holds what, and how a [`Record`] becomes a tantivy document.
//!
//! Text is indexed twice, once per analyzer: `title` and `text` (the title and the body, two values)
//! with the exact analyzer (tone-canonical, lowercased), `title_f` and `text_f` with the folded one.
//! All keep positions so that phrases match in either form. A search of the whole article runs on
//! `text`/`text_f` alone, with the title fields only as a bonus, which costs less than a union of
//! title and body. The body is stored once, in `body` (not indexed), for snippets. Filter fields (`bloc`, `agency`,
//! `award`, `province`) hold the names from the extraction, folded and tokenized so a filter matches
//! with or without diacritics and on part of a name; the `f_*` facet fields hold the same names as
//! written, for counting. `date` (`YYYYMMDDHHMM`) and `year` are numbers for ranges and sorting.
//! `record` stores the record as JSON (without its body) so the index can give every record back.

use super::analyzer::{EXACT, FOLDED};
use super::facets::FacetValues;
use crate::model::Record;
use tantivy::TantivyDocument;
use tantivy::schema::{
    FAST, Facet, FacetOptions, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema,
    TextFieldIndexing, TextOptions,
};

/// Version of the schema; raise it whenever fields change.
pub const SCHEMA_VERSION: u32 = 2;

/// Field names.
pub mod names {
    /// Article id (raw, stored, fast).
    pub const ID: &str = "id";
    /// Source path (raw, stored, fast).
    pub const SOURCE: &str = "source";
    /// Title, exact analyzer, stored.
    pub const TITLE: &str = "title";
    /// Title, folded analyzer.
    pub const TITLE_F: &str = "title_f";
    /// Title and body, exact analyzer.
    pub const TEXT: &str = "text";
    /// Title and body, folded analyzer.
    pub const TEXT_F: &str = "text_f";
    /// Body, stored only (for snippets and records).
    pub const BODY: &str = "body";
    /// Publication date or datetime as written in the article (stored only).
    pub const PUBLISHED: &str = "published";
    /// Publication time as the number `YYYYMMDDHHMM` (indexed, fast).
    pub const DATE: &str = "date";
    /// Years of publication and of facts (indexed, fast, several per document).
    pub const YEAR: &str = "year";
    /// Bloc names and short names, folded.
    pub const BLOC: &str = "bloc";
    /// Agency names and aliases, folded.
    pub const AGENCY: &str = "agency";
    /// Award types, folded.
    pub const AWARD: &str = "award";
    /// Province, folded.
    pub const PROVINCE: &str = "province";
    /// Bloc facet.
    pub const F_BLOC: &str = "f_bloc";
    /// Agency facet.
    pub const F_AGENCY: &str = "f_agency";
    /// Award facet.
    pub const F_AWARD: &str = "f_award";
    /// Province facet.
    pub const F_PROVINCE: &str = "f_province";
    /// Year facet.
    pub const F_YEAR: &str = "f_year";
    /// The record as JSON, without its body (stored only).
    pub const RECORD: &str = "record";
}

/// The handles of every field.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// See [`names::ID`].
    pub id: Field,
    /// See [`names::SOURCE`].
    pub source: Field,
    /// See [`names::TITLE`].
    pub title: Field,
    /// See [`names::TITLE_F`].
    pub title_f: Field,
    /// See [`names::TEXT`].
    pub text: Field,
    /// See [`names::TEXT_F`].
    pub text_f: Field,
    /// See [`names::BODY`].
    pub body: Field,
    /// See [`names::PUBLISHED`].
    pub published: Field,
    /// See [`names::DATE`].
    pub date: Field,
    /// See [`names::YEAR`].
    pub year: Field,
    /// See [`names::BLOC`].
    pub bloc: Field,
    /// See [`names::AGENCY`].
    pub agency: Field,
    /// See [`names::AWARD`].
    pub award: Field,
    /// See [`names::PROVINCE`].
    pub province: Field,
    /// See [`names::F_BLOC`].
    pub f_bloc: Field,
    /// See [`names::F_AGENCY`].
    pub f_agency: Field,
    /// See [`names::F_AWARD`].
    pub f_award: Field,
    /// See [`names::F_PROVINCE`].
    pub f_province: Field,
    /// See [`names::F_YEAR`].
    pub f_year: Field,
    /// See [`names::RECORD`].
    pub record: Field,
}

fn text(analyzer: &str, stored: bool) -> TextOptions {
    let o = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(analyzer)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    if stored { o.set_stored() } else { o }
}

/// The schema of a thidua index.
pub fn schema() -> Schema {
    use names::*;
    let mut b = Schema::builder();
    b.add_text_field(ID, STRING | STORED | FAST);
    b.add_text_field(SOURCE, STRING | STORED | FAST);
    b.add_text_field(TITLE, text(EXACT, true));
    b.add_text_field(TITLE_F, text(FOLDED, false));
    b.add_text_field(TEXT, text(EXACT, false));
    b.add_text_field(TEXT_F, text(FOLDED, false));
    b.add_text_field(BODY, STORED);
    b.add_text_field(PUBLISHED, STORED);
    b.add_i64_field(DATE, INDEXED | FAST);
    b.add_i64_field(YEAR, INDEXED | FAST);
    for f in [BLOC, AGENCY, AWARD, PROVINCE] {
        b.add_text_field(f, text(FOLDED, false));
    }
    for f in [F_BLOC, F_AGENCY, F_AWARD, F_PROVINCE, F_YEAR] {
        b.add_facet_field(f, FacetOptions::default());
    }
    b.add_text_field(RECORD, STORED);
    b.build()
}

impl Fields {
    /// Looks up every field in `schema`; names the first one missing.
    pub fn from_schema(schema: &Schema) -> Result<Fields, String> {
        let f = |name: &str| {
            schema
                .get_field(name)
                .map_err(|_| format!("field `{name}` is missing"))
        };
        use names::*;
        Ok(Fields {
            id: f(ID)?,
            source: f(SOURCE)?,
            title: f(TITLE)?,
            title_f: f(TITLE_F)?,
            text: f(TEXT)?,
            text_f: f(TEXT_F)?,
            body: f(BODY)?,
            published: f(PUBLISHED)?,
            date: f(DATE)?,
            year: f(YEAR)?,
            bloc: f(BLOC)?,
            agency: f(AGENCY)?,
            award: f(AWARD)?,
            province: f(PROVINCE)?,
            f_bloc: f(F_BLOC)?,
            f_agency: f(F_AGENCY)?,
            f_award: f(F_AWARD)?,
            f_province: f(F_PROVINCE)?,
            f_year: f(F_YEAR)?,
            record: f(RECORD)?,
        })
    }

    /// The facet fields, in the order of [`FACETS`](super::facets::FACETS).
    pub fn facets(&self) -> [Field; 5] {
        [
            self.f_bloc,
            self.f_agency,
            self.f_award,
            self.f_province,
            self.f_year,
        ]
    }

    /// The tantivy document of a record. The stored record JSON leaves out the body, which is
    /// stored once, in `body`.
    pub fn document(&self, record: &Record) -> Result<TantivyDocument, serde_json::Error> {
        let a = &record.article;
        let mut doc = TantivyDocument::default();
        doc.add_text(self.id, &a.id);
        doc.add_text(self.source, &a.source);
        if let Some(t) = &a.title {
            doc.add_text(self.title, t);
            doc.add_text(self.title_f, t);
            doc.add_text(self.text, t);
            doc.add_text(self.text_f, t);
        }
        doc.add_text(self.text, &a.body);
        doc.add_text(self.text_f, &a.body);
        doc.add_text(self.body, &a.body);
        if let Some(p) = &a.published {
            doc.add_text(self.published, p);
        }
        if let Some(d) = date_number(a.published.as_deref()) {
            doc.add_i64(self.date, d);
        }
        let v = FacetValues::of(record);
        for y in &v.years {
            doc.add_i64(self.year, i64::from(*y));
            doc.add_facet(self.f_year, Facet::from_path([y.to_string()]));
        }
        for (field, facet, names, terms) in [
            (self.bloc, self.f_bloc, &v.blocs, &v.bloc_terms),
            (self.agency, self.f_agency, &v.agencies, &v.agency_terms),
            (self.award, self.f_award, &v.awards, &v.awards),
            (self.province, self.f_province, &v.provinces, &v.provinces),
        ] {
            for t in terms {
                doc.add_text(field, t);
            }
            for n in names {
                doc.add_facet(facet, Facet::from_path([n.as_str()]));
            }
        }
        // The body is stored once, in `body`; the record JSON leaves it empty.
        let stored = StoredRecord {
            article: StoredArticle {
                id: &a.id,
                source: &a.source,
                url: a.url.as_deref(),
                title: a.title.as_deref(),
                published: a.published.as_deref(),
                byline: a.byline.as_deref(),
                source_prefix: a.source_prefix.as_deref(),
                province: a.province.as_deref(),
                body: "",
            },
            extraction: &record.extraction,
            duplicate_sources: &record.duplicate_sources,
        };
        doc.add_text(self.record, serde_json::to_string(&stored)?);
        Ok(doc)
    }
}

/// The shape of [`Record`] as stored, borrowing instead of cloning.
#[derive(serde::Serialize)]
struct StoredRecord<'a> {
    article: StoredArticle<'a>,
    extraction: &'a crate::model::Extraction,
    duplicate_sources: &'a [String],
}

/// The shape of [`crate::model::Article`] as stored, borrowed, with the body left out (the same
/// JSON as the article with an empty body).
#[derive(serde::Serialize)]
struct StoredArticle<'a> {
    id: &'a str,
    source: &'a str,
    url: Option<&'a str>,
    title: Option<&'a str>,
    published: Option<&'a str>,
    byline: Option<&'a str>,
    source_prefix: Option<&'a str>,
    province: Option<&'a str>,
    body: &'a str,
}

/// The publication time of an ISO date or datetime (`YYYY-MM-DD[THH:MM...]`) as the number
/// `YYYYMMDDHHMM`; `None` when it is absent or not a valid date.
pub fn date_number(published: Option<&str>) -> Option<i64> {
    let p = published?.trim();
    let d = chrono::NaiveDate::parse_from_str(p.get(..10)?, "%Y-%m-%d").ok()?;
    let (mut hh, mut mm) = (0, 0);
    if let Some(rest) = p.get(10..).and_then(|r| r.strip_prefix(['T', ' '])) {
        let h = rest.get(..2).and_then(|s| s.parse::<i64>().ok());
        let m = rest.get(3..5).and_then(|s| s.parse::<i64>().ok());
        if let (Some(h), Some(m)) = (h, m)
            && h < 24
            && m < 60
        {
            (hh, mm) = (h, m);
        }
    }
    use chrono::Datelike;
    Some(
        ((i64::from(d.year()) * 100 + i64::from(d.month())) * 100 + i64::from(d.day())) * 10_000
            + hh * 100
            + mm,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_is_found() {
        assert!(Fields::from_schema(&schema()).is_ok());
        let empty = Schema::builder().build();
        assert_eq!(
            Fields::from_schema(&empty).unwrap_err(),
            "field `id` is missing"
        );
    }

    /// The index analyzers do not normalize (`super::super::one_pass`): every text value the
    /// schema gives an analyzed field must be normalized already, whatever the source looked like.
    #[test]
    fn the_stored_record_is_the_record_without_its_body() {
        let article = crate::model::Article {
            id: "0123456789abcdef".into(),
            source: "a.tar!b.txt".into(),
            url: Some("https://example.vn/a".into()),
            title: Some("Tổng kết Khối thi đua".into()),
            published: Some("2020-01-10".into()),
            byline: None,
            source_prefix: Some("BTV".into()),
            province: Some("Hòa Bình".into()),
            body: "Khối thi đua Nội chính tổng kết năm 2019.".into(),
        };
        let record = Record {
            extraction: crate::extract::extract(&article),
            article,
            duplicate_sources: vec!["c.txt".into()],
        };
        let fields = Fields::from_schema(&schema()).unwrap();
        let doc = fields.document(&record).unwrap();
        let stored = doc
            .get_first(fields.record)
            .and_then(|v| tantivy::schema::Value::as_str(&v).map(str::to_string))
            .expect("a record value");
        let mut expected = serde_json::to_value(&record).unwrap();
        expected["article"]["body"] = serde_json::Value::String(String::new());
        let found: serde_json::Value = serde_json::from_str(&stored).unwrap();
        assert_eq!(found, expected);
    }

    #[test]
    fn every_analyzed_value_is_normalized_text() {
        use unicode_normalization::UnicodeNormalization;
        let page = "Khối thi đua Nội chính tỉnh Hòa Bình tổng kết năm 2019\n\n\
            Ngày 10/1/2020, Khối thi đua Nội chính tỉnh Hòa Bình tổ chức hội nghị tổng kết. \
            Khối thống nhất đề nghị UBND tỉnh tặng Cờ thi đua cho Sở Tư pháp; Thanh tra tỉnh \
            được suy tôn làm Khối trưởng năm 2020, Sở Tư pháp làm Khối phó.\n\nMinh Thủy";
        let decomposed: String = page.nfd().collect();
        let raw = crate::model::RawDoc {
            source: "x.txt".into(),
            bytes: decomposed.into_bytes(),
            ..crate::model::RawDoc::default()
        };
        let article = crate::text::prepare(&raw).expect("an article").article;
        let record = Record {
            extraction: crate::extract::extract(&article),
            article,
            duplicate_sources: Vec::new(),
        };
        assert!(
            !record.extraction.awards.is_empty(),
            "{:?}",
            record.extraction
        );
        let schema = schema();
        let fields = Fields::from_schema(&schema).unwrap();
        let doc = fields.document(&record).unwrap();
        let mut checked = 0;
        for (field, value) in doc.field_values() {
            let entry = schema.get_field_entry(field);
            let analyzed = match entry.field_type() {
                tantivy::schema::FieldType::Str(o) => o
                    .get_indexing_options()
                    .is_some_and(|i| i.tokenizer() != "raw"),
                _ => false,
            };
            if let (true, Some(text)) = (analyzed, tantivy::schema::Value::as_str(&value)) {
                assert_eq!(
                    crate::text::normalize_str(text),
                    text,
                    "{} holds text that is not normalized",
                    entry.name()
                );
                checked += 1;
            }
        }
        assert!(checked >= 8, "{checked} analyzed values");
    }

    #[test]
    fn dates_become_sortable_numbers() {
        assert_eq!(date_number(Some("2019-03-07")), Some(201903070000));
        assert_eq!(date_number(Some("2019-03-07T16:05")), Some(201903071605));
        assert_eq!(
            date_number(Some("2019-03-07T16:05:00+07:00")),
            Some(201903071605)
        );
        assert_eq!(date_number(Some("2019-02-30")), None);
        assert_eq!(date_number(Some("07/03/2019")), None);
        assert_eq!(date_number(None), None);
    }
}
