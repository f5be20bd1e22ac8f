//! The command line: one module per command, each an argument struct and a `run`.

mod assign;
mod command_error;
mod comment;
mod complete;
mod completions;
mod config;
mod demo;
mod doctor;
mod edit;
mod editor;
mod escalate;
mod hints;
mod init;
mod kb;
mod link;
mod log;
mod ls;
mod mail;
mod man;
mod merge_driver;
mod new;
mod notify;
mod output;
mod pager;
mod portal;
mod problem;
mod rate;
mod rca;
mod report;
mod server;
mod session;
mod set;
mod show;
mod sla;
mod status;
mod sweep;
mod sync;
mod targets;
mod transfer;
mod vendor;
mod verify;

use std::ffi::OsString;
use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use command_error::{usage, CommandError, Kind};
pub use session::Session;

/// A tiered IT-support ticket desk that lives on a git branch.
///
/// Tickets are TOML files on the `desk` branch; every change is a commit; teams share
/// tickets by pushing and pulling that branch. Run as `git desk COMMAND`.
#[derive(Parser, Debug)]
#[command(
    name = "git-desk",
    version,
    propagate_version = true,
    max_term_width = 100
)]
#[command(
    after_help = "Exit codes: 0 success, 1 operation failed, 2 bad input.\n\
Environment: DESK_NOW fixes the current time (RFC 3339); DESK_SEED (an integer) makes new ids repeatable, for tests and demos; GIT_AUTHOR_NAME/GIT_AUTHOR_EMAIL or git config user.name/user.email identify you; GIT_EDITOR, git config desk.editor or core.editor, VISUAL, EDITOR (else vi) for editing; GIT_PAGER, PAGER (and git config desk.pager, core.pager) page long output on a terminal, LESS (default FRX) for less; NO_COLOR disables colour, as git config color.ui=never does; TZ (else desk.toml [display] timezone) is the zone times are shown in."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command takes.
#[derive(Args, Debug, Clone)]
pub struct GlobalArgs {
    /// Run as if started in PATH (like git -C)
    #[arg(short = 'C', value_name = "PATH", global = true)]
    pub dir: Option<PathBuf>,
    /// The desk branch (default: git config desk.branch, else "desk")
    #[arg(long, value_name = "NAME", global = true)]
    pub branch: Option<String>,
    /// When to use colour
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,
    /// Print only what was asked for (ids, tables, JSON), no progress or confirmations
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager,
    /// core.pager, PAGER, else less)
    #[arg(short = 'P', long, global = true)]
    pub no_pager: bool,
}

/// `--color`.
#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorChoice {
    /// Colour on a terminal, unless NO_COLOR is set
    Auto,
    /// Always colour
    Always,
    /// Never colour
    Never,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Create the desk branch with a default desk.toml
    Init(init::InitArgs),
    /// File a ticket
    New(new::NewArgs),
    /// List tickets matching a query
    #[command(visible_alias = "list")]
    Ls(ls::LsArgs),
    /// Show one ticket with its events and links
    Show(show::ShowArgs),
    /// History: a ticket's events, or the desk's commits
    Log(log::LogArgs),
    /// Add a public update or an internal note
    Comment(comment::CommentArgs),
    /// Assign tickets to a person and/or team, or change the owner
    Assign(assign::AssignArgs),
    /// Assign tickets to yourself
    Take(assign::TakeArgs),
    /// Move tickets to a status
    Status(status::StatusArgs),
    /// Start work: status in-progress
    Start(status::StartArgs),
    /// Put tickets on hold: status pending, with a reason
    Pend(status::PendArgs),
    /// Resolve tickets with a resolution
    Resolve(status::ResolveArgs),
    /// Close resolved tickets
    Close(status::CloseArgs),
    /// Reopen resolved or closed tickets
    Reopen(status::ReopenArgs),
    /// Escalate tickets up one tier, or to a given tier
    Escalate(escalate::EscalateArgs),
    /// Hand tickets back down to a lower tier
    Deescalate(escalate::DeescalateArgs),
    /// Change fields: impact, urgency, priority, service, type, major, title, labels...
    Set(set::SetArgs),
    /// Link a ticket to a problem, a duplicate, a related ticket or a KB article
    Link(link::LinkArgs),
    /// Edit a ticket's fields in your editor
    Edit(edit::EditArgs),
    /// Knowledge-base articles (Level 0): new, ls, show, edit, search
    Kb(kb::KbArgs),
    /// The self-service portal (Level 0): build a static site from the desk
    Portal(portal::PortalArgs),
    /// Problem records (Level 3): open one from incidents, resolve it with its fix
    Problem(problem::ProblemArgs),
    /// Record a problem's root-cause analysis (Level 3)
    Rca(rca::RcaArgs),
    /// Hand tickets to an outside vendor (Level 4), or move the follow-up date
    Vendor(vendor::VendorArgs),
    /// Record customer satisfaction (1-5) on a resolved ticket
    Rate(rate::RateArgs),
    /// The service desk's KPIs: tables, JSON, CSV, a weekly chart, an HTML page
    Report(report::ReportArgs),
    /// SLA clocks per ticket: response and resolution
    Sla(sla::SlaArgs),
    /// Take in mail: customers' messages become tickets, comments and notes
    Mail(mail::MailArgs),
    /// Apply the escalation rules of desk.toml (for cron)
    Sweep(sweep::SweepArgs),
    /// Send the notices due by mail, each once (for cron)
    Notify(notify::NotifyArgs),
    /// Show or edit desk.toml
    Config(config::ConfigArgs),
    /// Import tickets from JSON, CSV or GitHub issues, as one commit
    Import(transfer::ImportArgs),
    /// Export every ticket as JSON or CSV
    Export(transfer::ExportArgs),
    /// Check the desk and its repository; repair what is safe with --fix
    Doctor(doctor::DoctorArgs),
    /// Fetch the remote's desk branch and merge it in
    Pull(sync::RemoteArgs),
    /// Push the desk branch (fetching and merging first if the remote moved)
    Push(sync::RemoteArgs),
    /// Fetch, merge and push: share the desk both ways
    Sync(sync::RemoteArgs),
    /// Merge two versions of a ticket file (a git merge driver)
    MergeDriver(merge_driver::MergeDriverArgs),
    /// Check a push against the desk's rules (a server's pre-receive hook)
    Verify(verify::VerifyArgs),
    /// Set up a server repository: install the pre-receive hook running verify
    Server(server::ServerArgs),
    /// Create a demo desk repository with tickets at every tier
    Demo(demo::DemoArgs),
    /// Print or write the man pages
    Man(man::ManArgs),
    /// Print or write shell completions
    Completions(completions::CompletionsArgs),
    /// Print the candidates for the word being completed (the completion scripts call it)
    #[command(name = "__complete", hide = true)]
    Complete(complete::CompleteArgs),
}

