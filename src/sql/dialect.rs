//! Every difference between the SQL engines `cix sql` writes for, in one place: quoting, the
//! exact decimal type, arithmetic that keeps it, rounding, errors raised from a query, and
//! reading a number out of text.
//!
//! Numbers are held in one working type `W` everywhere: DuckDB `DECIMAL(38, 12)`, PostgreSQL
//! `NUMERIC(38, 12)`, Spark `DECIMAL(24, 12)` (Spark cuts the scale of a product or quotient of
//! two `DECIMAL(38, s)` to 6 digits; with 24 digits the exact result fits its `DECIMAL(38, s)`).
//! Every arithmetic step is cast back to `W`, rounding half away from zero at 12 decimals.

use rust_decimal::{Decimal, RoundingStrategy};

/// The decimals every value keeps in SQL.
pub const SCALE: u32 = 12;

/// An SQL engine `cix sql` writes for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    DuckDb,
    Postgres,
    Spark,
}

impl Dialect {
    /// A dialect by its name on the command line.
    pub fn parse(name: &str) -> Option<Dialect> {
        match name.to_ascii_lowercase().as_str() {
            "duckdb" => Some(Dialect::DuckDb),
            "postgres" | "postgresql" => Some(Dialect::Postgres),
            "spark" | "sparksql" => Some(Dialect::Spark),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Dialect::DuckDb => "duckdb",
            Dialect::Postgres => "postgres",
            Dialect::Spark => "spark",
        }
    }

    /// A quoted identifier (Chinese names included).
    pub fn ident(self, name: &str) -> String {
        match self {
            Dialect::Spark => format!("`{}`", name.replace('`', "``")),
            Dialect::DuckDb | Dialect::Postgres => format!("\"{}\"", name.replace('"', "\"\"")),
        }
    }

    /// A string literal.
    pub fn string(self, text: &str) -> String {
        let quoted = text.replace('\'', "''");
        match self {
            // Spark reads backslash escapes inside string literals.
            Dialect::Spark => format!("'{}'", quoted.replace('\\', "\\\\")),
            Dialect::DuckDb | Dialect::Postgres => format!("'{quoted}'"),
        }
    }

