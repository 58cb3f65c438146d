//! `missing mean|median per NAME` (language chapter 5): the name is one of the spec's attributes
//! or a declared group chosen by the data, resolved here into an index so that scoring never
//! looks a name up. A typo would quietly fill with the mean of every unit instead, so an
//! unknown name is an error with "did you mean".

use super::names;
use crate::codes;
use crate::diag::{Diag, Diags};
use crate::model::{GroupDef, Model, Subject};
use crate::rules::Missing;

/// Resolve every leaf's `per NAME`: an attribute first, then a declared group. Each written
/// name is reported once (an index-level default reaches every leaf).
pub(super) fn missing_per(model: &mut Model, diags: &mut Diags) {
    let attributes: Vec<String> = model.attributes.iter().map(|a| a.node.clone()).collect();
    let groups: Vec<String> = model.groups.iter().map(|g| g.name.node.clone()).collect();
    let scored: Vec<bool> = model
        .groups
        .iter()
        .map(|g| chosen_by_scores(&g.def))
        .collect();
    // By position: spans compare equal whatever they cover (ASTs compare without them).
    let mut reported: Vec<(usize, usize)> = Vec::new();
    for node in &mut model.nodes {
        let (Missing::Mean(Some(per)) | Missing::Median(Some(per))) = &node.scoring.missing else {
            continue;
        };
        node.scoring.impute_per = attributes.iter().position(|a| *a == per.node);
        if node.scoring.impute_per.is_some() {
            continue;
        }
        node.scoring.impute_group = groups.iter().position(|g| *g == per.node);
        if reported.contains(&(per.span.start, per.span.end)) {
            continue;
        }
        match node.scoring.impute_group {
            None => {
                reported.push((per.span.start, per.span.end));
                let known: Vec<&str> = attributes
                    .iter()
                    .chain(groups.iter())
                    .map(String::as_str)
                    .collect();
                diags.push(names::unknown(
                    &model.source,
                    per,
                    &t!("check.what_attribute_or_group"),
                    &known,
                ));
            }
            Some(g) if scored.get(g).copied().unwrap_or(false) => {
                reported.push((per.span.start, per.span.end));
                node.scoring.impute_group = None;
                diags.push(
                    Diag::error(
                        codes::E423,
                        t!("check.impute_group_by_score", name = per.node),
                    )
                    .in_source(&model.source)
                    .label(per.span, t!("check.impute_group_by_score_label"))
                    .help(t!("check.impute_group_by_score_help")),
                );
            }
            Some(_) => {}
        }
    }
}

/// Whether a group's condition reads scores or tiers (known only after imputation).
fn chosen_by_scores(def: &GroupDef) -> bool {
    let GroupDef::Condition(f) = def else {
        return false;
    };
    std::iter::once(&f.first)
        .chain(f.rest.iter().map(|(_, t)| t))
        .any(|t| !matches!(t.subject, Subject::Attribute(_)))
}
