//! A [`Table`] bound to a model: the key, attribute and leaf columns found, every cell read as an
//! exact value (or a category, or missing), duplicates and ranges checked.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;

mod cell;
use cell::{short_row, CellAt, Value};

use super::number::plain_parts;
use super::{Fields, Row, Table};
use crate::codes;
use crate::diag::{Diag, Diags};
use crate::model::{Model, Node, NodeId};
use crate::packed::Packed;
use crate::rules::{Method, Missing};
use crate::source::Span;
use crate::suggest;

/// One unit (a city) of a dataset.
#[derive(Clone, Debug)]
pub struct Unit {
    pub key: String,
    /// Values of the model's attributes, in the model's order.
    pub attributes: Vec<String>,
    /// Values of the leaf columns, indexed like [`Model::nodes`] (None for non-leaves and for
    /// missing values; after [`crate::scoring::apply`], the leaves' points; empty once
    /// [`crate::eval::evaluate_taking`] has moved them into the results), 4 or 8 bytes a value.
    pub values: Packed,
    /// The text of cells read as categories (rubrics of categories), indexed like `values`;
    /// empty when the unit has none (most data), so numbers cost no slot here.
    pub texts: Vec<Option<String>>,
    /// The unit's row in the table (an index into `Table::rows`): a cell's place in the file
    /// is looked up there when an error is reported ([`Dataset::cell`]), not kept per unit.
    pub row: usize,
    pub line: usize,
}

/// A table bound to a model: the units with exact values.
#[derive(Clone, Debug)]
pub struct Dataset {
    pub table: Table,
    pub units: Vec<Unit>,
    /// Cells filled by `missing last` (language chapter 5): by unit key and leaf, where the
    /// value came from (`2017`, `2014.csv`). Empty for most data.
    pub carried: HashMap<(String, NodeId), String>,
}

impl Dataset {
    pub fn unit(&self, key: &str) -> Option<usize> {
        self.units.iter().position(|u| u.key == key)
    }

    /// Where a unit's cell in `column` is in the data file (None: no such column, or a short
    /// row).
    pub fn cell(&self, unit: &Unit, column: &str) -> Option<Span> {
        let col = self.table.column(column)?;
        self.table.cell_span(unit.row, col)
    }
}

/// Where the model's columns are in a table.
struct Columns {
    key: Option<usize>,
    attributes: Vec<Option<usize>>,
    /// Each leaf that reads a column, with the column.
    leaves: Vec<(NodeId, usize)>,
}

/// Bind a table to a model: find the key, attribute and leaf columns; parse every value; check
/// duplicates and ranges. All problems at once: spec-side ones point into the spec, cell-side
/// ones into the CSV.
///
/// A plain CSV text (no quotes) is bound in parallel, its rows cut into cells straight from
/// their lines; when a row has a problem or a key comes twice, the rows are bound again in
/// order, one at a time, which gives the diagnostics in the file's order.
pub fn bind(model: &Model, table: Table) -> Result<Dataset, Diags> {
    let mut diags = Diags::new();
    let binder = Binder::new(model, &table, &mut diags);
    let units = match binder.in_parallel() {
        Some(units) => units,
        None => binder.in_order(&mut diags),
    };
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok(Dataset {
            table,
            units,
            carried: HashMap::new(),
        })
    }
}

/// Rows per piece of work when binding in parallel.
const CHUNK: usize = 4096;

/// What binding a row needs: the model, the table and where the model's columns are in it.
pub(super) struct Binder<'a> {
    model: &'a Model,
    table: &'a Table,
    columns: Columns,
    derived: Vec<NodeId>,
    /// The leaves read from a column, each with what binding its cells needs.
    leaves: Vec<Leaf<'a>>,
}

/// A leaf read from a column, and what binding each of its cells needs, worked out once.
struct Leaf<'a> {
    id: NodeId,
    col: usize,
    node: &'a Node,
    /// The column's name, as the header writes it.
    column: &'a str,
    /// Any number is taken as written (no range to check, not categories): a plain cell
    /// (`[-]digits[.digits]`) goes straight into the unit's values; anything else is read by
    /// [`CellAt::read`], which is also what the straight path gives for a plain cell.
    any_number: bool,
}

