//! The values of the case process: staff, states, commands, steps, statuses, post-mortems.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::CaseError;

/// The signal name (DESIGN.md, "Signals") under which the business caused the customer's anger.
pub const SIGNAL_COMPANY_FAULT: &str = "company_fault";
/// The signal name for abuse, threats or harassment of staff.
pub const SIGNAL_STAFF_ABUSE: &str = "staff_abuse";
/// The signal name for concessions far above the segment's norm.
pub const SIGNAL_CONCESSION_ABUSE: &str = "concession_abuse";

/// What a staff member may do in the process.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Works cases: opens, verifies, asks, offers, sends, closes.
    Agent,
    /// Everything an agent does, and approves partings and refusals of other people's cases.
    Manager,
    /// Manages staff; may approve like a manager.
    Admin,
}

impl Role {
    pub const ALL: &'static [Role] = &[Role::Agent, Role::Manager, Role::Admin];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Agent => "agent",
            Role::Manager => "manager",
            Role::Admin => "admin",
        }
    }

    /// Whether this role may approve an irreversible decision (parting, refusal).
    pub fn may_approve(self) -> bool {
        matches!(self, Role::Manager | Role::Admin)
    }
}

impl std::str::FromStr for Role {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        Role::ALL
            .iter()
            .copied()
            .find(|r| r.as_str() == text)
            .ok_or_else(|| format!("unknown role `{text}`: expected agent|manager|admin"))
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A member of staff as the process sees them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Staff {
    pub staff_id: String,
    pub name: String,
    pub role: Role,
    pub team: Option<String>,
}

/// Where a case stands (DESIGN.md, "The process").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseState {
    Open,
    FactsVerified,
    OutcomeAsked,
    OfferMade,
    Accepted,
    Resolved,
    Declined,
    PartingProposed,
    PartingApproved,
    FarewellSent,
    FollowUpScheduled,
    RefusalApproved,
    RefusalSent,
    Closed,
}

impl CaseState {
    pub const ALL: &'static [CaseState] = &[
        CaseState::Open,
        CaseState::FactsVerified,
        CaseState::OutcomeAsked,
        CaseState::OfferMade,
        CaseState::Accepted,
        CaseState::Resolved,
        CaseState::Declined,
        CaseState::PartingProposed,
        CaseState::PartingApproved,
        CaseState::FarewellSent,
        CaseState::FollowUpScheduled,
        CaseState::RefusalApproved,
        CaseState::RefusalSent,
        CaseState::Closed,
    ];

    /// The state as written in storage and output.
    pub fn as_str(self) -> &'static str {
        match self {
            CaseState::Open => "open",
            CaseState::FactsVerified => "facts_verified",
            CaseState::OutcomeAsked => "outcome_asked",
            CaseState::OfferMade => "offer_made",
            CaseState::Accepted => "accepted",
            CaseState::Resolved => "resolved",
            CaseState::Declined => "declined",
            CaseState::PartingProposed => "parting_proposed",
            CaseState::PartingApproved => "parting_approved",
            CaseState::FarewellSent => "farewell_sent",
            CaseState::FollowUpScheduled => "follow_up_scheduled",
            CaseState::RefusalApproved => "refusal_approved",
            CaseState::RefusalSent => "refusal_sent",
            CaseState::Closed => "closed",
        }
    }

    /// Whether the case has ended (no step can follow).
    pub fn is_terminal(self) -> bool {
        matches!(self, CaseState::Resolved | CaseState::Closed)
    }

    /// What can be done next from this state, in the words of the CLI, for error messages and `case show`.
    pub fn next_steps(self) -> &'static str {
        match self {
            CaseState::Open => {
                "verify the facts (`case verify-facts`), or record that the customer left (`case customer-left`)"
            }
            CaseState::FactsVerified => {
                "ask what the customer wants (`case ask-outcome`); for staff abuse or fraud-like extraction a manager may approve a refusal (`case approve-refusal`)"
            }
            CaseState::OutcomeAsked => "make an offer (`case offer`)",
            CaseState::OfferMade => {
                "record the customer's answer (`case accept` or `case decline`)"
            }
            CaseState::Accepted => "carry out the offer and resolve the case (`case resolve`)",
            CaseState::Declined => {
                "make another offer (`case offer`) or propose parting (`case propose-parting`)"
            }
            CaseState::PartingProposed => {
                "a manager other than the case owner approves the parting (`case approve --confirm`)"
            }
            CaseState::PartingApproved => "send the farewell (`case send-farewell --confirm`)",
            CaseState::FarewellSent => {
                "schedule the keep-in-touch follow-up (`case schedule-follow-up --date`)"
            }
            CaseState::FollowUpScheduled => {
                "record the post-mortem (`case post-mortem`) and close (`case close --confirm`)"
            }
            CaseState::RefusalApproved => "send the refusal (`case send-refusal --confirm`)",
            CaseState::RefusalSent => {
                "record the post-mortem (`case post-mortem`) and close (`case close --confirm`)"
            }
            CaseState::Resolved | CaseState::Closed => {
                "nothing: the case has ended; open a new case if needed"
            }
        }
    }
}

