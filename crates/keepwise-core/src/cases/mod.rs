//! Cases: the fair, polite, auditable process that follows one customer from a
//! concern to an outcome (DESIGN.md, "The process").
//!
//! A [`Case`] is a plain value with its full history. [`apply`] takes a case, one
//! [`CaseCommand`], the staff member acting and the moment, and either returns the
//! [`Transition`] (the new case, the [`CaseStep`] for the audit log and any change
//! of the customer's status) or a [`CaseError`] that names what is missing and what
//! to do. Nothing here reads a clock or a database: the store persists what this
//! module decides, in one transaction per step.
//!
//! The paths:
//! - kept: `open → facts_verified → outcome_asked → offer_made → accepted → resolved`;
//! - parted: `… offer_made → declined → parting_proposed → parting_approved →
//!   farewell_sent → follow_up_scheduled → closed`;
//! - refused (staff abuse or fraud-like extraction only):
//!   `open → facts_verified → refusal_approved → refusal_sent → closed`;
//! - lost: the customer leaves on their own before any approval; the case closes with a post-mortem.

mod error;
pub mod evidence;
pub mod losses;
mod types;

pub use error::CaseError;
pub use types::*;

use chrono::{DateTime, NaiveDate, Utc};

/// Opens a case about one customer. The staff member who opens it owns it.
pub fn open(
    case_id: &str,
    customer_id: &str,
    reason: Option<&str>,
    owner: &Staff,
    at: DateTime<Utc>,
) -> Result<(Case, CaseStep), CaseError> {
    if case_id.trim().is_empty() {
        return Err(CaseError::Missing {
            action: "open a case",
            what: "a case id",
            hint: "give the case a non-empty id",
        });
    }
    if customer_id.trim().is_empty() {
        return Err(CaseError::Missing {
            action: "open a case",
            what: "the customer id",
            hint: "name the customer the case is about",
        });
    }
    let reason = reason
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(str::to_string);
    let step = CaseStep {
        seq: 1,
        at,
        actor: owner.staff_id.clone(),
        actor_role: owner.role,
        from: None,
        to: CaseState::Open,
        action: StepAction::Open {
            reason: reason.clone(),
        },
        evidence: None,
    };
    let case = Case {
        case_id: case_id.to_string(),
        customer_id: customer_id.to_string(),
        owner: owner.staff_id.clone(),
        opened_at: at,
        reason,
        state: CaseState::Open,
        evidence: None,
        wanted_outcome: None,
        offers: Vec::new(),
        parting: None,
        refusal: None,
        follow_up: None,
        post_mortem: None,
        outcome: None,
        history: vec![step.clone()],
    };
    Ok((case, step))
}

