//! `desk.toml`: the desk's configuration, committed on the desk branch.
//!
//! This covers the parts the core commands need (the desk's name, the tiers and their
//! default teams, the priority matrix). Sections this version does not use are left alone.

use serde::Deserialize;
use std::collections::BTreeMap;

use crate::model::{Priority, PriorityMatrix, Tier};

/// Path of the configuration file in the desk tree.
pub const CONFIG_PATH: &str = "desk.toml";

/// The parsed configuration.
#[derive(Debug, Clone, PartialEq)]
pub struct DeskConfig {
    /// The desk's display name.
    pub name: String,
    /// Tiers 0-4, indexed by level.
    pub tiers: [TierConfig; 5],
    /// Impact x urgency -> priority.
    pub matrix: PriorityMatrix,
}

/// One tier's name and default team.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TierConfig {
    /// Display name (`Service desk`).
    pub name: String,
    /// The team a ticket goes to when it reaches this tier.
    pub team: Option<String>,
}

impl Default for DeskConfig {
    fn default() -> Self {
        DeskConfig::parse(DEFAULT_CONFIG).expect("the default desk.toml parses")
    }
}

#[derive(Deserialize)]
struct RawConfig {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    tiers: BTreeMap<String, RawTier>,
    #[serde(default)]
    priority: Option<RawMatrix>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTier {
    name: Option<String>,
    team: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMatrix {
    high: [String; 3],
    medium: [String; 3],
    low: [String; 3],
}

const BUILTIN_TIER_NAMES: [&str; 5] = [
    "Self-service",
    "Service desk",
    "Technical support",
    "Engineering",
    "Vendors",
];

impl DeskConfig {
    /// Parses `desk.toml`; the error names the line and the key.
    pub fn parse(text: &str) -> Result<DeskConfig, String> {
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            let line = e
                .span()
                .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
            match line {
                Some(l) => format!("line {l}: {}", e.message().trim()),
                None => e.message().trim().to_string(),
            }
        })?;
        let mut tiers: [TierConfig; 5] = std::array::from_fn(|i| TierConfig {
            name: BUILTIN_TIER_NAMES[i].to_string(),
            team: None,
        });
        for (key, tier) in raw.tiers {
            let level = key
                .parse::<i64>()
                .ok()
                .and_then(Tier::new)
                .ok_or_else(|| format!("[tiers.{key}]: tiers are numbered 0 to 4"))?;
            let slot = &mut tiers[usize::from(level.level())];
            if let Some(name) = tier.name {
                slot.name = name;
            }
            slot.team = tier.team;
        }
        let matrix = match raw.priority {
            None => PriorityMatrix::default(),
            Some(m) => {
                let row = |name: &str, cells: &[String; 3]| -> Result<[Priority; 3], String> {
                    let mut out = [Priority::new(1).expect("P1"); 3];
                    for (i, c) in cells.iter().enumerate() {
                        out[i] = c.parse().map_err(|e| format!("[priority] {name}: {e}"))?;
                    }
                    Ok(out)
                };
                PriorityMatrix {
                    cells: [
                        row("high", &m.high)?,
                        row("medium", &m.medium)?,
                        row("low", &m.low)?,
                    ],
                }
            }
        };
        Ok(DeskConfig {
            name: raw.name.unwrap_or_else(|| "Service desk".to_string()),
            tiers,
            matrix,
        })
    }

    /// A tier's configuration.
    pub fn tier(&self, tier: Tier) -> &TierConfig {
        &self.tiers[usize::from(tier.level())]
    }

    /// `L2 Technical support`.
    pub fn tier_label(&self, tier: Tier) -> String {
        format!("L{} {}", tier.level(), self.tier(tier).name)
    }
}

/// The `desk.toml` that `git desk init` commits.
pub const DEFAULT_CONFIG: &str = r#"# git-desk configuration. It lives on the desk branch; change it by committing a new
# version. Every team that syncs this desk shares it.
schema = 1
name = "Service desk"

# The five support levels. The numbers are fixed; names and default teams are yours.
# A ticket escalated to a tier is handed to that tier's team.
[tiers.0]
name = "Self-service"

[tiers.1]
name = "Service desk"
team = "service-desk"

[tiers.2]
name = "Technical support"
team = "tech-support"

[tiers.3]
name = "Engineering"
team = "engineering"

[tiers.4]
name = "Vendors"
team = "vendors"

# Priority from impact (rows) x urgency (columns: high, medium, low).
[priority]
high = ["P1", "P2", "P3"]
medium = ["P2", "P3", "P4"]
low = ["P3", "P4", "P5"]
"#;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Level;

    #[test]
    fn the_default_config_has_five_tiers_and_the_spec_matrix() {
        let c = DeskConfig::default();
        assert_eq!(
            c.tier(Tier::new(2).unwrap()).team.as_deref(),
            Some("tech-support")
        );
        assert_eq!(c.tier_label(Tier::new(1).unwrap()), "L1 Service desk");
        assert_eq!(c.matrix, PriorityMatrix::default());
    }

    #[test]
    fn a_custom_matrix_is_used() {
        let c = DeskConfig::parse(
            "[priority]\nhigh = ['P1','P1','P2']\nmedium = ['P2','P3','P4']\nlow = ['P3','P4','P5']\n",
        )
        .unwrap();
        assert_eq!(
            c.matrix.priority(Level::High, Level::Medium).to_string(),
            "P1"
        );
    }

    #[test]
    fn errors_name_the_line() {
        let err = DeskConfig::parse("name = 'x'\n[tiers.7]\nname = 'y'\n").unwrap_err();
        assert!(err.contains("tiers.7"), "{err}");
        let err = DeskConfig::parse("name = 'x'\n[priority]\nhigh = ['P9','P1','P1']\nmedium = ['P2','P3','P4']\nlow = ['P3','P4','P5']\n").unwrap_err();
        assert!(err.contains("P9"), "{err}");
        let err = DeskConfig::parse("name = \n").unwrap_err();
        assert!(err.starts_with("line 1"), "{err}");
    }
}
