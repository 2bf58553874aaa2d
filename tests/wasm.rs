//! The exports as JavaScript calls them, run by wasm-bindgen-test-runner in Node and (with
//! WASM_BINDGEN_USE_BROWSER=1) in headless Chromium: hostile values give reports, never throws,
//! and the module keeps answering correctly afterwards.
#![cfg(target_arch = "wasm32")]

use dynamic_users::wasm::USER_FIELD_TS;
use serde_json::{json, Value};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::wasm_bindgen_test;

// The validators without options (`RuleOptions`), as most calls make them: they never throw then.
fn validate_user_update(value: JsValue) -> JsValue {
    dynamic_users::wasm::validate_user_update(value, JsValue::UNDEFINED).unwrap()
}
fn validate_new_user(value: JsValue) -> JsValue {
    dynamic_users::wasm::validate_new_user(value, JsValue::UNDEFINED).unwrap()
}
fn validate_bulk_users(value: JsValue) -> JsValue {
    dynamic_users::wasm::validate_bulk_users(value, JsValue::UNDEFINED).unwrap()
}
fn validate_field(field: JsValue, value: JsValue) -> JsValue {
    dynamic_users::wasm::validate_field(field, value, JsValue::UNDEFINED).unwrap()
}

#[wasm_bindgen(inline_js = r#"
export function customFields(regex) {
  return { customFields: [
    { id: '1', key: 'code', name: 'code', enabled: true, required: true, fieldType: 'text', position: 0, validationRules: { regex, unique: true } },
    { id: '2', key: 'terms', name: 'terms', enabled: true, required: true, fieldType: 'checkbox', position: 1 },
  ] };
}
export function parse(text) { return JSON.parse(text); }
"#)]
extern "C" {
    #[wasm_bindgen(js_name = customFields)]
    fn custom_fields(regex: &str) -> JsValue;
    fn parse(text: &str) -> JsValue;
}

