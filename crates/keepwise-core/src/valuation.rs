//! From the stored records of the whole customer base to each customer's
//! long-term value: builds the sufficient statistics (purchases and support
//! contacts), fits the models once on the whole base, and applies them per customer.
//!
//! Conventions (see docs/models.md):
//! - purchases are paid orders that are not contract invoices, merged per day,
//!   in weeks (days / 7), observed up to `as_of`; contract invoices are valued by
//!   the contract model instead;
//! - a purchase's value is its margin (the order's, else the configured margin
//!   rate × amount), converted to the reporting currency;
//! - support contacts are tickets, modelled like purchases; each customer's cost per
//!   contact is the mean cost of their own tickets (handling minutes × the hourly cost
//!   of the level that handled them);
//! - the contract model (sBG) is fitted to the renewals of all term contracts, with a
//!   Kaplan-Meier survivor curve because contracts started at different times.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::Serialize;

use crate::config::Settings;
use crate::exit_terms::whole_months_between;
use crate::ledger::CurrencyTable;
use crate::models::fit::{FitReport, ModelError};
use crate::models::gamma_gamma::fit_gamma_gamma;
use crate::models::rfm::{Period, RfmRow, day_number, summarize_days};
use crate::models::sbg::fit_sbg;
use crate::models::value::{
    ContractTerms, CustomerValueInput, DAYS_PER_MONTH, LongTermValue, PurchaseForecast,
    ValueModels, contact_forecast, long_term_value_given, purchase_forecast,
};
use crate::models::{PurchaseModelKind, fit_purchase_model};
use crate::money;
use crate::records::{Contract, CustomerHistory, OrderStatus};
use rayon::prelude::*;

/// The amount in the reporting currency (unchanged for a single-currency data set).
fn to_reporting(rates: Option<&CurrencyTable>, amount: Decimal, currency: &str) -> Decimal {
    rates
        .and_then(|r| r.convert(amount, currency))
        .unwrap_or(amount)
}

/// One customer's sufficient statistics and unit economics.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CustomerStatistics {
    pub purchases: Option<RfmRow>,
    pub mean_margin_per_purchase: f64,
    pub contacts: Option<RfmRow>,
    pub mean_cost_per_contact: f64,
    pub contract: Option<ContractTerms>,
}

/// The models fitted on the whole base, with their reports.
#[derive(Debug, Clone)]
pub struct FittedValueModels {
    pub models: ValueModels,
    pub purchase_report: FitReport,
    pub spend_report: Option<FitReport>,
    pub contact_report: Option<FitReport>,
    pub contract_report: Option<FitReport>,
    /// Why a secondary model is absent (too little data, did not converge).
    pub notes: Vec<String>,
}

const DAYS_PER_WEEK: f64 = 7.0;

/// RFM of a set of event days (with a value per day) observed up to `end`, in weeks.
fn rfm(days: &BTreeMap<NaiveDate, f64>, end: NaiveDate) -> Option<RfmRow> {
    let daily: Vec<(i32, f64)> = days.iter().map(|(d, v)| (day_number(*d), *v)).collect();
    summarize_days(&daily, day_number(end), Period::Week)
}

fn running_contract(
    contracts: &[Contract],
    as_of: NaiveDate,
    rates: Option<&CurrencyTable>,
) -> Option<ContractTerms> {
    let contract = contracts
        .iter()
        .filter(|c| c.start_date <= as_of && c.ended_at.is_none_or(|e| e > as_of))
        .max_by_key(|c| c.start_date)?;
    let term = contract.term_months.max(1);
    let elapsed = whole_months_between(contract.start_date, as_of);
    let renewals = elapsed / term;
    let months_remaining = term - elapsed % term;
    Some(ContractTerms {
        monthly_fee: money::to_f64(to_reporting(
            rates,
            contract.monthly_fee,
            &contract.currency,
        )),
        months_remaining,
        renewals,
        months_per_renewal: term,
    })
}

