//! Large commits (an import, a bulk change of thousands of tickets) written as one pack
//! by `git fast-import`, rather than as thousands of loose objects.
//!
//! fast-import builds the trees from the parent's and writes blobs, trees and the commit
//! into a single pack, trying a delta only against the previous object: fast, and small
//! enough until `git gc` repacks. (libgit2's own pack builder searches a ten-object window
//! for deltas, which costs more than all the rest of a 10,000-ticket change.) The commit
//! is parked on a temporary ref while it is read back, then the ref is dropped: the caller
//! moves the desk branch, so objects are still written first and the branch last.

use std::collections::BTreeMap;
use std::io::Write;
use std::process::{Command, Stdio};

use chrono::{DateTime, Utc};
use git2::{Oid, Repository};

use super::actor::Actor;
use crate::error::DeskError;

/// True when fast-import can write a commit by this actor: its ident lines cannot carry
/// angle brackets or line breaks (libgit2 is then used instead).
pub(crate) fn can_write(author: &Actor, committer: &Actor) -> bool {
    [author, committer]
        .iter()
        .all(|a| !(a.name.contains(['<', '>', '\n']) || a.email.contains(['<', '>', '\n'])))
}

/// Writes a commit of `parent`'s tree with `changes` (path to new contents, `None` to
/// delete) through `git fast-import`; returns the commit id.
pub(crate) fn write_commit(
    repo: &Repository,
    parent: Oid,
    changes: &BTreeMap<String, Option<Vec<u8>>>,
    message: &str,
    author: &Actor,
    committer: &Actor,
    now: DateTime<Utc>,
) -> Result<Oid, DeskError> {
    let temp_ref = format!(
        "refs/git-desk/pack-{}-{:08x}",
        std::process::id(),
        rand::random::<u32>()
    );
    let mut stream =
        Vec::with_capacity(changes.values().flatten().map(Vec::len).sum::<usize>() * 2);
    // Blob marks are positions in `changes`, counted from 1.
    for (i, contents) in changes.values().enumerate() {
        if let Some(bytes) = contents {
            write!(stream, "blob\nmark :{}\ndata {}\n", i + 1, bytes.len()).expect("in memory");
            stream.extend_from_slice(bytes);
            stream.push(b'\n');
        }
    }
    let when = now.timestamp();
    write!(
        stream,
        "commit {temp_ref}\nauthor {} <{}> {when} +0000\ncommitter {} <{}> {when} +0000\ndata {}\n{message}\nfrom {parent}\n",
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
    stream.extend_from_slice(b"\ndone\n");

    let failed = |e: std::io::Error| DeskError::io("cannot run git fast-import", e);
    let mut child = Command::new("git")
        .arg("--git-dir")
        .arg(repo.path())
        .args(["fast-import", "--quiet", "--done"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(failed)?;
    let mut stdin = child.stdin.take().expect("piped");
    let writer = std::thread::spawn(move || stdin.write_all(&stream));
    let output = child.wait_with_output().map_err(failed)?;
    let written = writer.join().expect("the writer does not panic");
    if !output.status.success() {
        let _ = repo.find_reference(&temp_ref).and_then(|mut r| r.delete());
        return Err(DeskError::io(
            "git fast-import failed",
            std::io::Error::other(String::from_utf8_lossy(&output.stderr).trim().to_string()),
        ));
    }
    written.map_err(failed)?;
    let mut reference = repo.find_reference(&temp_ref)?;
    let commit = reference
        .target()
        .ok_or_else(|| git2::Error::from_str("fast-import left no commit"))?;
    reference.delete()?;
    Ok(commit)
}
