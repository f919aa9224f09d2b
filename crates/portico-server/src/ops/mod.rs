//! What an operator sees of a node: its health (`/healthz`, `/readyz`),
//! its metrics (Prometheus, on a listener of their own) and a span per
//! request for a tracing system.

pub(crate) mod health;
pub(crate) mod metrics;
pub(crate) mod spans;
