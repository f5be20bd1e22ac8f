//! `[sites.NAME]` and what the service catalogue says of sites and money: a desk serving
//! several offices, each on its own working hours, and services with a category, a cost
//! and the sites they are offered at (SPEC 14).

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use super::parse::Lines;
use super::Team;
use crate::sla::Calendar;

/// An office or location the desk serves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Site {
    /// The name people know it by (`Berlin office`); the key when not given.
    pub name: String,
    /// The calendar of its working hours (a key of `[calendars]`).
    pub calendar: String,
    /// Its postal address, as shown to customers.
    pub address: Option<String>,
    /// The team that serves it on site.
    pub team: Option<String>,
}

/// What a service costs: an amount in a currency, per a unit, or nothing.
///
/// Written `"40 EUR per month"`, `"12.50 USD per user"`, `"120 GBP"` or `"free"`: an
/// ISO 4217 code rather than a sign, since `$` is the sign of a dozen currencies, and a
/// number rather than free text, so that the catalogue can show and compare it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cost {
    /// Included, charged to nobody.
    Free,
    /// A price.
    Price {
        /// The amount in hundredths of the currency (4050 for 40.50).
        cents: u64,
        /// The ISO 4217 code, upper case (`EUR`).
        currency: String,
        /// What the amount is charged per (`month`, `user`), if anything.
        per: Option<String>,
    },
}

/// The units a price may be charged per.
pub const COST_UNITS: [&str; 10] = [
    "hour", "day", "week", "month", "quarter", "year", "user", "device", "ticket", "request",
];

impl Cost {
    /// Reads `"40 EUR per month"`, `"12.50 USD"`, `"free"`; the error says what to write.
    pub fn parse(text: &str) -> Result<Cost, String> {
        let words: Vec<&str> = text.split_whitespace().collect();
        let form = "write it as AMOUNT CURRENCY [per UNIT], e.g. \"40 EUR per month\", or \"free\"";
        match words.as_slice() {
            [free] if free.eq_ignore_ascii_case("free") => Ok(Cost::Free),
            [amount, currency, rest @ ..] => {
                let cents = parse_amount(amount)
                    .ok_or_else(|| format!("'{amount}' is not an amount: {form}"))?;
                if currency.len() != 3 || !currency.chars().all(|c| c.is_ascii_uppercase()) {
                    return Err(format!(
                        "'{currency}' is not a currency code (three capitals, ISO 4217: EUR, USD, GBP): {form}"
                    ));
                }
                let per = match rest {
                    [] => None,
                    [per, unit] if *per == "per" && COST_UNITS.contains(unit) => {
                        Some(unit.to_string())
                    }
                    _ => {
                        return Err(format!(
                            "'{}' is not a unit to charge per: use per {}",
                            rest.join(" "),
                            COST_UNITS.join(", per ")
                        ))
                    }
                };
                Ok(Cost::Price {
                    cents,
                    currency: currency.to_string(),
                    per,
                })
            }
            _ => Err(format!("'{text}' is not a cost: {form}")),
        }
    }
}

impl std::fmt::Display for Cost {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Cost::Free => f.write_str("free"),
            Cost::Price {
                cents,
                currency,
                per,
            } => {
                if cents % 100 == 0 {
                    write!(f, "{} {currency}", cents / 100)?;
                } else {
                    write!(f, "{}.{:02} {currency}", cents / 100, cents % 100)?;
                }
                match per {
                    Some(unit) => write!(f, " per {unit}"),
                    None => Ok(()),
                }
            }
        }
    }
}

/// `40`, `40.5`, `40.50` as hundredths; more than two decimals is not money.
fn parse_amount(text: &str) -> Option<u64> {
    let (whole, frac) = text.split_once('.').unwrap_or((text, ""));
    if whole.is_empty()
        || !whole.chars().all(|c| c.is_ascii_digit())
        || frac.len() > 2
        || !frac.chars().all(|c| c.is_ascii_digit())
        || (text.contains('.') && frac.is_empty())
    {
        return None;
    }
    let whole: u64 = whole.parse().ok()?;
    let frac: u64 = format!("{frac:0<2}").parse().ok()?;
    whole.checked_mul(100)?.checked_add(frac)
}

