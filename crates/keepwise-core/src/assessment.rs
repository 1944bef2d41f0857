//! The per-customer result: ledger, value, signals, decision; and scoring at scale.
//!
//! Scoring is two passes. Pass 1 measures every customer (ledger and the metrics the
//! norms need); the segment norms are built from all of them; pass 2 computes each
//! customer's signals against its segment's norms and decides. Both passes run in
//! parallel over customers: nothing in them spans customers except the norms.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::config::Settings;
use crate::ledger::{CurrencyTable, Ledger};
use crate::money::to_f64;
use crate::norms::{CustomerMetrics, NormSource, SegmentNorms};
use crate::policy::{Decision, PolicyInput, ScriptSituation, decide, limits_tried};
use crate::records::{Action, CustomerHistory, EscalationLevel, Promotion};
use crate::signals::{self, MessageAbuse, Signal, SignalInput, SignalName, contract, extraction};

/// The value models' figures for one customer (absent when no model could be fitted).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ValueFigures {
    /// Net long-term value: expected future margin − expected future cost to serve, discounted.
    pub net_long_term_value: Option<f64>,
    /// Expected future margin over the horizon.
    pub expected_margin: Option<f64>,
    /// Expected future cost to serve over the horizon.
    pub expected_cost_to_serve: Option<f64>,
    /// Probability the customer is still active.
    pub p_alive: Option<f64>,
    /// The model that produced the figures (e.g. `bg-nbd + gamma-gamma`, `sbg`).
    pub model: Option<String>,
}

/// Where the net long-term value used by the policy came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ValueSource {
    /// The value models.
    Model,
    /// No model figure: the trailing net contribution annualised
    /// (net contribution × 365 / window days), i.e. "another year like the last one".
    TrailingNetContribution,
}

/// The value figures the policy used, with their source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ValueView {
    pub net_long_term_value: f64,
    pub source: ValueSource,
    pub expected_margin: Option<f64>,
    pub expected_cost_to_serve: Option<f64>,
    pub p_alive: Option<f64>,
    pub model: Option<String>,
    /// At or above the segment's strong-value percentile (and positive).
    pub strong_value: bool,
    pub strong_value_threshold: f64,
}

/// One customer's records and what other parts of keepwise found about them.
#[derive(Debug, Clone, Copy)]
pub struct CustomerInput<'a> {
    pub history: &'a CustomerHistory,
    /// Value model figures; `None` when no model was fitted.
    pub value: Option<&'a ValueFigures>,
    /// Abuse detector findings on this customer's messages; `None` when the detector did not run.
    pub abuse: Option<&'a [MessageAbuse]>,
    /// Ids of this customer's cases in which an offer was declined.
    pub declined_offer_cases: &'a [String],
}

impl<'a> CustomerInput<'a> {
    /// A customer with records only (no model figures, no abuse findings, no cases).
    pub fn records_only(history: &'a CustomerHistory) -> Self {
        CustomerInput {
            history,
            value: None,
            abuse: None,
            declined_offer_cases: &[],
        }
    }
}

/// What is shared by every customer's assessment.
#[derive(Debug, Clone)]
pub struct AssessContext<'a> {
    pub promotions: HashMap<String, Promotion>,
    pub as_of: DateTime<Utc>,
    pub settings: &'a Settings,
    pub rates: Option<&'a CurrencyTable>,
}

impl<'a> AssessContext<'a> {
    pub fn new(
        promotions: &[Promotion],
        as_of: DateTime<Utc>,
        settings: &'a Settings,
        rates: Option<&'a CurrencyTable>,
    ) -> Self {
        AssessContext {
            promotions: promotions
                .iter()
                .map(|p| (p.promotion_id.clone(), p.clone()))
                .collect(),
            as_of,
            settings,
            rates,
        }
    }
}

/// Everything keepwise concluded about one customer, as of one date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Assessment {
    pub customer_id: String,
    pub name: Option<String>,
    pub segment: Option<String>,
    pub language: Option<String>,
    pub as_of: DateTime<Utc>,
    /// The group the customer was compared with (segment or whole base).
    pub peers: NormSource,
    pub ledger: Ledger,
    pub value: ValueView,
    pub signals: Vec<Signal>,
    pub decision: Decision,
    /// True when the abuse detector screened the customer's messages (else staff reports only).
    pub messages_screened: bool,
}

