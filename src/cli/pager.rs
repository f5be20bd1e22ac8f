//! Long output on a terminal goes through a pager, as git's does: the pager is chosen as
//! git chooses it (`GIT_PAGER`, then `desk.pager`, `core.pager`, `PAGER`, then `less`
//! with `LESS=FRX`), and standard output (and standard error, when it is a terminal) is
//! handed to it for the rest of the command. Never when standard output is not a
//! terminal: a pipe or a file gets the text as it is.

use std::io::{self, IsTerminal, Write};
use std::os::fd::{AsRawFd, IntoRawFd, RawFd};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicI32, Ordering};

/// The running pager's process id (0: none), for the signal handler.
static PAGER_PID: AtomicI32 = AtomicI32::new(0);

/// Signals that end git-desk while the pager shows its output: as git does, the output
/// ends, the person finishes reading, then git-desk dies of the signal. Without this the
/// shell's prompt would come back while the pager still holds the terminal.
const ENDING_SIGNALS: [libc::c_int; 4] = [libc::SIGINT, libc::SIGHUP, libc::SIGTERM, libc::SIGQUIT];

extern "C" fn wait_for_pager_then_die(signal: libc::c_int) {
    // Only async-signal-safe calls here: close, waitpid, signal, raise.
    let pid = PAGER_PID.swap(0, Ordering::SeqCst);
    // SAFETY: see above; the descriptors are this process's own.
    unsafe {
        if pid > 0 {
            libc::close(1);
            libc::close(2);
            let mut status = 0;
            libc::waitpid(pid, &mut status, 0);
        }
        libc::signal(signal, libc::SIG_DFL);
        libc::raise(signal);
    }
}

/// Where a pager setting came from, for reading git config lazily: only a command that
/// would page on a terminal asks.
pub trait PagerConfig {
    /// A git config value (`None` when unset or unreadable).
    fn get(&self, key: &str) -> Option<String>;
}

/// The pager command to run, or `None` for no pager, decided as git decides it, with
/// `desk.pager` in the place of git's `pager.<command>`: `desk.pager=false` (or empty)
/// turns paging off; otherwise `GIT_PAGER`, then `desk.pager` (`true` keeps the default),
/// then `core.pager`, then `PAGER`, then `less`. An empty command or `cat` means no pager.
pub fn choose(env: impl Fn(&str) -> Option<String>, config: &dyn PagerConfig) -> Option<String> {
    let desk = config.get("desk.pager");
    let desk_says = desk.as_deref().map(git_bool);
    // `desk.pager=false` turns paging off whatever else is set, as git's
    // `pager.<command>=false` does; a command there yields only to GIT_PAGER.
    if desk_says == Some(Some(false)) {
        return None;
    }
    let chosen = match (env("GIT_PAGER"), desk_says) {
        (Some(pager), _) => pager,
        (None, Some(None)) => desk.unwrap_or_default(),
        (None, _) => config
            .get("core.pager")
            .or_else(|| env("PAGER"))
            .unwrap_or_else(|| "less".to_string()),
    };
    let chosen = chosen.trim().to_string();
    (!chosen.is_empty() && chosen != "cat").then_some(chosen)
}

/// A git boolean (`true`/`yes`/`on`/`1`, `false`/`no`/`off`/`0`, any case); `None` for
/// anything else, which for `desk.pager` is a pager command. An empty value is false, as
/// `git config` reads it.
fn git_bool(value: &str) -> Option<bool> {
    match value.trim().to_ascii_lowercase().as_str() {
        "true" | "yes" | "on" | "1" => Some(true),
        "false" | "no" | "off" | "0" | "" => Some(false),
        _ => None,
    }
}

/// A running pager holding this process's standard output.
pub struct Pager {
    child: Child,
    /// The terminal, kept to give standard error back when the command ends.
    saved_stderr: Option<RawFd>,
}

