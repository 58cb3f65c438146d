//! Assumptions: the choices a replication draws — a node's children's weights varied ±P%, one
//! of several declared weight sets, a normalisation, an aggregation. A [`Design`] maps a point
//! of the unit cube (one coordinate per dimension of each assumption) to a [`Setting`] of the
//! plan, so Monte Carlo and Sobol sampling share one mapping. New kinds of assumption add a
//! variant here and, where they change how leaves or parents compute, a field of `Setting`.

use super::plan::{Agg, Norm, Plan, Setting};
use super::variants::Variant;
use crate::model::uncertainty::{AggChoice, Dist, MissingChoice, NormChoice};
use crate::model::{Model, NodeId};

/// One declared (or command-line) assumption.
#[derive(Clone, Debug, PartialEq)]
pub struct Assumption {
    pub name: String,
    pub kind: Kind,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Kind {
    /// Each child of `node` weighted `w × (1 + pct·(2x − 1))`, x uniform on [0, 1); one
    /// dimension per child. `pct` is a fraction (0.25 for ±25%).
    Weights { node: NodeId, pct: f64 },
    /// One of several weight sets for the children of `node` (relative weights, each set in the
    /// children's order), equally likely; one dimension.
    WeightSets { node: NodeId, sets: Vec<Vec<f64>> },
    /// Every leaf under `node` normalised one of these ways, equally likely; one dimension.
    Normalisation { node: NodeId, choices: Vec<Norm> },
    /// `node` and every parent under it aggregated one of these ways; one dimension.
    Aggregation { node: NodeId, choices: Vec<Agg> },
    /// Every leaf under `node` given one of these missing-data policies, equally likely; one
    /// dimension. The plan must be built with the assumption (its leaves' variants).
    Missing {
        node: NodeId,
        choices: Vec<MissingChoice>,
    },
    /// Every leaf under `node` treated as declared or not at all, equally likely; one
    /// dimension. The plan must be built with the assumption.
    Treatment { node: NodeId },
}

/// Assumptions compiled against a plan: the nodes and leaves each one touches.
#[derive(Clone, Debug)]
pub struct Design {
    pub assumptions: Vec<Assumption>,
    /// Per assumption: the nodes it sets (children for weights, parents for aggregation, leaf
    /// places in the plan for normalisation).
    targets: Vec<Vec<usize>>,
    /// Per assumption: its first dimension; the last entry is the number of dimensions.
    offsets: Vec<usize>,
    /// Whether some assumption changes a leaf's variant (missing policy, treatment).
    rescores: bool,
}

impl Design {
    pub fn new(plan: &Plan, assumptions: Vec<Assumption>) -> Design {
        let mut targets = Vec::with_capacity(assumptions.len());
        let mut offsets = vec![0];
        let mut at = 0usize;
        for a in &assumptions {
            let t: Vec<usize> = match &a.kind {
                Kind::Weights { node, .. } | Kind::WeightSets { node, .. } => plan
                    .children(*node)
                    .iter()
                    .copied()
                    .filter(|&c| plan.varies(c))
                    .collect(),
                Kind::Normalisation { node, .. }
                | Kind::Missing { node, .. }
                | Kind::Treatment { node } => {
                    let under = descendants(plan, *node);
                    plan.leaves()
                        .iter()
                        .enumerate()
                        .filter(|(_, l)| under.contains(l))
                        .map(|(k, _)| k)
                        .collect()
                }
                Kind::Aggregation { node, .. } => descendants(plan, *node)
                    .into_iter()
                    .filter(|&n| !plan.children(n).is_empty())
                    .collect(),
            };
            let dims = match &a.kind {
                Kind::Weights { .. } => t.len(),
                _ => 1,
            };
            at = at.saturating_add(dims);
            offsets.push(at);
            targets.push(t);
        }
        let rescores = assumptions
            .iter()
            .any(|a| matches!(a.kind, Kind::Missing { .. } | Kind::Treatment { .. }));
        Design {
            assumptions,
            targets,
            offsets,
            rescores,
        }
    }