/// Sufficient statistics of one customer, as of `as_of`.
pub fn customer_statistics(
    history: &CustomerHistory,
    as_of: DateTime<Utc>,
    settings: &Settings,
    rates: Option<&CurrencyTable>,
) -> CustomerStatistics {
    let end = as_of.date_naive();
    let mut purchase_days: BTreeMap<NaiveDate, f64> = BTreeMap::new();
    for order in &history.orders {
        if order.status != OrderStatus::Paid
            || order.contract_id.is_some()
            || order.ordered_at > as_of
        {
            continue;
        }
        let margin = order
            .margin
            .unwrap_or(order.amount * settings.costs.default_margin_rate);
        *purchase_days
            .entry(order.ordered_at.date_naive())
            .or_default() += money::to_f64(to_reporting(rates, margin, &order.currency));
    }
    let mut contact_days: BTreeMap<NaiveDate, f64> = BTreeMap::new();
    let mut contact_cost = 0.0;
    let mut contacts = 0usize;
    for ticket in history.tickets.iter().filter(|t| t.opened_at <= as_of) {
        let cost =
            money::to_f64(ticket.handling_minutes * settings.costs.hourly(ticket.escalation))
                / 60.0;
        contact_cost += cost;
        contacts += 1;
        *contact_days
            .entry(ticket.opened_at.date_naive())
            .or_default() += cost;
    }
    let purchases = rfm(&purchase_days, end);
    CustomerStatistics {
        mean_margin_per_purchase: purchases.map_or(0.0, |p| {
            if p.frequency > 0 {
                p.monetary_value
            } else {
                purchase_days.values().sum::<f64>()
            }
        }),
        purchases,
        contacts: rfm(&contact_days, end),
        mean_cost_per_contact: if contacts == 0 {
            0.0
        } else {
            contact_cost / contacts as f64
        },
        contract: running_contract(&history.contracts, end, rates),
    }
}

/// Kaplan-Meier survivors of contract renewals, scaled to the cohort size, for sBG.
fn contract_survivors(histories: &[CustomerHistory], as_of: NaiveDate) -> Vec<u64> {
    // For each contract: renewals survived, and whether it is still running (censored).
    let mut spells: Vec<(u32, bool)> = Vec::new();
    for contract in histories.iter().flat_map(|h| &h.contracts) {
        if contract.start_date > as_of {
            continue;
        }
        let term = contract.term_months.max(1);
        let end = contract.ended_at.filter(|e| *e <= as_of);
        let months = whole_months_between(contract.start_date, end.unwrap_or(as_of));
        spells.push((months / term, end.is_none()));
    }
    let cohort = spells.len() as u64;
    if cohort == 0 {
        return Vec::new();
    }
    let max_period = spells.iter().map(|s| s.0).max().unwrap_or(0);
    let mut survival = 1.0;
    let mut survivors = vec![cohort];
    for t in 1..=max_period.min(12) {
        let at_risk = spells.iter().filter(|(n, _)| *n >= t - 1).count() as f64;
        let churned = spells
            .iter()
            .filter(|(n, running)| *n == t - 1 && !running)
            .count() as f64;
        if at_risk < 10.0 {
            break;
        }
        survival *= 1.0 - churned / at_risk;
        survivors.push((survival * cohort as f64).round() as u64);
    }
    survivors
}

