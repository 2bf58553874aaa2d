//! Putting in place the mechanical fixes that issues carry (`issue.fix`), and nothing else: what
//! `fix: true` and `fixUsers` do. The validator alone decides what a fix is; this only applies it
//! and records each change, so a person can review every one.

use std::borrow::Cow;

use serde::Serialize;

use super::report::{IssueCode, ValidationIssue};
use crate::json::{self, Json, Writer};
use crate::text::split_once;

/// One value a fix changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Fix {
    /// The row's index in the input (for CSV, among the file's data rows, as `importUsers` counts).
    pub index: usize,
    /// CSV input: the line of the file where the row starts.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub line: Option<u32>,
    /// Where in the user, as an issue's path within it: `"country"`, `"wallets[0].publicWalletAddress"`.
    pub path: String,
    /// The value as it was.
    pub from: String,
    /// The value now (the issue's `fix`).
    pub to: String,
    /// The code of the issue the fix came from (`"invalid_country"`, …).
    pub code: IssueCode,
}

/// Writes `fix`'s members, as its derived `Serialize` does.
pub fn write_fix(out: &mut Writer, fix: &Fix) {
    out.number("\"index\":", fix.index as u64);
    if let Some(line) = fix.line {
        out.number(",\"line\":", u64::from(line));
    }
    out.text(",\"path\":", &fix.path);
    out.text(",\"from\":", &fix.from);
    out.text(",\"to\":", &fix.to);
    out.text(",\"code\":", fix.code.name());
}

/// `fixes` as a JSON array.
pub fn fixes_json(fixes: &[Fix]) -> String {
    let mut out = Writer(String::new());
    out.list("", fixes.len(), &|out, i| write_fix(out, &fixes[i]));
    out.0
}

/// An issue's path within its row: `"[3].country"` → `"country"`.
pub fn path_in_user(path: &str) -> Option<&str> {
    let (_, rest) = split_once(path.strip_prefix('[')?, b']')?;
    rest.strip_prefix('.')
}

/// True when one of a row's issues carries a fix: the only rows that cost anything more.
pub fn any_fix(issues: &[ValidationIssue]) -> bool {
    issues.iter().any(|issue| issue.fix.is_some())
}

/// The fixes of row `index`'s issues, one per path (the first issue's), each put in place by
/// `put(path, to)`, which answers the value it replaced (`None`: nothing there to fix).
pub fn apply_fixes(
    index: usize,
    line: Option<u32>,
    issues: &[ValidationIssue],
    mut put: impl FnMut(&str, &str) -> Option<String>,
) -> Vec<Fix> {
    let mut fixes: Vec<Fix> = Vec::new();
    for issue in issues {
        let (Some(to), Some(path)) = (&issue.fix, path_in_user(&issue.path)) else { continue };
        if fixes.iter().any(|fix| fix.path == path) {
            continue;
        }
        if let Some(from) = put(path, to) {
            fixes.push(Fix { index, line, path: path.to_owned(), from, to: to.clone(), code: issue.code });
        }
    }
    fixes
}

/// Users with their fixes applied: the JSON array's text, and every change.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct FixedUsers {
    pub text: String,
    pub fixes: Vec<Fix>,
}

/// Applies the mechanical fixes to each user of a JSON array (the text of `JSON.stringify(users)`);
/// `None` when the text is not an array. Rows with nothing to fix are copied as they are.
#[cfg_attr(size_opt, optimize(size))]
pub fn fix_users_json(text: &str) -> Option<FixedUsers> {
    let spans = json::Reader::array_items(text)?;
    let mut fixed = FixedUsers { text: String::with_capacity(text.len() + 2), fixes: Vec::new() };
    fixed.text.push('[');
    for (index, span) in spans.into_iter().enumerate() {
        if index > 0 {
            fixed.text.push(',');
        }
        let row = &text[span];
        let issues = match super::check_row(index, &mut json::Reader::for_validation(row)) {
            Ok((issues, _)) | Err(issues) => issues,
        };
        let tree = any_fix(&issues).then(|| json::parse(row).ok()).flatten();
        let Some(mut tree) = tree else {
            fixed.text.push_str(row);
            continue;
        };
        let fixes = apply_fixes(index, None, &issues, |path, to| {
            let slot = slot(&mut tree, path)?;
            let Json::String(from) = slot else { return None };
            let from = crate::text::owned(from);
            *slot = Json::String(Cow::Owned(crate::text::owned(to)));
            Some(from)
        });
        write_json(&tree, &mut fixed.text);
        fixed.fixes.extend(fixes);
    }
    fixed.text.push(']');
    Some(fixed)
}

/// The value at `path` (`wallets[0].publicWalletAddress`) in a user.
fn slot<'t, 'a>(mut node: &'t mut Json<'a>, path: &str) -> Option<&'t mut Json<'a>> {
    // `split('.')`, `find('[')` and `split_once(']')` by byte loops (`text::split_once`).
    let mut rest = Some(path);
    while let Some(parts) = rest {
        let (part, after) = split_once(parts, b'.').map_or((parts, None), |(part, after)| (part, Some(after)));
        rest = after;
        let (key, mut indexes) = part.split_at(part.bytes().position(|b| b == b'[').unwrap_or(part.len()));
        if !key.is_empty() {
            let Json::Object(entries) = node else { return None };
            node = &mut entries.iter_mut().find(|(k, _)| k == key)?.1;
        }
        while let Some(rest) = indexes.strip_prefix('[') {
            let (at, after) = split_once(rest, b']')?;
            let Json::Array(items) = node else { return None };
            node = items.get_mut(at.parse::<usize>().ok()?)?;
            indexes = after;
        }
    }
    Some(node)
}

