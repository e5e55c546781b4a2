//! `bench notifications`: the time from a REST state change (PUT User) to the User
//! notification that reports it over XMPP, on the embedded mock.
//!
//! One agent of the mock's profile connects to the Notification Service (XMPP over
//! WebSocket, as the harness does), signs in, then alternates READY and NOT_READY. Each
//! sample runs from just before the PUT is sent to the moment the harness's notification
//! client sees the `/finesse/api/User/{id}` notification carrying that PUT's `requestId`
//! and the requested state. The mock applies an accepted write after its processing delay,
//! so every sample includes that delay.
//!
//! Memory: the notification client keeps every notification it receives, and its
//! transcript keeps a line for each, so memory grows with the number of changes (about
//! 2.5 KB each: 64 MB peak RSS for 20,000); the HTTP transcript starts afresh for every
//! change.

use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::finesse::client::{Credentials, FinesseClient, Request};
use crate::finesse::models::{self, UserUpdate};
use crate::finesse::xmpp::{NotificationClient, XmppSettings};
use crate::finesse::{ExchangeLog, Response};
use crate::mock_profile::MockProfile as _;
use crate::profile::{Deployment, Identity};
use crate::redact::Redactor;
use finesse_mock::{MockConfig, MockServer};

/// What to measure.
#[derive(Clone, Debug)]
pub struct Options {
    /// State changes to time (after the sign-in, which is not timed).
    pub changes: usize,
    pub deployment: Deployment,
    /// The mock's processing delay for accepted writes.
    pub processing_delay: Duration,
    /// How long to wait for each notification; the mock profile's `async_outcome` when None.
    pub deadline: Option<Duration>,
}

/// Summary figures of a set of samples.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Stats {
    pub(crate) count: usize,
    pub(crate) p50: Duration,
    pub(crate) p99: Duration,
    pub(crate) min: Duration,
    pub(crate) max: Duration,
    pub(crate) mean: Duration,
}

/// What a benchmark run measured, and under which conditions.
#[derive(Clone, Debug)]
pub struct Report {
    pub(crate) deployment: Deployment,
    pub(crate) processing_delay: Duration,
    /// The agent whose state was changed.
    pub(crate) agent: String,
    /// The Notification Service endpoint the client used.
    pub(crate) endpoint: String,
    pub(crate) stats: Stats,
    /// Wall time of the timed changes.
    pub(crate) elapsed: Duration,
}

/// The nearest-rank `p`th percentile (1..=100) of `sorted` (ascending): the smallest value
/// with at least `p`% of the values at or below it. None for no values or `p` out of range.
pub(crate) fn percentile(sorted: &[Duration], p: u32) -> Option<Duration> {
    if sorted.is_empty() || !(1..=100).contains(&p) {
        return None;
    }
    // rank = ceil(p/100 · N), in integers so that no rounding moves it.
    let rank = (p as usize * sorted.len()).div_ceil(100);
    sorted.get(rank.max(1) - 1).copied()
}