/// Fits the value models on the whole customer base.
pub fn fit_value_models(
    histories: &[CustomerHistory],
    statistics: &[CustomerStatistics],
    as_of: DateTime<Utc>,
    settings: &Settings,
) -> Result<FittedValueModels, ModelError> {
    let kind: PurchaseModelKind = settings.value.purchase_model.parse()?;
    let purchase_rows: Vec<RfmRow> = statistics.iter().filter_map(|s| s.purchases).collect();
    let (purchases, purchase_report) = fit_purchase_model(kind, &purchase_rows)?;
    let mut notes = Vec::new();
    let spend_rows: Vec<RfmRow> = purchase_rows
        .iter()
        .copied()
        .filter(|r| r.frequency > 0 && r.monetary_value > 0.0)
        .collect();
    let (spend, spend_report) = match fit_gamma_gamma(&spend_rows) {
        Ok(fit) => (Some(fit.model), Some(fit.report)),
        Err(e) => {
            notes.push(format!(
                "spend model (Gamma-Gamma) not used, each customer's own mean margin is: {e}"
            ));
            (None, None)
        }
    };
    let contact_rows: Vec<RfmRow> = statistics.iter().filter_map(|s| s.contacts).collect();
    let (contacts, contact_report) = match fit_purchase_model(kind, &contact_rows) {
        Ok((model, report)) => (Some(model), Some(report)),
        // Contacts often show no drop-out at all, and then the drop-out parameters
        // have no finite optimum: the no-drop-out limit (NBD) is the model to use.
        Err(first) => match crate::models::fit_nbd(&contact_rows) {
            Ok(fit) => {
                notes.push(format!(
                    "support contacts forecast with the NBD (no drop-out) model: {first}"
                ));
                (
                    Some(crate::models::FittedPurchaseModel::Nbd(fit.model)),
                    Some(fit.report),
                )
            }
            Err(second) => {
                notes.push(format!(
                    "support-contact model not used, each customer's own pace is projected instead: {first}; nbd: {second}"
                ));
                (None, None)
            }
        },
    };
    let survivors = contract_survivors(histories, as_of.date_naive());
    let (contracts, contract_report) = if survivors.len() >= 3 {
        match fit_sbg(&survivors) {
            Ok(fit) => (Some(fit.model), Some(fit.report)),
            Err(e) => {
                notes.push(format!(
                    "contract retention model (sBG) not used, only committed months count: {e}"
                ));
                (None, None)
            }
        }
    } else {
        if !survivors.is_empty() {
            notes.push(
                "contract retention model (sBG) not fitted: fewer than two observed renewal periods; \
                 only committed months count"
                    .to_string(),
            );
        }
        (None, None)
    };
    Ok(FittedValueModels {
        models: ValueModels {
            purchases,
            spend,
            contacts,
            contracts,
            time_units_per_month: DAYS_PER_MONTH / DAYS_PER_WEEK,
        },
        purchase_report,
        spend_report,
        contact_report,
        contract_report,
        notes,
    })
}

/// One customer's long-term value under the fitted models.
pub fn customer_value(
    fitted: &FittedValueModels,
    statistics: &CustomerStatistics,
    settings: &Settings,
) -> Result<LongTermValue, ModelError> {
    let models = &fitted.models;
    let purchases = statistics
        .purchases
        .map(|row| purchase_forecast(models, &row, &settings.value));
    let contacts = statistics
        .contacts
        .map_or(0.0, |row| contact_forecast(models, &row, &settings.value));
    customer_value_given(fitted, statistics, settings, purchases, contacts)
}

/// The identity of an RFM row for the models: (x, t_x, T) exactly.
type RowKey = (u64, u64, u64);

fn row_key(row: &RfmRow) -> RowKey {
    (row.frequency, row.recency.to_bits(), row.age.to_bits())
}

/// `f` evaluated once per distinct row key of `rows`, in parallel.
fn tabulate<T: Send>(
    rows: impl Iterator<Item = RfmRow>,
    f: impl Fn(&RfmRow) -> T + Sync,
) -> HashMap<RowKey, T> {
    let mut distinct: Vec<RfmRow> = rows.collect();
    distinct.sort_unstable_by_key(row_key);
    distinct.dedup_by_key(|r| row_key(r));
    distinct
        .par_iter()
        .map(|row| (row_key(row), f(row)))
        .collect()
}

/// Every customer's long-term value, as [`customer_value`] gives it one by one.
///
/// The forecasts depend on a customer only through their (x, t_x, T) rows, and
/// these repeat heavily in a large base (counts of purchase days, times in whole
/// days), so each model is evaluated once per distinct row: the same function on the same inputs, so the same figures.
pub fn customer_values(
    fitted: &FittedValueModels,
    statistics: &[CustomerStatistics],
    settings: &Settings,
) -> Vec<Result<LongTermValue, ModelError>> {
    let models = &fitted.models;
    let purchases = tabulate(statistics.iter().filter_map(|s| s.purchases), |row| {
        purchase_forecast(models, row, &settings.value)
    });
    let contacts = if models.contacts.is_some() {
        tabulate(statistics.iter().filter_map(|s| s.contacts), |row| {
            contact_forecast(models, row, &settings.value)
        })
    } else {
        HashMap::new()
    };
    statistics
        .par_iter()
        .map(|s| {
            let purchase = s.purchases.map(|row| purchases[&row_key(&row)]);
            let contact = s
                .contacts
                .and_then(|row| contacts.get(&row_key(&row)).copied())
                .unwrap_or(0.0);
            customer_value_given(fitted, s, settings, purchase, contact)
        })
        .collect()
}

