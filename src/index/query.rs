//! The query language and its translation into tantivy queries.
//!
//! ```text
//! co thi dua              every word, with or without diacritics (AND is implied)
//! "Cờ thi đua"            a phrase
//! a OR b, a AND b         NOT a, -a, ( ... )        (NOT binds tighter than AND, AND than OR)
//! title:word  body:"..."  bloc:  agency:  award:  province:  id:  source:
//!                         (body: searches the whole text without favouring the title)
//! date:2019  date:2019-03  date:2019-03-07  date:[2019-01-01 TO 2019-06-30]
//! date:2019-01..2019-06  date:>=2019-03-01  date:<2020   year:2018..2020   year:>=2018
//! *                       every document (with filters)
//! ```
//!
//! Every word is matched in its folded form, so a query without diacritics matches every
//! spelling. A word typed with diacritics also adds a boosted clause on the exact field, so
//! documents with the very spelling rank above those that match only when folded. A negated word
//! typed with diacritics excludes only that spelling ("NOT cờ" keeps documents with "có");
//! without diacritics it excludes every spelling.

use super::analyzer;
use super::schema::Fields;
use std::collections::BTreeSet;
use std::ops::Bound;
use tantivy::Term;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, RangeQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TextAnalyzer;

/// Weight of an exact-diacritics match relative to a folded match of the same word.
pub const EXACT_BOOST: f32 = 3.0;
/// Weight of a title match relative to a body match.
pub const TITLE_BOOST: f32 = 2.0;
/// Weight of the bonus for the words of a plain multi-word query standing side by side.
pub const ADJACENT_BOOST: f32 = 2.0;

/// Where a word is searched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Title and body, a title match counting more.
    Text,
    /// Title only.
    Title,
    /// Title and body alike.
    Body,
    /// Bloc names.
    Bloc,
    /// Agency names.
    Agency,
    /// Award types.
    Award,
    /// Province.
    Province,
    /// Article id, as is.
    Id,
    /// Source path, as is.
    Source,
}

/// A numeric field with ranges.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RangeField {
    /// Publication time, `YYYYMMDDHHMM`.
    Date,
    /// Years of publication and of facts.
    Year,
}

/// A parsed query.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// Every document.
    All,
    /// A word or phrase (a text analyzed into several tokens is a phrase).
    Text {
        /// Where to look.
        scope: Scope,
        /// The words as typed.
        text: String,
    },
    /// An inclusive numeric range.
    Range {
        /// Which field.
        field: RangeField,
        /// Lowest value, if bounded.
        lo: Option<i64>,
        /// Highest value, if bounded.
        hi: Option<i64>,
    },
    /// All of these.
    And(Vec<Node>),
    /// Any of these.
    Or(Vec<Node>),
    /// Not this.
    Not(Box<Node>),
}

