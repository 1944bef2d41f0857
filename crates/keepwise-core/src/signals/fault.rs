//! Signals about whose problem it is: the business's own faults, and needs the
//! business cannot meet.

use crate::records::{RootCause, Ticket, TicketOutcome};

use super::{
    Evidence, RecordKind, Signal, SignalInput, SignalName, count_strength, day, repeat_strength,
};

/// `company_fault`: most of the customer's issues with a known root cause were
/// caused by the business, so the customer's anger is legitimate.
///
/// Among the window's tickets with a known root cause (`company`, `customer`,
/// `third_party`; `unknown` and empty count neither way), the share caused by the
/// business must exceed `company_fault_min_share`. The signal then holds, whatever its
/// strength (the guards read it); its strength grows with the number of such tickets:
/// one 0.25, `recover_min_company_tickets` 0.5 (repeated failures: recover). A
/// company-caused ticket still unresolved, or one the customer rated 1–2, counts
/// as two: the harm is still open.
pub fn company_fault(input: &SignalInput<'_>, tickets: &[&Ticket]) -> Option<Signal> {
    let policy = &input.settings.policy;
    let known: Vec<&&Ticket> = tickets
        .iter()
        .filter(|t| {
            matches!(
                t.root_cause,
                Some(RootCause::Company | RootCause::Customer | RootCause::ThirdParty)
            )
        })
        .collect();
    let ours: Vec<&&&Ticket> = known
        .iter()
        .filter(|t| t.root_cause == Some(RootCause::Company))
        .collect();
    if ours.is_empty() {
        return None;
    }
    let share = ours.len() as f64 / known.len() as f64;
    if share <= policy.company_fault_min_share {
        return None;
    }
    let open_harm = |t: &Ticket| {
        matches!(
            t.outcome,
            Some(TicketOutcome::Unresolved | TicketOutcome::Open)
        ) || t.csat.is_some_and(|c| c <= 2)
    };
    let weight: usize = ours.iter().map(|t| if open_harm(t) { 2 } else { 1 }).sum();
    let strength = count_strength(weight, policy.recover_min_company_tickets);
    let mut evidence = Evidence::default();
    evidence.figure("tickets with a known cause", known.len() as f64);
    evidence.figure("caused by the business", ours.len() as f64);
    evidence.figure("share caused by the business", share);
    let mut still_open = 0;
    for t in &ours {
        let outcome = t
            .outcome
            .map_or("outcome not recorded".to_string(), |o| o.to_string());
        let csat = t.csat.map(|c| format!(", rated {c}/5")).unwrap_or_default();
        if open_harm(t) {
            still_open += 1;
        }
        evidence.record(
            RecordKind::Ticket,
            &t.ticket_id,
            format!("{}, {}, {}{}", t.category, day(t.opened_at), outcome, csat),
        );
    }
    evidence.figure("still unresolved or rated poorly", f64::from(still_open));
    evidence.explanation = format!(
        "The business caused {} of the customer's {} issues with a known cause in the last {} days{}: their anger is legitimate and the fault is ours to put right.",
        ours.len(),
        known.len(),
        input.ledger.window_days,
        if still_open > 0 {
            format!(" ({still_open} still unresolved or rated poorly)")
        } else {
            String::new()
        }
    );
    Some(Signal {
        name: SignalName::CompanyFault,
        strength,
        severe: false,
        evidence,
    })
}

/// `capability_mismatch`: the customer needs what the business cannot deliver.
///
/// Tickets of the window marked `unsupported` (a request the business cannot
/// fulfil), against `capability_min_unsupported`; a single such request is ordinary.
pub fn capability_mismatch(input: &SignalInput<'_>, tickets: &[&Ticket]) -> Option<Signal> {
    let unsupported: Vec<&&Ticket> = tickets
        .iter()
        .filter(|t| t.unsupported == Some(true))
        .collect();
    let strength = repeat_strength(
        unsupported.len(),
        input.settings.policy.capability_min_unsupported,
    );
    if strength == 0.0 {
        return None;
    }
    let mut evidence = Evidence::default();
    evidence.figure(
        "requests the business cannot fulfil",
        unsupported.len() as f64,
    );
    evidence.figure("tickets in the window", tickets.len() as f64);
    for t in &unsupported {
        evidence.record(
            RecordKind::Ticket,
            &t.ticket_id,
            format!("{}, {}", t.category, day(t.opened_at)),
        );
    }
    let mut categories: Vec<&str> = unsupported.iter().map(|t| t.category.as_str()).collect();
    categories.sort();
    categories.dedup();
    evidence.explanation = format!(
        "The customer asked {} times in the last {} days for something the business cannot deliver ({}).",
        unsupported.len(),
        input.ledger.window_days,
        categories.join(", ")
    );
    Some(Signal {
        name: SignalName::CapabilityMismatch,
        strength,
        severe: false,
        evidence,
    })
}
