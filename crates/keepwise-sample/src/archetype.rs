//! The kinds of customers in the sample and the action each one calls for.
//!
//! Every kind is a recipe of ordinary behaviour plus the facts of one situation
//! of DESIGN.md's action table, and its label follows DESIGN.md's rules and
//! guards (see `docs/sample-data.md`). Kinds are spread evenly: every block of
//! [`BLOCK`] customers holds each kind exactly [`Kind::slots`] times, shuffled.

use keepwise_core::records::{
    Action, Channel, ConcessionKind, EscalationLevel, RootCause, StaffReportKind, TicketOutcome,
};

use crate::SampleError;
use crate::customer::{Buying, ContractPlan, Cust, Mood, PromoHabit, TicketPlan, UsagePattern};
use crate::dist::{Rand, between, chance, lognormal, pick, unit, weighted};
use crate::phrases::POLITE_TOPICS;
use crate::world::{DAY, SegmentMix};

/// Customers per block; each block holds every kind in its share.
pub const BLOCK: usize = 200;

/// A kind of customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// Buys, rarely calls, nothing notable.
    KeepQuiet,
    /// Ordinary, with noise: a few tickets (some swearing at a broken device), a
    /// one-off refund, a low-star review that was answered, one declined request.
    KeepNoisy,
    /// A term contract used as intended.
    KeepContract,
    /// Valuable and polite; once asked for something outside the terms and accepted the no.
    KeepPoliteAsker,
    /// Uses promotions within their terms.
    KeepPromoUser,
    /// Tickets rising lately, one escalation, perhaps a 2-star review.
    WatchRisingTickets,
    /// Long, tiring calls and one stress report, without abuse.
    WatchStrain,
    /// Buying less and less, an annoyed ticket and an unanswered 2-star review.
    WatchSlipping,
    /// Our repeated failures: most tickets caused by us, reopened, angry.
    RecoverRepeatedFailures,
    /// Contract service with outages caused by us.
    RecoverOutage,
    /// A loss-maker whose anger we caused, with escalations and declined demands.
    RecoverWrongedLossMaker,
    /// Strongly valuable, with many out-of-scope demands (many declined) and escalations.
    BoundariesValuableDemanding,
    /// Claims promotions against their terms, without fraud.
    BoundariesPromoGamer,
    /// Valuable, pulling managers and executives into the same issue again and again.
    BoundariesEscalationLoop,
    /// Loses money through demands that were always granted: limits never tried.
    BoundariesUntriedLossMaker,
    /// A term contract nobody uses.
    ExitUnusedContract,
    /// Needs what the business cannot deliver.
    ExitCapabilityMismatch,
    /// Costs more than they bring, without abuse and without demands.
    ExitValueDestroyed,
    /// Loses money, demands declined and then escalated again and again; not our fault.
    PartWaysTriedLimits,
    /// Insults staff.
    RefuseAbusive,
    /// Very valuable, and insults staff.
    RefuseValuableAbusive,
    /// Wronged by us, and then abuses the courier or technician.
    RefuseWrongedAbusive,
    /// Threatens or harasses staff.
    RefuseThreat,
    /// Extracts refunds, chargebacks and credits far above the norm.
    RefuseExtraction,
}

impl Kind {
    /// Every kind, with its slots in a block of [`BLOCK`] customers.
    pub const SHARES: [(Kind, usize); 24] = [
        (Kind::KeepQuiet, 67),
        (Kind::KeepNoisy, 34),
        (Kind::KeepContract, 14),
        (Kind::KeepPoliteAsker, 6),
        (Kind::KeepPromoUser, 6),
        (Kind::WatchRisingTickets, 8),
        (Kind::WatchStrain, 4),
        (Kind::WatchSlipping, 4),
        (Kind::RecoverRepeatedFailures, 10),
        (Kind::RecoverOutage, 4),
        (Kind::RecoverWrongedLossMaker, 4),
        (Kind::BoundariesValuableDemanding, 6),
        (Kind::BoundariesPromoGamer, 4),
        (Kind::BoundariesEscalationLoop, 2),
        (Kind::BoundariesUntriedLossMaker, 3),
        (Kind::ExitUnusedContract, 6),
        (Kind::ExitCapabilityMismatch, 4),
        (Kind::ExitValueDestroyed, 3),
        (Kind::PartWaysTriedLimits, 4),
        (Kind::RefuseAbusive, 2),
        (Kind::RefuseValuableAbusive, 1),
        (Kind::RefuseWrongedAbusive, 1),
        (Kind::RefuseThreat, 1),
        (Kind::RefuseExtraction, 2),
    ];

    /// The action the business should take (DESIGN.md, "The recommendation").
    pub fn action(self) -> Action {
        match self {
            Kind::KeepQuiet
            | Kind::KeepNoisy
            | Kind::KeepContract
            | Kind::KeepPoliteAsker
            | Kind::KeepPromoUser => Action::Keep,
            Kind::WatchRisingTickets | Kind::WatchStrain | Kind::WatchSlipping => Action::Watch,
            // company_fault: recovery first, even for a loss-maker with declined demands.
            Kind::RecoverRepeatedFailures | Kind::RecoverOutage | Kind::RecoverWrongedLossMaker => {
                Action::Recover
            }
            // Demands alone never part a valuable customer; without tried limits, boundaries first.
            Kind::BoundariesValuableDemanding
            | Kind::BoundariesPromoGamer
            | Kind::BoundariesEscalationLoop
            | Kind::BoundariesUntriedLossMaker => Action::SetBoundaries,
            Kind::ExitUnusedContract | Kind::ExitCapabilityMismatch | Kind::ExitValueDestroyed => {
                Action::OfferExit
            }
            Kind::PartWaysTriedLimits => Action::PartWays,
            // Staff abuse overrides value and company fault; extraction is fraud-like.
            Kind::RefuseAbusive
            | Kind::RefuseValuableAbusive
            | Kind::RefuseWrongedAbusive
            | Kind::RefuseThreat
            | Kind::RefuseExtraction => Action::RefuseService,
        }
    }