/// p50, p99, min, max and mean of `samples` (any order); None when there are none.
pub(crate) fn summarize(samples: &[Duration]) -> Option<Stats> {
    let mut sorted = samples.to_vec();
    sorted.sort();
    let total: Duration = sorted.iter().sum();
    let count = u32::try_from(sorted.len()).ok()?;
    Some(Stats {
        count: sorted.len(),
        p50: percentile(&sorted, 50)?,
        p99: percentile(&sorted, 99)?,
        min: *sorted.first()?,
        max: *sorted.last()?,
        mean: total / count,
    })
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

impl Report {
    /// The lines `bench notifications` prints.
    pub(crate) fn render(&self) -> String {
        let s = &self.stats;
        format!(
            "notification latency (PUT → User notification), {}, {} state changes, mock processing delay {} ms:\n  p50 {}, p99 {}, min {}, max {}, mean {}\n  agent {} over {}; {} changes in {:.1} s; every figure includes the processing delay\n",
            self.deployment,
            s.count,
            self.processing_delay.as_millis(),
            ms(s.p50),
            ms(s.p99),
            ms(s.min),
            ms(s.max),
            ms(s.mean),
            self.agent,
            self.endpoint,
            s.count,
            self.elapsed.as_secs_f64(),
        )
    }
}

/// Starts the embedded mock, signs an agent in and times `opts.changes` state changes.
/// Errors are one line.
pub async fn run(opts: &Options) -> Result<Report, String> {
    if opts.changes == 0 {
        return Err("nothing to measure: --changes must be at least 1".into());
    }
    let mock = MockServer::start(MockConfig {
        deployment: Some(opts.deployment),
        processing_delay: opts.processing_delay,
        ..MockConfig::default()
    })
    .await
    .map_err(|e| format!("cannot start the embedded mock on 127.0.0.1: {e}"))?;
    let profile = mock.profile();
    let agent = profile.users.agents.first().cloned().ok_or_else(|| {
        "the mock's fixture has no agent on the supervised team to sign in".to_string()
    })?;
    let extension = agent
        .extension
        .clone()
        .ok_or_else(|| format!("agent {} has no extension in the fixture", agent.id))?;
    let redactor = Arc::new(Redactor::new(
        &profile.secrets(),
        &[agent.auth_name().to_string()],
    ));
    let rest = FinesseClient::for_profile(&profile, redactor.clone()).map_err(|e| e.to_string())?;
    let endpoint = mock.ws_url();
    let secret = rest
        .secret_for(&Credentials::of(&agent))
        .await
        .map_err(|e| e.to_string())?;
    let settings = XmppSettings::new(&endpoint, &agent.id, secret, &mock.xmpp_domain());
    let notifications =
        NotificationClient::connect(&settings, &[], ExchangeLog::default(), redactor)
            .await
            .map_err(|e| e.to_string())?;
    let bench = Bench {
        rest,
        notifications,
        node: format!("/finesse/api/User/{}", agent.id),
        creds: Credentials::of(&agent),
        deadline: opts.deadline.unwrap_or(profile.timeouts.async_outcome),
    };
    let result = bench.measure(&agent, &extension, opts.changes).await;
    // Best effort: the mock stops with this function either way.
    let _ = bench.notifications.close().await;
    let (samples, elapsed) = result?;
    let stats = summarize(&samples).ok_or("no state change was timed")?;
    Ok(Report {
        deployment: opts.deployment,
        processing_delay: opts.processing_delay,
        agent: agent.id,
        endpoint: format!("XMPP/WebSocket {endpoint}"),
        stats,
        elapsed,
    })
}

struct Bench {
    rest: FinesseClient,
    notifications: NotificationClient,
    /// The agent's User node.
    node: String,
    creds: Credentials,
    deadline: Duration,
}

impl Bench {
    /// Signs `agent` in, then alternates READY and NOT_READY `changes` times; the samples
    /// and the wall time of the timed part.
    async fn measure(
        &self,
        agent: &Identity,
        extension: &str,
        changes: usize,
    ) -> Result<(Vec<Duration>, Duration), String> {
        let login = UserUpdate {
            state: Some("LOGIN".into()),
            extension: Some(extension.to_string()),
            ..UserUpdate::default()
        };
        let (_, mut state) = self
            .change(&login, None)
            .await
            .map_err(|e| format!("signing agent {} in: {e}", agent.id))?;
        let mut samples = Vec::with_capacity(changes);
        let started = Instant::now();
        for i in 1..=changes {
            let next = if state == "READY" {
                "NOT_READY"
            } else {
                "READY"
            };
            let update = UserUpdate {
                state: Some(next.into()),
                ..UserUpdate::default()
            };
            let (took, now) = self
                .change(&update, Some(next))
                .await
                .map_err(|e| format!("state change {i} of {changes} ({state} → {next}): {e}"))?;
            samples.push(took);
            state = now;
        }
        Ok((samples, started.elapsed()))
    }

    /// Sends one PUT User and waits for its notification: the time from just before the
    /// PUT to the notification, and the state the notification reports. The wait runs
    /// alongside the PUT, so a notification that beats the HTTP response is timed when it
    /// arrives.
    async fn change(
        &self,
        update: &UserUpdate,
        expected: Option<&str>,
    ) -> Result<(Duration, String), String> {
        let body = models::to_xml("User", update)
            .map_err(|e| format!("cannot build the User body: {e}"))?;
        let req = Request::put(self.node.as_str(), body).as_user(self.creds.clone());
        let rid = req
            .request_id
            .clone()
            .ok_or("the PUT carries no requestId to match its notification by")?;
        let what = format!("on {} with requestId {rid}", self.node);
        // A fresh HTTP transcript each time, so that it does not grow with the run.
        let rest = self.rest.with_new_log();
        let since = self.notifications.mark();
        let started = Instant::now();
        let wait = async {
            let found = self
                .notifications
                .wait_for_since(since, &what, self.deadline, |n| {
                    n.node == self.node && n.request_id.as_deref() == Some(rid.as_str())
                })
                .await;
            (found, started.elapsed())
        };
        let send = rest.send(req);
        tokio::pin!(wait, send);
        let mut early = None;
        let response = loop {
            tokio::select! {
                r = &mut send => break r,
                w = &mut wait, if early.is_none() => early = Some(w),
            }
        };
        check_accepted(&response.map_err(|e| e.to_string())?, &self.node)?;
        let (found, took) = match early {
            Some(w) => w,
            None => wait.await,
        };
        let n = found.map_err(|e| e.to_string())?;
        if n.is_error() {
            return Err(format!(
                "the change was refused in its notification: {}",
                n.summary()
            ));
        }
        let state = n.data_field("state").unwrap_or_default();
        if let Some(want) = expected
            && state != want
        {
            return Err(format!(
                "the notification reports state {state:?}, not {want}: {}",
                n.summary()
            ));
        }
        Ok((took, state))
    }
}

fn check_accepted(resp: &Response, node: &str) -> Result<(), String> {
    if matches!(resp.status, 200 | 202) {
        Ok(())
    } else {
        Err(format!("PUT {node} answered {}", resp.describe()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn millis(v: &[u64]) -> Vec<Duration> {
        v.iter().copied().map(Duration::from_millis).collect()
    }

    #[test]
    fn nearest_rank_percentiles_of_known_inputs() {
        // The classic nearest-rank example: 15, 20, 35, 40, 50.
        let s = millis(&[15, 20, 35, 40, 50]);
        let p = |q| percentile(&s, q).map(|d| d.as_millis());
        assert_eq!(p(5), Some(15));
        assert_eq!(p(30), Some(20));
        assert_eq!(p(40), Some(20));
        assert_eq!(p(50), Some(35));
        assert_eq!(p(99), Some(50));
        assert_eq!(p(100), Some(50));

        // 1..=100: the pth percentile is p itself.
        let hundred: Vec<u64> = (1..=100).collect();
        let s = millis(&hundred);
        assert_eq!(percentile(&s, 50), Some(Duration::from_millis(50)));
        assert_eq!(percentile(&s, 99), Some(Duration::from_millis(99)));
        assert_eq!(percentile(&s, 1), Some(Duration::from_millis(1)));

        // 1000 values: p99 is the 990th, not an interpolation.
        let thousand: Vec<u64> = (1..=1000).collect();
        let s = millis(&thousand);
        assert_eq!(percentile(&s, 99), Some(Duration::from_millis(990)));
        assert_eq!(percentile(&s, 50), Some(Duration::from_millis(500)));

        // Ten values: p99 rounds up to the largest, p50 is the 5th.
        let s = millis(&[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
        assert_eq!(percentile(&s, 99), Some(Duration::from_millis(10)));
        assert_eq!(percentile(&s, 50), Some(Duration::from_millis(5)));

        let one = millis(&[7]);
        assert_eq!(percentile(&one, 1), Some(Duration::from_millis(7)));
        assert_eq!(percentile(&one, 99), Some(Duration::from_millis(7)));

        assert_eq!(percentile(&[], 50), None);
        assert_eq!(percentile(&one, 0), None);
        assert_eq!(percentile(&one, 101), None);
    }

    #[test]
    fn summary_sorts_and_averages() {
        let s = summarize(&millis(&[40, 10, 30, 20])).expect("samples");
        assert_eq!(s.count, 4);
        assert_eq!(s.min, Duration::from_millis(10));
        assert_eq!(s.max, Duration::from_millis(40));
        assert_eq!(s.p50, Duration::from_millis(20));
        assert_eq!(s.p99, Duration::from_millis(40));
        assert_eq!(s.mean, Duration::from_millis(25));
        assert_eq!(summarize(&[]), None);
    }

    #[test]
    fn the_report_names_the_conditions() {
        let r = Report {
            deployment: Deployment::Ucce,
            processing_delay: Duration::from_millis(20),
            agent: "1001".into(),
            endpoint: "XMPP/WebSocket ws://127.0.0.1:1/ws/".into(),
            stats: summarize(&millis(&[21, 23, 22])).expect("samples"),
            elapsed: Duration::from_millis(66),
        };
        let text = r.render();
        assert!(
            text.starts_with(
                "notification latency (PUT → User notification), UCCE, 3 state changes, mock processing delay 20 ms:\n  p50 22.0 ms, p99 23.0 ms, min 21.0 ms, max 23.0 ms, mean 22.0 ms\n"
            ),
            "{text}"
        );
    }
}
