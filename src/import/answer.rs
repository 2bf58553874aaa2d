//! Reads only what the import needs from a bulk answer or a row: the keys that match users to
//! rows and each failure's code. Everything else (a full User is ~2 KB) is skipped unparsed.

use std::borrow::Cow;
use std::fmt;

use serde::de::{Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize as DeriveDeserialize;

use super::engine::RowKeys;
use super::matching::{Entry, Keyed};
use crate::json;
use crate::validate::{fold_case, Unique};

/// A string if the value is one; anything else (null, a number, an object) reads as absent.
#[derive(Debug, Default)]
struct LooseStr<'a>(Option<Cow<'a, str>>);

impl<'de: 'a, 'a> Deserialize<'de> for LooseStr<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for V<'a> {
            type Value = LooseStr<'a>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(LooseStr(Some(Cow::Borrowed(v))))
            }
            fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
                Ok(LooseStr(Some(Cow::Owned(v.to_owned()))))
            }
            fn visit_unit<E>(self) -> Result<Self::Value, E> {
                Ok(LooseStr(None))
            }
            fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
                Ok(LooseStr(None))
            }
            fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
                Ok(LooseStr(None))
            }
            fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
                Ok(LooseStr(None))
            }
            fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
                Ok(LooseStr(None))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                IgnoredAny.visit_map(map).map(|_| LooseStr(None))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
                IgnoredAny.visit_seq(seq).map(|_| LooseStr(None))
            }
        }
        deserializer.deserialize_any(V(std::marker::PhantomData))
    }
}

impl LooseStr<'_> {
    fn owned(self) -> Option<String> {
        self.0.map(Cow::into_owned)
    }
}

#[derive(DeriveDeserialize, Default)]
struct KeyFields<'a> {
    #[serde(default, borrow)]
    id: LooseStr<'a>,
    #[serde(default, borrow)]
    email: LooseStr<'a>,
    #[serde(default, borrow)]
    username: LooseStr<'a>,
}

impl KeyFields<'_> {
    fn keys(self) -> (RowKeys, Option<String>) {
        let id = self.id.owned();
        let keys = RowKeys {
            id: id.as_ref().map(|s| s.to_ascii_lowercase()),
            email: self.email.0.as_deref().map(lower),
            username: self.username.0.as_deref().map(lower),
        };
        (keys, id)
    }
}

#[derive(DeriveDeserialize)]
struct Failure<'a> {
    #[serde(default, borrow)]
    user: Option<KeyFields<'a>>,
    #[serde(default, borrow)]
    code: LooseStr<'a>,
    #[serde(default, borrow)]
    error: LooseStr<'a>,
}

#[derive(DeriveDeserialize)]
struct Answer<'a> {
    #[serde(default, borrow)]
    created: Vec<KeyFields<'a>>,
    #[serde(default, borrow)]
    updated: Vec<KeyFields<'a>>,
    #[serde(default, borrow)]
    failed: Vec<Failure<'a>>,
}

/// Where a row's id, email and username lie in the input text (offset, length), so that an answer
/// can be matched without reading the row again or keeping three strings for each of 100 000
/// rows. `None` when a value was written with escapes: it is not a slice of the text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct KeySpans(Option<[Option<(u32, u32)>; 3]>);

impl KeySpans {
    /// The spans of the values validation read from `text` (an empty row has none).
    pub fn of(unique: &Unique, text: &str) -> KeySpans {
        // `Some(None)`: no value; `None`: a value that is not a slice of `text`.
        let span = |value: &Option<Cow<str>>| match value {
            None => Some(None),
            Some(Cow::Borrowed(s)) => {
                let offset = (s.as_ptr() as usize).checked_sub(text.as_ptr() as usize)?;
                Some(Some((u32::try_from(offset).ok()?, u32::try_from(s.len()).ok()?)))
            }
            Some(Cow::Owned(_)) => None,
        };
        let spans = || Some([span(&unique.id)?, span(&unique.email)?, span(&unique.username)?]);
        KeySpans(spans())
    }

    /// The row's keys, or `None` when they must be read from its text.
    pub fn read(&self, text: &str) -> Option<RowKeys> {
        let [id, email, username] = self.0?;
        let value = |span: Option<(u32, u32)>| {
            span.and_then(|(offset, len)| text.get(offset as usize..(offset as usize).checked_add(len as usize)?))
        };
        Some(RowKeys {
            id: value(id).map(str::to_ascii_lowercase),
            email: value(email).map(lower),
            username: value(username).map(lower),
        })
    }
}

