//! Building and changing the stored `User` document (the JSON the API answers with).

use crate::validate::{BOOL_FIELDS, STRING_FIELDS, WALLET_FIELDS};
use serde_json::{Map, Value, json};

fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// A fresh user document for `env`, built from a validated bulk item.
pub fn new_doc(env: &str, item: &Map<String, Value>, now: &str) -> Value {
    let id = item.get("id").and_then(Value::as_str).map(str::to_owned).unwrap_or_else(new_id);
    let mut doc = json!({
        "id": id,
        "projectEnvironmentId": env,
        "verifiedCredentials": [],
        "lastVerifiedCredentialId": null,
        "sessionId": null,
        "alias": null,
        "country": null,
        "email": null,
        "firstName": null,
        "jobTitle": null,
        "lastName": null,
        "phoneNumber": null,
        "policiesConsent": null,
        "tShirtSize": null,
        "team": null,
        "username": null,
        "firstVisit": null,
        "lastVisit": null,
        "newUser": true,
        "metadata": {},
        "mfaBackupCodeAcknowledgement": null,
        "btcWallet": null,
        "kdaWallet": null,
        "ltcWallet": null,
        "ckbWallet": null,
        "kasWallet": null,
        "dogeWallet": null,
        "emailNotification": null,
        "discordNotification": null,
        "newsletterNotification": null,
        "lists": [],
        "scope": null,
        "missingFields": [],
        "walletPublicKey": null,
        "wallet": null,
        "chain": null,
        "createdAt": now,
        "updatedAt": now,
        "sessions": [],
        "wallets": [],
        "chainalysisChecks": [],
        "oauthAccounts": [],
        "mfaDevices": [],
    });
    apply(&mut doc, item, now);
    doc
}

/// Applies validated fields to a document. Scalars overwrite (`null` clears), `email`
/// replaces the email and its credential, `wallets` and `oauthAccounts` add the entries
/// that are not there yet. `id` and `emailVerifiedAt` are not changed/stored.
pub fn apply(doc: &mut Value, item: &Map<String, Value>, now: &str) {
    let d = doc.as_object_mut().expect("user document is an object");
    for (key, v) in item {
        let k = key.as_str();
        if STRING_FIELDS.contains(&k)
            || BOOL_FIELDS.contains(&k)
            || WALLET_FIELDS.contains(&k)
            || matches!(k, "metadata" | "mfaBackupCodeAcknowledgement" | "country" | "username")
        {
            d.insert(key.clone(), v.clone());
        }
    }
    if let Some(email) = item.get("email").and_then(Value::as_str) {
        set_email(d, email);
    }
    if let Some(ws) = item.get("wallets").and_then(Value::as_array) {
        for w in ws {
            add_wallet(d, w);
        }
    }
    if let Some(os) = item.get("oauthAccounts").and_then(Value::as_array) {
        for o in os {
            add_oauth(d, o);
        }
    }
    refresh_derived(d);
    d.insert("updatedAt".into(), json!(now));
}

fn vcs(d: &mut Map<String, Value>) -> &mut Vec<Value> {
    d.entry("verifiedCredentials").or_insert_with(|| json!([])).as_array_mut().expect("verifiedCredentials is an array")
}

fn set_email(d: &mut Map<String, Value>, email: &str) {
    d.insert("email".into(), json!(email));
    let list = vcs(d);
    if let Some(vc) = list.iter_mut().find(|vc| vc["format"] == "email") {
        vc["email"] = json!(email);
        vc["public_identifier"] = json!(email);
    } else {
        list.insert(
            0,
            json!({
                "id": new_id(),
                "format": "email",
                "email": email,
                "public_identifier": email,
            }),
        );
    }
}

fn add_wallet(d: &mut Map<String, Value>, w: &Value) {
    let addr = w["publicWalletAddress"].as_str().unwrap_or_default();
    let chain = w["chain"].as_str().unwrap_or_default();
    let wallets = d.entry("wallets").or_insert_with(|| json!([])).as_array_mut().expect("wallets is an array");
    let exists = wallets
        .iter()
        .any(|x| x["chain"] == chain && x["publicKey"].as_str().is_some_and(|k| k.eq_ignore_ascii_case(addr)));
    if exists {
        return;
    }
    wallets.push(json!({
        "id": new_id(),
        "name": w["walletName"],
        "chain": chain,
        "publicKey": addr,
        "provider": w["walletProvider"],
        "properties": {},
    }));
    let extra: Vec<Value> = w
        .get("additionalWalletAddresses")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .map(|x| {
                    let mut m = Map::new();
                    m.insert("address".into(), x["address"].clone());
                    if let Some(pk) = x.get("publicKey") {
                        m.insert("publicKey".into(), pk.clone());
                    }
                    m.insert("type".into(), x["type"].clone());
                    Value::Object(m)
                })
                .collect()
        })
        .unwrap_or_default();
    vcs(d).push(json!({
        "id": new_id(),
        "format": "blockchain",
        "address": addr,
        "chain": chain,
        "wallet_name": w["walletName"],
        "wallet_provider": w["walletProvider"],
        "public_identifier": addr,
        "wallet_properties": {},
        "wallet_additional_addresses": extra,
    }));
}