    /// The shortest time this kind has been a customer, in days: a customer can only
    /// be known as strongly valuable after long enough to have proved it.
    pub fn min_tenure_days(self) -> i64 {
        match self {
            Kind::KeepPoliteAsker
            | Kind::BoundariesValuableDemanding
            | Kind::BoundariesEscalationLoop
            | Kind::RefuseValuableAbusive => 540,
            _ => 120,
        }
    }

    /// Which segments this kind comes from.
    pub fn segment_mix(self) -> SegmentMix {
        match self {
            Kind::KeepPoliteAsker
            | Kind::BoundariesValuableDemanding
            | Kind::BoundariesEscalationLoop
            | Kind::RefuseValuableAbusive => SegmentMix::Valuable,
            Kind::RecoverWrongedLossMaker
            | Kind::BoundariesUntriedLossMaker
            | Kind::ExitValueDestroyed
            | Kind::PartWaysTriedLimits
            | Kind::RefuseExtraction => SegmentMix::Small,
            _ => SegmentMix::Base,
        }
    }

    /// Whether the customer is in the target audience, as the business recorded it.
    pub fn target_fit(self, rng: &mut Rand) -> Option<bool> {
        let misfit = match self {
            Kind::ExitCapabilityMismatch => 0.45,
            Kind::ExitValueDestroyed | Kind::PartWaysTriedLimits => 0.15,
            _ => 0.07,
        };
        if chance(rng, 0.12) {
            None
        } else {
            Some(!chance(rng, misfit))
        }
    }

    /// Writes everything of this customer except the customer row and the label.
    pub fn build(self, c: &mut Cust) -> Result<(), SampleError> {
        match self {
            Kind::KeepQuiet => keep_quiet(c),
            Kind::KeepNoisy => keep_noisy(c),
            Kind::KeepContract => keep_contract(c),
            Kind::KeepPoliteAsker => keep_polite_asker(c),
            Kind::KeepPromoUser => keep_promo_user(c),
            Kind::WatchRisingTickets => watch_rising(c),
            Kind::WatchStrain => watch_strain(c),
            Kind::WatchSlipping => watch_slipping(c),
            Kind::RecoverRepeatedFailures => recover_failures(c),
            Kind::RecoverOutage => recover_outage(c),
            Kind::RecoverWrongedLossMaker => recover_wronged_loss_maker(c),
            Kind::BoundariesValuableDemanding => boundaries_valuable(c),
            Kind::BoundariesPromoGamer => boundaries_promo(c),
            Kind::BoundariesEscalationLoop => boundaries_loop(c),
            Kind::BoundariesUntriedLossMaker => boundaries_untried(c),
            Kind::ExitUnusedContract => exit_unused(c),
            Kind::ExitCapabilityMismatch => exit_mismatch(c),
            Kind::ExitValueDestroyed => exit_value_destroyed(c),
            Kind::PartWaysTriedLimits => part_ways(c),
            Kind::RefuseAbusive => refuse_abusive(c, false),
            Kind::RefuseValuableAbusive => refuse_abusive(c, true),
            Kind::RefuseWrongedAbusive => refuse_wronged(c),
            Kind::RefuseThreat => refuse_threat(c),
            Kind::RefuseExtraction => refuse_extraction(c),
        }
    }
}

/// A block of [`BLOCK`] kinds in a shuffled order.
pub fn shuffled_block(rng: &mut Rand) -> Vec<Kind> {
    let mut block: Vec<Kind> = Kind::SHARES
        .iter()
        .flat_map(|&(kind, slots)| std::iter::repeat_n(kind, slots))
        .collect();
    for i in (1..block.len()).rev() {
        let j = between(rng, 0, i as i64) as usize;
        block.swap(i, j);
    }
    block
}

// ----- building blocks -----

fn ordinary_buying() -> Buying {
    Buying {
        rate_scale: 1.0,
        rate_shape: 2.0,
        amount_scale: 1.0,
        margin_rate: 0.3,
        return_rate: 0.03,
        dropout: 0.03,
        promotions: PromoHabit::Never,
        until: None,
    }
}

fn valuable_buying() -> Buying {
    Buying {
        rate_scale: 2.2,
        rate_shape: 8.0,
        amount_scale: 1.6,
        dropout: 0.0,
        ..ordinary_buying()
    }
}

/// A strongly valuable customer whose demands cost managers' and executives' time:
/// the margin must stay well above that cost, or the story is a loss-maker's.
fn demanding_valuable_buying() -> Buying {
    Buying {
        rate_scale: 4.5,
        amount_scale: 4.0,
        ..valuable_buying()
    }
}

/// A watched customer is a paying customer showing first signs, not a loss-maker
/// yet: they keep buying at a regular pace (no drop-out), with enough margin that a
/// few more tickets do not already turn their value negative — that would be the
/// story of `value_destroyed` (offer_exit), not of an early warning.
fn steady_buying() -> Buying {
    Buying {
        rate_scale: 1.5,
        amount_scale: 1.3,
        dropout: 0.0,
        ..ordinary_buying()
    }
}

