//! End-to-end tests: the real `git-desk` binary on real git repositories.

#[path = "../common/mod.rs"]
mod common;

mod bad_input;
mod bulk;
mod cache;
mod concurrency;
mod demo;
mod engine;
mod filing;
mod generated;
mod hardening_merge;
mod kb;
mod levels;
mod report;
mod robustness;
mod sync;
mod sync_daemon;
mod sync_property;
mod terminal;
mod transfer;
mod working;
