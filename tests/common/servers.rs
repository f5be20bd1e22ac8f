//! Real git servers for the tests that push through them: a plain OpenSSH `sshd` whose
//! keys map to identities, gitolite behind such an sshd, and `git daemon`. Each is
//! started by the test on a free port of 127.0.0.1 with everything it needs (config,
//! host key, authorized keys, gitolite's HOME) in the test's temp dir, and stopped with
//! every process it started when dropped.
//!
//! How a pre-receive hook learns who pushes:
//! - [`Sshd`]: each key's `authorized_keys` line sets [`PUSHER_VAR`] (`environment=`,
//!   allowed by `PermitUserEnvironment`) and forces `git-shell`, as a plain ssh git
//!   server would.
//! - [`Gitolite`]: gitolite's own `authorized_keys` lines run `gitolite-shell NAME`,
//!   which sets `GL_USER` to the key's name for git and its hooks. A hook written
//!   straight into the repository's `hooks/` runs (gitolite keeps only its `update`
//!   there, and `gitolite setup` leaves other hooks alone).
//! - [`Daemon`]: `git daemon` authenticates nobody; hooks see `REMOTE_ADDR` only.
//!
//! Every key logs in as the account running the tests (root in CI), which also owns
//! gitolite's HOME and repositories: no system user is created. As root, sshd needs its
//! privilege-separation directory `/run/sshd`, so it runs in its own mount and PID
//! namespaces (`unshare`) with a fresh `/run`: nothing is written to the machine's dirs,
//! and when sshd stops the kernel ends every session it started. Under any other
//! account sshd runs as it is and can log in that account only, which is all it needs.

use std::fs::{self, File};
use std::net::{TcpListener, TcpStream};
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use super::{Cluster, DeskClone, NOW};

/// The Debian package sshd comes from (`.ci/run` installs it).
pub const SSHD_PACKAGE: &str = "openssh-server";
/// The Debian package of `ssh` and `ssh-keygen`.
pub const SSH_CLIENT_PACKAGE: &str = "openssh-client";
/// The Debian package gitolite comes from (`.ci/run` installs it).
pub const GITOLITE_PACKAGE: &str = "gitolite3";
/// The variable a plain [`Sshd`] sets to the identity of the key that logged in.
pub const PUSHER_VAR: &str = "DESK_PUSHER";

const SSHD: &str = "/usr/sbin/sshd";
const GITOLITE: &str = "/usr/bin/gitolite";
const GITOLITE_SHELL: &str = "/usr/share/gitolite3/gitolite-shell";
/// How long a server may take to accept connections.
const STARTUP: Duration = Duration::from_secs(20);
/// In sshd's own mount namespace: a fresh `/run` holding only its privilege-separation
/// directory, then run the rest.
const FRESH_RUN: &str =
    "mount -t tmpfs -o mode=0755 desk-test-run /run && mkdir -m 0755 /run/sshd && exec \"$@\"";

/// An ed25519 key pair without passphrase, made with `ssh-keygen`, for one person.
pub struct SshKey {
    name: String,
    private: PathBuf,
}

impl SshKey {
    /// Makes `dir/keys/NAME` and `dir/keys/NAME.pub`. Fails the test naming the package
    /// when `ssh-keygen` is missing.
    pub fn generate(dir: &Path, name: &str) -> SshKey {
        let keys = dir.join("keys");
        fs::create_dir_all(&keys).expect("create the keys dir");
        let private = keys.join(name);
        keygen(&private, name);
        SshKey {
            name: name.to_string(),
            private,
        }
    }

    /// Whose key it is (gitolite's user name for it).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The private key file.
    pub fn private(&self) -> &Path {
        &self.private
    }

    /// The public key file (`NAME.pub`).
    pub fn public_file(&self) -> PathBuf {
        self.private.with_extension("pub")
    }

    /// The public key line (`ssh-ed25519 AAAA... NAME`), without the newline.
    pub fn public(&self) -> String {
        fs::read_to_string(self.public_file())
            .expect("read the public key")
            .trim()
            .to_string()
    }
}

