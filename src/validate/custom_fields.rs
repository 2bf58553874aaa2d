//! An environment's custom fields (SPEC section 6; `RuleOptions.customFields`): each `enabled`
//! field's rules, checked on the value at `metadata[field.name]`.
//!
//! A text field's `regex` is matched as Dynamic's SDK matches it, `new RegExp(regex).test(value)`,
//! by whoever builds [`CustomFields`]: the caller passes a compiler of patterns ([`Compile`]), so the
//! core stays pure and the wasm carries no regex engine (the JavaScript boundary passes the
//! engine's own `RegExp`; native tests a Rust regex). A pattern that does not compile is one
//! warning and its field's pattern goes unchecked, never a throw. A value longer than
//! [`MAX_PATTERN_INPUT`] characters is not matched (a warning): that bounds a backtracking
//! pattern's work on one value.

use super::bulk::Duplicates;
use super::report::{echo, IssueCode, Path, ValidationIssue};
use super::Body;
use crate::json::{self, Json};
use crate::text::{cat, dec};

/// A compiled pattern: true when the value matches (`RegExp.prototype.test`).
pub type Matcher = Box<dyn Fn(&str) -> bool>;

/// Compiles a field's `regex`; `None` when it is not a valid pattern.
pub type Compile<'c> = &'c mut dyn FnMut(&str) -> Option<Matcher>;

/// Values longer than this (in characters) are not matched against a field's pattern: a
/// backtracking engine's work grows with the value, and some patterns grow it exponentially.
pub const MAX_PATTERN_INPUT: usize = 255;

/// Why a field's pattern is not run, after the pattern in its warning.
const INVALID_PATTERN: &str = ", is not a valid JavaScript regular expression";
const SLOW_PATTERN: &str = ", repeats a repeating group (as (a+)+ does), which can take exponential time";

/// What a value over [`MAX_PATTERN_INPUT`] characters gets, after `metadata.<name>`.
const LONG_VALUE: &str = " is longer than 255 characters, too long to check against the environment's pattern.";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    Checkbox,
    Select,
}

struct Rule {
    name: String,
    label: Option<String>,
    kind: Kind,
    required: bool,
    unique: bool,
    matcher: Option<Matcher>,
    /// Why the field's pattern goes unchecked, with a warning: it does not compile, or it repeats
    /// a repeating group ([`nests_quantifiers`]); `None` when it is checked.
    broken: Option<&'static str>,
    regex: String,
    options: Vec<String>,
}

/// The enabled custom fields of an environment, ready to check users against.
#[derive(Default)]
pub struct CustomFields {
    rules: Vec<Rule>,
}

impl CustomFields {
    /// Reads `customFields` given as JSON text (`CustomField[]`). `Err` is one sentence naming
    /// what is wrong with its shape, for a `config` error; unknown members are ignored (the API's
    /// answers grow).
    pub fn parse(text: &str, compile: Compile) -> Result<CustomFields, String> {
        let tree = json::parse(text).map_err(|_| "options.customFields is not JSON.".to_owned())?;
        CustomFields::from_json(&tree, compile)
    }

    /// [`CustomFields::parse`] of a parsed value.
    #[cfg_attr(size_opt, optimize(size))]
    pub fn from_json(tree: &Json, compile: Compile) -> Result<CustomFields, String> {
        let Json::Array(items) = tree else {
            return Err("options.customFields must be an array of custom fields, as getCustomFields returns.".into());
        };
        let mut out = CustomFields::default();
        for (i, item) in items.iter().enumerate() {
            let at = dec(i as u64);
            let rule = read_field(item)
                .map_err(|(key, what)| cat(&["options.customFields[", &at, "]", &key, " ", what, "."]))?;
            let Some(mut rule) = rule else { continue };
            if rule.kind == Kind::Text && !rule.regex.is_empty() {
                if nests_quantifiers(&rule.regex) {
                    rule.broken = Some(SLOW_PATTERN);
                } else {
                    rule.matcher = compile(&rule.regex);
                    rule.broken = rule.matcher.is_none().then_some(INVALID_PATTERN);
                }
            }
            out.rules.push(rule);
        }
        Ok(out)
    }

    /// One warning for each field whose pattern is not run (it does not compile, or it could take
    /// exponential time), or only `name`'s.
    pub fn warnings(&self, only: Option<&str>) -> Vec<ValidationIssue> {
        let mut warnings = Vec::new();
        for rule in &self.rules {
            let name = &rule.name;
            let Some(why) = rule.broken.filter(|_| only.map_or(true, |only| only == name)) else { continue };
            warnings.push(ValidationIssue::new(
                cat(&["metadata.", name]),
                IssueCode::CustomFieldUnchecked,
                cat(&[
                    "The environment's pattern for metadata.",
                    name,
                    ", ",
                    &echo(&rule.regex),
                    why,
                    ", so values are not checked against it: correct it in the environment's settings.",
                ]),
            ));
        }
        warnings
    }