/// The first pass for one customer: ledger and metrics.
#[derive(Debug, Clone, PartialEq)]
pub struct Measured {
    pub ledger: Ledger,
    pub metrics: CustomerMetrics,
    pub value: ValueView,
}

/// The net long-term value the policy uses: the model's, else the documented fallback.
fn value_view(figures: Option<&ValueFigures>, ledger: &Ledger) -> ValueView {
    let (nltv, source) = match figures
        .and_then(|f| f.net_long_term_value)
        .filter(|v| v.is_finite())
    {
        Some(v) => (v, ValueSource::Model),
        None => (
            to_f64(ledger.net_contribution) * 365.0 / f64::from(ledger.window_days.max(1)),
            ValueSource::TrailingNetContribution,
        ),
    };
    ValueView {
        net_long_term_value: nltv,
        source,
        expected_margin: figures.and_then(|f| f.expected_margin),
        expected_cost_to_serve: figures.and_then(|f| f.expected_cost_to_serve),
        p_alive: figures.and_then(|f| f.p_alive),
        model: figures.and_then(|f| f.model.clone()),
        strong_value: false,
        strong_value_threshold: 0.0,
    }
}

/// Pass 1: the customer's ledger and the metrics the norms are built from.
pub fn measure(input: &CustomerInput<'_>, ctx: &AssessContext<'_>) -> Measured {
    measure_with(input, ctx, true)
}

/// Pass 1; `lines` false keeps only the ledger's totals (enough for the metrics).
fn measure_with(input: &CustomerInput<'_>, ctx: &AssessContext<'_>, lines: bool) -> Measured {
    let history = input.history;
    let ledger = if lines {
        Ledger::compute(history, ctx.as_of, ctx.settings, ctx.rates)
    } else {
        Ledger::totals(history, ctx.as_of, ctx.settings, ctx.rates)
    };
    let value = value_view(input.value, &ledger);
    let start = ledger.window_start;
    let exposure_start = history
        .customer
        .as_ref()
        .map_or(start, |c| c.created_at.max(start));
    // A yearly rate read off a few weeks is mostly noise (one request in a first month
    // is not twelve a year), and such rates would set the segment's spread: exposure
    // counts as at least half the window.
    let min_exposure = i64::from(ledger.window_days / 2).max(30);
    let exposure_days = (ctx.as_of - exposure_start).num_days().max(min_exposure) as f64;
    let per_year = |count: usize| count as f64 * 365.0 / exposure_days;

    let extracted: f64 = extraction::claimed_concessions(history, &ledger.concession_lines)
        .iter()
        .map(|c| to_f64(c.amount))
        .sum();
    let revenue = to_f64(ledger.revenue);
    let concession_rate = if extracted > 0.0 {
        extracted / (revenue.max(0.0) + extracted)
    } else {
        0.0
    };

    let in_window = |at: DateTime<Utc>| at > start && at <= ctx.as_of;
    let tickets: Vec<_> = history
        .tickets
        .iter()
        .filter(|t| in_window(t.opened_at))
        .collect();
    let out_of_scope = tickets
        .iter()
        .filter(|t| t.out_of_scope == Some(true))
        .count();
    let senior = tickets
        .iter()
        .filter(|t| t.escalation >= EscalationLevel::Manager)
        .count();
    let minutes_per_ticket =
        (!tickets.is_empty()).then(|| to_f64(ledger.handling_minutes) / tickets.len() as f64);
    let with_agent: Vec<&str> = tickets
        .iter()
        .filter_map(|t| t.agent_id.as_deref())
        .collect();
    let agent_spread = (with_agent.len() >= 2).then(|| {
        let distinct: std::collections::HashSet<&str> = with_agent.iter().copied().collect();
        distinct.len() as f64 / with_agent.len() as f64
    });
    let uses = contract::recent_use(history, ctx.as_of, ctx.settings);
    let usage_rate =
        (!uses.is_empty()).then(|| uses.iter().map(|u| u.rate).sum::<f64>() / uses.len() as f64);

    let metrics = CustomerMetrics {
        segment: history.customer.as_ref().and_then(|c| c.segment.clone()),
        concession_rate,
        out_of_scope_per_year: per_year(out_of_scope),
        senior_per_year: per_year(senior),
        minutes_per_ticket,
        handling_cost: to_f64(ledger.handling_cost),
        gross_margin: to_f64(ledger.gross_margin),
        usage_rate,
        net_long_term_value: value.net_long_term_value,
        agent_spread,
    };
    Measured {
        ledger,
        metrics,
        value,
    }
}

