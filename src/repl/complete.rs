//! What may be typed next in the REPL, by context: after `in` a group or an attribute's value
//! (never a report), after `by` a column, after `compare` a unit, after `:run` a report. No
//! terminal here: the frontend asks, tests ask directly.

use super::command::COMMANDS;
use crate::project::Loaded;
use crate::syntax::keywords::{QUERY_STARTS, QUERY_WORDS};
use crate::syntax::zh;

/// The names a session knows, by kind.
#[derive(Debug, Default, Clone)]
pub struct Vocabulary {
    /// Indicators, the total, attributes and derived columns (`得分率`).
    pub columns: Vec<String>,
    pub attributes: Vec<String>,
    pub groups: Vec<String>,
    /// Attribute values (`华南`, `地级市`): `in` and `where` take them.
    pub values: Vec<String>,
    pub units: Vec<String>,
    pub reports: Vec<String>,
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v.dedup();
    v
}

impl Vocabulary {
    pub fn of(loaded: Option<&Loaded>) -> Vocabulary {
        let Some(l) = loaded else {
            return Vocabulary::default();
        };
        let m = &l.model;
        let attributes: Vec<String> = m.attributes.iter().map(|a| a.node.clone()).collect();
        let mut columns: Vec<String> = m.nodes.iter().map(|n| n.name.clone()).collect();
        columns.extend(attributes.iter().cloned());
        columns.push(crate::query::RATE.to_string());
        Vocabulary {
            columns: sorted(columns),
            attributes: sorted(attributes),
            groups: sorted(m.groups.iter().map(|g| g.name.node.clone()).collect()),
            // Each value once (a million units share a few values), then sorted.
            values: l
                .results
                .units
                .iter()
                .flat_map(|u| u.attributes.iter().map(String::as_str))
                .collect::<std::collections::BTreeSet<&str>>()
                .into_iter()
                .map(str::to_string)
                .collect(),
            units: sorted(l.results.units.iter().map(|u| u.key.clone()).collect()),
            reports: sorted(m.reports.iter().map(|r| r.name.node.clone()).collect()),
        }
    }

    /// Every word that may follow `before` (the line up to the word being typed).
    pub fn candidates(&self, before: &str) -> Vec<String> {
        let words = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let trimmed = before.trim_start();
        if let Some(cmd) = trimmed
            .strip_prefix(':')
            .or_else(|| trimmed.strip_prefix('：'))
        {
            return match cmd.split_once(char::is_whitespace) {
                None => COMMANDS.iter().map(|c| format!(":{}", c.name)).collect(),
                Some((name, _)) => match super::command::lookup(name).map(|c| c.name) {
                    Some("run") => self.reports.clone(),
                    Some("format") => words(&["table", "csv", "json", "md"]),
                    _ => Vec::new(),
                },
            };
        }
        let typed: Vec<&str> = before
            .split(|c: char| c.is_whitespace() || matches!(c, '=' | '＝' | '[' | '【'))
            .filter(|t| !t.is_empty())
            .collect();
        // Chinese keywords are read as their English words; a line that has one is offered
        // Chinese keywords (`前十 按 总分 ` → `在`, `其中`, …).
        let chinese = typed.iter().any(|t| zh::is_keyword(t));
        let tokens: Vec<&str> = typed.iter().map(|t| zh::english(t)).collect();
        let Some(last) = tokens.last() else {
            // The start of a line: a query form (in English or Chinese), `why`, or a command.
            let mut v = words(QUERY_STARTS);
            v.extend(words(&["why", "explain"]));
            v.extend(words(&["前十", "后十"]));
            v.extend(
                QUERY_STARTS
                    .iter()
                    .chain(&["why", "explain"])
                    .flat_map(|w| zh::aliases_of(w))
                    .map(str::to_string),
            );
            v.extend(COMMANDS.iter().map(|c| format!(":{}", c.name)));
            return v;
        };
        // Inside a list (`compare 杭州, 宁`) or right after a keyword: what that keyword takes.
        let in_list = last.ends_with([',', '，', '、']);
        let keyword = if in_list
            || QUERY_WORDS.contains(last)
            || before.trim_end().ends_with(VALUE_OPENERS)
        {
            tokens
                .iter()
                .rev()
                .find(|t| QUERY_WORDS.contains(t))
                .copied()
        } else {
            None
        };
        let first = tokens.first().copied().unwrap_or_default();
        if matches!(first, "why" | "explain") {
            // why UNIT [INDICATOR]
            return match tokens.len() {
                1 => self.units.clone(),
                2 => self.columns.clone(),
                _ => Vec::new(),
            };
        }
        match keyword {
            // After a name: the clauses that may follow (`的排名` after a first name).
            None => {
                let mut v: Vec<String> = if chinese {
                    CLAUSES.iter().map(|w| zh::chinese(w).to_string()).collect()
                } else {
                    words(CLAUSES)
                };
                // A name that starts the line: `杭州 的排名`, `杭州 的 总分`.
                if typed.len() == 1 {
                    v.extend(words(&["的排名", "的"]));
                }
                v
            }
            Some("in") => [self.groups.clone(), self.values.clone()].concat(),
            Some("per") => self.attributes.clone(),
            Some("where" | "and" | "or") if before.trim_end().ends_with(VALUE_OPENERS) => {
                self.values.clone()
            }
            Some("show") if first == "show" && tokens.len() == 1 => self.units.clone(),
            Some("compare") => self.units.clone(),
            Some("of") if first == "rank" => self.units.clone(),
            Some("quartiles") => words(&["exc", "inc"]),
            Some("top" | "bottom") => Vec::new(),
            Some(_) => self.columns.clone(),
        }
    }
}

