//! The `keepwise` binary: command line, configuration, and the wiring of the
//! store, the importer and the core. Keep, fix, or let go? For every customer.

mod abuse_screen;
mod cli;
mod cmd;
mod context;
mod output;
mod scoring;
mod settings;

use clap::Parser;

fn main() -> std::process::ExitCode {
    let cli = cli::Cli::parse();
    match cmd::run(cli) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            std::process::ExitCode::from(1)
        }
    }
}
