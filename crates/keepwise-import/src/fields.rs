//! Typed reading of one record's fields: each reader checks one rule of FORMAT.md
//! and, when it fails, records a problem that says what was expected.

use std::str::FromStr;

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;

use crate::codes;
use crate::problems::{Problem, Problems};
use crate::schema::FileSpec;
use crate::source::RawRow;

pub const TIMESTAMP: &str =
    "a timestamp in RFC 3339 (2025-03-01T14:05:00Z, offsets allowed) or a date (2025-03-01)";
pub const DATE: &str = "a date as YYYY-MM-DD (e.g. 2025-03-01)";

/// Largest amount a row may carry (FORMAT.md: 10^12).
fn max_amount() -> Decimal {
    Decimal::from(1_000_000_000_000i64)
}

/// Which signs an amount may have.
#[derive(Clone, Copy)]
pub enum Sign {
    Positive,
    NonNegative,
    Any,
}

/// The fields of one record, read column by column.
pub struct Fields<'a> {
    file: &'a str,
    spec: &'static FileSpec,
    row: &'a RawRow,
    problems: &'a mut Problems,
    /// False once any field of this record had a problem.
    pub ok: bool,
}

impl<'a> Fields<'a> {
    pub fn new(
        file: &'a str,
        spec: &'static FileSpec,
        row: &'a RawRow,
        problems: &'a mut Problems,
    ) -> Self {
        Fields {
            file,
            spec,
            row,
            problems,
            ok: true,
        }
    }

    pub fn line(&self) -> u64 {
        self.row.line
    }

