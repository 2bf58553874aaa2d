//! The emulator's own request checks. Deliberately light and written from the API pages,
//! not from any client code: they exist to catch a client sending what the API refuses.

use crate::timefmt::is_rfc3339;
use serde_json::{Map, Value};

/// Plain string fields (≤ 255 characters, not nullable).
pub const STRING_FIELDS: &[&str] = &["alias", "firstName", "lastName", "jobTitle", "phoneNumber", "tShirtSize", "team"];
pub const BOOL_FIELDS: &[&str] =
    &["policiesConsent", "emailNotification", "discordNotification", "newsletterNotification"];
pub const WALLET_FIELDS: &[&str] = &["btcWallet", "ltcWallet", "dogeWallet", "kdaWallet", "ckbWallet", "kasWallet"];
/// Fields accepted by `PUT /users/{userId}` (besides `id`, `metadata`, `country`, `username`,
/// `mfaBackupCodeAcknowledgement`, which are listed in [`is_updatable`]).
const OTHER_UPDATABLE: &[&str] = &["id", "metadata", "mfaBackupCodeAcknowledgement", "country", "username"];
/// Fields only a new (bulk) user may carry.
pub const NEW_USER_ONLY: &[&str] = &["email", "emailVerifiedAt", "wallets", "oauthAccounts"];

const CHAINS: &[&str] =
    &["ETH", "EVM", "FLOW", "SOL", "ALGO", "STARK", "COSMOS", "BTC", "ECLIPSE", "SUI", "SPARK", "TRON", "APTOS", "TON"];
const WALLET_PROVIDERS: &[&str] = &[
    "browserExtension",
    "custodialService",
    "walletConnect",
    "qrCode",
    "deepLink",
    "embeddedWallet",
    "smartContractWallet",
];
const ADDITIONAL_ADDRESS_TYPES: &[&str] = &["ordinals", "payment", "cosmos", "evm"];
const OAUTH_PROVIDERS: &[&str] = &[
    "emailOnly",
    "magicLink",
    "apple",
    "bitbucket",
    "coinbasesocial",
    "discord",
    "epicgames",
    "facebook",
    "farcaster",
    "github",
    "gitlab",
    "google",
    "instagram",
    "linkedin",
    "microsoft",
    "twitch",
    "twitter",
    "blocto",
    "banxa",
    "coinbaseOnramp",
    "cryptoDotCom",
    "dynamic",
    "alchemy",
    "zerodev",
    "telegram",
    "turnkey",
    "coinbaseWaas",
    "sms",
    "spotify",
    "tiktok",
    "line",
    "steam",
    "shopify",
    "zksync",
    "kraken",
    "blockaid",
    "passkey",
    "okta",
    "sendgrid",
    "resend",
];

/// Why a user item or update body was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    /// The API's code: `invalid_user`, `invalid_email`, `invalid_username`,
    /// `invalid_wallet_address`, or (PUT only) `field_not_updatable`.
    pub code: &'static str,
    pub error: String,
    /// The offending field path, e.g. `wallets[0].chain`.
    pub field: String,
}

fn invalid(code: &'static str, field: impl Into<String>, error: impl Into<String>) -> Invalid {
    Invalid { code, error: error.into(), field: field.into() }
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn want_string<'a>(field: &str, v: &'a Value) -> Result<&'a str, Invalid> {
    match v {
        Value::String(s) => Ok(s),
        other => Err(invalid("invalid_user", field, format!("{field} must be a string, got {}", type_name(other)))),
    }
}

fn want_short_string<'a>(field: &str, v: &'a Value) -> Result<&'a str, Invalid> {
    let s = want_string(field, v)?;
    if s.chars().count() > 255 {
        return Err(invalid("invalid_user", field, format!("{field} must be at most 255 characters")));
    }
    Ok(s)
}

pub fn is_updatable(key: &str) -> bool {
    STRING_FIELDS.contains(&key)
        || BOOL_FIELDS.contains(&key)
        || WALLET_FIELDS.contains(&key)
        || OTHER_UPDATABLE.contains(&key)
}