/// Field prefixes the language knows.
fn field_scope(name: &str) -> Option<FieldKind> {
    Some(match name.to_ascii_lowercase().as_str() {
        "title" => FieldKind::Text(Scope::Title),
        "body" | "text" => FieldKind::Text(Scope::Body),
        "bloc" | "khoi" => FieldKind::Text(Scope::Bloc),
        "agency" => FieldKind::Text(Scope::Agency),
        "award" => FieldKind::Text(Scope::Award),
        "province" => FieldKind::Text(Scope::Province),
        "id" => FieldKind::Text(Scope::Id),
        "source" => FieldKind::Text(Scope::Source),
        "date" | "published" => FieldKind::Range(RangeField::Date),
        "year" => FieldKind::Range(RangeField::Year),
        _ => return None,
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FieldKind {
    Text(Scope),
    Range(RangeField),
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    LParen,
    RParen,
    And,
    Or,
    Not,
    Field(FieldKind),
    Quoted(String),
    Bracket(String),
    Word(String),
}

fn lex(q: &str) -> Result<Vec<Tok>, String> {
    let mut out = Vec::new();
    let mut chars = q.char_indices().peekable();
    // Whether the previous token was a field prefix (the value follows without a space).
    while let Some(&(i, c)) = chars.peek() {
        let after_field = matches!(out.last(), Some(Tok::Field(_)));
        if c.is_whitespace() {
            if after_field {
                return Err("a field prefix must be followed by its value, without a space".into());
            }
            chars.next();
            continue;
        }
        match c {
            '(' => {
                chars.next();
                out.push(Tok::LParen);
            }
            ')' => {
                chars.next();
                out.push(Tok::RParen);
            }
            '"' | '“' | '”' => {
                chars.next();
                let mut s = String::new();
                let mut closed = false;
                for (_, c) in chars.by_ref() {
                    if matches!(c, '"' | '“' | '”') {
                        closed = true;
                        break;
                    }
                    s.push(c);
                }
                if !closed {
                    return Err(format!("unclosed quote at character {}", i + 1));
                }
                out.push(Tok::Quoted(s));
            }
            '[' | '{' if after_field => {
                chars.next();
                let mut s = String::new();
                let mut closed = false;
                for (_, c) in chars.by_ref() {
                    if matches!(c, ']' | '}') {
                        closed = true;
                        break;
                    }
                    s.push(c);
                }
                if !closed {
                    return Err(format!("unclosed range bracket at character {}", i + 1));
                }
                out.push(Tok::Bracket(s));
            }
            '-' if !after_field => {
                chars.next();
                match chars.peek() {
                    Some(&(_, n)) if !n.is_whitespace() => out.push(Tok::Not),
                    _ => {}
                }
            }
            '+' if !after_field => {
                chars.next();
            }
            _ => {
                let mut w = String::new();
                while let Some(&(_, c)) = chars.peek() {
                    if c.is_whitespace() || matches!(c, '(' | ')' | '"' | '“' | '”') {
                        break;
                    }
                    if c == ':'
                        && !after_field
                        && let Some(kind) = field_scope(&w)
                    {
                        chars.next();
                        out.push(Tok::Field(kind));
                        w.clear();
                        break;
                    }
                    w.push(c);
                    chars.next();
                }
                if w.is_empty() {
                    continue;
                }
                out.push(match w.as_str() {
                    "AND" | "&&" if !after_field => Tok::And,
                    "OR" | "||" if !after_field => Tok::Or,
                    "NOT" | "!" if !after_field => Tok::Not,
                    _ => Tok::Word(w),
                });
            }
        }
    }
    if matches!(out.last(), Some(Tok::Field(_))) {
        return Err("a field prefix at the end has no value".into());
    }
    Ok(out)
}

struct Parser {
    toks: Vec<Tok>,
    pos: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos)
    }

    fn next(&mut self) -> Option<Tok> {
        let t = self.toks.get(self.pos).cloned();
        self.pos += 1;
        t
    }

    fn or(&mut self, scope: Scope) -> Result<Node, String> {
        let mut parts = vec![self.and(scope)?];
        while self.peek() == Some(&Tok::Or) {
            self.next();
            parts.push(self.and(scope)?);
        }
        Ok(if parts.len() == 1 {
            parts.remove(0)
        } else {
            Node::Or(parts)
        })
    }

    fn and(&mut self, scope: Scope) -> Result<Node, String> {
        let mut parts = vec![self.unary(scope)?];
        loop {
            match self.peek() {
                None | Some(Tok::Or) | Some(Tok::RParen) => break,
                Some(Tok::And) => {
                    self.next();
                }
                _ => {}
            }
            parts.push(self.unary(scope)?);
        }
        Ok(if parts.len() == 1 {
            parts.remove(0)
        } else {
            Node::And(parts)
        })
    }

    fn unary(&mut self, scope: Scope) -> Result<Node, String> {
        if self.peek() == Some(&Tok::Not) {
            self.next();
            if matches!(
                self.peek(),
                None | Some(Tok::Or) | Some(Tok::And) | Some(Tok::RParen)
            ) {
                return Err("NOT must be followed by what to exclude".into());
            }
            return Ok(Node::Not(Box::new(self.unary(scope)?)));
        }
        self.primary(scope)
    }

    fn primary(&mut self, scope: Scope) -> Result<Node, String> {
        match self.next() {
            Some(Tok::LParen) => {
                if self.peek() == Some(&Tok::RParen) {
                    return Err("empty parentheses".into());
                }
                let inner = self.or(scope)?;
                match self.next() {
                    Some(Tok::RParen) => Ok(inner),
                    _ => Err("missing closing parenthesis".into()),
                }
            }
            Some(Tok::Field(FieldKind::Text(s))) => self.primary(s),
            Some(Tok::Field(FieldKind::Range(f))) => match self.next() {
                Some(Tok::Word(w)) | Some(Tok::Quoted(w)) | Some(Tok::Bracket(w)) => {
                    let (lo, hi) = parse_range(f, &w)?;
                    Ok(Node::Range { field: f, lo, hi })
                }
                _ => Err(format!("{} takes a value or a range", range_name(f))),
            },
            Some(Tok::Word(w)) if w == "*" => Ok(Node::All),
            Some(Tok::Word(w)) | Some(Tok::Quoted(w)) => Ok(Node::Text { scope, text: w }),
            Some(Tok::Bracket(_)) => Err("a range needs a field: date:[...] or year:[...]".into()),
            Some(Tok::RParen) => Err("unexpected closing parenthesis".into()),
            Some(Tok::And) | Some(Tok::Or) => Err("AND/OR must stand between two terms".into()),
            Some(Tok::Not) => Err("misplaced NOT".into()),
            None => Err("the query ends too early".into()),
        }
    }
}

fn range_name(f: RangeField) -> &'static str {
    match f {
        RangeField::Date => "date:",
        RangeField::Year => "year:",
    }
}

