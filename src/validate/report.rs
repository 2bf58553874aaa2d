//! What validation returns: issues with a path, a stable code, a severity and a message.

use serde::Serialize;

use crate::json::Writer;
use crate::text::{cat, dec, hex};

/// How bad an issue is (SPEC section 2's severity policy): an `error` is what the API refuses; a
/// `warning` is what it takes but is almost surely wrong (an address whose checksum fails).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// Stable, machine-readable issue codes (documented in the README's table).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum IssueCode {
    /// The value has the wrong JSON type (a number where a string belongs, `null` where not allowed).
    InvalidType,
    /// The input could not be read as JSON at all (a cycle, a BigInt, a getter that throws).
    NotSerializable,
    /// Text with an unpaired UTF-16 surrogate (half of an emoji, say), which cannot be stored.
    InvalidUnicode,
    /// A required field is missing.
    Required,
    /// A field the endpoint does not know.
    UnknownField,
    /// A field the other endpoint takes (`email`, `wallets`, … in an update body).
    NotUpdatable,
    /// A string longer than the schema's maxLength (counted in characters).
    TooLong,
    /// An id that is not 36 characters long (a UUID's length).
    InvalidLength,
    /// An id of 36 characters that is not a lower-case UUID.
    InvalidUuid,
    /// A required string is empty.
    Empty,
    /// A name, title or phone number outside the API's names pattern: letters, numbers, spaces and
    /// `_ . , : ! ? & % @ / + - ' |`, no white space at either end.
    InvalidText,
    /// Not one of the allowed values of an enum.
    InvalidEnum,
    /// Not an officially assigned ISO 3166-1 alpha-2 code in upper case.
    InvalidCountry,
    /// Not 3 to 20 letters, numbers, `_` and `-` (nor empty).
    InvalidUsername,
    /// Not the API's email pattern (an RFC 5322 dot-atom or quoted local part, then `@`).
    InvalidEmail,
    /// An email the API takes but no mail system delivers to (HTML's email rule fails; a warning).
    UndeliverableEmail,
    /// Not an RFC 3339 date-time.
    InvalidDatetime,
    /// A wallet address outside the API's pattern for its field.
    InvalidAddress,
    /// A wallet address the API's pattern takes but that does not decode for its chain (a warning).
    UndecodableAddress,
    /// A wallet address that decodes but whose checksum fails (a warning).
    ChecksumMismatch,
    /// `emailVerifiedAt` without an `email` to verify (a warning).
    VerifiedWithoutEmail,
    /// The bulk array is empty.
    EmptyBulk,
    /// More users than one bulk request takes (50); `importUsers` sends any number in batches.
    TooManyUsers,
    /// Two rows of one bulk body share an email (case-insensitive).
    DuplicateEmail,
    /// Two rows of one bulk body share a username (case-insensitive).
    DuplicateUsername,
    /// Two rows of one bulk body share an id.
    DuplicateId,
    /// A problem with a CSV file itself: an unterminated quote, more cells than the header.
    InvalidCsv,
    /// A CSV column that maps to no user field; its cells are ignored (a warning).
    UnknownColumn,
    /// The last issue of a report that found more than [`MAX_ISSUES`]: how many were left out (an
    /// error when one of them was, else a warning).
    TooManyIssues,
    /// An enabled custom field of the environment that is `required` is missing or empty (a
    /// checkbox left unchecked).
    CustomFieldRequired,
    /// A text custom field's value does not match the environment's `regex`.
    CustomFieldPattern,
    /// A select custom field's value is not one of its options' labels.
    CustomFieldOption,
    /// Two rows of one bulk body share the value of a `unique` custom field.
    CustomFieldDuplicate,
    /// A custom field that cannot be checked: its regex does not compile or repeats a repeating
    /// group (exponential time), or the value is too long to match safely (a warning).
    CustomFieldUnchecked,
}

