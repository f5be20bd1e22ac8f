//! git-desk: a tiered IT-support ticket desk that lives on a git branch.
//!
//! The library knows nothing of terminals: [`model`] holds tickets and the fold of their
//! events, [`store`] reads and writes the desk branch, [`query`] filters tickets,
//! [`selection`] chooses them as `ls` does, [`config`] reads `desk.toml`, [`time`] says
//! what time it is. Every change to the desk is a [`workflow::Change`] applied through
//! one door, [`store::Desk::apply`].

pub mod config;
pub mod doctor;
pub mod error;
pub mod kb;
pub mod links;
pub mod mail;
pub mod model;
pub mod parallel;
pub mod portal;
pub mod query;
pub mod report;
pub mod routing;
pub mod selection;
pub mod sla;
pub mod store;
pub mod sweep;
pub mod sync;
pub mod text;
pub mod time;
pub mod transfer;
pub mod verify;
pub mod workflow;

pub use error::{DeskError, Result};
