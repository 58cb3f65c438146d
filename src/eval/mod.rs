//! Stage 4, eval: model + dataset → exact scores for every unit at every node. Pure: no files,
//! no printing.

use std::borrow::Cow;

use rayon::prelude::*;
use rust_decimal::Decimal;

pub mod bounds;
pub mod dashboard;
pub mod groups;
pub mod inputs;
mod means;
mod ranks;
pub mod ratio;
pub mod rollup;
mod scores;
mod sums;
pub mod tiers;
pub mod years;

pub use ranks::{competition_ranks, competition_ranks_ascending};
pub use scores::Scores;

use crate::codes;
use crate::data::Dataset;
use crate::diag::{Diag, Diags};
use crate::model::{Model, NodeId, Role};
use crate::model::{Node, NodeKind};
use crate::packed::Packed;
use crate::rules::Aggregate;

/// Every unit's score at every node of the model, exactly.
#[derive(Clone, Debug)]
pub struct Results {
    pub units: Vec<UnitScores>,
    /// For each `tiers` declaration, each unit's tier (an index into its tier names).
    pub tiers: Vec<Vec<Option<usize>>>,
    /// How many units, at the end of `units`, are outside the spec's sample: kept to be shown,
    /// never scored, ranked or tiered (language chapter 7).
    pub outside: usize,
    /// For each unit, the method group that scored it (an index into the model's
    /// `grouping.methods`); empty when the spec has no methods by group.
    pub methods: Vec<Option<usize>>,
    /// What the scores rest on: observed and imputed values, outlier treatment, coverage
    /// (language chapter 5; set by [`inputs::apply`]).
    pub inputs: inputs::Inputs,
    /// For each dashboard, each line, each unit's colour (language chapter 7; set by
    /// [`dashboard::colours`]).
    pub dashboards: Vec<Vec<Vec<Option<usize>>>>,
    /// With several years (language chapter 7): the earlier years' results and the blends,
    /// held by the last year's results.
    pub periods: Option<Box<years::Periods>>,
    /// The units in key order, built when a unit is first looked up by key.
    pub(crate) order: KeyOrder,
}

/// Positions of the units sorted by key (equal keys in data order), so [`Results::unit`] is a
/// binary search, not a pass over every unit. Built on the first lookup, and again when the
/// units have grown or shrunk since (keys are never changed in place); a clone builds its own.
/// A stale order can only miss a key, never name another unit: a hit's key is compared.
#[derive(Debug, Default)]
pub(crate) struct KeyOrder(std::sync::RwLock<Vec<usize>>);

impl Clone for KeyOrder {
    fn clone(&self) -> Self {
        KeyOrder::default()
    }
}

#[derive(Clone, Debug)]
pub struct UnitScores {
    pub key: String,
    /// Attribute values, in the model's attribute order.
    pub attributes: Vec<String>,
    /// Indexed like `Model::nodes`.
    pub scores: Scores,
}

impl Results {
    /// A node's maximum for a unit: under its group's methods when it has some (a group may
    /// weight an indicator differently), else the model's.
    pub fn max_of(&self, model: &Model, unit: usize, node: NodeId) -> Decimal {
        self.methods
            .get(unit)
            .copied()
            .flatten()
            .and_then(|m| model.grouping.methods.get(m))
            .map_or_else(|| model.max_of(node), |m| m.model.max_of(node))
    }

    /// The units evaluated (the sample): every unit but those outside the sample.
    pub fn sample_len(&self) -> usize {
        self.units.len().saturating_sub(self.outside)
    }

    /// The first unit with this key.
    pub fn unit(&self, key: &str) -> Option<usize> {
        let key_at = |i: usize| self.units.get(i).map_or("", |u| u.key.as_str());
        let find = |order: &[usize]| {
            let at = order.partition_point(|&i| key_at(i) < key);
            order.get(at).copied().filter(|&i| key_at(i) == key)
        };
        if let Some(order) = self
            .order
            .0
            .read()
            .ok()
            .filter(|o| o.len() == self.units.len())
        {
            return find(&order);
        }
        let mut order: Vec<usize> = (0..self.units.len()).collect();
        order.sort_by(|&a, &b| key_at(a).cmp(key_at(b)));
        let found = find(&order);
        if let Ok(mut slot) = self.order.0.write() {
            *slot = order;
        }
        found
    }

