//! The REPL's inputs as a typed [`Command`], parsed by the grammar (`repl_line`), and the one
//! table of `:commands` that parsing, `:help` and completion all read.

use std::path::PathBuf;

use crate::codes;
use crate::diag::Diag;
use crate::report::Format;
use crate::source::{Source, Spanned};
use crate::syntax::ast::{Name, Query};
use crate::syntax::{parse_repl_line, ReplLine};

/// One REPL input.
#[derive(Debug, PartialEq)]
pub enum Command {
    /// A blank line or a comment.
    Nothing,
    Help,
    Quit,
    Reload,
    Load(PathBuf),
    Data(PathBuf),
    Format(Format),
    Reports,
    Run(String),
    /// `why UNIT [INDICATOR]`: how a unit's score was built.
    Why {
        unit: Name,
        indicator: Option<Name>,
    },
    /// A query, with the source its spans point into.
    Query(Box<Spanned<Query>>, Source),
    /// `check CLAIM`: one claim's verdict.
    Check(Box<crate::syntax::scalar::Claim>, Source),
    /// `uncertainty of UNIT…` / `uncertainty top N`, with the source its spans point into.
    Uncertainty(crate::syntax::uncertainty::Ask, Source),
}

/// A `:command`: its name, aliases, argument and what it does.
pub struct CommandSpec {
    pub name: &'static str,
    pub aliases: &'static [&'static str],
    /// The argument in words (`SPEC`), when the command takes one.
    pub arg: Option<&'static str>,
    /// What it does: the key of its text in `locales/repl.yml`.
    pub what: &'static str,
}

/// Every `:command`. `quit`, `exit` and `help` also work without the colon.
pub const COMMANDS: &[CommandSpec] = &[
    CommandSpec {
        name: "help",
        aliases: &["h", "?"],
        arg: None,
        what: "repl.cmd_help",
    },
    CommandSpec {
        name: "load",
        aliases: &["l"],
        arg: Some("SPEC"),
        what: "repl.cmd_load",
    },
    CommandSpec {
        name: "reload",
        aliases: &["r"],
        arg: None,
        what: "repl.cmd_reload",
    },
    CommandSpec {
        name: "data",
        aliases: &[],
        arg: Some("FILE"),
        what: "repl.cmd_data",
    },
    CommandSpec {
        name: "format",
        aliases: &["f"],
        arg: Some("table|csv|json|md"),
        what: "repl.cmd_format",
    },
    CommandSpec {
        name: "reports",
        aliases: &[],
        arg: None,
        what: "repl.cmd_reports",
    },
    CommandSpec {
        name: "run",
        aliases: &[],
        arg: Some("REPORT"),
        what: "repl.cmd_run",
    },
    CommandSpec {
        name: "quit",
        aliases: &["q", "exit"],
        arg: None,
        what: "repl.cmd_quit",
    },
];

/// Query forms, for `:help` (examples, the same in both languages; the lines that explain are
/// in `locales/repl.yml`).
pub const QUERY_HELP: &[&str] = &[
    "top 10 by 智慧服务 in 华南        top ten by 总分 per 区域        bottom 十五 by 总分",
    "rank by 总分 per 区域 show 总分, 得分率        rank of 杭州        show 杭州",
    "compare 杭州, 宁波, 深圳        mean 总分 by 区域        stats 智慧基础设施 by 区域",
    "mean 总分 by 省份 where 行政级别 != 直辖市        mean 总分 by 行政级别 top 50",
    "count by 行政级别        histogram 总分 step 10        histogram 总分 edges 20, 30, 40",
    "corr 智慧管理, 智慧服务, 智慧经济 [with p]",
    "where 区域 = 华东 and 智慧服务 >= 10 sort 总分 desc",
];

/// `:help`'s text, from [`QUERY_HELP`] and [`COMMANDS`].
pub fn help_text() -> String {
    let mut s = format!("{}\n", t!("repl.help_queries"));
    // Examples with what they do, the explanation in the language spoken.
    let explained = [
        ("why 杭州 [\"智慧服务\"]        ", t!("repl.help_why")),
        (
            "rate 总分 in 华南 · share where 总分 >= 60 · mean 总分 in 省会 - mean 总分 in 地级市   ",
            t!("repl.help_scalar"),
        ),
        ("check mean 总分 = 40.05       ", t!("repl.help_claim")),
        ("", t!("repl.help_clauses")),
        ("", t!("repl.help_continue")),
    ];
    for l in QUERY_HELP {
        s.push_str("  ");
        s.push_str(l);
        s.push('\n');
    }
    for (example, what) in explained {
        s.push_str(&format!("  {example}{what}\n"));
    }
    s.push_str(&format!("{}\n", t!("repl.help_commands")));
    for c in COMMANDS {
        let usage = match c.arg {
            Some(arg) => format!(":{} {arg}", c.name),
            None => format!(":{}", c.name),
        };
        let aliases: Vec<String> = c.aliases.iter().map(|a| format!(":{a}")).collect();
        let also = if aliases.is_empty() {
            String::new()
        } else {
            t!(
                "repl.help_also",
                aliases = aliases.join(crate::lang::list_separator())
            )
            .into_owned()
        };
        s.push_str(&format!("  {usage:<28} {}{also}\n", t!(c.what)));
    }
    s
}

/// The command a name or alias stands for.
pub fn lookup(name: &str) -> Option<&'static CommandSpec> {
    COMMANDS
        .iter()
        .find(|c| c.name == name || c.aliases.contains(&name))
}

