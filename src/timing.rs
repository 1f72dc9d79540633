//! Stage timings for whoever tunes the tool: with `COMPENDIUM_TIMINGS=1` in the environment, each
//! timed stage prints its wall time (and the memory held after it) to stderr. Off by default;
//! nothing else reads the clock.

use std::sync::OnceLock;
use std::time::Instant;

fn enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("COMPENDIUM_TIMINGS").is_some_and(|v| v != "0"))
}

/// When the first timed stage began: stages say when they began after it, which shows what
/// ran side by side and where nothing did.
fn since_first_timing() -> &'static Instant {
    static FIRST: OnceLock<Instant> = OnceLock::new();
    FIRST.get_or_init(Instant::now)
}

/// Prints a figure about a stage (worked out only when timings are on).
pub fn note(text: impl FnOnce() -> String) {
    if enabled() {
        // As in `stage`: an opt-in developer aid.
        #[allow(clippy::print_stderr)]
        {
            eprintln!("compendium: timing: {}", text());
        }
    }
}

/// Runs `work`, printing how long it took when timings are on.
pub fn stage<T>(name: &str, work: impl FnOnce() -> T) -> T {
    if !enabled() {
        return work();
    }
    let start = Instant::now();
    let began = start.duration_since(*since_first_timing()).as_secs_f64();
    let value = work();
    // The one place the library writes to stderr: an opt-in developer aid, not a finding.
    #[allow(clippy::print_stderr)]
    {
        eprintln!(
            "compendium: timing: {name}: {:.3} s (from {began:.3} s){}",
            start.elapsed().as_secs_f64(),
            memory()
        );
    }
    value
}

/// The process's resident memory and its peak so far, where Linux tells them
/// (`/proc/self/status`): what a stage holds shows as page faults in every stage after it.
fn memory() -> String {
    let Ok(status) = std::fs::read_to_string("/proc/self/status") else {
        return String::new();
    };
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().strip_suffix("kB"))
            .and_then(|kb| kb.trim().parse::<u64>().ok())
    };
    match (field("VmRSS:"), field("VmHWM:")) {
        (Some(rss), Some(peak)) => {
            format!(" (memory {} MiB, peak {} MiB)", rss / 1024, peak / 1024)
        }
        _ => String::new(),
    }
}
