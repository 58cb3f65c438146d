//! The spec's reports: planned once against the bound data, run by name (`cix run`, the
//! REPL's `report`), a ranking's rows left to be made as they are written.

use super::{level_scope, period_of, Loaded};
use crate::codes;
use crate::diag::{Diag, Diags};
use crate::eval::Results;
use crate::model::Model;
use crate::output::Output;
use crate::query::{Answer, Plan};
use crate::source::{Span, Spanned};
use crate::syntax::ast::{Query, RankKind, RankQuery, Tail};

/// A report of the spec with its query planned against the bound data.
#[derive(Clone, Debug)]
pub struct Report {
    pub name: String,
    /// The title above the table (none for the overall ranking).
    pub title: Option<String>,
    /// The plan, or why the report cannot be answered over this data (e.g. `in 华南` when no
    /// unit is in 华南); reported when the report is run.
    pub plan: Result<Plan, Diags>,
    /// The roll-up the report is over (`at 省份`), an index into `model.grouping.rollups`.
    pub level: Option<usize>,
    /// The year or blend the report is over (`at 2017`).
    pub period: Option<String>,
}

/// Plan every report of the spec (`queries`, indexed like `model.reports`), and the overall
/// ranking, against the results.
pub(super) fn plan_reports(
    model: &Model,
    queries: &[Spanned<Query>],
    results: &Results,
    levels: &[Results],
    index: &crate::query::Index,
) -> (Vec<Report>, Report) {
    // The index serves the spec's own results only (not a level's or a year's).
    let plan = |m: &Model, res: &Results, query: &Spanned<Query>| {
        let own = std::ptr::eq(res, results).then_some(index);
        crate::query::check_indexed(m, res, own, query, &model.source)
    };
    let reports = model
        .reports
        .iter()
        .zip(queries)
        .map(|(r, query)| {
            let scope = level_scope(model, results, levels, &query.node, &model.source);
            let level = scope.as_ref().ok().and_then(|(m, _)| {
                model
                    .grouping
                    .rollups
                    .iter()
                    .position(|r| std::ptr::eq(&*r.model, *m))
            });
            Report {
                name: r.name.node.clone(),
                title: Some(
                    r.title
                        .as_ref()
                        .map_or_else(|| r.name.node.clone(), |t| t.node.clone()),
                ),
                plan: scope
                    .map_err(Diags::from)
                    .and_then(|(m, res)| plan(m, res, query)),
                level,
                period: period_of(model, &query.node),
            }
        })
        .collect();
    let overall = Report {
        name: model.total_name().to_string(),
        title: None,
        plan: plan(model, results, &default_ranking(model)),
        level: None,
        period: None,
    };
    (reports, overall)
}

/// The error for a report name the spec does not declare, with "did you mean".
pub fn unknown_report(name: &str, known: &[&str]) -> Diag {
    Diag::error(codes::E301, t!("project.e301", name = name)).help(
        crate::suggest::did_you_mean(name, known.iter().copied()).unwrap_or_else(|| {
            t!(
                "project.reports",
                list = known.join(crate::lang::list_separator())
            )
            .into_owned()
        }),
    )
}

/// The outputs of the named reports (`all` for every one; none for the first report, or the
/// overall ranking when the spec declares no report). A name the spec does not declare is an
/// error (E301), also beside `all`.
pub fn run_reports(l: &Loaded, names: &[String]) -> Result<Vec<(String, Output)>, Diags> {
    Ok(answer_reports(l, names)?
        .into_iter()
        .map(|(name, a)| (name, a.into_output()))
        .collect())
}

/// [`run_reports`], a ranking's rows left to be made as they are written (`cix run`).
pub fn answer_reports<'a>(
    l: &'a Loaded,
    names: &[String],
) -> Result<Vec<(String, Answer<'a>)>, Diags> {
    let known: Vec<&str> = l.reports.iter().map(|r| r.name.as_str()).collect();
    let mut diags = Diags::new();
    let mut named = Vec::new();
    for n in names.iter().filter(|n| *n != "all") {
        match l.reports.iter().find(|r| &r.name == n) {
            Some(r) => named.push(r),
            None => diags.push(unknown_report(n, &known)),
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    let chosen: Vec<&Report> = if names.iter().any(|n| n == "all") {
        l.reports.iter().collect()
    } else if names.is_empty() {
        l.reports.iter().take(1).collect()
    } else {
        named
    };
    if chosen.is_empty() {
        return Ok(vec![(l.overall.name.clone(), run_plan(l, &l.overall)?)]);
    }
    chosen
        .into_iter()
        .map(|r| Ok((r.name.clone(), run_plan(l, r)?)))
        .collect()
}

/// A planned report's answer, titled, with the spec's assumptions under it.
fn run_plan<'a>(l: &'a Loaded, r: &'a Report) -> Result<Answer<'a>, Diags> {
    let plan = r.plan.as_ref().map_err(Clone::clone)?;
    let (model, results) = match r
        .level
        .and_then(|i| Some((&*l.model.grouping.rollups.get(i)?.model, l.levels.get(i)?)))
    {
        Some(level) => level,
        None => match r.period.as_deref().and_then(|p| l.results.period(p)) {
            Some(year) => (&l.model, year),
            None => (&l.model, &l.results),
        },
    };
    let own = std::ptr::eq(results, &l.results).then_some(&l.index);
    let mut answer = crate::query::answer_indexed(model, plan, results, None, own)?;
    let out = answer.head_mut();
    out.title.clone_from(&r.title);
    // Scores that rest on assumed weights say so under every table.
    out.notes.extend(l.model.assumptions.iter().cloned());
    Ok(answer)
}

/// `rank by TOTAL show <top level…>, TOTAL, 得分率`.
pub fn default_ranking(model: &Model) -> Spanned<Query> {
    let name = |s: &str| Spanned::new(s.to_string(), Span::default());
    let mut show: Vec<_> = model
        .top_level()
        .map(|id| name(model.name_of(id)))
        .collect();
    show.push(name(model.total_name()));
    show.push(name(crate::query::RATE));
    Spanned::new(
        Query::Rank(RankQuery {
            kind: RankKind::All,
            by: Some(name(model.total_name())),
            tail: Box::new(Tail {
                show,
                ..Tail::default()
            }),
        }),
        Span::default(),
    )
}
