//! Stage 2, check: the syntax tree → a [`Model`], with every problem found at once: duplicate
//! names, weights that do not sum, a missing total, reports naming unknown things.

use std::collections::HashMap;
use std::path::Path;

use rust_decimal::Decimal;

mod dashboard;
mod exact;
pub mod filter;
pub mod grouping;
mod impute;
mod indicators;
mod last;
pub mod names;
pub mod query;
mod ratio;
pub mod scoring;
mod tiers;
mod treatment;
pub mod uncertainty;
mod weights;
pub mod years;

use exact::Frac;

use crate::codes;
use crate::diag::{Diag, Diags};
use crate::model::{DataRef, Edition, Model, Node, NodeId, NodeKind, Role};
use crate::source::{Source, Span, Spanned};
use crate::syntax::ast::{Clause, GroupDecl, Item, Query, ReportDecl, Spec, TiersDecl};

/// What a check is for, so that each diagnostic is made right where it is found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    /// `cix check`, `cix diff`: the spec on its own. A hierarchy declared but not yet named is a
    /// warning (W402), and a spec need not name its data.
    Check,
    /// A run: the hierarchy must be complete (E409), and the spec must name its data (E106)
    /// unless it is given from outside (`--data`).
    Run { data_given: bool },
}

/// A checked spec: the model, and the queries of its reports (indexed like `model.reports`),
/// checked against the model and planned once the data is bound (`project::load`).
#[derive(Clone, Debug)]
pub struct Checked {
    pub model: Model,
    pub queries: Vec<Spanned<Query>>,
}

/// Build the model of a parsed spec. The model is returned even when there are errors, so later
/// stages can still report their own problems; callers stop if `Diags::has_errors`.
pub fn check(spec: &Spec, source: &Source, spec_dir: &Path, purpose: Purpose) -> (Model, Diags) {
    let (checked, diags) = check_edition(spec, source, spec_dir, purpose, &[]);
    (checked.model, diags)
}

/// [`check`] a spec merged from an edition chain. `changed` lists the indicators whose children
/// or weight a change statement altered, with the statement (in order; the total's name for the
/// top level), so that a weight-sum error (E101) or a wrong total (E107) points first at the
/// change that broke it.
pub fn check_edition(
    spec: &Spec,
    source: &Source,
    spec_dir: &Path,
    purpose: Purpose,
    changed: &[(String, Span)],
) -> (Checked, Diags) {
    let mut c = Checker {
        source,
        changed,
        diags: Diags::new(),
        nodes: Vec::new(),
        seen: HashMap::new(),
        weights: Vec::new(),
        relative_default: spec
            .items
            .iter()
            .any(|i| matches!(i, Item::Clause(c) if c.node == Clause::Relative)),
    };
    let items = c.items(spec, spec_dir);
    // Scale, percent and unknown weights, scoring defaults and rules.
    let resolved = scoring::resolve(
        &mut c.nodes,
        &c.weights,
        &items.primaries,
        &items.bonuses,
        &items.penalties,
        &items.decls,
        source,
        &mut c.diags,
    );
    let (total_name, total_span, computed_max) = c.total(spec, &items, &resolved.exact);
    let mut total_scoring = resolved.total.clone();
    scoring::own_clauses(
        &mut total_scoring,
        &items.total_clauses,
        source,
        &mut c.diags,
    );
    let total_id = c.push_total(total_name, total_span, computed_max, &items, &total_scoring);

    let Items {
        edition,
        data,
        key,
        attributes,
        primaries,
        bonuses,
        penalties,
        groups,
        tiers,
        reports,
        quartiles,
        ..
    } = items;
    let key = key.unwrap_or_else(|| Spanned::new("城市".to_string(), spec.name.span));
    if let Some(why) = &resolved.incomplete {
        c.diags.push(incomplete(why, purpose, source));
    }
    if data.is_none() && purpose == (Purpose::Run { data_given: false }) {
        c.diags.push(
            Diag::error(codes::E106, t!("check.e106"))
                .in_source(source)
                .label(spec.name.span, t!("check.this_index"))
                .help(t!("check.e106_help")),
        );
    }
    let mut model = Model {
        source: source.clone(),
        name: spec.name.node.clone(),
        edition,
        data,
        key,
        attributes,
        nodes: c.nodes,
        primaries,
        bonuses,
        penalties,
        total: total_id,
        groups: Vec::new(),
        tiers: Vec::new(),
        quartiles,
        reports: Vec::new(),
        scale: resolved.scale,
        assumptions: resolved.assumptions,
        incomplete: resolved.incomplete,
        grouping: Default::default(),
        uncertainty: Default::default(),
    };
    let mut diags = c.diags;
    ratio::resolve(spec, &mut model, &mut diags);
    model.tiers = tiers::resolve_tiers(&model, &tiers);
    dashboard::resolve_tiers(spec, &mut model, &mut diags);
    model.groups = tiers::check_groups(&model, &groups, &mut diags);
    impute::missing_per(&mut model, &mut diags);
    tiers::check_tiers(&model, &tiers, &groups, &mut diags);
    let declared = std::mem::take(&mut model.grouping.dash_declared);
    model.grouping = grouping::resolve(spec, &model, spec_dir, purpose, &mut diags);
    model.grouping.dash_declared = declared;
    model.grouping.dashboards = dashboard::resolve_dashboards(spec, &model, &mut diags);
    model.grouping.series = years::resolve(spec, &model, spec_dir, &mut diags);
    last::resolve(&mut model, spec_dir, &mut diags);
    model.uncertainty = uncertainty::resolve(spec, &model, &mut diags);
    let (reports, queries) = query::check_reports(&model, reports, &mut diags);
    model.reports = reports;
    (Checked { model, queries }, diags)
}

