//! Money, numbers and dates written the way each language writes them.
//!
//! Fluent's `NUMBER()` in `fluent-bundle` is not locale-aware, so the scripts get
//! these values preformatted as strings; counts that drive plural forms stay numbers.
//! The conventions follow CLDR: decimal and group separators, Polish leaving
//! four-digit amounts ungrouped, the currency symbol's place, and month names in
//! the genitive case where the language declines them in dates ("14. března").

use chrono::{Datelike, NaiveDate};
use rust_decimal::{Decimal, RoundingStrategy};

use super::Language;

/// No-break space: keeps "1 234" and "250 Kč" on one line.
const NBSP: char = '\u{a0}';

/// Digits after the decimal point for a currency (ISO 4217 minor units).
pub fn currency_decimals(currency: &str) -> u32 {
    match currency {
        "BIF" | "CLP" | "DJF" | "GNF" | "ISK" | "JPY" | "KMF" | "KRW" | "PYG" | "RWF" | "UGX"
        | "VND" | "VUV" | "XAF" | "XOF" | "XPF" => 0,
        "BHD" | "IQD" | "JOD" | "KWD" | "LYD" | "OMR" | "TND" => 3,
        _ => 2,
    }
}

/// An amount of money as the language writes it: `€1,234.50`, `1.234,50 €`,
/// `1 234,50 Kč`, `1234,50 zł`, `1 234,50 ₽`.
pub fn format_money(amount: Decimal, currency: &str, language: Language) -> String {
    let digits = currency_decimals(currency);
    let number = format_decimal(amount.abs(), digits, language);
    let sign = if amount.is_sign_negative() && !amount.is_zero() {
        "-"
    } else {
        ""
    };
    let symbol = currency_symbol(currency, language);
    match language {
        Language::En => {
            if symbol.chars().count() == 1 {
                format!("{sign}{symbol}{number}")
            } else {
                format!("{sign}{symbol}{NBSP}{number}")
            }
        }
        _ => format!("{sign}{number}{NBSP}{symbol}"),
    }
}

/// A non-negative decimal with `digits` decimals and the language's separators.
pub fn format_decimal(value: Decimal, digits: u32, language: Language) -> String {
    let mut rounded = value.round_dp_with_strategy(digits, RoundingStrategy::MidpointAwayFromZero);
    rounded.rescale(digits);
    let text = rounded.abs().to_string();
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let (group, decimal, min_grouping) = match language {
        Language::En => (',', '.', 1),
        Language::De => ('.', ',', 1),
        Language::Cs | Language::Ru | Language::Uk => (NBSP, ',', 1),
        // CLDR: Polish groups only from five digits on ("1234", "12 345").
        Language::Pl => (NBSP, ',', 2),
    };
    let mut grouped = String::new();
    let count = whole.len();
    let group_it = count >= 3 + min_grouping;
    for (index, ch) in whole.chars().enumerate() {
        if group_it && index > 0 && (count - index) % 3 == 0 {
            grouped.push(group);
        }
        grouped.push(ch);
    }
    if fraction.is_empty() {
        grouped
    } else {
        format!("{grouped}{decimal}{fraction}")
    }
}

fn currency_symbol(currency: &str, language: Language) -> &str {
    use Language::*;
    match (currency, language) {
        ("EUR", _) => "€",
        ("GBP", _) => "£",
        ("USD", Cs) => "US$",
        ("USD", Pl) => "USD",
        ("USD", _) => "$",
        ("JPY", En | De) => "¥",
        ("CZK", Cs) => "Kč",
        ("PLN", Pl) => "zł",
        ("RUB", Ru) => "₽",
        ("UAH", Uk | Ru) => "₴",
        _ => currency,
    }
}

