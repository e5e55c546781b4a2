//! The typed Finesse client: XML models, requests and responses.

pub mod body;
pub mod client;
pub mod health;
pub mod models;
pub mod tokens;
pub mod xmpp;

pub use client::{
    AuthSecret, ClientError, Credentials, Entry, Exchange, ExchangeLog, FinesseClient, Request,
    Response,
};
