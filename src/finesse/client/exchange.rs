//! The redacted record of every exchange, for transcripts, reports and evidence.

use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

/// One request/response pair, redacted, with timing.
#[derive(Clone, Debug)]
pub struct Exchange {
    pub(crate) started: SystemTime,
    pub(crate) duration: Duration,
    pub(crate) user: Option<String>,
    pub method: String,
    pub url: String,
    pub(crate) request_headers: Vec<(String, String)>,
    pub(crate) request_body: Option<String>,
    pub status: Option<u16>,
    pub response_headers: Vec<(String, String)>,
    pub(crate) response_body: Option<String>,
    pub(crate) error: Option<String>,
}

impl Exchange {
    /// A readable transcript block.
    pub(crate) fn render(&self) -> String {
        let mut out = String::new();
        let at = humantime::format_rfc3339_millis(self.started);
        let who = self
            .user
            .as_deref()
            .map(|u| format!(" as {u}"))
            .unwrap_or_default();
        out.push_str(&format!("--> {at} {} {}{who}\n", self.method, self.url));
        for (k, v) in &self.request_headers {
            out.push_str(&format!("    {k}: {v}\n"));
        }
        if let Some(b) = self.request_body.as_deref().filter(|b| !b.is_empty()) {
            out.push_str(&format!("    {b}\n"));
        }
        let ms = self.duration.as_secs_f64() * 1000.0;
        match (self.status, &self.error) {
            (Some(s), _) => out.push_str(&format!("<-- {s} ({ms:.1} ms)\n")),
            (None, Some(e)) => out.push_str(&format!("<-- no response ({ms:.1} ms): {e}\n")),
            (None, None) => out.push_str(&format!("<-- no response ({ms:.1} ms)\n")),
        }
        for (k, v) in &self.response_headers {
            out.push_str(&format!("    {k}: {v}\n"));
        }
        if let Some(b) = self.response_body.as_deref().filter(|b| !b.is_empty()) {
            out.push_str(&format!("    {b}\n"));
        }
        out
    }
}

/// One line of a scenario's transcript: an HTTP exchange or a harness note (a fault
/// switched, a cleanup step).
#[derive(Clone, Debug)]
pub enum Entry {
    Http(Exchange),
    Note { at: SystemTime, text: String },
}

impl Entry {
    pub fn render(&self) -> String {
        match self {
            Entry::Http(e) => e.render(),
            Entry::Note { at, text } => {
                format!("--- {} {text}\n", humantime::format_rfc3339_millis(*at))
            }
        }
    }
}

/// The ordered transcript of one scenario (shared by clones of a client).
#[derive(Clone, Debug, Default)]
pub struct ExchangeLog(Arc<Mutex<Vec<Entry>>>);

impl ExchangeLog {
    pub(crate) fn push(&self, e: Exchange) {
        if let Ok(mut v) = self.0.lock() {
            v.push(Entry::Http(e));
        }
    }

    pub(crate) fn note(&self, text: impl Into<String>) {
        if let Ok(mut v) = self.0.lock() {
            v.push(Entry::Note {
                at: SystemTime::now(),
                text: text.into(),
            });
        }
    }

    pub fn entries(&self) -> Vec<Entry> {
        self.0.lock().map(|v| v.clone()).unwrap_or_default()
    }

    pub fn render(&self) -> String {
        self.entries()
            .iter()
            .map(Entry::render)
            .collect::<Vec<_>>()
            .join("\n")
    }
}
