use super::*;

fn catalog() -> ScriptCatalog {
    ScriptCatalog::builtin()
}

fn render(situation: Situation, language: Language, facts: &ScriptFacts) -> Script {
    catalog()
        .render(situation, language, facts)
        .unwrap_or_else(|e| panic!("{e}"))
}

fn assert_complete(script: &Script, facts: &ScriptFacts) {
    let all = format!("{}\n{}", script.subject, script.body);
    let where_ = format!("{} / {}", script.situation, script.language);
    assert!(!script.subject.trim().is_empty(), "{where_}: empty subject");
    for leftover in ['{', '}', '$', '\u{2068}', '\u{2069}'] {
        assert!(
            !all.contains(leftover),
            "{where_}: `{leftover}` left in:\n{all}"
        );
    }
    assert!(
        !all.contains("\n\n\n"),
        "{where_}: double blank line in:\n{all}"
    );
    assert!(
        script.body.contains(&facts.business_name),
        "{where_}: no business name"
    );
    assert!(
        script.body.contains(&facts.staff_name),
        "{where_}: not signed"
    );
}

fn with_months(elapsed: u32, remaining: u32) -> ScriptFacts {
    let mut facts = ScriptFacts::example();
    let terms = facts.exit_terms.as_mut().unwrap();
    terms.months_elapsed = elapsed;
    terms.months_remaining = remaining;
    terms.term_months = elapsed + remaining;
    facts
}

#[test]
fn every_situation_renders_completely_in_every_language() {
    let facts = ScriptFacts::example();
    for &language in Language::ALL {
        for &situation in Situation::ALL {
            assert_complete(&render(situation, language, &facts), &facts);
        }
    }
}

#[test]
fn every_situation_renders_with_facts_written_in_the_customers_language() {
    for &language in Language::ALL {
        let facts = ScriptFacts::example_in(language);
        for &situation in Situation::ALL {
            assert_complete(&render(situation, language, &facts), &facts);
        }
    }
    let czech = render(
        Situation::OfferRemedy,
        Language::Cs,
        &ScriptFacts::example_in(Language::Cs),
    )
    .body;
    assert!(
        czech.contains("Navrhujeme: dobropis na příští fakturu (ve výši 1\u{a0}234,50\u{a0}Kč)."),
        "{czech}"
    );
}

#[test]
fn every_situation_renders_without_fault_name_amount_news_or_fee() {
    let mut facts = ScriptFacts::example();
    facts.business_at_fault = false;
    facts.customer_name = None;
    facts.amount = None;
    facts.news = None;
    facts.refusal_ground = Some(RefusalGround::FraudLikeExtraction);
    let terms = facts.exit_terms.as_mut().unwrap();
    terms.exit_fee = Decimal::ZERO;
    terms.recent_usage.days_with_use = 0;
    for &language in Language::ALL {
        for &situation in Situation::ALL {
            assert_complete(&render(situation, language, &facts), &facts);
        }
    }
}

#[test]
fn the_apology_appears_only_where_the_business_erred() {
    let mut facts = ScriptFacts::example();
    let apology = render(Situation::Acknowledge, Language::En, &facts).body;
    assert!(apology.contains("this was our mistake"), "{apology}");
    facts.business_at_fault = false;
    let neutral = render(Situation::Acknowledge, Language::En, &facts).body;
    assert!(!neutral.contains("mistake"), "{neutral}");
    assert!(neutral.contains("we are taking it seriously"), "{neutral}");
}

#[test]
fn an_english_farewell_reads_as_written() {
    let facts = ScriptFacts::example();
    let script = render(Situation::Farewell, Language::En, &facts);
    assert_eq!(script.subject, "Thank you, and our honest answer");
    assert!(
        script
            .body
            .starts_with("Dear Jana Nováková,\n\nThank you for the time"),
        "{}",
        script.body
    );
    assert!(
        script
            .body
            .contains("Your service will end on 30 September 2026;"),
        "{}",
        script.body
    );
    assert!(
        script.body.contains("You may find what you need here:\n– Beta Networks (beta.example)\n– Gamma Fibre (gamma.example)"),
        "{}",
        script.body
    );
    assert!(
        script
            .body
            .ends_with("Kind regards,\nPetra Svobodová\nAcme Telecom"),
        "{}",
        script.body
    );
}

#[test]
fn a_public_review_reply_never_names_the_customer() {
    let facts = ScriptFacts::example();
    for &language in Language::ALL {
        let script = render(Situation::ReviewReply, language, &facts);
        assert!(!script.body.contains("Jana"), "{language}: {}", script.body);
    }
}

