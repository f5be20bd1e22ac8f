//! Mail: the desk talking with the people it serves (SPEC 13). Messages come in through
//! `git desk mail ingest` and become tickets and comments; notices go out through
//! `git desk notify`, recorded on the tickets so that each is sent once.

pub mod mbox;
pub mod message;
pub mod reply;
