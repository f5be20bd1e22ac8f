//! A real mail server for end-to-end mail tests: Debian's OpenSMTPD, started by the test
//! on a free loopback port with its own configuration, queue and control socket in a temp
//! dir, and a [`Smarthost`] standing in for the rest of the world's mail servers.
//!
//! OpenSMTPD has its queue (`/var/spool/smtpd`) and control socket (`/run/smtpd.sock`)
//! compiled in, so one instance per machine at most. Each [`Mta`] therefore runs in its
//! own mount and PID namespace (`unshare`) with the test's dirs bound over `/var/spool`
//! and `/run`: instances run side by side, nothing is written to the machine's own
//! dirs, and when the server stops the kernel ends every process it started.

use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use lettre::address::Envelope;
use lettre::{SmtpTransport, Transport};

/// The Debian package the MTA comes from (`.ci/run` installs it).
pub const MTA_PACKAGE: &str = "opensmtpd";
/// The user the desk's delivery command runs as: OpenSMTPD never delivers as root, and
/// `nobody` exists on every Debian machine.
pub const DELIVERY_USER: &str = "nobody";
const SMTPD: &str = "/usr/sbin/smtpd";
const SMTPCTL: &str = "/usr/sbin/smtpctl";
const SENDMAIL: &str = "/usr/sbin/sendmail";
/// `unshare` options for a private mount namespace.
const NAMESPACE: &str = "--mount --propagation private";
/// In that namespace: `$1` over `/var/spool`, `$2` over `$3` (`/run`), then run the rest.
const BIND_AND_EXEC: &str =
    "mount --bind \"$1\" /var/spool && mount --bind \"$2\" \"$3\" && shift 3 && exec \"$@\"";
/// How long the server may take to accept connections.
const STARTUP: Duration = Duration::from_secs(20);
/// How long [`Mta::wait_until`] waits for mail to go through before failing the test.
const DELIVERY: Duration = Duration::from_secs(60);

/// What the MTA does with mail.
pub struct MtaOptions {
    /// The desk's address: mail to it is piped into `deliver`.
    pub desk_address: String,
    /// A shell command line that reads one message on stdin, run by `/bin/sh` as
    /// [`DELIVERY_USER`] for each message to the desk (`/path/git-desk -C REPO mail
    /// ingest`). Exit 0 delivers, 75 (EX_TEMPFAIL) makes the MTA keep the message and try
    /// again later, anything else bounces it to the sender.
    pub deliver: String,
    /// Where mail to every other address goes (a [`Smarthost`]).
    pub relay: SocketAddr,
}

/// A running OpenSMTPD listening on 127.0.0.1; stopped with everything it started when
/// dropped.
pub struct Mta {
    dir: PathBuf,
    port: u16,
    child: Child,
}

impl Mta {
    /// Starts OpenSMTPD with its config, queue and logs under `dir/mta`, listening on a
    /// free port of 127.0.0.1, and waits until it accepts connections. Fails the test
    /// naming the Debian package when OpenSMTPD is not installed, and with the server's
    /// log when it does not come up.
    pub fn start(dir: &Path, options: &MtaOptions) -> Mta {
        require_mta();
        let dir = dir.join("mta");
        let spool = dir.join("spool");
        let run = dir.join("run");
        for d in [&dir, &spool, &run] {
            fs::create_dir_all(d).expect("create the MTA's dirs");
        }
        // The delivery command runs as `nobody`: it must reach its script and log.
        let deliver_log = dir.join("deliver.log");
        fs::write(&deliver_log, "").expect("create the delivery log");
        hand_to_delivery_user(&deliver_log);
        let deliver = dir.join("deliver");
        write_script(
            &deliver,
            &format!("exec 2>>'{}'\n{}", deliver_log.display(), options.deliver),
        );
        open_path_to(&dir);
        write_script(
            &dir.join("sendmail"),
            &format!(
                "exec unshare {NAMESPACE} -- sh -c '{BIND_AND_EXEC}' sh '{}' '{}' '{}' {SENDMAIL} \"$@\"",
                spool.display(),
                run.display(),
                run_dir().display(),
            ),
        );

        let port = free_port();
        let config = dir.join("smtpd.conf");
        fs::write(
            &config,
            smtpd_conf(port, &options.desk_address, &deliver, options.relay),
        )
        .expect("write smtpd.conf");
        let log = fs::File::create(dir.join("smtpd.log")).expect("create the MTA log");
        // Both `/var/spool` and `/run` are replaced inside the server's own namespaces;
        // the PID namespace makes the kernel end every process in it when smtpd exits.
        let child = Command::new("unshare")
            .args(NAMESPACE.split(' '))
            .args(["--pid", "--fork", "--", "sh", "-c", BIND_AND_EXEC, "sh"])
            .arg(&spool)
            .arg(&run)
            .arg(run_dir())
            .args([Path::new(SMTPD), Path::new("-d"), Path::new("-f"), &config])
            .stdin(Stdio::null())
            .stdout(log.try_clone().expect("log handle"))
            .stderr(log)
            .process_group(0)
            .spawn()
            .unwrap_or_else(|e| {
                panic!("cannot run `unshare` (util-linux) to start OpenSMTPD: {e}")
            });
        let mut mta = Mta { dir, port, child };
        mta.wait_for_port();
        mta
    }

