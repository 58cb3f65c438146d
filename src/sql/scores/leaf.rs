//! Leaves as SQL: the `leaf` stage — each leaf's points from its filled value, by its scoring
//! rule (min-max, goalposts, ratio, z-score, percentile, rubric) and rounding.

use rust_decimal::Decimal;

use super::Scores;
use crate::model::{Node, NodeId};
use crate::rules::{Direction, Method, Missing, RoundMode, Rounding, StepWhen};
use crate::sql::filter::cmp_sql;

impl Scores<'_> {
    pub(super) fn leaf(&mut self) -> String {
        let mut cols = vec!["samp.*".to_string()];
        for l in self.leaves() {
            let Some(node) = self.model.nodes.get(l) else {
                continue;
            };
            let points = self.points(l, node);
            let rounded = match node.scoring.round {
                Some(r) => self.rounding(&points, r, node),
                None => points,
            };
            let (_, method) = Self::method(node);
            let (x, when_missing) = match (&node.scoring.missing, method.is_categorical()) {
                (Missing::Reweight, true) => (format!("c{l}"), "NULL".to_string()),
                (Missing::Reweight, false) => (format!("x{l}"), "NULL".to_string()),
                (_, true) => (format!("c{l}"), self.d.cast("0")),
                (_, false) => (format!("x{l}"), self.d.cast("0")),
            };
            cols.push(format!(
                "CASE WHEN {x} IS NULL THEN {when_missing} ELSE {rounded} END AS p{l}"
            ));
        }
        // Leaves without a column (none in a runnable spec) have no value.
        for l in self.model.leaves() {
            if self.model.nodes.get(l).is_some_and(|n| n.column.is_none()) {
                cols.push(format!("{} AS p{l}", self.d.cast("NULL")));
            }
        }
        format!("SELECT\n    {}\n  FROM samp", cols.join(",\n    "))
    }

    /// A leaf's points before rounding, for a unit with a value `x<id>` (or category `c<id>`).
    pub(super) fn points(&mut self, l: NodeId, node: &Node) -> String {
        let d = self.d;
        let (log, method) = Self::method(node);
        let x = format!("x{l}");
        let max = self.lit(node.max, node);
        let dir = node.scoring.direction;
        let share = match &method {
            Method::Given => return x,
            // Reported as E630 by `samp`.
            Method::Rank
            | Method::Borda
            | Method::DistanceToMax
            | Method::Target { .. }
            | Method::Reference { .. }
            | Method::Fraction => return x,
            Method::Rubric(steps) => return self.rubric(l, node, steps),
            Method::GivenScale(hi) => {
                let hi = self.lit(*hi, node);
                d.div(&x, &hi)
            }
            Method::MinMax => {
                let (lo, hi) = (format!("mn{l}"), format!("mx{l}"));
                let range = d.sub(&hi, &lo);
                let num = match dir {
                    Direction::Higher => d.sub(&x, &lo),
                    Direction::Lower => d.sub(&hi, &x),
                };
                format!(
                    "CASE WHEN {range} = 0 THEN {} ELSE {} END",
                    d.cast("1"),
                    d.div(&num, &range)
                )
            }
            Method::Goalposts { low, high } => {
                let ln = |v: Decimal| {
                    if log {
                        rust_decimal::MathematicalOps::checked_ln(&v).unwrap_or(v)
                    } else {
                        v
                    }
                };
                let (lo, hi) = (ln(low.node), ln(high.node));
                let range = hi.checked_sub(lo).unwrap_or_default();
                if range.is_zero() {
                    d.cast("0")
                } else {
                    let (lo, hi, range) = (
                        self.lit(lo, node),
                        self.lit(hi, node),
                        self.lit(range, node),
                    );
                    let num = match dir {
                        Direction::Higher => d.sub(&x, &lo),
                        Direction::Lower => d.sub(&hi, &x),
                    };
                    let s = d.div(&num, &range);
                    format!("GREATEST({}, LEAST({}, {s}))", d.cast("0"), d.cast("1"))
                }
            }
            Method::Ratio => {
                let err = d.error(&format!(
                    "a value of `{}` cannot be scored by a ratio",
                    node.name
                ));
                match dir {
                    Direction::Higher => format!(
                        "CASE WHEN {x} < 0 OR mx{l} <= 0 THEN {err} ELSE {} END",
                        d.div(&x, &format!("mx{l}"))
                    ),
                    Direction::Lower => format!(
                        "CASE WHEN {x} <= 0 OR mn{l} < 0 THEN {err} ELSE {} END",
                        d.div(&format!("mn{l}"), &x)
                    ),
                }
            }
            Method::ZScore => {
                let num = match dir {
                    Direction::Higher => d.sub(&x, &format!("me{l}")),
                    Direction::Lower => d.sub(&format!("me{l}"), &x),
                };
                format!(
                    "CASE WHEN sd{l} = 0 THEN {} ELSE {} END",
                    d.cast("0"),
                    d.div(&num, &format!("sd{l}"))
                )
            }
            Method::Percentile => format!(
                "CASE WHEN n{l} <= 1 THEN {} ELSE {} END",
                d.cast("1"),
                d.div(&format!("rk{l} - 1"), &format!("n{l} - 1"))
            ),
        };
        d.mul(&share, &max)
    }

    /// The first step of a rubric that holds gives its points; a value no step covers stops
    /// the query.
    pub(super) fn rubric(
        &mut self,
        l: NodeId,
        node: &Node,
        steps: &[crate::rules::RubricStep],
    ) -> String {
        let categorical = Self::method(node).1.is_categorical();
        let mut arms = Vec::new();
        let mut otherwise = self.d.error(&format!(
            "a value of `{}` is not covered by its rubric",
            node.name
        ));
        for st in steps {
            let pts = self.lit(st.points.node, node);
            match &st.when {
                StepWhen::Category(c) => {
                    arms.push(format!("WHEN c{l} = {} THEN {pts}", self.d.string(c)));
                }
                StepWhen::Compare(op, v) if !categorical => {
                    let v = self.lit(*v, node);
                    arms.push(format!("WHEN x{l} {} {v} THEN {pts}", cmp_sql(*op)));
                }
                StepWhen::Compare(..) => {
                    self.fail
                        .construct(self.model, node, &t!("sql.what_rubric"))
                }
                StepWhen::Else => {
                    otherwise = pts;
                    break;
                }
            }
        }
        if arms.is_empty() {
            return otherwise;
        }
        format!("CASE {} ELSE {otherwise} END", arms.join(" "))
    }

    /// A leaf's `round` clause.
    pub(super) fn rounding(&mut self, x: &str, r: Rounding, node: &Node) -> String {
        let d = self.d;
        if r.mode == RoundMode::HalfUp {
            return d.cast(&d.round(x, r.digits));
        }
        let Some(scale) = 10i64.checked_pow(r.digits) else {
            self.fail
                .construct(self.model, node, &t!("sql.what_rounding"));
            return x.to_string();
        };
        let up = self.lit(Decimal::from(scale), node);
        let down = self.lit(
            Decimal::ONE
                .checked_div(Decimal::from(scale))
                .unwrap_or_default(),
            node,
        );
        let y = d.mul(x, &up);
        let one = d.cast("1");
        let whole = match r.mode {
            RoundMode::Down => format!("CASE WHEN {y} >= 0 THEN FLOOR({y}) ELSE CEIL({y}) END"),
            RoundMode::Up => format!("CASE WHEN {y} >= 0 THEN CEIL({y}) ELSE FLOOR({y}) END"),
            RoundMode::HalfEven | RoundMode::HalfUp => {
                let f = format!("FLOOR({y})");
                let rest = d.sub(&y, &f);
                let half = d.cast("0.5");
                format!(
                    "CASE WHEN {rest} > {half} THEN {f} + {one} WHEN {rest} < {half} THEN {f} WHEN MOD({f}, 2) = 0 THEN {f} ELSE {f} + {one} END"
                )
            }
        };
        d.mul(&d.cast(&whole), &down)
    }
}
