//! How a composed notice leaves the desk: handed to the local MTA (`sendmail`), sent to
//! an SMTP server (STARTTLS when the server offers it), or written to an outbox directory
//! as one `.eml` file. A failure says whether a later run may succeed, so that `notify`
//! can keep the notice for the next run instead of giving up on it.

use std::fs;
use std::io::{self, Write};
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};

use lettre::address::Envelope;
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::{Address, SmtpTransport, Transport};
use thiserror::Error;

/// The command used when none is given: read the recipients from the headers (`-t`),
/// and do not end the message at a line holding a single dot (`-i`).
pub const DEFAULT_SENDMAIL: &str = "sendmail -t -i";

/// The port of an `smtp://` URL that names none.
pub const DEFAULT_SMTP_PORT: u16 = 25;

/// Where notices go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delivery {
    /// A command run through `sh -c` with the message on its standard input.
    Sendmail {
        /// The command line, [`DEFAULT_SENDMAIL`] unless the user gave another.
        command: String,
    },
    /// An SMTP server.
    Smtp(SmtpTarget),
    /// A directory that receives one `<stem>.eml` file per message.
    Outbox(PathBuf),
}

impl std::fmt::Display for Delivery {
    /// Where messages go, for a person: `sendmail command 'sendmail -t -i'`,
    /// `SMTP server mail.example.com:587`, `outbox /var/spool/desk`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Delivery::Sendmail { command } => write!(f, "sendmail command '{command}'"),
            Delivery::Smtp(target) => write!(f, "SMTP server {}", target.server()),
            Delivery::Outbox(dir) => write!(f, "outbox {}", dir.display()),
        }
    }
}

/// An SMTP server and, when it wants them, the credentials to log in with.
#[derive(Clone, PartialEq, Eq)]
pub struct SmtpTarget {
    /// Host name or IP address.
    pub host: String,
    /// TCP port.
    pub port: u16,
    /// The user to log in as; none sends without logging in.
    pub user: Option<String>,
    /// The user's password (from `DESK_SMTP_PASSWORD`, never from the URL).
    pub password: Option<String>,
    /// A PEM file of CA certificates trusted beside the public roots: for a relay whose
    /// certificate an internal CA signed.
    pub ca_certificates: Option<PathBuf>,
}

// By hand, so that a password never lands in a log or an error message.
impl std::fmt::Debug for SmtpTarget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpTarget")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("user", &self.user)
            .field("password", &self.password.as_ref().map(|_| "***"))
            .field("ca_certificates", &self.ca_certificates)
            .finish()
    }
}

