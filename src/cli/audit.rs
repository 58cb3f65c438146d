//! `cix audit SPEC CLAIMS`: every claim of a claims file checked against the data, one verdict
//! each; the summary under the table (on stderr in csv and json); exit 1 unless every claim is
//! `match` or `rounding`.

use std::path::Path;

use super::io::{self, Stopped};
use super::{fail, prepare_bounded, print_diags, status, USER_ERROR};
use crate::audit::{self, Checked};
use crate::diag::{Diag, Diags};
use crate::report::render;

/// `cix audit SPEC CLAIMS [--data FILE] [--format …]`.
pub fn audit(spec: &Path, claims: &Path, data: Option<&Path>, format: &str) -> u8 {
    status(run(spec, claims, data, format))
}

fn run(spec: &Path, claims: &Path, data: Option<&Path>, format: &str) -> Result<(), Stopped> {
    let source = crate::input::read_source(claims).map_err(|d| fail(Diags::from(d)))?;
    let parsed = crate::syntax::parse_claims(&source).map_err(|d| fail(Diags::from(d)))?;
    let (format, loaded) = prepare_bounded(spec, data, format)?;
    if loaded.bounds.is_none() {
        print_diags(
            &[Diag::warning(crate::codes::W901, t!("cli.audit_unbounded"))
                .help(t!("cli.audit_unbounded_help"))],
        );
    }
    let checked = audit::audit(
        &loaded.model,
        &loaded.results,
        loaded.bounds.as_ref(),
        parsed,
        &source,
    );
    for c in &checked {
        if let Some(d) = &c.error {
            print_diags(&d.0);
        }
    }
    let table = audit::table(&checked);
    let text = render(&table, format);
    let summary = audit::summary(&checked);
    if format.notes_inline() {
        io::out(&format!("{text}\n{summary}\n"))?;
    } else {
        io::out(&text)?;
        for n in &table.notes {
            io::err(&format!("{}\n", t!("cli.note", note = n)));
        }
        io::err(&format!("{summary}\n"));
    }
    if all_pass(&checked) {
        Ok(())
    } else {
        Err(USER_ERROR)
    }
}

fn all_pass(checked: &[Checked]) -> bool {
    checked.iter().all(|c| c.verdict.passes())
}
