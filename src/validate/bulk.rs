//! Cross-row checks of one bulk body: values the server keeps unique must not repeat.

use std::borrow::Cow;

use super::report::{IssueCode, Path, ValidationIssue};
use crate::text::{cat, dec};

/// The values of one user that must not repeat across a bulk body (present when strings).
#[derive(Debug, Default, Clone)]
pub struct Unique<'a> {
    pub email: Option<Cow<'a, str>>,
    pub username: Option<Cow<'a, str>>,
    pub id: Option<Cow<'a, str>>,
}

/// Remembers the unique values seen so far and flags rows that repeat one, naming the earlier
/// row. Only repeats are flagged: the first occurrence stays sendable.
///
/// Open addressing, with slots that hold a hash fingerprint and where the value is: a new value
/// costs one memory access to the table and no string compare. When the whole input is checked
/// at once, repeats are found at the end instead ([`Duplicates::deferred`]): past the CPU's caches
/// (100 000 rows) one random access for each value cost more than all the rest of the check.
#[derive(Default)]
pub struct Duplicates<'a> {
    /// Empty (0) or `fingerprint << 32 | entry + 1`; the length is a power of two, at most half
    /// full. Unused when deferred.
    slots: Vec<u64>,
    /// Each value seen, in the order seen (repeats too, when deferred).
    entries: Vec<Seen<'a>>,
    deferred: bool,
}

struct Seen<'a> {
    value: Cow<'a, str>,
    hash: u64,
    row: usize,
    field: u16,
}

impl Seen<'_> {
    fn same(&self, other: &Seen) -> bool {
        self.field == other.field && self.value == other.value
    }
}

/// The fields that must not repeat, with their codes; a field's position is hashed with its values.
const FIELDS: [(&str, IssueCode); 3] =
    [("email", IssueCode::DuplicateEmail), ("username", IssueCode::DuplicateUsername), ("id", IssueCode::DuplicateId)];

