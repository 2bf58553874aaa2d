//! The two Dynamic endpoints, the emulator-only read/clear endpoints, status codes, CORS
//! and the shapes of the API pages' examples.

mod common;

use common::*;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use std::collections::BTreeSet;

const OTHER_ENV: &str = "11111111-2222-4333-8444-555555555555";

#[tokio::test]
async fn bulk_create_fills_created_failed_and_total() {
    let emu = Emu::start().await;
    emu.bulk(&json!([{"email": "taken@example.com"}]), None).await;
    let body = json!([
        {"email": "ann@example.com", "username": "ann", "firstName": "Ann"},
        {"email": "bob@example.com"},
        {"email": "TAKEN@example.com"},
    ]);
    let (s, r) = emu.bulk(&body, None).await;
    assert_eq!(s, StatusCode::CREATED, "{r}");
    assert_eq!(r["total"], 3);
    assert_eq!(emails(&r, "created"), ["ann@example.com", "bob@example.com"]);
    assert_eq!(r["updated"], json!([]));
    // failed[] is for business failures; failed[].user echoes the item as sent.
    assert_eq!(failed_codes(&r), ["email_already_exists"]);
    assert_eq!(r["failed"][0]["user"], json!({"email": "TAKEN@example.com"}));
    assert!(r["failed"][0]["error"].is_string());

    let ann = &r["created"][0];
    assert_eq!(ann["projectEnvironmentId"], ENV);
    assert_eq!(ann["newUser"], true);
    assert_eq!(ann["firstName"], "Ann");
    assert_eq!(ann["id"].as_str().unwrap().len(), 36);
    assert_eq!(ann["id"].as_str().unwrap().as_bytes()[14], b'4', "UUID v4");
    assert!(ann["createdAt"].as_str().unwrap().ends_with('Z'));
    for k in ["lists", "missingFields", "sessions", "mfaDevices", "chainalysisChecks"] {
        assert_eq!(ann[k], json!([]), "{k}");
    }
    assert_eq!(ann["verifiedCredentials"][0]["format"], "email");
    assert_eq!(ann["verifiedCredentials"][0]["public_identifier"], "ann@example.com");

    let list = emu.list().await;
    assert_eq!(emails(&list, "users"), ["taken@example.com", "ann@example.com", "bob@example.com"]);
    emu.stop().await;
}

#[tokio::test]
async fn uniqueness_is_per_environment_and_case_insensitive() {
    let emu = Emu::start_with(|c| c.environments.push(OTHER_ENV.into())).await;
    let (s, r) = emu.bulk(&json!([{"email": "Mixed@Example.com", "username": "Zed"}]), None).await;
    assert_eq!(s, StatusCode::CREATED);
    assert_eq!(r["created"][0]["email"], "Mixed@Example.com", "stored as sent");

    let (_, r) = emu
        .bulk(
            &json!([
                {"email": "mixed@EXAMPLE.COM"},
                {"email": "other@example.com", "username": "zED"},
                {"email": "fresh@example.com", "username": "fresh"},
            ]),
            Some(false),
        )
        .await;
    assert_eq!(failed_codes(&r), ["email_already_exists", "username_already_exists"]);
    assert_eq!(emails(&r, "created"), ["fresh@example.com"]);
    assert_eq!(r["total"], 3);

    // Another environment has its own namespace.
    let (s, r) = emu.bulk_env(OTHER_ENV, &json!([{"email": "MIXED@example.com", "username": "zed"}]), None).await;
    assert_eq!(s, StatusCode::CREATED);
    assert_eq!(r["created"].as_array().unwrap().len(), 1, "{r}");
    emu.stop().await;
}