/// Whether a command's output is long enough to page on a terminal: listings, tickets,
/// history, reports, articles and the configuration; never prompts or writes.
fn pages(command: &Command) -> bool {
    match command {
        Command::Ls(_)
        | Command::Show(_)
        | Command::Log(_)
        | Command::Report(_)
        | Command::Sla(_) => true,
        Command::Kb(a) => a.pages(),
        Command::Config(a) => matches!(a.command, config::ConfigCommand::Show { .. }),
        _ => false,
    }
}

fn dispatch(cli: Cli, pager: &mut Option<pager::Pager>) -> anyhow::Result<()> {
    if let Some(dir) = &cli.global.dir {
        std::env::set_current_dir(dir)
            .map_err(|e| usage(format!("cannot use -C {}: {e}", dir.display())))?;
    }
    let session = Session::new(cli.global.clone())?;
    if !cli.global.no_pager && pages(&cli.command) && io::stdout().is_terminal() {
        if let Some(program) = pager::choose(|key| std::env::var(key).ok(), &session) {
            *pager = pager::start(&program);
        }
    }
    match cli.command {
        Command::Init(a) => init::run(&session, a),
        Command::New(a) => new::run(&session, a),
        Command::Ls(mut a) => {
            if a.query.is_empty() {
                a.query = session.default_query()?;
            }
            ls::run(&session, a)
        }
        Command::Show(a) => show::run(&session, a),
        Command::Log(a) => log::run(&session, a),
        Command::Comment(a) => comment::run(&session, a),
        Command::Assign(a) => assign::run(&session, a),
        Command::Take(a) => assign::run_take(&session, a),
        Command::Status(a) => status::run(&session, a),
        Command::Start(a) => status::run_start(&session, a),
        Command::Pend(a) => status::run_pend(&session, a),
        Command::Resolve(a) => status::run_resolve(&session, a),
        Command::Close(a) => status::run_close(&session, a),
        Command::Reopen(a) => status::run_reopen(&session, a),
        Command::Escalate(a) => escalate::run(&session, a),
        Command::Deescalate(a) => escalate::run_down(&session, a),
        Command::Set(a) => set::run(&session, a),
        Command::Link(a) => link::run(&session, a),
        Command::Edit(a) => edit::run(&session, a),
        Command::Kb(a) => kb::run(&session, a),
        Command::Portal(a) => portal::run(&session, a),
        Command::Problem(a) => problem::run(&session, a),
        Command::Rca(a) => rca::run(&session, a),
        Command::Vendor(a) => vendor::run(&session, a),
        Command::Rate(a) => rate::run(&session, a),
        Command::Report(a) => report::run(&session, a),
        Command::Sla(a) => sla::run(&session, a),
        Command::Mail(a) => mail::run(&session, a),
        Command::Sweep(a) => sweep::run(&session, a),
        Command::Notify(a) => notify::run(&session, a),
        Command::Config(a) => config::run(&session, a),
        Command::Import(a) => transfer::run_import(&session, a),
        Command::Export(a) => transfer::run_export(&session, a),
        Command::Doctor(a) => doctor::run(&session, a),
        Command::Pull(a) => sync::run_pull(&session, a),
        Command::Push(a) => sync::run_push(&session, a),
        Command::Sync(a) => sync::run_sync(&session, a),
        Command::MergeDriver(a) => merge_driver::run(&session, a),
        Command::Verify(a) => verify::run(&session, a),
        Command::Server(a) => server::run(&session, a),
        Command::Demo(a) => demo::run(&session, a),
        Command::Man(a) => man::run(&session, a),
        Command::Completions(a) => completions::run(&session, a),
        Command::Complete(a) => complete::run(&session, a),
    }
}

