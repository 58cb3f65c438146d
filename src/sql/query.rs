//! Queries as SQL over the `units` CTE: rankings (`rank by`, `top`/`bottom N`, `where … sort`,
//! with `in`, `where`, `per`, `show`) and group statistics (`mean`, `median`, `min`, `max`,
//! `sd`, `qd`, `range`, `stats`, with `by`, `top N` and either quartile convention). Names are
//! resolved by check's data-free half of a query (`check::query::Scope`), as for a report.

use rust_decimal::Decimal;

use super::dialect::Dialect;
use super::filter::condition;
use super::Fail;
use crate::check::query::{check_rank, check_stat, quartiles, Column, Partition, Scope};
use crate::diag::Diags;
use crate::model::{GroupDef, Model, NodeId};
use crate::source::{Span, Spanned};
use crate::stats::Quartiles;
use crate::syntax::ast::{Query, RankKind, RankQuery, StatFn, StatQuery, Tail};

pub struct Queries<'a> {
    pub scope: Scope<'a>,
    pub d: Dialect,
    pub fail: &'a mut Fail,
}

/// A ranking with its names resolved.
pub struct Ranking {
    pub kind: RankKind,
    pub by: NodeId,
    pub per: Option<Partition>,
    pub show: Vec<Column>,
    pub sort: Vec<(Column, bool)>,
}