#[tokio::test]
async fn duplicates_inside_one_request() {
    let emu = Emu::start().await;
    let id = "0f8b5b7e-2d59-4c3a-9a52-0a1c7e1f6a10";
    let (s, r) = emu
        .bulk(
            &json!([
                {"email": "a@example.com", "username": "aa1", "id": id},
                {"email": "A@EXAMPLE.com"},
                {"email": "b@example.com", "username": "AA1"},
                {"email": "c@example.com", "id": id},
                {"email": "d@example.com"},
            ]),
            None,
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);
    assert_eq!(emails(&r, "created"), ["a@example.com", "d@example.com"]);
    assert_eq!(failed_codes(&r), ["duplicate_exists"; 3]);
    assert_eq!(r["created"][0]["id"], id);
    emu.stop().await;
}

#[tokio::test]
async fn upsert_updates_by_id_then_email() {
    let emu = Emu::start().await;
    let (_, r) = emu
        .bulk(
            &json!([
                {"email": "ann@example.com", "firstName": "Ann", "username": "ann"},
                {"email": "bob@example.com", "firstName": "Bob"},
            ]),
            None,
        )
        .await;
    let bob_id = r["created"][1]["id"].as_str().unwrap().to_owned();

    // Without upsert an existing email is a failure.
    let (_, r) = emu.bulk(&json!([{"email": "ANN@example.com", "firstName": "Annie"}]), Some(false)).await;
    assert_eq!(failed_codes(&r), ["email_already_exists"]);

    let (s, r) = emu
        .bulk(
            &json!([
                {"email": "ANN@example.com", "firstName": "Annie"},
                {"id": bob_id, "email": "robert@example.com",
                 "wallets": [{"publicWalletAddress": "0xbF394748301603f18d953C90F0b087CBEC0E1834",
                    "chain": "ETH", "walletName": "mm", "walletProvider": "browserExtension"}]},
                {"email": "new@example.com"},
                {"email": "clash@example.com", "username": "ANN"},
            ]),
            Some(true),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);
    assert_eq!(emails(&r, "updated"), ["ANN@example.com", "robert@example.com"], "email as last sent");
    assert_eq!(emails(&r, "created"), ["new@example.com"]);
    assert_eq!(failed_codes(&r), ["username_already_exists"]);
    assert_eq!(r["total"], 4);
    let ann = &r["updated"][0];
    assert_eq!(ann["firstName"], "Annie");
    assert_eq!(ann["username"], "ann", "fields not sent are kept");
    assert_eq!(ann["newUser"], false);
    let bob = &r["updated"][1];
    assert_eq!(bob["id"], bob_id.as_str());
    assert_eq!(bob["firstName"], "Bob");
    assert_eq!(bob["wallets"].as_array().unwrap().len(), 1);
    let vcs = bob["verifiedCredentials"].as_array().unwrap();
    assert_eq!(vcs[0]["email"], "robert@example.com");
    assert_eq!(vcs[1]["format"], "blockchain");

    // Upsert into an email that belongs to somebody else.
    let (_, r) = emu.bulk(&json!([{"id": bob_id, "email": "ann@example.com"}]), Some(true)).await;
    assert_eq!(failed_codes(&r), ["email_already_exists"]);
    assert_eq!(emu.list().await["total"], 3);
    emu.stop().await;
}