#[test]
fn the_exit_offer_shows_the_fee_in_the_languages_money_format() {
    let facts = ScriptFacts::example();
    let fee = |language| render(Situation::OfferExit, language, &facts).body;
    assert!(
        fee(Language::En).contains("The exit fee would be €850.00."),
        "{}",
        fee(Language::En)
    );
    assert!(
        fee(Language::Cs).contains("by činil 850,00\u{a0}€."),
        "{}",
        fee(Language::Cs)
    );
    assert!(
        fee(Language::De).contains("würde 850,00\u{a0}€ betragen"),
        "{}",
        fee(Language::De)
    );
    assert!(
        fee(Language::Cs).contains("celkem 1\u{a0}200,00\u{a0}€"),
        "{}",
        fee(Language::Cs)
    );
    assert!(
        fee(Language::Pl).contains("łącznie 1200,00\u{a0}€"),
        "{}",
        fee(Language::Pl)
    );
    assert!(
        fee(Language::En).contains("valid until 30 September 2026"),
        "{}",
        fee(Language::En)
    );
    assert!(
        fee(Language::Cs).contains("platí do 30. září 2026"),
        "{}",
        fee(Language::Cs)
    );
}

#[test]
fn a_free_exit_says_so_instead_of_naming_a_fee() {
    let mut facts = ScriptFacts::example();
    facts.exit_terms.as_mut().unwrap().exit_fee = Decimal::ZERO;
    let body = render(Situation::OfferExit, Language::En, &facts).body;
    assert!(
        body.contains("You can leave without any exit fee"),
        "{body}"
    );
    assert!(!body.contains("The exit fee would be"), "{body}");
}

#[test]
fn czech_months_take_the_right_plural_and_verb_forms() {
    let body = |e, r| render(Situation::OfferExit, Language::Cs, &with_months(e, r)).body;
    assert!(
        body(1, 2).contains("uzavřena na 3 měsíce; uplynul z ní 1 měsíc a zbývají 2 měsíce."),
        "{}",
        body(1, 2)
    );
    assert!(
        body(5, 1).contains("uzavřena na 6 měsíců; uplynulo z ní 5 měsíců a zbývá 1 měsíc."),
        "{}",
        body(5, 1)
    );
    assert!(
        body(4, 20).contains("na 24 měsíců; uplynuly z ní 4 měsíce a zbývá 20 měsíců."),
        "{}",
        body(4, 20)
    );
    assert!(
        body(0, 1).contains("na 1 měsíc; uplynulo z ní 0 měsíců a zbývá 1 měsíc."),
        "{}",
        body(0, 1)
    );
}

#[test]
fn polish_months_take_the_right_plural_and_verb_forms() {
    let body = |e, r| render(Situation::OfferExit, Language::Pl, &with_months(e, r)).body;
    assert!(
        body(1, 2).contains("na 3 miesiące; upłynął z niej 1 miesiąc, a pozostały 2 miesiące."),
        "{}",
        body(1, 2)
    );
    assert!(
        body(5, 17)
            .contains("na 22 miesiące; upłynęło z niej 5 miesięcy, a pozostało 17 miesięcy."),
        "{}",
        body(5, 17)
    );
    assert!(
        body(12, 1).contains("na 13 miesięcy; upłynęło z niej 12 miesięcy, a pozostał 1 miesiąc."),
        "{}",
        body(12, 1)
    );
    assert!(
        body(22, 3)
            .contains("na 25 miesięcy; upłynęły z niej 22 miesiące, a pozostały 3 miesiące."),
        "{}",
        body(22, 3)
    );
}

#[test]
fn russian_months_take_the_right_plural_and_verb_forms() {
    let body = |e, r| render(Situation::OfferExit, Language::Ru, &with_months(e, r)).body;
    assert!(
        body(1, 2).contains("заключён на 3 месяца: прошёл 1 месяц, осталось 2 месяца."),
        "{}",
        body(1, 2)
    );
    assert!(
        body(5, 16).contains("заключён на 21 месяц: прошло 5 месяцев, осталось 16 месяцев."),
        "{}",
        body(5, 16)
    );
    assert!(
        body(11, 1).contains("заключён на 12 месяцев: прошло 11 месяцев, остался 1 месяц."),
        "{}",
        body(11, 1)
    );
}