/// Checks one field that both a new user and an update may carry.
fn check_updatable(key: &str, v: &Value) -> Result<(), Invalid> {
    if STRING_FIELDS.contains(&key) {
        want_short_string(key, v)?;
    } else if BOOL_FIELDS.contains(&key) {
        if !v.is_boolean() {
            return Err(invalid("invalid_user", key, format!("{key} must be a boolean, got {}", type_name(v))));
        }
    } else if WALLET_FIELDS.contains(&key) {
        if !v.is_null() {
            let s = want_string(key, v)?;
            if !wallet_field_ok(key, s) {
                return Err(invalid("invalid_wallet_address", key, format!("{key} is not a valid address")));
            }
        }
    } else {
        match key {
            "id" => {
                let s = want_string(key, v)?;
                if s.chars().count() != 36 {
                    return Err(invalid("invalid_user", key, "id must be 36 characters"));
                }
            }
            "metadata" => {
                if !v.is_object() {
                    return Err(invalid(
                        "invalid_user",
                        key,
                        format!("metadata must be an object, got {}", type_name(v)),
                    ));
                }
            }
            "mfaBackupCodeAcknowledgement" => {
                if !(v.is_null() || v == "pending" || v == "complete") {
                    return Err(invalid(
                        "invalid_user",
                        key,
                        "mfaBackupCodeAcknowledgement must be \"pending\", \"complete\" or null",
                    ));
                }
            }
            "country" => {
                if !v.is_null() {
                    let s = want_string(key, v)?;
                    if !(s.len() == 2 && s.bytes().all(|b| b.is_ascii_uppercase())) {
                        return Err(invalid(
                            "invalid_user",
                            key,
                            "country must be an upper-case ISO 3166-1 alpha-2 code",
                        ));
                    }
                }
            }
            "username" => {
                if !v.is_null() {
                    let s = want_string(key, v)?;
                    if !username_ok(s) {
                        return Err(invalid(
                            "invalid_username",
                            key,
                            "username may contain only letters, digits, '-' and '_' (1 to 255)",
                        ));
                    }
                }
            }
            _ => unreachable!("not an updatable field: {key}"),
        }
    }
    Ok(())
}

fn username_ok(s: &str) -> bool {
    !s.is_empty() && s.len() <= 255 && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// A light email check: `local@domain.tld`, no spaces, sane lengths.
pub fn email_ok(s: &str) -> bool {
    if s.chars().count() > 255 || s.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return false;
    }
    let Some((local, domain)) = s.rsplit_once('@') else {
        return false;
    };
    if local.is_empty() || local.len() > 64 || local.contains('@') {
        return false;
    }
    let labels: Vec<&str> = domain.split('.').collect();
    if labels.len() < 2 {
        return false;
    }
    let label_ok = |l: &&str| {
        !l.is_empty() && !l.starts_with('-') && !l.ends_with('-') && l.chars().all(|c| c.is_alphanumeric() || c == '-')
    };
    let tld = labels[labels.len() - 1];
    labels.iter().all(label_ok) && tld.chars().count() >= 2 && !tld.chars().all(|c| c.is_ascii_digit())
}

const BASE58: &str = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
const BECH32: &str = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

fn base58_shape(s: &str, first: &[char]) -> bool {
    (25..=35).contains(&s.len())
        && s.chars().next().is_some_and(|c| first.contains(&c))
        && s.chars().all(|c| BASE58.contains(c))
}

fn bech32_shape(s: &str, hrps: &[&str]) -> bool {
    let lower = s.to_ascii_lowercase();
    if s != lower && s != s.to_ascii_uppercase() {
        return false;
    }
    hrps.iter().any(|hrp| {
        lower
            .strip_prefix(hrp)
            .and_then(|r| r.strip_prefix('1'))
            .is_some_and(|data| (6..=90).contains(&data.len()) && data.chars().all(|c| BECH32.contains(c)))
    })
}