#[tokio::test]
async fn user_shape_maps_wallets_oauth_and_credentials() {
    let emu = Emu::start().await;
    let (_, r) = emu
        .bulk(
            &json!([{
                "email": "w@example.com",
                "wallets": [{"publicWalletAddress": "0xbF394748301603f18d953C90F0b087CBEC0E1834",
                    "chain": "ETH", "walletName": "metamask", "walletProvider": "browserExtension",
                    "additionalWalletAddresses": [{"address": "bc1qxyz", "publicKey": "pk", "type": "ordinals"}]}],
                "oauthAccounts": [{"provider": "github", "accountId": "77", "username": "octo",
                    "displayName": "Octo Cat", "emails": ["w@example.com"], "photos": ["p.png"],
                    "profile": {"a": 1}}]
            }]),
            None,
        )
        .await;
    let u = &r["created"][0];
    let w = &u["wallets"][0];
    assert_eq!(
        w.as_object().unwrap().keys().cloned().collect::<BTreeSet<_>>(),
        ["chain", "id", "name", "properties", "provider", "publicKey"].map(String::from).into()
    );
    assert_eq!(w["name"], "metamask");
    assert_eq!(w["provider"], "browserExtension");
    assert_eq!(w["properties"], json!({}));
    assert_eq!(
        u["oauthAccounts"][0],
        json!({"id": u["oauthAccounts"][0]["id"], "provider": "github", "accountUsername": "octo"})
    );
    let vcs = u["verifiedCredentials"].as_array().unwrap();
    let formats: Vec<_> = vcs.iter().map(|v| v["format"].as_str().unwrap()).collect();
    assert_eq!(formats, ["email", "blockchain", "oauth"]);
    let b = &vcs[1];
    assert_eq!(b["address"], "0xbF394748301603f18d953C90F0b087CBEC0E1834");
    assert_eq!(b["wallet_name"], "metamask");
    assert_eq!(b["wallet_provider"], "browserExtension");
    assert_eq!(b["wallet_properties"], json!({}));
    assert_eq!(
        b["wallet_additional_addresses"],
        json!([{"address": "bc1qxyz", "publicKey": "pk", "type": "ordinals"}])
    );
    let o = &vcs[2];
    assert_eq!(o["oauth_provider"], "github");
    assert_eq!(o["oauth_account_id"], "77");
    assert_eq!(o["oauth_display_name"], "Octo Cat");
    assert_eq!(o["oauth_username"], "octo");
    assert_eq!(o["oauth_emails"], json!(["w@example.com"]));
    assert_eq!(o["oauth_account_photos"], json!(["p.png"]));
    assert_eq!(o["oauth_metadata"], json!({"a": 1}));
    assert_eq!(u["walletPublicKey"], b["address"]);
    emu.stop().await;
}