/// Parses a query into its tree.
pub fn parse(query: &str) -> Result<Node, String> {
    let toks = lex(query)?;
    if toks.is_empty() {
        return Err("the query is empty (use * to match every document)".into());
    }
    let mut p = Parser { toks, pos: 0 };
    let node = p.or(Scope::Text)?;
    if p.pos < p.toks.len() {
        return Err("unexpected closing parenthesis".into());
    }
    Ok(node)
}

/// The first and last instants (`YYYYMMDDHHMM`) of a date written `YYYY`, `YYYY-MM`,
/// `YYYY-MM-DD` or `DD/MM/YYYY`.
fn date_bounds(s: &str) -> Result<(i64, i64), String> {
    let bad = || format!("`{s}` is not a date (YYYY, YYYY-MM, YYYY-MM-DD or DD/MM/YYYY)");
    let s = s.trim();
    let (y, m, d): (i64, Option<i64>, Option<i64>) = if s.contains('/') {
        let p: Vec<&str> = s.split('/').collect();
        match p.as_slice() {
            [d, m, y] => (
                y.parse().map_err(|_| bad())?,
                Some(m.parse().map_err(|_| bad())?),
                Some(d.parse().map_err(|_| bad())?),
            ),
            [m, y] => (
                y.parse().map_err(|_| bad())?,
                Some(m.parse().map_err(|_| bad())?),
                None,
            ),
            _ => return Err(bad()),
        }
    } else {
        let p: Vec<&str> = s.split('-').collect();
        let num = |x: &str| x.parse::<i64>().map_err(|_| bad());
        match p.as_slice() {
            [y] => (num(y)?, None, None),
            [y, m] => (num(y)?, Some(num(m)?), None),
            [y, m, d] => (num(y)?, Some(num(m)?), Some(num(d)?)),
            _ => return Err(bad()),
        }
    };
    if !(1000..=9999).contains(&y) {
        return Err(bad());
    }
    let valid = |m: i64, d: i64| {
        chrono::NaiveDate::from_ymd_opt(y as i32, m as u32, d as u32).is_some() && m >= 1 && d >= 1
    };
    let (m_lo, m_hi) = m.map_or((1, 12), |m| (m, m));
    let d_lo = d.unwrap_or(1);
    let d_hi = match d {
        Some(d) => d,
        None => (28..=31).rev().find(|&d| valid(m_hi, d)).unwrap_or(0),
    };
    if !valid(m_lo, d_lo) || !valid(m_hi, d_hi) {
        return Err(bad());
    }
    let n = |m: i64, d: i64| ((y * 100 + m) * 100 + d) * 10_000;
    Ok((n(m_lo, d_lo), n(m_hi, d_hi) + 2359))
}

