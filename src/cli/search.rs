//! `thidua search`: full-text search with filters and facets.

use super::DEFAULT_INDEX;
use anyhow::Context;
use std::path::PathBuf;
use std::process::ExitCode;
use thidua::index::{Filters, SearchRequest, Searcher, SortBy};

/// Arguments of `thidua search`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  thidua search \"co thi dua\"\n  thidua search '\"Cờ thi đua\" AND Chính phủ' --year 2020 --facets\n  thidua search 'title:tổng kết' --bloc \"Nội chính\" --sort date --json"
)]
pub struct Args {
    /// The query: words (with or without diacritics), "phrases", AND/OR/NOT, title:word.
    pub query: String,
    /// Index directory.
    #[arg(long, default_value = DEFAULT_INDEX)]
    pub index: PathBuf,
    /// Most hits shown.
    #[arg(long, default_value_t = 10)]
    pub limit: usize,
    /// Only articles about this bloc.
    #[arg(long)]
    pub bloc: Option<String>,
    /// Only articles naming this agency.
    #[arg(long)]
    pub agency: Option<String>,
    /// Only articles naming this award type.
    #[arg(long)]
    pub award: Option<String>,
    /// Only articles from this province.
    #[arg(long)]
    pub province: Option<String>,
    /// Only this year.
    #[arg(long)]
    pub year: Option<i32>,
    /// From this year, inclusive.
    #[arg(long)]
    pub from: Option<i32>,
    /// To this year, inclusive.
    #[arg(long)]
    pub to: Option<i32>,
    /// Order of the hits.
    #[arg(long, value_parser = ["relevance", "date"], default_value = "relevance")]
    pub sort: String,
    /// Count hits per bloc, agency, award, province and year.
    #[arg(long)]
    pub facets: bool,
    /// Print JSON (hits and facet counts) instead of text.
    #[arg(long)]
    pub json: bool,
}

/// Runs `thidua search`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let searcher = Searcher::open(&args.index)
        .with_context(|| format!("opening index {}", args.index.display()))?;
    let req = SearchRequest {
        query: args.query.clone(),
        limit: args.limit,
        filters: Filters {
            bloc: args.bloc,
            agency: args.agency,
            award: args.award,
            province: args.province,
            year: args.year,
            from: args.from,
            to: args.to,
        },
        sort: if args.sort == "date" {
            SortBy::Date
        } else {
            SortBy::Relevance
        },
        facets: args.facets,
    };
    let res = searcher.search(&req)?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&res)?);
        return Ok(ExitCode::SUCCESS);
    }
    println!("{} matching documents", res.total);
    for (i, h) in res.hits.iter().enumerate() {
        println!();
        println!(
            "{:>2}. {}  [{}]  score {:.2}",
            i + 1,
            h.title.as_deref().unwrap_or("(no title)"),
            h.published.as_deref().unwrap_or("no date"),
            h.score
        );
        println!("    {}", h.source);
        println!("    {}", highlight(&h.snippet, &h.highlights));
    }
    for (name, counts) in &res.facets {
        println!();
        println!("{name}:");
        for (v, n) in counts {
            println!("  {n:>5}  {v}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The snippet with highlighted words in bold when the output is a terminal, in [brackets] otherwise.
fn highlight(snippet: &str, spans: &[thidua::model::Span]) -> String {
    use std::io::IsTerminal;
    let tty = std::io::stdout().is_terminal();
    let (open, close) = if tty {
        ("\x1b[1;33m", "\x1b[0m")
    } else {
        ("[", "]")
    };
    let mut out = String::with_capacity(snippet.len() + spans.len() * 8);
    let mut last = 0;
    for s in spans {
        if s.start < last || s.end > snippet.len() {
            continue;
        }
        out.push_str(&snippet[last..s.start]);
        out.push_str(open);
        out.push_str(&snippet[s.start..s.end]);
        out.push_str(close);
        last = s.end;
    }
    out.push_str(&snippet[last..]);
    out.replace('\n', " ")
}