/// Lower case, as repeats are found: a word-wise check, and `to_lowercase` only when needed
/// (400 000 keys in a 100 000-row import).
fn lower(s: &str) -> String {
    fold_case(Cow::Borrowed(s)).into_owned()
}

/// The keys of a row (its JSON text); a row that is not an object has none.
pub fn row_keys(json: &str) -> RowKeys {
    if !is_object(json) {
        return RowKeys::default();
    }
    read::<KeyFields>(json).map(|k| k.keys().0).unwrap_or_default()
}

/// One JSON text read whole by our reader, which skips what it does not need 8 bytes at a time
/// (answers of 500 users run to a megabyte).
fn read<'de, T: Deserialize<'de>>(text: &'de str) -> Option<T> {
    json::Reader::new(text).read_whole().ok()
}

/// Derived structs also read arrays (by position); only an object is an answer or a user.
fn is_object(json: &str) -> bool {
    json.trim_start().starts_with('{')
}

/// Every entry of a bulk answer (`created`, `updated`, `failed`, in that order), or `None` when
/// the body is not a bulk answer at all.
pub fn answer_entries(body: &str) -> Option<Vec<Keyed>> {
    if !is_object(body) {
        return None;
    }
    let answer: Answer = read(body)?;
    let mut out = Vec::with_capacity(answer.created.len() + answer.updated.len() + answer.failed.len());
    for user in answer.created {
        let (keys, id) = user.keys();
        out.push(Keyed { keys, entry: Entry::Created { id } });
    }
    for user in answer.updated {
        let (keys, id) = user.keys();
        out.push(Keyed { keys, entry: Entry::Updated { id } });
    }
    for failure in answer.failed {
        let keys = failure.user.map(|u| u.keys().0).unwrap_or_default();
        let code = failure.code.owned().filter(|c| !c.is_empty()).unwrap_or_else(|| "unknown".into());
        out.push(Keyed { keys, entry: Entry::Failed { code, error: failure.error.owned().unwrap_or_default() } });
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_keys_and_skips_the_rest() {
        let body = include_str!("../model/fixtures/bulk_create_response.json");
        let entries = answer_entries(body).unwrap();
        assert_eq!(entries.len(), 3);
        assert_eq!(entries[0].keys.email.as_deref(), Some("jsmith@example.com"));
        assert_eq!(entries[0].entry, Entry::Created { id: Some("95b11417-f18f-457f-8804-68e361f9164f".into()) });
        assert_eq!(
            entries[2].entry,
            Entry::Failed {
                code: "email_already_exists".into(),
                error: "Resources already exists for this Object".into()
            }
        );
    }

    #[test]
    fn odd_values_read_as_absent_and_non_answers_as_none() {
        let entries =
            answer_entries(r#"{"created":[{"email":7,"id":null,"username":{"a":[1]}}],"extra":true}"#).unwrap();
        assert_eq!(entries[0].keys, RowKeys::default());
        assert!(answer_entries("[]").is_none());
        assert!(answer_entries("<html>").is_none());
        assert_eq!(answer_entries("{}").unwrap().len(), 0);
        assert_eq!(
            row_keys(r#"{"Email":"x","email":"A@B.co","id":"ID-1"}"#),
            RowKeys { id: Some("id-1".into()), email: Some("a@b.co".into()), username: None }
        );
        assert_eq!(row_keys("[1]"), RowKeys::default());
    }

    #[test]
    fn validation_spans_give_the_keys_reading_the_row_gives() {
        use crate::import::{prepare, Input};
        let text = r#"[{"email":"A@B.co","username":"Ann","id":"0a3e2a5b-9c1d-4e6f-8a7b-1c2d3e4f5a6b"},{"email":"b@x.io"},{"email":"\u0043@x.io"},{"firstName":"x"}]"#;
        let prepared = prepare(Input::from_json(text.into()).unwrap());
        let input = &prepared.input;
        let read: Vec<Option<RowKeys>> = prepared.ready.iter().map(|r| r.keys.read(&input.text)).collect();
        assert_eq!(read.len(), 4, "{:?}", prepared.rejected);
        for (ready, keys) in prepared.ready.iter().zip(&read) {
            if let Some(keys) = keys {
                assert_eq!(*keys, row_keys(input.row(ready.row.index)));
            }
        }
        assert_eq!(
            read[0],
            Some(RowKeys {
                id: Some("0a3e2a5b-9c1d-4e6f-8a7b-1c2d3e4f5a6b".into()),
                email: Some("a@b.co".into()),
                username: Some("ann".into())
            })
        );
        assert_eq!(read[2], None, "an escaped value is not a slice of the text: read the row instead");
        assert_eq!(read[3], Some(RowKeys::default()));
    }
}
