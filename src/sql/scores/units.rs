//! The last stages: `tot` (the total), `ranked` (the ranks tiers are cut on) and `units` (one row
//! per unit with its signed scores and tiers).

use rust_decimal::Decimal;

use super::{sum, Scores};
use crate::model::{NodeId, NodeKind, Role, TierRule};

impl Scores<'_> {
    /// The total: the base (re-weighted or geometric over the present primaries; 0 when none
    /// has a value), plus bonus items, minus penalty items.
    pub(super) fn total(&mut self) -> String {
        let d = self.d;
        let model = self.model;
        let Some(node) = model.nodes.get(model.total) else {
            return d.cast("0");
        };
        let mut base = Vec::new();
        let mut extra = Vec::new();
        let mut base_max = Decimal::ZERO;
        for &c in &node.children {
            let Some(child) = model.nodes.get(c) else {
                continue;
            };
            match child.role {
                Role::Indicator(NodeKind::Bonus) => {
                    extra.push(format!("COALESCE(p{c}, {})", d.cast("0")))
                }
                Role::Indicator(NodeKind::Penalty) => {
                    extra.push(d.sub(&d.cast("0"), &format!("COALESCE(p{c}, {})", d.cast("0"))));
                }
                Role::Indicator(NodeKind::Base) | Role::Total | Role::Ratio { .. } => {
                    base.push(c);
                    base_max = base_max.checked_add(child.max).unwrap_or(base_max);
                }
            }
        }
        let combined = self.combine(node, &base, base_max);
        let mut terms = vec![format!("COALESCE({combined}, {})", d.cast("0"))];
        terms.extend(extra);
        sum(d, &terms)
    }

    /// Each tiers declaration's rank and count over the units with a value.
    pub(super) fn ranked(&self) -> String {
        let mut cols = vec!["tot.*".to_string()];
        for (i, t) in self.model.tiers.iter().enumerate() {
            let s = self.signed(t.of, "tot");
            cols.push(format!(
                "RANK() OVER (PARTITION BY {s} IS NULL ORDER BY {s} DESC) AS tr{i}"
            ));
            cols.push(format!("COUNT({s}) OVER () AS tn{i}"));
        }
        format!("SELECT\n    {}\n  FROM tot", cols.join(",\n    "))
    }

    /// A node's score as shown: a penalty's points with their sign.
    fn signed(&self, id: NodeId, _from: &str) -> String {
        if crate::eval::is_penalty(self.model, id) {
            self.d.sub(&self.d.cast("0"), &format!("p{id}"))
        } else {
            format!("p{id}")
        }
    }

    pub(super) fn units(&mut self) -> String {
        let d = self.d;
        let model = self.model;
        let mut cols = vec!["k".to_string()];
        cols.extend((0..model.attributes.len()).map(|i| format!("a{i}")));
        for id in 0..model.nodes.len() {
            cols.push(format!("{} AS s{id}", self.signed(id, "ranked")));
        }
        for (i, t) in model.tiers.iter().enumerate() {
            let names: Vec<String> = t.tier_names().map(|n| d.string(n)).collect();
            let s = self.signed(t.of, "ranked");
            let arms: Vec<String> = match &t.rule {
                TierRule::Share(shares) => {
                    let mut cum = Decimal::ZERO;
                    let mut arms = Vec::new();
                    for (share, name) in shares.iter().zip(&names) {
                        cum = cum.checked_add(share.node).unwrap_or(cum);
                        let frac = cum.checked_div(Decimal::ONE_HUNDRED).unwrap_or_default();
                        let Some(frac) = d.number(frac) else {
                            continue;
                        };
                        let cut = d.round(&d.mul(&format!("tn{i}"), &frac), 0);
                        arms.push(format!("WHEN tr{i} <= {cut} THEN {name}"));
                    }
                    if let Some(last) = names.last() {
                        arms.push(format!("ELSE {last}"));
                    }
                    arms
                }
                TierRule::Score(levels) => levels
                    .iter()
                    .zip(&names)
                    .map(|(th, name)| match th.and_then(|v| d.number(v)) {
                        Some(v) => format!("WHEN {s} >= {v} THEN {name}"),
                        None => format!("WHEN {s} IS NOT NULL THEN {name}"),
                    })
                    .collect(),
                TierRule::Rank(bands) => bands
                    .iter()
                    .zip(&names)
                    .map(|((from, to), name)| match to {
                        Some(to) => format!("WHEN tr{i} >= {from} AND tr{i} <= {to} THEN {name}"),
                        None => format!("WHEN tr{i} >= {from} THEN {name}"),
                    })
                    .collect(),
                TierRule::List(lists) => lists
                    .iter()
                    .zip(&names)
                    .filter(|(m, _)| !m.is_empty())
                    .map(|(members, name)| {
                        let keys: Vec<String> = members.iter().map(|m| d.string(&m.node)).collect();
                        format!("WHEN k IN ({}) THEN {name}", keys.join(", "))
                    })
                    .collect(),
            };
            let guard = match t.rule {
                TierRule::List(_) => String::new(),
                _ => format!("WHEN {s} IS NULL THEN NULL "),
            };
            let body = if arms.is_empty() {
                "NULL".to_string()
            } else {
                format!("CASE {guard}{} END", arms.join(" "))
            };
            cols.push(format!("{body} AS t{i}"));
        }
        let scored = format!("SELECT\n    {}\n  FROM ranked", cols.join(",\n    "));
        if self.model.grouping.sample.is_none() {
            return scored;
        }
        // The units outside the sample, with no score and no tier.
        let mut blank = vec!["k".to_string()];
        blank.extend((0..model.attributes.len()).map(|i| format!("a{i}")));
        blank.extend((0..model.nodes.len()).map(|id| format!("{} AS s{id}", d.cast("NULL"))));
        blank.extend((0..model.tiers.len()).map(|i| format!("CAST(NULL AS {}) AS t{i}", d.text())));
        format!(
            "{scored}\n  UNION ALL SELECT\n    {}\n  FROM src0 WHERE k NOT IN (SELECT k FROM insample)",
            blank.join(",\n    ")
        )
    }
}
