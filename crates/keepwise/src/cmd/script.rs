//! `keepwise script SITUATION --customer ID [--lang xx]`: the message for a situation,
//! in the customer's language, filled with their facts.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context as _, Result, bail};
use chrono::{DateTime, Days, NaiveDate, Utc};
use keepwise_core::cases::CustomerStatus;
use keepwise_core::config::Settings;
use keepwise_core::exit_terms::{exit_terms, whole_months_between};
use keepwise_core::records::CustomerHistory;
use keepwise_core::scripts::{
    Language, Money, Script, ScriptCatalog, ScriptError, ScriptFacts, Situation,
};
use keepwise_store::{CaseStore, CustomerStore, Store};
use rust_decimal::Decimal;

use crate::context::Context;

/// Facts given on the command line; everything else comes from the store and settings.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct FactArgs {
    /// What the conversation is about, in the customer's language.
    #[arg(long)]
    pub topic: Option<String>,
    /// What the customer asked for (explain_terms).
    #[arg(long)]
    pub request: Option<String>,
    /// The terms the request was checked against (explain_terms).
    #[arg(long)]
    pub terms_reference: Option<String>,
    /// What the business can do instead (explain_terms, decline_exception).
    #[arg(long)]
    pub instead: Option<String>,
    /// The promotion's name (decline_exception).
    #[arg(long)]
    pub promotion_name: Option<String>,
    /// The promotion's rule, quoted from its terms (decline_exception).
    #[arg(long)]
    pub promotion_rule: Option<String>,
    /// What is offered to put things right (offer_remedy).
    #[arg(long)]
    pub remedy: Option<String>,
    /// The remedy's amount, in --currency (offer_remedy).
    #[arg(long)]
    pub amount: Option<Decimal>,
    /// Currency of --amount (ISO 4217); default: the customer's contract currency or EUR.
    #[arg(long)]
    pub currency: Option<String>,
    /// The contract whose exit terms are offered (offer_exit); default: the customer's running contract.
    #[arg(long)]
    pub contract: Option<String>,
    /// What the business cannot provide (farewell).
    #[arg(long)]
    pub cannot_do: Option<String>,
    /// Another supplier or option (farewell); repeat for several.
    #[arg(long = "alternative")]
    pub alternatives: Vec<String>,
    /// Last day of service (farewell); default: 30 days from today.
    #[arg(long)]
    pub end_date: Option<NaiveDate>,
    /// First day without service (refuse_service); default: today.
    #[arg(long)]
    pub effective_date: Option<NaiveDate>,
    /// Where a review was posted (review_reply).
    #[arg(long)]
    pub review_source: Option<String>,
    /// What changed since the customer left (follow_up).
    #[arg(long)]
    pub news: Option<String>,
    /// Whether the business caused the problem; default: the `company_fault` signal of the customer's case.
    #[arg(long)]
    pub at_fault: Option<bool>,
    /// When the paused conversation resumes (pause); default: in 2 days.
    #[arg(long)]
    pub resume_on: Option<NaiveDate>,
}

#[derive(Debug, clap::Args)]
pub struct ScriptArgs {
    /// acknowledge | pause | explain_terms | decline_exception | offer_remedy | offer_exit | farewell | refuse_service | review_reply | follow_up
    pub situation: String,
    /// The customer the message is for.
    #[arg(long)]
    pub customer: String,
    /// Write in this language instead of the customer's (en, cs, pl, ru, uk, de).
    #[arg(long)]
    pub lang: Option<String>,
    /// The staff member who signs the message.
    #[arg(long = "as", value_name = "STAFF_ID")]
    pub actor: String,
    #[command(flatten)]
    pub facts: FactArgs,
}

/// Loads the templates: built in, with the overrides of `[scripts] templates_dir`
/// (`<dir>/<lang>/scripts.ftl`, relative to the settings file's folder).
pub fn catalog(settings: &Settings, base: &Path) -> Result<ScriptCatalog> {
    let Some(dir) = &settings.scripts.templates_dir else {
        return Ok(ScriptCatalog::builtin());
    };
    let dir = base.join(dir);
    if !dir.is_dir() {
        bail!(
            "[scripts] templates_dir {} is not a folder; create it or remove the setting",
            dir.display()
        );
    }
    let mut files = Vec::new();
    for &language in Language::ALL {
        let path = dir.join(language.tag()).join("scripts.ftl");
        if path.is_file() {
            let source = std::fs::read_to_string(&path)
                .with_context(|| format!("reading {}", path.display()))?;
            files.push((language.tag().to_string(), source));
        }
    }
    ScriptCatalog::with_overrides(files)
        .with_context(|| format!("loading the templates of {}", dir.display()))
}

