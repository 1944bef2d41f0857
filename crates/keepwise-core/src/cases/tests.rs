use super::*;
use chrono::TimeZone;

fn at(day: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 5, day, 10, 0, 0).unwrap()
}

fn date(month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, month, day).unwrap()
}

fn staff(id: &str, role: Role) -> Staff {
    Staff {
        staff_id: id.into(),
        name: id.to_uppercase(),
        role,
        team: Some("support".into()),
    }
}

fn agent() -> Staff {
    staff("ana", Role::Agent)
}

fn manager() -> Staff {
    staff("max", Role::Manager)
}

fn evidence(signals: &[&str]) -> Evidence {
    Evidence {
        signals: signals.iter().map(|s| s.to_string()).collect(),
        items: vec![EvidenceItem {
            kind: EvidenceKind::Ticket,
            id: "t-1".into(),
            summary: "asked for on-site support".into(),
        }],
    }
}

fn abuse_evidence() -> Evidence {
    Evidence {
        signals: vec![],
        items: vec![EvidenceItem {
            kind: EvidenceKind::StaffReport,
            id: "r-17".into(),
            summary: "threatened the courier".into(),
        }],
    }
}

fn message(situation: &str) -> SentMessage {
    SentMessage {
        situation: situation.into(),
        language: "en".into(),
        subject: "Subject".into(),
        body: "Dear Jo, …".into(),
    }
}

fn post_mortem() -> PostMortem {
    PostMortem {
        root_cause: "needs a service we do not offer".into(),
        business_at_fault: false,
        training: vec![TrainingNeed {
            who: TrainingFor::Team("sales".into()),
            topic: "qualifying leads".into(),
        }],
    }
}

fn step(case: &Case, command: CaseCommand, actor: &Staff, day: u32) -> Case {
    apply(case, command, actor, at(day))
        .unwrap_or_else(|e| panic!("step refused: {e}"))
        .case
}

fn refused(case: &Case, command: CaseCommand, actor: &Staff) -> CaseError {
    let before = case.clone();
    let error = apply(case, command, actor, at(20)).expect_err("the step should have been refused");
    assert_eq!(case, &before);
    error
}

fn opened() -> Case {
    open(
        "c-1",
        "cust-9",
        Some("escalates every month"),
        &agent(),
        at(1),
    )
    .unwrap()
    .0
}

fn verified(signals: &[&str]) -> Case {
    step(
        &opened(),
        CaseCommand::VerifyFacts {
            evidence: evidence(signals),
        },
        &agent(),
        2,
    )
}

fn offered() -> Case {
    let case = step(
        &verified(&["senior_escalation_loop"]),
        CaseCommand::AskOutcome {
            wanted: "24/7 on-site support".into(),
        },
        &agent(),
        3,
    );
    step(
        &case,
        CaseCommand::MakeOffer {
            terms: "remote support with 4 h response".into(),
        },
        &agent(),
        4,
    )
}

fn declined() -> Case {
    step(
        &offered(),
        CaseCommand::Decline {
            note: Some("wants on-site".into()),
        },
        &agent(),
        5,
    )
}

fn proposed() -> Case {
    step(
        &declined(),
        CaseCommand::ProposeParting {
            reason: "we cannot provide on-site support".into(),
        },
        &agent(),
        6,
    )
}

fn approved() -> Case {
    step(
        &proposed(),
        CaseCommand::ApproveParting { confirmed: true },
        &manager(),
        7,
    )
}

fn farewell_sent() -> Case {
    step(
        &approved(),
        CaseCommand::SendFarewell {
            message: message("farewell"),
            confirmed: true,
        },
        &agent(),
        8,
    )
}

fn follow_up_scheduled() -> Case {
    step(
        &farewell_sent(),
        CaseCommand::ScheduleFollowUp { date: date(11, 8) },
        &agent(),
        9,
    )
}

fn refusal_approved() -> Case {
    let case = step(
        &opened(),
        CaseCommand::VerifyFacts {
            evidence: abuse_evidence(),
        },
        &agent(),
        2,
    );
    step(
        &case,
        refusal(RefusalGround::StaffAbuse, true),
        &manager(),
        3,
    )
}