// ---- reading ------------------------------------------------------------------------

#[derive(Deserialize)]
pub(super) struct RawSite {
    name: Option<String>,
    calendar: Spanned<String>,
    address: Option<String>,
    team: Option<Spanned<String>>,
}

/// `[sites.NAME]`: each on a defined calendar, served by a defined team if any.
pub(super) fn sites(
    raw: &BTreeMap<String, RawSite>,
    teams: &BTreeMap<String, Team>,
    calendars: &BTreeMap<String, Calendar>,
    lines: &Lines,
) -> Result<BTreeMap<String, Site>, String> {
    let mut sites = BTreeMap::new();
    for (key, s) in raw {
        let where_ = format!("[sites.{key}]");
        let calendar = s.calendar.get_ref().trim().to_string();
        if !calendars.contains_key(&calendar) {
            return Err(lines.at(
                s.calendar.span(),
                format!(
                    "{where_} calendar '{calendar}' is not defined: use one of {} or add [calendars.{calendar}]",
                    calendars.keys().cloned().collect::<Vec<_>>().join(", ")
                ),
            ));
        }
        let team = s
            .team
            .as_ref()
            .map(|t| lines.team_ref(teams, t, &where_))
            .transpose()?;
        sites.insert(
            key.clone(),
            Site {
                name: s
                    .name
                    .as_deref()
                    .map(str::trim)
                    .filter(|n| !n.is_empty())
                    .unwrap_or(key)
                    .to_string(),
                calendar,
                address: s
                    .address
                    .as_deref()
                    .map(str::trim)
                    .filter(|a| !a.is_empty())
                    .map(str::to_string),
                team,
            },
        );
    }
    Ok(sites)
}

/// A service's `cost`.
pub(super) fn cost(
    raw: Option<&Spanned<String>>,
    where_: &str,
    lines: &Lines,
) -> Result<Option<Cost>, String> {
    raw.map(|v| {
        Cost::parse(v.get_ref()).map_err(|e| lines.at(v.span(), format!("{where_} cost: {e}")))
    })
    .transpose()
}

/// A service's `sites`: each defined in `[sites]`.
pub(super) fn site_refs(
    raw: &[Spanned<String>],
    sites: &BTreeMap<String, Site>,
    where_: &str,
    lines: &Lines,
) -> Result<Vec<String>, String> {
    raw.iter()
        .map(|v| {
            let name = v.get_ref().trim().to_string();
            if sites.contains_key(&name) {
                Ok(name)
            } else {
                Err(lines.at(v.span(), unknown_site(&name, sites, where_)))
            }
        })
        .collect()
}

/// The words of an error naming a site `[sites]` does not define.
pub fn unknown_site(name: &str, sites: &BTreeMap<String, Site>, where_: &str) -> String {
    if sites.is_empty() {
        format!("{where_} site '{name}' is not defined: add [sites.{name}] with its calendar to desk.toml")
    } else {
        format!(
            "{where_} site '{name}' is not defined: use one of {} or add [sites.{name}]",
            sites.keys().cloned().collect::<Vec<_>>().join(", ")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn costs_read_and_print_in_one_form() {
        for (text, shown) in [
            ("40 EUR per month", "40 EUR per month"),
            ("12.5 USD per user", "12.50 USD per user"),
            ("120 GBP", "120 GBP"),
            ("Free", "free"),
            ("0.99  CHF  per  request", "0.99 CHF per request"),
        ] {
            assert_eq!(Cost::parse(text).unwrap().to_string(), shown, "{text}");
        }
        assert_eq!(
            Cost::parse("40.50 EUR").unwrap(),
            Cost::Price {
                cents: 4050,
                currency: "EUR".into(),
                per: None
            }
        );
        for bad in [
            "€40 per month",
            "40",
            "40 eur",
            "40 EURO",
            "40.123 EUR",
            "40. EUR",
            "-5 EUR",
            "40 EUR per fortnight",
            "40 EUR monthly",
            "",
        ] {
            assert!(Cost::parse(bad).is_err(), "{bad:?} should be refused");
        }
    }
}
