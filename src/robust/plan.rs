//! A compiled f64 evaluation plan: the checked model and the scored leaf values laid out as flat
//! arrays, so that a Monte Carlo replication (other weights, another normalisation, another
//! aggregation) re-evaluates every unit and ranks them without allocating. The nominal setting
//! reproduces the exact evaluation's competition ranks (tested on every example): totals are
//! compared after rounding to a quantum of 10⁻⁹ of the total's maximum, so two totals equal in
//! exact decimals stay tied in f64.

use rust_decimal::prelude::ToPrimitive;

use super::assume::Assumption;
use super::variants::{self, Variant};
use crate::data::Dataset;
use crate::diag::Diags;
use crate::eval::Results;
use crate::model::{Model, NodeId};
use crate::rules::Aggregate;
use crate::scoring::Scoring;

mod compile;
use compile::{compile_nodes, complete_columns, post_order, shares};

/// How a parent combines its children in a replication.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Agg {
    /// The (re-weighted) sum of the children's points.
    Sum,
    /// The weighted geometric mean of the children's shares, times the parent's points (a
    /// share of 0 or less makes the mean 0, its limit).
    Geometric,
    /// The weighted power mean with exponent p (harmonic: −1) of the children's shares, times
    /// the parent's points (`aggregate harmonic`, `aggregate power P`).
    Power(f64),
}

/// How a leaf's raw value becomes a share of its points in a replication.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Norm {
    /// The leaf's own rule, as the spec declares it (the nominal points ÷ the leaf's weight).
    Declared,
    /// (x − min) ÷ (max − min) over the units (0 when every value is the same).
    MinMax,
    /// (x − mean) ÷ sd, population sd (0 when the sd is 0).
    ZScore,
    /// (r − 1) ÷ (n − 1), r the ascending rank with ties given their mean rank.
    Rank,
}

impl Norm {
    pub const ALL: [Norm; 4] = [Norm::Declared, Norm::MinMax, Norm::ZScore, Norm::Rank];