impl IssueCode {
    /// Every code, for documentation checks.
    pub const ALL: [IssueCode; 34] = [
        IssueCode::InvalidType,
        IssueCode::NotSerializable,
        IssueCode::InvalidUnicode,
        IssueCode::Required,
        IssueCode::UnknownField,
        IssueCode::NotUpdatable,
        IssueCode::TooLong,
        IssueCode::InvalidLength,
        IssueCode::InvalidUuid,
        IssueCode::Empty,
        IssueCode::InvalidText,
        IssueCode::InvalidEnum,
        IssueCode::InvalidCountry,
        IssueCode::InvalidUsername,
        IssueCode::InvalidEmail,
        IssueCode::UndeliverableEmail,
        IssueCode::InvalidDatetime,
        IssueCode::InvalidAddress,
        IssueCode::UndecodableAddress,
        IssueCode::ChecksumMismatch,
        IssueCode::VerifiedWithoutEmail,
        IssueCode::EmptyBulk,
        IssueCode::TooManyUsers,
        IssueCode::DuplicateEmail,
        IssueCode::DuplicateUsername,
        IssueCode::DuplicateId,
        IssueCode::InvalidCsv,
        IssueCode::UnknownColumn,
        IssueCode::TooManyIssues,
        IssueCode::CustomFieldRequired,
        IssueCode::CustomFieldPattern,
        IssueCode::CustomFieldOption,
        IssueCode::CustomFieldDuplicate,
        IssueCode::CustomFieldUnchecked,
    ];

    /// The severity this code always has.
    pub fn severity(self) -> Severity {
        match self {
            IssueCode::UndeliverableEmail
            | IssueCode::UndecodableAddress
            | IssueCode::ChecksumMismatch
            | IssueCode::VerifiedWithoutEmail
            | IssueCode::UnknownColumn
            | IssueCode::CustomFieldUnchecked => Severity::Warning,
            _ => Severity::Error,
        }
    }
}

/// One problem found in the input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct ValidationIssue {
    /// Where: `"username"`, `"wallets[0].chain"`, `"[12].email"` (bulk), `""` for the whole input;
    /// for CSV, `"row 13: email"`, `"row 13"` (the row, or the file from that line) or `"column 2"`.
    pub path: String,
    /// Stable, machine-readable code.
    pub code: IssueCode,
    /// `"error"` blocks sending; `"warning"` does not.
    pub severity: Severity,
    /// One plain sentence a dashboard can show as-is.
    pub message: String,
    /// The value that would pass, where the fix is mechanical (`"GB"` for `"United Kingdom"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub fix: Option<String>,
    /// CSV input: the line of the file the issue is about (the row's first line).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub line: Option<u32>,
}

impl ValidationIssue {
    /// Replaces every piece of `secret` in the path, message and fix with `[redacted]`.
    pub fn redact(&mut self, secret: &crate::redact::Secret) {
        secret.scrub(&mut self.path);
        secret.scrub(&mut self.message);
        if let Some(fix) = &mut self.fix {
            secret.scrub(fix);
        }
    }

    /// An issue whose severity follows from its code.
    pub fn new(path: impl Into<String>, code: IssueCode, message: impl Into<String>) -> ValidationIssue {
        ValidationIssue {
            path: path.into(),
            code,
            severity: code.severity(),
            message: message.into(),
            fix: None,
            line: None,
        }
    }

    /// This issue with its mechanical fix, if any.
    pub fn with_fix(mut self, fix: Option<String>) -> ValidationIssue {
        self.fix = fix;
        self
    }

    /// True when this issue blocks sending.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// The result of validating one body: `valid` is true when no issue is an error.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct ValidationReport {
    /// True when no issue is an error (warnings allowed).
    pub valid: bool,
    /// Every issue found, in input order.
    pub issues: Vec<ValidationIssue>,
}

impl ValidationReport {
    /// A report over these issues.
    pub fn from_issues(issues: Vec<ValidationIssue>) -> ValidationReport {
        ValidationReport { valid: !issues.iter().any(ValidationIssue::is_error), issues }
    }
}

/// The most issues one report lists (a row's, for `importUsers`), the last of them excepted: a
/// hostile object of a million unknown keys must not make a report of a million entries.
pub const MAX_ISSUES: usize = 1000;
// `cap_issues` writes it as text.
const _: () = assert!(MAX_ISSUES == 1000);

