//! Scoring extractions against gold annotations: precision, recall and F1 per field.
//!
//! Gold files follow the shared gold format: one JSON object per article keyed by `file`.
//! Predictions are the JSON objects `thidua extract` prints, keyed by `source`. Documents are
//! matched by base name. Names are compared by a folded key (case, diacritics, punctuation and
//! the word "và" ignored), as the reference scorer does.

use serde_json::Value;
use std::collections::{BTreeMap, HashSet};
use std::fmt;

/// The relation fields whose micro-average is the headline score.
pub const RELATIONS: [&str; 5] = ["awards", "roles", "members", "targets", "events"];

/// Counts of one field.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// True positives.
    pub tp: usize,
    /// False positives.
    pub fp: usize,
    /// False negatives.
    pub fn_: usize,
}

impl Counts {
    /// Precision, recall and F1 (1.0 where nothing was expected nor predicted).
    pub fn prf(&self) -> (f64, f64, f64) {
        let p = if self.tp + self.fp > 0 {
            self.tp as f64 / (self.tp + self.fp) as f64
        } else {
            1.0
        };
        let r = if self.tp + self.fn_ > 0 {
            self.tp as f64 / (self.tp + self.fn_) as f64
        } else {
            1.0
        };
        let f = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        (p, r, f)
    }

    fn add(&mut self, o: Counts) {
        self.tp += o.tp;
        self.fp += o.fp;
        self.fn_ += o.fn_;
    }
}

/// One difference between gold and prediction, for `--verbose` output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Miss {
    /// The document's base name.
    pub doc: String,
    /// The field.
    pub field: String,
    /// `MISSED` (in gold only) or `EXTRA` (predicted only).
    pub kind: &'static str,
    /// The compared key.
    pub key: String,
}

/// The scores of a prediction set against a gold set.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Counts per set field (relations, `awards_loose`, `blocs`, `agencies`).
    pub fields: BTreeMap<String, Counts>,
    /// Exact matches and totals of the scalar fields (`title`, `published`, `byline`).
    pub scalars: BTreeMap<String, (usize, usize)>,
    /// Gold documents with no prediction.
    pub missing: Vec<String>,
    /// Number of gold documents.
    pub documents: usize,
    /// The differences, relation fields only.
    pub misses: Vec<Miss>,
}

impl Report {
    /// Micro-averaged counts over the relation fields.
    pub fn relations(&self) -> Counts {
        let mut c = Counts::default();
        for f in RELATIONS {
            if let Some(x) = self.fields.get(f) {
                c.add(*x);
            }
        }
        c
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let order = [
            "awards",
            "awards_loose",
            "roles",
            "members",
            "targets",
            "events",
            "blocs",
            "agencies",
        ];
        for name in order {
            let c = self.fields.get(name).copied().unwrap_or_default();
            let (p, r, f1) = c.prf();
            writeln!(
                f,
                "{name:13} P {p:.3} R {r:.3} F1 {f1:.3}  (tp {} fp {} fn {})",
                c.tp, c.fp, c.fn_
            )?;
        }
        for name in ["title", "published", "byline"] {
            let (ok, n) = self.scalars.get(name).copied().unwrap_or_default();
            writeln!(f, "{name:13} exact {ok}/{n}")?;
        }
        if !self.missing.is_empty() {
            writeln!(
                f,
                "documents with no prediction: {} of {}: {}",
                self.missing.len(),
                self.documents,
                self.missing.join(", ")
            )?;
        }
        let (p, r, f1) = self.relations().prf();
        write!(
            f,
            "relations micro P {p:.3} R {r:.3} F1 {f1:.3} over {} documents",
            self.documents
        )
    }
}

