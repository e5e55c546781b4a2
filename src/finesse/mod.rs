//! The typed Finesse client: XML models, requests and responses.

pub mod client;
pub mod models;
pub mod xmpp;

pub use client::{
    ClientError, Credentials, Entry, Exchange, ExchangeLog, FinesseClient, Request, Response,
};