/// Applies one step to a case, checking every precondition first.
///
/// On success the returned case has the step appended to its history; on error the
/// case is untouched (it is taken by reference) and the error says what to do.
pub fn apply(
    case: &Case,
    command: CaseCommand,
    actor: &Staff,
    at: DateTime<Utc>,
) -> Result<Transition, CaseError> {
    use CaseState as S;
    let action = command.name();
    if case.state.is_terminal() {
        return Err(CaseError::Finished {
            case_id: case.case_id.clone(),
            state: case.state,
        });
    }
    let today = at.date_naive();
    let mut next = case.clone();
    let mut status = None;

    let (to, step_action) = match command {
        CaseCommand::VerifyFacts { evidence } => {
            expect_state(case, action, &[S::Open])?;
            if evidence.is_empty() {
                return Err(CaseError::Missing {
                    action,
                    what: "evidence",
                    hint: "freeze at least one fact (a signal, ticket, message, amount or staff report) with the case",
                });
            }
            next.evidence = Some(evidence);
            (S::FactsVerified, StepAction::VerifyFacts)
        }
        CaseCommand::AskOutcome { wanted } => {
            expect_state(case, action, &[S::FactsVerified])?;
            let wanted = non_empty(
                wanted,
                action,
                "the outcome the customer wants",
                "ask the customer what they want (a refund, a repair, an apology, to leave, to be heard) and record it",
            )?;
            next.wanted_outcome = Some(wanted.clone());
            (S::OutcomeAsked, StepAction::AskOutcome { wanted })
        }
        CaseCommand::MakeOffer { terms } => {
            expect_state(case, action, &[S::OutcomeAsked, S::Declined])?;
            let terms = non_empty(
                terms,
                action,
                "the terms of the offer",
                "write down what is offered (remedy, boundaries or exit terms) exactly as the customer will read it",
            )?;
            next.offers.push(Offer {
                terms: terms.clone(),
                made_at: at,
                made_by: actor.staff_id.clone(),
                answer: None,
            });
            (S::OfferMade, StepAction::MakeOffer { terms })
        }
        CaseCommand::Accept { note } => {
            expect_state(case, action, &[S::OfferMade])?;
            answer_last_offer(&mut next, OfferAnswer::Accepted, at);
            (
                S::Accepted,
                StepAction::Accept {
                    note: trimmed(note),
                },
            )
        }
        CaseCommand::Decline { note } => {
            expect_state(case, action, &[S::OfferMade])?;
            answer_last_offer(&mut next, OfferAnswer::Declined, at);
            (
                S::Declined,
                StepAction::Decline {
                    note: trimmed(note),
                },
            )
        }
        CaseCommand::Resolve { note } => {
            expect_state(case, action, &[S::Accepted])?;
            let note = non_empty(
                note,
                action,
                "what was done",
                "record how the accepted offer was carried out (e.g. \"refund of 40 EUR paid on 3 May\")",
            )?;
            next.outcome = Some(CaseOutcome::Kept);
            (S::Resolved, StepAction::Resolve { note })
        }
        CaseCommand::ProposeParting { reason } => {
            expect_state(case, action, &[S::Declined])?;
            let reason = non_empty(
                reason,
                action,
                "the reason for parting",
                "say why the relationship should end (e.g. \"needs 24/7 on-site support we do not offer\")",
            )?;
            if case.evidence_has_signal(SIGNAL_COMPANY_FAULT) {
                return Err(CaseError::CompanyFault {
                    case_id: case.case_id.clone(),
                });
            }
            next.parting = Some(Parting {
                reason: reason.clone(),
                proposed_by: actor.staff_id.clone(),
                approved_by: None,
            });
            (S::PartingProposed, StepAction::ProposeParting { reason })
        }
        CaseCommand::ApproveParting { confirmed } => {
            expect_state(case, action, &[S::PartingProposed])?;
            expect_approver(case, action, actor)?;
            expect_confirmed(action, confirmed)?;
            if let Some(parting) = next.parting.as_mut() {
                parting.approved_by = Some(actor.staff_id.clone());
            }
            (S::PartingApproved, StepAction::ApproveParting)
        }
        CaseCommand::SendFarewell { message, confirmed } => {
            expect_state(case, action, &[S::PartingApproved])?;
            let message = expect_message(message, action, "farewell")?;
            expect_confirmed(action, confirmed)?;
            status = Some(CustomerStatus::Parted {
                since: today,
                follow_up: None,
                case_id: case.case_id.clone(),
            });
            (S::FarewellSent, StepAction::SendFarewell { message })
        }
        CaseCommand::ScheduleFollowUp { date } => {
            expect_state(case, action, &[S::FarewellSent])?;
            expect_future(action, "follow-up date", date, today)?;
            next.follow_up = Some(date);
            status = Some(CustomerStatus::Parted {
                since: case.farewell_date().unwrap_or(today),
                follow_up: Some(date),
                case_id: case.case_id.clone(),
            });
            (S::FollowUpScheduled, StepAction::ScheduleFollowUp { date })
        }
        CaseCommand::ApproveRefusal {
            ground,
            reason,
            review_date,
            confirmed,
        } => {
            expect_state(case, action, &[S::FactsVerified])?;
            expect_approver(case, action, actor)?;
            let reason = non_empty(
                reason,
                action,
                "the reason for refusing service",
                "state the facts in one sentence (e.g. \"threatened the courier on 2 and 9 May, staff reports r-17 and r-21\")",
            )?;
            let evidence = case.evidence.clone().unwrap_or_default();
            if !evidence.supports(ground) {
                return Err(CaseError::EvidenceDoesNotSupport { ground });
            }
            if ground != RefusalGround::StaffAbuse && evidence.has_signal(SIGNAL_COMPANY_FAULT) {
                return Err(CaseError::CompanyFault {
                    case_id: case.case_id.clone(),
                });
            }
            expect_future(action, "review date", review_date, today)?;
            expect_confirmed(action, confirmed)?;
            let record = DoNotServe {
                ground,
                reason: reason.clone(),
                evidence,
                approver: actor.staff_id.clone(),
                approved_at: at,
                review_date,
                case_id: case.case_id.clone(),
            };
            next.refusal = Some(record.clone());
            status = Some(CustomerStatus::DoNotServe(record));
            (
                S::RefusalApproved,
                StepAction::ApproveRefusal {
                    ground,
                    reason,
                    review_date,
                },
            )
        }
        CaseCommand::SendRefusal { message, confirmed } => {
            expect_state(case, action, &[S::RefusalApproved])?;
            let message = expect_message(message, action, "refusal")?;
            expect_confirmed(action, confirmed)?;
            (S::RefusalSent, StepAction::SendRefusal { message })
        }
        CaseCommand::RecordPostMortem { post_mortem } => {
            expect_state(
                case,
                action,
                &[
                    S::PartingApproved,
                    S::FarewellSent,
                    S::FollowUpScheduled,
                    S::RefusalApproved,
                    S::RefusalSent,
                ],
            )?;
            let post_mortem = post_mortem.validated(action)?;
            next.post_mortem = Some(post_mortem.clone());
            (case.state, StepAction::RecordPostMortem { post_mortem })
        }
        CaseCommand::CustomerLeft {
            note,
            post_mortem,
            confirmed,
        } => {
            expect_state(
                case,
                action,
                &[
                    S::Open,
                    S::FactsVerified,
                    S::OutcomeAsked,
                    S::OfferMade,
                    S::Declined,
                    S::PartingProposed,
                ],
            )?;
            let note = non_empty(
                note,
                action,
                "how the customer left",
                "record what happened (e.g. \"cancelled the contract by letter on 4 May\")",
            )?;
            let post_mortem = post_mortem.validated(action)?;
            expect_confirmed(action, confirmed)?;
            next.post_mortem = Some(post_mortem.clone());
            next.outcome = Some(CaseOutcome::Lost);
            (S::Closed, StepAction::CustomerLeft { note, post_mortem })
        }
        CaseCommand::Close { confirmed } => {
            expect_state(case, action, &[S::FollowUpScheduled, S::RefusalSent])?;
            if case.post_mortem.is_none() {
                return Err(CaseError::PostMortemMissing {
                    case_id: case.case_id.clone(),
                });
            }
            expect_confirmed(action, confirmed)?;
            next.outcome = Some(if case.state == S::RefusalSent {
                CaseOutcome::Refused
            } else {
                CaseOutcome::Parted
            });
            (S::Closed, StepAction::Close)
        }
    };

    let step = CaseStep {
        seq: case.history.len() as u32 + 1,
        at,
        actor: actor.staff_id.clone(),
        actor_role: actor.role,
        from: Some(case.state),
        to,
        action: step_action,
        evidence: next.evidence.clone(),
    };
    next.state = to;
    next.history.push(step.clone());
    Ok(Transition {
        case: next,
        step,
        status,
    })
}

