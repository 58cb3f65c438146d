//! Stage 2, check — the half of a query that needs no data: every name the model knows
//! (indicators, attributes, tiers, columns, partitions) resolved, and a query's names checked.
//! The query stage plans the rest against the bound data (`query::check`); a spec's reports
//! are checked here.

use crate::codes;
use crate::diag::{Diag, Diags};
use crate::model::{Model, NodeId, Report};
use crate::source::{Source, Spanned};
use crate::stats::Quartiles;
use crate::syntax::ast::{Name, Query, RankQuery, ReportDecl, StatQuery, Tail};

/// The word for a score rate, usable as a column (`得分率`, or `智慧服务得分率`).
pub const RATE: &str = "得分率";

/// What a name in a query can be as a column.
#[derive(Clone, Debug, PartialEq)]
pub enum Column {
    Node(NodeId),
    /// 得分率 of the given node.
    Rate(NodeId),
    Attribute(usize),
    /// The tier of a `tiers` declaration.
    Tier(usize),
    Key,
}

/// How units are split for `per X` and `… by X`: an attribute or a tiers declaration.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Partition {
    Attribute(usize),
    Tiers(usize),
}

/// Names known without data: the model and the source the query was written in.
pub struct Scope<'a> {
    pub model: &'a Model,
    pub source: &'a Source,
}

impl Scope<'_> {
    pub fn unknown(&self, name: &Name, what: &str, candidates: Vec<&str>) -> Diag {
        super::names::unknown(self.source, name, what, &candidates)
    }

    pub fn indicator(&self, name: &Name) -> Result<NodeId, Diag> {
        self.model
            .node(&name.node)
            .ok_or_else(|| self.unknown(name, &t!("check.what_indicator"), self.model.node_names()))
    }

    pub fn attribute(&self, name: &Name) -> Result<usize, Diag> {
        self.model.attribute(&name.node).ok_or_else(|| {
            self.unknown(
                name,
                &t!("check.what_attribute"),
                self.model.attribute_names(),
            )
        })
    }

    /// `per X` / `by X`: an attribute or a tiers name.
    pub fn partition(&self, name: &Name) -> Result<Partition, Diag> {
        if let Some(a) = self.model.attribute(&name.node) {
            return Ok(Partition::Attribute(a));
        }
        if let Some(t) = self.model.tiers_named(&name.node) {
            return Ok(Partition::Tiers(t));
        }
        let mut names = self.model.attribute_names();
        names.extend(self.model.tiers.iter().map(|t| t.name.node.as_str()));
        let mut d = self.unknown(name, &t!("check.what_attribute_or_tiers"), names);
        if self.model.node(&name.node).is_some() {
            d = d.help(t!(
                "check.group_by_indicator",
                name = name.node,
                example = self
                    .model
                    .attributes
                    .first()
                    .map_or("区域", |a| a.node.as_str())
            ));
        }
        Err(d)
    }

    /// A column to show: an indicator, 得分率 (of `rate_of`), an attribute, a tiers name or
    /// the key.
    pub fn column(&self, name: &Name, rate_of: NodeId) -> Result<Column, Diag> {
        if name.node == RATE {
            return Ok(Column::Rate(rate_of));
        }
        if let Some(n) = name.node.strip_suffix(RATE) {
            if let Some(id) = self.model.node(n) {
                return Ok(Column::Rate(id));
            }
        }
        if let Some(id) = self.model.node(&name.node) {
            return Ok(Column::Node(id));
        }
        if let Some(a) = self.model.attribute(&name.node) {
            return Ok(Column::Attribute(a));
        }
        if let Some(t) = self.model.tiers_named(&name.node) {
            return Ok(Column::Tier(t));
        }
        if name.node == self.model.key.node {
            return Ok(Column::Key);
        }
        let mut names = self.model.node_names();
        names.extend(self.model.attribute_names());
        names.extend(self.model.tiers.iter().map(|t| t.name.node.as_str()));
        names.push(RATE);
        Err(self.unknown(name, &t!("check.what_column"), names))
    }

    pub fn column_title(&self, c: &Column) -> String {
        match c {
            Column::Node(id) => self.model.name_of(*id).to_string(),
            Column::Rate(id) if *id == self.model.total => RATE.to_string(),
            Column::Rate(id) => format!("{}{RATE}", self.model.name_of(*id)),
            Column::Attribute(a) => self.model.attribute_name(*a).to_string(),
            Column::Tier(t) => self.model.tiers_name(*t).to_string(),
            Column::Key => self.model.key.node.clone(),
        }
    }
}

