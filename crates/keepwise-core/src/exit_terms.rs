//! Fair exit terms for a term contract (DESIGN.md, "Exit terms", principle 6).
//!
//! A customer who cannot or does not use a term contract may leave early. The fair
//! exit fee covers only the business's upfront costs (acquisition, onboarding,
//! equipment, introductory discount) not yet written off: they are written off
//! straight-line over the term, one equal part per *whole* month elapsed. Next to it
//! stands the alternative, "enforce the contract": the remaining monthly fees, billed
//! for a service the customer may not use, shown with the customer's recent usage.
//! All money is exact decimal; each figure comes with the arithmetic behind it.

use chrono::{Datelike, Days, Months, NaiveDate};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use crate::records::{Contract, Usage};
use crate::scripts::format::currency_decimals;

/// Days of usage shown next to the exit terms, ending at `as_of`.
pub const RECENT_USAGE_DAYS: u32 = 90;

/// Where the contract stands on the day the terms are computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContractStanding {
    /// `as_of` is before the start date.
    NotStarted,
    /// Inside the term.
    Running,
    /// The whole term has elapsed; nothing remains to bill or to write off.
    PastTerm,
    /// The contract already ended (`ended_at`); no exit is needed.
    Ended,
}

/// The customer's use of the contract in the last [`RECENT_USAGE_DAYS`] days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecentUsage {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub days: u32,
    pub days_with_use: u32,
    pub total_quantity: Decimal,
}

/// The exit terms of one contract on one day, with the arithmetic shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExitTerms {
    pub contract_id: String,
    pub customer_id: String,
    pub as_of: NaiveDate,
    pub start_date: NaiveDate,
    /// The day the term ends (start date plus the term).
    pub term_end: NaiveDate,
    pub term_months: u32,
    pub standing: ContractStanding,
    pub months_elapsed: u32,
    pub months_remaining: u32,
    pub monthly_fee: Decimal,
    pub currency: String,
    pub upfront_cost: Decimal,
    /// Upfront cost already written off over the whole months elapsed.
    pub amortized_upfront_cost: Decimal,
    /// Upfront cost not yet written off: the basis of the fair exit fee.
    pub unamortized_upfront_cost: Decimal,
    /// The fair exit fee: the unamortized upfront cost, never more than the remaining fees.
    pub exit_fee: Decimal,
    /// What "enforce the contract" would bill: remaining months times the monthly fee.
    pub remaining_fees: Decimal,
    pub recent_usage: RecentUsage,
    /// The arithmetic behind every figure, one line each, in plain words.
    pub arithmetic: Vec<String>,
}