/// What the spec's items declare, gathered in one pass.
#[derive(Default)]
struct Items {
    decls: scoring::Decls,
    edition: Option<Edition>,
    data: Option<DataRef>,
    key: Option<Spanned<String>>,
    attributes: Vec<Spanned<String>>,
    primaries: Vec<NodeId>,
    bonuses: Vec<NodeId>,
    penalties: Vec<NodeId>,
    total: Option<(Spanned<String>, Option<Spanned<Decimal>>)>,
    /// The total's own clauses (`total HDI { round 3 half-up }`).
    total_clauses: Vec<Spanned<Clause>>,
    groups: Vec<GroupDecl>,
    tiers: Vec<TiersDecl>,
    reports: Vec<ReportDecl>,
    quartiles: crate::stats::Quartiles,
    first_span: HashMap<&'static str, Span>,
}

struct Checker<'s> {
    source: &'s Source,
    /// Indicators altered by an edition's change statements, with the statement.
    changed: &'s [(String, Span)],
    diags: Diags,
    nodes: Vec<Node>,
    seen: HashMap<String, Span>,
    /// The weight of each node as written, indexed like `nodes`.
    weights: Vec<Spanned<crate::syntax::ast::Weight>>,
    /// `weights relative` at index level.
    relative_default: bool,
}

/// A hierarchy declared by its counts but not yet named: a warning for `cix check`, an error
/// for a run.
fn incomplete(why: &Spanned<String>, purpose: Purpose, source: &Source) -> Diag {
    match purpose {
        Purpose::Check => Diag::warning(codes::W402, why.node.clone())
            .in_source(source)
            .label(why.span, t!("check.not_yet_named"))
            .help(t!("check.w402_help")),
        Purpose::Run { .. } => Diag::error(
            codes::E409,
            t!(
                "check.e409",
                why = why.node.trim_start_matches(&*t!("check.incomplete_prefix"))
            ),
        )
        .in_source(source)
        .label(why.span, t!("check.not_yet_named"))
        .help(t!("check.e409_help")),
    }
}

