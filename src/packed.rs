//! Compact columns of exact numbers (issue 14): a run of `Option<Decimal>` in 4 bytes a value
//! (8 when one does not fit) instead of 20.
//!
//! Most numbers a data set or a score holds are short: a cell written `140.02`, points rounded
//! to 4 decimals (`3.0000`), a total like `75.6745`. Such a value is kept in one word as its
//! exact parts — magnitude, sign and scale — so `1.50` stays `1.50`, not `1.5`. A vector starts
//! with 4-byte words (a magnitude under 2²⁵: seven or eight digits); the first value that does
//! not fit turns the whole vector into 8-byte words (a magnitude under 2⁵⁶), and a value too
//! long even for those (a share with 28 digits, −0) is kept whole in a side vector, its word
//! pointing there (the 8-byte words and that vector boxed, so a vector of short values costs
//! one `Vec`, 24 bytes, beside its words). A missing value is the word 0, never the number 0.
//! Reading a value back gives the very `Decimal` that was stored, whatever the words; loops
//! over many values may read a 4-byte word's parts (`narrow_words`, `word_parts`) and write
//! them (`set_parts`) without building a `Decimal`.

use rust_decimal::Decimal;

/// Magnitudes below this fit in an 8-byte word (56 bits).
const INLINE_LIMIT: u128 = 1 << 56;

/// Magnitudes below this fit in a 4-byte word (25 bits).
const NARROW_LIMIT: u128 = 1 << 25;

/// A vector of exact numbers or missing values, 4 or 8 bytes a value (see the module's notes).
#[derive(Clone, Debug, Default)]
pub struct Packed {
    words: Words,
}

/// The words of a [`Packed`]: all narrow while every value fits in 4 bytes, else all wide.
#[derive(Clone, Debug)]
enum Words {
    /// 0: missing; else a value in place: magnitude ≪ 7 | scale ≪ 2 | sign ≪ 1 | 1.
    Narrow(Vec<u32>),
    /// 8-byte words and the values too long for one, boxed: a vector of short values (most of
    /// them) costs one `Vec` beside its words, not two.
    Wide(Box<Wide>),
}

#[derive(Clone, Debug)]
struct Wide {
    /// 0: missing; odd: a value in place (magnitude ≪ 8 | scale ≪ 2 | sign ≪ 1 | 1); even: the
    /// index (+1, ≪ 1) of a value in `long`.
    words: Vec<u64>,
    /// The values too long for a word.
    long: Vec<Decimal>,
}

impl Wide {
    /// The value of an 8-byte word.
    fn value(&self, w: u64) -> Option<Decimal> {
        if w == 0 {
            None
        } else if w & 1 == 1 {
            Some(from_inline(w))
        } else {
            let at = usize::try_from(w.checked_shr(1)?).ok()?.checked_sub(1)?;
            self.long.get(at).copied()
        }
    }
}

impl Default for Words {
    fn default() -> Self {
        Words::Narrow(Vec::new())
    }
}

/// A value's magnitude, sign and scale when it can be rebuilt from them (not −0) and its
/// magnitude is under `limit`.
fn parts(v: Decimal, limit: u128) -> Option<(u64, u32, bool)> {
    let negative = v.is_sign_negative();
    let magnitude = v.mantissa().unsigned_abs();
    // −0 is kept whole: rebuilding it from parts would lose its sign.
    if magnitude >= limit || (negative && magnitude == 0) {
        return None;
    }
    Some((u64::try_from(magnitude).ok()?, v.scale(), negative))
}

/// A value's 4-byte word when it fits in one.
fn narrow(v: Decimal) -> Option<u32> {
    let (magnitude, scale, negative) = parts(v, NARROW_LIMIT)?;
    Some(
        u32::try_from(magnitude).ok()?.checked_shl(7)?
            | scale.checked_shl(2)?
            | u32::from(negative).checked_shl(1)?
            | 1,
    )
}

/// A value's 8-byte word when it fits in one.
fn inline(v: Decimal) -> Option<u64> {
    let (magnitude, scale, negative) = parts(v, INLINE_LIMIT)?;
    Some(
        magnitude.checked_shl(8)?
            | u64::from(scale).checked_shl(2)?
            | u64::from(negative).checked_shl(1)?
            | 1,
    )
}

/// A 4-byte word's value as its parts, (signed mantissa, scale): the `Decimal` it holds is
/// `Decimal::new(mantissa, scale)`. None for a missing value.
#[inline]
pub fn word_parts(w: u32) -> Option<(i64, u32)> {
    if w == 0 {
        return None;
    }
    let magnitude = i64::from(w.checked_shr(7).unwrap_or(0));
    let scale = w.checked_shr(2).unwrap_or(0) & 0x1f;
    let signed = if w & 2 != 0 {
        magnitude.wrapping_neg() // under 2²⁵: never i64::MIN
    } else {
        magnitude
    };
    Some((signed, scale))
}

