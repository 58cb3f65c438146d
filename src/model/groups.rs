//! Groups of units in the model (language chapter 7): the sample of units evaluated and the
//! methods that differ by group, resolved by `check::grouping`.

use super::{Filter, Model};
use crate::source::Span;

/// The units evaluated: those the filter keeps, then the `top` N of them by a numeric
/// attribute (ties at the cut kept). The others stay in the data, unscored.
#[derive(Clone, Debug)]
pub struct Sample {
    pub filter: Option<Filter>,
    pub top: Option<SampleTop>,
    /// The whole declaration.
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct SampleTop {
    pub n: usize,
    /// The attribute ranked on (an index into `Model::attributes`).
    pub attribute: usize,
    /// Where the attribute is named.
    pub span: Span,
}

/// The methods of one group: the whole index as the group's units are scored, with the
/// group's `set` statements applied (same indicators, same node ids, same total maximum).
#[derive(Clone, Debug)]
pub struct Methods {
    /// The group (an index into `Model::groups`).
    pub group: usize,
    /// The `for` declaration.
    pub span: Span,
    pub model: Box<Model>,
}

/// Everything chapter 7 adds to a model.
#[derive(Clone, Debug, Default)]
pub struct Grouping {
    pub sample: Option<Sample>,
    pub methods: Vec<Methods>,
    pub rollups: Vec<Rollup>,
    /// Several years, blends and group measures (`model::years`).
    pub series: super::years::Series,
}

impl Grouping {
    /// The roll-up whose level is named `name` (its attribute's name).
    pub fn rollup(&self, name: &str) -> Option<&Rollup> {
        self.rollups.iter().find(|r| r.model.key.node == name)
    }
}

/// A higher level evaluated from its members (`rollup 省份 by mean where …`).
#[derive(Clone, Debug)]
pub struct Rollup {
    /// The attribute whose values are the level's units (an index into `Model::attributes`).
    pub attribute: usize,
    pub stat: RollupStat,
    /// Members kept (none: every unit of the sample).
    pub filter: Option<Filter>,
    /// The level as an index: the same nodes, keyed by the attribute, with the level's tiers
    /// and no attributes, groups or reports of its own.
    pub model: Box<Model>,
    pub span: Span,
}

/// How members' scores make the level's: `mean`, `median`, `top 3 mean` (the mean of the best
/// three at each node).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RollupStat {
    Mean,
    Median,
    TopMean(usize),
}
