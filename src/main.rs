//! The `cix` binary: wires the command line to the library. Exit codes: 0 ok, 1 user error
//! (bad spec, data or query, or output that cannot be written), 2 usage error, 141 when stdout
//! is a pipe closed early (`cix run SPEC all | head -1`).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::error::ErrorKind;
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use clap_complete::Shell;

use cix::cli::{self, help};
use cix::lang::text;

// Every text of `--help` comes from the catalogue (`locales/cli.yml`) in the language chosen
// before the arguments are parsed; `help::localise` translates what clap writes itself.

#[derive(Parser)]
#[command(
    name = "cix",
    version,
    about = text("cli.about", &[]),
    after_help = help::after("")
)]
struct Args {
    #[command(subcommand)]
    command: Command,
    #[arg(help = text("cli.arg_lang", &[]), long, global = true, value_name = "zh|en")]
    lang: Option<String>,
}

#[derive(Subcommand)]
enum Command {
    #[command(about = text("cli.check", &[]), after_help = help::after("check"))]
    Check {
        #[arg(help = text("cli.arg_spec", &[]))]
        spec: PathBuf,
        #[arg(help = text("cli.check_data", &[]), long)]
        data: Option<PathBuf>,
        #[arg(help = text("cli.arg_sheet", &[]), long)]
        sheet: Option<String>,
    },
    #[command(about = text("cli.run", &[]), after_help = help::after("run"))]
    Run {
        #[arg(help = text("cli.arg_spec", &[]))]
        spec: PathBuf,
        #[arg(help = text("cli.run_reports", &[]))]
        reports: Vec<String>,
        #[arg(help = text("cli.arg_data_any", &[]), long)]
        data: Option<PathBuf>,
        #[arg(help = text("cli.arg_sheet", &[]), long)]
        sheet: Option<String>,
        #[arg(help = text("cli.run_format", &[]), long, default_value = "table", value_parser = ["table", "csv", "json", "md", "xlsx"])]
        format: String,
        #[arg(help = text("cli.run_out", &[]), long)]
        out: Option<PathBuf>,
        #[arg(help = text("cli.arg_excel", &[]), long)]
        excel: bool,
        #[arg(help = text("cli.run_compare", &[]), long, value_name = "OLD_SPEC")]
        compare: Option<PathBuf>,
    },
    #[command(about = text("cli.diff", &[]), after_help = help::after("diff"))]
    Diff {
        #[arg(help = text("cli.diff_old", &[]))]
        old: PathBuf,
        #[arg(help = text("cli.diff_new", &[]))]
        new: PathBuf,
        #[arg(help = text("cli.arg_format", &[]), long, default_value = "table", value_parser = ["table", "csv", "json", "md"])]
        format: String,
    },
    #[command(about = text("cli.fmt", &[]), after_help = help::after("fmt"))]
    Fmt {
        #[arg(help = text("cli.fmt_specs", &[]), required = true)]
        specs: Vec<PathBuf>,
        #[arg(help = text("cli.fmt_check", &[]), long)]
        check: bool,
    },
    #[command(about = text("cli.explain", &[]), after_help = help::after("explain"))]
    Explain {
        #[arg(help = text("cli.arg_spec", &[]))]
        spec: PathBuf,
        #[arg(help = text("cli.explain_unit", &[]))]
        unit: String,
        #[arg(help = text("cli.explain_indicator", &[]))]
        indicator: Option<String>,
        #[arg(help = text("cli.arg_data", &[]), long)]
        data: Option<PathBuf>,
        #[arg(help = text("cli.arg_format", &[]), long, default_value = "table", value_parser = ["table", "csv", "json", "md"])]
        format: String,
    },
    #[command(about = text("cli.query", &[]), after_help = help::after("query"))]
    Query {
        #[arg(help = text("cli.arg_spec", &[]))]
        spec: PathBuf,
        #[arg(help = text("cli.query_query", &[]))]
        query: String,
        #[arg(help = text("cli.arg_data_any", &[]), long)]
        data: Option<PathBuf>,
        #[arg(help = text("cli.arg_sheet", &[]), long)]
        sheet: Option<String>,
        #[arg(help = text("cli.arg_format", &[]), long, default_value = "table", value_parser = ["table", "csv", "json", "md"])]
        format: String,
        #[arg(help = text("cli.arg_excel", &[]), long)]
        excel: bool,
    },
    #[command(about = text("cli.audit", &[]), after_help = help::after("audit"))]
    Audit {
        #[arg(help = text("cli.arg_spec", &[]))]
        spec: PathBuf,
        #[arg(help = text("cli.audit_claims", &[]))]
        claims: PathBuf,
        #[arg(help = text("cli.arg_data", &[]), long)]
        data: Option<PathBuf>,
        #[arg(help = text("cli.arg_format", &[]), long, default_value = "table", value_parser = ["table", "csv", "json", "md"])]
        format: String,
    },
    #[command(about = text("cli.repl", &[]), after_help = help::after("repl"))]
    Repl {
        #[arg(help = text("cli.arg_spec", &[]))]
        spec: PathBuf,
        #[arg(help = text("cli.arg_data", &[]), long)]
        data: Option<PathBuf>,
    },
    #[command(about = text("cli.report", &[]), after_help = help::after("report"))]
    Report {
        #[arg(help = text("cli.arg_spec", &[]))]
        spec: PathBuf,
        #[arg(help = text("cli.report_unit", &[]), long)]
        unit: Option<String>,
        #[arg(help = text("cli.report_out", &[]), long)]
        out: Option<PathBuf>,
        #[arg(help = text("cli.arg_data_any", &[]), long)]
        data: Option<PathBuf>,
        #[arg(help = text("cli.arg_sheet", &[]), long)]
        sheet: Option<String>,
    },
    #[command(about = text("cli.sql", &[]), after_help = help::after("sql"))]
    Sql {
        #[arg(help = text("cli.arg_spec", &[]))]
        spec: PathBuf,
        #[arg(help = text("cli.sql_dialect", &[]), long, default_value = "duckdb", value_parser = ["duckdb", "postgres", "spark"])]
        dialect: String,
        #[arg(help = text("cli.sql_report", &[]), long)]
        report: Option<String>,
        #[arg(help = text("cli.sql_table", &[]), long, default_value = "cities")]
        table: String,
    },
    #[command(about = text("cli.uncertainty", &[]), after_help = help::after("uncertainty"))]
    Uncertainty {
        #[arg(help = text("cli.arg_spec", &[]))]
        spec: PathBuf,
        #[arg(help = text("cli.arg_data", &[]), long)]
        data: Option<PathBuf>,
        #[arg(help = text("cli.uncertainty_runs", &[]), long)]
        runs: Option<usize>,
        #[arg(help = text("cli.arg_seed", &[]), long)]
        seed: Option<u64>,
        #[arg(help = text("cli.uncertainty_top", &[]), long, value_name = "N")]
        top: Option<u32>,
        #[arg(help = text("cli.uncertainty_vary", &[]), long, value_name = "P%")]
        vary_weights: Option<String>,
        #[arg(help = text("cli.arg_format", &[]), long, default_value = "table", value_parser = ["table", "csv", "json", "md"])]
        format: String,
    },
    #[command(about = text("cli.sensitivity", &[]), after_help = help::after("sensitivity"))]
    Sensitivity {
        #[arg(help = text("cli.arg_spec", &[]))]
        spec: PathBuf,
        #[arg(help = text("cli.arg_data", &[]), long)]
        data: Option<PathBuf>,
        #[arg(help = text("cli.sensitivity_runs", &[]), long)]
        runs: Option<usize>,
        #[arg(help = text("cli.arg_seed", &[]), long)]
        seed: Option<u64>,
        #[arg(help = text("cli.sensitivity_vary", &[]), long, value_name = "P%")]
        vary_weights: Option<String>,
        #[arg(help = text("cli.arg_format", &[]), long, default_value = "table", value_parser = ["table", "csv", "json", "md"])]
        format: String,
    },
    #[command(about = text("cli.coherence", &[]), after_help = help::after("coherence"))]
    Coherence {
        #[arg(help = text("cli.arg_spec", &[]))]
        spec: PathBuf,
        #[arg(help = text("cli.arg_data", &[]), long)]
        data: Option<PathBuf>,
        #[arg(help = text("cli.arg_format", &[]), long, default_value = "table", value_parser = ["table", "csv", "json", "md"])]
        format: String,
    },
    #[command(about = text("cli.completions", &[]), after_help = help::after("completions"))]
    Completions {
        #[arg(help = text("cli.completions_shell", &[]), value_enum)]
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
    let parsed = help::localise(Args::command())
        .try_get_matches_from(&argv)
        .and_then(|m| Args::from_arg_matches(&m));
    let args = match parsed {
        Ok(a) => a,
        // Help and version to stdout; `cix` alone shows the help on stderr; a usage error is E704.
        Err(e) if !e.use_stderr() => {
            return ExitCode::from(cli::status(cli::io::out(&e.to_string())))
        }
        Err(e) if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            cli::io::err(&e.to_string());
            return ExitCode::from(cli::USAGE_ERROR);
        }
        Err(e) => return ExitCode::from(cli::usage_error(&e.to_string(), said(&e))),
    };
    ExitCode::from(dispatch(args.command))
}

