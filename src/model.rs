//! The checked model of an index: the output of stage 2 (`check`), the input of `eval`. It
//! holds no syntax tree: groups, tiers and conditions are resolved (node ids, attribute and
//! tiers indexes), and only data values (an attribute's `华东`, a unit's key) stay as written,
//! to be compared once the data is bound.

use rust_decimal::Decimal;

pub mod dashboard;
pub mod groups;
pub mod uncertainty;
pub mod years;

use crate::rules::{NodeScoring, Scale};
use crate::source::{Source, Span, Spanned};

pub type NodeId = usize;

#[derive(Clone, Debug)]
pub struct Model {
    pub source: Source,
    pub name: String,
    pub edition: Option<Edition>,
    /// The data file as written in the spec and resolved against the spec's folder.
    pub data: Option<DataRef>,
    pub key: Spanned<String>,
    pub attributes: Vec<Spanned<String>>,
    /// Every indicator, bonus and penalty item and the total, parents before children.
    pub nodes: Vec<Node>,
    /// The top-level base indicators (the primaries), in spec order.
    pub primaries: Vec<NodeId>,
    pub bonuses: Vec<NodeId>,
    pub penalties: Vec<NodeId>,
    pub total: NodeId,
    pub groups: Vec<Group>,
    pub tiers: Vec<Tiers>,
    /// The quartile convention of statistics.
    pub quartiles: crate::stats::Quartiles,
    /// The spec's reports by name; their queries are planned against the bound data
    /// (`project::load`), from the queries `check` returns beside the model.
    pub reports: Vec<Report>,
    /// The output scale of the total (points unless `scale` says otherwise).
    pub scale: Scale,
    /// Assumptions the spec states instead of published facts (unknown weights), in words.
    pub assumptions: Vec<String>,
    /// Why the spec cannot run yet (a `levels` declaration with unnamed indicators).
    pub incomplete: Option<Spanned<String>>,
    /// Groups of units (chapter 7): the sample evaluated, methods by group.
    pub grouping: groups::Grouping,
    /// Uncertainties declared for `cix uncertainty` and `cix sensitivity` (chapter 8).
    pub uncertainty: uncertainty::Uncertainty,
}

#[derive(Clone, Debug)]
pub struct Edition {
    pub year: u32,
    pub ordinal: Option<String>,
}

#[derive(Clone, Debug)]
pub struct DataRef {
    pub written: Spanned<String>,
    /// The sheet named by `sheet "…"` (a workbook's first sheet when none).
    pub sheet: Option<Spanned<String>>,
    pub path: std::path::PathBuf,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Role {
    Indicator(NodeKind),
    Total,
    /// `ratio 效率比 = 产出 / 投入` (language chapter 6): the numerator's score ÷ the
    /// denominator's, outside the weighted sum; no parent, no children, no maximum.
    Ratio {
        numerator: NodeId,
        denominator: NodeId,
    },
}

#[derive(Clone, Debug)]
pub struct Node {
    pub name: String,
    pub span: Span,
    pub role: Role,
    /// The most points the node can hold (its weight; for the total, base + bonus).
    pub max: Decimal,
    /// Why the weight is a reasoned guess rather than a published value.
    pub inferred: Option<String>,
    pub description: Option<String>,
    /// The data column a leaf reads (its own name unless `from` says otherwise).
    pub column: Option<Spanned<String>>,
    /// `from GDP / 常住人口`: a leaf's value derived from columns (then `column` is None).
    pub derived: Option<Spanned<crate::rules::Expr>>,
    pub children: Vec<NodeId>,
    pub parent: Option<NodeId>,
    /// 1 for primaries (and top-level bonus/penalty items), 0 for the total.
    pub level: usize,
    /// How a leaf scores its raw value, how a parent aggregates (with the index's defaults).
    pub scoring: NodeScoring,
}

/// Whether an indicator is part of the base, a bonus or a penalty.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeKind {
    /// Part of the base (the primaries and everything under them).
    Base,
    /// Added on top of the base, up to its cap.
    Bonus,
    /// Subtracted from the total, up to its cap.
    Penalty,
}

/// A `report` of the spec: its name and title (its query is kept by [`crate::check::Checked`]).
#[derive(Clone, Debug)]
pub struct Report {
    pub name: Spanned<String>,
    pub title: Option<Spanned<String>>,
}

