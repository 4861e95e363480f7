//! Login throttling: waits that grow with failed sign-ins, per account and
//! per network address. Nothing is locked outright: an account's owner is
//! kept waiting at most half a minute however many guesses others make, and
//! an address that guesses at many accounts waits longer. Every attempt is
//! counted before the password is checked (and the count given back when it
//! was right), so attempts made at the same moment cannot slip past.

/// How a throttle key grows its waits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Failures that cost nothing (a mistyped password or two).
    pub free: i64,
    /// The longest wait between attempts, in seconds.
    pub max_wait_secs: i64,
}

/// Per account: three tries, then 1, 2, 4 … seconds, at most 30.
pub const ACCOUNT: Limits = Limits { free: 3, max_wait_secs: 30 };
/// Per address (a town hall's whole network may share one): ten tries,
/// then 1, 2, 4 … seconds, at most five minutes.
pub const ADDRESS: Limits = Limits { free: 10, max_wait_secs: 300 };

/// Failures are forgotten after this long without another.
pub const FORGET_AFTER_SECS: i64 = 3600;

impl Limits {
    /// Seconds to wait after `failures` failed attempts before the next.
    pub fn wait_secs(self, failures: i64) -> i64 {
        if failures < self.free {
            return 0;
        }
        let doublings = (failures - self.free).min(20) as u32;
        (1i64 << doublings).min(self.max_wait_secs)
    }
}

/// What a throttle key holds: failures counted, and when the next attempt
/// may be made (milliseconds since the epoch), last written at `updated_ms`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct State {
    pub failures: i64,
    pub next_ms: i64,
    pub updated_ms: i64,
}

/// The answer to an attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Go ahead; the key is to hold this state from now on.
    Try(State),
    /// Wait this many seconds (at least one).
    Wait(i64),
}

/// Whether an attempt at `now_ms` may be made under `state`, counting it
/// as a failure until it is known to have succeeded.
pub fn attempt(limits: Limits, state: State, now_ms: i64) -> Verdict {
    let forgotten = now_ms - state.updated_ms > FORGET_AFTER_SECS * 1000;
    let s = if forgotten { State::default() } else { state };
    if now_ms < s.next_ms {
        return Verdict::Wait(((s.next_ms - now_ms) + 999) / 1000);
    }
    let failures = s.failures + 1;
    Verdict::Try(State { failures, next_ms: now_ms + limits.wait_secs(failures) * 1000, updated_ms: now_ms })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_grow_and_stop_growing() {
        assert_eq!((0..3).map(|n| ACCOUNT.wait_secs(n)).collect::<Vec<_>>(), [0, 0, 0]);
        assert_eq!((3..9).map(|n| ACCOUNT.wait_secs(n)).collect::<Vec<_>>(), [1, 2, 4, 8, 16, 30]);
        assert_eq!(ACCOUNT.wait_secs(10_000), 30, "the owner is never kept out for long");
        assert_eq!(ADDRESS.wait_secs(9), 0);
        assert_eq!(ADDRESS.wait_secs(10_000), 300);
    }

    #[test]
    fn attempts_are_counted_before_they_are_known() {
        let mut s = State::default();
        let now = 1_000_000;
        // The free tries may come at once; each is counted.
        for n in 1..=2 {
            let Verdict::Try(next) = attempt(ACCOUNT, s, now) else { panic!("try {n} is free") };
            assert_eq!((next.failures, next.next_ms), (n, now));
            s = next;
        }
        let Verdict::Try(third) = attempt(ACCOUNT, s, now) else { panic!("the third try is free") };
        assert_eq!(third.next_ms, now + 1000, "after the third the next must wait a second");
        assert_eq!(attempt(ACCOUNT, third, now + 10), Verdict::Wait(1));
        assert!(matches!(attempt(ACCOUNT, third, now + 1000), Verdict::Try(State { failures: 4, .. })));
    }

    #[test]
    fn old_failures_are_forgotten() {
        let s = State { failures: 50, next_ms: 5_000, updated_ms: 0 };
        let later = FORGET_AFTER_SECS * 1000 + 1;
        assert_eq!(attempt(ACCOUNT, s, later), Verdict::Try(State { failures: 1, next_ms: later, updated_ms: later }));
    }
}
