//! `keepwise demo`: the main job on built-in data. Generates the default sample
//! into a fresh store, imports it, and walks through what keepwise does with it.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use keepwise_import::{ImportOptions, NoProgress};
use keepwise_sample::GenerateOptions;
use keepwise_store::CustomerStore;

use crate::context::Context;
use crate::output;

#[derive(Debug, clap::Args)]
pub struct DemoArgs {
    /// Folder for the demo's data set and store (replaced on every run).
    #[arg(long, default_value = "keepwise-demo", value_name = "DIR")]
    pub dir: PathBuf,
    /// Number of sample customers.
    #[arg(long, default_value_t = keepwise_sample::DEFAULT_CUSTOMERS)]
    pub customers: u64,
    /// Seed of the sample data.
    #[arg(long, default_value_t = keepwise_sample::DEFAULT_SEED)]
    pub seed: u64,
}

fn heading(text: &str) {
    println!("\n━━ {text} ━━\n");
}

pub fn run(context: &Context, args: DemoArgs) -> anyhow::Result<ExitCode> {
    let data = args.dir.join("data");
    // A fresh store every run: remove the old one and its WAL files.
    for suffix in ["", "-wal", "-shm"] {
        let mut path = context.db.clone().into_os_string();
        path.push(suffix);
        let path = PathBuf::from(path);
        if path.exists() {
            std::fs::remove_file(&path)
                .with_context(|| format!("cannot remove old demo store {}", path.display()))?;
        }
    }

    heading("1. Sample data");
    let options = GenerateOptions {
        customers: args.customers,
        seed: args.seed,
        ..GenerateOptions::default()
    };
    let summary = keepwise_sample::generate(&options, &data)
        .with_context(|| format!("cannot write the sample data into {}", data.display()))?;
    println!(
        "Generated {} customers of an imaginary business (seed {}) into {}:",
        args.customers,
        args.seed,
        data.display()
    );
    let rows: Vec<Vec<String>> = summary
        .files
        .iter()
        .map(|f| vec![f.file.to_string(), f.rows.to_string()])
        .collect();
    print!("{}", output::table(&["file", "rows"], &rows));

    heading("2. Import into the embedded store");
    let store = context.store()?;
    let report = context
        .block_on(keepwise_import::import_dir(
            &store,
            &data,
            &ImportOptions::default(),
            &NoProgress,
            &chrono::Utc::now,
        ))
        .context("the sample data did not import")?;
    println!(
        "Every rule of the canonical format checked; {} rows stored in one transaction (batch {}) in {}.",
        report.batch.rows_total,
        report.batch.batch_id,
        context.db.display()
    );
    let again = context
        .block_on(keepwise_import::import_dir(
            &store,
            &data,
            &ImportOptions::default(),
            &NoProgress,
            &chrono::Utc::now,
        ))
        .context("re-importing the sample data")?;
    let unchanged: u64 = again.batch.files.iter().map(|f| f.counts.unchanged).sum();
    let new: u64 = again
        .batch
        .files
        .iter()
        .map(|f| f.counts.new + f.counts.changed)
        .sum();
    println!(
        "Importing the same files again: {new} new or changed, {unchanged} unchanged (imports are idempotent)."
    );

    heading("3. What is stored");
    let counts = context.block_on(store.entity_counts())?;
    let rows: Vec<Vec<String>> = counts
        .iter()
        .map(|(k, v)| vec![k.clone(), v.to_string()])
        .collect();
    print!("{}", output::table(&["entity", "rows"], &rows));
    context.block_on(store.close());

    // The demo business signs its messages; a user's own keepwise.toml is left alone.
    let config = args.dir.join("keepwise.toml");
    let settings = crate::settings::TEMPLATE
        .replace(
            "# business_name = \"Acme Telecom\"",
            "business_name = \"Demo Shop\"",
        )
        .replace(
            "# contact = \"care@acme.example\"",
            "contact = \"care@demo-shop.example\"",
        );
    std::fs::write(&config, settings)
        .with_context(|| format!("cannot write {}", config.display()))?;
    let walk = Walk {
        db: context.db.clone(),
        config,
    };
    heading("4. Triage: who needs attention, by money at stake");
    walk.show(&["triage", "--limit", "12"])?;

    heading("5. Backtest against the decisions in labels.csv");
    let labels = data.join("labels.csv");
    let labels = labels.to_string_lossy().into_owned();
    walk.show(&["backtest", "--labels", &labels, "--show", "5"])?;

    let parting = walk.first_customer("part_ways")?;
    if let Some(customer) = &parting {
        heading(&format!("6. Why? The whole reasoning for {customer}"));
        walk.show(&["explain", customer])?;
        heading(&format!(
            "7. A fair, polite, auditable parting with {customer}"
        ));
        walk_parting(&walk, customer)?;
    }
    if let Some(customer) = walk.first_customer("refuse_service")? {
        heading(&format!("8. Protecting the staff: {customer}"));
        walk.show(&["explain", &customer])?;
    }

    println!(
        "\nTry it on this store (keepwise --db {} …):",
        context.db.display()
    );
    println!(
        "  status · triage · explain ID · value · case show CASE · exit-terms CONTRACT · report losses"
    );
    Ok(ExitCode::SUCCESS)
}

