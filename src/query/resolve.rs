//! Name resolution for queries: indicators, attributes, groups, attribute values, units.

use rust_decimal::Decimal;

use crate::codes;
use crate::diag::{Diag, Diags};
use crate::eval::{rate, Results};
use crate::model::{Model, NodeId};
use crate::output::Cell;
use crate::source::Source;
use crate::suggest;
use crate::syntax::ast::{CmpOp, Comparison, Condition, GroupDef, Logic, Name, Value};

/// The word for a score rate, usable as a column.
pub const RATE: &str = "得分率";

/// What a name in a query can be as a column.
#[derive(Clone, Debug, PartialEq)]
pub enum Column {
    Node(NodeId),
    /// 得分率 of the given node.
    Rate(NodeId),
    Attribute(usize),
    Key,
}

pub struct Scope<'a> {
    pub model: &'a Model,
    pub source: &'a Source,
}

impl Scope<'_> {
    pub fn unknown(&self, name: &Name, what: &str, candidates: Vec<&str>) -> Diag {
        Diag::error(codes::E104, format!("unknown {what} `{}`", name.node))
            .in_source(self.source)
            .label(name.span, format!("not a known {what}"))
            .help(
                suggest::did_you_mean(&name.node, candidates.iter().copied())
                    .unwrap_or_else(|| format!("known: {}", shortlist(&candidates))),
            )
    }

    pub fn indicator(&self, name: &Name) -> Result<NodeId, Diag> {
        self.model.node(&name.node).ok_or_else(|| {
            let names = self.model.nodes.iter().map(|n| n.name.as_str()).collect();
            self.unknown(name, "indicator", names)
        })
    }

    pub fn attribute(&self, name: &Name) -> Result<usize, Diag> {
        self.model.attribute(&name.node).ok_or_else(|| {
            let names = self
                .model
                .attributes
                .iter()
                .map(|a| a.node.as_str())
                .collect();
            self.unknown(name, "attribute", names)
        })
    }

    /// A column to show: an indicator, 得分率 (of `rate_of`), an attribute or the key.
    pub fn column(&self, name: &Name, rate_of: NodeId) -> Result<Column, Diag> {
        if name.node == RATE {
            return Ok(Column::Rate(rate_of));
        }
        if let Some(n) = name.node.strip_suffix(RATE) {
            if let Some(id) = self.model.node(n) {
                return Ok(Column::Rate(id));
            }
        }
        if let Some(id) = self.model.node(&name.node) {
            return Ok(Column::Node(id));
        }
        if let Some(a) = self.model.attribute(&name.node) {
            return Ok(Column::Attribute(a));
        }
        if name.node == self.model.key.node {
            return Ok(Column::Key);
        }
        let mut names: Vec<&str> = self.model.nodes.iter().map(|n| n.name.as_str()).collect();
        names.extend(self.model.attributes.iter().map(|a| a.node.as_str()));
        names.push(RATE);
        Err(self.unknown(name, "column", names))
    }

    pub fn column_title(&self, c: &Column) -> String {
        match c {
            Column::Node(id) => self.model.nodes[*id].name.clone(),
            Column::Rate(id) if *id == self.model.total => RATE.to_string(),
            Column::Rate(id) => format!("{}{RATE}", self.model.nodes[*id].name),
            Column::Attribute(a) => self.model.attributes[*a].node.clone(),
            Column::Key => self.model.key.node.clone(),
        }
    }
}