impl std::str::FromStr for CaseState {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        CaseState::ALL
            .iter()
            .copied()
            .find(|s| s.as_str() == text)
            .ok_or_else(|| format!("unknown case state `{text}`"))
    }
}

impl std::fmt::Display for CaseState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a case ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseOutcome {
    /// The customer accepted an offer and stays.
    Kept,
    /// The business and the customer parted ways after a declined offer.
    Parted,
    /// The business refused further service.
    Refused,
    /// The customer left on their own before any decision.
    Lost,
}

impl CaseOutcome {
    pub fn as_str(self) -> &'static str {
        match self {
            CaseOutcome::Kept => "kept",
            CaseOutcome::Parted => "parted",
            CaseOutcome::Refused => "refused",
            CaseOutcome::Lost => "lost",
        }
    }
}

impl std::fmt::Display for CaseOutcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The only grounds on which service may be refused (DESIGN.md, principle 8 and "refuse_service").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RefusalGround {
    /// Abuse, threats or harassment of employees.
    StaffAbuse,
    /// Deliberate, fraud-like extraction of refunds, credits or other concessions.
    FraudLikeExtraction,
}

impl RefusalGround {
    pub const ALL: &'static [RefusalGround] = &[
        RefusalGround::StaffAbuse,
        RefusalGround::FraudLikeExtraction,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RefusalGround::StaffAbuse => "staff_abuse",
            RefusalGround::FraudLikeExtraction => "fraud_like_extraction",
        }
    }
}

impl std::str::FromStr for RefusalGround {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        RefusalGround::ALL
            .iter()
            .copied()
            .find(|g| g.as_str() == text)
            .ok_or_else(|| {
                format!(
                    "unknown refusal ground `{text}`: expected staff_abuse|fraud_like_extraction"
                )
            })
    }
}

impl std::fmt::Display for RefusalGround {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What kind of record a piece of evidence points to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceKind {
    Ticket,
    Message,
    Order,
    Concession,
    Contract,
    Usage,
    Review,
    StaffReport,
    Note,
}

impl EvidenceKind {
    pub const ALL: &'static [EvidenceKind] = &[
        EvidenceKind::Ticket,
        EvidenceKind::Message,
        EvidenceKind::Order,
        EvidenceKind::Concession,
        EvidenceKind::Contract,
        EvidenceKind::Usage,
        EvidenceKind::Review,
        EvidenceKind::StaffReport,
        EvidenceKind::Note,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EvidenceKind::Ticket => "ticket",
            EvidenceKind::Message => "message",
            EvidenceKind::Order => "order",
            EvidenceKind::Concession => "concession",
            EvidenceKind::Contract => "contract",
            EvidenceKind::Usage => "usage",
            EvidenceKind::Review => "review",
            EvidenceKind::StaffReport => "staff_report",
            EvidenceKind::Note => "note",
        }
    }
}

impl std::str::FromStr for EvidenceKind {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        EvidenceKind::ALL
            .iter()
            .copied()
            .find(|k| k.as_str() == text)
            .ok_or_else(|| {
                format!(
                    "unknown evidence kind `{text}`: expected {}",
                    EvidenceKind::ALL
                        .iter()
                        .map(|k| k.as_str())
                        .collect::<Vec<_>>()
                        .join("|")
                )
            })
    }
}

/// One fact frozen with a case: which record, and what it shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvidenceItem {
    pub kind: EvidenceKind,
    /// The record's id in the business's data (ticket id, staff report id, …).
    pub id: String,
    /// What the record shows, in one line.
    pub summary: String,
}

