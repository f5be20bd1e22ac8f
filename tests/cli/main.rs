//! End-to-end tests: the real `git-desk` binary on real git repositories.

#[path = "../common/mod.rs"]
mod common;

mod bad_input;
mod bulk;
mod concurrency;
mod demo;
mod filing;
mod generated;
mod robustness;
mod terminal;
mod working;
