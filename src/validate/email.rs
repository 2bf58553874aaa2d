//! Email syntax: the WHATWG HTML "valid email address", what browsers' `type=email` accept.

/// True when `s` is a valid email address per the WHATWG HTML standard.
pub fn is_valid_email(s: &str) -> bool {
    // Bytes, not chars: every byte allowed is ASCII, so a byte search finds the same '@' and '.'
    // and a multi-byte character fails as it should.
    let bytes = s.as_bytes();
    let Some(at) = bytes.iter().position(|&b| b == b'@') else { return false };
    let (local, domain) = (&bytes[..at], &bytes[at + 1..]);
    !local.is_empty() && local.iter().all(|&b| is_local_byte(b)) && domain.split(|&b| b == b'.').all(is_label)
}

/// Bytes allowed before the `@`, as a table: this runs for every character of every email.
const LOCAL: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    let extra = b"!#$%&'*+/=?^_`{|}~.-";
    let mut i = 0;
    while i < extra.len() {
        table[extra[i] as usize] = true;
        i += 1;
    }
    table
};

fn is_local_byte(b: u8) -> bool {
    LOCAL[usize::from(b)]
}

/// A domain label: 1–63 letters, digits and hyphens, not starting or ending with a hyphen.
fn is_label(bytes: &[u8]) -> bool {
    (1..=63).contains(&bytes.len())
        && bytes.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'-')
        && bytes[0] != b'-'
        && bytes[bytes.len() - 1] != b'-'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_what_browsers_accept() {
        for ok in [
            "hello-world@foobar.com",
            "jsmith@example.com",
            "a@b",
            "first.last+tag@sub.example.co.uk",
            "o'brien@example.ie",
            "x@localhost",
            "user@123.123.123.123",
            "__@a-b.c",
            ".dot@example.com", // WHATWG deliberately allows what RFC 5322 would not
        ] {
            assert!(is_valid_email(ok), "{ok}");
        }
    }

    #[test]
    fn rejects_what_browsers_reject() {
        for bad in [
            "",
            "plainaddress",
            "@example.com",
            "user@",
            "user@@example.com",
            "user@exa mple.com",
            "user@-example.com",
            "user@example-.com",
            "user@example..com",
            "user@example.com.",
            "us er@example.com",
            "user@exämple.com",
            "üser@example.com",
            "\"quoted\"@example.com",
            &format!("a@{}.com", "x".repeat(64)),
        ] {
            assert!(!is_valid_email(bad), "{bad}");
        }
    }
}
