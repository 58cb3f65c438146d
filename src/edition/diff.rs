//! `cix diff OLD NEW`: the change log between two editions, one row per change — the report's
//! 指标修改及变动说明表.

use rust_decimal::Decimal;

use crate::model::NodeKind;
use crate::model::{Model, Node, Role};
use crate::output::{Cell, Output};
use crate::rules::NodeScoring;
use crate::syntax::ast::Clause;

use super::Log;

/// The kinds of change, in the order the log lists them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Added,
    Removed,
    Renamed,
    Moved,
    WeightRaised,
    WeightLowered,
    Modified,
}

impl Kind {
    pub const ALL: [Kind; 7] = [
        Kind::Added,
        Kind::Removed,
        Kind::Renamed,
        Kind::Moved,
        Kind::WeightRaised,
        Kind::WeightLowered,
        Kind::Modified,
    ];

    /// The machine name (CSV, JSON).
    pub fn english(self) -> &'static str {
        match self {
            Kind::Added => "added",
            Kind::Removed => "removed",
            Kind::Renamed => "renamed",
            Kind::Moved => "moved",
            Kind::WeightRaised => "weight raised",
            Kind::WeightLowered => "weight lowered",
            Kind::Modified => "modified",
        }
    }

    /// The report's words (terminal tables).
    pub fn chinese(self) -> &'static str {
        match self {
            Kind::Added => "新增指标",
            Kind::Removed => "删除指标",
            Kind::Renamed => "指标更名",
            Kind::Moved => "指标移动",
            Kind::WeightRaised => "权重提高",
            Kind::WeightLowered => "权重降低",
            Kind::Modified => "原有指标修改",
        }
    }
}

/// One row of the change log.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    pub kind: Kind,
    pub indicator: String,
    pub old: String,
    pub new: String,
    pub reason: String,
}

/// The change log from `old` to `new`. `log` is what `new`'s change statements declared
/// (renames and reasons); an empty log when `new` extends nothing.
pub fn changes(old: &Model, new: &Model, log: &Log) -> Vec<Change> {
    let m = Matched::of(old, new, log);
    let mut rows = Vec::new();
    let (pairs, removed, added) = (&m.pairs, &m.removed, &m.added);
    let reason_of_rename = |old_name: &str| -> String {
        log.renames
            .iter()
            .find(|(f, _, _)| f == old_name)
            .and_then(|(_, _, r)| r.clone())
            .unwrap_or_default()
    };
    for &nn in added {
        rows.push(Change {
            kind: Kind::Added,
            indicator: nn.name.clone(),
            old: String::new(),
            new: placed(new, nn),
            reason: String::new(),
        });
    }
    for &on in removed {
        let name = &on.name;
        let reason = log
            .removals
            .iter()
            .find(|(r, _)| r == name)
            .and_then(|(_, why)| why.clone())
            .unwrap_or_default();
        rows.push(Change {
            kind: Kind::Removed,
            indicator: name.clone(),
            old: placed(old, on),
            new: String::new(),
            reason,
        });
    }
    for &(on, nn) in pairs {
        if on.name != nn.name {
            rows.push(Change {
                kind: Kind::Renamed,
                indicator: nn.name.clone(),
                old: on.name.clone(),
                new: nn.name.clone(),
                reason: reason_of_rename(&on.name),
            });
        }
    }
    rows.extend(proposed_renames(removed, added));
    for &(on, nn) in pairs {
        let op = parent_name(old, on);
        let np = parent_name(new, nn);
        if follow(log, &op) != np && op != np {
            rows.push(Change {
                kind: Kind::Moved,
                indicator: nn.name.clone(),
                old: op,
                new: np,
                reason: String::new(),
            });
        }
    }
    for (kind, up) in [(Kind::WeightRaised, true), (Kind::WeightLowered, false)] {
        for &(on, nn) in pairs {
            if (up && nn.max > on.max) || (!up && nn.max < on.max) {
                rows.push(Change {
                    kind,
                    indicator: nn.name.clone(),
                    old: weight(on.max, on.inferred.is_some()),
                    new: weight(nn.max, nn.inferred.is_some()),
                    reason: String::new(),
                });
            }
        }
    }
    for &(on, nn) in pairs {
        modifications(on, nn, &mut rows);
    }
    // The sample, methods by group and roll-ups (language chapter 7).
    rows.extend(super::diff_groups::changes(old, new));
    rows
}

/// Follow declared renames from an old name to its name in the new edition.
fn follow(log: &Log, name: &str) -> String {
    let mut n = name.to_string();
    for (from, to, _) in &log.renames {
        if *from == n {
            n = to.clone();
        }
    }
    n
}

