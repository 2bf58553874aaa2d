//! Spreads request starts evenly in time, so an import stays under the API's rate limit instead
//! of running into 429s (the bulk endpoint takes about 150 requests a minute per IP). Pure: the
//! caller passes the time (milliseconds on any monotonic clock) and does the sleeping.

/// The API's bulk-create limit per IP, and the default pace.
pub const DEFAULT_REQUESTS_PER_MINUTE: f64 = 150.0;

/// After 429s the pace drops to at most this many times slower than asked, so that a burst of
/// them never stalls an import for minutes (`Retry-After` covers longer waits).
const MAX_SLOWDOWN: f64 = 16.0;

/// Successes it takes to climb back from half the asked pace to all of it.
const RECOVERY_STEPS: f64 = 10.0;

/// Longest hold a `Retry-After` puts on every start; the retry policy gives up on longer waits.
const MAX_HOLD_MS: f64 = 60_000.0;

/// When the next request may start.
#[derive(Debug, Clone, PartialEq)]
pub struct Pacer {
    /// Requests a minute asked for; `None`: no pacing.
    asked_per_minute: Option<f64>,
    /// The pace now: lower than asked after a 429, climbing back as answers come.
    per_minute: f64,
    /// The earliest time the next request may start; `None` before the first.
    next_at: Option<f64>,
    /// When the last request started.
    last_start: Option<f64>,
}

impl Pacer {
    /// Starts at most `requests_per_minute` requests a minute, evenly spaced (60 000 / rpm ms
    /// apart; the first at once). A value that is not a positive finite number (`Infinity`) turns
    /// pacing off.
    pub fn new(requests_per_minute: f64) -> Pacer {
        let asked = (requests_per_minute.is_finite() && requests_per_minute > 0.0).then_some(requests_per_minute);
        Pacer { asked_per_minute: asked, per_minute: asked.unwrap_or(f64::INFINITY), next_at: None, last_start: None }
    }

    /// No pacing: every request may start at once.
    pub fn off() -> Pacer {
        Pacer::new(f64::INFINITY)
    }

    pub fn is_on(&self) -> bool {
        self.asked_per_minute.is_some()
    }

    /// Milliseconds between two starts at the current pace (0 when off).
    pub fn interval_ms(&self) -> f64 {
        if self.is_on() {
            60_000.0 / self.per_minute
        } else {
            0.0
        }
    }

    /// How long to wait from `now` before a request may start; 0: it may start now.
    pub fn wait_ms(&self, now: f64) -> f64 {
        self.next_at.map_or(0.0, |at| (at - now).max(0.0))
    }

    /// A request starts at `now`: the next one waits a full interval from here. Spacing from the
    /// actual start, not the planned one, keeps any two starts at least an interval apart even
    /// when a timer fires late or the concurrency bound held a request back.
    pub fn started(&mut self, now: f64) {
        if self.is_on() {
            let from = self.next_at.map_or(now, |at| at.max(now));
            self.next_at = Some(from + self.interval_ms());
            self.last_start = Some(from);
        }
    }

    /// A 2xx answer: the pace climbs back towards the one asked, a tenth of the lost way per step
    /// at most, so a limit that was hit once is not hit again at once.
    pub fn answered(&mut self) {
        if let Some(asked) = self.asked_per_minute {
            self.per_minute = (self.per_minute + asked / (2.0 * RECOVERY_STEPS)).min(asked);
        }
    }

    /// A 429 at `now`: halve the pace (the next start is a new, wider interval after the last),
    /// and hold every start for the `Retry-After` the API asked (or one new interval when it did
    /// not say).
    pub fn limited(&mut self, now: f64, retry_after_ms: Option<f64>) {
        let Some(asked) = self.asked_per_minute else { return };
        self.per_minute = (self.per_minute / 2.0).max(asked / MAX_SLOWDOWN);
        let hold = retry_after_ms.filter(|ms| *ms >= 0.0).unwrap_or_else(|| self.interval_ms()).min(MAX_HOLD_MS);
        let wider = self.last_start.map_or(now, |at| at + self.interval_ms());
        let until = (now + hold).max(wider);
        self.next_at = Some(self.next_at.map_or(until, |at| at.max(until)));
    }

