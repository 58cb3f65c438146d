//! Conditions as SQL (a `where`, a group's condition, the sample's): tests over the `units`
//! columns (`s<id>` scores, `a<i>` attributes, `t<i>` tiers) joined by `and` / `or`, `and`
//! binding tighter, as in cix and in SQL.

use super::dialect::Dialect;
use crate::model::{CmpOp, Filter, Logic, Subject, Test, Value};

pub fn cmp_sql(op: CmpOp) -> &'static str {
    match op {
        CmpOp::Eq => "=",
        CmpOp::Ne => "<>",
        CmpOp::Lt => "<",
        CmpOp::Le => "<=",
        CmpOp::Gt => ">",
        CmpOp::Ge => ">=",
    }
}

/// A resolved condition. `attributes_only` for the sample, chosen before any score exists:
/// a test of a score or a tier never holds there, as in cix.
pub fn condition(d: Dialect, f: &Filter, attributes_only: bool) -> String {
    let mut out = format!("({})", test(d, &f.first, attributes_only));
    for (logic, t) in &f.rest {
        let word = match logic {
            Logic::And => "AND",
            Logic::Or => "OR",
        };
        out.push_str(&format!(" {word} ({})", test(d, t, attributes_only)));
    }
    format!("({out})")
}

/// One test: any value may match; a unit without a value at a compared node never holds.
fn test(d: Dialect, t: &Test, attributes_only: bool) -> String {
    if attributes_only && !matches!(t.subject, Subject::Attribute(_)) {
        return "FALSE".to_string();
    }
    let eq_op = if t.op == CmpOp::Ne { "<>" } else { "=" };
    let hits: Vec<String> = t
        .values
        .iter()
        .map(|v| match (&t.subject, &v.node) {
            (Subject::Node(id), Value::Number(n)) => match d.number(*n) {
                Some(n) => format!("s{id} {} {n}", cmp_sql(t.op)),
                None => "FALSE".to_string(),
            },
            (Subject::Node(_), Value::Text(_)) => "FALSE".to_string(),
            (Subject::Attribute(a), Value::Number(n)) => match d.number(*n) {
                Some(n) => format!(
                    "COALESCE({} {} {n}, FALSE)",
                    d.try_number(&format!("a{a}")),
                    cmp_sql(t.op)
                ),
                None => "FALSE".to_string(),
            },
            (Subject::Attribute(a), Value::Text(s)) => {
                format!("COALESCE(a{a}, '') {eq_op} {}", d.string(s))
            }
            (Subject::Tiers(i), v) => {
                format!("COALESCE(t{i}, '') {eq_op} {}", d.string(&v.text()))
            }
        })
        .collect();
    let any = if hits.is_empty() {
        "FALSE".to_string()
    } else {
        hits.join(" OR ")
    };
    let hit = if t.negated {
        format!("NOT ({any})")
    } else {
        format!("({any})")
    };
    match t.subject {
        Subject::Node(id) => format!("s{id} IS NOT NULL AND {hit}"),
        Subject::Attribute(_) | Subject::Tiers(_) => hit,
    }
}
