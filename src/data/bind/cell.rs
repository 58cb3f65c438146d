//! One leaf's cell read as an exact value, a category or missing, with the diagnostics that
//! locate it (E204, E205, E207, E209), and the short row (E202).

use rust_decimal::Decimal;

use super::super::{is_missing_marker, parse_number, Field, Fields, Table};
use crate::codes;
use crate::diag::Diag;
use crate::model::{Model, Node};
use crate::rules::{Method, Scale};

/// What one cell holds for a leaf.
pub(super) enum Value {
    Missing,
    Number(Decimal),
    Category(String),
}

/// A leaf's cell in one row, with what its messages name.
pub(super) struct CellAt<'a> {
    pub(super) model: &'a Model,
    pub(super) table: &'a Table,
    pub(super) node: &'a Node,
    pub(super) key: &'a str,
    pub(super) column: &'a str,
    pub(super) col: usize,
    pub(super) row: &'a Fields<'a>,
    pub(super) cell: &'a Field<'a>,
}

impl CellAt<'_> {
    pub(super) fn read(&self) -> Result<Value, Diag> {
        let text = self.cell.text;
        let scoring = &self.node.scoring;
        let categorical = scoring
            .rule
            .as_ref()
            .is_some_and(|r| r.node.method.is_categorical());
        // Most cells are numbers, and no missing marker is one: read them first.
        if !categorical {
            if let Some(v) = parse_number(text) {
                self.in_range(v)?;
                return Ok(Value::Number(v));
            }
        }
        if is_missing_marker(text) && scoring.allows_missing() {
            return Ok(Value::Missing);
        }
        if categorical {
            return Ok(Value::Category(text.to_string()));
        }
        if text.is_empty() {
            return Err(Diag::error(
                codes::E205,
                t!(
                    "data.e205",
                    key = self.key,
                    column = self.column,
                    place = self.place()
                ),
            )
            .in_source(&self.table.source)
            .label(self.cell.span, t!("data.empty_cell"))
            .help(t!("data.e205_help", name = self.node.name)));
        }
        if is_missing_marker(text) {
            return Err(self.missing_not_allowed());
        }
        let Some(v) = parse_number(text) else {
            return Err(Diag::error(
                codes::E204,
                t!(
                    "data.e204",
                    key = self.key,
                    column = self.column,
                    text = text,
                    place = self.place()
                ),
            )
            .in_source(&self.table.source)
            .label(self.cell.span, t!("data.not_a_number"))
            .help(t!("data.e204_help")));
        };
        self.in_range(v)?;
        Ok(Value::Number(v))
    }

    /// `line 3, column 4` in a CSV file, `cities.xlsx!2015!C7` in a workbook.
    fn place(&self) -> String {
        self.table
            .place_at(self.row.line, self.col, Some(self.cell.span))
    }

    /// E209: Excel's mark of a missing value where the leaf's policy allows none.
    fn missing_not_allowed(&self) -> Diag {
        Diag::error(
            codes::E209,
            t!(
                "data.e209",
                key = self.key,
                column = self.column,
                text = self.cell.text,
                name = self.node.name,
                place = self.place()
            ),
        )
        .in_source(&self.table.source)
        .label(self.cell.span, t!("data.missing_value"))
        .help(t!("data.e209_help", name = self.node.name))
    }

    /// A value read as points (or on a given scale) must lie in 0 … the maximum.
    fn in_range(&self, v: Decimal) -> Result<(), Diag> {
        let n = self.node;
        let range = match n.scoring.rule.as_ref().map(|r| &r.node.method) {
            None | Some(Method::Given) => n.max,
            Some(Method::GivenScale(hi)) => *hi,
            Some(_) => return Ok(()),
        };
        if v >= Decimal::ZERO && v <= range {
            return Ok(());
        }
        let help = match &self.model.scale {
            _ if range != n.max => {
                t!(
                    "data.e207_given_help",
                    name = n.name,
                    range = range.normalize()
                )
            }
            Scale::Range(_) => {
                t!(
                    "data.e207_index_help",
                    name = n.name,
                    max = n.max.normalize()
                )
            }
            Scale::Points => {
                t!(
                    "data.e207_points_help",
                    name = n.name,
                    max = n.max.normalize()
                )
            }
        };
        Err(Diag::error(
            codes::E207,
            t!(
                "data.e207",
                key = self.key,
                column = self.column,
                text = self.cell.text,
                range = range.normalize(),
                place = self.place()
            ),
        )
        .in_source(&self.table.source)
        .label(
            self.cell.span,
            t!("data.should_be_between", range = range.normalize()),
        )
        .help(help))
    }
}

pub(super) fn short_row(table: &Table, row: &Fields<'_>, column: &str) -> Diag {
    Diag::error(
        codes::E202,
        t!(
            "data.e202_short",
            line = row.line,
            cells = row.cells.len(),
            column = column
        ),
    )
    .in_source(&table.source)
    .label(row.span(), t!("data.row_is_short"))
    .help(t!("data.e202_short_help", cells = table.header.len()))
}
