//! Stage 2, check: the syntax tree → a [`Model`], with every problem found at once: duplicate
//! names, weights that do not sum, a missing total, reports naming unknown things.
// Not yet free of panicking operations (issue 8): remove this line once the file is.
#![allow(
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)]

use std::collections::HashMap;
use std::path::Path;

use rust_decimal::Decimal;

pub mod scoring;

use crate::codes;
use crate::diag::{Diag, Diags};
use crate::model::{DataRef, Edition, Group, Model, Node, NodeId, Role};
use crate::source::{Source, Span, Spanned};
use crate::syntax::ast::{GroupDef, IndicatorDecl, Item, NodeKind, Spec, TierRule};

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

/// Build the model of a parsed spec. The model is returned even when there are errors, so later
/// stages can still report their own problems; callers stop if `Diags::has_errors`.
pub fn check(spec: &Spec, source: &Source, spec_dir: &Path, purpose: Purpose) -> (Model, Diags) {
    check_edition(spec, source, spec_dir, purpose, &[])
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
) -> (Model, Diags) {
    let mut c = Checker {
        source,
        changed,
        diags: Diags::new(),
        nodes: Vec::new(),
        seen: HashMap::new(),
        weights: Vec::new(),
    };
    let mut decls = scoring::Decls::default();
    let mut edition = None;
    let mut data: Option<DataRef> = None;
    let mut key: Option<Spanned<String>> = None;
    let mut attributes: Vec<Spanned<String>> = Vec::new();
    let mut primaries = Vec::new();
    let mut bonuses = Vec::new();
    let mut penalties = Vec::new();
    let mut total: Option<(Spanned<String>, Option<Spanned<Decimal>>)> = None;
    let mut groups: Vec<Group> = Vec::new();
    let mut tiers = Vec::new();
    let mut reports = Vec::new();
    let mut quartiles = crate::stats::Quartiles::default();
    let mut first_span: HashMap<&'static str, Span> = HashMap::new();

    for item in &spec.items {
        let once = |c: &mut Checker,
                    what: &'static str,
                    span: Span,
                    firsts: &mut HashMap<&'static str, Span>| {
            if let Some(prev) = firsts.get(what) {
                c.diags.push(
                    Diag::error(codes::E109, format!("`{what}` is declared twice"))
                        .in_source(c.source)
                        .label(span, "second declaration")
                        .label(*prev, "first declaration")
                        .help(format!("keep one `{what}` line")),
                );
            } else {
                firsts.insert(what, span);
            }
        };
        match item {
            Item::Edition { year, ordinal } => {
                once(&mut c, "edition", year.span, &mut first_span);
                edition = Some(Edition {
                    year: year.node,
                    ordinal: ordinal.as_ref().map(|o| o.node.clone()),
                });
            }
            Item::Data { path, key: k } => {
                once(&mut c, "data", path.span, &mut first_span);
                data = Some(DataRef {
                    written: path.clone(),
                    path: spec_dir.join(&path.node),
                });
                if let Some(k) = k {
                    key = Some(k.clone());
                }
            }
            Item::Attributes(list) => {
                for a in list {
                    if let Some(prev) = attributes.iter().find(|p| p.node == a.node) {
                        c.diags.push(
                            Diag::error(
                                codes::E102,
                                format!("attribute `{}` is listed twice", a.node),
                            )
                            .in_source(source)
                            .label(a.span, "again here")
                            .label(prev.span, "first here")
                            .help("list each attribute once"),
                        );
                    } else {
                        attributes.push(a.clone());
                    }
                }
            }
            Item::Scale(s) => {
                once(&mut c, "scale", s.span, &mut first_span);
                decls.scale = Some(s.clone());
            }
            Item::Weights(w) => decls.weights.push(w.clone()),
            Item::Levels { counts, note } => {
                decls.levels = Some((counts.clone(), note.clone()));
            }
            Item::Clause(cl) => decls.defaults.push(cl.clone()),
            Item::Quartiles(q) => {
                once(&mut c, "quartiles", q.span, &mut first_span);
                match crate::stats::Quartiles::parse(&q.node) {
                    Some(conv) => quartiles = conv,
                    None => c.diags.push(
                        Diag::error(codes::E110, format!("unknown quartile convention `{}`", q.node))
                            .in_source(source)
                            .label(q.span, "not a convention")
                            .help("use `quartiles exc` ((n+1)p, SPSS; the default) or `quartiles inc` (1+(n-1)p, Excel QUARTILE.INC)"),
                    ),
                }
            }
            Item::Indicator(decl) => {
                let id = c.indicator(decl, None, 1);
                match decl.kind {
                    NodeKind::Base => primaries.push(id),
                    NodeKind::Bonus => bonuses.push(id),
                    NodeKind::Penalty => penalties.push(id),
                }
            }
            Item::Total { name, max } => {
                once(&mut c, "total", name.span, &mut first_span);
                total = Some((name.clone(), max.clone()));
            }
            Item::Group(g) => {
                groups.push(Group {
                    name: g.name.clone(),
                    def: g.def.clone(),
                });
            }
            Item::Tiers(t) => tiers.push(t.clone()),
            Item::Report(r) => reports.push(r.clone()),
            // Resolved by `edition::resolve` before checking.
            Item::Change(_) => {}
        }
    }

    // Scale, percent and unknown weights, scoring defaults and rules.
    let resolved = scoring::resolve(
        &mut c.nodes,
        &c.weights,
        &primaries,
        &bonuses,
        &penalties,
        &decls,
        source,
        &mut c.diags,
    );
    // The total: base + bonus caps.
    let base: Decimal = primaries.iter().map(|&i| c.nodes[i].max).sum();
    let bonus: Decimal = bonuses.iter().map(|&i| c.nodes[i].max).sum();
    let computed_max = base + bonus;
    let (total_name, total_span) = match &total {
        Some((n, max)) => {
            if let Some(m) = max {
                if m.node != computed_max {
                    let d = Diag::error(
                        codes::E107,
                        format!(
                            "the total `{}` is declared as {} but its parts add up to {}",
                            n.node,
                            m.node.normalize(),
                            computed_max.normalize()
                        ),
                    )
                    .in_source(source);
                    c.diags.push(
                        c.changed_here(&n.node, d)
                            .label(
                                m.span,
                                format!(
                                    "the parts give {} (base {} + bonus {})",
                                    computed_max.normalize(),
                                    base.normalize(),
                                    bonus.normalize()
                                ),
                            )
                            .help(format!(
                                "write `total {} {}` or change the weights",
                                n.node,
                                computed_max.normalize()
                            )),
                    );
                }
            }
            (n.node.clone(), n.span)
        }
        None => {
            c.diags.push(
                Diag::error(codes::E105, "the spec has no `total`")
                    .in_source(source)
                    .label(spec.name.span, "this index")
                    .help(format!(
                        "add `total 总分` (its maximum is {}) after the indicators",
                        computed_max.normalize()
                    )),
            );
            ("总分".to_string(), spec.name.span)
        }
    };
    if primaries.is_empty() {
        c.diags.push(
            Diag::error(codes::E105, "the spec has no indicators")
                .in_source(source)
                .label(spec.name.span, "this index")
                .help("add at least one `indicator NAME POINTS { … }`"),
        );
    }
    let total_id = c.nodes.len();
    if let Some(prev) = c.seen.get(&total_name) {
        c.diags.push(
            Diag::error(
                codes::E102,
                format!("the total `{total_name}` has the name of an indicator"),
            )
            .in_source(source)
            .label(total_span, "the total")
            .label(*prev, "the indicator")
            .help("give the total its own name, e.g. `总分`"),
        );
    }
    let children: Vec<NodeId> = primaries
        .iter()
        .chain(&bonuses)
        .chain(&penalties)
        .copied()
        .collect();
    for &ch in &children {
        c.nodes[ch].parent = Some(total_id);
    }
    c.nodes.push(Node {
        name: total_name,
        span: total_span,
        role: Role::Total,
        max: computed_max,
        inferred: None,
        description: None,
        column: None,
        children,
        parent: None,
        level: 0,
        scoring: resolved.total.clone(),
    });

    let key = key.unwrap_or_else(|| Spanned::new("城市".to_string(), spec.name.span));
    if let Some(why) = &resolved.incomplete {
        c.diags.push(incomplete(why, purpose, source));
    }
    if data.is_none() && purpose == (Purpose::Run { data_given: false }) {
        c.diags.push(
            Diag::error(codes::E106, "the spec names no data file")
                .in_source(source)
                .label(spec.name.span, "this index")
                .help("add `data \"cities.csv\" key 城市`, or pass `--data FILE`"),
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
        groups,
        tiers,
        quartiles,
        reports: Vec::new(),
        scale: resolved.scale,
        assumptions: resolved.assumptions,
        incomplete: resolved.incomplete,
    };
    let mut diags = c.diags;
    check_groups(&model, &mut diags);
    check_tiers(&model, &mut diags);
    for r in &reports {
        if let Some(prev) = reports
            .iter()
            .find(|p| p.name.node == r.name.node && p.name.span.start < r.name.span.start)
        {
            diags.push(
                Diag::error(
                    codes::E102,
                    format!("report `{}` is declared twice", r.name.node),
                )
                .in_source(source)
                .label(r.name.span, "again here")
                .label(prev.name.span, "first here")
                .help("give each report its own name"),
            );
        }
        diags.extend(crate::query::check(&model, &r.query, source));
    }
    model.reports = reports;
    (model, diags)
}