/// Why a message did not leave, and whether trying again later may help.
#[derive(Debug, Error)]
pub enum DeliveryError {
    /// The `--smtp` URL cannot be understood.
    #[error("bad SMTP URL '{url}': {reason}; write it as smtp://[user@]host:port")]
    BadUrl {
        /// The URL as given.
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The URL names a user but no password was given.
    #[error("the SMTP URL logs in as '{user}' but no password was given; set DESK_SMTP_PASSWORD")]
    NoPassword {
        /// The user from the URL.
        user: String,
    },
    /// An envelope address cannot be sent.
    #[error("'{address}' is not a valid mail address ({reason})")]
    BadAddress {
        /// The address as given.
        address: String,
        /// What the address parser said.
        reason: String,
    },
    /// The outbox file name would leave the outbox directory or is empty.
    #[error("'{stem}' cannot name a file in the outbox: it must be a plain file name")]
    BadFileStem {
        /// The stem as given.
        stem: String,
    },
    /// The CA certificates file cannot be read or holds no certificate.
    #[error("cannot use {} as CA certificates: {reason}; give a PEM file", path.display())]
    BadCaCertificates {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    /// The SMTP server could not be reached, or the connection broke.
    #[error(
        "cannot reach the SMTP server {server}: {reason}; check the host and port, or try again later"
    )]
    Unreachable {
        /// `host:port`.
        server: String,
        /// What the network said.
        reason: String,
    },
    /// The SMTP server answered with an error reply (4xx: try later; 5xx: it will not
    /// accept this).
    #[error("the SMTP server {server} refused the message: {code} {reply}")]
    Refused {
        /// `host:port`.
        server: String,
        /// The three-digit reply code.
        code: u16,
        /// The text of the reply.
        reply: String,
    },
    /// The conversation with the SMTP server failed for another reason (TLS, no common
    /// login method, a reply that makes no sense).
    #[error("sending through the SMTP server {server} failed: {reason}")]
    Smtp {
        /// `host:port`.
        server: String,
        /// What went wrong.
        reason: String,
        /// Whether a later run may succeed.
        temporary: bool,
    },
    /// The sendmail command could not be started.
    #[error("cannot run the sendmail command '{command}': {source}")]
    SendmailStart {
        /// The command line.
        command: String,
        /// Why it could not run.
        source: io::Error,
    },
    /// The sendmail command ran and failed.
    #[error(
        "the sendmail command '{command}' failed ({status}){}",
        stderr_suffix(stderr)
    )]
    SendmailFailed {
        /// The command line.
        command: String,
        /// How it ended (`exit status: 75`).
        status: String,
        /// What it wrote on standard error.
        stderr: String,
        /// Whether a later run may succeed (the command said so, or it did not say).
        temporary: bool,
    },
    /// The outbox file could not be written.
    #[error("cannot write {}: {source}", path.display())]
    Outbox {
        /// The file (or directory) that could not be written.
        path: PathBuf,
        /// The I/O error.
        source: io::Error,
    },
}

fn stderr_suffix(stderr: &str) -> String {
    let stderr = stderr.trim();
    if stderr.is_empty() {
        String::new()
    } else {
        format!(": {}", stderr.lines().collect::<Vec<_>>().join(" / "))
    }
}

impl DeliveryError {
    /// Whether a later attempt may succeed: the server or the network may recover
    /// (connection refused, 4xx replies, a disk that was full). Permanent failures
    /// (5xx replies, bad addresses, bad settings) need someone to change something.
    pub fn is_temporary(&self) -> bool {
        match self {
            DeliveryError::Unreachable { .. } | DeliveryError::Outbox { .. } => true,
            DeliveryError::Refused { code, .. } => (400..500).contains(code),
            DeliveryError::Smtp { temporary, .. }
            | DeliveryError::SendmailFailed { temporary, .. } => *temporary,
            DeliveryError::BadUrl { .. }
            | DeliveryError::NoPassword { .. }
            | DeliveryError::BadAddress { .. }
            | DeliveryError::BadFileStem { .. }
            | DeliveryError::BadCaCertificates { .. }
            | DeliveryError::SendmailStart { .. } => false,
        }
    }

    /// Whether the failure lies in what the user gave (an `--smtp` URL, a missing
    /// password), found before anything was sent: the CLI's exit code 2.
    pub fn is_bad_input(&self) -> bool {
        matches!(
            self,
            DeliveryError::BadUrl { .. }
                | DeliveryError::NoPassword { .. }
                | DeliveryError::BadCaCertificates { .. }
        )
    }
}