impl<'a> Binder<'a> {
    /// The model's columns found in the table, the problems with them in `diags`.
    pub(super) fn new(model: &'a Model, table: &'a Table, diags: &mut Diags) -> Binder<'a> {
        let columns = find_columns(model, table, diags);
        let derived = super::derived::leaves(model, table, diags);
        let leaves = columns
            .leaves
            .iter()
            .filter_map(|&(id, col)| {
                let node = model.nodes.get(id)?;
                let header = table.header.get(col)?;
                let method = node.scoring.rule.as_ref().map(|r| &r.node.method);
                let any_number = method.is_some_and(|m| {
                    !m.is_categorical() && !matches!(m, Method::Given | Method::GivenScale(_))
                });
                Some(Leaf {
                    id,
                    col,
                    node,
                    column: header.text.as_str(),
                    any_number,
                })
            })
            .collect();
        Binder {
            model,
            table,
            columns,
            derived,
            leaves,
        }
    }

    /// Every row bound in parallel, or None when a row has a problem (a diagnostic, a key
    /// seen before) or the text is not plain: then [`Binder::in_order`] says what it is.
    fn in_parallel(&self) -> Option<Vec<Unit>> {
        if !self.table.plain {
            return None;
        }
        let text = self.table.source.text();
        let mut units = Vec::with_capacity(self.table.rows.len());
        let rows = &self.table.rows;
        self.rows_in_parallel(text, super::delimiter(text), 0, rows, 0, &mut units)?;
        unique(&units).then_some(units)
    }

    /// `rows` of a plain text bound in parallel onto `units`, in order: `text` starts at byte
    /// `base` of the file's text (a piece of it, see `stream`), the first row is row `first`
    /// of the table. None when a row has a problem (keys are not compared here: [`unique`]).
    pub(super) fn rows_in_parallel(
        &self,
        text: &str,
        delimiter: u8,
        base: usize,
        rows: &[Row],
        first: usize,
        units: &mut Vec<Unit>,
    ) -> Option<()> {
        let pieces: Vec<Option<Vec<Unit>>> = rows
            .par_chunks(CHUNK)
            .enumerate()
            .map(|(c, rows)| {
                let mut diags = Diags::new();
                let mut cells = Vec::new();
                let mut units = Vec::with_capacity(rows.len());
                let start = c.checked_mul(CHUNK)?.checked_add(first)?;
                for (i, row) in rows.iter().enumerate() {
                    let at = row.start.checked_sub(base)?;
                    super::lines::split(text, at, delimiter, &mut cells);
                    let fields = Fields {
                        line: row.line,
                        cells: &cells,
                    };
                    let key = self.key(&fields, &mut diags)?;
                    let index = start.checked_add(i)?;
                    units.push(self.unit(index, &fields, key, &mut diags));
                    if !diags.is_empty() {
                        return None;
                    }
                }
                Some(units)
            })
            .collect();
        for piece in pieces {
            units.extend(piece?);
        }
        Some(())
    }

    /// Every row bound in the file's order, with every problem in `diags`.
    fn in_order(&self, diags: &mut Diags) -> Vec<Unit> {
        let mut units = Vec::with_capacity(self.table.rows.len());
        let mut seen: HashMap<String, usize> = HashMap::new();
        let mut step = |index: usize, row: &Fields<'_>| {
            let Some(key) = self.key(row, diags) else {
                return;
            };
            if let Some(&first) = seen.get(&key) {
                diags.push(self.duplicate(row, &key, first));
                return;
            }
            seen.insert(key.clone(), row.line);
            units.push(self.unit(index, row, key, diags));
        };
        if self.table.plain {
            let text = self.table.source.text();
            let delimiter = super::delimiter(text);
            let mut cells = Vec::new();
            for (index, row) in self.table.rows.iter().enumerate() {
                super::lines::split(text, row.start, delimiter, &mut cells);
                let fields = Fields {
                    line: row.line,
                    cells: &cells,
                };
                step(index, &fields);
            }
            return units;
        }
        // One row's cells at a time (a CSV file's are read again from its text, not kept).
        let bound = self.table.for_each_row(|index, row| {
            let mut cells = Vec::new();
            step(index, &Fields::of_row(row, &mut cells));
            Ok::<(), std::convert::Infallible>(())
        });
        if let Err(never) = bound {
            match never {}
        }
        units
    }

    /// One row's unit: its values read, its derived values computed.
    fn unit(&self, index: usize, row: &Fields<'_>, key: String, diags: &mut Diags) -> Unit {
        let mut unit = self.bind_row(row, key, diags);
        unit.row = index;
        super::derived::read(self.model, self.table, row, &self.derived, &mut unit, diags);
        unit
    }

    /// The unit a row names, or `None` (with a diagnostic when the row is at fault).
    fn key(&self, row: &Fields<'_>, diags: &mut Diags) -> Option<String> {
        let col = self.columns.key?;
        let model = self.model;
        match row.cells.get(col) {
            Some(c) if !c.text.is_empty() => Some(c.text.to_string()),
            Some(c) => {
                diags.push(
                    Diag::error(
                        codes::E208,
                        t!("data.e208", line = row.line, key = model.key.node),
                    )
                    .in_source(&self.table.source)
                    .label(c.span, t!("data.empty_key"))
                    .help(t!("data.e208_help")),
                );
                None
            }
            None => {
                diags.push(short_row(self.table, row, model.key.node.as_str()));
                None
            }
        }
    }

    fn duplicate(&self, row: &Fields<'_>, key: &str, first: usize) -> Diag {
        let table = self.table;
        let span = self
            .columns
            .key
            .and_then(|i| row.cells.get(i))
            .map_or(Span::default(), |c| c.span);
        Diag::error(
            codes::E206,
            if table.row_word() == "row" {
                t!(
                    "data.e206_rows",
                    key = key,
                    first = first,
                    second = row.line
                )
            } else {
                t!(
                    "data.e206_lines",
                    key = key,
                    first = first,
                    second = row.line
                )
            },
        )
        .in_source(&table.source)
        .label(span, t!("data.second_time"))
        .help(t!("data.e206_help"))
    }
}