#[tokio::test]
async fn put_updates_clears_and_refuses() {
    let emu = Emu::start().await;
    let (_, r) = emu
        .bulk(
            &json!([
                {"email": "ann@example.com", "username": "ann", "country": "US",
                 "btcWallet": "3FZbgi29cpjq2GjdwV8eyHuJJnkLtktZc5", "mfaBackupCodeAcknowledgement": "pending"},
                {"email": "bob@example.com", "username": "bob"},
            ]),
            None,
        )
        .await;
    let ann = r["created"][0]["id"].as_str().unwrap().to_owned();

    let (s, v) =
        emu.put_user(&ann, &json!({"firstName": "Ann", "metadata": {"k": "v"}, "policiesConsent": true})).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["user"]["firstName"], "Ann");
    assert_eq!(v["user"]["metadata"], json!({"k": "v"}));
    assert_eq!(v["user"]["email"], "ann@example.com");

    let (s, v) = emu
        .put_user(
            &ann,
            &json!({"country": null, "username": null, "btcWallet": null, "mfaBackupCodeAcknowledgement": null}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    for k in ["country", "username", "btcWallet", "mfaBackupCodeAcknowledgement"] {
        assert!(v["user"][k].is_null(), "{k} cleared");
    }
    // The cleared username is free again.
    let (_, r) = emu.bulk(&json!([{"email": "x@example.com", "username": "ANN"}]), None).await;
    assert_eq!(r["created"].as_array().unwrap().len(), 1, "{r}");

    let (s, v) = emu.put_user(&ann, &json!({"username": "BOB"})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(v["code"], "username_already_exists");

    // Schema refusals: 400 { error } naming the field.
    for (body, field) in [
        (json!({"email": "new@example.com"}), "email: "),
        (json!({"wallets": []}), "wallets: "),
        (json!({"nickname": "x"}), "nickname: "),
        (json!({"firstName": 3}), "firstName: "),
        (json!({"firstName": null}), "firstName: "),
        (json!({"country": "usa"}), "country: "),
        (json!({"username": "no spaces"}), "username: "),
        (json!({"kdaWallet": "k:1"}), "kdaWallet: "),
        (json!([1]), "request body: "),
    ] {
        let (s, v) = emu.put_user(&ann, &body).await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{body}: {v}");
        assert!(v["error"].as_str().unwrap().starts_with(field), "{body}: {v}");
    }
    // A body id that is not the path's: the API's business refusal.
    let (s, v) = emu.put_user(&ann, &json!({"id": "00000000-0000-4000-8000-000000000000"})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(v["code"], "invalid_user");
    assert_eq!(emu.list().await["users"][0]["firstName"], "Ann", "nothing refused was applied");

    let (s, v) = emu.put_user("00000000-0000-4000-8000-000000000000", &json!({"firstName": "x"})).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert_eq!(v["code"], "user_not_found");

    for bad_id in ["short", &ann.to_uppercase()] {
        let (s, v) = emu.put_user(bad_id, &json!({"firstName": "x"})).await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{bad_id}");
        assert!(v["error"].as_str().unwrap().contains("userId"), "{v}");
    }
    emu.stop().await;
}

#[tokio::test]
async fn status_codes() {
    let emu = Emu::start().await;
    let url = format!("{}/environments/{ENV}/users/bulk", emu.base);

    // 401: missing and wrong token; the body is { error }.
    let r = emu.client.post(&url).json(&json!([])).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let v: Value = r.json().await.unwrap();
    assert!(v["error"].is_string());
    let r = emu.client.post(&url).bearer_auth("nope").json(&json!([])).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let r = emu.client.put(format!("{}/users/{ENV}", emu.base)).json(&json!({})).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);

    // 400: path id not a lower-case UUID (checked once decoded), malformed JSON, bad upsert.
    for env in ["abc".to_owned(), format!("{}%2F", &ENV[..35]), ENV.to_uppercase()] {
        let (s, v) = emu.bulk_env(&env, &json!([]), None).await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{env}");
        assert!(v["error"].as_str().unwrap().contains("environmentId"), "{v}");
    }
    let r = emu
        .client
        .post(&url)
        .bearer_auth(TOKEN)
        .header("content-type", "application/json")
        .body("[{\"email\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(r.json::<Value>().await.unwrap()["error"].is_string());
    let r = emu.client.post(format!("{url}?upsert=yes")).bearer_auth(TOKEN).json(&json!([])).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);

    // 415: not JSON.
    let r = emu.client.post(&url).bearer_auth(TOKEN).body("[]").send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);

    // 404: unknown environment.
    let (s, v) = emu.bulk_env("00000000-0000-4000-8000-000000000000", &json!([]), None).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert_eq!(v["code"], "environment_not_found");

    // 400: not an array (the schema's type).
    let (s, v) = emu.bulk(&json!({"email": "a@example.com"}), None).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert_eq!(v, json!({"error": "request body: must be array, not an object"}));

    // 413: over max_body_bytes (content-length and chunked).
    emu.faults(&json!({"max_body_bytes": 1000})).await;
    let big = json!([{"email": "big@example.com", "alias": "x".repeat(200), "team": "y".repeat(200),
        "jobTitle": "z".repeat(200), "lastName": "w".repeat(200), "firstName": "v".repeat(200)}]);
    let (s, v) = emu.bulk(&big, None).await;
    assert_eq!(s, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(v["error"].is_string());
    let chunk = format!("[\"{}\"]", "a".repeat(2000));
    let req = format!(
        "POST /api/v0/environments/{ENV}/users/bulk HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {TOKEN}\r\n\
         Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n{:x}\r\n{chunk}\r\n0\r\n\r\n",
        chunk.len()
    );
    let out = raw_exchange(emu.server.addr, req.as_bytes()).await.unwrap();
    let out = String::from_utf8_lossy(&out);
    assert!(out.starts_with("HTTP/1.1 413"), "{out}");
    let (s, _) = emu.bulk(&json!([{"firstName": "Small"}]), None).await;
    assert_eq!(s, StatusCode::CREATED, "small bodies still pass");
    assert_eq!(emu.stats().await["faults_injected"]["body_too_large"], 2);
    assert_eq!(emu.list().await["total"], 1);
    emu.stop().await;
}

#[tokio::test]
async fn cors_preflight_and_headers_on_errors() {
    let emu = Emu::start().await;
    let url = format!("{}/environments/{ENV}/users/bulk", emu.base);
    let r = emu
        .client
        .request(Method::OPTIONS, &url)
        .header("origin", "http://demo.localhost:3000")
        .header("access-control-request-method", "POST")
        .header("access-control-request-headers", "authorization, content-type")
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success(), "{}", r.status());
    let h = r.headers();
    assert_eq!(h["access-control-allow-origin"], "*");
    let methods = h["access-control-allow-methods"].to_str().unwrap().to_ascii_uppercase();
    for m in ["GET", "POST", "PUT", "DELETE"] {
        assert!(methods.contains(m), "{methods}");
    }
    let allowed = h["access-control-allow-headers"].to_str().unwrap().to_ascii_lowercase();
    for x in ["authorization", "content-type", "accept"] {
        assert!(allowed.contains(x), "{allowed}");
    }

    // Error answers carry the CORS headers too.
    let r = emu.client.post(&url).header("origin", "http://demo.localhost:3000").json(&json!([])).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(r.headers()["access-control-allow-origin"], "*");
    assert!(
        r.headers()["access-control-expose-headers"].to_str().unwrap().to_ascii_lowercase().contains("retry-after")
    );
    let (s, h, _) = emu.call(Method::GET, "/nowhere", None).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert_eq!(h["access-control-allow-origin"], "*");
    emu.stop().await;
}

#[tokio::test]
async fn read_and_clear_endpoints() {
    let emu = Emu::start_with(|c| c.environments.push(OTHER_ENV.into())).await;
    emu.bulk(&json!([{"email": "a@example.com"}, {"email": "b@example.com"}]), None).await;
    emu.bulk_env(OTHER_ENV, &json!([{"email": "c@example.com"}]), None).await;
    let list = emu.list().await;
    assert_eq!(list["total"], 2);
    assert_eq!(list["users"].as_array().unwrap().len(), 2);

    let r = emu.client.get(format!("{}/environments/{ENV}/users", emu.base)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "same auth as the API");

    let (s, _, v) = emu.call(Method::DELETE, &format!("/environments/{ENV}/users"), None).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["deleted"], 2);
    assert_eq!(emu.list().await["total"], 0);
    let st = emu.stats().await;
    assert_eq!(st["users_per_environment"][ENV], 0);
    assert_eq!(st["users_per_environment"][OTHER_ENV], 1);

    let (s, _, v) = emu.call(Method::GET, "/environments/00000000-0000-4000-8000-000000000000/users", None).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert_eq!(v["code"], "environment_not_found");
    emu.stop().await;
}