    /// True when no enabled field applies.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// The names and labels a CSV column may carry for each field, with the field's name:
    /// `(name, label)`.
    pub fn columns(&self) -> impl Iterator<Item = (&str, Option<&str>)> {
        self.rules.iter().map(|r| (r.name.as_str(), r.label.as_deref()))
    }

    /// True when `name` is a checkbox field (its CSV cells are yes/no).
    pub fn is_checkbox(&self, name: &str) -> bool {
        self.rules.iter().any(|r| r.name == name && r.kind == Kind::Checkbox)
    }

    /// The issues of one user (`user`, an object or not) at `path`; with `unique`, its values of
    /// unique fields are remembered as row `row`'s.
    pub fn check_user(&self, user: &Json, path: &Path, issues: &mut Vec<ValidationIssue>) {
        let metadata = match user.get("metadata") {
            Some(m @ Json::Object(_)) => Some(m),
            _ => None,
        };
        let here = path.key("metadata");
        for rule in &self.rules {
            rule.check(metadata.and_then(|m| m.get(&rule.name)), &here.key(&rule.name), issues);
        }
    }

    /// `validateField("metadata.<name>", value)`: the issues of one custom field's value (`None`
    /// when left out), or `None` when `field` names no enabled custom field.
    pub fn check_field(&self, field: &str, value: Option<&Json>) -> Option<Vec<ValidationIssue>> {
        let name = field.strip_prefix("metadata.")?;
        let rule = self.rules.iter().find(|r| r.name == name)?;
        // The field's own warning, if its pattern does not compile.
        let mut issues = self.warnings(Some(name));
        let root = Path::Root;
        rule.check(value, &root.key("metadata").key(name), &mut issues);
        Some(issues)
    }

    /// Checks a whole body given as JSON text and adds its custom-field issues to `issues` (rows
    /// in order, repeats of unique values across rows included). An update is checked only when it
    /// sets `metadata`; text that cannot be parsed was reported by the other rules.
    #[cfg_attr(size_opt, optimize(size))]
    pub fn check_body(&self, body: Body, text: &str, issues: &mut Vec<ValidationIssue>) {
        issues.extend(self.warnings(None));
        if self.is_empty() {
            return;
        }
        let Ok(tree) = json::parse(text) else { return };
        let bulk = body == Body::BulkUsers;
        let rows = match &tree {
            Json::Array(rows) if bulk => rows.as_slice(),
            _ if bulk => return,
            user if body == Body::UserUpdate && user.get("metadata").is_none() => return,
            user => std::slice::from_ref(user),
        };
        // Row by row: the other rules' issues up to this row's, then this row's own, so that the
        // report stays in row order without a sort (whose code would cost the module kilobytes).
        let mut others = std::mem::take(issues).into_iter().peekable();
        let mut unique = Uniques::default();
        let root = Path::Root;
        for (i, row) in rows.iter().enumerate() {
            while let Some(issue) = others.next_if(|issue| !bulk || row_of(&issue.path) <= i + 1) {
                issues.push(issue);
            }
            let at = root.index(i);
            self.check_user(row, if bulk { &at } else { &root }, issues);
            unique.check(self, i, row, issues);
        }
        issues.extend(others);
    }
}

/// One more than the row index a bulk path starts with (`[12].email` → 13); 0 for other paths,
/// which come first.
fn row_of(path: &str) -> usize {
    let Some(rest) = path.strip_prefix('[') else { return 0 };
    let digits = rest.bytes().take_while(u8::is_ascii_digit);
    digits.fold(0usize, |n, d| n.saturating_mul(10).saturating_add(usize::from(d - b'0'))).saturating_add(1)
}