impl SmtpTarget {
    /// Reads `smtp://[user@]host[:port]` (port 25 when none is given; an IPv6 address
    /// in brackets). The password comes separately (`DESK_SMTP_PASSWORD`): a password in
    /// the URL is refused, as it would show in the process list and the shell history.
    pub fn parse(url: &str, password: Option<String>) -> Result<SmtpTarget, DeliveryError> {
        let bad = |reason: &str| DeliveryError::BadUrl {
            url: url.to_owned(),
            reason: reason.to_owned(),
        };
        let rest = match url.split_once("://") {
            Some((scheme, rest)) if scheme.eq_ignore_ascii_case("smtp") => rest,
            Some((scheme, _)) => {
                return Err(bad(&format!(
                    "the scheme is '{scheme}', only smtp is supported (STARTTLS is used when the server offers it)"
                )))
            }
            None => return Err(bad("it does not start with smtp://")),
        };
        let rest = rest.strip_suffix('/').unwrap_or(rest);
        if rest.contains(['/', '?', '#']) {
            return Err(bad("it has a path or a query, which mean nothing here"));
        }
        let (user, server) = match rest.rsplit_once('@') {
            Some((user, server)) => (Some(user), server),
            None => (None, rest),
        };
        let user = match user {
            Some(user) if user.contains(':') => {
                return Err(bad(
                    "it holds a password; put the password in DESK_SMTP_PASSWORD instead",
                ))
            }
            Some("") => return Err(bad("the user before '@' is empty")),
            Some(user) => {
                Some(percent_decode(user).ok_or_else(|| bad("the user is badly %-encoded"))?)
            }
            None => None,
        };
        let (host, port) = split_host_port(server).map_err(|reason| bad(&reason))?;
        if let (Some(user), None) = (&user, &password) {
            return Err(DeliveryError::NoPassword { user: user.clone() });
        }
        Ok(SmtpTarget {
            host,
            port,
            password: user.as_ref().and(password),
            user,
            ca_certificates: None,
        })
    }

    /// `host:port`, as errors name the server.
    pub fn server(&self) -> String {
        if self.host.contains(':') {
            format!("[{}]:{}", self.host, self.port)
        } else {
            format!("{}:{}", self.host, self.port)
        }
    }

    fn is_loopback(&self) -> bool {
        self.host.eq_ignore_ascii_case("localhost")
            || self.host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
    }

    /// Reads the `ca_certificates` file, if one is set.
    fn read_ca_certificates(&self) -> Result<Option<Certificate>, DeliveryError> {
        let Some(path) = &self.ca_certificates else {
            return Ok(None);
        };
        let bad = |reason: String| DeliveryError::BadCaCertificates {
            path: path.clone(),
            reason,
        };
        let pem = fs::read(path).map_err(|err| bad(err.to_string()))?;
        if !pem.windows(11).any(|w| w == b"-----BEGIN ") {
            return Err(bad("it holds no PEM certificate".into()));
        }
        Certificate::from_pem(&pem)
            .map(Some)
            .map_err(|err| bad(err.to_string()))
    }

    fn tls_parameters(&self) -> Result<TlsParameters, DeliveryError> {
        let mut tls = TlsParameters::builder(self.host.clone());
        if let Some(certificate) = self.read_ca_certificates()? {
            tls = tls.add_root_certificate(certificate);
        }
        tls.build().map_err(|err| DeliveryError::Smtp {
            server: self.server(),
            reason: err.to_string(),
            temporary: false,
        })
    }

    fn send(&self, envelope: &Envelope, message: &[u8]) -> Result<(), DeliveryError> {
        let server = self.server();
        let tls = self.tls_parameters()?;
        let mut builder = SmtpTransport::builder_dangerous(self.host.as_str()).port(self.port);
        builder = match (&self.user, &self.password) {
            (Some(user), Some(password)) => {
                builder = builder.credentials(Credentials::new(user.clone(), password.clone()));
                // A password crosses the network only encrypted; on this machine the
                // server may take it in the clear.
                if self.is_loopback() {
                    builder.tls(Tls::Opportunistic(tls))
                } else {
                    builder.tls(Tls::Required(tls))
                }
            }
            _ => builder.tls(Tls::Opportunistic(tls)),
        };
        // The message's last line end is the first of the end-of-data mark, which lettre
        // writes whole: without this the server would get one blank line more.
        let data = message.strip_suffix(b"\r\n").unwrap_or(message);
        builder
            .build()
            .send_raw(envelope, data)
            .map(|_| ())
            .map_err(|err| smtp_error(server, &err))
    }
}

