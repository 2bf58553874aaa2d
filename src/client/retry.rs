//! When to try a request again, and how long to wait first. Pure: time and randomness come in
//! as arguments, so every rule is tested with a fake clock and fixed "random" numbers.

/// How an attempt ended, as far as retrying is concerned.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Outcome {
    /// The API answered with this (non-success) status; `retry_after_ms` from its `Retry-After`.
    Status { status: u16, retry_after_ms: Option<f64> },
    /// No answer: the connection failed or dropped.
    Network,
    /// No answer in time.
    Timeout,
}

/// Backoff settings: exponential with full jitter (as AWS recommends), capped.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RetryPolicy {
    pub max_retries: u32,
    pub base_ms: f64,
    pub cap_ms: f64,
    /// A `Retry-After` longer than this is not waited out: the call fails and reports it.
    pub max_retry_after_ms: f64,
}

impl RetryPolicy {
    pub fn new(max_retries: u32) -> RetryPolicy {
        RetryPolicy { max_retries, base_ms: 500.0, cap_ms: 20_000.0, max_retry_after_ms: 60_000.0 }
    }

    /// After `attempts` sends that ended in `outcome`, how long to wait before the next, or
    /// `None` to give up. `repeat_safe`: sending twice cannot do more than once (PUT, bulk with
    /// upsert whose every user has an id or email). `random` is uniform in [0, 1).
    #[cfg_attr(size_opt, optimize(size))]
    pub fn next_delay(&self, attempts: u32, outcome: Outcome, repeat_safe: bool, random: f64) -> Option<f64> {
        if attempts > self.max_retries {
            return None;
        }
        let retry_after_ms = match outcome {
            // The rate limiter answers before any work is done, so even a bulk create without
            // upsert is safe to send again.
            Outcome::Status { status: 429, retry_after_ms } => retry_after_ms,
            Outcome::Status { status: 408 | 500 | 502 | 503 | 504, retry_after_ms } if repeat_safe => retry_after_ms,
            Outcome::Network | Outcome::Timeout if repeat_safe => None,
            _ => return None,
        };
        match retry_after_ms {
            Some(ms) if ms > self.max_retry_after_ms => None,
            Some(ms) => Some(ms.max(0.0)),
            None => {
                let exponent = attempts.saturating_sub(1).min(30);
                let ceiling = (self.base_ms * f64::from(1u32 << exponent)).min(self.cap_ms);
                Some(random.clamp(0.0, 1.0) * ceiling)
            }
        }
    }
}

/// Reads a `Retry-After` value as milliseconds from `now_ms` (Unix epoch): delay-seconds or an
/// HTTP-date in any of the three forms RFC 9110 makes recipients accept. A date in the past is 0.
#[cfg_attr(size_opt, optimize(size))]
pub fn parse_retry_after(value: &str, now_ms: f64) -> Option<f64> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // Integer parsing only: f64's parser alone is 6 KB of wasm. Huge values saturate.
        let seconds = value.bytes().fold(0u64, |acc, b| acc.saturating_mul(10).saturating_add(u64::from(b - b'0')));
        return Some(seconds as f64 * 1000.0);
    }
    http_date_ms(value).map(|at| (at - now_ms).max(0.0))
}