/// A running OpenSSH sshd on 127.0.0.1 that takes public keys only and logs every key
/// in as the account running the tests; stopped with its sessions when dropped.
pub struct Sshd {
    dir: PathBuf,
    port: u16,
    user: String,
    child: Child,
}

impl Sshd {
    /// Starts an sshd under `dir/sshd` whose `authorized_keys` lets each key of `logins`
    /// in as the account running the tests, with [`PUSHER_VAR`] set to the identity paired
    /// with it and nothing but `git-shell` to run (so `git push ssh://...` works and a
    /// shell does not). Sessions get their own HOME (`dir/sshd/home`, no git config),
    /// the tests' PATH and clock (`DESK_NOW`), and no system git config. Waits until it accepts connections; fails the test naming the
    /// Debian package when sshd is missing, and with its log when it does not come up.
    pub fn start(dir: &Path, logins: &[(&SshKey, &str)]) -> Sshd {
        let dir = dir.join("sshd");
        let home = dir.join("home");
        fs::create_dir_all(&home).expect("create the sshd dirs");
        let authorized_keys = dir.join("authorized_keys");
        let lines: String = logins
            .iter()
            .map(|(key, identity)| {
                assert!(
                    !identity.contains(['"', '\\', '\n']),
                    "an identity for authorized_keys: {identity:?}"
                );
                format!(
                    "restrict,environment=\"{PUSHER_VAR}={identity}\",command=\"git-shell -c \\\"$SSH_ORIGINAL_COMMAND\\\"\" {}\n",
                    key.public()
                )
            })
            .collect();
        fs::write(&authorized_keys, lines).expect("write authorized_keys");
        Sshd::serve(&dir, &authorized_keys, &home, Some(PUSHER_VAR))
    }

    /// Starts sshd in `dir` for the keys in `authorized_keys` (as written, forced
    /// commands and all), sessions in `home`; `user_environment` names the variable
    /// `environment=` may set, if any.
    fn serve(
        dir: &Path,
        authorized_keys: &Path,
        home: &Path,
        user_environment: Option<&str>,
    ) -> Sshd {
        require_sshd();
        let host_key = dir.join("host_ed25519");
        if !host_key.exists() {
            keygen(&host_key, "desk-test-host");
        }
        let port = free_port();
        let user = current_user();
        let root = user == "root";
        let config = dir.join("sshd_config");
        let mut session_env = vec![
            format!("HOME={}", home.display()),
            format!(
                "PATH={}",
                std::env::var("PATH").unwrap_or_else(|_| "/usr/bin:/bin".to_string())
            ),
            "GIT_CONFIG_NOSYSTEM=1".to_string(),
            format!("DESK_NOW={NOW}"),
            "NO_COLOR=1".to_string(),
            "LANG=C".to_string(),
            "LC_ALL=C".to_string(),
        ];
        if let Ok(profile) = std::env::var("LLVM_PROFILE_FILE") {
            session_env.push(format!("LLVM_PROFILE_FILE={profile}"));
        }
        let session_env: Vec<String> = session_env.iter().map(|v| format!("\"{v}\"")).collect();
        let conf = format!(
            "ListenAddress 127.0.0.1\n\
             Port {port}\n\
             HostKey {host_key}\n\
             PidFile {pid}\n\
             AuthorizedKeysFile {authorized_keys}\n\
             AuthorizedKeysCommand none\n\
             AuthenticationMethods publickey\n\
             PubkeyAuthentication yes\n\
             PasswordAuthentication no\n\
             KbdInteractiveAuthentication no\n\
             HostbasedAuthentication no\n\
             UsePAM no\n\
             PermitRootLogin prohibit-password\n\
             AllowUsers {user}\n\
             # The temp dirs sit under the world-writable /tmp, which StrictModes refuses.\n\
             StrictModes no\n\
             PermitUserEnvironment {permit}\n\
             SetEnv {session_env}\n\
             UseDNS no\n\
             PrintMotd no\n\
             PrintLastLog no\n\
             X11Forwarding no\n\
             AllowTcpForwarding no\n\
             LogLevel VERBOSE\n",
            host_key = host_key.display(),
            pid = dir.join("sshd.pid").display(),
            authorized_keys = authorized_keys.display(),
            permit = user_environment.unwrap_or("no"),
            session_env = session_env.join(" "),
        );
        fs::write(&config, conf).expect("write sshd_config");
        let known_hosts = dir.join("known_hosts");
        let host_public =
            fs::read_to_string(host_key.with_extension("pub")).expect("read the host key");
        fs::write(
            &known_hosts,
            format!("[127.0.0.1]:{port} {}\n", host_public.trim()),
        )
        .expect("write known_hosts");

        let log = File::create(dir.join("sshd.log")).expect("create the sshd log");
        let sshd_args = [
            Path::new(SSHD),
            Path::new("-D"),
            Path::new("-e"),
            Path::new("-f"),
            &config,
        ];
        let mut cmd = if root {
            let mut cmd = Command::new("unshare");
            cmd.args(["--mount", "--propagation", "private", "--pid", "--fork"])
                .args(["--", "sh", "-c", FRESH_RUN, "sh"])
                .args(sshd_args);
            cmd
        } else {
            let mut cmd = Command::new(SSHD);
            cmd.args(&sshd_args[1..]);
            cmd
        };
        let child = cmd
            .stdin(Stdio::null())
            .stdout(log.try_clone().expect("log handle"))
            .stderr(log)
            .process_group(0)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start sshd (with `unshare`, util-linux): {e}"));
        let mut sshd = Sshd {
            dir: dir.to_path_buf(),
            port,
            user,
            child,
        };
        let (port, log) = (sshd.port, sshd.dir.join("sshd.log"));
        wait_for_port(&mut sshd.child, port, "sshd", &log);
        sshd
    }

