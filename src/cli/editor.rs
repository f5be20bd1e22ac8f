//! Running the user's editor on a text, the way git does: `$VISUAL`, else `$EDITOR`, else
//! `vi`, through the shell so editors with arguments (`code --wait`) work.

use std::io::Write;
use std::process::Command;

use anyhow::{anyhow, Context, Result};

use super::usage;

/// The editor command line git-desk will run.
fn editor() -> String {
    ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(|k| std::env::var(k).ok())
        .find(|v| !v.trim().is_empty())
        .unwrap_or_else(|| "vi".to_string())
}

/// Opens `text` in the editor and returns what was saved. A failing editor (one that
/// cannot start, or exits non-zero like vim's `:cq`) is an error and nothing is used.
pub fn edit(text: &str, suffix: &str) -> Result<String> {
    let mut file = tempfile::Builder::new()
        .prefix("git-desk-")
        .suffix(suffix)
        .tempfile()
        .context("cannot create a temporary file for the editor")?;
    file.write_all(text.as_bytes())?;
    file.flush()?;
    let editor = editor();
    let program = editor.split_whitespace().next().unwrap_or_default();
    if !on_path(program) {
        return Err(usage(format!(
            "cannot find the editor '{program}': set EDITOR or VISUAL to an editor that is installed"
        )));
    }
    let status = Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$@\""))
        .arg(&editor)
        .arg(file.path())
        .status()
        .with_context(|| format!("cannot run the editor '{editor}': set EDITOR or VISUAL"))?;
    if !status.success() {
        // The editor ran and failed (or was quit with vim's `:cq`): an operation that
        // failed, exit 1 as git has it, not input the user can correct on the line.
        return Err(anyhow!(
            "the editor '{editor}' failed ({status}): nothing was changed; set EDITOR or VISUAL to a working editor"
        ));
    }
    std::fs::read_to_string(file.path())
        .with_context(|| format!("cannot read back {}", file.path().display()))
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
