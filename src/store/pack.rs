//! Large commits (an import, a bulk change of thousands of tickets) written as one pack
//! by `git fast-import`, rather than as thousands of loose objects.
//!
//! fast-import builds the trees from the parent's and writes blobs, trees and the commit
//! into a single pack, trying a delta only against the previous object: fast, and small
//! enough until `git gc` repacks. (libgit2's own pack builder searches a ten-object window
//! for deltas, which costs more than all the rest of a 10,000-ticket change.)
//!
//! fast-import wants a ref for every commit and writes it when it ends, even when it dies
//! half-way. So the stream resets that ref right after the commit (a ref reset to nothing
//! is never written), fast-import reads the stream from a file rather than a pipe (killing
//! git-desk cannot cut a command in half), and the commit id comes back through the marks
//! file: whatever happens, no ref is left behind to keep an orphan commit alive. The
//! caller moves the desk branch, so objects are still written first and the branch last.

use std::collections::BTreeMap;
use std::io::{Seek, Write};
use std::path::Path;
use std::process::{Command, Stdio};

use chrono::{DateTime, Utc};
use git2::{Oid, Repository};

use super::actor::Actor;
use crate::error::DeskError;

/// Where the commit is parked while fast-import runs; `<pid>-<random>` follows. Earlier
/// versions could leave such refs behind when killed.
const TEMP_REF_PREFIX: &str = "refs/git-desk/pack-";

/// True when fast-import can write a commit by this actor: its ident lines cannot carry
/// angle brackets or line breaks (libgit2 is then used instead).
pub(crate) fn can_write(author: &Actor, committer: &Actor) -> bool {
    [author, committer]
        .iter()
        .all(|a| !(a.name.contains(['<', '>', '\n']) || a.email.contains(['<', '>', '\n'])))
}

/// Writes a commit of `parent`'s tree with `changes` (path to new contents, `None` to
/// delete) and `existing` (path to a blob already in the object store) through
/// `git fast-import`; returns the commit id.
#[allow(clippy::too_many_arguments)]
pub(crate) fn write_commit(
    repo: &Repository,
    parent: Oid,
    changes: &BTreeMap<String, Option<Vec<u8>>>,
    existing: &BTreeMap<String, Oid>,
    message: &str,
    author: &Actor,
    committer: &Actor,
    now: DateTime<Utc>,
) -> Result<Oid, DeskError> {
    let temp_ref = format!(
        "{TEMP_REF_PREFIX}{}-{:08x}",
        std::process::id(),
        rand::random::<u32>()
    );
    let mut stream =
        Vec::with_capacity(changes.values().flatten().map(Vec::len).sum::<usize>() * 2);
    // Blob marks are positions in `changes`, counted from 1; the commit's comes after.
    for (i, contents) in changes.values().enumerate() {
        if let Some(bytes) = contents {
            write!(stream, "blob\nmark :{}\ndata {}\n", i + 1, bytes.len()).expect("in memory");
            stream.extend_from_slice(bytes);
            stream.push(b'\n');
        }
    }
    let commit_mark = changes.len() + 1;
    let when = now.timestamp();
    write!(
        stream,
        "commit {temp_ref}\nmark :{commit_mark}\nauthor {} <{}> {when} +0000\ncommitter {} <{}> {when} +0000\ndata {}\n{message}\nfrom {parent}\n",
        author.name,
        author.email,
        committer.name,
        committer.email,
        message.len()
    )
    .expect("in memory");
    for (i, (path, contents)) in changes.iter().enumerate() {
        match contents {
            Some(_) => writeln!(stream, "M 100644 :{} {path}", i + 1),
            None => writeln!(stream, "D {path}"),
        }
        .expect("in memory");
    }
    for (path, oid) in existing {
        writeln!(stream, "M 100644 {oid} {path}").expect("in memory");
    }
    // A branch reset without `from` is not written when fast-import ends.
    write!(stream, "\nreset {temp_ref}\n\ndone\n").expect("in memory");

    let failed = |e: std::io::Error| DeskError::io("cannot run git fast-import", e);
    // An unnamed file: nothing is left of it whenever this process ends.
    let mut input = tempfile::tempfile().map_err(failed)?;
    input.write_all(&stream).map_err(failed)?;
    drop(stream);
    input.rewind().map_err(failed)?;
    let marks = tempfile::NamedTempFile::new().map_err(failed)?;
    let output = Command::new("git")
        .arg("--git-dir")
        .arg(repo.path())
        .args(["fast-import", "--quiet", "--done"])
        .arg(format!("--export-marks={}", marks.path().display()))
        .stdin(Stdio::from(input))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .map_err(failed)?;
    if !output.status.success() {
        // It writes its refs even when it fails: this one may point at the parent.
        let _ = repo.find_reference(&temp_ref).and_then(|mut r| r.delete());
        return Err(DeskError::io(
            "git fast-import failed",
            std::io::Error::other(String::from_utf8_lossy(&output.stderr).trim().to_string()),
        ));
    }
    let marks = std::fs::read_to_string(marks.path()).map_err(failed)?;
    commit_of(&marks, commit_mark)
        .ok_or_else(|| git2::Error::from_str("git fast-import wrote no commit").into())
}

