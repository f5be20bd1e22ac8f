//! The CLI's words for the library's refusals: the library says what is wrong, the CLI
//! adds which command or option gives what is missing.

use git_desk::workflow::{Refusal, Text};
use git_desk::DeskError;

/// An error as one line for stderr: each cause in turn (as `{:#}` prints them), with
/// workflow refusals in the CLI's words.
pub fn message(err: &anyhow::Error) -> String {
    err.chain()
        .map(|cause| match cause.downcast_ref::<DeskError>() {
            Some(DeskError::Refused(refusal)) => hinted(refusal),
            _ => cause.to_string(),
        })
        .collect::<Vec<_>>()
        .join(": ")
}

/// The hints the CLI adds after a library error's message: the option or command that
/// fixes it, which the library does not name.
pub fn for_error(err: &DeskError) -> Vec<String> {
    use git_desk::error::{BadValue, Exists, Named};
    let hint = match err {
        DeskError::Unknown {
            what: Named::Article,
            ..
        } => "list them with `git desk kb ls`".to_string(),
        DeskError::BadValue(BadValue::TicketPrefix(_)) => "(see `git desk ls`)".to_string(),
        DeskError::BadValue(BadValue::BranchName(_)) => "pick another with --branch".to_string(),
        DeskError::Exists(Exists::Article { slug, .. }) => {
            format!("choose another slug with --slug, or change it with `git desk kb edit {slug}`")
        }
        DeskError::RemoteNotADesk { .. } => "sync with another branch using --branch".to_string(),
        DeskError::Exists(Exists::Branch(_)) => {
            "create the desk on another branch with --branch NAME".to_string()
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
        Refusal::ProblemAsIncident { ticket } => format!(
            "{ticket} is itself a problem record: --from takes incidents (link problems with `git desk link --related`)"
        ),
    }
}
