//! Choosing tickets by a query, as `ls` and `sla` choose them, for any reader of the desk:
//! the state decides most terms from summaries, and only the tickets that pass those are
//! read whole for the terms that need the event log.

use std::borrow::Cow;
use std::sync::OnceLock;

use crate::error::DeskError;
use crate::model::{Ticket, TicketState};
use crate::query::{sort_columns, sort_order, Query, QueryContext};
use crate::store::{Listing, Row};

/// How to choose, besides the query.
#[derive(Debug, Clone, Default)]
pub struct Choice<'a> {
    /// Include resolved and closed tickets even without a status term.
    pub all: bool,
    /// The sort key (see [`crate::query::sort_tickets`]); `None` keeps id order.
    pub sort: Option<&'a str>,
    /// At most this many, after sorting.
    pub limit: Option<usize>,
    /// The reader needs each chosen ticket's log (SLA clocks, JSON): tickets read whole
    /// for a term are kept whole. Otherwise only their states are kept, and
    /// [`Selection::whole`] reads a log again.
    pub whole: bool,
}

/// One chosen ticket: its summary, or the whole ticket when the query read the log for a
/// reader that needs it.
#[derive(Debug, Clone, Copy)]
pub enum Selected<'a> {
    /// The state only, as the summary cache holds it.
    Summary(&'a TicketState),
    /// The whole ticket, read because a term needed its events.
    Whole(&'a Ticket),
}

impl<'a> Selected<'a> {
    /// The ticket's state.
    pub fn state(self) -> &'a TicketState {
        match self {
            Selected::Summary(state) => state,
            Selected::Whole(ticket) => &ticket.state,
        }
    }
}

impl std::ops::Deref for Selected<'_> {
    type Target = TicketState;

    fn deref(&self) -> &TicketState {
        self.state()
    }
}

impl AsRef<TicketState> for Selected<'_> {
    fn as_ref(&self) -> &TicketState {
        self.state()
    }
}

/// The chosen tickets: their positions in the listing, in id order, or the whole
/// tickets, when a term read the log and the reader wants it (in the runs they were
/// decoded in, not copied into one).
enum Chosen {
    Positions(Vec<usize>),
    Whole(Vec<Vec<Ticket>>),
}

/// The `k`th item of `runs` taken one after another.
fn nth<T>(runs: &[Vec<T>], mut k: usize) -> &T {
    for run in runs {
        match run.get(k) {
            Some(item) => return item,
            None => k -= run.len(),
        }
    }
    panic!("a chosen position is within the chosen tickets")
}

impl Chosen {
    fn len(&self) -> usize {
        match self {
            Chosen::Positions(positions) => positions.len(),
            Chosen::Whole(runs) => runs.iter().map(Vec::len).sum(),
        }
    }
}

/// The tickets a query chose, with the listing they came from.
pub struct Selection {
    /// Every ticket of the desk, encoded (for short ids and whole tickets).
    pub listing: Listing,
    chosen: Chosen,
    /// Positions in `chosen`, sorted and limited as asked: the tickets themselves are
    /// not moved.
    order: Vec<usize>,
    /// The chosen states in `order`, decoded (on every core) the first time they are
    /// asked for, in the runs the cores made (joining them would hold every state twice
    /// for a moment): a reader of ids alone never decodes a ticket.
    states: OnceLock<Vec<Vec<TicketState>>>,
}

impl Selection {
    /// How many tickets were chosen (after the limit).
    pub fn len(&self) -> usize {
        self.order.len()
    }

    /// True when none were.
    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// The chosen tickets' ids, sorted and limited as asked, without decoding any.
    pub fn ids(&self) -> impl ExactSizeIterator<Item = &str> + '_ {
        self.order.iter().map(|&k| match &self.chosen {
            Chosen::Positions(positions) => self.listing.id(positions[k]),
            Chosen::Whole(runs) => nth(runs, k).id.as_str(),
        })
    }

    /// The chosen tickets, sorted and limited as asked.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = Selected<'_>> + '_ {
        let states = match &self.chosen {
            Chosen::Positions(positions) => Some(self.states.get_or_init(|| {
                crate::parallel::runs(self.order.len(), |range| {
                    self.order[range]
                        .iter()
                        .map(|&k| self.listing.summary(positions[k]))
                        .collect()
                })
            })),
            Chosen::Whole(_) => None,
        };
        (0..self.order.len()).map(move |n| match (&self.chosen, states) {
            (Chosen::Whole(runs), _) => Selected::Whole(nth(runs, self.order[n])),
            (_, Some(states)) => Selected::Summary(nth(states, n)),
            (Chosen::Positions(_), None) => unreachable!("positions have states"),
        })
    }

    /// A chosen ticket with its event log: what SLA clocks and metrics need.
    pub fn whole<'s>(&'s self, selected: Selected<'s>) -> Cow<'s, Ticket> {
        match selected {
            Selected::Whole(ticket) => Cow::Borrowed(ticket),
            Selected::Summary(state) => {
                let i = self
                    .listing
                    .find(&state.id)
                    .expect("a selected ticket is listed");
                Cow::Owned(self.listing.with_events(i, state.clone()))
            }
        }
    }

    /// The shortest unique prefix of a ticket's id among the listed ones.
    pub fn short_id(&self, t: &TicketState) -> String {
        self.listing.short_id(&t.id)
    }
}

