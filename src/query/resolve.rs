//! Name resolution for queries: indicators, attributes, groups, tiers, attribute values, units.

use std::collections::{HashMap, HashSet};

use rust_decimal::Decimal;

use crate::check::names::shortlist;
use crate::codes;
use crate::diag::{Diag, Diags};
use crate::eval::{rate, Results};
use crate::lang;
use crate::model::GroupDef;
use crate::model::{Model, NodeId};
use crate::output::Cell;
use crate::source::Source;
use crate::suggest;

use super::index::{Index, Members};
use crate::syntax::ast::Name;

pub use crate::check::query::{Column, Partition, Scope, RATE};

/// Everything a running query needs.
pub struct Context<'a> {
    pub scope: Scope<'a>,
    pub results: &'a Results,
    /// Lookups kept with loaded results (the REPL, `cix query`): used only when made for
    /// `results`.
    index: Option<&'a Index>,
}

/// "1 unit" / "3 units".
pub fn units_word(n: usize) -> String {
    if n == 1 {
        t!("query.one_unit").into_owned()
    } else {
        t!("query.units", n = n).into_owned()
    }
}

impl<'a> Context<'a> {
    pub fn new(model: &'a Model, results: &'a Results, source: &'a Source) -> Self {
        Context {
            scope: Scope { model, source },
            results,
            index: None,
        }
    }

    /// A context that looks units, values and groups up in `index` (when it was made for
    /// `results`).
    pub fn indexed(
        model: &'a Model,
        results: &'a Results,
        source: &'a Source,
        index: Option<&'a Index>,
    ) -> Self {
        Context {
            index: index.filter(|i| i.fits(results)),
            ..Context::new(model, results, source)
        }
    }

