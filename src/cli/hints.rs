//! The CLI's words for the library's errors: the library says what is wrong, the CLI
//! adds which command or option gives what is missing (as hints after the message, or,
//! for workflow refusals, in its own words).

use git_desk::workflow::{Refusal, Text};
use git_desk::DeskError;

use super::command_error::Hint;

/// An error as one line for stderr: each cause in turn (as `{:#}` prints them), with
/// workflow refusals in the CLI's words.
pub fn message(err: &anyhow::Error) -> String {
    err.chain()
        .map(|cause| match cause.downcast_ref::<DeskError>() {
            Some(desk) => worded(desk),
            None => cause.to_string(),
        })
        .collect::<Vec<_>>()
        .join(": ")
}

/// A library error in the CLI's words: refusals with the command that fixes them.
pub fn worded(err: &DeskError) -> String {
    match err {
        DeskError::Refused(refusal) => hinted(refusal),
        DeskError::RefusedInBulk { reason, .. } => worded(reason),
        other => other.to_string(),
    }
}

/// The hints the CLI adds after a library error's message: the option or command that
/// fixes it, which the library does not name.
pub fn for_error(err: &DeskError) -> Vec<Hint> {
    use git_desk::error::{BadValue, Exists, Named};
    let hint = match err {
        DeskError::RefusedInBulk {
            targets,
            verb,
            reason,
            ..
        } => {
            let mut hints = for_error(reason);
            hints.push(Hint::Also(in_bulk(*targets, verb, reason)));
            return hints;
        }
        DeskError::Unknown {
            what: Named::Article,
            ..
        } => Hint::Then("list them with `git desk kb ls`".into()),
        DeskError::BadValue(BadValue::TicketPrefix(_)) => Hint::Aside("see `git desk ls`".into()),
        DeskError::BadValue(BadValue::BranchName(_)) => {
            Hint::Then("pick another with --branch".into())
        }
        DeskError::Exists(Exists::Article { slug, .. }) => Hint::Then(format!(
            "choose another slug with --slug, or change it with `git desk kb edit {slug}`"
        )),
        DeskError::Exists(Exists::Branch(_)) => {
            Hint::Then("create the desk on another branch with --branch NAME".into())
        }
        DeskError::UnknownTicket { .. } => {
            Hint::Then("list ticket ids with `git desk ls --all`".into())
        }
        DeskError::NotARepository(_) => Hint::Then("run inside one, or pass -C PATH".into()),
        DeskError::NoDesk { .. } => Hint::Then(
            "create it with `git desk init`, or fetch one with `git desk pull`".into(),
        ),
        DeskError::NotADesk { .. } => Hint::Then("name the desk's branch with --branch, or create a desk on a new branch with `git desk init --branch NAME`".into()),
        DeskError::DeskExists { .. } => {
            Hint::Then("nothing to do (use --branch NAME for another)".into())
        }
        DeskError::RemoteHasNoDesk { remote, .. } => Hint::Then(format!(
            "publish this desk there with `git desk push {remote}`"
        )),
        DeskError::PushRaced { remote, .. } => {
            Hint::Also(format!("run `git desk sync {remote}` again"))
        }
        DeskError::RemoteNotADesk { .. } => {
            Hint::Then("sync with another branch using --branch".into())
        }
        _ => return Vec::new(),
    };
    vec![hint]
}

