//! Competition ranks (1, 2, 2, 4) on exact values: ties are ties.

use rust_decimal::Decimal;

/// Competition ranks (1, 2, 2, 4) of `values`, highest first, on exact values.
pub fn competition_ranks(values: &[Decimal]) -> Vec<usize> {
    ranks_in_order(values, |a, b| b.cmp(a))
}

/// Competition ranks of `values`, lowest first (for `bottom N`).
pub fn competition_ranks_ascending(values: &[Decimal]) -> Vec<usize> {
    ranks_in_order(values, Decimal::cmp)
}

fn ranks_in_order(
    values: &[Decimal],
    order: impl Fn(&Decimal, &Decimal) -> std::cmp::Ordering,
) -> Vec<usize> {
    let mut sorted: Vec<(usize, Decimal)> = values.iter().copied().enumerate().collect();
    sorted.sort_by(|a, b| order(&a.1, &b.1));
    let mut ranks = vec![0; values.len()];
    let mut prev: Option<(Decimal, usize)> = None;
    for (pos, (i, v)) in sorted.into_iter().enumerate() {
        let rank = match prev {
            Some((pv, pr)) if pv == v => pr,
            _ => pos.saturating_add(1),
        };
        if let Some(slot) = ranks.get_mut(i) {
            *slot = rank;
        }
        prev = Some((v, rank));
    }
    ranks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ties_share_a_rank() {
        let v: Vec<Decimal> = [5, 7, 7, 3].iter().map(|&i| Decimal::from(i)).collect();
        assert_eq!(competition_ranks(&v), vec![3, 1, 1, 4]);
        assert_eq!(competition_ranks_ascending(&v), vec![2, 3, 3, 1]);
    }
}