#[test]
fn ukrainian_months_take_the_right_plural_and_verb_forms() {
    let body = |e, r| render(Situation::OfferExit, Language::Uk, &with_months(e, r)).body;
    assert!(
        body(1, 2).contains("укладено на 3 місяці: минув 1 місяць, залишилося 2 місяці."),
        "{}",
        body(1, 2)
    );
    assert!(
        body(5, 16).contains("укладено на 21 місяць: минуло 5 місяців, залишилося 16 місяців."),
        "{}",
        body(5, 16)
    );
    assert!(
        body(14, 10).contains("укладено на 24 місяці: минуло 14 місяців, залишилося 10 місяців."),
        "{}",
        body(14, 10)
    );
}

#[test]
fn german_and_english_months_take_singular_and_plural() {
    let de = render(Situation::OfferExit, Language::De, &with_months(1, 11)).body;
    assert!(
        de.contains("läuft 12 Monate; davon ist 1 Monat vergangen, 11 Monate bleiben noch."),
        "{de}"
    );
    let en = render(Situation::OfferExit, Language::En, &with_months(1, 1)).body;
    assert!(
        en.contains("runs for 2 months: 1 month has passed and 1 month remains."),
        "{en}"
    );
}

#[test]
fn usage_days_are_counted_in_words_that_agree() {
    let mut facts = ScriptFacts::example();
    let with_days = |facts: &mut ScriptFacts, days| {
        facts
            .exit_terms
            .as_mut()
            .unwrap()
            .recent_usage
            .days_with_use = days
    };
    with_days(&mut facts, 0);
    assert!(
        render(Situation::OfferExit, Language::Cs, &facts)
            .body
            .contains("nebyla Vaše služba využita ani jednou")
    );
    with_days(&mut facts, 3);
    assert!(
        render(Situation::OfferExit, Language::Cs, &facts)
            .body
            .contains("využita jen 3 dny")
    );
    assert!(
        render(Situation::OfferExit, Language::Ru, &facts)
            .body
            .contains("всего 3 дня")
    );
    with_days(&mut facts, 7);
    assert!(
        render(Situation::OfferExit, Language::Cs, &facts)
            .body
            .contains("využita jen 7 dní")
    );
    assert!(
        render(Situation::OfferExit, Language::Uk, &facts)
            .body
            .contains("лише 7 днів")
    );
    with_days(&mut facts, 1);
    assert!(
        render(Situation::OfferExit, Language::Pl, &facts)
            .body
            .contains("tylko przez 1 dzień")
    );
    assert!(
        render(Situation::OfferExit, Language::En, &facts)
            .body
            .contains("used on only 1 day in the last 90 days")
    );
}

#[test]
fn the_follow_up_counts_months_since_in_each_language() {
    let mut facts = ScriptFacts::example();
    facts.months_since = Some(2);
    assert!(
        render(Situation::FollowUp, Language::Cs, &facts)
            .body
            .contains("uplynuly 2 měsíce")
    );
    assert!(
        render(Situation::FollowUp, Language::Pl, &facts)
            .body
            .contains("minęły 2 miesiące")
    );
    facts.months_since = Some(5);
    assert!(
        render(Situation::FollowUp, Language::Ru, &facts)
            .body
            .contains("прошло 5 месяцев")
    );
    assert!(
        render(Situation::FollowUp, Language::Uk, &facts)
            .body
            .contains("минуло 5 місяців")
    );
    facts.months_since = Some(1);
    assert!(
        render(Situation::FollowUp, Language::En, &facts)
            .body
            .contains("It has been 1 month since")
    );
    assert!(
        render(Situation::FollowUp, Language::De, &facts)
            .body
            .contains("ist 1 Monat vergangen")
    );
}

#[test]
fn a_missing_fact_is_an_error_naming_the_variable_never_a_half_filled_message() {
    let mut facts = ScriptFacts::example();
    facts.topic = None;
    let error = catalog()
        .render(Situation::Acknowledge, Language::Cs, &facts)
        .unwrap_err();
    assert_eq!(
        error,
        ScriptError::MissingVariable {
            situation: Situation::Acknowledge,
            language: Language::Cs,
            variable: "topic".into()
        }
    );
    assert!(
        error.to_string().contains("`acknowledge` script in `cs`"),
        "{error}"
    );
    assert!(
        error.to_string().contains("what the conversation is about"),
        "{error}"
    );
    facts.exit_terms = None;
    let error = catalog()
        .render(Situation::OfferExit, Language::En, &facts)
        .unwrap_err();
    assert!(
        matches!(error, ScriptError::MissingVariable { .. }),
        "{error}"
    );
}

