//! Signals of support load: the senior escalation loop, the repeating issue, and
//! support effort out of proportion to the margin the customer brings.

use std::collections::BTreeMap;

use crate::money::to_f64;
use crate::norms::{Metric, NormSource};
use crate::records::{EscalationLevel, Ticket};

use super::{
    Evidence, RecordKind, Signal, SignalInput, SignalName, count_strength, day, ramp,
    repeat_strength, z_strength,
};

fn is_senior(level: EscalationLevel) -> bool {
    matches!(level, EscalationLevel::Manager | EscalationLevel::Executive)
}

/// `senior_escalation_loop`: managers or executives pulled in again and again.
///
/// Counts the window's tickets handled by a manager or an executive against
/// `senior_escalation_min_tickets`. When the segment has a norm for senior
/// escalations per year, the customer must also be above it (a segment whose every
/// account is handled by managers has no loop), and the weaker of the two strengths counts.
pub fn senior_escalation_loop(input: &SignalInput<'_>, tickets: &[&Ticket]) -> Option<Signal> {
    let policy = &input.settings.policy;
    let senior: Vec<&&Ticket> = tickets.iter().filter(|t| is_senior(t.escalation)).collect();
    let by_count = count_strength(senior.len(), policy.senior_escalation_min_tickets);
    if by_count == 0.0 {
        return None;
    }
    let chosen = input.norms.choose(input.segment(), Metric::SeniorPerYear);
    let mut evidence = Evidence::default();
    evidence.figure(
        "tickets handled by a manager or executive",
        senior.len() as f64,
    );
    evidence.figure(
        "threshold (tickets)",
        f64::from(policy.senior_escalation_min_tickets),
    );
    let mut strength = by_count;
    let mut norm_note = String::new();
    if let Some(norm) = chosen.norm {
        let z = norm.z(input.metrics.senior_per_year);
        evidence.figure("senior escalations per year", input.metrics.senior_per_year);
        evidence.figure("segment median per year", norm.median);
        evidence.figure("robust z-score", z);
        strength = strength.min(z_strength(z, policy.norm_far_z, policy.norm_full_z));
        norm_note = format!(
            " (usual in the {}: {:.1} a year)",
            chosen.source.describe(),
            norm.median
        );
    }
    if strength == 0.0 {
        return None;
    }
    for t in &senior {
        evidence.record(
            RecordKind::Ticket,
            &t.ticket_id,
            format!("{}, {}, {}", t.escalation, day(t.opened_at), t.category),
        );
    }
    evidence.explanation = format!(
        "{} of the customer's tickets in the last {} days had to be handled by a manager or an executive{}.",
        senior.len(),
        input.ledger.window_days,
        norm_note
    );
    Some(Signal {
        name: SignalName::SeniorEscalationLoop,
        strength,
        severe: false,
        evidence,
    })
}

/// `repeat_issue`: the same problem handled over and over.
///
/// The strongest of: the most frequent ticket category in the window against
/// `repeat_issue_min_tickets`, and the reopenings summed over the window's tickets
/// against `repeat_issue_min_reopens`. One ticket of a category, or one reopening,
/// is ordinary: the first sign is the second.
pub fn repeat_issue(input: &SignalInput<'_>, tickets: &[&Ticket]) -> Option<Signal> {
    let policy = &input.settings.policy;
    let mut by_category: BTreeMap<&str, Vec<&Ticket>> = BTreeMap::new();
    for t in tickets {
        by_category.entry(t.category.as_str()).or_default().push(t);
    }
    let (category, same) = by_category
        .iter()
        .max_by(|a, b| a.1.len().cmp(&b.1.len()).then_with(|| b.0.cmp(a.0)))
        .map(|(c, ts)| (*c, ts.clone()))
        .unwrap_or(("", Vec::new()));
    let reopens: u32 = tickets.iter().map(|t| t.reopened.unwrap_or(0)).sum();
    // A single ticket of a category is not a repetition: counting starts at the second.
    let category_strength = repeat_strength(same.len(), policy.repeat_issue_min_tickets);
    let reopen_strength = repeat_strength(reopens as usize, policy.repeat_issue_min_reopens);
    let strength = category_strength.max(reopen_strength);
    if strength == 0.0 {
        return None;
    }
    let mut evidence = Evidence::default();
    evidence.figure("tickets of the most frequent category", same.len() as f64);
    evidence.figure("reopenings", f64::from(reopens));
    let mut listed = Vec::new();
    if category_strength > 0.0 {
        for t in &same {
            listed.push(t.ticket_id.as_str());
            let cause = t
                .root_cause
                .map_or("cause unknown".to_string(), |c| format!("caused by {c}"));
            evidence.record(
                RecordKind::Ticket,
                &t.ticket_id,
                format!("{}, {}, {}", category, day(t.opened_at), cause),
            );
        }
    }
    for t in tickets.iter().filter(|t| t.reopened.unwrap_or(0) > 0) {
        if !listed.contains(&t.ticket_id.as_str()) {
            evidence.record(
                RecordKind::Ticket,
                &t.ticket_id,
                format!("{}, reopened {} times", t.category, t.reopened.unwrap_or(0)),
            );
        }
    }
    evidence.explanation = if category_strength >= reopen_strength {
        format!(
            "The same problem (\"{category}\") came back {} times in the last {} days{}.",
            same.len(),
            input.ledger.window_days,
            if reopens > 0 {
                format!(", and tickets were reopened {reopens} times")
            } else {
                String::new()
            }
        )
    } else {
        format!(
            "The customer's tickets were reopened {reopens} times in the last {} days.",
            input.ledger.window_days
        )
    };
    Some(Signal {
        name: SignalName::RepeatIssue,
        strength,
        severe: false,
        evidence,
    })
}

