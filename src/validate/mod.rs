//! Validation of request bodies (SPEC sections 2 and 4): pure, no I/O, never panics on input.

mod bulk;
mod country;
mod datetime;
mod email;
mod fields;
pub mod report;
mod schema;
mod suggest;

pub use country::COUNTRY_CODES;
pub use report::{ValidationIssue, IssueCode, ValidationReport, Severity};

use crate::json::{self, Json, ParseError};
use fields::{Checker, Endpoint};
use report::Path;

/// Which body a JSON text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Body {
    /// The body of `PUT /users/{userId}`.
    UserUpdate,
    /// One item of the bulk-create array.
    NewUser,
    /// The whole bulk-create array.
    BulkUsers,
}

/// Validates a body given as JSON text; text that cannot be read is reported, not returned as an error.
pub fn validate_json(body: Body, text: &str) -> ValidationReport {
    ValidationReport::from_issues(check_text(text, &Path::Root, |value| validate(body, value).issues))
}

/// Parses `text` and checks it. Unpaired surrogates (which serde_json refuses) are marked, the
/// text checked, and each broken string reported under `root` (where the value sits).
fn check_text(text: &str, root: &Path, check: impl Fn(&Json) -> Vec<ValidationIssue>) -> Vec<ValidationIssue> {
    let error = match json::parse(text) {
        Ok(value) => return check(&value),
        Err(error) => error,
    };
    let Some(repaired) = json::replace_lone_surrogates(text) else { return vec![unreadable(error)] };
    match json::parse(&repaired) {
        Ok(value) => {
            let mut issues = check(&value);
            broken_text(&value, root, &mut issues);
            issues
        }
        Err(error) => vec![unreadable(error)],
    }
}

/// Reports every string and key that held an unpaired surrogate (see [`json::replace_lone_surrogates`]).
fn broken_text(value: &Json, path: &Path, out: &mut Vec<ValidationIssue>) {
    let broken = |s: &str| s.contains(json::LONE_SURROGATE);
    let message = "This text contains an unpaired UTF-16 surrogate (a broken character) and cannot be stored.";
    match value {
        Json::String(s) if broken(s) => out.push(ValidationIssue::new(path.render(), IssueCode::InvalidUnicode, message)),
        Json::Array(items) => items.iter().enumerate().for_each(|(i, item)| broken_text(item, &path.index(i), out)),
        Json::Object(entries) => {
            for (key, item) in entries {
                let here = path.key(key);
                if broken(key) {
                    out.push(ValidationIssue::new(here.render(), IssueCode::InvalidUnicode, message));
                }
                broken_text(item, &here, out);
            }
        }
        _ => {}
    }
}

/// Validates a parsed body.
pub fn validate(body: Body, value: &Json) -> ValidationReport {
    match body {
        Body::UserUpdate => validate_user_update(value),
        Body::NewUser => validate_new_user(value),
        Body::BulkUsers => validate_bulk_users(value),
    }
}

/// Validates the body of `PUT /users/{userId}`.
pub fn validate_user_update(value: &Json) -> ValidationReport {
    let mut checker = Checker::new(Endpoint::Update);
    checker.object(&schema::USER_UPDATE, value, &Path::Root);
    ValidationReport::from_issues(checker.issues)
}

/// Validates one item of the bulk-create array.
pub fn validate_new_user(value: &Json) -> ValidationReport {
    let mut checker = Checker::new(Endpoint::BulkCreate);
    checker.new_user(value, &Path::Root);
    ValidationReport::from_issues(checker.issues)
}

/// Validates the whole bulk-create array, including repeats across rows.
pub fn validate_bulk_users(value: &Json) -> ValidationReport {
    let mut checker = Checker::new(Endpoint::BulkCreate);
    let Json::Array(rows) = value else {
        let message = format!("The bulk body must be an array of users, not {}.", value.kind());
        return ValidationReport::from_issues(vec![ValidationIssue::new("", IssueCode::InvalidType, message)]);
    };
    if rows.is_empty() {
        return ValidationReport::from_issues(vec![ValidationIssue::new("", IssueCode::EmptyBulk, "The bulk body has no users.")]);
    }
    let root = Path::Root;
    let mut duplicates = bulk::Duplicates::default();
    for (i, row) in rows.iter().enumerate() {
        checker.new_user(row, &root.index(i));
        duplicates.check(i, row, &mut checker.issues);
    }
    ValidationReport::from_issues(checker.issues)
}

/// Validates one field of a user (update or new) as a form would, as the user types.
/// `None` is a field left out: fine for a known field, since every field is optional at the top.
pub fn validate_field(field: &str, value: Option<&Json>) -> Vec<ValidationIssue> {
    let mut checker = Checker::new(Endpoint::BulkCreate);
    let root = Path::Root;
    let path = root.key(field);
    match (schema::NEW_USER.field(field), value) {
        (Some(spec), Some(value)) => checker.value(spec, value, &path),
        (Some(_), None) => {}
        (None, _) => checker.unknown_field(&schema::NEW_USER, field, &path),
    }
    checker.issues
}

/// Like [`validate_field`], with the value given as JSON text (`None`: left out).
pub fn validate_field_json(field: &str, text: Option<&str>) -> Vec<ValidationIssue> {
    let Some(text) = text else { return validate_field(field, None) };
    let root = Path::Root;
    check_text(text, &root.key(field), |value| validate_field(field, Some(value)))
}

/// Every top-level field a user can have (bulk create; an update takes all but four).
pub fn user_field_names() -> Vec<&'static str> {
    schema::NEW_USER.names()
}

/// The report for a top-level value JSON cannot carry (`undefined`, a function, a symbol, a BigInt);
/// `kind` names it for the message, e.g. "undefined" or "a function".
pub fn report_not_json(body: Body, kind: &str) -> ValidationReport {
    let what = match body {
        Body::UserUpdate => "An update must be an object",
        Body::NewUser => "A user must be an object",
        Body::BulkUsers => "The bulk body must be an array of users",
    };
    ValidationReport::from_issues(vec![ValidationIssue::new("", IssueCode::InvalidType, format!("{what}, not {kind}."))])
}

/// The issue for a field value JSON cannot carry (a function, a symbol, a BigInt).
pub fn field_not_json(field: &str, kind: &str) -> Vec<ValidationIssue> {
    let root = Path::Root;
    let path = root.key(field);
    vec![ValidationIssue::new(path.render(), IssueCode::InvalidType, format!("{} cannot be {kind}.", path.render()))]
}

fn unreadable(error: ParseError) -> ValidationIssue {
    match error {
        ParseError::TooDeep => ValidationIssue::new("", IssueCode::TooDeep, "The input nests deeper than 128 levels."),
        ParseError::Invalid => ValidationIssue::new("", IssueCode::NotSerializable, "The input is not valid JSON."),
    }
}

#[cfg(test)]
mod tests;
