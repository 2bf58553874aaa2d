//! JSON text: [`Reader`], which validation streams through with serde seeds and builds no tree;
//! and a borrowed tree, for the few places that need a whole value at once (locating broken text
//! after unpaired surrogates were marked, checking the shape of an API answer). Strings without
//! escapes borrow from the text and objects keep their keys in order; numbers keep their text.

mod reader;
mod writer;

pub use reader::{Error as ReadError, Reader};
pub use writer::{push_string, Writer};

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

/// One JSON value, borrowing from the text it was parsed from where it can.
#[derive(Debug, Clone, PartialEq)]
pub enum Json<'a> {
    Null,
    Bool(bool),
    /// A number as the text had it (`1.50`, `1E5`, `-0`): no number is parsed, and one written
    /// back is written as it came. [`Reader`] refuses one too large for an `f64`, as serde_json.
    Number(Cow<'a, str>),
    String(Cow<'a, str>),
    Array(Vec<Json<'a>>),
    Object(Vec<(Cow<'a, str>, Json<'a>)>),
}

/// Parses JSON text into a borrowed tree with our [`Reader`] (serde_json's parser would bring its
/// float formatting and 40 KB more wasm); fails on text that is not JSON, on an unpaired surrogate
/// escape, and past serde_json's nesting limit of 128.
pub fn parse(text: &str) -> Result<Json<'_>, ParseError> {
    let mut reader = Reader::new(text);
    reader.tree().map_err(|error| ParseError { eof: error.is_end() || reader.at_end() })
}

/// Why [`parse`] refused a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParseError {
    eof: bool,
}

impl ParseError {
    /// True when the text stopped before the value was complete (a body cut short).
    pub fn is_eof(&self) -> bool {
        self.eof
    }
}

/// True when `s` holds `marker` (see [`replace_lone_surrogates`]). By characters: `str::contains`
/// with a non-ASCII `char` brings in std's substring searcher (2.6 KB of wasm).
#[cfg_attr(size_opt, optimize(size))]
pub fn holds(s: &str, marker: char) -> bool {
    s.chars().any(|c| c == marker)
}

/// `JSON.stringify` escapes an unpaired UTF-16 surrogate as `\udXXX`, which serde_json (rightly)
/// refuses. Returns the text with each such escape replaced by a marker, and the marker, or `None`
/// when there is none. The marker is a noncharacter (U+FDD0…U+FDEF) the text does not hold, raw or
/// escaped, so finding it later locates exactly the broken strings.
#[cfg_attr(size_opt, optimize(size))]
pub fn replace_lone_surrogates(text: &str) -> Option<(String, char)> {
    let bytes = text.as_bytes();
    let mut marker = None;
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'\\' {
            i += 1;
            continue;
        }
        let high = surrogate_at(bytes, i);
        match high {
            Some(unit)
                if (0xD800..0xDC00).contains(&unit)
                    && surrogate_at(bytes, i + 6).is_some_and(|low| (0xDC00..0xE000).contains(&low)) =>
            {
                i += 12; // a proper pair: leave it
            }
            Some(_) => {
                out.push_str(&text[copied..i]);
                out.push(*marker.get_or_insert_with(|| unused_noncharacter(text)));
                i += 6;
                copied = i;
            }
            None => i += 2, // any other escape, including `\\`
        }
    }
    marker.map(|marker| {
        out.push_str(&text[copied..]);
        (out, marker)
    })
}

const FIRST_NONCHARACTER: char = '\u{FDD0}';

/// The first of U+FDD0…U+FDEF that `text` holds neither raw nor as a `\u` escape.
fn unused_noncharacter(text: &str) -> char {
    let lower = text.to_ascii_lowercase();
    let has = |needle: &[u8]| lower.as_bytes().windows(needle.len()).any(|w| w == needle);
    // U+FDxx as an escape, `\ufdxx`: its last two hexadecimal digits in lower case.
    let escape = |c: char| {
        let hex = |d: u32| b"0123456789abcdef"[(d & 15) as usize];
        [b'\\', b'u', b'f', b'd', hex(u32::from(c) >> 4), hex(u32::from(c))]
    };
    let held = |c: char| holds(text, c) || has(&escape(c));
    (FIRST_NONCHARACTER..='\u{FDEF}').find(|&c| !held(c)).unwrap_or(FIRST_NONCHARACTER)
}