    /// A unit's score at a node; `None` when the unit has no value there (or no such unit).
    pub fn score(&self, unit: usize, node: NodeId) -> Option<Decimal> {
        self.units.get(unit).and_then(|u| u.scores.get(node))
    }
}

/// Score every unit: leaves read their points (after [`crate::scoring::apply`]), parents sum
/// their children (or take their weighted geometric mean), bonus items are capped at their
/// points, penalty items are capped and subtracted, the total adds the top level up. A leaf
/// without a value (`missing reweight`) is left out and its present siblings are scaled up to
/// fill the parent. Errors: a weighted geometric mean over a child scoring 0 or less (E405), a
/// number too large to compute (E304).
pub fn evaluate(model: &Model, data: &Dataset) -> Result<Results, Diags> {
    let plan = Plan::of(model);
    // Units are independent: scored in parallel, gathered in the dataset's order; each thread
    // reuses one scratch row.
    let scored: (Vec<UnitScores>, Vec<Problem>) = data
        .units
        .par_iter()
        .map_init(Scratch::default, |scratch, u| {
            let (scores, problem) = plan.scores(&u.key, Cow::Borrowed(&u.values), scratch);
            (plan.unit_scores(u, scores), problem)
        })
        .unzip();
    results(model, scored)
}

/// Whether [`evaluate_taking`] copies each unit's key and attributes into the results, or
/// moves them there, leaving the dataset's units with empty ones: only for a caller that lets
/// go of the dataset's units once the results exist (`cix run`), so they are not held twice.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Names {
    Copied,
    Moved,
}

/// [`evaluate`], taking the points out of the units as it goes: after it a unit's `values` are
/// empty, the points being in the results (one copy of them, not two, in a loaded index); with
/// [`Names::Moved`], its key and attributes too.
pub fn evaluate_taking(model: &Model, data: &mut Dataset, names: Names) -> Result<Results, Diags> {
    let plan = Plan::of(model);
    let scored: (Vec<UnitScores>, Vec<Problem>) = data
        .units
        .par_iter_mut()
        .map_init(Scratch::default, |scratch, u| {
            let values = std::mem::take(&mut u.values);
            let (scores, problem) = plan.scores(&u.key, Cow::Owned(values), scratch);
            let unit = match names {
                Names::Copied => plan.unit_scores(u, scores),
                Names::Moved => UnitScores {
                    key: std::mem::take(&mut u.key),
                    attributes: std::mem::take(&mut u.attributes),
                    scores,
                },
            };
            (unit, problem)
        })
        .unzip();
    results(model, scored)
}

/// A unit's first problem, boxed: most units have none, and a unit's slot stays one word.
type Problem = Option<Box<Diag>>;

/// The results of the scored units: the first problems, or the units with their tiers.
fn results(
    model: &Model,
    (units, problems): (Vec<UnitScores>, Vec<Problem>),
) -> Result<Results, Diags> {
    let mut diags = Diags::new();
    // The first three problems are enough: the next units would repeat them.
    for d in problems.into_iter().flatten().take(3) {
        diags.push(*d);
    }
    if diags.has_errors() {
        return Err(diags);
    }
    let tiers = tiers::assign(model, &units).map_err(Diags::from)?;
    Ok(Results {
        units,
        tiers,
        outside: 0,
        methods: Vec::new(),
        inputs: inputs::Inputs::default(),
        dashboards: Vec::new(),
        periods: None,
        order: KeyOrder::default(),
    })
}

/// What every unit's evaluation shares, worked out once per model.
struct Plan<'a> {
    model: &'a Model,
    /// Per node: whether its children's maxima are all ≥ 0 and add up without overflowing, so
    /// that no sum of some of them overflows either: a sum then adds the maxima only when a
    /// child is missing (to re-weight), not for every unit.
    safe: Vec<bool>,
    ratios: bool,
    /// Every parent a plain sum: units added up on integers when they can be.
    sums: Option<sums::Sums>,
}

