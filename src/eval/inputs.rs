//! What the scores rest on (language chapter 5): which raw values were observed and which
//! imputed, what outlier treatment did, and where a unit has too little data for a node's
//! `require N% data` — a unit below it gets no score there (nor above it), never a made-up one.

use rust_decimal::Decimal;

use crate::data::Dataset;
use crate::model::{Model, NodeId};
use crate::rules::Missing;
use crate::scoring::treat::Treated;
use crate::scoring::Scoring;

/// Where each unit's raw values came from, and the coverage rules applied. Kept as one column
/// of flags per leaf and one description per leaf, not a record per unit and node: a million
/// units × sixty leaves cost sixty million bytes, not sixty million records.
#[derive(Clone, Debug, Default)]
pub struct Inputs {
    /// Per node (indexed like `Model::nodes`): for each unit (results order), whether its raw
    /// value at the leaf was observed (a number or a category); empty for nodes without one.
    observed: Vec<Flags>,
    /// Per set of methods (the spec's own, then each method group's), per node: how the leaf
    /// fills a missing value (`mean`, `median per 区域`, `zero`, …), None when it does not (left
    /// out, or its unit dropped).
    fills: Vec<Vec<Option<String>>>,
    /// Whether any leaf may hold an imputed value (a fill above, or a carried cell): when
    /// none may, [`Inputs::imputed_under`] answers at once.
    any_imputed: bool,
    /// Each unit's method group (results order); empty without methods by group.
    methods: Vec<Option<usize>>,
    /// Cells filled by `missing last`, by (unit in results order, leaf): how, with the year or
    /// file the value came from ("last known value, 2017"). They count as imputed, not observed.
    carried: std::collections::HashMap<(usize, NodeId), String>,
    /// The outlier treatment of every leaf that declares one.
    pub treated: Vec<Treated>,
    /// Per unit: the nodes where it lacks the data a `require` asks for (empty when the spec
    /// has no `require`).
    pub uncovered: Vec<Vec<Uncovered>>,
}

/// A unit below a node's `require N% data`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Uncovered {
    pub node: NodeId,
    /// Leaves under the node with an observed value, and leaves under it.
    pub available: usize,
    pub leaves: usize,
    /// The percent the node requires.
    pub required: Decimal,
}

impl Uncovered {
    /// The unit's share of the node's data, in percent (2 decimals).
    pub fn percent(&self) -> Decimal {
        percent(self.available, self.leaves)
    }
}

/// One flag per unit, 64 to a word.
#[derive(Clone, Debug, Default)]
struct Flags {
    words: Vec<u64>,
    len: usize,
}

impl Flags {
    fn of(flags: impl Iterator<Item = bool>) -> Flags {
        let mut f = Flags::default();
        for (i, on) in flags.enumerate() {
            if i % 64 == 0 {
                f.words.push(0);
            }
            if let Some(w) = f.words.last_mut().filter(|_| on) {
                *w |= 1u64 << (i % 64);
            }
            f.len = i.saturating_add(1);
        }
        f
    }

    /// A flag for each word of a packed column: whether it holds a value (64 words at a time).
    fn present(words: &[u32]) -> Flags {
        Flags {
            words: words
                .chunks(64)
                .map(|c| {
                    c.iter()
                        .enumerate()
                        .fold(0u64, |acc, (i, &w)| acc | (u64::from(w != 0) << i))
                })
                .collect(),
            len: words.len(),
        }
    }

    fn get(&self, i: usize) -> bool {
        self.words
            .get(i / 64)
            .is_some_and(|w| w & (1u64 << (i % 64)) != 0)
    }

    fn clear(&mut self, i: usize) {
        if let Some(w) = self.words.get_mut(i / 64) {
            *w &= !(1u64 << (i % 64));
        }
    }
}

/// `a` of `b` in percent, to 2 decimals (0 for b = 0).
pub fn percent(a: usize, b: usize) -> Decimal {
    Decimal::from(a)
        .checked_mul(Decimal::ONE_HUNDRED)
        .and_then(|x| x.checked_div(Decimal::from(b)))
        .map_or(Decimal::ZERO, |p| p.round_dp(2))
}

