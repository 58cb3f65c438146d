//! `cix sql`: a checked spec compiled to one SQL statement that runs on DuckDB, PostgreSQL or
//! Spark SQL over a table holding the data (the CSV's columns as text, as written).
//!
//! [`compile`] takes the model and the reports' queries (`check::Checked`) — no data: the
//! statement computes everything the data decide (sample parameters, means, ranks, tiers,
//! which attribute a group name is a value of) in the engine. Without a report it answers the
//! overall ranking: every node's score, 得分率, the rank and every tiers declaration. The
//! dialect differences live in [`dialect`]; a construct the compiler does not know is a
//! located error (E630, E631), never SQL that answers differently.

pub mod dialect;
mod filter;
mod query;
mod scores;

use rust_decimal::Decimal;

use crate::codes;
use crate::diag::{Diag, Diags};
use crate::model::{Model, Node};
use crate::source::{Source, Span, Spanned};
use crate::syntax::ast::Query;

pub use dialect::Dialect;

/// What to compile.
#[derive(Clone, Debug)]
pub struct Options {
    pub dialect: Dialect,
    /// The report to answer (None: the overall ranking).
    pub report: Option<String>,
    /// The table holding the data.
    pub table: String,
}

/// The errors found while compiling, all at once.
#[derive(Default)]
pub struct Fail {
    pub diags: Diags,
}

impl Fail {
    /// E630: a construct of the model the compiler cannot express.
    fn construct(&mut self, model: &Model, node: &Node, what: &str) {
        self.diags.push(
            Diag::error(codes::E630, t!("sql.e630", what = what, name = node.name))
                .in_source(&model.source)
                .label(node.span, t!("sql.used_here"))
                .help(t!("sql.e630_help")),
        );
    }

    /// E630: methods by group (language chapter 7), which the compiler does not express: SQL
    /// that ignored them would answer differently. (The sample compiles.)
    fn grouping(&mut self, model: &Model) {
        for (name, span) in &model.grouping.dash_declared {
            self.diags.push(
                Diag::error(codes::E630, t!("sql.e630_declared", name = name))
                    .in_source(&model.source)
                    .label(*span, t!("sql.declared_here"))
                    .help(t!("sql.e630_help")),
            );
        }
        for m in &model.grouping.methods {
            self.diags.push(
                Diag::error(codes::E630, t!("sql.e630_methods"))
                    .in_source(&model.source)
                    .label(m.span, t!("sql.declared_here"))
                    .help(t!("sql.e630_help")),
            );
        }
        // Several years: SQL over every year's rows at once would answer differently.
        if let Some(y) = &model.grouping.series.years {
            self.diags.push(
                Diag::error(codes::E630, t!("sql.e630_years"))
                    .in_source(&model.source)
                    .label(y.span, t!("sql.declared_here"))
                    .help(t!("sql.e630_help")),
            );
        }
    }

    /// E631: a query the compiler cannot express.
    fn query(&mut self, source: &Source, span: Span, what: &str) {
        self.diags.push(
            Diag::error(codes::E631, t!("sql.e631", what = what))
                .in_source(source)
                .label(span, t!("sql.this_report"))
                .help(t!("sql.e631_help")),
        );
    }

    /// E632: a number the dialect's decimal type cannot hold.
    fn too_large(&mut self, model: &Model, d: Dialect, v: Decimal, node: &Node) {
        self.diags.push(
            Diag::error(
                codes::E632,
                t!(
                    "sql.e632",
                    value = v.normalize(),
                    name = node.name,
                    dialect = d.name(),
                    decimal = d.decimal()
                ),
            )
            .in_source(&model.source)
            .label(node.span, t!("sql.this_number"))
            .help(t!(
                "sql.e632_help",
                dialect = d.name(),
                digits = d.integer_digits()
            )),
        );
    }
}

/// Compile a checked spec (its model and the reports' queries, indexed like `model.reports`)
/// to one SQL statement.
pub fn compile(
    model: &Model,
    queries: &[Spanned<Query>],
    options: &Options,
) -> Result<String, Diags> {
    let mut fail = Fail::default();
    fail.grouping(model);
    for (id, _, _) in model.ratios() {
        if let Some(node) = model.nodes.get(id) {
            fail.construct(model, node, &t!("sql.what_ratio"));
        }
    }
    let report = match &options.report {
        None => None,
        Some(name) => Some(find_report(model, queries, name)?),
    };
    let ctes = scores::Scores {
        model,
        d: options.dialect,
        table: &options.table,
        fail: &mut fail,
    }
    .ctes();
    let mut q = query::Queries {
        scope: crate::check::query::Scope {
            model,
            source: &model.source,
        },
        d: options.dialect,
        fail: &mut fail,
    };
    let select = match report {
        None => Some(q.overall()),
        Some((query, at)) => q.statement(query, at),
    };
    match select {
        Some(select) if !fail.diags.has_errors() => Ok(statement(model, options, &ctes, &select)),
        _ => Err(fail.diags),
    }
}

fn find_report<'q>(
    model: &Model,
    queries: &'q [Spanned<Query>],
    name: &str,
) -> Result<(&'q Spanned<Query>, Span), Diags> {
    let found = model
        .reports
        .iter()
        .zip(queries)
        .find(|(r, _)| r.name.node == name)
        .map(|(r, q)| (q, r.name.span));
    found.ok_or_else(|| {
        let names: Vec<&str> = model.reports.iter().map(|r| r.name.node.as_str()).collect();
        let help = crate::suggest::did_you_mean(name, names.iter().copied()).unwrap_or_else(|| {
            if names.is_empty() {
                t!("sql.no_reports").into_owned()
            } else {
                let names = crate::lang::quote_list(names.iter().copied());
                t!("sql.reports_are", names = names).into_owned()
            }
        });
        Diags::from(Diag::error(codes::E633, t!("sql.e633", name = name)).help(help))
    })
}

/// The statement: a header saying what it computes, the CTEs, the final SELECT.
fn statement(model: &Model, options: &Options, ctes: &[(String, String)], select: &str) -> String {
    let d = options.dialect;
    let what = match &options.report {
        Some(r) => format!("report {r}"),
        None => "the overall ranking".to_string(),
    };
    let mut out = format!(
        "-- {} — {what}\n-- generated by cix sql for {} over the table {}: the data's columns as text\n-- numbers are {} (12 decimals); compare with cix at its displayed decimals\n",
        model.name,
        d.name(),
        d.ident(&options.table),
        d.decimal()
    );
    out.push_str("WITH\n");
    let body: Vec<String> = ctes
        .iter()
        .map(|(name, sql)| format!("{name} AS (\n  {sql}\n)"))
        .collect();
    out.push_str(&body.join(",\n"));
    out.push('\n');
    out.push_str(select);
    out.push_str(";\n");
    out
}