impl<'a> Duplicates<'a> {
    /// Room for `rows` rows up front, so that 100 000 rows never rehash.
    pub fn with_capacity(rows: usize) -> Duplicates<'a> {
        // Most users carry an email and a username and few an id: room for three would spread
        // the table over more memory than it fills.
        let values = rows.saturating_mul(2);
        Duplicates { slots: vec![0; slots_for(values)], entries: Vec::with_capacity(values), deferred: false }
    }

    /// For about `rows` rows whose repeats are wanted only at the end, from [`Duplicates::finish`].
    pub fn deferred(rows: usize) -> Duplicates<'a> {
        // Only tried: `rows` is a guess from the input's first bytes, and memory that is not
        // there must not abort the instance.
        let mut entries = Vec::new();
        let _ = entries.try_reserve(rows.saturating_mul(2));
        Duplicates { slots: Vec::new(), entries, deferred: true }
    }

    /// Checks row `row` against the rows before it and remembers its values (when deferred, only
    /// remembers them).
    pub fn check(&mut self, row: usize, user: Unique<'a>, out: &mut Vec<ValidationIssue>) {
        for (field, value) in [user.email, user.username, user.id].into_iter().enumerate() {
            let Some(value) = value else { continue };
            let value = fold_case(value);
            let field = field as u16;
            if self.deferred {
                self.entries.push(Seen { hash: hash(field, &value), value, row, field });
            } else if let Some(first) = self.repeat_of(row, field, value) {
                out.push(repeat_issue(row, field, first));
            }
        }
    }

    /// The earlier row whose `field` (any number the caller gives a kind of value) held `value`, or
    /// `None` after remembering it as row `row`'s. Not deferred: the custom fields' unique values
    /// use it too.
    pub fn repeat_of(&mut self, row: usize, field: u16, value: Cow<'a, str>) -> Option<usize> {
        if (self.entries.len() + 1) * 2 > self.slots.len() {
            self.grow();
        }
        self.entries.push(Seen { hash: hash(field, &value), value, row, field });
        let new = self.entries.len() - 1;
        let entries = &self.entries;
        let first = probe(&mut self.slots, entries[new].hash, new, |other| entries[other].same(&entries[new]))?;
        let first = entries[first].row;
        self.entries.pop();
        Some(first)
    }

    /// The repeats of a deferred check, by row and then field: each repeating row with its issue.
    #[cfg_attr(size_opt, optimize(size))]
    pub fn finish(self) -> Vec<(usize, ValidationIssue)> {
        let entries = &self.entries;
        // Partition by the hash's top byte (in order, so each part keeps the order seen), then
        // look for repeats one part at a time in a table small enough to stay in cache.
        let mut starts = [0usize; 257];
        for seen in entries {
            starts[(seen.hash >> 56) as usize + 1] += 1;
        }
        for part in 1..starts.len() {
            starts[part] += starts[part - 1];
        }
        let mut parted = vec![(0u64, 0usize); entries.len()];
        let mut next = starts;
        for (index, seen) in entries.iter().enumerate() {
            let part = (seen.hash >> 56) as usize;
            parted[next[part]] = (seen.hash, index);
            next[part] += 1;
        }
        // For each entry that repeats an earlier one, that one; entries are in row order, so
        // reading them in order gives the repeats by row without sorting.
        let mut first_of = vec![usize::MAX; entries.len()];
        let mut slots = Vec::new();
        for part in starts.windows(2).map(|w| &parted[w[0]..w[1]]) {
            slots.clear();
            slots.resize(slots_for(part.len()), 0);
            for &(hash, new) in part {
                if let Some(first) = probe(&mut slots, hash, new, |other| entries[other].same(&entries[new])) {
                    first_of[new] = first;
                }
            }
        }
        entries
            .iter()
            .zip(first_of)
            .filter(|(_, first)| *first != usize::MAX)
            .map(|(seen, first)| (seen.row, repeat_issue(seen.row, seen.field, entries[first].row)))
            .collect()
    }

    /// Room for one more entry.
    fn grow(&mut self) {
        let mut slots = vec![0u64; slots_for((self.entries.len() + 1).max(8))];
        for (index, seen) in self.entries.iter().enumerate() {
            let _ = probe(&mut slots, seen.hash, index, |_| false);
        }
        self.slots = slots;
    }
}

/// Looks entry `new` (of `hash`) up in `slots`, a power of two long and at most half full; `same`
/// tells whether an earlier entry with the same fingerprint holds the same value. Returns that
/// earlier entry, or inserts `new` and returns `None`.
pub(super) fn probe(slots: &mut [u64], hash: u64, new: usize, same: impl Fn(usize) -> bool) -> Option<usize> {
    let fingerprint = hash >> 32;
    let mask = slots.len() - 1;
    let mut at = hash as usize & mask;
    loop {
        let slot = slots[at];
        if slot == 0 {
            slots[at] = fingerprint << 32 | (new as u64 + 1);
            return None;
        }
        if slot >> 32 == fingerprint {
            let other = (slot as u32 - 1) as usize;
            if same(other) {
                return Some(other);
            }
        }
        at = (at + 1) & mask;
    }
}

#[cfg_attr(size_opt, optimize(size))]
fn repeat_issue(row: usize, field: u16, first: usize) -> ValidationIssue {
    let (name, code) = FIELDS[usize::from(field)];
    let message = cat(&[
        "The user at index ",
        &dec(first as u64),
        " has the same ",
        name,
        "; each ",
        name,
        " may appear only once (compared case-insensitively).",
    ]);
    ValidationIssue::new(Path::Root.index(row).key(name).render(), code, message)
}

/// Slots for `values` values: a power of two, at most half full.
pub(super) fn slots_for(values: usize) -> usize {
    values.saturating_mul(2).max(16).next_power_of_two()
}

