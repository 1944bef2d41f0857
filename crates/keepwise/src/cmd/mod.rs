//! One module per subcommand; [`run`] dispatches.

pub mod case;
pub mod exit_terms;
pub mod follow_ups;
pub mod import;
pub mod init;
pub mod report;
pub mod script;
pub mod staff;
pub mod status;
pub mod status_of;

use std::process::ExitCode;

use crate::cli::{Cli, Command};
use crate::context::Context;

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let context = Context::new(cli.db, cli.config)?;
    match cli.command {
        Command::Init(args) => init::run(&context, args),
        Command::Import(args) => import::run(&context, args),
        Command::Status(args) => status::run(&context, args),
        Command::Staff(args) => staff::run(&context, args),
        Command::Case(args) => case::run(&context, args),
        Command::Script(args) => script::run(&context, args),
        Command::ExitTerms(args) => exit_terms::run(&context, args),
        Command::StatusOf(args) => status_of::run(&context, args),
        Command::FollowUps(args) => follow_ups::run(&context, args),
        Command::Report(args) => report::run(&context, args),
    }
}