/// One custom field's rule (`None` when not enabled), or where its shape is wrong: the member's
/// path (`.name`) and what it must be. One pass over the members, the rules' nested in
/// `validationRules` after them; unknown members are ignored (the API's answers grow).
#[cfg_attr(size_opt, optimize(size))]
fn read_field(item: &Json) -> Result<Option<Rule>, (String, &'static str)> {
    const STRING: &str = "must be a string";
    const BOOLEAN: &str = "must be true or false";
    let Json::Object(members) = item else { return Err((String::new(), "must be an object")) };
    let nested = match item.get("validationRules") {
        Some(Json::Object(nested)) => nested.as_slice(),
        None | Some(Json::Null) => &[],
        Some(_) => return Err((".validationRules".into(), "must be an object")),
    };
    let mut rule = Rule {
        name: String::new(),
        label: None,
        kind: Kind::Text,
        required: false,
        unique: false,
        matcher: None,
        broken: None,
        regex: String::new(),
        options: Vec::new(),
    };
    let (mut kind, mut enabled) = (None, true);
    let top = members.iter().map(|(key, value)| (false, key, value));
    for (inner, key, value) in top.chain(nested.iter().map(|(key, value)| (true, key, value))) {
        let wrong = |what| Err((cat(&[if inner { ".validationRules." } else { "." }, key]), what));
        match (inner, &**key, value) {
            (_, _, Json::Null) => {}
            (false, "name", Json::String(s)) => rule.name = s.to_string(),
            (false, "label", Json::String(s)) => rule.label = Some(s.to_string()),
            (false, "fieldType", Json::String(s)) => {
                kind = [("text", Kind::Text), ("checkbox", Kind::Checkbox), ("select", Kind::Select)]
                    .into_iter()
                    .find(|(name, _)| name == s)
                    .map(|(_, kind)| kind)
            }
            (false, "enabled", Json::Bool(b)) => enabled = *b,
            (false, "required", Json::Bool(b)) => rule.required = *b,
            (true, "unique", Json::Bool(b)) => rule.unique = *b,
            (true, "regex", Json::String(s)) => rule.regex = s.to_string(),
            (true, "validOptions", Json::Array(list)) => {
                for (j, option) in list.iter().enumerate() {
                    let Some(Json::String(label)) = option.get("label") else {
                        return Err((cat(&[".validationRules.validOptions[", &dec(j as u64), "].label"]), STRING));
                    };
                    rule.options.push(label.to_string());
                }
            }
            (false, "name" | "label", _) | (true, "regex", _) => return wrong(STRING),
            (false, "enabled" | "required", _) | (true, "unique", _) => return wrong(BOOLEAN),
            (true, "validOptions", _) => return wrong("must be an array"),
            _ => {}
        }
    }
    if rule.name.is_empty() {
        return Err((".name".into(), "must be a non-empty string"));
    }
    let Some(kind) = kind else {
        return Err((".fieldType".into(), "must be \"text\", \"checkbox\" or \"select\""));
    };
    rule.kind = kind;
    Ok(enabled.then_some(rule))
}

impl Rule {
    #[cfg_attr(size_opt, optimize(size))]
    fn check(&self, value: Option<&Json>, path: &Path, issues: &mut Vec<ValidationIssue>) {
        let name = &self.name;
        let value = value.filter(|v| !matches!(v, Json::Null) && v.as_str() != Some(""));
        // Each issue is `metadata.<name>` followed by what is wrong, or a value and then that.
        let (code, what, fix) = match (self.kind, value) {
            (_, None) | (Kind::Checkbox, Some(Json::Bool(false))) if self.required => {
                let what = if value.is_some() {
                    " must be checked (true) in this environment."
                } else {
                    " is required in this environment: fill it in."
                };
                (IssueCode::CustomFieldRequired, what.to_owned(), None)
            }
            (_, None) | (Kind::Checkbox, Some(Json::Bool(_))) => return,
            (Kind::Checkbox, _) => (IssueCode::InvalidType, " must be true or false.".to_owned(), None),
            (kind, Some(Json::String(s))) => {
                if kind == Kind::Select {
                    if self.options.iter().any(|o| o == s) {
                        return;
                    }
                    let near = self.options.iter().find(|o| o.eq_ignore_ascii_case(s)).cloned();
                    let mut what = cat(&[" has no option ", &echo(s), ": use "]);
                    for (i, option) in self.options.iter().take(8).enumerate() {
                        if near.as_ref().is_some_and(|n| n != option) {
                            continue;
                        }
                        if i > 0 && near.is_none() {
                            what.push_str(" or ");
                        }
                        what.push_str(&echo(option));
                    }
                    what.push('.');
                    (IssueCode::CustomFieldOption, what, near)
                } else {
                    let Some(matcher) = &self.matcher else { return };
                    if s.len() > MAX_PATTERN_INPUT && s.chars().count() > MAX_PATTERN_INPUT {
                        let what = LONG_VALUE.to_owned();
                        (IssueCode::CustomFieldUnchecked, what, None)
                    } else if matcher(s) {
                        return;
                    } else {
                        let what = cat(&[
                            " ",
                            &echo(s),
                            " does not match the environment's pattern ",
                            &echo(&self.regex),
                            ".",
                        ]);
                        (IssueCode::CustomFieldPattern, what, None)
                    }
                }
            }
            _ => (IssueCode::InvalidType, " must be a string.".to_owned(), None),
        };
        issues.push(ValidationIssue::new(path.render(), code, cat(&["metadata.", name, &what])).with_fix(fix));
    }

