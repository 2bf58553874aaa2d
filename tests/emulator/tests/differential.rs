//! Differential test (issue #18): the client core's verdict on a user body against the
//! emulator's JSON Schema reading of the API's published schema (SPEC section 2).
//!
//! For each field kind, at least 100 000 generated values (seeded, deterministic: set
//! `DIFFERENTIAL_SEED` to explore another stream) are placed in a body; the client
//! (`dynamic_users::validate::validate_json`) refuses a value exactly when it reports an issue of
//! severity `error`, and that must equal the schema's verdict
//! (`dynamic_users_emulator::schema::check_*`). The one allowed divergence is `country`, where
//! the client also refuses codes that are not officially assigned ISO 3166-1 codes. A kind fails
//! with up to 20 of its disagreements shown (value escaped, both verdicts; `DIFFERENTIAL_EXAMPLES`
//! shows more) and their counts, or when its generator gave the schema one verdict for more than
//! 95 % of the values (a run that could no longer tell the two apart).
//!
//! Generators live in `differential/values.rs` (character pools in `differential/chars.rs`).
//! Each `#[test]` is one kind, so the test harness runs kinds in parallel threads.

#[path = "differential/mod.rs"]
mod differential;

use differential::harness::{Kind, Place, Rule, run, run_bulk};
use differential::iso;
use differential::values::{self, AddressRule};
use serde_json::Value;

const N: usize = 100_000;

fn strings(values: &[&str]) -> Vec<Value> {
    values.iter().map(|s| Value::String(s.to_string())).collect()
}

fn check(kind: Kind) {
    run(kind).assert_agree();
}

fn text_kind(name: &'static str, count: usize, place: Place) -> Kind {
    Kind { name, count, place, rule: Rule::Same, edges: strings(values::NAME_EDGES), generate: Box::new(values::name) }
}

fn wallet_field(name: &'static str, rule: &'static AddressRule) -> Kind {
    let mut edges = strings(rule.examples);
    edges.push(Value::Null);
    edges.push(Value::String(String::new()));
    Kind {
        name,
        count: N,
        place: Place::Top(match name {
            "btcWallet" => &["btcWallet"],
            "ltcWallet" => &["ltcWallet"],
            "dogeWallet" => &["dogeWallet"],
            "kdaWallet" => &["kdaWallet"],
            "ckbWallet" => &["ckbWallet"],
            _ => &["kasWallet"],
        }),
        rule: Rule::Same,
        edges,
        generate: Box::new(move |rng| values::address(rng, rule)),
    }
}

fn enum_kind(
    name: &'static str,
    count: usize,
    place: Place,
    valid: &'static [&'static str],
    near: &'static [&'static str],
) -> Kind {
    let edges = strings(valid).into_iter().chain(strings(near)).collect();
    Kind {
        name,
        count,
        place,
        rule: Rule::Same,
        edges,
        generate: Box::new(move |rng| values::enum_like(rng, valid, near)),
    }
}

// ---------------------------------------------------------------- free text

#[test]
fn first_name() {
    check(text_kind("firstName", N, Place::Top(&["firstName"])));
}

#[test]
fn other_free_text_fields() {
    let fields = &["alias", "lastName", "jobTitle", "phoneNumber", "tShirtSize", "team"];
    check(text_kind("alias/lastName/jobTitle/phoneNumber/tShirtSize/team", 30_000, Place::Top(fields)));
}

#[test]
fn username() {
    let mut edges = strings(values::USERNAME_EDGES);
    edges.push(Value::Null);
    check(Kind {
        name: "username",
        count: N,
        place: Place::Top(&["username"]),
        rule: Rule::Same,
        edges,
        generate: Box::new(values::username),
    });
}

#[test]
fn id() {
    check(Kind {
        name: "id",
        count: N,
        place: Place::Top(&["id"]),
        rule: Rule::Same,
        edges: strings(values::UUID_EDGES),
        generate: Box::new(values::uuid),
    });
}

// ---------------------------------------------------------------- email

#[test]
fn email() {
    check(Kind {
        name: "email",
        count: N,
        place: Place::TopNew("email"),
        rule: Rule::Same,
        edges: strings(values::EMAIL_EDGES),
        generate: Box::new(values::email),
    });
}

#[test]
fn oauth_emails() {
    check(Kind {
        name: "oauthAccounts[].emails[]",
        count: N,
        place: Place::OauthEmail,
        rule: Rule::Same,
        edges: strings(values::EMAIL_EDGES),
        generate: Box::new(values::email),
    });
}

// ---------------------------------------------------------------- wallet fields

#[test]
fn btc_wallet() {
    check(wallet_field("btcWallet", &values::BTC));
}

#[test]
fn ltc_wallet() {
    check(wallet_field("ltcWallet", &values::LTC));
}

#[test]
fn doge_wallet() {
    check(wallet_field("dogeWallet", &values::DOGE));
}

#[test]
fn kda_wallet() {
    check(wallet_field("kdaWallet", &values::KDA));
}

#[test]
fn ckb_wallet() {
    check(wallet_field("ckbWallet", &values::CKB));
}

#[test]
fn kas_wallet() {
    check(wallet_field("kasWallet", &values::KAS));
}

// ---------------------------------------------------------------- wallets[]

