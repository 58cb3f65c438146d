//! `--help` in the language cix speaks. The binary's derived [`Command`] takes its texts from
//! the catalogue (`locales/cli.yml`) through `help = text(…)` attributes; [`localise`] then sets
//! what clap writes itself (the headings, `Usage:`, `Print help`, the `help` command, default
//! and possible values) and [`after`] writes the examples under each command's help. The
//! command lines of the examples are typed as written and stay the same in both languages.

use clap::builder::{Arg, Command};

use crate::lang::text;

/// One example: the command line as typed, and the catalogue key of its comment.
type Example = (&'static str, Option<&'static str>);

const ROOT: &[Example] = &[
    ("cix check examples/smart-city-2015/index.cix", None),
    (
        "cix run examples/smart-city-2015/index.cix all --format md --out reports/",
        None,
    ),
    (
        "cix query examples/smart-city-2015/index.cix 'top 10 by 智慧服务 in 华南'",
        None,
    ),
    ("cix explain examples/raw-scoring/index.cix 宁波", None),
    ("cix repl examples/smart-city-2015/index.cix", None),
];

const CHECK: &[Example] = &[
    ("cix check examples/smart-city-2015/index.cix", None),
    (
        "cix check examples/smart-city-2015/index.cix --data cities-2016.csv",
        None,
    ),
];

const RUN: &[Example] = &[
    (
        "cix run examples/smart-city-2015/index.cix",
        Some("cli.ex_first_report"),
    ),
    ("cix run examples/smart-city-2015/index.cix all --format csv", None),
    (
        "cix run examples/smart-city-2015/index.cix all --out reports/ --format md",
        None,
    ),
    (
        "cix run examples/smart-city-2016-draft/index.cix --compare examples/smart-city-2015/index.cix",
        None,
    ),
];

const DIFF: &[Example] = &[
    (
        "cix diff examples/smart-city-2014/index.cix examples/smart-city-2014/2015-as-change.cix",
        None,
    ),
    ("cix diff OLD.cix NEW.cix --format md > CHANGES.md", None),
];

const FMT: &[Example] = &[
    ("cix fmt examples/*/index.cix", None),
    ("cix fmt --check index.cix", Some("cli.ex_in_ci")),
];

const EXPLAIN: &[Example] = &[
    (
        "cix explain examples/raw-scoring/index.cix 宁波",
        Some("cli.ex_step_by_step"),
    ),
    (
        "cix explain examples/smart-city-2015/index.cix 杭州 智慧服务",
        None,
    ),
];

const QUERY: &[Example] = &[
    (
        "cix query examples/smart-city-2015/index.cix 'top ten by 智慧服务 in 华南'",
        None,
    ),
    (
        "cix query examples/smart-city-2015/index.cix '前十 按 智慧服务 在 华南'",
        None,
    ),
    (
        "cix query examples/smart-city-2015/index.cix 'mean 总分 by 区域' --format csv",
        None,
    ),
    (
        "cix query examples/smart-city-2015/index.cix 'where 区域 = 华东 and 智慧服务 >= 10 sort 总分 desc'",
        None,
    ),
];

const SQL: &[Example] = &[
    (
        "cix sql examples/smart-city-2015/index.cix",
        Some("cli.ex_overall_duckdb"),
    ),
    (
        "cix sql examples/smart-city-2015/index.cix --dialect postgres --report 华南排名",
        None,
    ),
    (
        "cix sql examples/smart-city-2015/index.cix --dialect spark --table cities_2015",
        None,
    ),
];

const AUDIT: &[Example] = &[
    (
        "cix audit examples/smart-city-2015/index.cix examples/smart-city-2015/claims.cix",
        None,
    ),
    (
        "cix audit index.cix claims.cix --format csv > audit.csv",
        None,
    ),
];

const REPL: &[Example] = &[
    ("cix repl examples/smart-city-2015/index.cix", None),
    (
        "echo 'top 3 by 总分' | cix repl examples/smart-city-2015/index.cix",
        None,
    ),
];

const REPORT: &[Example] = &[
    (
        "cix report examples/smart-city-2015/index.cix --out report.html",
        None,
    ),
    (
        "cix report examples/smart-city-2015/index.cix --unit 杭州 --out 杭州.html",
        None,
    ),
];

const UNCERTAINTY: &[Example] = &[
    (
        "cix uncertainty examples/smart-city-2015/index.cix --vary-weights 25%",
        None,
    ),
    (
        "cix uncertainty examples/smart-city-2015/index.cix --runs 10000 --seed 7 --format csv",
        None,
    ),
];

const SENSITIVITY: &[Example] = &[
    ("cix sensitivity examples/smart-city-2015/index.cix", None),
    (
        "cix sensitivity examples/smart-city-2015/index.cix --runs 2000 --vary-weights 50% --format md",
        None,
    ),
];

const COMPLETIONS: &[Example] = &[
    (
        "cix completions bash > ~/.local/share/bash-completion/completions/cix",
        None,
    ),
    ("cix completions zsh > ~/.zfunc/_cix", None),
    (
        "cix completions fish > ~/.config/fish/completions/cix.fish",
        None,
    ),
    ("cix completions powershell >> $PROFILE", None),
];

const COHERENCE: &[Example] = &[
    ("cix coherence examples/smart-city-2015/index.cix", None),
    (
        "cix coherence examples/smart-city-2015/index.cix --format md",
        None,
    ),
];