    /// `smtp://127.0.0.1:PORT`, for `git desk notify --smtp`.
    pub fn smtp_url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// The server's log and the delivery command's stderr, for failure messages.
    pub fn log(&self) -> String {
        let read = |name: &str| fs::read_to_string(self.dir.join(name)).unwrap_or_default();
        format!(
            "--- smtpd log\n{}--- delivery command's stderr\n{}",
            read("smtpd.log"),
            read("deliver.log")
        )
    }

    /// A `sendmail` for this server (its own, `-t -i` and all, run where it reaches this
    /// instance's queue), for `git desk notify --sendmail`. It enters the server's mount
    /// namespace, so only root can run it: as [`DELIVERY_USER`], use [`Mta::smtp_url`].
    pub fn sendmail(&self) -> PathBuf {
        self.dir.join("sendmail")
    }

    /// Sends `message` by SMTP with the given envelope; fails the test with the server's
    /// log when the server does not take it.
    pub fn send(&self, from: &str, to: &[&str], message: &[u8]) {
        let envelope = Envelope::new(
            Some(from.parse().expect("sender address")),
            to.iter()
                .map(|a| a.parse().expect("recipient address"))
                .collect(),
        )
        .expect("envelope");
        let transport = SmtpTransport::from_url(&self.smtp_url())
            .expect("SMTP URL")
            .build();
        if let Err(e) = transport.send_raw(&envelope, message) {
            panic!("the MTA did not take the message: {e}\n{}", self.log());
        }
    }

    /// Tells the server to try every queued message now instead of at its next retry
    /// time (`smtpctl schedule all`).
    pub fn retry_now(&self) {
        let out = self
            .in_namespace(&[SMTPCTL, "schedule", "all"])
            .output()
            .expect("run smtpctl");
        assert!(
            out.status.success(),
            "smtpctl schedule all: {}\n{}",
            String::from_utf8_lossy(&out.stderr),
            self.log()
        );
    }

    /// Waits until `done` holds, up to a minute (the server works on its own time);
    /// fails the test naming `what` and showing the server's log if it never does.
    pub fn wait_until(&self, what: &str, mut done: impl FnMut() -> bool) {
        let start = Instant::now();
        while !done() {
            if start.elapsed() > DELIVERY {
                panic!("{what}: not within {DELIVERY:?}\n{}", self.log());
            }
            thread::sleep(Duration::from_millis(100));
        }
    }

    /// A command run with this server's `/var/spool` and `/run` (so `smtpctl` and the
    /// server's `sendmail` reach it rather than a machine-wide instance).
    fn in_namespace(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new("unshare");
        cmd.args(NAMESPACE.split(' '))
            .args(["--", "sh", "-c", BIND_AND_EXEC, "sh"])
            .arg(self.dir.join("spool"))
            .arg(self.dir.join("run"))
            .arg(run_dir())
            .args(args);
        cmd
    }

