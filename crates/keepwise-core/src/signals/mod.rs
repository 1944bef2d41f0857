//! Signals: facts about one customer, each with a strength and its evidence.
//!
//! Every signal of DESIGN.md's table is computed here from the customer's records as
//! of an explicit date, over the ledger's trailing window. A signal is present only
//! when its fact holds at least weakly; its strength (0..1) says how strongly, on one
//! scale shared by all signals: 0.25 is a first sign, 0.5 is the signal's threshold
//! (strong enough to act on), 1.0 is twice the threshold or more. Each signal names
//! the records behind it, the figures, and one plain sentence.
//!
//! Modules group the signals by family: [`escalation`] (senior escalation loop, repeat
//! issue, effort disproportion), [`staff`] (staff abuse, staff strain), [`extraction`]
//! (concession abuse, promo gaming, excessive demands), [`fault`] (company fault,
//! capability mismatch), [`contract`] (unused contract), [`reputation`] (negative
//! public review, low target fit) and [`value`] (value destroyed). Beyond the table,
//! [`trend`] raises the early warning `rising_contacts` for the watch list.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::config::Settings;
use crate::ledger::{Ledger, in_window};
use crate::norms::{CustomerMetrics, SegmentNorms};
use crate::records::{CustomerHistory, Promotion, Ticket};

pub mod contract;
pub mod escalation;
pub mod extraction;
pub mod fault;
pub mod reputation;
pub mod staff;
pub mod trend;
pub mod value;

/// The signals of DESIGN.md's table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignalName {
    SeniorEscalationLoop,
    RepeatIssue,
    EffortDisproportion,
    StaffAbuse,
    StaffStrain,
    ConcessionAbuse,
    PromoGaming,
    ExcessiveDemands,
    CompanyFault,
    UnusedContract,
    CapabilityMismatch,
    NegativePublicReview,
    LowTargetFit,
    ValueDestroyed,
    /// Not in DESIGN.md's table: an early warning for `watch` (see [`trend`]).
    RisingContacts,
}

impl SignalName {
    /// Every signal, in the table's order.
    pub const ALL: [SignalName; 15] = [
        SignalName::SeniorEscalationLoop,
        SignalName::RepeatIssue,
        SignalName::EffortDisproportion,
        SignalName::StaffAbuse,
        SignalName::StaffStrain,
        SignalName::ConcessionAbuse,
        SignalName::PromoGaming,
        SignalName::ExcessiveDemands,
        SignalName::CompanyFault,
        SignalName::UnusedContract,
        SignalName::CapabilityMismatch,
        SignalName::NegativePublicReview,
        SignalName::LowTargetFit,
        SignalName::ValueDestroyed,
        SignalName::RisingContacts,
    ];

    /// The name as written in outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            SignalName::SeniorEscalationLoop => "senior_escalation_loop",
            SignalName::RepeatIssue => "repeat_issue",
            SignalName::EffortDisproportion => "effort_disproportion",
            SignalName::StaffAbuse => "staff_abuse",
            SignalName::StaffStrain => "staff_strain",
            SignalName::ConcessionAbuse => "concession_abuse",
            SignalName::PromoGaming => "promo_gaming",
            SignalName::ExcessiveDemands => "excessive_demands",
            SignalName::CompanyFault => "company_fault",
            SignalName::UnusedContract => "unused_contract",
            SignalName::CapabilityMismatch => "capability_mismatch",
            SignalName::NegativePublicReview => "negative_public_review",
            SignalName::LowTargetFit => "low_target_fit",
            SignalName::ValueDestroyed => "value_destroyed",
            SignalName::RisingContacts => "rising_contacts",
        }
    }
}

impl std::fmt::Display for SignalName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Kinds of records a signal can point at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordKind {
    Order,
    Concession,
    Ticket,
    Message,
    Contract,
    Review,
    StaffReport,
    Promotion,
    Case,
}