fn expect_state(case: &Case, action: &'static str, allowed: &[CaseState]) -> Result<(), CaseError> {
    if allowed.contains(&case.state) {
        Ok(())
    } else {
        Err(CaseError::WrongState {
            action,
            state: case.state,
            needs: allowed.to_vec(),
        })
    }
}

fn expect_approver(case: &Case, action: &'static str, actor: &Staff) -> Result<(), CaseError> {
    if !actor.role.may_approve() {
        return Err(CaseError::NotAManager {
            action,
            staff_id: actor.staff_id.clone(),
            role: actor.role,
        });
    }
    if actor.staff_id == case.owner {
        return Err(CaseError::OwnerCannotApprove {
            action,
            staff_id: actor.staff_id.clone(),
            role_in_case: "owns this case",
        });
    }
    if case
        .parting
        .as_ref()
        .is_some_and(|p| p.proposed_by == actor.staff_id)
    {
        return Err(CaseError::OwnerCannotApprove {
            action,
            staff_id: actor.staff_id.clone(),
            role_in_case: "proposed this parting",
        });
    }
    Ok(())
}

fn expect_confirmed(action: &'static str, confirmed: bool) -> Result<(), CaseError> {
    if confirmed {
        Ok(())
    } else {
        Err(CaseError::NotConfirmed { action })
    }
}

fn expect_future(
    action: &'static str,
    what: &'static str,
    date: NaiveDate,
    today: NaiveDate,
) -> Result<(), CaseError> {
    if date > today {
        Ok(())
    } else {
        Err(CaseError::DateNotAhead {
            action,
            what,
            date,
            today,
        })
    }
}

fn expect_message(
    message: SentMessage,
    action: &'static str,
    kind: &'static str,
) -> Result<SentMessage, CaseError> {
    if message.body.trim().is_empty() {
        return Err(CaseError::Missing {
            action,
            what: if kind == "farewell" {
                "the farewell message"
            } else {
                "the refusal message"
            },
            hint: "render the script for the customer (keepwise script …) and attach it",
        });
    }
    Ok(message)
}

fn non_empty(
    text: String,
    action: &'static str,
    what: &'static str,
    hint: &'static str,
) -> Result<String, CaseError> {
    let text = text.trim();
    if text.is_empty() {
        Err(CaseError::Missing { action, what, hint })
    } else {
        Ok(text.to_string())
    }
}

fn trimmed(note: Option<String>) -> Option<String> {
    note.map(|n| n.trim().to_string()).filter(|n| !n.is_empty())
}

fn answer_last_offer(case: &mut Case, answer: OfferAnswer, at: DateTime<Utc>) {
    if let Some(offer) = case.offers.last_mut() {
        offer.answer = Some((answer, at));
    }
}

#[cfg(test)]
mod tests;