/// Computes the exit terms of `contract` as of `as_of`, with the usage rows of its customer.
///
/// Usage rows count when they name this contract, or name no contract and belong to
/// the contract's customer.
pub fn exit_terms(contract: &Contract, usage: &[Usage], as_of: NaiveDate) -> ExitTerms {
    let term = contract.term_months.max(1);
    let term_end = add_months(contract.start_date, term);
    let ended = contract.ended_at.filter(|end| *end <= as_of);
    let measured_on = ended.unwrap_or(as_of);
    let months_elapsed = whole_months_between(contract.start_date, measured_on).min(term);
    let standing = if ended.is_some() {
        ContractStanding::Ended
    } else if as_of < contract.start_date {
        ContractStanding::NotStarted
    } else if months_elapsed >= term {
        ContractStanding::PastTerm
    } else {
        ContractStanding::Running
    };
    let months_unamortized = term - months_elapsed;
    let months_remaining = if ended.is_some() {
        0
    } else {
        months_unamortized
    };

    let digits = currency_decimals(&contract.currency);
    let round = |amount: Decimal| {
        amount.round_dp_with_strategy(digits, RoundingStrategy::MidpointAwayFromZero)
    };
    let upfront = contract.upfront_cost.unwrap_or(Decimal::ZERO);
    // Computed from the remaining share directly, so that written-off plus not written off
    // is exactly the upfront cost whatever the rounding.
    let unamortized = round(upfront * Decimal::from(months_unamortized) / Decimal::from(term));
    let amortized = upfront - unamortized;
    let remaining_fees = contract.monthly_fee * Decimal::from(months_remaining);
    let exit_fee = if ended.is_some() {
        Decimal::ZERO
    } else {
        unamortized.min(remaining_fees)
    };

    let recent_usage = recent_usage(contract, usage, as_of);
    let money = |amount: Decimal| plain_money(amount, &contract.currency);
    let mut arithmetic = vec![format!(
        "term: {term} months from {} to {term_end}; as of {as_of}, {months_elapsed} whole {} elapsed, {months_remaining} {} left to bill",
        contract.start_date,
        months_word(months_elapsed),
        months_word(months_remaining),
    )];
    if standing == ContractStanding::NotStarted {
        arithmetic.push(format!(
            "the contract has not started yet: it starts on {}",
            contract.start_date
        ));
    }
    if let Some(end) = ended {
        arithmetic.push(format!(
            "the contract ended on {end}: nothing is left to bill and no exit fee applies"
        ));
    }
    if upfront.is_zero() {
        arithmetic
            .push("upfront costs: none recorded, so nothing is left to write off".to_string());
    } else {
        arithmetic.push(format!(
            "upfront costs: {} written off straight-line over {term} months = {} a month",
            money(upfront),
            money(upfront / Decimal::from(term)),
        ));
        arithmetic.push(format!(
            "written off so far: {} × {months_elapsed} / {term} = {}",
            money(upfront),
            money(amortized)
        ));
        arithmetic.push(format!(
            "not yet written off (unamortized): {} × {months_unamortized} / {term} = {}",
            money(upfront),
            money(unamortized)
        ));
    }
    if ended.is_none() {
        if unamortized > remaining_fees {
            arithmetic.push(format!(
                "fair exit fee: the unamortized upfront cost, capped at the remaining fees = {}",
                money(exit_fee)
            ));
        } else {
            arithmetic.push(format!(
                "fair exit fee: the unamortized upfront cost = {}",
                money(exit_fee)
            ));
        }
    }
    arithmetic.push(format!(
        "enforce the contract instead: {months_remaining} remaining {} × {} = {}",
        months_word(months_remaining),
        money(contract.monthly_fee),
        money(remaining_fees)
    ));
    arithmetic.push(format!(
        "recent usage: {} of the last {} days with use ({} to {}), {} units in total",
        recent_usage.days_with_use,
        recent_usage.days,
        recent_usage.from,
        recent_usage.to,
        recent_usage.total_quantity.normalize()
    ));

    // Amounts are shown with at least the currency's decimals ("850.00", never "850").
    let fixed = |amount: Decimal| {
        let mut amount = amount;
        if amount.scale() < digits {
            amount.rescale(digits);
        }
        amount
    };
    ExitTerms {
        contract_id: contract.contract_id.clone(),
        customer_id: contract.customer_id.clone(),
        as_of,
        start_date: contract.start_date,
        term_end,
        term_months: contract.term_months,
        standing,
        months_elapsed,
        months_remaining,
        monthly_fee: fixed(contract.monthly_fee),
        currency: contract.currency.clone(),
        upfront_cost: fixed(upfront),
        amortized_upfront_cost: fixed(amortized),
        unamortized_upfront_cost: fixed(unamortized),
        exit_fee: fixed(exit_fee),
        remaining_fees: fixed(remaining_fees),
        recent_usage,
        arithmetic,
    }
}