/// `effort_disproportion`: the customer's share of support effort far exceeds their
/// share of margin.
///
/// Share of the segment's handling cost divided by share of the segment's gross
/// margin, against `effort_share_ratio`; at least `effort_min_tickets` tickets. A
/// customer without positive margin who costs support time has an unbounded ratio.
/// The handling cost itself must also be far above the segment's norm (robust
/// z-score), so that a few ordinary tickets from a small buyer do not count; the
/// weakest of the three strengths counts. Not raised without a norm.
pub fn effort_disproportion(input: &SignalInput<'_>, tickets: &[&Ticket]) -> Option<Signal> {
    let policy = &input.settings.policy;
    if tickets.is_empty() {
        return None;
    }
    let (group, source) = input.norms.group(input.segment());
    if matches!(source, NormSource::TooFewPeers { .. }) || group.handling_cost_total <= 0.0 {
        return None;
    }
    let cost = to_f64(input.ledger.handling_cost);
    let margin = to_f64(input.ledger.gross_margin);
    let effort_share = cost / group.handling_cost_total;
    let margin_share = if group.margin_total > 0.0 {
        margin.max(0.0) / group.margin_total
    } else {
        0.0
    };
    let ratio = if margin_share > 0.0 {
        effort_share / margin_share
    } else if effort_share > 0.0 {
        f64::INFINITY
    } else {
        0.0
    };
    let k = policy.effort_share_ratio;
    let cost_norm = input
        .norms
        .choose(input.segment(), Metric::HandlingCost)
        .norm?;
    let z = cost_norm.z(cost);
    let strength = ramp(ratio, 0.6 * k, k, 2.0 * k)
        .min(count_strength(tickets.len(), policy.effort_min_tickets))
        .min(z_strength(z, policy.norm_far_z, policy.norm_full_z));
    if strength == 0.0 {
        return None;
    }
    let mut evidence = Evidence::default();
    evidence.figure("handling cost", cost);
    evidence.figure("gross margin", margin);
    evidence.figure("share of the segment's support cost", effort_share);
    evidence.figure("share of the segment's margin", margin_share);
    evidence.figure(
        "effort share / margin share",
        if ratio.is_finite() { ratio } else { f64::MAX },
    );
    evidence.figure("segment median handling cost", cost_norm.median);
    evidence.figure("robust z-score of handling cost", z);
    for t in tickets {
        evidence.record(
            RecordKind::Ticket,
            &t.ticket_id,
            format!(
                "{} min at {} level, {}",
                t.handling_minutes,
                t.escalation,
                day(t.opened_at)
            ),
        );
    }
    let ratio_text = if ratio.is_finite() {
        format!("{ratio:.1} times their share of its margin")
    } else {
        "while bringing no margin".to_string()
    };
    evidence.explanation = format!(
        "The customer took {:.2} % of the support cost of the {} {} in the last {} days.",
        100.0 * effort_share,
        source.describe(),
        ratio_text,
        input.ledger.window_days
    );
    Some(Signal {
        name: SignalName::EffortDisproportion,
        strength,
        severe: false,
        evidence,
    })
}