fn shortlist(names: &[&str]) -> String {
    let mut v: Vec<&str> = names.to_vec();
    v.truncate(8);
    let more = if names.len() > 8 { ", …" } else { "" };
    format!(
        "{}{more}",
        v.iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

/// Everything a running query needs.
pub struct Context<'a> {
    pub scope: Scope<'a>,
    pub results: &'a Results,
}

impl<'a> Context<'a> {
    pub fn new(model: &'a Model, results: &'a Results, source: &'a Source) -> Self {
        Context {
            scope: Scope { model, source },
            results,
        }
    }

    pub fn model(&self) -> &'a Model {
        self.scope.model
    }

    pub fn score(&self, unit: usize, node: NodeId) -> Decimal {
        self.results.units[unit].scores[node]
    }

    pub fn cell(&self, unit: usize, col: &Column) -> Cell {
        let u = &self.results.units[unit];
        match col {
            Column::Node(id) => Cell::Num(u.scores[*id], 2),
            Column::Rate(id) => {
                rate(u.scores[*id], self.model().nodes[*id].max).map_or(Cell::Empty, Cell::Rate)
            }
            Column::Attribute(a) => Cell::Text(u.attributes[*a].clone()),
            Column::Key => Cell::Text(u.key.clone()),
        }
    }

    /// The units of a named group: a declared group, or a value of an attribute (`华南`).
    pub fn group_members(&self, name: &Name) -> Result<Vec<usize>, Diag> {
        let model = self.model();
        let units = &self.results.units;
        if let Some(g) = model.group(&name.node) {
            return Ok(match &g.def {
                GroupDef::List { members, .. } => {
                    // Keep data order so rankings read top-down.
                    (0..units.len())
                        .filter(|&i| members.iter().any(|m| m.node == units[i].key))
                        .collect()
                }
                GroupDef::AttrIn { attribute, values } => match model.attribute(&attribute.node) {
                    Some(a) => (0..units.len())
                        .filter(|&i| values.iter().any(|v| v.node == units[i].attributes[a]))
                        .collect(),
                    None => Vec::new(),
                },
            });
        }
        for a in 0..model.attributes.len() {
            let members: Vec<usize> = (0..units.len())
                .filter(|&i| units[i].attributes[a] == name.node)
                .collect();
            if !members.is_empty() {
                return Ok(members);
            }
        }
        let mut candidates: Vec<&str> = model.groups.iter().map(|g| g.name.node.as_str()).collect();
        for u in units {
            for v in &u.attributes {
                if !candidates.contains(&v.as_str()) {
                    candidates.push(v);
                }
            }
        }
        Err(self.scope.unknown(name, "group", candidates))
    }

    /// Units satisfying a `where` condition (evaluated left to right, `and` before `or`).
    pub fn filter(&self, cond: &Condition, units: Vec<usize>) -> Result<Vec<usize>, Diags> {
        let mut comparisons = vec![&cond.first];
        comparisons.extend(cond.rest.iter().map(|(_, c)| c));
        let tests: Vec<Test> = comparisons
            .iter()
            .map(|c| self.test(c))
            .collect::<Result<_, Diag>>()
            .map_err(Diags::from)?;
        Ok(units
            .into_iter()
            .filter(|&u| {
                // Disjunction of conjunctions.
                let mut any = false;
                let mut all = tests[0].holds(self, u);
                for ((logic, _), t) in cond.rest.iter().zip(&tests[1..]) {
                    match logic {
                        Logic::And => all = all && t.holds(self, u),
                        Logic::Or => {
                            any = any || all;
                            all = t.holds(self, u);
                        }
                    }
                }
                any || all
            })
            .collect())
    }

    fn test(&self, c: &Comparison) -> Result<Test, Diag> {
        let model = self.model();
        let value = |v: &Value| match v {
            Value::Number(n) => TestValue::Number(*n),
            Value::Name(s) => TestValue::Text(s.clone()),
        };
        if let Some(id) = model.node(&c.left.node) {
            return match &c.right.node {
                Value::Number(n) => Ok(Test::Node(id, c.op, *n)),
                Value::Name(s) => Err(Diag::error(
                    codes::E303,
                    format!(
                        "`{}` is a score; compare it with a number, not `{s}`",
                        c.left.node
                    ),
                )
                .in_source(self.scope.source)
                .label(c.right.span, "not a number")
                .help(format!("e.g. `{} >= 10`", c.left.node))),
            };
        }
        if let Some(a) = model.attribute(&c.left.node) {
            if !matches!(c.op, CmpOp::Eq | CmpOp::Ne) {
                return Err(Diag::error(
                    codes::E303,
                    format!("`{}` is a category; only `=` and `!=` apply", c.left.node),
                )
                .in_source(self.scope.source)
                .label(c.left.span, "a category")
                .help(format!("e.g. `{} = 华东`", c.left.node)));
            }
            if let Value::Name(s) = &c.right.node {
                let known = self.results.units.iter().any(|u| &u.attributes[a] == s);
                if !known {
                    let mut values: Vec<&str> = Vec::new();
                    for u in &self.results.units {
                        if !values.contains(&u.attributes[a].as_str()) {
                            values.push(&u.attributes[a]);
                        }
                    }
                    let n = crate::source::Spanned::new(s.clone(), c.right.span);
                    return Err(self.scope.unknown(
                        &n,
                        &format!("value of `{}`", c.left.node),
                        values,
                    ));
                }
            }
            return Ok(Test::Attr(a, c.op, value(&c.right.node)));
        }
        let mut names: Vec<&str> = model.nodes.iter().map(|n| n.name.as_str()).collect();
        names.extend(model.attributes.iter().map(|a| a.node.as_str()));
        Err(self.scope.unknown(&c.left, "indicator or attribute", names))
    }
}

enum TestValue {
    Number(Decimal),
    Text(String),
}

enum Test {
    Node(NodeId, CmpOp, Decimal),
    Attr(usize, CmpOp, TestValue),
}

impl Test {
    fn holds(&self, ctx: &Context<'_>, unit: usize) -> bool {
        match self {
            Test::Node(id, op, n) => compare(ctx.score(unit, *id).cmp(n), *op),
            Test::Attr(a, op, v) => {
                let text = &ctx.results.units[unit].attributes[*a];
                let eq = match v {
                    TestValue::Text(s) => text == s,
                    TestValue::Number(n) => crate::data::parse_number(text) == Some(*n),
                };
                if *op == CmpOp::Ne {
                    !eq
                } else {
                    eq
                }
            }
        }
    }
}

pub fn compare(ord: std::cmp::Ordering, op: CmpOp) -> bool {
    use std::cmp::Ordering::*;
    match op {
        CmpOp::Eq => ord == Equal,
        CmpOp::Ne => ord != Equal,
        CmpOp::Lt => ord == Less,
        CmpOp::Le => ord != Greater,
        CmpOp::Gt => ord == Greater,
        CmpOp::Ge => ord != Less,
    }
}
