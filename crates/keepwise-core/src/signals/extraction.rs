//! Signals of taking more than the terms give: concession abuse, promotion gaming
//! and excessive (out-of-scope) demands.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use crate::ledger::ConcessionLine;
use crate::money::to_f64;
use crate::norms::Metric;
use crate::records::{ConcessionKind, CustomerHistory, OrderStatus, RootCause, Ticket};

use super::{
    Evidence, RecordKind, Signal, SignalInput, SignalName, count_strength, day, repeat_strength,
    z_strength,
};

/// Tickets whose issue the business caused: concessions granted on them were owed
/// (a remedy), not extracted, and count neither toward concession abuse nor its norm.
pub fn company_caused_tickets(history: &CustomerHistory) -> HashSet<&str> {
    history
        .tickets
        .iter()
        .filter(|t| t.root_cause == Some(RootCause::Company))
        .map(|t| t.ticket_id.as_str())
        .collect()
}

/// Concessions that count toward concession abuse: not granted on a ticket the
/// business caused (those were owed), and not the refund of an order the customer
/// sent back (that is a return under the terms, and the order already brings no
/// revenue).
pub fn claimed_concessions<'a>(
    history: &CustomerHistory,
    lines: &'a [ConcessionLine],
) -> Vec<&'a ConcessionLine> {
    let owed = company_caused_tickets(history);
    let returned: HashSet<&str> = history
        .orders
        .iter()
        .filter(|o| o.status == OrderStatus::Returned)
        .map(|o| o.order_id.as_str())
        .collect();
    let refunds_of_returns: HashSet<&str> = history
        .concessions
        .iter()
        .filter(|c| {
            c.kind == ConcessionKind::Refund
                && c.order_id.as_deref().is_some_and(|o| returned.contains(o))
        })
        .map(|c| c.concession_id.as_str())
        .collect();
    lines
        .iter()
        .filter(|c| !c.ticket_id.as_deref().is_some_and(|t| owed.contains(t)))
        .filter(|c| !refunds_of_returns.contains(c.concession_id.as_str()))
        .collect()
}

/// `concession_abuse`: concessions far above the segment's norm ("consumer extremism").
///
/// The concession rate is the share of value given back: concessions not owed for
/// the business's own faults divided by (revenue + those concessions), in the
/// window. It must be far above the segment's norm (robust z-score) and the
/// customer must have at least `concession_min_count` such concessions (a one-off
/// concession raises nothing); the weaker of the two strengths counts. Without a norm (too few peers) it is not raised.
///
/// Most customers of a segment receive no concession at all, so the robust spread
/// of the share is set by the few who do and z-scores understate how unusual a large
/// share is. When the segment's median share is below a tenth of
/// `extraction_min_share`, a share of at least `extraction_min_share` counts as far
/// above the norm (strength at least 0.5).
///
/// `severe` (fraud-like, deliberate extraction) when the signal is strong enough to
/// act on, at most half of the concessions (by amount) were granted in answer to
/// out-of-scope demands (those are the business bending its rules: boundaries, not
/// refusal), and either the window holds at least `extraction_min_chargebacks`
/// chargebacks, or the concessions exceed the gross margin the customer brought while
/// the share given back reaches `extraction_min_share` or the z-score reaches
/// `extraction_min_z`.
pub fn concession_abuse(input: &SignalInput<'_>, _tickets: &[&Ticket]) -> Option<Signal> {
    let policy = &input.settings.policy;
    let lines = claimed_concessions(input.history, &input.ledger.concession_lines);
    if lines.is_empty() {
        return None;
    }
    let chosen = input.norms.choose(input.segment(), Metric::ConcessionRate);
    let norm = chosen.norm?;
    let rate = input.metrics.concession_rate;
    let z = norm.z(rate);
    let large_share =
        rate >= policy.extraction_min_share && norm.median < 0.1 * policy.extraction_min_share;
    let far = z_strength(z, policy.norm_far_z, policy.norm_full_z);
    let far = if large_share { far.max(0.5) } else { far };
    let strength = far.min(repeat_strength(lines.len(), policy.concession_min_count));
    if strength == 0.0 {
        return None;
    }
    let total: Decimal = lines.iter().map(|c| c.amount).sum();
    let chargebacks = lines
        .iter()
        .filter(|c| c.kind == ConcessionKind::Chargeback)
        .count();
    let exceeds_margin = total > input.ledger.gross_margin;
    // Concessions the business granted in answer to out-of-scope demands are the
    // business bending its own rules (boundaries are the answer), not the customer
    // extracting: they do not make the pattern fraud-like.
    let demand_tickets: HashSet<&str> = input
        .history
        .tickets
        .iter()
        .filter(|t| t.out_of_scope == Some(true))
        .map(|t| t.ticket_id.as_str())
        .collect();
    let granted_demands: Decimal = lines
        .iter()
        .filter(|c| {
            c.ticket_id
                .as_deref()
                .is_some_and(|t| demand_tickets.contains(t))
        })
        .map(|c| c.amount)
        .sum();
    let mostly_claims = granted_demands * Decimal::TWO <= total;
    let severe = strength >= policy.act_min_strength
        && mostly_claims
        && (chargebacks >= policy.extraction_min_chargebacks.max(1) as usize
            || exceeds_margin && (large_share || z >= policy.extraction_min_z));

    let mut evidence = Evidence::default();
    evidence.figure("concessions (not owed)", to_f64(total));
    evidence.figure("revenue", to_f64(input.ledger.revenue));
    evidence.figure("gross margin", to_f64(input.ledger.gross_margin));
    evidence.figure("share of value given back", rate);
    evidence.figure("segment median share", norm.median);
    evidence.figure("robust z-score", z);
    evidence.figure("chargebacks", chargebacks as f64);
    evidence.figure("granted for out-of-scope demands", to_f64(granted_demands));
    for c in &lines {
        let reason = input
            .history
            .concessions
            .iter()
            .find(|k| k.concession_id == c.concession_id)
            .and_then(|k| k.reason.clone())
            .map(|r| format!(", \"{r}\""))
            .unwrap_or_default();
        evidence.record(
            RecordKind::Concession,
            &c.concession_id,
            format!("{} {}{}", c.kind, c.amount.normalize(), reason),
        );
    }
    let given = format!(
        "The customer received {} concessions worth {} in the last {} days, {:.0} % of the value they were billed, where the usual share in the {} is {:.0} %",
        lines.len(),
        total.round_dp(2).normalize(),
        input.ledger.window_days,
        100.0 * rate,
        chosen.source.describe(),
        100.0 * norm.median
    );
    evidence.explanation = if severe {
        let why = if chargebacks >= policy.extraction_min_chargebacks.max(1) as usize {
            format!("{chargebacks} chargebacks")
        } else {
            "more given back than the margin they brought".to_string()
        };
        format!("{given}; with {why} this looks like deliberate extraction.")
    } else if !mostly_claims {
        format!(
            "{given}; most of it was granted in answer to requests outside the terms, so the rules were bent rather than the customer extracting."
        )
    } else {
        format!("{given}.")
    };
    Some(Signal {
        name: SignalName::ConcessionAbuse,
        strength,
        severe,
        evidence,
    })
}

