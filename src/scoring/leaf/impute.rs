//! Imputation (language chapter 5): a missing value filled with the mean or the median of the
//! observed (treated) values — of every unit, or of the units sharing the missing unit's value
//! of an attribute (`missing median per 区域`). `check` resolved the attribute to its index.

use std::collections::HashMap;

use rust_decimal::Decimal;

use super::{Fill, Leaf};
use crate::codes;
use crate::data::{Dataset, Unit};
use crate::diag::{Diag, Diags};
use crate::rules::Missing;
use crate::scoring::Detail;

impl<'a> Leaf<'a> {
    /// `missing mean|median [per ATTR]`: the value filled in for each attribute value's units
    /// (for every unit, under "", without `per`), computed once for the leaf.
    pub(super) fn fill_values(&self) -> HashMap<&'a str, Decimal> {
        let median = match &self.node.scoring.missing {
            Missing::Mean(_) => false,
            Missing::Median(_) => true,
            _ => return HashMap::new(),
        };
        let group = self.node.scoring.impute_per;
        let data: &'a Dataset = self.data;
        let mut values: HashMap<&'a str, Vec<Decimal>> = HashMap::new();
        for (u, unit) in data.units.iter().enumerate() {
            let Some(v) = self.raw(u) else { continue };
            let key = group
                .and_then(|g| unit.attributes.get(g))
                .map_or("", String::as_str);
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
    /// A missing value filled by `missing mean|median [per ATTR]`: the value to score.
    pub(super) fn impute(&self, u: usize, unit: &Unit, d: &mut Detail, diags: &mut Diags) -> Fill {
        let per = self.node.scoring.impute_per;
        let stat = match self.node.scoring.missing {
            Missing::Median(_) => "median",
            _ => "mean",
        };
        let attr = per.map(|g| self.model.attribute_name(g));
        let value_of = per.and_then(|g| unit.attributes.get(g));
        let key = value_of.map_or("", String::as_str);
        let Some(&v) = self.means.get(key) else {
            let what = match (attr, value_of) {
                (Some(a), Some(x)) => format!("no other unit with {a} = `{x}` has a value"),
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
        d.note = Some(match attr {
            Some(a) => format!("missing → {stat} of its {a} ({shown})"),
            None => format!("missing → sample {stat} ({shown})"),
        });
        Fill::Value(self.transform(u, v, diags))
    }
}
