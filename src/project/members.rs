//! W301: list groups and tier lists naming units the data does not have.

use crate::codes;
use crate::diag::{Diag, Diags};
use crate::eval::Results;
use crate::model::Model;
use crate::source::Spanned;

/// Warnings for list groups and tier lists naming units the data does not have (e.g. a list
/// written for another year's data, run with `--data`).
pub fn absent_members(model: &Model, results: &Results) -> Diags {
    use crate::model::{GroupDef, TierRule};
    let mut diags = Diags::new();
    let mut lists: Vec<(&str, &Vec<Spanned<String>>)> = Vec::new();
    for g in &model.groups {
        if let GroupDef::List { members, .. } = &g.def {
            lists.push((&g.name.node, members));
        }
    }
    for t in &model.tiers {
        if let TierRule::List(v) = &t.rule {
            for (n, members) in t.tier_names().zip(v) {
                lists.push((n, members));
            }
        }
    }
    // Each key looked up in a map built once, not by a pass over the units per member.
    let keys = if lists.is_empty() {
        Default::default()
    } else {
        crate::query::index::key_map(results)
    };
    for (group, members) in lists {
        let absent: Vec<&Spanned<String>> = members
            .iter()
            .filter(|m| !keys.contains_key(m.node.as_str()))
            .collect();
        let Some(first) = absent.first() else {
            continue;
        };
        let names = absent
            .iter()
            .map(|m| format!("`{}`", m.node))
            .collect::<Vec<_>>()
            .join(", ");
        let mut d = Diag::warning(
            codes::W301,
            t!(
                "project.w301",
                group = group,
                count = absent.len(),
                names = names
            ),
        )
        .in_source(&model.source)
        .label(first.span, t!("project.not_in_data"));
        for m in absent.iter().skip(1) {
            d = d.label(m.span, "");
        }
        let keys = results.units.iter().map(|u| u.key.as_str());
        d = d.help(
            crate::suggest::did_you_mean(&first.node, keys)
                .map(|s| t!("project.w301_suggest", suggestion = s).into_owned())
                .unwrap_or_else(|| t!("project.w301_help").into_owned()),
        );
        diags.push(d);
    }
    diags
}
