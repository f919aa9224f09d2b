//! The server's logs: human lines on a terminal, one JSON object per line
//! otherwise (or as asked), both carrying the trace id of the request a
//! line is about. Events and access lines go through one non-blocking
//! writer into a 64 KiB buffer on stdout, flushed whenever its queue
//! drains: under load few large writes, when idle every line at once.
//! Access lines reach that writer in batches (every 50 ms at most), not
//! one handover per request.

use std::io::IsTerminal as _;

use tracing_subscriber::EnvFilter;
use tracing_subscriber::reload::Handle;

use crate::settings::LogFormat;

type SetFilter = dyn Fn(&str) -> anyhow::Result<()> + Send + Sync;

/// Changes the level filter of a running server (SIGHUP).
#[derive(Clone)]
pub struct LevelHandle(std::sync::Arc<SetFilter>);

impl LevelHandle {
    /// Sets the filter (`info`, `portico=debug,info`…).
    pub fn set(&self, filter: &str) -> anyhow::Result<()> {
        (self.0)(filter)
    }
}

fn reloader<S: 'static>(handle: Handle<EnvFilter, S>) -> LevelHandle {
    LevelHandle(std::sync::Arc::new(move |filter: &str| {
        let f = EnvFilter::try_new(filter).map_err(|e| anyhow::anyhow!("the log filter {filter:?}: {e}"))?;
        handle.reload(f).map_err(|e| anyhow::anyhow!("{e}"))
    }))
}

/// Whether `format` means JSON here (`auto`: JSON unless stdout is a
/// terminal).
pub fn is_json(format: LogFormat) -> bool {
    match format {
        LogFormat::Json => true,
        LogFormat::Pretty => false,
        LogFormat::Auto => !std::io::stdout().is_terminal(),
    }
}

/// What [`init`] installed.
pub struct Logging {
    /// Flushes the writer when dropped: keep it until the end.
    _guard: tracing_appender::non_blocking::WorkerGuard,
    pub access: portico_server::AccessLog,
    pub level: LevelHandle,
}

/// Installs the tracing subscriber with the level `filter` and returns
/// the access-log sink.
pub fn init(format: LogFormat, filter: &str) -> anyhow::Result<Logging> {
    let stdout = std::io::BufWriter::with_capacity(64 * 1024, std::io::stdout());
    let (writer, guard) = tracing_appender::non_blocking::NonBlockingBuilder::default()
        .lossy(false)
        .finish(stdout);
    let filter = EnvFilter::try_new(filter).map_err(|e| anyhow::anyhow!("the log filter {filter:?}: {e}"))?;
    let json = is_json(format);
    let level = if json {
        let builder = tracing_subscriber::fmt()
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .with_span_list(false)
            .with_env_filter(filter)
            .with_writer(writer.clone())
            .with_filter_reloading();
        let level = reloader(builder.reload_handle());
        builder.init();
        level
    } else {
        let builder = tracing_subscriber::fmt()
            .with_ansi(std::io::stdout().is_terminal())
            .with_env_filter(filter)
            .with_writer(writer.clone())
            .with_filter_reloading();
        let level = reloader(builder.reload_handle());
        builder.init();
        level
    };
    let format = if json {
        portico_server::AccessFormat::Json
    } else {
        portico_server::AccessFormat::Text
    };
    let access = portico_server::AccessLog::batched(format, move |line: &[u8]| {
        use std::io::Write as _;
        let _ = writer.clone().write_all(line);
    });
    Ok(Logging {
        _guard: guard,
        access,
        level,
    })
}
