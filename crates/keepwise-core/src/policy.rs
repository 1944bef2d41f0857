//! The recommendation policy: from signals and value to one action, deterministically.
//!
//! Rules are checked in a fixed order of precedence; every rule whose condition
//! holds is recorded, and the first one decides. Guards (DESIGN.md) then check the
//! decision and change it where a principle forbids it; every guard that acted, or
//! that a manager should know about, is recorded with its reason.
//!
//! Precedence: staff abuse reaching refusal; deliberate extraction; repeated
//! failures of ours (recover); value destroyed by a demanding customer (part ways
//! when limits were tried, else set boundaries); value destroyed without abuse or
//! demands (offer exit); unused contract or capability mismatch (offer exit);
//! demands, promo gaming, loops, concession abuse (set boundaries); a heated
//! conversation (set boundaries, pause); weak signals (watch); nothing (keep).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::config::PolicySettings;
use crate::ledger::{Ledger, in_window};
use crate::money::to_f64;
use crate::records::{Action, CustomerHistory, EscalationLevel, TicketOutcome};
use crate::signals::{Evidence, RecordKind, Signal, SignalName, day};

/// The message template situation the team should use: the scripts' own
/// situations (DESIGN.md, "The scripts"), named here as the policy uses them.
pub use crate::scripts::Situation as ScriptSituation;

/// The policy's rules, in order of precedence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// `staff_abuse` reaches refusal → refuse_service.
    StaffAbuseRefusal,
    /// `concession_abuse` is fraud-like extraction → refuse_service.
    DeliberateExtraction,
    /// `company_fault` strong enough to act on (repeated failures of ours) → recover.
    CompanyFaultRecovery,
    /// `value_destroyed` with demands, loops or a heated conversation →
    /// part_ways when limits were tried, else set_boundaries.
    ValueDestroyedByDemands,
    /// `value_destroyed` without abuse or demands → offer_exit.
    ValueDestroyedExit,
    /// `unused_contract` → offer_exit.
    UnusedContractExit,
    /// `capability_mismatch` → offer_exit.
    CapabilityMismatchExit,
    /// excessive demands, promo gaming, concession abuse or a senior escalation loop → set_boundaries.
    DemandsBoundaries,
    /// abusive language below refusal → set_boundaries (pause the conversation).
    HeatedConversation,
    /// any signal at watch strength → watch.
    WeakSignalsWatch,
    /// nothing notable → keep.
    NothingNotable,
}

impl Rule {
    /// The rule as written in outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            Rule::StaffAbuseRefusal => "staff_abuse_refusal",
            Rule::DeliberateExtraction => "deliberate_extraction",
            Rule::CompanyFaultRecovery => "company_fault_recovery",
            Rule::ValueDestroyedByDemands => "value_destroyed_by_demands",
            Rule::ValueDestroyedExit => "value_destroyed_exit",
            Rule::UnusedContractExit => "unused_contract_exit",
            Rule::CapabilityMismatchExit => "capability_mismatch_exit",
            Rule::DemandsBoundaries => "demands_boundaries",
            Rule::HeatedConversation => "heated_conversation",
            Rule::WeakSignalsWatch => "weak_signals_watch",
            Rule::NothingNotable => "nothing_notable",
        }
    }
}

/// The guards of DESIGN.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Guard {
    /// No parting (nor exit) while `company_fault` holds: recovery comes first.
    RecoveryBeforeParting,
    /// Under `company_fault`, refusal only for staff abuse (and the fault is still put right).
    RefusalUnderFaultOnlyForAbuse,
    /// Parting needs evidence that limits were tried and did not hold.
    LimitsBeforeParting,
    /// A strongly valuable customer is never parted with for demands alone.
    ValuableNotPartedForDemands,
    /// Parting needs a loss that is real today (negative net contribution over the
    /// window), not only a forecast one.
    RealisedLossBeforeParting,
    /// Abuse of staff overrides value.
    AbuseOverridesValue,
}

impl Guard {
    /// The guard as written in outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            Guard::RecoveryBeforeParting => "recovery_before_parting",
            Guard::RefusalUnderFaultOnlyForAbuse => "refusal_under_fault_only_for_abuse",
            Guard::LimitsBeforeParting => "limits_before_parting",
            Guard::ValuableNotPartedForDemands => "valuable_not_parted_for_demands",
            Guard::RealisedLossBeforeParting => "realised_loss_before_parting",
            Guard::AbuseOverridesValue => "abuse_overrides_value",
        }
    }
}

