//! Cross-row checks of one bulk body: values the server keeps unique must not repeat.

use std::borrow::Cow;
use std::collections::hash_map::Entry;

use rustc_hash::FxHashMap;

use super::report::{IssueCode, Path, ValidationIssue};

/// The values of one user that must not repeat across a bulk body (present when strings).
#[derive(Debug, Default)]
pub struct Unique<'a> {
    pub email: Option<Cow<'a, str>>,
    pub username: Option<Cow<'a, str>>,
    pub id: Option<Cow<'a, str>>,
}

/// Remembers the unique values seen so far and flags rows that repeat one, naming the earlier
/// row. Only repeats are flagged: the first occurrence stays sendable.
#[derive(Default)]
pub struct Duplicates<'a> {
    seen: [FxHashMap<Cow<'a, str>, usize>; 3],
}

impl<'a> Duplicates<'a> {
    /// Room for `rows` rows up front: growing three maps through 100 000 rows rehashes them often.
    pub fn with_capacity(rows: usize) -> Duplicates<'a> {
        let map = || FxHashMap::with_capacity_and_hasher(rows, Default::default());
        Duplicates { seen: [map(), map(), map()] }
    }

    /// Checks row `row` against the rows before it and remembers its values.
    pub fn check(&mut self, row: usize, user: Unique<'a>, out: &mut Vec<ValidationIssue>) {
        let fields = [
            ("email", IssueCode::DuplicateEmail, user.email),
            ("username", IssueCode::DuplicateUsername, user.username),
            ("id", IssueCode::DuplicateId, user.id),
        ];
        for ((field, code, value), seen) in fields.into_iter().zip(self.seen.iter_mut()) {
            let Some(value) = value else { continue };
            match seen.entry(fold_case(value)) {
                Entry::Vacant(slot) => {
                    slot.insert(row);
                }
                Entry::Occupied(first) => {
                    let first = first.get();
                    let root = Path::Root;
                    let at = root.index(row);
                    let message = format!(
                        "The user at index {first} has the same {field}; each {field} may appear only once (compared case-insensitively)."
                    );
                    out.push(ValidationIssue::new(at.key(field).render(), code, message));
                }
            }
        }
    }
}

/// Lower case, borrowing when the value already is (most emails and usernames).
fn fold_case(value: Cow<'_, str>) -> Cow<'_, str> {
    if value.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
        value
    } else {
        Cow::Owned(value.to_lowercase())
    }
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
