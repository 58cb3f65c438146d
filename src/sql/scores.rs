//! The model as SQL: a chain of common table expressions from the data's table to `units`, one
//! row per unit with its key (`k`), attributes (`a0`, `a1`, …), every node's score (`s<id>`,
//! penalties with their sign, NULL where the unit has none) and every tiers declaration's tier
//! (`t<i>`). The stages follow `scoring::apply` and `eval::evaluate` step by step:
//!
//! `src0` reads and parses the cells (`v<id>` numbers, `c<id>` categories), `src` drops units
//! (`missing drop`), `fill` fills missing values (`x<id>`, after `log`) beside the observed ones
//! (`o<id>`), `samp` adds each leaf's sample parameters as window aggregates, `leaf` scores
//! every leaf (`p<id>`, unsigned points), `lvl<d>` adds the parents at depth d, deepest first,
//! `tot` the total, `ranked` the ranks tiers are cut on, and `units` the signed scores and tiers.

use rust_decimal::Decimal;

mod leaf;
mod units;

use super::dialect::Dialect;
use super::filter::condition;
use super::Fail;
use crate::model::{Model, Node, NodeId, NodeKind, Role};
use crate::rules::{Aggregate, Direction, Method, Missing};

/// The CTEs that end in `units`, in order: (name, SELECT).
pub type Ctes = Vec<(String, String)>;

pub struct Scores<'a> {
    pub model: &'a Model,
    pub d: Dialect,
    pub table: &'a str,
    pub fail: &'a mut Fail,
}

/// `a + b + …` in the working type (0 for none).
fn sum(d: Dialect, terms: &[String]) -> String {
    let mut it = terms.iter();
    let Some(first) = it.next() else {
        return d.cast("0");
    };
    it.fold(first.clone(), |acc, t| d.add(&acc, t))
}

