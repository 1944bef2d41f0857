//! Each signal pinned on small hand-made customers judged among ordinary peers.

use rust_decimal::Decimal;

use super::testkit::*;
use super::{AbuseLevel, AbuseSpan, RecordKind, SignalName};
use crate::config::Settings;
use crate::records::*;

#[test]
fn an_ordinary_customer_raises_no_signal() {
    let a = assess_one(buys(Cust::new("plain", "retail").screened()).ticket(200, |_| {}));
    assert!(a.signals.is_empty(), "{:?}", a.signals);
    assert_eq!(a.decision.action, Action::Keep);
}

#[test]
fn senior_escalation_loop_counts_manager_and_executive_tickets() {
    let mut c = buys(Cust::new("loop", "retail"));
    for (day, level) in [
        (60, EscalationLevel::Manager),
        (120, EscalationLevel::Executive),
        (180, EscalationLevel::Manager),
        (240, EscalationLevel::Manager),
    ] {
        c = c.ticket(day, |t| t.escalation = level);
    }
    let a = assess_one(c);
    let s = signal(&a, SignalName::SeniorEscalationLoop).expect("loop");
    assert!(s.strength >= 0.5 && s.strength < 1.0, "{}", s.strength);
    assert_eq!(s.evidence.records.len(), 4);
    assert!(
        s.evidence
            .explanation
            .contains("4 of the customer's tickets")
    );

    let one = assess_one(
        buys(Cust::new("once", "retail")).ticket(60, |t| t.escalation = EscalationLevel::Manager),
    );
    assert_eq!(
        signal(&one, SignalName::SeniorEscalationLoop)
            .unwrap()
            .strength,
        0.25,
        "one senior ticket is a first sign"
    );
}

#[test]
fn repeat_issue_sees_the_same_category_coming_back_and_reopenings() {
    let mut c = buys(Cust::new("rep", "retail"));
    for day in [60, 100, 140] {
        c = c.ticket(day, |t| t.category = "router".into());
    }
    let a = assess_one(c);
    let s = signal(&a, SignalName::RepeatIssue).expect("repeat");
    assert_eq!(s.strength, 0.5);
    assert!(s.evidence.explanation.contains("\"router\""));

    let reopened =
        assess_one(buys(Cust::new("reo", "retail")).ticket(60, |t| t.reopened = Some(6)));
    assert_eq!(
        signal(&reopened, SignalName::RepeatIssue).unwrap().strength,
        1.0
    );
}

#[test]
fn effort_disproportion_compares_share_of_effort_with_share_of_margin() {
    let mut c = Cust::new("effort", "retail").order(100, 50);
    for day in [60, 90, 120, 150, 180] {
        c = c.ticket(day, |t| t.handling_minutes = Decimal::from(90));
    }
    let a = assess_one(c);
    let s = signal(&a, SignalName::EffortDisproportion).expect("effort");
    assert!(s.strength >= 0.5);
    assert!(
        s.evidence
            .figures
            .iter()
            .any(|f| f.label == "effort share / margin share" && f.value > 5.0)
    );

    let light = assess_one(
        buys(Cust::new("light", "retail"))
            .ticket(60, |_| {})
            .ticket(90, |_| {})
            .ticket(120, |_| {}),
    );
    assert!(
        signal(&light, SignalName::EffortDisproportion).is_none(),
        "{:?}",
        signal(&light, SignalName::EffortDisproportion)
    );
}

#[test]
fn staff_abuse_from_messages_needs_two_abusive_messages_for_refusal() {
    let one = assess_one(buys(Cust::new("one", "retail")).ticket(60, |_| {}).message(
        60,
        "you idiot",
        AbuseLevel::Abuse,
    ));
    let s = signal(&one, SignalName::StaffAbuse).expect("abuse");
    assert_eq!(s.strength, 0.5);
    assert!(!s.severe);
    assert_eq!(s.evidence.records[0].kind, RecordKind::Message);
    assert!(
        s.evidence.records[0].detail.contains("\"you idiot\""),
        "the offending span is quoted"
    );

    let two = assess_one(
        buys(Cust::new("two", "retail"))
            .ticket(60, |_| {})
            .message(60, "you idiot", AbuseLevel::Abuse)
            .message(61, "useless moron", AbuseLevel::Abuse),
    );
    assert!(signal(&two, SignalName::StaffAbuse).unwrap().severe);

    let threat = assess_one(buys(Cust::new("thr", "retail")).ticket(60, |_| {}).message(
        60,
        "I will find you",
        AbuseLevel::Threat,
    ));
    assert_eq!(
        signal(&threat, SignalName::StaffAbuse).unwrap().strength,
        1.0
    );

    // Swearing at a broken router, however often, is frustration, not abuse of staff.
    let swearing = assess_one(
        buys(Cust::new("swr", "retail"))
            .ticket(60, |_| {})
            .message(60, "damn this router", AbuseLevel::Profanity)
            .message(61, "this bloody app", AbuseLevel::Profanity)
            .message(62, "what the hell", AbuseLevel::Profanity),
    );
    assert!(signal(&swearing, SignalName::StaffAbuse).is_none());

    // Beside real abuse, the swearing is listed too.
    let both = assess_one(
        buys(Cust::new("bth", "retail"))
            .ticket(60, |_| {})
            .message(60, "damn this router", AbuseLevel::Profanity)
            .message(61, "you idiot", AbuseLevel::Abuse),
    );
    let s = signal(&both, SignalName::StaffAbuse).unwrap();
    assert_eq!(s.strength, 0.5);
    assert_eq!(s.evidence.records.len(), 2);
    assert!(
        s.evidence
            .explanation
            .contains("profanity not aimed at anyone")
    );
}