    pub fn word(self) -> &'static str {
        match self {
            Norm::Declared => "declared",
            Norm::MinMax => "minmax",
            Norm::ZScore => "zscore",
            Norm::Rank => "rank",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Base,
    Bonus,
    Penalty,
    Total,
}

#[derive(Clone, Debug)]
struct PNode {
    /// The declared weight (points).
    max: f64,
    kind: Kind,
    /// Where the node's children start and end in [`Plan::kids`].
    first: usize,
    end: usize,
    /// `round N` on a parent or the total: 10^N, its final value rounded half away from zero.
    round: Option<f64>,
}

/// The flat plan of one index over one dataset.
#[derive(Clone, Debug)]
pub struct Plan {
    /// The units' keys, in the results' order (units without a total left out).
    pub keys: Vec<String>,
    nodes: Vec<PNode>,
    kids: Vec<NodeId>,
    /// Every node with children, children before parents; the total last.
    order: Vec<NodeId>,
    /// The leaves, in model order; a leaf's column in [`Plan::shares`] is its place here.
    leaves: Vec<NodeId>,
    /// Each leaf's variants (missing policy, treatment on or off), the declared one first.
    variants: Vec<Vec<Variant>>,
    /// Whether each node's weight may vary (`model::uncertainty::varies`).
    varying: Vec<bool>,
    /// Shares by variant and normalisation (column `variant × 4 + normalisation`, indexed like
    /// [`Norm::ALL`]), unit and leaf: NaN where the leaf is left out for the unit (`missing
    /// reweight`) or has no such variant.
    shares: Vec<f64>,
    /// The nominal setting: declared weights and aggregations, declared normalisation.
    nominal: Setting,
    /// Totals are ranked after rounding to multiples of this.
    quantum: f64,
    total: NodeId,
    /// Whether a total is Σ leaf share × leaf weight whenever every parent sums and no share is
    /// missing: no bonus or penalty item (capped), no `round`, no parent without children.
    linear: bool,
    /// For each column `a` of [`Plan::shares`] and leaf `k` (at `a × leaves + k`): no unit's
    /// share is NaN there.
    complete: Vec<bool>,
}

/// One replication's choices: every node's weight, every parent's aggregation, every leaf's
/// normalisation (an index into [`Norm::ALL`]).
#[derive(Clone, Debug, PartialEq)]
pub struct Setting {
    pub weight: Vec<f64>,
    pub agg: Vec<Agg>,
    pub norm: Vec<u8>,
    /// Every leaf's variant (an index into its variants; 0: as declared).
    pub variant: Vec<u8>,
    /// Every leaf's missing policy and treatment as the assumptions drew them (their variant
    /// is looked up once all are drawn).
    pub missing: Vec<crate::model::uncertainty::MissingChoice>,
    pub treated: Vec<bool>,
    /// Each node's relative weight before renormalisation (a replication's draw).
    pub rel: Vec<f64>,
}

/// Buffers reused by every replication of one thread.
#[derive(Clone, Debug)]
pub struct Scratch {
    score: Vec<f64>,
    totals: Vec<f64>,
    sorted: Vec<(i64, u32)>,
    /// Each leaf's column start and weight on the linear path ([`Plan::linear_totals`]).
    terms: Vec<(usize, f64)>,
}

/// The place of (normalisation `a`, unit `u`, leaf `k`) in [`Plan::shares`].
fn slot(a: usize, units: usize, u: usize, leaves: usize, k: usize) -> usize {
    a.saturating_mul(units)
        .saturating_add(u)
        .saturating_mul(leaves)
        .saturating_add(k)
}

fn f(d: rust_decimal::Decimal) -> f64 {
    d.to_f64().unwrap_or(f64::NAN)
}

impl Plan {
    /// Compile the plan from the checked model, its dataset (as scored), its exact results and
    /// how its leaves were scored, with the leaves' variants the assumptions need (missing
    /// policies, treatment off). A variant the scoring stage cannot score (a mean with no value
    /// to take it from) is its error.
    pub fn build(
        model: &Model,
        data: &Dataset,
        results: &Results,
        scoring: &Scoring,
        assumptions: &[Assumption],
    ) -> Result<Plan, Diags> {
        let nodes = compile_nodes(model);
        let order = post_order(model);
        let leaves: Vec<NodeId> = model.leaves().collect();
        // Units without a total (outside a `sample`) have no rank: the plan leaves them out.
        let kept: Vec<usize> = (0..results.units.len())
            .filter(|&u| results.score(u, model.total).is_some())
            .collect();
        let variants = variants::of_leaves(model, &leaves, assumptions);
        let inputs = variants::Inputs {
            model,
            data,
            results,
            scoring,
            kept: &kept,
        };
        let shares = shares(&inputs, &leaves, &variants)?;
        let declared: Vec<f64> = nodes.iter().map(|n| n.max).collect();
        let nominal = Setting {
            rel: declared.clone(),
            weight: declared,
            agg: model
                .nodes
                .iter()
                .map(|n| match n.scoring.aggregate {
                    Aggregate::Sum => Agg::Sum,
                    Aggregate::Geometric => Agg::Geometric,
                    Aggregate::Harmonic => Agg::Power(-1.0),
                    Aggregate::Power(p) => Agg::Power(f(p)),
                })
                .collect(),
            norm: vec![0; leaves.len()],
            variant: vec![0; leaves.len()],
            missing: vec![Variant::DECLARED.missing; leaves.len()],
            treated: vec![true; leaves.len()],
        };
        let top = f(model.max_of(model.total)).abs().max(1.0);
        let linear = nodes
            .iter()
            .all(|n| n.round.is_none() && matches!(n.kind, Kind::Base | Kind::Total))
            && order
                .iter()
                .all(|&id| nodes.get(id).is_some_and(|n| n.end > n.first));
        let complete = complete_columns(&shares, kept.len(), leaves.len());
        Ok(Plan {
            keys: kept
                .iter()
                .filter_map(|&u| results.units.get(u).map(|x| x.key.clone()))
                .collect(),
            nodes,
            kids: model
                .nodes
                .iter()
                .flat_map(|n| n.children.iter().copied())
                .collect(),
            order,
            leaves,
            variants,
            varying: (0..model.nodes.len())
                .map(|id| crate::model::uncertainty::varies(model, id))
                .collect(),
            shares,
            nominal,
            quantum: top * 1e-9,
            total: model.total,
            linear,
            complete,
        })
    }

    /// The variant of leaf `k` (its place in [`Plan::leaves`]) with this missing policy and
    /// treatment; 0 (as declared) when the plan was not built with it.
    pub fn variant_of(&self, k: usize, v: Variant) -> u8 {
        self.variants
            .get(k)
            .and_then(|vs| vs.iter().position(|x| *x == v))
            .and_then(|i| u8::try_from(i).ok())
            .unwrap_or(0)
    }

