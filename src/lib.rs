//! git-desk: a tiered IT-support ticket desk that lives on a git branch.
//!
//! The library knows nothing of terminals: [`model`] holds tickets and the fold of their
//! events, [`store`] reads and writes the desk branch, [`query`] filters tickets.

pub mod error;
pub mod model;

pub use error::{DeskError, Result};