/// A rule whose condition held.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RuleFired {
    pub rule: Rule,
    /// The action the rule proposes.
    pub proposes: Action,
    pub detail: String,
}

/// A guard that changed the decision or that the manager must know about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GuardApplied {
    pub guard: Guard,
    /// True when the guard changed the action.
    pub changed_action: bool,
    pub detail: String,
}

/// The money a decision is about (reporting currency).
///
/// `total` = |net long-term value| + cost to serve over the window (handling cost plus
/// concessions): what the business stands to gain or lose with this customer plus what
/// serving them already costs. The triage queue is sorted by it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MoneyAtStake {
    pub net_long_term_value: f64,
    pub cost_to_serve: f64,
    pub handling_cost: f64,
    pub concessions: f64,
    pub total: f64,
}

/// The recommendation for one customer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Decision {
    pub action: Action,
    /// Rules whose conditions held, in precedence order; the first decided.
    pub rules_fired: Vec<RuleFired>,
    pub guards_applied: Vec<GuardApplied>,
    /// The script situation to use (`None` for `keep`).
    pub script: Option<ScriptSituation>,
    pub money_at_stake: MoneyAtStake,
    /// Evidence that limits were already tried and did not hold, when there is some.
    pub limits_tried: Option<Evidence>,
}

/// What the policy needs besides the signals.
#[derive(Debug, Clone, Copy)]
pub struct PolicyInput<'a> {
    pub signals: &'a [Signal],
    pub ledger: &'a Ledger,
    pub net_long_term_value: f64,
    /// Net long-term value at or above the segment's strong-value percentile (and positive).
    pub strong_value: bool,
    pub limits_tried: Option<&'a Evidence>,
    pub settings: &'a PolicySettings,
}

/// Evidence that limits were tried and did not hold: cases where the customer declined
/// an offer (ids given by the case process), or, in imported data, at least
/// `limits_min_declined_demands` declined out-of-scope demands in the window followed
/// by at least `limits_min_escalations_after` tickets escalated to a lead or higher,
/// while the business held the line: at most `limits_max_granted_after` out-of-scope
/// demands were granted (outcome `resolved`) after the first decline.
pub fn limits_tried(
    history: &CustomerHistory,
    window_start: DateTime<Utc>,
    as_of: DateTime<Utc>,
    declined_offer_cases: &[String],
    settings: &PolicySettings,
) -> Option<Evidence> {
    let mut evidence = Evidence::default();
    for case in declined_offer_cases {
        evidence.record(
            RecordKind::Case,
            case,
            "the customer declined the offer made in this case",
        );
    }
    let mut tickets: Vec<_> = history
        .tickets
        .iter()
        .filter(|t| in_window(t.opened_at, window_start, as_of))
        .collect();
    tickets.sort_by(|a, b| {
        a.opened_at
            .cmp(&b.opened_at)
            .then_with(|| a.ticket_id.cmp(&b.ticket_id))
    });
    let declined: Vec<_> = tickets
        .iter()
        .filter(|t| t.out_of_scope == Some(true) && t.outcome == Some(TicketOutcome::Declined))
        .collect();
    let mut from_tickets = false;
    if let Some(first) = declined.first()
        && declined.len() >= settings.limits_min_declined_demands.max(1) as usize
    {
        let after: Vec<_> = tickets
            .iter()
            .filter(|t| t.opened_at > first.opened_at && t.escalation > EscalationLevel::Agent)
            .collect();
        // A limit the business itself bent is not a limit that was tried: out-of-scope
        // demands granted after the first "no" mean the rules were not held yet.
        let granted_after = tickets
            .iter()
            .filter(|t| {
                t.opened_at > first.opened_at
                    && t.out_of_scope == Some(true)
                    && t.outcome == Some(TicketOutcome::Resolved)
            })
            .count();
        if after.len() >= settings.limits_min_escalations_after as usize
            && granted_after <= settings.limits_max_granted_after as usize
        {
            from_tickets = true;
            for t in &declined {
                evidence.record(
                    RecordKind::Ticket,
                    &t.ticket_id,
                    format!(
                        "out-of-scope demand declined, {}, {}",
                        t.category,
                        day(t.opened_at)
                    ),
                );
            }
            for t in &after {
                evidence.record(
                    RecordKind::Ticket,
                    &t.ticket_id,
                    format!(
                        "escalated to {} afterwards, {}, {}",
                        t.escalation,
                        t.category,
                        day(t.opened_at)
                    ),
                );
            }
            evidence.figure("declined out-of-scope demands", declined.len() as f64);
            evidence.figure("escalations after the first decline", after.len() as f64);
        }
    }
    if declined_offer_cases.is_empty() && !from_tickets {
        return None;
    }
    let mut parts = Vec::new();
    if !declined_offer_cases.is_empty() {
        parts.push(format!(
            "the customer declined the offer of {} case(s)",
            declined_offer_cases.len()
        ));
    }
    if from_tickets {
        parts.push(format!(
            "{} out-of-scope demand(s) were declined and the customer escalated again {} time(s) afterwards",
            evidence.figures[0].value, evidence.figures[1].value
        ));
    }
    evidence.explanation = format!(
        "Limits were already tried and did not hold: {}.",
        parts.join("; ")
    );
    Some(evidence)
}

