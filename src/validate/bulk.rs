//! Cross-row checks of one bulk body: values the server keeps unique must not repeat.

use std::borrow::Cow;
use std::collections::hash_map::{Entry, HashMap};

use crate::json::Json;

use super::report::{ValidationIssue, IssueCode, Path};

/// Fields unique per environment, compared case-insensitively, with the code for a repeat.
const UNIQUE: [(&str, IssueCode); 3] =
    [("email", IssueCode::DuplicateEmail), ("username", IssueCode::DuplicateUsername), ("id", IssueCode::DuplicateId)];

/// Remembers the unique values seen so far and flags rows that repeat one, naming the earlier
/// row. Only repeats are flagged: the first occurrence stays sendable.
#[derive(Default)]
pub struct Duplicates<'a> {
    seen: [HashMap<Cow<'a, str>, usize>; 3],
}

impl<'a> Duplicates<'a> {
    /// Checks row `row` against the rows before it and remembers its values.
    pub fn check(&mut self, row: usize, user: &'a Json<'a>, out: &mut Vec<ValidationIssue>) {
        for ((field, code), seen) in UNIQUE.iter().zip(self.seen.iter_mut()) {
            let Some(value) = user.get(field).and_then(Json::as_str) else { continue };
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
                    out.push(ValidationIssue::new(at.key(field).render(), *code, message));
                }
            }
        }
    }
}

/// Lower case, borrowing when the value already is (most emails and usernames).
fn fold_case(value: &str) -> Cow<'_, str> {
    if value.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
        Cow::Borrowed(value)
    } else {
        Cow::Owned(value.to_lowercase())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::parse;

    fn duplicates<'a>(rows: &'a [Json<'a>]) -> Vec<ValidationIssue> {
        let mut seen = Duplicates::default();
        let mut out = Vec::new();
        for (i, row) in rows.iter().enumerate() {
            seen.check(i, row, &mut out);
        }
        out
    }

    #[test]
    fn names_both_rows_case_insensitively() {
        let text = r#"[{"email":"A@x.io","username":"Ann"},{"email":"b@x.io"},{"email":"a@X.IO","username":"ann"}]"#;
        let rows = parse(text).unwrap();
        let Json::Array(rows) = rows else { unreachable!() };
        let issues = duplicates(&rows);
        assert_eq!(issues.len(), 2);
        assert_eq!((issues[0].path.as_str(), issues[0].code), ("[2].email", IssueCode::DuplicateEmail));
        assert!(issues[0].message.contains("index 0"));
        assert_eq!((issues[1].path.as_str(), issues[1].code), ("[2].username", IssueCode::DuplicateUsername));
    }

    #[test]
    fn absent_and_null_values_never_collide() {
        let rows = parse(r#"[{"username":null},{"username":null},{},{}]"#).unwrap();
        let Json::Array(rows) = rows else { unreachable!() };
        assert!(duplicates(&rows).is_empty());
    }
}
