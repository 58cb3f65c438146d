//! `cix report SPEC [--unit UNIT] [--out FILE.html]`: the HTML report, or one unit's page.

use std::path::{Path, PathBuf};

use super::{fail, io, status, Stopped};
use crate::codes;
use crate::diag::{Diag, Diags};
use crate::project::{Bounded, Keep};

/// `cix report`: write the report (or `unit`'s page) to `out` (default `report.html`, or
/// `report-UNIT.html`).
pub fn report(
    spec: &Path,
    unit: Option<&str>,
    out: Option<&Path>,
    data: Option<&Path>,
    sheet: Option<&str>,
) -> u8 {
    status(write_report(spec, unit, out, data, sheet))
}

fn write_report(
    spec: &Path,
    unit: Option<&str>,
    out: Option<&Path>,
    data: Option<&Path>,
    sheet: Option<&str>,
) -> Result<(), Stopped> {
    let needs = (Bounded::No, Keep::Inputs);
    let mut loaded = super::load_staged(spec, data, sheet, needs)?;
    // Only the rank intervals of declared uncertainties score units again.
    if loaded.model.uncertainty.assumptions.is_empty() {
        loaded.release_inputs();
    }
    let (html, default) = match unit {
        Some(name) => {
            let Some(i) = loaded.results.units.iter().position(|u| u.key == name) else {
                let keys = loaded.results.units.iter().map(|u| u.key.as_str());
                return Err(fail(Diags::from(
                    Diag::error(codes::E302, t!("cli.no_unit", name = name)).help(
                        crate::suggest::did_you_mean(name, keys)
                            .unwrap_or_else(|| t!("cli.no_unit_help").into_owned()),
                    ),
                )));
            };
            let page = crate::publish::html::unit_page(&loaded.model, &loaded.results, i);
            (
                page,
                PathBuf::from(format!("report-{}.html", crate::report::file_name(name))),
            )
        }
        None => {
            let all = ["all".to_string()];
            let outputs = crate::project::run_reports(&loaded, &all).map_err(fail)?;
            // Rank intervals when the spec declares uncertainties (language chapter 8).
            let intervals = if loaded.model.uncertainty.assumptions.is_empty() {
                None
            } else {
                let l = &loaded;
                let i = crate::robust::setup::Intervals::compute(
                    &l.model, &l.dataset, &l.results, &l.scoring,
                )
                .map_err(fail)?;
                Some(i)
            };
            let page = crate::publish::html::report_page(
                &loaded.model,
                &loaded.results,
                &outputs,
                intervals.as_ref(),
            );
            (page, PathBuf::from("report.html"))
        }
    };
    let path = out.map_or(default, Path::to_path_buf);
    io::write_file(&path, html).map_err(|d| fail(Diags::from(d)))?;
    io::err(&format!("{}\n", t!("cli.wrote", file = path.display())));
    Ok(())
}