/// Pass 2: signals and decision for a measured customer.
pub fn assess_measured(
    input: &CustomerInput<'_>,
    measured: Measured,
    norms: &SegmentNorms,
    ctx: &AssessContext<'_>,
) -> Assessment {
    let Measured {
        ledger,
        metrics,
        mut value,
    } = measured;
    let (group, peers) = norms.group(metrics.segment.as_deref());
    value.strong_value_threshold = group.strong_value_threshold;
    value.strong_value = !matches!(peers, NormSource::TooFewPeers { .. })
        && value.net_long_term_value > 0.0
        && value.net_long_term_value >= group.strong_value_threshold;
    let signal_input = SignalInput {
        history: input.history,
        ledger: &ledger,
        metrics: &metrics,
        norms,
        promotions: &ctx.promotions,
        abuse: input.abuse,
        settings: ctx.settings,
        as_of: ctx.as_of,
        net_long_term_value: value.net_long_term_value,
    };
    let signals = signals::compute_all(&signal_input);
    let limits = limits_tried(
        input.history,
        ledger.window_start,
        ctx.as_of,
        input.declined_offer_cases,
        &ctx.settings.policy,
    );
    let decision = decide(&PolicyInput {
        signals: &signals,
        ledger: &ledger,
        net_long_term_value: value.net_long_term_value,
        strong_value: value.strong_value,
        limits_tried: limits.as_ref(),
        settings: &ctx.settings.policy,
    });
    let customer = input.history.customer.as_ref();
    Assessment {
        customer_id: ledger.customer_id.clone(),
        name: customer.and_then(|c| c.name.clone()),
        segment: metrics.segment.clone(),
        language: customer.and_then(|c| c.language.clone()),
        as_of: ctx.as_of,
        peers,
        ledger,
        value,
        signals,
        decision,
        messages_screened: input.abuse.is_some(),
    }
}