/// The 4-byte word of `mantissa` × 10⁻ˢᶜᵃˡᵉ, when it fits in one (magnitude under 2²⁵, scale at
/// most 28): the word [`Packed::set`] writes for that `Decimal`.
#[inline]
pub fn word_of(mantissa: i128, scale: u32) -> Option<u32> {
    if scale > Decimal::MAX_SCALE {
        return None;
    }
    let magnitude = u32::try_from(mantissa.unsigned_abs())
        .ok()
        .filter(|&m| u128::from(m) < NARROW_LIMIT)?;
    Some(
        magnitude.checked_shl(7)?
            | scale.checked_shl(2)?
            | u32::from(mantissa < 0).checked_shl(1)?
            | 1,
    )
}

/// The 8-byte word of a 4-byte one (the same value; 0 stays missing).
fn widen(w: u32) -> u64 {
    if w == 0 {
        return 0;
    }
    let magnitude = u64::from(w.checked_shr(7).unwrap_or(0));
    magnitude.checked_shl(8).unwrap_or(0) | u64::from(w & 0x7f)
}

/// The value of a non-zero 4-byte word.
fn from_narrow(w: u32) -> Decimal {
    let magnitude = w.checked_shr(7).unwrap_or(0);
    let scale = w.checked_shr(2).unwrap_or(0) & 0x1f;
    // The scale came from a Decimal (≤ 28): from_parts' bound holds.
    Decimal::from_parts(magnitude, 0, 0, w & 2 != 0, scale.min(Decimal::MAX_SCALE))
}

/// The value of an odd 8-byte word.
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
            words: Words::Narrow(vec![0; len]),
        }
    }

    pub fn with_capacity(len: usize) -> Packed {
        Packed {
            words: Words::Narrow(Vec::with_capacity(len)),
        }
    }

    pub fn len(&self) -> usize {
        match &self.words {
            Words::Narrow(w) => w.len(),
            Words::Wide(w) => w.words.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether the values are held in 8-byte words (one did not fit in 4 bytes).
    pub fn is_wide(&self) -> bool {
        matches!(self.words, Words::Wide(_))
    }

    /// The value at `i`; `None` when it is missing or `i` is out of range.
    pub fn get(&self, i: usize) -> Option<Decimal> {
        match &self.words {
            Words::Narrow(w) => w.get(i).copied().filter(|&w| w != 0).map(from_narrow),
            Words::Wide(w) => w.value(*w.words.get(i)?),
        }
    }

    /// Whether the value at `i` is present (cheaper than [`Packed::get`]).
    pub fn has(&self, i: usize) -> bool {
        match &self.words {
            Words::Narrow(w) => w.get(i).is_some_and(|&w| w != 0),
            Words::Wide(w) => w.words.get(i).is_some_and(|&w| w != 0),
        }
    }

    /// Set the value at `i` (nothing happens when `i` is out of range).
    pub fn set(&mut self, i: usize, v: Option<Decimal>) {
        if let Words::Narrow(words) = &mut self.words {
            let Some(slot) = words.get_mut(i) else {
                return;
            };
            match v.map(narrow) {
                None => {
                    *slot = 0;
                    return;
                }
                Some(Some(w)) => {
                    *slot = w;
                    return;
                }
                Some(None) => self.promote(),
            }
        }
        self.promote();
        let Words::Wide(w) = &mut self.words else {
            return;
        };
        let Wide { words, long } = &mut **w;
        if let Some(slot) = words.get_mut(i) {
            *slot = word(long, v, *slot);
        }
    }

    pub fn push(&mut self, v: Option<Decimal>) {
        if let Words::Narrow(words) = &mut self.words {
            match v.map(narrow) {
                None => return words.push(0),
                Some(Some(w)) => return words.push(w),
                Some(None) => self.promote(),
            }
        }
        self.promote();
        if let Words::Wide(w) = &mut self.words {
            let Wide { words, long } = &mut **w;
            words.push(word(long, v, 0));
        }
    }

    /// Turn 4-byte words into 8-byte ones, for a value that does not fit in 4 bytes.
    fn promote(&mut self) {
        if let Words::Narrow(words) = &self.words {
            let mut wide = Vec::with_capacity(words.capacity());
            wide.extend(words.iter().map(|&w| widen(w)));
            self.words = Words::Wide(Box::new(Wide {
                words: wide,
                long: Vec::new(),
            }));
        }
    }

    /// The 4-byte words, when every value is held in one: for loops that read a value's parts
    /// ([`word_parts`]) without building a `Decimal`.
    #[inline]
    pub fn narrow_words(&self) -> Option<&[u32]> {
        match &self.words {
            Words::Narrow(w) => Some(w),
            Words::Wide(_) => None,
        }
    }

    /// A vector of 4-byte words, each 0 or one read from [`Packed::narrow_words`] or made by
    /// [`word_of`] (a column gathered word for word).
    pub fn from_narrow_words(words: Vec<u32>) -> Packed {
        Packed {
            words: Words::Narrow(words),
        }
    }

    /// Set the value at `i` to `mantissa` × 10⁻ˢᶜᵃˡᵉ — the `Decimal` with these parts — in one
    /// word when it fits, without building a `Decimal` (nothing happens when `i` is out of
    /// range).
    #[inline]
    pub fn set_parts(&mut self, i: usize, mantissa: i128, scale: u32) {
        if let (Words::Narrow(words), Some(w)) = (&mut self.words, word_of(mantissa, scale)) {
            if let Some(slot) = words.get_mut(i) {
                *slot = w;
            }
            return;
        }
        if let Ok(d) = Decimal::try_from_i128_with_scale(mantissa, scale) {
            self.set(i, Some(d));
        }
    }

    pub fn iter(&self) -> impl ExactSizeIterator<Item = Option<Decimal>> + '_ {
        (0..self.len()).map(|i| self.get(i))
    }

    /// Every value, as a plain vector (for code that wants a slice).
    pub fn to_vec(&self) -> Vec<Option<Decimal>> {
        self.iter().collect()
    }
}

