//! Scripts: the courteous messages for every situation of the process, in the
//! customer's language (DESIGN.md, "The scripts", principle 4).
//!
//! Templates are Project Fluent files, one per language, compiled in; a business
//! may override any message with its own Fluent source ([`ScriptCatalog::with_overrides`]).
//! Facts enter as a [`ScriptFacts`] value; money and dates are preformatted for the
//! language ([`format`]), while counts stay numbers so that Fluent's plural rules pick
//! the right form ("1 měsíc, 2 měsíce, 5 měsíců"). A template that cannot be filled
//! completely is an error: a half-filled message is never returned.

pub mod format;

use std::collections::BTreeSet;

use chrono::NaiveDate;
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentError, FluentResource, FluentValue};
use fluent_syntax::ast;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use unic_langid::LanguageIdentifier;

use crate::cases::{RefusalGround, SentMessage};
use crate::exit_terms::ExitTerms;

/// A situation a script is written for (DESIGN.md, "The scripts").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Situation {
    Acknowledge,
    Pause,
    ExplainTerms,
    DeclineException,
    OfferRemedy,
    OfferExit,
    Farewell,
    RefuseService,
    ReviewReply,
    FollowUp,
}

impl Situation {
    pub const ALL: &'static [Situation] = &[
        Situation::Acknowledge,
        Situation::Pause,
        Situation::ExplainTerms,
        Situation::DeclineException,
        Situation::OfferRemedy,
        Situation::OfferExit,
        Situation::Farewell,
        Situation::RefuseService,
        Situation::ReviewReply,
        Situation::FollowUp,
    ];

    /// The situation's name, as used on the command line and in message ids.
    pub fn as_str(self) -> &'static str {
        match self {
            Situation::Acknowledge => "acknowledge",
            Situation::Pause => "pause",
            Situation::ExplainTerms => "explain_terms",
            Situation::DeclineException => "decline_exception",
            Situation::OfferRemedy => "offer_remedy",
            Situation::OfferExit => "offer_exit",
            Situation::Farewell => "farewell",
            Situation::RefuseService => "refuse_service",
            Situation::ReviewReply => "review_reply",
            Situation::FollowUp => "follow_up",
        }
    }

    /// What the message is for, in one line.
    pub fn purpose(self) -> &'static str {
        match self {
            Situation::Acknowledge => "acknowledge a complaint and de-escalate",
            Situation::Pause => "pause a heated conversation",
            Situation::ExplainTerms => "explain why a demand exceeds the terms",
            Situation::DeclineException => "decline a promotion exception",
            Situation::OfferRemedy => "offer a remedy (repair, refund of costs, credit)",
            Situation::OfferExit => "offer fair exit terms",
            Situation::Farewell => "farewell with alternatives and referral",
            Situation::RefuseService => "refuse further service",
            Situation::ReviewReply => "answer a public review",
            Situation::FollowUp => "keep-in-touch follow-up",
        }
    }

    /// The variables the built-in template of this situation needs, beyond the
    /// ones every message gets (`business_name`, `staff_name`, `has_name`,
    /// `customer_name`, `at_fault`).
    pub fn needs(self) -> &'static [&'static str] {
        match self {
            Situation::Acknowledge => &["topic", "reply_by"],
            Situation::Pause => &["topic", "resume_on"],
            Situation::ExplainTerms => &["request", "terms_reference", "what_we_can_do"],
            Situation::DeclineException => &["promotion_name", "promotion_rule", "what_we_can_do"],
            Situation::OfferRemedy => &["topic", "remedy"],
            Situation::OfferExit => &["exit_terms", "valid_until"],
            Situation::Farewell => &["cannot_do", "end_date", "alternatives"],
            Situation::RefuseService => &["refusal_ground", "effective_date", "contact"],
            Situation::ReviewReply => &["review_source", "topic", "contact"],
            Situation::FollowUp => &["months_since", "contact"],
        }
    }

    fn subject_id(self) -> String {
        format!("{}-subject", self.as_str())
    }

    fn body_id(self) -> String {
        format!("{}-body", self.as_str())
    }
}

impl std::str::FromStr for Situation {
    type Err = ScriptError;
    fn from_str(text: &str) -> Result<Self, ScriptError> {
        Situation::ALL
            .iter()
            .copied()
            .find(|s| s.as_str() == text)
            .ok_or_else(|| ScriptError::UnknownSituation {
                name: text.to_string(),
            })
    }
}