    /// Every weight of the index varied ±`pct` (a fraction): one assumption per parent.
    pub fn vary_all_weights(plan: &Plan, model: &crate::model::Model, pct: f64) -> Design {
        let mut parents: Vec<NodeId> = plan
            .parents_top_down()
            .filter(|&p| plan.children(p).iter().any(|&c| plan.varies(c)))
            .collect();
        // The total's children (the pillars) first, then each pillar's in spec order.
        parents.sort_unstable_by_key(|&p| (p != plan.total(), p));
        let assumptions = parents
            .into_iter()
            .map(|node| Assumption {
                name: t!("robust.weights_of", name = model.name_of(node)).into_owned(),
                kind: Kind::Weights { node, pct },
            })
            .collect();
        Design::new(plan, assumptions)
    }

    /// The number of dimensions of the unit cube.
    pub fn dims(&self) -> usize {
        self.offsets.last().copied().unwrap_or(0)
    }

    /// The dimensions of assumption `i` (a range of coordinates).
    pub fn group(&self, i: usize) -> std::ops::Range<usize> {
        let a = self.offsets.get(i).copied().unwrap_or(0);
        let b = self.offsets.get(i.saturating_add(1)).copied().unwrap_or(a);
        a..b
    }

    /// The setting of a point `x` of the unit cube (`self.dims()` coordinates in [0, 1)), into
    /// `out` (which starts as a clone of the plan's nominal setting; no allocation).
    pub fn apply(&self, plan: &Plan, x: &[f64], out: &mut Setting) {
        out.clone_from(plan.nominal());
        for (i, (a, targets)) in self.assumptions.iter().zip(&self.targets).enumerate() {
            let dims = self.group(i);
            let first = x.get(dims.start).copied().unwrap_or(0.5);
            match &a.kind {
                Kind::Weights { pct, .. } => {
                    for (&c, &u) in targets.iter().zip(x.get(dims).unwrap_or(&[])) {
                        if let Some(r) = out.rel.get_mut(c) {
                            *r *= 1.0 + pct * (2.0 * u - 1.0);
                        }
                    }
                }
                Kind::WeightSets { sets, .. } => {
                    if let Some(set) = sets.get(choose(first, sets.len())) {
                        for (&c, &w) in targets.iter().zip(set) {
                            if let Some(r) = out.rel.get_mut(c) {
                                *r = w;
                            }
                        }
                    }
                }
                Kind::Normalisation { choices, .. } => {
                    let norm = choices.get(choose(first, choices.len())).copied();
                    let a = Norm::ALL.iter().position(|n| Some(*n) == norm).unwrap_or(0);
                    for &k in targets {
                        if let Some(slot) = out.norm.get_mut(k) {
                            *slot = a as u8;
                        }
                    }
                }
                Kind::Aggregation { choices, .. } => {
                    let agg = choices.get(choose(first, choices.len())).copied();
                    for &p in targets {
                        if let (Some(slot), Some(agg)) = (out.agg.get_mut(p), agg) {
                            *slot = agg;
                        }
                    }
                }
                Kind::Missing { choices, .. } => {
                    let policy = choices.get(choose(first, choices.len())).copied();
                    for &k in targets {
                        if let (Some(slot), Some(p)) = (out.missing.get_mut(k), policy) {
                            *slot = p;
                        }
                    }
                }
                Kind::Treatment { .. } => {
                    for &k in targets {
                        if let Some(slot) = out.treated.get_mut(k) {
                            *slot = first < 0.5;
                        }
                    }
                }
            }
        }
        if self.rescores {
            for (k, v) in out.variant.iter_mut().enumerate() {
                let missing = out
                    .missing
                    .get(k)
                    .copied()
                    .unwrap_or(MissingChoice::Declared);
                let treated = out.treated.get(k).copied().unwrap_or(true);
                *v = plan.variant_of(k, Variant { missing, treated });
            }
        }
        renormalise(plan, out);
    }