impl Scores<'_> {
    fn lit(&mut self, v: Decimal, node: &Node) -> String {
        match self.d.number(v) {
            Some(s) => s,
            None => {
                self.fail.too_large(self.model, self.d, v, node);
                self.d.cast("0")
            }
        }
    }

    fn column_of(node: &Node) -> &str {
        node.column
            .as_ref()
            .map_or(node.name.as_str(), |c| c.node.as_str())
    }

    fn method(node: &Node) -> (bool, Method) {
        match &node.scoring.rule {
            Some(r) => (r.node.log, r.node.method.clone()),
            None => (false, Method::Given),
        }
    }

    /// The leaves that read a column.
    fn leaves(&self) -> Vec<NodeId> {
        self.model
            .leaves()
            .filter(|&l| self.model.nodes.get(l).is_some_and(|n| n.column.is_some()))
            .collect()
    }

    /// Every CTE up to `units`.
    pub fn ctes(&mut self) -> Ctes {
        let mut ctes = vec![("src0".to_string(), self.src0())];
        if let Some(sample) = self.sample() {
            ctes.push(("insample".to_string(), sample));
        }
        ctes.extend([
            ("src".to_string(), self.src()),
            ("fill".to_string(), self.fill()),
            ("samp".to_string(), self.samp()),
            ("leaf".to_string(), self.leaf()),
        ]);
        let mut prev = "leaf".to_string();
        let deepest = self.model.nodes.iter().map(|n| n.level).max().unwrap_or(0);
        for depth in (1..=deepest).rev() {
            let parents: Vec<NodeId> = (0..self.model.nodes.len())
                .filter(|&i| {
                    self.model.nodes.get(i).is_some_and(|n| {
                        n.level == depth && !n.children.is_empty() && n.role != Role::Total
                    })
                })
                .collect();
            if parents.is_empty() {
                continue;
            }
            let cols: Vec<String> = parents
                .iter()
                .map(|&p| format!("{} AS p{p}", self.parent(p)))
                .collect();
            let name = format!("lvl{depth}");
            ctes.push((
                name.clone(),
                format!(
                    "SELECT {prev}.*,\n    {}\n  FROM {prev}",
                    cols.join(",\n    ")
                ),
            ));
            prev = name;
        }
        let total = self.total();
        ctes.push((
            "tot".to_string(),
            format!(
                "SELECT {prev}.*,\n    {total} AS p{}\n  FROM {prev}",
                self.model.total
            ),
        ));
        ctes.push(("ranked".to_string(), self.ranked()));
        ctes.push(("units".to_string(), self.units()));
        ctes
    }

    /// Read the key, the attributes and each leaf's cell: a number (`v`), or a category (`c`)
    /// for rubrics of categories; Excel's marks of a missing value read as NULL.
    fn src0(&mut self) -> String {
        let d = self.d;
        let mut cols = vec![format!("{} AS k", d.ident(&self.model.key.node))];
        for (i, a) in self.model.attributes.iter().enumerate() {
            cols.push(format!("{} AS a{i}", d.ident(&a.node)));
        }
        let markers: Vec<String> = crate::data::MISSING_MARKERS
            .iter()
            .map(|m| d.string(&m.to_uppercase()))
            .collect();
        for l in self.leaves() {
            let Some(node) = self.model.nodes.get(l) else {
                continue;
            };
            let col = d.ident(Self::column_of(node));
            let missing = format!(
                "{col} IS NULL OR UPPER(TRIM({col})) IN ({})",
                markers.join(", ")
            );
            let (_, method) = Self::method(node);
            let policy = &node.scoring.missing;
            if method.is_categorical() {
                cols.push(match policy {
                    Missing::Error => format!("COALESCE(TRIM({col}), '') AS c{l}"),
                    _ => format!("CASE WHEN {missing} THEN NULL ELSE TRIM({col}) END AS c{l}"),
                });
                continue;
            }
            let missing_value = match policy {
                Missing::Error => d.error(&format!(
                    "a unit has no value for `{}` (missing error)",
                    Self::column_of(node)
                )),
                _ => "NULL".to_string(),
            };
            cols.push(format!(
                "CASE WHEN {missing} THEN {missing_value} ELSE {} END AS v{l}",
                d.cast(&format!("TRIM({col})"))
            ));
        }
        format!(
            "SELECT\n    {}\n  FROM {}",
            cols.join(",\n    "),
            d.ident(self.table)
        )
    }

    /// Units with no value at a leaf under `missing drop` are left out before any sample is
    /// taken.
    fn src(&self) -> String {
        let mut conds = Vec::new();
        for l in self.leaves() {
            let Some(node) = self.model.nodes.get(l) else {
                continue;
            };
            if node.scoring.missing == Missing::Drop {
                let v = if Self::method(node).1.is_categorical() {
                    "c"
                } else {
                    "v"
                };
                conds.push(format!("{v}{l} IS NOT NULL"));
            }
        }
        let from = if self.model.grouping.sample.is_some() {
            "insample"
        } else {
            "src0"
        };
        if conds.is_empty() {
            format!("SELECT * FROM {from}")
        } else {
            format!("SELECT * FROM {from} WHERE {}", conds.join(" AND "))
        }
    }

    /// The sample (language chapter 7): the units its condition keeps, then the `top` N of
    /// them by a numeric attribute, ties at the cut kept (a rank by the attribute of at most N).
    /// Units outside it stay in `units`, unscored.
    fn sample(&self) -> Option<String> {
        let d = self.d;
        let s = self.model.grouping.sample.as_ref()?;
        let kept = match &s.filter {
            Some(f) => format!("SELECT * FROM src0 WHERE {}", condition(d, f, true)),
            None => "SELECT * FROM src0".to_string(),
        };
        Some(match &s.top {
            Some(top) => {
                let by = d.cast(&format!("TRIM(a{})", top.attribute));
                format!(
                    "SELECT * FROM (SELECT f.*, RANK() OVER (ORDER BY {by} DESC) AS sample_rank FROM ({kept}) f) ranked_sample WHERE sample_rank <= {}",
                    top.n
                )
            }
            None => kept,
        })
    }

    /// `o`: the observed value after `log`; `x`: the value scored (a missing one filled with a
    /// mean under `missing mean`, then `log`).
    fn fill(&mut self) -> String {
        let d = self.d;
        let mut cols = vec!["src.*".to_string()];
        for node in self
            .model
            .nodes
            .iter()
            .filter(|n| n.scoring.require.is_some())
        {
            self.fail
                .construct(self.model, node, &t!("sql.what_require"));
        }
        for l in self.leaves() {
            let Some(node) = self.model.nodes.get(l) else {
                continue;
            };
            let (log, method) = Self::method(node);
            if method.is_categorical() {
                continue;
            }
            let name = &node.name;
            let logged = |x: &str| {
                if log {
                    format!(
                        "CASE WHEN {x} > 0 THEN {} ELSE {} END",
                        d.func("LN", x),
                        d.error(&format!("a value of `{name}` is not above 0 (log)"))
                    )
                } else {
                    x.to_string()
                }
            };
            let v = format!("v{l}");
            if node.scoring.treat.is_some() {
                self.fail
                    .construct(self.model, node, &t!("sql.what_outliers"));
            }
            if node.scoring.last.is_some() {
                self.fail
                    .construct(self.model, node, "`missing last` (language chapter 5)");
            }
            let filled = match &node.scoring.missing {
                Missing::Median(_) => {
                    self.fail.construct(self.model, node, "`missing median`");
                    v.clone()
                }
                Missing::Mean(_) if node.scoring.impute_group.is_some() => {
                    self.fail
                        .construct(self.model, node, "`missing mean per GROUP`");
                    v.clone()
                }
                Missing::Mean(_) => {
                    let over = match node.scoring.impute_per {
                        Some(a) => format!("OVER (PARTITION BY a{a})"),
                        None => "OVER ()".to_string(),
                    };
                    format!(
                        "CASE WHEN {v} IS NOT NULL THEN {v} WHEN COUNT({v}) {over} = 0 THEN {} ELSE {} END",
                        d.error(&format!("no unit to take the mean of `{name}` from (missing mean)")),
                        d.div(&format!("SUM({v}) {over}"), &format!("COUNT({v}) {over}"))
                    )
                }
                Missing::Error | Missing::Zero | Missing::Drop | Missing::Reweight => v.clone(),
            };
            cols.push(format!("{} AS o{l}", logged(&v)));
            cols.push(format!("{} AS x{l}", logged(&filled)));
        }
        format!("SELECT\n    {}\n  FROM src", cols.join(",\n    "))
    }

    /// Each leaf's sample parameters over the observed values, as window aggregates.
    fn samp(&mut self) -> String {
        let d = self.d;
        let mut cols = vec!["fill.*".to_string()];
        for l in self.leaves() {
            let Some(node) = self.model.nodes.get(l) else {
                continue;
            };
            let (_, method) = Self::method(node);
            let o = format!("o{l}");
            let all = "OVER ()";
            match method {
                Method::MinMax | Method::Ratio => {
                    cols.push(format!("MIN({o}) {all} AS mn{l}"));
                    cols.push(format!("MAX({o}) {all} AS mx{l}"));
                }
                Method::ZScore => {
                    cols.push(format!(
                        "{} AS me{l}",
                        d.div(&format!("SUM({o}) {all}"), &format!("COUNT({o}) {all}"))
                    ));
                    cols.push(format!(
                        "{} AS sd{l}",
                        d.cast(&format!("STDDEV_POP({o}) {all}"))
                    ));
                }
                Method::Percentile => {
                    if matches!(node.scoring.missing, Missing::Mean(_)) {
                        self.fail.construct(
                            self.model,
                            node,
                            "`score percentile` with `missing mean`",
                        );
                    }
                    let order = match node.scoring.direction {
                        Direction::Higher => "ASC",
                        Direction::Lower => "DESC",
                    };
                    cols.push(format!(
                        "RANK() OVER (PARTITION BY {o} IS NULL ORDER BY {o} {order}) AS rk{l}"
                    ));
                    cols.push(format!("COUNT({o}) {all} AS n{l}"));
                }
                Method::Given | Method::GivenScale(_) | Method::Goalposts { .. } => {}
                Method::Rubric(_) => {}
                // Chapter 6's normalisations are computed by `cix run` only.
                Method::Rank
                | Method::Borda
                | Method::DistanceToMax
                | Method::Target { .. }
                | Method::Reference { .. }
                | Method::Fraction => {
                    let what = format!("`score {}`", method.word());
                    self.fail.construct(self.model, node, &what);
                }
            }
        }
        format!("SELECT\n    {}\n  FROM fill", cols.join(",\n    "))
    }

    /// A parent: the sum of its present children (re-weighted when some are missing) or their
    /// weighted geometric mean; a bonus or penalty item capped at its points.
    fn parent(&mut self, id: NodeId) -> String {
        let Some(node) = self.model.nodes.get(id) else {
            return "NULL".to_string();
        };
        let children: Vec<NodeId> = node.children.clone();
        let v = self.combine(node, &children, node.max);
        match node.role {
            Role::Indicator(NodeKind::Bonus | NodeKind::Penalty) => {
                let max = self.lit(node.max, node);
                format!("CASE WHEN {v} > {max} THEN {max} ELSE {v} END")
            }
            Role::Indicator(NodeKind::Base) | Role::Total | Role::Ratio { .. } => v,
        }
    }

    /// Whether a unit may have no value at a node: a leaf left out by `missing reweight` (or
    /// without a column), a parent whose every child may have none.
    fn nullable(&self, id: NodeId) -> bool {
        let Some(node) = self.model.nodes.get(id) else {
            return true;
        };
        if node.children.is_empty() {
            return node.column.is_none() || node.scoring.missing == Missing::Reweight;
        }
        node.children.iter().all(|&c| self.nullable(c))
    }

    /// The children's combination by the node's aggregate, re-weighted to `to`; NULL when no
    /// child has a value.
    fn combine(&mut self, node: &Node, children: &[NodeId], to: Decimal) -> String {
        let d = self.d;
        if node.scoring.aggregate == Aggregate::Sum && !children.iter().any(|&c| self.nullable(c)) {
            // Every child has a value: a plain sum (engines plan it much faster).
            let terms: Vec<String> = children.iter().map(|c| format!("p{c}")).collect();
            return sum(d, &terms);
        }
        let maxes: Vec<(String, String)> = children
            .iter()
            .map(|&c| {
                let max = self.model.max_of(c);
                (format!("p{c}"), self.lit(max, node))
            })
            .collect();
        let to_lit = self.lit(to, node);
        let none_null = maxes
            .iter()
            .map(|(c, _)| format!("{c} IS NULL"))
            .collect::<Vec<_>>()
            .join(" AND ");
        let any_null = maxes
            .iter()
            .map(|(c, _)| format!("{c} IS NULL"))
            .collect::<Vec<_>>()
            .join(" OR ");
        let present = sum(
            d,
            &maxes
                .iter()
                .map(|(c, m)| format!("CASE WHEN {c} IS NULL THEN {} ELSE {m} END", d.cast("0")))
                .collect::<Vec<_>>(),
        );
        let value = match node.scoring.aggregate {
            a @ (Aggregate::Harmonic | Aggregate::Power(_)) => {
                let what = format!("`aggregate {}`", a.words());
                self.fail.construct(self.model, node, &what);
                d.cast("0")
            }
            Aggregate::Sum => {
                let total = sum(
                    d,
                    &maxes
                        .iter()
                        .map(|(c, _)| format!("COALESCE({c}, {})", d.cast("0")))
                        .collect::<Vec<_>>(),
                );
                format!(
                    "CASE WHEN ({any_null}) AND {present} <> 0 THEN {} ELSE {total} END",
                    d.div(&d.mul(&total, &to_lit), &present)
                )
            }
            Aggregate::Geometric => {
                let err = d.error(&format!(
                    "a child of `{}` scores 0 or less, so its geometric mean is undefined",
                    node.name
                ));
                let bad = maxes
                    .iter()
                    .map(|(c, _)| format!("{c} <= 0"))
                    .collect::<Vec<_>>()
                    .join(" OR ");
                let logs: Vec<String> = maxes
                    .iter()
                    .map(|(c, m)| {
                        let weight = d.div(m, &present);
                        let ln = d.func("LN", &d.div(c, m));
                        format!(
                            "CASE WHEN {c} IS NULL THEN {} ELSE {} END",
                            d.cast("0"),
                            d.mul(&weight, &ln)
                        )
                    })
                    .collect();
                format!(
                    "CASE WHEN {bad} THEN {err} ELSE {} END",
                    d.mul(&d.func("EXP", &sum(d, &logs)), &to_lit)
                )
            }
        };
        format!("CASE WHEN {none_null} THEN NULL ELSE {value} END")
    }
}