    /// The working decimal type.
    pub fn decimal(self) -> &'static str {
        match self {
            Dialect::DuckDb => "DECIMAL(38, 12)",
            Dialect::Postgres => "NUMERIC(38, 12)",
            Dialect::Spark => "DECIMAL(24, 12)",
        }
    }

    /// The text type.
    pub fn text(self) -> &'static str {
        match self {
            Dialect::DuckDb => "VARCHAR",
            Dialect::Postgres => "TEXT",
            Dialect::Spark => "STRING",
        }
    }

    /// The most integer digits the working type holds.
    pub fn integer_digits(self) -> u32 {
        match self {
            Dialect::DuckDb | Dialect::Postgres => 26,
            Dialect::Spark => 12,
        }
    }

    /// An expression cast to the working type (once: an expression that is already one such
    /// cast is kept as it is).
    pub fn cast(self, expr: &str) -> String {
        let suffix = format!(" AS {})", self.decimal());
        if expr.starts_with("CAST(") && expr.ends_with(&suffix) && closes_at_end(expr) {
            return expr.to_string();
        }
        format!("CAST({expr}{suffix}")
    }

    /// A number as a literal of the working type (rounded half away from zero to 12
    /// decimals); `None` when it has more integer digits than the type holds.
    pub fn number(self, v: Decimal) -> Option<String> {
        let r = v.round_dp_with_strategy(SCALE, RoundingStrategy::MidpointAwayFromZero);
        let limit = 10i128.checked_pow(self.integer_digits())?;
        if r.abs().trunc() >= Decimal::from_i128_with_scale(limit, 0) {
            return None;
        }
        Some(self.cast(&r.normalize().to_string()))
    }

    pub fn add(self, a: &str, b: &str) -> String {
        self.cast(&format!("({a}) + ({b})"))
    }

    pub fn sub(self, a: &str, b: &str) -> String {
        self.cast(&format!("({a}) - ({b})"))
    }

    pub fn mul(self, a: &str, b: &str) -> String {
        self.cast(&format!("({a}) * ({b})"))
    }

    /// `a ÷ b` in the working type. DuckDB divides decimals in floating point (a double keeps
    /// 15–17 digits, so the 12 decimals kept are right except within 10⁻¹⁵ of a rounding step).
    pub fn div(self, a: &str, b: &str) -> String {
        self.cast(&format!("{} / ({b})", self.cast(a)))
    }

    /// A function of one number that engines compute in floating point (ln, exp, sqrt).
    pub fn func(self, f: &str, x: &str) -> String {
        self.cast(&format!("{f}({x})"))
    }

    /// An expression of the working type that stops the query with a message.
    pub fn error(self, message: &str) -> String {
        let m = self.string(&format!("cix: {message}"));
        match self {
            Dialect::DuckDb => self.cast(&format!("error({m})")),
            Dialect::Spark => self.cast(&format!("raise_error({m})")),
            // PostgreSQL has no function that raises; casting the message to a number fails
            // with the message in the error. `random()` keeps the planner from casting it
            // before it knows whether the branch is taken.
            Dialect::Postgres => self.cast(&format!("{m} || LEFT(CAST(random() AS text), 0)")),
        }
    }

    /// Text as a number of the working type, NULL when it is not one.
    pub fn try_number(self, text: &str) -> String {
        match self {
            Dialect::DuckDb | Dialect::Spark => format!("TRY_CAST({text} AS {})", self.decimal()),
            Dialect::Postgres => format!(
                "CASE WHEN TRIM({text}) ~ '^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)$' THEN {} END",
                self.cast(&format!("TRIM({text})"))
            ),
        }
    }

    /// Round to `digits` decimals, half away from zero (all three engines round decimals so).
    pub fn round(self, x: &str, digits: u32) -> String {
        format!("ROUND({x}, {digits})")
    }
}

/// Whether the bracket opened by `CAST(` at the start of `expr` closes at its last character
/// (brackets inside string literals are skipped).
fn closes_at_end(expr: &str) -> bool {
    let mut depth = 0usize;
    let mut in_string = false;
    let last = expr.len().saturating_sub(1);
    for (i, c) in expr.char_indices() {
        match c {
            '\'' => in_string = !in_string,
            '(' if !in_string => depth = depth.saturating_add(1),
            ')' if !in_string => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return i == last;
                }
            }
            _ => {}
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cast_is_not_cast_again() {
        let d = Dialect::DuckDb;
        let once = d.cast("x");
        assert_eq!(d.cast(&once), once);
        // Two casts side by side are one expression to cast.
        let sum = format!("{once} + {once}");
        assert_eq!(d.cast(&sum), format!("CAST({sum} AS DECIMAL(38, 12))"));
        assert_eq!(
            d.cast("CAST(')' AS DECIMAL(38, 12))"),
            "CAST(')' AS DECIMAL(38, 12))"
        );
    }

    #[test]
    fn identifiers_and_strings_are_quoted_per_dialect() {
        assert_eq!(Dialect::Spark.ident("a`b"), "`a``b`");
        assert_eq!(Dialect::Postgres.ident("总\"分"), "\"总\"\"分\"");
        assert_eq!(Dialect::Spark.string("it's \\"), "'it''s \\\\'");
        assert_eq!(Dialect::DuckDb.string("it's"), "'it''s'");
    }

    #[test]
    fn numbers_beyond_the_type_are_refused() {
        let big = Decimal::from(10_000_000_000_000i64);
        assert!(Dialect::Spark.number(big).is_none());
        assert!(Dialect::DuckDb.number(big).is_some());
        assert_eq!(
            Dialect::DuckDb
                .number(Decimal::new(123_456_789, 3))
                .as_deref(),
            Some("CAST(123456.789 AS DECIMAL(38, 12))")
        );
    }
}
