//! Identity pools. A scenario leases the users it needs and returns them when its cleanup
//! is done, so that two concurrent scenarios never share an agent (design §2). A user the
//! cleanup could not put back is quarantined: never leased again in the run, so one stuck
//! agent cannot make later scenarios fail.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::{Notify, OwnedSemaphorePermit, Semaphore};

use crate::profile::Identity;

#[derive(Debug)]
pub(crate) struct Pool {
    name: &'static str,
    free: Mutex<Vec<Identity>>,
    permits: Arc<Semaphore>,
    size: usize,
    /// Quarantined users (by id) and why.
    quarantined: Mutex<BTreeMap<String, String>>,
    /// Wakes scenarios waiting for users when one is quarantined (they may never come back).
    shrunk: Notify,
}

impl Pool {
    pub(crate) fn new(name: &'static str, ids: Vec<Identity>) -> Arc<Pool> {
        let size = ids.len();
        // Leased from the end: keep the profile's first identity first.
        let free: Vec<Identity> = ids.into_iter().rev().collect();
        Arc::new(Pool {
            name,
            free: Mutex::new(free),
            permits: Arc::new(Semaphore::new(size)),
            size,
            quarantined: Mutex::new(BTreeMap::new()),
            shrunk: Notify::new(),
        })
    }

    /// Takes `id` out of the pool for the rest of the run. Called by the holder of its lease
    /// (the cleanup): the user and its permit stay out when the lease is returned.
    pub(crate) fn quarantine(&self, id: &str, why: &str) {
        let mut q = self.quarantined.lock().unwrap_or_else(|p| p.into_inner());
        q.entry(id.to_string()).or_insert_with(|| why.to_string());
        drop(q);
        self.shrunk.notify_waiters();
    }

    fn quarantine_list(&self) -> BTreeMap<String, String> {
        self.quarantined
            .lock()
            .map(|q| q.clone())
            .unwrap_or_default()
    }

    /// Why `n` users can no longer be leased, if they cannot.
    fn too_few(&self, n: usize) -> Option<String> {
        let q = self.quarantine_list();
        let usable = self.size.saturating_sub(q.len());
        (n > usable).then(|| {
            let why: Vec<String> = q
                .iter()
                .map(|(id, why)| format!("{id} ({why})"))
                .collect();
            format!(
                "needs {n} {}, but only {usable} of the profile's {} can still be used: not leased again after a cleanup could not restore them: {}",
                self.name,
                self.size,
                why.join("; ")
            )
        })
    }

    /// Leases `n` identities, waiting up to `deadline` for other scenarios to return them.
    pub(crate) async fn lease(
        self: &Arc<Pool>,
        n: usize,
        deadline: Duration,
    ) -> Result<Lease, String> {
        if n == 0 {
            return Ok(Lease {
                pool: self.clone(),
                ids: Vec::new(),
                _permit: None,
            });
        }
        if n > self.size {
            return Err(format!(
                "needs {n} {}, the profile has {}",
                self.name, self.size
            ));
        }
        let permits = u32::try_from(n).map_err(|_| format!("cannot lease {n} {}", self.name))?;
        let until = tokio::time::Instant::now() + deadline;
        let permit = loop {
            if let Some(why) = self.too_few(n) {
                return Err(why);
            }
            // Registered before the check above is acted on, so a quarantine in between wakes us.
            let shrunk = self.shrunk.notified();
            tokio::select! {
                p = self.permits.clone().acquire_many_owned(permits) => {
                    break p.map_err(|_| format!("the {} pool is closed", self.name))?;
                }
                _ = shrunk => continue,
                _ = tokio::time::sleep_until(until) => {
                    return Err(format!(
                        "no free {} within {} (other scenarios hold them)",
                        self.name,
                        humantime::format_duration(deadline)
                    ));
                }
            }
        };
        let mut free = self.free.lock().unwrap_or_else(|p| p.into_inner());
        let at = free.len().saturating_sub(n);
        let ids = free.split_off(at).into_iter().rev().collect();
        Ok(Lease {
            pool: self.clone(),
            ids,
            _permit: Some(permit),
        })
    }
}