/// The facts a case rests on, frozen at `facts_verified` and copied into every later audit step.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Evidence {
    /// Names of the signals that held when the facts were verified (e.g. `staff_abuse`).
    pub signals: Vec<String>,
    /// The records behind them.
    pub items: Vec<EvidenceItem>,
}

impl Evidence {
    pub fn is_empty(&self) -> bool {
        self.signals.is_empty() && self.items.is_empty()
    }

    pub fn has_signal(&self, name: &str) -> bool {
        self.signals.iter().any(|s| s == name)
    }

    /// Whether the frozen facts show the ground a refusal is based on: a `staff_abuse`
    /// signal or a staff report for abuse; a `concession_abuse` signal for extraction.
    pub fn supports(&self, ground: RefusalGround) -> bool {
        match ground {
            RefusalGround::StaffAbuse => {
                self.has_signal(SIGNAL_STAFF_ABUSE)
                    || self
                        .items
                        .iter()
                        .any(|i| i.kind == EvidenceKind::StaffReport)
            }
            RefusalGround::FraudLikeExtraction => self.has_signal(SIGNAL_CONCESSION_ABUSE),
        }
    }
}

/// Who needs training after a loss.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TrainingFor {
    Team(String),
    Agent(String),
}

impl TrainingFor {
    pub fn name(&self) -> &str {
        match self {
            TrainingFor::Team(name) | TrainingFor::Agent(name) => name,
        }
    }
}

/// One training need found by a post-mortem.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrainingNeed {
    pub who: TrainingFor,
    pub topic: String,
}

impl TrainingNeed {
    /// Reads `WHO:TOPIC` as written on the command line; `WHO` is an agent when it is
    /// one of `agent_ids` (the staff ids), else a team. `team=…`/`agent=…` force the kind.
    pub fn parse(text: &str, agent_ids: &[&str]) -> Result<TrainingNeed, String> {
        let (who, topic) = text
            .split_once(':')
            .map(|(w, t)| (w.trim(), t.trim()))
            .filter(|(w, t)| !w.is_empty() && !t.is_empty())
            .ok_or_else(|| format!("training need `{text}` is not TEAM_OR_AGENT:TOPIC (e.g. \"billing:explaining invoices\")"))?;
        let who = if let Some(team) = who.strip_prefix("team=") {
            TrainingFor::Team(team.trim().to_string())
        } else if let Some(agent) = who.strip_prefix("agent=") {
            TrainingFor::Agent(agent.trim().to_string())
        } else if agent_ids.contains(&who) {
            TrainingFor::Agent(who.to_string())
        } else {
            TrainingFor::Team(who.to_string())
        };
        Ok(TrainingNeed {
            who,
            topic: topic.to_string(),
        })
    }
}

impl EvidenceItem {
    /// Reads `KIND:ID[:SUMMARY]` as written on the command line (`staff_report:r-17:threatened the courier`).
    pub fn parse(text: &str) -> Result<EvidenceItem, String> {
        let mut parts = text.splitn(3, ':');
        let kind = parts.next().unwrap_or_default().trim();
        let id = parts.next().map(str::trim).filter(|id| !id.is_empty()).ok_or_else(|| {
            format!("evidence `{text}` is not KIND:ID[:SUMMARY] (e.g. \"ticket:t-1042:reopened three times\")")
        })?;
        let kind: EvidenceKind = kind.parse()?;
        let summary = parts.next().map(str::trim).unwrap_or_default().to_string();
        Ok(EvidenceItem {
            kind,
            id: id.to_string(),
            summary,
        })
    }
}

/// What the business learned from a parted, refused or lost customer (principle 9).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostMortem {
    pub root_cause: String,
    pub business_at_fault: bool,
    pub training: Vec<TrainingNeed>,
}

impl PostMortem {
    pub(super) fn validated(mut self, action: &'static str) -> Result<PostMortem, CaseError> {
        self.root_cause = self.root_cause.trim().to_string();
        if self.root_cause.is_empty() {
            return Err(CaseError::Missing {
                action,
                what: "the post-mortem's root cause",
                hint: "say what really caused the loss (e.g. \"two missed deliveries in March, then no apology\")",
            });
        }
        for need in &self.training {
            if need.who.name().trim().is_empty() || need.topic.trim().is_empty() {
                return Err(CaseError::Missing {
                    action,
                    what: "a training need's team or agent and topic",
                    hint: "write each training need as TEAM_OR_AGENT:TOPIC (e.g. \"billing:explaining contract terms\")",
                });
            }
        }
        Ok(self)
    }
}