/// A declared group of units.
#[derive(Clone, Debug)]
pub struct Group {
    pub name: Spanned<String>,
    pub def: GroupDef,
}

#[derive(Clone, Debug)]
pub enum GroupDef {
    /// `[上海, 南京, …]`: unit keys (looked up in the data when used); `open` when the list ends
    /// in an ellipsis or 等.
    List {
        members: Vec<Spanned<String>>,
        open: bool,
    },
    /// `区域 in [华北, 东北]`, `GDP2020 >= 10000`: the units satisfying a condition.
    Condition(Filter),
}

/// A `tiers` declaration, resolved: the indicator it cuts and its tiers, highest first.
#[derive(Clone, Debug)]
pub struct Tiers {
    pub name: Spanned<String>,
    /// The indicator the tiers are cut on (the total unless `of` says otherwise).
    pub of: NodeId,
    /// The tier names, highest first.
    pub tiers: Vec<Spanned<String>>,
    pub rule: TierRule,
}

/// How units fall into tiers; each list is indexed like [`Tiers::tiers`].
#[derive(Clone, Debug)]
pub enum TierRule {
    /// Each tier's share of the units, in percent (`领军 16%`).
    Share(Vec<Spanned<Decimal>>),
    /// Each tier's lowest score (`优秀 >= 80`); the last may take every score.
    Score(Vec<Option<Decimal>>),
    /// Each tier's band of ranks, first and last (none: to the end).
    Rank(Vec<(u64, Option<u64>)>),
    /// Each tier's unit keys (looked up in the data when used).
    List(Vec<Vec<Spanned<String>>>),
    /// Quantile groups (language chapter 7): `n` groups of an attribute's or node's values,
    /// lowest first, cut at Excel's PERCENTILE.INC of k/n; a value equal to a cut falls in the
    /// lower group, so equal values share a group.
    Quantiles { of: dashboard::QuantileOf, n: usize },
    /// A rating scale per group of a partition (an index into `Model::tiers`, declared
    /// before), each cut among the group's units.
    PerGroup {
        per: usize,
        scales: Vec<dashboard::GroupScale>,
    },
}

/// A resolved condition (a group's, or a query's `where`): tests joined by `and` / `or`, `and`
/// binding tighter.
#[derive(Clone, Debug, PartialEq)]
pub struct Filter {
    pub first: Test,
    pub rest: Vec<(Logic, Test)>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Logic {
    And,
    Or,
}

/// One comparison: a subject against values (any may match; `negated` for `not in`).
#[derive(Clone, Debug, PartialEq)]
pub struct Test {
    pub subject: Subject,
    pub op: CmpOp,
    pub negated: bool,
    /// The values as written: data values (an attribute's `华东`, a tier's name) are compared
    /// when the test is applied.
    pub values: Vec<Spanned<Value>>,
}

/// What a test compares: a node's score, an attribute's value or a unit's tier.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Subject {
    Node(NodeId),
    Attribute(usize),
    Tiers(usize),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    Number(Decimal),
    Text(String),
}

impl Value {
    /// The value as text (a number as `Decimal` prints it).
    pub fn text(&self) -> String {
        match self {
            Value::Text(s) => s.clone(),
            Value::Number(n) => n.to_string(),
        }
    }
}

impl Model {
    pub fn node(&self, name: &str) -> Option<NodeId> {
        self.nodes.iter().position(|n| n.name == name)
    }

    pub fn is_leaf(&self, id: NodeId) -> bool {
        self.nodes
            .get(id)
            .is_some_and(|n| n.children.is_empty() && matches!(n.role, Role::Indicator(_)))
    }