/// The object a marks file (`:MARK OID` lines) gives for `mark`.
fn commit_of(marks: &str, mark: usize) -> Option<Oid> {
    let prefix = format!(":{mark} ");
    marks
        .lines()
        .find_map(|line| line.strip_prefix(&prefix))
        .and_then(|oid| Oid::from_str(oid.trim()).ok())
}

/// The temporary refs of writers that are no longer running (killed while fast-import
/// ran, by versions that parked the commit on a ref): each keeps an orphan commit alive
/// forever. A ref whose writer is alive, or whose name does not say which it is, is not
/// one.
pub(crate) fn leftovers(repo: &Repository) -> Vec<String> {
    let Ok(refs) = repo.references_glob(&format!("{TEMP_REF_PREFIX}*")) else {
        return Vec::new();
    };
    let mut leftovers = Vec::new();
    for reference in refs.flatten() {
        let Some(name) = reference.name() else {
            continue;
        };
        let pid = name
            .strip_prefix(TEMP_REF_PREFIX)
            .and_then(|rest| rest.split_once('-'))
            .and_then(|(pid, _)| pid.parse::<u32>().ok());
        if pid.is_some_and(|pid| pid != std::process::id() && !is_running(pid)) {
            leftovers.push(name.to_string());
        }
    }
    leftovers
}

/// Removes the [`leftovers`]. Best effort: a ref that cannot be removed now is tried
/// next time.
pub(crate) fn remove_leftovers(repo: &Repository) {
    for name in leftovers(repo) {
        // `delete` checks the ref still holds what was read.
        let _ = repo.find_reference(&name).and_then(|mut r| r.delete());
    }
}

/// True when a process with this id exists on this machine.
fn is_running(pid: u32) -> bool {
    let proc = Path::new("/proc");
    if proc.join("self").exists() {
        return proc.join(pid.to_string()).exists();
    }
    // No /proc (macOS, the BSDs): `kill -0` asks without signalling. If it cannot be
    // run, assume the writer is alive and keep its ref.
    Command::new("kill")
        .args(["-0", &pid.to_string()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map_or(true, |s| s.success())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_commit_is_read_from_its_mark() {
        let marks = ":1 1111111111111111111111111111111111111111\n\
                     :12 2222222222222222222222222222222222222222\n\
                     :2 3333333333333333333333333333333333333333\n";
        assert_eq!(
            commit_of(marks, 12),
            Some(Oid::from_str("2222222222222222222222222222222222222222").unwrap())
        );
        assert_eq!(
            commit_of(marks, 1),
            Some(Oid::from_str("1111111111111111111111111111111111111111").unwrap())
        );
        assert_eq!(commit_of(marks, 3), None);
    }

    #[test]
    fn this_process_is_running() {
        assert!(is_running(std::process::id()));
    }
}