fn refusal(ground: RefusalGround, confirmed: bool) -> CaseCommand {
    CaseCommand::ApproveRefusal {
        ground,
        reason: "threatened the courier on 2 May".into(),
        review_date: date(12, 31),
        confirmed,
    }
}

#[test]
fn opening_a_case_makes_its_opener_the_owner_and_logs_the_first_step() {
    let (case, first) = open("c-1", "cust-9", Some("  escalates  "), &agent(), at(1)).unwrap();
    assert_eq!(case.state, CaseState::Open);
    assert_eq!(case.owner, "ana");
    assert_eq!(case.reason.as_deref(), Some("escalates"));
    assert_eq!(first.seq, 1);
    assert_eq!(first.from, None);
    assert_eq!(first.to, CaseState::Open);
    assert_eq!(case.history, vec![first]);
}

#[test]
fn opening_a_case_without_a_customer_is_refused() {
    let error = open("c-1", " ", None, &agent(), at(1)).unwrap_err();
    assert!(
        error.to_string().contains("the customer id is missing"),
        "{error}"
    );
}

#[test]
fn verifying_facts_freezes_the_evidence() {
    let case = verified(&["repeat_issue"]);
    assert_eq!(case.state, CaseState::FactsVerified);
    assert_eq!(case.evidence, Some(evidence(&["repeat_issue"])));
}

#[test]
fn verifying_facts_without_evidence_is_refused() {
    let error = refused(
        &opened(),
        CaseCommand::VerifyFacts {
            evidence: Evidence::default(),
        },
        &agent(),
    );
    assert!(
        matches!(
            error,
            CaseError::Missing {
                what: "evidence",
                ..
            }
        ),
        "{error}"
    );
    assert!(error.to_string().contains("freeze at least one fact"));
}

#[test]
fn asking_the_outcome_records_what_the_customer_wants() {
    let case = step(
        &verified(&[]),
        CaseCommand::AskOutcome {
            wanted: " a refund ".into(),
        },
        &agent(),
        3,
    );
    assert_eq!(case.state, CaseState::OutcomeAsked);
    assert_eq!(case.wanted_outcome.as_deref(), Some("a refund"));
}

#[test]
fn asking_the_outcome_before_the_facts_are_verified_is_refused_with_the_next_step() {
    let error = refused(
        &opened(),
        CaseCommand::AskOutcome {
            wanted: "refund".into(),
        },
        &agent(),
    );
    let text = error.to_string();
    assert!(text.contains("the case is `open`"), "{text}");
    assert!(text.contains("needs `facts_verified`"), "{text}");
    assert!(text.contains("case verify-facts"), "{text}");
}

#[test]
fn an_empty_wanted_outcome_is_refused() {
    let error = refused(
        &verified(&[]),
        CaseCommand::AskOutcome {
            wanted: "  ".into(),
        },
        &agent(),
    );
    assert!(
        error
            .to_string()
            .contains("the outcome the customer wants is missing"),
        "{error}"
    );
}

#[test]
fn an_offer_is_recorded_with_its_terms() {
    let case = offered();
    assert_eq!(case.state, CaseState::OfferMade);
    assert_eq!(case.offers.len(), 1);
    assert_eq!(case.offers[0].terms, "remote support with 4 h response");
    assert_eq!(case.offers[0].made_by, "ana");
    assert_eq!(case.offers[0].answer, None);
}

#[test]
fn an_offer_without_terms_is_refused() {
    let case = step(
        &verified(&[]),
        CaseCommand::AskOutcome {
            wanted: "refund".into(),
        },
        &agent(),
        3,
    );
    let error = refused(
        &case,
        CaseCommand::MakeOffer {
            terms: String::new(),
        },
        &agent(),
    );
    assert!(
        error
            .to_string()
            .contains("the terms of the offer is missing"),
        "{error}"
    );
}

