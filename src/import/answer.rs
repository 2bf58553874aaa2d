//! Reads only what the import needs from a bulk answer or a row: the keys that match users to
//! rows and each failure's code. Everything else (a full User is ~2 KB) is skipped unparsed.

use std::borrow::Cow;
use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, Error as _, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::engine::RowKeys;
use super::matching::{Entry, Keyed};
use crate::json;
use crate::validate::{fold_case, Unique};

/// Which part of a bulk answer (or of a row) a value is, and so what of it is kept. One seed type
/// for every part rather than a derived struct each: the reader's visiting code, inlined for
/// each visitor type, is then in the wasm once (derives took 24 KB of it).
#[derive(Clone, Copy, PartialEq)]
enum Part {
    /// `{ created, updated, failed }`.
    Answer,
    /// The entries of `created` (0), `updated` (1) or `failed` (2).
    List(usize),
    /// A user: its `id`, `email` and `username`. `optional`: `null` reads as no user.
    User { optional: bool },
    /// One entry of `failed`: `user`, `code` and `error`.
    Failure,
    /// A string, kept; any other value reads as absent.
    Text,
}

/// A user's `id`, `email` and `username`, where it gave them as strings.
type UserKeys<'a> = [Option<Cow<'a, str>>; 3];

/// A failure's `user`, `code` and `error`, as read so far.
type FailureParts<'a> = (Option<UserKeys<'a>>, Option<Cow<'a, str>>, Option<Cow<'a, str>>);

/// What a value gave: a string (`Text`), a user's three keys (`User`), else nothing.
enum Picked<'a> {
    None,
    Text(Cow<'a, str>),
    User(UserKeys<'a>),
}

impl<'a> Picked<'a> {
    fn text(self) -> Option<Cow<'a, str>> {
        match self {
            Picked::Text(text) => Some(text),
            _ => None,
        }
    }

    fn user(self) -> Option<UserKeys<'a>> {
        match self {
            Picked::User(keys) => Some(keys),
            _ => None,
        }
    }
}

/// Reads one part; `entries` collects the entries of the three lists as they are read.
struct Seed<'s> {
    part: Part,
    entries: &'s mut Vec<Keyed>,
}

impl<'de> DeserializeSeed<'de> for Seed<'_> {
    type Value = Picked<'de>;
    // The reader's visiting code, which it inlines into its caller, is then in the wasm once.
    #[inline(never)]
    #[cfg_attr(size_opt, optimize(size))]
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Picked<'de>, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl Seed<'_> {
    fn part(&mut self, part: Part) -> Seed<'_> {
        Seed { part, entries: self.entries }
    }

    /// Refuses what a derived struct refused: a value of the wrong kind.
    fn other<'de, E: serde::de::Error>(self) -> Result<Picked<'de>, E> {
        match self.part {
            Part::Text => Ok(Picked::None),
            _ => Err(E::custom("not a part of a bulk answer")),
        }
    }

    /// The known field `key` of the object that is `part`, by its position: 0, 1, 2.
    fn field(part: Part, key: &str) -> Option<usize> {
        let names = match part {
            Part::Answer => ["created", "updated", "failed"],
            Part::User { .. } => ["id", "email", "username"],
            _ => ["user", "code", "error"],
        };
        names.iter().position(|name| *name == key)
    }

    /// Field `i` of the object (or, as derived structs read arrays, the array) that is `part`.
    fn fill<'de, E: serde::de::Error>(
        &mut self,
        i: usize,
        read: impl FnOnce(Seed<'_>) -> Result<Picked<'de>, E>,
        user: &mut UserKeys<'de>,
        failure: &mut FailureParts<'de>,
    ) -> Result<(), E> {
        match self.part {
            Part::Answer => read(self.part(Part::List(i))).map(drop),
            Part::User { .. } => read(self.part(Part::Text)).map(|v| user[i] = v.text()),
            _ => {
                let part = if i == 0 { Part::User { optional: true } } else { Part::Text };
                let value = read(self.part(part))?;
                match i {
                    0 => failure.0 = value.user(),
                    1 => failure.1 = value.text(),
                    _ => failure.2 = value.text(),
                }
                Ok(())
            }
        }
    }

    #[cfg_attr(size_opt, optimize(size))]
    fn finish<'de>(self, user: UserKeys<'de>, failure: FailureParts<'de>) -> Picked<'de> {
        match self.part {
            Part::User { .. } => Picked::User(user),
            Part::Failure => {
                let (user, code, error) = failure;
                let keys = user.map(|u| keys(u).0).unwrap_or_default();
                let code = code.filter(|c| !c.is_empty()).map_or_else(|| "unknown".into(), Cow::into_owned);
                let error = error.map(Cow::into_owned).unwrap_or_default();
                self.entries.push(Keyed { keys, entry: Entry::Failed { code, error } });
                Picked::None
            }
            _ => Picked::None,
        }
    }
}

