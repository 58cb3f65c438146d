//! One REPL input, parsed by the grammar's `repl_line`: a `:command`, `why UNIT [INDICATOR]`,
//! or a query. The REPL turns a command's name and argument into its typed command.

use pest::iterators::Pair;

use super::ast::{Name, Query};
use super::parser::{parse, Rule, Walker};
use crate::codes;
use crate::diag::Diag;
use crate::source::{Source, Span, Spanned};

/// What a REPL input says, before the REPL knows its commands.
#[derive(Clone, Debug, PartialEq)]
pub enum ReplLine {
    /// A blank line or a comment.
    Empty,
    /// `:name [argument]` (or `help`, `quit`, `exit` on their own); the argument as written.
    Command {
        name: Spanned<String>,
        arg: Option<Spanned<String>>,
    },
    /// `why UNIT [INDICATOR]` (or `explain`).
    Why {
        unit: Name,
        indicator: Option<Name>,
    },
    Query(Box<Spanned<Query>>),
    /// `check CLAIM`: one claim checked against the data (`cix audit` for one line).
    Check(Box<super::scalar::Claim>),
    /// `uncertainty of UNIT…` / `uncertainty top N`: rank intervals (chapter 8).
    Uncertainty(super::uncertainty::Ask),
}

/// Parse one REPL input (it may span lines): a command or table query (`repl_line`), else
/// `check CLAIM`, else a scalar query.
pub fn parse_repl_line(source: &Source) -> Result<ReplLine, Diag> {
    parse_line(source).or_else(|table| {
        let trimmed = source.text().trim_start();
        let is_check = trimmed.starts_with("check") || trimmed.starts_with("核对");
        if is_check {
            if let Ok(claim) = super::scalar::parse_check(source) {
                return Ok(ReplLine::Check(Box::new(claim)));
            }
        }
        match super::scalar::parse_scalar(source) {
            Ok(q) => Ok(ReplLine::Query(Box::new(q))),
            Err(scalar) => {
                let check = is_check
                    .then(|| super::scalar::parse_check(source).err())
                    .flatten();
                let best = super::scalar::better(table, scalar);
                Err(check.map_or(best.clone(), |c| super::scalar::better(best, c)))
            }
        }
    })
}

fn parse_line(source: &Source) -> Result<ReplLine, Diag> {
    let mut pairs = parse(source, Rule::repl_line, codes::E002)?;
    let mut walker = Walker {
        source,
        errors: Vec::new(),
    };
    let line = pairs.next().map(|p| p.into_inner());
    let mut result = ReplLine::Empty;
    for pair in line.into_iter().flatten() {
        result = match pair.as_rule() {
            Rule::repl_command => command(pair),
            Rule::bare_command => ReplLine::Command {
                name: Spanned::new(pair.as_str().to_string(), pair.as_span().into()),
                arg: None,
            },
            Rule::why_line => {
                let mut names = pair.into_inner().map(|p| walker.name(p));
                match names.next() {
                    Some(unit) => ReplLine::Why {
                        unit,
                        indicator: names.next(),
                    },
                    None => ReplLine::Empty,
                }
            }
            Rule::query => ReplLine::Query(Box::new(walker.query(pair))),
            Rule::uncertainty_ask => match walker.ask(pair) {
                Some(a) => ReplLine::Uncertainty(a),
                None => continue,
            },
            _ => continue,
        };
    }
    match walker.errors.into_iter().next() {
        Some(e) => Err(e),
        None => Ok(result),
    }
}

fn command(pair: Pair<'_, Rule>) -> ReplLine {
    let mut inner = pair.into_inner();
    let name = inner.next().map_or_else(
        || Spanned::new(String::new(), Span::default()),
        |p| Spanned::new(p.as_str().to_string(), p.as_span().into()),
    );
    let arg = inner.next().map(|p| {
        let text = p.as_str();
        let trimmed = text.trim_end();
        let start = p.as_span().start();
        Spanned::new(
            trimmed.to_string(),
            Span::new(start, start.saturating_add(trimmed.len())),
        )
    });
    ReplLine::Command { name, arg }
}

/// Whether a REPL input typed at a terminal needs another line: the parser stopped at the very
/// end of it (an open bracket or string, a trailing `and`, `或` or comma, `top 10 by`). An
/// input whose last line is blank is complete: pressing Enter twice always runs it.
pub fn needs_more(text: &str) -> bool {
    let last_line_blank = text.contains('\n')
        && text
            .rsplit('\n')
            .next()
            .is_some_and(|l| l.trim().is_empty());
    if last_line_blank || text.trim().is_empty() {
        return false;
    }
    if let Err(problem) = super::scan::scan(text) {
        return !matches!(problem, super::scan::Problem::TooDeep(..));
    }
    let source = Source::new("repl", text.to_string());
    match parse(&source, Rule::repl_line, codes::E002) {
        Ok(_) => false,
        // The parser reached the end of the input and wanted more (in the language spoken).
        Err(d) => {
            d.message == t!("syntax.query_ends_early") || d.message == t!("syntax.spec_ends_early")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_parser_says_when_an_input_needs_another_line() {
        for text in [
            "compare 杭州,",
            "corr 智慧管理、",
            "where 区域 = 华东 and",
            "where 区域 = 华东 或",
            "where 区域 = 华东 且",
            "where 区域 in [华东,",
            "top 10 by",
            "why 杭州 \"智慧",
            "compare 杭州, # more to come",
        ] {
            assert!(needs_more(text), "{text}");
        }
        for text in [
            "top 10 by 总分",
            "top 10 总分",
            "# a comment with an unbalanced \"",
            ":help",
            "top 10\n",
            "",
        ] {
            assert!(!needs_more(text), "{text}");
        }
    }

    #[test]
    fn repl_lines() {
        let parse = |t: &str| parse_repl_line(&Source::new("repl", t.to_string()));
        assert_eq!(parse("  # nothing").unwrap(), ReplLine::Empty);
        assert!(matches!(parse(":load a b.cix ").unwrap(),
            ReplLine::Command { name, arg: Some(a) } if name.node == "load" && a.node == "a b.cix"));
        assert!(matches!(
            parse("explain 杭州").unwrap(),
            ReplLine::Why {
                indicator: None,
                ..
            }
        ));
        assert!(matches!(
            parse("top 3 by 总分").unwrap(),
            ReplLine::Query(_)
        ));
    }
}
