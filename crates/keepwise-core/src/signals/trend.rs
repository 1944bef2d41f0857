//! Early-warning trends: a customer who contacts support much more often lately
//! than they used to.
//!
//! DESIGN.md's `watch` is for early or weak signals. The signals of its table judge
//! the whole window, so a customer whose tickets only started to pile up in the last
//! months shows nothing yet, or only first signs. This signal compares the customer
//! with their own past instead: how many tickets the recent months brought against
//! what their earlier contact rate in the window would predict. It is an early
//! warning only: the policy watches it and never acts on it alone.

use chrono::Duration;

use crate::records::Ticket;

use super::{Evidence, RecordKind, Signal, SignalInput, SignalName, day, ramp};

/// `rising_contacts`: the recent ticket count far above the customer's own earlier pace.
///
/// Recent = the last `rising_contacts_recent_days` of the window; earlier = the rest
/// of the window since the customer's first activity (the customer's creation, or
/// the window's start when earlier). The earlier rate gets half a ticket of prior so
/// that a quiet past predicts a small positive count rather than zero. Needs at least
/// `rising_contacts_min_recent` recent tickets and an earlier stretch at least as
/// long as the recent one (a new customer has no past to compare with). Strength:
/// the recent count over the predicted one, first sign at 2×, threshold at 4×, full
/// at 8×, and at most the count's own strength against `rising_contacts_min_recent`.
pub fn rising_contacts(input: &SignalInput<'_>, tickets: &[&Ticket]) -> Option<Signal> {
    let policy = &input.settings.policy;
    let recent_days = i64::from(policy.rising_contacts_recent_days.max(1));
    let recent_start = input.as_of - Duration::days(recent_days);
    let first_activity = input
        .history
        .customer
        .as_ref()
        .map_or(input.ledger.window_start, |c| c.created_at)
        .max(input.ledger.window_start);
    let earlier_days = (recent_start - first_activity).num_hours() as f64 / 24.0;
    if earlier_days < recent_days as f64 {
        return None;
    }
    let recent: Vec<&&Ticket> = tickets
        .iter()
        .filter(|t| t.opened_at > recent_start)
        .collect();
    let min_recent = policy.rising_contacts_min_recent.max(2);
    if recent.len() < min_recent as usize {
        return None;
    }
    let earlier = tickets
        .iter()
        .filter(|t| t.opened_at > first_activity && t.opened_at <= recent_start)
        .count();
    let predicted = (earlier as f64 + 0.5) / earlier_days * recent_days as f64;
    let ratio = recent.len() as f64 / predicted;
    let by_count = ramp(
        recent.len() as f64,
        f64::from(min_recent),
        f64::from(min_recent),
        2.0 * f64::from(min_recent),
    );
    let strength = ramp(ratio, 2.0, 4.0, 8.0).min(by_count);
    if strength == 0.0 {
        return None;
    }
    let mut evidence = Evidence::default();
    evidence.figure("tickets in the recent period", recent.len() as f64);
    evidence.figure("recent period (days)", recent_days as f64);
    evidence.figure("tickets earlier in the window", earlier as f64);
    evidence.figure("earlier period (days)", earlier_days.round());
    evidence.figure("tickets expected at the earlier pace", predicted);
    for t in &recent {
        evidence.record(
            RecordKind::Ticket,
            &t.ticket_id,
            format!("{}, {}, {}", t.category, day(t.opened_at), t.escalation),
        );
    }
    evidence.explanation = format!(
        "The customer opened {} tickets in the last {} days, where their earlier pace ({} in {:.0} days) would predict {:.1}: contacts are rising.",
        recent.len(),
        recent_days,
        earlier,
        earlier_days,
        predicted
    );
    Some(Signal {
        name: SignalName::RisingContacts,
        strength,
        severe: false,
        evidence,
    })
}