    /// The account every key logs in as.
    pub fn user(&self) -> &str {
        &self.user
    }

    /// `ssh://USER@127.0.0.1:PORT/PATH` for a repository (an absolute path for a plain
    /// sshd, a repository name for gitolite).
    pub fn url(&self, path: &str) -> String {
        format!(
            "ssh://{}@127.0.0.1:{}/{}",
            self.user,
            self.port,
            path.trim_start_matches('/')
        )
    }

    /// An ssh command line that connects with `key` only, checks this server's host key
    /// and reads no ssh config: for `GIT_SSH_COMMAND` or `core.sshCommand`.
    pub fn ssh_command(&self, key: &SshKey) -> String {
        format!(
            "ssh -F /dev/null -p {} -i '{}' -o IdentitiesOnly=yes -o IdentityAgent=none \
             -o BatchMode=yes -o UserKnownHostsFile='{}' -o GlobalKnownHostsFile=/dev/null \
             -o StrictHostKeyChecking=yes -o LogLevel=ERROR",
            self.port,
            key.private().display(),
            self.dir.join("known_hosts").display(),
        )
    }

    /// Points the clone's `origin` at `url` on this server and makes its git connect
    /// with `key` (`core.sshCommand` in the clone's config), so that `git push`,
    /// `git desk push` and `git desk sync` there go through this server as that key.
    pub fn connect(&self, clone: &DeskClone, key: &SshKey, url: &str) {
        clone.git(&["remote", "set-url", "origin", url]);
        clone.git(&["config", "core.sshCommand", &self.ssh_command(key)]);
    }

    /// The server's log, for failure messages.
    pub fn log(&self) -> String {
        format!(
            "--- sshd log\n{}",
            fs::read_to_string(self.dir.join("sshd.log")).unwrap_or_default()
        )
    }
}

impl Drop for Sshd {
    fn drop(&mut self) {
        stop_group(&mut self.child);
    }
}

/// gitolite (Debian's gitolite3) with its own HOME in the test's temp dir, reached over
/// its own [`Sshd`] whose `authorized_keys` gitolite writes; stopped when dropped.
pub struct Gitolite {
    home: PathBuf,
    sshd: Sshd,
}