    /// Milliseconds from `now` until `requests` more requests will all have started at the current
    /// pace (0 when off: the pace does not bound them).
    pub fn time_to_start(&self, now: f64, requests: usize) -> f64 {
        if requests == 0 || !self.is_on() {
            return 0.0;
        }
        self.wait_ms(now) + (requests - 1) as f64 * self.interval_ms()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs `requests` starts through the pacer as a driver would (sleep what it says, then start)
    /// and returns the start times.
    fn starts(pacer: &mut Pacer, from: f64, requests: usize) -> Vec<f64> {
        let mut now = from;
        (0..requests)
            .map(|_| {
                now += pacer.wait_ms(now);
                pacer.started(now);
                now
            })
            .collect()
    }

    #[test]
    fn spreads_starts_evenly_the_first_at_once() {
        let mut pacer = Pacer::new(600.0);
        assert_eq!(pacer.interval_ms(), 100.0);
        assert_eq!(starts(&mut pacer, 1000.0, 5), [1000.0, 1100.0, 1200.0, 1300.0, 1400.0]);
        let mut default = Pacer::new(DEFAULT_REQUESTS_PER_MINUTE);
        assert_eq!(default.interval_ms(), 400.0, "150 a minute");
        assert_eq!(default.wait_ms(0.0), 0.0);
        default.started(0.0);
        assert_eq!(default.wait_ms(150.0), 250.0);
    }

    #[test]
    fn never_more_than_the_rate_in_any_window_even_when_late() {
        let mut pacer = Pacer::new(600.0);
        // A late start (the concurrency bound held it back) does not let the next one catch up.
        pacer.started(0.0);
        pacer.started(350.0);
        assert_eq!(pacer.wait_ms(350.0), 100.0);
        let mut times = vec![0.0, 350.0];
        times.extend(starts(&mut pacer, 351.0, 200));
        for pair in times.windows(2) {
            assert!(pair[1] - pair[0] >= 100.0 - 1e-9, "{pair:?}");
        }
        // At most 11 starts in any closed one-second window (10 a second, both ends counted).
        for (i, &t) in times.iter().enumerate() {
            assert!(times[i..].iter().take_while(|&&u| u <= t + 1000.0).count() <= 11);
        }
    }

    #[test]
    fn infinity_and_non_positive_values_turn_pacing_off() {
        for rpm in [f64::INFINITY, f64::NAN, 0.0, -5.0] {
            let mut pacer = Pacer::new(rpm);
            assert!(!pacer.is_on(), "{rpm}");
            assert_eq!(starts(&mut pacer, 5.0, 3), [5.0, 5.0, 5.0]);
            pacer.limited(5.0, Some(1000.0));
            assert_eq!(pacer.wait_ms(5.0), 0.0, "a 429 is the retry policy's business when pacing is off");
            assert_eq!(pacer.time_to_start(5.0, 100), 0.0);
        }
    }

    #[test]
    fn a_429_holds_for_retry_after_halves_the_pace_and_recovers_gradually() {
        let mut pacer = Pacer::new(600.0);
        pacer.started(0.0);
        pacer.limited(20.0, Some(2000.0));
        assert_eq!(pacer.wait_ms(20.0), 2000.0, "every start waits out the Retry-After");
        assert_eq!(pacer.interval_ms(), 200.0, "half the pace");
        pacer.limited(30.0, None);
        assert_eq!(pacer.interval_ms(), 400.0);
        assert_eq!(pacer.wait_ms(30.0), 1990.0, "a later, shorter hold does not shorten an earlier one");
        let spaced = starts(&mut pacer, 30.0, 3);
        assert_eq!(spaced, [2020.0, 2420.0, 2820.0]);
        // 150 a minute now; each answer climbs back 30 (a twentieth of 600) until 600.
        let mut seen = vec![];
        for _ in 0..20 {
            pacer.answered();
            seen.push(pacer.interval_ms());
        }
        assert!(seen.windows(2).all(|w| w[1] <= w[0]), "{seen:?}");
        assert!((seen[0] - 60_000.0 / 180.0).abs() < 1e-9);
        assert_eq!(*seen.last().unwrap(), 100.0, "back to the pace asked, never above it");
        // Many 429s slow it to a sixteenth at most; an absurd Retry-After holds a minute at most.
        for _ in 0..20 {
            pacer.limited(5000.0, None);
        }
        assert_eq!(pacer.interval_ms(), 1600.0);
        pacer.limited(5000.0, Some(1e40));
        assert_eq!(pacer.wait_ms(5000.0), 60_000.0);
    }

    #[test]
    fn time_to_start_counts_the_wait_and_the_intervals() {
        let mut pacer = Pacer::new(150.0);
        assert_eq!(pacer.time_to_start(0.0, 0), 0.0);
        assert_eq!(pacer.time_to_start(0.0, 1), 0.0);
        assert_eq!(pacer.time_to_start(0.0, 3), 800.0);
        pacer.started(0.0);
        assert_eq!(pacer.time_to_start(100.0, 3), 300.0 + 800.0);
    }
}
