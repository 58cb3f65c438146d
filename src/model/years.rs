//! Several years and group measures in the model (language chapter 7, "Several years" and
//! "Group measures"), resolved by `check::years`.

use rust_decimal::Decimal;

use super::{DataRef, Filter, NodeId};
use crate::source::{Span, Spanned};

/// The statistic of a measure or of a group change: the mean or the median.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GroupStat {
    Mean,
    Median,
}

/// The years of the data: a year column, or a file per year. The last year is the one every
/// query answers for unless it names another (`at 2017`, `change … from 2017`).
#[derive(Clone, Debug)]
pub struct Years {
    /// The year column (none: one file per year).
    pub column: Option<Spanned<String>>,
    /// The years, earliest first.
    pub years: Vec<Year>,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct Year {
    pub year: u32,
    /// The year's own file (none: the `data` file, or `--data`).
    pub file: Option<DataRef>,
    pub span: Span,
}

impl Years {
    /// The last year.
    pub fn latest(&self) -> Option<u32> {
        self.years.last().map(|y| y.year)
    }

    pub fn has(&self, year: u32) -> bool {
        self.years.iter().any(|y| y.year == year)
    }
}

/// `blend 三年综合 = [2018: 3, 2017: 2, 2016: 1]`: a unit's score at every node is the weighted
/// mean of its scores in the years named, Σ wᵧ·vᵧ ÷ Σ wᵧ (one division, at the end).
#[derive(Clone, Debug)]
pub struct Blend {
    pub name: Spanned<String>,
    /// Each year and its weight, as written.
    pub parts: Vec<(u32, Decimal)>,
    /// Σ of the weights (100 for percentages).
    pub sum: Decimal,
    pub span: Span,
}

/// `measure 组均得分率 = mean 得分率 by 类别 top [地级城市 50, 区县 30] [where …]`: one
/// statistic per group, over each group's N best units at the node.
#[derive(Clone, Debug)]
pub struct Measure {
    pub name: Spanned<String>,
    pub stat: GroupStat,
    pub of: NodeId,
    /// Of the node's score rate (得分率) rather than its score.
    pub rate: bool,
    /// The attribute whose values are the groups.
    pub by: usize,
    /// Every group's N (none: all members), unless `top` names the group.
    pub top_all: Option<usize>,
    /// A group's own N, by the attribute's value as written.
    pub top: Vec<(String, usize)>,
    pub filter: Option<Filter>,
    pub span: Span,
}

impl Measure {
    /// The N of a group (none: all its members).
    pub fn cut(&self, group: &str) -> Option<usize> {
        self.top
            .iter()
            .find(|(g, _)| g == group)
            .map(|&(_, n)| n)
            .or(self.top_all)
    }
}

/// Everything "Several years" adds to a model.
#[derive(Clone, Debug, Default)]
pub struct Series {
    pub years: Option<Years>,
    pub blends: Vec<Blend>,
    pub measures: Vec<Measure>,
}

impl Series {
    pub fn blend(&self, name: &str) -> Option<&Blend> {
        self.blends.iter().find(|b| b.name.node == name)
    }

    pub fn measure(&self, name: &str) -> Option<&Measure> {
        self.measures.iter().find(|m| m.name.node == name)
    }

    /// The names a query may use with `at`: the years and the blends.
    pub fn periods(&self) -> Vec<String> {
        let mut v: Vec<String> = self
            .years
            .iter()
            .flat_map(|y| y.years.iter().map(|y| y.year.to_string()))
            .collect();
        v.extend(self.blends.iter().map(|b| b.name.node.clone()));
        v
    }
}