#[test]
fn staff_abuse_without_the_detector_reads_staff_reports_and_says_so() {
    let mut c = buys(Cust::new("rep", "retail")).report(
        100,
        StaffReportKind::Harassment,
        "called me names at the door",
    );
    c.abuse = None;
    let a = assess_one(c);
    let s = signal(&a, SignalName::StaffAbuse).expect("abuse");
    assert!(s.severe);
    assert_eq!(s.evidence.records[0].kind, RecordKind::StaffReport);
    assert!(s.evidence.explanation.contains("staff reports only"));

    let clean = assess_one(buys(Cust::new("clean", "retail")));
    assert!(signal(&clean, SignalName::StaffAbuse).is_none());
    assert!(!clean.messages_screened);
}

#[test]
fn staff_strain_reads_stress_reports_and_rotating_agents() {
    let stressed = assess_one(
        buys(Cust::new("str", "retail"))
            .report(100, StaffReportKind::Stress, "dreading the calls")
            .report(200, StaffReportKind::Stress, "again"),
    );
    assert_eq!(
        signal(&stressed, SignalName::StaffStrain).unwrap().strength,
        1.0
    );

    // Peers keep their agent (one agent for their tickets); this customer goes through four.
    let settings = Settings::default();
    let mut group = vec![];
    let mut rotating = buys(Cust::new("rot", "b2b"));
    for (i, day) in [60, 90, 120, 150].into_iter().enumerate() {
        rotating = rotating.ticket(day, |t| t.agent_id = Some(format!("a{i}")));
    }
    group.push(rotating);
    for k in 0..40 {
        let mut c = buys(Cust::new(&format!("k{k}"), "b2b"));
        for day in [60, 90, 120, 150] {
            c = c.ticket(day, |t| t.agent_id = Some(format!("a{}", k % 9)));
        }
        group.push(c);
    }
    let s = assess_among_peers(group, &settings).remove(0);
    assert!(
        signal(&s, SignalName::StaffStrain)
            .unwrap()
            .evidence
            .explanation
            .contains("4 different agents")
    );
    // Where every ticket goes to whoever is free, many agents per customer says nothing.
    let shuffled: Vec<Cust> = (0..40)
        .map(|k| {
            let mut c = buys(Cust::new(&format!("s{k}"), "b2b"));
            for (i, day) in [60, 90, 120, 150].into_iter().enumerate() {
                c = c.ticket(day, |t| t.agent_id = Some(format!("a{}", (i + k) % 9)));
            }
            c
        })
        .collect();
    let first = assess_among_peers(shuffled, &settings).remove(0);
    assert!(signal(&first, SignalName::StaffStrain).is_none());
}

#[test]
fn concession_abuse_is_far_above_the_segment_norm_and_owed_remedies_do_not_count() {
    let mut c = buys(Cust::new("ext", "retail"));
    for day in [60, 160, 260] {
        c = c.concession(day, ConcessionKind::Refund, 40, None);
    }
    let a = assess_one(c);
    let s = signal(&a, SignalName::ConcessionAbuse).expect("concessions");
    assert!(s.strength >= 0.5);
    assert!(
        !s.severe,
        "120 given back against 120 of margin is not more than the margin"
    );
    assert_eq!(s.evidence.records.len(), 3);

    let mut fraud = buys(Cust::new("fraud", "retail"));
    for day in [60, 110, 160, 210, 260] {
        fraud = fraud.concession(day, ConcessionKind::Refund, 60, None);
    }
    let f = assess_one(fraud);
    assert!(
        signal(&f, SignalName::ConcessionAbuse).unwrap().severe,
        "300 given back against 120 of margin"
    );

    let mut owed = buys(Cust::new("owed", "retail"));
    for day in [60, 160, 260] {
        owed = owed.ticket(day, |t| t.root_cause = Some(RootCause::Company));
        let ticket = owed.last_ticket();
        owed = owed.concession(day, ConcessionKind::Refund, 40, Some(ticket));
    }
    assert!(signal(&assess_one(owed), SignalName::ConcessionAbuse).is_none());
}