impl Inputs {
    /// How every raw value was used: observed (a number or a category), imputed (missing, and
    /// the policy that scored the unit fills it: a mean, a median, 0), or missing. `methods`
    /// is each unit's method group (language chapter 7), whose policies then apply.
    pub fn of(
        model: &Model,
        data: &Dataset,
        scoring: &Scoring,
        methods: &[Option<usize>],
    ) -> Inputs {
        let texts = data.units.iter().any(|u| !u.texts.is_empty());
        let mut observed: Vec<Flags> = model
            .nodes
            .iter()
            .enumerate()
            .map(|(id, node)| {
                let Some(column) = scoring.raw.get(id).filter(|c| !c.is_empty()) else {
                    return Flags::default();
                };
                // A column the data lacks reads 0 for every unit (W501): nothing was there to
                // impute, nor observed.
                if let Some(c) = &node.column {
                    if data.table.column(&c.node).is_none() {
                        return Flags::default();
                    }
                }
                // Down the packed column (its words when it has no category texts beside); the
                // units' category texts only when some have any.
                if let (false, Some(words)) = (texts, column.narrow_words()) {
                    return Flags::present(words);
                }
                Flags::of((0..data.units.len()).map(|u| {
                    column.has(u)
                        || (texts
                            && data
                                .units
                                .get(u)
                                .and_then(|unit| unit.texts.get(id))
                                .is_some_and(Option::is_some))
                }))
            })
            .collect();
        let carried = carried(data, &mut observed);
        // The spec's own policies first, then each method group's.
        let fills: Vec<Vec<Option<String>>> = std::iter::once(model)
            .chain(model.grouping.methods.iter().map(|m| &*m.model))
            .map(|own| {
                model
                    .nodes
                    .iter()
                    .enumerate()
                    .map(|(id, node)| {
                        let policy = own
                            .nodes
                            .get(id)
                            .map_or(&node.scoring.missing, |n| &n.scoring.missing);
                        match policy {
                            Missing::Mean(_) | Missing::Median(_) | Missing::Zero => {
                                Some(crate::scoring::words::missing(policy))
                            }
                            _ => None,
                        }
                    })
                    .collect()
            })
            .collect();
        let any_imputed = !carried.is_empty() || fills.iter().flatten().any(Option::is_some);
        Inputs {
            observed,
            carried,
            fills,
            any_imputed,
            methods: methods.to_vec(),
            treated: scoring.treated.clone(),
            uncovered: Vec::new(),
        }
    }

    /// Whether a unit's raw value at a leaf was observed.
    pub fn observed(&self, unit: usize, leaf: NodeId) -> bool {
        self.observed.get(leaf).is_some_and(|c| c.get(unit))
    }

    /// The leaves imputed for a unit at or under any of `nodes`, in model order.
    pub fn imputed_under(&self, model: &Model, unit: usize, nodes: &[NodeId]) -> Vec<NodeId> {
        if !self.any_imputed {
            return Vec::new();
        }
        model
            .leaves()
            .filter(|&l| self.imputed(unit, l).is_some())
            .filter(|&l| nodes.iter().any(|&n| l == n || is_under(model, l, n)))
            .collect()
    }

    /// Whether a unit's value at a leaf was imputed, and how.
    pub fn imputed(&self, unit: usize, leaf: NodeId) -> Option<&str> {
        if let Some(how) = self.carried.get(&(unit, leaf)) {
            return Some(how);
        }
        let has_column = self.observed.get(leaf).is_some_and(|c| c.len > unit);
        if !has_column || self.observed(unit, leaf) {
            return None;
        }
        let group = match self.methods.get(unit).copied().flatten() {
            Some(m) => m.saturating_add(1),
            None => 0,
        };
        self.fills.get(group)?.get(leaf)?.as_deref()
    }

    /// Where a unit lacks the data for `node` or a node under it, whose `require` left it
    /// without a score at `node`.
    pub fn uncovered_at(&self, model: &Model, unit: usize, node: NodeId) -> Option<&Uncovered> {
        let lacking = self.uncovered.get(unit)?;
        lacking
            .iter()
            .find(|c| c.node == node)
            .or_else(|| lacking.iter().find(|c| is_under(model, c.node, node)))
    }
}

/// The cells `missing last` filled, by unit index: marked not observed (coverage counts data,
/// not imputations), with how each was filled. Costs nothing when none was.
fn carried(
    data: &Dataset,
    observed: &mut [Flags],
) -> std::collections::HashMap<(usize, NodeId), String> {
    if data.carried.is_empty() {
        return std::collections::HashMap::new();
    }
    let index: std::collections::HashMap<&str, usize> = data
        .units
        .iter()
        .enumerate()
        .map(|(u, unit)| (unit.key.as_str(), u))
        .collect();
    let mut out = std::collections::HashMap::new();
    for ((key, leaf), label) in &data.carried {
        let Some(&u) = index.get(key.as_str()) else {
            continue;
        };
        if let Some(c) = observed.get_mut(*leaf) {
            c.clear(u);
        }
        out.insert((u, *leaf), crate::data::carry::describe(label));
    }
    out
}

/// Whether `id` lies under `ancestor`.
pub fn is_under(model: &Model, id: NodeId, ancestor: NodeId) -> bool {
    let mut at = model.nodes.get(id).and_then(|n| n.parent);
    let mut guard = model.nodes.len();
    while let Some(p) = at {
        if p == ancestor {
            return true;
        }
        guard = guard.saturating_sub(1);
        if guard == 0 {
            return false;
        }
        at = model.nodes.get(p).and_then(|n| n.parent);
    }
    false
}

/// The leaves under a node that read a column (the node itself when it is one).
pub fn data_leaves(model: &Model, node: NodeId) -> Vec<NodeId> {
    model
        .leaves()
        .filter(|&l| l == node || is_under(model, l, node))
        .filter(|&l| model.nodes.get(l).is_some_and(|n| n.column.is_some()))
        .collect()
}

