//! `git desk rca`: Level 3's root-cause analysis of a problem record.

use anyhow::Result;
use clap::Args;

use git_desk::model::{Rca, Ticket};
use git_desk::workflow::Change;

use super::targets::{self, TargetOpts};
use super::{usage, Session};

/// Record a problem's root-cause analysis: symptoms, root cause, workaround, fix, the
/// method, whether it was reproduced, whether it is a known error (a workaround but no
/// fix yet). With no field given on a terminal, a template opens in $EDITOR.
#[derive(Args, Debug)]
pub struct RcaArgs {
    /// The problem (any unique prefix)
    #[arg(value_name = "ID")]
    pub id: String,
    /// What users saw
    #[arg(long, value_name = "T", allow_hyphen_values = true)]
    pub symptoms: Option<String>,
    /// Why it happened
    #[arg(long, value_name = "T", allow_hyphen_values = true)]
    pub root_cause: Option<String>,
    /// How to live with it until it is fixed
    #[arg(long, value_name = "T", allow_hyphen_values = true)]
    pub workaround: Option<String>,
    /// The permanent fix
    #[arg(long, value_name = "T", allow_hyphen_values = true)]
    pub fix: Option<String>,
    /// How the cause was found (5 whys, fishbone, log analysis...)
    #[arg(long, value_name = "M", allow_hyphen_values = true)]
    pub method: Option<String>,
    /// Whether it was reproduced: yes or no
    #[arg(long, value_name = "yes|no")]
    pub reproduced: Option<String>,
    /// Whether it is a known error: yes or no
    #[arg(long, value_name = "yes|no")]
    pub known_error: Option<String>,
}

fn yes_no(flag: &str, value: Option<&str>) -> Result<Option<bool>> {
    match value.map(|v| v.trim().to_ascii_lowercase()) {
        None => Ok(None),
        Some(v) if ["yes", "y", "true"].contains(&v.as_str()) => Ok(Some(true)),
        Some(v) if ["no", "n", "false"].contains(&v.as_str()) => Ok(Some(false)),
        Some(v) => Err(usage(format!("--{flag} '{v}' is not yes or no"))),
    }
}

fn text(v: &Option<String>) -> Option<String> {
    v.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// The editor template: the fields as TOML, prefilled with what is known.
fn template(t: &Ticket) -> String {
    let mut table = toml::Table::new();
    let s = |v: &Option<String>| toml::Value::String(v.clone().unwrap_or_default());
    table.insert("method".into(), s(&t.rca.method));
    table.insert("symptoms".into(), s(&t.rca.symptoms));
    table.insert("root_cause".into(), s(&t.rca.root_cause));
    table.insert("workaround".into(), s(&t.rca.workaround));
    table.insert("fix".into(), s(&t.rca.fix));
    let yn = |b: Option<bool>| {
        toml::Value::String(match b {
            Some(true) => "yes".into(),
            Some(false) => "no".into(),
            None => String::new(),
        })
    };
    table.insert("reproduced".into(), yn(t.rca.reproduced));
    table.insert("known_error".into(), yn(Some(t.known_error)));
    format!(
        "# Root-cause analysis of {}: {}\n# Fill in what you know; empty fields are left as they are. reproduced and known_error: yes or no.\n{}",
        &t.id.as_str()[..8],
        t.title,
        toml::to_string(&table).expect("a table serialises")
    )
}

fn from_template(edited: &str) -> Result<(Rca, Option<bool>)> {
    let table: toml::Table = toml::from_str(edited).map_err(|e| {
        usage(format!(
            "the analysis is not valid TOML ({}): nothing was recorded",
            e.message().trim()
        ))
    })?;
    let get = |k: &str| table.get(k).and_then(|v| v.as_str()).map(str::to_string);
    let known = [
        "method",
        "symptoms",
        "root_cause",
        "workaround",
        "fix",
        "reproduced",
        "known_error",
    ];
    if let Some(k) = table.keys().find(|k| !known.contains(&k.as_str())) {
        return Err(usage(format!(
            "'{k}' is not a field of an analysis: use {}",
            known.join(", ")
        )));
    }
    let rca = Rca {
        method: text(&get("method")),
        symptoms: text(&get("symptoms")),
        root_cause: text(&get("root_cause")),
        workaround: text(&get("workaround")),
        fix: text(&get("fix")),
        reproduced: yes_no(
            "reproduced",
            get("reproduced")
                .as_deref()
                .filter(|v| !v.trim().is_empty()),
        )?,
    };
    let known_error = yes_no(
        "known_error",
        get("known_error")
            .as_deref()
            .filter(|v| !v.trim().is_empty()),
    )?;
    Ok((rca, known_error))
}

pub fn run(session: &Session, args: RcaArgs) -> Result<()> {
    let mut rca = Rca {
        method: text(&args.method),
        symptoms: text(&args.symptoms),
        root_cause: text(&args.root_cause),
        workaround: text(&args.workaround),
        fix: text(&args.fix),
        reproduced: yes_no("reproduced", args.reproduced.as_deref())?,
    };
    let mut known_error = yes_no("known-error", args.known_error.as_deref())?;
    if rca.is_empty() && known_error.is_none() && session.interactive() {
        let desk = session.desk()?;
        let snapshot = desk.snapshot()?;
        let id = snapshot.resolve(&args.id)?;
        let ticket = snapshot.load(&id)?;
        let edited = super::editor::edit(&template(&ticket), ".toml")?;
        (rca, known_error) = from_template(&edited)?;
    }
    let opts = TargetOpts {
        stdin: false,
        dry_run: false,
        yes: true,
        skip_invalid: false,
        verbose: false,
    };
    let change = Change::Rca { rca, known_error };
    targets::apply(session, vec![args.id.clone()], &opts, change)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_template_reads_back() {
        let (rca, known) = from_template(
            "method = '5 whys'\nsymptoms = ''\nroot_cause = 'rekey timer'\nworkaround = ''\nfix = ''\nreproduced = 'yes'\nknown_error = 'no'\n",
        )
        .unwrap();
        assert_eq!(rca.method.as_deref(), Some("5 whys"));
        assert_eq!(rca.symptoms, None);
        assert_eq!(rca.reproduced, Some(true));
        assert_eq!(known, Some(false));
        assert!(from_template("colour = 'red'\n").is_err());
        assert!(from_template("reproduced = 'maybe'\n").is_err());
    }
}
