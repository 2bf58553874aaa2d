//! The API's published request schema (`schema/user.schema.json`, a transcription of SPEC
//! section 2), checked by a JSON Schema engine. Deliberately independent of the client's code:
//! a differential test between the two is what shows they agree.
//!
//! Engine settings: the `jsonschema` crate translates each ECMAScript `pattern` to Rust regex
//! syntax (a pattern with look-around is passed through as is) and matches with fancy-regex,
//! its default engine, which supports the name pattern's `(?=\S)` / `(?<=\S)`; `\p{L}` and
//! `\p{N}` are Unicode categories, as with ECMAScript's `u` flag. Formats are asserted
//! (`emailVerifiedAt` is a `date-time`), which draft 2020-12 leaves off by default.

use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::paths::LocationSegment;
use jsonschema::{ValidationError, Validator};
use serde_json::Value;
use std::fmt;
use std::sync::LazyLock;

/// The schema document, compiled into the binary.
pub const SCHEMA_JSON: &str = include_str!("../schema/user.schema.json");

/// The first schema violation found in a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaError {
    /// Where, in the client's notation: `""` (the body itself), `username`,
    /// `wallets[0].chain`, `[3].email` (bulk). For a missing or unknown field, the field's own
    /// path (`wallets[0].chain`, `nickname`).
    pub path: String,
    /// What is wrong, without the path (`must match the pattern …`).
    pub message: String,
}

impl fmt::Display for SchemaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "request body: {}", self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for SchemaError {}

struct Validators {
    new_user: Validator,
    user_update: Validator,
    bulk_body: Validator,
}

/// Built once, on first use; a build failure is a bug in the schema file (unit-tested).
static VALIDATORS: LazyLock<Validators> = LazyLock::new(|| {
    let doc: Value = serde_json::from_str(SCHEMA_JSON).expect("schema/user.schema.json is JSON");
    let build = |def: &str| {
        // The document's root asserts nothing; pointing its `$ref` at one definition makes it
        // that definition's validator while every `#/$defs/…` reference still resolves.
        let mut root = doc.clone();
        root["$ref"] = Value::String(format!("#/$defs/{def}"));
        jsonschema::options()
            .should_validate_formats(true)
            .build(&root)
            .unwrap_or_else(|e| panic!("schema $defs/{def} does not compile: {e}"))
    };
    Validators { new_user: build("newUser"), user_update: build("userUpdate"), bulk_body: build("bulkBody") }
});

/// Compiles the validators now (at start-up) rather than on the first request.
pub fn init() {
    LazyLock::force(&VALIDATORS);
}

/// One item of a bulk body (`$defs/newUser`).
pub fn check_new_user(v: &Value) -> Result<(), SchemaError> {
    check(&VALIDATORS.new_user, v)
}

/// The body of `PUT /users/{userId}` and of the environment-scoped path (`$defs/userUpdate`).
pub fn check_user_update(v: &Value) -> Result<(), SchemaError> {
    check(&VALIDATORS.user_update, v)
}

/// A whole bulk body: an array of 1 to 50 new users (`$defs/bulkBody`).
pub fn check_bulk_body(v: &Value) -> Result<(), SchemaError> {
    check(&VALIDATORS.bulk_body, v)
}

fn check(validator: &Validator, v: &Value) -> Result<(), SchemaError> {
    match validator.validate(v) {
        Ok(()) => Ok(()),
        Err(e) => Err(describe(&e)),
    }
}

/// `/3/wallets/0/chain` → `[3].wallets[0].chain`. Every all-digit segment is an array index:
/// the schema has no object with digit keys whose inside it checks (metadata and profile are
/// free objects).
fn render_path(e: &ValidationError<'_>) -> String {
    let mut out = String::new();
    for seg in e.instance_path().iter() {
        match seg {
            LocationSegment::Index(i) => {
                out.push('[');
                out.push_str(&i.to_string());
                out.push(']');
            }
            LocationSegment::Property(p) => push_key(&mut out, &p),
        }
    }
    out
}

fn push_key(out: &mut String, key: &str) {
    if !out.is_empty() {
        out.push('.');
    }
    out.push_str(key);
}