    pub fn index(&self) -> Option<&'a Index> {
        self.index
    }

    pub fn model(&self) -> &'a Model {
        self.scope.model
    }

    /// The units queries rank and count: the sample (units outside it are shown by name only).
    pub fn all_units(&self) -> Vec<usize> {
        (0..self.results.sample_len()).collect()
    }

    /// A unit's score at a node; `None` when it has no value there.
    pub fn score(&self, unit: usize, node: NodeId) -> Option<Decimal> {
        self.results.score(unit, node)
    }

    pub fn key(&self, unit: usize) -> &'a str {
        self.results.units.get(unit).map_or("", |u| u.key.as_str())
    }

    /// A unit's value of an attribute ("" when it has none).
    pub fn attribute(&self, unit: usize, a: usize) -> &'a str {
        self.results
            .units
            .get(unit)
            .and_then(|u| u.attributes.get(a))
            .map_or("", |s| s.as_str())
    }

    pub fn tier_name(&self, tiers: usize, unit: usize) -> Option<&'a str> {
        let t = self
            .results
            .tiers
            .get(tiers)?
            .get(unit)
            .copied()
            .flatten()?;
        self.model().tiers.get(tiers)?.tier_names().nth(t)
    }

    pub fn cell(&self, unit: usize, col: &Column) -> Cell {
        match col {
            Column::Node(id) => self.score(unit, *id).map_or(Cell::Missing, |v| {
                let model = self.model();
                Cell::Num(model.shown_value(*id, v), model.decimals_of(*id))
            }),
            Column::Rate(id) => match self.score(unit, *id) {
                Some(v) => rate(v, self.results.max_of(self.model(), unit, *id))
                    .map_or(Cell::Empty, Cell::Rate),
                None => Cell::Missing,
            },
            Column::Attribute(a) => Cell::Text(self.attribute(unit, *a).to_string()),
            Column::Tier(t) => self
                .tier_name(*t, unit)
                .map_or(Cell::Empty, |s| Cell::Text(s.to_string())),
            Column::Key => Cell::Text(self.key(unit).to_string()),
        }
    }

    /// The units with a value at `node` (with it), and those without one.
    pub fn split_missing(
        &self,
        units: &[usize],
        node: NodeId,
    ) -> (Vec<(usize, Decimal)>, Vec<usize>) {
        let mut present = Vec::new();
        let mut missing = Vec::new();
        for &u in units {
            match self.score(u, node) {
                Some(v) => present.push((u, v)),
                None => missing.push(u),
            }
        }
        (present, missing)
    }

    /// The note for units left out because they have no value at `node`, e.g.
    /// "1 unit left out: no value at `a` (Y)"; None when none was.
    pub fn missing_note(&self, node: NodeId, missing: &[usize]) -> Option<String> {
        let inputs = &self.results.inputs;
        let (short, other): (Vec<usize>, Vec<usize>) = missing
            .iter()
            .partition(|&&u| inputs.uncovered_at(self.model(), u, node).is_some());
        let why = t!("query.no_value_at", name = self.model().name_of(node));
        // A ratio (chapter 6) whose denominator is 0 for the unit: said so, apart.
        let (zero, other): (Vec<usize>, Vec<usize>) = other.into_iter().partition(|&u| {
            self.results.units.get(u).is_some_and(|s| {
                crate::eval::ratio::zero_denominator(self.model(), &s.scores, node)
            })
        });
        let zero_why = t!("query.zero_denominator", name = self.model().name_of(node));
        let notes: Vec<String> = self
            .coverage_note(node, &short)
            .into_iter()
            .chain(self.left_out_note(&zero_why, &zero))
            .chain(self.left_out_note(&why, &other))
            .collect();
        (!notes.is_empty()).then(|| notes.join("; "))
    }

    /// "2 units left out: too little data (`require 80% data` at `健康`: A 60%, B 40%)".
    fn coverage_note(&self, node: NodeId, units: &[usize]) -> Option<String> {
        let inputs = &self.results.inputs;
        let first = inputs.uncovered_at(self.model(), *units.first()?, node)?;
        let shares: Vec<String> = units
            .iter()
            .take(10)
            .filter_map(|&u| {
                let c = inputs.uncovered_at(self.model(), u, node)?;
                Some(format!("{} {}%", self.key(u), c.percent().normalize()))
            })
            .chain((units.len() > 10).then(|| "…".to_string()))
            .collect();
        Some(
            t!(
                "query.too_little_data",
                units = units_word(units.len()),
                pct = first.required.normalize(),
                name = self.model().name_of(first.node),
                shares = shares.join(lang::list_separator())
            )
            .into_owned(),
        )
    }

    /// "N units left out: WHY (A, B, …)"; None for no units.
    pub fn left_out_note(&self, why: &str, units: &[usize]) -> Option<String> {
        if units.is_empty() {
            return None;
        }
        const SHOWN: usize = 10;
        let mut keys: Vec<&str> = units.iter().take(SHOWN).map(|&u| self.key(u)).collect();
        if units.len() > SHOWN {
            keys.push("…");
        }
        Some(
            t!(
                "query.left_out",
                units = units_word(units.len()),
                why = why,
                keys = keys.join(lang::list_separator())
            )
            .into_owned(),
        )
    }

    /// A unit by name, with "did you mean" among the units.
    pub fn unit(&self, name: &Name) -> Result<usize, Diag> {
        self.unit_of(&name.node).ok_or_else(|| {
            let keys: Vec<&str> = self.results.units.iter().map(|u| u.key.as_str()).collect();
            Diag::error(codes::E302, t!("query.unknown_unit", name = &name.node))
                .in_source(self.scope.source)
                .label(name.span, t!("query.unknown_unit_label"))
                .help(
                    suggest::did_you_mean(&name.node, keys.iter().copied()).unwrap_or_else(|| {
                        t!("check.known", names = shortlist(&keys)).into_owned()
                    }),
                )
        })
    }

    /// The unit with this key (looked up in the index when there is one).
    pub fn unit_of(&self, key: &str) -> Option<usize> {
        match self.index {
            Some(i) => i.unit(self.results, key),
            None => self.results.unit(key),
        }
    }

    /// The sample's units whose attribute `a` is `value`, in data order.
    pub fn with_value(&self, a: usize, value: &str) -> Members {
        if let Some(map) = self.index.and_then(|i| i.values(self.results, a)) {
            let Some(all) = map.get(value) else {
                return Members::default();
            };
            // The units outside the sample come last.
            let sample = all.partition_point(|&u| u < self.results.sample_len());
            return match all.get(..sample) {
                Some(part) if sample < all.len() => Members::from(part),
                _ => all.clone(),
            };
        }
        (0..self.results.sample_len())
            .filter(|&u| self.attribute(u, a) == value)
            .collect()
    }

    /// The units of a named group, in data order: a declared group, a tier, or a value of an
    /// attribute (`华南`, `省会`).
    pub fn group_members(&self, name: &Name) -> Result<Members, Diags> {
        let model = self.model();
        if let Some(g) = model.groups.iter().position(|g| g.name.node == name.node) {
            if let Some(m) = self.index.and_then(|i| i.group(g)) {
                return Ok(m);
            }
            let members = self.declared_members(g)?;
            if let Some(i) = self.index {
                i.keep_group(g, &members);
            }
            return Ok(members);
        }
        if let Some(d) = ambiguous_tier(model, name, self.scope.source) {
            return Err(Diags::from(d));
        }
        if let Some((t, i)) = model.tier(&name.node) {
            let tiers = self.results.tiers.get(t).map_or(&[][..], Vec::as_slice);
            return Ok((0..self.results.sample_len())
                .filter(|&u| tiers.get(u).copied() == Some(Some(i)))
                .collect());
        }
        for a in 0..model.attributes.len() {
            let members = self.with_value(a, &name.node);
            if !members.is_empty() {
                return Ok(members);
            }
        }
        Err(Diags::from(self.scope.unknown(
            name,
            &t!("check.what_group"),
            self.group_names(),
        )))
    }

    /// The sample's members of declared group `g`: a list (by key) or a condition.
    fn declared_members(&self, g: usize) -> Result<Members, Diags> {
        let model = self.model();
        match model.groups.get(g).map(|g| &g.def) {
            Some(GroupDef::List { members, .. }) => {
                let sample = self.results.sample_len();
                let mut units: Vec<usize> = match self.index {
                    Some(_) => members
                        .iter()
                        .filter_map(|m| self.unit_of(&m.node))
                        .collect(),
                    None => {
                        let names: HashSet<&str> =
                            members.iter().map(|m| m.node.as_str()).collect();
                        (0..sample)
                            .filter(|&u| names.contains(self.key(u)))
                            .collect()
                    }
                };
                units.retain(|&u| u < sample);
                units.sort_unstable();
                units.dedup();
                Ok(units.into())
            }
            Some(GroupDef::Condition(f)) => {
                // A group's condition is written in the spec.
                let ctx = Context::indexed(model, self.results, &model.source, self.index);
                ctx.check_values(f).map_err(Diags::from)?;
                Ok(ctx.filter(f, ctx.all_units()).0.into())
            }
            None => Ok(Members::default()),
        }
    }

    /// Every name `in` accepts: groups, tiers and attribute values (each once, in order of
    /// first appearance).
    pub fn group_names(&self) -> Vec<&'a str> {
        let model = self.model();
        let mut names: Vec<&str> = model.groups.iter().map(|g| g.name.node.as_str()).collect();
        for t in &model.tiers {
            names.extend(t.tier_names());
        }
        let mut seen: HashSet<&str> = names.iter().copied().collect();
        for u in &self.results.units {
            for v in &u.attributes {
                if seen.insert(v.as_str()) {
                    names.push(v);
                }
            }
        }
        names
    }

    /// Split units by an attribute (groups in order of first appearance) or by tiers (in tier
    /// order); units in no tier are left out (the second value).
    pub fn partition(
        &self,
        p: Partition,
        units: &[usize],
    ) -> (Vec<(String, Vec<usize>)>, Vec<usize>) {
        let mut parts: Vec<(String, Vec<usize>)> = Vec::new();
        let mut none = Vec::new();
        // Each part's place in `parts`, by its name.
        let mut at: HashMap<String, usize> = HashMap::new();
        if let Partition::Tiers(t) = p {
            if let Some(decl) = self.model().tiers.get(t) {
                for name in decl.tier_names() {
                    at.entry(name.to_string()).or_insert(parts.len());
                    parts.push((name.to_string(), Vec::new()));
                }
            }
        }
        for &u in units {
            let key = match p {
                Partition::Attribute(a) => self.attribute(u, a).to_string(),
                Partition::Tiers(t) => match self.tier_name(t, u) {
                    Some(n) => n.to_string(),
                    None => {
                        none.push(u);
                        continue;
                    }
                },
            };
            match at.get(&key).and_then(|&i| parts.get_mut(i)) {
                Some((_, v)) => v.push(u),
                None => {
                    at.insert(key.clone(), parts.len());
                    parts.push((key, vec![u]));
                }
            }
        }
        (parts, none)
    }

    /// The note for units a partition left out (units in no tier).
    pub fn partition_note(&self, p: Partition, none: &[usize]) -> Option<String> {
        match p {
            Partition::Tiers(t) => self.left_out_note(
                &t!("query.in_no_tier", name = self.model().tiers_name(t)),
                none,
            ),
            Partition::Attribute(_) => None,
        }
    }
}

/// E140: `in 领军` when several tiers declarations have a tier of that name (tier names are
/// scoped to their declaration, language chapter 7): the condition `梯队 = 领军` says which.
fn ambiguous_tier(model: &Model, name: &Name, source: &Source) -> Option<Diag> {
    let owners: Vec<&str> = model
        .tiers
        .iter()
        .filter(|t| t.tier_names().any(|n| n == name.node))
        .map(|t| t.name.node.as_str())
        .collect();
    let [first, second, ..] = owners.as_slice() else {
        return None;
    };
    Some(
        Diag::error(
            codes::E140,
            t!(
                "query.e140",
                name = &name.node,
                first = first,
                second = second
            ),
        )
        .in_source(source)
        .label(name.span, t!("query.e140_label"))
        .help(t!("query.e140_help", first = first, name = &name.node)),
    )
}
