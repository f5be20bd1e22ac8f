//! Running the user's editor on a text, the way git does: the editor is `$GIT_EDITOR`,
//! else git config `desk.editor`, else `core.editor`, else `$VISUAL`, else `$EDITOR`,
//! else `vi`, run through the shell so editors with arguments (`code --wait`) work, on
//! the terminal also when stdin is a pipe. A text the caller refuses is opened again
//! with the error on top, as `git commit` keeps a message, until it is accepted or given
//! up.

use std::fs::File;
use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::{Command, Stdio};

use anyhow::{anyhow, Context, Result};

use super::command_error::{CommandError, Kind};
use super::usage;

/// Lines starting with this are git-desk's notes in a text being edited; they are
/// removed when the text is read back.
const NOTE: &str = "# git-desk:";

/// The editor command line and where it was configured.
struct Choice {
    command: String,
    /// How to change it, for messages: `set GIT_EDITOR`.
    fix: &'static str,
    /// False when nothing was configured and `vi` is the fallback.
    configured: bool,
}

/// A value of git config as git itself reads it (all levels, `GIT_CONFIG_*`), from the
/// current directory; `None` when unset or empty.
fn git_config(key: &str) -> Option<String> {
    let out = Command::new("git")
        .args(["config", "--get", key])
        .stderr(Stdio::null())
        .output()
        .ok()?;
    let value = String::from_utf8_lossy(&out.stdout).trim().to_string();
    (out.status.success() && !value.is_empty()).then_some(value)
}

/// A non-empty environment variable.
fn env(key: &str) -> Option<String> {
    std::env::var(key).ok().filter(|v| !v.trim().is_empty())
}

/// The editor git-desk will run, in git's order with `desk.editor` before `core.editor`.
fn choice() -> Choice {
    let found = env("GIT_EDITOR")
        .map(|c| (c, "set GIT_EDITOR"))
        .or_else(|| git_config("desk.editor").map(|c| (c, "set `git config desk.editor`")))
        .or_else(|| git_config("core.editor").map(|c| (c, "set `git config core.editor`")))
        .or_else(|| env("VISUAL").map(|c| (c, "set EDITOR or VISUAL")))
        .or_else(|| env("EDITOR").map(|c| (c, "set EDITOR or VISUAL")));
    match found {
        Some((command, fix)) => Choice {
            command,
            fix,
            configured: true,
        },
        None => Choice {
            command: "vi".into(),
            fix: "set EDITOR or VISUAL",
            configured: false,
        },
    }
}

/// The terminal for the editor when stdin is not one (`... | git desk edit`): `None`
/// when stdin is a terminal already, or when there is no terminal at all.
fn terminal() -> Option<File> {
    if std::io::stdin().is_terminal() {
        return None;
    }
    std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/tty")
        .ok()
}

/// Runs the editor on `path`. A failing editor (one that cannot start, or exits non-zero
/// like vim's `:cq`) is an error.
fn run(path: &Path) -> Result<()> {
    let choice = choice();
    let tty = terminal();
    if !choice.configured && tty.is_none() && !std::io::stdin().is_terminal() {
        return Err(usage(
            "no editor is configured and there is no terminal to run vi on: set GIT_EDITOR, `git config desk.editor`, core.editor, VISUAL or EDITOR to a command that edits the file it is given, or run this at a terminal",
        ));
    }
    let editor = &choice.command;
    let program = editor.split_whitespace().next().unwrap_or_default();
    if !on_path(program) {
        return Err(usage(format!(
            "cannot find the editor '{program}': {} to an editor that is installed",
            choice.fix
        )));
    }
    let mut command = Command::new("sh");
    command
        .arg("-c")
        .arg(format!("{editor} \"$@\""))
        .arg(editor)
        .arg(path);
    if let Some(tty) = tty {
        // The editor gets the terminal, as git gives it: a pipe on stdin is for ids, not
        // for the editor's keys.
        command
            .stdin(tty.try_clone().context("cannot use the terminal")?)
            .stdout(tty.try_clone().context("cannot use the terminal")?)
            .stderr(tty);
    }
    let status = command
        .status()
        .with_context(|| format!("cannot run the editor '{editor}': {}", choice.fix))?;
    if !status.success() {
        // The editor ran and failed (or was quit with vim's `:cq`): an operation that
        // failed, exit 1 as git has it, not input the user can correct on the line.
        return Err(anyhow!(
            "the editor '{editor}' failed ({status}): nothing was changed; {} to a working editor",
            choice.fix
        ));
    }
    Ok(())
}

