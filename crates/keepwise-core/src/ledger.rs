//! The money ledger of one customer over a trailing window ending at `as_of`.
//!
//! Revenue and gross margin come from paid orders (the order's own margin, else the
//! configured margin rate); cost to serve is every ticket's handling minutes priced at
//! the hourly cost of its escalation level plus every concession; net contribution is
//! margin minus cost to serve. Each figure keeps the lines it was summed from, so a
//! manager can trace every amount back to its record.
//!
//! Amounts are exact decimals in the reporting currency: when the data set has a rate
//! table, every amount is converted with its currency's rate.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Duration, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::config::Settings;
use crate::records::{ConcessionKind, CustomerHistory, EscalationLevel, OrderStatus, Rate};

/// Why a rate table cannot be used.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RateError {
    /// No currency has rate 1, so the reporting currency is unknown.
    #[error("rates.csv names no currency with rate 1; add the reporting currency with rate 1")]
    NoReportingCurrency,
    /// Several currencies have rate 1.
    #[error(
        "rates.csv gives rate 1 to several currencies ({0}); exactly one is the reporting currency"
    )]
    SeveralReportingCurrencies(String),
    /// One currency has two rates.
    #[error("rates.csv gives currency {0} more than one rate; keep one rate per currency")]
    DuplicateCurrency(String),
    /// A rate is zero or negative.
    #[error("rates.csv gives currency {0} the rate {1}; a rate must be greater than 0")]
    NotPositive(String, Decimal),
}

/// The data set's exchange rates: value of one unit of each currency in the reporting currency.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CurrencyTable {
    /// The currency whose rate is 1.
    pub reporting: String,
    rates: HashMap<String, Decimal>,
}

impl CurrencyTable {
    /// Builds the table from `rates.csv`; exactly one currency must have rate 1.
    pub fn new(rates: &[Rate]) -> Result<Self, RateError> {
        let mut table = HashMap::new();
        for rate in rates {
            if rate.rate <= Decimal::ZERO {
                return Err(RateError::NotPositive(rate.currency.clone(), rate.rate));
            }
            if table.insert(rate.currency.clone(), rate.rate).is_some() {
                return Err(RateError::DuplicateCurrency(rate.currency.clone()));
            }
        }
        let mut ones: Vec<&String> = table
            .iter()
            .filter(|(_, r)| **r == Decimal::ONE)
            .map(|(c, _)| c)
            .collect();
        ones.sort();
        match ones.len() {
            0 => Err(RateError::NoReportingCurrency),
            1 => Ok(CurrencyTable {
                reporting: ones[0].clone(),
                rates: table,
            }),
            _ => Err(RateError::SeveralReportingCurrencies(
                ones.iter()
                    .map(|c| c.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            )),
        }
    }

    /// The amount in the reporting currency, or `None` when the currency has no rate.
    pub fn convert(&self, amount: Decimal, currency: &str) -> Option<Decimal> {
        self.rates.get(currency).map(|rate| amount * rate)
    }
}

/// A paid order counted in the window.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderLine {
    pub order_id: String,
    pub ordered_at: DateTime<Utc>,
    /// Billed amount, in the reporting currency.
    pub revenue: Decimal,
    /// Gross margin, in the reporting currency.
    pub margin: Decimal,
    /// True when the order had no margin and the configured rate was applied.
    pub margin_from_rate: bool,
}

/// A ticket's handling time priced at its escalation level.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HandlingLine {
    pub ticket_id: String,
    pub escalation: EscalationLevel,
    pub minutes: Decimal,
    /// Hourly cost of the escalation level (reporting currency).
    pub hourly: Decimal,
    /// minutes / 60 × hourly.
    pub cost: Decimal,
}

/// A concession granted in the window.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConcessionLine {
    pub concession_id: String,
    pub kind: ConcessionKind,
    /// Cost to the business, in the reporting currency.
    pub amount: Decimal,
    pub ticket_id: Option<String>,
}

/// A record left out of the ledger, with the reason (e.g. a currency without a rate).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LeftOut {
    pub record: String,
    pub reason: String,
}