/// Sorts lettre's error into what the caller needs: reply code and text, or whether the
/// server was reachable at all.
fn smtp_error(server: String, err: &lettre::transport::smtp::Error) -> DeliveryError {
    let detail = std::error::Error::source(err)
        .map(|source| source.to_string())
        .unwrap_or_else(|| err.to_string());
    if let Some(code) = err.status() {
        let code = code.to_string().parse().unwrap_or(500);
        return DeliveryError::Refused {
            server,
            code,
            reply: detail.trim().to_owned(),
        };
    }
    match io_error_kind(err) {
        // rustls reports a certificate it cannot trust, or a handshake gone wrong, as
        // invalid data: that is a setting to fix, not a network to wait for.
        Some(io::ErrorKind::InvalidData) => {
            return DeliveryError::Smtp {
                server,
                reason: format!("the secure connection (STARTTLS) failed: {detail}"),
                temporary: false,
            }
        }
        Some(_) => {
            return DeliveryError::Unreachable {
                server,
                reason: detail,
            }
        }
        None if err.is_timeout() => {
            return DeliveryError::Unreachable {
                server,
                reason: detail,
            }
        }
        None => {}
    }
    DeliveryError::Smtp {
        server,
        // A reply that cannot be read is most likely a connection cut short; the rest
        // (no STARTTLS where a password needs it, no login method in common) are
        // settings.
        temporary: err.is_response(),
        reason: detail,
    }
}

/// The kind of the I/O error beneath a lettre error, if there is one: lettre's own
/// kinds (connection, network) are private.
fn io_error_kind(err: &lettre::transport::smtp::Error) -> Option<io::ErrorKind> {
    let mut cause = std::error::Error::source(err);
    while let Some(inner) = cause {
        if let Some(io) = inner.downcast_ref::<io::Error>() {
            return Some(io.kind());
        }
        cause = inner.source();
    }
    None
}

fn split_host_port(server: &str) -> Result<(String, u16), String> {
    let (host, port) = if let Some(rest) = server.strip_prefix('[') {
        let (host, after) = rest
            .split_once(']')
            .ok_or("an IPv6 address has no closing ']'")?;
        match after {
            "" => (host, None),
            _ => (
                host,
                Some(
                    after
                        .strip_prefix(':')
                        .ok_or("text follows the IPv6 address")?,
                ),
            ),
        }
    } else {
        match server.rsplit_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (server, None),
        }
    };
    if host.is_empty() {
        return Err("it names no host".into());
    }
    if !host
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | ':'))
    {
        return Err(format!("'{host}' is not a host name"));
    }
    let port = match port {
        None => DEFAULT_SMTP_PORT,
        Some(port) => match port.parse::<u16>() {
            Ok(port) if port > 0 => port,
            _ => return Err(format!("'{port}' is not a port number (1-65535)")),
        },
    };
    Ok((host.to_owned(), port))
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

impl Delivery {
    /// Checks what can be checked without sending (the CA certificates file), so that a
    /// command can refuse bad settings before it records or sends anything.
    pub fn check(&self) -> Result<(), DeliveryError> {
        match self {
            Delivery::Smtp(target) => target.tls_parameters().map(|_| ()),
            Delivery::Sendmail { .. } | Delivery::Outbox(_) => Ok(()),
        }
    }

    /// Sends one message. `envelope_from` and `to` are the SMTP envelope (bare
    /// addresses); the sendmail command reads the recipients from the headers instead,
    /// and the outbox keeps only the message, as `<file_stem>.eml`. For SMTP the message
    /// goes to all recipients or to none: a recipient the server refuses fails the whole
    /// delivery.
    pub fn send(
        &self,
        envelope_from: &str,
        to: &[String],
        message: &[u8],
        file_stem: &str,
    ) -> Result<(), DeliveryError> {
        match self {
            Delivery::Sendmail { command } => sendmail(command, message),
            Delivery::Smtp(target) => target.send(&envelope(envelope_from, to)?, message),
            Delivery::Outbox(dir) => write_outbox(dir, file_stem, message),
        }
    }
}