/// A usage error in the session's words when it is not English (clap speaks English only): the
/// catalogue's sentence for its kind, with the offending argument; `None` keeps clap's text.
fn said(e: &clap::Error) -> Option<String> {
    use clap::error::{ContextKind, ContextValue};
    if cix::lang::current() == cix::lang::Lang::En {
        return None;
    }
    let context = |kind| match e.get(kind) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        Some(ContextValue::Strings(v)) => Some(v.join(", ")),
        _ => None,
    };
    let arg = context(ContextKind::InvalidArg);
    match e.kind() {
        ErrorKind::UnknownArgument => Some(text("cli.clap_unknown_argument", &[("arg", &arg?)])),
        ErrorKind::InvalidSubcommand => {
            let name = context(ContextKind::InvalidSubcommand)?;
            Some(text("cli.clap_unknown_command", &[("arg", &name)]))
        }
        ErrorKind::MissingRequiredArgument => {
            Some(text("cli.clap_missing_argument", &[("arg", &arg?)]))
        }
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            let value = context(ContextKind::InvalidValue).unwrap_or_default();
            Some(text(
                "cli.clap_invalid_value",
                &[("arg", &arg?), ("value", &value)],
            ))
        }
        _ => None,
    }
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
            clap_complete::generate(
                shell,
                &mut help::localise(Args::command()),
                "cix",
                &mut script,
            );
            cli::status(cli::io::out(&String::from_utf8_lossy(&script)))
        }
    }
}