/// The query forms under `cix query --help`: the form as typed, and the key of what it answers.
const FORMS: &[(&str, Option<&str>)] = &[
    ("rank by X", Some("cli.forms_rank")),
    ("top N by X / bottom N by X", Some("cli.forms_top")),
    ("rank of U[, V] [by X]", Some("cli.forms_rank_of")),
    ("show U", Some("cli.forms_show")),
    ("compare U, V", Some("cli.forms_compare")),
    ("stats X [by ATTR]", Some("cli.forms_stats")),
    ("count by ATTR", Some("cli.forms_count")),
    ("histogram X step S | edges A, B, …", None),
    ("corr X, Y[, Z] [with p]", Some("cli.forms_corr")),
    ("where COND", Some("cli.forms_where")),
];

/// The scalar forms (one number), typed as written.
const SCALARS: &[&str] = &[
    "mean|median|min|max|sum|sd|qd|range|rate X [in G] [where COND]",
    "count [ATTR] [in G] [where …]  share [in G] where COND   weight X   X of U",
    "rank of U [by X] [in G]        corr X, Y [in G]           count level K",
];

/// The width of the forms' first column.
const FORM_WIDTH: usize = 31;

/// The text under a command's help (`""` for the whole program): its examples and notes, in
/// the current language.
pub fn after(command: &str) -> String {
    let (examples, note) = match command {
        "check" => (CHECK, None),
        "run" => (RUN, None),
        "diff" => (DIFF, None),
        "fmt" => (FMT, None),
        "explain" => (EXPLAIN, None),
        "query" => (QUERY, Some("cli.forms_note")),
        "sql" => (SQL, Some("cli.note_sql")),
        "audit" => (AUDIT, Some("cli.note_audit")),
        "repl" => (REPL, None),
        "report" => (REPORT, None),
        "uncertainty" => (UNCERTAINTY, Some("cli.note_uncertainty")),
        "sensitivity" => (SENSITIVITY, None),
        "coherence" => (COHERENCE, None),
        "completions" => (COMPLETIONS, None),
        _ => (ROOT, Some("cli.note_root")),
    };
    let mut out = String::new();
    if command == "query" {
        out.push_str(&forms());
        out.push('\n');
    }
    out.push_str(&text("cli.examples", &[]));
    for (line, comment) in examples {
        out.push_str("\n  ");
        out.push_str(line);
        if let Some(key) = comment {
            out.push_str("  # ");
            out.push_str(&text(key, &[]));
        }
    }
    if let Some(key) = note {
        out.push_str("\n\n");
        out.push_str(&text(key, &[]));
    }
    out
}

/// The query forms and what each answers.
fn forms() -> String {
    let mut out = text("cli.forms_heading", &[]);
    for (form, what) in FORMS {
        out.push_str("\n  ");
        match what {
            Some(key) => {
                let what = text(key, &[]);
                out.push_str(&format!("{form:<FORM_WIDTH$}{what}"));
            }
            None => out.push_str(form),
        }
    }
    out.push('\n');
    out.push_str(&text("cli.forms_scalar", &[]));
    for line in SCALARS {
        out.push_str("\n  ");
        out.push_str(line);
    }
    out.push('\n');
    out
}

/// The program's command with what clap writes itself in the current language: the headings,
/// `Usage:`, the help and version flags, the `help` command, default and possible values.
pub fn localise(mut cmd: Command) -> Command {
    // Built first, so that clap's own flags and `help` command exist to be translated.
    cmd.build();
    tree(cmd)
}

fn tree(cmd: Command) -> Command {
    let template = template(&cmd);
    cmd.help_template(template)
        .mut_args(arg)
        .mut_subcommands(|sub| {
            let sub = tree(sub);
            if sub.get_name() == "help" {
                sub.about(text("cli.help_command", &[]))
            } else {
                sub
            }
        })
}

/// clap's help layout with cix's headings: usage, then the commands, arguments and options
/// that the command has, each under its heading.
fn template(cmd: &Command) -> String {
    let mut out = String::from("{before-help}{about-with-newline}\n");
    out.push_str(&text("cli.usage", &[("usage", "{usage}")]));
    let sections = [
        (
            cmd.has_subcommands(),
            "cli.heading_commands",
            "{subcommands}",
        ),
        (
            cmd.get_positionals().next().is_some(),
            "cli.heading_arguments",
            "{positionals}",
        ),
        (
            cmd.get_arguments().any(|a| !a.is_positional()),
            "cli.heading_options",
            "{options}",
        ),
    ];
    for (_, heading, items) in sections.iter().filter(|s| s.0) {
        out.push_str("\n\n");
        out.push_str(&text(heading, &[]));
        out.push('\n');
        out.push_str(items);
    }
    out.push_str("{after-help}");
    out
}

fn arg(a: Arg) -> Arg {
    let a = match a.get_id().as_str() {
        "help" => a.help(text("cli.flag_help", &[])).long_help(None::<&str>),
        "version" => a.help(text("cli.flag_version", &[])),
        _ => a,
    };
    values(a)
}

/// An argument's default and possible values written by cix, in the current language, after its
/// help (clap's own `[default: …]` hidden).
fn values(a: Arg) -> Arg {
    let mut extra = String::new();
    let defaults: Vec<String> = a
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    if !defaults.is_empty() && a.get_action().takes_values() {
        extra.push(' ');
        extra.push_str(&text(
            "cli.default",
            &[("value", &defaults.join(crate::lang::list_separator()))],
        ));
    }
    let possible: Vec<String> = a
        .get_possible_values()
        .iter()
        .filter(|v| !v.is_hide_set())
        .map(|v| v.get_name().to_string())
        .collect();
    if !possible.is_empty() && a.get_action().takes_values() {
        extra.push(' ');
        extra.push_str(&text(
            "cli.possible",
            &[("values", &possible.join(crate::lang::list_separator()))],
        ));
    }
    if extra.is_empty() {
        return a;
    }
    let help = a.get_help().map(|h| h.to_string()).unwrap_or_default();
    a.help(format!("{help}{extra}"))
        .hide_default_value(true)
        .hide_possible_values(true)
}