/// A refusal with the option or command that fixes it.
pub fn hinted(refusal: &Refusal) -> String {
    match refusal {
        Refusal::Empty(text) => {
            let flag = match text {
                Text::Comment => "-m TEXT",
                Text::EscalationReason | Text::Reason => "--reason TEXT",
                Text::Resolution => "--resolution TEXT",
                Text::Title => "title=TEXT",
            };
            format!("{refusal}: give it with {flag}")
        }
        Refusal::NotActive {
            verb,
            ticket,
            status,
        } => format!(
            "cannot {verb} {ticket}: it is {status}; reopen it first with `git desk reopen {ticket} --reason TEXT`"
        ),
        Refusal::EscalateDown { ticket, from, to } => format!(
            "{ticket} is at L{from}: escalating to L{to} would move it down; use `git desk deescalate {ticket} --to {to} --reason TEXT`"
        ),
        Refusal::DeescalateUp { ticket, from, to } => format!(
            "{ticket} is at L{from}: L{to} is higher; use `git desk escalate {ticket} --to {to} --reason TEXT`"
        ),
        Refusal::ResolveWithoutResolution { ticket } => format!(
            "resolving needs a resolution: use `git desk resolve {ticket} --resolution TEXT`"
        ),
        Refusal::CloseUnresolved { ticket, status } => format!(
            "cannot close {ticket}: it is {status}; resolve it first with `git desk resolve {ticket} --resolution TEXT`"
        ),
        Refusal::WorkInactive { ticket, status } => format!(
            "{ticket} is {status}: use `git desk reopen {ticket} --reason TEXT` to work it again"
        ),
        Refusal::PendingWithoutReason { names } => {
            format!("pending needs a reason: add --reason with one of {names}")
        }
        Refusal::PriorityWithoutReason { priority } => format!(
            "priority={priority} overrides the impact x urgency matrix and needs a reason: add --reason TEXT (or use priority=auto)"
        ),
        Refusal::NothingToAssign => {
            "nothing to assign: give --to EMAIL, --team TEAM or --owner EMAIL".to_string()
        }
        Refusal::NothingToRecord => "nothing to record: give --symptoms, --root-cause, --workaround, --fix, --method, --reproduced or --known-error".to_string(),
        Refusal::NoVendor { ticket } => {
            format!("{ticket} is not with a vendor yet: name one with --name VENDOR")
        }
        Refusal::NotAProblem {
            ticket,
            article,
            kind,
        } => format!(
            "{ticket} is {article} {kind}: root-cause analyses belong to problem records; open one with `git desk problem new TITLE --from {ticket}`"
        ),
        Refusal::LinkToNonProblem {
            ticket,
            article,
            kind,
        } => format!(
            "{ticket} is {article} {kind}, not a problem record: link to a ticket of type problem (or `git desk set {ticket} type=problem`)"
        ),
        Refusal::ResolveNonProblem {
            ticket,
            article,
            kind,
        } => format!(
            "{ticket} is {article} {kind}, not a problem record: resolve it with `git desk resolve`"
        ),
        Refusal::ArticleChanged { path, slug } => format!(
            "{path} changed while you were editing it: nothing was written; run `git desk kb edit {slug}` again"
        ),
        Refusal::AtTopTier { ticket, tier } => format!(
            "{ticket} is already at L{tier}, the highest tier: nothing to escalate to (hand it to a vendor with `git desk vendor {ticket} --name VENDOR`)"
        ),
        Refusal::ProblemAsIncident { ticket } => format!(
            "{ticket} is itself a problem record: --from takes incidents (link problems with `git desk link --related`)"
        ),
    }
}

/// What to do when one ticket of a change to several was refused: leave it out, by a
/// query that selects only the tickets the change suits (quoted for the shell: `<` is a
/// redirection), or with `--skip-invalid`.
fn in_bulk(targets: usize, verb: &str, reason: &DeskError) -> String {
    let others = targets - 1;
    let query = match reason {
        DeskError::Refused(Refusal::AtTopTier { tier, .. }) => Some(format!("tier:<{tier}")),
        DeskError::Refused(Refusal::NotActive { .. } | Refusal::WorkInactive { .. }) => {
            Some("is:active".to_string())
        }
        _ => None,
    };
    let leave_out = match query {
        Some(query) => format!(
            "select only the tickets it suits with a query such as `{query}` (`git desk ls --ids '{query}' | git desk {verb} --stdin ...`)"
        ),
        None => "leave that ticket out".to_string(),
    };
    format!(
        "nothing was changed: {leave_out}, or pass --skip-invalid to {verb} the other {others} and list those refused"
    )
}
