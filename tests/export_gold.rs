//! The tables built from records shaped like `corpus/gold.jsonl` agree with the gold: every gold
//! award outcome, role, member, event and target is one row of its table, with the same values,
//! and nothing else is there. Also checks the award matrix and the lineage on the corpus's
//! provinces (many of them merged on 1 July 2025).

use polars::prelude::*;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;
use thidua::export::lineage::{Lineage, LinkKind, agency_key, agency_province};
use thidua::export::rank::Ranking;
use thidua::export::{HistoryFilter, awards_table, build_tables};
use thidua::model::*;

fn gold() -> Vec<Value> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/gold.jsonl");
    let text = std::fs::read_to_string(&path).expect("corpus/gold.jsonl");
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("gold line is JSON"))
        .collect()
}

fn s(v: &Value) -> Option<String> {
    v.as_str().map(str::to_string)
}

fn i(v: &Value) -> Option<i32> {
    v.as_i64().map(|x| x as i32)
}

fn list<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    v[key].as_array().map(Vec::as_slice).unwrap_or(&[])
}

/// A record as the extractor would make it from the gold line (no text, no spans).
fn record(g: &Value) -> Record {
    let file = g["file"].as_str().unwrap().to_string();
    let title = s(&g["title"]);
    let article = Article {
        id: thidua::text::article_id(title.as_deref(), &file),
        source: file,
        title,
        published: s(&g["published"]),
        byline: s(&g["byline"]),
        province: s(&g["province"]),
        ..Article::default()
    };
    let ev = Evidence::default;
    let x = Extraction {
        blocs: list(g, "blocs")
            .iter()
            .map(|b| Bloc {
                name: s(b).unwrap(),
                kind: "bloc".into(),
                short_name: None,
                mentions: vec![],
            })
            .collect(),
        agencies: list(g, "agencies")
            .iter()
            .map(|a| Agency {
                name: s(a).unwrap(),
                aliases: vec![],
                mentions: vec![],
            })
            .collect(),
        events: list(g, "events")
            .iter()
            .map(|e| Event {
                kind: serde_json::from_value(e["kind"].clone()).unwrap(),
                year: i(&e["year"]),
                date: s(&e["date"]),
                bloc: None,
                evidence: ev(),
            })
            .collect(),
        awards: list(g, "awards")
            .iter()
            .map(|a| AwardOutcome {
                year: i(&a["year"]),
                bloc: s(&a["bloc"]),
                recipient: s(&a["recipient"]),
                count: a["count"].as_u64().map(|c| c as u32),
                award: s(&a["award"]).unwrap(),
                grantor: s(&a["grantor"]),
                status: serde_json::from_value(a["status"].clone()).unwrap(),
                evidence: ev(),
            })
            .collect(),
        roles: list(g, "roles")
            .iter()
            .map(|r| Role {
                year: i(&r["year"]),
                bloc: s(&r["bloc"]),
                agency: s(&r["agency"]).unwrap(),
                role: serde_json::from_value(r["role"].clone()).unwrap(),
                evidence: ev(),
            })
            .collect(),
        members: list(g, "members")
            .iter()
            .map(|m| Member {
                bloc: s(&m["bloc"]),
                agency: s(&m["agency"]).unwrap(),
                evidence: ev(),
            })
            .collect(),
        targets: list(g, "targets")
            .iter()
            .map(|t| Target {
                year: i(&t["year"]),
                value: t["value"].as_f64().unwrap(),
                comparator: s(&t["comparator"]).unwrap(),
                subject: s(&t["subject"]),
                goals: list(t, "goals").iter().filter_map(s).collect(),
                evidence: ev(),
            })
            .collect(),
        ..Extraction::default()
    };
    Record {
        article,
        extraction: x,
        duplicate_sources: vec![],
    }
}

/// The document name the scorer matches on: what follows the last `/`.
fn base(name: &str) -> String {
    name.rsplit('/').next().unwrap_or(name).to_string()
}

/// A cell of a frame as JSON, so frames and gold compare in one currency.
fn cell(df: &DataFrame, col: &str, row: usize) -> Value {
    let c = df.column(col).unwrap();
    match c.get(row).unwrap() {
        AnyValue::Null => Value::Null,
        AnyValue::Int32(x) => Value::from(x),
        AnyValue::Int64(x) => Value::from(x),
        AnyValue::Float64(x) => Value::from(x),
        AnyValue::List(s) => Value::from(
            s.str()
                .unwrap()
                .iter()
                .map(|x| Value::from(x.unwrap_or_default()))
                .collect::<Vec<_>>(),
        ),
        other => match other.get_str() {
            Some(x) => Value::from(x),
            None => {
                // Dates and enums: through their string form.
                let s = c.cast(&DataType::String).unwrap();
                Value::from(s.str().unwrap().get(row).unwrap_or_default())
            }
        },
    }
}