fn small_buying() -> Buying {
    Buying {
        rate_scale: 0.6,
        amount_scale: 0.45,
        margin_rate: 0.12,
        dropout: 0.0,
        ..ordinary_buying()
    }
}

/// Buys from a few days after creation, with the segment's margin rate.
fn buy(c: &mut Cust, mut plan: Buying) -> Result<(), SampleError> {
    plan.margin_rate *= c.segment.margin_rate() / 0.3;
    let start = c.created + between(&mut c.rng, 0, 20) * DAY;
    c.buy(plan, start)
}

fn category_for(rng: &mut Rand, mood: Mood) -> &'static str {
    let list: &[&str] = match mood {
        Mood::Polite => &[
            "delivery",
            "billing",
            "account",
            "installation",
            "technical",
        ],
        Mood::Frustrated => &[
            "technical",
            "connectivity",
            "device_fault",
            "delivery",
            "app",
        ],
        Mood::Demanding => &["custom_request", "billing", "on_site_visit", "contract"],
        Mood::Abusive | Mood::Threat => &["delivery", "technical", "on_site_visit", "billing"],
        Mood::RefundClaim => &["refund", "delivery", "returns"],
        Mood::Cancel => &["contract"],
        Mood::Unsupported => &["feature_request", "integration"],
        Mood::PromoException => &["promotion"],
    };
    pick(rng, list)
}

/// An ordinary ticket at `opened`: agent level, resolved, flags mostly known and false.
fn ticket(c: &mut Cust, opened: i64, mood: Mood) -> TicketPlan {
    let rng = &mut c.rng;
    let channel = weighted(
        rng,
        &[
            (Channel::Email, 40),
            (Channel::Phone, 28),
            (Channel::Chat, 20),
            (Channel::Social, 5),
            (Channel::InPerson, 4),
            (Channel::Other, 3),
        ],
    );
    let known_false = |rng: &mut Rand| if chance(rng, 0.75) { Some(false) } else { None };
    // A polite request's category follows from what it asks.
    let topic =
        (mood == Mood::Polite).then(|| between(rng, 0, POLITE_TOPICS.len() as i64 - 1) as usize);
    TicketPlan {
        opened,
        category: topic.map_or_else(|| category_for(rng, mood), |t| POLITE_TOPICS[t]),
        channel,
        escalation: EscalationLevel::Agent,
        effort: 1.0,
        reopened: 0,
        root_cause: None,
        out_of_scope: known_false(rng),
        unsupported: known_false(rng),
        outcome: TicketOutcome::Resolved,
        mood,
        messages: weighted(rng, &[(1, 10), (2, 25), (3, 25), (4, 20), (5, 10), (6, 10)]),
        topic,
    }
}

/// A root cause for an ordinary ticket that never tips the customer into company fault.
fn ordinary_cause(c: &mut Cust) -> Option<RootCause> {
    let cause = weighted(
        &mut c.rng,
        &[
            (None, 30),
            (Some(RootCause::Customer), 28),
            (Some(RootCause::ThirdParty), 20),
            (Some(RootCause::Unknown), 15),
            (Some(RootCause::Company), 7),
        ],
    );
    if cause == Some(RootCause::Company) && c.company_causes + 1 >= c.other_causes {
        Some(RootCause::ThirdParty)
    } else {
        cause
    }
}

/// A root cause for a customer whose issues are not the business's fault.
fn not_ours(c: &mut Cust) -> Option<RootCause> {
    weighted(
        &mut c.rng,
        &[
            (None, 25),
            (Some(RootCause::Customer), 45),
            (Some(RootCause::Unknown), 20),
            (Some(RootCause::ThirdParty), 10),
        ],
    )
}

/// A handful of ordinary tickets over the customer's history.
fn ordinary_tickets(c: &mut Cust, count: u32) -> Result<(), SampleError> {
    for _ in 0..count {
        let opened = c.when(0.0, 1.0);
        let mood = if chance(&mut c.rng, 0.8) {
            Mood::Polite
        } else {
            Mood::Frustrated
        };
        let mut plan = ticket(c, opened, mood);
        plan.root_cause = ordinary_cause(c);
        if chance(&mut c.rng, 0.1) {
            plan.outcome = TicketOutcome::Unresolved;
        }
        c.ticket(plan)?;
    }
    Ok(())
}

fn expected_tickets(c: &mut Cust, scale: f64) -> u32 {
    let years = (c.world.as_of - c.created) as f64 / (365.0 * DAY as f64);
    crate::dist::poisson(&mut c.rng, c.segment.tickets_per_year() * years * scale)
}

/// A ticket opened within the last three weeks, still open (noise for everyone).
fn maybe_open_ticket(c: &mut Cust, p: f64) -> Result<(), SampleError> {
    if chance(&mut c.rng, p) {
        let opened = c.world.as_of - between(&mut c.rng, 1, 20) * DAY
            + between(&mut c.rng, 7 * 3600, 19 * 3600);
        let mut plan = ticket(c, opened, Mood::Polite);
        plan.messages = 1;
        c.ticket(plan)?;
    }
    Ok(())
}

fn contract_plan(c: &mut Cust, usage: UsagePattern) -> ContractPlan {
    let rng = &mut c.rng;
    let term_months = pick(rng, &[12, 24, 24, 36]);
    let fee = c.segment.monthly_fee(rng);
    let fee_cents = (fee * 100.0).round() as i64;
    let upfront_cents = if chance(rng, 0.85) {
        Some((fee * lognormal(rng, 4.0, 0.4) * 100.0).round() as i64)
    } else {
        None
    };
    let start = c.created + between(rng, 0, 30) * DAY;
    ContractPlan {
        start,
        term_months,
        fee_cents,
        upfront_cents,
        usage,
    }
}