impl<'de> Visitor<'de> for Seed<'_> {
    type Value = Picked<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a bulk answer")
    }

    fn visit_borrowed_str<E: serde::de::Error>(self, v: &'de str) -> Result<Picked<'de>, E> {
        match self.part {
            Part::Text => Ok(Picked::Text(Cow::Borrowed(v))),
            _ => self.other(),
        }
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Picked<'de>, E> {
        match self.part {
            Part::Text => Ok(Picked::Text(Cow::Owned(v.to_owned()))),
            _ => self.other(),
        }
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<Picked<'de>, E> {
        match self.part {
            Part::User { optional: true } => Ok(Picked::None),
            _ => self.other(),
        }
    }

    fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<Picked<'de>, E> {
        self.other()
    }

    fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<Picked<'de>, E> {
        self.other()
    }

    fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<Picked<'de>, E> {
        self.other()
    }

    fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<Picked<'de>, E> {
        self.other()
    }

    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<Picked<'de>, A::Error> {
        if matches!(self.part, Part::Text | Part::List(_)) {
            if self.part == Part::Text {
                IgnoredAny.visit_map(map)?;
            }
            return self.other();
        }
        let (mut user, mut failure, mut seen) = (Default::default(), Default::default(), [false; 3]);
        while let Some(json::Key(key)) = map.next_key()? {
            let Some(i) = Seed::field(self.part, &key) else {
                map.next_value::<IgnoredAny>()?;
                continue;
            };
            // As a derived struct: a field given twice refuses the value.
            if std::mem::replace(&mut seen[i], true) {
                return Err(A::Error::custom("duplicate field"));
            }
            self.fill(i, |seed| map.next_value_seed(seed), &mut user, &mut failure)?;
        }
        Ok(self.finish(user, failure))
    }

    fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<Picked<'de>, A::Error> {
        match self.part {
            Part::Text => {
                IgnoredAny.visit_seq(seq)?;
                Ok(Picked::None)
            }
            Part::List(list) => {
                let entry = if list == 2 { Part::Failure } else { Part::User { optional: false } };
                while let Some(user) = seq.next_element_seed(self.part(entry))? {
                    // A failure was listed by its own reading.
                    let Some(user) = user.user() else { continue };
                    let (keys, id) = keys(user);
                    let entry = if list == 0 { Entry::Created { id } } else { Entry::Updated { id } };
                    self.entries.push(Keyed { keys, entry });
                }
                Ok(Picked::None)
            }
            // Derived structs read an array by position; fields it lacks take their defaults.
            _ => {
                let (mut user, mut failure) = (Default::default(), Default::default());
                for i in 0..3 {
                    let mut last = false;
                    self.fill(
                        i,
                        |seed| match seq.next_element_seed(seed)? {
                            Some(value) => Ok(value),
                            None => {
                                last = true;
                                Ok(Picked::None)
                            }
                        },
                        &mut user,
                        &mut failure,
                    )?;
                    if last {
                        break;
                    }
                }
                Ok(self.finish(user, failure))
            }
        }
    }
}

/// A user's keys to match by (the id lower-cased, the email and username case-folded), and its
/// id as given.
fn keys([id, email, username]: UserKeys) -> (RowKeys, Option<String>) {
    let id = id.map(Cow::into_owned);
    let keys = RowKeys {
        id: id.as_ref().map(|s| s.to_ascii_lowercase()),
        email: email.as_deref().map(lower),
        username: username.as_deref().map(lower),
    };
    (keys, id)
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
    match read(json, Seed { part: Part::User { optional: false }, entries: &mut Vec::new() }) {
        Some(Picked::User(user)) => keys(user).0,
        _ => RowKeys::default(),
    }
}

/// One JSON text read whole by our reader, which skips what it does not need 8 bytes at a time
/// (answers of 500 users run to a megabyte).
fn read<'de>(text: &'de str, seed: Seed<'_>) -> Option<Picked<'de>> {
    let mut reader = json::Reader::new(text);
    let value = seed.deserialize(&mut reader).ok()?;
    reader.end().ok().map(|()| value)
}

/// Only an object is an answer or a user (a derived struct also read arrays, by position).
fn is_object(json: &str) -> bool {
    json.trim_start().starts_with('{')
}

/// Every entry of a bulk answer (`created`, `updated`, `failed`, in that order), or `None` when
/// the body is not a bulk answer at all.
#[cfg_attr(size_opt, optimize(size))]
pub fn answer_entries(body: &str) -> Option<Vec<Keyed>> {
    if !is_object(body) {
        return None;
    }
    let mut entries = Vec::new();
    read(body, Seed { part: Part::Answer, entries: &mut entries })?;
    let list = |keyed: &Keyed| match keyed.entry {
        Entry::Created { .. } => 0,
        Entry::Updated { .. } => 1,
        Entry::Failed { .. } => 2,
    };
    // The API lists them in that order; an answer that does not is put in that order here.
    if !entries.windows(2).all(|pair| list(&pair[0]) <= list(&pair[1])) {
        let mut read: Vec<Option<Keyed>> = entries.into_iter().map(Some).collect();
        entries = Vec::with_capacity(read.len());
        for each in 0..3 {
            entries.extend(
                read.iter_mut().filter(|k| k.as_ref().is_some_and(|k| list(k) == each)).filter_map(Option::take),
            );
        }
    }
    Some(entries)
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