#[test]
fn an_offer_before_the_outcome_is_asked_is_refused() {
    let error = refused(
        &verified(&[]),
        CaseCommand::MakeOffer {
            terms: "credit".into(),
        },
        &agent(),
    );
    assert!(matches!(
        error,
        CaseError::WrongState {
            state: CaseState::FactsVerified,
            ..
        }
    ));
}

#[test]
fn an_accepted_offer_resolves_the_case_and_keeps_the_customer() {
    let case = step(&offered(), CaseCommand::Accept { note: None }, &agent(), 5);
    assert_eq!(case.state, CaseState::Accepted);
    assert_eq!(case.offers[0].answer, Some((OfferAnswer::Accepted, at(5))));
    let case = step(
        &case,
        CaseCommand::Resolve {
            note: "remote support set up".into(),
        },
        &agent(),
        6,
    );
    assert_eq!(case.state, CaseState::Resolved);
    assert_eq!(case.outcome, Some(CaseOutcome::Kept));
}

#[test]
fn resolving_without_saying_what_was_done_is_refused() {
    let case = step(&offered(), CaseCommand::Accept { note: None }, &agent(), 5);
    let error = refused(&case, CaseCommand::Resolve { note: " ".into() }, &agent());
    assert!(
        error.to_string().contains("what was done is missing"),
        "{error}"
    );
}

#[test]
fn a_resolved_case_takes_no_further_step() {
    let case = step(&offered(), CaseCommand::Accept { note: None }, &agent(), 5);
    let case = step(
        &case,
        CaseCommand::Resolve {
            note: "done".into(),
        },
        &agent(),
        6,
    );
    let error = refused(&case, CaseCommand::Close { confirmed: true }, &agent());
    assert!(matches!(
        error,
        CaseError::Finished {
            state: CaseState::Resolved,
            ..
        }
    ));
    assert!(error.to_string().contains("open a new case"));
}

#[test]
fn a_declined_offer_is_recorded_and_another_offer_may_follow() {
    let case = declined();
    assert_eq!(case.state, CaseState::Declined);
    assert_eq!(case.offers[0].answer, Some((OfferAnswer::Declined, at(5))));
    let case = step(
        &case,
        CaseCommand::MakeOffer {
            terms: "two on-site visits a year".into(),
        },
        &agent(),
        6,
    );
    assert_eq!(case.state, CaseState::OfferMade);
    assert_eq!(case.offers.len(), 2);
}

#[test]
fn accepting_without_an_offer_is_refused() {
    let case = step(
        &verified(&[]),
        CaseCommand::AskOutcome {
            wanted: "refund".into(),
        },
        &agent(),
        3,
    );
    let error = refused(&case, CaseCommand::Accept { note: None }, &agent());
    assert!(
        error.to_string().contains("make an offer (`case offer`)"),
        "{error}"
    );
}

#[test]
fn parting_is_proposed_only_after_a_declined_offer() {
    let error = refused(
        &offered(),
        CaseCommand::ProposeParting {
            reason: "no fit".into(),
        },
        &agent(),
    );
    assert!(matches!(
        error,
        CaseError::WrongState {
            state: CaseState::OfferMade,
            ..
        }
    ));
    let case = proposed();
    assert_eq!(case.state, CaseState::PartingProposed);
    assert_eq!(case.parting.as_ref().unwrap().proposed_by, "ana");
}

#[test]
fn parting_without_a_reason_is_refused() {
    let error = refused(
        &declined(),
        CaseCommand::ProposeParting { reason: "".into() },
        &agent(),
    );
    assert!(
        error
            .to_string()
            .contains("the reason for parting is missing"),
        "{error}"
    );
}

#[test]
fn parting_is_refused_when_the_business_caused_the_anger() {
    let case = step(
        &verified(&["company_fault"]),
        CaseCommand::AskOutcome {
            wanted: "refund".into(),
        },
        &agent(),
        3,
    );
    let case = step(
        &case,
        CaseCommand::MakeOffer {
            terms: "refund".into(),
        },
        &agent(),
        4,
    );
    let case = step(&case, CaseCommand::Decline { note: None }, &agent(), 5);
    let error = refused(
        &case,
        CaseCommand::ProposeParting {
            reason: "too costly".into(),
        },
        &agent(),
    );
    assert!(matches!(error, CaseError::CompanyFault { .. }));
    assert!(error.to_string().contains("recovery comes first"));
}

