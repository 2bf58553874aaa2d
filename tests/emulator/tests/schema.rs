//! The API's published schema over HTTP: a body that breaks it is refused as a whole (`400
//! { error }` naming the field), before any row is stored; the values of SPEC section 2's
//! note go the way the API goes.

mod common;

use common::*;
use reqwest::StatusCode;
use serde_json::{Value, json};

fn user(i: usize) -> Value {
    json!({"email": format!("user{i}@example.com"), "username": format!("user_{i}"), "firstName": "Ann"})
}

#[tokio::test]
async fn one_bad_user_refuses_the_whole_body() {
    let emu = Emu::start().await;
    let mut users: Vec<Value> = (0..49).map(user).collect();
    users.push(json!({"email": "last@example.com", "username": "jo"}));
    let (s, v) = emu.bulk(&Value::Array(users), None).await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{v}");
    let err = v["error"].as_str().unwrap();
    assert!(err.starts_with("[49].username: \"jo\" does not match"), "{err}");
    assert_eq!(v.as_object().unwrap().len(), 1, "{{ error }} only: {v}");
    assert_eq!(emu.list().await["total"], 0, "nothing stored");

    // Nested paths, missing and unknown fields.
    for (item, path) in [
        (
            json!({"wallets": [{"publicWalletAddress": "0xbF394748301603f18d953C90F0b087CBEC0E1834",
                "chain": "DOGE", "walletName": "m", "walletProvider": "qrCode"}]}),
            "[1].wallets[0].chain: ",
        ),
        (
            json!({"wallets": [{"publicWalletAddress": "0xbF394748301603f18d953C90F0b087CBEC0E1834",
                "walletName": "m", "walletProvider": "qrCode"}]}),
            "[1].wallets[0].chain: is required",
        ),
        (json!({"first_name": "Ann"}), "[1].first_name: "),
        (
            json!({"oauthAccounts": [{"provider": "github", "accountId": "1", "emails": ["\"\"@x.com"]}]}),
            "[1].oauthAccounts[0].emails[0]: ",
        ),
        (json!({"emailVerifiedAt": "yesterday"}), "[1].emailVerifiedAt: "),
        (json!({"metadata": []}), "[1].metadata: must be object"),
        (json!(42), "[1]: must be object"),
    ] {
        let (s, v) = emu.bulk(&json!([user(0), item]), None).await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{v}");
        assert!(v["error"].as_str().unwrap().starts_with(path), "{path} vs {v}");
    }
    assert_eq!(emu.list().await["total"], 0);
    assert_eq!(emu.stats().await["schema_refused"], 8);
    emu.stop().await;
}

#[tokio::test]
async fn one_to_fifty_users() {
    let emu = Emu::start().await;
    let (s, v) = emu.bulk(&Value::Array((0..51).map(user).collect()), None).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert_eq!(v["error"], "request body: must hold at most 50 items, got 51");
    let (s, v) = emu.bulk(&json!([]), None).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert_eq!(v["error"], "request body: must hold at least 1 item(s), got 0");
    assert_eq!(emu.list().await["total"], 0);

    let (s, v) = emu.bulk(&Value::Array((0..50).map(user).collect()), None).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    assert_eq!(v["created"].as_array().unwrap().len(), 50);
    assert_eq!(v["total"], 50);
    assert_eq!(emu.list().await["total"], 50);
    emu.stop().await;
}

/// SPEC section 2, "Note what these imply", and the email quirks of its introduction.
#[tokio::test]
async fn the_values_of_the_spec_note() {
    let emu = Emu::start().await;
    let accepted: &[(&str, &str)] = &[
        ("username", "José"),
        ("username", "李雷雷"),
        ("lastName", "O'Brien"),
        ("ckbWallet", "ckb1qyqylv479ewscx3ms620sv34pgeuz6zagaarxdzvx03"),
        ("email", "\"john doe\"@example.com"),
        ("email", "a@"),
        ("email", "ada@@example.com"),
        ("id", "95b11417-f18f-457f-8804-68e361f9164f"),
    ];
    let refused: &[(&str, &str)] = &[
        ("username", "jo"),
        ("username", "john.doe"),
        ("phoneNumber", "+1 (917) 111-3333"),
        ("lastName", "Smith (Jr.)"),
        ("firstName", "Ada 🚀"),
        ("firstName", " Ada"),
        ("firstName", "Jose\u{301}"),
        ("firstName", "प्रिया"),
        ("id", "95B11417-F18F-457F-8804-68E361F9164F"),
        ("btcWallet", "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx"),
        ("ltcWallet", "ltc1qg82dfnd2f5hjq6ga6lqjq8hjd5z0r0y6v8z6tp"),
        ("dogeWallet", "A8c5jqLBhgVEqtfTbyUnBYjeZQLZdBnsqi"),
        ("dogeWallet", "9xbxg9xN3QCmXKBFCjUBTCBBsDgxfRGZQB"),
        ("kasWallet", "kaspatest:qrelgny7sr3vahq69yykxx36m65gvmhryxrlwngfzgu8xkdslum2yxjp3ap8m"),
        ("email", "\"\"@x.com"),
        ("email", "a..b@x.com"),
        ("email", ".a@x.com"),
    ];
    for (field, value) in accepted {
        let (s, v) = emu.bulk(&json!([{ *field: value }]), None).await;
        assert_eq!(s, StatusCode::CREATED, "{field} {value:?}: {v}");
        assert_eq!(v["created"].as_array().unwrap().len(), 1, "{field} {value:?}: {v}");
    }
    for (field, value) in refused {
        let (s, v) = emu.bulk(&json!([{ *field: value }]), None).await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{field} {value:?}: {v}");
        assert!(v["error"].as_str().unwrap().starts_with(&format!("[0].{field}: ")), "{v}");
    }
    assert_eq!(emu.list().await["total"], accepted.len());
    emu.stop().await;
}

#[tokio::test]
async fn update_bodies_follow_the_update_schema() {
    let emu = Emu::start().await;
    let (_, r) = emu.bulk(&json!([{"email": "ann@example.com"}]), None).await;
    let id = r["created"][0]["id"].as_str().unwrap().to_owned();
    let (s, v) = emu.put_user(&id, &json!({"username": "José", "country": "ZZ", "kasWallet": null})).await;
    assert_eq!(s, StatusCode::OK, "the schema's country rule is ^[A-Z]{{2}}$ only: {v}");
    let (s, v) = emu.put_user(&id, &json!({"emailVerifiedAt": "2023-11-07T05:31:56Z"})).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(v["error"].as_str().unwrap().starts_with("emailVerifiedAt: "), "{v}");
    assert_eq!(emu.list().await["users"][0]["username"], "José");
    emu.stop().await;
}
