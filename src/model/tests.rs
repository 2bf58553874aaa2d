//! Round trips of the seed examples (fixtures copied verbatim from the API pages) and of the
//! cases the seeds do not show: unknown fields and values, missing fields, explicit nulls.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};

use super::*;

const UPDATE_REQUEST: &str = include_str!("fixtures/update_user_request.json");
const UPDATE_RESPONSE: &str = include_str!("fixtures/update_user_response.json");
const BULK_REQUEST: &str = include_str!("fixtures/bulk_create_request.json");
const BULK_RESPONSE: &str = include_str!("fixtures/bulk_create_response.json");

/// Decodes `original` into `T`, encodes it again and checks nothing changed.
fn round_trip<T: DeserializeOwned + Serialize>(original: &Value) -> T {
    let model: T = serde_json::from_value(original.clone()).expect("decodes");
    assert_eq!(&serde_json::to_value(&model).unwrap(), original);
    model
}

fn parse(text: &str) -> Value {
    serde_json::from_str(text).unwrap()
}

/// Every `extra` map of a user, so a test can tell a modelled field from a kept unknown one.
fn extras(user: &User) -> Vec<&JsonObject> {
    let mut all = vec![&user.extra];
    for vc in user.verified_credentials.iter().flatten() {
        all.push(&vc.extra);
        all.extend(vc.name_service.iter().map(|n| &n.extra));
        all.extend(vc.wallet_properties.iter().map(|p| &p.extra));
        all.extend(vc.wallet_additional_addresses.iter().flatten().map(|a| &a.extra));
    }
    for wallet in user.wallets.iter().flatten() {
        all.push(&wallet.extra);
        all.extend(wallet.properties.iter().map(|p| &p.extra));
    }
    for field in user.missing_fields.iter().flatten() {
        all.push(&field.extra);
        if let Some(rules) = &field.validation_rules {
            all.push(&rules.extra);
            all.extend(rules.valid_options.iter().flatten().map(|o| &o.extra));
        }
    }
    all.extend(user.sessions.iter().flatten().map(|s| &s.extra));
    all.extend(user.chainalysis_checks.iter().flatten().map(|c| &c.extra));
    all.extend(user.oauth_accounts.iter().flatten().map(|a| &a.extra));
    all.extend(user.mfa_devices.iter().flatten().map(|d| &d.extra));
    all
}

/// Every seed field has a typed home: a misspelt rename would land in `extra` instead.
fn assert_fully_modelled(user: &User) {
    for extra in extras(user) {
        assert!(extra.is_empty(), "unmodelled fields: {extra:?}");
    }
}

#[test]
fn update_request_seed_round_trips() {
    let update: UserUpdate = round_trip(&parse(UPDATE_REQUEST));
    assert_eq!(update.country, Some(Some("US".into())));
    assert_eq!(update.mfa_backup_code_acknowledgement, Some(Some(MfaBackupCodeAcknowledgement::Pending)));
}

#[test]
fn update_response_seed_round_trips() {
    let response: UserResponse = round_trip(&parse(UPDATE_RESPONSE));
    assert!(response.extra.is_empty());
    assert_fully_modelled(&response.user);
    let vc = &response.user.verified_credentials.as_ref().unwrap()[0];
    assert_eq!(vc.format, Some(Open::Known(CredentialFormat::Blockchain)));
    assert_eq!(vc.sign_in_enabled, Some(true));
    let properties = vc.wallet_properties.as_ref().unwrap();
    assert!(properties.turnkey_hd_wallet_id.is_some());
}

#[test]
fn bulk_request_seed_round_trips() {
    let users: Vec<NewUser> = round_trip(&parse(BULK_REQUEST));
    let user = &users[0];
    assert_eq!(user.fields.username, Some(Some("johndoe".into())));
    let wallet = &user.wallets.as_ref().unwrap()[0];
    assert_eq!(wallet.chain, Chain::Eth);
    assert_eq!(wallet.wallet_provider, WalletProvider::BrowserExtension);
    let oauth = &user.oauth_accounts.as_ref().unwrap()[0];
    assert_eq!(oauth.provider, OAuthProvider::EmailOnly);
}

#[test]
fn bulk_response_seed_round_trips() {
    let response: BulkUserCreateResponse = round_trip(&parse(BULK_RESPONSE));
    assert_eq!(response.total, Some(123));
    let failure = &response.failed[0];
    assert_eq!(failure.code, Some(Open::Known(BulkFailureCode::EmailAlreadyExists)));
    assert!(response.extra.is_empty() && failure.extra.is_empty());
    let users = response.created.iter().chain(&response.updated);
    for user in users.chain(failure.user.as_ref()) {
        assert_fully_modelled(user);
    }
}

#[test]
fn unknown_fields_survive_at_every_depth() {
    let mut original = parse(UPDATE_RESPONSE);
    let user = &mut original["user"];
    user["newTopLevel"] = json!({ "nested": [1, 2] });
    let vc = &mut user["verifiedCredentials"][0];
    vc["new_vc_field"] = json!("x");
    vc["name_service"]["newNameField"] = json!(null);
    vc["wallet_properties"]["newProperty"] = json!(7);
    let wallet = &mut user["wallets"][0];
    wallet["newWalletField"] = json!(true);
    wallet["properties"]["newProperty"] = json!("y");
    user["mfaDevices"][0]["newDeviceField"] = json!([]);
    original["newResponseField"] = json!(1.5);

    let response: UserResponse = round_trip(&original);
    assert_eq!(response.extra["newResponseField"], json!(1.5));
    assert_eq!(response.user.extra["newTopLevel"], json!({ "nested": [1, 2] }));
    let vc = &response.user.verified_credentials.as_ref().unwrap()[0];
    assert_eq!(vc.extra["new_vc_field"], json!("x"));
    assert_eq!(vc.wallet_properties.as_ref().unwrap().extra["newProperty"], json!(7));
    let wallet = &response.user.wallets.as_ref().unwrap()[0];
    assert_eq!(wallet.extra["newWalletField"], json!(true));
}