#[test]
fn a_manager_who_is_not_the_owner_approves_the_parting() {
    let case = approved();
    assert_eq!(case.state, CaseState::PartingApproved);
    assert_eq!(
        case.parting.as_ref().unwrap().approved_by.as_deref(),
        Some("max")
    );
}

#[test]
fn an_admin_may_approve_like_a_manager() {
    let case = step(
        &proposed(),
        CaseCommand::ApproveParting { confirmed: true },
        &staff("ada", Role::Admin),
        7,
    );
    assert_eq!(case.state, CaseState::PartingApproved);
}

#[test]
fn an_agent_cannot_approve_a_parting() {
    let error = refused(
        &proposed(),
        CaseCommand::ApproveParting { confirmed: true },
        &staff("bo", Role::Agent),
    );
    assert!(matches!(
        error,
        CaseError::NotAManager {
            role: Role::Agent,
            ..
        }
    ));
    assert!(error.to_string().contains("`bo` is an agent"), "{error}");
}

#[test]
fn the_case_owner_cannot_approve_their_own_parting_even_as_a_manager() {
    let owner = manager();
    let case = open("c-2", "cust-9", None, &owner, at(1)).unwrap().0;
    let case = step(
        &case,
        CaseCommand::VerifyFacts {
            evidence: evidence(&[]),
        },
        &owner,
        2,
    );
    let case = step(
        &case,
        CaseCommand::AskOutcome {
            wanted: "leave".into(),
        },
        &owner,
        3,
    );
    let case = step(
        &case,
        CaseCommand::MakeOffer {
            terms: "credit".into(),
        },
        &owner,
        4,
    );
    let case = step(&case, CaseCommand::Decline { note: None }, &owner, 5);
    let case = step(
        &case,
        CaseCommand::ProposeParting {
            reason: "no fit".into(),
        },
        &owner,
        6,
    );
    let error = refused(
        &case,
        CaseCommand::ApproveParting { confirmed: true },
        &owner,
    );
    assert!(matches!(error, CaseError::OwnerCannotApprove { .. }));
    assert!(error.to_string().contains("ask another manager"));
}

#[test]
fn the_manager_who_proposed_a_parting_cannot_also_approve_it() {
    let case = step(
        &declined(),
        CaseCommand::ProposeParting {
            reason: "no fit".into(),
        },
        &manager(),
        6,
    );
    let error = refused(
        &case,
        CaseCommand::ApproveParting { confirmed: true },
        &manager(),
    );
    assert!(
        error.to_string().contains("`max` proposed this parting"),
        "{error}"
    );
    let case = step(
        &case,
        CaseCommand::ApproveParting { confirmed: true },
        &staff("ada", Role::Admin),
        7,
    );
    assert_eq!(case.state, CaseState::PartingApproved);
}

#[test]
fn approving_a_parting_without_confirmation_is_refused() {
    let error = refused(
        &proposed(),
        CaseCommand::ApproveParting { confirmed: false },
        &manager(),
    );
    assert_eq!(
        error,
        CaseError::NotConfirmed {
            action: "approve the parting"
        }
    );
    assert!(error.to_string().contains("--confirm"));
}

#[test]
fn sending_the_farewell_marks_the_customer_parted() {
    let transition = apply(
        &approved(),
        CaseCommand::SendFarewell {
            message: message("farewell"),
            confirmed: true,
        },
        &agent(),
        at(8),
    )
    .unwrap();
    assert_eq!(transition.case.state, CaseState::FarewellSent);
    assert_eq!(
        transition.status,
        Some(CustomerStatus::Parted {
            since: date(5, 8),
            follow_up: None,
            case_id: "c-1".into()
        })
    );
    assert!(
        matches!(&transition.step.action, StepAction::SendFarewell { message } if message.situation == "farewell")
    );
}