/// Equal when every value is the very same `Decimal` (same scale and sign: `1.50` is not
/// `1.5`), whatever the words hold them.
impl PartialEq for Packed {
    fn eq(&self, other: &Packed) -> bool {
        self.len() == other.len()
            && self
                .iter()
                .zip(other.iter())
                .all(|(a, b)| a.map(|d| d.serialize()) == b.map(|d| d.serialize()))
    }
}

impl FromIterator<Option<Decimal>> for Packed {
    fn from_iter<I: IntoIterator<Item = Option<Decimal>>>(iter: I) -> Self {
        let mut iter = iter.into_iter();
        // 4-byte words straight into a vector while the values fit; the rest by `push`.
        let mut words: Vec<u32> = Vec::with_capacity(iter.size_hint().0);
        let mut first_wide = None;
        for v in iter.by_ref() {
            match v.map(|d| (d, narrow(d))) {
                None => words.push(0),
                Some((_, Some(w))) => words.push(w),
                Some((d, None)) => {
                    first_wide = Some(d);
                    break;
                }
            }
        }
        let mut p = Packed {
            words: Words::Narrow(words),
        };
        if first_wide.is_some() {
            p.push(first_wide);
            for v in iter {
                p.push(v);
            }
        }
        p
    }
}

impl From<Vec<Option<Decimal>>> for Packed {
    fn from(v: Vec<Option<Decimal>>) -> Self {
        v.into_iter().collect()
    }
}

