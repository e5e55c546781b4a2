//! `finesse-mock`: the mock Finesse on its own, for developing gadgets and integrations
//! (the same mock as `finesse-conformance mock`).

use std::io::Write as _;

use clap::Parser;
use finesse_mock::cli::{MockArgs, deviation_list};

#[derive(Parser, Debug)]
#[command(
    name = "finesse-mock",
    version,
    about = "A mock Cisco Finesse (REST API and Notification Service) that follows the Web Services Developer Guide."
)]
struct Cli {
    #[command(flatten)]
    mock: MockArgs,
    /// List the deviations (switches that each break one guide rule) and exit.
    #[arg(long)]
    list_deviations: bool,
}

/// Printing that tolerates a closed pipe (`finesse-mock --list-deviations | head`).
fn print(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
}

fn main() {
    let cli = Cli::parse();
    if cli.list_deviations {
        print(&deviation_list());
        return;
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            std::process::exit(2);
        }
    };
    let code = runtime.block_on(async {
        let server = match cli.mock.start().await {
            Ok(s) => s,
            Err(e) => {
                eprintln!("error: {e}");
                return 2;
            }
        };
        print(&finesse_mock::banner(&server));
        if let Err(e) = tokio::signal::ctrl_c().await {
            eprintln!("error: cannot wait for Ctrl-C: {e}");
            return 2;
        }
        print("stopping the mock Finesse\n");
        0
    });
    std::process::exit(code);
}