/// The comparison key of a name: NFD without marks, `đ` -> `d`, lowercase, punctuation to
/// spaces, the word "và" dropped, "chiến sỹ" read as "chiến sĩ".
pub fn name_key(s: &str) -> String {
    let folded = crate::text::fold(s);
    let mut words = Vec::new();
    let mut cur = String::new();
    for c in folded.chars() {
        if c.is_alphanumeric() || c == '_' {
            cur.push(c);
        } else if !cur.is_empty() {
            words.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        words.push(cur);
    }
    words.retain(|w| w != "va");
    words.join(" ").replace("chien sy", "chien si")
}

fn opt_key(v: &Value) -> String {
    match v {
        Value::String(s) => name_key(s),
        _ => String::new(),
    }
}

fn bloc_key(v: &Value) -> String {
    let mut k = opt_key(v);
    for prefix in ["khoi thi dua ", "khoi ", "so "] {
        if let Some(rest) = k.strip_prefix(prefix) {
            k = rest.to_string();
        }
    }
    k
}

fn year(v: &Value) -> String {
    match v {
        Value::Number(n) => n
            .as_i64()
            .or_else(|| n.as_f64().map(|f| f as i64))
            .map(|y| y.to_string())
            .unwrap_or_default(),
        Value::String(s) => s
            .trim()
            .parse::<i64>()
            .map(|y| y.to_string())
            .unwrap_or_default(),
        _ => String::new(),
    }
}

fn status(v: &Value) -> String {
    v.as_str().unwrap_or("").to_string()
}

fn award_key(a: &Value, loose: bool) -> String {
    let who = match (&a["recipient"], &a["count"]) {
        (Value::String(s), _) if !s.is_empty() => name_key(s),
        (_, Value::Number(n)) if n.as_f64().unwrap_or(0.0) != 0.0 => format!("#{n}"),
        _ => "*".into(),
    };
    if loose {
        format!(
            "({}, {who}, {}, {})",
            year(&a["year"]),
            opt_key(&a["award"]),
            status(&a["status"])
        )
    } else {
        format!(
            "({}, {}, {who}, {}, {}, {})",
            year(&a["year"]),
            bloc_key(&a["bloc"]),
            opt_key(&a["award"]),
            opt_key(&a["grantor"]),
            status(&a["status"])
        )
    }
}

fn role_key(r: &Value) -> String {
    format!(
        "({}, {}, {}, {})",
        year(&r["year"]),
        bloc_key(&r["bloc"]),
        opt_key(&r["agency"]),
        status(&r["role"])
    )
}

fn member_key(m: &Value) -> String {
    format!("({}, {})", bloc_key(&m["bloc"]), opt_key(&m["agency"]))
}

fn target_key(t: &Value) -> String {
    let goals: Vec<&Value> = match (&t["goals"], &t["goal"]) {
        (Value::Array(g), _) => g.iter().collect(),
        (Value::Null, g) if !g.is_null() => vec![g],
        _ => vec![],
    };
    let mut goals: Vec<String> = goals.into_iter().map(opt_key).collect();
    goals.sort();
    goals.dedup();
    let value = match &t["value"] {
        Value::Number(n) => n.as_f64().map(|v| format!("{v}")).unwrap_or_default(),
        Value::String(s) => s
            .trim()
            .parse::<f64>()
            .map(|v| format!("{v}"))
            .unwrap_or_default(),
        _ => String::new(),
    };
    format!(
        "({}, {value}, {}, {{{}}})",
        year(&t["year"]),
        status(&t["comparator"]),
        goals.join(", ")
    )
}

fn event_key(e: &Value) -> String {
    format!("({}, {})", status(&e["kind"]), year(&e["year"]))
}

/// The base name of a path or `archive!member`: what follows the last `/`, as the reference
/// scorer reads it (`a.tar.gz!docs/x.txt` -> `x.txt`, `b.jsonl!3` -> `b.jsonl!3`).
pub fn base_name(s: &str) -> String {
    s.rsplit('/').next().unwrap_or(s).to_string()
}

/// Parses JSON Lines into `(base name, object)` pairs, keyed by `key` (or `file`/`source`/`path`).
pub fn parse_jsonl(text: &str, key: &str) -> Result<Vec<(String, Value)>, String> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let v: Value =
            serde_json::from_str(line).map_err(|e| format!("line {}: not JSON: {e}", n + 1))?;
        let name = [key, "file", "source", "path"]
            .iter()
            .find_map(|k| v.get(*k).and_then(Value::as_str))
            .ok_or_else(|| format!("line {}: no '{key}' field", n + 1))?
            .to_string();
        out.push((base_name(&name), v));
    }
    Ok(out)
}

fn date10(v: &Value) -> String {
    v.as_str()
        .map(|s| s.chars().take(10).collect())
        .unwrap_or_default()
}

