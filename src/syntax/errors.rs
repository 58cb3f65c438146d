//! pest's errors in the user's words (the idea of pest_meta's rule renaming): what was expected
//! as keywords and phrases rather than rule names, "did you mean" for a misspelt keyword, and a
//! hint to quote a keyword used as a name.

use pest::error::{ErrorVariant, InputLocation};

use super::keywords;
use super::parser::Rule;
use crate::codes::{self, Code};
use crate::diag::Diag;
use crate::source::{Source, Span};

/// What was expected at the place a parse stopped.
#[derive(Default)]
struct Expected {
    /// Phrases for the label, e.g. "syntax.expected.a_name", "`by`".
    words: Vec<String>,
    /// The bare keywords among them, for "did you mean".
    keywords: Vec<String>,
}

impl Expected {
    fn add_rule(&mut self, rule: Rule) {
        match keyword_of(rule) {
            Some(k) => self.add_keyword(k),
            None => {
                let w = rule_words(rule);
                let name = format!("{rule:?}");
                let stem = name.trim_end_matches("_decl").trim_end_matches("_clause");
                if w != "syntax.expected.something_else" {
                    self.words.push(w.to_string());
                } else if rule != Rule::index
                    && (keywords::is_reserved(stem) || DECLARATIONS.contains(&stem))
                {
                    // (`index` is where a `}` was expected: the `}` is listed already.)
                    // `edition`, `in_clause`, `data_decl`: the rule opens with its keyword.
                    self.add_keyword(stem.to_string());
                }
            }
        }
    }

    fn add_keyword(&mut self, k: String) {
        self.words.push(format!("`{k}`"));
        self.keywords.push(k);
    }

    /// Long lists said shortly: every query form as one phrase, every declaration as another.
    fn phrase(&self) -> String {
        let mut words = self.words.clone();
        // In the order of the English phrases, whatever the language spoken.
        words.sort_by_cached_key(|w| english(w));
        words.dedup();
        // A query phrase that stands for no query keyword came from an enclosing rule: when
        // something more specific was expected, it only adds noise.
        if words.len() > 1 {
            words.retain(|w| w != QUERY_PHRASE);
        }
        let mut collapse = |members: &[&str], phrases: &[&str]| {
            let is_member = |w: &String| members.iter().any(|m| w.trim_matches('`') == *m);
            if words.iter().filter(|w| is_member(w)).count() >= 4 {
                words.retain(|w| !is_member(w));
                words.extend(phrases.iter().map(|p| p.to_string()));
            }
        };
        collapse(keywords::QUERY_STARTS, &[QUERY_PHRASE]);
        collapse(DECLARATIONS, &["syntax.expected.a_declaration"]);
        collapse(CLAUSES, &["syntax.expected.a_clause"]);
        collapse(
            &[":", "exit", "explain", "help", "quit", "why"],
            &["`why UNIT`", "syntax.expected.a_command"],
        );
        if words.iter().any(|w| w == "syntax.expected.a_name") {
            words.retain(|w| {
                w != "syntax.expected.a_quoted_string" && w != "syntax.expected.a_list_of_names"
            });
        }
        join_or(words)
    }
}

const QUERY_PHRASE: &str = "syntax.expected.a_query";

const DECLARATIONS: &[&str] = &[
    "edition",
    "data",
    "attributes",
    "scale",
    "quartiles",
    "indicator",
    "bonus",
    "penalty",
    "total",
    "report",
    "group",
    "tiers",
    "add",
    "remove",
    "rename",
    "move",
    "set",
    "weights",
    "levels",
    "score",
    "direction",
    "round",
    "missing",
    "aggregate",
];

const CLAUSES: &[&str] = &["in", "where", "per", "show", "sort", "top", "quartiles"];

