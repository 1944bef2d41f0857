//! Why a case step was refused, each message naming what is missing and what to do.

use chrono::NaiveDate;

use super::types::{CaseState, RefusalGround, Role};

/// A case step that was refused. Every message says which precondition failed and what to do.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CaseError {
    #[error(
        "cannot {action}: the case is `{state}`, and this step needs {}. Next from `{state}`: {}",
        list_states(needs),
        state.next_steps()
    )]
    WrongState {
        action: &'static str,
        state: CaseState,
        needs: Vec<CaseState>,
    },

    #[error("cannot {action}: {what} is missing; {hint}")]
    Missing {
        action: &'static str,
        what: &'static str,
        hint: &'static str,
    },

    #[error(
        "cannot {action}: `{staff_id}` is {} {role}; a second person with the manager role must approve (act as a manager with --as)",
        article(*role)
    )]
    NotAManager {
        action: &'static str,
        staff_id: String,
        role: Role,
    },

    #[error(
        "cannot {action}: `{staff_id}` {role_in_case}, and an irreversible decision needs a second person; ask another manager to approve it"
    )]
    OwnerCannotApprove {
        action: &'static str,
        staff_id: String,
        role_in_case: &'static str,
    },

    #[error(
        "cannot {action} without explicit confirmation: this step is irreversible; repeat it with --confirm once you are sure"
    )]
    NotConfirmed { action: &'static str },

    #[error("cannot {action}: the {what} {date} is not after today ({today}); choose a later date")]
    DateNotAhead {
        action: &'static str,
        what: &'static str,
        date: NaiveDate,
        today: NaiveDate,
    },

    #[error(
        "cannot close case `{case_id}`: a parted or refused case needs a post-mortem first (root cause, business at fault?, training needed); record it with `case post-mortem`"
    )]
    PostMortemMissing { case_id: String },

    #[error(
        "cannot refuse service on the ground `{ground}`: the facts frozen with the case do not show it ({}); refusal is only for staff abuse or fraud-like extraction — otherwise ask the customer what they want and make an offer",
        needed_evidence(*ground)
    )]
    EvidenceDoesNotSupport { ground: RefusalGround },

    #[error(
        "cannot part with the customer of case `{case_id}`: the verified facts show `company_fault` — the business caused the anger, so recovery comes first (apologise, repair, refund costs or credit; make an offer with `case offer`)"
    )]
    CompanyFault { case_id: String },

    #[error(
        "case `{case_id}` has ended (`{state}`): no further step is possible; open a new case if the customer needs one"
    )]
    Finished { case_id: String, state: CaseState },

    #[error("the stored history of case `{case_id}` is inconsistent: {why}")]
    History { case_id: String, why: String },
}

fn list_states(states: &[CaseState]) -> String {
    let names: Vec<String> = states.iter().map(|s| format!("`{s}`")).collect();
    match names.len() {
        0 => String::new(),
        1 => names[0].clone(),
        n => format!("{} or {}", names[..n - 1].join(", "), names[n - 1]),
    }
}

fn article(role: Role) -> &'static str {
    match role {
        Role::Manager => "a",
        Role::Agent | Role::Admin => "an",
    }
}

fn needed_evidence(ground: RefusalGround) -> &'static str {
    match ground {
        RefusalGround::StaffAbuse => "needed: the `staff_abuse` signal or a staff report",
        RefusalGround::FraudLikeExtraction => "needed: the `concession_abuse` signal",
    }
}
