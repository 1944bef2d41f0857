//! Net long-term value of one customer: discounted expected margin (purchase
//! model × spend model, plus contract fees × sBG retention) minus the
//! discounted expected cost to serve (the purchase model refitted to support
//! contacts, priced at the customer's own cost per contact), over the
//! configured horizon and discount rate.
//!
//! Money is discounted month by month: what is expected in month m (1-based)
//! is worth (1 + annual rate)^(−m/12) today; a contract fee is paid at the
//! start of its month, so month m's fee (0-based) is discounted by m/12 years.

use serde::Serialize;

use super::fit::ModelError;
use super::gamma_gamma::GammaGamma;
use super::rfm::RfmRow;
use super::sbg::ShiftedBetaGeometric;
use super::{FittedPurchaseModel, PurchaseModel};
use crate::config::ValueSettings;

/// Days in an average Gregorian month.
pub const DAYS_PER_MONTH: f64 = 365.2425 / 12.0;

/// The fitted models the value is built from.
#[derive(Debug, Clone, PartialEq)]
pub struct ValueModels {
    /// Purchase model fitted to the base's purchase RFM.
    pub purchases: FittedPurchaseModel,
    /// Spend model fitted to mean margin per repeat purchase; without it each
    /// customer's own mean margin is used as is.
    pub spend: Option<GammaGamma>,
    /// Purchase model fitted to the base's support-contact RFM (tickets as events).
    pub contacts: Option<FittedPurchaseModel>,
    /// Retention model of term contracts (one period = one renewal).
    pub contracts: Option<ShiftedBetaGeometric>,
    /// Length of a month in the time unit of the RFM summaries
    /// (`DAYS_PER_MONTH / 7.0` for weeks, `DAYS_PER_MONTH` for days).
    pub time_units_per_month: f64,
}

/// A customer's running contract.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ContractTerms {
    /// Fee per month.
    pub monthly_fee: f64,
    /// Months already paid for or committed, counting from now.
    pub months_remaining: u32,
    /// Renewals the customer has already made.
    pub renewals: u32,
    /// Months bought by one renewal (12 for a yearly contract).
    pub months_per_renewal: u32,
}

/// One customer's inputs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CustomerValueInput {
    /// Purchase RFM in the models' time unit; `None` for a customer without orders.
    pub purchases: Option<RfmRow>,
    /// Mean margin of the customer's repeat purchases (0 without repeats).
    pub mean_margin_per_purchase: f64,
    /// Support-contact RFM in the models' time unit; `None` without tickets.
    pub contacts: Option<RfmRow>,
    /// The customer's own mean cost per contact (staff time and concessions).
    pub mean_cost_per_contact: f64,
    /// Running contract, if any.
    pub contract: Option<ContractTerms>,
}

/// A customer's forecast over the horizon; money and counts are discounted.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct LongTermValue {
    /// Discounted expected purchases over the horizon.
    pub expected_purchases: f64,
    /// Probability that the customer is still an active buyer (`None` without orders).
    pub p_alive: Option<f64>,
    /// Expected margin per future purchase (spend model, or the customer's own mean).
    pub expected_margin_per_purchase: f64,
    /// Discounted expected margin from purchases plus contract fees.
    pub expected_margin: f64,
    /// The contract fees' share of `expected_margin`.
    pub expected_contract_revenue: f64,
    /// Discounted expected support contacts over the horizon.
    pub expected_contacts: f64,
    /// Discounted expected cost to serve over the horizon.
    pub expected_cost_to_serve: f64,
    /// expected_margin − expected_cost_to_serve.
    pub net_long_term_value: f64,
}

/// Discounted expected events over `months` months: Σ_m (E(m) − E(m − 1)) (1 + rate)^(−m/12).
///
/// Depends on the customer only through `row`'s (x, t_x, T): a whole base
/// evaluates it once per distinct row (see `valuation::customer_values`).
pub fn discounted_events(
    model: &dyn PurchaseModel,
    row: &RfmRow,
    months: u32,
    units_per_month: f64,
    annual_rate: f64,
) -> f64 {
    let x = row.frequency as f64;
    let mut previous = 0.0;
    let mut total = 0.0;
    for m in 1..=months {
        let cumulative = model.conditional_expected_purchases(
            f64::from(m) * units_per_month,
            x,
            row.recency,
            row.age,
        );
        total += (cumulative - previous) * (1.0 + annual_rate).powf(-f64::from(m) / 12.0);
        previous = cumulative;
    }
    total
}

/// What the purchase model says about one purchase RFM row: discounted expected
/// purchases over the horizon and the probability of being alive.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PurchaseForecast {
    pub expected_purchases: f64,
    pub p_alive: f64,
}