/// A thread's scratch: a row of scores for the decimal path, the integer sums'.
#[derive(Default)]
struct Scratch {
    row: Vec<Option<Decimal>>,
    sums: Vec<(i128, u32)>,
}

impl<'a> Plan<'a> {
    fn of(model: &'a Model) -> Plan<'a> {
        let safe = model
            .nodes
            .iter()
            .map(|n| {
                n.children
                    .iter()
                    .try_fold(Decimal::ZERO, |sum, &ch| {
                        let max = model.nodes.get(ch)?.max;
                        (!max.is_sign_negative())
                            .then_some(())
                            .and_then(|()| sum.checked_add(max))
                    })
                    .is_some()
            })
            .collect::<Vec<bool>>();
        Plan {
            model,
            sums: sums::Sums::of(model, &safe),
            safe,
            ratios: model.ratios().next().is_some(),
        }
    }

    /// One unit's scores from its points (`values`), and its first problem: added up on
    /// integers in the values themselves when [`sums`] can, else by the decimal path.
    fn scores(&self, key: &str, values: Cow<Packed>, scratch: &mut Scratch) -> (Scores, Problem) {
        if let Some(sums) = &self.sums {
            let mut own = values.into_owned();
            if sums.unit(&mut own, &mut scratch.sums) {
                return (Scores(own), None);
            }
            return self.decimal_scores(key, &own, &mut scratch.row);
        }
        self.decimal_scores(key, &values, &mut scratch.row)
    }

    /// The decimal path: the unit's scores in `row` (a scratch row, any content), packed.
    fn decimal_scores(
        &self,
        key: &str,
        values: &Packed,
        row: &mut Vec<Option<Decimal>>,
    ) -> (Scores, Problem) {
        row.clear();
        row.resize(self.model.nodes.len(), None);
        let mut ctx = Ctx {
            model: self.model,
            safe: &self.safe,
            key,
            values,
            out: row,
        };
        let problem = ctx.score(self.model.total).err().map(Box::new);
        if self.ratios {
            ratio::apply(self.model, row);
        }
        (Scores(row.iter().copied().collect()), problem)
    }

    fn unit_scores(&self, u: &crate::data::Unit, scores: Scores) -> UnitScores {
        UnitScores {
            key: u.key.clone(),
            attributes: u.attributes.clone(),
            scores,
        }
    }
}

struct Ctx<'a> {
    model: &'a Model,
    /// [`Plan::safe`].
    safe: &'a [bool],
    key: &'a str,
    values: &'a Packed,
    out: &'a mut [Option<Decimal>],
}

/// A parent's running maximum and sum over its present children, and what first left exact
/// arithmetic (reported once every child is scored).
struct Running {
    max: Decimal,
    sum: Decimal,
    overflow: Option<&'static str>,
}

impl Running {
    fn add(&mut self, model: &Model, ch: NodeId, v: Decimal) {
        if self.overflow.is_some() {
            return;
        }
        let max = model.nodes.get(ch).map_or(Decimal::ZERO, |c| c.max);
        match (self.max.checked_add(max), self.sum.checked_add(v)) {
            (None, _) => self.overflow = Some("maximum"),
            (_, None) => self.overflow = Some("sum"),
            (Some(m), Some(s)) => (self.max, self.sum) = (m, s),
        }
    }
}

/// Whether a node holds points that are subtracted (a penalty item or part of one).
pub fn is_penalty(model: &Model, id: NodeId) -> bool {
    model
        .nodes
        .get(id)
        .is_some_and(|n| n.role == Role::Indicator(NodeKind::Penalty))
}

/// The quantity an overflow was in, in the language spoken.
fn overflow_word(what: &str) -> String {
    let key = match what {
        "maximum" => "eval.w_maximum",
        "sum" => "eval.w_sum",
        "mean" => "eval.w_mean",
        "penalty" => "eval.w_penalty",
        "re-weighted score" => "eval.w_reweighted",
        "geometric mean" => "eval.w_geometric",
        _ => return what.to_string(),
    };
    t!(key).into_owned()
}