    /// The share of unit `u` (its place in [`Plan::keys`]) at leaf `k` (its place in
    /// [`Plan::leaves`]) under the leaf's variant `v` and a normalisation; NaN where none.
    pub fn share(&self, v: usize, norm: Norm, u: usize, k: usize) -> f64 {
        let a = Norm::ALL.iter().position(|n| *n == norm).unwrap_or(0);
        let col = v.saturating_mul(Norm::ALL.len()).saturating_add(a);
        self.shares
            .get(slot(col, self.units(), u, self.leaves.len(), k))
            .copied()
            .unwrap_or(f64::NAN)
    }

    /// Leaf `k`'s variants, the declared one first.
    pub fn variants(&self, k: usize) -> &[Variant] {
        self.variants.get(k).map_or(&[], Vec::as_slice)
    }

    pub fn units(&self) -> usize {
        self.keys.len()
    }

    pub fn leaves(&self) -> &[NodeId] {
        &self.leaves
    }

    /// A node's children.
    pub fn children(&self, id: NodeId) -> &[NodeId] {
        self.nodes
            .get(id)
            .and_then(|n| self.kids.get(n.first..n.end))
            .unwrap_or(&[])
    }

    /// Whether a node's weight may vary: every indicator under the total except the top-level
    /// bonus and penalty items, which keep their caps (their children vary within them).
    pub fn varies(&self, id: NodeId) -> bool {
        self.varying.get(id).copied().unwrap_or(false)
    }

    /// The declared weight of a node.
    pub fn declared(&self, id: NodeId) -> f64 {
        self.nodes.get(id).map_or(0.0, |n| n.max)
    }

    /// The nodes with children, parents before children (the total first).
    pub fn parents_top_down(&self) -> impl Iterator<Item = NodeId> + '_ {
        self.order.iter().rev().copied()
    }

    pub fn total(&self) -> NodeId {
        self.total
    }

    /// The declared weights, aggregations and normalisations.
    pub fn nominal(&self) -> &Setting {
        &self.nominal
    }

    pub fn scratch(&self) -> Scratch {
        Scratch {
            score: vec![0.0; self.nodes.len()],
            totals: vec![0.0; self.units()],
            sorted: Vec::with_capacity(self.units()),
            terms: Vec::with_capacity(self.leaves.len()),
        }
    }

    /// Every unit's total under a setting, into `scratch`; then competition ranks (1, 2, 2, 4)
    /// into `ranks` (one per unit).
    pub fn ranks(&self, s: &Setting, scratch: &mut Scratch, ranks: &mut [u32]) {
        self.totals(s, scratch);
        scratch.sorted.clear();
        for (u, t) in scratch.totals.iter().enumerate() {
            let key = (t / self.quantum).round();
            // A total that is not a number ranks last.
            let key = if key.is_nan() { i64::MIN } else { key as i64 };
            scratch.sorted.push((key, u as u32));
        }
        scratch
            .sorted
            .sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        let mut prev = None;
        for (pos, &(key, u)) in scratch.sorted.iter().enumerate() {
            let rank = match prev {
                Some((pk, pr)) if pk == key => pr,
                _ => (pos as u32).saturating_add(1),
            };
            if let Some(slot) = ranks.get_mut(u as usize) {
                *slot = rank;
            }
            prev = Some((key, rank));
        }
    }

    /// Every unit's total under a setting, into `scratch.totals`.
    pub fn totals(&self, s: &Setting, scratch: &mut Scratch) {
        if !self.linear_totals(s, scratch) {
            self.tree_totals(s, scratch);
        }
    }

    /// Every unit's total node by node up the tree (any setting), into `scratch.totals`.
    pub fn tree_totals(&self, s: &Setting, scratch: &mut Scratch) {
        let n_leaves = self.leaves.len();
        let units = self.units();
        for u in 0..units {
            for (k, &leaf) in self.leaves.iter().enumerate() {
                let norm = s.norm.get(k).copied().unwrap_or(0) as usize;
                let variant = s.variant.get(k).copied().unwrap_or(0) as usize;
                let a = variant.saturating_mul(Norm::ALL.len()).saturating_add(norm);
                let share = self
                    .shares
                    .get(slot(a, units, u, n_leaves, k))
                    .copied()
                    .unwrap_or(f64::NAN);
                let w = s.weight.get(leaf).copied().unwrap_or(0.0);
                if let Some(slot) = scratch.score.get_mut(leaf) {
                    *slot = share * w;
                }
            }
            for &id in &self.order {
                let v = self.parent(id, s, &scratch.score);
                if let Some(slot) = scratch.score.get_mut(id) {
                    *slot = v;
                }
            }
            if let Some(slot) = scratch.totals.get_mut(u) {
                *slot = scratch.score.get(self.total).copied().unwrap_or(f64::NAN);
            }
        }
    }