/// A message sent to the customer as part of a step (the rendered script).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentMessage {
    /// The script situation it was rendered from (e.g. `farewell`).
    pub situation: String,
    /// BCP 47 language tag of the message.
    pub language: String,
    pub subject: String,
    pub body: String,
}

/// One step a staff member asks for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "command", rename_all = "snake_case")]
pub enum CaseCommand {
    /// Freeze the facts the case rests on.
    VerifyFacts {
        evidence: Evidence,
    },
    /// Record what the customer actually wants (principle 3).
    AskOutcome {
        wanted: String,
    },
    /// Record an offer and its terms; also allowed after a declined offer.
    MakeOffer {
        terms: String,
    },
    Accept {
        note: Option<String>,
    },
    Decline {
        note: Option<String>,
    },
    /// Record how the accepted offer was carried out; the customer is kept.
    Resolve {
        note: String,
    },
    ProposeParting {
        reason: String,
    },
    /// A manager other than the owner approves the parting; irreversible.
    ApproveParting {
        confirmed: bool,
    },
    /// Send the farewell (rendered script attached); irreversible.
    SendFarewell {
        message: SentMessage,
        confirmed: bool,
    },
    ScheduleFollowUp {
        date: NaiveDate,
    },
    /// A manager other than the owner approves refusing service; irreversible.
    ApproveRefusal {
        ground: RefusalGround,
        reason: String,
        review_date: NaiveDate,
        confirmed: bool,
    },
    /// Send the refusal (rendered script attached); irreversible.
    SendRefusal {
        message: SentMessage,
        confirmed: bool,
    },
    RecordPostMortem {
        post_mortem: PostMortem,
    },
    /// The customer left on their own before any approval; closes the case as lost.
    CustomerLeft {
        note: String,
        post_mortem: PostMortem,
        confirmed: bool,
    },
    /// Close a parted or refused case; needs a post-mortem; irreversible.
    Close {
        confirmed: bool,
    },
}

impl CaseCommand {
    /// The step in words, as used in messages ("cannot approve the parting: …").
    pub fn name(&self) -> &'static str {
        match self {
            CaseCommand::VerifyFacts { .. } => "verify the facts",
            CaseCommand::AskOutcome { .. } => "record the wanted outcome",
            CaseCommand::MakeOffer { .. } => "make an offer",
            CaseCommand::Accept { .. } => "record that the offer was accepted",
            CaseCommand::Decline { .. } => "record that the offer was declined",
            CaseCommand::Resolve { .. } => "resolve the case",
            CaseCommand::ProposeParting { .. } => "propose parting",
            CaseCommand::ApproveParting { .. } => "approve the parting",
            CaseCommand::SendFarewell { .. } => "send the farewell",
            CaseCommand::ScheduleFollowUp { .. } => "schedule the follow-up",
            CaseCommand::ApproveRefusal { .. } => "approve refusing service",
            CaseCommand::SendRefusal { .. } => "send the refusal",
            CaseCommand::RecordPostMortem { .. } => "record the post-mortem",
            CaseCommand::CustomerLeft { .. } => "record that the customer left",
            CaseCommand::Close { .. } => "close the case",
        }
    }
}

/// What a step did, as written to the audit log (with its details).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum StepAction {
    Open {
        reason: Option<String>,
    },
    VerifyFacts,
    AskOutcome {
        wanted: String,
    },
    MakeOffer {
        terms: String,
    },
    Accept {
        note: Option<String>,
    },
    Decline {
        note: Option<String>,
    },
    Resolve {
        note: String,
    },
    ProposeParting {
        reason: String,
    },
    ApproveParting,
    SendFarewell {
        message: SentMessage,
    },
    ScheduleFollowUp {
        date: NaiveDate,
    },
    ApproveRefusal {
        ground: RefusalGround,
        reason: String,
        review_date: NaiveDate,
    },
    SendRefusal {
        message: SentMessage,
    },
    RecordPostMortem {
        post_mortem: PostMortem,
    },
    CustomerLeft {
        note: String,
        post_mortem: PostMortem,
    },
    Close,
}