impl ExitTerms {
    /// The two choices side by side, as (label, value) rows for a table.
    pub fn rows(&self) -> Vec<(&'static str, String)> {
        let money = |amount: Decimal| plain_money(amount, &self.currency);
        vec![
            ("contract", self.contract_id.clone()),
            ("customer", self.customer_id.clone()),
            ("as of", self.as_of.to_string()),
            ("standing", format!("{:?}", self.standing).to_lowercase()),
            (
                "term",
                format!(
                    "{} months, {} to {}",
                    self.term_months, self.start_date, self.term_end
                ),
            ),
            ("months elapsed", self.months_elapsed.to_string()),
            ("months remaining", self.months_remaining.to_string()),
            ("monthly fee", money(self.monthly_fee)),
            ("upfront cost", money(self.upfront_cost)),
            (
                "unamortized upfront cost",
                money(self.unamortized_upfront_cost),
            ),
            ("fair exit fee", money(self.exit_fee)),
            (
                "enforce the contract (remaining fees)",
                money(self.remaining_fees),
            ),
            (
                "recent usage",
                format!(
                    "{} of {} days, {} units",
                    self.recent_usage.days_with_use,
                    self.recent_usage.days,
                    self.recent_usage.total_quantity.normalize()
                ),
            ),
        ]
    }
}

/// Whole months from `start` to `day`: the largest n with start + n months ≤ day
/// (a month added to the 31st ends on the last day of a shorter month).
pub fn whole_months_between(start: NaiveDate, day: NaiveDate) -> u32 {
    if day <= start {
        return 0;
    }
    let guess = (day.year() - start.year()) * 12 + day.month() as i32 - start.month() as i32;
    let mut months = guess.max(0) as u32;
    while months > 0 && add_months(start, months) > day {
        months -= 1;
    }
    months
}

fn add_months(day: NaiveDate, months: u32) -> NaiveDate {
    day.checked_add_months(Months::new(months))
        .unwrap_or(NaiveDate::MAX)
}

fn recent_usage(contract: &Contract, usage: &[Usage], as_of: NaiveDate) -> RecentUsage {
    let from = as_of
        .checked_sub_days(Days::new(u64::from(RECENT_USAGE_DAYS - 1)))
        .unwrap_or(NaiveDate::MIN);
    let mut days_with_use = std::collections::BTreeSet::new();
    let mut total = Decimal::ZERO;
    for row in usage {
        let ours = match &row.contract_id {
            Some(id) => *id == contract.contract_id,
            None => row.customer_id == contract.customer_id,
        };
        if ours && row.date >= from && row.date <= as_of {
            total += row.quantity;
            if row.quantity > Decimal::ZERO {
                days_with_use.insert(row.date);
            }
        }
    }
    RecentUsage {
        from,
        to: as_of,
        days: RECENT_USAGE_DAYS,
        days_with_use: days_with_use.len() as u32,
        total_quantity: total,
    }
}

/// An amount with the currency's number of decimals and its ISO code: `1200.00 EUR`.
pub fn plain_money(amount: Decimal, currency: &str) -> String {
    let digits = currency_decimals(currency);
    let mut rounded = amount.round_dp_with_strategy(digits, RoundingStrategy::MidpointAwayFromZero);
    rounded.rescale(digits);
    format!("{rounded} {currency}")
}