impl RecordKind {
    /// The kind as written in outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            RecordKind::Order => "order",
            RecordKind::Concession => "concession",
            RecordKind::Ticket => "ticket",
            RecordKind::Message => "message",
            RecordKind::Contract => "contract",
            RecordKind::Review => "review",
            RecordKind::StaffReport => "staff_report",
            RecordKind::Promotion => "promotion",
            RecordKind::Case => "case",
        }
    }
}

/// One record behind a signal, with what about it matters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecordRef {
    pub kind: RecordKind,
    pub id: String,
    /// What about this record matters (e.g. "manager, 2025-03-01, billing", or the offending span).
    pub detail: String,
}

/// A named figure behind a signal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    pub label: String,
    pub value: f64,
}

/// Why a signal holds: the records, the figures and one plain sentence.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Evidence {
    pub records: Vec<RecordRef>,
    pub figures: Vec<Figure>,
    pub explanation: String,
}

impl Evidence {
    pub(crate) fn record(&mut self, kind: RecordKind, id: &str, detail: impl Into<String>) {
        self.records.push(RecordRef {
            kind,
            id: id.to_string(),
            detail: detail.into(),
        });
    }

    pub(crate) fn figure(&mut self, label: &str, value: f64) {
        self.figures.push(Figure {
            label: label.to_string(),
            value,
        });
    }
}

/// A fact about a customer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Signal {
    pub name: SignalName,
    /// 0..1: 0.25 first sign, 0.5 at the signal's threshold, 1.0 at twice it or more.
    pub strength: f64,
    /// The signal's gravest form: for `staff_abuse`, abuse that reaches refusal of
    /// service; for `concession_abuse`, fraud-like deliberate extraction. False otherwise.
    pub severe: bool,
    pub evidence: Evidence,
}

/// How serious one message's abusive content is, as the abuse detector judged it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AbuseLevel {
    None,
    /// Swearing not aimed at anyone.
    Profanity,
    /// Insults, obscenity or harassment aimed at staff.
    Abuse,
    /// Threats of harm.
    Threat,
}

/// An offending span of a message (byte offsets into the message text).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AbuseSpan {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub category: String,
}

/// The abuse detector's finding for one message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MessageAbuse {
    pub message_id: String,
    pub level: AbuseLevel,
    pub spans: Vec<AbuseSpan>,
}

/// Everything the signals of one customer read.
#[derive(Debug, Clone, Copy)]
pub struct SignalInput<'a> {
    pub history: &'a CustomerHistory,
    pub ledger: &'a Ledger,
    pub metrics: &'a CustomerMetrics,
    pub norms: &'a SegmentNorms,
    /// The data set's promotions by id.
    pub promotions: &'a HashMap<String, Promotion>,
    /// Findings of the abuse detector for this customer's messages; `None` when the
    /// detector did not run (then `staff_abuse` reads staff reports only).
    pub abuse: Option<&'a [MessageAbuse]>,
    pub settings: &'a Settings,
    pub as_of: DateTime<Utc>,
    /// Net long-term value used by the policy.
    pub net_long_term_value: f64,
}

impl<'a> SignalInput<'a> {
    pub(crate) fn in_window(&self, at: DateTime<Utc>) -> bool {
        in_window(at, self.ledger.window_start, self.as_of)
    }

    /// The customer's tickets opened within the window, oldest first.
    pub(crate) fn window_tickets(&self) -> Vec<&'a Ticket> {
        let mut tickets: Vec<&Ticket> = self
            .history
            .tickets
            .iter()
            .filter(|t| self.in_window(t.opened_at))
            .collect();
        tickets.sort_by(|a, b| {
            a.opened_at
                .cmp(&b.opened_at)
                .then_with(|| a.ticket_id.cmp(&b.ticket_id))
        });
        tickets
    }

    pub(crate) fn segment(&self) -> Option<&str> {
        self.metrics.segment.as_deref()
    }
}