/// The customer's money over the trailing window `(window_start, as_of]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ledger {
    pub customer_id: String,
    pub as_of: DateTime<Utc>,
    pub window_start: DateTime<Utc>,
    pub window_days: u32,
    /// Reporting currency when known (rate table given, or the one currency of the records).
    pub currency: Option<String>,
    pub revenue: Decimal,
    pub gross_margin: Decimal,
    /// Staff time priced by escalation level.
    pub handling_cost: Decimal,
    /// Handling minutes summed over the window's tickets.
    pub handling_minutes: Decimal,
    /// Concessions summed by kind (kinds without any are absent).
    pub concessions_by_kind: BTreeMap<ConcessionKind, Decimal>,
    pub concessions: Decimal,
    /// handling cost + concessions.
    pub cost_to_serve: Decimal,
    /// gross margin − cost to serve.
    pub net_contribution: Decimal,
    pub orders: Vec<OrderLine>,
    pub handling: Vec<HandlingLine>,
    pub concession_lines: Vec<ConcessionLine>,
    pub left_out: Vec<LeftOut>,
}

/// The window `(as_of − window_days, as_of]` used by the ledger and the signals.
pub fn window_start(as_of: DateTime<Utc>, window_days: u32) -> DateTime<Utc> {
    as_of - Duration::days(i64::from(window_days))
}

/// True when `at` lies in the window `(start, as_of]`.
pub fn in_window(at: DateTime<Utc>, start: DateTime<Utc>, as_of: DateTime<Utc>) -> bool {
    at > start && at <= as_of
}

impl Ledger {
    /// Computes the ledger of `history` for the window ending at `as_of`.
    ///
    /// `rates` is the data set's rate table, `None` when it uses one currency.
    pub fn compute(
        history: &CustomerHistory,
        as_of: DateTime<Utc>,
        settings: &Settings,
        rates: Option<&CurrencyTable>,
    ) -> Ledger {
        Ledger::compute_with(history, as_of, settings, rates, true)
    }

    /// The same totals without the order and handling lines (concession lines are
    /// kept): the first pass of scoring a million customers needs only the sums.
    pub fn totals(
        history: &CustomerHistory,
        as_of: DateTime<Utc>,
        settings: &Settings,
        rates: Option<&CurrencyTable>,
    ) -> Ledger {
        Ledger::compute_with(history, as_of, settings, rates, false)
    }