impl Gitolite {
    /// Sets gitolite up in `dir/gitolite` (HOME, `.gitolite.rc`, an admin key of its
    /// own) with one repository `repo` that each of `writers` may push to (`RW+`), user
    /// names being the keys' names, and starts its sshd. Fails the test naming the
    /// Debian package when gitolite is missing.
    pub fn start(dir: &Path, repo: &str, writers: &[&SshKey]) -> Gitolite {
        require_gitolite();
        let dir = dir.join("gitolite");
        let home = dir.join("home");
        fs::create_dir_all(&home).expect("create gitolite's HOME");
        let admin = SshKey::generate(&dir, "admin");
        gitolite(
            &home,
            &[
                "setup",
                "-pk",
                admin.public_file().to_str().expect("UTF-8 path"),
            ],
        );
        // The server's own way round the admin repository: edit the conf and keydir it
        // keeps checked out in HOME, then compile and rewrite authorized_keys.
        let admin_base = home.join(".gitolite");
        let names: Vec<&str> = writers.iter().map(|k| k.name()).collect();
        fs::write(
            admin_base.join("conf/gitolite.conf"),
            format!(
                "repo gitolite-admin\n    RW+ = admin\n\nrepo {repo}\n    RW+ = {}\n",
                names.join(" ")
            ),
        )
        .expect("write gitolite.conf");
        for key in writers {
            fs::copy(
                key.public_file(),
                admin_base.join(format!("keydir/{}.pub", key.name())),
            )
            .expect("copy a key into gitolite's keydir");
        }
        gitolite(&home, &["setup"]);
        let authorized_keys = home.join(".ssh/authorized_keys");
        let written = fs::read_to_string(&authorized_keys).unwrap_or_default();
        for name in &names {
            assert!(
                written.contains(&format!("{GITOLITE_SHELL} {name}\"")),
                "gitolite did not write a key line for {name} in {}:\n{written}",
                authorized_keys.display()
            );
        }
        let sshd = Sshd::serve(&dir, &authorized_keys, &home, None);
        Gitolite { home, sshd }
    }

    /// A repository's bare directory on the server (`repositories/REPO.git`).
    pub fn repo_path(&self, repo: &str) -> PathBuf {
        self.home.join("repositories").join(format!("{repo}.git"))
    }

    /// `ssh://USER@127.0.0.1:PORT/REPO`.
    pub fn url(&self, repo: &str) -> String {
        self.sshd.url(repo)
    }

    /// The server's [`Sshd`] (for its ssh command line and user).
    pub fn sshd(&self) -> &Sshd {
        &self.sshd
    }

    /// Points the clone's `origin` at `repo` on this server, connecting with `key`.
    pub fn connect(&self, clone: &DeskClone, key: &SshKey, repo: &str) {
        self.sshd.connect(clone, key, &self.url(repo));
    }

    /// The sshd's log and gitolite's own logs, for failure messages.
    pub fn log(&self) -> String {
        let mut log = self.sshd.log();
        if let Ok(entries) = fs::read_dir(self.home.join(".gitolite/logs")) {
            for entry in entries.flatten() {
                log.push_str(&format!("--- {}\n", entry.path().display()));
                log.push_str(&fs::read_to_string(entry.path()).unwrap_or_default());
            }
        }
        log
    }
}

