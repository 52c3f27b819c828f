//! Logging to stderr with a floor no configuration can lower: the SDK's wire-level crates
//! (request bodies with console passwords, signed headers with session tokens) never log
//! below INFO, whatever `RUST_LOG` says.
//!
//! Why a second filter and not EnvFilter directives: in an EnvFilter the most specific
//! directive wins, so a user's `aws_smithy_runtime::client::orchestrator=trace` beats our
//! `aws_smithy_runtime=info`. A separate filter combined with `and` is checked on its own.

use std::sync::Once;
use tracing::{Level, Metadata};
use tracing_subscriber::filter::{filter_fn, EnvFilter, FilterExt};
use tracing_subscriber::layer::{Filter, SubscriberExt};
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{fmt, Layer};

/// Targets (crate paths) that can see secrets on the wire.
const NOISY: &[&str] = &[
    "aws_smithy_",
    "aws_sigv4",
    "aws_runtime",
    "hyper",
    "hyper_util",
    "h2",
    "rustls",
    "reqwest",
];

/// Default verbosity without `RUST_LOG`.
const DEFAULT: &str = "error,baseline=warn,baseline_app=warn,baseline_core=warn";

fn noisy(target: &str) -> bool {
    NOISY.iter().any(|n| target.starts_with(n))
}

/// True when a span or event may be logged regardless of the user's filter.
fn allowed(meta: &Metadata<'_>) -> bool {
    !noisy(meta.target()) || *meta.level() <= Level::INFO
}

/// The user's filter (`RUST_LOG`-style directives) and the floor, both must agree.
fn filter<S>(directives: Option<&str>) -> impl Filter<S> {
    let user = directives
        .filter(|d| !d.trim().is_empty())
        .and_then(|d| EnvFilter::try_new(d).ok())
        .unwrap_or_else(|| EnvFilter::new(DEFAULT));
    user.and(filter_fn(allowed))
}

static INIT: Once = Once::new();

/// Set up logging once per process. Call it first thing, before any thread starts: it
/// clears `LOG_SIGNABLE_BODY`, which makes aws-sigv4 put whole request bodies (passwords)
/// into its canonical-request log.
pub fn init() {
    INIT.call_once(|| {
        std::env::remove_var("LOG_SIGNABLE_BODY");
        let directives = std::env::var("RUST_LOG").ok();
        let layer = fmt::layer()
            .with_writer(std::io::stderr)
            .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
            .with_filter(filter(directives.as_deref()));
        let _ = tracing_subscriber::registry().with(layer).try_init();
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    #[derive(Clone, Default)]
    struct Buffer(Arc<Mutex<Vec<u8>>>);

    impl std::io::Write for Buffer {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    fn logged(directives: &str, emit: impl FnOnce()) -> String {
        let buf = Buffer::default();
        let writer = buf.clone();
        let layer = fmt::layer()
            .with_writer(move || writer.clone())
            .with_filter(filter(Some(directives)));
        tracing::subscriber::with_default(tracing_subscriber::registry().with(layer), emit);
        let out = buf.0.lock().unwrap().clone();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn wire_level_trace_stays_out_even_when_asked_for_by_name() {
        let out = logged(
            "trace,aws_smithy_runtime::client::orchestrator=trace,aws_sigv4=trace",
            || {
                tracing::trace!(target: "aws_smithy_runtime::client::orchestrator", "body=Password=s3cr3t");
                tracing::debug!(target: "aws_sigv4::http_request::sign", "x-amz-security-token:tok3n");
                tracing::trace!(target: "hyper_util::client", "frame");
                tracing::info!(target: "aws_smithy_runtime::client::orchestrator", "retrying");
                tracing::trace!(target: "baseline_core::apply", "step done");
            },
        );
        assert!(
            !out.contains("s3cr3t") && !out.contains("tok3n") && !out.contains("frame"),
            "{out}"
        );
        assert!(
            out.contains("retrying"),
            "INFO from the SDK still shows: {out}"
        );
        assert!(out.contains("step done"), "our own trace shows: {out}");
    }
}