    /// The assumptions the spec declares (`uncertainty { assume … }`), in order.
    pub fn declared(plan: &Plan, model: &Model) -> Design {
        Design::new(plan, declared_assumptions(model))
    }
}

/// The spec's declared assumptions as the robust stage varies them (what the plan must be built
/// with: `Plan::build(…, &declared_assumptions(model))`).
pub fn declared_assumptions(model: &Model) -> Vec<Assumption> {
    model
        .uncertainty
        .assumptions
        .iter()
        .map(|a| {
            let node = a.node;
            let f = |d: rust_decimal::Decimal| {
                use rust_decimal::prelude::ToPrimitive;
                d.to_f64().unwrap_or(0.0)
            };
            let kind = match &a.dist {
                Dist::Vary(p) => Kind::Weights { node, pct: f(*p) },
                Dist::Sets(sets) => Kind::WeightSets {
                    node,
                    sets: sets
                        .iter()
                        .map(|s| s.iter().map(|&w| f(w)).collect())
                        .collect(),
                },
                Dist::Normalisation(c) => Kind::Normalisation {
                    node,
                    choices: c
                        .iter()
                        .map(|c| match c {
                            NormChoice::Declared => Norm::Declared,
                            NormChoice::MinMax => Norm::MinMax,
                            NormChoice::ZScore => Norm::ZScore,
                            NormChoice::Rank => Norm::Rank,
                        })
                        .collect(),
                },
                Dist::Missing(c) => Kind::Missing {
                    node,
                    choices: c.clone(),
                },
                Dist::Treatment => Kind::Treatment { node },
                Dist::Aggregation(c) => Kind::Aggregation {
                    node,
                    choices: c
                        .iter()
                        .map(|c| match c {
                            AggChoice::Arithmetic => Agg::Sum,
                            AggChoice::Geometric => Agg::Geometric,
                            AggChoice::Harmonic => Agg::Power(-1.0),
                        })
                        .collect(),
                },
            };
            Assumption {
                name: a.name.clone(),
                kind,
            }
        })
        .collect()
}

/// The choice a coordinate in [0, 1) makes among `k` equally likely ones.
fn choose(x: f64, k: usize) -> usize {
    ((x * k as f64) as usize).min(k.saturating_sub(1))
}

/// A node and every node under it.
fn descendants(plan: &Plan, node: NodeId) -> Vec<NodeId> {
    let mut out = vec![node];
    let mut i = 0;
    while let Some(&n) = out.get(i) {
        out.extend_from_slice(plan.children(n));
        i = i.saturating_add(1);
    }
    out
}

/// Effective weights from relative ones, top down: each parent's varying children share what
/// they share nominally, scaled like the parent itself; unchanged draws give the declared
/// weights.
pub fn renormalise(plan: &Plan, s: &mut Setting) {
    for p in plan.parents_top_down() {
        let declared = plan.declared(p);
        let scale = match s.weight.get(p) {
            Some(&w) if declared != 0.0 && p != plan.total() => w / declared,
            _ => 1.0,
        };
        let (mut nominal, mut drawn) = (0.0, 0.0);
        for &c in plan.children(p).iter().filter(|&&c| plan.varies(c)) {
            nominal += plan.declared(c);
            drawn += s.rel.get(c).copied().unwrap_or(0.0);
        }
        let ratio = if drawn > 0.0 { nominal / drawn } else { 1.0 };
        for &c in plan.children(p).iter().filter(|&&c| plan.varies(c)) {
            let r = s.rel.get(c).copied().unwrap_or(0.0);
            if let Some(w) = s.weight.get_mut(c) {
                *w = r * ratio * scale;
            }
        }
    }
}
