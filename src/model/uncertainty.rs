//! Uncertainties declared in the spec (issue 11, language chapter 8), resolved by
//! `check::uncertainty`: named assumptions over node ids, each with its distribution, and the
//! number of replications and the seed. The robust stage turns them into its own design.

use rust_decimal::Decimal;

use super::NodeId;
use crate::source::Span;

/// `uncertainty [runs N] [seed S] { assume … }`
#[derive(Clone, Debug, Default)]
pub struct Uncertainty {
    pub runs: Option<usize>,
    pub seed: Option<u64>,
    pub assumptions: Vec<Assumed>,
    /// The whole declaration (None when the spec declares none).
    pub span: Option<Span>,
}

/// One named assumption.
#[derive(Clone, Debug)]
pub struct Assumed {
    pub name: String,
    /// The node whose children's weights vary, or under which every leaf or parent varies.
    pub node: NodeId,
    pub dist: Dist,
    /// The whole `assume` line, as `cix diff` shows it.
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Dist {
    /// The children's weights, each uniform within ±this fraction (0.25), renormalised.
    Vary(Decimal),
    /// One of these weight sets of the children whose weights may vary (relative weights, in
    /// the children's order), equally likely.
    Sets(Vec<Vec<Decimal>>),
    /// Every leaf under the node normalised one of these ways, equally likely.
    Normalisation(Vec<NormChoice>),
    /// Every leaf under the node given one of these missing-data policies, equally likely.
    Missing(Vec<MissingChoice>),
    /// Every leaf under the node treated as declared (on) or not at all (off), equally likely.
    Treatment,
    /// The node and every parent under it aggregated one of these ways, equally likely.
    Aggregation(Vec<AggChoice>),
}

impl Dist {
    /// The keyword of the assumption's kind.
    pub fn kind(&self) -> &'static str {
        match self {
            Dist::Vary(_) | Dist::Sets(_) => "weights",
            Dist::Normalisation(_) => "normalisation",
            Dist::Missing(_) => "missing",
            Dist::Treatment => "treatment",
            Dist::Aggregation(_) => "aggregation",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NormChoice {
    /// Each leaf's own rule.
    Declared,
    MinMax,
    ZScore,
    Rank,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MissingChoice {
    /// Each leaf's own policy.
    Declared,
    Zero,
    Mean,
    Median,
    Reweight,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AggChoice {
    Arithmetic,
    Geometric,
    Harmonic,
}

/// The words of each kind's choices, as the spec writes them.
pub const NORM_WORDS: &[(&str, NormChoice)] = &[
    ("declared", NormChoice::Declared),
    ("minmax", NormChoice::MinMax),
    ("zscore", NormChoice::ZScore),
    ("rank", NormChoice::Rank),
];
pub const MISSING_WORDS: &[(&str, MissingChoice)] = &[
    ("declared", MissingChoice::Declared),
    ("zero", MissingChoice::Zero),
    ("mean", MissingChoice::Mean),
    ("median", MissingChoice::Median),
    ("reweight", MissingChoice::Reweight),
];
pub const AGG_WORDS: &[(&str, AggChoice)] = &[
    ("arithmetic", AggChoice::Arithmetic),
    ("geometric", AggChoice::Geometric),
    ("harmonic", AggChoice::Harmonic),
];
/// The kinds of assumption (`normalization` is accepted for `normalisation`).
pub const KINDS: &[&str] = &[
    "weights",
    "normalisation",
    "normalization",
    "missing",
    "treatment",
    "aggregation",
];

/// Whether a node's weight may vary: every indicator under the total except the top-level
/// bonus and penalty items, which keep their caps (their own children vary within them).
pub fn varies(model: &super::Model, id: NodeId) -> bool {
    use super::{NodeKind, Role};
    match model.nodes.get(id).map(|n| &n.role) {
        Some(Role::Indicator(NodeKind::Base)) => true,
        Some(Role::Indicator(_)) => !model.bonuses.contains(&id) && !model.penalties.contains(&id),
        _ => false,
    }
}

/// A node and every node under it, parents before children.
pub fn subtree(model: &super::Model, node: NodeId) -> Vec<NodeId> {
    let mut out = vec![node];
    let mut i = 0;
    while let Some(&n) = out.get(i) {
        if let Some(x) = model.nodes.get(n) {
            out.extend_from_slice(&x.children);
        }
        i = i.saturating_add(1);
    }
    out
}