    /// The raw text of a column, if present and not empty.
    pub fn raw(&self, column: &str) -> Option<&'a str> {
        let index = self.spec.columns.iter().position(|c| c.name == column)?;
        self.row.values.get(index).and_then(|v| v.as_deref())
    }

    /// Records a problem with this record.
    pub fn fail(&mut self, column: &str, value: Option<&str>, expected: impl Into<String>) {
        self.ok = false;
        self.problems.push(Problem {
            file: self.file.to_string(),
            line: Some(self.row.line),
            column: Some(column.to_string()),
            value: value.map(str::to_string),
            expected: expected.into(),
        });
    }

    /// `what` describes a valid value; it is only built when a problem is reported
    /// (these readers run for every field of every row).
    fn required(&mut self, column: &str, what: impl Expected) -> Option<&'a str> {
        let value = self.raw(column);
        if value.is_none() {
            self.fail(
                column,
                None,
                format!("a value (the column is required): {}", what.text()),
            );
        }
        value
    }

    fn checked<T>(
        &mut self,
        column: &str,
        value: Option<&'a str>,
        what: impl Expected,
        parse: impl Fn(&str) -> Option<T>,
    ) -> Option<T> {
        let text = value?;
        match parse(text) {
            Some(v) => Some(v),
            None => {
                self.fail(column, Some(text), what.text());
                None
            }
        }
    }

    pub fn id(&mut self, column: &str) -> Option<String> {
        let v = self.required(column, "an id")?;
        self.checked(
            column,
            Some(v),
            "an id without leading or trailing spaces",
            parse_id,
        )
    }
    pub fn opt_id(&mut self, column: &str) -> Option<String> {
        let v = self.raw(column);
        self.checked(
            column,
            v,
            "an id without leading or trailing spaces",
            parse_id,
        )
    }
    pub fn text(&mut self, column: &str) -> Option<String> {
        self.required(column, "text").map(str::to_string)
    }
    pub fn opt_text(&mut self, column: &str) -> Option<String> {
        self.raw(column).map(str::to_string)
    }
    pub fn timestamp(&mut self, column: &str) -> Option<DateTime<Utc>> {
        let v = self.required(column, TIMESTAMP);
        self.checked(column, v, TIMESTAMP, parse_timestamp)
    }
    pub fn opt_timestamp(&mut self, column: &str) -> Option<DateTime<Utc>> {
        let v = self.raw(column);
        self.checked(column, v, TIMESTAMP, parse_timestamp)
    }
    pub fn date(&mut self, column: &str) -> Option<NaiveDate> {
        let v = self.required(column, DATE);
        self.checked(column, v, DATE, parse_date)
    }
    pub fn opt_date(&mut self, column: &str) -> Option<NaiveDate> {
        let v = self.raw(column);
        self.checked(column, v, DATE, parse_date)
    }
    pub fn money(&mut self, column: &str, sign: Sign) -> Option<Decimal> {
        let v = self.required(column, || money_expected(sign));
        self.money_value(column, v, sign)
    }
    pub fn opt_money(&mut self, column: &str, sign: Sign) -> Option<Decimal> {
        let v = self.raw(column);
        self.money_value(column, v, sign)
    }
    fn money_value(&mut self, column: &str, value: Option<&'a str>, sign: Sign) -> Option<Decimal> {
        let text = value?;
        let Some(amount) = parse_plain_decimal(text, Some(4)) else {
            self.fail(column, Some(text), money_expected(sign));
            return None;
        };
        let sign_ok = match sign {
            Sign::Positive => amount > Decimal::ZERO,
            Sign::NonNegative => amount >= Decimal::ZERO,
            Sign::Any => true,
        };
        if !sign_ok || amount.abs() > max_amount() {
            self.fail(column, Some(text), money_expected(sign));
            return None;
        }
        Some(amount)
    }
    pub fn non_negative_decimal(&mut self, column: &str) -> Option<Decimal> {
        let what = "a decimal number ≥ 0 with '.' as separator (e.g. 12.5)";
        let v = self.required(column, what);
        self.checked(column, v, what, |t| {
            parse_plain_decimal(t, None).filter(|d| *d >= Decimal::ZERO)
        })
    }
    pub fn positive_decimal(&mut self, column: &str) -> Option<Decimal> {
        let what = "a decimal number > 0 with '.' as separator (e.g. 0.85)";
        let v = self.required(column, what);
        self.checked(column, v, what, |t| {
            parse_plain_decimal(t, None).filter(|d| *d > Decimal::ZERO)
        })
    }
    pub fn int(&mut self, column: &str, min: i64, max: i64) -> Option<i64> {
        let what = || int_expected(min, max);
        let v = self.required(column, what);
        self.checked(column, v, what, |t| {
            parse_int(t).filter(|n| (min..=max).contains(n))
        })
    }
    pub fn opt_int(&mut self, column: &str, min: i64, max: i64) -> Option<i64> {
        let what = || int_expected(min, max);
        let v = self.raw(column);
        self.checked(column, v, what, |t| {
            parse_int(t).filter(|n| (min..=max).contains(n))
        })
    }
    pub fn opt_bool(&mut self, column: &str) -> Option<bool> {
        let v = self.raw(column);
        self.checked(
            column,
            v,
            "true or false (empty means unknown)",
            |t| match t {
                "true" => Some(true),
                "false" => Some(false),
                _ => None,
            },
        )
    }
    /// `allowed` lists the values (`paid|refunded|…`), asked for only to report a problem.
    pub fn choice<T: FromStr>(&mut self, column: &str, allowed: fn() -> String) -> Option<T> {
        let what = || format!("one of {}", allowed());
        let v = self.required(column, what);
        self.checked(column, v, what, |t| t.parse().ok())
    }
    pub fn opt_choice<T: FromStr>(&mut self, column: &str, allowed: fn() -> String) -> Option<T> {
        let what = || format!("one of {}", allowed());
        let v = self.raw(column);
        self.checked(column, v, what, |t| t.parse().ok())
    }
    pub fn currency(&mut self, column: &str) -> Option<String> {
        let what = "an ISO 4217 currency code in capitals (e.g. EUR, CZK, PLN)";
        let v = self.required(column, what);
        self.checked(column, v, what, |t| {
            codes::is_currency(t).then(|| t.to_string())
        })
    }
    pub fn opt_language(&mut self, column: &str) -> Option<String> {
        let v = self.raw(column);
        self.checked(
            column,
            v,
            "a BCP 47 language tag (e.g. cs, pl, en, pt-BR)",
            |t| codes::is_language_tag(t).then(|| t.to_string()),
        )
    }
    pub fn opt_country(&mut self, column: &str) -> Option<String> {
        let v = self.raw(column);
        self.checked(
            column,
            v,
            "an ISO 3166-1 alpha-2 country code in capitals (e.g. CZ, DE)",
            |t| codes::is_country(t).then(|| t.to_string()),
        )
    }
}