    /// The totals as Σ share × weight over the leaves, one pass per unit over its row of
    /// shares, when the setting allows it (every parent sums, no share missing, see
    /// [`Plan::linear`]): then the hierarchy's sums add up to the same total. False (nothing
    /// written) otherwise.
    pub fn linear_totals(&self, s: &Setting, scratch: &mut Scratch) -> bool {
        if !self.linear || s.agg.iter().any(|a| *a != Agg::Sum) {
            return false;
        }
        let n_leaves = self.leaves.len();
        let units = self.units();
        scratch.terms.clear();
        for (k, &leaf) in self.leaves.iter().enumerate() {
            let norm = s.norm.get(k).copied().unwrap_or(0) as usize;
            let variant = s.variant.get(k).copied().unwrap_or(0) as usize;
            let a = variant.saturating_mul(Norm::ALL.len()).saturating_add(norm);
            let at = a.saturating_mul(n_leaves).saturating_add(k);
            if !self.complete.get(at).copied().unwrap_or(false) {
                return false;
            }
            let w = s.weight.get(leaf).copied().unwrap_or(0.0);
            scratch.terms.push((slot(a, units, 0, n_leaves, k), w));
        }
        for u in 0..units {
            let row = u.saturating_mul(n_leaves);
            let total: f64 = scratch
                .terms
                .iter()
                .map(|&(start, w)| {
                    w * self
                        .shares
                        .get(start.saturating_add(row))
                        .copied()
                        .unwrap_or(f64::NAN)
                })
                .sum();
            if let Some(slot) = scratch.totals.get_mut(u) {
                *slot = total;
            }
        }
        true
    }

    /// The totals computed by the last [`Plan::totals`] or [`Plan::ranks`].
    pub fn last_totals<'a>(&self, scratch: &'a Scratch) -> &'a [f64] {
        &scratch.totals
    }

    /// A parent's score from its children's (NaN: none present). The total adds bonus items and
    /// subtracts penalty items (absent ones count 0), and re-weights the base like a parent.
    fn parent(&self, id: NodeId, s: &Setting, score: &[f64]) -> f64 {
        let Some(node) = self.nodes.get(id) else {
            return f64::NAN;
        };
        let max = s.weight.get(id).copied().unwrap_or(0.0);
        let agg = s.agg.get(id).copied().unwrap_or(Agg::Sum);
        let (mut sum, mut all_max, mut present_max, mut extra) = (0.0, 0.0, 0.0, 0.0);
        let mut log = 0.0;
        let mut power = 0.0;
        let mut any = false;
        for &ch in self.children(id) {
            let v = score.get(ch).copied().unwrap_or(f64::NAN);
            let cmax = s.weight.get(ch).copied().unwrap_or(0.0);
            let ckind = self.nodes.get(ch).map_or(Kind::Base, |c| c.kind);
            if node.kind == Kind::Total && ckind != Kind::Base {
                if !v.is_nan() {
                    extra += if ckind == Kind::Penalty { -v } else { v };
                }
                continue;
            }
            all_max += cmax;
            if v.is_nan() {
                continue;
            }
            any = true;
            sum += v;
            present_max += cmax;
            if let Agg::Power(p) = agg {
                power += cmax * if cmax > 0.0 { (v / cmax).powf(p) } else { 0.0 };
            }
            if agg == Agg::Geometric {
                log += cmax
                    * if v > 0.0 && cmax > 0.0 {
                        (v / cmax).ln()
                    } else {
                        f64::NEG_INFINITY
                    };
            }
        }
        let target = if node.kind == Kind::Total {
            all_max
        } else {
            max
        };
        let base = if !any {
            if node.kind == Kind::Total {
                0.0
            } else {
                return f64::NAN;
            }
        } else if agg == Agg::Geometric && present_max > 0.0 {
            target * (log / present_max).exp()
        } else if let (Agg::Power(p), true) = (agg, present_max > 0.0) {
            target * (power / present_max).powf(1.0 / p)
        } else if present_max < all_max && present_max > 0.0 {
            sum * target / present_max
        } else {
            sum
        };
        let v = match node.kind {
            Kind::Total => base + extra,
            Kind::Bonus | Kind::Penalty => base.min(max),
            Kind::Base => base,
        };
        // As eval rounds a parent declaring `round N` (half-up; the f64 plan rounds its f64).
        match node.round {
            Some(scale) => (v * scale).round() / scale,
            None => v,
        }
    }
}
