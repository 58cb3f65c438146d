//! The `cix` binary: wires the command line to the library. Exit codes: 0 ok, 1 user error
//! (bad spec, data or query, or output that cannot be written), 2 usage error, 141 when stdout
//! is a pipe closed early (`cix run SPEC all | head -1`).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::error::ErrorKind;
use clap::{CommandFactory, Parser, Subcommand};
use clap_complete::Shell;

use cix::cli;

const EXAMPLES: &str = "\
Examples:
  cix check examples/smart-city-2015/index.cix
  cix run examples/smart-city-2015/index.cix all --format md --out reports/
  cix query examples/smart-city-2015/index.cix 'top 10 by 智慧服务 in 华南'
  cix explain examples/raw-scoring/index.cix 宁波
  cix repl examples/smart-city-2015/index.cix

The language: docs/language.md; every error code: docs/errors.md.";

const CHECK_EXAMPLES: &str = "\
Examples:
  cix check examples/smart-city-2015/index.cix
  cix check examples/smart-city-2015/index.cix --data cities-2016.csv";

const RUN_EXAMPLES: &str = "\
Examples:
  cix run examples/smart-city-2015/index.cix                 # the first report
  cix run examples/smart-city-2015/index.cix all --format csv
  cix run examples/smart-city-2015/index.cix all --out reports/ --format md
  cix run examples/smart-city-2016-draft/index.cix --compare examples/smart-city-2015/index.cix";

const DIFF_EXAMPLES: &str = "\
Examples:
  cix diff examples/smart-city-2014/index.cix examples/smart-city-2014/2015-as-change.cix
  cix diff OLD.cix NEW.cix --format md > CHANGES.md";

