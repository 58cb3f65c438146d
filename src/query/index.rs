//! An index of loaded results for queries (issue 14): each attribute's units by value, each
//! unit by key and each declared group's members, built on first use and kept as long as the
//! results (a [`crate::project::Loaded`]: the REPL and `cix query`). `in 华南` or `show U1` on
//! a million units is then a lookup, not a pass over every unit; the pipeline is never run
//! again for a query.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use crate::eval::Results;

/// The units of one value or group, in data order (shared, so a plan holds them without a
/// copy).
pub type Members = Arc<[usize]>;

/// Lookups over one [`Results`], filled on first use. An index is only used with the results
/// it was made for (same number of units); with others the query stage scans as without one.
#[derive(Clone, Debug, Default)]
pub struct Index {
    units: usize,
    /// Per attribute: value → the units with that value (the sample's first: they come
    /// first in the results).
    by_value: Vec<OnceLock<HashMap<String, Members>>>,
    /// Key → unit (every unit, the sample and those outside it).
    keys: OnceLock<HashMap<String, usize>>,
    /// Per declared group: its members in the sample.
    groups: Vec<OnceLock<Members>>,
}

impl Index {
    /// An empty index for results with `units` units, `attributes` attributes and `groups`
    /// declared groups.
    pub fn new(units: usize, attributes: usize, groups: usize) -> Index {
        Index {
            units,
            by_value: (0..attributes).map(|_| OnceLock::new()).collect(),
            keys: OnceLock::new(),
            groups: (0..groups).map(|_| OnceLock::new()).collect(),
        }
    }

    /// Whether this index was made for `results`.
    pub fn fits(&self, results: &Results) -> bool {
        self.units == results.units.len()
    }

    /// Attribute `a`'s values with their units, built on first use.
    pub fn values(&self, results: &Results, a: usize) -> Option<&HashMap<String, Members>> {
        let lock = self.by_value.get(a)?;
        Some(lock.get_or_init(|| {
            let mut map: HashMap<&str, Vec<usize>> = HashMap::new();
            for (i, u) in results.units.iter().enumerate() {
                let v = u.attributes.get(a).map_or("", String::as_str);
                map.entry(v).or_default().push(i);
            }
            map.into_iter()
                .map(|(k, v)| (k.to_string(), Members::from(v)))
                .collect()
        }))
    }

    /// The unit with this key.
    pub fn unit(&self, results: &Results, key: &str) -> Option<usize> {
        self.keys
            .get_or_init(|| {
                key_map(results)
                    .into_iter()
                    .map(|(k, i)| (k.to_string(), i))
                    .collect()
            })
            .get(key)
            .copied()
    }

    /// Declared group `g`'s members, when computed before.
    pub fn group(&self, g: usize) -> Option<Members> {
        self.groups.get(g)?.get().cloned()
    }

    /// Keep declared group `g`'s members for the next query.
    pub fn keep_group(&self, g: usize, members: &Members) {
        if let Some(lock) = self.groups.get(g) {
            // Already set by an earlier query: the same members.
            let _ = lock.set(members.clone());
        }
    }
}

/// Each unit by key (the first of a key, as a linear search finds it), for looking up another
/// results' units by key (another year's).
pub fn key_map(results: &Results) -> HashMap<&str, usize> {
    let mut map = HashMap::with_capacity(results.units.len());
    for (i, u) in results.units.iter().enumerate() {
        map.entry(u.key.as_str()).or_insert(i);
    }
    map
}
