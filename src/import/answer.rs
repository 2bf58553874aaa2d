//! Reads only what the import needs from a bulk answer or a row: the keys that match users to
//! rows and each failure's code. Everything else (a full User is ~2 KB) is skipped unparsed.

use std::borrow::Cow;

use super::engine::RowKeys;
use super::matching::{Entry, Keyed};
use crate::json::Reader;
use crate::text::{ascii_lower, owned};
use crate::validate::{fold_case, Unique};

#[cfg(test)]
#[path = "answer_serde.rs"]
mod answer_serde;

/// Which part of a bulk answer (or of a row) a value is, and so what of it is kept.
#[derive(Clone, Copy, PartialEq, Debug)]
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

/// Reads the value at `reader` as `part`, pushing the entries of the three lists to `entries` as
/// they are read; `None` when the text is refused. Accepts and refuses exactly what serde's
/// derived structs did over our reader (`answer_serde.rs`, which a test holds it to): a value of
/// the wrong kind or a known field given twice refuses the answer; unknown fields and the
/// objects and arrays of a `Text` are skipped, their keys read as keys; a `Text`'s number is
/// refused out of an `f64`'s range; derived structs read an array by position. A plain walk over
/// the reader's tokens, not a serde seed: the reader's visiting code inlined for the seed was
/// 6 KB of wasm.
fn value<'de>(reader: &mut Reader<'de>, part: Part, entries: &mut Vec<Keyed>) -> Option<Picked<'de>> {
    let (text, list) = (part == Part::Text, matches!(part, Part::List(_)));
    let mut first = true;
    Some(match reader.peek()? {
        b'"' if text => Picked::Text(reader.tree_string().ok()?),
        b'-' | b'0'..=b'9' if text => {
            reader.number_text().ok()?;
            Picked::None
        }
        // Lists are arrays; a `Text` array is skipped below.
        open @ (b'{' | b'[') if if open == b'{' { !list } else { !text } => {
            let object = open == b'{';
            reader.enter().ok()?;
            let (mut user, mut failure, mut seen, mut at) = (Default::default(), Default::default(), [false; 3], 0);
            loop {
                let i = if object {
                    let Some(key) = reader.next_key(&mut first).ok()? else { break };
                    let Some(i) = field(part, &key) else {
                        reader.skip_value().ok()?;
                        continue;
                    };
                    // As a derived struct: a field given twice refuses the value.
                    if std::mem::replace(&mut seen[i], true) {
                        return None;
                    }
                    i
                } else {
                    // Derived structs read an array by position, fields it lacks taking their
                    // defaults; a list is read to its end.
                    if at == 3 && !list || !reader.next_in(&mut first, b']', "").ok()? {
                        break;
                    }
                    at += 1;
                    at - 1
                };
                fill(reader, part, i, entries, &mut user, &mut failure)?;
            }
            reader.leave(if object { b'}' } else { b']' }).ok()?;
            finish(part, entries, user, failure)
        }
        // `null`, `true`, `false` and arrays as a `Text`: read as absent, checked as serde skips them.
        b'n' if part == (Part::User { optional: true }) => reader.skip_value().map(|()| Picked::None).ok()?,
        _ if text => reader.skip_value().map(|()| Picked::None).ok()?,
        _ => return None,
    })
}

/// The known field `key` of the object that is `part`, by its position: 0, 1, 2.
fn field(part: Part, key: &str) -> Option<usize> {
    let names = match part {
        Part::Answer => ["created", "updated", "failed"],
        Part::User { .. } => ["id", "email", "username"],
        Part::Failure => ["user", "code", "error"],
        _ => return None,
    };
    names.iter().position(|name| *name == key)
}

/// Reads field `i` of the object (or, as derived structs read arrays, the array) that is `part`;
/// of a list, its next entry.
#[inline(never)]
fn fill<'de>(
    reader: &mut Reader<'de>,
    part: Part,
    i: usize,
    entries: &mut Vec<Keyed>,
    user: &mut UserKeys<'de>,
    failure: &mut FailureParts<'de>,
) -> Option<()> {
    let field = match part {
        Part::Answer => Part::List(i),
        Part::List(2) => Part::Failure,
        Part::List(_) => Part::User { optional: false },
        Part::Failure if i == 0 => Part::User { optional: true },
        _ => Part::Text,
    };
    let value = value(reader, field, entries)?;
    match (part, i) {
        (Part::Answer, _) => {}
        (Part::List(list), _) => {
            // A failure was listed by its own reading.
            if let Some(user) = value.user() {
                let (keys, id) = keys(user);
                let entry = if list == 0 { Entry::Created { id } } else { Entry::Updated { id } };
                entries.push(Keyed { keys, entry });
            }
        }
        (Part::User { .. }, _) => user[i] = value.text(),
        (_, 0) => failure.0 = value.user(),
        (_, 1) => failure.1 = value.text(),
        _ => failure.2 = value.text(),
    }
    Some(())
}