impl std::fmt::Display for Situation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A language keepwise writes scripts in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Language {
    En,
    Cs,
    Pl,
    Ru,
    Uk,
    De,
}

impl Language {
    pub const ALL: &'static [Language] = &[
        Language::En,
        Language::Cs,
        Language::Pl,
        Language::Ru,
        Language::Uk,
        Language::De,
    ];

    /// The BCP 47 primary language subtag.
    pub fn tag(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::Cs => "cs",
            Language::Pl => "pl",
            Language::Ru => "ru",
            Language::Uk => "uk",
            Language::De => "de",
        }
    }

    /// The language of a BCP 47 tag (`cs`, `cs-CZ`, `de_AT`), if keepwise writes it.
    pub fn from_tag(tag: &str) -> Option<Language> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        Language::ALL.iter().copied().find(|l| l.tag() == primary)
    }

    /// The language to write to a customer in: theirs when keepwise has it, else English.
    pub fn for_customer(tag: Option<&str>) -> Language {
        tag.and_then(Language::from_tag).unwrap_or(Language::En)
    }

    fn source(self) -> &'static str {
        match self {
            Language::En => include_str!("locales/en/scripts.ftl"),
            Language::Cs => include_str!("locales/cs/scripts.ftl"),
            Language::Pl => include_str!("locales/pl/scripts.ftl"),
            Language::Ru => include_str!("locales/ru/scripts.ftl"),
            Language::Uk => include_str!("locales/uk/scripts.ftl"),
            Language::De => include_str!("locales/de/scripts.ftl"),
        }
    }
}

impl std::fmt::Display for Language {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.tag())
    }
}

/// An amount of money in a currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Money {
    pub amount: Decimal,
    pub currency: String,
}

/// The facts a script is filled with. Free-text facts are written by staff in the
/// customer's language; the templates place them after a colon or in quotes so
/// their grammatical case never has to change.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ScriptFacts {
    pub customer_name: Option<String>,
    pub business_name: String,
    pub staff_name: String,
    /// Whether the business caused the problem: the message then apologises for it.
    pub business_at_fault: bool,
    /// What the conversation is about ("the late delivery of order 1042").
    pub topic: Option<String>,
    /// acknowledge: the day the customer will hear back by.
    pub reply_by: Option<NaiveDate>,
    /// pause: the day the conversation resumes.
    pub resume_on: Option<NaiveDate>,
    /// explain_terms: what the customer asked for.
    pub request: Option<String>,
    /// explain_terms: the terms checked ("the Standard plan terms, section 4").
    pub terms_reference: Option<String>,
    /// explain_terms, decline_exception: what the business can do instead.
    pub what_we_can_do: Option<String>,
    pub promotion_name: Option<String>,
    /// decline_exception: the rule of the promotion, quoted from its terms.
    pub promotion_rule: Option<String>,
    /// offer_remedy: what is offered (repair, refund of costs, credit).
    pub remedy: Option<String>,
    /// offer_remedy: the amount of a refund or credit, if any.
    pub amount: Option<Money>,
    /// offer_exit: the computed exit terms.
    pub exit_terms: Option<ExitTerms>,
    /// offer_exit: the last day the offer stands.
    pub valid_until: Option<NaiveDate>,
    /// farewell: what the business cannot provide.
    pub cannot_do: Option<String>,
    /// farewell: the last day of service.
    pub end_date: Option<NaiveDate>,
    /// farewell: other suppliers or options, one per line.
    pub alternatives: Vec<String>,
    pub refusal_ground: Option<RefusalGround>,
    /// refuse_service: the first day without service.
    pub effective_date: Option<NaiveDate>,
    /// review_reply: where the review was posted.
    pub review_source: Option<String>,
    /// How to reach the business (an address, a phone number).
    pub contact: Option<String>,
    /// follow_up: whole months since the customer left.
    pub months_since: Option<u32>,
    /// follow_up: what changed since, if anything.
    pub news: Option<String>,
}