#[test]
fn sending_the_farewell_without_confirmation_or_message_is_refused() {
    let error = refused(
        &approved(),
        CaseCommand::SendFarewell {
            message: message("farewell"),
            confirmed: false,
        },
        &agent(),
    );
    assert!(matches!(error, CaseError::NotConfirmed { .. }));
    let mut empty = message("farewell");
    empty.body = " ".into();
    let error = refused(
        &approved(),
        CaseCommand::SendFarewell {
            message: empty,
            confirmed: true,
        },
        &agent(),
    );
    assert!(
        error
            .to_string()
            .contains("the farewell message is missing"),
        "{error}"
    );
}

#[test]
fn the_farewell_cannot_be_sent_before_approval() {
    let error = refused(
        &proposed(),
        CaseCommand::SendFarewell {
            message: message("farewell"),
            confirmed: true,
        },
        &agent(),
    );
    assert!(
        error
            .to_string()
            .contains("a manager other than the case owner approves"),
        "{error}"
    );
}

#[test]
fn scheduling_the_follow_up_sets_the_keep_in_touch_date() {
    let transition = apply(
        &farewell_sent(),
        CaseCommand::ScheduleFollowUp { date: date(11, 8) },
        &agent(),
        at(9),
    )
    .unwrap();
    assert_eq!(transition.case.follow_up, Some(date(11, 8)));
    assert_eq!(
        transition
            .status
            .as_ref()
            .and_then(CustomerStatus::follow_up),
        Some(date(11, 8))
    );
    assert_eq!(
        transition.status,
        Some(CustomerStatus::Parted {
            since: date(5, 8),
            follow_up: Some(date(11, 8)),
            case_id: "c-1".into()
        })
    );
}

#[test]
fn a_follow_up_date_that_is_not_ahead_is_refused() {
    let error = refused(
        &farewell_sent(),
        CaseCommand::ScheduleFollowUp { date: date(5, 20) },
        &agent(),
    );
    assert!(matches!(error, CaseError::DateNotAhead { .. }));
    assert!(error.to_string().contains("choose a later date"));
}

#[test]
fn closing_a_parted_case_needs_a_post_mortem() {
    let error = refused(
        &follow_up_scheduled(),
        CaseCommand::Close { confirmed: true },
        &agent(),
    );
    assert!(matches!(error, CaseError::PostMortemMissing { .. }));
    assert!(error.to_string().contains("case post-mortem"));
}

#[test]
fn a_post_mortem_is_recorded_without_changing_the_state() {
    let case = step(
        &follow_up_scheduled(),
        CaseCommand::RecordPostMortem {
            post_mortem: post_mortem(),
        },
        &agent(),
        10,
    );
    assert_eq!(case.state, CaseState::FollowUpScheduled);
    assert_eq!(case.post_mortem, Some(post_mortem()));
    let last = case.history.last().unwrap();
    assert_eq!(
        (last.from, last.to),
        (
            Some(CaseState::FollowUpScheduled),
            CaseState::FollowUpScheduled
        )
    );
}

#[test]
fn a_post_mortem_without_root_cause_or_with_a_blank_training_need_is_refused() {
    let mut blank = post_mortem();
    blank.root_cause = " ".into();
    let error = refused(
        &follow_up_scheduled(),
        CaseCommand::RecordPostMortem { post_mortem: blank },
        &agent(),
    );
    assert!(
        error.to_string().contains("root cause is missing"),
        "{error}"
    );
    let mut bad_training = post_mortem();
    bad_training.training.push(TrainingNeed {
        who: TrainingFor::Agent("ana".into()),
        topic: "".into(),
    });
    let error = refused(
        &follow_up_scheduled(),
        CaseCommand::RecordPostMortem {
            post_mortem: bad_training,
        },
        &agent(),
    );
    assert!(error.to_string().contains("TEAM_OR_AGENT:TOPIC"), "{error}");
}

#[test]
fn a_post_mortem_before_any_decision_is_refused() {
    let error = refused(
        &offered(),
        CaseCommand::RecordPostMortem {
            post_mortem: post_mortem(),
        },
        &agent(),
    );
    assert!(matches!(error, CaseError::WrongState { .. }));
}

