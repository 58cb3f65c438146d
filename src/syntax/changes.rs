//! Walking the change statements of a spec that `extends` another (grammar section
//! "editions").

use super::ast::{Change, NodeKind};
use super::parser::{first, Rule, Walker};
use pest::iterators::Pair;

impl Walker<'_> {
    pub(crate) fn change(&mut self, pair: Pair<'_, Rule>) -> Option<Change> {
        let rule = pair.as_rule();
        // `set NAME [WEIGHT] [inferred] ["…"] [{ … }]` has the shape of an indicator body, so
        // the indicator walker reads it, clauses added by other sections included.
        let as_decl =
            (rule == Rule::set_change).then(|| self.indicator(pair.clone(), NodeKind::Base));
        let mut names = Vec::new();
        let mut reason = None;
        let mut decl = None;
        let mut has_weight = false;
        let mut has_block = false;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::name => names.push(self.name(p)),
                Rule::reason => reason = Some(self.string(first(p))),
                Rule::indicator_body => decl = Some(self.indicator(p, NodeKind::Base)),
                Rule::weight => has_weight = true,
                Rule::block => has_block = true,
                _ => {}
            }
        }
        let mut names = names.into_iter();
        Some(match rule {
            Rule::add_change => Change::Add {
                decl: decl?,
                parent: names.next()?,
                reason,
            },
            Rule::remove_change => Change::Remove {
                name: names.next()?,
                reason,
            },
            Rule::rename_change => Change::Rename {
                old: names.next()?,
                new: names.next()?,
                reason,
            },
            Rule::move_change => Change::Move {
                name: names.next()?,
                parent: names.next()?,
                reason,
            },
            _ => {
                let d = as_decl?;
                Change::Set {
                    name: names.next()?,
                    weight: has_weight.then(|| d.weight.clone()),
                    inferred: d.inferred.clone(),
                    description: d.description.clone(),
                    block: has_block.then_some(d),
                    reason,
                }
            }
        })
    }
}
