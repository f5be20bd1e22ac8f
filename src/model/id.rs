//! Ticket and event ids: random, generated without coordination, so clones working
//! offline never collide. Every id comes from an [`IdSource`]: the system's entropy, or
//! a seed (`DESK_SEED`) when tests and demos need the same ids run after run.

use std::fmt;

use rand::Rng;
use serde::{Serialize, Serializer};

use crate::error::{BadValue, DeskError};

/// Lower-case Crockford base32: digits and letters without `i`, `l`, `o`, `u`, so an id
/// read aloud or copied by hand is never ambiguous.
pub const ALPHABET: &[u8; 32] = b"0123456789abcdefghjkmnpqrstvwxyz";

/// Characters in a ticket id: 16 x 5 bits = 80 bits of randomness.
pub const TICKET_ID_LEN: usize = 16;
/// Characters in an event id: unique within one ticket is all that is needed.
pub const EVENT_ID_LEN: usize = 12;
/// Output never shows fewer characters of an id than this.
pub const MIN_SHORT_LEN: usize = 6;

/// Where new ids come from.
#[derive(Debug, Clone)]
pub struct IdSource {
    /// `None`: the system's entropy; otherwise the state of a seeded generator.
    seeded: Option<u64>,
}

impl IdSource {
    /// Ids from the system's entropy: what every real desk uses.
    pub fn random() -> IdSource {
        IdSource { seeded: None }
    }

    /// Ids that follow from `seed` and `context` alone: the same seed and context give
    /// the same ids in the same order. The context (the commit a change is computed
    /// against, who makes it) keeps changes made one after another from drawing the
    /// same ids.
    pub fn seeded(seed: u64, context: &str) -> IdSource {
        // FNV-1a: stable across Rust and crate versions, unlike the std hashers.
        let mut state = seed ^ 0xcbf2_9ce4_8422_2325;
        for byte in context.bytes() {
            state ^= u64::from(byte);
            state = state.wrapping_mul(0x0000_0100_0000_01b3);
        }
        IdSource {
            seeded: Some(state),
        }
    }

    /// A fresh ticket id.
    pub fn ticket_id(&mut self) -> TicketId {
        TicketId(self.string(TICKET_ID_LEN))
    }

    /// A fresh event id.
    pub fn event_id(&mut self) -> String {
        self.string(EVENT_ID_LEN)
    }

    fn string(&mut self, len: usize) -> String {
        match &mut self.seeded {
            None => {
                let mut rng = rand::thread_rng();
                (0..len)
                    .map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char)
                    .collect()
            }
            Some(state) => (0..len)
                .map(|_| ALPHABET[(splitmix64(state) % ALPHABET.len() as u64) as usize] as char)
                .collect(),
        }
    }
}

/// SplitMix64: a small, fixed generator, so seeded ids never change with a dependency.
fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Which bytes are in [`ALPHABET`]: ids are checked by the hundred thousand.
const IN_ALPHABET: [bool; 256] = {
    let mut table = [false; 256];
    let mut i = 0;
    while i < ALPHABET.len() {
        table[ALPHABET[i] as usize] = true;
        i += 1;
    }
    table
};

/// True when every character of `s` is in the id alphabet.
pub fn is_id_text(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| IN_ALPHABET[usize::from(b)])
}

/// A ticket's id.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Deserialize)]
pub struct TicketId(String);

impl TicketId {
    /// A fresh random id.
    pub fn generate() -> TicketId {
        IdSource::random().ticket_id()
    }