impl Queries<'_> {
    fn model(&self) -> &Model {
        self.scope.model
    }

    /// The SELECT answering a query over `units`; `None` after an error (one the query
    /// cannot be compiled to is labelled at `at`, the report's name).
    pub fn statement(&mut self, query: &Spanned<Query>, at: Span) -> Option<String> {
        if let Some(tail) = tail_of(&query.node) {
            // Every clause is named: a clause the language gains fails to build here until
            // it is compiled or refused.
            let Tail {
                per: _,
                within: _,
                filter: _,
                show: _,
                sort: _,
                top: _,
                quartiles: _,
                at: level,
            } = tail;
            if level.is_some() {
                return self.cannot(at, "rolled-up (`at`)");
            }
        }
        match &query.node {
            Query::Rank(q) => {
                let r = self.plan_rank(q)?;
                let sel = self.selection(&q.tail)?;
                Some(self.rank(&r, &sel))
            }
            // `stats` gained skew, kurtosis, zeros and availability columns (chapter 5),
            // which the compiler does not write yet.
            Query::Stat(q) if q.func == StatFn::Stats => self.cannot(at, "`stats`"),
            Query::Stat(q) => self.stat(q),
            Query::RankOf { .. } => self.cannot(at, "`rank of`"),
            Query::Show(_) => self.cannot(at, "`show`"),
            Query::Compare(_) => self.cannot(at, "`compare`"),
            Query::Count { .. } => self.cannot(at, "`count by`"),
            Query::Histogram { .. } => self.cannot(at, "`histogram`"),
            Query::Corr { .. } => self.cannot(at, "`corr`"),
            Query::Weights(_) => self.cannot(at, "`weights`"),
            Query::Outliers => self.cannot(at, "`outliers`"),
            Query::Coverage { .. } => self.cannot(at, "`coverage`"),
            Query::Dashboard { .. } => self.cannot(at, "`dashboard`"),
            Query::Scalar(_) => self.cannot(at, &t!("sql.what_scalar")),
            Query::Years(_) => self.cannot(at, &t!("sql.what_years")),
        }
    }

    fn cannot(&mut self, at: Span, what: &str) -> Option<String> {
        self.fail.query(self.scope.source, at, what);
        None
    }

    fn diags(&mut self, d: Diags) -> Option<()> {
        if d.has_errors() {
            self.fail.diags.extend(d);
            return None;
        }
        Some(())
    }

    fn plan_rank(&mut self, q: &RankQuery) -> Option<Ranking> {
        let d = check_rank(&self.scope, q);
        self.diags(d)?;
        let model = self.model();
        let total = model.total;
        let sort: Vec<(Column, bool)> = q
            .tail
            .sort
            .iter()
            .filter_map(|(n, desc)| self.scope.column(n, total).ok().map(|c| (c, *desc)))
            .collect();
        let by = match (&q.by, q.kind, sort.first()) {
            (Some(b), _, _) => self.scope.indicator(b).ok()?,
            (None, RankKind::List, Some((Column::Node(id), _))) => *id,
            _ => total,
        };
        let per = q
            .tail
            .per
            .as_ref()
            .and_then(|p| self.scope.partition(p).ok());
        let show = self.shown(q, by, &sort);
        Some(Ranking {
            kind: q.kind,
            by,
            per,
            show,
            sort,
        })
    }

    /// The columns a ranking shows, as `query::rank` chooses them.
    fn shown(&self, q: &RankQuery, by: NodeId, sort: &[(Column, bool)]) -> Vec<Column> {
        let total = self.model().total;
        if !q.tail.show.is_empty() {
            return q
                .tail
                .show
                .iter()
                .filter_map(|s| self.scope.column(s, by).ok())
                .collect();
        }
        if q.kind != RankKind::List {
            let mut cols = vec![Column::Node(by), Column::Rate(by)];
            if by != total {
                cols.push(Column::Node(total));
            }
            return cols;
        }
        let mut cols: Vec<Column> = Vec::new();
        for c in &q.tail.filter {
            for cmp in std::iter::once(&c.first).chain(c.rest.iter().map(|(_, c)| c)) {
                if let Ok(col) = self.scope.column(cmp.left(), by) {
                    if !cols.contains(&col) {
                        cols.push(col);
                    }
                }
            }
        }
        for (c, _) in sort {
            if !cols.contains(c) {
                cols.push(c.clone());
            }
        }
        if !cols.contains(&Column::Node(total)) {
            cols.push(Column::Node(total));
        }
        cols
    }

    /// A column's value as shown (scores at the model's decimals, 得分率 at 4).
    fn column(&self, c: &Column) -> String {
        let d = self.d;
        let model = self.model();
        match c {
            Column::Node(id) => d.round(&format!("s{id}"), model.score_decimals()),
            Column::Rate(id) => self.rate(&format!("s{id}"), *id),
            Column::Attribute(a) => format!("a{a}"),
            Column::Tier(t) => format!("t{t}"),
            Column::Key => "k".to_string(),
        }
    }

    /// A score as a share of its node's maximum, at 4 decimals (NULL for a maximum of 0).
    fn rate(&self, score: &str, id: NodeId) -> String {
        match self.d.number(self.model().max_of(id)) {
            Some(max) if !self.model().max_of(id).is_zero() => {
                self.d.round(&self.d.div(score, &max), 4)
            }
            _ => "NULL".to_string(),
        }
    }

    /// A column's value to sort by.
    fn sort_value(&self, c: &Column) -> String {
        match c {
            Column::Node(id) => format!("s{id}"),
            Column::Rate(id) => self.rate(&format!("s{id}"), *id),
            Column::Attribute(a) => format!("a{a}"),
            Column::Tier(t) => format!("t{t}"),
            Column::Key => "k".to_string(),
        }
    }

    fn partition(&self, p: Partition) -> (String, String) {
        let model = self.model();
        match p {
            Partition::Attribute(a) => (format!("a{a}"), model.attribute_name(a).to_string()),
            Partition::Tiers(t) => (format!("t{t}"), model.tiers_name(t).to_string()),
        }
    }

    /// The order of a partition's groups: tiers highest first, attribute values by text.
    fn partition_order(&self, p: Partition) -> String {
        match p {
            Partition::Attribute(a) => format!("a{a}"),
            Partition::Tiers(t) => {
                let names = self
                    .model()
                    .tiers
                    .get(t)
                    .map(|d| d.tier_names().collect::<Vec<_>>())
                    .unwrap_or_default();
                let arms: Vec<String> = names
                    .iter()
                    .enumerate()
                    .map(|(i, n)| format!("WHEN t{t} = {} THEN {i}", self.d.string(n)))
                    .collect();
                if arms.is_empty() {
                    "0".to_string()
                } else {
                    format!("CASE {} END", arms.join(" "))
                }
            }
        }
    }

    fn rank(&self, r: &Ranking, sel: &Selected) -> String {
        let d = self.d;
        let model = self.model();
        let by = format!("s{}", r.by);
        let part = r.per.map(|p| self.partition(p));
        let over = match &part {
            Some((e, _)) => format!("PARTITION BY {e} "),
            None => String::new(),
        };
        let mut conds = sel.conds.clone();
        if r.kind != RankKind::List {
            conds.push(format!("{by} IS NOT NULL"));
        }
        if let Some((e, _)) = &part {
            if matches!(r.per, Some(Partition::Tiers(_))) {
                conds.push(format!("{e} IS NOT NULL"));
            }
        }
        let inner = sel.from(&conds);
        let mut cols = Vec::new();
        if let Some((e, title)) = &part {
            cols.push(format!("{e} AS {}", d.ident(title)));
        }
        if r.kind != RankKind::List {
            cols.push(format!("r AS {}", d.ident("排名")));
        }
        cols.push(format!("k AS {}", d.ident(&model.key.node)));
        for c in &r.show {
            cols.push(format!(
                "{} AS {}",
                self.column(c),
                d.ident(&self.scope.column_title(c))
            ));
        }
        let mut order = Vec::new();
        if let Some(p) = r.per {
            order.push(self.partition_order(p));
        }
        if r.sort.is_empty() {
            order.push(format!("{by} DESC NULLS LAST"));
        } else {
            for (c, desc) in &r.sort {
                let dir = if *desc { "DESC" } else { "ASC" };
                order.push(format!("{} {dir} NULLS LAST", self.sort_value(c)));
            }
        }
        order.push("k".to_string());
        let limit = match r.kind {
            RankKind::Top(n) => format!(" WHERE r <= {n}"),
            RankKind::Bottom(n) => format!(" WHERE rb <= {n}"),
            RankKind::All | RankKind::List => String::new(),
        };
        let ranked = if r.kind == RankKind::List {
            inner
        } else {
            format!(
                "SELECT q1.*, RANK() OVER ({over}ORDER BY {by} DESC) AS r, RANK() OVER ({over}ORDER BY {by} ASC) AS rb FROM ({inner}) q1"
            )
        };
        format!(
            "SELECT\n  {}\nFROM ({ranked}) q2{limit}\nORDER BY {}",
            cols.join(",\n  "),
            order.join(", ")
        )
    }

    /// The `in` and `where` clauses of a query as conditions on `units`.
    fn selection(&mut self, tail: &Tail) -> Option<Selected> {
        let d = self.d;
        let model = self.scope.model;
        let mut sel = Selected::default();
        for g in &tail.within {
            if let Some(group) = model.group(&g.node) {
                let cond = match &group.def {
                    GroupDef::List { members, .. } if members.is_empty() => "FALSE".to_string(),
                    GroupDef::List { members, .. } => {
                        let keys: Vec<String> = members.iter().map(|m| d.string(&m.node)).collect();
                        format!("k IN ({})", keys.join(", "))
                    }
                    GroupDef::Condition(f) => condition(d, f, false),
                };
                sel.conds.push(cond);
            } else if let Some((t, _)) = model.tier(&g.node) {
                sel.conds.push(format!("t{t} = {}", d.string(&g.node)));
            } else {
                // A value of the first attribute that has it in the data, as `query` finds it.
                let n = sel.conds.len();
                let v = d.string(&g.node);
                let mut arms = Vec::new();
                for a in 0..model.attributes.len() {
                    sel.windows.push(format!(
                        "MAX(CASE WHEN a{a} = {v} THEN 1 ELSE 0 END) OVER () AS h{n}_{a}"
                    ));
                    arms.push(format!("WHEN h{n}_{a} = 1 THEN a{a} = {v}"));
                }
                sel.conds.push(if arms.is_empty() {
                    "FALSE".to_string()
                } else {
                    format!("CASE {} ELSE FALSE END", arms.join(" "))
                });
            }
        }
        let mut diags = Diags::new();
        for c in &tail.filter {
            match crate::check::filter::resolve(model, c, self.scope.source) {
                Ok(f) => sel.conds.push(condition(self.d, &f, false)),
                Err(e) => diags.extend(e),
            }
        }
        self.diags(diags)?;
        Some(sel)
    }

    fn stat(&mut self, q: &StatQuery) -> Option<String> {
        let d = self.d;
        let diags = check_stat(&self.scope, q);
        self.diags(diags)?;
        if let Some(then) = q.then_by.first() {
            return self.cannot(then.span, "multi-partition");
        }
        let of = self.scope.indicator(&q.of).ok()?;
        let conv = quartiles(&self.scope, &q.tail).ok()?;
        let by = q.by.as_ref().and_then(|b| self.scope.partition(b).ok());
        let sel = self.selection(&q.tail)?;
        let model = self.model();
        let name = model.name_of(of).to_string();
        let (group, title) = match by {
            Some(p) => self.partition(p),
            None => {
                let label = if q.tail.within.is_empty() {
                    name.clone()
                } else {
                    let within: Vec<&str> = q.tail.within.iter().map(|g| g.node.as_str()).collect();
                    format!("{name} ({})", within.join(" ∩ "))
                };
                (d.string(&label), "指标".to_string())
            }
        };
        let mut conds = sel.conds.clone();
        conds.push(format!("s{of} IS NOT NULL"));
        if let Some((e, _)) = by.map(|p| self.partition(p)) {
            if matches!(by, Some(Partition::Tiers(_))) {
                conds.push(format!("{e} IS NOT NULL"));
            }
        }
        let inner = sel.from(&conds);
        let w0 = format!(
            "SELECT {group} AS g, s{of} AS x, RANK() OVER (PARTITION BY {group} ORDER BY s{of} DESC) AS rt FROM ({inner}) q1"
        );
        let w0 = match q.tail.top.as_ref() {
            Some(n) => format!("SELECT * FROM ({w0}) q2 WHERE rt <= {}", n.node),
            None => w0,
        };
        let quarts = [
            ("q1", Decimal::new(25, 2)),
            ("q2", Decimal::new(5, 1)),
            ("q3", Decimal::new(75, 2)),
        ];
        let mut w1 = vec![
            "g".to_string(),
            "x".to_string(),
            "ROW_NUMBER() OVER (PARTITION BY g ORDER BY x) AS rn".to_string(),
            "COUNT(*) OVER (PARTITION BY g) AS cnt".to_string(),
        ];
        let mut aggs = vec![
            "g".to_string(),
            "COUNT(*) AS n_".to_string(),
            format!("{} AS sum_", d.cast("SUM(x)")),
            "MIN(x) AS min_".to_string(),
            "MAX(x) AS max_".to_string(),
            format!("{} AS sd_", d.cast("STDDEV_SAMP(x)")),
        ];
        for (q, p) in quarts {
            let p = d.number(p)?;
            let cnt = d.cast("COUNT(*) OVER (PARTITION BY g)");
            let one = d.cast("1");
            // Median: both conventions agree.
            let h = match (q, conv) {
                ("q2", _) | (_, Quartiles::Exc) => d.mul(&d.add(&cnt, &one), &p),
                (_, Quartiles::Inc) => d.add(&one, &d.mul(&d.sub(&cnt, &one), &p)),
            };
            w1.push(format!("{h} AS h{q}"));
            aggs.push(format!("MAX(h{q}) AS h{q}"));
            aggs.push(format!(
                "MAX(CASE WHEN rn = FLOOR(h{q}) THEN x END) AS a{q}"
            ));
            aggs.push(format!(
                "MAX(CASE WHEN rn = FLOOR(h{q}) + 1 THEN x END) AS b{q}"
            ));
        }
        let quantile = |q: &str| {
            let frac = d.sub(&format!("h{q}"), &d.cast(&format!("FLOOR(h{q})")));
            format!(
                "CASE WHEN h{q} <= 1 THEN min_ WHEN h{q} >= n_ THEN max_ ELSE {} END",
                d.add(
                    &format!("a{q}"),
                    &d.mul(&frac, &d.sub(&format!("b{q}"), &format!("a{q}")))
                )
            )
        };
        let dp = if model.max_of(of) <= Decimal::ONE {
            4
        } else {
            2
        };
        let mean = d.div("sum_", "n_");
        let range = d.sub("max_", "min_");
        let qd = d.sub(&quantile("q3"), &quantile("q1"));
        let value = |s: &str| -> String {
            match s {
                "mean" => mean.clone(),
                "median" => quantile("q2"),
                "min" => "min_".to_string(),
                "max" => "max_".to_string(),
                "range" => range.clone(),
                "sd" => "sd_".to_string(),
                _ => qd.clone(),
            }
        };
        let mut cols = vec![format!("g AS {}", d.ident(&title))];
        for s in stat_names(q.func) {
            let expr = match s {
                "n" => "n_".to_string(),
                "rate" => self.rate(&mean, of),
                other => d.round(&value(other), dp),
            };
            cols.push(format!("{expr} AS {}", d.ident(s)));
        }
        let key = match q.func {
            StatFn::Median => value("median"),
            StatFn::Min => value("min"),
            StatFn::Max => value("max"),
            StatFn::Sd => format!("COALESCE(sd_, {})", d.cast("0")),
            StatFn::Qd => value("qd"),
            StatFn::Range => value("range"),
            StatFn::Stats | StatFn::Mean => value("mean"),
        };
        Some(format!(
            "SELECT\n  {}\nFROM (SELECT {} FROM (SELECT {} FROM ({w0}) w0) w1 GROUP BY g) a\nORDER BY {key} DESC, g",
            cols.join(",\n  "),
            aggs.join(", "),
            w1.join(", ")
        ))
    }
}

