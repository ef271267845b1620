//! The `thidua` command line.

use clap::Parser;
use std::process::ExitCode;

/// mimalloc: ingestion allocates and frees the same sizes at a high rate from many threads, and
/// documents are freed on another thread than the one that made them (over baomoi-2017 with 2
/// threads: 3.5 -> 3.2 s, CPU 6.5 -> 6.0 s, peak memory 0.45 -> 0.54 GB).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