fn value_bounds(f: RangeField, s: &str) -> Result<(i64, i64), String> {
    match f {
        RangeField::Date => date_bounds(s),
        RangeField::Year => {
            let y: i64 = s
                .trim()
                .parse()
                .map_err(|_| format!("`{s}` is not a year"))?;
            Ok((y, y))
        }
    }
}

/// Parses the value of `date:` or `year:`: one value, `a..b`, `[a TO b]`, `>=a`, `>a`, `<=a`,
/// `<a`; `*` leaves a side open.
fn parse_range(f: RangeField, s: &str) -> Result<(Option<i64>, Option<i64>), String> {
    let s = s.trim();
    let side = |v: &str| -> Result<Option<(i64, i64)>, String> {
        let v = v.trim();
        if v.is_empty() || v == "*" {
            Ok(None)
        } else {
            value_bounds(f, v).map(Some)
        }
    };
    let pair = s
        .split_once("..")
        .or_else(|| s.split_once(" TO "))
        .or_else(|| s.split_once(" to "));
    if let Some((a, b)) = pair {
        return Ok((side(a)?.map(|x| x.0), side(b)?.map(|x| x.1)));
    }
    for (op, lo) in [(">=", true), ("<=", false)] {
        if let Some(v) = s.strip_prefix(op) {
            let b = side(v)?.ok_or_else(|| format!("`{s}` has no value"))?;
            return Ok(if lo {
                (Some(b.0), None)
            } else {
                (None, Some(b.1))
            });
        }
    }
    if let Some(v) = s.strip_prefix('>') {
        let b = side(v)?.ok_or_else(|| format!("`{s}` has no value"))?;
        return Ok((Some(b.1 + 1), None));
    }
    if let Some(v) = s.strip_prefix('<') {
        let b = side(v)?.ok_or_else(|| format!("`{s}` has no value"))?;
        return Ok((None, Some(b.0 - 1)));
    }
    let b = side(s)?.ok_or_else(|| format!("`{}` needs a value", range_name(f)))?;
    Ok((Some(b.0), Some(b.1)))
}

/// The words of a query that a snippet should highlight, in folded form.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HighlightTerms {
    /// Single words, folded.
    pub words: BTreeSet<String>,
    /// Phrases, folded, word by word.
    pub phrases: Vec<Vec<String>>,
    /// Words typed with diacritics, in their exact form (weigh more when choosing the snippet).
    pub exact: BTreeSet<String>,
}

impl HighlightTerms {
    /// True when there is nothing to highlight.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty() && self.phrases.is_empty()
    }
}

/// One analyzed word: its exact and folded token.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Tokens {
    exact: Vec<String>,
    folded: Vec<String>,
}

impl Tokens {
    fn has_diacritics(&self) -> bool {
        self.exact != self.folded
    }
}

/// Builds tantivy queries from parsed queries for one index.
#[derive(Clone)]
pub struct QueryBuilder {
    fields: Fields,
    exact: TextAnalyzer,
    folded: TextAnalyzer,
}

impl QueryBuilder {
    /// A builder for an index with these fields.
    pub fn new(fields: Fields) -> Self {
        QueryBuilder {
            fields,
            exact: analyzer::exact(),
            folded: analyzer::folded(),
        }
    }

    fn analyze(&mut self, text: &str) -> Tokens {
        let exact = analyzer::tokens(&mut self.exact, text);
        let folded = analyzer::tokens(&mut self.folded, text);
        if exact.len() == folded.len() {
            Tokens { exact, folded }
        } else {
            Tokens {
                exact: folded.clone(),
                folded,
            }
        }
    }