#[test]
fn a_whole_parting_walks_from_open_to_closed() {
    let case = step(
        &follow_up_scheduled(),
        CaseCommand::RecordPostMortem {
            post_mortem: post_mortem(),
        },
        &agent(),
        10,
    );
    let error = refused(&case, CaseCommand::Close { confirmed: false }, &agent());
    assert!(matches!(
        error,
        CaseError::NotConfirmed {
            action: "close the case"
        }
    ));
    let case = step(&case, CaseCommand::Close { confirmed: true }, &agent(), 11);
    assert_eq!(case.state, CaseState::Closed);
    assert_eq!(case.outcome, Some(CaseOutcome::Parted));
    let path: Vec<&str> = case.history.iter().map(|s| s.to.as_str()).collect();
    assert_eq!(
        path,
        [
            "open",
            "facts_verified",
            "outcome_asked",
            "offer_made",
            "declined",
            "parting_proposed",
            "parting_approved",
            "farewell_sent",
            "follow_up_scheduled",
            "follow_up_scheduled",
            "closed"
        ]
    );
    let error = refused(&case, CaseCommand::Close { confirmed: true }, &agent());
    assert!(matches!(error, CaseError::Finished { .. }));
}

#[test]
fn approving_a_refusal_makes_the_customer_do_not_serve_without_follow_up() {
    let case = step(
        &opened(),
        CaseCommand::VerifyFacts {
            evidence: abuse_evidence(),
        },
        &agent(),
        2,
    );
    let transition = apply(
        &case,
        refusal(RefusalGround::StaffAbuse, true),
        &manager(),
        at(3),
    )
    .unwrap();
    assert_eq!(transition.case.state, CaseState::RefusalApproved);
    let Some(CustomerStatus::DoNotServe(record)) = &transition.status else {
        panic!("expected do-not-serve, got {:?}", transition.status)
    };
    assert_eq!(record.approver, "max");
    assert_eq!(record.review_date, date(12, 31));
    assert_eq!(record.evidence, abuse_evidence());
    assert_eq!(record.ground, RefusalGround::StaffAbuse);
    assert_eq!(transition.status.as_ref().unwrap().follow_up(), None);
}

#[test]
fn a_refusal_needs_evidence_of_its_ground() {
    let error = refused(
        &verified(&["repeat_issue"]),
        refusal(RefusalGround::StaffAbuse, true),
        &manager(),
    );
    assert_eq!(
        error,
        CaseError::EvidenceDoesNotSupport {
            ground: RefusalGround::StaffAbuse
        }
    );
    assert!(error.to_string().contains("staff report"));
    let error = refused(
        &verified(&["promo_gaming"]),
        refusal(RefusalGround::FraudLikeExtraction, true),
        &manager(),
    );
    assert!(
        error.to_string().contains("`concession_abuse` signal"),
        "{error}"
    );
    let case = step(
        &verified(&["concession_abuse"]),
        refusal(RefusalGround::FraudLikeExtraction, true),
        &manager(),
        3,
    );
    assert_eq!(case.state, CaseState::RefusalApproved);
}

#[test]
fn under_company_fault_only_staff_abuse_justifies_a_refusal() {
    let error = refused(
        &verified(&["company_fault", "concession_abuse"]),
        refusal(RefusalGround::FraudLikeExtraction, true),
        &manager(),
    );
    assert!(matches!(error, CaseError::CompanyFault { .. }));
    let case = step(
        &verified(&["company_fault", "staff_abuse"]),
        refusal(RefusalGround::StaffAbuse, true),
        &manager(),
        3,
    );
    assert_eq!(case.state, CaseState::RefusalApproved);
}

