//! End-to-end tests: the real `git-desk` binary on real git repositories.

#[path = "../common/mod.rs"]
mod common;

mod bad_input;
mod browser;
mod bulk;
mod bulk_terminal;
mod cache;
mod cache_layout;
mod changes;
mod command_errors;
mod completion;
mod concurrency;
mod demo;
mod doctor;
mod engine;
mod fields;
mod filing;
mod generated;
mod hardening_input;
mod hardening_merge;
mod hardening_output;
mod hardening_report;
mod hardening_store;
mod hardening_sync;
mod import_door;
mod kb;
mod level0;
mod levels;
mod mail_delivery;
mod mail_ingest;
mod mail_mta;
mod mail_notify;
mod manual;
mod pager;
mod parse_fidelity;
mod portal;
mod portal_browser;
mod report;
mod robustness;
mod servers;
mod sites;
mod snapshots;
mod sweep_scale;
mod sync;
mod sync_daemon;
mod sync_property;
mod terminal;
mod transfer;
mod verify;
mod widths;
mod working;