/// The description of a valid value, for a problem: fixed text, or built on demand.
trait Expected: Copy {
    fn text(self) -> String;
}

impl Expected for &str {
    fn text(self) -> String {
        self.to_string()
    }
}

impl<F: Fn() -> String + Copy> Expected for F {
    fn text(self) -> String {
        self()
    }
}

fn money_expected(sign: Sign) -> String {
    let rule = match sign {
        Sign::Positive => "greater than 0",
        Sign::NonNegative => "0 or more",
        Sign::Any => "negative allowed",
    };
    format!(
        "an amount with '.' as decimal separator, at most 4 decimals, no thousands separators, \
         {rule}, at most 10^12 (e.g. 1250.50)"
    )
}

fn int_expected(min: i64, max: i64) -> String {
    if max == i64::from(u32::MAX) {
        format!("a whole number ≥ {min}")
    } else {
        format!("a whole number from {min} to {max}")
    }
}

fn parse_id(text: &str) -> Option<String> {
    (text.trim() == text && !text.is_empty()).then(|| text.to_string())
}

fn parse_int(text: &str) -> Option<i64> {
    if text.is_empty()
        || !text
            .bytes()
            .enumerate()
            .all(|(i, b)| b.is_ascii_digit() || (i == 0 && b == b'-'))
    {
        return None;
    }
    text.parse().ok()
}

/// A plain decimal: optional `-`, digits, optional `.` and digits; nothing else.
pub fn parse_plain_decimal(text: &str, max_decimals: Option<usize>) -> Option<Decimal> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = match digits.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (digits, None),
    };
    if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if let Some(f) = fraction {
        if f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        if max_decimals.is_some_and(|max| f.len() > max) {
            return None;
        }
    }
    Decimal::from_str(text).ok()
}

pub fn parse_timestamp(text: &str) -> Option<DateTime<Utc>> {
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Some(t.with_timezone(&Utc));
    }
    parse_date(text)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| t.and_utc())
}

pub fn parse_date(text: &str) -> Option<NaiveDate> {
    if text.len() != 10 {
        return None;
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_decimals_refuse_commas_exponents_and_extra_decimals() {
        assert_eq!(
            parse_plain_decimal("12.5", Some(4)),
            Some(Decimal::new(125, 1))
        );
        assert_eq!(
            parse_plain_decimal("-0.0001", Some(4)),
            Some(Decimal::new(-1, 4))
        );
        for bad in [
            "12,5", "1e3", "1,000.00", "12.", ".5", "+1", "12.34567", " 1", "", "-",
        ] {
            assert_eq!(parse_plain_decimal(bad, Some(4)), None, "{bad}");
        }
    }

    #[test]
    fn timestamps_accept_rfc3339_with_offsets_and_plain_dates() {
        let t = parse_timestamp("2025-03-01T15:05:00+01:00").unwrap();
        assert_eq!(t.to_rfc3339(), "2025-03-01T14:05:00+00:00");
        assert_eq!(
            parse_timestamp("2025-03-01").unwrap().to_rfc3339(),
            "2025-03-01T00:00:00+00:00"
        );
        for bad in [
            "2025-13-01",
            "01/03/2025",
            "2025-03-01T14:05",
            "yesterday",
            "2025-3-1",
        ] {
            assert!(parse_timestamp(bad).is_none(), "{bad}");
        }
    }
}
