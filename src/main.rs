fn main() {
    std::process::exit(rota::cli::run(std::env::args_os()));
}