/// The purchase model's forecast for `row` under `settings`.
pub fn purchase_forecast(
    models: &ValueModels,
    row: &RfmRow,
    settings: &ValueSettings,
) -> PurchaseForecast {
    PurchaseForecast {
        expected_purchases: discounted_events(
            &models.purchases,
            row,
            settings.horizon_months,
            models.time_units_per_month,
            settings.annual_discount_rate,
        ),
        p_alive: models
            .purchases
            .p_alive(row.frequency as f64, row.recency, row.age),
    }
}

/// Discounted expected support contacts for a contact RFM row (0 without a
/// contact model).
pub fn contact_forecast(models: &ValueModels, row: &RfmRow, settings: &ValueSettings) -> f64 {
    models.contacts.as_ref().map_or(0.0, |model| {
        discounted_events(
            model,
            row,
            settings.horizon_months,
            models.time_units_per_month,
            settings.annual_discount_rate,
        )
    })
}

/// Discounted expected contract fees over `months` months.
fn discounted_contract_revenue(
    model: Option<&ShiftedBetaGeometric>,
    terms: &ContractTerms,
    months: u32,
    rate: f64,
) -> f64 {
    (0..months)
        .map(|m| {
            let in_force = if m < terms.months_remaining {
                1.0
            } else {
                // Month m needs k further renewals beyond the committed months.
                let k = (m - terms.months_remaining) / terms.months_per_renewal.max(1) + 1;
                model.map_or(0.0, |s| s.conditional_survival(terms.renewals, k))
            };
            terms.monthly_fee * in_force * (1.0 + rate).powf(-f64::from(m) / 12.0)
        })
        .sum()
}

/// The customer's net long-term value under the fitted models and settings.
pub fn long_term_value(
    models: &ValueModels,
    customer: &CustomerValueInput,
    settings: &ValueSettings,
) -> Result<LongTermValue, ModelError> {
    let purchases = customer
        .purchases
        .map(|row| purchase_forecast(models, &row, settings));
    let contacts = customer
        .contacts
        .map_or(0.0, |row| contact_forecast(models, &row, settings));
    long_term_value_given(models, customer, settings, purchases, contacts)
}

