//! The `thidua` command line.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = thidua_cli::Cli::parse();
    thidua_cli::init_logging(&cli);
    match thidua_cli::run(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("thidua: error: {err:#}");
            ExitCode::from(1)
        }
    }
}

#[path = "cli/mod.rs"]
mod thidua_cli;