/// What an object (or array) read as `part` gives: a user's keys, or for a failure its entry.
#[inline(never)]
fn finish<'de>(part: Part, entries: &mut Vec<Keyed>, user: UserKeys<'de>, failure: FailureParts<'de>) -> Picked<'de> {
    match part {
        Part::User { .. } => Picked::User(user),
        Part::Failure => {
            let (user, code, error) = failure;
            let keys = user.map(|u| keys(u).0).unwrap_or_default();
            let code = code.filter(|c| !c.is_empty()).map_or_else(|| owned("unknown"), string);
            let error = error.map(string).unwrap_or_default();
            entries.push(Keyed { keys, entry: Entry::Failed { code, error } });
            Picked::None
        }
        _ => Picked::None,
    }
}

/// `Cow::into_owned`, a borrowed text copied out of line (`text::owned`).
fn string(text: Cow<str>) -> String {
    match text {
        Cow::Borrowed(text) => owned(text),
        Cow::Owned(text) => text,
    }
}

/// A user's keys to match by (the id lower-cased, the email and username case-folded), and its
/// id as given.
fn keys([id, email, username]: UserKeys) -> (RowKeys, Option<String>) {
    let id = id.map(string);
    let keys = RowKeys {
        id: id.as_deref().map(ascii_lower),
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
            id: value(id).map(ascii_lower),
            email: value(email).map(lower),
            username: value(username).map(lower),
        })
    }
}

/// Lower case, as repeats are found: a word-wise check, and `to_lowercase` only when needed
/// (400 000 keys in a 100 000-row import).
fn lower(s: &str) -> String {
    string(fold_case(Cow::Borrowed(s)))
}

/// The keys of a row (its JSON text); a row that is not an object has none.
pub fn row_keys(json: &str) -> RowKeys {
    match read(json, Part::User { optional: false }, &mut Vec::new(), true) {
        Some(Picked::User(user)) => keys(user).0,
        _ => RowKeys::default(),
    }
}

/// One JSON text read whole by our reader, which skips what it does not need 8 bytes at a time
/// (answers of 500 users run to a megabyte). With `object`, only an object is read (a derived
/// struct also read arrays, by position): an answer or a row is one.
fn read<'de>(text: &'de str, part: Part, entries: &mut Vec<Keyed>, object: bool) -> Option<Picked<'de>> {
    let mut reader = Reader::new(text);
    if object && reader.peek()? != b'{' {
        return None;
    }
    let value = value(&mut reader, part, entries)?;
    reader.end().ok().map(|()| value)
}

