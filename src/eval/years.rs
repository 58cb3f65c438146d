//! Several years (language chapter 7, "Several years"): the results of every year kept beside
//! the last year's, and blends across years — a unit's score at every node the weighted mean of
//! its scores in the blend's years, Σ wᵧ·vᵧ ÷ Σ wᵧ, exact up to that one division. A unit
//! absent from a year, or without a value there, has no blended value (never 0). Pure.

use rust_decimal::Decimal;

use crate::diag::Diag;
use crate::model::years::Blend;
use crate::model::Model;

use super::{Results, Scores, UnitScores};

/// The earlier years' results and the blends, kept by the last year's [`Results`].
#[derive(Clone, Debug, Default)]
pub struct Periods {
    /// The last year: the results that hold these periods.
    pub latest: u32,
    /// Each earlier year's results, earliest first.
    pub earlier: Vec<(u32, Results)>,
    /// Each blend's results, by name, in the spec's order.
    pub blends: Vec<(String, Results)>,
}

impl Results {
    /// The results of a year: these for the last year, or an earlier year's; None for a year
    /// the data has not got (or a spec without years).
    pub fn year(&self, year: u32) -> Option<&Results> {
        let p = self.periods.as_deref()?;
        if p.latest == year {
            return Some(self);
        }
        p.earlier.iter().find(|(y, _)| *y == year).map(|(_, r)| r)
    }

    /// The results of a year or a blend named by `at` (`2017`, `三年综合`).
    pub fn period(&self, name: &str) -> Option<&Results> {
        let p = self.periods.as_deref()?;
        match name.parse::<u32>() {
            Ok(y) => self.year(y),
            Err(_) => p.blends.iter().find(|(b, _)| b == name).map(|(_, r)| r),
        }
    }

    /// The last year, for a spec with years.
    pub fn latest_year(&self) -> Option<u32> {
        self.periods.as_deref().map(|p| p.latest)
    }
}

/// A blend's results over the last year's units (in its order), tiered like them.
pub fn blend(model: &Model, blend: &Blend, latest: &Results) -> Result<Results, Diag> {
    let years: Vec<(Option<&Results>, Decimal)> = blend
        .parts
        .iter()
        .map(|&(y, w)| (latest.year(y), w))
        .collect();
    let nodes = model.nodes.len();
    let units: Vec<UnitScores> = latest
        .units
        .iter()
        .map(|u| {
            let rows: Vec<(Option<&UnitScores>, Decimal)> = years
                .iter()
                .map(|(r, w)| {
                    (
                        r.and_then(|r| r.unit(&u.key).and_then(|i| r.units.get(i))),
                        *w,
                    )
                })
                .collect();
            let scores: Vec<Option<Decimal>> = (0..nodes)
                .map(|id| weighted(&rows, id, blend.sum))
                .collect();
            UnitScores {
                key: u.key.clone(),
                attributes: u.attributes.clone(),
                scores: Scores::from(scores),
            }
        })
        .collect();
    let tiers = super::tiers::assign(model, &units)?;
    Ok(Results {
        units,
        tiers,
        outside: latest.outside,
        methods: latest.methods.clone(),
        inputs: super::inputs::Inputs::default(),
        // A blend has no raw values of its own to colour.
        dashboards: Vec::new(),
        periods: None,
        order: super::KeyOrder::default(),
    })
}

/// Σ wᵧ·vᵧ ÷ Σ wᵧ at a node; None when a year lacks the unit or its value (or on overflow).
fn weighted(rows: &[(Option<&UnitScores>, Decimal)], id: usize, sum: Decimal) -> Option<Decimal> {
    let mut acc = Decimal::ZERO;
    for (u, w) in rows {
        let v = u.as_ref()?.scores.get(id)?;
        acc = acc.checked_add(v.checked_mul(*w)?)?;
    }
    acc.checked_div(sum)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(v: i64) -> UnitScores {
        UnitScores {
            key: "甲".into(),
            attributes: Vec::new(),
            scores: Scores::from(vec![Some(Decimal::from(v))]),
        }
    }

    #[test]
    fn three_two_one_by_hand() {
        let (a, b, c) = (unit(60), unit(30), unit(90));
        let rows = [
            (Some(&a), Decimal::from(3)),
            (Some(&b), Decimal::from(2)),
            (Some(&c), Decimal::ONE),
        ];
        // (180 + 60 + 90) / 6 = 55
        assert_eq!(
            weighted(&rows, 0, Decimal::from(6)),
            Some(Decimal::from(55))
        );
        // A year without the unit: no value, not 0.
        let rows = [(Some(&a), Decimal::from(3)), (None, Decimal::from(2))];
        assert_eq!(weighted(&rows, 0, Decimal::from(5)), None);
    }
}