/// Light shape checks of the six top-level wallet fields (no checksums).
fn wallet_field_ok(key: &str, s: &str) -> bool {
    let lower_alnum = |r: &str| !r.is_empty() && r.bytes().all(|b| b.is_ascii_digit() || b.is_ascii_lowercase());
    match key {
        "btcWallet" => base58_shape(s, &['1', '3', 'm', 'n', '2']) || bech32_shape(s, &["bc", "tb"]),
        "ltcWallet" => base58_shape(s, &['L', 'M', '3']) || bech32_shape(s, &["ltc"]),
        "dogeWallet" => base58_shape(s, &['D', 'A', '9']),
        "kdaWallet" => s.strip_prefix("k:").is_some_and(|h| h.len() == 64 && h.bytes().all(|b| b.is_ascii_hexdigit())),
        // Prefix and plain alphanumerics only: the API page's own example is not strict bech32.
        "ckbWallet" => ["ckb1", "ckt1"].iter().any(|p| s.strip_prefix(p).is_some_and(lower_alnum)),
        "kasWallet" => ["kaspa:", "kaspatest:"].iter().any(|p| s.strip_prefix(p).is_some_and(lower_alnum)),
        _ => false,
    }
}

fn chain_address_ok(chain: &str, addr: &str) -> bool {
    match chain {
        "ETH" | "EVM" => addr.len() == 42 && addr.starts_with("0x") && addr[2..].bytes().all(|b| b.is_ascii_hexdigit()),
        _ => !addr.trim().is_empty() && addr.chars().count() <= 255,
    }
}

fn want_object<'a>(field: &str, v: &'a Value) -> Result<&'a Map<String, Value>, Invalid> {
    v.as_object()
        .ok_or_else(|| invalid("invalid_user", field, format!("{field} must be an object, got {}", type_name(v))))
}

fn want_array<'a>(field: &str, v: &'a Value) -> Result<&'a Vec<Value>, Invalid> {
    v.as_array()
        .ok_or_else(|| invalid("invalid_user", field, format!("{field} must be an array, got {}", type_name(v))))
}

fn required<'a>(obj: &'a Map<String, Value>, path: &str, key: &str) -> Result<&'a Value, Invalid> {
    obj.get(key).ok_or_else(|| invalid("invalid_user", format!("{path}.{key}"), format!("{path}.{key} is required")))
}

fn one_of(path: &str, s: &str, allowed: &[&str]) -> Result<(), Invalid> {
    if allowed.contains(&s) {
        Ok(())
    } else {
        Err(invalid("invalid_user", path, format!("{path} must be one of {}", allowed.join(", "))))
    }
}

fn no_unknown_keys(obj: &Map<String, Value>, path: &str, known: &[&str]) -> Result<(), Invalid> {
    match obj.keys().find(|k| !known.contains(&k.as_str())) {
        Some(k) => Err(invalid("invalid_user", format!("{path}.{k}"), format!("unknown field {path}.{k}"))),
        None => Ok(()),
    }
}

fn check_wallet(path: &str, v: &Value) -> Result<(), Invalid> {
    let w = want_object(path, v)?;
    no_unknown_keys(
        w,
        path,
        &["publicWalletAddress", "chain", "walletName", "walletProvider", "additionalWalletAddresses"],
    )?;
    let addr = want_short_string(&format!("{path}.publicWalletAddress"), required(w, path, "publicWalletAddress")?)?;
    let chain_path = format!("{path}.chain");
    let chain = want_string(&chain_path, required(w, path, "chain")?)?;
    one_of(&chain_path, chain, CHAINS)?;
    want_short_string(&format!("{path}.walletName"), required(w, path, "walletName")?)?;
    let prov_path = format!("{path}.walletProvider");
    let prov = want_string(&prov_path, required(w, path, "walletProvider")?)?;
    one_of(&prov_path, prov, WALLET_PROVIDERS)?;
    if !chain_address_ok(chain, addr) {
        return Err(invalid(
            "invalid_wallet_address",
            format!("{path}.publicWalletAddress"),
            format!("{path}.publicWalletAddress is not a valid {chain} address"),
        ));
    }
    if let Some(extra) = w.get("additionalWalletAddresses") {
        let p = format!("{path}.additionalWalletAddresses");
        for (i, a) in want_array(&p, extra)?.iter().enumerate() {
            let ap = format!("{p}[{i}]");
            let a = want_object(&ap, a)?;
            no_unknown_keys(a, &ap, &["address", "publicKey", "type"])?;
            want_short_string(&format!("{ap}.address"), required(a, &ap, "address")?)?;
            if let Some(pk) = a.get("publicKey") {
                want_string(&format!("{ap}.publicKey"), pk)?;
            }
            let tp = format!("{ap}.type");
            one_of(&tp, want_string(&tp, required(a, &ap, "type")?)?, ADDITIONAL_ADDRESS_TYPES)?;
        }
    }
    Ok(())
}