const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// Milliseconds since the Unix epoch of an HTTP-date: IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`),
/// RFC 850 (`Sunday, 06-Nov-94 08:49:37 GMT`) or asctime (`Sun Nov  6 08:49:38 1994`). Words and
/// numbers are read by hand, as `split_whitespace` and `str::parse::<i64>` read them (Unicode
/// white space between words; a sign, then digits): those two and their `Vec` were 1.2 KB of wasm.
#[cfg_attr(size_opt, optimize(size))]
fn http_date_ms(value: &str) -> Option<f64> {
    // Up to one word more than a form has, so that a longer value matches none.
    let mut words = [""; 7];
    let mut count = 0;
    for word in value.split(char::is_whitespace).filter(|word| !word.is_empty()) {
        *words.get_mut(count)? = word;
        count += 1;
    }
    let (day, month, year, time) = match &words[..count] {
        [_, day, month, year, time, "GMT"] => (*day, *month, int(year)?, *time),
        [_, date, time, "GMT"] => {
            let mut parts = pieces(date, b'-');
            let (day, month, yy) = (parts.next()?, parts.next()?, int(parts.next()?)?);
            // RFC 9110: a two-digit year more than 50 years ahead is in the past century.
            (day, month, if yy < 70 { 2000 + yy } else { 1900 + yy }, *time)
        }
        [_, month, day, time, year] => (*day, *month, int(year)?, *time),
        _ => return None,
    };
    let day = int(day)?;
    let month = MONTHS.iter().position(|m| *m == month)? as i64 + 1;
    let mut hms = pieces(time, b':').map(int);
    let (h, m, s) = (hms.next()??, hms.next()??, hms.next()??);
    if hms.next().is_some() || !(1..=31).contains(&day) || h > 23 || m > 59 || s > 60 || !(1900..=9999).contains(&year)
    {
        return None;
    }
    let days = days_from_civil(year, month, day);
    Some(((days * 86_400 + h * 3600 + m * 60 + s) * 1000) as f64)
}

/// `text` split at each `byte` (ASCII), as `str::split` with a `char` does, without its searcher
/// (0.4 KB of wasm).
pub(super) fn pieces(text: &str, byte: u8) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let piece = rest?;
        match piece.bytes().position(|b| b == byte) {
            Some(at) => {
                rest = Some(&piece[at + 1..]);
                Some(&piece[..at])
            }
            None => rest.take(),
        }
    })
}