/// The indicators of two editions matched by name (declared renames followed).
struct Matched<'a> {
    pairs: Vec<(&'a Node, &'a Node)>,
    removed: Vec<&'a Node>,
    added: Vec<&'a Node>,
}

impl<'a> Matched<'a> {
    fn of(old: &'a Model, new: &'a Model, log: &Log) -> Self {
        let follow = |name: &str| follow(log, name);
        let indicators = |m: &'a Model| {
            m.nodes
                .iter()
                .enumerate()
                .filter(|(_, n)| n.role != Role::Total)
        };
        let mut matched_new = vec![false; new.nodes.len()];
        let mut removed: Vec<&Node> = Vec::new();
        let mut pairs: Vec<(&Node, &Node)> = Vec::new();
        for (_, on) in indicators(old) {
            let target = if new.node(&on.name).is_some() {
                on.name.clone()
            } else {
                follow(&on.name)
            };
            let found = new
                .node(&target)
                .and_then(|n| Some((n, new.nodes.get(n)?)))
                .filter(|(_, nn)| nn.role != Role::Total);
            match found {
                Some((n, nn)) => {
                    if let Some(m) = matched_new.get_mut(n) {
                        *m = true;
                    }
                    pairs.push((on, nn));
                }
                None => removed.push(on),
            }
        }
        let added: Vec<&Node> = indicators(new)
            .filter(|(i, _)| !matched_new.get(*i).copied().unwrap_or(false))
            .map(|(_, n)| n)
            .collect();

        Matched {
            pairs,
            removed,
            added,
        }
    }
}

/// Proposed renames: an indicator went and one with the same column or description came.
fn proposed_renames(removed: &[&Node], added: &[&Node]) -> Vec<Change> {
    let mut rows = Vec::new();
    for &on in removed {
        for &nn in added {
            let same_column = match (&on.column, &nn.column) {
                (Some(a), Some(b)) => a.node == b.node,
                _ => false,
            };
            let same_description = on.description.is_some() && on.description == nn.description;
            if same_column || same_description {
                rows.push(Change {
                    kind: Kind::Renamed,
                    indicator: nn.name.clone(),
                    old: on.name.clone(),
                    new: nn.name.clone(),
                    reason: format!(
                        "looks like a rename: same {} (not declared)",
                        if same_column {
                            "data column"
                        } else {
                            "description"
                        }
                    ),
                });
            }
        }
    }
    rows
}

/// A node's kind, description, column or scoring changed: one row each.
fn modifications(on: &Node, nn: &Node, rows: &mut Vec<Change>) {
    let mut modified = |what: &str, a: String, b: String| {
        rows.push(Change {
            kind: Kind::Modified,
            indicator: nn.name.clone(),
            old: format!("{what}: {a}"),
            new: format!("{what}: {b}"),
            reason: String::new(),
        });
    };
    if on.role != nn.role {
        modified("kind", role(on), role(nn));
    }
    if on.description != nn.description {
        modified(
            "description",
            on.description.clone().unwrap_or_default(),
            nn.description.clone().unwrap_or_default(),
        );
    }
    let col = |c: &Option<crate::source::Spanned<String>>| {
        c.as_ref().map(|c| c.node.clone()).unwrap_or_default()
    };
    if col(&on.column) != col(&nn.column) {
        modified("data column", col(&on.column), col(&nn.column));
    }
    if !same_scoring(&on.scoring, &nn.scoring) {
        modified(
            "scoring",
            scoring_text(&on.scoring),
            scoring_text(&nn.scoring),
        );
    }
}

/// The scoring a diff compares: the rule, direction, rounding, missing policy and aggregation
/// (spans aside; assumptions about weights show as weights).
fn same_scoring(a: &NodeScoring, b: &NodeScoring) -> bool {
    a.rule == b.rule
        && a.direction == b.direction
        && a.round == b.round
        && a.missing == b.missing
        && a.aggregate == b.aggregate
}

/// `score minmax direction lower missing zero` — the clauses as a spec writes them, defaults
/// left out (`points` when the column holds points).
fn scoring_text(s: &NodeScoring) -> String {
    let d = NodeScoring::default();
    let mut parts = vec![match &s.rule {
        Some(r) => Clause::Score(r.node.clone()).to_string(),
        None => "points".to_string(),
    }];
    if s.direction != d.direction {
        parts.push(Clause::Direction(s.direction).to_string());
    }
    if let Some(r) = &s.round {
        parts.push(Clause::Round(*r).to_string());
    }
    match &s.last {
        Some(last) => parts.push(Clause::Last(last.clone(), s.missing.clone()).to_string()),
        None if s.missing != d.missing => {
            parts.push(Clause::Missing(s.missing.clone()).to_string());
        }
        None => {}
    }
    if s.aggregate != d.aggregate {
        parts.push(Clause::Aggregate(s.aggregate).to_string());
    }
    parts.join(" ")
}

