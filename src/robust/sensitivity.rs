//! Which choice moves the ranking most. The output of a replication is the mean absolute rank
//! shift: the mean over units of |rank − nominal rank|. Sobol indices of each assumption on it
//! ([`super::sobol`]), and "remove one" (COINr's `remove_elements`): the ranking with one
//! indicator or pillar dropped, its siblings re-weighted to keep their parent's points.

use super::assume::{renormalise, Design};
use super::plan::{Plan, Scratch, Setting};
use super::sobol::{self, Indices, Sampling};
use crate::model::{Model, NodeId};

/// Sobol indices of every assumption of the design, on the mean absolute rank shift.
pub fn sobol_indices(plan: &Plan, design: &Design, rows: usize, seed: u64) -> Vec<Indices> {
    let nominal = nominal_ranks(plan);
    let sampling = Sampling {
        dims: design.dims(),
        groups: (0..design.assumptions.len())
            .map(|i| design.group(i))
            .collect(),
        rows,
        seed,
        bootstrap: 200,
    };
    sobol::indices(
        &sampling,
        || Buffers::new(plan),
        |x, b| {
            design.apply(plan, x, &mut b.setting);
            b.shift(plan, &nominal)
        },
    )
}

/// One indicator dropped: the mean and largest absolute rank change.
#[derive(Clone, Debug, PartialEq)]
pub struct Removed {
    pub node: NodeId,
    pub mean_shift: f64,
    pub max_shift: u32,
}

/// "Remove one": every indicator and pillar whose weight may vary, in model order.
pub fn remove_one(plan: &Plan, model: &Model) -> Vec<Removed> {
    let nominal = nominal_ranks(plan);
    let mut b = Buffers::new(plan);
    (0..model.nodes.len())
        .filter(|&id| id != plan.total() && plan.varies(id))
        .map(|node| {
            b.setting.clone_from(plan.nominal());
            if let Some(r) = b.setting.rel.get_mut(node) {
                *r = 0.0;
            }
            renormalise(plan, &mut b.setting);
            let mean_shift = b.shift(plan, &nominal);
            let max_shift = b
                .ranks
                .iter()
                .zip(&nominal)
                .map(|(a, n)| a.abs_diff(*n))
                .max()
                .unwrap_or(0);
            Removed {
                node,
                mean_shift,
                max_shift,
            }
        })
        .collect()
}

fn nominal_ranks(plan: &Plan) -> Vec<u32> {
    let mut scratch = plan.scratch();
    let mut ranks = vec![0; plan.units()];
    plan.ranks(plan.nominal(), &mut scratch, &mut ranks);
    ranks
}

struct Buffers {
    setting: Setting,
    scratch: Scratch,
    ranks: Vec<u32>,
}

impl Buffers {
    fn new(plan: &Plan) -> Buffers {
        Buffers {
            setting: plan.nominal().clone(),
            scratch: plan.scratch(),
            ranks: vec![0; plan.units()],
        }
    }

    /// The mean absolute rank shift of the current setting from the nominal ranks.
    fn shift(&mut self, plan: &Plan, nominal: &[u32]) -> f64 {
        plan.ranks(&self.setting, &mut self.scratch, &mut self.ranks);
        let sum: u64 = self
            .ranks
            .iter()
            .zip(nominal)
            .map(|(a, n)| u64::from(a.abs_diff(*n)))
            .sum();
        sum as f64 / (nominal.len().max(1) as f64)
    }
}