/// Record what the scores rest on in the results and apply every `require N% data`; the tiers
/// are cut again when a unit lost its score.
pub fn apply(
    model: &Model,
    data: &Dataset,
    scoring: &Scoring,
    results: &mut super::Results,
) -> Result<(), crate::diag::Diags> {
    let inputs = Inputs::of(model, data, scoring, &results.methods);
    apply_found(model, inputs, results)
}

/// [`apply`] with what the scores rest on found already ([`Inputs::of`], before evaluating,
/// when the raw numbers are let go before the units are evaluated).
pub fn apply_found(
    model: &Model,
    mut inputs: Inputs,
    results: &mut super::Results,
) -> Result<(), crate::diag::Diags> {
    // Without a `require`, no score changes: the scores are not copied.
    if model.nodes.iter().all(|n| n.scoring.require.is_none()) {
        results.inputs = inputs;
        return Ok(());
    }
    let mut rows: Vec<Vec<Option<Decimal>>> = results
        .units
        .iter()
        .map(|u| (0..model.nodes.len()).map(|id| u.scores.get(id)).collect())
        .collect();
    inputs.uncovered = apply_coverage(model, &inputs, &mut rows);
    let blanked = inputs.uncovered.iter().any(|c| !c.is_empty());
    if blanked {
        for (u, mut row) in results.units.iter_mut().zip(rows) {
            // A ratio divides the nodes' final values (chapter 6).
            super::ratio::apply(model, &mut row);
            u.scores = super::Scores::from(row);
        }
        results.tiers =
            super::tiers::assign(model, &results.units).map_err(crate::diag::Diags::from)?;
    }
    results.inputs = inputs;
    Ok(())
}

/// Apply every `require N% data`: a unit whose share of observed values under a node is below
/// the requirement gets no score at that node and above it. Returns the nodes each unit lacks.
pub fn apply_coverage(
    model: &Model,
    inputs: &Inputs,
    scores: &mut [Vec<Option<Decimal>>],
) -> Vec<Vec<Uncovered>> {
    let rules: Vec<(NodeId, Decimal, Vec<NodeId>)> = model
        .nodes
        .iter()
        .enumerate()
        .filter_map(|(id, n)| Some((id, n.scoring.require.as_ref()?.node, data_leaves(model, id))))
        .collect();
    scores
        .iter_mut()
        .enumerate()
        .map(|(u, row)| {
            let mut lacking = Vec::new();
            for (node, required, leaves) in &rules {
                let available = leaves.iter().filter(|&&l| inputs.observed(u, l)).count();
                // available ÷ leaves ≥ required ÷ 100, exactly.
                let enough = Decimal::from(available)
                    .checked_mul(Decimal::ONE_HUNDRED)
                    .zip(required.checked_mul(Decimal::from(leaves.len())))
                    .is_none_or(|(have, need)| have >= need);
                if enough || leaves.is_empty() {
                    continue;
                }
                lacking.push(Uncovered {
                    node: *node,
                    available,
                    leaves: leaves.len(),
                    required: *required,
                });
                let mut at = Some(*node);
                while let Some(id) = at {
                    if let Some(slot) = row.get_mut(id) {
                        *slot = None;
                    }
                    at = model.nodes.get(id).and_then(|n| n.parent);
                }
            }
            lacking
        })
        .collect()
}

/// W421: one warning per node whose `require` left units without a score, naming them.
pub fn coverage_warnings(model: &Model, results: &super::Results) -> Vec<crate::diag::Diag> {
    let mut by_node: Vec<(NodeId, Decimal, Vec<String>)> = Vec::new();
    for (unit, lacking) in results.units.iter().zip(&results.inputs.uncovered) {
        for c in lacking {
            let entry = format!("{} {}%", unit.key, c.percent().normalize());
            match by_node.iter_mut().find(|(n, _, _)| *n == c.node) {
                Some((_, _, list)) => list.push(entry),
                None => by_node.push((c.node, c.required, vec![entry])),
            }
        }
    }
    by_node
        .into_iter()
        .map(|(node, required, list)| {
            let mut shown: Vec<&str> = list.iter().take(10).map(String::as_str).collect();
            if list.len() > 10 {
                shown.push("…");
            }
            let mut d = crate::diag::Diag::warning(
                crate::codes::W421,
                if list.len() == 1 {
                    t!(
                        "eval.w421_one",
                        name = model.name_of(node),
                        pct = required.normalize(),
                        list = shown.join(crate::lang::list_separator())
                    )
                } else {
                    t!(
                        "eval.w421",
                        n = list.len(),
                        name = model.name_of(node),
                        pct = required.normalize(),
                        list = shown.join(crate::lang::list_separator())
                    )
                },
            )
            .help(t!("eval.w421_help"));
            if let Some(span) = model
                .nodes
                .get(node)
                .and_then(|n| n.scoring.require.as_ref())
            {
                d = d
                    .in_source(&model.source)
                    .label(span.span, t!("eval.w421_label"));
            }
            d
        })
        .collect()
}