#[test]
fn a_refusal_needs_a_manager_who_is_not_the_owner_and_a_confirmation() {
    let case = step(
        &opened(),
        CaseCommand::VerifyFacts {
            evidence: abuse_evidence(),
        },
        &agent(),
        2,
    );
    assert!(matches!(
        refused(&case, refusal(RefusalGround::StaffAbuse, true), &agent()),
        CaseError::OwnerCannotApprove { .. } | CaseError::NotAManager { .. }
    ));
    assert!(matches!(
        refused(
            &case,
            refusal(RefusalGround::StaffAbuse, true),
            &staff("bo", Role::Agent)
        ),
        CaseError::NotAManager { .. }
    ));
    assert!(matches!(
        refused(&case, refusal(RefusalGround::StaffAbuse, false), &manager()),
        CaseError::NotConfirmed { .. }
    ));
}

#[test]
fn a_refusal_needs_a_reason_and_a_review_date_ahead() {
    let case = step(
        &opened(),
        CaseCommand::VerifyFacts {
            evidence: abuse_evidence(),
        },
        &agent(),
        2,
    );
    let no_reason = CaseCommand::ApproveRefusal {
        ground: RefusalGround::StaffAbuse,
        reason: " ".into(),
        review_date: date(12, 31),
        confirmed: true,
    };
    assert!(
        refused(&case, no_reason, &manager())
            .to_string()
            .contains("the reason for refusing service is missing")
    );
    let past_review = CaseCommand::ApproveRefusal {
        ground: RefusalGround::StaffAbuse,
        reason: "threats".into(),
        review_date: date(5, 1),
        confirmed: true,
    };
    assert!(matches!(
        refused(&case, past_review, &manager()),
        CaseError::DateNotAhead {
            what: "review date",
            ..
        }
    ));
}

#[test]
fn a_refusal_is_possible_only_right_after_the_facts_are_verified() {
    let error = refused(
        &opened(),
        refusal(RefusalGround::StaffAbuse, true),
        &manager(),
    );
    assert!(matches!(
        error,
        CaseError::WrongState {
            state: CaseState::Open,
            ..
        }
    ));
}

#[test]
fn a_whole_refusal_walks_from_open_to_closed() {
    let case = refusal_approved();
    let error = refused(
        &case,
        CaseCommand::SendRefusal {
            message: message("refuse_service"),
            confirmed: false,
        },
        &agent(),
    );
    assert!(matches!(
        error,
        CaseError::NotConfirmed {
            action: "send the refusal"
        }
    ));
    let case = step(
        &case,
        CaseCommand::SendRefusal {
            message: message("refuse_service"),
            confirmed: true,
        },
        &agent(),
        4,
    );
    assert_eq!(case.state, CaseState::RefusalSent);
    assert!(matches!(
        refused(&case, CaseCommand::Close { confirmed: true }, &agent()),
        CaseError::PostMortemMissing { .. }
    ));
    assert!(matches!(
        refused(
            &case,
            CaseCommand::ScheduleFollowUp { date: date(9, 1) },
            &agent()
        ),
        CaseError::WrongState { .. }
    ));
    let case = step(
        &case,
        CaseCommand::RecordPostMortem {
            post_mortem: post_mortem(),
        },
        &agent(),
        5,
    );
    let case = step(&case, CaseCommand::Close { confirmed: true }, &agent(), 6);
    assert_eq!(case.state, CaseState::Closed);
    assert_eq!(case.outcome, Some(CaseOutcome::Refused));
    assert_eq!(case.follow_up, None);
}

#[test]
fn a_customer_who_leaves_on_their_own_is_lost_with_a_post_mortem() {
    let command = CaseCommand::CustomerLeft {
        note: "cancelled by letter".into(),
        post_mortem: post_mortem(),
        confirmed: true,
    };
    let case = step(&offered(), command, &agent(), 6);
    assert_eq!(case.state, CaseState::Closed);
    assert_eq!(case.outcome, Some(CaseOutcome::Lost));
    assert_eq!(case.post_mortem, Some(post_mortem()));
}

#[test]
fn a_customer_cannot_be_recorded_as_lost_after_a_parting_was_approved() {
    let command = CaseCommand::CustomerLeft {
        note: "left".into(),
        post_mortem: post_mortem(),
        confirmed: true,
    };
    assert!(matches!(
        refused(&approved(), command, &agent()),
        CaseError::WrongState { .. }
    ));
}