/// Parse one REPL input that starts on line `line` of the session (1-based): diagnostics are
/// located `repl:LINE:COLUMN`.
pub fn parse(input: &str, line: usize) -> Result<Command, Diag> {
    let source = Source::at_line("repl", input, line);
    Ok(match parse_repl_line(&source)? {
        ReplLine::Empty => Command::Nothing,
        ReplLine::Why { unit, indicator } => Command::Why { unit, indicator },
        ReplLine::Query(q) => Command::Query(q, source),
        ReplLine::Check(c) => Command::Check(c, source),
        ReplLine::Uncertainty(a) => Command::Uncertainty(a, source),
        ReplLine::Command { name, arg } => command(&source, &name, arg.as_ref())?,
    })
}

fn command(
    source: &Source,
    name: &Spanned<String>,
    arg: Option<&Spanned<String>>,
) -> Result<Command, Diag> {
    let word = name.node.replace('？', "?");
    let Some(spec) = lookup(&word) else {
        return Err(
            Diag::error(codes::E009, t!("repl.unknown_command", word = word))
                .in_source(source)
                .label(name.span, t!("repl.not_a_command"))
                .help(match suggestion(&word) {
                    Some(s) => t!("repl.suggest_and_help", suggestion = s),
                    None => t!("repl.help_lists"),
                }),
        );
    };
    let usage = |what: &str| {
        Diag::error(codes::E010, what.to_string())
            .in_source(source)
            .help(t!(
                "repl.usage",
                usage = format!(
                    ":{}{}",
                    spec.name,
                    spec.arg.map(|a| format!(" {a}")).unwrap_or_default()
                )
            ))
    };
    let arg = match (spec.arg, arg) {
        (Some(_), Some(a)) => Some(a),
        (None, None) => None,
        (Some(what), None) => {
            return Err(usage(&t!("repl.needs", name = spec.name, what = what))
                .label(name.span, t!("repl.argument_missing")))
        }
        (None, Some(a)) => {
            return Err(usage(&t!("repl.takes_no_argument", name = spec.name))
                .label(a.span, t!("repl.not_expected")))
        }
    };
    let text = arg.map(|a| a.node.clone()).unwrap_or_default();
    Ok(match spec.name {
        "help" => Command::Help,
        "quit" => Command::Quit,
        "reload" => Command::Reload,
        "reports" => Command::Reports,
        "load" => Command::Load(PathBuf::from(unquote(&text))),
        "data" => Command::Data(PathBuf::from(unquote(&text))),
        "run" => Command::Run(unquote(&text).to_string()),
        _ => match Format::parse(&text) {
            Some(f) => Command::Format(f),
            None => {
                let mut d = usage(&t!("repl.unknown_format", format = text));
                if let Some(a) = arg {
                    d = d.label(a.span, t!("repl.use_formats"));
                }
                let formats = ["table", "csv", "json", "md"];
                return Err(d.maybe_help(crate::suggest::did_you_mean(&text, formats)));
            }
        },
    })
}

/// "did you mean": the commands the word begins (`:re` → `:reload` or `:reports`), else the
/// closest command name.
fn suggestion(word: &str) -> Option<String> {
    let names = COMMANDS.iter().map(|c| c.name);
    let starting: Vec<String> = names
        .clone()
        .filter(|n| n.starts_with(word))
        .map(|n| format!("`{n}`"))
        .collect();
    match starting.split_last() {
        Some((last, [])) => Some(format!("did you mean {last}?")),
        Some((last, rest)) => Some(format!("did you mean {} or {last}?", rest.join(", "))),
        None => crate::suggest::did_you_mean(word, names),
    }
}

/// An argument written in quotes (`:run "省份 均值"`) without them.
fn unquote(text: &str) -> &str {
    [('"', '"'), ('“', '”'), ('「', '」')]
        .iter()
        .find_map(|(o, c)| text.strip_prefix(*o).and_then(|t| t.strip_suffix(*c)))
        .unwrap_or(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_and_aliases() {
        assert_eq!(parse(":h", 1).unwrap(), Command::Help);
        assert_eq!(parse(":?", 1).unwrap(), Command::Help);
        assert_eq!(parse("help", 1).unwrap(), Command::Help);
        assert_eq!(parse(":q", 1).unwrap(), Command::Quit);
        assert_eq!(parse("exit", 1).unwrap(), Command::Quit);
        assert_eq!(parse("：quit", 1).unwrap(), Command::Quit);
        assert_eq!(parse(":f csv", 1).unwrap(), Command::Format(Format::Csv));
        assert_eq!(
            parse(":run \"省份 均值\"", 1).unwrap(),
            Command::Run("省份 均值".into())
        );
        assert_eq!(parse("# a comment \"", 1).unwrap(), Command::Nothing);
        assert!(
            matches!(parse("why 杭州 \"智慧服务\"", 1).unwrap(), Command::Why { indicator: Some(i), .. } if i.node == "智慧服务")
        );
    }

    #[test]
    fn usage_errors_are_coded_and_located() {
        let d = parse(":relaod", 3).unwrap_err();
        assert_eq!(d.code, codes::E009);
        assert_eq!(d.location().unwrap(), "repl:3:2");
        assert!(d.help.unwrap().contains("did you mean `reload`?"));
        let d = parse(":re", 1).unwrap_err();
        assert!(d
            .help
            .unwrap()
            .contains("did you mean `reload` or `reports`?"));
        let d = parse(":format jsn", 1).unwrap_err();
        assert!(d.help.unwrap().contains("did you mean `json`?"));
        let d = parse(":format xml", 1).unwrap_err();
        assert_eq!(
            (d.code, d.location().unwrap()),
            (codes::E010, "repl:1:9".to_string())
        );
        let d = parse(":load", 1).unwrap_err();
        assert_eq!(d.code, codes::E010);
        let d = parse(":quit now", 1).unwrap_err();
        assert_eq!(d.code, codes::E010);
    }
}
