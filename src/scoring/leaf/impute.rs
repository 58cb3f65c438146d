//! Imputation (language chapter 5): a missing value filled with the mean or the median of the
//! observed (treated) values — of every unit, or of the units sharing the missing unit's value
//! of an attribute (`missing median per 区域`). The attribute was resolved by `check`.

use rust_decimal::Decimal;

use super::{Fill, Leaf};
use crate::codes;
use crate::data::Unit;
use crate::diag::{Diag, Diags};
use crate::rules::Missing;
use crate::scoring::{value, Detail};

impl Leaf<'_> {
    /// `missing mean|median [per ATTR]`: the value to score in place of a missing one.
    pub(super) fn impute(&self, u: usize, unit: &Unit, d: &mut Detail, diags: &mut Diags) -> Fill {
        let scoring = &self.node.scoring;
        let median = matches!(scoring.missing, Missing::Median(_));
        let per = scoring.impute_per;
        let mut same: Vec<Decimal> = self
            .data
            .units
            .iter()
            .filter(|o| per.is_none_or(|g| o.attributes.get(g) == unit.attributes.get(g)))
            .filter_map(|o| value(o, self.id))
            .collect();
        let filled = if median {
            same.sort_unstable();
            crate::stats::median(&same)
        } else {
            crate::stats::mean(&same)
        };
        let attr = per.map(|g| self.model.attribute_name(g));
        let Some(v) = filled else {
            let what = match (attr, per) {
                (Some(a), Some(g)) => format!(
                    "no other unit with {a} = `{}` has a value",
                    unit.attributes.get(g).map_or("", String::as_str)
                ),
                _ => "no unit has a value".to_string(),
            };
            let e = Diag::error(
                codes::E407,
                format!("cannot fill `{}` of `{}`: {what}", self.colname, unit.key),
            );
            diags.push(
                self.at_cell(u, e, "missing")
                    .help("fill the value, or choose another `missing` policy for this indicator"),
            );
            return Fill::Done;
        };
        d.filled = Some(v);
        let shown = v.round_dp(4).normalize();
        let stat = if median { "median" } else { "mean" };
        d.note = Some(match attr {
            Some(a) => format!("missing → {stat} of its {a} ({shown})"),
            None => format!("missing → sample {stat} ({shown})"),
        });
        Fill::Value(self.transform(u, v, diags))
    }
}