fn check_groups(model: &Model, diags: &mut Diags) {
    let mut seen: HashMap<&str, Span> = HashMap::new();
    for g in &model.groups {
        if let Some(prev) = seen.get(g.name.node.as_str()) {
            diags.push(
                Diag::error(
                    codes::E102,
                    format!("group `{}` is declared twice", g.name.node),
                )
                .in_source(&model.source)
                .label(g.name.span, "again here")
                .label(*prev, "first here")
                .help("give each group its own name"),
            );
        }
        seen.insert(&g.name.node, g.name.span);
        if model.node(&g.name.node).is_some() || model.attribute(&g.name.node).is_some() {
            diags.push(
                Diag::error(
                    codes::E102,
                    format!(
                        "group `{}` has the name of an indicator or attribute",
                        g.name.node
                    ),
                )
                .in_source(&model.source)
                .label(g.name.span, "ambiguous")
                .help("give the group a name of its own"),
            );
        }
        if let GroupDef::Condition(cond) = &g.def {
            let scope = crate::query::Scope {
                model,
                source: &model.source,
            };
            diags.extend(scope.check_condition(cond));
        }
    }
}

fn check_tiers(model: &Model, diags: &mut Diags) {
    let scope = crate::query::Scope {
        model,
        source: &model.source,
    };
    let mut names: HashMap<&str, Span> = HashMap::new();
    for t in &model.tiers {
        if let Some(of) = &t.of {
            if let Err(d) = scope.indicator(of) {
                diags.push(d);
            }
        }
        let tier_spans: Vec<&Spanned<String>> = match &t.rule {
            TierRule::Share(v) => v.iter().map(|(n, _)| n).collect(),
            TierRule::Score(v) => v.iter().map(|(n, _)| n).collect(),
            TierRule::Rank(v) => v.iter().map(|(n, _, _)| n).collect(),
            TierRule::List(v) => v.iter().map(|(n, _, _)| n).collect(),
        };
        for n in std::iter::once(&t.name).chain(tier_spans) {
            if let Some(prev) = names.get(n.node.as_str()) {
                diags.push(
                    Diag::error(codes::E102, format!("tier name `{}` is used twice", n.node))
                        .in_source(&model.source)
                        .label(n.span, "again here")
                        .label(*prev, "first here")
                        .help("every tiers declaration and tier needs its own name"),
                );
            } else if model.node(&n.node).is_some()
                || model.attribute(&n.node).is_some()
                || model.group(&n.node).is_some()
            {
                diags.push(
                    Diag::error(codes::E102, format!("tier name `{}` is already the name of an indicator, attribute or group", n.node))
                        .in_source(&model.source)
                        .label(n.span, "ambiguous")
                        .help("give the tier a name of its own"),
                );
            }
            names.insert(&n.node, n.span);
        }
        match &t.rule {
            TierRule::Share(v) => {
                let sum: Decimal = v.iter().map(|(_, s)| s.node).sum();
                if sum != Decimal::ONE_HUNDRED {
                    let span = v
                        .first()
                        .map_or(t.name.span, |(n, _)| n.span)
                        .join(v.last().map_or(t.name.span, |(_, s)| s.span));
                    diags.push(
                        Diag::error(
                            codes::E110,
                            format!(
                                "the shares of `{}` sum to {}%, not 100%",
                                t.name.node,
                                sum.normalize()
                            ),
                        )
                        .in_source(&model.source)
                        .label(span, format!("{}%", sum.normalize()))
                        .help("tiers by share divide all units: make the shares add up to 100%"),
                    );
                }
            }
            TierRule::Score(v) => {
                let mut prev: Option<&Spanned<Decimal>> = None;
                for (i, (n, th)) in v.iter().enumerate() {
                    match th {
                        Some(th) => {
                            if let Some(p) = prev {
                                if th.node >= p.node {
                                    diags.push(
                                        Diag::error(codes::E110, format!("tier `{}` has a threshold not below the tier before it", n.node))
                                            .in_source(&model.source)
                                            .label(th.span, "should be lower")
                                            .label(p.span, "previous threshold")
                                            .help("list score tiers from the highest threshold down"),
                                    );
                                }
                            }
                            prev = Some(th);
                        }
                        None if i + 1 < v.len() => diags.push(
                            Diag::error(
                                codes::E110,
                                format!("tier `{}` has no threshold but is not the last", n.node),
                            )
                            .in_source(&model.source)
                            .label(n.span, "catches every score")
                            .help("only the last tier may omit `>= N`"),
                        ),
                        None => {}
                    }
                }
            }
            TierRule::Rank(v) => {
                let mut next = 1u64;
                for (n, from, to) in v {
                    if from.node != next {
                        diags.push(
                            Diag::error(codes::E110, format!("rank band `{}` starts at {} but should start at {next}", n.node, from.node))
                                .in_source(&model.source)
                                .label(from.span, format!("expected {next}"))
                                .help("rank bands must follow each other without gaps or overlaps, from rank 1"),
                        );
                    }
                    match to {
                        Some(to) if to.node < from.node => diags.push(
                            Diag::error(
                                codes::E110,
                                format!("rank band `{}` ends before it starts", n.node),
                            )
                            .in_source(&model.source)
                            .label(to.span, "before the start")
                            .help("write the band as `FIRST-LAST`, e.g. `1-30`"),
                        ),
                        Some(to) => next = to.node + 1,
                        None => next = u64::MAX,
                    }
                }
            }
            TierRule::List(_) => {}
        }
    }
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
}