/// Scores predictions against gold, both as `(base name, object)` lists.
pub fn score(gold: &[(String, Value)], pred: &[(String, Value)]) -> Report {
    let pred: BTreeMap<&str, &Value> = pred.iter().map(|(k, v)| (k.as_str(), v)).collect();
    let mut report = Report {
        documents: gold.len(),
        ..Report::default()
    };
    type KeyFn = fn(&Value) -> String;
    let fields: [(&str, &str, KeyFn); 6] = [
        ("awards", "awards", |a| award_key(a, false)),
        ("awards_loose", "awards", |a| award_key(a, true)),
        ("roles", "roles", role_key),
        ("members", "members", member_key),
        ("targets", "targets", target_key),
        ("events", "events", event_key),
    ];
    let empty = Value::Null;
    for (name, g) in gold {
        let p = match pred.get(name.as_str()) {
            Some(p) => *p,
            None => {
                report.missing.push(name.clone());
                &empty
            }
        };
        for (field, src, key) in fields {
            let set = |v: &Value| -> HashSet<String> {
                v[src]
                    .as_array()
                    .map(|a| a.iter().filter(|x| x.is_object()).map(key).collect())
                    .unwrap_or_default()
            };
            let (gs, ps) = (set(g), set(p));
            let c = report.fields.entry(field.to_string()).or_default();
            c.tp += gs.intersection(&ps).count();
            c.fp += ps.difference(&gs).count();
            c.fn_ += gs.difference(&ps).count();
            if RELATIONS.contains(&field) {
                let mut missed: Vec<&String> = gs.difference(&ps).collect();
                missed.sort();
                let mut extra: Vec<&String> = ps.difference(&gs).collect();
                extra.sort();
                for (kind, keys) in [("MISSED", missed), ("EXTRA", extra)] {
                    for k in keys {
                        report.misses.push(Miss {
                            doc: name.clone(),
                            field: field.to_string(),
                            kind,
                            key: k.clone(),
                        });
                    }
                }
            }
        }
        for (field, key) in [("blocs", bloc_key as KeyFn), ("agencies", opt_key)] {
            let gs: HashSet<String> = g[field]
                .as_array()
                .map(|a| a.iter().map(key).collect())
                .unwrap_or_default();
            let ps: HashSet<String> = p[field]
                .as_array()
                .map(|a| {
                    a.iter()
                        .map(|x| {
                            if x.is_object() {
                                key(&x["name"])
                            } else {
                                key(x)
                            }
                        })
                        .collect()
                })
                .unwrap_or_default();
            let c = report.fields.entry(field.to_string()).or_default();
            c.tp += gs.intersection(&ps).count();
            c.fp += ps.difference(&gs).count();
            c.fn_ += gs.difference(&ps).count();
        }
        for (field, key) in [
            ("title", opt_key as KeyFn),
            ("byline", opt_key),
            ("published", date10),
        ] {
            if !g[field].is_null() {
                let s = report.scalars.entry(field.to_string()).or_default();
                s.1 += 1;
                if key(&p[field]) == key(&g[field]) {
                    s.0 += 1;
                }
            }
        }
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn name_key_ignores_case_marks_and_va() {
        assert_eq!(
            name_key("Sở Kế hoạch và Đầu tư"),
            name_key("Sở Kế hoạch đầu tư")
        );
        assert_ne!(name_key("Sở KH&ĐT"), name_key("Sở Kế hoạch và Đầu tư"));
        assert_eq!(name_key("Chiến sỹ thi đua"), "chien si thi dua");
    }

    #[test]
    fn scores_awards_and_misses() {
        let gold = vec![(
            "a.txt".to_string(),
            json!({"file": "x/a.txt", "awards": [
                {"year": 2018, "bloc": "Khối thi đua Khối 5", "recipient": "Sở Tài chính",
                 "count": null, "award": "Cờ thi đua", "grantor": "Chính phủ", "status": "proposed"}
            ], "events": [{"kind": "year_end_review", "year": 2018}]}),
        )];
        let pred = vec![(
            "a.txt".to_string(),
            json!({"source": "a.txt", "awards": [
                {"year": 2018, "bloc": "Khối 5", "recipient": "Sở tài chính",
                 "award": "Cờ thi đua", "grantor": "Chính phủ", "status": "proposed"}
            ], "events": [{"kind": "covenant_signing", "year": 2018}]}),
        )];
        let r = score(&gold, &pred);
        assert_eq!(
            r.fields["awards"],
            Counts {
                tp: 1,
                fp: 0,
                fn_: 0
            }
        );
        assert_eq!(
            r.fields["events"],
            Counts {
                tp: 0,
                fp: 1,
                fn_: 1
            }
        );
        let rel = r.relations();
        assert_eq!((rel.tp, rel.fp, rel.fn_), (1, 1, 1));
        assert_eq!(r.misses.len(), 2);
    }
}
