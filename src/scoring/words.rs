//! The scoring rules, means and outlier treatments in words of the language spoken, for the
//! tables and notes that name them (`explain`, `weights`, the treatment list, robustness).

use crate::rules::treatment::Fallback;
use crate::rules::{Aggregate, Method, Missing, RoundMode};

use super::treat::{Outcome, Treated};

/// A scoring method in words (`minmax` / 极差标准化).
pub fn method(m: &Method) -> String {
    let key = match m {
        Method::Given | Method::GivenScale(_) => "scoring.m_given",
        Method::MinMax => "scoring.m_minmax",
        Method::Goalposts { .. } => "scoring.m_goalposts",
        Method::Ratio => "scoring.m_ratio",
        Method::ZScore => "scoring.m_zscore",
        Method::Percentile => "scoring.m_percentile",
        Method::Rubric(_) => "scoring.m_rubric",
        Method::Rank => "scoring.m_rank",
        Method::Borda => "scoring.m_borda",
        Method::DistanceToMax => "scoring.m_distance_to_max",
        Method::Target { .. } => "scoring.m_target",
        Method::Reference { .. } => "scoring.m_reference",
        Method::Fraction => "scoring.m_fraction",
    };
    t!(key).into_owned()
}

/// How a parent's children are combined, as the adjective of "mean" (`geometric` / 几何);
/// `sum` for a sum.
pub fn aggregate(a: Aggregate) -> String {
    match a {
        Aggregate::Sum => t!("scoring.a_sum").into_owned(),
        Aggregate::Geometric => t!("scoring.a_geometric").into_owned(),
        Aggregate::Harmonic => t!("scoring.a_harmonic").into_owned(),
        Aggregate::Power(p) => t!("scoring.a_power", p = p.normalize()).into_owned(),
    }
}

/// A rounding mode in words (`half-up` / 四舍五入).
pub fn round_mode(m: RoundMode) -> String {
    match m {
        RoundMode::HalfUp => t!("scoring.r_half_up"),
        RoundMode::HalfEven => t!("scoring.r_half_even"),
        RoundMode::Down => t!("scoring.r_down"),
        RoundMode::Up => t!("scoring.r_up"),
    }
    .into_owned()
}

/// An outlier fallback in words (`log` / 对数变换).
pub fn fallback(f: &Fallback) -> String {
    match f {
        Fallback::Log => t!("scoring.f_log").into_owned(),
        Fallback::GiiLog => t!("scoring.f_gii_log").into_owned(),
        Fallback::BoxCox(l) => t!("scoring.f_boxcox", lambda = l.normalize()).into_owned(),
        Fallback::None => t!("scoring.f_none").into_owned(),
    }
}

/// What the treatment of a leaf did, in words: `none needed`, `winsorised (high end)`, `log`, …
pub fn treatment(t: &Treated) -> String {
    match &t.outcome {
        Outcome::Passed => t!("scoring.t_passed").into_owned(),
        Outcome::Winsorised { high: true, .. } => t!("scoring.t_winsorised_high").into_owned(),
        Outcome::Winsorised { high: false, .. } => t!("scoring.t_winsorised_low").into_owned(),
        Outcome::Transformed(f) => fallback(f),
    }
}

/// How a missing value is filled, in words (`mean per 区域` / 按「区域」分组的均值); the policy's
/// spec words for the policies that fill nothing.
pub fn missing(m: &Missing) -> String {
    match m {
        Missing::Zero => t!("scoring.p_zero").into_owned(),
        Missing::Mean(None) => t!("scoring.p_mean").into_owned(),
        Missing::Mean(Some(a)) => t!("scoring.p_mean_per", attr = &a.node).into_owned(),
        Missing::Median(None) => t!("scoring.p_median").into_owned(),
        Missing::Median(Some(a)) => t!("scoring.p_median_per", attr = &a.node).into_owned(),
        other => other.describe(),
    }
}

/// The quantity a scoring error is about (`points`, `standard deviation`, `share`), in the
/// language spoken.
pub fn quantity(what: &str) -> String {
    let key = match what {
        "points" => "scoring.w_points",
        "standard deviation" => "scoring.w_sd",
        "share" => "scoring.w_share",
        _ => return what.to_string(),
    };
    t!(key).into_owned()
}