/// Cuts `issues` to [`MAX_ISSUES`] and, when any were left out (these and `omitted` more, of which
/// one was an error if `omitted_error`), ends them with a `too_many_issues` issue that says how many.
#[cfg_attr(size_opt, optimize(size))]
pub fn cap_issues(issues: &mut Vec<ValidationIssue>, mut omitted: usize, mut omitted_error: bool) {
    if issues.len() > MAX_ISSUES {
        omitted += issues.len() - MAX_ISSUES;
        omitted_error |= issues[MAX_ISSUES..].iter().any(ValidationIssue::is_error);
        issues.truncate(MAX_ISSUES);
    }
    if omitted == 0 {
        return;
    }
    let mut last = ValidationIssue::new(
        "",
        IssueCode::TooManyIssues,
        cat(&[
            &dec(omitted as u64),
            " more issues were left out: a report lists at most 1000. Fix these and check again.",
        ]),
    );
    if !omitted_error {
        last.severity = Severity::Warning;
    }
    issues.push(last);
}

/// Longest piece of user input echoed into a path or message.
const ECHO_LIMIT: usize = 40;

/// Quotes a piece of user input for a message, cut short so a 10 MB value stays readable.
pub fn echo(value: &str) -> String {
    echo_up_to(value, ECHO_LIMIT)
}

/// Quotes a piece of user input for a message, cut after `limit` characters (a client's token in
/// it redacted first: see `crate::redact::before_cut`).
#[cfg_attr(size_opt, optimize(size))]
pub fn echo_up_to(value: &str, limit: usize) -> String {
    let value = crate::redact::before_cut(value);
    let mut out = String::from('"');
    let mut chars = value.chars();
    for c in chars.by_ref().take(limit) {
        push_escaped(&mut out, c);
    }
    if chars.next().is_some() {
        out.push('…');
    }
    out.push('"');
    out
}

/// `c` as [`echo`] shows it.
#[cfg_attr(size_opt, optimize(size))]
pub fn escape(c: char) -> String {
    let mut out = String::new();
    push_escaped(&mut out, c);
    out
}

