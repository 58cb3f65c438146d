//! The canonical text of the scoring constructs: how `cix fmt`, `cix diff` and anyone printing
//! a spec write them. Parsing the text gives back an equal tree.

use rust_decimal::Decimal;

use super::ast::{Clause, ScaleDecl, Weight, WeightsDecl};
use crate::model::CmpOp;
use crate::rules::{Direction, Method, Missing, PercentOf, ScoreRule, StepWhen};

/// A name as the grammar reads it: bare when it is an identifier, quoted otherwise.
pub fn name_text(name: &str) -> String {
    let mut chars = name.chars();
    let bare = chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '·')
        && !super::keywords::is_reserved(name)
        && !super::keywords::RUBRIC_ELSE.contains(&name);
    if bare {
        name.to_string()
    } else {
        format!("\"{name}\"")
    }
}

fn num(d: Decimal) -> String {
    d.normalize().to_string()
}

impl std::fmt::Display for ScoreRule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("score ")?;
        if self.log {
            f.write_str("log ")?;
        }
        match &self.method {
            Method::Given => f.write_str("given"),
            Method::GivenScale(hi) => write!(f, "given 0-{}", num(*hi)),
            Method::MinMax => f.write_str("minmax"),
            Method::Goalposts { low, high } => {
                write!(f, "goalposts {} → {}", num(low.node), num(high.node))
            }
            Method::Ratio => f.write_str("ratio"),
            Method::ZScore => f.write_str("zscore"),
            Method::Percentile => f.write_str("percentile"),
            Method::Rubric(steps) => {
                let steps: Vec<String> = steps
                    .iter()
                    .map(|s| {
                        let when = match &s.when {
                            StepWhen::Category(c) => name_text(c),
                            StepWhen::Compare(op, x) => format!("{} {}", op_text(*op), num(*x)),
                            StepWhen::Else => "else".to_string(),
                        };
                        format!("{when} → {}", num(s.points.node))
                    })
                    .collect();
                write!(f, "rubric [{}]", steps.join(", "))
            }
            Method::Rank | Method::Borda | Method::DistanceToMax | Method::Fraction => {
                f.write_str(self.method.word())
            }
            Method::Target { target, cap } => {
                write!(
                    f,
                    "target {}{}",
                    num(target.node),
                    if *cap { " cap" } else { "" }
                )
            }
            Method::Reference { unit, cap } => {
                write!(
                    f,
                    "reference {}{}",
                    name_text(&unit.node),
                    if *cap { " cap" } else { "" }
                )
            }
        }
    }
}

fn op_text(op: CmpOp) -> &'static str {
    match op {
        CmpOp::Eq => "=",
        CmpOp::Ne => "!=",
        CmpOp::Lt => "<",
        CmpOp::Le => "<=",
        CmpOp::Gt => ">",
        CmpOp::Ge => ">=",
    }
}

impl std::fmt::Display for Clause {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Clause::Score(r) => write!(f, "{r}"),
            Clause::Direction(Direction::Higher) => f.write_str("direction higher"),
            Clause::Direction(Direction::Lower) => f.write_str("direction lower"),
            Clause::Round(r) => write!(f, "round {} {}", r.digits, r.mode.word()),
            Clause::Missing(Missing::Mean(Some(a))) => {
                write!(f, "missing mean per {}", name_text(&a.node))
            }
            Clause::Missing(Missing::Median(Some(a))) => {
                write!(f, "missing median per {}", name_text(&a.node))
            }
            Clause::Missing(m) => write!(f, "missing {}", m.describe()),
            Clause::Aggregate(a) => write!(f, "aggregate {}", a.words()),
            Clause::Relative => f.write_str("weights relative"),
            Clause::Decimals(n) => write!(f, "decimals {n}"),
            Clause::Shown(hi) => write!(f, "shown 0-{}", num(*hi)),
            Clause::Treat(Some(o)) => write!(f, "{o}"),
            Clause::Treat(None) => f.write_str("treat none"),
            Clause::Require(p) => write!(f, "require {}% data", num(*p)),
            Clause::Last(last, Missing::Error) => write!(f, "missing {last}"),
            Clause::Last(last, then) => {
                let then = Clause::Missing(then.clone()).to_string();
                let then = then.strip_prefix("missing ").unwrap_or(&then);
                write!(f, "missing {last} else {then}")
            }
        }
    }
}