/// The keyword a rule stands for: `w_in` → `in`; the atomic words of the scoring clauses.
fn keyword_of(rule: Rule) -> Option<String> {
    let name = format!("{rule:?}");
    if let Some(word) = name.strip_prefix("w_") {
        return Some(word.to_string());
    }
    let word = match rule {
        Rule::minmax => "minmax",
        Rule::ratio_max => "ratio",
        Rule::zscore => "zscore",
        Rule::percentile => "percentile",
        Rule::log_flag => "log",
        Rule::goalposts => "goalposts",
        Rule::rubric => "rubric",
        Rule::given => "given",
        _ => return None,
    };
    Some(word.to_string())
}

/// Turn a pest error into a located diagnostic in the user's words.
pub(crate) fn syntax_error(source: &Source, err: pest::error::Error<Rule>, code: Code) -> Diag {
    let mut pos = match err.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((s, _)) => s,
    };
    let mut expected = Expected::default();
    if let ErrorVariant::ParsingError { positives, .. } = &err.variant {
        positives.iter().for_each(|r| expected.add_rule(*r));
    }
    // pest's positives name rules only; the detailed attempts also know the literal keywords
    // and punctuation expected at the furthest position reached (e.g. `by` in `top 10 总分`).
    if let Some(attempts) = err.parse_attempts() {
        if attempts.max_position >= pos {
            let mut found = Expected::default();
            for stack in attempts.call_stacks() {
                if let Some(rule) = stack.deepest.get_rule() {
                    found.add_rule(*rule);
                }
            }
            for token in attempts.expected_tokens() {
                let t = token.to_string();
                if t.chars().all(|c| c.is_ascii_alphabetic()) {
                    found.add_keyword(t);
                } else if matches!(
                    t.as_str(),
                    "," | ":" | "=" | "[" | "]" | "{" | "}" | "%" | "->"
                ) {
                    found.words.push(format!("`{t}`"));
                }
            }
            if !found.words.is_empty() {
                pos = attempts.max_position;
                expected = found;
            }
        }
    }
    describe(source, pos, &expected, code)
}

fn describe(source: &Source, pos: usize, expected: &Expected, code: Code) -> Diag {
    let text = source.text();
    let found = found_at(text, pos);
    let span = match &found {
        Some((_, len)) => Span::new(pos, pos.saturating_add(*len)),
        // At the end: point at the last character, so the snippet shows where it stopped.
        None => {
            let end = text.trim_end();
            let last = end.char_indices().last().map_or(0, |(i, _)| i);
            Span::new(last, end.len())
        }
    };
    let spec = code == codes::E001;
    let message = match &found {
        Some((f, _)) => {
            let found = if f.is_empty() {
                t!("syntax.end_of_line").into_owned()
            } else {
                crate::lang::quote(f)
            };
            if spec {
                t!("syntax.unexpected_in_spec", found = found)
            } else {
                t!("syntax.unexpected_in_query", found = found)
            }
        }
        None if spec => t!("syntax.spec_ends_early"),
        None => t!("syntax.query_ends_early"),
    };
    let mut diag = Diag::error(code, message)
        .in_source(source)
        .label(span, t!("syntax.expected", what = expected.phrase()));
    let word = found.as_ref().map(|(f, _)| f.as_str()).unwrap_or("");
    let help = quote_hint(word, expected)
        .or_else(|| super::zh::spaced_hint(word))
        .or_else(|| glued(word, &expected.keywords))
        .or_else(|| misspelt(word, &expected.keywords))
        // pest keeps a limited number of attempts: any keyword will do when none was close.
        .or_else(|| misspelt(word, &all_keywords()))
        .or_else(|| fullwidth_hint(word));
    if let Some(help) = help {
        return diag.help(help);
    }
    // A Chinese keyword glued to the word before the stop: `均值总分 按 区域`, `前十按总分`.
    if let Some(help) = previous_words(text, pos).find_map(super::zh::spaced_hint) {
        return diag.help(help);
    }
    // A misspelt keyword read as a name: `indicatr 甲 5` inside a block fails only at `5`.
    if let Some((prev_span, suggestion)) = previous_word(text, pos) {
        return diag
            .label(prev_span, t!("syntax.not_a_keyword"))
            .help(suggestion);
    }
    diag = diag.help(if code == codes::E002 {
        t!("syntax.query_help")
    } else {
        t!("syntax.spec_help")
    });
    diag
}