/// The clauses of a query that has them.
fn tail_of(q: &Query) -> Option<&Tail> {
    match q {
        Query::Rank(r) => Some(&r.tail),
        Query::Stat(s) => Some(&s.tail),
        Query::Count { tail, .. } | Query::Histogram { tail, .. } | Query::Corr { tail, .. } => {
            Some(tail)
        }
        Query::RankOf { .. }
        | Query::Show(_)
        | Query::Compare(_)
        | Query::Outliers
        | Query::Coverage { .. }
        | Query::Weights(_)
        | Query::Dashboard { .. }
        | Query::Scalar(_)
        | Query::Years(_) => None,
    }
}

/// The statistics a function shows, as `query::stat` names them.
fn stat_names(func: StatFn) -> Vec<&'static str> {
    match func {
        StatFn::Stats => vec![
            "n", "mean", "median", "min", "max", "range", "sd", "qd", "rate",
        ],
        StatFn::Mean => vec!["n", "mean", "rate"],
        StatFn::Median => vec!["n", "median"],
        StatFn::Min => vec!["n", "min"],
        StatFn::Max => vec!["n", "max"],
        StatFn::Sd => vec!["n", "sd"],
        StatFn::Qd => vec!["n", "qd"],
        StatFn::Range => vec!["n", "range"],
    }
}