/// One promotion claim and what was wrong with it.
struct Claim<'a> {
    kind: RecordKind,
    id: &'a str,
    at: DateTime<Utc>,
    promotion_id: &'a str,
    is_order: bool,
}

/// `promo_gaming`: promotion claims against the terms.
///
/// A claim is an order (paid, cancelled or returned) or a concession naming a
/// promotion. It breaks the terms when made outside the promotion's dates, when a
/// first-order-only promotion is claimed on an order that is not the customer's
/// first paid order, or when it is a use beyond `max_uses_per_customer` (counted over
/// the whole history). Claims in the window are judged; unknown promotions are
/// skipped. Strength: one claim against the terms 0.25, `promo_min_violations` 0.5.
pub fn promo_gaming(input: &SignalInput<'_>) -> Option<Signal> {
    let history = input.history;
    let mut claims: Vec<Claim> = Vec::new();
    for o in &history.orders {
        if let Some(p) = &o.promotion_id
            && o.ordered_at <= input.as_of
        {
            claims.push(Claim {
                kind: RecordKind::Order,
                id: &o.order_id,
                at: o.ordered_at,
                promotion_id: p,
                is_order: true,
            });
        }
    }
    for c in &history.concessions {
        if let Some(p) = &c.promotion_id
            && c.granted_at <= input.as_of
            // A concession that repeats an order's promotion (its discount) is the same claim.
            && !c.order_id.as_ref().is_some_and(|o| history.orders.iter().any(|x| &x.order_id == o && x.promotion_id.as_ref() == Some(p)))
        {
            claims.push(Claim {
                kind: RecordKind::Concession,
                id: &c.concession_id,
                at: c.granted_at,
                promotion_id: p,
                is_order: false,
            });
        }
    }
    if claims.is_empty() {
        return None;
    }
    claims.sort_by(|a, b| a.at.cmp(&b.at).then_with(|| a.id.cmp(b.id)));
    let first_paid = history
        .orders
        .iter()
        .filter(|o| o.status == OrderStatus::Paid && o.ordered_at <= input.as_of)
        .min_by(|a, b| {
            a.ordered_at
                .cmp(&b.ordered_at)
                .then_with(|| a.order_id.cmp(&b.order_id))
        })
        .map(|o| o.order_id.as_str());

    let mut uses: HashMap<&str, u32> = HashMap::new();
    let mut evidence = Evidence::default();
    let mut violations = 0usize;
    let mut claims_in_window = 0usize;
    let mut promos_named = HashSet::new();
    for claim in &claims {
        let Some(promo) = input.promotions.get(claim.promotion_id) else {
            continue;
        };
        let counted = if claim.is_order {
            history
                .orders
                .iter()
                .find(|o| o.order_id == claim.id)
                .is_some_and(|o| o.status == OrderStatus::Paid)
        } else {
            true
        };
        let n = uses.entry(claim.promotion_id).or_insert(0);
        if counted {
            *n += 1;
        }
        if !input.in_window(claim.at) {
            continue;
        }
        claims_in_window += 1;
        let mut reasons = Vec::new();
        if claim.at < promo.starts_at || claim.at > promo.ends_at {
            reasons.push(format!(
                "claimed on {} outside the promotion's dates {} to {}",
                day(claim.at),
                day(promo.starts_at),
                day(promo.ends_at)
            ));
        }
        if claim.is_order && promo.first_order_only == Some(true) && first_paid != Some(claim.id) {
            reasons.push("first-order offer claimed on a later order".to_string());
        }
        if let Some(max) = promo.max_uses_per_customer
            && counted
            && *n > max
        {
            reasons.push(format!(
                "use number {} where at most {} per customer are allowed",
                n, max
            ));
        }
        if !reasons.is_empty() {
            violations += 1;
            promos_named.insert(promo.promotion_id.as_str());
            evidence.record(
                claim.kind,
                claim.id,
                format!(
                    "promotion \"{}\" ({}): {}",
                    promo.name,
                    promo.promotion_id,
                    reasons.join("; ")
                ),
            );
        }
    }
    let strength = count_strength(violations, input.settings.policy.promo_min_violations);
    if strength == 0.0 {
        return None;
    }
    let mut promos: Vec<&str> = promos_named.into_iter().collect();
    promos.sort();
    for p in &promos {
        evidence.record(RecordKind::Promotion, p, "terms broken");
    }
    evidence.figure("promotion claims in the window", claims_in_window as f64);
    evidence.figure("claims against the terms", violations as f64);
    evidence.explanation = format!(
        "{violations} of the customer's {claims_in_window} promotion claims in the last {} days broke the promotion's terms.",
        input.ledger.window_days
    );
    Some(Signal {
        name: SignalName::PromoGaming,
        strength,
        severe: false,
        evidence,
    })
}