/// Appends `c`, escaped as Rust's `escape_debug` does where a reader could not see it or could
/// misread it: quotes, backslashes, control and format characters, separators, private-use
/// characters and noncharacters. Unlike `escape_debug` (whose printability tables cost the module
/// ~4 KB), combining marks and unassigned code points are shown as they are.
#[cfg_attr(size_opt, optimize(size))]
fn push_escaped(out: &mut String, c: char) {
    match c {
        '"' => out.push_str("\\\""),
        '\\' => out.push_str("\\\\"),
        '\t' => out.push_str("\\t"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\0' => out.push_str("\\0"),
        _ if unseen(c) => {
            out.push_str("\\u{");
            out.push_str(&hex(c as u32, 1).to_ascii_lowercase());
            out.push('}');
        }
        _ => out.push(c),
    }
}

/// Characters with no glyph of their own (Cc, Cf, Zl, Zp, Co, noncharacters).
fn unseen(c: char) -> bool {
    let u = c as u32;
    c.is_control()
        || u & 0xFFFE == 0xFFFE
        || matches!(
            u,
            0xAD | 0x600..=0x605 | 0x61C | 0x6DD | 0x70F | 0x890..=0x891 | 0x8E2 | 0x180E | 0x200B..=0x200F
                | 0x2028..=0x202E | 0x2060..=0x2064 | 0x2066..=0x206F | 0xE000..=0xF8FF | 0xFDD0..=0xFDEF
                | 0xFEFF | 0xFFF9..=0xFFFB | 0x110BD | 0x110CD | 0x13430..=0x1343F | 0x1BCA0..=0x1BCA3
                | 0x1D173..=0x1D17A | 0xE0001 | 0xE0020..=0xE007F | 0xF0000..
        )
}

/// Where a value sits in the input, built on the stack and rendered only when an issue needs it.
#[derive(Clone, Copy)]
pub enum Path<'a> {
    Root,
    Key(&'a Path<'a>, &'a str),
    Index(&'a Path<'a>, usize),
}

impl<'a> Path<'a> {
    /// This path followed by an object key.
    pub fn key(&'a self, key: &'a str) -> Path<'a> {
        Path::Key(self, key)
    }

    /// This path followed by an array index.
    pub fn index(&'a self, index: usize) -> Path<'a> {
        Path::Index(self, index)
    }

    /// `wallets[0].chain`, `[12].email`; keys longer than 40 characters are cut short.
    pub fn render(&self) -> String {
        let mut out = String::new();
        self.render_into(&mut out);
        out
    }

    #[cfg_attr(size_opt, optimize(size))]
    fn render_into(&self, out: &mut String) {
        match self {
            Path::Root => {}
            Path::Key(parent, key) => {
                parent.render_into(out);
                if !out.is_empty() {
                    out.push('.');
                }
                let key = crate::redact::before_cut(key);
                let mut chars = key.chars();
                out.extend(chars.by_ref().take(ECHO_LIMIT));
                if chars.next().is_some() {
                    out.push('…');
                }
            }
            Path::Index(parent, index) => {
                parent.render_into(out);
                out.push('[');
                out.push_str(&dec(*index as u64));
                out.push(']');
            }
        }
    }
}

/// Writes `issue`'s members, as its derived `Serialize` does (a test holds them equal).
pub fn write_issue(out: &mut Writer, issue: &ValidationIssue) {
    out.text("\"path\":", &issue.path);
    out.text(",\"code\":", issue.code.name());
    out.text(",\"severity\":", if issue.is_error() { "error" } else { "warning" });
    out.text(",\"message\":", &issue.message);
    if let Some(fix) = &issue.fix {
        out.text(",\"fix\":", fix);
    }
    if let Some(line) = issue.line {
        out.number(",\"line\":", u64::from(line));
    }
}

/// `issues` as a JSON array.
pub fn issues_json(issues: &[ValidationIssue]) -> String {
    let mut out = Writer(String::new());
    out.list("", issues.len(), &|out, i| write_issue(out, &issues[i]));
    out.0
}

impl ValidationReport {
    /// The report as JSON text, as its derived `Serialize` writes it: what crosses to JavaScript.
    pub fn to_json(&self) -> String {
        let mut out = Writer(String::new());
        out.flag("{\"valid\":", self.valid);
        out.list(",\"issues\":", self.issues.len(), &|out, i| write_issue(out, &self.issues[i]));
        out.raw("}");
        out.0
    }
}

impl IssueCode {
    /// The code's name (`"invalid_email"`), as its derived `Serialize` gives it (a test holds
    /// them equal): a table, where the serializer's match took 0.6 KB of code.
    pub fn name(self) -> &'static str {
        match self {
            IssueCode::InvalidType => "invalid_type",
            IssueCode::NotSerializable => "not_serializable",
            IssueCode::InvalidUnicode => "invalid_unicode",
            IssueCode::Required => "required",
            IssueCode::UnknownField => "unknown_field",
            IssueCode::NotUpdatable => "not_updatable",
            IssueCode::TooLong => "too_long",
            IssueCode::InvalidLength => "invalid_length",
            IssueCode::InvalidUuid => "invalid_uuid",
            IssueCode::Empty => "empty",
            IssueCode::InvalidText => "invalid_text",
            IssueCode::InvalidEnum => "invalid_enum",
            IssueCode::InvalidCountry => "invalid_country",
            IssueCode::InvalidUsername => "invalid_username",
            IssueCode::InvalidEmail => "invalid_email",
            IssueCode::UndeliverableEmail => "undeliverable_email",
            IssueCode::InvalidDatetime => "invalid_datetime",
            IssueCode::InvalidAddress => "invalid_address",
            IssueCode::UndecodableAddress => "undecodable_address",
            IssueCode::ChecksumMismatch => "checksum_mismatch",
            IssueCode::VerifiedWithoutEmail => "verified_without_email",
            IssueCode::EmptyBulk => "empty_bulk",
            IssueCode::TooManyUsers => "too_many_users",
            IssueCode::DuplicateEmail => "duplicate_email",
            IssueCode::DuplicateUsername => "duplicate_username",
            IssueCode::DuplicateId => "duplicate_id",
            IssueCode::InvalidCsv => "invalid_csv",
            IssueCode::UnknownColumn => "unknown_column",
            IssueCode::TooManyIssues => "too_many_issues",
            IssueCode::CustomFieldRequired => "custom_field_required",
            IssueCode::CustomFieldPattern => "custom_field_pattern",
            IssueCode::CustomFieldOption => "custom_field_option",
            IssueCode::CustomFieldDuplicate => "custom_field_duplicate",
            IssueCode::CustomFieldUnchecked => "custom_field_unchecked",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_render_like_the_spec() {
        let root = Path::Root;
        let row = root.index(12);
        assert_eq!(row.key("email").render(), "[12].email");
        let wallets = root.key("wallets");
        let first = wallets.index(0);
        assert_eq!(first.key("chain").render(), "wallets[0].chain");
        assert_eq!(root.render(), "");
    }

    #[test]
    fn long_input_is_cut_in_paths_and_echoes() {
        let huge = "x".repeat(10_000_000);
        let root = Path::Root;
        assert_eq!(root.key(&huge).render().chars().count(), 41);
        assert_eq!(echo(&huge).chars().count(), 43);
        assert_eq!(echo("a\"b"), "\"a\\\"b\"");
    }

    #[test]
    fn reports_are_written_as_serde_json_writes_them() {
        let issues = vec![
            ValidationIssue::new("[0].email", IssueCode::InvalidEmail, "\"a\\b\"\n\u{1}é is not valid."),
            ValidationIssue::new("country", IssueCode::InvalidCountry, "x").with_fix(Some("GB".into())),
            ValidationIssue { line: Some(7), ..ValidationIssue::new("", IssueCode::UndeliverableEmail, "w") },
        ];
        let report = ValidationReport::from_issues(issues.clone());
        assert_eq!(report.to_json(), serde_json::to_string(&report).unwrap());
        assert_eq!(issues_json(&issues), serde_json::to_string(&issues).unwrap());
        assert_eq!(issues_json(&[]), "[]");
    }

    #[test]
    fn escapes_only_what_escape_debug_escapes() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let ours = escape(c);
            if ours.len() > c.len_utf8() {
                assert_eq!(ours, c.escape_debug().to_string(), "U+{:04X}", c as u32);
            }
        }
        assert_eq!(echo("o'brien\u{200B}\u{FDD0}e\u{301}"), "\"o'brien\\u{200b}\\u{fdd0}e\u{301}\"");
    }

    #[test]
    fn every_code_has_its_serialized_name() {
        for code in IssueCode::ALL {
            assert_eq!(serde_json::to_value(code).unwrap(), code.name(), "{code:?}");
        }
    }

    #[test]
    fn readme_documents_every_code_with_its_severity() {
        let readme = include_str!("../../README.md");
        for code in IssueCode::ALL {
            let name = serde_json::to_value(code).unwrap();
            let severity = serde_json::to_value(code.severity()).unwrap();
            let row = format!("| `{}` | {} |", name.as_str().unwrap(), severity.as_str().unwrap());
            assert!(readme.contains(&row), "README.md has no row starting {row}");
        }
    }

    #[test]
    fn reports_stop_at_a_thousand_issues_and_say_how_many_more() {
        let warning = || ValidationIssue::new("btcWallet", IssueCode::ChecksumMismatch, "x");
        let mut issues: Vec<_> = (0..1500).map(|_| warning()).collect();
        cap_issues(&mut issues, 0, false);
        assert_eq!(issues.len(), 1001);
        let last = &issues[1000];
        assert_eq!((last.code, last.severity, last.path.as_str()), (IssueCode::TooManyIssues, Severity::Warning, ""));
        assert_eq!(
            last.message,
            "500 more issues were left out: a report lists at most 1000. Fix these and check again."
        );
        assert!(ValidationReport::from_issues(issues).valid, "warnings alone, shown or not");
        let mut issues: Vec<_> = (0..1000).map(|_| warning()).collect();
        cap_issues(&mut issues, 0, false);
        assert_eq!(issues.len(), 1000, "exactly the cap: nothing left out");
        cap_issues(&mut issues, 7, true);
        assert_eq!((issues.len(), issues[1000].severity), (1001, Severity::Error));
        assert!(issues[1000].message.starts_with("7 more issues"));
        assert!(!ValidationReport::from_issues(issues).valid, "an error left out still makes it invalid");
    }

    #[test]
    fn warnings_alone_keep_a_report_valid() {
        let report =
            ValidationReport::from_issues(vec![ValidationIssue::new("btcWallet", IssueCode::ChecksumMismatch, "x")]);
        assert!(report.valid);
        let report = ValidationReport::from_issues(vec![ValidationIssue::new("id", IssueCode::InvalidLength, "x")]);
        assert!(!report.valid);
    }
}