#[test]
fn unknown_enum_values_round_trip() {
    let original = json!({ "user": {
        "chain": "MARS",
        "mfaBackupCodeAcknowledgement": "postponed",
        "verifiedCredentials": [{
            "format": "carrierPigeon",
            "wallet_provider": "paperWallet",
            "oauth_provider": "myspace",
            "wallet_additional_addresses": [{ "address": "a", "type": "taproot" }]
        }],
        "wallets": [{ "chain": "SOL", "provider": "carrierPigeon" }],
        "chainalysisChecks": [{ "result": "PENDING" }],
        "oauthAccounts": [{ "provider": "myspace" }],
        "mfaDevices": [{ "type": "yubikey" }]
    }});
    let response: UserResponse = round_trip(&original);
    let vc = &response.user.verified_credentials.as_ref().unwrap()[0];
    assert_eq!(vc.format, Some(Open::Other("carrierPigeon".into())));
    let wallet = &response.user.wallets.as_ref().unwrap()[0];
    assert_eq!(wallet.chain, Some(Open::Known(Chain::Sol)));

    let bulk = json!({ "created": [], "updated": [], "failed": [{ "code": "new_code" }] });
    let bulk: BulkUserCreateResponse = round_trip(&bulk);
    assert_eq!(bulk.failed[0].code, Some(Open::Other("new_code".into())));
}

#[test]
fn missing_optional_fields_decode() {
    let response: UserResponse = serde_json::from_value(json!({ "user": {} })).unwrap();
    assert_eq!(response.user, User::default());
    round_trip::<UserResponse>(&json!({ "user": {
        "verifiedCredentials": [{ "name_service": {}, "wallet_properties": {} }],
        "wallets": [{}],
        "missingFields": [{ "validationRules": { "validOptions": [{}] } }],
        "sessions": [{}], "chainalysisChecks": [{}], "oauthAccounts": [{}], "mfaDevices": [{}]
    }}));

    let bulk: BulkUserCreateResponse = serde_json::from_value(json!({})).unwrap();
    assert_eq!(bulk, BulkUserCreateResponse::default());
    round_trip::<BulkUserCreateResponse>(&json!({
        "created": [], "updated": [], "failed": [{}]
    }));
}

#[test]
fn explicit_null_is_kept_apart_from_absent() {
    let clear = UserUpdate { country: Some(None), ..UserUpdate::default() };
    assert_eq!(serde_json::to_value(&clear).unwrap(), json!({ "country": null }));
    assert_eq!(serde_json::to_value(UserUpdate::default()).unwrap(), json!({}));

    let all_null = json!({
        "country": null, "username": null, "mfaBackupCodeAcknowledgement": null,
        "btcWallet": null, "ltcWallet": null, "dogeWallet": null,
        "kdaWallet": null, "ckbWallet": null, "kasWallet": null
    });
    let update: UserUpdate = round_trip(&all_null);
    assert_eq!(update.username, Some(None));
    assert_eq!(update.doge_wallet, Some(None));
    let update: UserUpdate = serde_json::from_value(json!({ "team": "a" })).unwrap();
    assert_eq!(update.country, None);

    // The same holds through the flattened fields of a bulk item.
    let users: Vec<NewUser> = round_trip(&json!([{ "email": "a@b.co", "username": null }]));
    assert_eq!(users[0].fields.username, Some(None));
}

/// Request enums carry exactly the wire strings of SPEC §2 and refuse any other.
#[test]
fn request_enums_match_the_wire_strings() {
    fn check<T: DeserializeOwned + Serialize>(wire: &str) {
        let strings: Vec<Value> = wire.split_whitespace().map(|s| json!(s)).collect();
        for value in &strings {
            round_trip::<T>(value);
        }
        assert!(serde_json::from_value::<T>(json!("carrierPigeon")).is_err());
    }
    check::<Chain>("ETH EVM FLOW SOL ALGO STARK COSMOS BTC ECLIPSE SUI SPARK TRON APTOS TON");
    check::<WalletProvider>(
        "browserExtension custodialService walletConnect qrCode deepLink embeddedWallet \
         smartContractWallet",
    );
    check::<AdditionalAddressType>("ordinals payment cosmos evm");
    check::<OAuthProvider>(
        "emailOnly magicLink apple bitbucket coinbasesocial discord epicgames facebook \
         farcaster github gitlab google instagram linkedin microsoft twitch twitter blocto \
         banxa coinbaseOnramp cryptoDotCom dynamic alchemy zerodev telegram turnkey \
         coinbaseWaas sms spotify tiktok line steam shopify zksync kraken blockaid passkey \
         okta sendgrid resend",
    );
    check::<MfaBackupCodeAcknowledgement>("pending complete");
    check::<CredentialFormat>("blockchain email oauth passkey phoneNumber externalUser");
    check::<MfaDeviceType>("totp passkey email");
    check::<ChainalysisResult>("OK BLOCKED FAILED");
    check::<BulkFailureCode>(
        "email_already_exists username_already_exists invalid_email invalid_email_address \
         invalid_username invalid_phone invalid_wallet_address invalid_chain_address_match \
         metadata_size_exceeded invalid_metadata_value custom_field_not_unique \
         custom_field_data_not_unique duplicate_exists invalid_user too_many_requests",
    );
}
