//! One module per subcommand; [`run`] dispatches.

pub mod abuse;
pub mod backtest;
pub mod case;
pub mod demo;
pub mod exit_terms;
pub mod explain;
pub mod follow_ups;
pub mod generate;
pub mod import;
pub mod init;
pub mod model;
pub mod report;
pub mod script;
pub mod staff;
pub mod status;
pub mod status_of;
pub mod triage;
pub mod value;

use std::process::ExitCode;

use crate::cli::{Cli, Command};
use crate::context::Context;

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    if let Command::Demo(args) = cli.command {
        let db = cli.db.unwrap_or_else(|| args.dir.join("keepwise.db"));
        return demo::run(&Context::new(db, cli.config)?, args);
    }
    let context = Context::new(cli.db.unwrap_or_else(|| "keepwise.db".into()), cli.config)?;
    match cli.command {
        Command::Init(args) => init::run(&context, args),
        Command::Import(args) => import::run(&context, args),
        Command::Status(args) => status::run(&context, args),
        Command::Generate(args) => generate::run(args).map(|()| ExitCode::SUCCESS),
        Command::Model(args) => model::run(args).map(|()| ExitCode::SUCCESS),
        Command::Value(args) => value::run(&context, args),
        Command::Triage(args) => triage::run(&context, args),
        Command::Explain(args) => explain::run(&context, args),
        Command::Backtest(args) => backtest::run(&context, args),
        Command::Abuse(args) => abuse::run(args).map(|()| ExitCode::SUCCESS),
        Command::Demo(_) => unreachable!("handled above"),
        Command::Staff(args) => staff::run(&context, args),
        Command::Case(args) => case::run(&context, args),
        Command::Script(args) => script::run(&context, args),
        Command::ExitTerms(args) => exit_terms::run(&context, args),
        Command::StatusOf(args) => status_of::run(&context, args),
        Command::FollowUps(args) => follow_ups::run(&context, args),
        Command::Report(args) => report::run(&context, args),
    }
}
