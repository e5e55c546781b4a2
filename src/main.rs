use clap::Parser as _;

fn main() {
    let cli = finesse_conformance::cli::Cli::parse();
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
    let code = runtime.block_on(finesse_conformance::cli::main(cli));
    std::process::exit(code);
}
