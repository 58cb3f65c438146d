//! Derived values (`from GDP / 常住人口`, `from 宽带用户 / 户数 * 100`): each unit's value of a
//! leaf computed from its row's cells, exactly (decimal + − × ÷, 28 digits). A column the data
//! lacks is E443 with "did you mean"; a cell that is not a number is E204; a missing cell makes
//! the value missing (for the leaf's `missing` policy) or, under `missing error`, E205; a
//! division by zero is E444 at the divisor's cells.

use rust_decimal::Decimal;

use super::{is_missing_marker, parse_number, Fields, Table, Unit};
use crate::codes;
use crate::diag::{Diag, Diags};
use crate::model::{Model, Node, NodeId};
use crate::rules::{Expr, Op};
use crate::source::Span;

/// The leaves with a derived value whose columns the table has; the others reported (E443).
pub(super) fn leaves(model: &Model, table: &Table, diags: &mut Diags) -> Vec<NodeId> {
    let names: Vec<&str> = table.column_names().collect();
    let mut ok = Vec::new();
    for (id, n) in model.nodes.iter().enumerate() {
        let Some(expr) = &n.derived else { continue };
        let mut found = true;
        for c in expr.node.columns() {
            if table.column(&c.node).is_some() {
                continue;
            }
            found = false;
            let help = crate::check::names::closest(&c.node, &names).unwrap_or_else(|| {
                t!(
                    "data.the_columns",
                    names = crate::lang::quote_list(names.iter().copied())
                )
                .into_owned()
            });
            diags.push(
                Diag::error(
                    codes::E443,
                    t!("data.derived_no_column", name = n.name, column = c.node),
                )
                .in_source(&model.source)
                .label(c.span, t!("data.no_such_column"))
                .help(help),
            );
        }
        if found {
            ok.push(id);
        }
    }
    ok
}

/// Compute every derived leaf of one row into its unit.
pub(super) fn read(
    model: &Model,
    table: &Table,
    row: &Fields<'_>,
    leaves: &[NodeId],
    unit: &mut Unit,
    diags: &mut Diags,
) {
    for &id in leaves {
        let Some(node) = model.nodes.get(id) else {
            continue;
        };
        let Some(expr) = &node.derived else { continue };
        let at = Row_ {
            table,
            row,
            node,
            key: &unit.key,
        };
        match at.eval(&expr.node) {
            Ok(Some(v)) => unit.values.set(id, Some(v)),
            Ok(None) => {}
            Err(d) => diags.push(d),
        }
    }
}

/// One row's cells, for one leaf's expression.
struct Row_<'a> {
    table: &'a Table,
    row: &'a Fields<'a>,
    node: &'a Node,
    key: &'a str,
}

impl Row_<'_> {
    /// The value (None: a cell is missing and the leaf's policy allows it).
    fn eval(&self, e: &Expr) -> Result<Option<Decimal>, Diag> {
        match e {
            Expr::Number(n) => Ok(Some(n.node)),
            Expr::Column(c) => self.cell(&c.node),
            Expr::Binary { op, left, right } => {
                let (Some(a), Some(b)) = (self.eval(left)?, self.eval(right)?) else {
                    return Ok(None);
                };
                let v = match op {
                    Op::Add => a.checked_add(b),
                    Op::Sub => a.checked_sub(b),
                    Op::Mul => a.checked_mul(b),
                    Op::Div if b.is_zero() => return Err(self.zero(right)),
                    Op::Div => a.checked_div(b),
                };
                v.map(Some).ok_or_else(|| self.too_large())
            }
        }
    }

    fn cell(&self, column: &str) -> Result<Option<Decimal>, Diag> {
        let Some(cell) = self
            .table
            .column(column)
            .and_then(|i| self.row.cells.get(i))
        else {
            return Ok(None);
        };
        let text = cell.text;
        if text.is_empty() || is_missing_marker(text) {
            if !self.node.scoring.allows_missing() {
                return Err(self
                    .at(
                        codes::E205,
                        t!(
                            "data.derived_no_value",
                            key = self.key,
                            column = column,
                            name = self.node.name
                        )
                        .into_owned(),
                        cell.span,
                        &t!("data.no_value"),
                    )
                    .help(t!("data.e205_help", name = self.node.name)));
            }
            return Ok(None);
        }
        parse_number(text).map(Some).ok_or_else(|| {
            self.at(
                codes::E204,
                t!(
                    "data.derived_not_a_number",
                    key = self.key,
                    column = column,
                    text = text
                )
                .into_owned(),
                cell.span,
                &t!("data.not_a_number"),
            )
            .help(t!("data.e204_help"))
        })
    }

    fn at(&self, code: codes::Code, msg: String, span: Span, label: &str) -> Diag {
        Diag::error(code, msg)
            .in_source(&self.table.source)
            .label(span, label.to_string())
    }

    /// E444 at the divisor's cells (the row when the divisor names no column).
    fn zero(&self, divisor: &Expr) -> Diag {
        let mut d = Diag::error(
            codes::E444,
            t!(
                "data.derived_zero",
                name = self.node.name,
                key = self.key,
                divisor = divisor
            ),
        )
        .in_source(&self.table.source);
        let spans: Vec<Span> = divisor
            .columns()
            .iter()
            .filter_map(|c| self.table.column(&c.node))
            .filter_map(|i| self.row.cells.get(i))
            .map(|c| c.span)
            .collect();
        for s in &spans {
            d = d.label(*s, t!("data.zero_here"));
        }
        if spans.is_empty() {
            d = d.label(self.row.span(), t!("data.this_row"));
        }
        d.help(t!("data.derived_zero_help"))
    }

    fn too_large(&self) -> Diag {
        Diag::error(
            codes::E443,
            t!(
                "data.derived_too_large",
                name = self.node.name,
                key = self.key
            ),
        )
        .in_source(&self.table.source)
        .label(self.row.span(), t!("data.this_row"))
        .help(t!("data.derived_too_large_help"))
    }
}
