//! Checks one object against its [`ObjectSpec`] and each value against its [`Rule`].

use crate::address::{self, AddressVerdict};
use crate::model::enums::CHAINS;
use crate::scan;

use super::report::{echo, echo_up_to, IssueCode, Path, ValidationIssue};
use super::schema::{Field, ObjectSpec, Rule, NEW_USER_ONLY};
use super::{country, datetime, email, suggest};

/// Longest string a `Text` field takes, in characters.
pub const MAX_TEXT_CHARS: usize = 255;
/// Exact length of an id, in characters.
pub const ID_CHARS: usize = 36;

/// Where the object being checked is sent; decides how fields of the other endpoint are reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Endpoint {
    Update,
    BulkCreate,
}

/// Collects issues as a walk goes.
pub struct Checker {
    pub issues: Vec<ValidationIssue>,
    endpoint: Endpoint,
}

impl Checker {
    pub fn new(endpoint: Endpoint) -> Checker {
        Checker { issues: Vec::new(), endpoint }
    }

    fn push(&mut self, path: &Path, code: IssueCode, message: impl Into<String>) {
        self.issues.push(ValidationIssue::new(path.render(), code, message));
    }

    pub fn unknown_field(&mut self, spec: &ObjectSpec, key: &str, path: &Path) {
        let quoted = echo(key);
        // Update bodies have no nested objects, so in update mode this is always the top level.
        if self.endpoint == Endpoint::Update && NEW_USER_ONLY.contains(&key) {
            let message = format!(
                "{key} can only be set with bulkCreateUsers (POST /environments/{{environmentId}}/users/bulk?upsert=true), not with updateUser (PUT /users/{{userId}})."
            );
            self.push(path, IssueCode::NotUpdatable, message);
            return;
        }
        let message = match suggest::did_you_mean(key, &spec.names()) {
            Some(hint) => format!("Unknown field {quoted}: did you mean \"{hint}\"?"),
            None => format!("Unknown field {quoted}; it is not part of {}.", spec.what.to_lowercase()),
        };
        self.push(path, IssueCode::UnknownField, message);
    }

    /// Reports a value of the wrong JSON type; `got` names it with its article ("a number").
    pub fn wrong_type(&mut self, path: &Path, field: &Field, got: &str) {
        let name = field.name;
        let expected = match field.rule {
            Rule::Bool => "true or false",
            Rule::Object => "an object",
            Rule::ArrayOf(_) | Rule::Emails | Rule::Strings => "an array",
            _ if field.nullable() => "a string or null",
            _ => "a string",
        };
        self.push(path, IssueCode::InvalidType, format!("{name} must be {expected}, not {got}."));
    }

    /// Reports an item of a string array (`emails`, `photos`) that is not a string.
    pub fn wrong_item_type(&mut self, path: &Path, field: &Field, got: &str) {
        let name = field.name;
        self.push(path, IssueCode::InvalidType, format!("{name} must be an array of strings; this item is {got}."));
    }

    /// Reports a value that should be an object of `spec`.
    pub fn not_an_object(&mut self, spec: &ObjectSpec, path: &Path, got: &str) {
        let what = spec.what;
        self.push(path, IssueCode::InvalidType, format!("{what} must be an object, not {got}."));
    }

    /// Reports a required field that is missing.
    pub fn missing(&mut self, spec: &ObjectSpec, field: &Field, path: &Path) {
        let (what, name) = (spec.what, field.name);
        let article = if name.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" };
        self.push(&path.key(name), IssueCode::Required, format!("{what} needs {article} {name}."));
    }

    /// Checks an item of `emails`.
    pub fn email_item(&mut self, s: &str, path: &Path) {
        if !email::is_valid_email(s) {
            self.push(path, IssueCode::InvalidEmail, format!("{} is not a valid email address.", echo(s)));
        }
    }

    /// A wallet's address, judged by its sibling `chain`; a missing or unknown chain is reported
    /// on `chain` itself, so the address then only needs to be non-empty.
    pub fn chain_address(&mut self, chain: Option<&str>, address: &str, path: &Path) {
        // Empty and too long are the codes every other string gets, before the chain's format.
        if address.is_empty() {
            return self.push(path, IssueCode::Empty, "publicWalletAddress must not be empty.");
        }
        if self.max_len(path, "publicWalletAddress", address) {
            return;
        }
        if let Some(chain) = chain.filter(|chain| is_one_of(chain, CHAINS)) {
            let valid = |a: &str| address::check_chain_address(chain, a) == AddressVerdict::Valid;
            if !self.padded(path, "publicWalletAddress", address, IssueCode::InvalidAddress, &valid) {
                self.address_verdict(path, address::check_chain_address(chain, address));
            }
        }
    }

    /// Reports `s` when it is a good value but for spaces at its start or end (pasted from a
    /// spreadsheet, say), saying so rather than judging the spaces; true when it was.
    fn padded(&mut self, path: &Path, name: &str, s: &str, code: IssueCode, good: &dyn Fn(&str) -> bool) -> bool {
        let trimmed = s.trim();
        let padded = trimmed.len() != s.len() && !trimmed.is_empty() && good(trimmed);
        if padded {
            // Whole (up to the field limit): the value is good, to be copied back.
            let value = echo_up_to(trimmed, MAX_TEXT_CHARS);
            self.push(path, code, format!("{name} has spaces at its start or end: use {value}."));
        }
        padded
    }