    /// The value two rows must not share: a non-empty string (or a boolean's text).
    fn unique_value(&self, user: &Json) -> Option<String> {
        if !self.unique {
            return None;
        }
        match user.get("metadata")?.get(&self.name)? {
            Json::String(s) if !s.is_empty() => Some(s.to_string()),
            _ => None,
        }
    }
}

/// True when `pattern` applies a variable quantifier (`*`, `+`, `{n,}`, `{n,m}`) to a
/// group that holds one: `(a+)+`, `(\w+\s?)*`, `(?:x{2,})+`. That nesting is what makes most
/// patterns backtrack catastrophically, where a value of 30 characters can take seconds, and a
/// synchronous `RegExp.test` cannot be stopped; the length cap ([`MAX_PATTERN_INPUT`]) only bounds
/// the polynomial cases. Read as JavaScript reads a pattern without flags: escapes, classes and
/// `{` that starts no quantifier are single atoms. A heuristic, as safe-regex's star height is:
/// overlapping alternatives under one quantifier (`(a|a)+`) pass.
#[cfg_attr(size_opt, optimize(size))]
pub fn nests_quantifiers(pattern: &str) -> bool {
    let bytes = pattern.as_bytes();
    // Bit d: the group open at depth d (0: the whole pattern) holds a variable quantifier; groups
    // deeper than 63 share bit 63. `atom_repeats`: the group just closed holds one.
    let bit = |depth: u32| 1u64 << depth.min(63);
    let (mut holds, mut depth, mut atom_repeats, mut i) = (0u64, 0u32, false, 0);
    while let Some(&b) = bytes.get(i) {
        i += 1;
        let variable = match b {
            b'\\' => {
                i += 1;
                false
            }
            b'[' => {
                while let Some(&c) = bytes.get(i) {
                    i += if c == b'\\' { 2 } else { 1 };
                    if c == b']' {
                        break;
                    }
                }
                false
            }
            b'(' => {
                depth += 1;
                holds &= !bit(depth);
                atom_repeats = false;
                continue;
            }
            b')' => {
                atom_repeats = holds & bit(depth) != 0;
                depth = depth.saturating_sub(1);
                if atom_repeats {
                    holds |= bit(depth);
                }
                continue;
            }
            b'*' | b'+' => true,
            b'{' => {
                let len = quantifier_len(&bytes[i..]);
                i += len;
                bytes[i - len..i].contains(&b',')
            }
            // `?` makes an atom optional or a quantifier lazy: no repetition.
            b'?' => continue,
            _ => false,
        };
        if variable {
            if atom_repeats {
                return true;
            }
            holds |= bit(depth);
        }
        atom_repeats = false;
    }
    false
}

/// After a `{`: the length of `n}`, `n,}` or `n,m}`, or 0 when the `{` starts no quantifier
/// (JavaScript then reads it as a character). One with a comma counts as variable, `{2,2}` too.
fn quantifier_len(rest: &[u8]) -> usize {
    let digits = |from: usize| rest.iter().skip(from).take_while(|b| b.is_ascii_digit()).count();
    let mut len = digits(0);
    if len > 0 && rest.get(len) == Some(&b',') {
        len += 1 + digits(len + 1);
    }
    if len > 0 && rest.get(len) == Some(&b'}') {
        len + 1
    } else {
        0
    }
}

/// The values of unique fields seen across the rows of one body, in the table that finds repeated
/// emails (no other hash table in the module).
#[derive(Default)]
pub struct Uniques(Duplicates<'static>);

impl Uniques {
    /// Checks row `row`'s values of unique fields against the rows before, adding an issue to
    /// `issues` for each repeat (path `[row].metadata.<name>`), and remembers the others.
    #[cfg_attr(size_opt, optimize(size))]
    pub fn check(&mut self, fields: &CustomFields, row: usize, user: &Json, issues: &mut Vec<ValidationIssue>) {
        for (f, rule) in fields.rules.iter().enumerate() {
            let Some(value) = rule.unique_value(user) else { continue };
            let message = |first: usize| {
                let name = &rule.name;
                let at = cat(&["[", &dec(row as u64), "].metadata.", name]);
                let said = cat(&[
                    " repeats row ",
                    &dec(first as u64),
                    "'s value ",
                    &echo(&value),
                    "; this environment requires it to be unique.",
                ]);
                ValidationIssue::new(at, IssueCode::CustomFieldDuplicate, cat(&["metadata.", name, &said]))
            };
            // Kinds 0 to 2 are the email, username and id.
            if let Some(first) = self.0.repeat_of(row, (f as u16).wrapping_add(3), value.clone().into()) {
                issues.push(message(first));
            }
        }
    }
}

#[cfg(test)]
mod tests;
