//! "Did you mean" suggestions for misspelt names, Chinese included.

/// The closest candidate to `name`, if it is close enough to be a likely typo.
pub fn closest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let n = name.chars().count();
    let mut best: Option<(&str, f64)> = None;
    for c in candidates {
        if c == name {
            continue;
        }
        let d = strsim::levenshtein(name, c);
        let len = n.max(c.chars().count()).max(1);
        // Allow one edit in short names, about a third of the characters in longer ones.
        let limit = (len / 3).max(1);
        let contains = c.contains(name) || name.contains(c);
        if d > limit && !contains {
            continue;
        }
        let score = d as f64 / len as f64 - if contains { 0.5 } else { 0.0 };
        if best.is_none_or(|(_, s)| score < s) {
            best = Some((c, score));
        }
    }
    best.map(|(c, _)| c)
}

/// `did you mean `X`?` for the closest candidate.
pub fn did_you_mean<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    closest(name, candidates).map(|c| format!("did you mean `{c}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_typo() {
        let names = ["智慧服务", "智慧管理", "智慧经济"];
        assert_eq!(closest("智慧服物", names), Some("智慧服务"));
        assert_eq!(closest("完全不同的名字", names), None);
    }

    #[test]
    fn ascii_typo() {
        assert_eq!(closest("totl", ["total", "bonus"]), Some("total"));
    }
}