fn check_oauth(path: &str, v: &Value) -> Result<(), Invalid> {
    let o = want_object(path, v)?;
    no_unknown_keys(o, path, &["provider", "accountId", "emails", "displayName", "username", "photos", "profile"])?;
    let pp = format!("{path}.provider");
    one_of(&pp, want_string(&pp, required(o, path, "provider")?)?, OAUTH_PROVIDERS)?;
    let id = want_short_string(&format!("{path}.accountId"), required(o, path, "accountId")?)?;
    if id.is_empty() {
        return Err(invalid("invalid_user", format!("{path}.accountId"), "accountId must not be empty"));
    }
    for key in ["displayName", "username"] {
        if let Some(v) = o.get(key) {
            want_short_string(&format!("{path}.{key}"), v)?;
        }
    }
    if let Some(v) = o.get("emails") {
        let ep = format!("{path}.emails");
        for (i, e) in want_array(&ep, v)?.iter().enumerate() {
            let s = want_string(&format!("{ep}[{i}]"), e)?;
            if !email_ok(s) {
                return Err(invalid("invalid_email", format!("{ep}[{i}]"), "not a valid email address"));
            }
        }
    }
    if let Some(v) = o.get("photos") {
        let php = format!("{path}.photos");
        for (i, p) in want_array(&php, v)?.iter().enumerate() {
            want_string(&format!("{php}[{i}]"), p)?;
        }
    }
    if let Some(v) = o.get("profile") {
        want_object(&format!("{path}.profile"), v)?;
    }
    Ok(())
}

/// Checks one item of a bulk request.
pub fn validate_new_user(item: &Value) -> Result<&Map<String, Value>, Invalid> {
    let obj = item
        .as_object()
        .ok_or_else(|| invalid("invalid_user", "", format!("a user must be an object, got {}", type_name(item))))?;
    for (key, v) in obj {
        let key = key.as_str();
        if is_updatable(key) {
            check_updatable(key, v)?;
            continue;
        }
        match key {
            "email" => {
                let s = want_string(key, v)?;
                if !email_ok(s) {
                    return Err(invalid("invalid_email", key, "email is not a valid email address"));
                }
            }
            "emailVerifiedAt" => {
                if !is_rfc3339(want_string(key, v)?) {
                    return Err(invalid("invalid_user", key, "emailVerifiedAt must be an RFC 3339 date-time"));
                }
            }
            "wallets" => {
                for (i, w) in want_array(key, v)?.iter().enumerate() {
                    check_wallet(&format!("wallets[{i}]"), w)?;
                }
            }
            "oauthAccounts" => {
                for (i, o) in want_array(key, v)?.iter().enumerate() {
                    check_oauth(&format!("oauthAccounts[{i}]"), o)?;
                }
            }
            other => {
                return Err(invalid("invalid_user", other, format!("unknown field {other}")));
            }
        }
    }
    Ok(obj)
}

