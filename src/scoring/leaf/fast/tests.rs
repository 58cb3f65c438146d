//! The fast path against the decimal path it stands for.

use super::*;

/// The decimal path's steps for the share num ÷ den (integers at `scale`): the share to 28
/// digits, clamped to 0 … 1 when asked, × the points, then `round`.
fn decimal(
    num: i128,
    den: i128,
    scale: u32,
    max: Decimal,
    round: Rounding,
    clamp: bool,
) -> Decimal {
    let a = Decimal::from_i128_with_scale(num, scale);
    let b = Decimal::from_i128_with_scale(den, scale);
    let share = a.checked_div(b).unwrap();
    let share = if clamp {
        share.clamp(Decimal::ZERO, Decimal::ONE)
    } else {
        share
    };
    round.apply(share.checked_mul(max).unwrap())
}

const MODES: [RoundMode; 4] = [
    RoundMode::HalfUp,
    RoundMode::HalfEven,
    RoundMode::Down,
    RoundMode::Up,
];

struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

/// A denominator: a power of ten, ±1, a third, a seventh's multiple, a power of two, or any.
fn denominator(rng: &mut Lcg) -> i128 {
    let k = u32::try_from(rng.below(12)).unwrap();
    let p = 10i128.pow(k);
    match rng.below(6) {
        0 => p,
        1 => p + 1,
        2 => 3 * p,
        3 => 7 * (p.max(2) - 1),
        4 => 1 << rng.below(60),
        _ => i128::from(rng.below(1_000_000_000)) + 1,
    }
}

/// A numerator for `den`: on an eighth or a third of it, a hair off one, its ends, or any.
fn numerator(rng: &mut Lcg, den: i128) -> i128 {
    let any = |rng: &mut Lcg| i128::from(rng.below(u64::MAX >> 1)) % (2 * den) - den / 2;
    match rng.below(7) {
        0 => den * i128::from(rng.below(17)) / 8,
        1 => den / 3 + i128::from(rng.below(3)) - 1,
        2 => den - 1,
        3 => 1,
        4 => den,
        5 => 2 * den + 1,
        _ => any(rng),
    }
}

#[test]
fn the_exact_share_rounded_once_equals_the_decimal_path_or_is_declined() {
    let points = [
        "3",
        "1.5",
        "0.7",
        "12.345",
        "0.125",
        "1000000",
        "0.0000001",
        "2.5",
    ];
    let mut rng = Lcg(14);
    let (mut taken, mut cases) = (0, 0);
    for _ in 0..60_000 {
        let den = denominator(&mut rng);
        let num = numerator(&mut rng, den);
        let scale = u32::try_from(rng.below(7)).unwrap();
        let max: Decimal = points[usize::try_from(rng.below(8)).unwrap()]
            .parse()
            .unwrap();
        let round = Rounding {
            digits: u32::try_from(rng.below(9)).unwrap(),
            mode: MODES[usize::try_from(rng.below(4)).unwrap()],
        };
        let clamp = rng.below(2) == 0;
        let fast = Fast::with(Share::Percentile, (clamp, clamp), round, max).unwrap();
        cases += 1;
        let Some(got) = fast.of_share(num, den).and_then(Points::decimal) else {
            continue;
        };
        taken += 1;
        let want = decimal(num, den, scale, max, round, clamp);
        assert_eq!(
            got.serialize(),
            want.serialize(),
            "{num}/{den} × {max} {round:?}: {got} ≠ {want}"
        );
    }
    // Most cells take the fast path; ties, grid points and shares ≤ 0 do not.
    assert!(taken * 2 > cases, "{taken} of {cases}");
}

#[test]
fn the_quick_kernel_equals_the_general_fast_path() {
    let mut rng = Lcg(2015);
    let (mut quick, mut cases) = (0, 0);
    for _ in 0..60_000 {
        let lo = i128::from(rng.below(2_000_000)) - 1_000_000;
        let hi = lo + i128::from(rng.below(3_000_000));
        let scale = u32::try_from(rng.below(5)).unwrap();
        let negate = rng.below(2) == 0;
        let max: Decimal = ["3", "1.5", "0.7", "12.345", "0.125", "2.5"]
            [usize::try_from(rng.below(6)).unwrap()]
        .parse()
        .unwrap();
        let round = Rounding {
            digits: u32::try_from(rng.below(7)).unwrap(),
            mode: MODES[usize::try_from(rng.below(4)).unwrap()],
        };
        let share = Share::Linear {
            lo,
            hi,
            scale,
            negate,
        };
        let fast = Fast::with(share, (false, false), round, max).unwrap();
        let v = lo - 10 + i128::from(rng.below(u64::try_from(hi - lo + 21).unwrap()));
        cases += 1;
        let Some(got) = fast.quick(i64::try_from(v).unwrap(), scale) else {
            continue;
        };
        quick += 1;
        let (num, den) = if negate {
            (hi - v, hi - lo)
        } else {
            (v - lo, hi - lo)
        };
        let want = fast.of_share(num, den).and_then(Points::decimal);
        assert_eq!(
            got.decimal().map(|d| d.serialize()),
            want.map(|d| d.serialize()),
            "{v} in {lo}…{hi} × {max} {round:?}"
        );
        // At another scale the kernel declines.
        assert!(fast.quick(i64::try_from(v).unwrap(), scale + 1).is_none());
    }
    assert!(quick * 2 > cases, "{quick} of {cases}");
}

#[test]
fn a_boundary_where_rounding_twice_differs_is_left_to_the_decimal_path() {
    // 10²⁸ ÷ (2·10²⁸ + 1) × 3 = 1.5 − 7.5·10⁻²⁹: once rounded (half-up, 0 decimals) 1; the
    // decimal path's share rounds to 0.5 first, then 1.5 to 2.
    let (num, den) = (10i128.pow(28), 2 * 10i128.pow(28) + 1);
    let round = Rounding {
        digits: 0,
        mode: RoundMode::HalfUp,
    };
    let three = Decimal::from(3);
    assert_eq!(decimal(num, den, 0, three, round, false), Decimal::TWO);
    assert_eq!((3 * num) / den, 1, "the exact share rounds to 1");
    let fast = Fast::with(Share::Percentile, (false, false), round, three).unwrap();
    assert!(fast.of_share(num, den).is_none());
    // A step away from the boundary the fast path answers, as the decimal path does.
    assert_eq!(
        fast.of_share(num - 10i128.pow(20), den)
            .and_then(Points::decimal),
        Some(Decimal::ONE)
    );
}

#[test]
fn unusual_points_and_roundings_have_no_fast_path() {
    let round = |digits| Rounding {
        digits,
        mode: RoundMode::HalfUp,
    };
    let with =
        |r, max: &str| Fast::with(Share::Percentile, (false, false), r, max.parse().unwrap());
    assert!(with(round(13), "1").is_none());
    assert!(with(round(2), "-1").is_none());
    assert!(with(round(2), "0").is_none());
    assert!(with(round(2), "1000001").is_none());
    assert!(with(round(2), "1000000").is_some());
}