/// A request the business cannot fulfil, answered with an alternative the customer took.
fn unsupported_with_alternative(c: &mut Cust, p: f64) -> Result<(), SampleError> {
    if chance(&mut c.rng, p) {
        let opened = c.when(0.0, 1.0);
        let mut plan = ticket(c, opened, Mood::Unsupported);
        plan.unsupported = Some(true);
        plan.outcome = TicketOutcome::Resolved;
        c.ticket(plan)?;
    }
    Ok(())
}

// ----- keep -----

fn keep_quiet(c: &mut Cust) -> Result<(), SampleError> {
    // A few are leads who never bought.
    if !chance(&mut c.rng, 0.03) {
        buy(c, ordinary_buying())?;
    }
    let count = expected_tickets(c, 0.6);
    ordinary_tickets(c, count)?;
    if chance(&mut c.rng, 0.04) {
        let at = c.when(0.2, 1.0);
        let rating = if chance(&mut c.rng, 0.8) { 5 } else { 4 };
        c.review(rating, at, 0.4)?;
    }
    maybe_open_ticket(c, 0.03)
}

fn keep_noisy(c: &mut Cust) -> Result<(), SampleError> {
    buy(
        c,
        Buying {
            return_rate: 0.08,
            ..ordinary_buying()
        },
    )?;
    let count = between(&mut c.rng, 2, 4) as u32;
    for _ in 0..count {
        let opened = c.when(0.0, 1.0);
        // Swearing at a broken device is frustration, not abuse.
        let mood = if chance(&mut c.rng, 0.45) {
            Mood::Frustrated
        } else {
            Mood::Polite
        };
        let mut plan = ticket(c, opened, mood);
        plan.root_cause = ordinary_cause(c);
        if chance(&mut c.rng, 0.2) {
            plan.escalation = EscalationLevel::Lead;
        }
        c.ticket(plan)?;
    }
    if chance(&mut c.rng, 0.12) {
        // One request outside the terms, politely declined and accepted.
        let opened = c.when(0.0, 1.0);
        let mut plan = ticket(c, opened, Mood::Demanding);
        plan.out_of_scope = Some(true);
        plan.outcome = TicketOutcome::Declined;
        plan.messages = 2;
        c.ticket(plan)?;
    }
    if chance(&mut c.rng, 0.45)
        && let Some(order) = c.paid_orders().last().cloned()
    {
        let kind = if chance(&mut c.rng, 0.9) {
            ConcessionKind::Refund
        } else {
            ConcessionKind::Chargeback
        };
        let at = order.at + between(&mut c.rng, 2, 12) * DAY;
        c.concession(
            kind,
            order.cents,
            at,
            "damaged item",
            None,
            Some(&order.id),
            None,
        )?;
    }
    if chance(&mut c.rng, 0.3) {
        let at = c.when(0.3, 1.0);
        let rating = between(&mut c.rng, 2, 3) as u8;
        c.review(rating, at, 1.0)?;
    }
    if chance(&mut c.rng, 0.1) {
        let at = c.when(0.0, 1.0);
        c.report(
            StaffReportKind::Other,
            at,
            "Prefers to be called after 5 pm.",
        )?;
    }
    maybe_open_ticket(c, 0.08)
}

fn keep_contract(c: &mut Cust) -> Result<(), SampleError> {
    let level = lognormal(&mut c.rng, 12.0, 0.5);
    let plan = contract_plan(c, UsagePattern::Regular(level));
    c.contract(plan)?;
    if chance(&mut c.rng, 0.3) {
        buy(
            c,
            Buying {
                rate_scale: 0.3,
                ..ordinary_buying()
            },
        )?;
    }
    let count = expected_tickets(c, 0.8);
    ordinary_tickets(c, count)?;
    unsupported_with_alternative(c, 0.15)?;
    maybe_open_ticket(c, 0.05)
}

fn keep_polite_asker(c: &mut Cust) -> Result<(), SampleError> {
    buy(c, valuable_buying())?;
    let count = between(&mut c.rng, 1, 3) as u32;
    ordinary_tickets(c, count)?;
    let opened = c.when(0.2, 1.0);
    let mut plan = ticket(c, opened, Mood::Polite);
    plan.category = "custom_request";
    plan.topic = None;
    plan.out_of_scope = Some(true);
    plan.outcome = TicketOutcome::Declined;
    plan.escalation = EscalationLevel::Lead;
    c.ticket(plan)?;
    if chance(&mut c.rng, 0.2) {
        let at = c.when(0.3, 1.0);
        c.review(5, at, 1.0)?;
    }
    Ok(())
}

fn keep_promo_user(c: &mut Cust) -> Result<(), SampleError> {
    buy(
        c,
        Buying {
            promotions: PromoHabit::Fair,
            rate_scale: 1.3,
            ..ordinary_buying()
        },
    )?;
    let count = expected_tickets(c, 0.6);
    ordinary_tickets(c, count)?;
    if chance(&mut c.rng, 0.25) {
        // Asked once for a code after the sale ended, accepted the no.
        let opened = c.when(0.0, 1.0);
        let mut plan = ticket(c, opened, Mood::PromoException);
        plan.out_of_scope = Some(true);
        plan.outcome = TicketOutcome::Declined;
        plan.messages = 2;
        c.ticket(plan)?;
    }
    Ok(())
}

// ----- watch -----

