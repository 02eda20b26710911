use clap::{Args, CommandFactory};
use clap_complete::Shell;

use super::{emit, fail, Cli, EXIT_OK};

#[derive(Debug, Args)]
#[command(after_help = "\
Install, e.g.:
  bash:  rota completions bash > ~/.local/share/bash-completion/completions/rota
  zsh:   rota completions zsh > ~/.zfunc/_rota   (with fpath+=~/.zfunc before compinit)
  fish:  rota completions fish > ~/.config/fish/completions/rota.fish")]
pub struct CompletionsArgs {
    /// The shell to complete in
    #[arg(value_enum)]
    pub shell: Shell,
}

pub fn run(args: &CompletionsArgs) -> i32 {
    match emit(&script(args.shell)) {
        Ok(()) => EXIT_OK,
        Err(message) => fail(message),
    }
}

/// The completion script of `shell` for every subcommand and option.
pub fn script(shell: Shell) -> String {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "rota", &mut out);
    String::from_utf8_lossy(&out).into_owned()
}
