//! Pins the hard cases of principle 8: swearing at things is not abuse,
//! insults and threats need no bad word, bad words inside harmless words do not
//! count, and quoting what a courier said is not the customer's abuse.

use super::*;

fn level(text: &str, lang: &str) -> AbuseLevel {
    AbuseDetector::shared().assess(text, Some(lang)).level
}

fn assert_levels(lang: &str, expected: AbuseLevel, texts: &[&str]) {
    for text in texts {
        let a = AbuseDetector::shared().assess(text, Some(lang));
        assert_eq!(
            a.level, expected,
            "{lang}: {text:?} read as {:?} with spans {:?}",
            a.level, a.spans
        );
    }
}

#[test]
fn every_built_in_lexicon_compiles() {
    assert!(AbuseDetector::try_new().is_ok());
}

#[test]
fn swearing_at_a_thing_or_a_situation_is_profanity_not_abuse() {
    assert_levels(
        "en",
        AbuseLevel::Profanity,
        &[
            "this damn modem drops every evening",
            "Are you fucking kidding me? Another wrong bill.",
            "the app is a piece of shit, it crashes all the time",
        ],
    );
    assert_levels(
        "cs",
        AbuseLevel::Profanity,
        &[
            "Ten zasranej modem zase padá",
            "kurva, zase nejde internet",
            "je to na hovno",
        ],
    );
    assert_levels(
        "pl",
        AbuseLevel::Profanity,
        &[
            "Kurwa, znowu nie ma internetu",
            "Co za burdel z tą waszą siecią",
            "Szanowni Państwo, pieprzony modem co wieczór zrywa połączenie.",
        ],
    );
    assert_levels(
        "ru",
        AbuseLevel::Profanity,
        &[
            "Блядь, опять нет интернета",
            "Приложение ваше говно, постоянно вылетает",
        ],
    );
    assert_levels(
        "uk",
        AbuseLevel::Profanity,
        &[
            "Трясця його матері, коробка прийшла мокра",
            "Ваш додаток — лайно",
        ],
    );
    assert_levels(
        "de",
        AbuseLevel::Profanity,
        &[
            "Das verdammte Modem fällt jeden Abend aus",
            "Scheiße, schon wieder kein Internet",
        ],
    );
}

#[test]
fn insults_aimed_at_staff_are_abuse_even_without_an_obscene_word() {
    assert_levels(
        "en",
        AbuseLevel::Abuse,
        &[
            "your courier is a useless idiot",
            "The technician you sent was a complete moron",
            "you are so stupid",
            "your fucking technician drilled through a pipe",
        ],
    );
    assert_levels(
        "cs",
        AbuseLevel::Abuse,
        &[
            "Váš kurýr je úplnej debil",
            "ty krávo, přepoj mě",
            "ten technik je blbej",
        ],
    );
    assert_levels(
        "pl",
        AbuseLevel::Abuse,
        &["Wasz kurier to skończony idiota", "spierdalaj"],
    );
    assert_levels(
        "ru",
        AbuseLevel::Abuse,
        &["Ваш курьер полный дебил", "иди нахуй, урод"],
    );
    assert_levels(
        "uk",
        AbuseLevel::Abuse,
        &["Ваш кур'єр повний дебіл", "ти мудак"],
    );
    assert_levels(
        "de",
        AbuseLevel::Abuse,
        &["Ihr Kurier ist ein Idiot", "verpiss dich, du Wichser"],
    );
}

#[test]
fn threats_are_found_without_any_bad_word() {
    assert_levels(
        "en",
        AbuseLevel::Threat,
        &[
            "I know where your technician lives.",
            "If that courier comes back I'll break his legs.",
            "Tell her she'd better watch her back.",
        ],
    );
    assert_levels(
        "cs",
        AbuseLevel::Threat,
        &["Vím, kde váš technik bydlí.", "Toho kurýra zabiju."],
    );
    assert_levels(
        "pl",
        AbuseLevel::Threat,
        &["Wiem, gdzie mieszka wasz technik.", "Podpalę wam biuro"],
    );
    assert_levels(
        "ru",
        AbuseLevel::Threat,
        &["Я знаю, где живет ваш мастер.", "Я тебя найду"],
    );
    assert_levels("uk", AbuseLevel::Threat, &["Я знаю, де живе ваш майстер."]);
    assert_levels(
        "de",
        AbuseLevel::Threat,
        &[
            "Ich weiß, wo Ihr Techniker wohnt.",
            "Ich bring euch alle um",
        ],
    );
}

#[test]
fn legal_and_business_threats_are_not_threats_to_staff() {
    assert_levels(
        "en",
        AbuseLevel::None,
        &[
            "If this is not fixed by Friday I will take you to court.",
            "I will leave a review about how this was handled.",
            "I'll be waiting outside for the courier at 5.",
            "The parcel arrived in one piece, thanks!",
            "This outage is killing me.",
        ],
    );
    assert_levels(
        "de",
        AbuseLevel::None,
        &[
            "Bringen Sie das Paket bitte um 10 Uhr vorbei.",
            "Ich werde mich beim Anwalt beschweren.",
        ],
    );
    assert_levels(
        "cs",
        AbuseLevel::None,
        &["Počkám na kurýra před domem.", "Najdu ho zítra, díky."],
    );
}