/// [`long_term_value`] from the customer's forecasts already evaluated
/// ([`purchase_forecast`] of their purchase row, `None` without one, and
/// [`contact_forecast`] of their contact row, 0 without one).
pub fn long_term_value_given(
    models: &ValueModels,
    customer: &CustomerValueInput,
    settings: &ValueSettings,
    purchases: Option<PurchaseForecast>,
    expected_contacts: f64,
) -> Result<LongTermValue, ModelError> {
    let rate = settings.annual_discount_rate;
    if !(rate.is_finite() && rate > -1.0) {
        return Err(ModelError::InvalidArgument {
            what: "value.annual_discount_rate",
            reason: format!("{rate} must be a number above −1 (0.10 means 10 % a year)"),
        });
    }
    if !(models.time_units_per_month.is_finite() && models.time_units_per_month > 0.0) {
        return Err(ModelError::InvalidArgument {
            what: "time_units_per_month",
            reason: format!("{} must be positive", models.time_units_per_month),
        });
    }
    let months = settings.horizon_months;
    let (expected_purchases, p_alive) = match purchases {
        Some(f) => (f.expected_purchases, Some(f.p_alive)),
        None => (0.0, None),
    };
    let repeats = customer.purchases.map_or(0, |r| r.frequency);
    let expected_margin_per_purchase = match &models.spend {
        // Gamma-Gamma describes positive spend of repeat buyers; a customer without
        // repeats, or whose purchases lose money on average, keeps their own mean, and
        // so does everyone when the fitted population mean is undefined (q ≤ 1).
        Some(spend) if repeats > 0 && customer.mean_margin_per_purchase > 0.0 => {
            let shrunk = spend
                .conditional_expected_average_value(repeats, customer.mean_margin_per_purchase);
            if shrunk.is_finite() && shrunk > 0.0 {
                shrunk
            } else {
                customer.mean_margin_per_purchase
            }
        }
        _ => customer.mean_margin_per_purchase,
    };
    let expected_contract_revenue = customer.contract.as_ref().map_or(0.0, |terms| {
        discounted_contract_revenue(models.contracts.as_ref(), terms, months, rate)
    });
    for (what, events, row) in [
        ("expected purchases", expected_purchases, customer.purchases),
        (
            "expected support contacts",
            expected_contacts,
            customer.contacts,
        ),
    ] {
        if !events.is_finite() {
            let row = row.map_or_else(String::new, |r| {
                format!(
                    " (frequency {}, recency {}, T {})",
                    r.frequency, r.recency, r.age
                )
            });
            return Err(ModelError::InvalidArgument {
                what: "long-term value",
                reason: format!(
                    "the model's {what} for this customer{row} did not evaluate to a number; \
                     the fitted parameters are too extreme for this history — refit on more customers"
                ),
            });
        }
    }
    let expected_margin =
        expected_purchases * expected_margin_per_purchase + expected_contract_revenue;
    let expected_cost_to_serve = expected_contacts * customer.mean_cost_per_contact;
    Ok(LongTermValue {
        expected_purchases,
        p_alive,
        expected_margin_per_purchase,
        expected_margin,
        expected_contract_revenue,
        expected_contacts,
        expected_cost_to_serve,
        net_long_term_value: expected_margin - expected_cost_to_serve,
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::models::BgNbd;

    /// Published CDNOW-like parameters, shared with the valuation tests.
    pub(crate) fn models() -> ValueModels {
        ValueModels {
            purchases: FittedPurchaseModel::BgNbd(BgNbd {
                r: 0.243,
                alpha: 4.414,
                a: 0.793,
                b: 2.426,
            }),
            spend: Some(GammaGamma {
                p: 6.25,
                q: 3.74,
                gamma: 15.44,
            }),
            contacts: Some(FittedPurchaseModel::BgNbd(BgNbd {
                r: 0.5,
                alpha: 10.0,
                a: 0.8,
                b: 2.0,
            })),
            contracts: Some(ShiftedBetaGeometric {
                alpha: 0.704,
                beta: 1.182,
            }),
            time_units_per_month: DAYS_PER_MONTH / 7.0,
        }
    }

    fn buyer() -> CustomerValueInput {
        CustomerValueInput {
            purchases: Some(RfmRow::new(2, 30.43, 38.86)),
            mean_margin_per_purchase: 22.35,
            contacts: Some(RfmRow::new(3, 20.0, 38.86)),
            mean_cost_per_contact: 12.0,
            contract: None,
        }
    }

    #[test]
    fn without_discounting_expected_purchases_equal_the_model_expectation() {
        let settings = ValueSettings {
            annual_discount_rate: 0.0,
            horizon_months: 12,
            ..ValueSettings::default()
        };
        let v = long_term_value(&models(), &buyer(), &settings).unwrap();
        let direct = models().purchases.conditional_expected_purchases(
            12.0 * DAYS_PER_MONTH / 7.0,
            2.0,
            30.43,
            38.86,
        );
        assert!((v.expected_purchases - direct).abs() < 1e-9);
    }

    #[test]
    fn net_value_is_margin_minus_cost_to_serve_and_discounting_lowers_it() {
        let s0 = ValueSettings {
            annual_discount_rate: 0.0,
            ..ValueSettings::default()
        };
        let s1 = ValueSettings {
            annual_discount_rate: 0.2,
            ..ValueSettings::default()
        };
        let v0 = long_term_value(&models(), &buyer(), &s0).unwrap();
        let v1 = long_term_value(&models(), &buyer(), &s1).unwrap();
        assert!(
            (v1.net_long_term_value - (v1.expected_margin - v1.expected_cost_to_serve)).abs()
                < 1e-9
        );
        assert!(v1.expected_margin < v0.expected_margin);
        assert!(v1.expected_cost_to_serve < v0.expected_cost_to_serve);
        assert!(v1.expected_cost_to_serve > 0.0);
    }

    #[test]
    fn a_committed_contract_pays_every_month_and_retention_thins_the_rest() {
        let customer = CustomerValueInput {
            purchases: None,
            mean_margin_per_purchase: 0.0,
            contacts: None,
            mean_cost_per_contact: 0.0,
            contract: Some(ContractTerms {
                monthly_fee: 10.0,
                months_remaining: 12,
                renewals: 0,
                months_per_renewal: 12,
            }),
        };
        let settings = ValueSettings {
            annual_discount_rate: 0.0,
            horizon_months: 24,
            ..ValueSettings::default()
        };
        let v = long_term_value(&models(), &customer, &settings).unwrap();
        let retention = ShiftedBetaGeometric {
            alpha: 0.704,
            beta: 1.182,
        }
        .survival(1);
        assert!((v.expected_contract_revenue - (120.0 + 120.0 * retention)).abs() < 1e-9);
        assert_eq!(v.p_alive, None);
        assert_eq!(v.net_long_term_value, v.expected_contract_revenue);
    }
}