#[tokio::test]
async fn parallel_bulk_requests() {
    let emu = Emu::start().await;
    let mut handles = Vec::new();
    for b in 0..4 {
        let users: Vec<Value> = (0..49)
            .map(|i| json!({"email": format!("u{b}-{i}@example.com"), "username": format!("u{b}_{i}")}))
            .chain([json!({"email": "shared@example.com"})])
            .collect();
        let client = emu.client.clone();
        let url = format!("{}/environments/{ENV}/users/bulk", emu.base);
        handles.push(tokio::spawn(async move {
            let r = client.post(url).bearer_auth(TOKEN).json(&users).send().await.unwrap();
            assert_eq!(r.status(), StatusCode::CREATED);
            r.json::<Value>().await.unwrap()
        }));
    }
    let mut created = 0;
    let mut failed = Vec::new();
    for h in handles {
        let r = h.await.unwrap();
        assert_eq!(r["total"], 50);
        created += r["created"].as_array().unwrap().len();
        failed.extend(failed_codes(&r));
    }
    assert_eq!(created, 197, "196 distinct users + one of the four 'shared'");
    assert_eq!(failed, ["email_already_exists"; 3]);
    assert_eq!(emu.list().await["total"], 197);
    emu.stop().await;
}

fn keys(v: &Value) -> BTreeSet<String> {
    v.as_object().unwrap().keys().cloned().collect()
}

