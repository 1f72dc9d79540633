//! Stage timings for whoever tunes the tool: with `COMPENDIUM_TIMINGS=1` in the environment, each
//! timed stage prints its wall time to stderr. Off by default; nothing else reads the clock.

use std::sync::OnceLock;
use std::time::Instant;

fn enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("COMPENDIUM_TIMINGS").is_some_and(|v| v != "0"))
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
    let value = work();
    // The one place the library writes to stderr: an opt-in developer aid, not a finding.
    #[allow(clippy::print_stderr)]
    {
        eprintln!(
            "compendium: timing: {name}: {:.3} s",
            start.elapsed().as_secs_f64()
        );
    }
    value
}