/// The 8-byte word for `v`, reusing the slot in `long` of the word it replaces (`old`).
fn word(long: &mut Vec<Decimal>, v: Option<Decimal>, old: u64) -> u64 {
    let Some(v) = v else { return 0 };
    if let Some(w) = inline(v) {
        return w;
    }
    if old != 0 && old & 1 == 0 {
        let at = old
            .checked_shr(1)
            .and_then(|x| usize::try_from(x).ok())
            .and_then(|x| x.checked_sub(1));
        if let Some(slot) = at.and_then(|at| long.get_mut(at)) {
            *slot = v;
            return old;
        }
    }
    long.push(v);
    u64::try_from(long.len())
        .ok()
        .and_then(|n| n.checked_shl(1))
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    /// How many values a vector keeps whole, beside its words.
    fn long(p: &Packed) -> usize {
        match &p.words {
            Words::Narrow(_) => 0,
            Words::Wide(w) => w.long.len(),
        }
    }

    #[test]
    fn a_vector_costs_one_vec() {
        assert_eq!(
            std::mem::size_of::<Packed>(),
            std::mem::size_of::<Vec<u32>>()
        );
    }

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
        assert_eq!(long(&p), 1, "a wide slot is reused");
    }

    /// Every scale, both signs, at each side of the 4-byte and the 8-byte magnitude limits.
    fn boundary_values() -> Vec<(Decimal, bool, bool)> {
        let mut out = Vec::new();
        for scale in 0..=Decimal::MAX_SCALE {
            for negative in [false, true] {
                for magnitude in [
                    0u64,
                    1,
                    (1 << 25) - 1,
                    1 << 25,
                    (1 << 56) - 1,
                    1 << 56,
                    u64::MAX,
                ] {
                    let lo = u32::try_from(magnitude & 0xffff_ffff).unwrap();
                    let mid = u32::try_from(magnitude >> 32).unwrap();
                    let mut d = Decimal::from_parts(lo, mid, 0, negative, scale);
                    // from_parts makes −0 +0.
                    d.set_sign_negative(negative);
                    // −0 is kept whole; the rest by magnitude.
                    let minus_zero = negative && magnitude == 0;
                    let narrow = magnitude < (1 << 25) && !minus_zero;
                    let in_word = magnitude < (1 << 56) && !minus_zero;
                    out.push((d, narrow, in_word));
                }
            }
        }
        out
    }

    fn same(a: Option<Decimal>, b: Option<Decimal>) -> bool {
        a.map(|d| d.serialize()) == b.map(|d| d.serialize())
    }

    #[test]
    fn four_byte_words_until_a_value_does_not_fit() {
        for (d, narrow, in_word) in boundary_values() {
            // Pushed after short values and a missing one: they read back unchanged.
            let short = Decimal::from_str("75.6745").unwrap();
            let mut p = Packed::from(vec![Some(short), None]);
            assert!(!p.is_wide());
            p.push(Some(d));
            assert_eq!(p.is_wide(), !narrow, "{d:?}");
            assert_eq!(long(&p), usize::from(!in_word), "{d:?}");
            assert!(same(p.get(0), Some(short)) && p.get(1).is_none());
            assert!(same(p.get(2), Some(d)), "{d:?} read back as {:?}", p.get(2));
            // Set in place of a missing value: the same.
            let mut q = Packed::missing(3);
            q.set(0, Some(short));
            q.set(1, Some(d));
            assert_eq!(q.is_wide(), !narrow, "{d:?}");
            assert!(same(q.get(0), Some(short)) && same(q.get(1), Some(d)));
            assert!(!q.has(2) && q.get(2).is_none());
            assert_eq!(p.len(), 3);
            assert_eq!(q.len(), 3);
        }
    }

    #[test]
    fn words_from_parts_are_the_words_of_the_decimals() {
        for (d, narrow_fits, _) in boundary_values() {
            // −0 has no parts of its own (a mantissa of 0 is +0).
            if d.is_sign_negative() && d.mantissa() == 0 {
                continue;
            }
            let word = word_of(d.mantissa(), d.scale());
            assert_eq!(word, narrow(d), "{d:?}");
            assert_eq!(word.is_some(), narrow_fits, "{d:?}");
            if let Some(w) = word {
                let (m, scale) = word_parts(w).unwrap();
                assert!(same(Some(Decimal::new(m, scale)), Some(d)), "{d:?}");
            }
            // Set by parts, read back as the very Decimal, in a narrow or a wide vector.
            for mut p in [
                Packed::missing(2),
                Packed::from(vec![Some(Decimal::MAX), None]),
            ] {
                p.set_parts(1, d.mantissa(), d.scale());
                assert!(same(p.get(1), Some(d)), "{d:?}: {:?}", p.get(1));
            }
        }
        assert_eq!(word_parts(0), None);
        assert_eq!(word_of(1, 29), None);
    }

    #[test]
    fn a_column_gathered_word_for_word_reads_back_alike() {
        let p = Packed::from(vec![Some(Decimal::from_str("1.50").unwrap()), None]);
        let q = Packed::from_narrow_words(p.narrow_words().unwrap().to_vec());
        assert_eq!(q, p);
        let long = Decimal::from_str("0.3333333333333333333333333333").unwrap();
        assert!(Packed::from(vec![Some(long)]).narrow_words().is_none());
    }

    #[test]
    fn values_that_fit_keep_four_bytes() {
        let texts = [
            "989.86",
            "3.0000",
            "75.6745",
            "-1.50",
            "0",
            "33554431",
            "0.0000000000000000000033554431",
        ];
        let p: Packed = texts
            .iter()
            .map(|t| Some(Decimal::from_str(t).unwrap()))
            .collect();
        assert!(!p.is_wide());
        let back: Vec<String> = p.iter().map(|v| v.unwrap().to_string()).collect();
        assert_eq!(back, texts);
        // Setting a value back to one that fits does not narrow again; values stay exact.
        let mut q = p.clone();
        q.set(0, Some(Decimal::from_str("33554432").unwrap()));
        assert!(q.is_wide());
        q.set(0, Some(Decimal::from_str("989.86").unwrap()));
        assert_eq!(q, p, "equal values, whatever the words");
        q.set(0, Some(Decimal::from_str("989.860").unwrap()));
        assert_ne!(q, p, "989.860 is not 989.86");
        q.set(0, None);
        assert_eq!(q.get(0), None);
        assert_ne!(q, p);
    }
}
