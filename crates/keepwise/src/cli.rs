//! The command line: global options and one subcommand per job.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::cmd;

/// keepwise: keep, fix, or let go? For every customer, with the facts, the money
/// and the words to say it.
#[derive(Debug, Parser)]
#[command(name = "keepwise", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    /// The store: an SQLite file, created when missing.
    #[arg(
        long,
        global = true,
        env = "KEEPWISE_DB",
        default_value = "keepwise.db",
        value_name = "PATH"
    )]
    pub db: PathBuf,

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
    /// Manage the staff who work cases: `staff add`, `staff list`.
    Staff(cmd::staff::StaffArgs),
    /// Walk a case from concern to outcome, one checked step at a time.
    Case(cmd::case::CaseArgs),
    /// Print the message for a situation in the customer's language.
    Script(cmd::script::ScriptArgs),
    /// Fair exit terms of a contract, next to enforcing it, with the arithmetic.
    ExitTerms(cmd::exit_terms::ExitTermsArgs),
    /// May we serve this customer? active, parted or do_not_serve.
    StatusOf(cmd::status_of::StatusOfArgs),
    /// Parted customers whose keep-in-touch follow-up is due.
    FollowUps(cmd::follow_ups::FollowUpsArgs),
    /// Reports: `report losses`.
    Report(cmd::report::ReportArgs),
}