/// Every variable a template may use; anything else in an override is a typo.
pub const VARIABLES: &[(&str, &str)] = &[
    (
        "business_name",
        "the business's name (keepwise.toml [scripts] business_name)",
    ),
    ("staff_name", "the name of the staff member who signs"),
    (
        "has_name",
        "`yes` when the customer's name is known, else `no`",
    ),
    (
        "customer_name",
        "the customer's name (only when has_name is `yes`)",
    ),
    (
        "at_fault",
        "`yes` when the business caused the problem, else `no`",
    ),
    ("topic", "what the conversation is about"),
    ("reply_by", "date the customer hears back by"),
    ("resume_on", "date the paused conversation resumes"),
    ("request", "what the customer asked for"),
    (
        "terms_reference",
        "the terms the request was checked against",
    ),
    ("what_we_can_do", "what the business can do instead"),
    ("promotion_name", "the promotion's name"),
    ("promotion_rule", "the rule of the promotion"),
    ("remedy", "what is offered to put things right"),
    (
        "has_amount",
        "`yes` when the remedy has an amount, else `no`",
    ),
    ("amount", "the remedy's amount, formatted"),
    ("term_months", "contract term in months (number)"),
    ("months_elapsed", "whole months elapsed (number)"),
    ("months_remaining", "months remaining (number)"),
    ("monthly_fee", "monthly fee, formatted"),
    ("upfront_cost", "upfront costs, formatted"),
    ("exit_fee", "fair exit fee, formatted"),
    (
        "exit_fee_kind",
        "`none` when the exit fee is zero, else `some`",
    ),
    (
        "remaining_fees",
        "fees until the end of the term, formatted",
    ),
    ("usage_days", "days with use in the recent window (number)"),
    (
        "usage_window",
        "length of the recent usage window in days (number)",
    ),
    ("term_end", "date the term ends"),
    ("valid_until", "date the exit offer stands until"),
    ("cannot_do", "what the business cannot provide"),
    ("end_date", "last day of service"),
    ("alternatives", "other suppliers or options, one per line"),
    ("ground", "`staff_abuse` or `fraud_like_extraction`"),
    ("effective_date", "first day without service"),
    ("review_source", "where the review was posted"),
    ("contact", "how to reach the business"),
    (
        "months_since",
        "whole months since the customer left (number)",
    ),
    ("has_news", "`yes` when there is news, else `no`"),
    ("news", "what changed since the customer left"),
];

