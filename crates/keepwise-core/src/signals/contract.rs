//! The unused term contract: a customer paying for a service they do not use.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use rust_decimal::Decimal;

use crate::config::Settings;
use crate::money::to_f64;
use crate::norms::Metric;
use crate::records::{Contract, CustomerHistory};

use super::{Evidence, RecordKind, Signal, SignalInput, SignalName};

/// Recent use of one active contract.
#[derive(Debug, Clone, PartialEq)]
pub struct ContractUse<'a> {
    pub contract: &'a Contract,
    /// First day of the lookback (exclusive).
    pub from: NaiveDate,
    pub days: u32,
    pub days_used: u32,
    pub quantity: Decimal,
    /// quantity / days.
    pub rate: f64,
    /// True when the customer has any usage row ever (usage is tracked for them).
    pub ever_used: bool,
}

/// Whole months from `start` to `end`.
fn months_between(start: NaiveDate, end: NaiveDate) -> i32 {
    let months = (end.year() - start.year()) * 12 + end.month() as i32 - start.month() as i32;
    if end.day() < start.day() {
        months - 1
    } else {
        months
    }
}

/// The customer's contracts active at `as_of` and past their grace period, with their
/// use over the last `unused_contract_lookback_days` (usage rows without a contract
/// count for every contract of the customer).
pub fn recent_use<'a>(
    history: &'a CustomerHistory,
    as_of: DateTime<Utc>,
    settings: &Settings,
) -> Vec<ContractUse<'a>> {
    let policy = &settings.policy;
    let today = as_of.date_naive();
    let ever_used = history
        .usage
        .iter()
        .any(|u| u.date <= today && u.quantity > Decimal::ZERO);
    history
        .contracts
        .iter()
        .filter(|c| {
            c.start_date + Duration::days(i64::from(policy.unused_contract_grace_days)) <= today
        })
        .filter(|c| c.ended_at.is_none_or(|end| end > today))
        .map(|c| {
            let from = (today - Duration::days(i64::from(policy.unused_contract_lookback_days)))
                .max(c.start_date);
            let days = (today - from).num_days().max(1) as u32;
            let rows = history.usage.iter().filter(|u| {
                u.date > from
                    && u.date <= today
                    && u.contract_id.as_ref().is_none_or(|id| id == &c.contract_id)
            });
            let mut quantity = Decimal::ZERO;
            let mut used_days = std::collections::BTreeSet::new();
            for u in rows {
                quantity += u.quantity;
                if u.quantity > Decimal::ZERO {
                    used_days.insert(u.date);
                }
            }
            ContractUse {
                contract: c,
                from,
                days,
                days_used: used_days.len() as u32,
                quantity,
                rate: to_f64(quantity) / f64::from(days),
                ever_used,
            }
        })
        .collect()
}

/// `unused_contract`: a term contract with little or no usage.
///
/// For each contract active at `as_of` and older than `unused_contract_grace_days`,
/// the use over the last `unused_contract_lookback_days` (units per day) is compared
/// with the segment's median among contract holders: at or below
/// `unused_contract_max_share` of it, the contract is unused (no use at all: full
/// strength). When the segment's contract holders barely record usage (90th
/// percentile zero) usage is not tracked and nothing is said. Fallback without a
/// norm (too few contract holders): only a contract with no use at all in the
/// lookback, for a customer whose usage was recorded before, counts.
pub fn unused_contract(input: &SignalInput<'_>) -> Option<Signal> {
    let policy = &input.settings.policy;
    let uses = recent_use(input.history, input.as_of, input.settings);
    if uses.is_empty() {
        return None;
    }
    let chosen = input.norms.choose(input.segment(), Metric::UsageRate);
    let mut best: Option<(f64, &ContractUse)> = None;
    for u in &uses {
        let strength = match chosen.norm {
            Some(norm) if norm.p90 <= 0.0 => 0.0,
            Some(norm) => {
                let limit = policy.unused_contract_max_share * norm.median;
                if u.rate <= 0.0 {
                    1.0
                } else if u.rate <= limit {
                    0.5 + 0.5 * (1.0 - u.rate / limit)
                } else {
                    0.0
                }
            }
            None => {
                if u.quantity == Decimal::ZERO && u.ever_used {
                    1.0
                } else {
                    0.0
                }
            }
        };
        if strength > 0.0 && best.as_ref().is_none_or(|(s, _)| strength > *s) {
            best = Some((strength, u));
        }
    }
    let (strength, u) = best?;
    let c = u.contract;
    let today = input.as_of.date_naive();
    let elapsed = months_between(c.start_date, today).max(0);
    let remaining = (c.term_months as i32 - elapsed).max(0);
    let mut evidence = Evidence::default();
    evidence.figure("months elapsed", f64::from(elapsed));
    evidence.figure("months remaining", f64::from(remaining));
    evidence.figure("monthly fee", to_f64(c.monthly_fee));
    evidence.figure("days looked at", f64::from(u.days));
    evidence.figure("days with use", f64::from(u.days_used));
    evidence.figure("units used", to_f64(u.quantity));
    evidence.figure("units per day", u.rate);
    let usual = match chosen.norm {
        Some(norm) => {
            evidence.figure("segment median units per day", norm.median);
            format!(
                ", where contract holders in the {} use {:.2} units a day",
                chosen.source.describe(),
                norm.median
            )
        }
        None => String::new(),
    };
    evidence.record(
        RecordKind::Contract,
        &c.contract_id,
        format!(
            "started {}, {} months at {} a month, {} months remaining",
            c.start_date,
            c.term_months,
            c.monthly_fee.normalize(),
            remaining
        ),
    );
    evidence.explanation = format!(
        "The customer used contract {} on {} of the last {} days ({:.2} units a day{}) while paying {} a month with {} months of the term left.",
        c.contract_id,
        u.days_used,
        u.days,
        u.rate,
        usual,
        c.monthly_fee.normalize(),
        remaining
    );
    Some(Signal {
        name: SignalName::UnusedContract,
        strength,
        severe: false,
        evidence,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_between_counts_whole_months() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(months_between(d(2025, 1, 15), d(2025, 3, 14)), 1);
        assert_eq!(months_between(d(2025, 1, 15), d(2025, 3, 15)), 2);
        assert_eq!(months_between(d(2024, 11, 1), d(2025, 2, 1)), 3);
    }
}
