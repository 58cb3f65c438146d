//! Ratings and dashboards in the model (language chapter 7): dashboards of traffic-light
//! colours, resolved by `check::dashboard`. Quantile groups and ratings per group are tiers
//! ([`super::TierRule::Quantiles`], [`super::TierRule::PerGroup`]).

use rust_decimal::Decimal;

use super::NodeId;
use crate::source::{Span, Spanned};

/// A dashboard: its colours, best first, and one line per coloured node.
#[derive(Clone, Debug)]
pub struct Dashboard {
    pub name: Spanned<String>,
    pub colours: Vec<Spanned<String>>,
    pub lines: Vec<Line>,
}

/// One node of a dashboard and how it gets its colour.
#[derive(Clone, Debug)]
pub struct Line {
    pub node: NodeId,
    pub rule: LineRule,
    /// Where the line is written.
    pub span: Span,
}

#[derive(Clone, Debug)]
pub enum LineRule {
    /// Colours (indexes into `Dashboard::colours`) with the threshold a raw value must reach,
    /// best first; the last may take every value. `higher`: a value at or above a threshold
    /// reaches it (else at or below).
    Thresholds {
        steps: Vec<(usize, Option<Decimal>)>,
        higher: bool,
    },
    /// The node's colour from its N worst-coloured indicators (the threshold lines under it):
    /// their mean colour position, rounded to the better colour.
    Worst(usize),
}

/// What a quantile group is cut on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QuantileOf {
    /// A numeric attribute (an index into `Model::attributes`).
    Attribute(usize),
    Node(NodeId),
}

/// One group's scale of a `ratings` declaration: the group (an index into the partition's
/// names), its rule, and each of the rule's ratings as an index into the declaration's names.
#[derive(Clone, Debug)]
pub struct GroupScale {
    pub group: usize,
    pub rule: Box<super::TierRule>,
    pub ratings: Vec<usize>,
}
