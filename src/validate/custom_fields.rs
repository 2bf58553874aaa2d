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

use super::report::{echo, IssueCode, Path, ValidationIssue};
use super::Body;
use crate::json::{self, Json};

/// A compiled pattern: true when the value matches (`RegExp.prototype.test`).
pub type Matcher = Box<dyn Fn(&str) -> bool>;

/// Compiles a field's `regex`; `None` when it is not a valid pattern.
pub type Compile<'c> = &'c mut dyn FnMut(&str) -> Option<Matcher>;

/// Values longer than this (in characters) are not matched against a field's pattern: a
/// backtracking engine's work grows with the value, and some patterns grow it exponentially.
pub const MAX_PATTERN_INPUT: usize = 255;

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
    regex: String,
    options: Vec<String>,
}

/// The enabled custom fields of an environment, ready to check users against.
#[derive(Default)]
pub struct CustomFields {
    rules: Vec<Rule>,
    /// One warning for each field whose configuration cannot be checked (a regex that does not compile).
    pub warnings: Vec<ValidationIssue>,
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
            let at = |key: &str| format!("options.customFields[{i}]{key}");
            if !matches!(item, Json::Object(_)) {
                return Err(format!("{} must be an object.", at("")));
            }
            let string = |key: &str, required: bool| match item.get(key) {
                Some(Json::String(s)) => Ok(Some(s.to_string())),
                None if !required => Ok(None),
                _ => Err(format!("{} must be a string.", at(&format!(".{key}")))),
            };
            let flag = |v: Option<&Json>, key: &str, default: bool| match v {
                None | Some(Json::Null) => Ok(default),
                Some(Json::Bool(b)) => Ok(*b),
                Some(_) => Err(format!("{} must be true or false.", at(key))),
            };
            let name = string("name", true)?.unwrap_or_default();
            if name.is_empty() {
                return Err(format!("{} must not be empty.", at(".name")));
            }
            let kind = match item.get("fieldType").and_then(Json::as_str) {
                Some("text") => Kind::Text,
                Some("checkbox") => Kind::Checkbox,
                Some("select") => Kind::Select,
                _ => return Err(format!("{} must be \"text\", \"checkbox\" or \"select\".", at(".fieldType"))),
            };
            let enabled = flag(item.get("enabled"), ".enabled", true)?;
            let required = flag(item.get("required"), ".required", false)?;
            let label = string("label", false)?;
            let rules = match item.get("validationRules") {
                None | Some(Json::Null) => None,
                Some(rules @ Json::Object(_)) => Some(rules),
                Some(_) => return Err(format!("{} must be an object.", at(".validationRules"))),
            };
            let rule = |key: &str| rules.and_then(|r| r.get(key)).filter(|v| !matches!(v, Json::Null));
            let unique = flag(rule("unique"), ".validationRules.unique", false)?;
            let regex = match rule("regex") {
                None => String::new(),
                Some(Json::String(s)) => s.to_string(),
                Some(_) => return Err(format!("{} must be a string.", at(".validationRules.regex"))),
            };
            let mut options = Vec::new();
            match rule("validOptions") {
                None => {}
                Some(Json::Array(list)) => {
                    for (j, option) in list.iter().enumerate() {
                        match option.get("label") {
                            Some(Json::String(label)) => options.push(label.to_string()),
                            _ => {
                                return Err(format!(
                                    "{} must be a string.",
                                    at(&format!(".validationRules.validOptions[{j}].label"))
                                ))
                            }
                        }
                    }
                }
                Some(_) => return Err(format!("{} must be an array.", at(".validationRules.validOptions"))),
            }
            if !enabled {
                continue;
            }
            let mut matcher = None;
            if kind == Kind::Text && !regex.is_empty() {
                matcher = compile(&regex);
                if matcher.is_none() {
                    out.warnings.push(ValidationIssue::new(
                        format!("metadata.{name}"),
                        IssueCode::CustomFieldUnchecked,
                        format!(
                            "The environment's pattern for metadata.{name}, {}, is not a valid JavaScript regular expression, so values are not checked against it: correct it in the environment's settings.",
                            echo(&regex)
                        ),
                    ));
                }
            }
            out.rules.push(Rule { name, label, kind, required, unique, matcher, regex, options });
        }
        Ok(out)
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
        let mut issues = Vec::new();
        let root = Path::Root;
        rule.check(value, &root.key("metadata").key(name), &mut issues);
        Some(issues)
    }

    /// Checks a whole body given as JSON text and adds its custom-field issues to `issues` (rows
    /// in order, repeats of unique values across rows included). An update is checked only when it
    /// sets `metadata`; text that cannot be parsed was reported by the other rules.
    #[cfg_attr(size_opt, optimize(size))]
    pub fn check_body(&self, body: Body, text: &str, issues: &mut Vec<ValidationIssue>) {
        issues.extend(self.warnings.iter().cloned());
        if self.is_empty() {
            return;
        }
        let Ok(tree) = json::parse(text) else { return };
        let root = Path::Root;
        let mut found = Vec::new();
        match (body, &tree) {
            (Body::UserUpdate, user) if user.get("metadata").is_none() => {}
            (Body::BulkUsers, Json::Array(rows)) => {
                let mut unique = Uniques::default();
                for (i, row) in rows.iter().enumerate() {
                    let path = root.index(i);
                    self.check_user(row, &path, &mut found);
                    unique.add(self, i, row);
                }
                found.extend(unique.finish(self).into_iter().map(|(_, issue)| issue));
            }
            (Body::BulkUsers, _) => {}
            (_, user) => self.check_user(user, &root, &mut found),
        }
        if found.is_empty() {
            return;
        }
        issues.append(&mut found);
        // Rows in order, as the other rules report them: by the index a bulk path starts with.
        issues.sort_by_key(|issue| row_of(&issue.path));
    }
}