fn envelope(from: &str, to: &[String]) -> Result<Envelope, DeliveryError> {
    let address = |text: &str| {
        text.trim()
            .parse::<Address>()
            .map_err(|err| DeliveryError::BadAddress {
                address: text.to_owned(),
                reason: err.to_string(),
            })
    };
    let recipients = to
        .iter()
        .map(|to| address(to))
        .collect::<Result<Vec<_>, _>>()?;
    Envelope::new(Some(address(from)?), recipients).map_err(|err| DeliveryError::BadAddress {
        address: to.join(", "),
        reason: err.to_string(),
    })
}

fn sendmail(command: &str, message: &[u8]) -> Result<(), DeliveryError> {
    let started = |source| DeliveryError::SendmailStart {
        command: command.to_owned(),
        source,
    };
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(command)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(started)?;
    // Feed stdin from another thread: a command that writes much to stderr before it
    // reads its input would otherwise wait on us while we wait on it.
    let mut stdin = child.stdin.take().expect("stdin is piped");
    let output = std::thread::scope(|scope| {
        let writer = scope.spawn(move || stdin.write_all(message));
        let output = child.wait_with_output();
        (writer.join(), output)
    });
    let (written, output) = output;
    let output = output.map_err(started)?;
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    if !output.status.success() {
        return Err(DeliveryError::SendmailFailed {
            command: command.to_owned(),
            status: output.status.to_string(),
            temporary: sendmail_may_recover(output.status),
            stderr,
        });
    }
    // The command succeeded without reading all of the message: it did not send it.
    match written {
        Ok(Ok(())) => Ok(()),
        Ok(Err(err)) => Err(DeliveryError::SendmailFailed {
            command: command.to_owned(),
            status: format!(
                "{}, but it did not read the whole message: {err}",
                output.status
            ),
            stderr,
            temporary: false,
        }),
        Err(_) => Err(DeliveryError::SendmailFailed {
            command: command.to_owned(),
            status: "writing the message to it failed".into(),
            stderr,
            temporary: true,
        }),
    }
}

/// Sendmail's exit codes follow sysexits.h: those that name bad input or a missing
/// command will fail again; EX_TEMPFAIL, a signal, or anything unknown may not.
fn sendmail_may_recover(status: ExitStatus) -> bool {
    const EX_USAGE: i32 = 64;
    const EX_DATAERR: i32 = 65;
    const EX_NOUSER: i32 = 67;
    const EX_NOHOST: i32 = 68;
    const EX_CONFIG: i32 = 78;
    const NOT_EXECUTABLE: i32 = 126;
    const NOT_FOUND: i32 = 127;
    !matches!(
        status.code(),
        Some(
            EX_USAGE | EX_DATAERR | EX_NOUSER | EX_NOHOST | EX_CONFIG | NOT_EXECUTABLE | NOT_FOUND
        )
    )
}