const DEMANDS: [SignalName; 4] = [
    SignalName::ExcessiveDemands,
    SignalName::PromoGaming,
    SignalName::ConcessionAbuse,
    SignalName::SeniorEscalationLoop,
];

fn names(signals: &[&Signal]) -> String {
    signals
        .iter()
        .map(|s| s.name.as_str().replace('_', " "))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Decides the action for one customer.
pub fn decide(input: &PolicyInput<'_>) -> Decision {
    let settings = input.settings;
    let act = settings.act_min_strength;
    let find = |name: SignalName| input.signals.iter().find(|s| s.name == name);
    let strength = |name: SignalName| find(name).map_or(0.0, |s| s.strength);
    let strong = |list: &[SignalName]| -> Vec<&Signal> {
        input
            .signals
            .iter()
            .filter(|s| list.contains(&s.name) && s.strength >= act)
            .collect()
    };
    // Demands show as a pattern: one strong demand signal, or several weaker ones
    // together whose combined strength (each independent evidence, 1 − Π(1 − s))
    // reaches the action threshold. A customer who escalates to managers somewhat
    // often *and* asks for out-of-scope things somewhat often is demanding even when
    // neither alone stands out from a segment where many customers do one of them.
    // Staff strain joins the pattern as corroboration once there is a demand signal:
    // demands that wear the staff down (stress reports, long handling, agents
    // rotating off). Strain alone stays a sign to watch.
    let demand_pattern = |list: &[SignalName]| -> Vec<&Signal> {
        let mut present: Vec<&Signal> = input
            .signals
            .iter()
            .filter(|s| list.contains(&s.name) && s.strength > 0.0)
            .collect();
        if !present.is_empty() {
            present.extend(find(SignalName::StaffStrain).filter(|s| s.strength > 0.0));
        }
        let combined = 1.0 - present.iter().map(|s| 1.0 - s.strength).product::<f64>();
        if present.len() >= 2 && combined >= act {
            present
        } else {
            strong(list)
        }
    };

    let abuse = find(SignalName::StaffAbuse);
    let heated = abuse.is_some_and(|s| !s.severe && s.strength >= act);
    let extraction = find(SignalName::ConcessionAbuse).filter(|s| s.severe);
    let fault = find(SignalName::CompanyFault);
    let demands = demand_pattern(&DEMANDS);
    // A loss smaller than a typical peer's value is only a weak sign on its own, but
    // when the customer also takes far more of the support effort than their share of
    // the margin, the negative value is confirmed by what serving them costs today.
    let effort_confirms_loss =
        input.net_long_term_value < 0.0 && strength(SignalName::EffortDisproportion) >= act;
    let value_destroyed = strength(SignalName::ValueDestroyed) >= act || effort_confirms_loss;

    let mut fired = Vec::new();
    let mut fire = |rule, proposes, detail: String| {
        fired.push(RuleFired {
            rule,
            proposes,
            detail,
        })
    };
    if let Some(s) = abuse.filter(|s| s.severe) {
        fire(
            Rule::StaffAbuseRefusal,
            Action::RefuseService,
            format!(
                "staff abuse at strength {:.2}: {}",
                s.strength, s.evidence.explanation
            ),
        );
    }
    if let Some(s) = extraction {
        fire(
            Rule::DeliberateExtraction,
            Action::RefuseService,
            s.evidence.explanation.clone(),
        );
    }
    if let Some(s) = fault.filter(|s| s.strength >= act) {
        fire(
            Rule::CompanyFaultRecovery,
            Action::Recover,
            s.evidence.explanation.clone(),
        );
    }
    if value_destroyed {
        // Demands (and a heated conversation) make a loss-maker a case for limits;
        // a customer who is merely expensive to serve (effort, repeats, strain) without
        // demanding anything beyond the terms is offered a fair exit instead.
        let mut pressing = demands.clone();
        if heated {
            pressing.extend(abuse);
        }
        if pressing.is_empty() {
            fire(
                Rule::ValueDestroyedExit,
                Action::OfferExit,
                if effort_confirms_loss && strength(SignalName::ValueDestroyed) < act {
                    format!(
                        "net long-term value is below zero ({:.0}) and the support effort the customer takes is far out of proportion to their margin, without abuse or demands",
                        input.net_long_term_value
                    )
                } else {
                    "net long-term value is below zero, without abuse or demands".to_string()
                },
            );
        } else {
            let proposes = if input.limits_tried.is_some() {
                Action::PartWays
            } else {
                Action::SetBoundaries
            };
            fire(
                Rule::ValueDestroyedByDemands,
                proposes,
                format!(
                    "net long-term value is below zero and the customer shows {}",
                    names(&pressing)
                ),
            );
        }
    }
    if let Some(s) = find(SignalName::UnusedContract).filter(|s| s.strength >= act) {
        fire(
            Rule::UnusedContractExit,
            Action::OfferExit,
            s.evidence.explanation.clone(),
        );
    }
    if let Some(s) = find(SignalName::CapabilityMismatch).filter(|s| s.strength >= act) {
        fire(
            Rule::CapabilityMismatchExit,
            Action::OfferExit,
            s.evidence.explanation.clone(),
        );
    }
    if !demands.is_empty() {
        fire(
            Rule::DemandsBoundaries,
            Action::SetBoundaries,
            format!("the customer shows {}", names(&demands)),
        );
    }
    if heated {
        fire(
            Rule::HeatedConversation,
            Action::SetBoundaries,
            "abusive language below the refusal threshold: pause heated conversations".to_string(),
        );
    }
    let notable: Vec<&Signal> = input
        .signals
        .iter()
        .filter(|s| s.strength >= settings.watch_min_strength)
        .collect();
    if !notable.is_empty() {
        fire(
            Rule::WeakSignalsWatch,
            Action::Watch,
            format!("signals to keep an eye on: {}", names(&notable)),
        );
    }
    if notable.is_empty() {
        fire(
            Rule::NothingNotable,
            Action::Keep,
            "no signal reaches the watch threshold".to_string(),
        );
    }

    let mut action = fired[0].proposes;
    let mut guards = Vec::new();
    let mut guard = |guard, changed_action, detail: String| {
        guards.push(GuardApplied {
            guard,
            changed_action,
            detail,
        })
    };

    // Abuse of staff overrides value; under company fault the refusal stands but the fault is still put right.
    if fired[0].rule == Rule::StaffAbuseRefusal {
        if input.strong_value {
            guard(
                Guard::AbuseOverridesValue,
                false,
                format!(
                    "the customer is strongly valuable (net long-term value {:.0}), but abuse of staff overrides value",
                    input.net_long_term_value
                ),
            );
        }
        if fault.is_some() {
            guard(
                Guard::RefusalUnderFaultOnlyForAbuse,
                false,
                "the business caused most of this customer's issues; refusal stands only because staff were abused, and what the business got wrong must still be put right (refund or repair)".to_string(),
            );
        }
    }
    // Under company fault, refusal is only for staff abuse.
    if action == Action::RefuseService
        && fired[0].rule != Rule::StaffAbuseRefusal
        && fault.is_some()
    {
        action = Action::Recover;
        guard(
            Guard::RefusalUnderFaultOnlyForAbuse,
            true,
            "the business caused most of this customer's issues; refusal is possible only for staff abuse, so the customer is recovered first".to_string(),
        );
    }
    // Recovery before parting (and before showing the door with an exit offer).
    if matches!(action, Action::PartWays | Action::OfferExit) && fault.is_some() {
        guard(
            Guard::RecoveryBeforeParting,
            true,
            format!(
                "{} is not recommended while the business caused most of the customer's issues: recovery comes first",
                action
            ),
        );
        action = Action::Recover;
    } else if fault.is_some()
        && fired[0].rule == Rule::CompanyFaultRecovery
        && fired.iter().any(|r| {
            matches!(
                r.proposes,
                Action::PartWays | Action::OfferExit | Action::SetBoundaries
            )
        })
    {
        guard(
            Guard::RecoveryBeforeParting,
            false,
            "other rules point toward limits or parting, but the business caused most of the customer's issues: recovery comes first".to_string(),
        );
    }
    // Parting is irreversible (principle 5): a forecast loss alone does not justify
    // it while the customer still brings more margin than they cost today.
    if action == Action::PartWays
        && !input.strong_value
        && input.ledger.net_contribution >= rust_decimal::Decimal::ZERO
    {
        action = Action::SetBoundaries;
        guard(
            Guard::RealisedLossBeforeParting,
            true,
            format!(
                "the forecast says the customer will cost more than they bring (net long-term value {:.0}), but over the last {} days they still brought more margin than they cost (net contribution {}): keep setting boundaries; parting may follow once the loss is real",
                input.net_long_term_value,
                input.ledger.window_days,
                input.ledger.net_contribution.round_dp(2)
            ),
        );
    }
    // A strongly valuable customer is never parted with for demands alone.
    if action == Action::PartWays && input.strong_value {
        action = Action::SetBoundaries;
        guard(
            Guard::ValuableNotPartedForDemands,
            true,
            format!(
                "the customer is strongly valuable (net long-term value {:.0}): boundaries, not parting",
                input.net_long_term_value
            ),
        );
    } else if action == Action::SetBoundaries && input.strong_value && input.limits_tried.is_some()
    {
        guard(
            Guard::ValuableNotPartedForDemands,
            false,
            format!(
                "limits were tried and did not hold, but the customer is strongly valuable (net long-term value {:.0}): keep setting boundaries",
                input.net_long_term_value
            ),
        );
    }
    // Parting requires evidence that limits were tried.
    if action == Action::SetBoundaries
        && fired[0].rule == Rule::ValueDestroyedByDemands
        && input.limits_tried.is_none()
    {
        guard(
            Guard::LimitsBeforeParting,
            true,
            "the customer destroys value, but there is no evidence yet that limits were tried and held (a declined offer, or declined out-of-scope demands, none granted afterwards, followed by further escalations): set boundaries first; parting may follow".to_string(),
        );
    }

    let script = script_for(action, input.signals, heated);
    let cost_to_serve = to_f64(input.ledger.cost_to_serve);
    let money_at_stake = MoneyAtStake {
        net_long_term_value: input.net_long_term_value,
        cost_to_serve,
        handling_cost: to_f64(input.ledger.handling_cost),
        concessions: to_f64(input.ledger.concessions),
        total: input.net_long_term_value.abs() + cost_to_serve,
    };
    Decision {
        action,
        rules_fired: fired,
        guards_applied: guards,
        script,
        money_at_stake,
        limits_tried: input.limits_tried.cloned(),
    }
}

/// The script situation fitting an action and the signals behind it.
fn script_for(action: Action, signals: &[Signal], heated: bool) -> Option<ScriptSituation> {
    let find = |name: SignalName| signals.iter().find(|s| s.name == name);
    Some(match action {
        Action::Keep => return None,
        Action::Watch => {
            let unanswered = find(SignalName::NegativePublicReview).is_some_and(|s| {
                s.evidence
                    .figures
                    .iter()
                    .any(|f| f.label == "unanswered" && f.value > 0.0)
            });
            if unanswered {
                ScriptSituation::ReviewReply
            } else {
                ScriptSituation::Acknowledge
            }
        }
        Action::Recover => ScriptSituation::OfferRemedy,
        Action::SetBoundaries => {
            let strongest_demand = signals
                .iter()
                .filter(|s| DEMANDS.contains(&s.name))
                .max_by(|a, b| a.strength.total_cmp(&b.strength));
            if heated {
                ScriptSituation::Pause
            } else if strongest_demand.is_some_and(|s| s.name == SignalName::PromoGaming) {
                ScriptSituation::DeclineException
            } else {
                ScriptSituation::ExplainTerms
            }
        }
        Action::OfferExit => ScriptSituation::OfferExit,
        Action::PartWays => ScriptSituation::Farewell,
        Action::RefuseService => ScriptSituation::RefuseService,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Settings;
    use crate::records::{ConcessionKind, RootCause, StaffReportKind, TicketOutcome};
    use crate::signals::AbuseLevel;
    use crate::signals::testkit::*;

    fn guard(a: &crate::assessment::Assessment, g: Guard) -> Option<&GuardApplied> {
        a.decision.guards_applied.iter().find(|x| x.guard == g)
    }

    fn company_failures(mut c: Cust, days: &[i64]) -> Cust {
        for &day in days {
            c = c.ticket(day, |t| {
                t.root_cause = Some(RootCause::Company);
                t.category = "late delivery".into();
                t.outcome = Some(TicketOutcome::Unresolved);
                t.csat = Some(1);
            });
        }
        c
    }

    fn declined_demands_then_escalations(mut c: Cust) -> Cust {
        for day in [60, 90, 120, 150] {
            c = c.ticket(day, |t| {
                t.out_of_scope = Some(true);
                t.outcome = Some(TicketOutcome::Declined);
                t.category = "custom work".into();
            });
        }
        for day in [200, 230, 260] {
            c = c.ticket(day, |t| {
                t.escalation = EscalationLevel::Manager;
                t.category = "custom work".into();
            });
        }
        c
    }

    #[test]
    fn the_wronged_customer_who_abuses_the_courier_is_refused_but_still_put_right() {
        let c = company_failures(buys(Cust::new("wronged", "retail")), &[60, 120, 180]).report(
            190,
            StaffReportKind::Abuse,
            "shouted insults at the courier and pushed him",
        );
        let a = assess_one(c);
        assert!(signal(&a, crate::signals::SignalName::CompanyFault).is_some());
        assert_eq!(a.decision.action, Action::RefuseService);
        let g = guard(&a, Guard::RefusalUnderFaultOnlyForAbuse).expect("the guard is named");
        assert!(!g.changed_action);
        assert!(g.detail.contains("put right"));
        assert_eq!(a.decision.script, Some(ScriptSituation::RefuseService));
    }

    #[test]
    fn the_valuable_customer_with_many_declined_demands_gets_boundaries_not_parting() {
        let a = assess_one(
            declined_demands_then_escalations(buys(Cust::new("vip", "retail"))).nltv(20_000.0),
        );
        assert!(a.value.strong_value);
        assert!(
            a.decision.limits_tried.is_some(),
            "declined demands followed by escalations"
        );
        assert_eq!(a.decision.action, Action::SetBoundaries);
        assert!(guard(&a, Guard::ValuableNotPartedForDemands).is_some());
        assert_eq!(a.decision.script, Some(ScriptSituation::ExplainTerms));
    }

    #[test]
    fn the_loss_maker_whose_anger_the_business_caused_is_recovered() {
        let c = company_failures(buys(Cust::new("angry", "retail")), &[60, 120, 180, 240])
            .review(250, 1, None)
            .ticket(260, |t| t.escalation = EscalationLevel::Executive)
            .ticket(270, |t| t.escalation = EscalationLevel::Executive)
            .ticket(280, |t| t.escalation = EscalationLevel::Manager)
            .nltv(-3_000.0);
        let a = assess_one(c);
        assert!(signal(&a, crate::signals::SignalName::ValueDestroyed).is_some());
        assert_eq!(a.decision.action, Action::Recover);
        assert!(guard(&a, Guard::RecoveryBeforeParting).is_some());
        assert_eq!(a.decision.script, Some(ScriptSituation::OfferRemedy));
    }

    #[test]
    fn a_demanding_loss_maker_whose_limits_did_not_hold_is_parted_with() {
        let a = assess_one(
            // No orders in the window: the loss is real today, not only forecast.
            declined_demands_then_escalations(Cust::new("part", "retail")).nltv(-2_000.0),
        );
        assert_eq!(a.decision.action, Action::PartWays);
        assert_eq!(
            a.decision.rules_fired[0].rule,
            Rule::ValueDestroyedByDemands
        );
        assert_eq!(a.decision.script, Some(ScriptSituation::Farewell));
    }

    #[test]
    fn a_forecast_loss_alone_does_not_part_with_a_customer_who_still_pays_their_way() {
        let a = assess_one(
            declined_demands_then_escalations(buys(Cust::new("pays", "retail")))
                .order(300, 5_000)
                .nltv(-2_000.0),
        );
        assert!(a.ledger.net_contribution > rust_decimal::Decimal::ZERO);
        assert_eq!(a.decision.action, Action::SetBoundaries);
        let g = guard(&a, Guard::RealisedLossBeforeParting).expect("guard");
        assert!(g.changed_action);
        assert!(g.detail.contains("net contribution"));
    }

    #[test]
    fn without_evidence_that_limits_were_tried_parting_becomes_boundaries() {
        let mut c = buys(Cust::new("nolimits", "retail"));
        for day in [60, 90, 120, 150] {
            c = c.ticket(day, |t| t.out_of_scope = Some(true));
        }
        let a = assess_one(c.nltv(-2_000.0));
        assert!(a.decision.limits_tried.is_none());
        assert_eq!(a.decision.action, Action::SetBoundaries);
        let g = guard(&a, Guard::LimitsBeforeParting).expect("guard");
        assert!(g.detail.contains("parting may follow"));
    }

    #[test]
    fn a_declined_offer_in_a_case_counts_as_limits_tried() {
        let mut c = Cust::new("case", "retail");
        for day in [60, 90, 120, 150] {
            c = c.ticket(day, |t| t.out_of_scope = Some(true));
        }
        c.declined_offers = vec!["case-17".into()];
        let a = assess_one(c.nltv(-2_000.0));
        assert_eq!(a.decision.action, Action::PartWays);
        assert_eq!(
            a.decision.limits_tried.as_ref().unwrap().records[0].id,
            "case-17"
        );
    }

    #[test]
    fn company_fault_blocks_parting_even_when_limits_were_tried() {
        let c = company_failures(
            declined_demands_then_escalations(buys(Cust::new("both", "retail"))),
            &[300, 310, 320, 330, 340],
        )
        .nltv(-2_000.0);
        let a = assess_one(c);
        assert_ne!(a.decision.action, Action::PartWays);
        assert_eq!(a.decision.action, Action::Recover);
    }

    #[test]
    fn fraud_like_extraction_is_refused_unless_the_business_is_at_fault() {
        let mut c = buys(Cust::new("fraud", "retail"));
        for day in [60, 110, 160, 210, 260] {
            c = c.concession(day, ConcessionKind::Refund, 60, None);
        }
        let a = assess_one(c.clone());
        assert_eq!(a.decision.action, Action::RefuseService);
        assert_eq!(a.decision.rules_fired[0].rule, Rule::DeliberateExtraction);

        let at_fault = assess_one(company_failures(c, &[70, 120, 170]));
        assert_eq!(at_fault.decision.action, Action::Recover);
        assert!(
            guard(&at_fault, Guard::RefusalUnderFaultOnlyForAbuse)
                .is_some_and(|g| g.changed_action)
        );
    }

    #[test]
    fn abuse_of_staff_overrides_value() {
        let c = buys(Cust::new("rich", "retail"))
            .ticket(60, |_| {})
            .message(60, "I know where you live", AbuseLevel::Threat)
            .nltv(50_000.0);
        let a = assess_one(c);
        assert_eq!(a.decision.action, Action::RefuseService);
        assert!(guard(&a, Guard::AbuseOverridesValue).is_some());
    }

    #[test]
    fn one_abusive_message_pauses_the_conversation() {
        let a = assess_one(
            buys(Cust::new("heat", "retail"))
                .ticket(60, |_| {})
                .message(60, "you idiot", AbuseLevel::Abuse),
        );
        assert_eq!(a.decision.action, Action::SetBoundaries);
        assert_eq!(a.decision.script, Some(ScriptSituation::Pause));
    }

    #[test]
    fn weaker_demand_signals_together_are_a_pattern_for_boundaries() {
        let escalates = |c: Cust| {
            c.ticket(100, |t| {
                t.escalation = EscalationLevel::Manager;
                t.category = "billing".into();
            })
            .ticket(200, |t| {
                t.escalation = EscalationLevel::Executive;
                t.category = "delivery".into();
            })
        };
        let asks = |c: Cust| {
            c.ticket(150, |t| {
                t.out_of_scope = Some(true);
                t.category = "custom work".into();
            })
            .ticket(250, |t| {
                t.out_of_scope = Some(true);
                t.category = "reports".into();
            })
        };
        let both = assess_one(asks(escalates(buys(
            Cust::new("both", "retail").screened(),
        ))));
        let loop_strength = signal(&both, crate::signals::SignalName::SeniorEscalationLoop)
            .expect("loop")
            .strength;
        let demand_strength = signal(&both, crate::signals::SignalName::ExcessiveDemands)
            .expect("demands")
            .strength;
        assert!(loop_strength < 0.5 && demand_strength < 0.5);
        assert_eq!(both.decision.action, Action::SetBoundaries);
        assert!(
            both.decision.rules_fired[0]
                .detail
                .contains("excessive demands")
        );

        let one = assess_one(escalates(buys(Cust::new("one", "retail").screened())));
        assert_eq!(one.decision.action, Action::Watch);
    }

    #[test]
    fn a_small_loss_confirmed_by_disproportionate_effort_is_offered_an_exit() {
        let mut c = buys(Cust::new("effort", "retail").screened()).nltv(-20.0);
        for day in [60, 120, 180, 240, 300, 360] {
            c = c.ticket(day, |t| {
                t.handling_minutes = rust_decimal::Decimal::from(240);
                t.category = format!("question {day}");
            });
        }
        let a = assess_one(c);
        let effort = signal(&a, crate::signals::SignalName::EffortDisproportion).expect("effort");
        assert!(effort.strength >= 0.5, "{}", effort.strength);
        assert!(
            signal(&a, crate::signals::SignalName::ValueDestroyed).is_none_or(|s| s.strength < 0.5)
        );
        assert_eq!(a.decision.action, Action::OfferExit);
        assert!(
            a.decision.rules_fired[0]
                .detail
                .contains("out of proportion")
        );

        let small_loss_alone =
            assess_one(buys(Cust::new("small", "retail").screened()).nltv(-20.0));
        assert_ne!(small_loss_alone.decision.action, Action::OfferExit);
    }

    #[test]
    fn value_destroyed_without_abuse_or_demands_is_offered_an_exit() {
        let a = assess_one(buys(Cust::new("loss", "retail").screened()).nltv(-1_000.0));
        assert_eq!(a.decision.action, Action::OfferExit);
        assert_eq!(a.decision.script, Some(ScriptSituation::OfferExit));
    }

    #[test]
    fn a_single_resolved_company_failure_is_noted_but_changes_nothing() {
        let a = assess_one(
            buys(Cust::new("once", "retail").screened())
                .ticket(60, |t| t.root_cause = Some(RootCause::Company)),
        );
        assert_eq!(
            signal(&a, crate::signals::SignalName::CompanyFault)
                .unwrap()
                .strength,
            0.25
        );
        assert_eq!(a.decision.action, Action::Keep);

        let open = assess_one(
            buys(Cust::new("open", "retail").screened()).ticket(60, |t| {
                t.root_cause = Some(RootCause::Company);
                t.outcome = Some(TicketOutcome::Unresolved);
            }),
        );
        assert_eq!(
            open.decision.action,
            Action::Recover,
            "an unresolved failure of ours is put right"
        );
    }

    #[test]
    fn an_unanswered_negative_review_alone_is_watched_with_a_review_reply() {
        let a = assess_one(buys(Cust::new("rev", "retail").screened()).review(300, 1, None));
        assert_eq!(a.decision.action, Action::Watch);
        assert_eq!(a.decision.script, Some(ScriptSituation::ReviewReply));
    }

    #[test]
    fn money_at_stake_adds_the_size_of_the_value_and_the_cost_to_serve() {
        let a = assess_one(
            buys(Cust::new("m", "retail"))
                .ticket(60, |t| t.handling_minutes = 60.into())
                .nltv(-500.0),
        );
        let m = &a.decision.money_at_stake;
        assert_eq!(m.cost_to_serve, 30.0);
        assert_eq!(m.total, 530.0);
    }

    #[test]
    fn every_threshold_has_a_default_and_an_empty_policy_section_is_valid() {
        let settings: Settings = serde_json::from_str("{}").unwrap();
        assert_eq!(settings.policy, PolicySettings::default());
        assert!(
            serde_json::from_str::<PolicySettings>("{\"norm_far_zz\": 1}").is_err(),
            "typos are rejected"
        );
    }
}