    /// Warns about a verification time on a user with no email.
    pub fn verified_without_email(&mut self, path: &Path) {
        let message = "emailVerifiedAt marks the email as verified, but this user has no email.";
        self.push(&path.key("emailVerifiedAt"), IssueCode::VerifiedWithoutEmail, message);
    }

    /// Reports a bulk body that is not an array, or an empty one.
    pub fn bad_bulk(&mut self, got: Option<&str>) {
        let root = Path::Root;
        match got {
            Some(got) => {
                let message = format!("The bulk body must be an array of users, not {got}.");
                self.push(&root, IssueCode::InvalidType, message);
            }
            None => self.push(&root, IssueCode::EmptyBulk, "The bulk body has no users."),
        }
    }

    /// Checks a string value of `field` against its rule.
    pub fn string(&mut self, field: &Field, s: &str, path: &Path) {
        let name = field.name;
        match field.rule {
            Rule::Id => {
                let n = char_count(s);
                if n != ID_CHARS {
                    self.push(
                        path,
                        IssueCode::InvalidLength,
                        // A CSV's "id" column is often another system's (Stripe's "cus_…").
                        format!(
                            "{name} must be exactly {ID_CHARS} characters (a UUID); it has {n}: an id from another system belongs in metadata."
                        ),
                    );
                }
            }
            Rule::Text => {
                self.max_len(path, name, s);
            }
            Rule::AnyText => {
                if field.required && s.is_empty() {
                    self.push(path, IssueCode::Empty, format!("{name} must not be empty."));
                }
            }
            Rule::Enum { values, .. } => {
                if !is_one_of(s, values) {
                    let message = match suggest::did_you_mean(s, values) {
                        Some(hint) => format!("{} is not a valid {name}: did you mean \"{hint}\"?", echo(s)),
                        None => format!("{} is not a valid {name}; use one of: {}.", echo(s), values.join(", ")),
                    };
                    self.push(path, IssueCode::InvalidEnum, message);
                }
            }
            Rule::Country => {
                if !country::is_assigned(s) {
                    self.push(path, IssueCode::InvalidCountry, country::explain(s));
                }
            }
            Rule::Username => {
                let good = |u: &str| u.bytes().all(|b| USERNAME_BYTES[usize::from(b)]);
                if self.padded(path, name, s, IssueCode::InvalidUsername, &good) {
                    return;
                }
                if s.is_empty() {
                    self.push(
                        path,
                        IssueCode::InvalidUsername,
                        format!("{name} must not be empty; use null to clear it."),
                    );
                } else if !good(s) {
                    self.push(
                        path,
                        IssueCode::InvalidUsername,
                        format!("{name} may contain only ASCII letters, digits, '-' and '_'."),
                    );
                } else {
                    self.max_len(path, name, s);
                }
            }
            Rule::Email => {
                if self.padded(path, name, s, IssueCode::InvalidEmail, &email::is_valid_email) {
                    return;
                }
                if !email::is_valid_email(s) {
                    self.push(path, IssueCode::InvalidEmail, format!("{} is not a valid email address.", echo(s)));
                } else {
                    self.max_len(path, name, s);
                }
            }
            Rule::DateTime => {
                if !datetime::is_rfc3339(s) {
                    self.push(
                        path,
                        IssueCode::InvalidDatetime,
                        format!("{name} must be an RFC 3339 date-time such as \"2023-11-07T05:31:56Z\"."),
                    );
                }
            }
            Rule::WalletAddress(wallet) => {
                let valid = |a: &str| address::check_field_address(wallet, a) == AddressVerdict::Valid;
                if !self.padded(path, name, s, IssueCode::InvalidAddress, &valid) {
                    self.address_verdict(path, address::check_field_address(wallet, s));
                }
            }
            // The address waits for its chain; the others are not strings (see `wrong_type`).
            Rule::ChainAddress | Rule::Bool | Rule::Object | Rule::ArrayOf(_) | Rule::Emails | Rule::Strings => {}
        }
    }

    fn address_verdict(&mut self, path: &Path, verdict: AddressVerdict) {
        match verdict {
            AddressVerdict::Valid => {}
            AddressVerdict::Malformed(message) => self.push(path, IssueCode::InvalidAddress, message),
            AddressVerdict::ChecksumMismatch(message) => self.push(path, IssueCode::ChecksumMismatch, message),
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
            let message = format!("{name} is {n} characters long; the limit is {MAX_TEXT_CHARS}.");
            self.push(path, IssueCode::TooLong, message);
        }
        too_long
    }
}

/// Bytes a username may hold, as a table: one load a byte where the tests were five compares.
const USERNAME_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = (b as u8).is_ascii_alphanumeric() || b as u8 == b'-' || b as u8 == b'_';
        b += 1;
    }
    table
};

fn is_one_of(s: &str, values: &[&str]) -> bool {
    values.iter().any(|v| scan::same(v.as_bytes(), s.as_bytes()))
}

fn char_count(s: &str) -> usize {
    s.chars().count()
}