impl Ctx<'_> {
    fn overflow(&self, id: NodeId, what: &str) -> Diag {
        let node = self.model.nodes.get(id);
        let name = node.map_or("", |n| n.name.as_str());
        let mut d = Diag::error(
            codes::E304,
            t!(
                "eval.e304",
                what = overflow_word(what),
                name = name,
                unit = self.key
            ),
        )
        .help(t!("eval.e304_help"));
        if let Some(n) = node {
            d = d
                .in_source(&self.model.source)
                .label(n.span, t!("eval.computed_here"));
        }
        d
    }

    /// A node's score (a penalty's as the points it subtracts, before its sign is applied);
    /// `None` when every leaf under it is left out.
    fn score(&mut self, id: NodeId) -> Result<Option<Decimal>, Diag> {
        let model = self.model;
        let Some(node) = model.nodes.get(id) else {
            return Ok(None);
        };
        let s = if node.role == Role::Total {
            Some(self.total(id)?)
        } else if node.children.is_empty() {
            self.values.get(id)
        } else {
            self.parent(id)?
        };
        // `round N MODE` on a parent or the total: its final value, before any ranking.
        let s = match node.scoring.round {
            Some(r) if node.role == Role::Total || !node.children.is_empty() => {
                s.map(|v| r.apply(v))
            }
            _ => s,
        };
        let signed = match (s, is_penalty(model, id)) {
            (Some(v), true) => Some(
                Decimal::ZERO
                    .checked_sub(v)
                    .ok_or_else(|| self.overflow(id, "penalty"))?,
            ),
            (v, _) => v,
        };
        if let Some(slot) = self.out.get_mut(id) {
            *slot = signed;
        }
        Ok(s)
    }

    /// The total: the base (primaries left out by `missing reweight` are filled by re-weighting
    /// the others), plus bonus items, minus penalty items.
    fn total(&mut self, id: NodeId) -> Result<Decimal, Diag> {
        let model = self.model;
        let Some(node) = model.nodes.get(id) else {
            return Ok(Decimal::ZERO);
        };
        let (mut base, mut base_max, mut present_max) =
            (Decimal::ZERO, Decimal::ZERO, Decimal::ZERO);
        let mut extra = Decimal::ZERO;
        let mut present = Vec::new();
        for &ch in &node.children {
            let v = self.score(ch)?;
            let Some(child) = model.nodes.get(ch) else {
                continue;
            };
            let too_large = || self.overflow(id, "sum");
            match child.role {
                Role::Indicator(NodeKind::Penalty) => {
                    extra = extra
                        .checked_sub(v.unwrap_or(Decimal::ZERO))
                        .ok_or_else(too_large)?;
                }
                Role::Indicator(NodeKind::Bonus) => {
                    extra = extra
                        .checked_add(v.unwrap_or(Decimal::ZERO))
                        .ok_or_else(too_large)?;
                }
                // Never a child: a ratio has no parent (check).
                Role::Ratio { .. } => {}
                _ => {
                    base_max = base_max.checked_add(child.max).ok_or_else(too_large)?;
                    if let Some(v) = v {
                        base = base.checked_add(v).ok_or_else(too_large)?;
                        present_max = present_max.checked_add(child.max).ok_or_else(too_large)?;
                        if node.scoring.aggregate != Aggregate::Sum {
                            present.push((ch, v));
                        }
                    }
                }
            }
        }
        if node.scoring.aggregate != Aggregate::Sum && !present.is_empty() {
            base = self.aggregate(id, &present, present_max, base_max)?;
        } else if present_max < base_max && !present_max.is_zero() {
            base = rescale(base, base_max, present_max)
                .ok_or_else(|| self.overflow(id, "re-weighted score"))?;
        }
        base.checked_add(extra)
            .ok_or_else(|| self.overflow(id, "sum"))
    }

    /// A parent: the sum (re-weighted when children are left out) or weighted geometric mean of
    /// its present children; a bonus or penalty item capped at its points.
    fn parent(&mut self, id: NodeId) -> Result<Option<Decimal>, Diag> {
        let model = self.model;
        let Some(node) = model.nodes.get(id) else {
            return Ok(None);
        };
        let gather = node.scoring.aggregate != Aggregate::Sum;
        if !gather && self.safe.get(id).copied().unwrap_or(false) {
            return self.safe_sum(id, node);
        }
        // A sum needs no list of the present children (no allocation per unit and parent).
        let mut run = Running {
            max: Decimal::ZERO,
            sum: Decimal::ZERO,
            overflow: None,
        };
        let mut present: Vec<(NodeId, Decimal)> = Vec::new();
        let mut count = 0usize;
        for &ch in &node.children {
            if let Some(v) = self.score(ch)? {
                count = count.saturating_add(1);
                if gather {
                    present.push((ch, v));
                } else {
                    run.add(model, ch, v);
                }
            }
        }
        if count == 0 {
            return Ok(None);
        }
        if gather {
            for &(ch, v) in &present {
                run.add(model, ch, v);
            }
        }
        if let Some(what) = run.overflow {
            return Err(self.overflow(id, what));
        }
        let (present_max, sum) = (run.max, run.sum);
        let v = match node.scoring.aggregate {
            Aggregate::Sum if count < node.children.len() && !present_max.is_zero() => {
                rescale(sum, node.max, present_max)
                    .ok_or_else(|| self.overflow(id, "re-weighted score"))?
            }
            Aggregate::Sum => sum,
            _ => self.aggregate(id, &present, present_max, node.max)?,
        };
        Ok(Some(capped(node, v)))
    }

    /// A sum whose children's maxima cannot overflow ([`Plan::safe`]): the values are added as
    /// they come, the present children's maxima only when one is missing — the same value and
    /// the same errors as the general path of [`Ctx::parent`].
    fn safe_sum(&mut self, id: NodeId, node: &Node) -> Result<Option<Decimal>, Diag> {
        let mut sum = Some(Decimal::ZERO);
        let mut count = 0usize;
        for &ch in &node.children {
            if let Some(v) = self.score(ch)? {
                count = count.saturating_add(1);
                sum = sum.and_then(|s| s.checked_add(v));
            }
        }
        if count == 0 {
            return Ok(None);
        }
        let sum = sum.ok_or_else(|| self.overflow(id, "sum"))?;
        if count == node.children.len() {
            return Ok(Some(capped(node, sum)));
        }
        // A child's score is in `out` once scored: None exactly when it has none.
        let present_max = node
            .children
            .iter()
            .filter(|&&ch| self.out.get(ch).is_some_and(Option::is_some))
            .try_fold(Decimal::ZERO, |m, &ch| {
                m.checked_add(self.model.nodes.get(ch).map_or(Decimal::ZERO, |c| c.max))
            })
            .ok_or_else(|| self.overflow(id, "maximum"))?;
        let v = if present_max.is_zero() {
            sum
        } else {
            rescale(sum, node.max, present_max)
                .ok_or_else(|| self.overflow(id, "re-weighted score"))?
        };
        Ok(Some(capped(node, v)))
    }

    /// A mean other than the sum: geometric, harmonic or power.
    fn aggregate(
        &mut self,
        id: NodeId,
        present: &[(NodeId, Decimal)],
        present_max: Decimal,
        max: Decimal,
    ) -> Result<Decimal, Diag> {
        let how = self
            .model
            .nodes
            .get(id)
            .map_or(Aggregate::Sum, |n| n.scoring.aggregate);
        match how {
            Aggregate::Geometric => self.geometric(id, present, present_max, max),
            _ => self.mean(id, how, present, present_max, max),
        }
    }
}

/// A parent's value: a bonus or penalty item capped at its points.
fn capped(node: &Node, v: Decimal) -> Decimal {
    match node.role {
        Role::Indicator(NodeKind::Bonus | NodeKind::Penalty) => v.min(node.max),
        _ => v,
    }
}

/// `v × to ÷ from` (re-weighting), without overflowing where the result fits: divide first when
/// the product is too big. `None` when the result does not fit.
fn rescale(v: Decimal, to: Decimal, from: Decimal) -> Option<Decimal> {
    v.checked_mul(to)
        .and_then(|x| x.checked_div(from))
        .or_else(|| v.checked_div(from).and_then(|x| x.checked_mul(to)))
}

/// 得分率: a score as a share of the node's maximum (None for a maximum of 0, or a share too
/// large to compute).
pub fn rate(score: Decimal, max: Decimal) -> Option<Decimal> {
    score.checked_div(max)
}

#[cfg(test)]
mod tests;
