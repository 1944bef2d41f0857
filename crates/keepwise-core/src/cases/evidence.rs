//! Collecting the facts a case freezes at `facts_verified` from a customer's records.
//!
//! The records that matter for a decision about a relationship: what staff reported,
//! tickets the business caused, that were reopened, escalated or out of scope,
//! concessions granted, term contracts, and poor public reviews — within the ledger
//! window. Signals found by the scoring engine (or named by staff) are frozen with them.

use chrono::{Days, NaiveDate};

use super::types::{Evidence, EvidenceItem, EvidenceKind};
use crate::exit_terms::plain_money;
use crate::records::{CustomerHistory, EscalationLevel, RootCause};

/// The evidence of one customer's records in the `window_days` days up to `as_of`,
/// with the names of the signals that hold.
pub fn collect_evidence(
    history: &CustomerHistory,
    signals: &[String],
    as_of: NaiveDate,
    window_days: u32,
) -> Evidence {
    let since = as_of
        .checked_sub_days(Days::new(u64::from(window_days)))
        .unwrap_or(NaiveDate::MIN);
    let within = |day: NaiveDate| day > since && day <= as_of;
    let mut items = Vec::new();

    for report in history
        .staff_reports
        .iter()
        .filter(|r| within(r.reported_at.date_naive()))
    {
        let note = report
            .note
            .as_deref()
            .map(|n| format!(": {n}"))
            .unwrap_or_default();
        items.push(EvidenceItem {
            kind: EvidenceKind::StaffReport,
            id: report.report_id.clone(),
            summary: format!(
                "{} reported by {} on {}{note}",
                report.kind,
                report.staff_id,
                report.reported_at.date_naive()
            ),
        });
    }
    for ticket in history
        .tickets
        .iter()
        .filter(|t| within(t.opened_at.date_naive()))
    {
        let mut notes = Vec::new();
        if ticket.root_cause == Some(RootCause::Company) {
            notes.push("caused by us".to_string());
        }
        if let Some(times) = ticket.reopened.filter(|n| *n > 0) {
            notes.push(format!("reopened {times}×"));
        }
        if matches!(
            ticket.escalation,
            EscalationLevel::Manager | EscalationLevel::Executive
        ) {
            notes.push(format!("escalated to {}", ticket.escalation));
        }
        if ticket.out_of_scope == Some(true) {
            notes.push("out of scope".to_string());
        }
        if ticket.unsupported == Some(true) {
            notes.push("not something we offer".to_string());
        }
        if notes.is_empty() {
            continue;
        }
        items.push(EvidenceItem {
            kind: EvidenceKind::Ticket,
            id: ticket.ticket_id.clone(),
            summary: format!(
                "{} on {}: {}",
                ticket.category,
                ticket.opened_at.date_naive(),
                notes.join(", ")
            ),
        });
    }
    for concession in history
        .concessions
        .iter()
        .filter(|c| within(c.granted_at.date_naive()))
    {
        let reason = concession
            .reason
            .as_deref()
            .map(|r| format!(" ({r})"))
            .unwrap_or_default();
        items.push(EvidenceItem {
            kind: EvidenceKind::Concession,
            id: concession.concession_id.clone(),
            summary: format!(
                "{} of {} on {}{reason}",
                concession.kind,
                plain_money(concession.amount, &concession.currency),
                concession.granted_at.date_naive()
            ),
        });
    }
    for contract in history
        .contracts
        .iter()
        .filter(|c| c.ended_at.is_none_or(|end| end > as_of))
    {
        items.push(EvidenceItem {
            kind: EvidenceKind::Contract,
            id: contract.contract_id.clone(),
            summary: format!(
                "{} months from {}, {} a month",
                contract.term_months,
                contract.start_date,
                plain_money(contract.monthly_fee, &contract.currency)
            ),
        });
    }
    for review in history
        .reviews
        .iter()
        .filter(|r| r.rating <= 2 && within(r.posted_at.date_naive()))
    {
        let answered = if review.responded_at.is_some() {
            "answered"
        } else {
            "not answered"
        };
        items.push(EvidenceItem {
            kind: EvidenceKind::Review,
            id: review.review_id.clone(),
            summary: format!(
                "{}★ on {} on {}, {answered}",
                review.rating,
                review.source,
                review.posted_at.date_naive()
            ),
        });
    }
    Evidence {
        signals: signals.to_vec(),
        items,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::*;
    use chrono::{TimeZone, Utc};
    use rust_decimal::Decimal;

    fn at(month: u32, day: u32) -> chrono::DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, month, day, 12, 0, 0).unwrap()
    }

    fn ticket(
        id: &str,
        month: u32,
        root_cause: Option<RootCause>,
        escalation: EscalationLevel,
    ) -> Ticket {
        Ticket {
            ticket_id: id.into(),
            customer_id: "c".into(),
            opened_at: at(month, 1),
            closed_at: None,
            channel: Channel::Email,
            category: "billing".into(),
            escalation,
            handling_minutes: Decimal::new(30, 0),
            reopened: None,
            agent_id: None,
            team: None,
            csat: None,
            root_cause,
            out_of_scope: None,
            unsupported: None,
            outcome: None,
        }
    }

    #[test]
    fn the_telling_records_of_the_window_become_evidence() {
        let history = CustomerHistory {
            staff_reports: vec![StaffReport {
                report_id: "r-1".into(),
                customer_id: "c".into(),
                staff_id: "ana".into(),
                reported_at: at(5, 2),
                kind: StaffReportKind::Threat,
                note: Some("threatened the courier".into()),
            }],
            tickets: vec![
                ticket("t-1", 5, Some(RootCause::Company), EscalationLevel::Agent),
                ticket("t-2", 5, None, EscalationLevel::Agent),
                ticket("t-3", 5, None, EscalationLevel::Executive),
                ticket("t-old", 1, Some(RootCause::Company), EscalationLevel::Agent),
            ],
            concessions: vec![Concession {
                concession_id: "k-1".into(),
                customer_id: "c".into(),
                granted_at: at(4, 10),
                kind: ConcessionKind::Refund,
                amount: Decimal::new(4000, 2),
                currency: "EUR".into(),
                reason: Some("late".into()),
                ticket_id: None,
                order_id: None,
                promotion_id: None,
                approved_by: None,
            }],
            ..CustomerHistory::default()
        };
        let as_of = NaiveDate::from_ymd_opt(2026, 5, 20).unwrap();
        let evidence = collect_evidence(&history, &["staff_abuse".to_string()], as_of, 90);
        let ids: Vec<&str> = evidence.items.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(ids, ["r-1", "t-1", "t-3", "k-1"]);
        assert_eq!(
            evidence.items[0].summary,
            "threat reported by ana on 2026-05-02: threatened the courier"
        );
        assert_eq!(
            evidence.items[1].summary,
            "billing on 2026-05-01: caused by us"
        );
        assert_eq!(
            evidence.items[2].summary,
            "billing on 2026-05-01: escalated to executive"
        );
        assert_eq!(
            evidence.items[3].summary,
            "refund of 40.00 EUR on 2026-04-10 (late)"
        );
        assert!(evidence.supports(crate::cases::RefusalGround::StaffAbuse));
    }
}