/// Strength on the shared scale: 0 below `start`, 0.25 at `start` rising to 0.5 at
/// `threshold`, then to 1.0 at `full`.
pub fn ramp(x: f64, start: f64, threshold: f64, full: f64) -> f64 {
    if x.is_nan() || x < start {
        0.0
    } else if x < threshold {
        0.25 + 0.25 * (x - start) / (threshold - start)
    } else if full <= threshold {
        1.0
    } else {
        (0.5 + 0.5 * (x - threshold) / (full - threshold)).min(1.0)
    }
}

/// Strength of a count against its threshold: first occurrence 0.25, threshold 0.5,
/// twice the threshold 1.0.
pub fn count_strength(count: usize, threshold: u32) -> f64 {
    let threshold = f64::from(threshold.max(1));
    ramp(count as f64, 1.0, threshold, 2.0 * threshold)
}

/// Strength of a count of things that only matter when they repeat (a second ticket
/// of a category, a second concession): first sign 0.25 at two, threshold 0.5, twice
/// the threshold 1.0. A single occurrence is ordinary and raises nothing.
pub fn repeat_strength(count: usize, threshold: u32) -> f64 {
    let threshold = f64::from(threshold.max(2));
    ramp(count as f64, 2.0, threshold, 2.0 * threshold)
}

/// Strength of a robust z-score: first sign at 60 % of `far`, threshold at `far`, full at `full`.
pub fn z_strength(z: f64, far: f64, full: f64) -> f64 {
    ramp(z, 0.6 * far, far, full)
}

/// Rounds a strength to two decimals so outputs stay readable and stable.
pub(crate) fn rounded(strength: f64) -> f64 {
    (strength.clamp(0.0, 1.0) * 100.0).round() / 100.0
}

/// A date for evidence details (`2025-03-01`).
pub(crate) fn day(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%d").to_string()
}

/// Computes every signal that holds for one customer, in the table's order.
pub fn compute_all(input: &SignalInput<'_>) -> Vec<Signal> {
    let tickets = input.window_tickets();
    let mut signals = Vec::new();
    signals.extend(escalation::senior_escalation_loop(input, &tickets));
    signals.extend(escalation::repeat_issue(input, &tickets));
    signals.extend(escalation::effort_disproportion(input, &tickets));
    signals.extend(staff::staff_abuse(input, &tickets));
    signals.extend(staff::staff_strain(input, &tickets));
    signals.extend(extraction::concession_abuse(input, &tickets));
    signals.extend(extraction::promo_gaming(input));
    signals.extend(extraction::excessive_demands(input, &tickets));
    signals.extend(fault::company_fault(input, &tickets));
    signals.extend(contract::unused_contract(input));
    signals.extend(fault::capability_mismatch(input, &tickets));
    signals.extend(reputation::negative_public_review(input));
    signals.extend(reputation::low_target_fit(input));
    signals.extend(value::value_destroyed(input));
    signals.extend(trend::rising_contacts(input, &tickets));
    for signal in &mut signals {
        signal.strength = rounded(signal.strength);
    }
    signals
}

#[cfg(test)]
mod cases;
#[cfg(test)]
pub(crate) mod testkit;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shared_scale_puts_first_signs_thresholds_and_full_strength_in_place() {
        assert_eq!(count_strength(0, 3), 0.0);
        assert_eq!(count_strength(1, 3), 0.25);
        assert_eq!(count_strength(3, 3), 0.5);
        assert_eq!(count_strength(6, 3), 1.0);
        assert_eq!(count_strength(9, 3), 1.0);
        assert_eq!(count_strength(1, 1), 0.5);
        assert_eq!(z_strength(1.0, 3.0, 6.0), 0.0);
        assert_eq!(z_strength(3.0, 3.0, 6.0), 0.5);
        assert_eq!(z_strength(f64::INFINITY, 3.0, 6.0), 1.0);
    }
}
