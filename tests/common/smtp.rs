//! A real SMTP server for tests: Python's aiosmtpd on 127.0.0.1 on a port the system
//! picks, spooling each accepted message (raw bytes and envelope) into a temp dir. It can
//! refuse chosen recipients with a given reply, ask for a login, and offer STARTTLS with a
//! self-signed certificate made by `openssl`. Killed on drop.

use std::collections::BTreeMap;
use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use tempfile::TempDir;

/// The Debian package that provides the server.
const PACKAGE: &str = "python3-aiosmtpd";

/// The server: a handler that refuses the recipients it was told to, and writes every
/// message it accepts as `NNNN.eml` plus `NNNN.json` (the envelope; written last, by
/// rename, so a listed `.json` always has its `.eml`). The port goes to stdout once the
/// server listens.
const SERVER: &str = r#"
import asyncio, json, os, ssl, sys
from aiosmtpd.smtp import SMTP, AuthResult

config = json.load(open(sys.argv[1]))
spool = config["spool"]

class Handler:
    count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        reply = config["reject"].get(address.lower())
        if reply:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        Handler.count += 1
        stem = os.path.join(spool, "%04d" % Handler.count)
        with open(stem + ".eml", "wb") as f:
            f.write(envelope.original_content)
        login = session.auth_data if session.authenticated else None
        with open(stem + ".tmp", "w") as f:
            json.dump({"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos,
                       "login": login, "tls": session.ssl is not None}, f)
        os.rename(stem + ".tmp", stem + ".json")
        return "250 Message accepted"

def authenticator(server, session, envelope, mechanism, auth_data):
    login = config["login"]
    ok = login is not None and auth_data.login.decode() == login[0] \
        and auth_data.password.decode() == login[1]
    return AuthResult(success=ok, handled=False, auth_data=auth_data.login.decode())

tls = None
if config["tls"]:
    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    tls.load_cert_chain(config["tls"]["cert"], config["tls"]["key"])

def factory():
    options = dict(hostname="smtp.test", tls_context=tls)
    if config["login"] is not None:
        options.update(authenticator=authenticator, auth_require_tls=False,
                       auth_required=True)
    return SMTP(Handler(), **options)

async def main():
    server = await asyncio.get_running_loop().create_server(factory, "127.0.0.1", 0)
    print(server.sockets[0].getsockname()[1], flush=True)
    await server.serve_forever()

asyncio.run(main())
"#;

/// What the server saw of one accepted message.
#[derive(Debug, Clone)]
pub struct Received {
    /// The envelope sender (`MAIL FROM`).
    pub mail_from: String,
    /// The envelope recipients the server accepted (`RCPT TO`).
    pub recipients: Vec<String>,
    /// The message as it arrived (after dot-unstuffing), CRLF line ends.
    pub data: Vec<u8>,
    /// The user who logged in, if anyone did.
    pub login: Option<String>,
    /// Whether the message came over a STARTTLS-encrypted connection.
    pub tls: bool,
}

impl Received {
    /// The message as text.
    pub fn text(&self) -> String {
        String::from_utf8(self.data.clone()).expect("a received message is UTF-8")
    }
}

/// How the server should behave; [`SmtpServer::start`] takes the defaults (accept all,
/// no login, no STARTTLS).
#[derive(Debug, Default, Clone)]
pub struct SmtpServerBuilder {
    reject: BTreeMap<String, String>,
    login: Option<(String, String)>,
    starttls: bool,
}

impl SmtpServerBuilder {
    /// Answers `RCPT TO:<address>` with `reply` (`"550 5.1.1 no such user"`,
    /// `"451 4.3.0 try again later"`).
    pub fn reject(mut self, address: &str, reply: &str) -> Self {
        self.reject.insert(address.to_lowercase(), reply.to_owned());
        self
    }

    /// Requires a login (AUTH PLAIN or LOGIN, allowed without TLS) as `user`/`password`.
    pub fn login(mut self, user: &str, password: &str) -> Self {
        self.login = Some((user.to_owned(), password.to_owned()));
        self
    }

    /// Offers STARTTLS with a self-signed certificate for 127.0.0.1 (see
    /// [`SmtpServer::certificate`]).
    pub fn starttls(mut self) -> Self {
        self.starttls = true;
        self
    }