    /// The query for a node; `None` when it has nothing to search for (punctuation only).
    pub fn build(&mut self, node: &Node) -> Option<Box<dyn Query>> {
        self.node(node, false)
    }

    /// A filter: `value` as a folded word or phrase in `scope`'s field.
    pub fn filter(&mut self, scope: Scope, value: &str) -> Option<Box<dyn Query>> {
        self.node(
            &Node::Text {
                scope,
                text: value.to_string(),
            },
            false,
        )
    }

    /// A filter on a numeric range, both ends inclusive.
    pub fn range(&self, field: RangeField, lo: Option<i64>, hi: Option<i64>) -> Box<dyn Query> {
        let f = match field {
            RangeField::Date => self.fields.date,
            RangeField::Year => self.fields.year,
        };
        let b = |v: Option<i64>| match v {
            Some(v) => Bound::Included(Term::from_field_i64(f, v)),
            None => Bound::Unbounded,
        };
        Box::new(RangeQuery::new(b(lo), b(hi)))
    }

    fn node(&mut self, node: &Node, negated: bool) -> Option<Box<dyn Query>> {
        match node {
            Node::All => Some(Box::new(AllQuery)),
            Node::Range { field, lo, hi } => Some(self.range(*field, *lo, *hi)),
            Node::Text { scope, text } => self.text(*scope, text, negated),
            Node::Not(inner) => {
                let q = self.node(inner, !negated)?;
                Some(Box::new(BooleanQuery::new(vec![
                    (Occur::Must, Box::new(AllQuery)),
                    (Occur::MustNot, q),
                ])))
            }
            Node::And(parts) => {
                let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
                for p in parts {
                    match p {
                        Node::Not(inner) => {
                            if let Some(q) = self.node(inner, !negated) {
                                clauses.push((Occur::MustNot, q));
                            }
                        }
                        _ => {
                            if let Some(q) = self.node(p, negated) {
                                clauses.push((Occur::Must, q));
                            }
                        }
                    }
                }
                if clauses.is_empty() {
                    return None;
                }
                if clauses.iter().all(|(o, _)| *o == Occur::MustNot) {
                    clauses.push((Occur::Must, Box::new(AllQuery)));
                }
                Some(Box::new(BooleanQuery::new(clauses)))
            }
            Node::Or(parts) => {
                let clauses: Vec<(Occur, Box<dyn Query>)> = parts
                    .iter()
                    .filter_map(|p| self.node(p, negated))
                    .map(|q| (Occur::Should, q))
                    .collect();
                if clauses.is_empty() {
                    None
                } else {
                    Some(Box::new(BooleanQuery::new(clauses)))
                }
            }
        }
    }

    fn text(&mut self, scope: Scope, text: &str, negated: bool) -> Option<Box<dyn Query>> {
        let f = self.fields;
        match scope {
            Scope::Id | Scope::Source => {
                let field = if scope == Scope::Id { f.id } else { f.source };
                let t = text.trim();
                if t.is_empty() {
                    return None;
                }
                return Some(term_query(field, t));
            }
            Scope::Bloc | Scope::Agency | Scope::Award | Scope::Province => {
                let field = match scope {
                    Scope::Bloc => f.bloc,
                    Scope::Agency => f.agency,
                    Scope::Award => f.award,
                    _ => f.province,
                };
                let tokens = self.analyze(text);
                return words_query(field, &tokens.folded);
            }
            Scope::Text | Scope::Title | Scope::Body => {}
        }
        let tokens = self.analyze(text);
        if tokens.folded.is_empty() {
            return None;
        }
        let diacritics = tokens.has_diacritics();
        let (exact_field, folded_field) = match scope {
            Scope::Title => (f.title, f.title_f),
            _ => (f.text, f.text_f),
        };
        if negated {
            // An exclusion is as precise as it was typed.
            return if diacritics {
                words_query(exact_field, &tokens.exact)
            } else {
                words_query(folded_field, &tokens.folded)
            };
        }
        // Every spelling matches; the typed spelling and the title add to the score.
        let mut clauses: Vec<(Occur, Box<dyn Query>)> =
            vec![(Occur::Must, words_query(folded_field, &tokens.folded)?)];
        if diacritics {
            let exact = words_query(exact_field, &tokens.exact)?;
            clauses.push((Occur::Should, Box::new(BoostQuery::new(exact, EXACT_BOOST))));
        }
        if scope == Scope::Text {
            let mut title: Box<dyn Query> = words_query(f.title_f, &tokens.folded)?;
            if diacritics {
                let exact = words_query(f.title, &tokens.exact)?;
                title = Box::new(BooleanQuery::new(vec![
                    (Occur::Must, title),
                    (Occur::Should, Box::new(BoostQuery::new(exact, EXACT_BOOST))),
                ]));
            }
            clauses.push((Occur::Should, Box::new(BoostQuery::new(title, TITLE_BOOST))));
        }
        if clauses.len() == 1 {
            clauses.pop().map(|(_, q)| q)
        } else {
            Some(Box::new(BooleanQuery::new(clauses)))
        }
    }