/// Check the names a query uses against the model alone (no data needed). Names that may be
/// data values (`华南`, a city) are checked by [`check`], once the data is bound.
pub fn check_names(model: &Model, query: &Spanned<Query>, source: &Source) -> Diags {
    // A query `at` a rolled-up level is checked against the level (language chapter 7).
    let model = match super::grouping::level(model, &query.node, source) {
        Ok(m) => m,
        Err(d) => return Diags::from(d),
    };
    let scope = Scope { model, source };
    let mut diags = Diags::new();
    match &query.node {
        Query::Rank(q) => diags = check_rank(&scope, q),
        Query::Stat(q) => diags = check_stat(&scope, q),
        Query::RankOf { by: Some(b), .. } => {
            if let Err(d) = scope.indicator(b) {
                diags.push(d);
            }
        }
        Query::Count { by, tail } => {
            if let Err(d) = scope.partition(by) {
                diags.push(d);
            }
            check_tail(&scope, tail, model.total, &mut diags);
        }
        Query::Histogram { of, tail, .. } => {
            if let Err(d) = scope.indicator(of) {
                diags.push(d);
            }
            check_tail(&scope, tail, model.total, &mut diags);
        }
        Query::Corr { names, tail, .. } => {
            for n in names {
                if let Err(d) = scope.indicator(n) {
                    diags.push(d);
                }
            }
            check_tail(&scope, tail, model.total, &mut diags);
        }
        Query::Weights(Some(of)) => {
            if let Err(d) = scope.indicator(of) {
                diags.push(d);
            }
        }
        Query::Dashboard { name, tail } => {
            let known: Vec<&str> = model
                .grouping
                .dashboards
                .iter()
                .map(|d| d.name.node.as_str())
                .collect();
            if !known.contains(&name.node.as_str()) {
                diags.push(scope.unknown(name, &t!("check.what_dashboard"), known));
            }
            check_tail(&scope, tail, model.total, &mut diags);
        }
        Query::RankOf { by: None, .. }
        | Query::Show(_)
        | Query::Compare(_)
        | Query::Weights(None)
        | Query::Outliers
        | Query::Coverage { .. }
        | Query::Scalar(_) => {}
        Query::Years(y) => diags = super::years::check_query(&scope, y),
    }
    diags
}

/// Static checks of the clauses every query may carry.
pub fn check_tail(scope: &Scope<'_>, tail: &Tail, rate_of: NodeId, diags: &mut Diags) {
    if let Some(p) = &tail.per {
        if let Err(d) = scope.partition(p) {
            diags.push(d);
        }
    }
    for s in tail.show.iter().chain(tail.sort.iter().map(|(n, _)| n)) {
        if let Err(d) = scope.column(s, rate_of) {
            diags.push(d);
        }
    }
    for c in &tail.filter {
        if let Err(d) = crate::check::filter::resolve(scope.model, c, scope.source) {
            diags.extend(d);
        }
    }
}

/// The static checks of a ranking.
pub fn check_rank(scope: &Scope<'_>, q: &RankQuery) -> Diags {
    let mut diags = Diags::new();
    let by = match &q.by {
        Some(b) => match scope.indicator(b) {
            Ok(id) => id,
            Err(d) => {
                diags.push(d);
                scope.model.total
            }
        },
        None => scope.model.total,
    };
    check_tail(scope, &q.tail, by, &mut diags);
    diags
}

/// The quartile convention of a query (`quartiles inc`), or the model's.
pub fn quartiles(scope: &Scope<'_>, tail: &Tail) -> Result<Quartiles, Diag> {
    match &tail.quartiles {
        None => Ok(scope.model.quartiles),
        Some(q) => Quartiles::parse(&q.node).ok_or_else(|| {
            Diag::error(codes::E303, t!("check.e110_quartiles", name = q.node))
                .in_source(scope.source)
                .label(q.span, t!("check.not_a_convention"))
                .help(t!("check.e303_quartiles_help"))
        }),
    }
}

/// The static checks of a statistics query.
pub fn check_stat(scope: &Scope<'_>, q: &StatQuery) -> Diags {
    let mut diags = Diags::new();
    let of = match scope.indicator(&q.of) {
        Ok(id) => id,
        Err(d) => {
            diags.push(d);
            scope.model.total
        }
    };
    for b in q.by.iter().chain(&q.then_by) {
        if let Err(d) = scope.partition(b) {
            diags.push(d);
        }
    }
    if let Err(d) = quartiles(scope, &q.tail) {
        diags.push(d);
    }
    check_tail(scope, &q.tail, of, &mut diags);
    diags
}

/// The spec's reports: names unique, each query checked against the model; split into the
/// model's reports (name and title) and their queries (planned once the data is bound).
pub(super) fn check_reports(
    model: &Model,
    reports: Vec<ReportDecl>,
    diags: &mut Diags,
) -> (Vec<Report>, Vec<Spanned<Query>>) {
    for r in &reports {
        if let Some(prev) = reports
            .iter()
            .find(|p| p.name.node == r.name.node && p.name.span.start < r.name.span.start)
        {
            diags.push(
                Diag::error(codes::E102, t!("check.report_twice", name = r.name.node))
                    .in_source(&model.source)
                    .label(r.name.span, t!("check.again_here"))
                    .label(prev.name.span, t!("check.first_here"))
                    .help(t!("check.report_twice_help")),
            );
        }
        diags.extend(check_names(model, &r.query, &model.source));
    }
    reports
        .into_iter()
        .map(|r| {
            let report = Report {
                name: r.name,
                title: r.title,
            };
            (report, r.query)
        })
        .unzip()
}