/// Every entry of a bulk answer (`created`, `updated`, `failed`, in that order), or `None` when
/// the body is not a bulk answer at all.
#[cfg_attr(size_opt, optimize(size))]
pub fn answer_entries(body: &str) -> Option<Vec<Keyed>> {
    let mut entries = Vec::new();
    read(body, Part::Answer, &mut entries, true)?;
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
    use crate::test_rng::Rng;

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

    /// Random text shaped like a bulk answer (or a row): the known keys, each mostly with the kind
    /// of value it wants, among unknown keys, escaped keys, duplicates, arrays in place of objects,
    /// values of other kinds, numbers out of range, unpaired surrogates, texts cut short.
    fn answer_like(rng: &mut Rng, out: &mut String, depth: u32, want: u8) {
        let pick = |rng: &mut Rng, n: usize| (rng.next() % n as u64) as usize;
        const KEYS: [&str; 14] = [
            "created",
            "updated",
            "failed",
            "id",
            "email",
            "username",
            "user",
            "code",
            "error",
            "\\u0069d",
            "cod\\u0065",
            "other",
            "",
            "\\ud800",
        ];
        const TEXTS: [&str; 10] = [
            "\"\"",
            "\"Ann\"",
            "\"A@B.co\"",
            "\"a\\nb\"",
            "\"\\u00C9mile\"",
            "\"\\ud83d\\ude00\"",
            "\"x\\ud800\"",
            "\"ID-1\"",
            "\"\\u0130\"",
            "\"\u{1F600}\"",
        ];
        const SCALARS: [&str; 9] =
            ["null", "true", "false", "0", "-1.5e3", "1e400", "18446744073709551616", "01", "nul"];
        // `want`: 0 an answer, 1 a list, 2 an entry (object), 3 a string.
        let kind = if depth > 4 {
            3 + pick(rng, 2)
        } else if pick(rng, 20) == 0 {
            pick(rng, 5)
        } else {
            usize::from(want)
        };
        match kind {
            1 | 2 if pick(rng, 8) == 0 => {
                // An array where an object is wanted, or an object where an array is: by position.
                out.push('[');
                for i in 0..pick(rng, 5) {
                    if i > 0 {
                        out.push(',');
                    }
                    let want = if i == 0 && pick(rng, 2) == 0 { 2 } else { 3 };
                    answer_like(rng, out, depth + 1, want);
                }
                out.push(']');
            }
            1 => {
                out.push('[');
                for i in 0..pick(rng, 4) {
                    out.push_str(if i > 0 { ", " } else { "" });
                    answer_like(rng, out, depth + 1, 2);
                }
                out.push(']');
            }
            0 | 2 => {
                out.push('{');
                for i in 0..pick(rng, 5) {
                    if i > 0 {
                        out.push(',');
                    }
                    let key = KEYS[if kind == 0 && pick(rng, 4) > 0 { pick(rng, 3) } else { pick(rng, KEYS.len()) }];
                    out.push('"');
                    out.push_str(key);
                    out.push_str(if pick(rng, 9) == 0 { "\" : " } else { "\":" });
                    let want = match key {
                        "created" | "updated" | "failed" => 1,
                        "user" => 2,
                        _ => 3,
                    };
                    answer_like(rng, out, depth + 1, want);
                }
                out.push('}');
            }
            3 => out.push_str(TEXTS[pick(rng, TEXTS.len())]),
            _ => out.push_str(SCALARS[pick(rng, SCALARS.len())]),
        }
    }

    /// What a read gave, comparably: `None` when refused.
    fn outcome(picked: Option<Picked>, entries: &[Keyed]) -> Option<(String, Vec<(RowKeys, Entry)>)> {
        let picked = match picked? {
            Picked::None => "none".to_owned(),
            Picked::Text(text) => format!("text {text:?}"),
            Picked::User(user) => format!("user {user:?}"),
        };
        Some((picked, entries.iter().map(|k| (k.keys.clone(), k.entry.clone())).collect()))
    }

    #[test]
    fn the_walk_reads_as_the_serde_seed_read() {
        let mut rng = Rng(20);
        let (mut answers, mut rows, mut refused) = (0, 0, 0);
        for round in 0..40_000 {
            let mut text = String::new();
            // White space before the value: JSON's, or Unicode's that JSON's is not.
            text.push_str(["", "", "", "", " \n", "\u{A0}", " \u{2003}", "\u{FEFF}"][round % 8]);
            answer_like(&mut rng, &mut text, 0, if round % 2 == 0 { 0 } else { 2 });
            if round % 4 == 3 && !text.is_empty() {
                // Cut it short, drop a byte or double one, at a character boundary.
                let at = (rng.next() % text.len() as u64) as usize;
                let at = (0..=at).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
                match rng.next() % 3 {
                    0 => text.truncate(at),
                    1 => drop(text.drain(at..at + text[at..].chars().next().map_or(0, char::len_utf8))),
                    _ => text.insert_str(at, &text[at..].chars().next().map(String::from).unwrap_or_default()),
                }
            }
            for part in [Part::Answer, Part::User { optional: false }, Part::User { optional: true }, Part::Failure] {
                let (mut ours, mut theirs) = (Vec::new(), Vec::new());
                let ours = outcome(read(&text, part, &mut ours, false), &ours);
                let theirs = outcome(answer_serde::read(&text, part, &mut theirs), &theirs);
                assert_eq!(ours, theirs, "{part:?} of {text}");
                refused += usize::from(ours.is_none());
                if let Some((_, entries)) = &ours {
                    match part {
                        Part::Answer if !entries.is_empty() => answers += 1,
                        Part::User { optional: false } => rows += 1,
                        _ => {}
                    }
                }
            }
            // Only an object is an answer, as the seed's caller checked it: its first character
            // that is not white space (Unicode's; the reader then refuses any that JSON's is not).
            let is_object = |text: &str| text.trim_start().starts_with('{');
            // The entries in the API's order, as `answer_entries` puts them.
            let mut theirs = Vec::new();
            let theirs =
                (is_object(&text) && answer_serde::read(&text, Part::Answer, &mut theirs).is_some()).then(|| {
                    theirs.sort_by_key(|k| match k.entry {
                        Entry::Created { .. } => 0,
                        Entry::Updated { .. } => 1,
                        Entry::Failed { .. } => 2,
                    });
                    outcome(Some(Picked::None), &theirs)
                });
            assert_eq!(answer_entries(&text).map(|ours| outcome(Some(Picked::None), &ours)), theirs, "{text}");
            let theirs = match is_object(&text)
                .then(|| answer_serde::read(&text, Part::User { optional: false }, &mut Vec::new()))
            {
                Some(Some(Picked::User(user))) => keys(user).0,
                _ => RowKeys::default(),
            };
            assert_eq!(row_keys(&text), theirs, "{text}");
        }
        // Both kinds, in numbers: a generator drifting to all-refused or all-read would test little.
        assert!(
            answers > 1_500 && rows > 10_000 && refused > 20_000,
            "{answers} answers with entries, {rows} rows read, {refused} reads refused"
        );
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