/// What may follow a name in a query.
const CLAUSES: &[&str] = &[
    "in",
    "where",
    "per",
    "show",
    "sort",
    "top",
    "quartiles",
    "by",
    "and",
    "or",
    "with",
    "asc",
    "desc",
];

/// After these, a condition wants a value.
const VALUE_OPENERS: [char; 6] = ['=', '＝', '[', '【', ',', '，'];

#[cfg(test)]
mod tests {
    use super::*;

    fn vocabulary() -> Vocabulary {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect();
        Vocabulary {
            columns: s(&["总分", "智慧服务", "区域"]),
            attributes: s(&["区域"]),
            groups: s(&["省会", "华北与东北"]),
            values: s(&["华南"]),
            units: s(&["杭州", "宁波"]),
            reports: s(&["省会城市排名"]),
        }
    }

    #[test]
    fn a_group_is_expected_after_in_never_a_report() {
        let v = vocabulary();
        let after_in = v.candidates("top 10 by 总分 in ");
        assert!(after_in.contains(&"省会".to_string()));
        assert!(after_in.contains(&"华南".to_string()));
        assert!(!after_in.contains(&"省会城市排名".to_string()));
        assert_eq!(v.candidates(":run "), ["省会城市排名"]);
    }

    #[test]
    fn context() {
        let v = vocabulary();
        assert!(v.candidates("").contains(&":help".to_string()));
        assert!(v.candidates(":").contains(&":reload".to_string()));
        assert_eq!(v.candidates("compare 杭州, "), ["杭州", "宁波"]);
        assert_eq!(v.candidates("why "), ["杭州", "宁波"]);
        assert!(v.candidates("why 杭州 ").contains(&"智慧服务".to_string()));
        assert!(v.candidates("top 10 by ").contains(&"总分".to_string()));
        assert!(v.candidates("top 10 by 总分 ").contains(&"in".to_string()));
        assert_eq!(v.candidates("where 区域 = "), ["华南"]);
        assert_eq!(v.candidates(":format "), ["table", "csv", "json", "md"]);
    }

    #[test]
    fn chinese_keywords() {
        let v = vocabulary();
        let start = v.candidates("");
        for w in [
            "前十", "后十", "排名", "比较", "均值", "显示", "筛选", "解释",
        ] {
            assert!(start.contains(&w.to_string()), "{w}");
        }
        assert!(v.candidates("前十 按 ").contains(&"总分".to_string()));
        let after = v.candidates("前十 按 总分 ");
        assert!(after.contains(&"在".to_string()) && after.contains(&"其中".to_string()));
        assert!(
            !after.contains(&"in".to_string()),
            "a Chinese line gets Chinese words"
        );
        assert!(v
            .candidates("前十 按 总分 在 ")
            .contains(&"省会".to_string()));
        assert_eq!(v.candidates("比较 杭州，"), ["杭州", "宁波"]);
        assert_eq!(v.candidates("解释 "), ["杭州", "宁波"]);
        assert!(v.candidates("杭州 ").contains(&"的排名".to_string()));
        assert!(v
            .candidates("杭州 的排名 按 ")
            .contains(&"智慧服务".to_string()));
        assert!(v
            .candidates("筛选 区域 不在 [")
            .contains(&"华南".to_string()));
        assert_eq!(v.candidates("均值 总分 按 区域 四分位 "), ["exc", "inc"]);
    }
}
