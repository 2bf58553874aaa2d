//! RFC 3339 `date-time` (section 5.6), e.g. `2023-11-07T05:31:56Z`, as JSON Schema's `date-time`
//! format reads it (the schema's rule for `emailVerifiedAt`).

/// True when `s` is an RFC 3339 date-time with a real calendar date and a valid time and offset.
/// `T`/`Z` may be lower case; the separator is `T` (the grammar's, not the prose's space); a leap
/// second is only 23:59:60 in UTC, as JSON Schema's format checks it.
pub fn is_rfc3339(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() < 20 {
        return false;
    }
    let (Some(year), Some(month), Some(day)) = (digits(b, 0, 4), digits(b, 5, 2), digits(b, 8, 2)) else {
        return false;
    };
    let (Some(hour), Some(minute), Some(second)) = (digits(b, 11, 2), digits(b, 14, 2), digits(b, 17, 2)) else {
        return false;
    };
    if b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't') || b[13] != b':' || b[16] != b':' {
        return false;
    }
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return false;
    }
    if hour > 23 || minute > 59 || second > 60 {
        return false;
    }
    let mut rest = &b[19..];
    if let Some(frac) = rest.strip_prefix(b".") {
        let n = frac.iter().take_while(|c| c.is_ascii_digit()).count();
        if n == 0 {
            return false;
        }
        rest = &frac[n..];
    }
    // The offset east of UTC, in minutes.
    let offset = match rest {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let (Some(h), Some(m)) = (two(*h1, *h2), two(*m1, *m2)) else { return false };
            if h > 23 || m > 59 {
                return false;
            }
            let minutes = (h * 60 + m) as i64;
            if *sign == b'+' {
                minutes
            } else {
                -minutes
            }
        }
        _ => return false,
    };
    // A leap second is inserted at the end of a UTC day.
    second < 60 || (i64::from(hour * 60 + minute) - offset).rem_euclid(24 * 60) == 23 * 60 + 59
}

fn digits(b: &[u8], at: usize, len: usize) -> Option<u32> {
    let slice = b.get(at..at + len)?;
    slice.iter().try_fold(0u32, |acc, c| c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0')))
}

fn two(a: u8, b: u8) -> Option<u32> {
    digits(&[a, b], 0, 2)
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_date_times() {
        for ok in [
            "2023-11-07T05:31:56Z",
            "2023-11-07t05:31:56z",
            "1985-04-12T23:20:50.52Z",
            "1996-12-19T16:39:57-08:00",
            "1990-12-31T23:59:60Z",
            "1990-12-31T15:59:60-08:00",
            "2024-02-29T00:00:00+14:00",
            "2000-02-29T00:00:00.000000001Z",
        ] {
            assert!(is_rfc3339(ok), "{ok}");
        }
    }

    #[test]
    fn invalid_date_times() {
        for bad in [
            "",
            "2023-11-07",
            "2023-11-07T05:31:56",
            "2023-11-07T05:31Z",
            "2023-13-07T05:31:56Z",
            "2023-02-29T05:31:56Z",
            "1900-02-29T05:31:56Z",
            "2023-04-31T05:31:56Z",
            "2023-11-07T24:00:00Z",
            "2023-11-07T05:60:00Z",
            "2023-11-07T05:31:61Z",
            "2023-11-07T05:31:56.Z",
            "2023-11-07T05:31:56+0100",
            "2023-11-07T05:31:56+24:00",
            "2023-11-07X05:31:56Z",
            "２023-11-07T05:31:56Z",
            "2023-11-07T05:31:56Z ",
            "2023-11-07 05:31:56Z",
            "2023-11-07T05:31:60Z",
            "1990-12-31T23:59:60+01:00",
        ] {
            assert!(!is_rfc3339(bad), "{bad}");
        }
    }
}
