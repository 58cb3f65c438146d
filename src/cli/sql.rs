//! `cix sql SPEC [--dialect duckdb|postgres|spark] [--report NAME] [--table NAME]`: the spec
//! compiled to SQL (src/sql/), printed to stdout. The data are not read: the statement runs
//! over a table of them in the engine.

use std::path::Path;

use super::io::{self, Stopped};
use super::{fail, print_diags, status};
use crate::codes;
use crate::diag::Diag;
use crate::sql::{Dialect, Options};

/// `cix sql`.
pub fn sql(spec: &Path, dialect: &str, report: Option<&str>, table: &str) -> u8 {
    status(compile(spec, dialect, report, table))
}

fn compile(spec: &Path, dialect: &str, report: Option<&str>, table: &str) -> Result<(), Stopped> {
    let Some(dialect) = Dialect::parse(dialect) else {
        print_diags(&[
            Diag::error(codes::E704, t!("cli.unknown_dialect", dialect = dialect))
                .help(t!("cli.unknown_dialect_help")),
        ]);
        return Err(super::USAGE_ERROR);
    };
    let crate::edition::Resolved {
        spec: ast,
        source,
        log,
    } = crate::edition::resolve(spec).map_err(fail)?;
    let dir = spec.parent().map(Path::to_path_buf).unwrap_or_default();
    // The data are the engine's: a spec without a `data` line compiles too.
    let purpose = crate::check::Purpose::Run { data_given: true };
    let (checked, diags) = crate::check::check_edition(&ast, &source, &dir, purpose, &log.touched);
    if diags.has_errors() {
        return Err(fail(diags));
    }
    print_diags(&diags.0);
    let options = Options {
        dialect,
        report: report.map(str::to_string),
        table: table.to_string(),
    };
    let text = crate::sql::compile(&checked.model, &checked.queries, &options).map_err(fail)?;
    io::out(&text)
}