    /// A bonus for documents where the words of a plain query (words only, no operators,
    /// fields or quotes) stand side by side: `co thi dua` prefers "cờ thi đua" to a text with
    /// "thi đua" here and "có" there. `None` for other queries.
    pub fn adjacency_bonus(&mut self, node: &Node) -> Option<Box<dyn Query>> {
        let Node::And(parts) = node else {
            return None;
        };
        let mut words = Vec::with_capacity(parts.len());
        for p in parts {
            match p {
                Node::Text {
                    scope: Scope::Text,
                    text,
                } if !text.contains(char::is_whitespace) => words.push(text.as_str()),
                _ => return None,
            }
        }
        let tokens = self.analyze(&words.join(" "));
        if tokens.folded.len() < 2 {
            return None;
        }
        let f = self.fields;
        let mut q = words_query(f.text_f, &tokens.folded)?;
        if tokens.has_diacritics() {
            let exact = words_query(f.text, &tokens.exact)?;
            q = Box::new(BooleanQuery::new(vec![
                (Occur::Must, q),
                (Occur::Should, Box::new(BoostQuery::new(exact, EXACT_BOOST))),
            ]));
        }
        Some(Box::new(BoostQuery::new(q, ADJACENT_BOOST)))
    }

    /// The words a snippet should highlight for `node` (positive words of the title and body).
    pub fn highlights(&mut self, node: &Node) -> HighlightTerms {
        let mut h = HighlightTerms::default();
        self.collect_highlights(node, false, &mut h);
        h
    }

    fn collect_highlights(&mut self, node: &Node, negated: bool, h: &mut HighlightTerms) {
        match node {
            Node::Text { scope, text } if !negated => {
                if matches!(scope, Scope::Text | Scope::Body) {
                    let t = self.analyze(text);
                    for (e, f) in t.exact.iter().zip(&t.folded) {
                        if e != f {
                            h.exact.insert(e.clone());
                        }
                    }
                    match t.folded.len() {
                        0 => {}
                        1 => {
                            h.words.extend(t.folded);
                        }
                        _ => h.phrases.push(t.folded),
                    }
                }
            }
            Node::Not(inner) => self.collect_highlights(inner, !negated, h),
            Node::And(parts) | Node::Or(parts) => {
                for p in parts {
                    self.collect_highlights(p, negated, h);
                }
            }
            _ => {}
        }
    }
}

fn term_query(field: Field, text: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, text),
        IndexRecordOption::WithFreqs,
    ))
}

