//! Treating raw data before it is scored (language chapter 5): the outlier rule a leaf (or the
//! index, as a default) declares with `treat outliers …`, and the data coverage a node requires
//! with `require 80% data`. The algorithms are in `scoring::treat` and `eval::coverage`.

use rust_decimal::Decimal;

/// `treat outliers [skew S] [kurtosis K] [winsorise N] [then FALLBACK]` — the JRC rule used by
/// COINr, the COIN Tool and the GII: an indicator fails when |skew| > S and kurtosis > K (Excel's
/// `SKEW` and `KURT`); it is winsorised one step at a time on the side of its skew, up to N
/// steps, until it passes; if it still fails, the fallback is applied to the original values.
#[derive(Clone, Debug, PartialEq)]
pub struct Outliers {
    /// The absolute skew above which an indicator may fail (2).
    pub skew: Decimal,
    /// The kurtosis above which an indicator may fail (3.5).
    pub kurtosis: Decimal,
    /// The most winsorisation steps (5).
    pub winsorise: u32,
    pub fallback: Fallback,
}

impl Default for Outliers {
    fn default() -> Self {
        Outliers {
            skew: Decimal::TWO,
            kurtosis: Decimal::new(35, 1),
            winsorise: 5,
            fallback: Fallback::Log,
        }
    }
}

/// What is done to an indicator that winsorising does not bring within the thresholds.
#[derive(Clone, Debug, PartialEq)]
pub enum Fallback {
    /// `log`: ln(x − min + 1) when the skew is positive, −ln(max − x + 1) when it is negative
    /// (the COIN Tool's log; the order of the units is kept).
    Log,
    /// `gii-log`: ln((max − 1)(x − min) ÷ (max − min) + 1), the Global Innovation Index's.
    GiiLog,
    /// `boxcox λ`: (x^λ − 1) ÷ λ, or ln x when λ = 0.
    BoxCox(Decimal),
    /// `none`: keep the winsorised values, and say that the indicator still fails.
    None,
}

impl Fallback {
    /// The fallback as written in a spec.
    pub fn text(&self) -> String {
        match self {
            Fallback::Log => "log".into(),
            Fallback::GiiLog => "gii-log".into(),
            Fallback::BoxCox(l) => format!("boxcox {}", l.normalize()),
            Fallback::None => "none".into(),
        }
    }
}

/// A leaf's `treat` clause: the rule, or `treat none` (no treatment, overriding an index
/// default).
pub type Treat = Option<Outliers>;

impl std::fmt::Display for Outliers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "treat outliers skew {} kurtosis {} winsorise {} then {}",
            self.skew.normalize(),
            self.kurtosis.normalize(),
            self.winsorise,
            self.fallback.text()
        )
    }
}