/// Opens `text` in the editor and returns what was saved.
pub fn edit(text: &str, suffix: &str) -> Result<String> {
    let mut file = tempfile::Builder::new()
        .prefix("git-desk-")
        .suffix(suffix)
        .tempfile()
        .context("cannot create a temporary file for the editor")?;
    file.write_all(text.as_bytes())?;
    file.flush()?;
    run(file.path())?;
    std::fs::read_to_string(file.path())
        .with_context(|| format!("cannot read back {}", file.path().display()))
}

/// Opens `text` in the editor as the file `draft` (under `.git/desk/`) until `accept`
/// takes what was saved. When `accept` refuses it as bad input and a person is at the
/// terminal, the text as saved is opened again with the error on top (in lines that are
/// removed when read back); the person fixes it, or gives up by emptying it, by saving
/// it unchanged, or by quitting the editor with an error. Then, as when nobody is at a
/// terminal to fix it, nothing is written and the text is kept in `draft`.
pub fn revise<T>(draft: &Path, text: &str, mut accept: impl FnMut(&str) -> Result<T>) -> Result<T> {
    if let Some(dir) = draft.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let kept = || format!("your text is kept in {}", draft.display());
    let mut body = text.to_string();
    let mut refused: Option<String> = None;
    loop {
        std::fs::write(draft, with_notes(refused.as_deref(), &body))
            .with_context(|| format!("cannot write {}", draft.display()))?;
        if let Err(err) = run(draft) {
            if refused.is_none() {
                let _ = std::fs::remove_file(draft);
                return Err(err);
            }
            return Err(err.context(format!("nothing was written; {}", kept())));
        }
        let saved = std::fs::read_to_string(draft)
            .with_context(|| format!("cannot read back {}", draft.display()))?;
        let saved = without_notes(&saved);
        if is_blank(&saved) {
            let _ = std::fs::remove_file(draft);
            return Err(usage("the text was emptied: nothing was written"));
        }
        if let Some(error) = &refused {
            if saved == body {
                return Err(usage(format!("{error}; {}", kept())));
            }
        }
        match accept(&saved) {
            Ok(value) => {
                let _ = std::fs::remove_file(draft);
                return Ok(value);
            }
            Err(err) => {
                let err = CommandError::from(err);
                if err.kind != Kind::BadInput {
                    return Err(err
                        .error
                        .context(format!("nothing was written; {}", kept())));
                }
                if !person_at_terminal() {
                    // A script's editor would write the same again, or loop for ever.
                    return Err(usage(format!("{}; {}", err.line(), kept())));
                }
                refused = Some(err.line());
                body = saved;
            }
        }
    }
}

/// True when a person can fix a refused text: stdin is a terminal, or stderr is one and
/// the terminal can be opened (ids piped in at a terminal). Never in cron or a script.
pub fn person_at_terminal() -> bool {
    std::io::stdin().is_terminal()
        || (std::io::stderr().is_terminal()
            && std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .open("/dev/tty")
                .is_ok())
}

/// The text with the error on top, in note lines.
fn with_notes(error: Option<&str>, body: &str) -> String {
    let Some(error) = error else {
        return body.to_string();
    };
    let mut text = String::new();
    for line in error.lines() {
        text.push_str(&format!("{NOTE} error: {line}\n"));
    }
    text.push_str(&format!(
        "{NOTE} fix it and save to try again; empty the file, or save it unchanged, to give up.\n\
         {NOTE} lines starting with \"{NOTE}\" are removed when read back; line numbers count without them.\n"
    ));
    text.push_str(body);
    text
}

/// The text without git-desk's note lines.
fn without_notes(text: &str) -> String {
    text.split_inclusive('\n')
        .filter(|line| !line.starts_with(NOTE))
        .collect()
}

/// True when nothing but blank lines and comments is left.
fn is_blank(text: &str) -> bool {
    text.lines()
        .map(str::trim)
        .all(|line| line.is_empty() || line.starts_with('#'))
}

/// True when `program` names an executable file, directly or on `PATH`.
fn on_path(program: &str) -> bool {
    let is_file = |p: &std::path::Path| p.is_file();
    if program.contains('/') {
        return is_file(std::path::Path::new(program));
    }
    std::env::var_os("PATH")
        .map(|paths| std::env::split_paths(&paths).any(|dir| is_file(&dir.join(program))))
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_go_on_top_and_come_off_again() {
        let body = "# a comment of the file\ntitle = \"x\"\n";
        let noted = with_notes(Some("line 2: bad\nsecond line"), body);
        assert!(
            noted.starts_with("# git-desk: error: line 2: bad\n# git-desk: error: second line\n")
        );
        assert_eq!(without_notes(&noted), body);
        assert_eq!(with_notes(None, body), body);
    }

    #[test]
    fn only_comments_is_blank() {
        assert!(is_blank("# x\n\n  \n"));
        assert!(!is_blank("# x\ntitle = \"y\"\n"));
    }
}
