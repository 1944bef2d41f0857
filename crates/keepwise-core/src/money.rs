//! Exact money: decimal amounts and the fixed-point minor units used in storage.
//!
//! Amounts are `rust_decimal::Decimal` in memory. The store keeps them as integer
//! ten-thousandths (FORMAT.md allows at most 4 decimals and at most 10^12 per row,
//! so every amount fits an `i64` exactly).

use rust_decimal::Decimal;

/// A decimal amount of money in some currency.
pub type Amount = Decimal;

/// Number of storage units in one unit of currency (4 decimals).
pub const UNITS_PER_CURRENCY_UNIT: i64 = 10_000;

/// Converts an amount with at most 4 decimals to storage units.
///
/// Returns `None` when the amount has more than 4 decimals or does not fit.
pub fn to_units(amount: Decimal) -> Option<i64> {
    let scaled = amount.checked_mul(Decimal::from(UNITS_PER_CURRENCY_UNIT))?;
    if scaled.fract() != Decimal::ZERO {
        return None;
    }
    i64::try_from(scaled.trunc()).ok()
}

/// Converts storage units back to an exact decimal amount.
pub fn from_units(units: i64) -> Decimal {
    Decimal::new(units, 4).normalize()
}

/// Approximates an amount as `f64`, for statistical models only (never for storage).
pub fn to_f64(amount: Decimal) -> f64 {
    use rust_decimal::prelude::ToPrimitive;
    amount.to_f64().unwrap_or(f64::NAN)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn units_round_trip_is_exact() {
        for text in ["0", "0.0001", "12.5", "999999999999.9999", "-3.25"] {
            let amount = Decimal::from_str(text).unwrap();
            assert_eq!(from_units(to_units(amount).unwrap()), amount.normalize());
        }
    }

    #[test]
    fn more_than_four_decimals_is_rejected() {
        assert_eq!(to_units(Decimal::from_str("1.00001").unwrap()), None);
    }
}