/// A hierarchy declared by its counts but not yet named: a warning for `cix check`, an error
/// for a run.
fn incomplete(why: &Spanned<String>, purpose: Purpose, source: &Source) -> Diag {
    match purpose {
        Purpose::Check => Diag::warning(codes::W402, why.node.clone())
            .in_source(source)
            .label(why.span, "declared, not yet named")
            .help("name the indicators of each level with their weights before `cix run`; `cix check` accepts the spec meanwhile"),
        Purpose::Run { .. } => Diag::error(
            codes::E409,
            format!(
                "the spec cannot run yet: {}",
                why.node.trim_start_matches("the hierarchy is not complete: ")
            ),
        )
        .in_source(source)
        .label(why.span, "declared, not yet named")
        .help("name the missing indicators (with their weights and data columns); `cix check` lists what is missing"),
    }
}

impl Checker<'_> {
    /// Put the change statement that last altered `name` first among a diagnostic's labels.
    fn changed_here(&self, name: &str, d: Diag) -> Diag {
        match self.changed.iter().rev().find(|(n, _)| n == name) {
            Some((_, span)) => d.label(*span, "changed here"),
            None => d,
        }
    }

    fn indicator(&mut self, decl: &IndicatorDecl, parent: Option<NodeId>, level: usize) -> NodeId {
        let id = self.nodes.len();
        let name = decl.name.node.clone();
        if let Some(prev) = self.seen.get(&name) {
            self.diags.push(
                Diag::error(codes::E102, format!("indicator `{name}` is declared twice"))
                    .in_source(self.source)
                    .label(decl.name.span, "declared again here")
                    .label(*prev, "first declared here")
                    .help(
                        "indicator names must be unique across the whole index; rename one of them",
                    ),
            );
        } else {
            self.seen.insert(name.clone(), decl.name.span);
        }
        let w = &decl.weight;
        if !w.node.unknown && w.node.value <= Decimal::ZERO {
            self.diags.push(
                Diag::error(codes::E108, format!("`{name}` has weight {}, which is not positive", w.node.value))
                    .in_source(self.source)
                    .label(w.span, "must be above 0")
                    .help("a weight is the most points the indicator can give; remove the indicator instead of weighting it 0"),
            );
        }
        let leaf = decl.children.is_empty();
        if !leaf {
            if let Some(from) = &decl.from {
                self.diags.push(
                    Diag::error(
                        codes::E108,
                        format!("`{name}` has children and also reads a column"),
                    )
                    .in_source(self.source)
                    .label(from.span, "`from` on a parent")
                    .help("only leaves read data; a parent's score is the sum of its children"),
                );
            }
        }
        let column = leaf.then(|| decl.from.clone().unwrap_or_else(|| decl.name.clone()));
        // Percent and unknown weights become points in `check::scoring::resolve`.
        let points = !w.node.percent && !w.node.unknown;
        let scoring = scoring::leaf_clauses(decl, self.source, &mut self.diags);
        self.weights.push(w.clone());
        self.nodes.push(Node {
            name,
            span: decl.name.span,
            role: Role::Indicator(decl.kind),
            max: if points { w.node.value } else { Decimal::ZERO },
            inferred: decl.inferred.as_ref().map(|s| s.node.clone()),
            description: decl.description.as_ref().map(|s| s.node.clone()),
            column,
            children: Vec::new(),
            parent,
            level,
            scoring,
        });
        let children: Vec<NodeId> = decl
            .children
            .iter()
            .map(|ch| self.indicator(ch, Some(id), level + 1))
            .collect();
        let all_points = children
            .iter()
            .all(|&i| !self.weights[i].node.percent && !self.weights[i].node.unknown);
        if !children.is_empty() && points && all_points {
            let sum: Decimal = children.iter().map(|&i| self.nodes[i].max).sum();
            // Bonus and penalty items are capped: their children may offer more than the cap.
            let capped = matches!(decl.kind, NodeKind::Bonus | NodeKind::Penalty);
            if sum != w.node.value && !(capped && sum > w.node.value) {
                let parts = children
                    .iter()
                    .map(|&i| format!("{} {}", self.nodes[i].name, self.nodes[i].max.normalize()))
                    .collect::<Vec<_>>()
                    .join(" + ");
                let d = Diag::error(
                    codes::E101,
                    format!(
                        "the children of `{}` sum to {} points, not {}",
                        decl.name.node,
                        sum.normalize(),
                        w.node.value.normalize()
                    ),
                )
                .in_source(self.source);
                let mut d = self.changed_here(&decl.name.node, d).label(
                    w.span,
                    format!("`{}` is worth {}", decl.name.node, w.node.value.normalize()),
                );
                for &ch in &children {
                    let n = &self.nodes[ch];
                    d = d.label(
                        decl_weight_span(decl, &n.name).unwrap_or(n.span),
                        format!("{}", n.max.normalize()),
                    );
                }
                d = d.help(format!(
                    "{parts} = {}; change a child's points or set `{}` to {}",
                    sum.normalize(),
                    decl.name.node,
                    sum.normalize()
                ));
                self.diags.push(d);
            }
        }
        self.nodes[id].children = children;
        id
    }
}

fn decl_weight_span(decl: &IndicatorDecl, child: &str) -> Option<Span> {
    decl.children
        .iter()
        .find(|c| c.name.node == child)
        .map(|c| c.name.span.join(c.weight.span))
}