    fn wait_for_port(&mut self) {
        let start = Instant::now();
        loop {
            if TcpStream::connect(("127.0.0.1", self.port)).is_ok() {
                return;
            }
            if let Some(status) = self.child.try_wait().expect("wait for smtpd") {
                panic!("OpenSMTPD exited at startup ({status})\n{}", self.log());
            }
            if start.elapsed() > STARTUP {
                panic!(
                    "OpenSMTPD did not accept connections on port {} within {STARTUP:?}\n{}",
                    self.port,
                    self.log()
                );
            }
            thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Mta {
    fn drop(&mut self) {
        // `unshare` waits for smtpd, which shuts down cleanly on SIGTERM; the namespace's
        // end takes any delivery command still running with it.
        let group = format!("-{}", self.child.id());
        let _ = Command::new("kill").args(["-TERM", "--", &group]).status();
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(10) {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            thread::sleep(Duration::from_millis(50));
        }
        let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
        let _ = self.child.wait();
    }
}

/// Gives `path` (recursively) to [`DELIVERY_USER`] and lets that user reach it, so that
/// the delivery command can write there (the desk's repository). Git then refuses the
/// repository to root unless root's git config trusts it (`safe.directory`); files root
/// writes there later are root's again: run such commands [`as_delivery_user`], or hand
/// the repository over again.
pub fn hand_to_delivery_user(path: &Path) {
    let out = Command::new("chown")
        .args(["-R", &format!("{DELIVERY_USER}:")])
        .arg(path)
        .output()
        .expect("run chown");
    assert!(
        out.status.success(),
        "chown {DELIVERY_USER} {}: {}",
        path.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    open_path_to(path);
}

/// Makes `cmd` run as [`DELIVERY_USER`], as the delivery command does: for the commands a
/// test runs on a desk the delivery command also writes to (`notify` from the desk's
/// cron), so that neither leaves files the other cannot write.
pub fn as_delivery_user(cmd: &mut Command) -> &mut Command {
    let id = |flag: &str| -> u32 {
        let out = Command::new("id")
            .args([flag, DELIVERY_USER])
            .output()
            .expect("run id");
        String::from_utf8_lossy(&out.stdout)
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("no user {DELIVERY_USER} on this machine"))
    };
    cmd.uid(id("-u")).gid(id("-g"))
}

/// The smtpd.conf: the desk's address to the delivery script as `DELIVERY_USER`,
/// everything else relayed to the smarthost.
fn smtpd_conf(port: u16, desk_address: &str, deliver: &Path, relay: SocketAddr) -> String {
    format!(
        "listen on 127.0.0.1 port {port}\n\
         table desk {{ \"{desk_address}\" = \"{DELIVERY_USER}\" }}\n\
         action \"desk\" mda \"{deliver}\" virtual <desk>\n\
         action \"relay\" relay host smtp://{relay}\n\
         match from any for rcpt-to \"{desk_address}\" action \"desk\"\n\
         match from any for any action \"relay\"\n",
        deliver = deliver.display(),
    )
}

/// Fails the test, naming the package, when OpenSMTPD is missing; and when not root,
/// which the server (privilege separation) and its namespaces need.
fn require_mta() {
    assert!(
        Path::new(SMTPD).exists() && Path::new(SMTPCTL).exists(),
        "OpenSMTPD is not installed ({SMTPD}): the mail tests need Debian's `{MTA_PACKAGE}` \
         package (`apt-get install {MTA_PACKAGE}`; .ci/run installs it)"
    );
    let uid = Command::new("id").arg("-u").output().expect("run id -u");
    assert_eq!(
        String::from_utf8_lossy(&uid.stdout).trim(),
        "0",
        "the mail tests start OpenSMTPD ({MTA_PACKAGE}), which needs root: run them as root"
    );
}

/// Where `/var/run/smtpd.sock` really lives (`/var/run` is a link to `/run` on Debian).
fn run_dir() -> PathBuf {
    fs::canonicalize("/var/run").expect("/var/run")
}

/// Writes an executable shell script.
fn write_script(path: &Path, body: &str) {
    fs::write(path, format!("#!/bin/sh\n{body}\n"))
        .unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
    fs::set_permissions(path, fs::Permissions::from_mode(0o755)).expect("chmod");
}

/// Lets other users pass through every directory above `path` (temp dirs are 0700).
fn open_path_to(path: &Path) {
    for dir in path.ancestors() {
        let Ok(meta) = fs::metadata(dir) else {
            continue;
        };
        let mode = meta.permissions().mode();
        if meta.is_dir() && mode & 0o001 == 0 {
            fs::set_permissions(dir, fs::Permissions::from_mode(mode | 0o011))
                .unwrap_or_else(|e| panic!("let {DELIVERY_USER} through {}: {e}", dir.display()));
        }
    }
}

fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    listener.local_addr().expect("local address").port()
}

/// One message as the smarthost received it.
#[derive(Clone, Debug)]
pub struct Relayed {
    /// The envelope sender (`MAIL FROM`), empty for a bounce.
    pub from: String,
    /// The envelope recipients (`RCPT TO`).
    pub to: Vec<String>,
    /// The message as sent after `DATA`, dot-stuffing undone.
    pub data: Vec<u8>,
}

impl Relayed {
    /// The message as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.data).into_owned()
    }
}

/// A small SMTP server on a free port of 127.0.0.1 that takes every message and keeps
/// it: the next hop the MTA relays to, standing in for the customers' mail servers.
pub struct Smarthost {
    addr: SocketAddr,
    received: Arc<Mutex<Vec<Relayed>>>,
    stop: Arc<AtomicBool>,
    accept: Option<JoinHandle<()>>,
}

impl Smarthost {
    /// Starts listening.
    pub fn start() -> Smarthost {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind the smarthost");
        let addr = listener.local_addr().expect("smarthost address");
        let received = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let accept = {
            let received = Arc::clone(&received);
            let stop = Arc::clone(&stop);
            thread::spawn(move || {
                for conn in listener.incoming() {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let Ok(conn) = conn else { continue };
                    let received = Arc::clone(&received);
                    // One thread per connection: the MTA may hold one open while it
                    // opens another.
                    thread::spawn(move || {
                        let _ = serve(conn, &received);
                    });
                }
            })
        };
        Smarthost {
            addr,
            received,
            stop,
            accept: Some(accept),
        }
    }