#[test]
fn free_texts_lose_their_own_full_stop_so_none_is_doubled() {
    let mut facts = ScriptFacts::example();
    facts.what_we_can_do = Some(" remote support within 4 hours. ".into());
    let script = render(Situation::ExplainTerms, Language::En, &facts);
    assert!(
        script
            .body
            .contains("What we can do for you: remote support within 4 hours.\n"),
        "{}",
        script.body
    );
    assert_complete(&script, &facts);
}

#[test]
fn a_farewell_without_alternatives_is_refused() {
    let mut facts = ScriptFacts::example();
    facts.alternatives.clear();
    let error = catalog()
        .render(Situation::Farewell, Language::De, &facts)
        .unwrap_err();
    assert!(
        matches!(&error, ScriptError::MissingVariable { variable, .. } if variable == "alternatives"),
        "{error}"
    );
}

#[test]
fn an_override_replaces_a_builtin_message() {
    let catalog = ScriptCatalog::with_overrides(vec![(
        "cs".into(),
        "acknowledge-subject = Děkujeme, ozveme se do { $reply_by }\n".into(),
    )])
    .unwrap();
    let facts = ScriptFacts::example();
    let script = catalog
        .render(Situation::Acknowledge, Language::Cs, &facts)
        .unwrap();
    assert_eq!(script.subject, "Děkujeme, ozveme se do 24. srpna 2026");
    assert!(
        script.body.contains("děkujeme za Vaši zprávu"),
        "the body stays built in"
    );
    let english = catalog
        .render(Situation::Acknowledge, Language::En, &facts)
        .unwrap();
    assert_eq!(
        english.subject,
        "We have received your message about the late installation"
    );
}

#[test]
fn an_override_with_a_syntax_error_is_refused_with_its_line() {
    let error = ScriptCatalog::with_overrides(vec![(
        "de".into(),
        "# ours\nfarewell-subject = Danke\nfarewell-body = { $cannot_do\n".into(),
    )])
    .unwrap_err();
    assert!(
        matches!(
            error,
            ScriptError::Syntax {
                origin: "override",
                language: Language::De,
                ..
            }
        ),
        "{error}"
    );
    assert!(error.to_string().contains("line 3"), "{error}");
}

#[test]
fn an_override_with_a_misspelt_variable_or_message_is_refused() {
    let error = ScriptCatalog::with_overrides(vec![(
        "en".into(),
        "pause-body = { $has_name ->\n    [yes] Hi { $custmer_name }\n   *[no] Hi\n}\n".into(),
    )])
    .unwrap_err();
    assert_eq!(
        error,
        ScriptError::UnknownVariable {
            language: Language::En,
            id: "pause-body".into(),
            variable: "custmer_name".into()
        }
    );
    let error = ScriptCatalog::with_overrides(vec![("en".into(), "farewel-body = Bye\n".into())])
        .unwrap_err();
    assert!(
        matches!(error, ScriptError::UnknownMessage { .. }),
        "{error}"
    );
    let error =
        ScriptCatalog::with_overrides(vec![("fr".into(), "farewell-body = Adieu\n".into())])
            .unwrap_err();
    assert!(
        error.to_string().contains("no templates for language `fr`"),
        "{error}"
    );
}

#[test]
fn an_override_that_breaks_a_message_reference_is_refused_at_load_time() {
    let error =
        ScriptCatalog::with_overrides(vec![("pl".into(), "farewell-body = { greting }\n".into())])
            .unwrap_err();
    assert!(
        matches!(
            error,
            ScriptError::Render {
                situation: Situation::Farewell,
                language: Language::Pl,
                ..
            }
        ),
        "{error}"
    );
}

#[test]
fn languages_are_read_from_customer_tags_with_english_as_fallback() {
    assert_eq!(Language::from_tag("cs-CZ"), Some(Language::Cs));
    assert_eq!(Language::from_tag("UK_ua"), Some(Language::Uk));
    assert_eq!(Language::for_customer(Some("fr")), Language::En);
    assert_eq!(Language::for_customer(None), Language::En);
}

#[test]
fn situations_are_named_as_on_the_command_line() {
    for &situation in Situation::ALL {
        assert_eq!(situation.as_str().parse::<Situation>(), Ok(situation));
    }
    let error = "goodbye".parse::<Situation>().unwrap_err();
    assert!(
        error
            .to_string()
            .contains("acknowledge, pause, explain_terms"),
        "{error}"
    );
}

#[test]
fn a_rendered_script_attaches_to_a_case_step() {
    let script = render(Situation::Farewell, Language::Ru, &ScriptFacts::example());
    let message = script.to_sent_message();
    assert_eq!(
        (message.situation.as_str(), message.language.as_str()),
        ("farewell", "ru")
    );
    assert_eq!(message.body, script.body);
}