impl ScriptFacts {
    /// The Fluent variables for one language: money and dates formatted, counts as numbers.
    /// Facts that are missing are left out, so a template that needs them fails clearly.
    pub fn args(&self, language: Language) -> FluentArgs<'static> {
        let date = |d: NaiveDate| format::format_date(d, language);
        let yes_no = |b: bool| if b { "yes" } else { "no" };
        let mut args = FluentArgs::new();
        let mut text = |name: &'static str, value: Option<String>| {
            if let Some(value) = value {
                args.set(name, FluentValue::from(value));
            }
        };
        // Free texts stand mid-sentence or before the template's own full stop.
        let free = |value: &Option<String>| {
            value
                .as_ref()
                .map(|v| v.trim().trim_end_matches('.').trim_end().to_string())
        };
        text("business_name", Some(self.business_name.clone()));
        text("staff_name", Some(self.staff_name.clone()));
        text(
            "has_name",
            Some(yes_no(self.customer_name.is_some()).into()),
        );
        text("customer_name", self.customer_name.clone());
        text("at_fault", Some(yes_no(self.business_at_fault).into()));
        text("topic", free(&self.topic));
        text("reply_by", self.reply_by.map(date));
        text("resume_on", self.resume_on.map(date));
        text("request", free(&self.request));
        text("terms_reference", free(&self.terms_reference));
        text("what_we_can_do", free(&self.what_we_can_do));
        text("promotion_name", free(&self.promotion_name));
        text("promotion_rule", free(&self.promotion_rule));
        text("remedy", free(&self.remedy));
        text("has_amount", Some(yes_no(self.amount.is_some()).into()));
        text(
            "amount",
            self.amount
                .as_ref()
                .map(|m| format::format_money(m.amount, &m.currency, language)),
        );
        text("valid_until", self.valid_until.map(date));
        text("cannot_do", free(&self.cannot_do));
        text("end_date", self.end_date.map(date));
        if !self.alternatives.is_empty() {
            let list: Vec<String> = self
                .alternatives
                .iter()
                .map(|a| format!("– {}", a.trim()))
                .collect();
            text("alternatives", Some(list.join("\n")));
        }
        text(
            "ground",
            self.refusal_ground.map(|g| g.as_str().to_string()),
        );
        text("effective_date", self.effective_date.map(date));
        text("review_source", free(&self.review_source));
        text("contact", self.contact.clone());
        text("has_news", Some(yes_no(self.news.is_some()).into()));
        text("news", free(&self.news));
        if let Some(terms) = &self.exit_terms {
            let money = |amount: Decimal| format::format_money(amount, &terms.currency, language);
            text("monthly_fee", Some(money(terms.monthly_fee)));
            text("upfront_cost", Some(money(terms.upfront_cost)));
            text("exit_fee", Some(money(terms.exit_fee)));
            text(
                "exit_fee_kind",
                Some(
                    if terms.exit_fee.is_zero() {
                        "none"
                    } else {
                        "some"
                    }
                    .into(),
                ),
            );
            text("remaining_fees", Some(money(terms.remaining_fees)));
            text("term_end", Some(date(terms.term_end)));
            args.set("term_months", FluentValue::from(terms.term_months));
            args.set("months_elapsed", FluentValue::from(terms.months_elapsed));
            args.set(
                "months_remaining",
                FluentValue::from(terms.months_remaining),
            );
            args.set(
                "usage_days",
                FluentValue::from(terms.recent_usage.days_with_use),
            );
            args.set("usage_window", FluentValue::from(terms.recent_usage.days));
        }
        if let Some(months) = self.months_since {
            args.set("months_since", FluentValue::from(months));
        }
        args
    }

    /// A complete set of facts for every situation, for examples, tests and checking overrides.
    pub fn example() -> ScriptFacts {
        use crate::records::Contract;
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("valid example date");
        let contract = Contract {
            contract_id: "k-1".into(),
            customer_id: "c-1".into(),
            start_date: day(2026, 1, 15),
            term_months: 24,
            monthly_fee: Decimal::new(5990, 2),
            currency: "EUR".into(),
            upfront_cost: Some(Decimal::new(1200, 0)),
            notice_days: Some(30),
            ended_at: None,
        };
        ScriptFacts {
            customer_name: Some("Jana Nováková".into()),
            business_name: "Acme Telecom".into(),
            staff_name: "Petra Svobodová".into(),
            business_at_fault: true,
            topic: Some("the late installation".into()),
            reply_by: Some(day(2026, 8, 24)),
            resume_on: Some(day(2026, 8, 27)),
            request: Some("a technician on site every week".into()),
            terms_reference: Some("the Standard plan terms, section 4".into()),
            what_we_can_do: Some("remote support within 4 hours".into()),
            promotion_name: Some("Summer 2026".into()),
            promotion_rule: Some("one use per customer, first order only".into()),
            remedy: Some("a credit on your next invoice".into()),
            amount: Some(Money {
                amount: Decimal::new(123450, 2),
                currency: "EUR".into(),
            }),
            exit_terms: Some(crate::exit_terms::exit_terms(
                &contract,
                &[],
                day(2026, 8, 20),
            )),
            valid_until: Some(day(2026, 9, 30)),
            cannot_do: Some("on-site support every week".into()),
            end_date: Some(day(2026, 9, 30)),
            alternatives: vec![
                "Beta Networks (beta.example)".into(),
                "Gamma Fibre (gamma.example)".into(),
            ],
            refusal_ground: Some(RefusalGround::StaffAbuse),
            effective_date: Some(day(2026, 9, 1)),
            review_source: Some("Google".into()),
            contact: Some("care@acme.example".into()),
            months_since: Some(5),
            news: Some("we now offer on-site support".into()),
        }
    }
}