/// `excessive_demands`: requests outside the contract or service scope, above the
/// segment's norm.
///
/// Out-of-scope tickets in the window (per year of exposure) must be far above the
/// segment's norm (robust z-score), and at least `demands_min_out_of_scope` in
/// number; the weaker of the two strengths counts. Without a norm it is not raised.
pub fn excessive_demands(input: &SignalInput<'_>, tickets: &[&Ticket]) -> Option<Signal> {
    let policy = &input.settings.policy;
    let demands: Vec<&&Ticket> = tickets
        .iter()
        .filter(|t| t.out_of_scope == Some(true))
        .collect();
    if demands.is_empty() {
        return None;
    }
    let chosen = input
        .norms
        .choose(input.segment(), Metric::OutOfScopePerYear);
    let norm = chosen.norm?;
    let z = norm.z(input.metrics.out_of_scope_per_year);
    let strength = z_strength(z, policy.norm_far_z, policy.norm_full_z).min(count_strength(
        demands.len(),
        policy.demands_min_out_of_scope,
    ));
    if strength == 0.0 {
        return None;
    }
    let declined = demands
        .iter()
        .filter(|t| t.outcome == Some(crate::records::TicketOutcome::Declined))
        .count();
    let mut evidence = Evidence::default();
    evidence.figure("out-of-scope requests", demands.len() as f64);
    evidence.figure("declined", declined as f64);
    evidence.figure(
        "out-of-scope requests per year",
        input.metrics.out_of_scope_per_year,
    );
    evidence.figure("segment median per year", norm.median);
    evidence.figure("robust z-score", z);
    for t in &demands {
        let outcome = t
            .outcome
            .map_or("outcome not recorded".to_string(), |o| o.to_string());
        evidence.record(
            RecordKind::Ticket,
            &t.ticket_id,
            format!(
                "{}, {}, {}, {}",
                t.category,
                day(t.opened_at),
                t.escalation,
                outcome
            ),
        );
    }
    evidence.explanation = format!(
        "The customer asked {} times in the last {} days for things outside the contract or service terms ({} declined), where the {} usually asks {:.1} times a year.",
        demands.len(),
        input.ledger.window_days,
        declined,
        chosen.source.describe(),
        norm.median
    );
    Some(Signal {
        name: SignalName::ExcessiveDemands,
        strength,
        severe: false,
        evidence,
    })
}