#[test]
fn refunds_of_returned_orders_are_returns_not_concession_abuse() {
    let mut c = buys(Cust::new("ret", "retail"));
    for day in [60, 160, 260, 300] {
        c = c
            .order(day - 5, 90)
            .with_order(|o| o.status = OrderStatus::Returned);
        let order = c.history.orders.last().unwrap().order_id.clone();
        c = c.concession(day, ConcessionKind::Refund, 90, None);
        c.history.concessions.last_mut().unwrap().order_id = Some(order);
    }
    assert!(signal(&assess_one(c), SignalName::ConcessionAbuse).is_none());
}

#[test]
fn a_large_share_given_back_beyond_the_margin_is_extraction() {
    // 4 orders of 100 (margin 120 at the default rate); 4 claims of 45 give back
    // 180 of 580 billed (31 %), more than the margin, with no chargeback at all.
    let mut c = buys(Cust::new("claims", "retail"));
    for day in [70, 150, 230, 310] {
        c = c.concession(day, ConcessionKind::Refund, 45, None);
    }
    let s = assess_one(c);
    let s = signal(&s, SignalName::ConcessionAbuse).expect("concessions");
    assert!(s.strength >= 0.5);
    assert!(s.severe, "{}", s.evidence.explanation);
}

#[test]
fn chargebacks_alone_make_concession_abuse_fraud_like() {
    let mut c = buys(Cust::new("cb", "retail"));
    for day in [60, 160, 260] {
        c = c.concession(day, ConcessionKind::Chargeback, 35, None);
    }
    let s = assess_one(c);
    assert!(signal(&s, SignalName::ConcessionAbuse).unwrap().severe);
}

#[test]
fn promo_gaming_finds_claims_against_the_terms() {
    let mut c = buys(Cust::new("promo", "retail"));
    for (i, o) in c.history.orders.iter_mut().enumerate() {
        o.promotion_id = Some(if i < 3 {
            "WELCOME".into()
        } else {
            "SUMMER".into()
        });
    }
    let mut target = c.clone();
    target.history.orders[3].ordered_at = at(350);
    let promotions = [
        Promotion {
            promotion_id: "WELCOME".into(),
            name: "Welcome 20 %".into(),
            starts_at: at(0),
            ends_at: at(500),
            max_uses_per_customer: Some(1),
            first_order_only: Some(true),
        },
        Promotion {
            promotion_id: "SUMMER".into(),
            name: "Summer".into(),
            starts_at: at(150),
            ends_at: at(240),
            max_uses_per_customer: None,
            first_order_only: None,
        },
    ];
    let settings = Settings::default();
    let peers = peers();
    let mut all = vec![&target];
    all.extend(peers.iter());
    let inputs: Vec<_> = all
        .iter()
        .map(|c| crate::assessment::CustomerInput {
            history: &c.history,
            value: None,
            abuse: None,
            declined_offer_cases: &[],
        })
        .collect();
    let ctx = crate::assessment::AssessContext::new(&promotions, as_of(), &settings, None);
    let a = crate::assessment::assess_all(&inputs, &ctx)
        .assessments
        .remove(0);
    let s = signal(&a, SignalName::PromoGaming).expect("promo gaming");
    // Orders 2 and 3 reuse a first-order, once-only offer; order 4 is outside SUMMER's dates.
    assert_eq!(
        s.evidence
            .figures
            .iter()
            .find(|f| f.label == "claims against the terms")
            .unwrap()
            .value,
        3.0
    );
    assert!(s.strength >= 0.5);
    assert_eq!(a.decision.action, Action::SetBoundaries);
    assert_eq!(
        a.decision.script,
        Some(crate::policy::ScriptSituation::DeclineException)
    );
}

#[test]
fn excessive_demands_counts_out_of_scope_requests_above_the_norm() {
    let mut c = buys(Cust::new("dem", "retail"));
    for day in [60, 100, 140, 180] {
        c = c.ticket(day, |t| {
            t.out_of_scope = Some(true);
            t.outcome = Some(TicketOutcome::Declined);
        });
    }
    let a = assess_one(c);
    let s = signal(&a, SignalName::ExcessiveDemands).expect("demands");
    assert!(s.strength >= 0.5);
    assert!(s.evidence.explanation.contains("4 times"));

    let one =
        assess_one(buys(Cust::new("one", "retail")).ticket(60, |t| t.out_of_scope = Some(true)));
    assert!(signal(&one, SignalName::ExcessiveDemands).is_none_or(|s| s.strength < 0.5));
}

