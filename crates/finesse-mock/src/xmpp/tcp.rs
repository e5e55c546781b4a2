//! The plain-TCP XMPP listener (RFC 6120), on its own port like Finesse's 5222.

use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;

use super::Hub;
use super::connection::{self, Transport};

/// Accepts connections until the mock stops. Each connection gets its own task.
pub(crate) async fn accept(listener: TcpListener, hub: Arc<Hub>) {
    let mut shutdown = hub.shutdown.subscribe();
    while !*shutdown.borrow_and_update() {
        tokio::select! {
            _ = shutdown.changed() => return,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    let _ = stream.set_nodelay(true);
                    tokio::spawn(connection::serve(Transport::tcp(stream), hub.clone()));
                }
                // Out of file descriptors and the like: let the condition pass, not spin.
                Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
            },
        }
    }
}
