//! Sync over the network: a `git daemon` serves the remote on 127.0.0.1, three clones
//! edit at the same time and sync at the same time, and all converge with nothing lost.

use std::fs::File;
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use crate::common::{assert_remote_fsck, Cluster, DeskClone};
use crate::sync_property::{assert_all_edits_present, assert_converged, random_edit, Model, Rng};

/// A `git daemon` serving a directory read-write; killed when dropped.
struct Daemon {
    child: Child,
    port: u16,
}

/// A port nothing listens on right now.
pub fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    listener.local_addr().expect("local address").port()
}

impl Daemon {
    /// Starts `git daemon` on a free port for `base` and waits until it accepts
    /// connections. Fails the test with a clear message if it cannot.
    fn start(cluster: &Cluster, base: &Path) -> Daemon {
        let port = free_port();
        let log = cluster.root().join(format!("daemon-{port}.log"));
        let mut cmd = cluster.git_in(base);
        cmd.arg("daemon")
            .arg("--reuseaddr")
            .arg("--export-all")
            .arg("--enable=receive-pack")
            .arg(format!("--base-path={}", base.display()))
            .arg("--listen=127.0.0.1")
            .arg(format!("--port={port}"))
            .arg(base)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(File::create(&log).expect("daemon log"));
        let child = cmd.spawn().unwrap_or_else(|e| {
            panic!("cannot start `git daemon` ({e}): these tests need git's daemon (Debian: /usr/lib/git-core/git-daemon, in the git package)")
        });
        let mut daemon = Daemon { child, port };
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(status) = daemon.child.try_wait().expect("poll git daemon") {
                panic!(
                    "`git daemon` exited ({status}) instead of serving: is git's daemon installed (Debian: /usr/lib/git-core/git-daemon)? Its output: {}",
                    std::fs::read_to_string(&log).unwrap_or_default()
                );
            }
            if TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return daemon;
            }
            assert!(
                Instant::now() < deadline,
                "`git daemon` did not accept connections on 127.0.0.1:{port} within 10 s: {}",
                std::fs::read_to_string(&log).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    fn url(&self, path: &str) -> String {
        format!("git://127.0.0.1:{}/{path}", self.port)
    }
}

impl Drop for Daemon {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs `git-desk ARGS` in every clone at the same moment; all must succeed quietly.
fn all_at_once(clones: &[DeskClone], args: &[&str]) {
    let children: Vec<(&DeskClone, Child)> = clones
        .iter()
        .map(|c| {
            let mut cmd = c.std_cmd(args);
            cmd.stdout(Stdio::null()).stderr(Stdio::piped());
            (c, cmd.spawn().expect("spawn git-desk"))
        })
        .collect();
    for (c, child) in children {
        let out = child.wait_with_output().expect("wait for git-desk");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.success(),
            "{}: git-desk {args:?} failed ({}): {stderr}",
            c.name(),
            out.status
        );
        assert!(stderr.is_empty(), "{}: {args:?} said {stderr}", c.name());
    }
}

/// Three clones of a remote served by `git daemon` edit the same tickets without
/// syncing, then sync (`at_once`: all at the same moment; else one after the other in a
/// random order), twice over; then all converge with every edit kept.
fn network_rounds(seed: u64, at_once: bool) {
    let cluster = Cluster::new();
    let daemon = Daemon::start(&cluster, cluster.root());
    let url = daemon.url("remote.git");
    let names = ["dee", "eve", "fay"];
    let mut rng = Rng::new(seed);
    let mut model = Model::new(names.len());

    let dee = cluster.clone_url(names[0], &url);
    dee.run_ok(&["init", "-q"]);
    let first = dee.new_ticket("printer on fire");
    model.known[0].insert(first.clone());
    model.edits.push(crate::sync_property::Edit::New {
        id: first,
        title: "printer on fire".to_string(),
    });
    dee.run_ok(&["push", "-q"]);
    model.synced(0);
    assert_eq!(
        cluster.remote_tree(),
        dee.desk_tree(),
        "the push over git:// reached the remote"
    );
    let mut clones = vec![dee];
    for (i, name) in names.iter().enumerate().skip(1) {
        let c = cluster.clone_url(name, &url);
        c.run_ok(&["pull", "-q"]);
        model.pulled(i);
        clones.push(c);
    }

    for round in 0..2 {
        for (i, c) in clones.iter().enumerate() {
            for n in 0..3 {
                let tag = format!("net r{round} {} {n}", c.name());
                random_edit(&mut rng, &mut model, c, i, &tag);
            }
        }
        if at_once {
            // Pushes race: the losers must fetch, merge and retry.
            all_at_once(&clones, &["sync", "-q"]);
        } else {
            for i in rng.order(clones.len()) {
                clones[i].run_ok(&["sync", "-q"]);
            }
        }
        for _ in 0..2 {
            for c in &clones {
                c.run_ok(&["sync", "-q"]);
            }
        }
        assert_converged(&cluster, &clones, &format!("round {round}"));
        let all: std::collections::BTreeSet<String> =
            model.known.iter().flatten().cloned().collect();
        for k in &mut model.known {
            k.clone_from(&all);
        }
        model.remote = all;
    }

    assert_all_edits_present(&clones[1], &model.edits, "git daemon");
    for c in &clones {
        c.assert_fsck();
    }
    assert_remote_fsck(&cluster);
}

#[test]
fn clones_syncing_in_turn_through_git_daemon_converge() {
    network_rounds(42, false);
}

#[test]
fn clones_syncing_at_the_same_moment_through_git_daemon_converge() {
    for seed in [7, 8] {
        network_rounds(seed, true);
    }
}