fn weight(v: Decimal, inferred: bool) -> String {
    if inferred {
        format!("{} (inferred)", v.normalize())
    } else {
        v.normalize().to_string()
    }
}

fn parent_name(m: &Model, n: &Node) -> String {
    n.parent
        .and_then(|p| m.nodes.get(p))
        .map(|p| p.name.clone())
        .unwrap_or_default()
}

fn role(n: &Node) -> String {
    match n.role {
        Role::Indicator(NodeKind::Base) => "indicator",
        Role::Indicator(NodeKind::Bonus) => "bonus",
        Role::Indicator(NodeKind::Penalty) => "penalty",
        Role::Total => "total",
        Role::Ratio { .. } => "ratio",
    }
    .to_string()
}

/// `智慧管理 · 10` — where an added or removed indicator sits, and its weight.
fn placed(m: &Model, n: &Node) -> String {
    let w = weight(n.max, n.inferred.is_some());
    match &n.role {
        Role::Indicator(NodeKind::Bonus) if n.level == 1 => format!("bonus · {w}"),
        Role::Indicator(NodeKind::Penalty) if n.level == 1 => format!("penalty · {w}"),
        Role::Ratio {
            numerator,
            denominator,
        } => format!(
            "ratio · {} ÷ {}",
            m.name_of(*numerator),
            m.name_of(*denominator)
        ),
        _ => format!("{} · {w}", parent_name(m, n)),
    }
}

fn total_max(m: &Model) -> String {
    m.nodes
        .get(m.total)
        .map(|n| n.max.normalize().to_string())
        .unwrap_or_default()
}

fn label(m: &Model) -> String {
    match &m.edition {
        Some(e) => e.year.to_string(),
        None => m.name.clone(),
    }
}

/// The change log as a table. `human` labels the kinds in Chinese (terminal tables, Markdown);
/// otherwise columns and kinds are the machine names `change, indicator, old, new, reason`.
pub fn output(old: &Model, new: &Model, rows: &[Change], human: bool) -> Output {
    let columns = if human {
        vec![
            "变动".to_string(),
            "指标".to_string(),
            label(old),
            label(new),
            "说明".to_string(),
        ]
    } else {
        ["change", "indicator", "old", "new", "reason"]
            .map(str::to_string)
            .to_vec()
    };
    let mut out = Output::new(columns);
    out.title = Some(format!("指标变动 {} → {}", label(old), label(new)));
    for r in rows {
        let kind = if human {
            r.kind.chinese()
        } else {
            r.kind.english()
        };
        let text = |s: &str| {
            if s.is_empty() {
                Cell::Empty
            } else {
                Cell::Text(s.to_string())
            }
        };
        out.rows.push(vec![
            Cell::Text(kind.to_string()),
            Cell::Text(r.indicator.clone()),
            text(&r.old),
            text(&r.new),
            text(&r.reason),
        ]);
    }
    let counts: Vec<String> = Kind::ALL
        .iter()
        .filter_map(|k| {
            let n = rows.iter().filter(|r| r.kind == *k).count();
            (n > 0).then(|| format!("{n} {}", k.english()))
        })
        .collect();
    let counts = if counts.is_empty() {
        "no changes".to_string()
    } else {
        counts.join(", ")
    };
    out.notes.push(format!(
        "{counts}; total maximum {} → {}; {} → {} indicators ({} → {} leaves)",
        total_max(old),
        total_max(new),
        old.nodes.len().saturating_sub(1),
        new.nodes.len().saturating_sub(1),
        old.leaves().count(),
        new.leaves().count(),
    ));
    // Provenance: why each inferred value shown in the log is a guess.
    for (m, which) in [(old, label(old)), (new, label(new))] {
        for n in &m.nodes {
            let shown = rows
                .iter()
                .any(|r| r.indicator == n.name || r.old == n.name || r.new == n.name);
            if let (Some(why), true) = (&n.inferred, shown) {
                let why = if why.is_empty() {
                    "no reason given"
                } else {
                    why
                };
                out.notes.push(format!(
                    "inferred in {which}: {} {} — {why}",
                    n.name,
                    n.max.normalize()
                ));
            }
        }
    }
    out
}