fn watch_rising(c: &mut Cust) -> Result<(), SampleError> {
    buy(c, steady_buying())?;
    ordinary_tickets(c, 1)?;
    let count = between(&mut c.rng, 3, 5) as u32;
    let escalated = between(&mut c.rng, 0, i64::from(count) - 1) as u32;
    for i in 0..count {
        let opened = c.when(0.75, 1.0);
        let mood = if chance(&mut c.rng, 0.5) {
            Mood::Frustrated
        } else {
            Mood::Polite
        };
        let mut plan = ticket(c, opened, mood);
        plan.root_cause = not_ours(c);
        if i == escalated {
            plan.escalation = EscalationLevel::Manager;
        }
        c.ticket(plan)?;
    }
    if chance(&mut c.rng, 0.5) {
        let at = c.when(0.85, 1.0);
        c.review(2, at, 0.5)?;
    }
    Ok(())
}

fn watch_strain(c: &mut Cust) -> Result<(), SampleError> {
    buy(c, steady_buying())?;
    unsupported_with_alternative(c, 0.3)?;
    let count = between(&mut c.rng, 2, 4) as u32;
    let mut last = c.created;
    for _ in 0..count {
        let opened = c.when(0.3, 1.0);
        last = last.max(opened);
        let mood = if chance(&mut c.rng, 0.6) {
            Mood::Polite
        } else {
            Mood::Demanding
        };
        let mut plan = ticket(c, opened, mood);
        plan.root_cause = not_ours(c);
        plan.effort = 3.0;
        plan.messages = between(&mut c.rng, 4, 6) as u32;
        c.ticket(plan)?;
    }
    c.report(
        StaffReportKind::Stress,
        last + DAY,
        "Very long calls; the customer repeats the same questions. Polite, but exhausting.",
    )
}

fn watch_slipping(c: &mut Cust) -> Result<(), SampleError> {
    let until = c.when(0.6, 0.8);
    buy(
        c,
        Buying {
            until: Some(until),
            ..steady_buying()
        },
    )?;
    let opened = c.when(0.55, 0.8);
    let mut plan = ticket(c, opened, Mood::Frustrated);
    plan.root_cause = not_ours(c);
    plan.outcome = TicketOutcome::Unresolved;
    let ticket_id = c.ticket(plan)?;
    if chance(&mut c.rng, 0.6) {
        let cents = between(&mut c.rng, 500, 2500);
        c.concession(
            ConcessionKind::Goodwill,
            cents,
            opened + 2 * DAY,
            "goodwill after delay",
            Some(&ticket_id),
            None,
            None,
        )?;
    }
    let at = c.when(0.8, 1.0);
    c.review(2, at, 0.0)
}

// ----- recover -----

/// Tickets caused by the business: most known root causes are `company`.
fn failures(
    c: &mut Cust,
    count: u32,
    from: f64,
    escalate: f64,
) -> Result<Vec<(String, i64)>, SampleError> {
    let mut written = Vec::with_capacity(count as usize);
    for i in 0..count {
        let opened = c.when(from, 1.0);
        let mood = if chance(&mut c.rng, 0.7) {
            Mood::Frustrated
        } else {
            Mood::Polite
        };
        let mut plan = ticket(c, opened, mood);
        if mood != Mood::Polite {
            plan.category = pick(
                &mut c.rng,
                &[
                    "technical",
                    "device_fault",
                    "connectivity",
                    "delivery",
                    "billing",
                ],
            );
        }
        // The first two are surely ours: repeated failures, not a single one.
        plan.root_cause = if i < 2 || chance(&mut c.rng, 0.85) {
            Some(RootCause::Company)
        } else {
            Some(RootCause::Unknown)
        };
        plan.reopened = between(&mut c.rng, 0, 3) as u32;
        plan.outcome = if chance(&mut c.rng, 0.5) {
            TicketOutcome::Unresolved
        } else {
            TicketOutcome::Resolved
        };
        if chance(&mut c.rng, escalate) {
            plan.escalation = if chance(&mut c.rng, 0.7) {
                EscalationLevel::Lead
            } else {
                EscalationLevel::Manager
            };
        }
        plan.messages = between(&mut c.rng, 2, 6) as u32;
        let id = c.ticket(plan)?;
        written.push((id, opened));
    }
    Ok(written)
}

fn compensation(c: &mut Cust, tickets: &[(String, i64)], p: f64) -> Result<(), SampleError> {
    for (id, opened) in tickets {
        if chance(&mut c.rng, p) {
            let kind = pick(
                &mut c.rng,
                &[
                    ConcessionKind::Credit,
                    ConcessionKind::Goodwill,
                    ConcessionKind::FreeService,
                ],
            );
            let cents = between(&mut c.rng, 500, 4000);
            c.concession(
                kind,
                cents,
                opened + 3 * DAY,
                "compensation for our fault",
                Some(id),
                None,
                None,
            )?;
        }
    }
    Ok(())
}

fn recover_failures(c: &mut Cust) -> Result<(), SampleError> {
    buy(c, ordinary_buying())?;
    unsupported_with_alternative(c, 0.15)?;
    let count = between(&mut c.rng, 3, 7) as u32;
    let tickets = failures(c, count, 0.3, 0.35)?;
    compensation(c, &tickets, 0.2)?;
    if chance(&mut c.rng, 0.5) {
        let at = c.when(0.7, 1.0);
        let rating = between(&mut c.rng, 1, 2) as u8;
        c.review(rating, at, 0.5)?;
    }
    Ok(())
}