/// Runs `gitolite ARGS` as the server's owner does: HOME is gitolite's, nothing else
/// from the tests' environment but PATH.
fn gitolite(home: &Path, args: &[&str]) {
    let mut cmd = Command::new(GITOLITE);
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home)
        .env("LANG", "C")
        .env("LC_ALL", "C")
        .current_dir(home)
        .args(args);
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("run {GITOLITE} {args:?}: {e}"));
    assert!(
        out.status.success(),
        "gitolite {args:?} failed ({}): {}{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A `git daemon` on a free port of 127.0.0.1 serving every repository under a
/// directory, pushes allowed; stopped when dropped.
pub struct Daemon {
    child: Child,
    port: u16,
}

impl Daemon {
    /// Starts `git daemon` for `base` (with the cluster's isolated environment) and waits
    /// until it accepts connections; fails the test with its log if it does not.
    pub fn start(cluster: &Cluster, base: &Path) -> Daemon {
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
            .stderr(File::create(&log).expect("daemon log"))
            .process_group(0);
        let mut child = cmd.spawn().unwrap_or_else(|e| {
            panic!("cannot start `git daemon` ({e}): it comes with Debian's `git` package")
        });
        wait_for_port(&mut child, port, "git daemon", &log);
        Daemon { child, port }
    }

    /// `git://127.0.0.1:PORT/PATH`, PATH relative to the served directory.
    pub fn url(&self, path: &str) -> String {
        format!("git://127.0.0.1:{}/{path}", self.port)
    }
}

impl Drop for Daemon {
    fn drop(&mut self) {
        stop_group(&mut self.child);
    }
}

/// Writes an executable hook `NAME` (a shell script with `body`) into a bare
/// repository's `hooks/`.
pub fn install_hook(git_dir: &Path, name: &str, body: &str) -> PathBuf {
    let hooks = git_dir.join("hooks");
    fs::create_dir_all(&hooks).expect("create hooks/");
    let path = hooks.join(name);
    fs::write(&path, format!("#!/bin/sh\n{body}\n"))
        .unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
    fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).expect("chmod the hook");
    path
}

/// Makes a key pair at `path` with `ssh-keygen`.
fn keygen(path: &Path, comment: &str) {
    let out = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-C", comment, "-f"])
        .arg(path)
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "cannot run ssh-keygen ({e}): the ssh tests need Debian's \
                 `{SSH_CLIENT_PACKAGE}` package (`apt-get install {SSH_CLIENT_PACKAGE}`)"
            )
        });
    assert!(
        out.status.success(),
        "ssh-keygen {}: {}",
        path.display(),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Fails the test, naming the package, when sshd is missing.
fn require_sshd() {
    assert!(
        Path::new(SSHD).exists(),
        "sshd is not installed ({SSHD}): the ssh push tests need Debian's `{SSHD_PACKAGE}` \
         package (`apt-get install {SSHD_PACKAGE}`; .ci/run installs it)"
    );
}

/// Fails the test, naming the package, when gitolite or sshd is missing.
fn require_gitolite() {
    assert!(
        Path::new(GITOLITE).exists() && Path::new(GITOLITE_SHELL).exists(),
        "gitolite is not installed ({GITOLITE}, {GITOLITE_SHELL}): the gitolite tests need \
         Debian's `{GITOLITE_PACKAGE}` package (`apt-get install {GITOLITE_PACKAGE}`; \
         .ci/run installs it)"
    );
    require_sshd();
}

/// The account running the tests.
fn current_user() -> String {
    let out = Command::new("id").arg("-un").output().expect("run id -un");
    let user = String::from_utf8_lossy(&out.stdout).trim().to_string();
    assert!(!user.is_empty(), "id -un named no user");
    user
}

fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    listener.local_addr().expect("local address").port()
}

/// Waits until `port` accepts connections; fails the test with the server's log if the
/// server exits or does not come up within [`STARTUP`].
fn wait_for_port(child: &mut Child, port: u16, what: &str, log: &Path) {
    let start = Instant::now();
    loop {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return;
        }
        let read_log = || fs::read_to_string(log).unwrap_or_default();
        if let Some(status) = child.try_wait().expect("poll the server") {
            panic!(
                "{what} exited at startup ({status})\n--- its log\n{}",
                read_log()
            );
        }
        if start.elapsed() > STARTUP {
            panic!(
                "{what} did not accept connections on 127.0.0.1:{port} within {STARTUP:?}\n\
                 --- its log\n{}",
                read_log()
            );
        }
        thread::sleep(Duration::from_millis(25));
    }
}

/// Ends a server started in its own process group: SIGTERM to the group, SIGKILL after
/// ten seconds.
fn stop_group(child: &mut Child) {
    let group = format!("-{}", child.id());
    let _ = Command::new("kill").args(["-TERM", "--", &group]).status();
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(10) {
        if let Ok(Some(_)) = child.try_wait() {
            return;
        }
        thread::sleep(Duration::from_millis(25));
    }
    let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
    let _ = child.wait();
}
