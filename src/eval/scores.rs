//! A unit's scores at every node, packed ([`Packed`]: 4 or 8 bytes a value).

use rust_decimal::Decimal;

use crate::model::NodeId;
use crate::packed::Packed;

/// A unit's score at each node, `None` where it has no value (every leaf under the node left
/// out by `missing reweight`). Penalty items and everything under them hold the points
/// subtracted, with their sign (−2).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Scores(pub(super) Packed);

impl Scores {
    /// The score at a node; `None` when the unit has no value there.
    pub fn get(&self, id: NodeId) -> Option<Decimal> {
        self.0.get(id)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether a value needed an 8-byte word ([`Packed::is_wide`]).
    pub fn is_wide(&self) -> bool {
        self.0.is_wide()
    }
}

impl From<Vec<Option<Decimal>>> for Scores {
    fn from(v: Vec<Option<Decimal>>) -> Self {
        Scores(Packed::from(v))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_score_is_none() {
        let s = Scores::from(vec![Some(Decimal::ONE), None]);
        assert_eq!(
            (s.get(0), s.get(1), s.get(2)),
            (Some(Decimal::ONE), None, None)
        );
    }
}