    fn compute_with(
        history: &CustomerHistory,
        as_of: DateTime<Utc>,
        settings: &Settings,
        rates: Option<&CurrencyTable>,
        lines: bool,
    ) -> Ledger {
        let window_days = settings.value.window_days;
        let start = window_start(as_of, window_days);
        let mut left_out = Vec::new();
        let mut seen_currency: Option<String> = rates.map(|t| t.reporting.clone());
        let mut several_currencies = false;
        // The record's name is only formatted when it is left out (this runs for every
        // order of a million customers).
        let mut convert =
            |amount: Decimal, currency: &str, kind: &str, id: &str| -> Option<Decimal> {
                match rates {
                    Some(table) => {
                        let converted = table.convert(amount, currency);
                        if converted.is_none() {
                            left_out.push(LeftOut {
                                record: format!("{kind} {id}"),
                                reason: format!("currency {currency} has no rate in rates.csv"),
                            });
                        }
                        converted
                    }
                    None => {
                        match &seen_currency {
                            None => seen_currency = Some(currency.to_string()),
                            Some(c) if c != currency => several_currencies = true,
                            Some(_) => {}
                        }
                        Some(amount)
                    }
                }
            };

        let mut orders = Vec::new();
        let (mut revenue_sum, mut margin_sum) = (Decimal::ZERO, Decimal::ZERO);
        for order in &history.orders {
            if order.status != OrderStatus::Paid || !in_window(order.ordered_at, start, as_of) {
                continue;
            }
            let (margin, margin_from_rate) = match order.margin {
                Some(m) => (m, false),
                None => (order.amount * settings.costs.default_margin_rate, true),
            };
            let Some(revenue) = convert(order.amount, &order.currency, "order", &order.order_id)
            else {
                continue;
            };
            let margin = match rates {
                Some(table) => table.convert(margin, &order.currency).unwrap_or(margin),
                None => margin,
            };
            revenue_sum += revenue;
            margin_sum += margin;
            if lines {
                orders.push(OrderLine {
                    order_id: order.order_id.clone(),
                    ordered_at: order.ordered_at,
                    revenue,
                    margin,
                    margin_from_rate,
                });
            }
        }

        let sixty = Decimal::from(60);
        let mut handling = Vec::new();
        let mut handling_cost = Decimal::ZERO;
        let mut handling_minutes = Decimal::ZERO;
        for t in history
            .tickets
            .iter()
            .filter(|t| in_window(t.opened_at, start, as_of))
        {
            let hourly = settings.costs.hourly(t.escalation);
            let cost = t.handling_minutes * hourly / sixty;
            handling_cost += cost;
            handling_minutes += t.handling_minutes;
            if lines {
                handling.push(HandlingLine {
                    ticket_id: t.ticket_id.clone(),
                    escalation: t.escalation,
                    minutes: t.handling_minutes,
                    hourly,
                    cost,
                });
            }
        }

        let mut concession_lines = Vec::new();
        for c in &history.concessions {
            if !in_window(c.granted_at, start, as_of) {
                continue;
            }
            let Some(amount) = convert(c.amount, &c.currency, "concession", &c.concession_id)
            else {
                continue;
            };
            concession_lines.push(ConcessionLine {
                concession_id: c.concession_id.clone(),
                kind: c.kind,
                amount,
                ticket_id: c.ticket_id.clone(),
            });
        }

        let (revenue, gross_margin) = (revenue_sum, margin_sum);
        let mut concessions_by_kind = BTreeMap::new();
        for line in &concession_lines {
            *concessions_by_kind
                .entry(line.kind)
                .or_insert(Decimal::ZERO) += line.amount;
        }
        let concessions: Decimal = concessions_by_kind.values().copied().sum();
        let cost_to_serve = handling_cost + concessions;
        let currency = if several_currencies {
            None
        } else {
            seen_currency
        };
        Ledger {
            customer_id: history
                .customer
                .as_ref()
                .map(|c| c.customer_id.clone())
                .unwrap_or_default(),
            as_of,
            window_start: start,
            window_days,
            currency,
            revenue,
            gross_margin,
            handling_cost: handling_cost.round_dp(4),
            handling_minutes,
            concessions_by_kind,
            concessions,
            cost_to_serve: cost_to_serve.round_dp(4),
            net_contribution: (gross_margin - cost_to_serve).round_dp(4),
            orders,
            handling,
            concession_lines,
            left_out,
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::records::*;
    use chrono::TimeZone;
    use std::str::FromStr;

    pub(crate) fn at(day: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2025, 1, 1, 12, 0, 0).unwrap() + Duration::days(i64::from(day))
    }

    fn d(text: &str) -> Decimal {
        Decimal::from_str(text).unwrap()
    }

    fn history() -> CustomerHistory {
        let order =
            |id: &str, day, amount: &str, margin: Option<&str>, status, currency: &str| Order {
                order_id: id.into(),
                customer_id: "c1".into(),
                ordered_at: at(day),
                amount: d(amount),
                currency: currency.into(),
                margin: margin.map(d),
                contract_id: None,
                promotion_id: None,
                status,
            };
        let ticket = |id: &str, day, escalation, minutes: &str| Ticket {
            ticket_id: id.into(),
            customer_id: "c1".into(),
            opened_at: at(day),
            closed_at: None,
            channel: Channel::Email,
            category: "delivery".into(),
            escalation,
            handling_minutes: d(minutes),
            reopened: None,
            agent_id: None,
            team: None,
            csat: None,
            root_cause: None,
            out_of_scope: None,
            unsupported: None,
            outcome: None,
        };
        let concession = |id: &str, day, kind, amount: &str, currency: &str| Concession {
            concession_id: id.into(),
            customer_id: "c1".into(),
            granted_at: at(day),
            kind,
            amount: d(amount),
            currency: currency.into(),
            reason: None,
            ticket_id: None,
            order_id: None,
            promotion_id: None,
            approved_by: None,
        };
        CustomerHistory {
            customer: Some(Customer {
                customer_id: "c1".into(),
                name: None,
                email: None,
                language: None,
                segment: None,
                target_fit: None,
                created_at: at(0),
                country: None,
            }),
            orders: vec![
                order("o-old", 10, "999", None, OrderStatus::Paid, "EUR"),
                order("o1", 400, "100", Some("40"), OrderStatus::Paid, "EUR"),
                order("o2", 420, "200", None, OrderStatus::Paid, "EUR"),
                order("o3", 430, "50", None, OrderStatus::Returned, "EUR"),
                order("o-future", 600, "70", None, OrderStatus::Paid, "EUR"),
            ],
            concessions: vec![
                concession("k1", 410, ConcessionKind::Refund, "25", "EUR"),
                concession("k2", 415, ConcessionKind::Goodwill, "5", "EUR"),
                concession("k3", 416, ConcessionKind::Refund, "10", "EUR"),
            ],
            tickets: vec![
                ticket("t1", 405, EscalationLevel::Agent, "30"),
                ticket("t2", 406, EscalationLevel::Executive, "15"),
            ],
            ..Default::default()
        }
    }

    #[test]
    fn ledger_counts_paid_orders_in_window_and_prices_handling_by_level() {
        let ledger = Ledger::compute(&history(), at(500), &Settings::default(), None);
        assert_eq!(ledger.revenue, d("300"));
        // o1 has its own margin (40); o2 uses the default rate 0.30 × 200 = 60.
        assert_eq!(ledger.gross_margin, d("100"));
        assert!(
            ledger
                .orders
                .iter()
                .any(|o| o.order_id == "o2" && o.margin_from_rate)
        );
        // 30 min agent at 30/h = 15; 15 min executive at 200/h = 50.
        assert_eq!(ledger.handling_cost, d("65"));
        assert_eq!(ledger.concessions_by_kind[&ConcessionKind::Refund], d("35"));
        assert_eq!(ledger.concessions, d("40"));
        assert_eq!(ledger.cost_to_serve, d("105"));
        assert_eq!(ledger.net_contribution, d("-5"));
        assert_eq!(ledger.currency.as_deref(), Some("EUR"));
    }

    #[test]
    fn ledger_converts_amounts_with_the_rate_table_and_names_what_it_left_out() {
        let mut h = history();
        h.orders[1].currency = "CZK".into();
        h.concessions[0].currency = "USD".into();
        let table = CurrencyTable::new(&[
            Rate {
                currency: "EUR".into(),
                rate: d("1"),
            },
            Rate {
                currency: "CZK".into(),
                rate: d("0.04"),
            },
        ])
        .unwrap();
        let ledger = Ledger::compute(&h, at(500), &Settings::default(), Some(&table));
        // o1: 100 CZK = 4 EUR revenue, 40 CZK margin = 1.6 EUR.
        assert_eq!(ledger.revenue, d("204"));
        assert_eq!(ledger.gross_margin, d("61.6"));
        assert_eq!(ledger.left_out.len(), 1);
        assert!(ledger.left_out[0].record.contains("k1"));
        assert_eq!(ledger.currency.as_deref(), Some("EUR"));
    }

    #[test]
    fn rate_table_needs_exactly_one_reporting_currency() {
        let rate = |c: &str, r: &str| Rate {
            currency: c.into(),
            rate: d(r),
        };
        assert_eq!(
            CurrencyTable::new(&[rate("CZK", "0.04")]),
            Err(RateError::NoReportingCurrency)
        );
        assert!(matches!(
            CurrencyTable::new(&[rate("EUR", "1"), rate("USD", "1")]),
            Err(RateError::SeveralReportingCurrencies(_))
        ));
        assert!(matches!(
            CurrencyTable::new(&[rate("EUR", "1"), rate("CZK", "0")]),
            Err(RateError::NotPositive(..))
        ));
    }
}