#[tokio::test]
async fn seed_requests_verbatim_answer_with_the_seed_shapes() {
    let emu = Emu::start().await;
    let bulk_req = include_str!("fixtures/seed-bulk-request.json");
    let bulk_resp: Value = serde_json::from_str(include_str!("fixtures/seed-bulk-response.json")).unwrap();
    let put_req = include_str!("fixtures/seed-update-request.json");
    let put_resp: Value = serde_json::from_str(include_str!("fixtures/seed-update-response.json")).unwrap();

    let url = format!("{}/environments/{ENV}/users/bulk", emu.base);
    let r = emu
        .client
        .post(&url)
        .bearer_auth(TOKEN)
        .header("content-type", "application/json")
        .body(bulk_req)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let got: Value = r.json().await.unwrap();
    assert_eq!(keys(&got), keys(&bulk_resp));
    assert_eq!(got["total"], 1);
    assert_eq!(got["failed"], json!([]), "{got}");
    let user = &got["created"][0];
    let seed_user = &bulk_resp["created"][0];
    let missing: Vec<_> = keys(seed_user).difference(&keys(user)).cloned().collect();
    assert!(missing.is_empty(), "user keys missing: {missing:?}");
    assert_eq!(user["id"], "95b11417-f18f-457f-8804-68e361f9164f");
    assert_eq!(user["email"], "hello-world@foobar.com");
    assert_eq!(user["username"], "johndoe");

    // Every credential key we emit is one of the seed's (snake_case where it says so).
    let seed_vc = keys(&seed_user["verifiedCredentials"][0]);
    for vc in user["verifiedCredentials"].as_array().unwrap() {
        let extra: Vec<_> = keys(vc).difference(&seed_vc).cloned().collect();
        assert!(extra.is_empty(), "credential keys not in the seed: {extra:?}");
    }
    let chain_vc =
        user["verifiedCredentials"].as_array().unwrap().iter().find(|v| v["format"] == "blockchain").unwrap();
    for k in [
        "address",
        "chain",
        "wallet_name",
        "wallet_provider",
        "public_identifier",
        "wallet_properties",
        "wallet_additional_addresses",
    ] {
        assert!(chain_vc.get(k).is_some(), "{k}");
    }
    assert_eq!(
        keys(&chain_vc["wallet_additional_addresses"][0]),
        keys(&seed_user["verifiedCredentials"][0]["wallet_additional_addresses"][0])
    );
    for part in ["wallets", "oauthAccounts"] {
        let seed_keys = keys(&seed_user[part][0]);
        let ours = keys(&user[part][0]);
        assert!(ours.is_subset(&seed_keys), "{part}: {ours:?} vs {seed_keys:?}");
    }
    assert_eq!(keys(&user["oauthAccounts"][0]), keys(&seed_user["oauthAccounts"][0]));

    // The seed PUT body, verbatim, to the user the seed bulk body created.
    let r = emu
        .client
        .put(format!("{}/users/95b11417-f18f-457f-8804-68e361f9164f", emu.base))
        .bearer_auth(TOKEN)
        .header("content-type", "application/json")
        .body(put_req)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let got: Value = r.json().await.unwrap();
    assert_eq!(keys(&got), keys(&put_resp));
    let missing: Vec<_> = keys(&put_resp["user"]).difference(&keys(&got["user"])).cloned().collect();
    assert!(missing.is_empty(), "user keys missing: {missing:?}");
    assert_eq!(got["user"]["kasWallet"], "kaspa:qrelgny7sr3vahq69yykxx36m65gvmhryxrlwngfzgu8xkdslum2yxjp3ap8m");

    // Sending the seed bulk body again: its email is taken now.
    let r = emu
        .client
        .post(&url)
        .bearer_auth(TOKEN)
        .header("content-type", "application/json")
        .body(bulk_req)
        .send()
        .await
        .unwrap();
    let got: Value = r.json().await.unwrap();
    assert_eq!(failed_codes(&got), ["email_already_exists"]);
    emu.stop().await;
}