/// Writes a value as JSON text, keys in their order.
#[cfg_attr(size_opt, optimize(size))]
fn write_json(value: &Json, out: &mut String) {
    match value {
        Json::Null => out.push_str("null"),
        Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        // A number as the input text had it: for `fixUsers`, as `JSON.stringify` wrote it (`5`,
        // `0.1`, `1e+21`), not formatted again (which would bring serde_json's float formatting
        // into the wasm). Text from elsewhere keeps its own spelling (`1.50`, `1E5`): the same value.
        Json::Number(text) => out.push_str(text),
        Json::String(s) => json::push_string(out, s),
        Json::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json(item, out);
            }
            out.push(']');
        }
        Json::Object(entries) => {
            out.push('{');
            for (i, (key, item)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                json::push_string(out, key);
                out.push(':');
                write_json(item, out);
            }
            out.push('}');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fixed users of a JSON text, and the fixes as tuples.
    fn fixed(users: &str) -> (serde_json::Value, Vec<(usize, String, String, String, IssueCode)>) {
        let FixedUsers { text, fixes } = fix_users_json(users).unwrap();
        let fixes = fixes.into_iter().map(|f| (f.index, f.path, f.from, f.to, f.code)).collect();
        (serde_json::from_str(&text).unwrap(), fixes)
    }

    #[test]
    fn applies_exactly_the_fixes_issues_carry() {
        // Text, not serde_json's json!: its key order depends on the features the workspace enables.
        let users = r#"[
            { "email": " ada@example.com ", "country": "United Kingdom", "phoneNumber": "+1 (917) 111-3333",
              "metadata": { "n": 5, "x": [1.5, null, true] }, "firstName": "Ada" },
            { "email": "bob@example.com", "country": "DE" },
            { "country": "Atlantis", "username": "john.doe", "firstName": "Jose\u0301",
              "id": "95B11417-F18F-457F-8804-68E361F9164F",
              "wallets": [{ "publicWalletAddress": " 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "chain": "ETH",
                            "walletName": "MetaMask", "walletProvider": "browserExtension" }] },
            42
        ]"#;
        let (users, fixes) = fixed(users);
        let s = |v: &str| v.to_owned();
        assert_eq!(
            fixes,
            [
                (0, s("email"), s(" ada@example.com "), s("ada@example.com"), IssueCode::InvalidEmail),
                (0, s("country"), s("United Kingdom"), s("GB"), IssueCode::InvalidCountry),
                (0, s("phoneNumber"), s("+1 (917) 111-3333"), s("+1 917 111-3333"), IssueCode::InvalidText),
                (2, s("firstName"), s("Jose\u{301}"), s("Jos\u{e9}"), IssueCode::InvalidText),
                (
                    2,
                    s("id"),
                    s("95B11417-F18F-457F-8804-68E361F9164F"),
                    s("95b11417-f18f-457f-8804-68e361f9164f"),
                    IssueCode::InvalidUuid
                ),
                (
                    2,
                    s("wallets[0].publicWalletAddress"),
                    s(" 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"),
                    s("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"),
                    IssueCode::InvalidAddress
                ),
            ]
        );
        assert_eq!(users[0]["metadata"], serde_json::json!({ "n": 5, "x": [1.5, null, true] }));
        assert_eq!(users[0]["firstName"], "Ada");
        assert_eq!(users[1], serde_json::json!({ "email": "bob@example.com", "country": "DE" }));
        // No mechanical fix: left as it is, to stay an error.
        assert_eq!((users[2]["country"].as_str(), users[2]["username"].as_str()), (Some("Atlantis"), Some("john.doe")));
        assert_eq!(users[3], 42);
        // Keys keep their order; untouched rows are copied as they are.
        let FixedUsers { text, .. } = fix_users_json(r#"[{"z":1,"country":"uk","a":2},{"b" : 1}]"#).unwrap();
        assert_eq!(text, r#"[{"z":1,"country":"GB","a":2},{"b" : 1}]"#);
        // Numbers in a fixed row are written as the text had them, not formatted again.
        let row = r#"[{"country":"uk","metadata":{"a":0.1,"b":1e+21,"c":-0,"d":1.5E-7,"e":5e-324}}]"#;
        let FixedUsers { text, .. } = fix_users_json(row).unwrap();
        assert_eq!(text, row.replace("uk", "GB"));
    }

    #[test]
    fn not_an_array_gives_none() {
        assert_eq!(fix_users_json("{}"), None);
        assert_eq!(fix_users_json("[]"), Some(FixedUsers { text: "[]".into(), fixes: Vec::new() }));
        assert_eq!(path_in_user("[12].wallets[0].chain"), Some("wallets[0].chain"));
        assert_eq!(path_in_user("row 3: email"), None);
    }
}
