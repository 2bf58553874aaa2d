//! Checks one object against its [`ObjectSpec`] and each value against its [`Rule`].

use crate::address::{self, AddressVerdict, WalletField};
use crate::model::enums::CHAINS;
use crate::scan;
use crate::text::{ascii_lower, cat, dec, hex, owned};

use super::fix;
use super::patterns::{self, is_js_space, trim_js, NAME_PUNCTUATION, USERNAME_CHARS};
use super::report::{cap_issues, echo, echo_up_to, IssueCode, Path, Severity, ValidationIssue, MAX_ISSUES};
use super::schema::{Field, ObjectSpec, Rule, NEW_USER_ONLY};
use super::{country, datetime, email, suggest};

/// The schema's maxLength of short text (names, emails, addresses), in characters.
pub const MAX_TEXT_CHARS: usize = 255;
/// Length of a UUID, in characters.
pub const ID_CHARS: usize = 36;
// Messages write these limits as text (`crate::text::cat`, not `format!`).
const _: () = assert!(MAX_TEXT_CHARS == 255 && ID_CHARS == 36 && USERNAME_CHARS.0 == 3 && USERNAME_CHARS.1 == 20);
// The name message lists the punctuation without its leading space (`&NAME_PUNCTUATION[1..]`).
const _: () = assert!(NAME_PUNCTUATION.as_bytes()[0] == b' ' && NAME_PUNCTUATION.as_bytes()[1] != b' ');

/// Where the object being checked is sent; decides how fields of the other endpoint are reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Endpoint {
    Update,
    BulkCreate,
}

/// Collects issues as a walk goes, up to [`MAX_ISSUES`]: past them it only counts.
pub struct Checker {
    pub issues: Vec<ValidationIssue>,
    /// Issues past the cap, not built.
    omitted: usize,
    /// True when one of them was an error.
    omitted_error: bool,
    endpoint: Endpoint,
    /// The character that stands for an unpaired surrogate in a re-read text: a string holding it
    /// is reported as broken text alone, not also for the marker its pattern refuses.
    marker: Option<char>,
}

impl Checker {
    pub fn new(endpoint: Endpoint) -> Checker {
        Checker { issues: Vec::new(), omitted: 0, omitted_error: false, endpoint, marker: None }
    }

    /// A checker for a text whose unpaired surrogates are replaced by `marker`.
    pub fn marked(endpoint: Endpoint, marker: char) -> Checker {
        Checker { issues: Vec::new(), omitted: 0, omitted_error: false, endpoint, marker: Some(marker) }
    }

    /// The issues, at most [`MAX_ISSUES`] and one that says how many more there were.
    #[inline(never)]
    pub fn into_issues(self) -> Vec<ValidationIssue> {
        let mut issues = self.issues;
        cap_issues(&mut issues, self.omitted, self.omitted_error);
        issues
    }

    /// False, counting the issue as left out, once the report is full: its message is then not
    /// even written (an object of a million unknown keys costs a count, not a million hints).
    #[inline(never)]
    fn room(&mut self, code: IssueCode) -> bool {
        if self.issues.len() < MAX_ISSUES {
            return true;
        }
        self.omitted += 1;
        self.omitted_error |= code.severity() == Severity::Error;
        false
    }

    /// True when `s` held an unpaired surrogate (reported on its own as `invalid_unicode`).
    fn broken(&self, s: &str) -> bool {
        self.marker.is_some_and(|marker| crate::json::holds(s, marker))
    }

    /// Out of line, so that each message given as a `&str` is not copied into a `String` by code
    /// inlined at each caller (one copy for all).
    #[inline(never)]
    pub(super) fn push(&mut self, path: &Path, code: IssueCode, message: impl Into<String>) {
        self.push_fix(path, code, message.into(), None);
    }

    /// Pushes an issue whose mechanical fix is `fix`, when there is one. One copy, not inlined
    /// into the checks that report.
    #[inline(never)]
    fn push_fix(&mut self, path: &Path, code: IssueCode, message: String, fix: Option<String>) {
        if self.room(code) {
            self.issues.push(ValidationIssue::new(path.render(), code, message).with_fix(fix));
        }
    }