impl ScriptFacts {
    /// [`ScriptFacts::example`] with its free texts written in `language` and amounts in
    /// that language's usual currency: what `keepwise demo` and docs/scripts.md show.
    pub fn example_in(language: Language) -> ScriptFacts {
        let mut facts = ScriptFacts::example();
        let texts: [&str; 8] = match language {
            Language::En => return facts,
            Language::Cs => [
                "zpožděná instalace",
                "technik na místě každý týden",
                "Podmínky tarifu Standard, čl. 4",
                "vzdálená podpora do 4 hodin",
                "jedno využití na zákazníka, jen při první objednávce",
                "dobropis na příští fakturu",
                "podpora na místě každý týden",
                "nově nabízíme i podporu na místě",
            ],
            Language::Pl => [
                "opóźniona instalacja",
                "technik na miejscu co tydzień",
                "Warunki taryfy Standard, pkt 4",
                "zdalne wsparcie w ciągu 4 godzin",
                "jedno użycie na klienta, tylko przy pierwszym zamówieniu",
                "rabat na następnej fakturze",
                "wsparcie na miejscu co tydzień",
                "oferujemy teraz także wsparcie na miejscu",
            ],
            Language::Ru => [
                "задержка подключения",
                "выезд техника каждую неделю",
                "Условия тарифа Стандарт, п. 4",
                "удалённая поддержка в течение 4 часов",
                "одно использование на клиента, только при первом заказе",
                "скидка на следующий счёт",
                "еженедельный выезд специалиста",
                "теперь мы предлагаем и выездную поддержку",
            ],
            Language::Uk => [
                "затримка підключення",
                "виїзд техніка щотижня",
                "Умови тарифу Стандарт, п. 4",
                "віддалена підтримка протягом 4 годин",
                "одне використання на клієнта, лише для першого замовлення",
                "знижка на наступний рахунок",
                "щотижневий виїзд спеціаліста",
                "тепер ми пропонуємо й виїзну підтримку",
            ],
            Language::De => [
                "verspätete Installation",
                "wöchentlich ein Techniker vor Ort",
                "Bedingungen des Tarifs Standard, Abschnitt 4",
                "Fernsupport innerhalb von 4 Stunden",
                "eine Nutzung pro Kunde, nur bei der ersten Bestellung",
                "eine Gutschrift auf Ihrer nächsten Rechnung",
                "wöchentlicher Support vor Ort",
                "wir bieten jetzt auch Support vor Ort an",
            ],
        };
        let [topic, request, terms, instead, rule, remedy, cannot, news] =
            texts.map(|t| Some(t.to_string()));
        facts.topic = topic;
        facts.request = request;
        facts.terms_reference = terms;
        facts.what_we_can_do = instead;
        facts.promotion_rule = rule;
        facts.remedy = remedy;
        facts.cannot_do = cannot;
        facts.news = news;
        let currency = match language {
            Language::Cs => "CZK",
            Language::Pl => "PLN",
            Language::Ru => "RUB",
            Language::Uk => "UAH",
            Language::En | Language::De => "EUR",
        };
        if let Some(amount) = facts.amount.as_mut() {
            amount.currency = currency.to_string();
        }
        if let Some(terms) = facts.exit_terms.as_mut() {
            terms.currency = currency.to_string();
        }
        facts
    }
}

/// A rendered script, complete and ready to send.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Script {
    pub situation: Situation,
    pub language: Language,
    pub subject: String,
    pub body: String,
}

impl Script {
    /// The script as attached to a case step.
    pub fn to_sent_message(&self) -> SentMessage {
        SentMessage {
            situation: self.situation.as_str().to_string(),
            language: self.language.tag().to_string(),
            subject: self.subject.clone(),
            body: self.body.clone(),
        }
    }
}

/// Why a script could not be rendered or a template could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScriptError {
    #[error("unknown situation `{name}`: expected one of {}", Situation::ALL.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", "))]
    UnknownSituation { name: String },

    #[error("no templates for language `{tag}`: keepwise writes {}", Language::ALL.iter().map(|l| l.tag()).collect::<Vec<_>>().join(", "))]
    UnknownLanguage { tag: String },

    #[error(
        "the {origin} templates for `{language}` have a syntax error: {details}; fix the Fluent file and try again"
    )]
    Syntax {
        origin: &'static str,
        language: Language,
        details: String,
    },

    #[error(
        "the override for `{language}` defines `{id}`, which is not a keepwise message; override only existing messages (see docs/scripts.md)"
    )]
    UnknownMessage { language: Language, id: String },

    #[error(
        "the override for `{language}` message `{id}` uses the variable `${variable}`, which keepwise never provides; use one of the variables listed in docs/scripts.md"
    )]
    UnknownVariable {
        language: Language,
        id: String,
        variable: String,
    },

    #[error(
        "cannot write the `{situation}` script in `{language}`: the template needs `${variable}` ({}), which the facts do not give; provide it and try again",
        variable_meaning(variable)
    )]
    MissingVariable {
        situation: Situation,
        language: Language,
        variable: String,
    },

    #[error(
        "cannot write the `{situation}` script in `{language}`: message `{id}` is missing from the templates"
    )]
    MissingMessage {
        situation: Situation,
        language: Language,
        id: String,
    },

    #[error("cannot write the `{situation}` script in `{language}`: {details}")]
    Render {
        situation: Situation,
        language: Language,
        details: String,
    },
}

