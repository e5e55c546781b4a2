//! XMPP client for the Finesse Notification Service (reference §7): WebSocket (RFC 7395)
//! and TCP (RFC 6120) transports, the login session, and Finesse notifications.
//!
//! Layers, each testable on its own: the XML tree and the framing (splitting what arrives
//! into stanzas) shared with the mock in `finesse_protocol`, [`notification`] (pure parsing of §7.3/§7.4/§3.2), [`session`]
//! (the protocol as a state machine without IO), [`transport`] and [`tls`] (the wire), and
//! [`client`] (the [`NotificationClient`] the steps use, with its connection task), and
//! [`correlate`] (which notification answers which request).

pub(crate) mod client;
mod connection;
pub(crate) mod correlate;
pub(crate) mod endpoint;
pub(crate) mod error;
pub mod notification;
pub(crate) mod session;
pub(crate) mod tls;
pub(crate) mod transport;

pub use client::{NotificationClient, XmppSettings};
pub(crate) use correlate::{Correlation, SentRequest};
pub(crate) use error::WaitError;
pub use error::XmppError;
pub use notification::{Notification, UpdateEvent};