#[test]
fn every_audit_step_says_who_when_what_and_carries_the_evidence() {
    let case = follow_up_scheduled();
    for (index, step) in case.history.iter().enumerate() {
        assert_eq!(step.seq as usize, index + 1);
        assert_eq!(step.at, at(index as u32 + 1));
        assert_eq!(step.evidence.is_some(), index >= 1, "step {}", step.seq);
    }
    let approval = &case.history[6];
    assert_eq!(
        (approval.actor.as_str(), approval.actor_role),
        ("max", Role::Manager)
    );
    assert_eq!(approval.action, StepAction::ApproveParting);
    assert_eq!(approval.from, Some(CaseState::PartingProposed));
    let json = serde_json::to_value(approval).unwrap();
    assert_eq!(json["action"], "approve_parting");
    assert_eq!(json["actor"], "max");
    assert_eq!(json["actor_role"], "manager");
    assert_eq!(json["from"], "parting_proposed");
    assert_eq!(json["to"], "parting_approved");
    assert_eq!(json["evidence"]["signals"][0], "senior_escalation_loop");
    assert_eq!(json["evidence"]["items"][0]["id"], "t-1");
    let farewell = serde_json::to_value(&case.history[7]).unwrap();
    assert_eq!(farewell["message"]["situation"], "farewell");
}

#[test]
fn a_case_replayed_from_its_steps_is_the_same_case() {
    let case = step(
        &follow_up_scheduled(),
        CaseCommand::RecordPostMortem {
            post_mortem: post_mortem(),
        },
        &agent(),
        10,
    );
    let steps: Vec<CaseStep> =
        serde_json::from_str(&serde_json::to_string(&case.history).unwrap()).unwrap();
    let replayed = Case::replay("c-1", "cust-9", &steps, &[agent(), manager()]).unwrap();
    assert_eq!(replayed, case);
}

#[test]
fn a_tampered_history_does_not_replay() {
    let mut steps = approved().history;
    steps[6].actor = "ana".into();
    steps[6].actor_role = Role::Manager;
    let error = Case::replay("c-1", "cust-9", &steps, &[agent()]).unwrap_err();
    assert!(
        error.to_string().contains("step 7 no longer applies"),
        "{error}"
    );
}

#[test]
fn states_and_roles_read_back_from_their_stored_names() {
    for state in CaseState::ALL {
        assert_eq!(state.as_str().parse::<CaseState>(), Ok(*state));
    }
    for role in Role::ALL {
        assert_eq!(role.as_str().parse::<Role>(), Ok(*role));
    }
    assert!(
        "boss"
            .parse::<Role>()
            .unwrap_err()
            .contains("agent|manager|admin")
    );
}

#[test]
fn training_needs_are_read_as_team_or_agent_and_topic() {
    let need = TrainingNeed::parse("bo: de-escalation", &["bo", "ana"]).unwrap();
    assert_eq!(
        need,
        TrainingNeed {
            who: TrainingFor::Agent("bo".into()),
            topic: "de-escalation".into()
        }
    );
    let need = TrainingNeed::parse("billing:explaining invoices", &["bo"]).unwrap();
    assert_eq!(need.who, TrainingFor::Team("billing".into()));
    assert_eq!(
        TrainingNeed::parse("team=bo:x", &["bo"]).unwrap().who,
        TrainingFor::Team("bo".into())
    );
    assert!(
        TrainingNeed::parse("billing", &[])
            .unwrap_err()
            .contains("TEAM_OR_AGENT:TOPIC")
    );
}

#[test]
fn evidence_is_read_as_kind_id_and_summary() {
    let item = EvidenceItem::parse("staff_report:r-17:threatened the courier: twice").unwrap();
    assert_eq!(item.kind, EvidenceKind::StaffReport);
    assert_eq!(item.id, "r-17");
    assert_eq!(item.summary, "threatened the courier: twice");
    assert!(
        EvidenceItem::parse("tweet:1")
            .unwrap_err()
            .contains("unknown evidence kind `tweet`")
    );
    assert!(
        EvidenceItem::parse("ticket")
            .unwrap_err()
            .contains("KIND:ID")
    );
}