fn recover_outage(c: &mut Cust) -> Result<(), SampleError> {
    let level = lognormal(&mut c.rng, 12.0, 0.5);
    let plan = contract_plan(c, UsagePattern::Interrupted(level));
    c.contract(plan)?;
    let count = between(&mut c.rng, 3, 6) as u32;
    let tickets = failures(c, count, 0.2, 0.4)?;
    compensation(c, &tickets, 0.3)?;
    if chance(&mut c.rng, 0.4) {
        let at = c.when(0.6, 1.0);
        c.review(1, at, 0.3)?;
    }
    Ok(())
}

fn recover_wronged_loss_maker(c: &mut Cust) -> Result<(), SampleError> {
    buy(c, small_buying())?;
    let count = between(&mut c.rng, 6, 10) as u32;
    let tickets = failures(c, count, 0.1, 0.8)?;
    compensation(c, &tickets, 0.4)?;
    // Angry demands after our failures, declined: still recovery first.
    let demands = between(&mut c.rng, 1, 3) as u32;
    for _ in 0..demands {
        let opened = c.when(0.5, 1.0);
        let mut plan = ticket(c, opened, Mood::Demanding);
        plan.out_of_scope = Some(true);
        plan.outcome = TicketOutcome::Declined;
        plan.escalation = if chance(&mut c.rng, 0.5) {
            EscalationLevel::Manager
        } else {
            EscalationLevel::Executive
        };
        plan.effort = 2.0;
        c.ticket(plan)?;
    }
    if chance(&mut c.rng, 0.6) {
        let at = c.when(0.6, 1.0);
        c.review(1, at, 0.5)?;
    }
    Ok(())
}

// ----- set boundaries -----

fn boundaries_valuable(c: &mut Cust) -> Result<(), SampleError> {
    buy(c, demanding_valuable_buying())?;
    unsupported_with_alternative(c, 0.3)?;
    let count = between(&mut c.rng, 8, 14) as u32;
    for _ in 0..count {
        let opened = c.when(0.0, 1.0);
        let demanding = chance(&mut c.rng, 0.65);
        let mut plan = ticket(
            c,
            opened,
            if demanding {
                Mood::Demanding
            } else {
                Mood::Polite
            },
        );
        plan.root_cause = not_ours(c);
        if demanding {
            plan.out_of_scope = Some(true);
            plan.outcome = if chance(&mut c.rng, 0.6) {
                TicketOutcome::Declined
            } else {
                TicketOutcome::Resolved
            };
            plan.escalation = weighted(
                &mut c.rng,
                &[
                    (EscalationLevel::Lead, 3),
                    (EscalationLevel::Manager, 4),
                    (EscalationLevel::Executive, 3),
                ],
            );
            plan.effort = 1.5;
        }
        let id = c.ticket(plan)?;
        if demanding && plan.outcome == TicketOutcome::Resolved && chance(&mut c.rng, 0.3) {
            let cents = between(&mut c.rng, 3000, 20000);
            c.concession(
                ConcessionKind::FreeService,
                cents,
                opened + DAY,
                "granted out-of-scope request",
                Some(&id),
                None,
                None,
            )?;
        }
    }
    Ok(())
}

fn boundaries_promo(c: &mut Cust) -> Result<(), SampleError> {
    buy(
        c,
        Buying {
            promotions: PromoHabit::Gaming,
            rate_scale: 1.8,
            dropout: 0.0,
            ..ordinary_buying()
        },
    )?;
    let count = between(&mut c.rng, 1, 3) as u32;
    for _ in 0..count {
        let opened = c.when(0.2, 1.0);
        let mut plan = ticket(c, opened, Mood::PromoException);
        plan.out_of_scope = Some(true);
        plan.outcome = TicketOutcome::Declined;
        if chance(&mut c.rng, 0.4) {
            plan.escalation = EscalationLevel::Lead;
        }
        c.ticket(plan)?;
    }
    let count = expected_tickets(c, 0.5);
    ordinary_tickets(c, count)
}

fn boundaries_loop(c: &mut Cust) -> Result<(), SampleError> {
    buy(c, demanding_valuable_buying())?;
    let count = between(&mut c.rng, 6, 10) as u32;
    let category = pick(&mut c.rng, &["billing", "technical", "on_site_visit"]);
    for _ in 0..count {
        let opened = c.when(0.1, 1.0);
        let mood = if chance(&mut c.rng, 0.6) {
            Mood::Demanding
        } else {
            Mood::Frustrated
        };
        let mut plan = ticket(c, opened, mood);
        plan.category = category;
        plan.root_cause = not_ours(c);
        plan.reopened = between(&mut c.rng, 1, 3) as u32;
        plan.escalation = if chance(&mut c.rng, 0.5) {
            EscalationLevel::Manager
        } else {
            EscalationLevel::Executive
        };
        plan.effort = 1.5;
        plan.messages = between(&mut c.rng, 3, 6) as u32;
        c.ticket(plan)?;
    }
    Ok(())
}

fn boundaries_untried(c: &mut Cust) -> Result<(), SampleError> {
    buy(c, small_buying())?;
    let count = between(&mut c.rng, 6, 9) as u32;
    for _ in 0..count {
        let opened = c.when(0.0, 1.0);
        let mut plan = ticket(c, opened, Mood::Demanding);
        plan.root_cause = not_ours(c);
        plan.out_of_scope = Some(true);
        // Every demand was granted: limits were never tried.
        plan.outcome = TicketOutcome::Resolved;
        plan.escalation = if chance(&mut c.rng, 0.6) {
            EscalationLevel::Lead
        } else {
            EscalationLevel::Manager
        };
        plan.effort = 2.0;
        let id = c.ticket(plan)?;
        if chance(&mut c.rng, 0.6) {
            let kind = pick(
                &mut c.rng,
                &[
                    ConcessionKind::FreeService,
                    ConcessionKind::Credit,
                    ConcessionKind::Discount,
                ],
            );
            let cents = between(&mut c.rng, 1500, 9000);
            c.concession(
                kind,
                cents,
                opened + DAY,
                "granted out-of-scope request",
                Some(&id),
                None,
                None,
            )?;
        }
    }
    Ok(())
}

