//! Evaluation's own arithmetic.

use super::*;

#[test]
fn rescaling_past_the_largest_decimal_is_none() {
    let d = Decimal::from;
    assert_eq!(rescale(d(6), d(10), d(5)), Some(d(12)));
    assert_eq!(rescale(Decimal::MAX, Decimal::MAX, Decimal::ONE), None);
}
