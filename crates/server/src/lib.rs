//! SmartCal's server: the REST API under `/api/v1`, its OpenAPI document and docs page, and the
//! SPA with fallback to `index.html` — one process is a whole installation; many on one
//! PostgreSQL database are a cluster.
//!
//! The house, by job: [`http`] answers requests, [`jobs`] does the background work,
//! [`integrations`] talks to the outside world; at the root are start-up ([`app`]), the
//! configuration, the shared [`state`] below all of them, and the few pieces they share:
//! [`crypto`], [`schedule`] (an agenda plus busy time), [`views`] (rows as the API shows
//! them), [`links`], input [`validate`]-ion, the [`slot_cache`], the rate [`limits`] and the
//! [`metrics`]. The operator's command line (`smartcal admin`, `smartcal backup`) is in
//! [`admin`].

pub mod admin;
pub mod app;
pub mod config;
pub mod crypto;
pub mod demo;
pub mod http;
pub mod integrations;
pub mod jobs;
pub mod limits;
pub mod links;
pub mod metrics;
pub mod schedule;
pub mod signal;
pub mod slot_cache;
pub mod state;
pub mod time;
pub mod validate;
pub mod views;

pub use app::{Application, Running};