/// A 64-bit hash of one value, a word at a time with MurmurHash3's finaliser, so that both the
/// low bits (the slot) and the high bits (the fingerprint) are spread. Not rustc-hash: on wasm32
/// its state is 32 bits wide, so every fingerprint was 0 and every probe compared strings.
pub(super) fn hash(field: u16, value: &str) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let bytes = value.as_bytes();
    let mut h = (u64::from(field) << 48 | bytes.len() as u64).wrapping_mul(K);
    for word in words(bytes) {
        h = (h ^ word).wrapping_mul(K).rotate_left(31);
    }
    h ^= h >> 33;
    h = h.wrapping_mul(0xFF51_AFD7_ED55_8CCD);
    h ^= h >> 33;
    h = h.wrapping_mul(0xC4CE_B9FE_1A85_EC53);
    h ^ h >> 33
}

/// The bytes as little-endian words: whole words, then the last 8 bytes (overlapping the one
/// before) or, for less than 8 bytes, the bytes padded with zeros. No byte-wise copy, which in
/// wasm is a call to `memcpy`.
fn words(bytes: &[u8]) -> impl Iterator<Item = u64> + '_ {
    let word = |b: &[u8]| u64::from_le_bytes(b.try_into().unwrap_or_default());
    let whole = bytes.chunks_exact(8);
    let tail = match bytes.len() {
        0 => None,
        n if n % 8 == 0 => None,
        n if n > 8 => Some(word(&bytes[n - 8..])),
        _ => Some(bytes.iter().rev().fold(0, |t, &b| t << 8 | u64::from(b))),
    };
    whole.map(word).chain(tail)
}

