//! The selection of a query, resolved once: the members of every group named by `in` and every
//! `where` condition; applied, the units that remain and notes on those left out.

use crate::diag::Diags;
use crate::model::{Filter, NodeId};
use crate::syntax::ast::Tail;

use super::index::Members;
use super::resolve::{Context, Partition};

/// Which units a query works on: all units, in every group named by `in`, satisfying every
/// `where` (all must hold).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Selection {
    /// The members of each group named by `in`, in data order.
    within: Vec<Members>,
    /// `华南`, or `华南 ∩ 省会` for several; None without `in`.
    pub label: Option<String>,
    filters: Vec<Filter>,
}

/// The units of a selection, and notes on the units a `where` left out for want of a value.
pub struct Selected {
    pub units: Vec<usize>,
    pub notes: Vec<String>,
}

impl Selection {
    /// Resolve the `in` and `where` clauses of a tail against the model and the bound data.
    pub fn plan(ctx: &Context<'_>, tail: &Tail) -> Result<Selection, Diags> {
        let mut diags = Diags::new();
        let mut within = Vec::new();
        for g in &tail.within {
            match ctx.group_members(g) {
                Ok(m) => within.push(m),
                Err(d) => diags.extend(d),
            }
        }
        let mut filters = Vec::new();
        for c in &tail.filter {
            match ctx.condition(c) {
                Ok(f) => filters.push(f),
                Err(d) => diags.extend(d),
            }
        }
        if diags.has_errors() {
            return Err(diags);
        }
        let label = (!tail.within.is_empty()).then(|| {
            tail.within
                .iter()
                .map(|g| g.node.as_str())
                .collect::<Vec<_>>()
                .join(" ∩ ")
        });
        Ok(Selection {
            within,
            label,
            filters,
        })
    }

    /// The units selected, in data order.
    pub fn apply(&self, ctx: &Context<'_>) -> Selected {
        let mut units = within(ctx, &self.within);
        // Units a `where` left out for want of a value, by the indicator they lack.
        let mut missing: Vec<(NodeId, Vec<usize>)> = Vec::new();
        for f in &self.filters {
            let (kept, lacking) = ctx.filter(f, units);
            units = kept;
            for (u, node) in lacking {
                match missing.iter_mut().find(|(n, _)| *n == node) {
                    Some((_, v)) => v.push(u),
                    None => missing.push((node, vec![u])),
                }
            }
        }
        let mut notes: Vec<String> = missing
            .iter()
            .filter_map(|(node, units)| ctx.missing_note(*node, units))
            .collect();
        notes.extend(self.outside_note(ctx));
        Selected { units, notes }
    }
}

impl Selection {
    /// Units outside the spec's sample that the `where` conditions would select: they are not
    /// evaluated, so the note names them (language chapter 7).
    fn outside_note(&self, ctx: &Context<'_>) -> Option<String> {
        if self.filters.is_empty() || ctx.results.outside == 0 {
            return None;
        }
        let mut outside: Vec<usize> = (ctx.results.sample_len()..ctx.results.units.len()).collect();
        for f in &self.filters {
            outside = ctx.filter(f, outside).0;
        }
        ctx.left_out_note(&t!("query.outside_note"), &outside)
    }
}

/// The sample's units in every group of `groups` (all of them for none), in data order: the
/// smallest group's members kept where each other group has them (members are in data order,
/// so a binary search finds them).
pub fn within(ctx: &Context<'_>, groups: &[Members]) -> Vec<usize> {
    let mut groups: Vec<&Members> = groups.iter().collect();
    groups.sort_by_key(|m| m.len());
    match groups.split_first() {
        Some((first, rest)) => {
            let mut units = first.to_vec();
            for members in rest {
                units.retain(|u| members.binary_search(u).is_ok());
            }
            units
        }
        None => ctx.all_units(),
    }
}

/// The heading of a partition's column: the attribute's or the tiers' name.
pub fn partition_title(ctx: &Context<'_>, p: Partition) -> String {
    match p {
        Partition::Attribute(a) => ctx.model().attribute_name(a).to_string(),
        Partition::Tiers(t) => ctx.model().tiers_name(t).to_string(),
    }
}