/// Custom fields' patterns are the engine's own RegExp, compiled as Dynamic's SDK does (no flags:
/// look-behind works, `\p{Lu}` is not a Unicode class without `u`), in Node and Chromium alike;
/// one that does not compile is a warning, never a throw.
#[wasm_bindgen_test]
fn custom_fields_use_the_engines_regexp() {
    let options = custom_fields(r"^(?<=^)[A-ZÄÖ]{2}\d{4}$");
    let codes = |report: JsValue| -> Vec<(String, String)> {
        to_json(&report)["issues"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| (i["path"].as_str().unwrap().to_owned(), i["code"].as_str().unwrap().to_owned()))
            .collect()
    };
    let users = parse(
        r#"[{"metadata":{"code":"ÄB1234","terms":true}},{"metadata":{"code":"ab1234"}},{"metadata":{"code":"ÄB1234","terms":true}}]"#,
    );
    let report = dynamic_users::wasm::validate_bulk_users(users, options.clone()).unwrap();
    let pair = |p: &str, c: &str| (p.to_owned(), c.to_owned());
    assert_eq!(
        codes(report),
        [
            pair("[1].metadata.code", "custom_field_pattern"),
            pair("[1].metadata.terms", "custom_field_required"),
            pair("[2].metadata.code", "custom_field_duplicate"),
        ]
    );
    let broken =
        dynamic_users::wasm::validate_new_user(parse(r#"{"metadata":{"terms":true}}"#), custom_fields("(")).unwrap();
    assert_eq!(
        codes(broken),
        [pair("metadata.code", "custom_field_unchecked"), pair("metadata.code", "custom_field_required")]
    );
    let issues =
        dynamic_users::wasm::validate_field(JsValue::from_str("metadata.code"), JsValue::from_str("ÖÖ0000"), options)
            .unwrap();
    assert_eq!(to_json(&issues), json!([]));
    // Without the u flag, \p{Lu} is the letter p and a count, as in the SDK's `new RegExp(regex)`.
    let literal = custom_fields(r"^\p{Lu}$");
    let issues = |value: &str| {
        dynamic_users::wasm::validate_field(
            JsValue::from_str("metadata.code"),
            JsValue::from_str(value),
            literal.clone(),
        )
        .unwrap()
    };
    assert_eq!(to_json(&issues("Ä"))[0]["code"], "custom_field_pattern");
    assert_eq!(to_json(&issues("p{Lu}")), json!([]));
    // A wrong shape throws a config error.
    let error = dynamic_users::wasm::validate_new_user(parse("{}"), parse(r#"{"customFields":{}}"#)).unwrap_err();
    assert_eq!(js_sys::Reflect::get(&error, &"kind".into()).unwrap().as_string().as_deref(), Some("config"));
}

#[wasm_bindgen(inline_js = r#"
export function hostile() {
  const cyclic = { firstName: 'a' }; cyclic.self = cyclic;
  let deep = {}; let at = deep; for (let i = 0; i < 10000; i++) { at.metadata = {}; at = at.metadata; }
  const deepArrays = JSON.parse('['.repeat(200) + ']'.repeat(200));
  const throwingProxy = new Proxy({}, {
    get() { throw new Error('trap'); }, ownKeys() { throw new Error('trap'); },
    getOwnPropertyDescriptor() { throw new Error('trap'); }, getPrototypeOf() { throw new Error('trap'); },
  });
  const revoked = Proxy.revocable({}, {}); revoked.revoke();
  const throwingGetter = { get firstName() { throw new Error('getter'); } };
  const throwingToJSON = { toJSON() { throw new Error('toJSON'); } };
  return [
    undefined, null, 42, NaN, -0, Infinity, true, 'text', 'x'.repeat(10 * 1024 * 1024), Symbol('s'), 10n,
    () => 1, [], [1, 2], new Uint8Array(16), new Date(0), new Map([['a', 1]]), cyclic, deep, deepArrays,
    throwingProxy, revoked.proxy, throwingGetter, throwingToJSON, { a: 1n },
    JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}'),
    { firstName: '\ud800' }, { [Symbol('k')]: 1, firstName: () => 1 }, Object.create(null),
  ];
}
export function largeArrays() {
  const users = [];
  for (let i = 0; i < 1000; i++) users.push({ email: `user${i % 600}@example.com`, username: `u${i}` });
  users[3] = undefined; users[5] = () => 1; users[7] = new Date(0); delete users[9];
  users[11] = { toJSON(key) { return { email: 'tojson@example.com', firstname: 'x' }; } };
  users[420] = { email: 'not an email' };
  const whole = [...users]; whole.toJSON = function () { return [...this]; };
  const proxied = new Proxy(users, {});
  const throwing = [...users]; Object.defineProperty(throwing[700] = {}, 'email', { enumerable: true, get() { throw new Error('getter'); } });
  const cyclic = [...users]; cyclic[900] = { email: 'c@example.com' }; cyclic[900].self = cyclic;
  const ownSlice = [...users]; ownSlice.slice = () => { throw new Error('not this one'); };
  const short = [{ email: 'a@example.com' }, { email: 'b@example.com' }, { email: 'c@example.com', metadata: { n: 1n } }];
  return [users, whole, proxied, throwing, cyclic, ownSlice, short];
}
export function polluted() { return ({}).polluted !== undefined || Object.prototype.polluted !== undefined; }
export function seedLike() {
  return { id: '95b11417-f18f-457f-8804-68e361f9164f', firstName: 'Ann', country: 'US', username: 'ann_1' };
}
"#)]
extern "C" {
    fn hostile() -> js_sys::Array;
    fn polluted() -> bool;
    #[wasm_bindgen(js_name = largeArrays)]
    fn large_arrays() -> js_sys::Array;
    #[wasm_bindgen(js_name = seedLike)]
    fn seed_like() -> JsValue;
}

fn to_json(value: &JsValue) -> Value {
    let text = js_sys::JSON::stringify(value).unwrap().as_string().unwrap();
    serde_json::from_str(&text).unwrap()
}

/// A report is an object with a boolean `valid` and issues that each carry the four fields.
fn assert_report_shape(report: &Value) {
    assert!(report["valid"].is_boolean(), "{report}");
    for issue in report["issues"].as_array().expect("issues") {
        for key in ["path", "code", "severity", "message"] {
            assert!(issue[key].is_string(), "{issue}");
        }
    }
}

/// `metadata` nested 10 000 levels deep: free-form objects are skipped without recursion, so it is
/// valid when `JSON.stringify` copes (Chromium) and `not_serializable` when the engine's stack
/// gives out first (Node): never a crash.
const DEEP_METADATA: usize = 18;

fn deep_metadata_ok(report: &Value) -> bool {
    *report == json!({ "valid": true, "issues": [] }) || report["issues"][0]["code"] == "not_serializable"
}

fn still_working() {
    let report = to_json(&validate_user_update(seed_like()));
    assert_eq!(report, json!({ "valid": true, "issues": [] }));
    let report = to_json(&validate_user_update(JsValue::from_str("nope")));
    assert_eq!(report["issues"][0]["code"], "invalid_type");
}

#[wasm_bindgen_test]
fn hostile_values_give_reports_and_the_module_keeps_working() {
    let values = hostile();
    for (i, value) in values.iter().enumerate() {
        // A Map, an object of only symbol keys and function values, and a null-prototype object
        // serialise as `{}`, which is what would be sent: an empty update or user is fine, an
        // empty bulk body is not.
        let empty_object = matches!(i, 16 | 27 | 28);
        for (name, validate) in [
            ("update", validate_user_update as fn(JsValue) -> JsValue),
            ("user", validate_new_user as fn(JsValue) -> JsValue),
        ] {
            let report = to_json(&validate(value.clone()));
            assert_report_shape(&report);
            if i == DEEP_METADATA {
                assert!(deep_metadata_ok(&report), "{name}: {report}");
            } else {
                assert_eq!(report["valid"], empty_object, "{name}: value #{i}: {report}");
            }
        }
        let report = to_json(&validate_bulk_users(value.clone()));
        assert_report_shape(&report);
        assert_eq!(report["valid"], false, "bulk: value #{i}: {report}");
        let issues = to_json(&validate_field(JsValue::from_str("firstName"), value.clone()));
        assert!(issues.is_array(), "value #{i}: {issues}");
        let issues = to_json(&validate_field(value.clone(), JsValue::from_str("x")));
        assert!(issues.is_array(), "field name #{i}: {issues}");
        still_working();
    }
    assert!(!polluted(), "Object.prototype was polluted");
}

/// Arrays longer than a slice are stringified a slice at a time: the report must be the one a
/// single `JSON.stringify` gives, holes, functions, `toJSON`, proxies and repeats across slices
/// included, and a slice that cannot be stringified must fail the whole read, naming its element.
#[wasm_bindgen_test]
fn large_arrays_read_in_slices_are_judged_like_one_stringify() {
    let arrays = large_arrays();
    let plain = to_json(&validate_bulk_users(arrays.get(0)));
    let whole = to_json(&validate_bulk_users(arrays.get(1)));
    assert_eq!(plain, whole);
    let codes: Vec<(&str, &str)> = plain["issues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["path"].as_str().unwrap(), i["code"].as_str().unwrap()))
        .collect();
    assert!(codes.contains(&("[3]", "invalid_type")), "undefined reads as null: {codes:?}");
    assert!(codes.contains(&("[11].firstname", "unknown_field")), "toJSON is called: {codes:?}");
    assert!(codes.contains(&("[420].email", "invalid_email")), "{codes:?}");
    assert!(codes.contains(&("[999].email", "duplicate_email")), "repeats across slices: {codes:?}");
    assert_eq!(to_json(&validate_bulk_users(arrays.get(2))), plain, "a proxy reads like its target");
    assert_eq!(to_json(&validate_bulk_users(arrays.get(5))), plain, "the array's own slice is not used");
    // The report names the element JSON.stringify throws on, so one bad row of many can be found.
    for (broken, path) in [(3, "[700]"), (4, "[900]"), (6, "[2]")] {
        let report = to_json(&validate_bulk_users(arrays.get(broken)));
        assert_eq!(report["issues"][0]["code"], "not_serializable", "{report}");
        assert_eq!(report["issues"][0]["path"], path, "{report}");
        assert_eq!(report["issues"].as_array().unwrap().len(), 1, "{report}");
        still_working();
    }
}

#[wasm_bindgen(inline_js = r#"
export function unicodeArrays() {
  const names = ['José', 'Zoë', 'Иван', '李雷', '😀', 'a\u07ff', '\u0800b', '\uffff', '\u{10ffff}', 'x\ud800', '\udc00y',
    'Ω'.repeat(300), '𝐀𝐁', 'e\u0301', 'ÿ\u0100', '\u{1F1FA}\u{1F1F8}'];
  const users = [];
  for (let i = 0; i < 300; i++) {
    const name = (k) => names[(i * k) % names.length];
    users.push({ email: `u${i}@example.com`, username: `user_${i}`, firstName: name(1), lastName: name(7) + i });
  }
  const whole = [...users]; whole.toJSON = function () { return [...this]; };
  return [users, whole];
}
"#)]
extern "C" {
    #[wasm_bindgen(js_name = unicodeArrays)]
    fn unicode_arrays() -> js_sys::Array;
}

/// A large array's slices cross by `src/wasm/utf8.wat` where the engine runs it (Chromium), a text
/// read whole by `TextEncoder.encodeInto`: names of every UTF-8 length, surrogate pairs and
/// unpaired surrogates (escaped by `JSON.stringify`) must be judged the same either way.
#[wasm_bindgen_test]
fn slices_and_whole_texts_cross_alike_in_every_utf8_length() {
    let arrays = unicode_arrays();
    let sliced = to_json(&validate_bulk_users(arrays.get(0)));
    assert_eq!(sliced, to_json(&validate_bulk_users(arrays.get(1))));
    let codes: Vec<&str> = sliced["issues"].as_array().unwrap().iter().map(|i| i["code"].as_str().unwrap()).collect();
    // Every row judged (no cap reached), the unpaired surrogates found, the emoji refused by the name pattern.
    assert!(!codes.contains(&"too_many_issues"), "{codes:?}");
    assert!(codes.contains(&"invalid_unicode") && codes.contains(&"invalid_text"), "{codes:?}");
}

#[wasm_bindgen_test]
fn reports_name_what_is_wrong() {
    let values = hostile();
    let code = |i: u32| to_json(&validate_new_user(values.get(i)))["issues"][0]["code"].clone();
    assert_eq!(code(0), "invalid_type"); // undefined
    assert_eq!(code(17), "not_serializable"); // cyclic
    assert_eq!(code(21), "not_serializable"); // revoked proxy
    assert_eq!(code(25), "unknown_field"); // __proto__
    assert_eq!(code(26), "invalid_unicode"); // lone surrogate
    let big = to_json(&validate_user_update(values.get(8)));
    assert_eq!(big["issues"][0]["message"], "An update must be an object, not a string.");
    assert_eq!(code(19), "invalid_type"); // 200 nested arrays: not an object
    assert!(deep_metadata_ok(&to_json(&validate_new_user(values.get(DEEP_METADATA as u32)))));
    assert_eq!(code(1), "invalid_type"); // null
    assert_eq!(code(11), "invalid_type"); // a function
}

#[wasm_bindgen_test]
fn bulk_reports_rows_and_duplicates() {
    let users = js_sys::JSON::parse(
        r#"[{"email":"a@example.com","username":"Ann"},{"email":"A@EXAMPLE.COM","country":"UK"},{"username":"ann"}]"#,
    )
    .unwrap();
    let report = to_json(&validate_bulk_users(users));
    let got: Vec<(String, String)> = report["issues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["path"].as_str().unwrap().to_owned(), i["code"].as_str().unwrap().to_owned()))
        .collect();
    let want =
        [("[1].country", "invalid_country"), ("[1].email", "duplicate_email"), ("[2].username", "duplicate_username")];
    assert_eq!(got, want.map(|(p, c)| (p.to_owned(), c.to_owned())));
}

/// Non-ASCII text is lower-cased by the JavaScript engine in wasm (src/validate/lower.rs): repeats
/// that differ only in case are still repeats, in any script.
#[wasm_bindgen_test]
fn repeats_are_found_across_case_in_any_script() {
    let users =
        js_sys::JSON::parse(r#"[{"username":"ÄRGER_ΣΟΦΙΑ"},{"username":"ärger_σοφια"},{"username":"ärger_sofia"}]"#)
            .unwrap();
    let report = to_json(&validate_bulk_users(users));
    let codes: Vec<(&str, &str)> = report["issues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["path"].as_str().unwrap(), i["code"].as_str().unwrap()))
        .collect();
    assert!(codes.contains(&("[1].username", "duplicate_username")), "{codes:?}");
    assert!(!codes.iter().any(|(p, _)| p.starts_with("[2]")), "{codes:?}");
}

/// A header of 2 000 long metadata keys over 200 000 empty lines: no guess at the JSON's size
/// may ask for more memory than wasm has, which would abort the instance.
#[wasm_bindgen_test]
fn a_wide_csv_of_empty_lines_leaves_the_module_working() {
    use dynamic_users::wasm::parse_users_csv_js;
    let header: Vec<String> = (0..2_000).map(|i| format!("metadata.a_rather_long_key_number_{i}")).collect();
    let text = format!("{}\n{}", header.join(","), ",\n".repeat(200_000));
    let parsed = to_json(&parse_users_csv_js(JsValue::from_str(&text), JsValue::UNDEFINED).unwrap());
    assert_eq!(parsed["users"], json!([]));
    still_working();
}

/// The users parseUsersCsv builds from its tape are, key for key and in the same order, what
/// JSON.parse makes of the JSON text the CSV reader writes for importUsers: on rows of every kind
/// of column and of text (quotes, non-ASCII, characters outside the BMP), refused rows among them.
#[wasm_bindgen_test]
fn csv_users_are_what_json_parse_makes_of_their_json() {
    use dynamic_users::csv::read_users_csv;
    use dynamic_users::import::{json_array, prepare, Input};
    use dynamic_users::wasm::parse_users_csv_js;
    const HEADER: &str = "email,username,First Name,policiesConsent,metadata.plan,metadata.__proto__,\
                          walletAddress,walletChain,walletName,walletProvider,country,metadata.é";
    const CELLS: [&[&str]; 12] = [
        &["a@x.io", "bad", "\"q\"\"uote@x.io\""],
        &["ann", "bad name"],
        &["Ann", "\"Lee, Jr\"", "\"multi\nline\"", "Zoë 😀 Brontë", "\u{2028}\\"],
        &["yes", "no", "1", "FALSE", "maybe"],
        &["pro", "\"a \"\"b\"\"\""],
        &["{}", "polluted"],
        &["0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "nope"],
        &["ETH", "XYZ"],
        &["MetaMask"],
        &["browserExtension"],
        &["US", "uk"],
        &["😀", "x"],
    ];
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut text = String::from(HEADER);
    for row in 0..2_000 {
        text.push('\n');
        let cells: Vec<String> = CELLS
            .iter()
            .enumerate()
            .map(|(column, options)| match (column, next() % 8) {
                (_, 0..=1) => String::new(),
                (0, _) if next() % 8 != 0 => format!("user{row}@x.io"),
                (1, _) if next() % 8 != 0 => format!("user_{row}"),
                (_, 2..=6) => options[0].to_owned(),
                _ => options[(next() % options.len() as u64) as usize].to_owned(),
            })
            .collect();
        text.push_str(&cells.join(","));
    }
    let parsed = parse_users_csv_js(JsValue::from_str(&text), JsValue::UNDEFINED).unwrap();
    let users = js_sys::Reflect::get(&parsed, &"users".into()).unwrap();
    let prepared = prepare(Input::from_csv(&text).unwrap());
    let expected =
        js_sys::JSON::parse(&json_array(&prepared.input.text, prepared.ready.iter().map(|r| &r.span))).unwrap();
    let (kept, all) = (prepared.ready.len(), read_users_csv(&text, &Default::default()).rows.len());
    assert!(kept > 200 && kept < all - 200, "kept and refused rows both: {kept} of {all}");
    assert_eq!(js_sys::JSON::stringify(&users).unwrap(), js_sys::JSON::stringify(&expected).unwrap());
    // `metadata.__proto__` is an own key, as JSON.parse makes it, not the object's prototype.
    let polluted = js_sys::Array::from(&users).iter().find_map(|user| {
        let metadata = js_sys::Reflect::get(&user, &"metadata".into()).ok()?;
        let own =
            js_sys::Object::get_own_property_descriptor(metadata.dyn_ref::<js_sys::Object>()?, &"__proto__".into());
        (!own.is_undefined()).then_some(metadata)
    });
    let metadata = polluted.expect("a kept row with a metadata.__proto__ cell");
    assert_eq!(js_sys::Object::get_prototype_of(&metadata), js_sys::Object::get_prototype_of(&js_sys::Object::new()));
    still_working();
}

#[wasm_bindgen_test]
fn validate_field_takes_every_declared_field_name() {
    let names: Vec<&str> = USER_FIELD_TS.split('"').skip(1).step_by(2).collect();
    let mut declared = names.clone();
    declared.sort_unstable();
    let mut schema = dynamic_users::validate::user_field_names();
    schema.sort_unstable();
    assert_eq!(declared, schema, "UserField in the .d.ts drifted from the schema");
    for name in names {
        let issues = to_json(&validate_field(JsValue::from_str(name), JsValue::UNDEFINED));
        assert_eq!(issues, json!([]), "{name}");
    }
}

#[wasm_bindgen_test]
fn parses_csv_edge_cases() {
    use dynamic_users::wasm::parse_users_csv_js;
    let text = "\u{FEFF}EMAIL,first_name,metadata.plan,wallet address,Wallet Chain,walletName,walletProvider,Newsletter Notification\r\n\r\n\"ada@example.com\",\"Ada, the Countess\",\"pro \"\"plus\"\"\",0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed,ETH,MM,browserExtension,YES\r\nbad,Bob,,,,,,maybe\r\n,,,,,,,\r\n";
    let parsed = to_json(&parse_users_csv_js(JsValue::from_str(text), JsValue::UNDEFINED).unwrap());
    assert_eq!(
        parsed["users"],
        json!([{ "email": "ada@example.com", "firstName": "Ada, the Countess", "metadata": { "plan": "pro \"plus\"" },
                 "wallets": [{ "publicWalletAddress": "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "chain": "ETH", "walletName": "MM", "walletProvider": "browserExtension" }],
                 "newsletterNotification": true }])
    );
    let issues: Vec<(String, String)> = parsed["issues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["path"].as_str().unwrap().to_owned(), i["code"].as_str().unwrap().to_owned()))
        .collect();
    assert_eq!(
        issues,
        [
            ("row 4: email".to_owned(), "invalid_email".to_owned()),
            ("row 4: newsletterNotification".to_owned(), "invalid_type".to_owned())
        ]
    );
    assert_eq!(
        to_json(&parse_users_csv_js(JsValue::from(42), JsValue::UNDEFINED).unwrap())["issues"][0]["code"],
        "invalid_type"
    );
    still_working();
}

#[wasm_bindgen(inline_js = r#"
export function isRejectedWithOurError(promise) {
  return promise.then(() => 'resolved', (e) => (e && e.name === 'DynamicUsersError' && typeof e.kind === 'string' ? e.kind : 'other: ' + e));
}
"#)]
extern "C" {
    #[wasm_bindgen(js_name = isRejectedWithOurError)]
    fn rejected_kind(promise: js_sys::Promise) -> js_sys::Promise;
}

#[wasm_bindgen_test]
async fn the_client_takes_hostile_values_without_throwing_past_its_error_type() {
    use dynamic_users::wasm::DynamicUsersClient;
    let values = hostile();
    // Options: every hostile value is a config error, thrown as our error type.
    for (i, value) in values.iter().enumerate() {
        match DynamicUsersClient::new(value.clone()) {
            Ok(_) => panic!("value #{i} made a client"),
            Err(error) => assert_eq!(js_sys::Reflect::get(&error, &"kind".into()).unwrap(), "config", "value #{i}"),
        }
    }
    // Nothing listens on port 9: anything that got as far as sending would be a network error.
    let options =
        js_sys::JSON::parse(r#"{"token":"test-token","baseUrl":"http://127.0.0.1:9/api/v0","maxRetries":0}"#).unwrap();
    let client = DynamicUsersClient::new(options).unwrap();
    let env = JsValue::from_str("95b11417-f18f-457f-8804-68e361f9164f");
    for (i, value) in values.iter().enumerate() {
        let calls = [
            ("bulk users", client.bulk_create_users(env.clone(), value.clone(), JsValue::UNDEFINED)),
            ("bulk id", client.bulk_create_users(value.clone(), js_sys::Array::new().into(), JsValue::UNDEFINED)),
            ("bulk options", client.bulk_create_users(env.clone(), js_sys::Array::new().into(), value.clone())),
            ("update fields", client.update_user(env.clone(), value.clone(), JsValue::UNDEFINED)),
            ("import users", client.import_users(env.clone(), value.clone(), JsValue::UNDEFINED)),
            ("import options", client.import_users(env.clone(), js_sys::Array::new().into(), value.clone())),
        ];
        for (what, promise) in calls {
            let kind = wasm_bindgen_futures::JsFuture::from(rejected_kind(promise)).await.unwrap().as_string().unwrap();
            assert!(
                ["validation", "config", "network", "resolved"].contains(&kind.as_str()),
                "{what} with value #{i}: {kind}"
            );
        }
        still_working();
    }
    assert!(!polluted());
}
