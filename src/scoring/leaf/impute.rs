//! Imputation (language chapter 5): a missing value filled with the mean or the median of the
//! observed (treated) values — of every unit, of the units sharing the missing unit's value
//! of an attribute (`missing median per 区域`), or of the members of a declared group
//! (`missing mean per 长三角`; a unit outside the group takes the mean of every unit). `check`
//! resolved the attribute or the group to its index.

use std::collections::HashMap;

use rust_decimal::Decimal;

use super::{Fill, Leaf};
use crate::codes;
use crate::data::{Dataset, Unit};
use crate::diag::{Diag, Diags};
use crate::rules::Missing;
use crate::scoring::Detail;

/// Where a unit's fill comes from: its attribute value's units, its group, or every unit ("").
struct Pool<'a> {
    key: &'a str,
    /// The attribute or group named after `per`.
    per: Option<&'a str>,
    /// Under `per GROUP`, whether the unit is a member.
    member: bool,
}

impl<'a> Leaf<'a> {
    /// The pool a unit's missing value is filled from.
    fn pool(&self, unit: &'a Unit) -> Pool<'a> {
        let model = self.model;
        let s = &self.node.scoring;
        if let Some(g) = s.impute_group {
            let name = model.groups.get(g).map(|g| g.name.node.as_str());
            let member = self
                .membership
                .as_ref()
                .is_some_and(|m| m.holds(&unit.key, &unit.attributes));
            return Pool {
                key: if member { name.unwrap_or("") } else { "" },
                per: name,
                member,
            };
        }
        Pool {
            key: s
                .impute_per
                .and_then(|a| unit.attributes.get(a))
                .map_or("", String::as_str),
            per: s.impute_per.map(|a| model.attribute_name(a)),
            member: s.impute_per.is_some(),
        }
    }

    /// `missing mean|median [per ATTR|GROUP]`: the value filled in for each pool's units (for
    /// every unit, under "", always — the fallback of units outside a group), computed once.
    pub(super) fn fill_values(&self) -> HashMap<&'a str, Decimal> {
        let median = match &self.node.scoring.missing {
            Missing::Mean(_) => false,
            Missing::Median(_) => true,
            _ => return HashMap::new(),
        };
        let data: &'a Dataset = self.data;
        let mut values: HashMap<&'a str, Vec<Decimal>> = HashMap::new();
        for (u, unit) in data.units.iter().enumerate() {
            let Some(v) = self.raw(u) else { continue };
            let key = self.pool(unit).key;
            if !key.is_empty() && self.node.scoring.impute_group.is_some() {
                values.entry("").or_default().push(v);
            }
            values.entry(key).or_default().push(v);
        }
        values
            .into_iter()
            .filter_map(|(k, mut vs)| {
                let v = if median {
                    vs.sort_unstable();
                    crate::stats::median(&vs)
                } else {
                    crate::stats::mean(&vs)
                };
                Some((k, v?))
            })
            .collect()
    }
}

impl Leaf<'_> {
    /// A missing value filled by `missing mean|median [per ATTR|GROUP]`: the value to score.
    pub(super) fn impute(&self, u: usize, unit: &Unit, d: &mut Detail, diags: &mut Diags) -> Fill {
        let stat = match self.node.scoring.missing {
            Missing::Median(_) => t!("scoring.p_median"),
            _ => t!("scoring.p_mean"),
        };
        let pool = self.pool(unit);
        let by_group = self.node.scoring.impute_group.is_some();
        let Some(&v) = self.means.get(pool.key) else {
            let what = match (pool.per, by_group, pool.member) {
                (Some(g), true, true) => t!("scoring.e407_group", group = g),
                (Some(a), false, _) => t!("scoring.e407_attribute", attr = a, value = pool.key),
                _ => t!("scoring.e407_none"),
            };
            let e = Diag::error(
                codes::E407,
                t!(
                    "scoring.e407",
                    column = self.colname,
                    unit = &unit.key,
                    what = what
                ),
            );
            diags.push(
                self.at_cell(u, e, &t!("scoring.e407_label"))
                    .help(t!("scoring.e407_help")),
            );
            return Fill::Done;
        };
        d.filled = Some(v);
        let shown = v.round_dp(4).normalize();
        d.note = Some(
            match (pool.per, by_group, pool.member) {
                (Some(g), true, true) => t!(
                    "scoring.filled_group",
                    stat = &stat,
                    group = g,
                    value = shown
                ),
                (Some(g), true, false) => {
                    t!(
                        "scoring.filled_not_in_group",
                        stat = &stat,
                        group = g,
                        value = shown
                    )
                }
                (Some(a), false, _) => {
                    t!(
                        "scoring.filled_attribute",
                        stat = &stat,
                        attr = a,
                        value = shown
                    )
                }
                _ => t!("scoring.filled_sample", stat = &stat, value = shown),
            }
            .into_owned(),
        );
        Fill::Value(self.transform(u, v, diags))
    }
}
