//! Chinese query keywords (issue 15): every word of the query language has a Chinese alias, so
//! an analyst can type a whole query in Chinese (`前十 按 智慧服务 在 华南` ≡
//! `top ten by 智慧服务 in 华南`). Both forms parse to the same tree, so they resolve to the
//! same plan. The grammar's block "Chinese query keywords" holds the rules; tests below keep it
//! and [`ALIASES`] in step, and docs/zh/language.md prints the table.
//!
//! The rules of the set: one reading per phrase (no alias stands for two English words, except
//! `权重`, which is `weights` in a table query and `weight` in a scalar one, as `corr` and
//! `rank of` are both in English); an alias is a whole word; aliases are not reserved, so a name
//! spelt like one (`均值`, `排名`, `前十`) is still a name wherever a name is expected.

/// One alias: the Chinese word, the English keyword it stands for, and an example.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Alias {
    pub zh: &'static str,
    pub en: &'static str,
    pub example: &'static str,
}

const fn a(zh: &'static str, en: &'static str, example: &'static str) -> Alias {
    Alias { zh, en, example }
}

/// Every Chinese keyword, with the English word it means. The word forms `前N`, `后N`,
/// `X 的排名` and `X 的 Y` are in [`FORMS`].
pub const ALIASES: &[Alias] = &[
    a("按", "by", "前十 按 总分"),
    a("在", "in", "前十 按 智慧服务 在 华南"),
    a("每", "per", "前三 按 总分 每 区域"),
    a("于", "at", "排名 按 总分 于 省份"),
    a("显示", "show", "显示 杭州"),
    a("其中", "where", "均值 总分 按 省份 其中 行政级别 != 直辖市"),
    a("筛选", "where", "筛选 区域 = 华东 且 智慧服务 >= 10"),
    a("且", "and", "筛选 区域 = 华东 且 总分 >= 40"),
    a("或", "or", "筛选 区域 = 华东 或 区域 = 华南"),
    a("不", "not", "筛选 区域 不 在 [华北, 东北]"),
    a("排序", "sort", "筛选 区域 = 华北 排序 总分 降序"),
    a("升序", "asc", "排序 总分 升序"),
    a("降序", "desc", "排序 总分 降序"),
    a("排名", "rank", "排名 按 总分 在 直辖市及计划单列市"),
    a("比较", "compare", "比较 杭州，宁波，深圳"),
    a("统计", "stats", "统计 智慧基础设施"),
    a("均值", "mean", "均值 总分 按 区域"),
    a("中位数", "median", "中位数 总分 按 省份"),
    a("最小值", "min", "最小值 总分 按 区域"),
    a("最大值", "max", "最大值 总分 按 区域"),
    a("标准差", "sd", "标准差 总分 按 区域"),
    a("四分位差", "qd", "四分位差 总分 按 区域"),
    a("极差", "range", "极差 总分 按 区域"),
    a("计数", "count", "计数 按 行政级别"),
    a("直方图", "histogram", "直方图 总分 步长 10"),
    a("步长", "step", "直方图 总分 步长 10"),
    a("分界", "edges", "直方图 总分 分界 20, 40, 60"),
    a("相关", "corr", "相关 智慧管理，智慧服务"),
    a("p值", "with p", "相关 智慧管理，智慧服务 p值"),
    a("斯皮尔曼", "spearman", "相关 智慧管理，智慧服务 斯皮尔曼"),
    a("四分位", "quartiles", "统计 总分 四分位 inc"),
    a("权重", "weights", "权重 智慧服务"),
    a("离群值", "outliers", "离群值"),
    a("覆盖率", "coverage", "覆盖率 低于 70%"),
    a("低于", "below", "覆盖率 低于 70%"),
    a("全部", "all", "覆盖率 全部 低于 70%"),
    a("总和", "sum", "总和 加分项"),
    a("得分率", "rate", "得分率 总分 在 华南"),
    a("占比", "share", "占比 其中 总分 >= 60"),
    a("层级", "level", "计数 层级 2"),
    a("舍入", "round", "舍入(均值 总分, 2)"),
    a("核对", "check", "核对 均值 总分 = 40.05"),
    a("为什么", "why", "为什么 杭州 智慧服务"),
    a("解释", "explain", "解释 杭州"),
    a("变化", "change", "变化 总分 从 2014 到 2015"),
    a("从", "from", "变化 总分 从 2014 到 2015"),
    a("到", "to", "变化 总分 从 2014 到 2015"),
    a("度量", "measure", "度量 组均得分率"),
    a("看板", "dashboard", "看板 lights"),
];

/// The forms whose Chinese word order differs from the English one.
pub const FORMS: &[Alias] = &[
    a(
        "前N",
        "top N",
        "前十 按 总分 · 前10名 按 总分 · 前 10 按 总分",
    ),
    a("后N", "bottom N", "后10 按 总分"),
    a(
        "X 的排名",
        "rank of X",
        "杭州 的排名 · 杭州、宁波 的排名 按 智慧服务",
    ),
    a("U 的 X", "X of U", "杭州 的 总分"),
];

/// The English keyword a Chinese alias stands for, or the word itself.
pub fn canonical(word: &str) -> &str {
    ALIASES.iter().find(|a| a.zh == word).map_or(word, |a| a.en)
}

/// The Chinese aliases of an English keyword.
pub fn aliases_of(en: &str) -> impl Iterator<Item = &'static str> + '_ {
    ALIASES.iter().filter(move |a| a.en == en).map(|a| a.zh)
}