/// Starts `program` through `sh` (as git does: it may carry options or be a pipeline) and
/// points standard output at it, and standard error too when that is a terminal. Does
/// nothing (returns `None`) when standard output is not a terminal or the pager cannot be
/// started: the output then goes where it would have gone.
pub fn start(program: &str) -> Option<Pager> {
    if !io::stdout().is_terminal() {
        return None;
    }
    // Once standard output is a pipe its width cannot be asked: tell this process and
    // the pager through COLUMNS, as git does.
    if std::env::var_os("COLUMNS").is_none() {
        if let Some(columns) = terminal_columns() {
            // The pager starts before the command runs, before any other thread.
            std::env::set_var("COLUMNS", columns.to_string());
        }
    }
    let mut command = Command::new("sh");
    command
        .arg("-c")
        .arg(program)
        .stdin(Stdio::piped())
        .env("GIT_PAGER_IN_USE", "true");
    // less without these waits for a key on short output and shows colour codes as text.
    if std::env::var_os("LESS").is_none() {
        command.env("LESS", "FRX");
    }
    if std::env::var_os("LV").is_none() {
        command.env("LV", "-c");
    }
    let mut child = command.spawn().ok()?;
    let pipe = child.stdin.take()?.into_raw_fd();
    let _ = io::stdout().flush();
    let stderr_too = io::stderr().is_terminal();
    // SAFETY: plain descriptor calls on descriptors this process owns; the saved copies
    // are closed in `finish`.
    unsafe {
        let saved_stderr = if stderr_too { libc::dup(2) } else { -1 };
        if libc::dup2(pipe, 1) < 0 {
            libc::close(pipe);
            if saved_stderr >= 0 {
                libc::close(saved_stderr);
            }
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        if saved_stderr >= 0 {
            libc::dup2(pipe, 2);
        }
        libc::close(pipe);
        PAGER_PID.store(child.id() as i32, Ordering::SeqCst);
        for signal in ENDING_SIGNALS {
            libc::signal(
                signal,
                wait_for_pager_then_die as extern "C" fn(libc::c_int) as libc::sighandler_t,
            );
        }
        Some(Pager {
            child,
            saved_stderr: (saved_stderr >= 0).then_some(saved_stderr),
        })
    }
}

impl Pager {
    /// Ends the output (the pager sees the end of its input) and waits for the person to
    /// quit the pager; standard error is the terminal again afterwards.
    pub fn finish(mut self) {
        let _ = io::stdout().flush();
        let _ = io::stderr().flush();
        // What could not be written (the pager was quit early) stays in the standard
        // output's buffer; it must go nowhere, not to the terminal, when the process ends.
        let null = std::fs::OpenOptions::new().write(true).open("/dev/null");
        // SAFETY: replacing standard output and putting the saved terminal back on
        // standard error close the pager's pipe.
        unsafe {
            match &null {
                Ok(null) => libc::dup2(null.as_raw_fd(), 1),
                Err(_) => libc::close(1),
            };
            if let Some(fd) = self.saved_stderr {
                libc::dup2(fd, 2);
                libc::close(fd);
            }
        }
        // A signal meanwhile still waits for the pager (the handler sees its id).
        let _ = self.child.wait();
        PAGER_PID.store(0, Ordering::SeqCst);
    }
}

/// The terminal's width, asked of standard output.
fn terminal_columns() -> Option<u16> {
    let mut size = libc::winsize {
        ws_row: 0,
        ws_col: 0,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    // SAFETY: TIOCGWINSZ fills the winsize it is given.
    let ok = unsafe { libc::ioctl(io::stdout().as_raw_fd(), libc::TIOCGWINSZ, &mut size) } == 0;
    (ok && size.ws_col > 0).then_some(size.ws_col)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    struct Config(HashMap<&'static str, &'static str>);

    impl PagerConfig for Config {
        fn get(&self, key: &str) -> Option<String> {
            self.0.get(key).map(|v| v.to_string())
        }
    }

    fn chosen(env: &[(&str, &str)], config: &[(&'static str, &'static str)]) -> Option<String> {
        let env: HashMap<String, String> = env
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        choose(
            |k| env.get(k).cloned(),
            &Config(config.iter().copied().collect()),
        )
    }

    #[test]
    fn the_pager_is_chosen_in_gits_order() {
        assert_eq!(chosen(&[], &[]).as_deref(), Some("less"));
        assert_eq!(chosen(&[("PAGER", "more")], &[]).as_deref(), Some("more"));
        assert_eq!(
            chosen(&[("PAGER", "more")], &[("core.pager", "most")]).as_deref(),
            Some("most")
        );
        assert_eq!(
            chosen(
                &[("PAGER", "more")],
                &[("core.pager", "most"), ("desk.pager", "lv")]
            )
            .as_deref(),
            Some("lv")
        );
        assert_eq!(
            chosen(
                &[("GIT_PAGER", "pg"), ("PAGER", "more")],
                &[("core.pager", "most"), ("desk.pager", "lv")]
            )
            .as_deref(),
            Some("pg")
        );
        assert_eq!(
            chosen(&[], &[("core.pager", "most"), ("desk.pager", "true")]).as_deref(),
            Some("most")
        );
    }

    #[test]
    fn false_empty_and_cat_mean_no_pager() {
        assert_eq!(chosen(&[], &[("desk.pager", "false")]), None);
        assert_eq!(chosen(&[], &[("desk.pager", "")]), None);
        assert_eq!(chosen(&[], &[("desk.pager", "off")]), None);
        assert_eq!(chosen(&[], &[("core.pager", "cat")]), None);
        assert_eq!(chosen(&[("GIT_PAGER", "")], &[]), None);
        assert_eq!(chosen(&[("PAGER", "cat")], &[]), None);
        // desk.pager=false wins even over GIT_PAGER, as git's pager.<command>=false does.
        assert_eq!(
            chosen(&[("GIT_PAGER", "less")], &[("desk.pager", "false")]),
            None
        );
    }
}