/// A keyword where a name was expected: say how to use it as a name.
fn quote_hint(word: &str, expected: &Expected) -> Option<String> {
    (keywords::is_reserved(word) && expected.words.iter().any(|w| w == "syntax.expected.a_name"))
        .then(|| t!("syntax.quote_keyword", word = word).into_owned())
}

/// A keyword glued to the name after it (`by总分`): a keyword is a whole word.
fn glued(word: &str, candidates: &[String]) -> Option<String> {
    candidates.iter().find_map(|k| {
        let rest = word.strip_prefix(k.as_str())?;
        (!rest.is_empty()).then(|| t!("syntax.glued", keyword = k, rest = rest).into_owned())
    })
}

/// "did you mean `indicator`?" when `word` is one edit or so from a keyword.
fn misspelt(word: &str, candidates: &[String]) -> Option<String> {
    if word.is_empty() || candidates.iter().any(|c| c == word) {
        return None;
    }
    let n = word.chars().count();
    let limit = (n / 3).max(1);
    let best = candidates
        .iter()
        .map(|c| (strsim::osa_distance(word, c), c))
        .filter(|(d, _)| *d <= limit)
        .min()?;
    Some(t!("suggest.did_you_mean", name = crate::lang::quote(best.1)).into_owned())
}

/// The word before `pos` on the same line, when it is no keyword but close to one.
fn previous_word(text: &str, pos: usize) -> Option<(Span, String)> {
    let before = text.get(..pos)?;
    let line = before.rsplit('\n').next().unwrap_or(before);
    let line_start = pos.checked_sub(line.len())?;
    let mut end = line.trim_end().len();
    // Skip the word that failed (the weight in `indicatr 甲 5`): look at up to two words back.
    for _ in 0..2 {
        let head = line.get(..end)?;
        let start = head
            .char_indices()
            .rev()
            .find(|(_, c)| c.is_whitespace())
            .map_or(0, |(i, c)| i.saturating_add(c.len_utf8()));
        let word = head.get(start..)?;
        if word.chars().all(|c| c.is_ascii_alphabetic()) && !word.is_empty() {
            if let Some(s) = misspelt(word, &all_keywords()) {
                let at = line_start.saturating_add(start);
                return Some((Span::new(at, at.saturating_add(word.len())), s));
            }
        }
        end = head.get(..start)?.trim_end().len();
        if end == 0 {
            return None;
        }
    }
    None
}

/// The (at most two) words before `pos` on its line, nearest first.
fn previous_words(text: &str, pos: usize) -> impl Iterator<Item = &str> {
    let before = text.get(..pos).unwrap_or_default();
    let line = before.rsplit('\n').next().unwrap_or(before);
    line.split_whitespace().rev().take(2)
}

fn all_keywords() -> Vec<String> {
    keywords::RESERVED
        .iter()
        .chain(DECLARATIONS)
        .chain(keywords::QUERY_WORDS)
        .map(|s| s.to_string())
        .collect()
}

fn fullwidth_hint(found: &str) -> Option<String> {
    let c = found.chars().next()?;
    if matches!(c, '(' | '（' | ')' | '）') {
        return Some(t!("syntax.quote_punctuation").into_owned());
    }
    let known = ['。', '‘', '’', '《', '》', '？', '～'];
    known
        .contains(&c)
        .then(|| t!("syntax.not_in_language", char = c).into_owned())
}

/// The token at `pos` and its length in bytes: a word, a single punctuation character, the end
/// of a line, or none at the end of the input.
fn found_at(text: &str, pos: usize) -> Option<(String, usize)> {
    let rest = text.get(pos..)?;
    let c = rest.chars().next()?;
    if c.is_alphanumeric() || c == '_' {
        let word: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '.')
            .collect();
        let len = word.len();
        Some((word, len))
    } else if c == '\n' || c == '\r' {
        // The end of the line: no word.
        Some((String::new(), 0))
    } else {
        Some((c.to_string(), c.len_utf8()))
    }
}