/// Leased identities; dropping the lease returns them.
#[derive(Debug)]
pub(crate) struct Lease {
    pool: Arc<Pool>,
    ids: Vec<Identity>,
    _permit: Option<OwnedSemaphorePermit>,
}

impl Lease {
    pub(crate) fn ids(&self) -> &[Identity] {
        &self.ids
    }
}

impl Drop for Lease {
    fn drop(&mut self) {
        // Identities go back before the permit is released (fields drop after this);
        // quarantined ones stay out, and so do their permits.
        let q = self.pool.quarantine_list();
        let (kept, returned): (Vec<Identity>, Vec<Identity>) =
            self.ids.drain(..).partition(|i| q.contains_key(&i.id));
        if !kept.is_empty()
            && let Some(p) = self._permit.as_mut()
            && let Some(gone) = u32::try_from(kept.len())
                .ok()
                .and_then(|k| p.split(k as usize))
        {
            gone.forget();
        }
        let mut free = self.pool.free.lock().unwrap_or_else(|p| p.into_inner());
        free.extend(returned.into_iter().rev());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(n: usize) -> Vec<Identity> {
        (0..n)
            .map(|i| Identity::for_tests(format!("a{i}")))
            .collect()
    }

    #[tokio::test]
    async fn leases_are_disjoint_and_returned_on_drop() {
        let pool = Pool::new("agents", ids(3));
        let a = pool.lease(2, Duration::from_millis(50)).await.expect("two");
        let b = pool.lease(1, Duration::from_millis(50)).await.expect("one");
        let mut all: Vec<_> = a
            .ids()
            .iter()
            .chain(b.ids())
            .map(|i| i.id.clone())
            .collect();
        all.sort();
        assert_eq!(all, ["a0", "a1", "a2"]);
        assert!(
            pool.lease(1, Duration::from_millis(20)).await.is_err(),
            "exhausted"
        );
        drop(b);
        assert!(
            pool.lease(1, Duration::from_millis(20)).await.is_ok(),
            "returned"
        );
    }

    #[tokio::test]
    async fn a_quarantined_user_is_never_leased_again() {
        let pool = Pool::new("agents", ids(2));
        let a = pool.lease(1, Duration::from_millis(50)).await.expect("one");
        let stuck = a.ids()[0].id.clone();
        pool.quarantine(&stuck, "calls still up");
        drop(a);
        for _ in 0..3 {
            let b = pool
                .lease(1, Duration::from_millis(50))
                .await
                .expect("the other");
            assert_ne!(b.ids()[0].id, stuck);
        }
        // Two can no longer be had: said at once, naming the user and why.
        let err = pool
            .lease(2, Duration::from_secs(60))
            .await
            .expect_err("too few");
        assert!(
            err.contains(&stuck) && err.contains("calls still up"),
            "{err}"
        );
    }

    #[tokio::test]
    async fn a_waiting_scenario_learns_at_once_that_its_users_will_not_come_back() {
        let pool = Pool::new("agents", ids(1));
        let a = pool.lease(1, Duration::from_millis(50)).await.expect("one");
        let waiter = {
            let pool = pool.clone();
            tokio::spawn(async move { pool.lease(1, Duration::from_secs(60)).await.map(drop) })
        };
        tokio::task::yield_now().await;
        pool.quarantine(&a.ids()[0].id.clone(), "stuck");
        drop(a);
        let got = tokio::time::timeout(Duration::from_secs(5), waiter)
            .await
            .expect("answers without waiting out its deadline")
            .expect("task");
        assert!(got.is_err());
    }

    #[tokio::test]
    async fn asking_for_more_than_the_pool_holds_fails_at_once() {
        let pool = Pool::new("agents", ids(1));
        let err = pool
            .lease(2, Duration::from_secs(60))
            .await
            .expect_err("too many");
        assert!(err.contains("needs 2 agents"), "{err}");
    }
}
