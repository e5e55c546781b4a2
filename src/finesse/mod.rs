//! The typed Finesse client: XML models, requests and responses.

pub(crate) mod body;
pub mod client;
pub(crate) mod health;
pub mod models;
pub(crate) mod tokens;
pub mod xmpp;

pub use client::{
    AuthSecret, ClientError, Credentials, Entry, Exchange, ExchangeLog, FinesseClient, Request,
    Response,
};
