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
    quiet_on_closed_pipe();
    let cli = cli::Cli::parse();
    match cmd::run(cli) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            std::process::ExitCode::from(1)
        }
    }
}

/// `keepwise triage | head` closes the pipe early: end quietly instead of
/// reporting a panic, as command-line tools do.
fn quiet_on_closed_pipe() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let message = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or("");
        if message.contains("Broken pipe") {
            std::process::exit(0);
        }
        default(info);
    }));
}
