//! Mechanical fixes: changes that turn a refused value into the one its writer meant, with no
//! choice for a person to make (white space trimmed, decomposed accents composed, a phone number's
//! parentheses removed). A fix is offered only when the fixed value passes the rule.

use std::borrow::Cow;

use super::nfc::nfc;
use super::patterns::trim_js;
use crate::text::owned;

/// `s` trimmed, when that changes it and the result is `good`. Only for refused values: `good`
/// by reference and compiled for size, one copy for all callers.
#[inline(never)]
#[cfg_attr(size_opt, optimize(size))]
pub fn trimmed(s: &str, good: &dyn Fn(&str) -> bool) -> Option<String> {
    let t = trim_js(s);
    (t.len() != s.len() && good(t)).then(|| owned(t))
}

/// A name, username or phone number trimmed and composed (NFC), and for a phone number without
/// its parentheses, when that changes it and the result is `good`. Only for refused values, as
/// [`trimmed`].
#[inline(never)]
#[cfg_attr(size_opt, optimize(size))]
pub fn name(s: &str, phone: bool, good: &dyn Fn(&str) -> bool) -> Option<String> {
    let mut v = Cow::Borrowed(trim_js(s));
    if let Some(composed) = nfc(&v) {
        v = Cow::Owned(composed);
    }
    if phone {
        if let Some(plain) = without_parentheses(&v) {
            v = Cow::Owned(plain);
        }
    }
    (v != s && good(&v)).then(|| v.into_owned())
}

/// `+1 (917) 111-3333` → `+1 917 111-3333`, `(917)111-3333` → `917 111-3333`; `None` without
/// parentheses.
fn without_parentheses(s: &str) -> Option<String> {
    if !s.contains(['(', ')']) {
        return None;
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '(' => {}
            // A closing parenthesis separates the area code from what follows.
            ')' => {
                if chars.peek().is_some_and(|next| *next != ' ') && !out.ends_with(' ') && !out.is_empty() {
                    out.push(' ');
                }
            }
            _ => out.push(c),
        }
    }
    Some(owned(trim_js(&out)))
}

/// A combining mark of the common blocks (accents, kana voicing marks): says "an accent typed
/// separately" rather than "this character".
pub fn is_mark(c: char) -> bool {
    matches!(c, '\u{300}'..='\u{36F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}'
        | '\u{FE20}'..='\u{FE2F}' | '\u{3099}' | '\u{309A}' | '\u{1161}'..='\u{11C2}')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::patterns::{is_name, is_username};

    #[test]
    fn phone_numbers_lose_their_parentheses() {
        assert_eq!(name("+1 (917) 111-3333", true, &is_name).as_deref(), Some("+1 917 111-3333"));
        assert_eq!(name("(917)111-3333", true, &is_name).as_deref(), Some("917 111-3333"));
        assert_eq!(name(" (030) 1234 ", true, &is_name).as_deref(), Some("030 1234"));
        // Only a phone number: a name's parentheses are a person's choice.
        assert_eq!(name("Smith (Jr.)", false, &is_name), None);
        assert_eq!(name("+1 917 111-3333 #2", true, &is_name), None);
    }

    #[test]
    fn names_are_trimmed_and_composed() {
        assert_eq!(name(" Ada", false, &is_name).as_deref(), Some("Ada"));
        assert_eq!(name("Jose\u{301}", false, &is_name).as_deref(), Some("José"));
        assert_eq!(name("\u{A0}Jose\u{301}\t", false, &is_username).as_deref(), Some("José"));
        assert_eq!(name("Ada", false, &is_name), None);
        assert_eq!(name("Ada 🚀", false, &is_name), None);
        assert_eq!(name("john.doe", false, &is_username), None);
        assert_eq!(trimmed(" a@b.co ", &|t| t.contains('@')).as_deref(), Some("a@b.co"));
        assert_eq!(trimmed("a@b.co", &|t| t.contains('@')), None);
    }
}
