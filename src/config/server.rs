//! `[server]` and `[accounts]`: how `git desk verify` on the server learns who pushes,
//! whether commits must be signed, and which email each server account acts as (SPEC 12).

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use super::parse::Lines;
use super::{DeskConfig, Permissions};

/// The variables read, in this order, when `[server] identity` is not set: gitolite,
/// GitLab, Gitea/Forgejo, `git http-backend` behind web authentication, then a plain ssh
/// server's `authorized_keys` `environment=` line. Each is set by the server for the
/// authenticated user, never by the pusher; the first one set wins.
pub const DEFAULT_IDENTITY_VARS: [&str; 5] = [
    "GL_USER",
    "GL_USERNAME",
    "GITEA_PUSHER_EMAIL",
    "REMOTE_USER",
    "DESK_PUSHER",
];

/// Where the server puts the authenticated user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdentitySource {
    /// An environment variable of the hook (`env:GL_USER`).
    Env(String),
}

impl std::fmt::Display for IdentitySource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            IdentitySource::Env(var) => write!(f, "env:{var}"),
        }
    }
}

/// The `[server]` section.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ServerConfig {
    /// Where the pusher's identity is; `None`: the first of [`DEFAULT_IDENTITY_VARS`] set.
    pub identity: Option<IdentitySource>,
    /// Every pushed commit must carry a good signature from `keys/allowed_signers`.
    pub signed: bool,
}

impl ServerConfig {
    /// The sources verify reads, in order.
    pub fn identity_sources(&self) -> Vec<IdentitySource> {
        match &self.identity {
            Some(source) => vec![source.clone()],
            None => DEFAULT_IDENTITY_VARS
                .iter()
                .map(|v| IdentitySource::Env(v.to_string()))
                .collect(),
        }
    }
}

impl DeskConfig {
    /// The email a server account acts as: `[accounts]`, else the account itself when it
    /// is an email address; `None` when it is neither.
    pub fn account_email(&self, account: &str) -> Option<String> {
        let account = account.trim();
        if let Some(email) = self.accounts.get(account) {
            return Some(email.clone());
        }
        account.contains('@').then(|| account.to_lowercase())
    }

    /// Whether `email` may change desk.toml and KB articles: anyone while permissions are
    /// off ([`Permissions::are_on`]); else members of the teams `config` names, or of any
    /// team when it names none.
    pub fn may_configure(&self, email: &str) -> bool {
        !self.permissions.are_on() || self.holds(self.permissions.config.as_deref(), email)
    }

    /// Whether `email` may push events written by others: members of the teams `relay`
    /// names, or of any team when it names none. Unlike the other rights this one holds
    /// without `[permissions]` too: who wrote an event is not a matter of tiers, and
    /// without it anyone could push events in anyone's name.
    pub fn may_relay(&self, email: &str) -> bool {
        self.holds(self.permissions.relay.as_deref(), email)
    }

    fn holds(&self, teams: Option<&[String]>, email: &str) -> bool {
        let mine = self.teams_of(email);
        match teams {
            Some(names) => names.iter().any(|n| mine.contains(&n.as_str())),
            None => !mine.is_empty(),
        }
    }
}

impl Permissions {
    /// Whether any permission is set: `by_tier`, an action reserved, or a right's list.
    pub fn are_on(&self) -> bool {
        self.by_tier || !self.actions.is_empty() || self.config.is_some() || self.relay.is_some()
    }

    /// The teams a right names, for messages: `teams admins, leads` or `any team`.
    pub fn describe(list: Option<&[String]>) -> String {
        match list {
            Some(names) if !names.is_empty() => format!("teams {}", names.join(", ")),
            Some(_) => "no team".to_string(),
            None => "any team".to_string(),
        }
    }
}

// ---- reading ------------------------------------------------------------------------

#[derive(Deserialize)]
pub(super) struct RawServer {
    identity: Option<Spanned<String>>,
    #[serde(default)]
    signed: bool,
}

/// `[server]`: `identity = "env:NAME"` with NAME a variable name.
pub(super) fn server(raw: Option<&RawServer>, lines: &Lines) -> Result<ServerConfig, String> {
    let Some(s) = raw else {
        return Ok(ServerConfig::default());
    };
    let identity = match &s.identity {
        None => None,
        Some(v) => {
            let text = v.get_ref().trim();
            let var = text.strip_prefix("env:").map(str::trim).unwrap_or("");
            let valid = !var.is_empty()
                && !var.starts_with(|c: char| c.is_ascii_digit())
                && var.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
            if !valid {
                return Err(lines.at(
                    v.span(),
                    format!(
                        "[server] identity '{text}' is not a source of the pusher's identity: write \"env:NAME\" with the variable your server sets (e.g. \"env:GL_USER\" for gitolite, \"env:REMOTE_USER\" for git http-backend)"
                    ),
                ));
            }
            Some(IdentitySource::Env(var.to_string()))
        }
    };
    Ok(ServerConfig {
        identity,
        signed: s.signed,
    })
}

/// `[accounts]`: each account name maps to one email address.
pub(super) fn accounts(
    raw: &BTreeMap<String, Spanned<String>>,
    lines: &Lines,
) -> Result<BTreeMap<String, String>, String> {
    let mut accounts = BTreeMap::new();
    for (name, email) in raw {
        let address = email.get_ref().trim().to_lowercase();
        if !super::is_address(&address) {
            return Err(lines.at(
                email.span(),
                format!(
                    "[accounts] {name} = '{}' is not an email address: map each server account to the email its events are written by",
                    email.get_ref()
                ),
            ));
        }
        accounts.insert(name.trim().to_string(), address);
    }
    Ok(accounts)
}