const CHAINS: &[&str] = &[
    "ETH", "EVM", "FLOW", "SOL", "ALGO", "STARK", "COSMOS", "BTC", "ECLIPSE", "SUI", "SPARK", "TRON", "APTOS", "TON",
    "STELLAR",
];
const CHAIN_NEAR: &[&str] = &[
    "eth",
    "Eth",
    "Stellar",
    "stellar",
    "STELLAR ",
    "XLM",
    "ETHEREUM",
    "BITCOIN",
    "SOLANA",
    "DOGE",
    "LTC",
    "KDA",
    "CKB",
    "KAS",
    "NEAR",
    "POLYGON",
    "STARKNET",
    "SUI ",
    "TRX",
    "BNB",
    "",
    "E T H",
    "ＥＴＨ",
    "ЕТН",
];
const PROVIDERS: &[&str] = &[
    "browserExtension",
    "custodialService",
    "walletConnect",
    "qrCode",
    "deepLink",
    "embeddedWallet",
    "smartContractWallet",
];
const PROVIDER_NEAR: &[&str] = &[
    "BrowserExtension",
    "browser_extension",
    "browser-extension",
    "browserextension",
    "walletconnect",
    "WalletConnect",
    "qrcode",
    "QRCode",
    "embedded",
    "smartContract",
    "custodial",
    "injected",
    "metamask",
    "",
];
const ADDRESS_TYPES: &[&str] = &["ordinals", "payment", "cosmos", "evm", "ton"];
const ADDRESS_TYPE_NEAR: &[&str] = &[
    "Ordinals", "PAYMENT", "Cosmos", "EVM", "TON", "Ton", "ordinal", "payments", "taproot", "segwit", "btc", "", "eth",
];

#[test]
fn public_wallet_address() {
    let rule = &values::PUBLIC_ADDRESS;
    check(Kind {
        name: "wallets[].publicWalletAddress",
        count: N,
        place: Place::Wallet("publicWalletAddress"),
        rule: Rule::Same,
        edges: strings(rule.examples),
        generate: Box::new(move |rng| values::address(rng, rule)),
    });
}

#[test]
fn wallet_name() {
    check(text_kind("wallets[].walletName", N, Place::Wallet("walletName")));
}

#[test]
fn chain() {
    check(enum_kind("wallets[].chain", N, Place::Wallet("chain"), CHAINS, CHAIN_NEAR));
}

#[test]
fn wallet_provider() {
    check(enum_kind("wallets[].walletProvider", N, Place::Wallet("walletProvider"), PROVIDERS, PROVIDER_NEAR));
}

#[test]
fn additional_address_type() {
    check(enum_kind(
        "wallets[].additionalWalletAddresses[].type",
        N,
        Place::AdditionalType,
        ADDRESS_TYPES,
        ADDRESS_TYPE_NEAR,
    ));
}

// ---------------------------------------------------------------- oauthAccounts[]

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
const OAUTH_PROVIDER_NEAR: &[&str] = &[
    "Google",
    "GOOGLE",
    "email",
    "email_only",
    "emailonly",
    "magiclink",
    "Apple",
    "x",
    "X",
    "coinbase",
    "cryptocom",
    "zkSync",
    "telegram ",
    "",
    "okta2",
];

#[test]
fn oauth_account_id() {
    check(text_kind("oauthAccounts[].accountId", N, Place::Oauth("accountId")));
}

#[test]
fn oauth_display_name() {
    check(text_kind("oauthAccounts[].displayName", N, Place::Oauth("displayName")));
}

#[test]
fn oauth_username() {
    // The name pattern (not the username one): names and username-shaped values both.
    let mut edges = strings(values::NAME_EDGES);
    edges.extend(strings(values::USERNAME_EDGES));
    check(Kind {
        name: "oauthAccounts[].username",
        count: N,
        place: Place::Oauth("username"),
        rule: Rule::Same,
        edges,
        generate: Box::new(|rng| if rng.percent(70) { values::name(rng) } else { values::username(rng) }),
    });
}

#[test]
fn oauth_provider() {
    check(enum_kind(
        "oauthAccounts[].provider",
        30_000,
        Place::Oauth("provider"),
        OAUTH_PROVIDERS,
        OAUTH_PROVIDER_NEAR,
    ));
}

// ---------------------------------------------------------------- the rest

#[test]
fn country() {
    // Every pair of capital letters first, then generated values.
    let mut edges: Vec<Value> = (b'A'..=b'Z')
        .flat_map(|a| (b'A'..=b'Z').map(move |b| Value::String(format!("{}{}", a as char, b as char))))
        .collect();
    edges.push(Value::Null);
    assert_eq!(iso::ASSIGNED.len(), 249, "ISO 3166-1 assigns 249 alpha-2 codes");
    check(Kind {
        name: "country",
        count: N,
        place: Place::Top(&["country"]),
        rule: Rule::Country,
        edges,
        generate: Box::new(values::country),
    });
}

#[test]
fn mfa_backup_code_acknowledgement() {
    let mut kind = enum_kind(
        "mfaBackupCodeAcknowledgement",
        20_000,
        Place::Top(&["mfaBackupCodeAcknowledgement"]),
        &["pending", "complete"],
        &["Pending", "COMPLETE", "completed", "done", "true", "none", "", "null", "acknowledged"],
    );
    kind.edges.push(Value::Null);
    check(kind);
}

#[test]
fn email_verified_at() {
    check(Kind {
        name: "emailVerifiedAt",
        count: 20_000,
        place: Place::TopNew("emailVerifiedAt"),
        rule: Rule::Same,
        edges: Vec::new(),
        generate: Box::new(values::date_time),
    });
}

#[test]
fn bulk_body() {
    run_bulk(400).assert_agree();
}
