//! One deadline for a whole command, and Ctrl-C.
//!
//! `--time-limit` bounds the whole command: the command makes one `Deadline`
//! when it starts (before reading the model) and every phase — the search,
//! the tie-break, the explanations — takes a share of what is left and polls
//! `passed`. An interrupt (the first Ctrl-C) counts as a deadline that has
//! passed for every phase: searches stop with the best layout found, as if
//! their time had run out. Without a limit and without an interrupt nothing
//! here changes what a command computes.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// Set by the first Ctrl-C; never cleared.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Stops every search at its next poll; returns whether it was already
/// interrupted (a second Ctrl-C exits at once).
pub fn interrupt() -> bool {
    INTERRUPTED.swap(true, Ordering::SeqCst)
}

/// Whether Ctrl-C has been pressed.
pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::Relaxed)
}

/// When a command, or one of its phases, must stop: an instant, or none.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Deadline {
    at: Option<Instant>,
}

/// Why work was left undone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    /// The time limit ran out.
    TimeLimit,
    /// The run was interrupted (Ctrl-C).
    Interrupted,
}

impl Deadline {
    /// No time limit (an interrupt still stops).
    pub const NONE: Deadline = Deadline { at: None };

    /// `limit` from now; none without a limit.
    pub fn after(limit: Option<Duration>) -> Deadline {
        Deadline {
            at: limit.map(|l| later(Instant::now(), l)),
        }
    }

    /// The instant, if there is a limit.
    pub fn at(self) -> Option<Instant> {
        self.at
    }

    /// The earlier of two deadlines.
    pub fn min(self, other: Deadline) -> Deadline {
        Deadline {
            at: match (self.at, other.at) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            },
        }
    }

    /// Whether work must stop now: the time is up, or Ctrl-C was pressed.
    pub fn passed(self) -> bool {
        interrupted() || self.at.is_some_and(|d| Instant::now() >= d)
    }

    /// Why it passed, if it has.
    pub fn stop(self) -> Option<Stop> {
        if interrupted() {
            Some(Stop::Interrupted)
        } else if self.at.is_some_and(|d| Instant::now() >= d) {
            Some(Stop::TimeLimit)
        } else {
            None
        }
    }

    /// The time left (zero once passed); `None` without a limit.
    pub fn left(self) -> Option<Duration> {
        self.at.map(|d| d.saturating_duration_since(Instant::now()))
    }

    /// A deadline for a phase that may use `fraction` (0 to 1) of the time
    /// left and leaves the rest to the phases after it; none without a limit.
    pub fn share(self, fraction: f64) -> Deadline {
        let now = Instant::now();
        Deadline {
            at: self.at.map(|d| {
                let left = d.saturating_duration_since(now);
                later(now, left.mul_f64(fraction.clamp(0.0, 1.0)))
            }),
        }
    }
}

/// `t + d`, saturating far in the future instead of overflowing.
fn later(t: Instant, d: Duration) -> Instant {
    t.checked_add(d)
        .unwrap_or_else(|| t + Duration::from_secs(86_400 * 365))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_limit_never_passes_and_has_no_time_left() {
        let d = Deadline::after(None);
        assert_eq!(d, Deadline::NONE);
        assert_eq!(d.left(), None);
        assert_eq!(d.share(0.5), Deadline::NONE);
        if !interrupted() {
            assert!(!d.passed());
        }
    }

    #[test]
    fn a_share_ends_before_the_whole_and_min_takes_the_earlier() {
        let whole = Deadline::after(Some(Duration::from_secs(100)));
        let part = whole.share(0.5);
        assert!(part.at() < whole.at());
        assert!(part.left().is_some_and(|l| l <= Duration::from_secs(50)));
        assert_eq!(whole.min(part), part);
        assert_eq!(part.min(Deadline::NONE), part);
        assert_eq!(Deadline::NONE.min(whole), whole);
    }

    #[test]
    fn a_tiny_limit_passes() {
        let d = Deadline::after(Some(Duration::from_nanos(1)));
        std::thread::sleep(Duration::from_millis(2));
        assert!(d.passed());
        assert_eq!(d.left(), Some(Duration::ZERO));
        assert!(d.stop().is_some());
    }
}
