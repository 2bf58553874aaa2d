//! Validation of request bodies (SPEC sections 2 and 4): pure, no I/O, never panics on input.

mod bulk;
mod country;
mod country_names;
pub mod custom_fields;
mod datetime;
mod email;
mod fields;
mod fix;
pub mod fixes;
mod letters;
mod lower;
mod nfc;
mod patterns;
mod reader;
pub mod report;
mod schema;
mod suggest;

pub use bulk::{fold_case, Unique};
pub use country::COUNTRY_CODES;
pub use custom_fields::{CustomFields, Matcher};
pub use fixes::{fix_users_json, fixes_json, write_fix, Fix, FixedUsers};
pub use patterns::{is_api_email, is_name, is_username, is_uuid, matches_wallet_pattern, wallet_pattern};
pub use report::{
    cap_issues, echo, issues_json, write_issue, IssueCode, Severity, ValidationIssue, ValidationReport, MAX_ISSUES,
};

use serde::de::DeserializeSeed;

use crate::json::{self, Json};
use crate::text::cat;
use fields::{Checker, Endpoint};
use reader::{BulkSeed, ObjectSeed, ValueSeed};
use report::Path;

/// Which body a JSON text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Body {
    /// The body of `PUT /users/{userId}`.
    UserUpdate,
    /// One item of the bulk-create array.
    NewUser,
    /// The whole bulk-create array, with repeats across rows.
    BulkUsers,
}

/// Validates a body given as JSON text; text that cannot be read is reported, not returned as an error.
pub fn validate_json(body: Body, text: &str) -> ValidationReport {
    validate_json_with(body, text, None)
}

/// [`validate_json`], with the environment's custom fields checked too: their issues in row order
/// among the others, the report capped once at [`MAX_ISSUES`].
pub fn validate_json_with(body: Body, text: &str, custom: Option<&CustomFields>) -> ValidationReport {
    let endpoint = if body == Body::UserUpdate { Endpoint::Update } else { Endpoint::BulkCreate };
    let issues = check_text(
        text,
        endpoint,
        &Path::Root,
        &|checker, de| {
            let root = Path::Root;
            match body {
                Body::UserUpdate => {
                    ObjectSeed { checker, spec: &schema::USER_UPDATE, path: &root }.deserialize(de).map(drop)
                }
                Body::NewUser => ObjectSeed { checker, spec: &schema::NEW_USER, path: &root }.deserialize(de).map(drop),
                // A user rarely takes less than 256 bytes of JSON: a low guess saves most of the
                // table's growth without spreading a small input over a large table.
                Body::BulkUsers => BulkSeed { checker, rows: text.len() / 256 }.deserialize(de),
            }
        },
        &|issues| {
            if let Some(custom) = custom {
                custom.check_body(body, text, issues);
            }
        },
    );
    ValidationReport::from_issues(issues)
}

/// Validates the users of a bulk body one row at a time, in order, remembering repeats across
/// all rows: for drivers that send early rows while later ones are still being checked.
#[derive(Default)]
pub struct RowValidator<'a> {
    duplicates: bulk::Duplicates<'a>,
}

impl<'a> RowValidator<'a> {
    /// A validator for about `rows` rows.
    pub fn with_capacity(rows: usize) -> RowValidator<'a> {
        RowValidator { duplicates: bulk::Duplicates::with_capacity(rows) }
    }

    /// A validator whose repeats across rows come at the end, from [`RowValidator::finish`]: for
    /// an input checked all at once, where that is several times cheaper.
    pub fn deferred(rows: usize) -> RowValidator<'a> {
        RowValidator { duplicates: bulk::Duplicates::deferred(rows) }
    }

    /// The repeats a deferred validator found, by row: each repeating row with its issue.
    pub fn finish(self) -> Vec<(usize, ValidationIssue)> {
        self.duplicates.finish()
    }

    /// The issues of row `index` (paths `"[index].field"`), read from any serde deserializer (a CSV
    /// record, say) as from JSON text.
    pub fn check_with<D: serde::Deserializer<'a>>(&mut self, index: usize, row: D) -> Vec<ValidationIssue> {
        match self.read(index, row) {
            Ok((issues, _)) => issues,
            Err(issues) => issues,
        }
    }

    /// Reads row `index` as a user and checks it against the rows before; `Err` holds the issues
    /// found before the deserializer failed.
    fn read<D: serde::Deserializer<'a>>(
        &mut self,
        index: usize,
        row: D,
    ) -> Result<(Vec<ValidationIssue>, Unique<'a>), Vec<ValidationIssue>> {
        let (mut issues, unique) = check_row(index, row)?;
        self.duplicates.check(index, unique.clone(), &mut issues);
        Ok((issues, unique))
    }

    /// Row `index`'s own issues and its id, email and username, not yet remembered for repeats:
    /// for a row that may be fixed and checked again before it counts ([`RowValidator::remember`]).
    /// `Err` holds the issues found before the deserializer failed.
    pub fn check_alone<D: serde::Deserializer<'a>>(
        &mut self,
        index: usize,
        row: D,
    ) -> Result<(Vec<ValidationIssue>, Unique<'a>), Vec<ValidationIssue>> {
        check_row(index, row)
    }

    /// Remembers row `index`'s unique values, adding to `issues` the repeats of earlier rows.
    pub fn remember(&mut self, index: usize, unique: Unique<'a>, issues: &mut Vec<ValidationIssue>) {
        self.duplicates.check(index, unique, issues);
    }

    /// The issues of row `index` (paths `"[index].field"`), given as its JSON text, and its id,
    /// email and username as read (none for a row that cannot be read).
    pub fn check(&mut self, index: usize, row: &'a str) -> (Vec<ValidationIssue>, Unique<'a>) {
        self.read(index, &mut json::Reader::for_validation(row)).unwrap_or_else(|_| {
            let path = Path::Root;
            let path = path.index(index);
            // The reader refuses unpaired surrogate escapes; mark them and read the row again.
            let issues = match json::replace_lone_surrogates(row) {
                Some((repaired, marker)) => broken_row(&repaired, marker, &path),
                None => {
                    vec![ValidationIssue::new(path.render(), IssueCode::NotSerializable, "This row is not valid JSON.")]
                }
            };
            (issues, Unique::default())
        })
    }
}

