//! `missing last …` (language chapter 5, "Last known value"): a bound dataset's missing cells
//! filled with each unit's most recent earlier value of the indicator — from an earlier year of
//! the spec's `years` (no older than `within N years`), or from a second table — before outlier
//! treatment and normalisation, so scoring sees it as that year's raw value. A unit absent from
//! the earlier data is not filled (never 0): its cell meets the leaf's `else` policy, or E427.
//! `check` resolved where each leaf reads from ([`LastSource`]); this module reads no name again.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rust_decimal::Decimal;

use super::{is_missing_marker, parse_number, Dataset, Table};
use crate::codes;
use crate::diag::{Diag, Diags};
use crate::model::{Model, NodeId};
use crate::rules::last::{LastKnown, LastSource};
use crate::rules::Missing;

/// At most this many E428 errors are reported per earlier table.
const MAX_CELL_ERRORS: usize = 10;

/// The observed values of one earlier year or table, for the leaves that carry theirs.
#[derive(Clone, Debug, Default)]
pub struct Earlier {
    /// Where the values came from, as `explain` and `show` say it: `2017`, `2014.csv`.
    pub label: String,
    /// The year (None: a second table).
    pub year: Option<u32>,
    /// Per unit key, each carrying leaf's observed value.
    values: HashMap<String, Vec<(NodeId, Decimal)>>,
}

impl Earlier {
    fn get(&self, key: &str, leaf: NodeId) -> Option<Decimal> {
        let row = self.values.get(key)?;
        row.iter().find(|(l, _)| *l == leaf).map(|&(_, v)| v)
    }
}

/// The leaves with a resolved `missing last`, with their rule.
fn carrying(model: &Model) -> impl Iterator<Item = (NodeId, &LastKnown)> {
    model.leaves().filter_map(|l| {
        let last = model.nodes.get(l)?.scoring.last.as_ref()?;
        last.source.is_some().then_some((l, last))
    })
}

/// Whether any leaf carries its last value from earlier years.
pub fn from_years(model: &Model) -> bool {
    carrying(model).any(|(_, l)| l.source == Some(LastSource::Years))
}

/// A bound year's observed values of the leaves that carry theirs from earlier years (taken
/// before the year's own cells are filled, so a value is carried from where it was observed).
pub fn of_year(model: &Model, data: &Dataset, year: u32) -> Earlier {
    let leaves: Vec<NodeId> = carrying(model)
        .filter(|(_, l)| l.source == Some(LastSource::Years))
        .map(|(id, _)| id)
        .collect();
    let values = data
        .units
        .iter()
        .map(|u| {
            let row = leaves
                .iter()
                .filter_map(|&l| Some((l, u.values.get(l)?)))
                .collect();
            (u.key.clone(), row)
        })
        .collect();
    Earlier {
        label: year.to_string(),
        year: Some(year),
        values,
    }
}

/// Every second table named by `missing last from "FILE"`, read once each. All problems at
/// once: a missing key or indicator column (E426, at the clause), a cell that is not a number
/// or a unit listed twice (E428, at the cell).
pub fn read_files(model: &Model) -> Result<Vec<(PathBuf, Earlier)>, Diags> {
    let mut out: Vec<(PathBuf, Earlier)> = Vec::new();
    let mut diags = Diags::new();
    for (_, last) in carrying(model) {
        let (Some(LastSource::File(path)), Some(file)) = (&last.source, &last.from) else {
            continue;
        };
        if out.iter().any(|(p, _)| p == path) {
            continue;
        }
        let table = match super::read_data(path, None, Some((&model.source, file.span))) {
            Ok(t) => t,
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        match of_table(model, path, &file.node, &table) {
            Ok(values) => out.push((
                path.clone(),
                Earlier {
                    label: file.node.clone(),
                    year: None,
                    values,
                },
            )),
            Err(more) => diags.extend(more),
        }
    }
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok(out)
    }
}

/// The key column and each carrying leaf's column of a second table, by unit key.
fn of_table(
    model: &Model,
    path: &Path,
    written: &str,
    table: &Table,
) -> Result<HashMap<String, Vec<(NodeId, Decimal)>>, Diags> {
    let mut diags = Diags::new();
    let names: Vec<&str> = table.column_names().collect();
    let missing_column = |column: &str, span| {
        Diag::error(
            codes::E426,
            t!("data.e426", file = written, column = column),
        )
        .in_source(&model.source)
        .label(span, t!("data.e426_label"))
        .help(
            crate::suggest::did_you_mean(column, names.iter().copied())
                .unwrap_or_else(|| t!("data.e426_help").into_owned()),
        )
    };
    let mut leaves: Vec<(NodeId, usize)> = Vec::new();
    let mut key = None;
    for (id, last) in carrying(model) {
        let (Some(LastSource::File(p)), Some(file)) = (&last.source, &last.from) else {
            continue;
        };
        if p != path {
            continue;
        }
        let column = model.nodes.get(id).and_then(|n| n.column.as_ref());
        let Some(column) = column else { continue };
        match table.column(&column.node) {
            Some(c) => leaves.push((id, c)),
            None => diags.push(missing_column(&column.node, file.span)),
        }
        if key.is_none() {
            key = table.column(&model.key.node);
            if key.is_none() {
                diags.push(missing_column(&model.key.node, file.span));
                key = Some(usize::MAX);
            }
        }
    }
    let key = key.filter(|&k| k != usize::MAX);
    let (Some(key), false) = (key, diags.has_errors()) else {
        return Err(diags);
    };
    let mut values: HashMap<String, Vec<(NodeId, Decimal)>> = HashMap::new();
    let mut bad = 0usize;
    let visited = table.for_each_row(|_, row| {
        let Some(k) = row.cells.get(key).map(|c| c.text.trim()) else {
            return Ok(());
        };
        if k.is_empty() {
            return Ok(());
        }
        let mut found = Vec::new();
        for &(leaf, c) in &leaves {
            let Some(cell) = row.cells.get(c) else {
                continue;
            };
            if is_missing_marker(&cell.text) {
                continue;
            }
            match parse_number(&cell.text) {
                Some(v) => found.push((leaf, v)),
                None => {
                    bad = bad.saturating_add(1);
                    diags.push(bad_cell(
                        table,
                        cell.span,
                        t!(
                            "data.e428",
                            key = k,
                            text = cell.text,
                            place = table.place(row, c)
                        ),
                    ));
                }
            }
        }
        if values.contains_key(k) {
            bad = bad.saturating_add(1);
            let span = row.cells.get(key).map(|c| c.span).unwrap_or_default();
            diags.push(bad_cell(table, span, t!("data.e428_twice", key = k)));
        } else {
            values.insert(k.to_string(), found);
        }
        if bad >= MAX_CELL_ERRORS {
            return Err(());
        }
        Ok(())
    });
    if visited.is_err() || diags.has_errors() {
        return Err(diags);
    }
    Ok(values)
}

