//! `thidua normalize`: the decoded, repaired, normalized text of a document.

use anyhow::Context;
use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;
use thidua::model::RawDoc;
use thidua::text;

/// Arguments of `thidua normalize`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  thidua normalize page.html\n  cat old.txt | thidua normalize - --explain"
)]
pub struct Args {
    /// A file, or `-` for standard input.
    pub path: PathBuf,
    /// Also list what was detected, repaired and removed.
    #[arg(long)]
    pub explain: bool,
}

/// Runs `thidua normalize`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let (source, bytes) = if args.path.as_os_str() == "-" {
        let mut b = Vec::new();
        std::io::stdin()
            .read_to_end(&mut b)
            .context("reading standard input")?;
        ("-".to_string(), b)
    } else {
        let b = std::fs::read(&args.path)
            .with_context(|| format!("reading {}", args.path.display()))?;
        (args.path.display().to_string(), b)
    };
    let format = thidua::source::format_of(&source, &bytes);
    let raw = RawDoc {
        source: source.clone(),
        bytes,
        format,
        ..RawDoc::default()
    };
    let prepared = text::prepare(&raw).with_context(|| source.clone())?;
    let a = &prepared.article;
    if let Some(t) = &a.title {
        println!("{t}");
    }
    for (label, v) in [
        ("published", &a.published),
        ("byline", &a.byline),
        ("source", &a.source_prefix),
        ("province", &a.province),
    ] {
        if let Some(v) = v {
            println!("[{label}: {v}]");
        }
    }
    println!();
    println!("{}", a.body);
    if args.explain {
        explain(&prepared);
    }
    Ok(ExitCode::SUCCESS)
}

/// Prints what was detected, repaired and removed, to standard error.
fn explain(p: &text::Prepared) {
    let r = &p.report;
    let a = &p.article;
    eprintln!("== explain");
    eprintln!("encoding: {}", r.encoding);
    eprintln!("id: {}", a.id);
    if let Some(u) = &a.url {
        eprintln!("url: {u}");
    }
    if r.repairs.is_empty() {
        eprintln!("repairs: none (the text was already clean)");
    } else {
        eprintln!("repairs:");
        for rep in &r.repairs {
            eprintln!("  {:<22} {}", rep.kind, rep.count);
        }
    }
    if r.removed.is_empty() {
        eprintln!("removed: nothing");
    } else {
        eprintln!("removed ({} lines):", r.removed.len());
        for rem in &r.removed {
            let mut t: String = rem.text.chars().take(100).collect();
            if rem.text.chars().count() > 100 {
                t.push('…');
            }
            eprintln!("  [{}] {}", rem.reason, t);
        }
    }
    let body_chars = a.body.chars().count();
    eprintln!(
        "body: {} paragraphs, {} characters; offset map: {} anchors into {} bytes of {} text",
        a.body.lines().count(),
        body_chars,
        p.body_map.anchors(),
        p.original.len(),
        r.encoding
    );
    if let (Some(p), Some(why)) = (&a.province, &r.province_basis) {
        eprintln!("province: {p}, {why}");
    }
}
