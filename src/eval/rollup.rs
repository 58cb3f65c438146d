//! Roll-ups (language chapter 7): a higher level evaluated from its members. Each value of the
//! roll-up's attribute is a unit of the level; its score at every node is the mean, median or
//! top-N mean of its members' scores there (members in the sample, kept by the roll-up's
//! `where`, with a value at the node). The level is then tiered like the spec's units. Pure.

use rust_decimal::Decimal;

use crate::diag::Diag;
use crate::model::groups::Rollup;
use crate::syntax::grouping::RollupStat;

use super::{Results, Scores, UnitScores};

/// The level's results: one unit per attribute value (in order of first appearance), with its
/// tiers.
pub fn roll_up(rollup: &Rollup, results: &Results) -> Result<Results, Diag> {
    let mut levels: Vec<(String, Vec<&UnitScores>)> = Vec::new();
    let sample = results
        .units
        .get(..results.sample_len())
        .unwrap_or_default();
    for u in sample {
        if rollup
            .filter
            .as_ref()
            .is_some_and(|f| !super::groups::holds(f, &u.attributes))
        {
            continue;
        }
        let Some(value) = u.attributes.get(rollup.attribute).filter(|v| !v.is_empty()) else {
            continue;
        };
        match levels.iter_mut().find(|(k, _)| k == value) {
            Some((_, members)) => members.push(u),
            None => levels.push((value.clone(), vec![u])),
        }
    }
    let nodes = rollup.model.nodes.len();
    let units: Vec<UnitScores> = levels
        .into_iter()
        .map(|(key, members)| {
            let mut scores: Vec<Option<Decimal>> = (0..nodes)
                .map(|id| {
                    let values: Vec<Decimal> =
                        members.iter().filter_map(|m| m.scores.get(id)).collect();
                    statistic(rollup.stat, values)
                })
                .collect();
            // A level's ratio divides its own values, not a mean of its members' ratios.
            super::ratio::apply(&rollup.model, &mut scores);
            UnitScores {
                key,
                attributes: Vec::new(),
                scores: Scores::from(scores),
            }
        })
        .collect();
    let tiers = super::tiers::assign(&rollup.model, &units)?;
    Ok(Results {
        units,
        tiers,
        outside: 0,
        methods: Vec::new(),
        inputs: super::inputs::Inputs::default(),
        dashboards: Vec::new(),
        periods: None,
        order: super::KeyOrder::default(),
    })
}

/// The level's value from its members' values (None for none).
fn statistic(stat: RollupStat, mut values: Vec<Decimal>) -> Option<Decimal> {
    match stat {
        RollupStat::Mean => crate::stats::mean(&values),
        RollupStat::Median => {
            values.sort_unstable();
            crate::stats::median(&values)
        }
        RollupStat::TopMean(n) => {
            values.sort_unstable_by(|a, b| b.cmp(a));
            values.truncate(n);
            crate::stats::mean(&values)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(v: i64) -> Decimal {
        Decimal::from(v)
    }

    #[test]
    fn statistics_by_hand() {
        let v = vec![d(1), d(9), d(4), d(6)];
        assert_eq!(statistic(RollupStat::Mean, v.clone()), Some(d(5)));
        assert_eq!(statistic(RollupStat::Median, v.clone()), Some(d(5)));
        // The best two: 9 and 6.
        assert_eq!(
            statistic(RollupStat::TopMean(2), v.clone()),
            Some(Decimal::new(75, 1))
        );
        // Fewer members than N: the mean of all.
        assert_eq!(statistic(RollupStat::TopMean(10), v), Some(d(5)));
        assert_eq!(statistic(RollupStat::Mean, Vec::new()), None);
    }
}