impl StepAction {
    /// The action's name as stored (`approve_parting`, …).
    pub fn name(&self) -> &'static str {
        match self {
            StepAction::Open { .. } => "open",
            StepAction::VerifyFacts => "verify_facts",
            StepAction::AskOutcome { .. } => "ask_outcome",
            StepAction::MakeOffer { .. } => "make_offer",
            StepAction::Accept { .. } => "accept",
            StepAction::Decline { .. } => "decline",
            StepAction::Resolve { .. } => "resolve",
            StepAction::ProposeParting { .. } => "propose_parting",
            StepAction::ApproveParting => "approve_parting",
            StepAction::SendFarewell { .. } => "send_farewell",
            StepAction::ScheduleFollowUp { .. } => "schedule_follow_up",
            StepAction::ApproveRefusal { .. } => "approve_refusal",
            StepAction::SendRefusal { .. } => "send_refusal",
            StepAction::RecordPostMortem { .. } => "record_post_mortem",
            StepAction::CustomerLeft { .. } => "customer_left",
            StepAction::Close => "close",
        }
    }
}

/// One entry of a case's history and of the append-only audit log: who, when, what,
/// and the evidence as it stood.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseStep {
    /// 1 for the opening step, then one more per step.
    pub seq: u32,
    pub at: DateTime<Utc>,
    pub actor: String,
    pub actor_role: Role,
    /// `None` for the opening step.
    pub from: Option<CaseState>,
    pub to: CaseState,
    #[serde(flatten)]
    pub action: StepAction,
    /// The frozen evidence at the time of the step (`None` before `facts_verified`).
    pub evidence: Option<Evidence>,
}

/// An offer made in a case and the customer's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Offer {
    pub terms: String,
    pub made_at: DateTime<Utc>,
    pub made_by: String,
    pub answer: Option<(OfferAnswer, DateTime<Utc>)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OfferAnswer {
    Accepted,
    Declined,
}

/// A proposed parting and its approval.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Parting {
    pub reason: String,
    pub proposed_by: String,
    pub approved_by: Option<String>,
}

/// The do-not-serve record of a refused customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DoNotServe {
    pub ground: RefusalGround,
    pub reason: String,
    pub evidence: Evidence,
    /// The manager who approved the refusal.
    pub approver: String,
    pub approved_at: DateTime<Utc>,
    /// When the refusal is to be looked at again.
    pub review_date: NaiveDate,
    pub case_id: String,
}

/// A customer's standing, answered by `keepwise status-of`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum CustomerStatus {
    /// Served as usual.
    Active,
    /// Left on fair terms; keep in touch on `follow_up` (principle 7).
    Parted {
        since: NaiveDate,
        follow_up: Option<NaiveDate>,
        case_id: String,
    },
    /// Service refused; no follow-up.
    DoNotServe(DoNotServe),
}

impl CustomerStatus {
    pub fn name(&self) -> &'static str {
        match self {
            CustomerStatus::Active => "active",
            CustomerStatus::Parted { .. } => "parted",
            CustomerStatus::DoNotServe(_) => "do_not_serve",
        }
    }

    /// The keep-in-touch date, if any (never for do-not-serve).
    pub fn follow_up(&self) -> Option<NaiveDate> {
        match self {
            CustomerStatus::Parted { follow_up, .. } => *follow_up,
            _ => None,
        }
    }
}

/// A case: one customer, from concern to outcome, with its whole history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Case {
    pub case_id: String,
    pub customer_id: String,
    /// The staff member who opened the case; they cannot approve its decisions.
    pub owner: String,
    pub opened_at: DateTime<Utc>,
    pub reason: Option<String>,
    pub state: CaseState,
    pub evidence: Option<Evidence>,
    pub wanted_outcome: Option<String>,
    pub offers: Vec<Offer>,
    pub parting: Option<Parting>,
    pub refusal: Option<DoNotServe>,
    pub follow_up: Option<NaiveDate>,
    pub post_mortem: Option<PostMortem>,
    pub outcome: Option<CaseOutcome>,
    pub history: Vec<CaseStep>,
}

