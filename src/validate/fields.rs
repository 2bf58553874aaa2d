//! Checks one object against its [`ObjectSpec`] and each value against its [`Rule`].

use std::borrow::Cow;

use crate::address::{self, AddressVerdict};
use crate::json::Json;
use crate::model::enums::CHAINS;

use super::report::{echo, ValidationIssue, IssueCode, Path};
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

    /// Checks one new user (a bulk item): its fields, and a verification time with no email.
    pub fn new_user(&mut self, value: &Json, path: &Path) {
        self.object(&super::schema::NEW_USER, value, path);
        if value.get("emailVerifiedAt").is_some() && value.get("email").is_none() {
            let message = "emailVerifiedAt marks the email as verified, but this user has no email.";
            self.push(&path.key("emailVerifiedAt"), IssueCode::VerifiedWithoutEmail, message);
        }
    }

    /// Checks an object: unknown and misplaced fields, each known field, missing required ones.
    pub fn object(&mut self, spec: &ObjectSpec, value: &Json, path: &Path) {
        let Json::Object(entries) = value else {
            let what = spec.what;
            self.push(path, IssueCode::InvalidType, format!("{what} must be an object, not {}.", value.kind()));
            return;
        };
        for (key, value) in entries {
            let key: &str = key;
            let here = path.key(key);
            match spec.field(key) {
                Some(field) if matches!(field.rule, Rule::ChainAddress) => self.chain_address(field, value, entries, &here),
                Some(field) => self.value(field, value, &here),
                None => self.unknown_field(spec, key, &here),
            }
        }
        for field in spec.fields.iter().filter(|f| f.required) {
            if !entries.iter().any(|(k, _)| k == field.name) {
                let what = spec.what;
                let name = field.name;
                self.push(&path.key(name), IssueCode::Required, format!("{what} needs a {name}."));
            }
        }
    }

    pub fn unknown_field(&mut self, spec: &ObjectSpec, key: &str, path: &Path) {
        let quoted = echo(key);
        // Update bodies have no nested objects, so in update mode this is always the top level.
        if self.endpoint == Endpoint::Update && NEW_USER_ONLY.contains(&key) {
            let message = format!(
                "{key} cannot be changed with updateUser (PUT /users/{{userId}}); set it with bulkCreateUsers (POST /environments/{{environmentId}}/users/bulk?upsert=true)."
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

    /// Checks one field's value.
    pub fn value(&mut self, field: &Field, value: &Json, path: &Path) {
        let name = field.name;
        let nullable = matches!(
            field.rule,
            Rule::Country | Rule::Username | Rule::WalletAddress(_) | Rule::Enum { nullable: true, .. }
        );
        if nullable && *value == Json::Null {
            return;
        }
        match field.rule {
            Rule::Bool => {
                if !matches!(value, Json::Bool(_)) {
                    self.wrong_type(path, name, "true or false", value);
                }
            }
            Rule::Object => {
                if !matches!(value, Json::Object(_)) {
                    self.wrong_type(path, name, "an object", value);
                }
            }
            Rule::ArrayOf(spec) => {
                let Json::Array(items) = value else { return self.wrong_type(path, name, "an array", value) };
                for (i, item) in items.iter().enumerate() {
                    self.object(spec, item, &path.index(i));
                }
            }
            Rule::Emails | Rule::Strings => {
                let Json::Array(items) = value else { return self.wrong_type(path, name, "an array", value) };
                for (i, item) in items.iter().enumerate() {
                    let here = path.index(i);
                    match item {
                        Json::String(s) if matches!(field.rule, Rule::Emails) && !email::is_valid_email(s) => {
                            self.push(&here, IssueCode::InvalidEmail, format!("{} is not a valid email address.", echo(s)));
                        }
                        Json::String(_) => {}
                        other => self.wrong_type(&here, name, "an array of strings", other),
                    }
                }
            }
            _ => {
                let Json::String(s) = value else {
                    let expected = if nullable { "a string or null" } else { "a string" };
                    return self.wrong_type(path, name, expected, value);
                };
                self.string(field, s, path);
            }
        }
    }

    fn string(&mut self, field: &Field, s: &str, path: &Path) {
        let name = field.name;
        match field.rule {
            Rule::Id => {
                let n = char_count(s);
                if n != ID_CHARS {
                    self.push(path, IssueCode::InvalidLength, format!("{name} must be exactly {ID_CHARS} characters (a UUID); it has {n}."));
                }
            }
            Rule::Text => self.max_len(path, name, s),
            Rule::AnyText => {
                if field.required && s.is_empty() {
                    self.push(path, IssueCode::Empty, format!("{name} must not be empty."));
                }
            }
            Rule::Enum { values, .. } => {
                if !values.contains(&s) {
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
                if s.is_empty() {
                    self.push(path, IssueCode::InvalidUsername, format!("{name} must not be empty; use null to clear it."));
                } else if !s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
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
                let verdict = address::check_field_address(wallet, s);
                self.address_verdict(path, verdict);
            }
            Rule::ChainAddress | Rule::Bool | Rule::Object | Rule::ArrayOf(_) | Rule::Emails | Rule::Strings => {}
        }
    }

    /// A wallet's address is judged by its sibling `chain`; a missing or unknown chain is
    /// reported on `chain` itself, so the address then only needs to be a string.
    fn chain_address(&mut self, field: &Field, value: &Json, siblings: &[(Cow<str>, Json)], path: &Path) {
        let Json::String(address) = value else { return self.wrong_type(path, field.name, "a string", value) };
        let chain = siblings.iter().find(|(k, _)| k == "chain").and_then(|(_, v)| v.as_str());
        match chain {
            Some(chain) if CHAINS.contains(&chain) => {
                let verdict = address::check_chain_address(chain, address);
                self.address_verdict(path, verdict);
            }
            _ if address.is_empty() => self.push(path, IssueCode::Empty, format!("{} must not be empty.", field.name)),
            _ => {}
        }
    }

    fn address_verdict(&mut self, path: &Path, verdict: AddressVerdict) {
        match verdict {
            AddressVerdict::Valid => {}
            AddressVerdict::Malformed(message) => self.push(path, IssueCode::InvalidAddress, message),
            AddressVerdict::ChecksumMismatch(message) => self.push(path, IssueCode::ChecksumMismatch, message),
        }
    }

    fn max_len(&mut self, path: &Path, name: &str, s: &str) {
        // Bytes bound characters from above, so most strings skip the count.
        if s.len() > MAX_TEXT_CHARS {
            let n = char_count(s);
            if n > MAX_TEXT_CHARS {
                self.push(path, IssueCode::TooLong, format!("{name} is {n} characters long; the limit is {MAX_TEXT_CHARS}."));
            }
        }
    }

    fn wrong_type(&mut self, path: &Path, name: &str, expected: &str, got: &Json) {
        self.push(path, IssueCode::InvalidType, format!("{name} must be {expected}, not {}.", got.kind()));
    }
}

fn char_count(s: &str) -> usize {
    s.chars().count()
}