    #[cfg_attr(size_opt, optimize(size))]
    pub fn unknown_field(&mut self, spec: &ObjectSpec, key: &str, path: &Path) {
        // Both codes are errors.
        if !self.room(IssueCode::UnknownField) {
            return;
        }
        let quoted = echo(key);
        // Update bodies have no nested objects, so in update mode this is always the top level.
        if self.endpoint == Endpoint::Update && NEW_USER_ONLY.contains(&key) {
            let message = cat(&[
                key,
                " can only be set with bulkCreateUsers (POST /environments/{environmentId}/users/bulk?upsert=true), not with updateUser (PUT /users/{userId}).",
            ]);
            self.push(path, IssueCode::NotUpdatable, message);
            return;
        }
        let message = match suggest::did_you_mean(key, &spec.names()) {
            Some(hint) => cat(&["Unknown field ", &quoted, ": did you mean \"", hint, "\"?"]),
            None => cat(&["Unknown field ", &quoted, "; it is not part of ", &spec.what.to_ascii_lowercase(), "."]),
        };
        self.push(path, IssueCode::UnknownField, message);
    }

    /// Reports a value of the wrong JSON type; `got` names it with its article ("a number").
    #[cfg_attr(size_opt, optimize(size))]
    pub fn wrong_type(&mut self, path: &Path, field: &Field, got: &str) {
        let name = field.name;
        let expected = match field.rule {
            Rule::Bool => "true or false",
            Rule::Object => "an object",
            Rule::ArrayOf(_) | Rule::Emails | Rule::Strings => "an array",
            _ if field.nullable() => "a string or null",
            _ => "a string",
        };
        self.push(path, IssueCode::InvalidType, cat(&[name, " must be ", expected, ", not ", got, "."]));
    }

    /// Reports an item of a string array (`emails`, `photos`) that is not a string.
    #[cfg_attr(size_opt, optimize(size))]
    pub fn wrong_item_type(&mut self, path: &Path, field: &Field, got: &str) {
        let name = field.name;
        self.push(path, IssueCode::InvalidType, cat(&[name, " must be an array of strings; this item is ", got, "."]));
    }

    /// Reports a value that should be an object of `spec`.
    #[cfg_attr(size_opt, optimize(size))]
    pub fn not_an_object(&mut self, spec: &ObjectSpec, path: &Path, got: &str) {
        let what = spec.what;
        self.push(path, IssueCode::InvalidType, cat(&[what, " must be an object, not ", got, "."]));
    }

    /// Reports a required field that is missing.
    #[cfg_attr(size_opt, optimize(size))]
    pub fn missing(&mut self, spec: &ObjectSpec, field: &Field, path: &Path) {
        let (what, name) = (spec.what, field.name);
        let article = if name.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" };
        self.push(&path.key(name), IssueCode::Required, cat(&[what, " needs ", article, " ", name, "."]));
    }

    /// Checks an item of `emails`.
    pub fn email_item(&mut self, field: &Field, s: &str, path: &Path) {
        if !self.broken(s) {
            self.email(path, field.name, s);
        }
    }

    /// A wallet's address: the API's pattern, then, as a warning, whether it decodes for its
    /// sibling `chain` (a missing or unknown chain is reported on `chain` itself).
    pub fn chain_address(&mut self, chain: Option<&str>, address: &str, path: &Path) {
        let name = "publicWalletAddress";
        if self.broken(address) {
            return;
        }
        if address.is_empty() {
            return self.push(path, IssueCode::Empty, cat(&[name, " must not be empty."]));
        }
        if self.max_len(path, name, address) {
            return;
        }
        if !patterns::is_public_wallet_address(address) {
            let fix = fix::trimmed(address, &patterns::is_public_wallet_address);
            let message = match &fix {
                Some(fix) => padded_message(name, fix),
                None => cat(&[name, " takes 18 to 100 ASCII letters and digits; ", &echo(address), " is not one."]),
            };
            return self.push_fix(path, IssueCode::InvalidAddress, message, fix);
        }
        if let Some(chain) = chain.filter(|chain| is_one_of(chain, CHAINS)) {
            self.address_verdict(path, address::check_chain_address(chain, address), None);
        }
    }