impl Case {
    pub fn evidence_has_signal(&self, name: &str) -> bool {
        self.evidence.as_ref().is_some_and(|e| e.has_signal(name))
    }

    /// The day the farewell was sent, if it was.
    pub fn farewell_date(&self) -> Option<NaiveDate> {
        self.history
            .iter()
            .find(|s| matches!(s.action, StepAction::SendFarewell { .. }))
            .map(|s| s.at.date_naive())
    }

    /// Rebuilds a case from its stored steps by replaying them; the store keeps only
    /// the steps, so the case can never disagree with its audit trail.
    pub fn replay(
        case_id: &str,
        customer_id: &str,
        steps: &[CaseStep],
        staff: &[Staff],
    ) -> Result<Case, CaseError> {
        let corrupt = |why: String| CaseError::History {
            case_id: case_id.to_string(),
            why,
        };
        let (first, rest) = steps
            .split_first()
            .ok_or_else(|| corrupt("it has no steps".into()))?;
        let StepAction::Open { reason } = &first.action else {
            return Err(corrupt("its first step is not `open`".into()));
        };
        let find = |id: &str, role: Role| {
            staff
                .iter()
                .find(|s| s.staff_id == id)
                .cloned()
                .unwrap_or(Staff {
                    staff_id: id.to_string(),
                    name: id.to_string(),
                    role,
                    team: None,
                })
        };
        let (mut case, _) = super::open(
            case_id,
            customer_id,
            reason.as_deref(),
            &find(&first.actor, first.actor_role),
            first.at,
        )?;
        for step in rest {
            let command = step.action.clone().into_command(step.evidence.clone());
            let Some(command) = command else {
                return Err(corrupt(format!(
                    "step {} `{}` cannot be replayed",
                    step.seq,
                    step.action.name()
                )));
            };
            // The actor's role at the time of the step is the one that counts.
            let mut actor = find(&step.actor, step.actor_role);
            actor.role = step.actor_role;
            case = super::apply(&case, command, &actor, step.at)
                .map_err(|e| corrupt(format!("step {} no longer applies: {e}", step.seq)))?
                .case;
        }
        Ok(case)
    }
}

impl StepAction {
    /// The command that produced this step (confirmations were given, or the step would not exist).
    fn into_command(self, evidence: Option<Evidence>) -> Option<CaseCommand> {
        Some(match self {
            StepAction::Open { .. } => return None,
            StepAction::VerifyFacts => CaseCommand::VerifyFacts {
                evidence: evidence?,
            },
            StepAction::AskOutcome { wanted } => CaseCommand::AskOutcome { wanted },
            StepAction::MakeOffer { terms } => CaseCommand::MakeOffer { terms },
            StepAction::Accept { note } => CaseCommand::Accept { note },
            StepAction::Decline { note } => CaseCommand::Decline { note },
            StepAction::Resolve { note } => CaseCommand::Resolve { note },
            StepAction::ProposeParting { reason } => CaseCommand::ProposeParting { reason },
            StepAction::ApproveParting => CaseCommand::ApproveParting { confirmed: true },
            StepAction::SendFarewell { message } => CaseCommand::SendFarewell {
                message,
                confirmed: true,
            },
            StepAction::ScheduleFollowUp { date } => CaseCommand::ScheduleFollowUp { date },
            StepAction::ApproveRefusal {
                ground,
                reason,
                review_date,
            } => CaseCommand::ApproveRefusal {
                ground,
                reason,
                review_date,
                confirmed: true,
            },
            StepAction::SendRefusal { message } => CaseCommand::SendRefusal {
                message,
                confirmed: true,
            },
            StepAction::RecordPostMortem { post_mortem } => {
                CaseCommand::RecordPostMortem { post_mortem }
            }
            StepAction::CustomerLeft { note, post_mortem } => CaseCommand::CustomerLeft {
                note,
                post_mortem,
                confirmed: true,
            },
            StepAction::Close => CaseCommand::Close { confirmed: true },
        })
    }
}

/// The result of one successful step.
#[derive(Debug, Clone, PartialEq)]
pub struct Transition {
    /// The case after the step.
    pub case: Case,
    /// The step, to append to the case's history and the audit log.
    pub step: CaseStep,
    /// The customer's new standing, when the step changes it.
    pub status: Option<CustomerStatus>,
}
