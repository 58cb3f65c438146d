//! Tier assignment (part of eval): which tier of each `tiers` declaration every unit falls in.
//!
//! - by share: units ordered by score (competition ranks, exact values); tier *i* takes the
//!   units whose rank is at most round-half-up(cumulative share × n). Units tied at a boundary go
//!   to the higher tier.
//! - by score: the first tier whose threshold the score reaches; a tier without a threshold takes
//!   the rest.
//! - by rank: the tier whose band holds the unit's competition rank.
//! - by list: the tier whose list names the unit.

use std::collections::HashMap;

use rust_decimal::{Decimal, RoundingStrategy};

use crate::codes;
use crate::diag::Diag;
use crate::eval::{competition_ranks, UnitScores};
use crate::model::{Model, TierRule, Tiers};

/// For each tiers declaration, each unit's tier index (None: in no tier, or no value on the
/// indicator the tiers are cut on). Shares and ranks count only the units with a value.
/// Declarations are assigned in order: ratings per group read the groups assigned before them.
pub fn assign(model: &Model, units: &[UnitScores]) -> Result<Vec<Vec<Option<usize>>>, Diag> {
    let mut done: Vec<Vec<Option<usize>>> = Vec::with_capacity(model.tiers.len());
    for t in &model.tiers {
        let v = assign_one(model, t, units, &done)?;
        done.push(v);
    }
    Ok(done)
}

/// The number of units (rounded half up) in the tiers down to each share's tier, from
/// cumulative shares of `n` units.
fn share_cutoffs(
    model: &Model,
    t: &Tiers,
    shares: &[crate::source::Spanned<Decimal>],
    n: usize,
) -> Result<Vec<Decimal>, Diag> {
    let n = Decimal::from(n);
    let mut cum = Decimal::ZERO;
    shares
        .iter()
        .zip(t.tier_names())
        .map(|(s, name)| {
            cum.checked_add(s.node)
                .and_then(|c| {
                    cum = c;
                    c.checked_div(Decimal::ONE_HUNDRED)
                })
                .and_then(|c| c.checked_mul(n))
                .map(|c| c.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero))
                .ok_or_else(|| {
                    Diag::error(codes::E304, t!("eval.e304_tiers", name = &t.name.node))
                        .in_source(&model.source)
                        .label(s.span, t!("eval.share_of", name = name))
                        .help(t!("eval.e304_tiers_help"))
                })
        })
        .collect()
}

/// One declaration's tiers; `done`: the declarations before it, assigned.
pub(super) fn assign_one(
    model: &Model,
    t: &Tiers,
    units: &[UnitScores],
    done: &[Vec<Option<usize>>],
) -> Result<Vec<Option<usize>>, Diag> {
    let node = t.of;
    let values: Vec<Option<Decimal>> = units.iter().map(|u| u.scores.get(node)).collect();
    let present: Vec<Decimal> = values.iter().flatten().copied().collect();
    let present_ranks = competition_ranks(&present);
    let mut next = present_ranks.into_iter();
    // Each unit's rank among the units with a value; None without one.
    let ranks: Vec<Option<usize>> = values.iter().map(|v| v.and_then(|_| next.next())).collect();
    Ok(match &t.rule {
        TierRule::Share(shares) => {
            let cutoffs = share_cutoffs(model, t, shares, present.len())?;
            ranks
                .iter()
                .map(|r| {
                    let r = Decimal::from((*r)?);
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
                let v = (*v)?;
                levels.iter().position(|th| th.is_none_or(|th| v >= th))
            })
            .collect(),
        TierRule::Rank(bands) => ranks
            .iter()
            .map(|r| {
                let r = u64::try_from((*r)?).ok()?;
                bands
                    .iter()
                    .position(|(from, to)| r >= *from && to.is_none_or(|to| r <= to))
            })
            .collect(),
        TierRule::Quantiles { of, n } => super::dashboard::quantiles(units, *of, *n),
        TierRule::PerGroup { per, scales } => {
            let partition = done.get(*per).map_or(&[][..], Vec::as_slice);
            super::dashboard::per_group(model, t, units, partition, scales)?
        }
        TierRule::List(lists) => {
            // Each name's first list, hashed once: a lookup per unit, not a pass over the lists.
            let mut tier_of: HashMap<&str, usize> = HashMap::new();
            for (i, members) in lists.iter().enumerate() {
                for m in members {
                    tier_of.entry(m.node.as_str()).or_insert(i);
                }
            }
            units
                .iter()
                .map(|u| tier_of.get(u.key.as_str()).copied())
                .collect()
        }
    })
}