impl std::fmt::Display for Weight {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.unknown {
            return f.write_str("unknown");
        }
        if self.equal {
            return f.write_str("equal");
        }
        write!(f, "{}", num(self.value))?;
        if self.percent {
            f.write_str("%")?;
            match self.of {
                Some(PercentOf::Total) => f.write_str(" of total")?,
                Some(PercentOf::Parent) => f.write_str(" of parent")?,
                None => {}
            }
        }
        Ok(())
    }
}

impl std::fmt::Display for WeightsDecl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WeightsDecl::Percent(PercentOf::Total) => f.write_str("weights percent of total"),
            WeightsDecl::Percent(PercentOf::Parent) => f.write_str("weights percent of parent"),
            WeightsDecl::UnknownEqual(None) => f.write_str("weights unknown equal"),
            WeightsDecl::UnknownEqual(Some(why)) => write!(f, "weights unknown equal \"{why}\""),
        }
    }
}

impl std::fmt::Display for ScaleDecl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ScaleDecl::Name(n) => write!(f, "scale {}", name_text(n)),
            ScaleDecl::Range(lo, hi) => write!(f, "scale {}-{}", num(*lo), num(*hi)),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::source::Source;
    use crate::syntax::ast::{Item, Spec};

    const SPEC: &str = r#"index "t" {
  scale 0-100
  weights percent of total
  weights unknown equal "假定等权"
  round 2 half-even
  missing mean per 区域
  aggregate geometric
  indicator 甲 60% of total {
    甲一 unknown { from x  score log goalposts 0.5 → 40  direction lower  missing reweight }
    甲二 ? { score rubric ["“一站式”" → 3, 已发布 → 4, 无 → 1]  missing zero }
  }
  indicator 乙 40% { score rubric [>= 6 → 5, < 2.5 → 1, else → 0]  round 0 up  missing drop }
  total 总分
}"#;

    fn parse(text: &str) -> Spec {
        crate::syntax::parse_spec(&Source::new("t", text.to_string())).unwrap()
    }

    /// Every scoring construct printed canonically parses back to an equal tree.
    #[test]
    fn canonical_text_parses_back() {
        let spec = parse(SPEC);
        let mut out = String::from("index \"t\" {\n");
        for item in &spec.items {
            match item {
                Item::Scale(s) => out.push_str(&format!("  {}\n", s.node)),
                Item::Weights(w) => out.push_str(&format!("  {}\n", w.node)),
                Item::Clause(c) => out.push_str(&format!("  {}\n", c.node)),
                Item::Indicator(d) => {
                    out.push_str(&format!(
                        "  indicator {} {} {{\n",
                        d.name.node, d.weight.node
                    ));
                    for c in &d.clauses {
                        out.push_str(&format!("    {}\n", c.node));
                    }
                    for ch in &d.children {
                        out.push_str(&format!("    {} {} {{\n", ch.name.node, ch.weight.node));
                        if let Some(from) = &ch.from {
                            out.push_str(&format!("      from {}\n", from.node));
                        }
                        for c in &ch.clauses {
                            out.push_str(&format!("      {}\n", c.node));
                        }
                        out.push_str("    }\n");
                    }
                    out.push_str("  }\n");
                }
                Item::Total { name, .. } => out.push_str(&format!("  total {}\n", name.node)),
                _ => {}
            }
        }
        out.push_str("}\n");
        assert_eq!(parse(&out), spec, "{out}");
        assert!(out.contains("score log goalposts 0.5 → 40"), "{out}");
        assert!(out.contains("\"“一站式”\" → 3"), "{out}");
        assert!(out.contains("甲二 unknown"), "{out}");
        assert!(out.contains("indicator 甲 60% of total"), "{out}");
    }
}