// ----- offer exit -----

fn exit_unused(c: &mut Cust) -> Result<(), SampleError> {
    let weeks = between(&mut c.rng, 0, 6) as u32;
    let mut plan = contract_plan(c, UsagePattern::Fading(weeks));
    // Still running: long enough ago to show the non-use, short of the term.
    plan.term_months = pick(&mut c.rng, &[24, 36]);
    c.contract(plan)?;
    if chance(&mut c.rng, 0.2) {
        buy(
            c,
            Buying {
                rate_scale: 0.2,
                ..ordinary_buying()
            },
        )?;
    }
    if chance(&mut c.rng, 0.6) {
        let opened = c.when(0.5, 1.0);
        let mut plan = ticket(c, opened, Mood::Cancel);
        plan.outcome = TicketOutcome::Unresolved;
        plan.root_cause = None;
        c.ticket(plan)?;
    }
    if chance(&mut c.rng, 0.25) {
        let at = c.when(0.6, 1.0);
        c.review(2, at, 0.5)?;
    }
    Ok(())
}

fn exit_mismatch(c: &mut Cust) -> Result<(), SampleError> {
    buy(
        c,
        Buying {
            rate_scale: 0.7,
            ..ordinary_buying()
        },
    )?;
    let count = between(&mut c.rng, 2, 5) as u32;
    for _ in 0..count {
        let opened = c.when(0.0, 1.0);
        let mut plan = ticket(c, opened, Mood::Unsupported);
        plan.unsupported = Some(true);
        plan.out_of_scope = if chance(&mut c.rng, 0.7) {
            Some(false)
        } else {
            None
        };
        plan.outcome = TicketOutcome::Unresolved;
        plan.root_cause = if chance(&mut c.rng, 0.5) {
            None
        } else {
            Some(RootCause::Unknown)
        };
        if chance(&mut c.rng, 0.3) {
            plan.escalation = EscalationLevel::Lead;
        }
        c.ticket(plan)?;
    }
    Ok(())
}

fn exit_value_destroyed(c: &mut Cust) -> Result<(), SampleError> {
    buy(
        c,
        Buying {
            margin_rate: 0.03,
            return_rate: 0.3,
            ..small_buying()
        },
    )?;
    let count = between(&mut c.rng, 5, 8) as u32;
    for _ in 0..count {
        let opened = c.when(0.0, 1.0);
        let mood = if chance(&mut c.rng, 0.7) {
            Mood::Polite
        } else {
            Mood::Frustrated
        };
        let mut plan = ticket(c, opened, mood);
        plan.root_cause = if chance(&mut c.rng, 0.7) {
            Some(RootCause::Customer)
        } else {
            None
        };
        plan.effort = 3.0;
        plan.messages = between(&mut c.rng, 3, 6) as u32;
        c.ticket(plan)?;
    }
    let returned: Vec<_> = c.orders.iter().filter(|o| o.returned).cloned().collect();
    for order in returned {
        c.concession(
            ConcessionKind::Refund,
            order.cents,
            order.at + 10 * DAY,
            "return",
            None,
            Some(&order.id),
            None,
        )?;
    }
    Ok(())
}

// ----- part ways -----

fn part_ways(c: &mut Cust) -> Result<(), SampleError> {
    buy(c, small_buying())?;
    // Demands outside the terms, declined...
    let declined = between(&mut c.rng, 2, 4) as u32;
    for _ in 0..declined {
        let opened = c.when(0.0, 0.5);
        let mut plan = ticket(c, opened, Mood::Demanding);
        plan.root_cause = if chance(&mut c.rng, 0.6) {
            Some(RootCause::Customer)
        } else {
            None
        };
        plan.out_of_scope = Some(true);
        plan.outcome = TicketOutcome::Declined;
        plan.escalation = if chance(&mut c.rng, 0.5) {
            EscalationLevel::Lead
        } else {
            EscalationLevel::Manager
        };
        plan.effort = 1.5;
        c.ticket(plan)?;
    }
    // ...and then escalated to managers and executives again and again.
    let escalations = between(&mut c.rng, 4, 8) as u32;
    for _ in 0..escalations {
        let opened = c.when(0.55, 1.0);
        let mood = if chance(&mut c.rng, 0.7) {
            Mood::Demanding
        } else {
            Mood::Frustrated
        };
        let mut plan = ticket(c, opened, mood);
        plan.root_cause = if chance(&mut c.rng, 0.5) {
            Some(RootCause::Customer)
        } else {
            None
        };
        plan.out_of_scope = Some(true);
        plan.outcome = if chance(&mut c.rng, 0.7) {
            TicketOutcome::Declined
        } else {
            TicketOutcome::Unresolved
        };
        plan.escalation = if chance(&mut c.rng, 0.5) {
            EscalationLevel::Manager
        } else {
            EscalationLevel::Executive
        };
        plan.reopened = between(&mut c.rng, 0, 2) as u32;
        plan.effort = 2.0;
        plan.messages = between(&mut c.rng, 3, 6) as u32;
        c.ticket(plan)?;
    }
    if chance(&mut c.rng, 0.4) {
        let at = c.when(0.7, 1.0);
        c.review(1, at, 0.6)?;
    }
    Ok(())
}