/// A term query for one token, a phrase query for several, `None` for none.
fn words_query(field: Field, tokens: &[String]) -> Option<Box<dyn Query>> {
    match tokens {
        [] => None,
        [one] => Some(term_query(field, one)),
        many => Some(Box::new(PhraseQuery::new(
            many.iter()
                .map(|t| Term::from_field_text(field, t))
                .collect(),
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(scope: Scope, t: &str) -> Node {
        Node::Text {
            scope,
            text: t.into(),
        }
    }

    #[test]
    fn words_are_anded_and_or_binds_loosest() {
        assert_eq!(
            parse("co thi OR dua").unwrap(),
            Node::Or(vec![
                Node::And(vec![text(Scope::Text, "co"), text(Scope::Text, "thi")]),
                text(Scope::Text, "dua"),
            ])
        );
    }

    #[test]
    fn not_minus_phrases_fields_and_groups() {
        assert_eq!(
            parse(r#"title:"tổng kết" -khen NOT (a OR b)"#).unwrap(),
            Node::And(vec![
                text(Scope::Title, "tổng kết"),
                Node::Not(Box::new(text(Scope::Text, "khen"))),
                Node::Not(Box::new(Node::Or(vec![
                    text(Scope::Text, "a"),
                    text(Scope::Text, "b")
                ]))),
            ])
        );
        assert_eq!(
            parse("body:(x y)").unwrap(),
            Node::And(vec![text(Scope::Body, "x"), text(Scope::Body, "y")])
        );
    }

    #[test]
    fn unknown_prefixes_and_times_stay_words() {
        assert_eq!(parse("lúc 10:30").unwrap(), {
            Node::And(vec![text(Scope::Text, "lúc"), text(Scope::Text, "10:30")])
        });
        assert_eq!(parse("foo:bar").unwrap(), text(Scope::Text, "foo:bar"));
    }

    #[test]
    fn date_and_year_ranges() {
        let r = |q: &str| match parse(q).unwrap() {
            Node::Range { lo, hi, .. } => (lo, hi),
            n => panic!("{n:?}"),
        };
        assert_eq!(r("date:2019"), (Some(201901010000), Some(201912312359)));
        assert_eq!(r("date:2020-02"), (Some(202002010000), Some(202002292359)));
        assert_eq!(
            r("date:07/03/2019"),
            (Some(201903070000), Some(201903072359))
        );
        assert_eq!(
            r("date:[2019-01-15 TO 2019-03]"),
            (Some(201901150000), Some(201903312359))
        );
        assert_eq!(r("date:2019..*"), (Some(201901010000), None));
        assert_eq!(r("date:>=2019-06"), (Some(201906010000), None));
        assert_eq!(r("date:<2019"), (None, Some(201901010000 - 1)));
        assert_eq!(r("year:2018..2020"), (Some(2018), Some(2020)));
        assert_eq!(r("year:>2018"), (Some(2019), None));
    }

    #[test]
    fn clear_errors() {
        for (q, msg) in [
            ("", "empty"),
            ("\"cờ thi", "unclosed quote"),
            ("(a b", "closing parenthesis"),
            ("a b)", "unexpected closing"),
            ("a NOT", "NOT must be followed"),
            ("date:2019-13", "not a date"),
            ("date:abc", "not a date"),
            ("year:x", "not a year"),
            ("OR a", "AND/OR"),
            ("title: x", "without a space"),
            ("()", "empty parentheses"),
        ] {
            let e = parse(q).unwrap_err();
            assert!(e.contains(msg), "{q:?}: {e}");
        }
    }

    #[test]
    fn highlights_are_folded_positive_words() {
        let mut b = QueryBuilder::new(
            super::super::schema::Fields::from_schema(&super::super::schema::schema()).unwrap(),
        );
        let h = b.highlights(&parse(r#""Cờ thi đua" Chính NOT phủ title:ngoài"#).unwrap());
        assert_eq!(h.words.iter().collect::<Vec<_>>(), ["chinh"]);
        assert_eq!(h.phrases, vec![vec!["co", "thi", "dua"]]);
        assert_eq!(h.exact.iter().collect::<Vec<_>>(), ["chính", "cờ", "đua"]);
    }

    proptest::proptest! {
        #[test]
        fn parsing_never_panics(q in "[a-zđờ \"():*\\-\\[\\]{}.<>=ANDORT]{0,40}") {
            let _ = parse(&q);
        }
    }
}