#[tokio::test]
async fn environment_scoped_put() {
    let emu = Emu::start_with(|c| c.environments.push(OTHER_ENV.into())).await;
    let seed_bulk: Value = serde_json::from_str(include_str!("fixtures/seed-bulk-request.json")).unwrap();
    emu.bulk(&seed_bulk, None).await;
    let ours = "95b11417-f18f-457f-8804-68e361f9164f";
    let (_, r) = emu.bulk_env(OTHER_ENV, &json!([{"email": "other@example.com"}]), None).await;
    let theirs = r["created"][0]["id"].as_str().unwrap().to_owned();

    // The seed's PUT body, verbatim: the same answer on both paths.
    let put_req: Value = serde_json::from_str(include_str!("fixtures/seed-update-request.json")).unwrap();
    let (s, scoped) = emu.put_user_env(ENV, ours, &put_req).await;
    assert_eq!(s, StatusCode::OK, "{scoped}");
    let (s, legacy) = emu.put_user(ours, &put_req).await;
    assert_eq!(s, StatusCode::OK, "{legacy}");
    assert_eq!(keys(&scoped), keys(&legacy));
    assert_eq!(keys(&scoped["user"]), keys(&legacy["user"]));
    for k in ["id", "email", "username", "kasWallet", "createdAt", "verifiedCredentials", "projectEnvironmentId"] {
        assert_eq!(scoped["user"][k], legacy["user"][k], "{k}");
    }

    // A user of another environment is not found through this environment's path…
    let (s, v) = emu.put_user_env(ENV, &theirs, &json!({"firstName": "Nope"})).await;
    assert_eq!(s, StatusCode::NOT_FOUND, "{v}");
    assert_eq!(v["code"], "user_not_found");
    // … but is through its own, and through the legacy path, which names no environment.
    let (s, v) = emu.put_user_env(OTHER_ENV, &theirs, &json!({"firstName": "Theirs"})).await;
    assert_eq!((s, v["user"]["firstName"].as_str()), (StatusCode::OK, Some("Theirs")));
    let (s, _) = emu.put_user(&theirs, &json!({"firstName": "Legacy"})).await;
    assert_eq!(s, StatusCode::OK);

    // Unknown environment; ids that are not lower-case UUIDs; a schema refusal.
    let (s, v) = emu.put_user_env("00000000-0000-4000-8000-000000000000", ours, &json!({})).await;
    assert_eq!((s, v["code"].as_str()), (StatusCode::NOT_FOUND, Some("environment_not_found")));
    for (env, id, what) in [
        (ENV.to_uppercase(), ours.to_owned(), "environmentId"),
        (ENV.into(), ours.to_uppercase(), "userId"),
        (ENV.into(), "x".into(), "userId"),
    ] {
        let (s, v) = emu.put_user_env(&env, &id, &json!({})).await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{env} {id}");
        assert!(v["error"].as_str().unwrap().contains(what), "{v}");
    }
    let (s, v) = emu.put_user_env(ENV, ours, &json!({"lastName": "Smith (Jr.)"})).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(v["error"].as_str().unwrap().starts_with("lastName: "), "{v}");
    let (s, v) = emu.put_user_env(ENV, ours, &json!({"id": theirs})).await;
    assert_eq!((s, v["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("invalid_user")));

    // Faults and the token apply as on the legacy path.
    let r =
        emu.client.put(format!("{}/environments/{ENV}/users/{ours}", emu.base)).json(&json!({})).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    emu.stop().await;
}