/// Row `index`'s own issues (paths `"[index].field"`), without repeats across rows.
fn check_row<'a, D: serde::Deserializer<'a>>(
    index: usize,
    row: D,
) -> Result<(Vec<ValidationIssue>, Unique<'a>), Vec<ValidationIssue>> {
    let root = Path::Root;
    let mut checker = Checker::new(Endpoint::BulkCreate);
    match (ObjectSeed { checker: &mut checker, spec: &schema::NEW_USER, path: &root.index(index) }).deserialize(row) {
        Ok(unique) => Ok((checker.into_issues(), unique)),
        Err(_) => Err(checker.into_issues()),
    }
}

/// The issues of a row whose unpaired surrogates are marked. It is refused, so it claims no email
/// or username: a later row may use them.
#[cfg_attr(size_opt, optimize(size))]
fn broken_row(row: &str, marker: char, path: &Path) -> Vec<ValidationIssue> {
    let mut checker = Checker::marked(Endpoint::BulkCreate, marker);
    let mut de = json::Reader::for_validation(row);
    let _ = (ObjectSeed { checker: &mut checker, spec: &schema::NEW_USER, path }).deserialize(&mut de);
    match json::parse(row) {
        Ok(tree) => broken_text(&tree, marker, path, &mut checker),
        Err(_) => checker.push(path, IssueCode::InvalidUnicode, BROKEN_TEXT),
    }
    unmarked(checker.into_issues(), marker)
}

/// Issues of a marked text with the marker, where a path or message shows it, as U+FFFD (what a
/// broken character looks like), not as a character nobody typed.
#[cfg_attr(size_opt, optimize(size))]
fn unmarked(mut issues: Vec<ValidationIssue>, marker: char) -> Vec<ValidationIssue> {
    // The marker as it is, or as `echo` escapes it (`\u{fdd0}`), each one character: by bytes
    // rather than `str::replace`, whose substring searcher costs the wasm 2 KB for this alone.
    let raw = marker.to_string();
    let escaped = report::escape(marker);
    let clean = |text: &mut String| {
        let mut out = String::new();
        let mut rest = text.as_str();
        while let Some((at, len)) = [&raw, &escaped]
            .iter()
            .filter_map(|m| rest.as_bytes().windows(m.len()).position(|w| w == m.as_bytes()).map(|at| (at, m.len())))
            .min()
        {
            out.push_str(&rest[..at]);
            out.push('\u{FFFD}');
            rest = &rest[at + len..];
        }
        if !out.is_empty() {
            out.push_str(rest);
            *text = out;
        }
    };
    for issue in &mut issues {
        clean(&mut issue.path);
        clean(&mut issue.message);
    }
    issues
}

/// Validates one field of a user (update or new) as a form would, as the user types; the value is
/// JSON text, `None` a field left out (fine for a known field: every field is optional at the top).
#[cfg_attr(size_opt, optimize(size))]
pub fn validate_field_json(field: &str, text: Option<&str>) -> Vec<ValidationIssue> {
    let root = Path::Root;
    let path = root.key(field);
    let mut checker = Checker::new(Endpoint::BulkCreate);
    let Some(spec) = schema::NEW_USER.field(field) else {
        checker.unknown_field(&schema::NEW_USER, field, &path);
        return checker.into_issues();
    };
    let Some(text) = text else { return checker.into_issues() };
    check_text(
        text,
        Endpoint::BulkCreate,
        &path,
        &|checker, de| ValueSeed::field(checker, spec, &path).deserialize(de).map(drop),
        &|_| {},
    )
}

/// The candidate `input` most likely meant ("baseURL" → "baseUrl"), if one is close.
pub fn did_you_mean<'c>(input: &str, candidates: &[&'c str]) -> Option<&'c str> {
    suggest::did_you_mean(input, candidates)
}