/// Checks the body of `PUT /users/{userId}`.
pub fn validate_update(body: &Value) -> Result<&Map<String, Value>, Invalid> {
    let obj = body.as_object().ok_or_else(|| {
        invalid("invalid_body", "", format!("the body must be a JSON object, got {}", type_name(body)))
    })?;
    for (key, v) in obj {
        if is_updatable(key) {
            check_updatable(key, v)?;
        } else if NEW_USER_ONLY.contains(&key.as_str()) {
            return Err(invalid(
                "field_not_updatable",
                key.as_str(),
                format!("{key} cannot be changed through this endpoint"),
            ));
        } else {
            return Err(invalid("field_not_updatable", key.as_str(), format!("unknown field {key}")));
        }
    }
    Ok(obj)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn emails() {
        assert!(email_ok("hello-world@foobar.com"));
        assert!(email_ok("A.B+c@sub.example.co"));
        for bad in ["", "a", "a@b", "a@@b.com", "a b@c.com", "@c.com", "a@.com", "a@c.1"] {
            assert!(!email_ok(bad), "{bad}");
        }
    }

    #[test]
    fn wallet_fields_from_the_api_page() {
        for (k, v) in [
            ("btcWallet", "3FZbgi29cpjq2GjdwV8eyHuJJnkLtktZc5"),
            ("btcWallet", "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"),
            ("kdaWallet", "k:0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF"),
            ("ltcWallet", "LUttH43tQ4x4qniCKr1Rqo8ESeXFPdv9ax"),
            ("ckbWallet", "ckt1q9876543210abcdefghijklmnopqrstuvwxyz"),
            ("kasWallet", "kaspa:qrelgny7sr3vahq69yykxx36m65gvmhryxrlwngfzgu8xkdslum2yxjp3ap8m"),
            ("dogeWallet", "DPcy35vmuk8GXcfu1vgFFEeij3BuYYJQKB"),
        ] {
            assert!(wallet_field_ok(k, v), "{k} {v}");
        }
        assert!(!wallet_field_ok("kdaWallet", "k:12"));
        assert!(!wallet_field_ok("btcWallet", "0x12"));
        assert!(!wallet_field_ok("dogeWallet", "LUttH43tQ4x4qniCKr1Rqo8ESeXFPdv9ax"));
    }

    #[test]
    fn new_user_codes() {
        let code = |v: Value| validate_new_user(&v).err().map(|e| e.code);
        assert_eq!(code(json!({"email": "a@b.co", "username": "x_y-1"})), None);
        assert_eq!(code(json!(42)), Some("invalid_user"));
        assert_eq!(code(json!({"firstName": 5})), Some("invalid_user"));
        assert_eq!(code(json!({"first_name": "x"})), Some("invalid_user"));
        assert_eq!(code(json!({"email": "nope"})), Some("invalid_email"));
        assert_eq!(code(json!({"username": "a b"})), Some("invalid_username"));
        assert_eq!(
            code(json!({"wallets": [{"publicWalletAddress": "0x12", "chain": "ETH",
                "walletName": "m", "walletProvider": "browserExtension"}]})),
            Some("invalid_wallet_address")
        );
        assert_eq!(
            code(json!({"wallets": [{"publicWalletAddress": "0x12", "chain": "DOGE",
                "walletName": "m", "walletProvider": "browserExtension"}]})),
            Some("invalid_user")
        );
        assert_eq!(code(json!({"alias": "x".repeat(256)})), Some("invalid_user"));
        assert_eq!(code(json!({"alias": "é".repeat(255)})), None);
    }

    #[test]
    fn update_codes() {
        let code = |v: Value| validate_update(&v).err().map(|e| e.code);
        assert_eq!(code(json!({"country": null, "username": null, "btcWallet": null})), None);
        assert_eq!(code(json!({"email": "a@b.co"})), Some("field_not_updatable"));
        assert_eq!(code(json!({"wallets": []})), Some("field_not_updatable"));
        assert_eq!(code(json!({"firstName": null})), Some("invalid_user"));
        assert_eq!(code(json!({"country": "us"})), Some("invalid_user"));
        assert_eq!(code(json!([])), Some("invalid_body"));
    }
}
