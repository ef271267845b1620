//! Regression cases for the extraction rules: short texts, each with the facts a careful reader
//! takes from it (and, for traps, the facts that must not be read).
//!
//! `tests/regression/extract_cases.jsonl`, one case per line:
//! `{"id", "published"?, "title"?, "text", "expect": {field: [facts]}}` with facts written
//! compactly — awards `[year, bloc, recipient, count, award, grantor, status]`, roles
//! `[year, bloc, agency, role]`, members `[bloc, agency]`, events `[kind, year, date?]`, targets
//! `[year, value, comparator, [goals]]`, blocs `[name]`. Only the fields listed are checked,
//! with the scorer's comparison rules; an empty list means nothing may be read.

use serde_json::{Value, json};
use thidua::eval;
use thidua::extract::extract;
use thidua::model::{Article, Extraction, Record};

const CASES: &str = include_str!("regression/extract_cases.jsonl");

fn gold_fact(field: &str, f: &Value) -> Value {
    let a = f.as_array().cloned().unwrap_or_default();
    let at = |i: usize| a.get(i).cloned().unwrap_or(Value::Null);
    match field {
        "awards" => json!({"year": at(0), "bloc": at(1), "recipient": at(2), "count": at(3),
                           "award": at(4), "grantor": at(5), "status": at(6)}),
        "roles" => json!({"year": at(0), "bloc": at(1), "agency": at(2), "role": at(3)}),
        "members" => json!({"bloc": at(0), "agency": at(1)}),
        "events" => json!({"kind": at(0), "year": at(1), "date": at(2)}),
        "targets" => json!({"year": at(0), "value": at(1), "comparator": at(2), "goals": at(3)}),
        "blocs" => at(0),
        _ => Value::Null,
    }
}

fn run_case(case: &Value) -> Result<(), String> {
    let id = case["id"].as_str().unwrap_or("?").to_string();
    let article = Article {
        id: id.clone(),
        source: id.clone(),
        title: case["title"].as_str().map(str::to_string),
        published: case["published"].as_str().map(str::to_string),
        body: case["text"].as_str().unwrap_or("").to_string(),
        ..Article::default()
    };
    let extraction: Extraction = extract(&article);
    let record = Record {
        article,
        extraction,
        duplicate_sources: Vec::new(),
    };
    let pred_all = record.contract_json();
    let expect = case["expect"]
        .as_object()
        .ok_or(format!("{id}: no expect"))?;
    let mut problems = Vec::new();
    for (field, facts) in expect {
        let facts = facts.as_array().cloned().unwrap_or_default();
        let gold_facts: Vec<Value> = facts.iter().map(|f| gold_fact(field, f)).collect();
        let gold = vec![(id.clone(), json!({"file": id, field.as_str(): gold_facts}))];
        let pred = vec![(
            id.clone(),
            json!({"source": id, field.as_str(): pred_all[field.as_str()].clone()}),
        )];
        let report = eval::score(&gold, &pred);
        let c = report
            .fields
            .get(field.as_str())
            .copied()
            .unwrap_or_default();
        if c.fp > 0 || c.fn_ > 0 {
            let got: Vec<String> = pred_all[field.as_str()]
                .as_array()
                .map(|a| {
                    a.iter()
                        .map(|x| {
                            let mut x = x.clone();
                            if let Some(o) = x.as_object_mut() {
                                o.remove("evidence");
                                o.remove("mentions");
                                o.remove("aliases");
                                o.remove("subject");
                                o.remove("short_name");
                            }
                            x.to_string()
                        })
                        .collect()
                })
                .unwrap_or_default();
            problems.push(format!(
                "{id} {field}: expected {}, got [{}]",
                Value::Array(facts.clone()),
                got.join(", ")
            ));
        }
        if field == "events" {
            for f in &facts {
                let Some(date) = f.get(2).and_then(Value::as_str) else {
                    continue;
                };
                let ok = pred_all["events"].as_array().is_some_and(|evs| {
                    evs.iter().any(|e| {
                        e["kind"] == f[0] && e["year"] == f[1] && e["date"].as_str() == Some(date)
                    })
                });
                if !ok {
                    problems.push(format!("{id} events: no {} dated {date}", f[0]));
                }
            }
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}

#[test]
fn regression_cases() {
    let mut failures = Vec::new();
    let mut n = 0;
    for (i, line) in CASES.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with("//") {
            continue;
        }
        let case: Value = serde_json::from_str(line)
            .unwrap_or_else(|e| panic!("extract_cases.jsonl line {}: {e}", i + 1));
        n += 1;
        if let Err(e) = run_case(&case) {
            failures.push(e);
        }
    }
    assert!(n > 0, "no regression cases");
    assert!(
        failures.is_empty(),
        "{} of {n} regression cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