/// The row index a bulk path starts with (`[12].email` → 12); other paths come first.
fn row_of(path: &str) -> usize {
    path.strip_prefix('[')
        .and_then(|rest| rest.split(']').next())
        .and_then(|n| n.parse::<usize>().ok())
        .map_or(0, |n| n + 1)
}

impl Rule {
    #[cfg_attr(size_opt, optimize(size))]
    fn check(&self, value: Option<&Json>, path: &Path, issues: &mut Vec<ValidationIssue>) {
        let name = &self.name;
        let mut push =
            |code: IssueCode, message: String| issues.push(ValidationIssue::new(path.render(), code, message));
        let value = match value {
            None | Some(Json::Null) => None,
            Some(Json::String(s)) if s.is_empty() => None,
            Some(v) => Some(v),
        };
        let Some(value) = value else {
            if self.required {
                push(
                    IssueCode::CustomFieldRequired,
                    format!("metadata.{name} is required in this environment: fill it in."),
                );
            }
            return;
        };
        match (self.kind, value) {
            (Kind::Checkbox, Json::Bool(false)) if self.required => push(
                IssueCode::CustomFieldRequired,
                format!("metadata.{name} must be checked (true) in this environment."),
            ),
            (Kind::Checkbox, Json::Bool(_)) => {}
            (Kind::Checkbox, _) => push(IssueCode::InvalidType, format!("metadata.{name} must be true or false.")),
            (_, Json::String(s)) if self.kind == Kind::Select => {
                if !self.options.iter().any(|o| o == s) {
                    let near = self.options.iter().find(|o| o.trim().eq_ignore_ascii_case(s.trim())).cloned();
                    let list: Vec<String> = self.options.iter().take(8).map(|o| echo(o)).collect();
                    let message = match &near {
                        Some(o) => format!("{} is not an option of metadata.{name}: use {}.", echo(s), echo(o)),
                        None if list.is_empty() => format!("metadata.{name} has no options in this environment."),
                        None => {
                            format!("{} is not an option of metadata.{name}: use one of {}.", echo(s), list.join(", "))
                        }
                    };
                    issues.push(
                        ValidationIssue::new(path.render(), IssueCode::CustomFieldOption, message).with_fix(near),
                    );
                }
            }
            (_, Json::String(s)) => {
                let Some(matcher) = &self.matcher else { return };
                if s.chars().nth(MAX_PATTERN_INPUT).is_some() {
                    push(
                        IssueCode::CustomFieldUnchecked,
                        format!("metadata.{name} is longer than {MAX_PATTERN_INPUT} characters, too long to check against the environment's pattern."),
                    );
                } else if !matcher(s) {
                    push(
                        IssueCode::CustomFieldPattern,
                        format!(
                            "{} does not match the pattern {} that this environment requires of metadata.{name}.",
                            echo(s),
                            echo(&self.regex)
                        ),
                    );
                }
            }
            _ => push(IssueCode::InvalidType, format!("metadata.{name} must be a string.")),
        }
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

/// The values of unique fields seen across the rows of one body; repeats are found at the end,
/// by sorting (no hash table in the module).
#[derive(Default)]
pub struct Uniques {
    seen: Vec<(usize, String, usize)>,
}

impl Uniques {
    /// Remembers row `row`'s values of unique fields.
    pub fn add(&mut self, fields: &CustomFields, row: usize, user: &Json) {
        for (f, rule) in fields.rules.iter().enumerate() {
            if let Some(value) = rule.unique_value(user) {
                self.seen.push((f, value, row));
            }
        }
    }

    /// Each row that repeats an earlier row's value, with its issue (path `[row].metadata.<name>`),
    /// in row order.
    #[cfg_attr(size_opt, optimize(size))]
    pub fn finish(mut self, fields: &CustomFields) -> Vec<(usize, ValidationIssue)> {
        self.seen.sort_unstable();
        let mut out = Vec::new();
        let mut first = 0;
        for i in 1..self.seen.len() {
            let (head, this) = (&self.seen[first], &self.seen[i]);
            if head.0 != this.0 || head.1 != this.1 {
                first = i;
                continue;
            }
            let name = &fields.rules[this.0].name;
            out.push((
                this.2,
                ValidationIssue::new(
                    format!("[{}].metadata.{name}", this.2),
                    IssueCode::CustomFieldDuplicate,
                    format!(
                        "metadata.{name} repeats row {}'s value {}; this environment requires it to be unique.",
                        head.2,
                        echo(&this.1)
                    ),
                ),
            ));
        }
        out.sort_by_key(|(row, _)| *row);
        out
    }
}

#[cfg(test)]
mod tests;
