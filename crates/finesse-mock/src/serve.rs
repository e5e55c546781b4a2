//! The mock's HTTP server: axum's router on hyper's HTTP/1 connections, with a header-read
//! timeout. `axum::serve` sets no timer, so a client that opens a connection and never
//! finishes its request headers (or never sends a byte) would hold it, and its task, for as
//! long as it likes; enough of them exhaust the process's file descriptors.
//!
//! hyper starts the timeout whenever it waits for a request head, which includes the wait
//! for the next request on a kept-alive connection: an idle connection is closed after the
//! timeout too, as many servers do. HTTP/2 is not served (no client of the mock uses h2c).

use std::time::Duration;

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::{oneshot, watch};

/// Serves `app` on `listener` until `shutdown` fires (or its sender is dropped); then stops
/// accepting and lets every open connection finish its current request.
pub(crate) async fn serve(
    listener: TcpListener,
    app: Router,
    header_read_timeout: Duration,
    mut shutdown: oneshot::Receiver<()>,
) {
    // Dropped when the loop ends, which tells every connection to shut down gracefully.
    let (_closing, closing) = watch::channel(());
    loop {
        let accepted = tokio::select! {
            _ = &mut shutdown => break,
            accepted = listener.accept() => accepted,
        };
        let tcp = match accepted {
            Ok((tcp, _)) => tcp,
            Err(e) if is_per_connection(&e) => continue,
            Err(e) => {
                // Out of file descriptors, say: back off briefly rather than spin, as
                // axum::serve does; connections closing meanwhile free them.
                eprintln!("mock Finesse: cannot accept a connection: {e}");
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        // Without TCP_NODELAY, the XMPP-over-WebSocket exchanges (several small writes each)
        // stall on Nagle's algorithm and delayed ACKs, some 40 ms a round.
        let _ = tcp.set_nodelay(true);
        let service = TowerToHyperService::new(app.clone());
        let mut closing = closing.clone();
        tokio::spawn(async move {
            let mut builder = http1::Builder::new();
            builder
                .timer(TokioTimer::new())
                .header_read_timeout(header_read_timeout);
            let conn = builder
                .serve_connection(TokioIo::new(tcp), service)
                .with_upgrades();
            tokio::pin!(conn);
            tokio::select! {
                _ = conn.as_mut() => {}
                _ = closing.changed() => {
                    conn.as_mut().graceful_shutdown();
                    let _ = conn.await;
                }
            }
        });
    }
}

/// Errors that concern one incoming connection only (it was gone before it was accepted).
fn is_per_connection(e: &std::io::Error) -> bool {
    use std::io::ErrorKind::*;
    matches!(
        e.kind(),
        ConnectionRefused | ConnectionAborted | ConnectionReset
    )
}
