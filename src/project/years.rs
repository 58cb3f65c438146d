//! Loading several years (language chapter 7, "Several years"): each year's rows — a year
//! column's, or a file per year — bound and evaluated under the spec on their own (a rule's
//! minimum and maximum are the year's), the last year's results holding the others and the
//! blends.

use std::path::Path;

use super::{evaluate_table, Bounded};
use crate::codes;
use crate::data::{self, Dataset, SheetName, Table};
use crate::diag::{Diag, Diags};
use crate::eval::groups::Grouped;
use crate::eval::years::Periods;
use crate::model::years::Years;
use crate::model::Model;
use crate::source::{Source, Span};

/// Every year evaluated; the last year's [`Grouped`] with the earlier years and the blends in
/// its results' `periods`, and warnings for units absent from some years (W130).
#[allow(clippy::too_many_arguments)] // the arguments of `load_staged`, passed on as they are
pub(super) fn evaluate(
    model: &Model,
    years: &Years,
    data_path: &Path,
    sheet: Option<SheetName<'_>>,
    named_at: Option<(&Source, Span)>,
    diags: Diags,
    stage: &dyn Fn(&str),
    bounded: Bounded,
    carry: &mut super::Carry,
) -> Result<(Grouped, Option<Dataset>), Diags> {
    let tables = match &years.column {
        Some(col) => {
            let table = data::read_data(data_path, sheet, named_at).map_err(|d| with(&diags, d))?;
            split(model, years, col, table).map_err(|d| {
                let mut all = diags.clone();
                all.extend(d);
                all
            })?
        }
        None => {
            let mut tables = Vec::new();
            for y in &years.years {
                let table = match &y.file {
                    Some(f) => {
                        data::read_data(&f.path, None, Some((&model.source, f.written.span)))
                    }
                    None => data::read_data(data_path, sheet, named_at),
                };
                tables.push((y.year, table.map_err(|d| with(&diags, d))?));
            }
            tables
        }
    };
    let mut evaluated: Vec<(u32, Grouped, Option<Dataset>)> = Vec::new();
    for (year, table) in tables {
        carry.year = Some(year);
        let (g, raw) = evaluate_table(
            model,
            Err(table),
            diags.clone(),
            stage,
            (bounded, crate::eval::Names::Copied),
            carry,
        )?;
        evaluated.push((year, g, raw));
    }
    let Some((latest, mut last, raw)) = evaluated.pop() else {
        return Err(diags);
    };
    let earlier: Vec<(u32, crate::eval::Results)> = evaluated
        .into_iter()
        .map(|(y, g, _)| {
            last.warnings.extend(g.warnings);
            (y, g.results)
        })
        .collect();
    last.warnings
        .extend(absent(latest, &last.results, &earlier));
    last.results.periods = Some(Box::new(Periods {
        latest,
        earlier,
        blends: Vec::new(),
    }));
    let blends = model
        .grouping
        .series
        .blends
        .iter()
        .map(|b| {
            Ok((
                b.name.node.clone(),
                crate::eval::years::blend(model, b, &last.results)?,
            ))
        })
        .collect::<Result<Vec<_>, Diag>>()
        .map_err(|d| with(&diags, d))?;
    if let Some(p) = last.results.periods.as_mut() {
        p.blends = blends;
    }
    Ok((last, raw))
}

fn with(diags: &Diags, d: Diag) -> Diags {
    let mut all = diags.clone();
    all.push(d);
    all
}

/// A table's rows split by the year column, in the order of `years`. A row whose year is not
/// one of them is an error at its cell (E130); a year without rows is one at the declaration.
fn split(
    model: &Model,
    years: &Years,
    col: &crate::source::Spanned<String>,
    table: Table,
) -> Result<Vec<(u32, Table)>, Diags> {
    let mut diags = Diags::new();
    let Some(c) = table.column(&col.node) else {
        let names: Vec<&str> = table.column_names().collect();
        return Err(Diags::from(
            Diag::error(codes::E133, t!("project.no_year_column", name = col.node))
                .in_source(&model.source)
                .label(col.span, t!("project.not_a_column"))
                .help(
                    crate::check::names::closest(&col.node, &names)
                        .unwrap_or_else(|| t!("project.no_year_column_help").into_owned()),
                ),
        ));
    };
    let mut split: Vec<(u32, Table)> = years
        .years
        .iter()
        .map(|y| {
            (
                y.year,
                Table {
                    source: table.source.clone(),
                    encoding: table.encoding,
                    header: table.header.clone(),
                    rows: Vec::new(),
                    origin: table.origin.clone(),
                    plain: false,
                },
            )
        })
        .collect();
    let declared: Vec<String> = years.years.iter().map(|y| y.year.to_string()).collect();
    // Rows are read through `for_each_row` (a CSV table keeps no cells); each year's table
    // keeps its rows' cells, so reading it again needs no scan of the file.
    let visited = table.for_each_row(|_, row| {
        let Some(cell) = row.cells.get(c) else {
            return Ok::<(), ()>(());
        };
        let text = cell.text.trim();
        match split.iter_mut().find(|(y, _)| y.to_string() == text) {
            Some((_, t)) => t.rows.push(row.clone()),
            None if diags.0.len() < 3 => diags.push(
                Diag::error(
                    codes::E130,
                    t!(
                        "project.undeclared_year",
                        year = text,
                        place = table.place(row, c)
                    ),
                )
                .in_source(&table.source)
                .label(cell.span, t!("project.undeclared_year_label"))
                .help(t!(
                    "project.undeclared_year_help",
                    years = declared.join(crate::lang::list_separator())
                )),
            ),
            None => {}
        }
        Ok(())
    });
    if visited.is_err() {
        return Err(diags);
    }
    for (y, t) in &split {
        if t.rows.is_empty() {
            let at = years
                .years
                .iter()
                .find(|d| d.year == *y)
                .map_or(years.span, |d| d.span);
            diags.push(
                Diag::error(codes::E133, t!("project.no_rows_for_year", year = y))
                    .in_source(&model.source)
                    .label(at, t!("project.no_rows_label"))
                    .help(t!("project.no_rows_help", column = col.node, year = y)),
            );
        }
    }
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok(split)
    }
}

/// W130: units of one year absent from another (queries across years show no value for them).
fn absent(
    latest: u32,
    last: &crate::eval::Results,
    earlier: &[(u32, crate::eval::Results)],
) -> Vec<Diag> {
    let mut out = Vec::new();
    // Keys looked up in maps built once per year, not by a pass over the units per unit.
    let now = crate::query::index::key_map(last);
    for (y, r) in earlier {
        let then = crate::query::index::key_map(r);
        let missing_then: Vec<&str> = last
            .units
            .iter()
            .filter(|u| !then.contains_key(u.key.as_str()))
            .map(|u| u.key.as_str())
            .collect();
        let missing_now: Vec<&str> = r
            .units
            .iter()
            .filter(|u| !now.contains_key(u.key.as_str()))
            .map(|u| u.key.as_str())
            .collect();
        for (list, from, to) in [(missing_then, latest, *y), (missing_now, *y, latest)] {
            if list.is_empty() {
                continue;
            }
            out.push(
                Diag::warning(
                    codes::W130,
                    t!(
                        "project.w130",
                        units = crate::query::units_word(list.len()),
                        from = from,
                        to = to,
                        names = crate::check::names::shortlist(&list)
                    ),
                )
                .help(t!("project.w130_help", to = to)),
            );
        }
    }
    out
}
