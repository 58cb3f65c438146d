//! Inherited reports, group conditions and tiers follow an edition's changes: a renamed
//! indicator is renamed where they name it, a removed one is no longer shown.

use crate::source::Spanned;
use crate::syntax::ast::{Comparison, Condition, GroupDef, Item, Query, Tail};

/// Inherited reports, group conditions and tiers follow a renamed indicator.
pub(super) fn rename_in_reports(items: &mut [Item], old: &str, new: &str) {
    let mut rename = |n: &mut Spanned<String>| {
        if n.node == old {
            n.node = new.to_string();
        }
    };
    for it in items {
        match it {
            Item::Report(r) => query_names(&mut r.query.node, &mut rename),
            Item::Group(g) => {
                if let GroupDef::Condition(c) = &mut g.def {
                    condition_names(c, &mut rename);
                }
            }
            Item::Tiers(t) => {
                if let Some(of) = &mut t.of {
                    rename(of);
                }
            }
            _ => {}
        }
    }
}

/// A removed indicator cannot be shown: inherited reports stop showing it.
pub(super) fn drop_from_reports(items: &mut [Item], names: &[String]) {
    for it in items {
        if let Item::Report(r) = it {
            if let Some(list) = show_list(&mut r.query.node) {
                list.retain(|n| !names.contains(&n.node));
            }
        }
    }
}

/// Apply `f` to every name a query refers to (indicators among them; unit and attribute
/// names are never renamed by an edition, so touching them is harmless).
fn query_names(q: &mut Query, f: &mut dyn FnMut(&mut Spanned<String>)) {
    let tail_names = |t: &mut Tail, f: &mut dyn FnMut(&mut Spanned<String>)| {
        for n in t
            .per
            .iter_mut()
            .chain(t.within.iter_mut())
            .chain(t.quartiles.iter_mut())
        {
            f(n);
        }
        for (n, _) in &mut t.sort {
            f(n);
        }
        for c in &mut t.filter {
            condition_names(c, f);
        }
        for n in &mut t.show {
            f(n);
        }
    };
    match q {
        Query::Rank(r) => {
            if let Some(n) = &mut r.by {
                f(n);
            }
            tail_names(&mut r.tail, f);
        }
        Query::RankOf { by, .. } => {
            if let Some(n) = by {
                f(n);
            }
        }
        Query::Show(_)
        | Query::Compare(_)
        | Query::Weights(None)
        | Query::Outliers
        | Query::Coverage { .. } => {}
        Query::Weights(Some(of)) => f(of),
        Query::Stat(s) => {
            f(&mut s.of);
            if let Some(n) = &mut s.by {
                f(n);
            }
            tail_names(&mut s.tail, f);
        }
        Query::Count { tail, .. } => tail_names(tail, f),
        Query::Histogram { of, tail, .. } => {
            f(of);
            tail_names(tail, f);
        }
        Query::Corr { names, tail, .. } => {
            for n in names {
                f(n);
            }
            tail_names(tail, f);
        }
        // A report holds a table query; scalar queries are typed at `cix query`, the REPL and
        // in claims files.
        Query::Scalar(_) => {}
        Query::Years(y) => match &mut **y {
            crate::syntax::years::YearsQuery::Change(c) => {
                f(&mut c.of);
                for n in &mut c.within {
                    f(n);
                }
                for cond in &mut c.filter {
                    condition_names(cond, f);
                }
            }
            crate::syntax::years::YearsQuery::Measure { .. } => {}
        },
    }
}

/// Apply `f` to the left side of every comparison of a condition (an indicator or attribute).
fn condition_names(c: &mut Condition, f: &mut dyn FnMut(&mut Spanned<String>)) {
    for cmp in std::iter::once(&mut c.first).chain(c.rest.iter_mut().map(|(_, c)| c)) {
        match cmp {
            Comparison::Cmp { left, .. } | Comparison::In { left, .. } => f(left),
        }
    }
}

/// The `show` list of a query, where it has one.
fn show_list(q: &mut Query) -> Option<&mut Vec<Spanned<String>>> {
    match q {
        Query::Rank(r) => Some(&mut r.tail.show),
        Query::Stat(s) => Some(&mut s.tail.show),
        Query::Count { tail, .. } | Query::Histogram { tail, .. } | Query::Corr { tail, .. } => {
            Some(&mut tail.show)
        }
        Query::RankOf { .. }
        | Query::Show(_)
        | Query::Compare(_)
        | Query::Weights(_)
        | Query::Outliers
        | Query::Coverage { .. }
        | Query::Scalar(_)
        | Query::Years(_) => None,
    }
}
