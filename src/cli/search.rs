//! `thidua search`: full-text search with filters and facets.

use super::DEFAULT_INDEX;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use thidua::index::facets::FACETS;
use thidua::index::{Filters, SearchRequest, SearchResults, Searcher, SortBy};

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
    // The error names the directory and says how to build or rebuild the index.
    let searcher = Searcher::open(&args.index)?;
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
    let stdout = std::io::stdout();
    let text = if args.json {
        serde_json::to_string_pretty(&res)? + "\n"
    } else {
        render(&args.query, &res, req.sort, stdout.is_terminal())
    };
    match stdout.lock().write_all(text.as_bytes()) {
        // A closed pipe (`| head`) is the reader's choice, not an error.
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(anyhow::Error::new(e).context("writing the results"))
        }
        _ => Ok(ExitCode::SUCCESS),
    }
}

/// Most values shown per facet in text output (`--json` gives them all).
const FACET_VALUES_SHOWN: usize = 8;

/// The results as text: a summary line, then per hit its title, date, source and score, and the
/// snippet with the matched words marked; then the facet counts, one facet per line.
fn render(query: &str, res: &SearchResults, sort: SortBy, tty: bool) -> String {
    use std::fmt::Write;
    let (bold, off) = if tty {
        ("\x1b[1m", "\x1b[0m")
    } else {
        ("", "")
    };
    let mut out = String::new();
    let order = match sort {
        SortBy::Relevance => "best first",
        SortBy::Date => "newest first",
    };
    let _ = match (res.total, res.hits.len()) {
        (0, _) => writeln!(out, "no document matches {query:?}"),
        (1, 0) => writeln!(out, "1 document matches {query:?}"),
        (t, 0) => writeln!(out, "{t} documents match {query:?}"),
        (t, n) if n < t => writeln!(
            out,
            "{t} documents match {query:?}; the first {n}, {order}:"
        ),
        (1, _) => writeln!(out, "1 document matches {query:?}:"),
        (t, _) => writeln!(out, "{t} documents match {query:?}, {order}:"),
    };
    for (i, h) in res.hits.iter().enumerate() {
        let date = h
            .published
            .as_deref()
            .map_or("no date", |p| p.get(..10).unwrap_or(p));
        let _ = writeln!(
            out,
            "\n{:>3}. {bold}{}{off}",
            i + 1,
            h.title.as_deref().unwrap_or("(no title)")
        );
        let _ = writeln!(out, "     {date} · {} · score {:.2}", h.source, h.score);
        if !h.snippet.is_empty() {
            let _ = writeln!(out, "     {}", highlight(&h.snippet, &h.highlights, tty));
        }
    }
    let width = res
        .facets
        .keys()
        .map(|k| k.chars().count())
        .max()
        .unwrap_or(0);
    let mut first = true;
    let facets = FACETS
        .iter()
        .filter_map(|name| res.facets.get_key_value(*name));
    for (name, counts) in facets {
        if counts.is_empty() {
            continue;
        }
        if first {
            out.push('\n');
            first = false;
        }
        let shown: Vec<String> = counts
            .iter()
            .take(FACET_VALUES_SHOWN)
            .map(|(v, n)| format!("{v} ({n})"))
            .collect();
        let more = counts.len().saturating_sub(FACET_VALUES_SHOWN);
        let more = if more > 0 {
            format!(" · +{more} more")
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "{bold}{name:<width$}{off}  {}{more}",
            shown.join(" · ")
        );
    }
    out
}

/// The snippet with highlighted words in bold when the output is a terminal, in [brackets] otherwise.
fn highlight(snippet: &str, spans: &[thidua::model::Span], tty: bool) -> String {
    let (open, close) = if tty {
        ("\x1b[1;33m", "\x1b[0m")
    } else {
        ("[", "]")
    };
    let mut out = String::with_capacity(snippet.len() + spans.len() * 8);
    let mut last = 0;
    for s in spans {
        if s.start < last
            || s.end > snippet.len()
            || !snippet.is_char_boundary(s.start)
            || !snippet.is_char_boundary(s.end)
        {
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

#[cfg(test)]
mod tests {
    use super::*;
    use thidua::index::Hit;
    use thidua::model::Span;

    #[test]
    fn text_output_marks_words_and_lists_facets() {
        let mut res = SearchResults {
            total: 3,
            ..SearchResults::default()
        };
        res.hits.push(Hit {
            id: "0123456789abcdef".into(),
            source: "a/b.txt".into(),
            title: Some("Tổng kết".into()),
            published: Some("2020-01-10T08:00".into()),
            score: 1.5,
            snippet: "tặng Cờ thi đua".into(),
            highlights: vec![Span::new(7, 20)],
        });
        res.facets
            .insert("year".into(), vec![("2020".into(), 2), ("2019".into(), 1)]);
        let text = render("co thi dua", &res, SortBy::Relevance, false);
        assert!(text.starts_with("3 documents match \"co thi dua\"; the first 1, best first:"));
        assert!(text.contains("  1. Tổng kết\n     2020-01-10 · a/b.txt · score 1.50"));
        assert!(text.contains("tặng [Cờ thi đua]"), "{text}");
        assert!(text.contains("year  2020 (2) · 2019 (1)"), "{text}");
        let none = render("x", &SearchResults::default(), SortBy::Date, false);
        assert_eq!(none, "no document matches \"x\"\n");
    }
}
