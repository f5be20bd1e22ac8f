//! Who is acting: git's own identity settings.

use crate::error::DeskError;

/// The person running a command, as git knows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// Display name.
    pub name: String,
    /// Email: the identity used in `owner`, `assignee`, team membership and `me`.
    pub email: String,
}

impl Actor {
    /// An actor with the given name and email.
    pub fn new(name: impl Into<String>, email: impl Into<String>) -> Actor {
        Actor {
            name: name.into(),
            email: email.into(),
        }
    }

    /// The author identity: `GIT_AUTHOR_NAME` / `GIT_AUTHOR_EMAIL`, else `user.name` /
    /// `user.email` from git config (and `EMAIL` as git does).
    pub(crate) fn from_git(repo: &git2::Repository) -> Result<Actor, DeskError> {
        let config = repo.config().ok();
        let from_config = |key: &str| {
            config
                .as_ref()
                .and_then(|c| c.get_string(key).ok())
                .filter(|v| !v.trim().is_empty())
        };
        let env = |key: &str| std::env::var(key).ok().filter(|v| !v.trim().is_empty());
        let name = env("GIT_AUTHOR_NAME").or_else(|| from_config("user.name"));
        let email = env("GIT_AUTHOR_EMAIL")
            .or_else(|| from_config("user.email"))
            .or_else(|| env("EMAIL"));
        match (name, email) {
            (Some(name), Some(email)) => Ok(Actor::new(name, email.trim().to_lowercase())),
            _ => Err(DeskError::NoIdentity),
        }
    }

    /// The committer: `GIT_COMMITTER_NAME` / `GIT_COMMITTER_EMAIL` where set (as git
    /// honours them), else the author.
    pub fn committer(&self) -> Actor {
        let env = |key: &str| std::env::var(key).ok().filter(|v| !v.trim().is_empty());
        Actor {
            name: env("GIT_COMMITTER_NAME").unwrap_or_else(|| self.name.clone()),
            email: env("GIT_COMMITTER_EMAIL").unwrap_or_else(|| self.email.clone()),
        }
    }
}
