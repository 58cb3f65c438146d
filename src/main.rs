//! The `cix` binary: wires the command line to the library. Exit codes: 0 ok, 1 user error
//! (bad spec, data or query), 2 usage error.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use cix::cli;

#[derive(Parser)]
#[command(
    name = "cix",
    version,
    about = "Composite indices: check a spec, run it over data, ask questions"
)]
struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Parse and check a spec and its data; report every problem at once.
    Check {
        /// The spec file (.cix).
        spec: PathBuf,
        /// Check against another data file.
        #[arg(long)]
        data: Option<PathBuf>,
    },
    /// Evaluate a spec and print its reports (default: its first report).
    Run {
        /// The spec file (.cix).
        spec: PathBuf,
        /// Report names to print, in order; `all` prints every report.
        reports: Vec<String>,
        /// Run over another data file.
        #[arg(long)]
        data: Option<PathBuf>,
        /// Output format.
        #[arg(long, default_value = "table", value_parser = ["table", "csv", "json", "md"])]
        format: String,
        /// Write each report to DIR/NAME.EXT instead of stdout.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Compare with another edition over the same data: rank and 得分率 under both.
        #[arg(long, value_name = "OLD_SPEC")]
        compare: Option<PathBuf>,
    },
    /// The change log between two editions.
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
    Fmt {
        /// The spec files to format.
        #[arg(required = true)]
        specs: Vec<PathBuf>,
        /// Change nothing; exit 1 if a file is not formatted.
        #[arg(long)]
        check: bool,
    },
    /// Show how a unit's score was built: raw value → normalised → weighted → summed.
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
    /// Answer one query (the REPL's language).
    Query {
        /// The spec file (.cix).
        spec: PathBuf,
        /// The query, e.g. 'top ten by 智慧服务 in 华南'.
        query: String,
        /// Run over another data file.
        #[arg(long)]
        data: Option<PathBuf>,
        /// Output format.
        #[arg(long, default_value = "table", value_parser = ["table", "csv", "json", "md"])]
        format: String,
    },
    /// Interactive shell; reads one query per line from a pipe.
    Repl {
        /// The spec file (.cix).
        spec: PathBuf,
        /// Run over another data file.
        #[arg(long)]
        data: Option<PathBuf>,
    },
}

fn main() -> ExitCode {
    let args = match Args::try_parse() {
        Ok(a) => a,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let code = match args.command {
        Command::Check { spec, data } => cli::check(&spec, data.as_deref()),
        Command::Run {
            spec,
            data,
            format,
            out,
            compare: Some(old),
            ..
        } => cix::cli::edition::compare(&old, &spec, data.as_deref(), &format, out.as_deref()),
        Command::Run {
            spec,
            reports,
            data,
            format,
            out,
            compare: None,
        } => cli::run(&spec, &reports, data.as_deref(), &format, out.as_deref()),
        Command::Diff { old, new, format } => cix::cli::edition::diff(&old, &new, &format),
        Command::Fmt { specs, check } => cix::cli::edition::fmt(&specs, check),
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
            format,
        } => cli::query(&spec, &query, data.as_deref(), &format),
        Command::Repl { spec, data } => cix::repl::main(&spec, data.as_deref()),
    };
    ExitCode::from(code)
}
