//! The typed Finesse client: XML models, requests and responses.

pub mod client;
pub mod models;

pub use client::{ClientError, Exchange, ExchangeLog, FinesseClient, Request, Response};
