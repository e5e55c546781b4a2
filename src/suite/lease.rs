//! Identity pools. A scenario leases the users it needs and returns them when its cleanup
//! is done, so that two concurrent scenarios never share an agent (design §2).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::profile::Identity;

#[derive(Debug)]
pub struct Pool {
    name: &'static str,
    free: Mutex<Vec<Identity>>,
    permits: Arc<Semaphore>,
    size: usize,
}

impl Pool {
    pub fn new(name: &'static str, ids: Vec<Identity>) -> Arc<Pool> {
        let size = ids.len();
        // Leased from the end: keep the profile's first identity first.
        let free: Vec<Identity> = ids.into_iter().rev().collect();
        Arc::new(Pool {
            name,
            free: Mutex::new(free),
            permits: Arc::new(Semaphore::new(size)),
            size,
        })
    }

    /// Leases `n` identities, waiting up to `deadline` for other scenarios to return them.
    pub async fn lease(self: &Arc<Pool>, n: usize, deadline: Duration) -> Result<Lease, String> {
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
        let permit =
            tokio::time::timeout(deadline, self.permits.clone().acquire_many_owned(permits))
                .await
                .map_err(|_| {
                    format!(
                        "no free {} within {} (other scenarios hold them)",
                        self.name,
                        humantime::format_duration(deadline)
                    )
                })?
                .map_err(|_| format!("the {} pool is closed", self.name))?;
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
pub struct Lease {
    pool: Arc<Pool>,
    ids: Vec<Identity>,
    _permit: Option<OwnedSemaphorePermit>,
}

impl Lease {
    pub fn ids(&self) -> &[Identity] {
        &self.ids
    }
}

impl Drop for Lease {
    fn drop(&mut self) {
        // Identities go back before the permit is released (fields drop after this).
        let mut free = self.pool.free.lock().unwrap_or_else(|p| p.into_inner());
        free.extend(self.ids.drain(..).rev());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::Secret;

    fn ids(n: usize) -> Vec<Identity> {
        (0..n)
            .map(|i| Identity {
                id: format!("a{i}"),
                login_id: None,
                auth: crate::profile::Auth::Password(Secret::new("p")),
                extension: None,
                team_id: None,
            })
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
    async fn asking_for_more_than_the_pool_holds_fails_at_once() {
        let pool = Pool::new("agents", ids(1));
        let err = pool
            .lease(2, Duration::from_secs(60))
            .await
            .expect_err("too many");
        assert!(err.contains("needs 2 agents"), "{err}");
    }
}
