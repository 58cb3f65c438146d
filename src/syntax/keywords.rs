//! The language's words, in one place: the reserved words a bare name cannot be (the grammar's
//! `keyword` rule), and the words a query is written with (for the REPL's completion). Tests
//! below keep both in step with `grammar/cix.pest`.

/// Words a bare name cannot be: the grammar's `keyword` rule. Quote a name to use one
/// (`"group"`).
pub const RESERVED: &[&str] = &[
    "index",
    "edition",
    "data",
    "key",
    "attributes",
    "indicator",
    "bonus",
    "penalty",
    "total",
    "report",
    "group",
    "tiers",
    "from",
    "by",
    "show",
    "per",
    "in",
    "where",
    "and",
    "or",
    "not",
    "sort",
    "asc",
    "desc",
    "top",
    "bottom",
    "rank",
    "of",
    "extends",
    "remove",
    "rename",
    "move",
    "to",
    "set",
    "inferred",
    "because",
    "scale",
    "weights",
    "missing",
    "score",
    "round",
    "direction",
    "stats",
    "mean",
    "count",
    "histogram",
    "corr",
    "compare",
    "step",
    "edges",
    "limit",
    "quartiles",
    "with",
    "unknown",
    "description",
    "columns",
    "share",
    "median",
    "min",
    "max",
    "sd",
    "qd",
    "range",
];

/// Words that mean a rubric's catch-all step (`else → 1`): a category with one of these names
/// must be quoted.
pub const RUBRIC_ELSE: &[&str] = &["else", "其他", "其余"];

/// The words queries are written with, for completion in the REPL.
pub const QUERY_WORDS: &[&str] = &[
    "top",
    "bottom",
    "rank",
    "by",
    "of",
    "in",
    "per",
    "at",
    "show",
    "where",
    "and",
    "or",
    "not",
    "sort",
    "asc",
    "desc",
    "compare",
    "mean",
    "median",
    "min",
    "max",
    "sd",
    "qd",
    "range",
    "stats",
    "count",
    "histogram",
    "step",
    "edges",
    "corr",
    "with",
    "quartiles",
    "why",
    "explain",
    // queries about the raw data (language chapter 5)
    "outliers",
    "coverage",
    "below",
    "spearman",
    // scalar queries and claims (chapter 10)
    "sum",
    "rate",
    "share",
    "weight",
    "level",
    "check",
    // several years and group measures (chapter 7)
    "change",
    "measure",
];

/// The first words of the query forms.
pub const QUERY_STARTS: &[&str] = &[
    "top",
    "bottom",
    "rank",
    "show",
    "compare",
    "stats",
    "mean",
    "median",
    "min",
    "max",
    "sd",
    "qd",
    "range",
    "count",
    "histogram",
    "corr",
    "where",
    "weights",
    "outliers",
    "coverage",
    "sum",
    "rate",
    "share",
    "weight",
    "check",
    "change",
    "measure",
];

/// Whether a word is reserved: as a name it must be quoted.
pub fn is_reserved(word: &str) -> bool {
    RESERVED.contains(&word)
}

#[cfg(test)]
mod tests {
    use super::*;

    const GRAMMAR: &str = include_str!("../../grammar/cix.pest");

    /// The quoted words of the rule `name` in the grammar.
    fn rule_words(name: &str) -> Vec<&'static str> {
        let start = GRAMMAR
            .find(&format!("\n{name} "))
            .unwrap_or_else(|| panic!("no rule `{name}`"));
        let rest = GRAMMAR.get(start..).unwrap_or_default();
        let end = rest.find("}\n").unwrap_or(rest.len());
        rest.get(..end)
            .unwrap_or_default()
            .split('"')
            .skip(1)
            .step_by(2)
            .collect()
    }

    #[test]
    fn reserved_words_are_the_grammars_keyword_rule() {
        let mut grammar = rule_words("keyword");
        let mut ours = RESERVED.to_vec();
        grammar.sort_unstable();
        ours.sort_unstable();
        assert_eq!(grammar, ours);
    }

    #[test]
    fn query_words_are_grammar_keywords() {
        for w in QUERY_WORDS.iter().chain(QUERY_STARTS) {
            assert!(
                GRAMMAR.contains(&format!("w_{w} = @{{ \"{w}\" ~ !ident_char }}")),
                "`{w}` is not a keyword of the grammar"
            );
        }
        for w in rule_words("rubric_else") {
            assert!(RUBRIC_ELSE.contains(&w), "{w}");
        }
    }
}