    /// Where it listens.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Every message received so far, in order.
    pub fn received(&self) -> Vec<Relayed> {
        self.received.lock().expect("smarthost lock").clone()
    }
}

impl Drop for Smarthost {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect(self.addr);
        if let Some(accept) = self.accept.take() {
            let _ = accept.join();
        }
    }
}

/// One SMTP session (RFC 5321, the commands an MTA uses to relay).
fn serve(conn: TcpStream, received: &Mutex<Vec<Relayed>>) -> std::io::Result<()> {
    conn.set_read_timeout(Some(Duration::from_secs(60)))?;
    let mut out = conn.try_clone()?;
    let mut input = BufReader::new(conn);
    out.write_all(b"220 smarthost.test ESMTP\r\n")?;
    let mut from = String::new();
    let mut to = Vec::new();
    let mut line = Vec::new();
    loop {
        line.clear();
        if input.read_until(b'\n', &mut line)? == 0 {
            return Ok(());
        }
        let command = String::from_utf8_lossy(&line).trim_end().to_string();
        let verb = command
            .split([' ', ':'])
            .next()
            .unwrap_or("")
            .to_ascii_uppercase();
        let reply: &[u8] = match verb.as_str() {
            "EHLO" => b"250-smarthost.test\r\n250-8BITMIME\r\n250 PIPELINING\r\n",
            "HELO" | "NOOP" => b"250 ok\r\n",
            "MAIL" => {
                from = angle_address(&command);
                to.clear();
                b"250 ok\r\n"
            }
            "RCPT" => {
                to.push(angle_address(&command));
                b"250 ok\r\n"
            }
            "RSET" => {
                from.clear();
                to.clear();
                b"250 ok\r\n"
            }
            "DATA" => {
                out.write_all(b"354 end with <CRLF>.<CRLF>\r\n")?;
                let data = read_data(&mut input)?;
                received.lock().expect("smarthost lock").push(Relayed {
                    from: std::mem::take(&mut from),
                    to: std::mem::take(&mut to),
                    data,
                });
                b"250 queued\r\n"
            }
            "QUIT" => {
                out.write_all(b"221 bye\r\n")?;
                return Ok(());
            }
            _ => b"502 not implemented\r\n",
        };
        out.write_all(reply)?;
    }
}

/// The address between `<` and `>` of a MAIL or RCPT command.
fn angle_address(command: &str) -> String {
    let start = command.find('<').map_or(0, |i| i + 1);
    let end = command[start..]
        .find('>')
        .map_or(command.len(), |i| start + i);
    command[start..end].to_string()
}

/// The lines after DATA up to the lone `.`, each line's stuffed leading dot removed.
fn read_data(input: &mut impl BufRead) -> std::io::Result<Vec<u8>> {
    let mut data = Vec::new();
    let mut line = Vec::new();
    loop {
        line.clear();
        if input.read_until(b'\n', &mut line)? == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        if line == b".\r\n" || line == b".\n" {
            return Ok(data);
        }
        let unstuffed = if line.starts_with(b".") {
            &line[1..]
        } else {
            &line[..]
        };
        data.extend_from_slice(unstuffed);
    }
}