    /// The ratio nodes (language chapter 6): (node, numerator, denominator), in spec order.
    pub fn ratios(&self) -> impl Iterator<Item = (NodeId, NodeId, NodeId)> + '_ {
        self.nodes
            .iter()
            .enumerate()
            .filter_map(|(id, n)| match n.role {
                Role::Ratio {
                    numerator,
                    denominator,
                } => Some((id, numerator, denominator)),
                _ => None,
            })
    }

    /// Whether a node is a ratio node.
    pub fn is_ratio(&self, id: NodeId) -> bool {
        self.nodes
            .get(id)
            .is_some_and(|n| matches!(n.role, Role::Ratio { .. }))
    }

    /// A node's name ("" for an id that is not a node's).
    pub fn name_of(&self, id: NodeId) -> &str {
        self.nodes.get(id).map_or("", |n| n.name.as_str())
    }

    /// A node's maximum (0 for an id that is not a node's).
    pub fn max_of(&self, id: NodeId) -> Decimal {
        self.nodes.get(id).map_or(Decimal::ZERO, |n| n.max)
    }

    /// An attribute's name ("" for an index that is not an attribute's).
    pub fn attribute_name(&self, a: usize) -> &str {
        self.attributes.get(a).map_or("", |n| n.node.as_str())
    }

    /// A tiers declaration's name ("" for an index that is not one's).
    pub fn tiers_name(&self, t: usize) -> &str {
        self.tiers.get(t).map_or("", |n| n.name.node.as_str())
    }

    pub fn leaves(&self) -> impl Iterator<Item = NodeId> + '_ {
        (0..self.nodes.len()).filter(|&i| self.is_leaf(i))
    }

    /// Top-level items in spec order: primaries, then bonus and penalty items.
    pub fn top_level(&self) -> impl Iterator<Item = NodeId> + '_ {
        self.primaries
            .iter()
            .chain(&self.bonuses)
            .chain(&self.penalties)
            .copied()
    }

    pub fn attribute(&self, name: &str) -> Option<usize> {
        self.attributes.iter().position(|a| a.node == name)
    }

    pub fn group(&self, name: &str) -> Option<&Group> {
        self.groups.iter().find(|g| g.name.node == name)
    }

    pub fn tiers_named(&self, name: &str) -> Option<usize> {
        self.tiers.iter().position(|t| t.name.node == name)
    }

    /// The tiers declaration and tier index of a tier name (e.g. `领军城市`).
    pub fn tier(&self, name: &str) -> Option<(usize, usize)> {
        self.tiers
            .iter()
            .enumerate()
            .find_map(|(t, d)| d.tier_names().position(|n| n == name).map(|i| (t, i)))
    }

    /// Decimals to show scores with: 4 on an index 0–1 (or any scale up to 10), else 2.
    pub fn score_decimals(&self) -> u32 {
        match self.scale {
            Scale::Range(hi) if hi <= Decimal::TEN => 4,
            _ => 2,
        }
    }

    /// Decimals to show a node's scores with: its own `decimals`, else the scale's.
    pub fn decimals_of(&self, id: NodeId) -> u32 {
        self.nodes
            .get(id)
            .and_then(|n| n.scoring.decimals)
            .unwrap_or_else(|| self.score_decimals())
    }

    /// A node's score as shown: on its own scale under `shown 0-H` (score ÷ points × H).
    pub fn shown_value(&self, id: NodeId, v: Decimal) -> Decimal {
        match self.nodes.get(id) {
            Some(n) => match n.scoring.shown {
                Some(h) => v
                    .checked_div(n.max)
                    .and_then(|x| x.checked_mul(h))
                    .unwrap_or(v),
                None => v,
            },
            None => v,
        }
    }

    pub fn total_name(&self) -> &str {
        self.name_of(self.total)
    }

    /// The nodes' names (indicators, the total, ratios), in order: candidates for "did you mean".
    pub fn node_names(&self) -> Vec<&str> {
        self.nodes.iter().map(|n| n.name.as_str()).collect()
    }

    /// The attributes' names, in order: candidates for "did you mean".
    pub fn attribute_names(&self) -> Vec<&str> {
        self.attributes.iter().map(|a| a.node.as_str()).collect()
    }

    /// Every name a query may use: indicators, the total, attributes, groups and tiers.
    pub fn names(&self) -> Vec<&str> {
        let mut v = self.node_names();
        v.extend(self.attribute_names());
        v.extend(self.groups.iter().map(|g| g.name.node.as_str()));
        v.extend(self.tiers.iter().map(|t| t.name.node.as_str()));
        for t in &self.tiers {
            v.extend(t.tier_names());
        }
        v.push(self.key.node.as_str());
        v
    }
}

impl Tiers {
    /// The tier names, highest first.
    pub fn tier_names(&self) -> impl Iterator<Item = &str> + '_ {
        self.tiers.iter().map(|n| n.node.as_str())
    }
}
