//! `keepwise case …`: walking a case from concern to outcome, one checked step at a time.
//!
//! Each command loads the case, asks `keepwise_core::cases::apply` whether the step
//! is allowed, and stores the step with its audit entry. A refused step prints the
//! core's message, which says what is missing and what to do.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context as _, Result, anyhow};
use chrono::{DateTime, Months, NaiveDate, Utc};
use keepwise_core::cases::{
    self, Case, CaseCommand, CaseError, EvidenceItem, PostMortem, RefusalGround, Staff, StepAction,
    TrainingNeed, evidence::collect_evidence,
};
use keepwise_core::config::Settings;
use keepwise_core::scripts::Situation;
use keepwise_store::{AuditLog, CaseStore, CustomerStore, Store, StoreError};

use super::script::{FactArgs, catalog, config_dir, facts_for, language, render};
use crate::context::Context;
use crate::output::{Format, csv, table};

#[derive(Debug, clap::Args)]
pub struct CaseArgs {
    #[command(subcommand)]
    pub command: CaseCmd,
}

#[derive(Debug, clap::Subcommand)]
pub enum CaseCmd {
    /// Open a case about a customer; you own it.
    Open {
        customer: String,
        #[arg(long = "as", value_name = "STAFF_ID")]
        actor: String,
        /// Why the case is opened.
        #[arg(long)]
        reason: Option<String>,
    },
    /// Freeze the facts: the customer's telling records, plus signals and evidence you name.
    VerifyFacts {
        case: String,
        #[arg(long = "as", value_name = "STAFF_ID")]
        actor: String,
        /// A signal that holds (e.g. staff_abuse, concession_abuse, company_fault); repeat for several.
        #[arg(long = "signal")]
        signals: Vec<String>,
        /// A record as KIND:ID[:SUMMARY] (e.g. staff_report:r-17:threatened the courier); repeat for several.
        #[arg(long = "evidence")]
        evidence: Vec<String>,
    },
    /// Record what the customer actually wants.
    AskOutcome {
        case: String,
        #[arg(long = "as", value_name = "STAFF_ID")]
        actor: String,
        #[arg(long)]
        wanted: String,
    },
    /// Record an offer and its terms.
    Offer {
        case: String,
        #[arg(long = "as", value_name = "STAFF_ID")]
        actor: String,
        #[arg(long)]
        terms: String,
    },
    /// The customer accepted the offer.
    Accept {
        case: String,
        #[arg(long = "as", value_name = "STAFF_ID")]
        actor: String,
        #[arg(long)]
        note: Option<String>,
    },
    /// The customer declined the offer.
    Decline {
        case: String,
        #[arg(long = "as", value_name = "STAFF_ID")]
        actor: String,
        #[arg(long)]
        note: Option<String>,
    },
    /// The accepted offer was carried out; the customer stays.
    Resolve {
        case: String,
        #[arg(long = "as", value_name = "STAFF_ID")]
        actor: String,
        #[arg(long)]
        note: String,
    },
    /// Propose parting ways after a declined offer.
    ProposeParting {
        case: String,
        #[arg(long = "as", value_name = "STAFF_ID")]
        actor: String,
        #[arg(long)]
        reason: String,
    },
    /// Approve the proposed parting (a manager who does not own the case; irreversible).
    Approve {
        case: String,
        #[arg(long = "as", value_name = "STAFF_ID")]
        actor: String,
        #[arg(long)]
        confirm: bool,
    },
    /// Send the farewell script to the customer (irreversible); the message is attached to the case.
    SendFarewell {
        case: String,
        #[arg(long = "as", value_name = "STAFF_ID")]
        actor: String,
        #[arg(long)]
        confirm: bool,
        #[arg(long)]
        lang: Option<String>,
        #[command(flatten)]
        facts: FactArgs,
    },
    /// Schedule the keep-in-touch follow-up; default: [process] follow_up_months from today.
    ScheduleFollowUp {
        case: String,
        #[arg(long = "as", value_name = "STAFF_ID")]
        actor: String,
        #[arg(long)]
        date: Option<NaiveDate>,
    },
    /// Record the post-mortem: root cause, business at fault, training needed.
    PostMortem {
        case: String,
        #[arg(long = "as", value_name = "STAFF_ID")]
        actor: String,
        #[arg(long)]
        root_cause: String,
        /// Was the business at fault?
        #[arg(long, value_name = "true|false", action = clap::ArgAction::Set, required = true)]
        at_fault: bool,
        /// WHO:TOPIC, WHO a team or an agent's staff id; repeat for several.
        #[arg(long = "training")]
        training: Vec<String>,
    },
    /// Close a parted or refused case (needs the post-mortem; irreversible).
    Close {
        case: String,
        #[arg(long = "as", value_name = "STAFF_ID")]
        actor: String,
        #[arg(long)]
        confirm: bool,
    },
    /// Approve refusing service: staff abuse or fraud-like extraction only (a manager; irreversible).
    ApproveRefusal {
        case: String,
        #[arg(long = "as", value_name = "STAFF_ID")]
        actor: String,
        #[arg(long, value_name = "staff_abuse|fraud_like_extraction")]
        ground: String,
        #[arg(long)]
        reason: String,
        /// When the do-not-serve status is reviewed; default: [process] refusal_review_months from today.
        #[arg(long)]
        review_date: Option<NaiveDate>,
        #[arg(long)]
        confirm: bool,
    },
    /// Send the refusal script to the customer (irreversible); the message is attached to the case.
    SendRefusal {
        case: String,
        #[arg(long = "as", value_name = "STAFF_ID")]
        actor: String,
        #[arg(long)]
        confirm: bool,
        #[arg(long)]
        lang: Option<String>,
        #[command(flatten)]
        facts: FactArgs,
    },
    /// The customer left on their own; closes the case as lost, with its post-mortem.
    CustomerLeft {
        case: String,
        #[arg(long = "as", value_name = "STAFF_ID")]
        actor: String,
        #[arg(long)]
        note: String,
        #[arg(long)]
        root_cause: String,
        /// Was the business at fault?
        #[arg(long, value_name = "true|false", action = clap::ArgAction::Set, required = true)]
        at_fault: bool,
        #[arg(long = "training")]
        training: Vec<String>,
        #[arg(long)]
        confirm: bool,
    },
    /// Show a case: state, what can be done next, evidence, history and audit log.
    Show {
        case: String,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Walk a sample case for a customer from open to closed, as `keepwise demo` does:
    /// every command as you would type it, and what keepwise answers.
    Demo { customer: String },
    /// List cases, newest first.
    List {
        #[arg(long)]
        customer: Option<String>,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
}

/// `keepwise case …`
pub fn run(context: &Context, args: CaseArgs) -> Result<ExitCode> {
    let store = context.existing_store()?;
    let settings = context.settings()?;
    let base = config_dir(context);
    context.block_on(run_command(
        &store,
        &settings,
        &base,
        args.command,
        Utc::now(),
    ))?;
    Ok(ExitCode::SUCCESS)
}

/// Adds the way out to a missing customer.
pub fn customer_hint(error: StoreError) -> anyhow::Error {
    match error {
        StoreError::NotFound(what) if what.starts_with("customer") => {
            anyhow!("{what} not found: import the customer first (`keepwise import DIR`)")
        }
        other => other.into(),
    }
}

/// Adds the way out to a missing staff member.
pub fn staff_hint(error: StoreError) -> anyhow::Error {
    match error {
        StoreError::NotFound(what) if what.starts_with("staff member") => anyhow!(
            "{what} not found: add them with `keepwise staff add ID --name NAME --role agent|manager|admin`"
        ),
        other => other.into(),
    }
}

async fn load(store: &Store, case_id: &str) -> Result<Case> {
    store.case(case_id).await.map_err(|error| match error {
        StoreError::NotFound(what) => {
            anyhow!("{what} not found: list the cases with `keepwise case list`")
        }
        other => other.into(),
    })
}

async fn actor(store: &Store, staff_id: &str) -> Result<Staff> {
    store.staff_member(staff_id).await.map_err(staff_hint)
}

/// Applies one step and stores it; prints where the case stands.
async fn step(
    store: &Store,
    case: &Case,
    command: CaseCommand,
    actor: &Staff,
    now: DateTime<Utc>,
) -> Result<Case> {
    let transition = cases::apply(case, command, actor, now).map_err(refused)?;
    store.save_transition(&transition).await?;
    let case = transition.case;
    println!(
        "{}: {} → {}",
        case.case_id,
        transition.step.from.map_or("-", |s| s.as_str()),
        case.state
    );
    if let Some(outcome) = case.outcome {
        println!("outcome: {outcome}");
    }
    println!("next: {}", case.state.next_steps());
    Ok(case)
}

fn refused(error: CaseError) -> anyhow::Error {
    anyhow!("refused: {error}")
}

fn training(texts: &[String], staff: &[Staff]) -> Result<Vec<TrainingNeed>> {
    let ids: Vec<&str> = staff.iter().map(|s| s.staff_id.as_str()).collect();
    texts
        .iter()
        .map(|t| TrainingNeed::parse(t, &ids).map_err(|e| anyhow!(e)))
        .collect()
}

fn add_months(day: NaiveDate, months: u32) -> NaiveDate {
    day.checked_add_months(Months::new(months)).unwrap_or(day)
}

/// Runs one case command against the store at `now`.
pub async fn run_command(
    store: &Store,
    settings: &Settings,
    base: &Path,
    command: CaseCmd,
    now: DateTime<Utc>,
) -> Result<()> {
    let today = now.date_naive();
    match command {
        CaseCmd::Open {
            customer,
            actor: who,
            reason,
        } => {
            let owner = actor(store, &who).await?;
            store
                .customer_history(&customer)
                .await
                .map_err(customer_hint)?;
            if let Some(running) = store.running_case(&customer).await? {
                return Err(anyhow!(
                    "customer '{customer}' already has a running case, {running}: continue it (`keepwise case show {running}`)"
                ));
            }
            let case_id = store.next_case_id().await?;
            let (case, first) = cases::open(&case_id, &customer, reason.as_deref(), &owner, now)
                .map_err(refused)?;
            store.save_opened_case(&case, &first).await?;
            println!(
                "{case_id}: opened for customer {customer}, owned by {}",
                owner.staff_id
            );
            println!("next: {}", case.state.next_steps());
        }
        CaseCmd::VerifyFacts {
            case,
            actor: who,
            signals,
            evidence,
        } => {
            let case = load(store, &case).await?;
            let staff = actor(store, &who).await?;
            let history = store.customer_history(&case.customer_id).await?;
            let mut frozen =
                collect_evidence(&history, &signals, today, settings.value.window_days);
            for text in &evidence {
                frozen
                    .items
                    .push(EvidenceItem::parse(text).map_err(|e| anyhow!(e))?);
            }
            let count = frozen.items.len();
            let case = step(
                store,
                &case,
                CaseCommand::VerifyFacts { evidence: frozen },
                &staff,
                now,
            )
            .await?;
            println!(
                "frozen: {} signal(s), {count} record(s)",
                case.evidence.as_ref().map_or(0, |e| e.signals.len())
            );
        }
        CaseCmd::AskOutcome {
            case,
            actor: who,
            wanted,
        } => {
            step(
                store,
                &load(store, &case).await?,
                CaseCommand::AskOutcome { wanted },
                &actor(store, &who).await?,
                now,
            )
            .await?;
        }
        CaseCmd::Offer {
            case,
            actor: who,
            terms,
        } => {
            step(
                store,
                &load(store, &case).await?,
                CaseCommand::MakeOffer { terms },
                &actor(store, &who).await?,
                now,
            )
            .await?;
        }
        CaseCmd::Accept {
            case,
            actor: who,
            note,
        } => {
            step(
                store,
                &load(store, &case).await?,
                CaseCommand::Accept { note },
                &actor(store, &who).await?,
                now,
            )
            .await?;
        }
        CaseCmd::Decline {
            case,
            actor: who,
            note,
        } => {
            step(
                store,
                &load(store, &case).await?,
                CaseCommand::Decline { note },
                &actor(store, &who).await?,
                now,
            )
            .await?;
        }
        CaseCmd::Resolve {
            case,
            actor: who,
            note,
        } => {
            step(
                store,
                &load(store, &case).await?,
                CaseCommand::Resolve { note },
                &actor(store, &who).await?,
                now,
            )
            .await?;
        }
        CaseCmd::ProposeParting {
            case,
            actor: who,
            reason,
        } => {
            let command = CaseCommand::ProposeParting { reason };
            step(
                store,
                &load(store, &case).await?,
                command,
                &actor(store, &who).await?,
                now,
            )
            .await?;
        }
        CaseCmd::Approve {
            case,
            actor: who,
            confirm,
        } => {
            let command = CaseCommand::ApproveParting { confirmed: confirm };
            step(
                store,
                &load(store, &case).await?,
                command,
                &actor(store, &who).await?,
                now,
            )
            .await?;
        }
        CaseCmd::SendFarewell {
            case,
            actor: who,
            confirm,
            lang,
            facts,
        } => {
            let case = load(store, &case).await?;
            let staff = actor(store, &who).await?;
            let message = message(
                store,
                settings,
                base,
                &case,
                &staff,
                Situation::Farewell,
                lang,
                &facts,
                now,
            )
            .await?;
            let command = CaseCommand::SendFarewell {
                message: message.clone(),
                confirmed: confirm,
            };
            step(store, &case, command, &staff, now).await?;
            println!("\nSubject: {}\n\n{}", message.subject, message.body);
        }
        CaseCmd::ScheduleFollowUp {
            case,
            actor: who,
            date,
        } => {
            let date = date.unwrap_or_else(|| add_months(today, settings.process.follow_up_months));
            let case = step(
                store,
                &load(store, &case).await?,
                CaseCommand::ScheduleFollowUp { date },
                &actor(store, &who).await?,
                now,
            )
            .await?;
            println!("follow up with {} on {date}", case.customer_id);
        }
        CaseCmd::PostMortem {
            case,
            actor: who,
            root_cause,
            at_fault,
            training: needs,
        } => {
            let training = training(&needs, &store.all_staff().await?)?;
            let post_mortem = PostMortem {
                root_cause,
                business_at_fault: at_fault,
                training,
            };
            let command = CaseCommand::RecordPostMortem { post_mortem };
            step(
                store,
                &load(store, &case).await?,
                command,
                &actor(store, &who).await?,
                now,
            )
            .await?;
        }
        CaseCmd::Close {
            case,
            actor: who,
            confirm,
        } => {
            let command = CaseCommand::Close { confirmed: confirm };
            step(
                store,
                &load(store, &case).await?,
                command,
                &actor(store, &who).await?,
                now,
            )
            .await?;
        }
        CaseCmd::ApproveRefusal {
            case,
            actor: who,
            ground,
            reason,
            review_date,
            confirm,
        } => {
            let ground: RefusalGround = ground.parse().map_err(|e: String| anyhow!(e))?;
            let review_date = review_date
                .unwrap_or_else(|| add_months(today, settings.process.refusal_review_months));
            let command = CaseCommand::ApproveRefusal {
                ground,
                reason,
                review_date,
                confirmed: confirm,
            };
            let case = step(
                store,
                &load(store, &case).await?,
                command,
                &actor(store, &who).await?,
                now,
            )
            .await?;
            println!(
                "customer {} is now do_not_serve (review on {review_date})",
                case.customer_id
            );
        }
        CaseCmd::SendRefusal {
            case,
            actor: who,
            confirm,
            lang,
            facts,
        } => {
            let case = load(store, &case).await?;
            let staff = actor(store, &who).await?;
            let message = message(
                store,
                settings,
                base,
                &case,
                &staff,
                Situation::RefuseService,
                lang,
                &facts,
                now,
            )
            .await?;
            let command = CaseCommand::SendRefusal {
                message: message.clone(),
                confirmed: confirm,
            };
            step(store, &case, command, &staff, now).await?;
            println!("\nSubject: {}\n\n{}", message.subject, message.body);
        }
        CaseCmd::CustomerLeft {
            case,
            actor: who,
            note,
            root_cause,
            at_fault,
            training: needs,
            confirm,
        } => {
            let training = training(&needs, &store.all_staff().await?)?;
            let post_mortem = PostMortem {
                root_cause,
                business_at_fault: at_fault,
                training,
            };
            let command = CaseCommand::CustomerLeft {
                note,
                post_mortem,
                confirmed: confirm,
            };
            step(
                store,
                &load(store, &case).await?,
                command,
                &actor(store, &who).await?,
                now,
            )
            .await?;
        }
        CaseCmd::Show { case, format } => show(store, &case, format).await?,
        CaseCmd::Demo { customer } => {
            Box::pin(demo_walk(store, settings, base, &customer, now)).await?
        }
        CaseCmd::List { customer, format } => {
            let cases = store.case_summaries(customer.as_deref()).await?;
            let header = [
                "case", "customer", "owner", "state", "outcome", "opened", "updated",
            ];
            let rows = cases
                .iter()
                .map(|c| {
                    vec![
                        c.case_id.clone(),
                        c.customer_id.clone(),
                        c.owner.clone(),
                        c.state.to_string(),
                        c.outcome.map(|o| o.to_string()).unwrap_or_default(),
                        c.opened_at.to_rfc3339(),
                        c.updated_at.to_rfc3339(),
                    ]
                })
                .collect::<Vec<_>>();
            match format {
                Format::Json => println!("{}", serde_json::to_string_pretty(&cases)?),
                Format::Csv => print!("{}", csv(&header, &rows)?),
                Format::Table if cases.is_empty() => println!(
                    "no cases yet: open one with `keepwise case open CUSTOMER --as STAFF_ID`"
                ),
                Format::Table => print!("{}", table(&header, &rows)),
            }
        }
    }
    Ok(())
}

/// Renders the script a step sends, in the customer's language (or `--lang`).
#[allow(clippy::too_many_arguments)]
async fn message(
    store: &Store,
    settings: &Settings,
    base: &Path,
    case: &Case,
    staff: &Staff,
    situation: Situation,
    lang: Option<String>,
    facts: &FactArgs,
    now: DateTime<Utc>,
) -> Result<cases::SentMessage> {
    let history = store.customer_history(&case.customer_id).await?;
    let language = language(lang.as_deref(), &history)?;
    let facts = facts_for(store, settings, &history, &staff.name, facts, now).await?;
    let script = render(&catalog(settings, base)?, situation, language, &facts)
        .with_context(|| format!("writing the {situation} message of case {}", case.case_id))?;
    Ok(script.to_sent_message())
}

async fn show(store: &Store, case_id: &str, format: Format) -> Result<()> {
    let case = load(store, case_id).await?;
    let audit = store.audit_entries(Some(case_id)).await?;
    if format != Format::Table {
        let value = serde_json::json!({ "case": case, "audit": audit });
        println!("{}", serde_json::to_string_pretty(&value)?);
        return Ok(());
    }
    println!(
        "case {}  customer {}  owner {}",
        case.case_id, case.customer_id, case.owner
    );
    println!(
        "state: {}{}",
        case.state,
        case.outcome.map(|o| format!(" ({o})")).unwrap_or_default()
    );
    println!("next: {}", case.state.next_steps());
    if let Some(reason) = &case.reason {
        println!("reason: {reason}");
    }
    if let Some(evidence) = &case.evidence {
        println!("\nevidence (frozen at facts_verified):");
        if !evidence.signals.is_empty() {
            println!("  signals: {}", evidence.signals.join(", "));
        }
        for item in &evidence.items {
            println!("  {} {}: {}", item.kind.as_str(), item.id, item.summary);
        }
    }
    if let Some(wanted) = &case.wanted_outcome {
        println!("\nthe customer wants: {wanted}");
    }
    for offer in &case.offers {
        let answer = offer
            .answer
            .map(|(a, at)| format!(" — {a:?} on {}", at.date_naive()))
            .unwrap_or_default();
        println!(
            "offer by {} on {}: {}{}",
            offer.made_by,
            offer.made_at.date_naive(),
            offer.terms,
            answer.to_lowercase()
        );
    }
    if let Some(refusal) = &case.refusal {
        println!(
            "do-not-serve: {} — {} (approved by {}, review on {})",
            refusal.ground, refusal.reason, refusal.approver, refusal.review_date
        );
    }
    if let Some(date) = case.follow_up {
        println!("follow-up: {date}");
    }
    if let Some(pm) = &case.post_mortem {
        println!(
            "post-mortem: {} (business at fault: {})",
            pm.root_cause,
            if pm.business_at_fault { "yes" } else { "no" }
        );
        for need in &pm.training {
            let who = match &need.who {
                keepwise_core::cases::TrainingFor::Team(team) => format!("team {team}"),
                keepwise_core::cases::TrainingFor::Agent(agent) => format!("agent {agent}"),
            };
            println!("  training for {who}: {}", need.topic);
        }
    }
    println!("\nhistory:");
    for step in &case.history {
        let detail = match &step.action {
            StepAction::SendFarewell { message } | StepAction::SendRefusal { message } => {
                format!(" — sent \"{}\" ({})", message.subject, message.language)
            }
            _ => String::new(),
        };
        println!(
            "  {:>2}. {}  {:<8} {:<7} {} → {}{detail}",
            step.seq,
            step.at.format("%Y-%m-%d %H:%M"),
            step.actor,
            step.actor_role,
            step.from.map_or("-", |s| s.as_str()),
            step.to
        );
    }
    println!("\naudit log:");
    for entry in &audit {
        println!(
            "  #{} {} {} {}",
            entry.entry_id, entry.at, entry.actor, entry.action
        );
    }
    Ok(())
}

/// Walks one case for `customer_id` from open to closed, printing each command as a
/// person would type it and what keepwise answers — including two steps the guards
/// refuse. For `keepwise demo`: it adds the demo staff `demo-agent` and
/// `demo-manager` when missing. Needs `[scripts] business_name` and `contact`.
pub async fn demo_walk(
    store: &Store,
    settings: &Settings,
    base: &Path,
    customer_id: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    for (id, name, role) in [
        (
            "demo-agent",
            "Dana Agent",
            keepwise_core::cases::Role::Agent,
        ),
        (
            "demo-manager",
            "Milan Manager",
            keepwise_core::cases::Role::Manager,
        ),
    ] {
        if store.staff_member(id).await.is_err() {
            let staff = Staff {
                staff_id: id.to_string(),
                name: name.to_string(),
                role,
                team: Some("care".into()),
            };
            store.save_staff(&staff, "demo", now).await?;
        }
    }
    store
        .customer_history(customer_id)
        .await
        .map_err(customer_hint)?;
    if let Some(running) = store.running_case(customer_id).await? {
        return Err(anyhow!(
            "customer '{customer_id}' already has a running case, {running}: walk the demo with another customer"
        ));
    }
    // The farewell is written in the customer's language, so its free text is too.
    let history = store.customer_history(customer_id).await?;
    let cannot_do = keepwise_core::scripts::ScriptFacts::example_in(language(None, &history)?)
        .cannot_do
        .unwrap_or_default();
    let case_id = store.next_case_id().await?;
    let agent = || "demo-agent".to_string();
    let c = || case_id.clone();
    let steps: Vec<(String, CaseCmd)> = vec![
        (
            format!(
                "case open {customer_id} --as demo-agent --reason \"pays for a contract it does not use\""
            ),
            CaseCmd::Open {
                customer: customer_id.to_string(),
                actor: agent(),
                reason: Some("pays for a contract it does not use".into()),
            },
        ),
        (
            format!("case verify-facts {case_id} --signal unused_contract --as demo-agent"),
            CaseCmd::VerifyFacts {
                case: c(),
                actor: agent(),
                signals: vec!["unused_contract".into()],
                evidence: vec![],
            },
        ),
        (
            format!(
                "case ask-outcome {case_id} --wanted \"to stop paying for it\" --as demo-agent"
            ),
            CaseCmd::AskOutcome {
                case: c(),
                actor: agent(),
                wanted: "to stop paying for it".into(),
            },
        ),
        (
            format!(
                "case offer {case_id} --terms \"pause the contract for three months at no charge\" --as demo-agent"
            ),
            CaseCmd::Offer {
                case: c(),
                actor: agent(),
                terms: "pause the contract for three months at no charge".into(),
            },
        ),
        (
            format!("case decline {case_id} --as demo-agent"),
            CaseCmd::Decline {
                case: c(),
                actor: agent(),
                note: None,
            },
        ),
        (
            format!(
                "case propose-parting {case_id} --reason \"has no use for the service\" --as demo-agent"
            ),
            CaseCmd::ProposeParting {
                case: c(),
                actor: agent(),
                reason: "has no use for the service".into(),
            },
        ),
        (
            format!(
                "case approve {case_id} --as demo-agent --confirm        # refused: a second person must approve"
            ),
            CaseCmd::Approve {
                case: c(),
                actor: agent(),
                confirm: true,
            },
        ),
        (
            format!("case approve {case_id} --as demo-manager --confirm"),
            CaseCmd::Approve {
                case: c(),
                actor: "demo-manager".into(),
                confirm: true,
            },
        ),
        (
            format!(
                "case send-farewell {case_id} --cannot-do \"{cannot_do}\" --alternative \"Beta Networks (beta.example)\" --as demo-agent --confirm"
            ),
            CaseCmd::SendFarewell {
                case: c(),
                actor: agent(),
                confirm: true,
                lang: None,
                facts: FactArgs {
                    alternatives: vec!["Beta Networks (beta.example)".into()],
                    cannot_do: Some(cannot_do.clone()),
                    ..FactArgs::default()
                },
            },
        ),
        (
            format!("case schedule-follow-up {case_id} --as demo-agent"),
            CaseCmd::ScheduleFollowUp {
                case: c(),
                actor: agent(),
                date: None,
            },
        ),
        (
            format!(
                "case close {case_id} --as demo-agent --confirm        # refused: the post-mortem is missing"
            ),
            CaseCmd::Close {
                case: c(),
                actor: agent(),
                confirm: true,
            },
        ),
        (
            format!(
                "case post-mortem {case_id} --root-cause \"sold a plan the customer did not need\" --at-fault true --training sales:qualifying needs --as demo-agent"
            ),
            CaseCmd::PostMortem {
                case: c(),
                actor: agent(),
                root_cause: "sold a plan the customer did not need".into(),
                at_fault: true,
                training: vec!["sales:qualifying needs".into()],
            },
        ),
        (
            format!("case close {case_id} --as demo-agent --confirm"),
            CaseCmd::Close {
                case: c(),
                actor: agent(),
                confirm: true,
            },
        ),
        (
            format!("case show {case_id}"),
            CaseCmd::Show {
                case: c(),
                format: Format::Table,
            },
        ),
    ];
    for (line, command) in steps {
        println!("\n$ keepwise {line}");
        if let Err(error) = Box::pin(run_command(store, settings, base, command, now)).await {
            println!("error: {error:#}");
        }
    }
    Ok(())
}
