//! Counts the HTTP calls made to AWS, by operation, for benchmarks and `--stats`.

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::context::BeforeTransmitInterceptorContextRef;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::orchestrator::Metadata;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::ConfigBag;
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

/// Shared counters; clone freely.
#[derive(Debug, Clone, Default)]
pub struct CallStats(Arc<Mutex<BTreeMap<String, u64>>>);

impl CallStats {
    /// Calls so far, by `service:Operation` (each retry counts: it is a real call).
    pub fn snapshot(&self) -> BTreeMap<String, u64> {
        self.0.lock().expect("stats lock").clone()
    }

    /// Total calls so far.
    pub fn total(&self) -> u64 {
        self.0.lock().expect("stats lock").values().sum()
    }

    /// Forget the counts (between benchmark phases).
    pub fn reset(&self) {
        self.0.lock().expect("stats lock").clear();
    }
}

impl Intercept for CallStats {
    fn name(&self) -> &'static str {
        "BaselineCallStats"
    }

    fn read_before_transmit(
        &self,
        _context: &BeforeTransmitInterceptorContextRef<'_>,
        _components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let name = cfg
            .load::<Metadata>()
            .map(|m| format!("{}:{}", m.service().to_ascii_lowercase(), m.name()))
            .unwrap_or_else(|| "unknown".into());
        *self.0.lock().expect("stats lock").entry(name).or_default() += 1;
        Ok(())
    }
}
