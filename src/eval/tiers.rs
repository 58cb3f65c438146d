//! Tier assignment (part of eval): which tier of each `tiers` declaration every unit falls in.
//!
//! - by share: units ordered by score (competition ranks, exact values); tier *i* takes the
//!   units whose rank is at most round-half-up(cumulative share × n). Units tied at a boundary go
//!   to the higher tier.
//! - by score: the first tier whose threshold the score reaches; a tier without a threshold takes
//!   the rest.
//! - by rank: the tier whose band holds the unit's competition rank.
//! - by list: the tier whose list names the unit.
// Not yet free of panicking operations (issue 8): remove this line once the file is.
#![allow(
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)]

use rust_decimal::{Decimal, RoundingStrategy};

use crate::eval::{competition_ranks, UnitScores};
use crate::model::Model;
use crate::syntax::ast::{TierRule, TiersDecl};

/// For each tiers declaration, each unit's tier index (None: in no tier).
pub fn assign(model: &Model, units: &[UnitScores]) -> Vec<Vec<Option<usize>>> {
    model
        .tiers
        .iter()
        .map(|t| assign_one(model, t, units))
        .collect()
}

fn assign_one(model: &Model, t: &TiersDecl, units: &[UnitScores]) -> Vec<Option<usize>> {
    let node =
        t.of.as_ref()
            .and_then(|n| model.node(&n.node))
            .unwrap_or(model.total);
    let values: Vec<Decimal> = units.iter().map(|u| u.scores[node]).collect();
    let ranks = competition_ranks(&values);
    let n = Decimal::from(units.len());
    match &t.rule {
        TierRule::Share(shares) => {
            let mut cum = Decimal::ZERO;
            let cutoffs: Vec<Decimal> = shares
                .iter()
                .map(|(_, s)| {
                    cum += s.node;
                    (cum / Decimal::ONE_HUNDRED * n)
                        .round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero)
                })
                .collect();
            ranks
                .iter()
                .map(|&r| {
                    let r = Decimal::from(r);
                    cutoffs
                        .iter()
                        .position(|c| r <= *c)
                        .or(Some(shares.len().saturating_sub(1)))
                })
                .collect()
        }
        TierRule::Score(levels) => values
            .iter()
            .map(|v| {
                levels
                    .iter()
                    .position(|(_, th)| th.as_ref().is_none_or(|th| *v >= th.node))
            })
            .collect(),
        TierRule::Rank(bands) => ranks
            .iter()
            .map(|&r| {
                let r = r as u64;
                bands.iter().position(|(_, from, to)| {
                    r >= from.node && to.as_ref().is_none_or(|to| r <= to.node)
                })
            })
            .collect(),
        TierRule::List(lists) => units
            .iter()
            .map(|u| {
                lists
                    .iter()
                    .position(|(_, members, _)| members.iter().any(|m| m.node == u.key))
            })
            .collect(),
    }
}
