//! The losses report (DESIGN.md, "Reports", principle 9): parted, refused and lost
//! customers by reason, the share where the business was at fault, and the training
//! needs found by the post-mortems, by team and by agent.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::types::{Case, CaseOutcome, TrainingFor};

/// One closed case that ended in a loss.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LossLine {
    pub case_id: String,
    pub customer_id: String,
    pub outcome: CaseOutcome,
    pub closed_on: NaiveDate,
    /// The parting reason, the refusal ground, or how the customer left.
    pub reason: String,
    pub root_cause: String,
    pub business_at_fault: bool,
}

/// How many losses had one reason.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReasonCount {
    pub outcome: CaseOutcome,
    pub reason: String,
    pub customers: usize,
    /// Of those, how many the business was at fault for.
    pub business_at_fault: usize,
}

/// The training one team or agent needs, with how many losses asked for it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainingLine {
    pub who: TrainingFor,
    pub topic: String,
    pub cases: usize,
}

/// The losses of a period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LossReport {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub customers: usize,
    pub parted: usize,
    pub refused: usize,
    pub lost: usize,
    pub business_at_fault: usize,
    /// Share of the losses where the business was at fault (0 when there are none).
    pub at_fault_share: f64,
    pub by_reason: Vec<ReasonCount>,
    /// Teams first, then agents, each by name, then by topic.
    pub training: Vec<TrainingLine>,
    pub cases: Vec<LossLine>,
}

/// Builds the losses report from cases; only closed cases that ended parted, refused
/// or lost count, and only when they closed within `from..=to` (either bound optional).
pub fn loss_report(cases: &[Case], from: Option<NaiveDate>, to: Option<NaiveDate>) -> LossReport {
    let mut lines = Vec::new();
    let mut reasons: BTreeMap<(CaseOutcome, String), (usize, usize)> = BTreeMap::new();
    let mut training: BTreeMap<(TrainingFor, String), usize> = BTreeMap::new();
    for case in cases {
        let Some(outcome) = case.outcome.filter(|o| *o != CaseOutcome::Kept) else {
            continue;
        };
        let Some(closed_on) = case.history.last().map(|s| s.at.date_naive()) else {
            continue;
        };
        if from.is_some_and(|f| closed_on < f) || to.is_some_and(|t| closed_on > t) {
            continue;
        }
        let reason = match outcome {
            CaseOutcome::Parted => case.parting.as_ref().map(|p| p.reason.clone()),
            CaseOutcome::Refused => case.refusal.as_ref().map(|r| r.ground.as_str().to_string()),
            CaseOutcome::Lost => case.history.iter().rev().find_map(|s| match &s.action {
                super::StepAction::CustomerLeft { note, .. } => Some(note.clone()),
                _ => None,
            }),
            CaseOutcome::Kept => None,
        }
        .unwrap_or_default();
        let (root_cause, at_fault) = case
            .post_mortem
            .as_ref()
            .map(|p| (p.root_cause.clone(), p.business_at_fault))
            .unwrap_or_default();
        let entry = reasons.entry((outcome, reason.clone())).or_default();
        entry.0 += 1;
        entry.1 += usize::from(at_fault);
        for need in case.post_mortem.iter().flat_map(|p| &p.training) {
            *training
                .entry((need.who.clone(), need.topic.clone()))
                .or_default() += 1;
        }
        lines.push(LossLine {
            case_id: case.case_id.clone(),
            customer_id: case.customer_id.clone(),
            outcome,
            closed_on,
            reason,
            root_cause,
            business_at_fault: at_fault,
        });
    }
    lines.sort_by(|a, b| (a.closed_on, &a.case_id).cmp(&(b.closed_on, &b.case_id)));
    let count = |outcome| lines.iter().filter(|l| l.outcome == outcome).count();
    let at_fault = lines.iter().filter(|l| l.business_at_fault).count();
    let mut by_reason: Vec<ReasonCount> = reasons
        .into_iter()
        .map(
            |((outcome, reason), (customers, business_at_fault))| ReasonCount {
                outcome,
                reason,
                customers,
                business_at_fault,
            },
        )
        .collect();
    by_reason.sort_by(|a, b| {
        b.customers
            .cmp(&a.customers)
            .then_with(|| (a.outcome, &a.reason).cmp(&(b.outcome, &b.reason)))
    });
    LossReport {
        from,
        to,
        customers: lines.len(),
        parted: count(CaseOutcome::Parted),
        refused: count(CaseOutcome::Refused),
        lost: count(CaseOutcome::Lost),
        business_at_fault: at_fault,
        at_fault_share: if lines.is_empty() {
            0.0
        } else {
            at_fault as f64 / lines.len() as f64
        },
        by_reason,
        training: training
            .into_iter()
            .map(|((who, topic), cases)| TrainingLine { who, topic, cases })
            .collect(),
        cases: lines,
    }
}

#[cfg(test)]
mod tests {
    use super::super::*;
    use super::*;
    use chrono::{TimeZone, Utc};