fn variable_meaning(name: &str) -> &'static str {
    VARIABLES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, m)| *m)
        .unwrap_or("a variable keepwise does not know")
}

/// The message templates of every language, built in and optionally overridden.
pub struct ScriptCatalog {
    bundles: Vec<(Language, FluentBundle<FluentResource>)>,
}

impl std::fmt::Debug for ScriptCatalog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ScriptCatalog")
            .field(
                "languages",
                &self.bundles.iter().map(|(l, _)| *l).collect::<Vec<_>>(),
            )
            .finish()
    }
}

impl ScriptCatalog {
    /// The built-in templates of every language.
    pub fn builtin() -> ScriptCatalog {
        let bundles = Language::ALL
            .iter()
            .map(|&language| {
                let resource = parse(language.source().to_string(), "built-in", language)
                    .unwrap_or_else(|e| panic!("built-in templates are checked by the tests: {e}"));
                let mut bundle = new_bundle(language);
                bundle.add_resource(resource).unwrap_or_else(|e| {
                    panic!("built-in templates for {language} define a message twice: {e:?}")
                });
                (language, bundle)
            })
            .collect();
        ScriptCatalog { bundles }
    }

    /// The built-in templates with a business's overrides: `(language tag, Fluent source)`
    /// pairs, usually read from `<templates_dir>/<lang>/scripts.ftl`. Each override may
    /// replace any built-in message. Syntax errors, unknown message ids and unknown
    /// variables are refused here, at load time, rather than in front of a customer.
    pub fn with_overrides(files: Vec<(String, String)>) -> Result<ScriptCatalog, ScriptError> {
        let mut catalog = ScriptCatalog::builtin();
        let known = builtin_message_ids();
        let known_variables: BTreeSet<&str> = VARIABLES.iter().map(|(name, _)| *name).collect();
        for (tag, source) in files {
            let language = Language::from_tag(&tag)
                .ok_or(ScriptError::UnknownLanguage { tag: tag.clone() })?;
            let resource = parse(source, "override", language)?;
            for entry in resource.entries() {
                let ast::Entry::Message(message) = entry else {
                    continue;
                };
                let id = message.id.name.to_string();
                if !known.contains(&id) {
                    return Err(ScriptError::UnknownMessage { language, id });
                }
                let mut used = Vec::new();
                if let Some(pattern) = &message.value {
                    pattern_variables(pattern, &mut used);
                }
                if let Some(variable) = used
                    .into_iter()
                    .find(|v| !known_variables.contains(v.as_str()))
                {
                    return Err(ScriptError::UnknownVariable {
                        language,
                        id,
                        variable,
                    });
                }
            }
            let bundle = catalog.bundle_mut(language);
            bundle.add_resource_overriding(resource);
        }
        // Every situation must still render completely with full facts in every language.
        let facts = ScriptFacts::example();
        for &language in Language::ALL {
            for &situation in Situation::ALL {
                catalog.render(situation, language, &facts)?;
            }
        }
        Ok(catalog)
    }

    /// Renders one situation's message in one language, completely or not at all.
    pub fn render(
        &self,
        situation: Situation,
        language: Language,
        facts: &ScriptFacts,
    ) -> Result<Script, ScriptError> {
        let bundle = self.bundle(language);
        let args = facts.args(language);
        let render_one = |id: String| -> Result<String, ScriptError> {
            let message = bundle
                .get_message(&id)
                .ok_or_else(|| ScriptError::MissingMessage {
                    situation,
                    language,
                    id: id.clone(),
                })?;
            let pattern = message.value().ok_or_else(|| ScriptError::MissingMessage {
                situation,
                language,
                id: id.clone(),
            })?;
            let mut errors = Vec::new();
            let text = bundle
                .format_pattern(pattern, Some(&args), &mut errors)
                .into_owned();
            if let Some(error) = errors.into_iter().next() {
                return Err(render_error(situation, language, error));
            }
            Ok(tidy(&text))
        };
        let subject = render_one(situation.subject_id())?;
        let body = render_one(situation.body_id())?;
        Ok(Script {
            situation,
            language,
            subject,
            body,
        })
    }