/// The rows of `df` as sorted JSON tuples of (document, columns...).
fn table_rows(df: &DataFrame, cols: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = (0..df.height())
        .map(|r| {
            let src = cell(df, "source", r);
            let mut v = vec![Value::from(base(src.as_str().unwrap()))];
            v.extend(cols.iter().map(|c| cell(df, c, r)));
            Value::from(v).to_string()
        })
        .collect();
    out.sort();
    out
}

/// The facts of the gold as sorted JSON tuples of (document, fields...).
fn gold_rows(gold: &[Value], key: &str, fields: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    for g in gold {
        let doc = base(g["file"].as_str().unwrap());
        for f in list(g, key) {
            let mut v = vec![Value::from(doc.clone())];
            for k in fields {
                let x = &f[*k];
                // Gold writes whole numbers as integers; the table's value column is a float.
                v.push(match (k, x) {
                    (&"value", Value::Number(n)) => Value::from(n.as_f64().unwrap()),
                    _ => x.clone(),
                });
            }
            out.push(Value::from(v).to_string());
        }
    }
    out.sort();
    out
}

fn diff(name: &str, got: &[String], want: &[String]) {
    let missing: Vec<&String> = want.iter().filter(|w| !got.contains(w)).collect();
    let extra: Vec<&String> = got.iter().filter(|g| !want.contains(g)).collect();
    assert!(
        missing.is_empty() && extra.is_empty() && got.len() == want.len(),
        "{name}: {} rows, gold {}\nmissing: {missing:#?}\nextra: {extra:#?}",
        got.len(),
        want.len()
    );
}

#[test]
fn tables_agree_with_the_gold() {
    let gold = gold();
    assert!(gold.len() >= 40);
    let records: Vec<Record> = gold.iter().map(record).collect();
    let t = build_tables(&records).unwrap();

    let award_fields = [
        "year",
        "bloc",
        "recipient",
        "count",
        "award",
        "grantor",
        "status",
    ];
    diff(
        "awards",
        &table_rows(t.get("awards").unwrap(), &award_fields),
        &gold_rows(&gold, "awards", &award_fields),
    );
    let role_fields = ["year", "bloc", "agency", "role"];
    diff(
        "roles",
        &table_rows(t.get("roles").unwrap(), &role_fields),
        &gold_rows(&gold, "roles", &role_fields),
    );
    let member_fields = ["bloc", "agency"];
    diff(
        "members",
        &table_rows(t.get("members").unwrap(), &member_fields),
        &gold_rows(&gold, "members", &member_fields),
    );
    let event_fields = ["kind", "year", "date"];
    diff(
        "events",
        &table_rows(t.get("events").unwrap(), &event_fields),
        &gold_rows(&gold, "events", &event_fields),
    );
    let target_fields = ["year", "value", "comparator", "subject", "goals"];
    diff(
        "targets",
        &table_rows(t.get("targets").unwrap(), &target_fields),
        &gold_rows(&gold, "targets", &target_fields),
    );
    // One article row per gold document, with its province and date.
    let articles = t.get("articles").unwrap();
    diff(
        "articles",
        &table_rows(articles, &["title", "province", "published", "byline"]),
        &{
            let mut v: Vec<String> = gold
                .iter()
                .map(|g| {
                    Value::from(vec![
                        Value::from(base(g["file"].as_str().unwrap())),
                        g["title"].clone(),
                        g["province"].clone(),
                        g["published"].clone(),
                        g["byline"].clone(),
                    ])
                    .to_string()
                })
                .collect();
            v.sort();
            v
        },
    );
}