fn find_columns(model: &Model, table: &Table, diags: &mut Diags) -> Columns {
    let names: Vec<&str> = table.column_names().collect();
    let unknown_column = |what: &str, name: &str, span: Span, otherwise: String| {
        Diag::error(
            codes::E103,
            t!(
                "data.e103",
                what = what,
                name = name,
                file = table.source.name()
            ),
        )
        .in_source(&model.source)
        .label(span, t!("data.no_such_column"))
        .help(suggest::did_you_mean(name, names.iter().copied()).unwrap_or(otherwise))
    };
    let key = table.column(&model.key.node);
    if key.is_none() {
        let header = match (table.header.first(), table.header.last()) {
            (Some(a), Some(b)) => a.span.join(b.span),
            _ => Span::default(),
        };
        diags.push(
            Diag::error(
                codes::E203,
                t!(
                    "data.e203",
                    key = model.key.node,
                    file = table.source.name()
                ),
            )
            .in_source(&table.source)
            .label(header, t!("data.these_are_the_columns"))
            .help(
                suggest::did_you_mean(&model.key.node, names.iter().copied())
                    .unwrap_or_else(|| t!("data.e203_help", key = model.key.node).into_owned()),
            ),
        );
    }
    let mut attributes = Vec::new();
    for a in &model.attributes {
        let col = table.column(&a.node);
        if col.is_none() {
            diags.push(unknown_column(
                &t!("data.what_attribute"),
                &a.node,
                a.span,
                t!("data.attribute_help", name = a.node).into_owned(),
            ));
        }
        attributes.push(col);
    }
    let mut leaves = Vec::new();
    for id in model.leaves() {
        let Some(n) = model.nodes.get(id) else {
            continue;
        };
        let Some(col) = &n.column else { continue };
        match table.column(&col.node) {
            Some(i) => leaves.push((id, i)),
            // `missing zero` and no column at all: every value stays absent and scores 0
            // (project::load warns, W501).
            None if n.scoring.missing == Missing::Zero => {}
            None => diags.push(unknown_column(
                &t!("data.what_indicator_column"),
                &col.node,
                col.span,
                t!("data.indicator_column_help", name = col.node).into_owned(),
            )),
        }
    }
    Columns {
        key,
        attributes,
        leaves,
    }
}

impl Binder<'_> {
    /// One row's key, attributes and leaf values (derived values apart).
    fn bind_row(&self, row: &Fields<'_>, key: String, diags: &mut Diags) -> Unit {
        let (model, table) = (self.model, self.table);
        let attributes = self
            .columns
            .attributes
            .iter()
            .map(|col| {
                col.and_then(|i| row.cells.get(i))
                    .map(|c| c.text.to_string())
                    .unwrap_or_default()
            })
            .collect();
        let mut values = Packed::missing(model.nodes.len());
        let mut texts = Vec::new();
        for leaf in &self.leaves {
            let Some(cell) = row.cells.get(leaf.col) else {
                diags.push(short_row(table, row, leaf.column));
                continue;
            };
            if leaf.any_number {
                if let Some((mantissa, scale)) = plain_parts(cell.text.as_bytes()) {
                    values.set_parts(leaf.id, i128::from(mantissa), scale);
                    continue;
                }
            }
            let at = CellAt {
                model,
                table,
                node: leaf.node,
                key: &key,
                column: leaf.column,
                col: leaf.col,
                row,
                cell,
            };
            match at.read() {
                Ok(Value::Missing) => {}
                Ok(Value::Number(v)) => values.set(leaf.id, Some(v)),
                Ok(Value::Category(t)) => {
                    if texts.is_empty() {
                        texts = vec![None; model.nodes.len()];
                    }
                    if let Some(slot) = texts.get_mut(leaf.id) {
                        *slot = Some(t);
                    }
                }
                Err(d) => diags.push(d),
            }
        }
        Unit {
            key,
            attributes,
            values,
            texts,
            row: 0,
            line: row.line,
        }
    }
}

/// Whether no key comes twice.
pub(super) fn unique(units: &[Unit]) -> bool {
    let mut seen = HashSet::with_capacity(units.len());
    units.iter().all(|u| seen.insert(u.key.as_str()))
}

/// A warning for each leaf under `missing zero` whose column the data does not have at all:
/// every unit reads 0 (a penalty item a new edition adds, run on last year's data).
pub fn absent_columns_read_zero(model: &Model, dataset: &Dataset) -> Diags {
    let mut diags = Diags::new();
    for n in model.leaves().filter_map(|id| model.nodes.get(id)) {
        let Some(col) = &n.column else { continue };
        if n.scoring.missing == Missing::Zero && dataset.table.column(&col.node).is_none() {
            diags.push(
                Diag::warning(
                    codes::W501,
                    t!(
                        "data.w501",
                        name = col.node,
                        file = dataset.table.source.name()
                    ),
                )
                .in_source(&model.source)
                .label(col.span, t!("data.no_such_column"))
                .help(t!("data.w501_help", name = col.node)),
            );
        }
    }
    diags
}