const FMT_EXAMPLES: &str = "\
Examples:
  cix fmt examples/*/index.cix
  cix fmt --check index.cix          # in CI: exit 1 if not formatted";

const EXPLAIN_EXAMPLES: &str = "\
Examples:
  cix explain examples/raw-scoring/index.cix 宁波                # the total, step by step
  cix explain examples/smart-city-2015/index.cix 杭州 智慧服务";

const QUERY_FORMS: &str = "\
Query forms (a clause may follow most: in GROUP, where COND, per ATTR, show A, B, sort X desc, top N):
  rank by X                      every unit ranked by X
  top N by X / bottom N by X     the best / worst N (ties with the N-th kept)
  rank of U[, V] [by X]          one unit's rank
  show U                         one unit at every indicator
  compare U, V                   units side by side
  stats X [by ATTR]              n, mean, sd, quartiles (also mean, median, min, max, sd, qd, range)
  count by ATTR                  units per attribute value
  histogram X step S | edges A, B, …
  corr X, Y[, Z] [with p]        correlations
  where COND                     the units that match (COND: X >= 10 and 区域 = 华东)
One number (scalar queries; + - * / ( ) and round(E, K) combine them):
  mean|median|min|max|sum|sd|qd|range|rate X [in G] [where COND]
  count [ATTR] [in G] [where …]  share [in G] where COND   weight X   X of U
  rank of U [by X] [in G]        corr X, Y [in G]           count level K

Examples:
  cix query examples/smart-city-2015/index.cix 'top ten by 智慧服务 in 华南'
  cix query examples/smart-city-2015/index.cix 'mean 总分 by 区域' --format csv
  cix query examples/smart-city-2015/index.cix 'where 区域 = 华东 and 智慧服务 >= 10 sort 总分 desc'

Every form, with its output: docs/language.md, chapter 2.";

const SQL_EXAMPLES: &str = "\
Examples:
  cix sql examples/smart-city-2015/index.cix                          # the overall ranking, DuckDB
  cix sql examples/smart-city-2015/index.cix --dialect postgres --report 华南排名
  cix sql examples/smart-city-2015/index.cix --dialect spark --table cities_2015

The statement reads a table holding the data's columns as text (default `cities`);
loading statements for each engine: docs/language.md, chapter 11.";

const AUDIT_EXAMPLES: &str = "\
Examples:
  cix audit examples/smart-city-2015/index.cix examples/smart-city-2015/claims.cix
  cix audit index.cix claims.cix --format csv > audit.csv

A claim: `S008 \"各城市平均得分为40.05分\": mean 总分 = 40.05` (OP: = > >= < <= ~).
Verdicts: match, rounding (true for inputs within their printed precision), mismatch, error.
Exit 0 when every claim is match or rounding, 1 otherwise. docs/language.md, chapter 10.";

const REPL_EXAMPLES: &str = "\
Examples:
  cix repl examples/smart-city-2015/index.cix
  echo 'top 3 by 总分' | cix repl examples/smart-city-2015/index.cix";

const REPORT_EXAMPLES: &str = "\
Examples:
  cix report examples/smart-city-2015/index.cix --out report.html
  cix report examples/smart-city-2015/index.cix --unit 杭州 --out 杭州.html";

const UNCERTAINTY_EXAMPLES: &str = "\
Examples:
  cix uncertainty examples/smart-city-2015/index.cix --vary-weights 25%
  cix uncertainty examples/smart-city-2015/index.cix --runs 10000 --seed 7 --format csv

Percentiles by nearest rank; see docs/language.md, chapter 8.";

const SENSITIVITY_EXAMPLES: &str = "\
Examples:
  cix sensitivity examples/smart-city-2015/index.cix
  cix sensitivity examples/smart-city-2015/index.cix --runs 2000 --vary-weights 50% --format md";

const COMPLETIONS_EXAMPLES: &str = "\
Examples:
  cix completions bash > ~/.local/share/bash-completion/completions/cix
  cix completions zsh > ~/.zfunc/_cix
  cix completions fish > ~/.config/fish/completions/cix.fish
  cix completions powershell >> $PROFILE";

#[derive(Parser)]
#[command(
    name = "cix",
    version,
    about = "Composite indices: check a spec, run it over data, ask questions",
    after_help = EXAMPLES
)]
struct Args {
    #[command(subcommand)]
    command: Command,
    /// The language of messages: zh (中文) or en (default: CIX_LANG, else the locale).
    #[arg(long, global = true, value_name = "zh|en")]
    lang: Option<String>,
}

#[derive(Subcommand)]
enum Command {
    /// Parse and check a spec and its data; report every problem at once.
    #[command(after_help = CHECK_EXAMPLES)]
    Check {
        /// The spec file (.cix).
        spec: PathBuf,
        /// Check against another data file (.csv, or a workbook: .xlsx …).
        #[arg(long)]
        data: Option<PathBuf>,
        /// The sheet of a workbook given as data (default: the spec's `sheet`, or the first).
        #[arg(long)]
        sheet: Option<String>,
    },
    /// Evaluate a spec and print its reports (default: its first report).
    #[command(after_help = RUN_EXAMPLES)]
    Run {
        /// The spec file (.cix).
        spec: PathBuf,
        /// Report names to print, in order; `all` prints every report.
        reports: Vec<String>,
        /// Run over another data file (.csv, or a workbook: .xlsx …).
        #[arg(long)]
        data: Option<PathBuf>,
        /// The sheet of a workbook given as data (default: the spec's `sheet`, or the first).
        #[arg(long)]
        sheet: Option<String>,
        /// Output format (xlsx: one workbook, one sheet per report, written to --out FILE.xlsx).
        #[arg(long, default_value = "table", value_parser = ["table", "csv", "json", "md", "xlsx"])]
        format: String,
        /// Write each report to DIR/NAME.EXT instead of stdout (with xlsx: the workbook's file).
        #[arg(long)]
        out: Option<PathBuf>,
        /// CSV for Excel: UTF-8 with a byte-order mark, CRLF line ends (with --format csv).
        #[arg(long)]
        excel: bool,
        /// Compare with another edition over the same data: rank and 得分率 under both.
        #[arg(long, value_name = "OLD_SPEC")]
        compare: Option<PathBuf>,
    },
    /// The change log between two editions.
    #[command(after_help = DIFF_EXAMPLES)]
    Diff {
        /// The earlier edition's spec.
        old: PathBuf,
        /// The later edition's spec.
        new: PathBuf,
        /// Output format.
        #[arg(long, default_value = "table", value_parser = ["table", "csv", "json", "md"])]
        format: String,
    },
    /// Rewrite specs in canonical form (indentation, spacing; order and comments kept).
    #[command(after_help = FMT_EXAMPLES)]
    Fmt {
        /// The spec files to format.
        #[arg(required = true)]
        specs: Vec<PathBuf>,
        /// Change nothing; exit 1 if a file is not formatted.
        #[arg(long)]
        check: bool,
    },
    /// Show how a unit's score was built: raw value → normalised → weighted → summed.
    #[command(after_help = EXPLAIN_EXAMPLES)]
    Explain {
        /// The spec file (.cix).
        spec: PathBuf,
        /// The unit (a city).
        unit: String,
        /// The indicator to explain (default: the total).
        indicator: Option<String>,
        /// Run over another data file.
        #[arg(long)]
        data: Option<PathBuf>,
        /// Output format.
        #[arg(long, default_value = "table", value_parser = ["table", "csv", "json", "md"])]
        format: String,
    },
    /// Answer one query (the REPL's language; the forms are listed below).
    #[command(after_help = QUERY_FORMS)]
    Query {
        /// The spec file (.cix).
        spec: PathBuf,
        /// The query, e.g. 'top ten by 智慧服务 in 华南'.
        query: String,
        /// Run over another data file (.csv, or a workbook: .xlsx …).
        #[arg(long)]
        data: Option<PathBuf>,
        /// The sheet of a workbook given as data (default: the spec's `sheet`, or the first).
        #[arg(long)]
        sheet: Option<String>,
        /// Output format.
        #[arg(long, default_value = "table", value_parser = ["table", "csv", "json", "md"])]
        format: String,
        /// CSV for Excel: UTF-8 with a byte-order mark, CRLF line ends (with --format csv).
        #[arg(long)]
        excel: bool,
    },
    /// Check every number a report's text states (a claims file) against the data.
    #[command(after_help = AUDIT_EXAMPLES)]
    Audit {
        /// The spec file (.cix).
        spec: PathBuf,
        /// The claims file (.cix): `ID ["QUOTE"]: QUERY OP VALUE`, one per line.
        claims: PathBuf,
        /// Run over another data file.
        #[arg(long)]
        data: Option<PathBuf>,
        /// Output format.
        #[arg(long, default_value = "table", value_parser = ["table", "csv", "json", "md"])]
        format: String,
    },
    /// Interactive shell; reads one query per line from a pipe.
    #[command(after_help = REPL_EXAMPLES)]
    Repl {
        /// The spec file (.cix).
        spec: PathBuf,
        /// Run over another data file.
        #[arg(long)]
        data: Option<PathBuf>,
    },
    /// Write the report as one self-contained HTML page with charts, or one unit's profile.
    #[command(after_help = REPORT_EXAMPLES)]
    Report {
        /// The spec file (.cix).
        spec: PathBuf,
        /// One unit's profile page instead of the whole report.
        #[arg(long)]
        unit: Option<String>,
        /// The HTML file to write (default: report.html, or report-UNIT.html).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Run over another data file (.csv, or a workbook: .xlsx …).
        #[arg(long)]
        data: Option<PathBuf>,
        /// The sheet of a workbook given as data (default: the spec's `sheet`, or the first).
        #[arg(long)]
        sheet: Option<String>,
    },
    /// Compile the spec (the overall ranking, or one report) to SQL for another engine.
    #[command(after_help = SQL_EXAMPLES)]
    Sql {
        /// The spec file (.cix).
        spec: PathBuf,
        /// The SQL engine.
        #[arg(long, default_value = "duckdb", value_parser = ["duckdb", "postgres", "spark"])]
        dialect: String,
        /// The report to compile (default: the overall ranking with every score).
        #[arg(long)]
        report: Option<String>,
        /// The table holding the data.
        #[arg(long, default_value = "cities")]
        table: String,
    },
    /// Rank intervals when the weights vary: per unit its nominal, median, 5th–95th percentile
    /// and mean rank over Monte Carlo replications.
    #[command(after_help = UNCERTAINTY_EXAMPLES)]
    Uncertainty {
        /// The spec file (.cix).
        spec: PathBuf,
        /// Run over another data file.
        #[arg(long)]
        data: Option<PathBuf>,
        /// The number of replications (default: the spec's `uncertainty runs N`, else 1000).
        #[arg(long)]
        runs: Option<usize>,
        /// The seed: the same seed gives the same output, whatever the number of threads
        /// (default: the spec's `seed S`, else 1).
        #[arg(long)]
        seed: Option<u64>,
        /// Print only the units ranked N or better (nominally).
        #[arg(long, value_name = "N")]
        top: Option<u32>,
        /// Vary every weight uniformly within ±P% of its declared value, in place of the spec's
        /// weight assumptions (default: the spec's assumptions, else every weight ±25%).
        #[arg(long, value_name = "P%")]
        vary_weights: Option<String>,
        /// Output format.
        #[arg(long, default_value = "table", value_parser = ["table", "csv", "json", "md"])]
        format: String,
    },
    /// Which weights move the ranking most: Sobol indices (Saltelli, Jansen) of each parent's
    /// weights on the mean absolute rank shift, and the ranking without each indicator.
    #[command(after_help = SENSITIVITY_EXAMPLES)]
    Sensitivity {
        /// The spec file (.cix).
        spec: PathBuf,
        /// Run over another data file.
        #[arg(long)]
        data: Option<PathBuf>,
        /// The rows of each Saltelli sample matrix (evaluations: rows × (assumptions + 2));
        /// default: the spec's `uncertainty runs N`, else 500.
        #[arg(long)]
        runs: Option<usize>,
        /// The seed: the same seed gives the same output, whatever the number of threads
        /// (default: the spec's `seed S`, else 1).
        #[arg(long)]
        seed: Option<u64>,
        /// Vary the weights of every parent's children uniformly within ±P%, in place of the
        /// spec's weight assumptions (default: the spec's assumptions, else ±25%).
        #[arg(long, value_name = "P%")]
        vary_weights: Option<String>,
        /// Output format.
        #[arg(long, default_value = "table", value_parser = ["table", "csv", "json", "md"])]
        format: String,
    },
    /// Whether each node's children measure one thing: Cronbach's α, PCA, correlation flags.
    Coherence {
        /// The spec file (.cix).
        spec: PathBuf,
        /// Run over another data file.
        #[arg(long)]
        data: Option<PathBuf>,
        /// Output format.
        #[arg(long, default_value = "table", value_parser = ["table", "csv", "json", "md"])]
        format: String,
    },
    /// Print a shell completion script for cix.
    #[command(after_help = COMPLETIONS_EXAMPLES)]
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: Shell,
    },
}

fn main() -> ExitCode {
    // The language first, so that clap's help and every message are in it.
    let argv: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if let Err(d) = cix::lang::init(&argv) {
        cli::print_diags(&[d]);
        return ExitCode::from(cli::USAGE_ERROR);
    }
    let args = match Args::try_parse_from(&argv) {
        Ok(a) => a,
        // Help and version to stdout; `cix` alone shows the help on stderr; a usage error is E704.
        Err(e) if !e.use_stderr() => {
            return ExitCode::from(cli::status(cli::io::out(&e.to_string())))
        }
        Err(e) if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            cli::io::err(&e.to_string());
            return ExitCode::from(cli::USAGE_ERROR);
        }
        Err(e) => return ExitCode::from(cli::usage_error(&e.to_string())),
    };
    ExitCode::from(dispatch(args.command))
}

fn dispatch(command: Command) -> u8 {
    match command {
        Command::Check { spec, data, sheet } => {
            cli::check(&spec, data.as_deref(), sheet.as_deref())
        }
        Command::Run {
            spec,
            data,
            format,
            out,
            compare: Some(old),
            ..
        } => cli::edition::compare(&old, &spec, data.as_deref(), &format, out.as_deref()),
        Command::Run {
            spec,
            reports,
            data,
            sheet,
            format,
            out,
            excel,
            compare: None,
        } => cli::run(
            &spec,
            &reports,
            data.as_deref(),
            sheet.as_deref(),
            &format,
            out.as_deref(),
            excel,
        ),
        Command::Diff { old, new, format } => cli::edition::diff(&old, &new, &format),
        Command::Fmt { specs, check } => cli::edition::fmt(&specs, check),
        Command::Explain {
            spec,
            unit,
            indicator,
            data,
            format,
        } => cli::explain(&spec, &unit, indicator.as_deref(), data.as_deref(), &format),
        Command::Query {
            spec,
            query,
            data,
            sheet,
            format,
            excel,
        } => cli::query(
            &spec,
            &query,
            data.as_deref(),
            sheet.as_deref(),
            &format,
            excel,
        ),
        Command::Sql {
            spec,
            dialect,
            report,
            table,
        } => cli::sql::sql(&spec, &dialect, report.as_deref(), &table),
        Command::Audit {
            spec,
            claims,
            data,
            format,
        } => cli::audit::audit(&spec, &claims, data.as_deref(), &format),
        Command::Repl { spec, data } => cix::repl::main(&spec, data.as_deref()),
        Command::Report {
            spec,
            unit,
            out,
            data,
            sheet,
        } => cli::publish::report(
            &spec,
            unit.as_deref(),
            out.as_deref(),
            data.as_deref(),
            sheet.as_deref(),
        ),
        Command::Uncertainty {
            spec,
            data,
            runs,
            seed,
            top,
            vary_weights,
            format,
        } => cli::robust::uncertainty(
            &spec,
            &cli::robust::Options {
                data: data.as_deref(),
                runs,
                seed,
                top,
                vary: vary_weights.as_deref(),
                format: &format,
            },
        ),
        Command::Sensitivity {
            spec,
            data,
            runs,
            seed,
            vary_weights,
            format,
        } => cli::robust::sensitivity(
            &spec,
            &cli::robust::Options {
                data: data.as_deref(),
                runs,
                seed,
                top: None,
                vary: vary_weights.as_deref(),
                format: &format,
            },
        ),
        Command::Coherence { spec, data, format } => {
            cli::robust::coherence(&spec, data.as_deref(), &format)
        }
        Command::Completions { shell } => {
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Args::command(), "cix", &mut script);
            cli::status(cli::io::out(&String::from_utf8_lossy(&script)))
        }
    }
}