    /// An id read from a file or a tree entry; checked for shape.
    pub fn parse(s: &str) -> Result<TicketId, DeskError> {
        if s.len() == TICKET_ID_LEN && is_id_text(s) {
            Ok(TicketId(s.to_string()))
        } else {
            Err(BadValue::TicketId(s.to_string()).into())
        }
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The shard directory the ticket lives in: its first two characters.
    pub fn shard(&self) -> &str {
        &self.0[..2]
    }

    /// The ticket file's path in the desk tree.
    pub fn path(&self) -> String {
        format!("tickets/{}/{}.toml", self.shard(), self.0)
    }
}

impl fmt::Display for TicketId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for TicketId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

/// Length of the shortest prefix of `id` (at least [`MIN_SHORT_LEN`]) that no other id in
/// `sorted` shares. `sorted` must be sorted and may contain `id` itself.
pub fn unique_prefix_len(id: &str, sorted: &[&str]) -> usize {
    let pos = sorted.partition_point(|other| *other < id);
    let common = |other: &str| {
        id.bytes()
            .zip(other.bytes())
            .take_while(|(a, b)| a == b)
            .count()
    };
    let mut longest = 0;
    if pos > 0 {
        longest = longest.max(common(sorted[pos - 1]));
    }
    for other in sorted[pos..].iter().take(2) {
        if *other != id {
            longest = longest.max(common(other));
        }
    }
    (longest + 1).clamp(MIN_SHORT_LEN, id.len())
}

/// Short forms for a whole list of ids at once (output of `ls`).
pub fn short_ids<'a>(
    ids: impl IntoIterator<Item = &'a str>,
) -> std::collections::HashMap<String, String> {
    let mut sorted: Vec<&str> = ids.into_iter().collect();
    sorted.sort_unstable();
    sorted.dedup();
    sorted
        .iter()
        .map(|id| {
            let len = unique_prefix_len(id, &sorted);
            (id.to_string(), id[..len].to_string())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_ids_have_the_right_shape() {
        for _ in 0..100 {
            let id = TicketId::generate();
            assert_eq!(id.as_str().len(), TICKET_ID_LEN);
            assert!(TicketId::parse(id.as_str()).is_ok());
            assert!(!id.as_str().contains(['i', 'l', 'o', 'u']));
        }
        assert_ne!(TicketId::generate(), TicketId::generate());
    }

    #[test]
    fn seeded_ids_repeat_for_the_same_seed_and_context_only() {
        let draw = |seed, context| {
            let mut ids = IdSource::seeded(seed, context);
            (ids.ticket_id(), ids.event_id(), ids.event_id())
        };
        let (ticket, first, second) = draw(7, "abc alice@example.com");
        assert_eq!(
            draw(7, "abc alice@example.com"),
            (ticket.clone(), first.clone(), second.clone())
        );
        assert!(TicketId::parse(ticket.as_str()).is_ok());
        assert!(is_id_text(&first) && first.len() == EVENT_ID_LEN);
        assert_ne!(first, second);
        assert_ne!(draw(8, "abc alice@example.com").0, ticket);
        assert_ne!(draw(7, "abd alice@example.com").0, ticket);
    }

    #[test]
    fn parse_rejects_bad_shapes() {
        assert!(TicketId::parse("short").is_err());
        assert!(TicketId::parse("k3m9x2q7wd4hb8fi").is_err());
        assert!(TicketId::parse("K3M9X2Q7WD4HB8FZ").is_err());
    }

    #[test]
    fn shortest_unique_prefix_is_at_least_six() {
        let ids = ["aaaaaaaaaaaaaaaa", "aaaaaaab00000000", "bbbbbbbbbbbbbbbb"];
        assert_eq!(unique_prefix_len(ids[0], &ids), 8);
        assert_eq!(unique_prefix_len(ids[1], &ids), 8);
        assert_eq!(unique_prefix_len(ids[2], &ids), 6);
        let shorts = short_ids(ids);
        assert_eq!(shorts["bbbbbbbbbbbbbbbb"], "bbbbbb");
        assert_eq!(shorts["aaaaaaab00000000"], "aaaaaaab");
    }

    #[test]
    fn path_is_sharded_by_the_first_two_characters() {
        let id = TicketId::parse("k3m9x2q7wd4hb8fz").unwrap();
        assert_eq!(id.path(), "tickets/k3/k3m9x2q7wd4hb8fz.toml");
    }
}