/// Phrases joined with "or", each in the language spoken: a catalogue key is looked up, a
/// keyword in backticks stays as it is.
fn join_or(names: Vec<String>) -> String {
    let mut names: Vec<String> = names.iter().map(|w| shown(w)).collect();
    match names.pop() {
        None => t!("syntax.expected.something_else").into_owned(),
        Some(last) if names.is_empty() => last,
        Some(last) => t!(
            "syntax.or_last",
            list = names.join(&t!("syntax.list_separator")),
            last = last
        )
        .into_owned(),
    }
}

/// A phrase of [`Expected`] in the language spoken.
fn shown(word: &str) -> String {
    if word.starts_with("syntax.") {
        crate::lang::text(word, &[])
    } else {
        word.to_string()
    }
}

/// A phrase of [`Expected`] in English (the order phrases are listed in).
fn english(word: &str) -> String {
    if word.starts_with("syntax.") {
        t!(word, locale = "en").into_owned()
    } else {
        word.to_string()
    }
}

/// The user's words for a grammar rule.
fn rule_words(rule: Rule) -> &'static str {
    match rule {
        Rule::EOI => "syntax.expected.end_of_input",
        Rule::name | Rule::bare_name => "syntax.expected.a_name",
        Rule::string | Rule::str_ascii | Rule::str_cjk | Rule::str_corner => {
            "syntax.expected.a_quoted_string"
        }
        Rule::number | Rule::weight => "syntax.expected.a_number",
        Rule::integer | Rule::count | Rule::number_word => "syntax.expected.a_whole_number",
        Rule::percent => "`%`",
        Rule::extends => "`extends`",
        Rule::indicator_decl | Rule::nested_indicator => "syntax.expected.an_indicator",
        // Deepest when its weight failed (its name would be deeper still).
        Rule::indicator_body => "syntax.expected.a_number",
        Rule::provenance => "`inferred`",
        Rule::block => "`{`",
        Rule::group_list => "syntax.expected.a_list",
        Rule::ellipsis => "`…`",
        Rule::tiers_share | Rule::tiers_score | Rule::tiers_rank => "syntax.expected.tiers_by",
        Rule::tiers_list => "`= [TIER: […], …]`",
        Rule::share_item => "syntax.expected.share_item",
        Rule::score_item => "syntax.expected.score_item",
        Rule::rank_item => "syntax.expected.rank_item",
        Rule::list_item => "syntax.expected.list_item",
        Rule::query
        | Rule::top_query
        | Rule::bottom_query
        | Rule::rank_query
        | Rule::rank_of_query
        | Rule::show_query
        | Rule::compare_query
        | Rule::stat_query
        | Rule::count_query
        | Rule::histogram_query
        | Rule::corr_query
        | Rule::list_query => QUERY_PHRASE,
        Rule::stat_fn => "syntax.expected.stat_fn",
        Rule::direction => "syntax.expected.asc_desc",
        Rule::condition | Rule::comparison | Rule::in_test | Rule::cmp_test => {
            "syntax.expected.a_condition"
        }
        Rule::and_or => "syntax.expected.and_or",
        Rule::cmp_op => "syntax.expected.cmp_op",
        Rule::value => "syntax.expected.a_value",
        Rule::name_list => "syntax.expected.a_list_of_names",
        Rule::add_change => "`add NAME POINTS to PARENT`",
        Rule::remove_change => "`remove NAME`",
        Rule::rename_change => "`rename OLD -> NEW`",
        Rule::move_change => "`move NAME to PARENT`",
        Rule::set_change => "`set NAME …`",
        Rule::repl_command => "syntax.expected.a_command",
        Rule::command_name => "syntax.expected.a_command_name",
        Rule::why_line => "`why UNIT`",
        other => {
            super::treatment::rule_words(other).unwrap_or_else(|| super::scoring::rule_words(other))
        }
    }
}