/// The surrogate code unit of a `\uXXXX` escape starting at `at`, if it is one.
#[cfg_attr(size_opt, optimize(size))]
fn surrogate_at(bytes: &[u8], at: usize) -> Option<u16> {
    let escape = bytes.get(at..at + 6)?;
    if escape[0] != b'\\' || escape[1] != b'u' {
        return None;
    }
    // Four hexadecimal digits (`u16::from_str_radix` would also take a sign, which no surrogate has).
    let unit =
        escape[2..].iter().try_fold(0u16, |unit, &digit| Some(unit << 4 | char::from(digit).to_digit(16)? as u16))?;
    (0xD800..0xE000).contains(&unit).then_some(unit)
}

impl<'a> Json<'a> {
    /// The value as a string slice, if it is a string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(s) => Some(s),
            _ => None,
        }
    }

    /// Equal, numbers by their value, allowed to differ in their last bits: for comparing two
    /// readers of the same text (serde_json writes its numbers its own way, and rounds some
    /// decimals its own way). Tests and fuzz targets only: the parse stays out of the wasm.
    pub fn same_as(&self, other: &Json) -> bool {
        match (self, other) {
            (Json::Number(x), Json::Number(y)) => match (x.parse::<f64>(), y.parse::<f64>()) {
                (Ok(x), Ok(y)) => x == y || (x - y).abs() <= 1e-14 * x.abs().max(y.abs()),
                _ => x == y,
            },
            (Json::Array(x), Json::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(a, b)| a.same_as(b)),
            (Json::Object(x), Json::Object(y)) => {
                x.len() == y.len() && x.iter().zip(y).all(|((k, a), (l, b))| k == l && a.same_as(b))
            }
            _ => self == other,
        }
    }

    /// The value of `key` in an object (first match), if any.
    pub fn get(&self, key: &str) -> Option<&Json<'a>> {
        match self {
            Json::Object(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }
}

impl<'de> Deserialize<'de> for Json<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // Our reader hands a number over as its text under this name; others read the value.
        deserializer.deserialize_newtype_struct(reader::NUMBER_TEXT, JsonVisitor)
    }
}

struct JsonVisitor;

impl<'de> Visitor<'de> for JsonVisitor {
    type Value = Json<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(Json::Null)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Json::Bool(v))
    }
    // Numbers from other deserializers (serde_json, in tests): written out again. Our reader
    // never calls these for a tree, so their formatting stays out of the wasm.
    fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Json::Number(Cow::Owned(v.to_string())))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Json::Number(Cow::Owned(v.to_string())))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Json::Number(Cow::Owned(format!("{v:e}"))))
    }
    /// Our reader's number, as its text.
    fn visit_borrowed_bytes<E: de::Error>(self, v: &'de [u8]) -> Result<Self::Value, E> {
        std::str::from_utf8(v).map(|text| Json::Number(Cow::Borrowed(text))).map_err(E::custom)
    }
    /// Any other deserializer, under [`reader::NUMBER_TEXT`]: the value itself.
    fn visit_newtype_struct<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(JsonVisitor)
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Json::String(Cow::Borrowed(v)))
    }
    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Json::String(Cow::Owned(v.to_owned())))
    }
    fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
        Ok(Json::String(Cow::Owned(v)))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Json::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut entries = Vec::new();
        while let Some(Key(key)) = map.next_key()? {
            entries.push((key, map.next_value()?));
        }
        Ok(Json::Object(entries))
    }
}