/// `text` as `str::parse::<i64>` reads it: an optional sign, then one or more ASCII digits,
/// within `i64`.
fn int(text: &str) -> Option<i64> {
    let (negative, digits) = match text.as_bytes() {
        [b'-', rest @ ..] => (true, rest),
        [b'+', rest @ ..] => (false, rest),
        digits => (false, digits),
    };
    if digits.is_empty() {
        return None;
    }
    let mut n: i64 = 0;
    for &b in digits {
        let digit = i64::from(b.wrapping_sub(b'0'));
        if digit > 9 {
            return None;
        }
        // Towards the sign, so that i64::MIN is read too.
        n = n.checked_mul(10)?;
        n = if negative { n.checked_sub(digit)? } else { n.checked_add(digit)? };
    }
    Some(n)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    const POLICY: RetryPolicy =
        RetryPolicy { max_retries: 2, base_ms: 500.0, cap_ms: 20_000.0, max_retry_after_ms: 60_000.0 };

    fn status(status: u16) -> Outcome {
        Outcome::Status { status, retry_after_ms: None }
    }

    #[test]
    fn retries_only_what_is_safe_to_repeat() {
        for s in [408, 500, 502, 503, 504] {
            assert!(POLICY.next_delay(1, status(s), true, 0.5).is_some(), "{s}");
            assert_eq!(POLICY.next_delay(1, status(s), false, 0.5), None, "{s} without upsert");
        }
        assert!(POLICY.next_delay(1, status(429), false, 0.5).is_some());
        for s in [400, 401, 403, 404, 409, 413, 422, 501] {
            assert_eq!(POLICY.next_delay(1, status(s), true, 0.5), None, "{s}");
        }
        assert!(POLICY.next_delay(1, Outcome::Network, true, 0.5).is_some());
        assert!(POLICY.next_delay(1, Outcome::Timeout, true, 0.5).is_some());
        assert_eq!(POLICY.next_delay(1, Outcome::Network, false, 0.5), None);
        assert_eq!(POLICY.next_delay(1, Outcome::Timeout, false, 0.5), None);
    }

    #[test]
    fn gives_up_after_max_retries() {
        assert!(POLICY.next_delay(1, Outcome::Network, true, 0.5).is_some());
        assert!(POLICY.next_delay(2, Outcome::Network, true, 0.5).is_some());
        assert_eq!(POLICY.next_delay(3, Outcome::Network, true, 0.5), None);
        let none = RetryPolicy { max_retries: 0, ..POLICY };
        assert_eq!(none.next_delay(1, Outcome::Network, true, 0.5), None);
    }

    #[test]
    fn full_jitter_doubles_up_to_the_cap() {
        let top = |attempts| POLICY.next_delay(attempts, Outcome::Network, true, 0.999_999).unwrap();
        let many = RetryPolicy { max_retries: 100, ..POLICY };
        assert!((top(1) - 500.0).abs() < 0.01);
        assert!((top(2) - 1000.0).abs() < 0.01);
        assert!((many.next_delay(7, Outcome::Network, true, 0.999_999).unwrap() - 20_000.0).abs() < 0.1);
        assert!((many.next_delay(99, Outcome::Network, true, 0.999_999).unwrap() - 20_000.0).abs() < 0.1);
        assert_eq!(POLICY.next_delay(1, Outcome::Network, true, 0.0), Some(0.0));
        assert_eq!(POLICY.next_delay(2, Outcome::Network, true, 0.25), Some(250.0));
    }

    #[test]
    fn retry_after_is_obeyed_or_too_long_to_wait() {
        let asked = |ms| Outcome::Status { status: 429, retry_after_ms: Some(ms) };
        assert_eq!(POLICY.next_delay(1, asked(3000.0), false, 0.9), Some(3000.0));
        assert_eq!(POLICY.next_delay(1, asked(0.0), false, 0.9), Some(0.0));
        assert_eq!(POLICY.next_delay(1, asked(60_001.0), false, 0.9), None);
        let busy = Outcome::Status { status: 503, retry_after_ms: Some(1500.0) };
        assert_eq!(POLICY.next_delay(1, busy, true, 0.9), Some(1500.0));
    }

    #[test]
    fn retry_after_seconds_and_dates() {
        let now = http_date_ms("Sun, 06 Nov 1994 08:49:37 GMT").unwrap();
        assert_eq!(now, 784_111_777_000.0);
        assert_eq!(parse_retry_after("120", now), Some(120_000.0));
        assert_eq!(parse_retry_after(" 0 ", now), Some(0.0));
        assert!(parse_retry_after(&"9".repeat(40), now).unwrap() > 1e18);
        assert_eq!(parse_retry_after("Sun, 06 Nov 1994 08:49:47 GMT", now), Some(10_000.0));
        assert_eq!(parse_retry_after("Sunday, 06-Nov-94 08:50:37 GMT", now), Some(60_000.0));
        assert_eq!(parse_retry_after("Sun Nov  6 08:49:38 1994", now), Some(1000.0));
        assert_eq!(parse_retry_after("Sat, 05 Nov 1994 08:49:37 GMT", now), Some(0.0));
        assert_eq!(http_date_ms("Thu, 01 Jan 1970 00:00:00 GMT"), Some(0.0));
        assert_eq!(http_date_ms("Tue, 29 Feb 2028 12:00:00 GMT"), Some(1_835_438_400_000.0));
        for bad in [
            "",
            "-1",
            "1.5",
            "soon",
            "Sun, 06 Nov 1994 25:49:37 GMT",
            "Sun, 06 Foo 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 08:49:37 PST",
        ] {
            assert_eq!(parse_retry_after(bad, now), None, "{bad}");
        }
    }

    /// The reading before words and numbers were read by hand, to hold the new one to.
    /// Milliseconds since the Unix epoch of an HTTP-date: IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`),
    /// RFC 850 (`Sunday, 06-Nov-94 08:49:37 GMT`) or asctime (`Sun Nov  6 08:49:37 1994`).
    fn http_date_ms_std(value: &str) -> Option<f64> {
        let words: Vec<&str> = value.split_whitespace().collect();
        let (day, month, year, time) = match words.as_slice() {
            [_, day, month, year, time, "GMT"] => (*day, *month, year.parse::<i64>().ok()?, *time),
            [_, date, time, "GMT"] => {
                let mut parts = date.split('-');
                let (day, month, yy) = (parts.next()?, parts.next()?, parts.next()?.parse::<i64>().ok()?);
                // RFC 9110: a two-digit year more than 50 years ahead is in the past century.
                (day, month, if yy < 70 { 2000 + yy } else { 1900 + yy }, *time)
            }
            [_, month, day, time, year] => (*day, *month, year.parse::<i64>().ok()?, *time),
            _ => return None,
        };
        let day: i64 = day.parse().ok()?;
        let month = MONTHS.iter().position(|m| *m == month)? as i64 + 1;
        let mut hms = time.split(':').map(|p| p.parse::<i64>().ok());
        let (h, m, s) = (hms.next()??, hms.next()??, hms.next()??);
        if hms.next().is_some()
            || !(1..=31).contains(&day)
            || h > 23
            || m > 59
            || s > 60
            || !(1900..=9999).contains(&year)
        {
            return None;
        }
        let days = days_from_civil(year, month, day);
        Some(((days * 86_400 + h * 3600 + m * 60 + s) * 1000) as f64)
    }

    #[test]
    fn http_dates_read_as_split_whitespace_and_parse_read_them() {
        let mut rng = crate::test_rng::Rng(20);
        let pick =
            |rng: &mut crate::test_rng::Rng, options: &[&'static str]| options[rng.next() as usize % options.len()];
        let spaces = [" ", " ", " ", "  ", "\t", "\u{a0}", "\u{3000}", "\u{85}", "\u{2028}", "x"];
        let numbers = [
            "06",
            "6",
            "+6",
            "-6",
            "0",
            "31",
            "32",
            "+",
            "-",
            "",
            "1994",
            "+1994",
            "94",
            "69",
            "70",
            "-0",
            "99999999999",
            "-99999999999",
            "0x1",
            "1e3",
            "٣",
        ];
        let months = ["Nov", "Feb", "nov", "Foo", "Dec"];
        let mut dates = 0;
        for _ in 0..100_000 {
            // Mostly numbers a date takes, so that many values are dates.
            let n = |rng: &mut crate::test_rng::Rng| match rng.next() % 4 {
                0 => pick(rng, &numbers),
                _ => pick(rng, &["06", "6", "1994", "08", "49", "37", "+6", "-0", "30"]),
            };
            let time = [
                n(&mut rng),
                pick(&mut rng, &[":", ":", ":", "-", "::"]),
                n(&mut rng),
                ":",
                n(&mut rng),
                pick(&mut rng, &["", ":", ":1"]),
            ]
            .concat();
            let sp = |rng: &mut crate::test_rng::Rng| pick(rng, &spaces);
            let value = match rng.next() % 4 {
                0 => [
                    pick(&mut rng, &["Sun,", ""]),
                    sp(&mut rng),
                    n(&mut rng),
                    sp(&mut rng),
                    pick(&mut rng, &months),
                    sp(&mut rng),
                    n(&mut rng),
                    sp(&mut rng),
                    &time,
                    sp(&mut rng),
                    pick(&mut rng, &["GMT", "PST", "GMT GMT"]),
                ]
                .concat(),
                1 => [
                    "Sunday,",
                    sp(&mut rng),
                    n(&mut rng),
                    "-",
                    pick(&mut rng, &months),
                    pick(&mut rng, &["-", ""]),
                    n(&mut rng),
                    pick(&mut rng, &["", "-x"]),
                    sp(&mut rng),
                    &time,
                    sp(&mut rng),
                    "GMT",
                ]
                .concat(),
                2 => [
                    "Sun",
                    sp(&mut rng),
                    pick(&mut rng, &months),
                    sp(&mut rng),
                    n(&mut rng),
                    sp(&mut rng),
                    &time,
                    sp(&mut rng),
                    n(&mut rng),
                    pick(&mut rng, &["", " ", " x"]),
                ]
                .concat(),
                _ => [sp(&mut rng), n(&mut rng), sp(&mut rng)].concat(),
            };
            let read = http_date_ms(&value);
            assert_eq!(read, http_date_ms_std(&value), "{value:?}");
            dates += usize::from(read.is_some());
        }
        // Enough of them are dates for the comparison to say something.
        assert!(dates > 100, "{dates}");
        let extremes = ["9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809"];
        for text in numbers.into_iter().chain(extremes) {
            assert_eq!(int(text), text.parse::<i64>().ok(), "{text:?}");
        }
        for text in ["a-b-c", "", "-", "a--", "08:49:37", "::"] {
            assert!(pieces(text, b'-').eq(text.split('-')), "{text:?}");
            assert!(pieces(text, b':').eq(text.split(':')), "{text:?}");
        }
    }
}
