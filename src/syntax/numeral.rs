//! Counts written as words: `ten`, `十五`, `二十五`, `两百`, `一千零一`, `二〇二〇`, `５`.

/// The largest count a query may ask for (`top N`): more than any index has units, small
/// enough that a typo of many digits is caught.
pub const MAX_COUNT: usize = 1_000_000;

/// Why a numeral cannot be a count.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NumeralError {
    /// Not a well-formed numeral (`十十`, `一二三十`).
    Malformed,
    /// Larger than [`MAX_COUNT`].
    TooLarge,
}

/// The value of a count as the grammar's `integer` or `number_word` matched it.
pub fn count(text: &str) -> Result<usize, NumeralError> {
    let n = if text.chars().all(|c| c.is_ascii_digit()) {
        // Too many digits for any integer type is simply too large.
        text.parse::<u64>().map_err(|_| NumeralError::TooLarge)?
    } else if let Some(n) = english(text) {
        n
    } else if let Some(n) = full_width(text) {
        n?
    } else {
        chinese(text)?
    };
    usize::try_from(n)
        .ok()
        .filter(|n| *n <= MAX_COUNT)
        .ok_or(NumeralError::TooLarge)
}

fn english(w: &str) -> Option<u64> {
    let words = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    if let Some(i) = words.iter().position(|x| *x == w) {
        return u64::try_from(i).ok();
    }
    Some(match w {
        "twenty" => 20,
        "thirty" => 30,
        "forty" => 40,
        "fifty" => 50,
        "hundred" => 100,
        _ => return None,
    })
}

/// `１２` → 12. `None` when the text is not full-width digits.
fn full_width(text: &str) -> Option<Result<u64, NumeralError>> {
    let digits: Option<String> = text
        .chars()
        .map(|c| {
            let d = u32::from(c).checked_sub(u32::from('０'))?;
            char::from_digit(d, 10)
        })
        .collect();
    digits.map(|d| d.parse::<u64>().map_err(|_| NumeralError::TooLarge))
}

fn digit(c: char) -> Option<u64> {
    Some(match c {
        '零' | '〇' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

fn unit(c: char) -> Option<u64> {
    Some(match c {
        '十' => 10,
        '百' => 100,
        '千' => 1000,
        _ => return None,
    })
}

/// A Chinese numeral: digit by digit (`二〇二〇`), or with units up to 万 (`九千九百九十九`,
/// `一万零五`, `十五`).
fn chinese(text: &str) -> Result<u64, NumeralError> {
    if !text.is_empty() && text.chars().all(|c| digit(c).is_some()) {
        return text.chars().filter_map(digit).try_fold(0u64, |acc, d| {
            acc.checked_mul(10)
                .and_then(|a| a.checked_add(d))
                .ok_or(NumeralError::TooLarge)
        });
    }
    let mut total: u64 = 0; // the 万 part, once seen
    let mut section: u64 = 0; // below 万
    let mut pending: Option<u64> = None; // a digit waiting for its unit
    let mut last_unit = u64::MAX; // units within a section must fall: 千 > 百 > 十
    let mut seen_wan = false;
    let mut empty = true;
    for c in text.chars() {
        empty = false;
        if let Some(d) = digit(c) {
            // Two digits in a row only as 零 followed by a digit (一百零五).
            if pending.is_some_and(|p| p != 0) {
                return Err(NumeralError::Malformed);
            }
            pending = Some(d);
        } else if let Some(u) = unit(c) {
            if u >= last_unit {
                return Err(NumeralError::Malformed);
            }
            // 十五: a unit without a digit before it means one of it.
            let d = pending.take().unwrap_or(1);
            let add = d.checked_mul(u).ok_or(NumeralError::TooLarge)?;
            section = section.checked_add(add).ok_or(NumeralError::TooLarge)?;
            last_unit = u;
        } else if c == '万' {
            if seen_wan {
                return Err(NumeralError::TooLarge);
            }
            let below = section
                .checked_add(pending.take().unwrap_or(0))
                .ok_or(NumeralError::TooLarge)?;
            let below = if below == 0 { 1 } else { below };
            total = below.checked_mul(10_000).ok_or(NumeralError::TooLarge)?;
            section = 0;
            last_unit = u64::MAX;
            seen_wan = true;
        } else {
            return Err(NumeralError::Malformed);
        }
    }
    if empty {
        return Err(NumeralError::Malformed);
    }
    total
        .checked_add(section)
        .and_then(|t| t.checked_add(pending.unwrap_or(0)))
        .ok_or(NumeralError::TooLarge)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_numerals() {
        for (text, n) in [
            ("一", 1),
            ("十", 10),
            ("十五", 15),
            ("二十", 20),
            ("二十五", 25),
            ("九十九", 99),
            ("一百", 100),
            ("两百", 200),
            ("一百零五", 105),
            ("一百一十", 110),
            ("三千零二十", 3020),
            ("九千九百九十九", 9999),
            ("一万", 10_000),
            ("一万零五", 10_005),
            ("十万", 100_000),
            ("二〇二〇", 2020),
            ("零", 0),
        ] {
            assert_eq!(count(text), Ok(n), "{text}");
        }
        assert_eq!(count("十十"), Err(NumeralError::Malformed));
        assert_eq!(count("一二三十"), Err(NumeralError::Malformed));
        assert_eq!(count("百千"), Err(NumeralError::Malformed));
        assert_eq!(count("九九万万万"), Err(NumeralError::Malformed));
        assert_eq!(count("一万一万"), Err(NumeralError::TooLarge));
        assert_eq!(count("九千万"), Err(NumeralError::TooLarge));
    }

    #[test]
    fn other_forms() {
        assert_eq!(count("ten"), Ok(10));
        assert_eq!(count("fifteen"), Ok(15));
        assert_eq!(count("５"), Ok(5));
        assert_eq!(count("１２"), Ok(12));
        assert_eq!(count("1000000"), Ok(MAX_COUNT));
        assert_eq!(count("1000001"), Err(NumeralError::TooLarge));
        assert_eq!(
            count("99999999999999999999999"),
            Err(NumeralError::TooLarge)
        );
    }
}