/// [`customer_value`] from the customer's forecasts already evaluated.
fn customer_value_given(
    fitted: &FittedValueModels,
    statistics: &CustomerStatistics,
    settings: &Settings,
    purchases: Option<PurchaseForecast>,
    expected_contacts: f64,
) -> Result<LongTermValue, ModelError> {
    let input = CustomerValueInput {
        purchases: statistics.purchases,
        mean_margin_per_purchase: statistics.mean_margin_per_purchase,
        contacts: statistics.contacts,
        mean_cost_per_contact: statistics.mean_cost_per_contact,
        contract: statistics.contract,
    };
    let mut value = long_term_value_given(
        &fitted.models,
        &input,
        &settings.value,
        purchases,
        expected_contacts,
    )?;
    if fitted.models.contacts.is_none()
        && let Some(contacts) = statistics.contacts
    {
        // Without a fitted contact model, support continues at the customer's own
        // observed pace (contacts per month since the first one), for as long as the
        // customer is likely alive.
        let months_observed = (contacts.age / fitted.models.time_units_per_month).max(1.0);
        let per_month = (contacts.frequency + 1) as f64 / months_observed;
        let alive = value.p_alive.unwrap_or(1.0);
        let rate = settings.value.annual_discount_rate;
        let discounted_months: f64 = (1..=settings.value.horizon_months)
            .map(|m| (1.0 + rate).powf(-f64::from(m) / 12.0))
            .sum();
        value.expected_contacts = per_month * alive * discounted_months;
        value.expected_cost_to_serve = value.expected_contacts * statistics.mean_cost_per_contact;
        value.net_long_term_value = value.expected_margin - value.expected_cost_to_serve;
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfm_merges_days_and_measures_from_the_first_event() {
        let d = |m, dd| NaiveDate::from_ymd_opt(2025, m, dd).unwrap();
        let days: BTreeMap<NaiveDate, f64> = [(d(1, 1), 10.0), (d(1, 8), 20.0), (d(1, 29), 40.0)]
            .into_iter()
            .collect();
        let row = rfm(&days, d(2, 26)).unwrap();
        assert_eq!(row.frequency, 2);
        assert_eq!(row.recency, 4.0);
        assert_eq!(row.age, 8.0);
        assert_eq!(row.monetary_value, 30.0);
    }

    fn report(model: &str) -> FitReport {
        FitReport {
            model: model.to_string(),
            params: Vec::new(),
            log_likelihood: 0.0,
            n_customers: 0,
            converged: true,
            iterations: 0,
            standard_errors: Vec::new(),
            note: None,
        }
    }

    fn fitted(with_contact_model: bool) -> FittedValueModels {
        let shared = crate::models::value::tests::models();
        FittedValueModels {
            models: ValueModels {
                contacts: shared.contacts.filter(|_| with_contact_model),
                contracts: None,
                ..shared
            },
            purchase_report: report("bg-nbd"),
            spend_report: None,
            contact_report: None,
            contract_report: None,
            notes: Vec::new(),
        }
    }

    #[test]
    fn the_whole_base_at_once_gives_each_customer_exactly_their_own_value() {
        // Repeated and distinct rows, customers without orders or tickets, and a contract.
        let mut statistics = Vec::new();
        for i in 0..60u64 {
            let x = i % 4;
            let purchases = (i % 5 != 0).then(|| {
                let mut row = RfmRow::new(x, (x * 3) as f64, 40.0 + (i % 3) as f64);
                row.monetary_value = 10.0 + x as f64;
                row
            });
            let contacts = (i % 3 != 0).then(|| RfmRow::new(i % 2, (i % 2) as f64 * 5.0, 30.0));
            statistics.push(CustomerStatistics {
                purchases,
                mean_margin_per_purchase: 10.0 + (i % 7) as f64,
                contacts,
                mean_cost_per_contact: 4.0 + (i % 2) as f64,
                contract: (i == 7).then_some(ContractTerms {
                    monthly_fee: 9.0,
                    months_remaining: 3,
                    renewals: 1,
                    months_per_renewal: 12,
                }),
            });
        }
        let settings = Settings::default();
        for with_contact_model in [true, false] {
            let fitted = fitted(with_contact_model);
            let together = customer_values(&fitted, &statistics, &settings);
            assert_eq!(together.len(), statistics.len());
            for (s, v) in statistics.iter().zip(&together) {
                assert_eq!(
                    v.as_ref().unwrap(),
                    &customer_value(&fitted, s, &settings).unwrap()
                );
            }
        }
    }
}
