//! The command line: global options and one subcommand per job.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::cmd;

/// keepwise: keep, fix, or let go? For every customer, with the facts, the money
/// and the words to say it.
#[derive(Debug, Parser)]
#[command(name = "keepwise", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    /// The store: an SQLite file, created when missing [default: keepwise.db; for
    /// `demo`, a fresh keepwise-demo/keepwise.db].
    #[arg(long, global = true, env = "KEEPWISE_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// Settings file (see `keepwise init`); defaults apply when it does not exist.
    #[arg(
        long,
        global = true,
        env = "KEEPWISE_CONFIG",
        default_value = "keepwise.toml",
        value_name = "PATH"
    )]
    pub config: PathBuf,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create the store and a keepwise.toml with every setting and its default.
    Init(cmd::init::InitArgs),
    /// Import a data set folder (canonical CSV or JSON Lines) in one transaction.
    Import(cmd::import::ImportArgs),
    /// Show what is stored: rows per entity and the last imports.
    Status(cmd::status::StatusArgs),
    /// Write a realistic sample data set (with labels.csv) in the canonical format.
    Generate(cmd::generate::GenerateArgs),
    /// Fit a customer-value model (BG/NBD, MBG/NBD, Pareto/NBD, BG/BB, Gamma-Gamma, sBG) or
    /// summarise a transaction log (RFM).
    Model(cmd::model::ModelArgs),
    /// Each customer's ledger, model outputs and net long-term value.
    Value(cmd::value::ValueArgs),
    /// The recommended action for every customer, those needing attention first.
    Triage(cmd::triage::TriageArgs),
    /// The whole reasoning behind one customer's recommendation.
    Explain(cmd::explain::ExplainArgs),
    /// Compare the recommendations with decisions in a labels.csv.
    Backtest(cmd::backtest::BacktestArgs),
    /// Generate the sample data into a fresh store, import it and show what keepwise does.
    Demo(cmd::demo::DemoArgs),
}