fn add_oauth(d: &mut Map<String, Value>, o: &Value) {
    let provider = o["provider"].as_str().unwrap_or_default();
    let account_id = o["accountId"].as_str().unwrap_or_default();
    let exists = vcs(d)
        .iter()
        .any(|vc| vc["format"] == "oauth" && vc["oauth_provider"] == provider && vc["oauth_account_id"] == account_id);
    if exists {
        return;
    }
    let username = o.get("username").cloned().unwrap_or(Value::Null);
    let display = o.get("displayName").cloned().unwrap_or(Value::Null);
    let emails = o.get("emails").cloned().unwrap_or_else(|| json!([]));
    let public_identifier =
        emails.get(0).and_then(Value::as_str).or(username.as_str()).unwrap_or(account_id).to_owned();
    d.entry("oauthAccounts").or_insert_with(|| json!([])).as_array_mut().expect("oauthAccounts is an array").push(
        json!({
            "id": new_id(),
            "provider": provider,
            "accountUsername": username,
        }),
    );
    vcs(d).push(json!({
        "id": new_id(),
        "format": "oauth",
        "oauth_provider": provider,
        "oauth_account_id": account_id,
        "oauth_display_name": display,
        "oauth_username": username,
        "oauth_emails": emails,
        "oauth_account_photos": o.get("photos").cloned().unwrap_or_else(|| json!([])),
        "oauth_metadata": o.get("profile").cloned().unwrap_or_else(|| json!({})),
        "public_identifier": public_identifier,
    }));
}

/// `lastVerifiedCredentialId`, `walletPublicKey`, `wallet`, `chain` follow the first
/// credential / wallet when not set yet.
fn refresh_derived(d: &mut Map<String, Value>) {
    if d.get("lastVerifiedCredentialId").is_none_or(Value::is_null) {
        let first = vcs(d).first().map(|vc| vc["id"].clone());
        d.insert("lastVerifiedCredentialId".into(), first.unwrap_or(Value::Null));
    }
    if d.get("walletPublicKey").is_none_or(Value::is_null)
        && let Some(w) = d["wallets"].get(0).cloned()
    {
        d.insert("walletPublicKey".into(), w["publicKey"].clone());
        d.insert("wallet".into(), w["name"].clone());
        d.insert("chain".into(), w["chain"].clone());
    }
}

/// The lower-cased email and username, the keys of the per-environment unique indexes.
pub fn unique_keys(doc: &Value) -> (Option<String>, Option<String>) {
    let lc = |k: &str| doc[k].as_str().map(str::to_lowercase);
    (lc("email"), lc("username"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_credentials_and_clears_with_null() {
        let item = json!({
            "email": "A@B.co", "username": "Ann", "country": "US",
            "wallets": [{"publicWalletAddress": "0xbF394748301603f18d953C90F0b087CBEC0E1834",
                "chain": "ETH", "walletName": "mm", "walletProvider": "browserExtension",
                "additionalWalletAddresses": [{"address": "x", "type": "ordinals"}]}],
            "oauthAccounts": [{"provider": "github", "accountId": "42", "username": "ann"}]
        });
        let mut doc = new_doc("env", item.as_object().unwrap(), "t0");
        let vc = doc["verifiedCredentials"].as_array().unwrap();
        assert_eq!(vc.len(), 3);
        assert_eq!(vc[0]["format"], "email");
        assert_eq!(vc[1]["wallet_name"], "mm");
        assert_eq!(vc[1]["wallet_additional_addresses"][0]["type"], "ordinals");
        assert_eq!(vc[2]["oauth_username"], "ann");
        assert_eq!(doc["oauthAccounts"][0]["accountUsername"], "ann");
        assert_eq!(doc["walletPublicKey"], vc[1]["address"]);
        assert_eq!(unique_keys(&doc), (Some("a@b.co".into()), Some("ann".into())));

        let upd = json!({"country": null, "username": null, "email": "c@d.co"});
        apply(&mut doc, upd.as_object().unwrap(), "t1");
        assert!(doc["country"].is_null() && doc["username"].is_null());
        assert_eq!(doc["verifiedCredentials"][0]["email"], "c@d.co");
        assert_eq!(doc["updatedAt"], "t1");
        assert_eq!(doc["createdAt"], "t0");
    }
}