    fn bundle(&self, language: Language) -> &FluentBundle<FluentResource> {
        &self
            .bundles
            .iter()
            .find(|(l, _)| *l == language)
            .expect("every language has a bundle")
            .1
    }

    fn bundle_mut(&mut self, language: Language) -> &mut FluentBundle<FluentResource> {
        &mut self
            .bundles
            .iter_mut()
            .find(|(l, _)| *l == language)
            .expect("every language has a bundle")
            .1
    }
}

fn new_bundle(language: Language) -> FluentBundle<FluentResource> {
    let id: LanguageIdentifier = language.tag().parse().expect("language tags are valid");
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // Unicode isolation marks around placeables would end up in e-mails as invisible characters.
    bundle.set_use_isolating(false);
    bundle
}

fn parse(
    source: String,
    origin: &'static str,
    language: Language,
) -> Result<FluentResource, ScriptError> {
    FluentResource::try_new(source).map_err(|(resource, errors)| {
        let text = resource.source();
        let details: Vec<String> = errors
            .iter()
            .map(|e| {
                // The slice starts at the broken entry, which is where a person looks for the mistake.
                let at = e.slice.as_ref().map_or(e.pos.start, |slice| slice.start);
                let line = text[..at.min(text.len())].matches('\n').count() + 1;
                format!("line {line}: {}", e.kind)
            })
            .collect();
        ScriptError::Syntax {
            origin,
            language,
            details: details.join("; "),
        }
    })
}

fn builtin_message_ids() -> BTreeSet<String> {
    let resource = FluentResource::try_new(Language::En.source().to_string())
        .expect("built-in English parses");
    resource
        .entries()
        .filter_map(|entry| match entry {
            ast::Entry::Message(message) => Some(message.id.name.to_string()),
            _ => None,
        })
        .collect()
}

fn render_error(situation: Situation, language: Language, error: FluentError) -> ScriptError {
    use fluent_bundle::resolver::{ResolverError, errors::ReferenceKind};
    match error {
        FluentError::ResolverError(ResolverError::Reference(ReferenceKind::Variable { id })) => {
            ScriptError::MissingVariable {
                situation,
                language,
                variable: id,
            }
        }
        other => ScriptError::Render {
            situation,
            language,
            details: other.to_string(),
        },
    }
}

/// Removes the blank lines left by empty optional paragraphs and trailing spaces.
fn tidy(text: &str) -> String {
    let mut out = String::new();
    let mut blank_run = 0;
    for line in text.lines() {
        let line = line.trim_end();
        if line.is_empty() {
            blank_run += 1;
            if blank_run > 1 {
                continue;
            }
        } else {
            blank_run = 0;
        }
        out.push_str(line);
        out.push('\n');
    }
    out.trim().to_string()
}

fn pattern_variables(pattern: &ast::Pattern<&str>, out: &mut Vec<String>) {
    for element in &pattern.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            expression_variables(expression, out);
        }
    }
}

fn expression_variables(expression: &ast::Expression<&str>, out: &mut Vec<String>) {
    match expression {
        ast::Expression::Inline(inline) => inline_variables(inline, out),
        ast::Expression::Select { selector, variants } => {
            inline_variables(selector, out);
            for variant in variants {
                pattern_variables(&variant.value, out);
            }
        }
    }
}

fn inline_variables(inline: &ast::InlineExpression<&str>, out: &mut Vec<String>) {
    match inline {
        ast::InlineExpression::VariableReference { id } => out.push(id.name.to_string()),
        ast::InlineExpression::FunctionReference { arguments, .. } => {
            for argument in &arguments.positional {
                inline_variables(argument, out);
            }
            for argument in &arguments.named {
                inline_variables(&argument.value, out);
            }
        }
        ast::InlineExpression::Placeable { expression } => expression_variables(expression, out),
        _ => {}
    }
}

#[cfg(test)]
mod tests;