    /// Warns about a verification time on a user with no email.
    #[cfg_attr(size_opt, optimize(size))]
    pub fn verified_without_email(&mut self, path: &Path) {
        let message = "emailVerifiedAt marks the email as verified, but this user has no email.";
        self.push(&path.key("emailVerifiedAt"), IssueCode::VerifiedWithoutEmail, message);
    }

    /// Reports a bulk body that is not an array, or an empty one.
    #[cfg_attr(size_opt, optimize(size))]
    pub fn bad_bulk(&mut self, got: Option<&str>) {
        let root = Path::Root;
        match got {
            Some(got) => {
                let message = cat(&["The bulk body must be an array of users, not ", got, "."]);
                self.push(&root, IssueCode::InvalidType, message);
            }
            None => self.push(&root, IssueCode::EmptyBulk, "The bulk body has no users."),
        }
    }

    /// Checks a string value of `field` against its rule.
    pub fn string(&mut self, field: &Field, s: &str, path: &Path) {
        let name = field.name;
        if self.broken(s) {
            return;
        }
        match field.rule {
            Rule::Uuid => self.uuid(path, name, s),
            Rule::Name { empty, max } => self.name(path, name, s, empty, max.is_some(), false),
            Rule::Phone => self.name(path, name, s, true, true, true),
            Rule::Enum { values, .. } => {
                if !is_one_of(s, values) {
                    let message = match suggest::did_you_mean(s, values) {
                        Some(hint) => cat(&[&echo(s), " is not a valid ", name, ": did you mean \"", hint, "\"?"]),
                        None => cat(&[&echo(s), " is not a valid ", name, "; use one of: ", &list(values), "."]),
                    };
                    self.push(path, IssueCode::InvalidEnum, message);
                }
            }
            Rule::Country => {
                if !country::is_assigned(s) {
                    let (message, fix) = country::explain(s);
                    self.push_fix(path, IssueCode::InvalidCountry, message, fix);
                }
            }
            Rule::Username => self.username(path, name, s),
            Rule::Email => self.email(path, name, s),
            Rule::DateTime => {
                if !datetime::is_rfc3339(s) {
                    self.push(
                        path,
                        IssueCode::InvalidDatetime,
                        cat(&[name, " must be an RFC 3339 date-time such as \"2023-11-07T05:31:56Z\"."]),
                    );
                }
            }
            Rule::WalletAddress(wallet) => self.wallet(path, name, wallet, s),
            // The address waits for its chain; the others are not strings (see `wrong_type`).
            Rule::AnyText
            | Rule::PublicWalletAddress
            | Rule::Bool
            | Rule::Object
            | Rule::ArrayOf(_)
            | Rule::Emails
            | Rule::Strings => {}
        }
    }

    fn uuid(&mut self, path: &Path, name: &str, s: &str) {
        if patterns::is_uuid(s) {
            return;
        }
        let fix = Some(ascii_lower(trim_js(s))).filter(|fixed| patterns::is_uuid(fixed));
        let message = match &fix {
            Some(fixed) if trim_js(s) != s => padded_message(name, fixed),
            Some(fixed) => cat(&[name, " must be a UUID in lower case: use \"", fixed, "\"."]),
            // A CSV's "id" column is often another system's (Stripe's "cus_…").
            None if char_count(s) != ID_CHARS => {
                let n = char_count(s);
                return self.push(
                    path,
                    IssueCode::InvalidLength,
                    cat(&[
                        name,
                        " must be a UUID of exactly 36 characters; it has ",
                        &dec(n as u64),
                        ": an id from another system belongs in metadata.",
                    ]),
                );
            }
            None => cat(&[
                name,
                " must be a UUID: hexadecimal digits in groups of 8-4-4-4-12, such as \"3fa85f64-5717-4562-b3fc-2c963f66afa6\".",
            ]),
        };
        self.push_fix(path, IssueCode::InvalidUuid, message, fix);
    }