/// The facts of one customer for a script: settings, the signing staff member, the
/// customer's records and standing, and the command line.
pub async fn facts_for(
    store: &Store,
    settings: &Settings,
    history: &CustomerHistory,
    staff_name: &str,
    args: &FactArgs,
    now: DateTime<Utc>,
) -> Result<ScriptFacts> {
    let today = now.date_naive();
    let customer = history
        .customer
        .as_ref()
        .context("the customer's record is missing")?;
    let status = store.customer_status(&customer.customer_id).await?;
    let running = store.running_case(&customer.customer_id).await?;
    let case_fault = match running {
        Some(id) => store.case(&id).await?.evidence_has_signal("company_fault"),
        None => false,
    };
    let business_name = settings.scripts.business_name.clone().context(
        "messages are signed with the business's name: set `business_name` under [scripts] in keepwise.toml",
    )?;
    let contract = match &args.contract {
        Some(id) => Some(
            history
                .contracts
                .iter()
                .find(|c| &c.contract_id == id)
                .with_context(|| {
                    format!(
                        "contract '{id}' is not one of customer '{}''s contracts",
                        customer.customer_id
                    )
                })?,
        ),
        None => history
            .contracts
            .iter()
            .filter(|c| c.ended_at.is_none_or(|end| end > today))
            .max_by_key(|c| c.start_date),
    };
    let currency = args
        .currency
        .clone()
        .or_else(|| contract.map(|c| c.currency.clone()))
        .or_else(|| history.orders.last().map(|o| o.currency.clone()))
        .unwrap_or_else(|| "EUR".to_string());
    let process = &settings.process;
    let (refusal_ground, months_since) = match &status {
        CustomerStatus::DoNotServe(record) => (Some(record.ground), None),
        CustomerStatus::Parted { since, .. } => (None, Some(whole_months_between(*since, today))),
        CustomerStatus::Active => (None, None),
    };
    Ok(ScriptFacts {
        customer_name: customer.name.clone(),
        business_name,
        staff_name: staff_name.to_string(),
        business_at_fault: args.at_fault.unwrap_or(case_fault),
        topic: args.topic.clone(),
        reply_by: Some(add_days(today, process.reply_within_days)),
        resume_on: Some(args.resume_on.unwrap_or(add_days(today, 2))),
        request: args.request.clone(),
        terms_reference: args.terms_reference.clone(),
        what_we_can_do: args.instead.clone(),
        promotion_name: args.promotion_name.clone(),
        promotion_rule: args.promotion_rule.clone(),
        remedy: args.remedy.clone(),
        amount: args.amount.map(|amount| Money {
            amount,
            currency: currency.clone(),
        }),
        exit_terms: contract.map(|c| exit_terms(c, &history.usage, today)),
        valid_until: Some(add_days(today, process.exit_offer_days)),
        cannot_do: args.cannot_do.clone(),
        end_date: Some(args.end_date.unwrap_or(add_days(today, 30))),
        alternatives: args.alternatives.clone(),
        refusal_ground,
        effective_date: Some(args.effective_date.unwrap_or(today)),
        review_source: args.review_source.clone(),
        contact: settings.scripts.contact.clone(),
        months_since,
        news: args.news.clone(),
    })
}

/// Renders a script, turning a missing fact into the option that provides it.
pub fn render(
    catalog: &ScriptCatalog,
    situation: Situation,
    language: Language,
    facts: &ScriptFacts,
) -> Result<Script> {
    catalog.render(situation, language, facts).map_err(|error| {
        let hint = match &error {
            ScriptError::MissingVariable { variable, .. } => flag_for(variable),
            _ => None,
        };
        match hint {
            Some(hint) => anyhow::anyhow!("{error} ({hint})"),
            None => anyhow::Error::new(error),
        }
    })
}

fn flag_for(variable: &str) -> Option<&'static str> {
    Some(match variable {
        "topic" => "give it with --topic",
        "request" => "give it with --request",
        "terms_reference" => "give it with --terms-reference",
        "what_we_can_do" => "give it with --instead",
        "promotion_name" => "give it with --promotion-name",
        "promotion_rule" => "give it with --promotion-rule",
        "remedy" => "give it with --remedy",
        "cannot_do" => "give it with --cannot-do",
        "alternatives" => "name at least one with --alternative",
        "review_source" => "give it with --review-source",
        "contact" => "set `contact` under [scripts] in keepwise.toml",
        "ground" => "the customer has no approved refusal",
        "months_since" => "the customer has not parted",
        "term_months" | "months_elapsed" | "months_remaining" | "monthly_fee" | "upfront_cost"
        | "exit_fee" | "exit_fee_kind" | "remaining_fees" | "usage_days" | "usage_window"
        | "term_end" => "the customer has no running contract; name one with --contract",
        _ => return None,
    })
}

/// The language to write in: `--lang`, else the customer's, else English.
pub fn language(lang: Option<&str>, history: &CustomerHistory) -> Result<Language> {
    match lang {
        Some(tag) => Language::from_tag(tag).with_context(|| {
            format!("keepwise does not write `{tag}`: use one of en, cs, pl, ru, uk, de")
        }),
        None => Ok(Language::for_customer(
            history
                .customer
                .as_ref()
                .and_then(|c| c.language.as_deref()),
        )),
    }
}

fn add_days(day: NaiveDate, days: u32) -> NaiveDate {
    day.checked_add_days(Days::new(u64::from(days)))
        .unwrap_or(day)
}

/// The folder of the settings file: `[scripts] templates_dir` is relative to it.
pub fn config_dir(context: &Context) -> std::path::PathBuf {
    match context.config.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    }
}

/// `keepwise script …`
pub fn run(context: &Context, args: ScriptArgs) -> Result<ExitCode> {
    let situation: Situation = args.situation.parse()?;
    let store = context.existing_store()?;
    let settings = context.settings()?;
    let catalog = catalog(&settings, &config_dir(context))?;
    let now = Utc::now();
    context.block_on(async {
        let history = store
            .customer_history(&args.customer)
            .await
            .map_err(super::case::customer_hint)?;
        let language = language(args.lang.as_deref(), &history)?;
        let staff = store
            .staff_member(&args.actor)
            .await
            .map_err(super::case::staff_hint)?;
        let facts = facts_for(&store, &settings, &history, &staff.name, &args.facts, now).await?;
        let script = render(&catalog, situation, language, &facts)?;
        println!("Subject: {}\n\n{}", script.subject, script.body);
        Ok(ExitCode::SUCCESS)
    })
}