/// A value for a message: JSON, cut short (a refused field may be megabytes long).
fn show(v: &Value) -> String {
    const MAX: usize = 80;
    let s = v.to_string();
    if s.chars().count() <= MAX { s } else { format!("{}…", s.chars().take(MAX).collect::<String>()) }
}

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn describe(e: &ValidationError<'_>) -> SchemaError {
    let mut path = render_path(e);
    let instance: &Value = e.instance();
    let message = match e.kind() {
        ValidationErrorKind::Type { kind } => {
            let wanted = match kind {
                TypeKind::Single(t) => t.to_string(),
                TypeKind::Multiple(set) => set.iter().map(|t| t.to_string()).collect::<Vec<_>>().join(" or "),
            };
            format!("must be {wanted}, not {}", json_type(instance))
        }
        ValidationErrorKind::Pattern { pattern } => {
            format!("{} does not match the API's pattern {pattern}", show(instance))
        }
        ValidationErrorKind::MaxLength { limit } => format!("must be at most {limit} characters"),
        ValidationErrorKind::Enum { options } => format!("{} is not one of {options}", show(instance)),
        ValidationErrorKind::Format { format } => format!("{} is not a valid {format}", show(instance)),
        ValidationErrorKind::Required { property } => {
            push_key(&mut path, property.as_str().unwrap_or_default());
            "is required".to_owned()
        }
        ValidationErrorKind::AdditionalProperties { unexpected } => {
            push_key(&mut path, unexpected.first().map(String::as_str).unwrap_or_default());
            "is not a field of the API's schema".to_owned()
        }
        ValidationErrorKind::MinItems { limit } => {
            format!("must hold at least {limit} item(s), got {}", instance.as_array().map_or(0, Vec::len))
        }
        ValidationErrorKind::MaxItems { limit } => {
            format!("must hold at most {limit} items, got {}", instance.as_array().map_or(0, Vec::len))
        }
        _ => {
            let text = e.to_string();
            if text.chars().count() > 200 { format!("{}…", text.chars().take(200).collect::<String>()) } else { text }
        }
    };
    SchemaError { path, message }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn path(r: Result<(), SchemaError>) -> Option<String> {
        r.err().map(|e| e.path)
    }

    #[test]
    fn compiles_and_takes_the_seed_bodies() {
        init();
        let bulk: Value = serde_json::from_str(include_str!("../tests/fixtures/seed-bulk-request.json")).unwrap();
        assert_eq!(check_bulk_body(&bulk), Ok(()));
        let upd: Value = serde_json::from_str(include_str!("../tests/fixtures/seed-update-request.json")).unwrap();
        assert_eq!(check_user_update(&upd), Ok(()));
    }

    #[test]
    fn paths_name_the_field() {
        assert_eq!(path(check_new_user(&json!({"username": "jo"}))).as_deref(), Some("username"));
        let w = json!({"wallets": [{"publicWalletAddress": "0xbF394748301603f18d953C90F0b087CBEC0E1834",
            "chain": "DOGE", "walletName": "m", "walletProvider": "qrCode"}]});
        assert_eq!(path(check_new_user(&w)).as_deref(), Some("wallets[0].chain"));
        let missing = json!({"wallets": [{"publicWalletAddress": "0xbF394748301603f18d953C90F0b087CBEC0E1834",
            "walletName": "m", "walletProvider": "qrCode"}]});
        assert_eq!(path(check_new_user(&missing)).as_deref(), Some("wallets[0].chain"));
        assert_eq!(path(check_user_update(&json!({"nickname": "x"}))).as_deref(), Some("nickname"));
        assert_eq!(path(check_user_update(&json!({"email": "a@b.co"}))).as_deref(), Some("email"));
        let bulk = json!([{"email": "a@b.co"}, {"email": "b@b.co"}, {}, {"username": "jo"}]);
        let e = check_bulk_body(&bulk).unwrap_err();
        assert_eq!(e.path, "[3].username");
        assert!(e.to_string().starts_with("[3].username: \"jo\" does not match"), "{e}");
        assert_eq!(path(check_bulk_body(&json!([]))).as_deref(), Some(""));
        assert_eq!(path(check_bulk_body(&json!({}))).as_deref(), Some(""));
    }

    #[test]
    fn messages_stay_short() {
        let users: Vec<Value> = (0..51).map(|i| json!({"email": format!("u{i}@example.com")})).collect();
        let e = check_bulk_body(&Value::Array(users)).unwrap_err();
        assert_eq!(e.to_string(), "request body: must hold at most 50 items, got 51");
        let e = check_new_user(&json!({"alias": "x".repeat(10_000)})).unwrap_err();
        assert!(e.to_string().len() < 300, "{e}");
    }

    #[test]
    fn the_note_of_spec_section_2() {
        let user = |k: &str, v: &str| check_new_user(&json!({ k: v }));
        for ok in ["José", "李雷雷", "", "a_b-c", "١٢٣"] {
            assert_eq!(user("username", ok), Ok(()), "{ok}");
        }
        for bad in ["jo", "john.doe", "a b c", "O'Brien", "x".repeat(21).as_str()] {
            assert!(user("username", bad).is_err(), "{bad}");
        }
        for ok in ["Ada", "O'Brien", "١٢٣", "Smith Jr.", ""] {
            assert_eq!(user("lastName", ok), Ok(()), "{ok}");
        }
        for bad in ["Smith (Jr.)", " Ada", "Ada ", "Ada 🚀", "Jose\u{301}", "प्रिया"] {
            assert!(user("lastName", bad).is_err(), "{bad}");
        }
        assert!(user("phoneNumber", "+1 (917) 111-3333").is_err());
        assert_eq!(user("phoneNumber", "+1 917 111-3333"), Ok(()));
        assert!(user("id", "95B11417-F18F-457F-8804-68E361F9164F").is_err());
        assert_eq!(user("id", "95b11417-f18f-457f-8804-68e361f9164f"), Ok(()));
        assert!(user("btcWallet", "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx").is_err());
        assert!(user("ltcWallet", "ltc1qg82dfnd2f5hjq6ga6lqjq8hjd5z0r0y6v8z6tp").is_err());
        assert!(user("dogeWallet", "A1234567890123456789012345678901234").is_err());
        assert!(user("kasWallet", &format!("kaspatest:{}", "q".repeat(61))).is_err());
        assert_eq!(user("kasWallet", &format!("kaspa:{}", "q".repeat(61))), Ok(()));
        assert_eq!(user("ckbWallet", "ckb1qyqylv479ewscx3ms620sv34pgeuz6zagaarxdzvx03"), Ok(()));
    }

    #[test]
    fn email_pattern_reads_as_ecmascript() {
        for ok in ["\"john doe\"@example.com", "a@", "a@b c", "ada@@example.com", "hello-world@foobar.com", ""] {
            assert_eq!(check_new_user(&json!({ "email": ok })), Ok(()), "{ok}");
        }
        for bad in ["\"\"@x.com", "a..b@x.com", ".a@x.com", "no-at-sign", "é@x.com"] {
            assert!(check_new_user(&json!({ "email": bad })).is_err(), "{bad}");
        }
    }

    #[test]
    fn nullability_formats_and_lengths() {
        assert_eq!(check_user_update(&json!({"country": null, "username": null, "kdaWallet": null})), Ok(()));
        assert!(check_user_update(&json!({"firstName": null})).is_err());
        assert!(check_user_update(&json!({"metadata": null})).is_err());
        assert!(check_user_update(&json!({"country": "us"})).is_err());
        assert_eq!(check_user_update(&json!({"country": "ZZ"})), Ok(()), "the schema's rule, not ISO's list");
        assert!(check_new_user(&json!({"emailVerifiedAt": "yesterday"})).is_err());
        assert_eq!(check_new_user(&json!({"emailVerifiedAt": "2023-11-07T05:31:56Z"})), Ok(()));
        assert_eq!(check_new_user(&json!({"alias": "é".repeat(255)})), Ok(()), "characters, not bytes");
        assert!(check_new_user(&json!({"alias": "é".repeat(256)})).is_err());
        let long_id = "a".repeat(300);
        let oauth = json!({"oauthAccounts": [{"provider": "github", "accountId": long_id}]});
        assert_eq!(check_new_user(&oauth), Ok(()), "accountId has no maxLength");
        let stellar = json!({"wallets": [{"publicWalletAddress": "GABCDEFGHIJKLMNOPQRSTUVWXYZ234567",
            "chain": "STELLAR", "walletName": "Freighter", "walletProvider": "browserExtension",
            "additionalWalletAddresses": [{"address": "x", "type": "ton"}]}]});
        assert_eq!(check_new_user(&stellar), Ok(()));
    }
}