/// Commands whose positional arguments are query terms.
const QUERY_COMMANDS: &[&str] = &["ls", "list", "sla"];

/// Negated query terms (`-label:vpn`) look like short options to a parser; no option of
/// ours contains a colon, so such words are moved behind `--` where they are plain
/// positional values. Term order does not matter (all must hold).
fn with_query_terms_last(args: Vec<OsString>) -> Vec<OsString> {
    let mut subcommand = None;
    let mut skip_value = false;
    for (i, a) in args.iter().enumerate().skip(1) {
        let text = a.to_string_lossy();
        if skip_value {
            skip_value = false;
        } else if text == "-C" || text == "--branch" || text == "--color" {
            skip_value = true;
        } else if !text.starts_with('-') {
            subcommand = Some((i, text.to_string()));
            break;
        }
    }
    let Some((start, name)) = subcommand else {
        return args;
    };
    if !QUERY_COMMANDS.contains(&name.as_str()) {
        return args;
    }
    let is_negated_term = |a: &OsString| {
        let t = a.to_string_lossy();
        t.len() > 1
            && t.starts_with('-')
            && !t.starts_with("--")
            && t.contains(':')
            && t[1..]
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic())
    };
    let end = args.iter().position(|a| a == "--").unwrap_or(args.len());
    let mut out: Vec<OsString> = Vec::with_capacity(args.len() + 1);
    let mut moved = Vec::new();
    for (i, a) in args.iter().enumerate() {
        if i > start && i < end && is_negated_term(a) {
            moved.push(a.clone());
        } else {
            out.push(a.clone());
        }
    }
    if !moved.is_empty() {
        if end == args.len() {
            out.push("--".into());
        }
        out.extend(moved);
    }
    out
}

/// Runs the command line and returns the process exit code.
pub fn main() -> ExitCode {
    let args = with_query_terms_last(std::env::args_os().collect());
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            // Help and version go to stdout; a closed pipe there is not an error.
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let mut pager = None;
    let code = match dispatch(cli, &mut pager) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => match CommandError::from(err) {
            CommandError {
                kind: Kind::ClosedPipe,
                ..
            } => ExitCode::SUCCESS,
            err => {
                let message = err.line();
                let code = err.kind.exit_code();
                // Nowhere to say it (stderr full or closed) is no reason to panic: the
                // exit code still tells.
                let _ = writeln!(
                    io::stderr().lock(),
                    "git-desk: {}",
                    output::sanitize_line(&message)
                );
                ExitCode::from(code)
            }
        },
    };
    // The person reads the output in the pager; the command ends when they quit it.
    if let Some(pager) = pager {
        pager.finish();
    }
    code
}

/// The clap command, for man pages and completions.
pub fn command() -> clap::Command {
    <Cli as clap::CommandFactory>::command()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn moved(args: &[&str]) -> Vec<String> {
        with_query_terms_last(args.iter().map(OsString::from).collect())
            .into_iter()
            .map(|a| a.to_string_lossy().into_owned())
            .collect()
    }

    #[test]
    fn negated_terms_move_behind_the_separator() {
        assert_eq!(
            moved(&["git-desk", "ls", "-label:vpn", "--ids", "tier:1"]),
            ["git-desk", "ls", "--ids", "tier:1", "--", "-label:vpn"]
        );
        assert_eq!(
            moved(&["git-desk", "-C", "x", "ls", "--sort", "-created", "-a"]),
            ["git-desk", "-C", "x", "ls", "--sort", "-created", "-a"]
        );
        assert_eq!(
            moved(&["git-desk", "ls", "-tier:1", "--", "-label:x"]),
            ["git-desk", "ls", "--", "-label:x", "-tier:1"]
        );
        assert_eq!(
            moved(&["git-desk", "comment", "-m:x"]),
            ["git-desk", "comment", "-m:x"]
        );
    }
}