fn bad_cell(table: &Table, span: crate::source::Span, msg: impl Into<String>) -> Diag {
    Diag::error(codes::E428, msg.into())
        .in_source(&table.source)
        .label(span, t!("data.e428_label"))
        .help(t!("data.e428_help"))
}

/// Fill `data`'s missing cells of every leaf with `missing last`: from the most recent of
/// `years` (the earlier years, earliest first) no older than the leaf's `within`, or from the
/// leaf's second table in `files`. `year` is the data's own year (None without `years`). A
/// cell left missing meets the leaf's `else` policy; under `error` (no `else`) it is E427.
pub fn fill(
    model: &Model,
    data: &mut Dataset,
    year: Option<u32>,
    years: &[Earlier],
    files: &[(PathBuf, Earlier)],
) -> Result<(), Diags> {
    let mut diags = Diags::new();
    for (leaf, last) in carrying(model) {
        let Some(node) = model.nodes.get(leaf) else {
            continue;
        };
        let file = match &last.source {
            Some(LastSource::File(p)) => files.iter().find(|(q, _)| q == p).map(|(_, e)| e),
            _ => None,
        };
        let within = last.within.as_ref().map(|w| w.node);
        for unit in &mut data.units {
            let present =
                unit.values.has(leaf) || unit.texts.get(leaf).is_some_and(Option::is_some);
            if present {
                continue;
            }
            let found = match &last.source {
                Some(LastSource::Years) => years
                    .iter()
                    .rev()
                    .filter(|e| young_enough(year, e.year, within))
                    .find_map(|e| Some((e.get(&unit.key, leaf)?, &e.label))),
                _ => file.and_then(|e| Some((e.get(&unit.key, leaf)?, &e.label))),
            };
            match found {
                Some((v, label)) if leaf < unit.values.len() => {
                    unit.values.set(leaf, Some(v));
                    data.carried.insert((unit.key.clone(), leaf), label.clone());
                }
                Some(_) => {}
                None if node.scoring.missing == Missing::Error => {
                    let msg = match (year, within, &last.from) {
                        (_, _, Some(f)) => {
                            t!(
                                "data.e427_file",
                                key = unit.key,
                                name = node.name,
                                file = f.node
                            )
                        }
                        (Some(y), Some(n), _) => t!(
                            "data.e427_within",
                            key = unit.key,
                            name = node.name,
                            year = y,
                            n = n
                        ),
                        (Some(y), None, _) => {
                            t!(
                                "data.e427_years",
                                key = unit.key,
                                name = node.name,
                                year = y
                            )
                        }
                        (None, _, _) => t!("data.e427", key = unit.key, name = node.name),
                    };
                    let cell = node
                        .column
                        .as_ref()
                        .and_then(|c| data.table.column(&c.node))
                        .and_then(|c| data.table.cell_span(unit.row, c));
                    let d = Diag::error(codes::E427, msg);
                    let d = match cell {
                        Some(span) => d
                            .in_source(&data.table.source)
                            .label(span, t!("data.e427_label")),
                        None => d
                            .in_source(&model.source)
                            .label(last.span, t!("data.e427_label")),
                    };
                    diags.push(d.help(t!("data.e427_help", last = last.to_string())));
                }
                None => {}
            }
        }
    }
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok(())
    }
}

/// How a carried cell was filled, as `show` and `explain` say it ("last known value, 2017").
pub fn describe(label: &str) -> String {
    t!("data.carried_how", from = label).into_owned()
}

/// Whether an earlier year's value is recent enough: at most `within` years before `year`.
fn young_enough(year: Option<u32>, earlier: Option<u32>, within: Option<u32>) -> bool {
    match (year, earlier, within) {
        (Some(y), Some(e), Some(n)) => y.checked_sub(e).is_some_and(|age| age <= n),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::young_enough;

    #[test]
    fn age_limit_counts_whole_years() {
        assert!(young_enough(Some(2018), Some(2015), Some(3)));
        assert!(!young_enough(Some(2018), Some(2014), Some(3)));
        assert!(young_enough(Some(2018), Some(2010), None));
    }
}