/// A query's selection: window columns some conditions need (whether the data has a value of
/// an attribute), and the conditions (all must hold).
#[derive(Clone, Default)]
pub struct Selected {
    windows: Vec<String>,
    conds: Vec<String>,
}

impl Selected {
    /// The units selected, with `extra` conditions.
    fn from(&self, conds: &[String]) -> String {
        let base = if self.windows.is_empty() {
            "SELECT * FROM units".to_string()
        } else {
            format!("SELECT units.*, {} FROM units", self.windows.join(", "))
        };
        if conds.is_empty() {
            base
        } else {
            format!("SELECT * FROM ({base}) q0 WHERE {}", conds.join(" AND "))
        }
    }
}

/// The overall ranking `cix sql` compiles without `--report`: every node (the total last),
/// 得分率 and tiers.
pub fn overall(model: &Model) -> Ranking {
    let mut show: Vec<Column> = (0..model.nodes.len())
        .filter(|&id| id != model.total)
        .map(Column::Node)
        .collect();
    show.push(Column::Node(model.total));
    show.push(Column::Rate(model.total));
    show.extend((0..model.tiers.len()).map(Column::Tier));
    Ranking {
        kind: RankKind::All,
        by: model.total,
        per: None,
        show,
        sort: Vec::new(),
    }
}

impl Queries<'_> {
    /// The overall ranking.
    pub fn overall(&self) -> String {
        self.rank(&overall(self.model()), &Selected::default())
    }
}