/// A calendar date written out: `14 March 2026`, `14. března 2026`, `14 marca 2026`,
/// `14 марта 2026 г.`, `14 березня 2026 р.`, `14. März 2026`.
pub fn format_date(date: NaiveDate, language: Language) -> String {
    let month = date.month0() as usize;
    let (day, year) = (date.day(), date.year());
    match language {
        Language::En => format!("{day} {} {year}", EN_MONTHS[month]),
        Language::De => format!("{day}. {} {year}", DE_MONTHS[month]),
        Language::Cs => format!("{day}. {} {year}", CS_MONTHS_GENITIVE[month]),
        Language::Pl => format!("{day} {} {year}", PL_MONTHS_GENITIVE[month]),
        Language::Ru => format!("{day} {} {year}{NBSP}г.", RU_MONTHS_GENITIVE[month]),
        Language::Uk => format!("{day} {} {year}{NBSP}р.", UK_MONTHS_GENITIVE[month]),
    }
}

const EN_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const DE_MONTHS: [&str; 12] = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
];
const CS_MONTHS_GENITIVE: [&str; 12] = [
    "ledna",
    "února",
    "března",
    "dubna",
    "května",
    "června",
    "července",
    "srpna",
    "září",
    "října",
    "listopadu",
    "prosince",
];
const PL_MONTHS_GENITIVE: [&str; 12] = [
    "stycznia",
    "lutego",
    "marca",
    "kwietnia",
    "maja",
    "czerwca",
    "lipca",
    "sierpnia",
    "września",
    "października",
    "listopada",
    "grudnia",
];
const RU_MONTHS_GENITIVE: [&str; 12] = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
];
const UK_MONTHS_GENITIVE: [&str; 12] = [
    "січня",
    "лютого",
    "березня",
    "квітня",
    "травня",
    "червня",
    "липня",
    "серпня",
    "вересня",
    "жовтня",
    "листопада",
    "грудня",
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(text: &str) -> Decimal {
        Decimal::from_str(text).unwrap()
    }

    fn nb(text: &str) -> String {
        text.replace(' ', "\u{a0}")
    }

    #[test]
    fn money_follows_each_languages_conventions() {
        let amount = d("1234.5");
        assert_eq!(format_money(amount, "EUR", Language::En), "€1,234.50");
        assert_eq!(
            format_money(amount, "CZK", Language::En),
            nb("CZK 1,234.50")
        );
        assert_eq!(format_money(amount, "EUR", Language::De), nb("1.234,50 €"));
        assert_eq!(format_money(amount, "CZK", Language::Cs), nb("1 234,50 Kč"));
        assert_eq!(format_money(amount, "EUR", Language::Cs), nb("1 234,50 €"));
        assert_eq!(format_money(amount, "PLN", Language::Pl), nb("1234,50 zł"));
        assert_eq!(
            format_money(d("12345.5"), "PLN", Language::Pl),
            nb("12 345,50 zł")
        );
        assert_eq!(format_money(amount, "RUB", Language::Ru), nb("1 234,50 ₽"));
        assert_eq!(format_money(amount, "UAH", Language::Uk), nb("1 234,50 ₴"));
        assert_eq!(
            format_money(d("1234567.891"), "USD", Language::En),
            "$1,234,567.89"
        );
        assert_eq!(format_money(d("-5"), "GBP", Language::En), "-£5.00");
        assert_eq!(format_money(d("1500"), "JPY", Language::En), "¥1,500");
        assert_eq!(format_money(d("0.125"), "EUR", Language::De), nb("0,13 €"));
    }

    #[test]
    fn small_numbers_are_not_grouped() {
        assert_eq!(format_decimal(d("999"), 0, Language::Cs), "999");
        assert_eq!(format_decimal(d("100000"), 0, Language::Ru), nb("100 000"));
    }

    #[test]
    fn dates_use_the_genitive_month_where_the_language_declines_it() {
        let date = NaiveDate::from_ymd_opt(2026, 3, 14).unwrap();
        assert_eq!(format_date(date, Language::En), "14 March 2026");
        assert_eq!(format_date(date, Language::De), "14. März 2026");
        assert_eq!(format_date(date, Language::Cs), "14. března 2026");
        assert_eq!(format_date(date, Language::Pl), "14 marca 2026");
        assert_eq!(format_date(date, Language::Ru), "14 марта 2026\u{a0}г.");
        assert_eq!(format_date(date, Language::Uk), "14 березня 2026\u{a0}р.");
    }
}