#[test]
fn award_matrix_holds_the_best_gold_outcome_of_each_agency_and_year() {
    let gold = gold();
    let records: Vec<Record> = gold.iter().map(record).collect();
    let t = build_tables(&records).unwrap();
    let m = t.get("award_matrix").unwrap();
    let ranking = Ranking::parse(include_str!("../data/award_ranks.tsv")).unwrap();
    // Best rank and status per (province, recipient, year), from the gold directly.
    let mut best: BTreeMap<(String, String, i32), (i32, AwardStatus)> = BTreeMap::new();
    for g in &gold {
        let prov = g["province"].as_str().unwrap_or("").to_string();
        for a in list(g, "awards") {
            let (Some(rec), Some(year)) = (a["recipient"].as_str(), i(&a["year"])) else {
                continue;
            };
            let rank = ranking
                .rank(a["award"].as_str().unwrap(), a["grantor"].as_str())
                .rank
                .expect("every gold award type is ranked");
            let status: AwardStatus = serde_json::from_value(a["status"].clone()).unwrap();
            let e = best
                // An agency whose name states its province belongs to that province.
                .entry((
                    agency_province(rec, Some(&prov)).unwrap_or("").to_string(),
                    rec.to_string(),
                    year,
                ))
                .or_insert((rank, status));
            if (rank, std::cmp::Reverse(status)) < (e.0, std::cmp::Reverse(e.1)) {
                *e = (rank, status);
            }
        }
    }
    assert_eq!(m.height(), best.len(), "one matrix row per agency and year");
    let mut got: BTreeMap<(String, String, i32), (i32, AwardStatus)> = BTreeMap::new();
    for r in 0..m.height() {
        let prov = cell(m, "province", r).as_str().unwrap_or("").to_string();
        let agency = cell(m, "agency", r).as_str().unwrap().to_string();
        let year = cell(m, "year", r).as_i64().unwrap() as i32;
        let rank = cell(m, "award_rank", r).as_i64().unwrap() as i32;
        let status: AwardStatus = serde_json::from_value(cell(m, "status", r)).unwrap();
        got.insert((prov, agency, year), (rank, status));
    }
    assert_eq!(got, best);
}

#[test]
fn corpus_agencies_follow_the_2025_reorganisation() {
    let gold = gold();
    let records: Vec<Record> = gold.iter().map(record).collect();
    let t = build_tables(&records).unwrap();
    let a = t.get("agencies").unwrap();
    // Agency names that some lineage link renames or merges, in every province.
    let renamed: Vec<String> = Lineage::builtin()
        .links()
        .iter()
        .filter(|l| l.kind == LinkKind::Agency)
        .map(|l| agency_key(&l.predecessor))
        .collect();
    let mut checked = 0;
    for r in 0..a.height() {
        let province = cell(a, "province", r);
        let name = cell(a, "name", r);
        let succ = cell(a, "successor", r);
        let succ_prov = cell(a, "successor_province", r);
        match (province.as_str(), name.as_str().unwrap()) {
            // Provinces whose name ended on 1 July 2025 carry their agencies to the new province.
            (Some("Quảng Bình"), _) => {
                assert_eq!(succ_prov.as_str(), Some("Quảng Trị"), "{name}");
                checked += 1;
            }
            (Some("Kiên Giang"), _) => {
                assert_eq!(succ_prov.as_str(), Some("An Giang"), "{name}");
                checked += 1;
            }
            // Provinces that kept their name keep their agencies unless the agency itself merged.
            (Some("Nghệ An"), "Sở Kế hoạch và Đầu tư") => {
                assert_eq!(succ.as_str(), Some("Sở Tài chính"));
                assert_eq!(succ_prov.as_str(), Some("Nghệ An"));
                checked += 1;
            }
            (
                Some("Nghệ An" | "Hà Tĩnh" | "Thanh Hóa" | "Lạng Sơn" | "Sơn La" | "Quảng Ninh"),
                n,
            ) if !renamed.contains(&agency_key(n)) => {
                assert!(succ.is_null(), "{n}: {succ}");
                checked += 1;
            }
            _ => {}
        }
    }
    assert!(checked >= 10, "checked {checked}");

    // The history of Quảng Trị includes what Quảng Bình's agencies did, marked as such.
    let f = HistoryFilter {
        province: Some("Quảng Trị".into()),
        ..HistoryFilter::default()
    };
    let h = awards_table(&records, &f).unwrap();
    let via = h.column("via").unwrap().str().unwrap();
    let recipient_province = h.column("recipient_province").unwrap().str().unwrap();
    let mut from_quang_binh = 0;
    for r in 0..h.height() {
        if recipient_province.get(r) == Some("Quảng Bình") {
            from_quang_binh += 1;
            let v = via
                .get(r)
                .expect("a Quảng Bình outcome is marked in Quảng Trị's history");
            assert!(v.contains("Quảng Bình"), "{v}");
        } else {
            assert_eq!(recipient_province.get(r), Some("Quảng Trị"));
        }
    }
    assert!(from_quang_binh > 0);
}