impl Checker<'_> {
    /// The total, as the last node: the parent of every top-level item.
    fn push_total(
        &mut self,
        name: String,
        span: Span,
        max: Decimal,
        items: &Items,
        scoring: &crate::rules::NodeScoring,
    ) -> NodeId {
        let total_id = self.nodes.len();
        let children: Vec<NodeId> = items
            .primaries
            .iter()
            .chain(&items.bonuses)
            .chain(&items.penalties)
            .copied()
            .collect();
        for &ch in &children {
            if let Some(n) = self.nodes.get_mut(ch) {
                n.parent = Some(total_id);
            }
        }
        self.nodes.push(Node {
            name,
            span,
            role: Role::Total,
            max,
            inferred: None,
            description: None,
            column: None,
            derived: None,
            children,
            parent: None,
            level: 0,
            scoring: scoring.clone(),
        });
        total_id
    }

    /// A declaration that may appear once (`edition`, `data`, `scale`, …).
    fn once(&mut self, items: &mut Items, what: &'static str, span: Span) {
        if let Some(prev) = items.first_span.get(what) {
            self.diags.push(
                Diag::error(codes::E109, t!("check.e109", what = what))
                    .in_source(self.source)
                    .label(span, t!("check.second_declaration"))
                    .label(*prev, t!("check.first_declaration"))
                    .help(t!("check.e109_help", what = what)),
            );
        } else {
            items.first_span.insert(what, span);
        }
    }

    /// Gather the spec's items; indicators become nodes as they are met.
    fn items(&mut self, spec: &Spec, spec_dir: &Path) -> Items {
        let mut it = Items::default();
        for item in &spec.items {
            match item {
                Item::Edition { year, ordinal } => {
                    self.once(&mut it, "edition", year.span);
                    it.edition = Some(Edition {
                        year: year.node,
                        ordinal: ordinal.as_ref().map(|o| o.node.clone()),
                    });
                }
                Item::Data {
                    path,
                    sheet,
                    key: k,
                } => {
                    self.once(&mut it, "data", path.span);
                    it.data = Some(DataRef {
                        written: path.clone(),
                        sheet: sheet.clone(),
                        path: spec_dir.join(&path.node),
                    });
                    if let Some(k) = k {
                        it.key = Some(k.clone());
                    }
                }
                Item::Attributes(list) => self.attributes(&mut it, list),
                Item::Scale(s) => {
                    self.once(&mut it, "scale", s.span);
                    it.decls.scale = Some(s.clone());
                }
                Item::Weights(w) => it.decls.weights.push(w.clone()),
                Item::Levels { counts, note } => {
                    it.decls.levels = Some((counts.clone(), note.clone()));
                }
                Item::Clause(cl) => it.decls.defaults.push(cl.clone()),
                Item::Quartiles(q) => {
                    self.once(&mut it, "quartiles", q.span);
                    match crate::stats::Quartiles::parse(&q.node) {
                        Some(conv) => it.quartiles = conv,
                        None => self.diags.push(
                            Diag::error(codes::E110, t!("check.e110_quartiles", name = q.node))
                                .in_source(self.source)
                                .label(q.span, t!("check.not_a_convention"))
                                .help(t!("check.e110_quartiles_help")),
                        ),
                    }
                }
                Item::Indicator(decl) => {
                    let id = self.indicator(decl, None, 1);
                    match decl.kind {
                        NodeKind::Base => it.primaries.push(id),
                        NodeKind::Bonus => it.bonuses.push(id),
                        NodeKind::Penalty => it.penalties.push(id),
                    }
                }
                Item::Total { name, max, clauses } => {
                    self.once(&mut it, "total", name.span);
                    it.total = Some((name.clone(), max.clone()));
                    it.total_clauses.clone_from(clauses);
                }
                Item::Group(g) => it.groups.push(g.clone()),
                Item::Tiers(t) => it.tiers.push(t.clone()),
                Item::Report(r) => it.reports.push(r.clone()),
                // Resolved by `edition::resolve` before checking.
                Item::Change(_) => {}
                // Resolved once the model is built (`grouping::resolve`, `ratio::resolve`,
                // `uncertainty::resolve`, `dashboard::resolve_dashboards`).
                Item::Grouping(_) | Item::Ratio(_) | Item::Uncertainty(_) | Item::Dashboard(_) => {}
            }
        }
        it
    }

    fn attributes(&mut self, it: &mut Items, list: &[Spanned<String>]) {
        for a in list {
            if let Some(prev) = it.attributes.iter().find(|p| p.node == a.node) {
                self.diags.push(
                    Diag::error(codes::E102, t!("check.attribute_twice", name = a.node))
                        .in_source(self.source)
                        .label(a.span, t!("check.again_here"))
                        .label(prev.span, t!("check.first_here"))
                        .help(t!("check.attribute_twice_help")),
                );
            } else {
                it.attributes.push(a.clone());
            }
        }
    }

    /// The total: its name, where it is written, and its maximum (base + bonus caps, exactly),
    /// checked against a declared maximum.
    fn total(&mut self, spec: &Spec, it: &Items, exact: &[Frac]) -> (String, Span, Decimal) {
        let sum = |ids: &[NodeId]| Frac::sum(ids.iter().filter_map(|&i| exact.get(i).copied()));
        let (base, bonus) = (sum(&it.primaries), sum(&it.bonuses));
        let computed = base.zip(bonus).and_then(|(b, o)| b.checked_add(o));
        let decimal = computed.and_then(Frac::to_decimal);
        let computed_max = decimal.unwrap_or(Decimal::ZERO);
        let shown = |f: Option<Frac>| {
            f.and_then(Frac::to_decimal).map_or_else(
                || t!("check.beyond_1e28").into_owned(),
                |d| d.normalize().to_string(),
            )
        };
        let (total_name, total_span) = match &it.total {
            Some((n, max)) => {
                if decimal.is_none() {
                    self.diags.push(weights::beyond(
                        self.source,
                        n.span,
                        &t!("check.parts_of_total", name = n.node),
                    ));
                } else if let Some(m) = max
                    .as_ref()
                    .filter(|m| computed != Some(Frac::from_decimal(m.node)))
                {
                    let d = Diag::error(
                        codes::E107,
                        t!(
                            "check.e107",
                            name = n.node,
                            declared = m.node.normalize(),
                            computed = shown(computed)
                        ),
                    )
                    .in_source(self.source);
                    let d = self.changed_here(&n.node, d);
                    self.diags.push(
                        d.label(
                            m.span,
                            t!(
                                "check.e107_label",
                                computed = shown(computed),
                                base = shown(base),
                                bonus = shown(bonus)
                            ),
                        )
                        .help(t!(
                            "check.e107_help",
                            name = n.node,
                            computed = shown(computed)
                        )),
                    );
                }
                (n.node.clone(), n.span)
            }
            None => {
                self.diags.push(
                    Diag::error(codes::E105, t!("check.e105_total"))
                        .in_source(self.source)
                        .label(spec.name.span, t!("check.this_index"))
                        .help(t!("check.e105_total_help", computed = shown(computed))),
                );
                ("总分".to_string(), spec.name.span)
            }
        };
        if it.primaries.is_empty() {
            self.diags.push(
                Diag::error(codes::E105, t!("check.e105_indicators"))
                    .in_source(self.source)
                    .label(spec.name.span, t!("check.this_index"))
                    .help(t!("check.e105_indicators_help")),
            );
        }
        if let Some(prev) = self.seen.get(&total_name) {
            self.diags.push(
                Diag::error(
                    codes::E102,
                    t!("check.total_named_as_indicator", name = total_name),
                )
                .in_source(self.source)
                .label(total_span, t!("check.the_total"))
                .label(*prev, t!("check.the_indicator"))
                .help(t!("check.total_named_as_indicator_help")),
            );
        }
        (total_name, total_span, computed_max)
    }

    /// Put the change statement that last altered `name` first among a diagnostic's labels.
    fn changed_here(&self, name: &str, d: Diag) -> Diag {
        match self.changed.iter().rev().find(|(n, _)| n == name) {
            Some((_, span)) => d.label(*span, t!("check.changed_here")),
            None => d,
        }
    }
}