/// Runs keepwise's own commands on the demo store, showing each as a user would type it.
struct Walk {
    db: PathBuf,
    config: PathBuf,
}

impl Walk {
    fn run(&self, args: &[&str]) -> anyhow::Result<String> {
        let exe = std::env::current_exe().context("cannot find the keepwise executable")?;
        let output = std::process::Command::new(exe)
            .arg("--db")
            .arg(&self.db)
            .arg("--config")
            .arg(&self.config)
            .args(args)
            .output()
            .with_context(|| format!("cannot run keepwise {}", args.join(" ")))?;
        let text = String::from_utf8_lossy(&output.stdout).into_owned();
        if !output.status.success() {
            anyhow::bail!(
                "keepwise {} failed:\n{}{}",
                args.join(" "),
                text,
                String::from_utf8_lossy(&output.stderr)
            );
        }
        Ok(text)
    }

    fn show(&self, args: &[&str]) -> anyhow::Result<String> {
        let shown: Vec<String> = args
            .iter()
            .map(|a| {
                if a.contains(' ') {
                    format!("\"{a}\"")
                } else {
                    a.to_string()
                }
            })
            .collect();
        println!("$ keepwise {}", shown.join(" "));
        let text = self.run(args)?;
        print!("{text}");
        println!();
        Ok(text)
    }

    /// The customer with the most money at stake among those recommended `action`.
    fn first_customer(&self, action: &str) -> anyhow::Result<Option<String>> {
        let json = self.run(&[
            "triage", "--action", action, "--limit", "1", "--format", "json",
        ])?;
        let rows: serde_json::Value = serde_json::from_str(&json).context("reading triage JSON")?;
        Ok(rows
            .get(0)
            .and_then(|r| r["customer_id"].as_str())
            .map(str::to_string))
    }
}

fn walk_parting(walk: &Walk, customer: &str) -> anyhow::Result<()> {
    walk.show(&[
        "staff",
        "add",
        "ana",
        "--name",
        "Ana Novak",
        "--role",
        "agent",
        "--team",
        "care",
    ])?;
    walk.show(&[
        "staff", "add", "max", "--name", "Max Berg", "--role", "manager",
    ])?;
    let opened = walk.show(&[
        "case",
        "open",
        customer,
        "--as",
        "ana",
        "--reason",
        "keepwise recommends part_ways",
    ])?;
    let case = opened
        .split(|c: char| c.is_whitespace() || c == '`' || c == ',' || c == ':')
        .find(|w| w.starts_with("case-"))
        .map(str::to_string)
        .context("the case id was not printed by `case open`")?;
    walk.show(&[
        "case",
        "verify-facts",
        &case,
        "--as",
        "ana",
        "--signal",
        "value_destroyed",
        "--signal",
        "excessive_demands",
    ])?;
    walk.show(&[
        "case",
        "ask-outcome",
        &case,
        "--as",
        "ana",
        "--wanted",
        "free on-site support outside the contract, every week",
    ])?;
    walk.show(&[
        "case",
        "offer",
        &case,
        "--as",
        "ana",
        "--terms",
        "remote support within the contract's hours, and a 10 % credit on the next invoice",
    ])?;
    walk.show(&[
        "case",
        "decline",
        &case,
        "--as",
        "ana",
        "--note",
        "insists on weekly on-site visits",
    ])?;
    println!("A guard at work — the case owner cannot approve her own proposal:");
    walk.show(&[
        "case",
        "propose-parting",
        &case,
        "--as",
        "ana",
        "--reason",
        "the service the customer wants is outside what we offer",
    ])?;
    match walk.run(&["case", "approve", &case, "--as", "ana", "--confirm"]) {
        Ok(_) => anyhow::bail!("the owner of a case was allowed to approve its parting"),
        Err(refused) => println!(
            "$ keepwise case approve {case} --as ana --confirm\n{}\n",
            refused.to_string().lines().last().unwrap_or("refused")
        ),
    }
    walk.show(&["case", "approve", &case, "--as", "max", "--confirm"])?;
    walk.show(&[
        "case",
        "send-farewell",
        &case,
        "--as",
        "ana",
        "--confirm",
        "--cannot-do",
        "weekly on-site visits outside the contract",
        "--alternative",
        "a local IT service partner",
    ])?;
    let follow_up = (chrono::Utc::now().date_naive() + chrono::Days::new(180)).to_string();
    walk.show(&[
        "case",
        "schedule-follow-up",
        &case,
        "--as",
        "ana",
        "--date",
        &follow_up,
    ])?;
    walk.show(&[
        "case",
        "post-mortem",
        &case,
        "--as",
        "ana",
        "--root-cause",
        "needs on-site service we do not sell",
        "--at-fault",
        "false",
        "--training",
        "care:explaining the service scope early",
    ])?;
    walk.show(&["case", "close", &case, "--as", "ana", "--confirm"])?;
    walk.show(&["status-of", customer])?;
    Ok(())
}
