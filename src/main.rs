//! The `compendium` command: parses arguments, runs one subcommand, exits with its code.

mod cli;

fn main() -> std::process::ExitCode {
    cli::run()
}