/// An object key that borrows when it can (`Cow<str>`'s own impl always allocates).
pub struct Key<'a>(pub Cow<'a, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object key")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_borrows_plain_strings() {
        let text = r#"{"a":"plain","b":"esc\"aped","c":[1,-2,3.5,true,null]}"#;
        let json = parse(text).unwrap();
        assert!(matches!(json.get("a"), Some(Json::String(Cow::Borrowed("plain")))));
        assert!(matches!(json.get("b"), Some(Json::String(Cow::Owned(s))) if s == "esc\"aped"));
        assert_eq!(
            json.get("c"),
            Some(&Json::Array(vec![
                Json::Number("1".into()),
                Json::Number("-2".into()),
                Json::Number("3.5".into()),
                Json::Bool(true),
                Json::Null
            ]))
        );
    }

    #[test]
    fn numbers_keep_their_text_borrowed() {
        let json = parse("[1.50, 1E5, -0, 0.1e-400, 18446744073709551616]").unwrap();
        let Json::Array(items) = json else { panic!("not an array") };
        let texts: Vec<&str> = items
            .iter()
            .map(|item| match item {
                Json::Number(Cow::Borrowed(text)) => *text,
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(texts, ["1.50", "1E5", "-0", "0.1e-400", "18446744073709551616"]);
        assert!(parse("[1e400]").is_err());
    }

    #[test]
    fn keeps_key_order_and_duplicates() {
        let json = parse(r#"{"z":1,"a":2,"z":3}"#).unwrap();
        let Json::Object(entries) = json else { panic!("not an object") };
        let keys: Vec<&str> = entries.iter().map(|(k, _)| k.as_ref()).collect();
        assert_eq!(keys, ["z", "a", "z"]);
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let nested = |n: usize| "[".repeat(n) + &"]".repeat(n);
        assert!(!parse(&nested(10_000)).unwrap_err().is_eof());
        // serde_json's limit, which the parse used to be.
        for n in 125..=130 {
            let theirs = serde_json::from_str::<serde_json::Value>(&nested(n)).is_ok();
            assert_eq!(parse(&nested(n)).is_ok(), theirs, "{n} levels");
        }
    }

    #[test]
    fn a_text_cut_short_says_so() {
        for cut in [r#"{"user":{"id":"x""#, r#"{"a":"#, "[1,", r#"{"a":"tex"#, "  "] {
            assert!(parse(cut).unwrap_err().is_eof(), "{cut}");
        }
        for bad in ["{]", "[1 2]", "nul!", r#"{"a":1}x"#] {
            assert!(!parse(bad).unwrap_err().is_eof(), "{bad}");
        }
    }

    #[test]
    fn lone_surrogates_are_marked_and_pairs_kept() {
        let text = r#"{"a":"x\ud800y","b":"\ud83d\ude00","c":"\\ud800","\udc00":1}"#;
        assert!(parse(text).is_err());
        let (repaired, marker) = replace_lone_surrogates(text).unwrap();
        assert_eq!(marker, '\u{FDD0}');
        let json = parse(&repaired).unwrap();
        assert_eq!(json.get("a").and_then(Json::as_str), Some("x\u{FDD0}y"));
        assert_eq!(json.get("b").and_then(Json::as_str), Some("😀"));
        assert_eq!(json.get("c").and_then(Json::as_str), Some("\\ud800"));
        assert!(json.get("\u{FDD0}").is_some());
        assert_eq!(replace_lone_surrogates(r#"{"ok":"\ud83d\ude00 \\ud800"}"#), None);
        // A text holding the first noncharacters, raw or escaped, gets another marker.
        let (_, marker) = replace_lone_surrogates("[\"\u{FDD0}\",\"\\uFDD1\",\"\\ud800\"]").unwrap();
        assert_eq!(marker, '\u{FDD2}');
    }

    #[test]
    fn garbage_is_invalid() {
        assert!(parse("{").is_err());
        assert!(parse(r#""\ud800""#).is_err());
    }
}