fn months_word(count: u32) -> &'static str {
    if count == 1 { "month" } else { "months" }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(text: &str) -> Decimal {
        Decimal::from_str(text).unwrap()
    }

    fn day(text: &str) -> NaiveDate {
        NaiveDate::from_str(text).unwrap()
    }

    fn contract(upfront: Option<&str>) -> Contract {
        Contract {
            contract_id: "k-1".into(),
            customer_id: "c-1".into(),
            start_date: day("2026-01-15"),
            term_months: 24,
            monthly_fee: d("60.00"),
            currency: "EUR".into(),
            upfront_cost: upfront.map(d),
            notice_days: Some(30),
            ended_at: None,
        }
    }

    #[test]
    fn whole_months_count_only_completed_months() {
        assert_eq!(
            whole_months_between(day("2026-01-15"), day("2026-02-14")),
            0
        );
        assert_eq!(
            whole_months_between(day("2026-01-15"), day("2026-02-15")),
            1
        );
        assert_eq!(
            whole_months_between(day("2026-01-31"), day("2026-02-28")),
            1
        );
        assert_eq!(
            whole_months_between(day("2026-01-31"), day("2026-03-30")),
            1
        );
        assert_eq!(
            whole_months_between(day("2026-01-31"), day("2026-03-31")),
            2
        );
        assert_eq!(
            whole_months_between(day("2026-01-15"), day("2025-12-01")),
            0
        );
        assert_eq!(
            whole_months_between(day("2024-03-10"), day("2026-03-10")),
            24
        );
    }

    #[test]
    fn midway_the_exit_fee_is_the_unamortized_upfront_cost() {
        let terms = exit_terms(&contract(Some("1200")), &[], day("2026-08-20"));
        assert_eq!((terms.months_elapsed, terms.months_remaining), (7, 17));
        assert_eq!(terms.amortized_upfront_cost, d("350.00"));
        assert_eq!(terms.unamortized_upfront_cost, d("850.00"));
        assert_eq!(terms.exit_fee, d("850.00"));
        assert_eq!(terms.remaining_fees, d("1020.00"));
        assert_eq!(terms.standing, ContractStanding::Running);
        assert!(terms.arithmetic.contains(
            &"not yet written off (unamortized): 1200.00 EUR × 17 / 24 = 850.00 EUR".to_string()
        ));
        assert!(
            terms.arithmetic.contains(
                &"enforce the contract instead: 17 remaining months × 60.00 EUR = 1020.00 EUR"
                    .to_string()
            )
        );
    }

    #[test]
    fn in_the_first_month_the_whole_upfront_cost_is_unamortized() {
        let terms = exit_terms(&contract(Some("480")), &[], day("2026-02-14"));
        assert_eq!((terms.months_elapsed, terms.months_remaining), (0, 24));
        assert_eq!(terms.unamortized_upfront_cost, d("480.00"));
        assert_eq!(terms.exit_fee, d("480.00"));
        assert_eq!(terms.remaining_fees, d("1440.00"));
    }

    #[test]
    fn in_the_last_month_one_part_is_left() {
        let terms = exit_terms(&contract(Some("480")), &[], day("2027-12-20"));
        assert_eq!((terms.months_elapsed, terms.months_remaining), (23, 1));
        assert_eq!(terms.unamortized_upfront_cost, d("20.00"));
        assert_eq!(terms.exit_fee, d("20.00"));
        assert_eq!(terms.remaining_fees, d("60.00"));
        assert!(
            terms.arithmetic[0].contains("1 month left to bill"),
            "{}",
            terms.arithmetic[0]
        );
    }

    #[test]
    fn past_its_term_nothing_is_owed() {
        let terms = exit_terms(&contract(Some("480")), &[], day("2028-06-01"));
        assert_eq!(terms.standing, ContractStanding::PastTerm);
        assert_eq!((terms.months_elapsed, terms.months_remaining), (24, 0));
        assert_eq!(terms.unamortized_upfront_cost, Decimal::ZERO);
        assert_eq!(terms.amortized_upfront_cost, d("480"));
        assert_eq!(terms.exit_fee, Decimal::ZERO);
        assert_eq!(terms.remaining_fees, Decimal::ZERO);
    }

    #[test]
    fn without_upfront_cost_the_exit_is_free() {
        let terms = exit_terms(&contract(None), &[], day("2026-08-20"));
        assert_eq!(terms.upfront_cost, Decimal::ZERO);
        assert_eq!(terms.exit_fee, Decimal::ZERO);
        assert_eq!(terms.remaining_fees, d("1020.00"));
        assert!(
            terms
                .arithmetic
                .iter()
                .any(|l| l.starts_with("upfront costs: none recorded"))
        );
    }

    #[test]
    fn uneven_parts_round_to_cents_and_still_add_up_exactly() {
        let mut k = contract(Some("1000"));
        k.term_months = 12;
        let terms = exit_terms(&k, &[], day("2026-02-15"));
        assert_eq!(terms.months_elapsed, 1);
        assert_eq!(terms.unamortized_upfront_cost, d("916.67"));
        assert_eq!(terms.amortized_upfront_cost, d("83.33"));
        assert_eq!(
            terms.amortized_upfront_cost + terms.unamortized_upfront_cost,
            d("1000")
        );
        assert!(
            terms
                .arithmetic
                .iter()
                .any(|l| l.contains("= 83.33 EUR a month")),
            "{:?}",
            terms.arithmetic
        );
    }

    #[test]
    fn the_exit_fee_never_exceeds_enforcing_the_contract() {
        let mut k = contract(Some("5000"));
        k.monthly_fee = d("10");
        let terms = exit_terms(&k, &[], day("2027-10-20"));
        assert_eq!(terms.months_remaining, 3);
        assert_eq!(terms.unamortized_upfront_cost, d("625.00"));
        assert_eq!(terms.exit_fee, d("30"));
        assert!(
            terms
                .arithmetic
                .iter()
                .any(|l| l.contains("capped at the remaining fees"))
        );
    }

    #[test]
    fn before_the_start_the_whole_term_remains() {
        let terms = exit_terms(&contract(Some("240")), &[], day("2026-01-01"));
        assert_eq!(terms.standing, ContractStanding::NotStarted);
        assert_eq!((terms.months_elapsed, terms.months_remaining), (0, 24));
        assert_eq!(terms.exit_fee, d("240.00"));
    }

    #[test]
    fn an_ended_contract_has_no_exit_fee_and_nothing_left_to_bill() {
        let mut k = contract(Some("1200"));
        k.ended_at = Some(day("2026-07-20"));
        let terms = exit_terms(&k, &[], day("2026-09-01"));
        assert_eq!(terms.standing, ContractStanding::Ended);
        assert_eq!(terms.months_elapsed, 6);
        assert_eq!(terms.months_remaining, 0);
        assert_eq!(terms.exit_fee, Decimal::ZERO);
        assert_eq!(terms.remaining_fees, Decimal::ZERO);
    }

    #[test]
    fn currencies_without_minor_units_round_to_whole_amounts() {
        let mut k = contract(Some("100000"));
        k.currency = "JPY".into();
        k.term_months = 7;
        let terms = exit_terms(&k, &[], day("2026-02-15"));
        assert_eq!(terms.unamortized_upfront_cost, d("85714"));
        assert_eq!(plain_money(d("85714"), "JPY"), "85714 JPY");
    }

    #[test]
    fn recent_usage_counts_the_last_ninety_days_of_this_contract() {
        let row = |contract_id: Option<&str>, date: &str, quantity: &str| Usage {
            customer_id: "c-1".into(),
            contract_id: contract_id.map(str::to_string),
            date: day(date),
            quantity: d(quantity),
        };
        let usage = vec![
            row(Some("k-1"), "2026-08-20", "2"),
            row(Some("k-1"), "2026-05-23", "1.5"),
            row(Some("k-1"), "2026-05-22", "9"),
            row(Some("k-2"), "2026-08-01", "9"),
            row(None, "2026-07-01", "3"),
            row(Some("k-1"), "2026-07-02", "0"),
        ];
        let terms = exit_terms(&contract(Some("1200")), &usage, day("2026-08-20"));
        assert_eq!(terms.recent_usage.from, day("2026-05-23"));
        assert_eq!(terms.recent_usage.days_with_use, 3);
        assert_eq!(terms.recent_usage.total_quantity, d("6.5"));
    }

    #[test]
    fn json_has_the_documented_fields_with_exact_amounts() {
        let json =
            serde_json::to_value(exit_terms(&contract(Some("1200")), &[], day("2026-08-20")))
                .unwrap();
        for field in [
            "contract_id",
            "months_elapsed",
            "months_remaining",
            "upfront_cost",
            "unamortized_upfront_cost",
            "exit_fee",
            "remaining_fees",
            "recent_usage",
            "currency",
        ] {
            assert!(json.get(field).is_some(), "missing {field}");
        }
        assert_eq!(json["exit_fee"], "850.00");
        assert_eq!(json["months_elapsed"], 7);
    }
}