    fn at(month: u32, day: u32) -> chrono::DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, month, day, 9, 0, 0).unwrap()
    }

    fn staff(id: &str, role: Role) -> Staff {
        Staff {
            staff_id: id.into(),
            name: id.into(),
            role,
            team: None,
        }
    }

    fn post_mortem(at_fault: bool, training: &[(TrainingFor, &str)]) -> PostMortem {
        PostMortem {
            root_cause: if at_fault {
                "missed installation dates".into()
            } else {
                "outside our service area".into()
            },
            business_at_fault: at_fault,
            training: training
                .iter()
                .map(|(who, topic)| TrainingNeed {
                    who: who.clone(),
                    topic: topic.to_string(),
                })
                .collect(),
        }
    }

    fn lost(id: &str, month: u32, at_fault: bool, training: &[(TrainingFor, &str)]) -> Case {
        let agent = staff("ana", Role::Agent);
        let (case, _) = open(id, &format!("cust-{id}"), None, &agent, at(month, 1)).unwrap();
        let command = CaseCommand::CustomerLeft {
            note: "cancelled by letter".into(),
            post_mortem: post_mortem(at_fault, training),
            confirmed: true,
        };
        apply(&case, command, &agent, at(month, 2)).unwrap().case
    }

    fn refused(id: &str, month: u32) -> Case {
        let agent = staff("ana", Role::Agent);
        let manager = staff("max", Role::Manager);
        let (case, _) = open(id, "cust-r", None, &agent, at(month, 1)).unwrap();
        let evidence = Evidence {
            signals: vec!["staff_abuse".into()],
            items: vec![],
        };
        let mut case = apply(
            &case,
            CaseCommand::VerifyFacts { evidence },
            &agent,
            at(month, 2),
        )
        .unwrap()
        .case;
        let message = SentMessage {
            situation: "refuse_service".into(),
            language: "en".into(),
            subject: "s".into(),
            body: "b".into(),
        };
        for (day, command, actor) in [
            (
                3,
                CaseCommand::ApproveRefusal {
                    ground: RefusalGround::StaffAbuse,
                    reason: "threats".into(),
                    review_date: NaiveDate::from_ymd_opt(2027, 1, 1).unwrap(),
                    confirmed: true,
                },
                &manager,
            ),
            (
                4,
                CaseCommand::SendRefusal {
                    message: message.clone(),
                    confirmed: true,
                },
                &agent,
            ),
            (
                5,
                CaseCommand::RecordPostMortem {
                    post_mortem: post_mortem(false, &[]),
                },
                &agent,
            ),
            (6, CaseCommand::Close { confirmed: true }, &agent),
        ] {
            case = apply(&case, command, actor, at(month, day)).unwrap().case;
        }
        case
    }

    #[test]
    fn losses_are_counted_by_reason_with_the_share_at_fault_and_training_needs() {
        let billing = TrainingFor::Team("billing".into());
        let bo = TrainingFor::Agent("bo".into());
        let cases = vec![
            lost(
                "a",
                3,
                true,
                &[
                    (billing.clone(), "explaining invoices"),
                    (bo.clone(), "de-escalation"),
                ],
            ),
            lost("b", 4, true, &[(billing.clone(), "explaining invoices")]),
            lost("c", 4, false, &[]),
            refused("d", 5),
        ];
        let report = loss_report(&cases, None, None);
        assert_eq!(
            (report.customers, report.parted, report.refused, report.lost),
            (4, 0, 1, 3)
        );
        assert_eq!(report.business_at_fault, 2);
        assert_eq!(report.at_fault_share, 0.5);
        assert_eq!(report.by_reason[0].reason, "cancelled by letter");
        assert_eq!(
            (
                report.by_reason[0].customers,
                report.by_reason[0].business_at_fault
            ),
            (3, 2)
        );
        assert_eq!(report.by_reason[1].reason, "staff_abuse");
        assert_eq!(
            report.training,
            vec![
                TrainingLine {
                    who: billing,
                    topic: "explaining invoices".into(),
                    cases: 2
                },
                TrainingLine {
                    who: bo,
                    topic: "de-escalation".into(),
                    cases: 1
                },
            ]
        );
    }

    #[test]
    fn only_losses_closed_in_the_period_count() {
        let cases = vec![
            lost("a", 3, true, &[]),
            lost("b", 4, false, &[]),
            refused("c", 5),
        ];
        let april = loss_report(
            &cases,
            NaiveDate::from_ymd_opt(2026, 4, 1),
            NaiveDate::from_ymd_opt(2026, 4, 30),
        );
        assert_eq!(april.customers, 1);
        assert_eq!(april.cases[0].case_id, "b");
        assert_eq!(april.at_fault_share, 0.0);
    }

    #[test]
    fn open_and_kept_cases_are_not_losses() {
        let agent = staff("ana", Role::Agent);
        let (open_case, _) = open("x", "cust-x", None, &agent, at(3, 1)).unwrap();
        let report = loss_report(&[open_case], None, None);
        assert_eq!(report.customers, 0);
        assert_eq!(report.at_fault_share, 0.0);
    }
}