#[test]
fn company_fault_needs_most_known_causes_and_ignores_unknown_ones() {
    let ours = |c: Cust, day| c.ticket(day, |t| t.root_cause = Some(RootCause::Company));
    let a = assess_one(
        ours(ours(buys(Cust::new("f", "retail")), 60), 90)
            .ticket(120, |t| t.root_cause = Some(RootCause::Customer)),
    );
    let s = signal(&a, SignalName::CompanyFault).expect("fault");
    assert_eq!(s.strength, 0.5);

    let unknown = assess_one(
        ours(buys(Cust::new("u", "retail")), 60)
            .ticket(90, |t| t.root_cause = Some(RootCause::Unknown))
            .ticket(95, |t| t.root_cause = None),
    );
    assert!(
        signal(&unknown, SignalName::CompanyFault).is_some(),
        "unknown causes count neither way"
    );

    let half = assess_one(
        ours(buys(Cust::new("h", "retail")), 60)
            .ticket(90, |t| t.root_cause = Some(RootCause::ThirdParty)),
    );
    assert!(
        signal(&half, SignalName::CompanyFault).is_none(),
        "half is not most"
    );
}

#[test]
fn unused_contract_is_judged_against_contract_holders_who_use_theirs() {
    let idle = assess_one(
        Cust::new("idle", "retail")
            .contract(50, 24, 20)
            .usage(60, 200, 3, 2),
    );
    let s = signal(&idle, SignalName::UnusedContract).expect("unused");
    assert_eq!(s.strength, 1.0);
    assert_eq!(s.evidence.records[0].kind, RecordKind::Contract);
    assert_eq!(idle.decision.action, Action::OfferExit);

    let busy = assess_one(
        Cust::new("busy", "retail")
            .contract(50, 24, 20)
            .usage(60, 400, 2, 3),
    );
    assert!(signal(&busy, SignalName::UnusedContract).is_none());
}

#[test]
fn unused_contract_stays_silent_when_the_business_does_not_track_usage() {
    let mut settings = Settings::default();
    settings.policy.min_segment_peers = 5;
    let mut targets = vec![Cust::new("idle", "b2b").contract(50, 24, 20)];
    targets.extend((0..6).map(|i| Cust::new(&format!("b{i}"), "b2b").contract(60, 24, 20)));
    let a = assess_among_peers(targets, &settings).remove(0);
    assert!(signal(&a, SignalName::UnusedContract).is_none());
}

#[test]
fn capability_mismatch_counts_requests_the_business_cannot_fulfil() {
    let a = assess_one(
        buys(Cust::new("cap", "retail"))
            .ticket(60, |t| t.unsupported = Some(true))
            .ticket(90, |t| t.unsupported = Some(true)),
    );
    assert_eq!(
        signal(&a, SignalName::CapabilityMismatch).unwrap().strength,
        0.5
    );
    assert_eq!(a.decision.action, Action::OfferExit);
}

#[test]
fn negative_public_review_calls_for_an_answer_until_it_has_one() {
    let strength =
        |c: Cust| signal(&assess_one(c), SignalName::NegativePublicReview).map(|s| s.strength);
    assert_eq!(
        strength(buys(Cust::new("r1", "retail")).review(300, 1, None)),
        Some(0.6)
    );
    assert_eq!(
        strength(buys(Cust::new("r2", "retail")).review(300, 2, Some(301))),
        Some(0.25)
    );
    assert_eq!(
        strength(buys(Cust::new("r3", "retail")).review(300, 2, Some(450))),
        Some(0.5),
        "answered after as_of"
    );
    assert_eq!(
        strength(buys(Cust::new("r4", "retail")).review(300, 4, None)),
        None
    );
    let answered = assess_one(buys(Cust::new("r5", "retail").screened()).review(300, 1, Some(302)));
    assert_eq!(answered.decision.action, Action::Keep);
}

#[test]
fn low_target_fit_is_context_that_changes_no_action_alone() {
    let a = assess_one(buys(Cust::new("off", "retail").screened()).off_target());
    assert_eq!(signal(&a, SignalName::LowTargetFit).unwrap().strength, 0.2);
    assert_eq!(a.decision.action, Action::Keep);
}

