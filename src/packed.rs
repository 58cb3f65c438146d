//! Compact columns of exact numbers (issue 14): a run of `Option<Decimal>` in 8 bytes a value
//! instead of 20.
//!
//! Most numbers a data set or a score holds are short: a cell written `140.02`, points rounded
//! to 4 decimals. Such a value is kept in one `u64` word as its exact parts — magnitude (under
//! 2⁵⁶), sign and scale — so `1.50` stays `1.50`, not `1.5`; a longer one (a share with 28
//! digits, −0) is kept whole in a side vector and its word points there. A missing value is the
//! word 0, never the number 0. Reading a value back gives the very `Decimal` that was stored.

use rust_decimal::Decimal;

/// Magnitudes below this fit in a word (56 bits).
const INLINE_LIMIT: u128 = 1 << 56;

/// A vector of exact numbers or missing values, 8 bytes a value (see the module's notes).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Packed {
    /// 0: missing; odd: a value in place (magnitude ≪ 8 | scale ≪ 2 | sign ≪ 1 | 1); even: the
    /// index (+1, ≪ 1) of a value in `wide`.
    words: Vec<u64>,
    wide: Vec<Decimal>,
}

/// A value's word when it fits in one.
fn inline(v: Decimal) -> Option<u64> {
    let negative = v.is_sign_negative();
    let magnitude = v.mantissa().unsigned_abs();
    // −0 is kept whole: rebuilding it from parts would lose its sign.
    if magnitude >= INLINE_LIMIT || (negative && magnitude == 0) {
        return None;
    }
    let magnitude = u64::try_from(magnitude).ok()?;
    Some(
        magnitude.checked_shl(8)?
            | u64::from(v.scale()).checked_shl(2)?
            | u64::from(negative).checked_shl(1)?
            | 1,
    )
}

/// The value of an odd word.
fn from_inline(w: u64) -> Decimal {
    let magnitude = w.checked_shr(8).unwrap_or(0);
    let scale = u32::try_from(w.checked_shr(2).unwrap_or(0) & 0x3f).unwrap_or(0);
    let negative = w & 2 != 0;
    let lo = u32::try_from(magnitude & 0xffff_ffff).unwrap_or(0);
    let mid = u32::try_from(magnitude.checked_shr(32).unwrap_or(0)).unwrap_or(0);
    // The scale came from a Decimal (≤ 28): from_parts' bound holds.
    Decimal::from_parts(lo, mid, 0, negative, scale.min(Decimal::MAX_SCALE))
}

impl Packed {
    /// `len` missing values.
    pub fn missing(len: usize) -> Packed {
        Packed {
            words: vec![0; len],
            wide: Vec::new(),
        }
    }

    pub fn with_capacity(len: usize) -> Packed {
        Packed {
            words: Vec::with_capacity(len),
            wide: Vec::new(),
        }
    }

    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// The value at `i`; `None` when it is missing or `i` is out of range.
    pub fn get(&self, i: usize) -> Option<Decimal> {
        let w = *self.words.get(i)?;
        self.value(w)
    }

    fn value(&self, w: u64) -> Option<Decimal> {
        if w == 0 {
            None
        } else if w & 1 == 1 {
            Some(from_inline(w))
        } else {
            let at = usize::try_from(w.checked_shr(1)?).ok()?.checked_sub(1)?;
            self.wide.get(at).copied()
        }
    }

    /// Whether the value at `i` is present (cheaper than [`Packed::get`]).
    pub fn has(&self, i: usize) -> bool {
        self.words.get(i).is_some_and(|&w| w != 0)
    }

    /// Set the value at `i` (nothing happens when `i` is out of range).
    pub fn set(&mut self, i: usize, v: Option<Decimal>) {
        let Some(&old) = self.words.get(i) else {
            return;
        };
        let w = self.word(v, old);
        if let Some(slot) = self.words.get_mut(i) {
            *slot = w;
        }
    }

    pub fn push(&mut self, v: Option<Decimal>) {
        let w = self.word(v, 0);
        self.words.push(w);
    }

    /// The word for `v`, reusing the wide slot of the word it replaces.
    fn word(&mut self, v: Option<Decimal>, old: u64) -> u64 {
        let Some(v) = v else { return 0 };
        if let Some(w) = inline(v) {
            return w;
        }
        if old != 0 && old & 1 == 0 {
            let at = old
                .checked_shr(1)
                .and_then(|x| usize::try_from(x).ok())
                .and_then(|x| x.checked_sub(1));
            if let Some(slot) = at.and_then(|at| self.wide.get_mut(at)) {
                *slot = v;
                return old;
            }
        }
        self.wide.push(v);
        u64::try_from(self.wide.len())
            .ok()
            .and_then(|n| n.checked_shl(1))
            .unwrap_or(0)
    }

    pub fn iter(&self) -> impl ExactSizeIterator<Item = Option<Decimal>> + '_ {
        self.words.iter().map(|&w| self.value(w))
    }

    /// Every value, as a plain vector (for code that wants a slice).
    pub fn to_vec(&self) -> Vec<Option<Decimal>> {
        self.iter().collect()
    }
}

impl FromIterator<Option<Decimal>> for Packed {
    fn from_iter<I: IntoIterator<Item = Option<Decimal>>>(iter: I) -> Self {
        let iter = iter.into_iter();
        let mut p = Packed::with_capacity(iter.size_hint().0);
        for v in iter {
            p.push(v);
        }
        p
    }
}

impl From<Vec<Option<Decimal>>> for Packed {
    fn from(v: Vec<Option<Decimal>>) -> Self {
        v.into_iter().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn values_come_back_exactly() {
        let texts = [
            "0",
            "-0",
            "1.50",
            "-1.50",
            "140.02",
            "0.0000000000000000000000000001",
            "72057594037927935",
            "72057594037927936",
            "-79228162514264337593543950335",
            "0.3333333333333333333333333333",
            "12345678901234.5678",
        ];
        let values: Vec<Option<Decimal>> = texts
            .iter()
            .map(|t| Some(Decimal::from_str(t).unwrap()))
            .chain([None])
            .collect();
        let p = Packed::from(values.clone());
        assert_eq!(p.len(), values.len());
        for (i, v) in values.iter().enumerate() {
            let got = p.get(i);
            assert_eq!(got, *v);
            // Same scale and sign, not only equal: printed alike.
            assert_eq!(got.map(|d| d.to_string()), v.map(|d| d.to_string()), "{i}");
            assert_eq!(p.has(i), v.is_some());
        }
        assert_eq!(p.get(values.len()), None);
        assert_eq!(p.to_vec(), values);
    }

    #[test]
    fn missing_is_not_zero_and_set_replaces() {
        let mut p = Packed::missing(3);
        assert_eq!(p.to_vec(), vec![None, None, None]);
        p.set(0, Some(Decimal::ZERO));
        let wide = Decimal::from_str("0.3333333333333333333333333333").unwrap();
        p.set(1, Some(wide));
        p.set(1, Some(wide + wide));
        p.set(2, Some(Decimal::ONE));
        p.set(2, None);
        p.set(9, Some(Decimal::ONE));
        assert_eq!(
            p.to_vec(),
            vec![Some(Decimal::ZERO), Some(wide + wide), None]
        );
        assert_eq!(p.wide.len(), 1, "a wide slot is reused");
    }
}