    /// The names pattern: `empty` allows "", `limited` adds the schema's 255, `phone` offers
    /// the number without parentheses as a fix.
    fn name(&mut self, path: &Path, name: &str, s: &str, empty: bool, limited: bool, phone: bool) {
        if limited && self.max_len(path, name, s) {
            return;
        }
        if s.is_empty() {
            if !empty {
                self.push(path, IssueCode::Empty, cat(&[name, " must not be empty."]));
            }
            return;
        }
        if patterns::is_name(s) {
            return;
        }
        let good = |v: &str| if v.is_empty() { empty } else { patterns::is_name(v) };
        let fix = fix::name(s, phone, &good);
        let message = match (&fix, trim_js(s).len() != s.len()) {
            (Some(fixed), true) if fixed.as_str() == trim_js(s) => padded_message(name, fixed),
            (fixed, _) => {
                let bad = s.chars().find(|&c| !patterns::is_name_char(c)).unwrap_or(' ');
                let text = match fixed {
                    Some(fixed) if fix::is_mark(bad) => {
                        return self.push_fix(path, IssueCode::InvalidText, mark_message(name, fixed), fix)
                    }
                    Some(fixed) => cat(&["; use \"", fixed, "\""]),
                    None => String::new(),
                };
                if bad == ' ' {
                    cat(&[name, " must not start or end with white space", &text, "."])
                } else {
                    let allowed = spaced(&NAME_PUNCTUATION[1..]);
                    let bad = describe_char(bad);
                    cat(&[
                        name,
                        " may not contain ",
                        &bad,
                        ": it takes letters, numbers, spaces and ",
                        &allowed,
                        &text,
                        ".",
                    ])
                }
            }
        };
        self.push_fix(path, IssueCode::InvalidText, message, fix);
    }

    fn username(&mut self, path: &Path, name: &str, s: &str) {
        if patterns::is_username(s) {
            return;
        }
        let fix = fix::name(s, false, &patterns::is_username);
        let message = match (&fix, s.chars().find(|&c| !patterns::is_username_char(c))) {
            (Some(fixed), _) if fixed.as_str() == trim_js(s) => padded_message(name, fixed),
            (Some(fixed), _) => mark_message(name, fixed),
            (None, Some(bad)) => {
                cat(&[name, " may contain only letters, numbers, '_' and '-', not ", &describe_char(bad), "."])
            }
            (None, None) => {
                cat(&[name, " must be 3 to 20 characters long; ", &echo(s), " has ", &dec(char_count(s) as u64), "."])
            }
        };
        self.push_fix(path, IssueCode::InvalidUsername, message, fix);
    }

    fn email(&mut self, path: &Path, name: &str, s: &str) {
        if self.max_len(path, name, s) || email::passes_both(s) {
            return;
        }
        if !patterns::is_api_email(s) {
            let fix = fix::trimmed(s, &|t| !t.is_empty() && patterns::is_api_email(t));
            let message = match &fix {
                Some(fixed) => padded_message(name, fixed),
                None => cat(&[&echo(s), " is not a valid email address."]),
            };
            self.push_fix(path, IssueCode::InvalidEmail, message, fix);
        } else if !s.is_empty() && !email::is_valid_email(s) {
            let fix = fix::trimmed(s, &email::is_valid_email);
            let message = match &fix {
                Some(fixed) => padded_message(name, fixed),
                None => cat(&[
                    &echo(s),
                    " passes the API's check but is not an address mail can be delivered to; check it for a typo.",
                ]),
            };
            self.push_fix(path, IssueCode::UndeliverableEmail, message, fix);
        }
    }