/// The English keyword a typed Chinese word stands for, the word forms included (`前十` → `top`,
/// `后10` → `bottom`, `的排名` → `of`, `不在` → `in`), for completion; any other word unchanged.
pub fn english(word: &str) -> &str {
    match word {
        "的排名" | "的" => "of",
        "不在" => "in",
        w if leading_count(w) == Some(w.len()) => {
            if w.starts_with('前') {
                "top"
            } else {
                "bottom"
            }
        }
        w => canonical(w),
    }
}

/// Whether a typed word is Chinese query syntax (a keyword or a word form).
pub fn is_keyword(word: &str) -> bool {
    english(word) != word
}

/// The first Chinese alias of an English keyword, or the keyword.
pub fn chinese(en: &str) -> &str {
    match en {
        "top" => "前十",
        "bottom" => "后十",
        "with" => "p值",
        _ => aliases_of(en).next().unwrap_or(en),
    }
}

/// The length in bytes of a leading `前N`, `后N` (`前十`, `后10名`) in `word`.
fn leading_count(word: &str) -> Option<usize> {
    let rest = word
        .strip_prefix('前')
        .or_else(|| word.strip_prefix('后'))?;
    let numeral = |c: char| {
        c.is_ascii_digit()
            || ('０'..='９').contains(&c)
            || "零〇一二两三四五六七八九十百千万".contains(c)
    };
    let digits: usize = rest
        .chars()
        .take_while(|c| numeral(*c))
        .map(char::len_utf8)
        .sum();
    if digits == 0 {
        return None;
    }
    let after = rest.get(digits..)?;
    let name = if after.starts_with('名') {
        '名'.len_utf8()
    } else {
        0
    };
    '前'.len_utf8().checked_add(digits)?.checked_add(name)
}

/// `word` with the Chinese keywords at its start (and a final `的排名`) spaced off as whole
/// words: `前十按总分` → `前十 按 总分`, `杭州的排名` → `杭州 的排名`. None when there are none.
pub fn spaced(word: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    let mut rest = word;
    loop {
        let head = leading_count(rest).or_else(|| {
            ALIASES
                .iter()
                .filter(|a| rest.starts_with(a.zh))
                .map(|a| a.zh.len())
                .max()
        });
        match head {
            Some(n) if n < rest.len() => {
                let (h, r) = rest.split_at(n);
                parts.push(h);
                rest = r;
            }
            _ => break,
        }
    }
    let tail = rest
        .strip_suffix("的排名")
        .filter(|s| !s.is_empty())
        .map(|s| [s, "的排名"]);
    match tail {
        Some(t) => parts.extend(t),
        None if parts.is_empty() => return None,
        None => parts.push(rest),
    }
    Some(parts.join(" "))
}

/// The help for a word that glues a Chinese keyword to a name.
pub(crate) fn spaced_hint(word: &str) -> Option<String> {
    spaced(word).map(|s| format!("a keyword is a whole word: write `{s}`"))
}

/// `智慧服务在华南` → `智慧服务 在 华南` when the part before a keyword is a known name.
pub fn split_glued(name: &str, known: &[&str]) -> Option<String> {
    name.char_indices().skip(1).find_map(|(i, _)| {
        let (head, rest) = name.split_at(i);
        if !known.contains(&head) {
            return None;
        }
        if rest == "的排名" {
            return Some(format!("{head} {rest}"));
        }
        let kw = ALIASES
            .iter()
            .filter(|a| rest.starts_with(a.zh) && rest.len() > a.zh.len())
            .max_by_key(|a| a.zh.len())?;
        let tail = rest.get(kw.zh.len()..)?;
        Some(format!(
            "{head} {} {}",
            kw.zh,
            spaced(tail).unwrap_or_else(|| tail.to_string())
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const GRAMMAR: &str = include_str!("../../grammar/cix.pest");

    #[test]
    fn every_alias_is_in_the_grammar() {
        for a in ALIASES {
            assert!(
                GRAMMAR.contains(&format!("\"{}\"", a.zh)),
                "`{}` is not in the grammar",
                a.zh
            );
        }
    }

    #[test]
    fn one_reading_per_word() {
        for a in ALIASES {
            let readings: Vec<_> = ALIASES.iter().filter(|b| b.zh == a.zh).collect();
            assert_eq!(readings.len(), 1, "`{}` has two readings", a.zh);
        }
        assert_eq!(canonical("均值"), "mean");
        assert_eq!(canonical("总分"), "总分");
        assert_eq!(aliases_of("where").collect::<Vec<_>>(), ["其中", "筛选"]);
    }

    #[test]
    fn glued_keywords_are_spaced() {
        assert_eq!(spaced("前十按总分").as_deref(), Some("前十 按 总分"));
        assert_eq!(spaced("后10名按总分").as_deref(), Some("后10名 按 总分"));
        assert_eq!(spaced("均值总分").as_deref(), Some("均值 总分"));
        assert_eq!(spaced("杭州的排名").as_deref(), Some("杭州 的排名"));
        assert_eq!(spaced("总分"), None);
        assert_eq!(spaced("按"), None);
        assert_eq!(spaced("前十"), None);
        let known = ["智慧服务", "总分"];
        assert_eq!(
            split_glued("智慧服务在华南", &known).as_deref(),
            Some("智慧服务 在 华南")
        );
        assert_eq!(split_glued("智慧服务员", &known), None);
    }
}
