//! "Did you mean" suggestions for misspelt names, Chinese included.

/// The closest candidate to `name`, if it is close enough to be a likely typo.
pub fn closest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    closest_all(name, candidates).into_iter().next()
}

/// Every candidate tied for closest (in the order given), if close enough to be a likely typo.
pub fn closest_all<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let n = name.chars().count();
    let mut best: Vec<&str> = Vec::new();
    let mut best_score = f64::INFINITY;
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
        // Containment admits a candidate ("服务" for "智慧服务") but does not outrank a closer one.
        let score = d as f64 / len as f64;
        if score < best_score {
            best_score = score;
            best = vec![c];
        } else if score == best_score && !best.contains(&c) {
            best.push(c);
        }
    }
    best
}

/// `did you mean `X`?` for the closest candidate.
pub fn did_you_mean<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    let mut all = closest_all(name, candidates);
    all.truncate(4);
    let last = crate::lang::quote(all.pop()?);
    if all.is_empty() {
        Some(t!("suggest.did_you_mean", name = last).into_owned())
    } else {
        let names = crate::lang::quote_list(all);
        Some(t!("suggest.did_you_mean_one_of", names = names, last = last).into_owned())
    }
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
    fn ties_are_all_offered() {
        let m = did_you_mean("华男", ["华东", "华南", "西南"]).unwrap();
        assert_eq!(m, "did you mean `华东` or `华南`?");
    }

    #[test]
    fn ascii_typo() {
        assert_eq!(closest("totl", ["total", "bonus"]), Some("total"));
    }
}