/// The user field (or CSV wallet column) a near-miss column or key most likely meant.
pub fn did_you_mean_field(name: &str) -> Option<&'static str> {
    let mut names = schema::NEW_USER.names();
    names.extend(["walletAddress", "walletChain", "walletName", "walletProvider"]);
    suggest::did_you_mean(name, &names).or_else(|| suggest::contained_in(name, &names))
}

/// Every top-level field a user can have (bulk create; an update takes all but four).
pub fn user_field_names() -> Vec<&'static str> {
    schema::NEW_USER.names()
}

/// Reads `text` with `read` and returns the issues, with those `more` adds before the cap. Unpaired
/// surrogates, which the reader refuses, are marked and the text read again; each broken string is
/// then reported under `root`. `read` by reference, not generic: one copy of this in the wasm for
/// both callers (0.24 KB gzip), for one indirect call per text.
fn check_text(
    text: &str,
    endpoint: Endpoint,
    root: &Path,
    read: Read,
    more: &dyn Fn(&mut Vec<ValidationIssue>),
) -> Vec<ValidationIssue> {
    match run(text, Checker::new(endpoint), read) {
        Ok(mut checker) => {
            more(&mut checker.issues);
            checker.into_issues()
        }
        Err(error) => check_repaired(text, endpoint, root, read, error),
    }
}

/// A text's reader (`check_text`'s `read`).
type Read<'r> = &'r dyn for<'de> Fn(&mut Checker, &mut json::Reader<'de>) -> Result<(), json::ReadError>;

/// `text` read by `read` into `checker`, to its end.
fn run(text: &str, mut checker: Checker, read: Read) -> Result<Checker, json::ReadError> {
    let mut de = json::Reader::for_validation(text);
    read(&mut checker, &mut de).and_then(|()| de.end()).map(|()| checker)
}

/// [`check_text`] of a text the reader refused: again with its unpaired surrogates marked.
/// Compiled for size, out of line: only broken text comes here.
#[inline(never)]
#[cfg_attr(size_opt, optimize(size))]
fn check_repaired(
    text: &str,
    endpoint: Endpoint,
    root: &Path,
    read: Read,
    error: json::ReadError,
) -> Vec<ValidationIssue> {
    let Some((repaired, marker)) = json::replace_lone_surrogates(text) else { return vec![unreadable(&error)] };
    let mut checker = match run(&repaired, Checker::marked(endpoint, marker), read) {
        Ok(checker) => checker,
        Err(error) => return vec![unreadable(&error)],
    };
    match json::parse(&repaired) {
        Ok(tree) => broken_text(&tree, marker, root, &mut checker),
        // Deeper than the tree reader goes: say so without a precise path.
        Err(_) => checker.push(root, IssueCode::InvalidUnicode, BROKEN_TEXT),
    }
    unmarked(checker.into_issues(), marker)
}

const BROKEN_TEXT: &str = "This text contains an unpaired UTF-16 surrogate (a broken character) and cannot be stored.";

/// Reports every string and key that held an unpaired surrogate (see [`json::replace_lone_surrogates`]).
#[cfg_attr(size_opt, optimize(size))]
fn broken_text(value: &Json, marker: char, path: &Path, out: &mut Checker) {
    let broken = |s: &str| json::holds(s, marker);
    let message = BROKEN_TEXT;
    match value {
        Json::String(s) if broken(s) => out.push(path, IssueCode::InvalidUnicode, message),
        Json::Array(items) => {
            items.iter().enumerate().for_each(|(i, item)| broken_text(item, marker, &path.index(i), out))
        }
        Json::Object(entries) => {
            for (key, item) in entries {
                let here = path.key(key);
                if broken(key) {
                    out.push(&here, IssueCode::InvalidUnicode, message);
                }
                broken_text(item, marker, &here, out);
            }
        }
        _ => {}
    }
}

/// The report for a top-level value JSON cannot carry (`undefined`, a function, a symbol, a BigInt);
/// `kind` names it for the message, e.g. "undefined" or "a function".
#[cfg_attr(size_opt, optimize(size))]
pub fn report_not_json(body: Body, kind: &str) -> ValidationReport {
    let what = match body {
        Body::UserUpdate => "An update must be an object",
        Body::NewUser => "A user must be an object",
        Body::BulkUsers => "The bulk body must be an array of users",
    };
    ValidationReport::from_issues(vec![ValidationIssue::new(
        "",
        IssueCode::InvalidType,
        cat(&[what, ", not ", kind, "."]),
    )])
}

/// The issue for a field value JSON cannot carry (a function, a symbol, a BigInt).
#[cfg_attr(size_opt, optimize(size))]
pub fn field_not_json(field: &str, kind: &str) -> Vec<ValidationIssue> {
    let root = Path::Root;
    let path = root.key(field);
    let path = path.render();
    let message = cat(&[&path, " cannot be ", kind, "."]);
    vec![ValidationIssue::new(path, IssueCode::InvalidType, message)]
}

/// Only text that did not come from `JSON.stringify` gets here.
fn unreadable(_: &json::ReadError) -> ValidationIssue {
    ValidationIssue::new("", IssueCode::NotSerializable, "The input is not valid JSON.")
}

#[cfg(test)]
mod tests;
