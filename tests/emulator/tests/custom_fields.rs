//! Custom fields (SPEC section 6): served by `GET …/custom/fields`, set by `--custom-fields` or
//! the control endpoint, and enforced on writes as the API does.

mod common;

use common::{ENV, Emu, failed_codes};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

fn kyc_fields() -> Value {
    json!([
        { "name": "kycId", "fieldType": "text", "required": true,
          "validationRules": { "regex": "^[A-Z]{2}\\d{4}$", "unique": true } },
        { "name": "tier", "fieldType": "select",
          "validationRules": { "validOptions": [{ "label": "Gold" }, { "label": "Silver", "key": "s" }] } },
        { "name": "terms", "fieldType": "checkbox", "required": true,
          "validationRules": { "checkboxText": "I accept the terms" } },
    ])
}

async fn put_fields(emu: &Emu, fields: &Value) -> (StatusCode, Value) {
    let url = format!("{}/__emulator/environments/{ENV}/custom-fields", emu.root);
    let r = emu.client.put(url).json(fields).send().await.unwrap();
    (r.status(), r.json().await.unwrap())
}

#[tokio::test]
async fn served_and_enforced_across_the_environment() {
    let emu = Emu::start().await;
    let (s, _, v) = emu.call(Method::GET, &format!("/environments/{ENV}/custom/fields"), None).await;
    assert_eq!((s, v), (StatusCode::OK, json!([])), "none by default");

    let (s, stored) = put_fields(&emu, &kyc_fields()).await;
    assert_eq!(s, StatusCode::OK, "{stored}");
    let (s, _, served) = emu.call(Method::GET, &format!("/environments/{ENV}/custom/fields"), None).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(served, stored);
    assert_eq!(served[0]["name"], "kycId");
    assert_eq!(served[0]["enabled"], true);
    assert_eq!(served[2]["position"], 2);
    assert!(served[0]["id"].as_str().is_some_and(|id| id.len() == 36));

    // Without the token: 401, as every API call.
    let r = emu.client.get(format!("{}/environments/{ENV}/custom/fields", emu.base)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let (s, _, v) =
        emu.call(Method::GET, "/environments/11111111-1111-4111-8111-111111111111/custom/fields", None).await;
    assert_eq!((s, v["code"].as_str()), (StatusCode::NOT_FOUND, Some("environment_not_found")));

    let user = |i: u32, kyc: &str| json!({ "email": format!("u{i}@example.com"), "metadata": { "kycId": kyc, "tier": "Gold", "terms": true } });
    let (s, v) = emu
        .bulk(
            &json!([
                user(0, "AB1234"),
                user(1, "AB1234"),                                                  // repeats row 0 in one request
                { "email": "u2@example.com", "metadata": { "terms": true } },       // kycId missing
                { "email": "u3@example.com", "metadata": { "kycId": "ab1234", "terms": true } },
                { "email": "u4@example.com", "metadata": { "kycId": "CD1234", "tier": "gold", "terms": true } },
                { "email": "u5@example.com", "metadata": { "kycId": "CD1234", "terms": false } },
                user(6, "EF1234"),
            ]),
            None,
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    assert_eq!(v["created"].as_array().unwrap().len(), 2, "{v}");
    assert_eq!(
        failed_codes(&v),
        [
            "custom_field_data_not_unique",
            "invalid_metadata_value",
            "invalid_metadata_value",
            "invalid_metadata_value",
            "invalid_metadata_value"
        ]
    );
    assert_eq!(v["failed"][1]["error"], "metadata.kycId is required");

    // A second request: the stored user's value is taken across the environment.
    let (s, v) = emu.bulk(&json!([user(7, "EF1234"), user(8, "GH1234")]), None).await;
    assert_eq!(s, StatusCode::CREATED);
    assert_eq!(failed_codes(&v), ["custom_field_data_not_unique"]);
    assert_eq!(v["failed"][0]["user"]["email"], "u7@example.com");

    // Upsert keeps a user's own value.
    let (_, v) = emu.bulk(&json!([user(6, "EF1234")]), Some(true)).await;
    assert_eq!(v["updated"].as_array().unwrap().len(), 1, "{v}");

    // An update that sets metadata is held to the same rules; one without metadata is not.
    let id = v["updated"][0]["id"].as_str().unwrap().to_owned();
    let (s, v) = emu.put_user_env(ENV, &id, &json!({ "metadata": { "kycId": "AB1234", "terms": true } })).await;
    assert_eq!((s, v["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("custom_field_data_not_unique")));
    let (s, v) = emu.put_user(&id, &json!({ "metadata": { "kycId": "ZZ9999" } })).await;
    assert_eq!((s, v["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("invalid_metadata_value")));
    let (s, _) = emu.put_user(&id, &json!({ "firstName": "Ada" })).await;
    assert_eq!(s, StatusCode::OK);

    // Control: a name twice is the API's custom_field_not_unique; a regex that does not compile is refused.
    let (s, v) =
        put_fields(&emu, &json!([{ "name": "a", "fieldType": "text" }, { "name": "a", "fieldType": "checkbox" }]))
            .await;
    assert_eq!((s, v["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("custom_field_not_unique")));
    let (s, v) =
        put_fields(&emu, &json!([{ "name": "a", "fieldType": "text", "validationRules": { "regex": "(" } }])).await;
    assert_eq!((s, v["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("invalid_custom_fields")));
    // Reset: back to none, and users without metadata are taken again.
    let r =
        emu.client.delete(format!("{}/__emulator/environments/{ENV}/custom-fields", emu.root)).send().await.unwrap();
    assert_eq!(r.json::<Value>().await.unwrap(), json!([]));
    let (_, v) = emu.bulk(&json!([{ "email": "plain@example.com" }]), None).await;
    assert_eq!(v["created"].as_array().unwrap().len(), 1);
    emu.stop().await;
}

#[tokio::test]
async fn disabled_fields_do_not_apply() {
    let emu = Emu::start().await;
    let (s, _) =
        put_fields(&emu, &json!([{ "name": "kycId", "fieldType": "text", "required": true, "enabled": false }])).await;
    assert_eq!(s, StatusCode::OK);
    let (_, v) = emu.bulk(&json!([{ "email": "a@example.com" }]), None).await;
    assert_eq!(v["created"].as_array().unwrap().len(), 1, "{v}");
    emu.stop().await;
}

#[tokio::test]
async fn flag_gives_every_environment_its_fields() {
    let dir = std::env::temp_dir().join(format!("emu-custom-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("fields.json");
    std::fs::write(&file, kyc_fields().to_string()).unwrap();
    let args = ["--custom-fields".to_string(), file.display().to_string()];
    let cfg = match dynamic_users_emulator::parse_args(args).unwrap() {
        dynamic_users_emulator::config::Command::Run(c) => *c,
        _ => unreachable!(),
    };
    let emu = Emu::start_with(|c| c.custom_fields = cfg.custom_fields).await;
    let (_, _, served) = emu.call(Method::GET, &format!("/environments/{ENV}/custom/fields"), None).await;
    assert_eq!(served.as_array().unwrap().len(), 3);
    let (_, v) = emu.bulk(&json!([{ "email": "a@example.com" }]), None).await;
    assert_eq!(failed_codes(&v), ["invalid_metadata_value"]);
    std::fs::write(&file, r#"[{"name":"x","fieldType":"date"}]"#).unwrap();
    let err =
        dynamic_users_emulator::parse_args(["--custom-fields".to_string(), file.display().to_string()]).unwrap_err();
    assert!(err.contains("fieldType"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
    emu.stop().await;
}