/// Lower case, borrowing when the value already is (most emails and usernames). The import
/// matches answers to rows by the same fold.
pub fn fold_case(value: Cow<'_, str>) -> Cow<'_, str> {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // Per byte, eight at a time: the high bit is set for a non-ASCII byte, and for an ASCII byte
    // when it is at least 'A' (+0x3F) but not past 'Z' (+0x25 leaves it clear).
    let needs_folding = |w: u64| {
        let upper = w.wrapping_add(0x3F3F_3F3F_3F3F_3F3F) & !w.wrapping_add(0x2525_2525_2525_2525);
        (w | upper) & HIGH != 0
    };
    if !words(value.as_bytes()).any(needs_folding) {
        return value;
    }
    if value.is_ascii() {
        return Cow::Owned(crate::text::ascii_lower(&value));
    }
    super::lower::lowered(&value).map_or(value, Cow::Owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn duplicates(rows: &[[Option<&'static str>; 3]]) -> Vec<ValidationIssue> {
        let mut seen = Duplicates::default();
        let mut out = Vec::new();
        for (i, [email, username, id]) in rows.iter().enumerate() {
            let unique = Unique {
                email: email.map(Cow::Borrowed),
                username: username.map(Cow::Borrowed),
                id: id.map(Cow::Borrowed),
            };
            seen.check(i, unique, &mut out);
        }
        out
    }

    #[test]
    fn names_the_earlier_row_case_insensitively() {
        let issues = duplicates(&[
            [Some("A@x.io"), Some("Ann"), None],
            [Some("b@x.io"), None, None],
            [Some("a@X.IO"), Some("ann"), None],
        ]);
        assert_eq!(issues.len(), 2);
        assert_eq!((issues[0].path.as_str(), issues[0].code), ("[2].email", IssueCode::DuplicateEmail));
        assert!(issues[0].message.contains("index 0"));
        assert_eq!((issues[1].path.as_str(), issues[1].code), ("[2].username", IssueCode::DuplicateUsername));
    }

    #[test]
    fn hashes_spread_in_high_and_low_bits() {
        // Both halves matter: the low bits pick the slot, the high bits are the fingerprint.
        let values: Vec<String> = (0..20_000).map(|i| format!("user.{i}@example{}.com", i % 50)).collect();
        let hashes: Vec<u64> = values.iter().map(|v| hash(0, v)).collect();
        let mut high: Vec<u64> = hashes.iter().map(|h| h >> 32).collect();
        high.sort_unstable();
        high.dedup();
        assert!(high.len() > 19_900, "fingerprints collide: {} distinct", high.len());
        let mut buckets = vec![0u32; 1 << 15];
        for h in &hashes {
            buckets[*h as usize & ((1 << 15) - 1)] += 1;
        }
        assert!(buckets.iter().all(|&n| n < 8), "slots cluster");
        assert_ne!(hash(0, "a@x.io"), hash(1, "a@x.io"), "the field is part of the key");
    }

    #[test]
    fn grows_past_its_capacity_and_still_finds_repeats() {
        let values: Vec<String> = (0..5_000).map(|i| format!("u{i}")).collect();
        let mut seen = Duplicates::with_capacity(2);
        let mut out = Vec::new();
        for (row, value) in values.iter().chain(values.iter().take(3)).enumerate() {
            seen.check(row, Unique { username: Some(Cow::Borrowed(value)), ..Unique::default() }, &mut out);
        }
        let paths: Vec<&str> = out.iter().map(|i| i.path.as_str()).collect();
        assert_eq!(paths, ["[5000].username", "[5001].username", "[5002].username"]);
        assert!(out[1].message.contains("index 1 "), "{}", out[1].message);
    }

    #[test]
    fn folds_exactly_the_values_that_have_upper_case() {
        for (value, folded) in [
            ("", false),
            ("a", false),
            ("@[`{z09", false),
            ("abcdefgh", false),
            ("abcdefghijklmnoZ", true),
            ("Abcdefghi", true),
            ("abcdefgZi", true),
            ("abcZ", true),
            ("abcA", true),
            ("é", false),
            ("abcdefghé", false),
            ("É", true),
            ("abcdefghÉ", true),
            ("Aé", true),
            ("ΟΔΟΣ", true),
            ("ǅ", true),
        ] {
            let cow = fold_case(Cow::Borrowed(value));
            assert_eq!(matches!(cow, Cow::Owned(_)), folded, "{value}");
            assert_eq!(cow, value.to_lowercase(), "{value}");
        }
        for b in 0u8..0x80 {
            let text = [b'a', b'a', b'a', b'a', b'a', b'a', b'a', b'a', b'a', b];
            let value = std::str::from_utf8(&text).unwrap();
            assert_eq!(matches!(fold_case(Cow::Borrowed(value)), Cow::Owned(_)), b.is_ascii_uppercase(), "{b}");
        }
    }

    #[test]
    fn deferred_finds_the_repeats_checking_as_it_goes_finds() {
        let mut rng = crate::test_rng::Rng(0x2545_F491_4F6C_DD1Du64);
        let mut next = || rng.next();
        let values: Vec<[Option<String>; 3]> = (0..20_000)
            .map(|_| {
                let mut pick = |of: u64, prefix: &str| {
                    let n = next() % of;
                    (n > 0).then(|| {
                        if n % 7 == 0 {
                            format!("{prefix}{}", n).to_uppercase()
                        } else {
                            format!("{prefix}{n}")
                        }
                    })
                };
                [pick(15_000, "e"), pick(30_000, "u"), pick(200, "i")]
            })
            .collect();
        fn unique(user: &[Option<String>; 3]) -> Unique<'_> {
            let [email, username, id] = user.each_ref().map(|v| v.as_deref().map(Cow::Borrowed));
            Unique { email, username, id }
        }
        let mut now = Duplicates::with_capacity(10);
        let mut later = Duplicates::deferred(10);
        let mut expected = Vec::new();
        for (row, user) in values.iter().enumerate() {
            let mut issues = Vec::new();
            now.check(row, unique(user), &mut issues);
            expected.extend(issues.into_iter().map(|issue| (row, issue)));
            let mut none = Vec::new();
            later.check(row, unique(user), &mut none);
            assert!(none.is_empty());
        }
        assert!(expected.len() > 5_000, "{}", expected.len());
        assert_eq!(later.finish(), expected);
    }

    #[test]
    fn unicode_case_folds_and_absent_values_never_collide() {
        let issues = duplicates(&[
            [Some("ÉMILE@x.io"), None, None],
            [Some("émile@x.io"), None, None],
            [None, None, None],
            [None, None, None],
        ]);
        assert_eq!(issues.len(), 1);
        assert_eq!(issues[0].path, "[1].email");
    }
}