/// Writes `<stem>.eml` whole or not at all: a temporary file in the same directory
/// (a dot name, so a pickup process skips it), flushed to disk, then renamed.
fn write_outbox(dir: &Path, stem: &str, message: &[u8]) -> Result<(), DeliveryError> {
    if stem.is_empty() || stem.starts_with('.') || stem.contains(['/', '\\', '\0']) {
        return Err(DeliveryError::BadFileStem {
            stem: stem.to_owned(),
        });
    }
    let failed = |path: &Path| {
        let path = path.to_path_buf();
        move |source| DeliveryError::Outbox { path, source }
    };
    fs::create_dir_all(dir).map_err(failed(dir))?;
    let path = dir.join(format!("{stem}.eml"));
    let mut file = tempfile::Builder::new()
        .prefix(".notice-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(failed(dir))?;
    file.write_all(message).map_err(failed(file.path()))?;
    file.as_file().sync_all().map_err(failed(file.path()))?;
    file.persist(&path).map_err(|err| DeliveryError::Outbox {
        path: path.clone(),
        source: err.error,
    })?;
    // The rename lives in the directory: flush it too, or a crash may forget the file.
    fs::File::open(dir)
        .and_then(|dir| dir.sync_all())
        .map_err(failed(dir))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(url: &str) -> Result<SmtpTarget, DeliveryError> {
        SmtpTarget::parse(url, Some("secret".into()))
    }

    #[test]
    fn smtp_urls_give_host_port_and_user() {
        let plain = SmtpTarget::parse("smtp://mail.example.com:587", None).unwrap();
        assert_eq!(
            (plain.host.as_str(), plain.port, plain.user, plain.password),
            ("mail.example.com", 587, None, None)
        );
        let user = target("smtp://desk%40example.com@127.0.0.1:2525").unwrap();
        assert_eq!(user.user.as_deref(), Some("desk@example.com"));
        assert_eq!(user.password.as_deref(), Some("secret"));
        assert_eq!((user.host.as_str(), user.port), ("127.0.0.1", 2525));
        assert_eq!(target("smtp://relay/").unwrap().port, DEFAULT_SMTP_PORT);
        let v6 = target("smtp://[::1]:25").unwrap();
        assert_eq!((v6.host.as_str(), v6.server()), ("::1", "[::1]:25".into()));
    }

    #[test]
    fn a_password_without_a_user_is_not_kept() {
        let target = target("smtp://relay:25").unwrap();
        assert_eq!(target.password, None);
    }

    #[test]
    fn bad_smtp_urls_say_what_is_wrong() {
        for (url, words) in [
            ("mail.example.com:25", "smtp://"),
            ("smtps://mail.example.com", "'smtps'"),
            ("smtp://user:pw@host:25", "DESK_SMTP_PASSWORD"),
            ("smtp://host:port", "'port' is not a port"),
            ("smtp://host:0", "not a port"),
            ("smtp://host:70000", "not a port"),
            ("smtp://:25", "no host"),
            ("smtp://ho st:25", "not a host name"),
            ("smtp://host:25/path", "path"),
            ("smtp://@host", "user"),
        ] {
            let err = target(url).unwrap_err();
            assert!(err.is_bad_input(), "{url}: {err:?}");
            let text = err.to_string();
            assert!(text.contains(words), "{url}: {text}");
            assert!(text.contains(url), "{url}: {text}");
        }
    }

    #[test]
    fn a_user_without_a_password_is_refused() {
        let err = SmtpTarget::parse("smtp://desk@host:25", None).unwrap_err();
        assert!(matches!(err, DeliveryError::NoPassword { .. }));
        assert!(err.to_string().contains("DESK_SMTP_PASSWORD"), "{err}");
    }

    #[test]
    fn the_password_stays_out_of_debug_output() {
        let text = format!("{:?}", target("smtp://u@h:1").unwrap());
        assert!(!text.contains("secret"), "{text}");
    }

    #[test]
    fn temporary_and_permanent_failures() {
        let refused = |code| DeliveryError::Refused {
            server: "h:25".into(),
            code,
            reply: String::new(),
        };
        assert!(refused(451).is_temporary());
        assert!(!refused(550).is_temporary());
        let unreachable = DeliveryError::Unreachable {
            server: "h:25".into(),
            reason: "refused".into(),
        };
        assert!(unreachable.is_temporary());
    }

    #[test]
    fn outbox_stems_stay_inside_the_outbox() {
        let dir = tempfile::tempdir().unwrap();
        for stem in ["", "../x", "a/b", ".hidden"] {
            let err = write_outbox(dir.path(), stem, b"x").unwrap_err();
            assert!(matches!(err, DeliveryError::BadFileStem { .. }), "{stem}");
        }
    }
}