#[test]
fn value_destroyed_needs_a_material_loss_against_profitable_peers() {
    let a = assess_one(buys(Cust::new("loss", "retail")).nltv(-400.0));
    let s = signal(&a, SignalName::ValueDestroyed).expect("value destroyed");
    assert!(s.strength >= 0.5);
    let tiny = assess_one(buys(Cust::new("tiny", "retail")).nltv(-1.0));
    assert!(signal(&tiny, SignalName::ValueDestroyed).is_none());
}

#[test]
fn records_after_as_of_or_before_the_window_are_ignored() {
    let mut c = buys(Cust::new("late", "retail"));
    for day in [10, 20, 30, 410, 420] {
        c = c.ticket(day, |t| t.escalation = EscalationLevel::Executive);
    }
    let a = assess_one(c);
    assert!(signal(&a, SignalName::SeniorEscalationLoop).is_none());
    assert_eq!(a.ledger.handling.len(), 0);
}

#[test]
fn rising_contacts_compares_the_recent_months_with_the_customers_own_past() {
    // One ticket in the first nine months of the window, then four in the last 90 days.
    let mut rising = buys(Cust::new("rising", "retail")).ticket(100, |_| {});
    for day in [320, 345, 370, 395] {
        rising = rising.ticket(day, |_| {});
    }
    let a = assess_one(rising);
    let s = signal(&a, SignalName::RisingContacts).expect("rising contacts");
    assert!(s.strength >= 0.5, "{}", s.strength);
    assert_eq!(s.evidence.records.len(), 4);
    assert!(
        s.evidence
            .explanation
            .contains("4 tickets in the last 90 days")
    );
    assert_eq!(a.decision.action, Action::Watch);

    // The same four recent tickets from a customer who always called that often.
    let mut steady = buys(Cust::new("steady", "retail"));
    for day in (40..400).step_by(22) {
        steady = steady.ticket(day, |_| {});
    }
    assert!(signal(&assess_one(steady), SignalName::RisingContacts).is_none());

    // Two recent tickets are not a trend, whatever the past.
    let two = buys(Cust::new("two", "retail"))
        .ticket(380, |_| {})
        .ticket(390, |_| {});
    assert!(signal(&assess_one(two), SignalName::RisingContacts).is_none());
}

#[test]
fn a_new_customer_has_no_past_to_rise_from() {
    let mut c = buys(Cust::new("new", "retail"));
    c.history.customer.as_mut().unwrap().created_at = at(300);
    for day in [330, 350, 370, 395] {
        c = c.ticket(day, |_| {});
    }
    assert!(signal(&assess_one(c), SignalName::RisingContacts).is_none());
}

#[test]
fn a_threat_before_the_money_window_still_counts_but_not_forever() {
    // The window is days 35–400; day 10 is before it, within abuse_lookback_days (730).
    let old = assess_one(buys(Cust::new("old", "retail")).ticket(10, |_| {}).message(
        10,
        "I know where your technician lives",
        AbuseLevel::Threat,
    ));
    let s = signal(&old, SignalName::StaffAbuse).expect("a threat is remembered");
    assert!(s.severe);
    assert!(s.evidence.explanation.contains("last 730 days"));
    assert_eq!(old.decision.action, Action::RefuseService);

    let mut settings = Settings::default();
    settings.policy.abuse_lookback_days = 200;
    let forgotten = assess_among_peers(
        vec![
            buys(Cust::new("forgotten", "retail"))
                .ticket(10, |_| {})
                .message(10, "I know where your technician lives", AbuseLevel::Threat),
        ],
        &settings,
    )
    .remove(0);
    assert!(signal(&forgotten, SignalName::StaffAbuse).is_none());
}

#[test]
fn one_message_heaping_several_insults_on_staff_counts_as_two() {
    let mut c = buys(Cust::new("heap", "retail"))
        .ticket(60, |_| {})
        .message(
            60,
            "your technician is a lazy piece of garbage. you useless idiot.",
            AbuseLevel::Abuse,
        );
    let finding = &mut c.abuse.as_mut().unwrap()[0];
    finding.spans = vec![
        AbuseSpan {
            start: 5,
            end: 42,
            text: "technician is a lazy piece of garbage".into(),
            category: "insult".into(),
        },
        AbuseSpan {
            start: 44,
            end: 61,
            text: "you useless idiot".into(),
            category: "insult".into(),
        },
    ];
    let s = assess_one(c)
        .signals
        .into_iter()
        .find(|s| s.name == SignalName::StaffAbuse);
    let s = s.expect("abuse");
    assert!(s.severe, "{}", s.strength);
    assert!(s.evidence.explanation.contains("several separate insults"));
}