    /// Starts the server and waits until it listens.
    pub fn start(self) -> SmtpServer {
        let python = python_with_aiosmtpd();
        let dir = TempDir::new().expect("temp dir for the SMTP server");
        let spool = dir.path().join("spool");
        fs::create_dir(&spool).expect("spool dir");
        let tls = self.starttls.then(|| self_signed_certificate(dir.path()));
        let config = serde_json::json!({
            "spool": spool,
            "reject": self.reject,
            "login": self.login,
            "tls": tls.as_ref().map(|(cert, key)| serde_json::json!({"cert": cert, "key": key})),
        });
        let config_path = dir.path().join("config.json");
        fs::write(&config_path, config.to_string()).expect("server config");
        let script = dir.path().join("smtp_server.py");
        fs::write(&script, SERVER).expect("server script");
        let stderr_path = dir.path().join("stderr");
        let mut child = Command::new(&python)
            .arg(&script)
            .arg(&config_path)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(fs::File::create(&stderr_path).expect("stderr file"))
            .spawn()
            .unwrap_or_else(|err| panic!("cannot start {}: {err}", python.display()));
        // The first line is the port, printed once the socket listens; nothing is
        // written before that, so reading it is the wait.
        let mut line = String::new();
        let stdout = child.stdout.take().expect("piped stdout");
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("read the server's port");
        let Ok(port) = line.trim().parse::<u16>() else {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "the SMTP server did not start: {}",
                fs::read_to_string(&stderr_path).unwrap_or_default()
            );
        };
        SmtpServer {
            child,
            port,
            spool,
            certificate: tls.map(|(cert, _)| cert),
            _dir: dir,
        }
    }
}

/// A running SMTP server; killed when dropped.
pub struct SmtpServer {
    child: Child,
    port: u16,
    spool: PathBuf,
    certificate: Option<PathBuf>,
    _dir: TempDir,
}

impl SmtpServer {
    /// A server that accepts every message, with no login and no STARTTLS.
    pub fn start() -> SmtpServer {
        SmtpServer::builder().start()
    }

    /// A server set up step by step.
    pub fn builder() -> SmtpServerBuilder {
        SmtpServerBuilder::default()
    }

    /// The port it listens on (on 127.0.0.1).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// `smtp://127.0.0.1:PORT`, as `--smtp` takes it.
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// The self-signed certificate (PEM) it offers with STARTTLS, if it does.
    pub fn certificate(&self) -> Option<&Path> {
        self.certificate.as_deref()
    }

    /// The messages accepted so far, oldest first. The server writes a message before it
    /// answers 250, so whatever a client was told was accepted is here.
    pub fn received(&self) -> Vec<Received> {
        let mut envelopes: Vec<PathBuf> = fs::read_dir(&self.spool)
            .expect("read the spool")
            .map(|entry| entry.expect("spool entry").path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
            .collect();
        envelopes.sort();
        envelopes
            .into_iter()
            .map(|path| {
                let envelope: serde_json::Value =
                    serde_json::from_slice(&fs::read(&path).expect("envelope")).expect("json");
                let text = |key: &str| envelope[key].as_str().map(str::to_owned);
                Received {
                    mail_from: text("mail_from").unwrap_or_default(),
                    recipients: envelope["rcpt_tos"]
                        .as_array()
                        .expect("recipients")
                        .iter()
                        .map(|to| to.as_str().expect("recipient").to_owned())
                        .collect(),
                    data: fs::read(path.with_extension("eml")).expect("message"),
                    login: text("login"),
                    tls: envelope["tls"].as_bool().unwrap_or(false),
                }
            })
            .collect()
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The first Python that has aiosmtpd: the one on PATH, else the system's (where the
/// Debian package puts it, when PATH leads to another Python).
fn python_with_aiosmtpd() -> PathBuf {
    for python in ["python3", "/usr/bin/python3"] {
        let found = Command::new(python)
            .args(["-c", "import aiosmtpd"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|status| status.success());
        if found {
            return PathBuf::from(python);
        }
    }
    panic!("the SMTP tests need Python's aiosmtpd: install the Debian package {PACKAGE} (apt-get install {PACKAGE})");
}

/// A key and a self-signed certificate for 127.0.0.1, valid for a day.
fn self_signed_certificate(dir: &Path) -> (PathBuf, PathBuf) {
    let cert = dir.join("cert.pem");
    let key = dir.join("key.pem");
    let output = Command::new("openssl")
        .args(["req", "-x509", "-newkey", "ec", "-pkeyopt"])
        .arg("ec_paramgen_curve:prime256v1")
        .args(["-nodes", "-days", "1", "-subj", "/CN=127.0.0.1"])
        .args(["-addext", "subjectAltName=IP:127.0.0.1"])
        // A server certificate, not a CA: TLS clients refuse a CA certificate as a server's.
        .args(["-addext", "basicConstraints=critical,CA:FALSE"])
        .arg("-keyout")
        .arg(&key)
        .arg("-out")
        .arg(&cert)
        .output()
        .unwrap_or_else(|err| {
            panic!("the STARTTLS test needs openssl: install the Debian package openssl ({err})")
        });
    assert!(
        output.status.success(),
        "openssl could not make a certificate: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    (cert, key)
}