/// Pass 1 for every customer, in parallel: the metrics to build the norms from.
pub fn measure_all(inputs: &[CustomerInput<'_>], ctx: &AssessContext<'_>) -> Vec<CustomerMetrics> {
    inputs
        .par_iter()
        .map(|input| measure_with(input, ctx, false).metrics)
        .collect()
}

/// Assesses one customer against norms already built from the whole base
/// (`SegmentNorms::build(&measure_all(..), ..)`), e.g. for `keepwise explain`.
pub fn assess(
    input: &CustomerInput<'_>,
    norms: &SegmentNorms,
    ctx: &AssessContext<'_>,
) -> Assessment {
    assess_measured(input, measure(input, ctx), norms, ctx)
}

/// Every customer's assessment, with the norms they were judged against.
#[derive(Debug, Clone)]
pub struct Assessments {
    pub assessments: Vec<Assessment>,
    pub norms: SegmentNorms,
}

/// Assesses every customer in parallel (both passes), in input order.
pub fn assess_all(inputs: &[CustomerInput<'_>], ctx: &AssessContext<'_>) -> Assessments {
    let measured: Vec<Measured> = inputs.par_iter().map(|input| measure(input, ctx)).collect();
    let metrics: Vec<CustomerMetrics> = measured.iter().map(|m| m.metrics.clone()).collect();
    let norms = SegmentNorms::build(&metrics, &ctx.settings.policy);
    drop(metrics);
    let assessments = inputs
        .par_iter()
        .zip(measured.into_par_iter())
        .map(|(input, m)| assess_measured(input, m, &norms, ctx))
        .collect();
    Assessments { assessments, norms }
}

/// A customer's result without its evidence: what the triage queue needs to rank a
/// million customers in little memory. Re-assess the customers to show with [`assess`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Score {
    pub action: Action,
    pub script: Option<ScriptSituation>,
    pub money_at_stake: f64,
    pub net_long_term_value: f64,
    pub cost_to_serve: f64,
    /// The signals raised, with their strengths.
    pub signals: Vec<(SignalName, f64)>,
}

/// Every customer's score (in input order), with the norms they were judged against.
#[derive(Debug, Clone)]
pub struct Scores {
    pub scores: Vec<Score>,
    pub norms: SegmentNorms,
}

/// Scores every customer in parallel, keeping only the compact [`Score`]: pass 1
/// keeps the metrics only, pass 2 recomputes each ledger and drops the evidence.
/// The same decisions as [`assess_all`] in a fraction of the memory.
pub fn score_all(inputs: &[CustomerInput<'_>], ctx: &AssessContext<'_>) -> Scores {
    let norms = SegmentNorms::build(&measure_all(inputs, ctx), &ctx.settings.policy);
    let scores = inputs
        .par_iter()
        .map(|input| {
            let a = assess(input, &norms, ctx);
            Score {
                action: a.decision.action,
                script: a.decision.script,
                money_at_stake: a.decision.money_at_stake.total,
                net_long_term_value: a.value.net_long_term_value,
                cost_to_serve: a.decision.money_at_stake.cost_to_serve,
                signals: a.signals.iter().map(|s| (s.name, s.strength)).collect(),
            }
        })
        .collect();
    Scores { scores, norms }
}

/// Indices of the triage queue over scores: customers needing attention (every
/// action but `keep`) first, by money at stake (largest first, ties by input order),
/// then the kept ones; `actions` filters (empty: all), `limit` cuts the list.
pub fn triage_scores(scores: &[Score], actions: &[Action], limit: Option<usize>) -> Vec<usize> {
    let mut queue: Vec<usize> = (0..scores.len())
        .filter(|i| actions.is_empty() || actions.contains(&scores[*i].action))
        .collect();
    queue.par_sort_by(|&a, &b| {
        let (x, y) = (&scores[a], &scores[b]);
        (x.action == Action::Keep)
            .cmp(&(y.action == Action::Keep))
            .then_with(|| y.money_at_stake.total_cmp(&x.money_at_stake))
            .then_with(|| a.cmp(&b))
    });
    if let Some(n) = limit {
        queue.truncate(n);
    }
    queue
}

/// The latest timestamp in a set of histories: the default `as_of`.
pub fn latest_timestamp(histories: &[CustomerHistory]) -> Option<DateTime<Utc>> {
    let day_start = |d: chrono::NaiveDate| d.and_hms_opt(0, 0, 0).map(|t| t.and_utc());
    histories
        .par_iter()
        .filter_map(|h| {
            let stamps = h
                .orders
                .iter()
                .map(|o| o.ordered_at)
                .chain(h.concessions.iter().map(|c| c.granted_at))
                .chain(
                    h.tickets
                        .iter()
                        .flat_map(|t| std::iter::once(t.opened_at).chain(t.closed_at)),
                )
                .chain(h.messages.iter().map(|m| m.sent_at))
                .chain(
                    h.reviews
                        .iter()
                        .flat_map(|r| std::iter::once(r.posted_at).chain(r.responded_at)),
                )
                .chain(h.staff_reports.iter().map(|r| r.reported_at))
                .chain(h.usage.iter().filter_map(|u| day_start(u.date)))
                .chain(h.customer.iter().map(|c| c.created_at));
            stamps.max()
        })
        .max()
}

/// One line of the triage queue (the JSON/CSV shape of `keepwise triage`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TriageRow {
    pub customer_id: String,
    pub name: Option<String>,
    pub segment: Option<String>,
    pub action: Action,
    pub script: Option<ScriptSituation>,
    pub money_at_stake: f64,
    pub net_long_term_value: f64,
    pub cost_to_serve: f64,
    pub concessions: f64,
    pub signals: Vec<Signal>,
}

impl Assessment {
    /// The customer's line in the triage queue.
    pub fn triage_row(&self) -> TriageRow {
        TriageRow {
            customer_id: self.customer_id.clone(),
            name: self.name.clone(),
            segment: self.segment.clone(),
            action: self.decision.action,
            script: self.decision.script,
            money_at_stake: self.decision.money_at_stake.total,
            net_long_term_value: self.value.net_long_term_value,
            cost_to_serve: self.decision.money_at_stake.cost_to_serve,
            concessions: self.decision.money_at_stake.concessions,
            signals: self.signals.clone(),
        }
    }
}

/// The triage queue: customers needing attention (every action but `keep`) first,
/// by money at stake (largest first, ties by customer id), then the kept ones.
/// `actions` filters (empty: all), `limit` cuts the list.
pub fn triage<'a>(
    assessments: &'a [Assessment],
    actions: &[Action],
    limit: Option<usize>,
) -> Vec<&'a Assessment> {
    let mut queue: Vec<&Assessment> = assessments
        .iter()
        .filter(|a| actions.is_empty() || actions.contains(&a.decision.action))
        .collect();
    queue.sort_by(|a, b| {
        (a.decision.action == Action::Keep)
            .cmp(&(b.decision.action == Action::Keep))
            .then_with(|| {
                b.decision
                    .money_at_stake
                    .total
                    .total_cmp(&a.decision.money_at_stake.total)
            })
            .then_with(|| a.customer_id.cmp(&b.customer_id))
    });
    if let Some(n) = limit {
        queue.truncate(n);
    }
    queue
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signals::SignalName;
    use crate::signals::testkit::*;

    fn inputs(customers: &[Cust]) -> Vec<CustomerInput<'_>> {
        customers
            .iter()
            .map(|c| CustomerInput {
                history: &c.history,
                value: c.value.as_ref(),
                abuse: c.abuse.as_deref(),
                declined_offer_cases: &c.declined_offers,
            })
            .collect()
    }

    #[test]
    fn one_customer_assessed_alone_matches_the_parallel_run() {
        let mut customers = peers();
        customers.push(buys(Cust::new("loss", "retail")).nltv(-900.0));
        let settings = Settings::default();
        let ctx = AssessContext::new(&[], as_of(), &settings, None);
        let all = assess_all(&inputs(&customers), &ctx);
        let norms = SegmentNorms::build(&measure_all(&inputs(&customers), &ctx), &settings.policy);
        assert_eq!(norms, all.norms);
        let last = inputs(&customers)[40];
        assert_eq!(assess(&last, &norms, &ctx), all.assessments[40]);
        assert_eq!(all.assessments[40].decision.action, Action::OfferExit);
    }

    #[test]
    fn with_too_few_peers_norm_based_signals_are_not_raised_and_the_peers_are_named() {
        let mut c = buys(Cust::new("alone", "retail"));
        for day in [60, 160, 260] {
            c = c.concession(day, crate::records::ConcessionKind::Refund, 90, None);
        }
        let customers = vec![c];
        let settings = Settings::default();
        let ctx = AssessContext::new(&[], as_of(), &settings, None);
        let a = assess_all(&inputs(&customers), &ctx).assessments.remove(0);
        assert!(signal(&a, SignalName::ConcessionAbuse).is_none());
        assert_eq!(a.peers, NormSource::TooFewPeers { peers: 1 });
        assert!(!a.value.strong_value);
    }

    #[test]
    fn without_a_model_the_value_is_another_year_like_the_last() {
        let a = assess_one(
            buys(Cust::new("nomodel", "retail")).ticket(60, |t| t.handling_minutes = 60.into()),
        );
        assert_eq!(a.value.source, ValueSource::TrailingNetContribution);
        // 4 × 100 at a 30 % margin = 120, minus one agent hour (30) = 90 over 365 days.
        assert!((a.value.net_long_term_value - 90.0).abs() < 1e-9);
    }

    #[test]
    fn triage_puts_customers_needing_attention_first_by_money_at_stake() {
        let targets = vec![
            buys(Cust::new("calm", "retail").screened()),
            buys(Cust::new("small", "retail").screened()).nltv(-300.0),
            buys(Cust::new("big", "retail").screened()).nltv(-3_000.0),
        ];
        let assessed = assess_among_peers(targets, &Settings::default());
        let queue = triage(&assessed, &[], None);
        let ids: Vec<&str> = queue.iter().map(|a| a.customer_id.as_str()).collect();
        assert_eq!(ids, ["big", "small", "calm"]);
        let exits = triage(&assessed, &[Action::OfferExit], Some(1));
        assert_eq!(exits.len(), 1);
        assert_eq!(exits[0].customer_id, "big");
        let row = serde_json::to_value(exits[0].triage_row()).unwrap();
        for key in [
            "customer_id",
            "action",
            "signals",
            "net_long_term_value",
            "cost_to_serve",
            "script",
        ] {
            assert!(row.get(key).is_some(), "{key}");
        }
        assert_eq!(row["action"], "offer_exit");
        assert_eq!(row["signals"][0]["name"], "value_destroyed");
        assert!(row["signals"][0]["evidence"]["explanation"].is_string());
    }

    #[test]
    fn the_default_as_of_is_the_latest_timestamp_in_the_data() {
        let customers = [
            buys(Cust::new("a", "retail"))
                .review(380, 2, Some(390))
                .history,
            Cust::new("b", "retail").history,
        ];
        assert_eq!(latest_timestamp(&customers), Some(at(390)));
        assert_eq!(latest_timestamp(&[]), None);
    }
}