// ----- refuse service -----

fn abusive_tickets(
    c: &mut Cust,
    count: u32,
    from: f64,
    cause_ours: bool,
) -> Result<i64, SampleError> {
    let mut last = c.created;
    for _ in 0..count {
        let opened = c.when(from, 1.0);
        last = last.max(opened);
        let mut plan = ticket(c, opened, Mood::Abusive);
        plan.category = pick(&mut c.rng, &["delivery", "on_site_visit", "technical"]);
        plan.root_cause = if cause_ours {
            Some(RootCause::Company)
        } else {
            not_ours(c)
        };
        plan.messages = between(&mut c.rng, 1, 5) as u32;
        plan.outcome = if chance(&mut c.rng, 0.5) {
            TicketOutcome::Resolved
        } else {
            TicketOutcome::Unresolved
        };
        if chance(&mut c.rng, 0.3) {
            plan.escalation = EscalationLevel::Lead;
        }
        c.ticket(plan)?;
    }
    Ok(last)
}

fn refuse_abusive(c: &mut Cust, valuable: bool) -> Result<(), SampleError> {
    buy(
        c,
        if valuable {
            valuable_buying()
        } else {
            ordinary_buying()
        },
    )?;
    let count = between(&mut c.rng, 0, 3) as u32;
    ordinary_tickets(c, count)?;
    let abusive = between(&mut c.rng, 1, 3) as u32;
    let last = abusive_tickets(c, abusive, 0.3, false)?;
    if chance(&mut c.rng, if valuable { 0.7 } else { 0.5 }) {
        let note = pick(
            &mut c.rng,
            &[
                "Customer insulted the agent repeatedly on the phone.",
                "Called me an idiot and worse; I ended the call.",
                "Swore at the courier at the door and slammed it on him.",
            ],
        );
        c.report(StaffReportKind::Abuse, last + DAY, note)?;
    }
    Ok(())
}

fn refuse_wronged(c: &mut Cust) -> Result<(), SampleError> {
    buy(c, ordinary_buying())?;
    let count = between(&mut c.rng, 3, 5) as u32;
    failures(c, count, 0.1, 0.3)?;
    // Legitimately angry, and then aimed at the courier or technician.
    let abusive = between(&mut c.rng, 1, 2) as u32;
    let last = abusive_tickets(c, abusive, 0.5, true)?;
    if chance(&mut c.rng, 0.6) {
        let kind = if chance(&mut c.rng, 0.7) {
            StaffReportKind::Abuse
        } else {
            StaffReportKind::Threat
        };
        c.report(
            kind,
            last + DAY,
            "Technician was shouted at and called names during the visit.",
        )?;
    }
    Ok(())
}

fn refuse_threat(c: &mut Cust) -> Result<(), SampleError> {
    buy(c, ordinary_buying())?;
    let count = between(&mut c.rng, 0, 2) as u32;
    ordinary_tickets(c, count)?;
    let threats = between(&mut c.rng, 1, 2) as u32;
    let mut last = c.created;
    for _ in 0..threats {
        let opened = c.when(0.3, 1.0);
        last = last.max(opened);
        let mut plan = ticket(c, opened, Mood::Threat);
        plan.root_cause = not_ours(c);
        plan.messages = between(&mut c.rng, 1, 5) as u32;
        plan.outcome = TicketOutcome::Unresolved;
        c.ticket(plan)?;
    }
    if chance(&mut c.rng, 0.75) {
        let (kind, note) = if chance(&mut c.rng, 0.7) {
            (
                StaffReportKind::Threat,
                "Customer said he knows where our technician lives.",
            )
        } else {
            (
                StaffReportKind::Harassment,
                "Customer keeps calling the agent's private number and messaging her on social media.",
            )
        };
        c.report(kind, last + DAY, note)?;
    }
    Ok(())
}

fn refuse_extraction(c: &mut Cust) -> Result<(), SampleError> {
    buy(
        c,
        Buying {
            rate_scale: 2.0,
            amount_scale: 1.0,
            dropout: 0.0,
            return_rate: 0.1,
            ..ordinary_buying()
        },
    )?;
    let orders: Vec<_> = c.orders.clone();
    for order in orders {
        if !chance(&mut c.rng, 0.7) {
            continue;
        }
        let opened = order.at + between(&mut c.rng, 2, 10) * DAY;
        let ticket_id = if opened < c.world.as_of - 25 * DAY && chance(&mut c.rng, 0.6) {
            let mut plan = ticket(c, opened, Mood::RefundClaim);
            plan.root_cause = weighted(
                &mut c.rng,
                &[
                    (None, 3),
                    (Some(RootCause::Unknown), 4),
                    (Some(RootCause::ThirdParty), 2),
                    (Some(RootCause::Customer), 1),
                ],
            );
            plan.outcome = TicketOutcome::Resolved;
            Some(c.ticket(plan)?)
        } else {
            None
        };
        let (kind, cents, reason) = match weighted(&mut c.rng, &[(0, 6), (1, 2), (2, 2)]) {
            0 => (ConcessionKind::Refund, order.cents, "item not received"),
            1 => (
                ConcessionKind::Chargeback,
                order.cents + 1500,
                "chargeback: not authorised",
            ),
            _ => (
                ConcessionKind::Credit,
                (order.cents as f64 * (0.3 + 0.5 * unit(&mut c.rng))) as i64,
                "compensation demanded",
            ),
        };
        c.concession(
            kind,
            cents,
            opened + DAY,
            reason,
            ticket_id.as_deref(),
            Some(&order.id),
            None,
        )?;
    }
    Ok(())
}