#[test]
fn a_bad_word_inside_a_harmless_word_is_not_a_hit() {
    assert_levels(
        "en",
        AbuseLevel::None,
        &["I moved to Scunthorpe, please update my class of service and assistant."],
    );
    assert_levels(
        "ru",
        AbuseLevel::None,
        &["Не хватает двухсот рублей, хочу застраховать оборудование, требую ответа."],
    );
    assert_levels(
        "pl",
        AbuseLevel::None,
        &["Gratuluję sukcesu, sukienka przyszła w idealnym stanie."],
    );
    assert_levels(
        "de",
        AbuseLevel::None,
        &["Die Wohnung ist sauber, ich habe einen Barsch bestellt."],
    );
    assert_levels(
        "cs",
        AbuseLevel::None,
        &["Kurýr mi volá každý den, to je v pořádku."],
    );
}

#[test]
fn quoting_what_a_courier_said_is_not_the_customers_abuse() {
    let a = AbuseDetector::shared().assess(
        "Your courier said \"fuck off, you idiot\" and left.",
        Some("en"),
    );
    assert!(!a.is_abusive(), "{a:?}");
    assert!(a.spans.iter().all(|s| s.reading == SpanReading::Reported));
    assert_eq!(
        level("He called me an idiot on the phone.", "en"),
        AbuseLevel::None
    );
    assert!(
        !AbuseDetector::shared()
            .assess(
                "Váš kurýr mi řekl „je mi to u prdele, paní“ a odešel.",
                Some("cs")
            )
            .is_abusive()
    );
}

#[test]
fn calling_oneself_names_is_not_abuse() {
    assert_levels(
        "en",
        AbuseLevel::None,
        &["I feel like an idiot, the cable was in the wrong port."],
    );
    assert_levels(
        "de",
        AbuseLevel::None,
        &["Ich Depp hatte das Kabel im falschen Anschluss."],
    );
    assert_levels("ru", AbuseLevel::None, &["Я дурак, оплатил не тот счет."]);
    assert_levels(
        "en",
        AbuseLevel::None,
        &["My husband is an idiot and cut the cable, can you send someone?"],
    );
    assert_levels(
        "de",
        AbuseLevel::None,
        &["Mein Mann ist ein Trottel und hat das Kabel durchgeschnitten."],
    );
}

#[test]
fn obfuscated_and_diacritic_free_writing_is_read() {
    assert_levels(
        "en",
        AbuseLevel::Abuse,
        &[
            "ur operator is an a$$hole",
            "go f u c k yourself",
            "listen you stupid b*tch",
        ],
    );
    assert_levels(
        "cs",
        AbuseLevel::Abuse,
        &[
            "vas kuryr je uplnej debil",
            "ty pi*o jedna",
            "d3bilove na podpore",
        ],
    );
    assert_levels(
        "pl",
        AbuseLevel::Abuse,
        &["ty ch*ju", "jestescie banda debili"],
    );
    assert_levels(
        "cs",
        AbuseLevel::Profanity,
        &[
            "ku*va co se to zase deje",
            "K U R V A, zase nejede internet",
        ],
    );
    assert_levels(
        "ru",
        AbuseLevel::Abuse,
        &["ty mudak, bolshe mne ne zvoni", "1д10т на линии"],
    );
}

#[test]
fn spans_carry_byte_offsets_entry_and_category() {
    let text = "Hi, your courier is a useless idiot.";
    let a = AbuseDetector::shared().assess(text, Some("en"));
    assert_eq!(a.level, AbuseLevel::Abuse);
    assert_eq!(a.language.as_deref(), Some("en"));
    assert_eq!(a.categories, vec![AbuseCategory::Insult]);
    let span = a
        .spans
        .iter()
        .find(|s| s.text == "idiot")
        .expect("the insult is a span");
    assert_eq!(&text[span.start..span.end], "idiot");
    assert_eq!(span.entry, "idiot*");
    assert_eq!(span.reading, SpanReading::AimedAtPerson);
    let cz = AbuseDetector::shared().assess("Váš kurýr je úplnej kretén", Some("cs"));
    let s = &cz.spans[0];
    assert_eq!(&"Váš kurýr je úplnej kretén"[s.start..s.end], "kretén");
}

#[test]
fn levels_serialize_in_snake_case() {
    assert_eq!(
        serde_json::to_string(&AbuseLevel::Profanity).unwrap(),
        "\"profanity\""
    );
    assert_eq!(
        serde_json::to_string(&SpanReading::AimedAtPerson).unwrap(),
        "\"aimed_at_person\""
    );
    assert!(
        AbuseLevel::Threat.is_abusive()
            && AbuseLevel::Abuse.is_abusive()
            && !AbuseLevel::Profanity.is_abusive()
    );
}

#[test]
fn the_message_language_wins_over_the_customers_and_falls_back_to_it() {
    let a = AbuseDetector::shared().assess(
        "Dzień dobry, wasz kurier to skończony idiota i cham, proszę o interwencję.",
        Some("de"),
    );
    assert_eq!(a.language.as_deref(), Some("pl"));
    assert!(a.is_abusive());
    let b = AbuseDetector::shared().assess("debil", Some("cs"));
    assert_eq!(b.language.as_deref(), Some("cs"));
}