/// Chooses from `listing` the tickets `query` selects at `ctx`. Bare words that are a
/// listed ticket's id (or its start) name that ticket. Without a status term (`status:`,
/// `is:`), a named ticket or `choice.all`, only tickets still being worked are chosen.
/// Fails on an ambiguous id word or an unknown sort key.
///
/// Terms on fields are tested on the summary cache's columns, so no ticket is decoded to
/// choose or sort it; only terms that read the log decode the tickets that pass the
/// others.
pub fn select(
    listing: Listing,
    mut query: Query,
    choice: &Choice<'_>,
    ctx: &QueryContext<'_>,
) -> Result<Selection, DeskError> {
    query.name_tickets(&|prefix| {
        // Ids are in order: those starting with `prefix` are one run of them.
        let (mut low, mut high) = (0, listing.len());
        while low < high {
            let mid = (low + high) / 2;
            if listing.id(mid) < prefix {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        (low..listing.len())
            .map(|i| listing.id(i))
            .take_while(|id| id.starts_with(prefix))
            .map(str::to_string)
            .collect()
    })?;
    // Tickets named by id are chosen whatever their status: the user asked for them.
    if !choice.all && !query.mentions_status() && !query.names_tickets() {
        query.only_active();
    }
    let by_columns = |row: &Row<'_>| query.matches_columns(row, ctx);
    // A term that reads the log: each ticket whose columns pass is read whole once, and
    // kept whole only for a reader that needs the log.
    let chosen = if !query.needs_events() {
        Chosen::Positions(listing.positions_where(&by_columns))
    } else {
        let passing = listing.positions_where(&by_columns);
        let runs = crate::parallel::runs(passing.len(), |range| {
            let mut kept: Vec<(usize, Option<Ticket>)> = passing[range]
                .iter()
                .filter_map(|&i| {
                    let ticket = listing.ticket(i);
                    query
                        .matches(&ticket, ctx)
                        .then(|| (i, choice.whole.then_some(ticket)))
                })
                .collect();
            kept.shrink_to_fit();
            kept
        });
        if choice.whole {
            Chosen::Whole(
                runs.into_iter()
                    .map(|run| run.into_iter().filter_map(|(_, t)| t).collect())
                    .collect(),
            )
        } else {
            Chosen::Positions(runs.into_iter().flatten().map(|(i, _)| i).collect())
        }
    };
    let mut order = match (choice.sort, &chosen) {
        (None, _) => (0..chosen.len()).collect(),
        (Some(key), Chosen::Positions(positions)) => {
            let rows: Vec<Row<'_>> = positions.iter().map(|&i| listing.row(i)).collect();
            sort_columns(&rows, key)?
        }
        (Some(key), Chosen::Whole(runs)) => {
            sort_order(&runs.iter().flatten().collect::<Vec<_>>(), key)?
        }
    };
    if let Some(limit) = choice.limit {
        order.truncate(limit);
    }
    Ok(Selection {
        listing,
        chosen,
        order,
        states: OnceLock::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Action, Filing, PriorityMatrix, Status, TicketId};

    fn now() -> chrono::DateTime<chrono::Utc> {
        "2026-11-22T12:00:00Z".parse().unwrap()
    }

    fn ticket(id: &str, title: &str, comment: &str, done: bool) -> Ticket {
        let m = PriorityMatrix::default();
        let at = "2026-11-22T09:00:00Z".parse().unwrap();
        let mut t = Ticket::file(
            TicketId::parse(id).unwrap(),
            Filing::new(title, "carol@example.com"),
            "carol@example.com",
            at,
            &m,
        );
        let comment = Action::Commented {
            text: comment.into(),
            internal: false,
        };
        t.record(comment, "alice@example.com", at, &m);
        if done {
            let resolved = Action::Resolved {
                resolution: "fixed".into(),
                code: None,
                kb: None,
            };
            t.record(resolved, "alice@example.com", at, &m);
        }
        t
    }

    fn listing() -> Listing {
        Listing::of(vec![
            ticket("a2bbbbbbbbbbbbbb", "VPN drops", "router firmware", false),
            ticket("a3cccccccccccccc", "Printer jam", "tray two", false),
            ticket("a4dddddddddddddd", "Old VPN issue", "router firmware", true),
        ])
    }

    fn choose(terms: &[&str], choice: &Choice<'_>) -> Result<Selection, DeskError> {
        let ctx = QueryContext {
            me: None,
            now: now(),
            config: None,
        };
        select(listing(), Query::parse(terms)?, choice, &ctx)
    }

    fn titles(s: &Selection) -> Vec<&str> {
        s.iter().map(|t| t.state().title.as_str()).collect()
    }

    #[test]
    fn without_a_status_term_only_tickets_being_worked_are_chosen() {
        let s = choose(&[], &Choice::default()).unwrap();
        assert_eq!(titles(&s), ["VPN drops", "Printer jam"]);
        let all = Choice {
            all: true,
            ..Choice::default()
        };
        assert_eq!(choose(&[], &all).unwrap().len(), 3);
        let done = choose(&["is:done"], &Choice::default()).unwrap();
        assert_eq!(titles(&done), ["Old VPN issue"]);
    }

    #[test]
    fn a_ticket_named_by_id_is_chosen_whatever_its_status() {
        let s = choose(&["a4dddd"], &Choice::default()).unwrap();
        assert_eq!(titles(&s), ["Old VPN issue"]);
        assert!(choose(&["a2bbb"], &Choice::default()).unwrap().is_empty());
    }

    #[test]
    fn state_terms_give_summaries_and_log_terms_whole_tickets_to_a_reader_of_the_log() {
        let s = choose(&["title:vpn"], &Choice::default()).unwrap();
        let chosen: Vec<Selected> = s.iter().collect();
        assert!(matches!(chosen[..], [Selected::Summary(_)]));
        let whole = s.whole(chosen[0]);
        assert_eq!(whole.comments().count(), 1);
        assert_eq!(s.short_id(&chosen[0]), "a2bbbb");
        let reader_of_the_log = Choice {
            whole: true,
            ..Choice::default()
        };
        let s = choose(&["firmware"], &reader_of_the_log).unwrap();
        let chosen: Vec<Selected> = s.iter().collect();
        assert!(matches!(chosen[..], [Selected::Whole(_)]));
        assert_eq!(chosen[0].status, Status::New);
        // Other readers get the state, and the log read again if they ask.
        let s = choose(&["firmware"], &Choice::default()).unwrap();
        let chosen: Vec<Selected> = s.iter().collect();
        assert!(matches!(chosen[..], [Selected::Summary(_)]));
        assert_eq!(s.whole(chosen[0]).comments().count(), 1);
    }

    #[test]
    fn many_tickets_are_chosen_sorted_and_limited_as_one_list() {
        // Enough tickets to be decoded in several runs.
        let tickets: Vec<Ticket> = (0..2_500)
            .map(|n| {
                let id = crate::model::TicketId::generate();
                let comment = if n % 3 == 0 {
                    "router firmware"
                } else {
                    "tray"
                };
                ticket(
                    id.as_str(),
                    &format!("Case-{}", n % 97),
                    comment,
                    n % 5 == 0,
                )
            })
            .collect();
        let ctx = QueryContext {
            me: None,
            now: now(),
            config: None,
        };
        // A log term (a word in comments), then a state term (a title).
        type Holds = fn(&Ticket) -> bool;
        let queries: [(&str, Holds); 2] = [
            ("firmware", |t| {
                t.comments().any(|(_, text, _)| text.contains("firmware"))
            }),
            ("title:case-1", |t| t.title.starts_with("Case-1")),
        ];
        for (term, holds) in queries {
            for whole in [false, true] {
                for (sort, limit) in [(Some("-title"), Some(700)), (None, None)] {
                    let choice = Choice {
                        all: false,
                        sort,
                        limit,
                        whole,
                    };
                    let query = Query::parse(&[term]).unwrap();
                    let s = select(Listing::of(tickets.clone()), query, &choice, &ctx).unwrap();
                    let mut expected: Vec<&Ticket> = tickets
                        .iter()
                        .filter(|t| t.status.is_active() && holds(t))
                        .collect();
                    expected.sort_by(|a, b| a.id.cmp(&b.id));
                    if let Some(key) = sort {
                        crate::query::sort_tickets(&mut expected, key).unwrap();
                    }
                    expected.truncate(limit.unwrap_or(usize::MAX));
                    let ids: Vec<&str> = s.iter().map(|t| t.state().id.as_str()).collect();
                    let expected: Vec<&str> = expected.iter().map(|t| t.id.as_str()).collect();
                    assert!(expected.len() > 100);
                    assert_eq!(ids, expected, "{term}, whole: {whole}, sort: {sort:?}");
                }
            }
        }
    }

    #[test]
    fn sorting_and_limit_apply_after_choosing() {
        let choice = Choice {
            all: true,
            sort: Some("-title"),
            limit: Some(2),
            whole: false,
        };
        let s = choose(&[], &choice).unwrap();
        assert_eq!(titles(&s), ["VPN drops", "Printer jam"]);
        let bad = Choice {
            sort: Some("colour"),
            ..Choice::default()
        };
        assert!(choose(&[], &bad).is_err());
    }
}