    fn wallet(&mut self, path: &Path, name: &str, wallet: WalletField, s: &str) {
        if !patterns::matches_wallet_pattern(wallet, s) {
            let lower = |t: &str| {
                let lower = ascii_lower(t);
                let lossless = !t.bytes().any(|b| b.is_ascii_lowercase())
                    && patterns::matches_wallet_pattern(wallet, &lower)
                    && address::check_field_address(wallet, &lower) == AddressVerdict::Valid;
                lossless.then_some(lower)
            };
            let trimmed = trim_js(s);
            let message;
            let fix = if patterns::matches_wallet_pattern(wallet, trimmed) {
                message = padded_message(name, trimmed);
                Some(owned(trimmed))
            } else if let Some(fixed) = lower(trimmed) {
                message = cat(&[name, " must be in lower case: use \"", &fixed, "\"."]);
                Some(fixed)
            } else {
                message = cat(&[name, " ", patterns::wallet_rule(wallet)]);
                None
            };
            return self.push_fix(path, IssueCode::InvalidAddress, message, fix);
        }
        let verdict = address::check_field_address(wallet, s);
        // Kaspa's pattern takes capitals that its checksum does not: lower case is lossless.
        let data = &s.as_bytes()[s.bytes().rposition(|b| b == b':').map_or(0, |colon| colon + 1)..];
        let fix = (verdict != AddressVerdict::Valid && !data.iter().any(u8::is_ascii_lowercase))
            .then(|| ascii_lower(s))
            .filter(|lower| address::check_field_address(wallet, lower) == AddressVerdict::Valid);
        self.address_verdict(path, verdict, fix);
    }

    /// Reports a decoding verdict: the API took the pattern, so these are warnings.
    fn address_verdict(&mut self, path: &Path, verdict: AddressVerdict, fix: Option<String>) {
        match verdict {
            AddressVerdict::Valid => {}
            AddressVerdict::Malformed(message) => self.push_fix(path, IssueCode::UndecodableAddress, message, fix),
            AddressVerdict::ChecksumMismatch(message) => self.push_fix(path, IssueCode::ChecksumMismatch, message, fix),
        }
    }

    /// Reports `s` when it is over the limit; true when it was.
    #[inline(always)]
    fn max_len(&mut self, path: &Path, name: &str, s: &str) -> bool {
        // Bytes bound characters from above, so most strings skip the count, and the call.
        s.len() > MAX_TEXT_CHARS && self.max_chars(path, name, s)
    }

    #[cold]
    fn max_chars(&mut self, path: &Path, name: &str, s: &str) -> bool {
        let n = char_count(s);
        let too_long = n > MAX_TEXT_CHARS;
        if too_long {
            let message = cat(&[name, " is ", &dec(n as u64), " characters long; the limit is 255."]);
            self.push(path, IssueCode::TooLong, message);
        }
        too_long
    }
}

fn is_one_of(s: &str, values: &[&str]) -> bool {
    values.iter().any(|v| scan::same(v.as_bytes(), s.as_bytes()))
}

fn char_count(s: &str) -> usize {
    s.chars().count()
}

/// "x has spaces at its start or end: use …", for a value that is good once trimmed.
#[cfg_attr(size_opt, optimize(size))]
fn padded_message(name: &str, fixed: &str) -> String {
    // Whole (up to the field limit): the value is good, to be copied back.
    cat(&[name, " has spaces at its start or end: use ", &echo_up_to(fixed, MAX_TEXT_CHARS), "."])
}

/// "x has an accent typed as a separate mark…", for a value whose fix composes it.
#[cfg_attr(size_opt, optimize(size))]
fn mark_message(name: &str, fixed: &str) -> String {
    cat(&[name, " has an accent typed as a separate mark, which the API refuses: use \"", fixed, "\"."])
}

/// A character for a message: quoted, or named where it would be invisible.
#[cfg_attr(size_opt, optimize(size))]
fn describe_char(c: char) -> String {
    match c {
        ' ' => "a space".into(),
        '\t' => "a tab".into(),
        '\n' | '\r' => "a line break".into(),
        _ if is_js_space(c) => cat(&["a special space (U+", &hex(c as u32, 4), ")"]),
        _ if c.is_control() || ('\u{200B}'..='\u{200F}').contains(&c) => {
            cat(&["an invisible character (U+", &hex(c as u32, 4), ")"])
        }
        _ => echo(c.encode_utf8(&mut [0; 4])),
    }
}

/// `values` joined by ", " (what `join` does, without its generic copy in the module).
#[cfg_attr(size_opt, optimize(size))]
fn list(values: &[&str]) -> String {
    let mut out = String::new();
    for (i, value) in values.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(value);
    }
    out
}

/// `"_.,"` → `"_ . ,"`: punctuation spaced out so each mark reads on its own.
fn spaced(marks: &str) -> String {
    let mut out = String::new();
    for c in marks.chars() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push(c);
    }
    out
}
