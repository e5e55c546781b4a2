//! The typed Finesse client: XML models, requests and responses.

pub(crate) mod body;
pub mod client;
pub(crate) mod health;
pub mod models;
pub(crate) mod tokens;
pub mod xmpp;

pub(crate) use client::{ClientError, Credentials};

pub(crate) use client::Response;
pub use client::{ExchangeLog, FinesseClient, Request};
