//! Reads JSON text straight into the [`Checker`]: serde seeds walk the text once, borrowing its
//! strings, and build no tree, so a 100 000-user body allocates little beyond its issues.

use std::borrow::Cow;
use std::fmt;
use std::sync::atomic::{AtomicU8, Ordering::Relaxed};

use serde::de::{Deserialize, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::bulk::{Duplicates, Unique};
use super::fields::Checker;
use super::report::{Path, ValidationIssue};
use super::schema::{Field, ObjectSpec, Rule, NEW_USER};
use crate::json::Key;

/// Reads one object of `spec` (a user, a wallet, …) and checks it. Yields the values a bulk body
/// must not repeat.
pub struct ObjectSeed<'c, 'p> {
    pub checker: &'c mut Checker,
    pub spec: &'static ObjectSpec,
    pub path: &'p Path<'p>,
}

impl<'de> DeserializeSeed<'de> for ObjectSeed<'_, '_> {
    type Value = Unique<'de>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ObjectSeed<'_, '_> {
    type Value = Unique<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let ObjectSeed { checker, spec, path } = self;
        let mut seen: u64 = 0;
        let mut unique = Unique::default();
        let (mut chain, mut address) = (None, None);
        let (mut has_email, mut has_verified_at) = (false, false);
        let mut after = FIRST;
        loop {
            let guess = spec.key_order.guess(after);
            let guessed = guess.map_or("", |index| spec.fields[index].name);
            let Some(Key(key)) = map.next_key_seed(KeySeed(guessed))? else { break };
            let here = path.key(&key);
            // The guessed name itself comes back only when the key is it.
            let found = match guess {
                Some(index) if std::ptr::eq(key.as_ptr(), guessed.as_ptr()) && key.len() == guessed.len() => {
                    Some(index)
                }
                _ => spec.index_of(&key),
            };
            let Some(index) = found else {
                checker.unknown_field(spec, &key, &here);
                map.next_value::<IgnoredAny>()?;
                continue;
            };
            if guess != Some(index) {
                spec.key_order.learn(after, index);
            }
            after = index;
            seen |= 1 << index;
            let field = &spec.fields[index];
            let text = map.next_value_seed(ValueSeed { checker, field, path: &here, item: false })?;
            // By rule, a tag compare, where names would cost string compares for every value.
            match field.rule {
                Rule::Email => {
                    has_email = true;
                    unique.email = text;
                }
                Rule::DateTime => has_verified_at = true,
                Rule::Username => unique.username = text,
                Rule::Uuid => unique.id = text,
                Rule::PublicWalletAddress => address = text,
                Rule::Enum { .. } if field.name == "chain" => chain = text,
                _ => {}
            }
        }
        let missing = spec.required() & !seen;
        if missing != 0 {
            for (index, field) in spec.fields.iter().enumerate() {
                if missing & (1 << index) != 0 {
                    checker.missing(spec, field, path);
                }
            }
        }
        if let Some(address) = address {
            checker.chain_address(chain.as_deref(), &address, &path.key("publicWalletAddress"));
        }
        // Only a user has an email and a verification time.
        if has_verified_at && !has_email {
            checker.verified_without_email(path);
        }
        Ok(unique)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        self.checker.not_an_object(self.spec, self.path, "an array");
        IgnoredAny.visit_seq(seq)?;
        Ok(Unique::default())
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        self.not_an_object("null")
    }
    fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
        self.not_an_object("a boolean")
    }
    fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
        self.not_an_object("a number")
    }
    fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
        self.not_an_object("a number")
    }
    fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
        self.not_an_object("a number")
    }
    fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
        self.not_an_object("a string")
    }
}

impl ObjectSeed<'_, '_> {
    #[cfg_attr(size_opt, optimize(size))]
    fn not_an_object<'de, E>(self, got: &str) -> Result<Unique<'de>, E> {
        self.checker.not_an_object(self.spec, self.path, got);
        Ok(Unique::default())
    }
}

/// An object's key, guessed to be the `&'static str` it holds (empty: no guess). Our reader checks
/// the guess in one compare, where reading a key scans it for escapes and looks its name up.
struct KeySeed(&'static str);

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Key<'de>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Key<'de>, D::Error> {
        // No guess is the empty name: an empty key read as it is its own, unknown, field.
        deserializer.deserialize_newtype_struct(self.0, KeyGuess)
    }
}

/// A key asked for as a newtype struct: our reader visits its string; other deserializers visit
/// the newtype, whose content is the key.
struct KeyGuess;

impl<'de> Visitor<'de> for KeyGuess {
    type Value = Key<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object key")
    }
    fn visit_borrowed_str<E>(self, key: &'de str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Borrowed(key)))
    }
    fn visit_str<E>(self, key: &str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(key.to_owned())))
    }
    fn visit_newtype_struct<D: Deserializer<'de>>(self, deserializer: D) -> Result<Key<'de>, D::Error> {
        Key::deserialize(deserializer)
    }
}

/// Where the guesses come from, one for each kind of object: which field followed which in the
/// objects of that kind read before. Code that builds users builds them all alike, so the key
/// after field `i` is most often the one that followed it last time. Only guesses, each checked:
/// readings on other threads may change them, and a wrong one costs only the read it tried to spare.
#[derive(Debug)]
pub struct KeyOrder([AtomicU8; 32]);

/// `after` before an object's first key.
const FIRST: usize = usize::MAX;

impl KeyOrder {
    /// `[i + 1]`: one more than the field last seen after field `i` (`[0]`: first), 0 for none
    /// yet. Fields past the 31st are never guessed (a user has 26).
    pub const fn new() -> KeyOrder {
        KeyOrder([const { AtomicU8::new(0) }; 32])
    }

    /// The field expected after field `after` (or first, for [`FIRST`]).
    #[inline(always)]
    fn guess(&self, after: usize) -> Option<usize> {
        usize::from(self.0.get(after.wrapping_add(1))?.load(Relaxed)).checked_sub(1)
    }

    fn learn(&self, after: usize, index: usize) {
        if let Some(next) = self.0.get(after.wrapping_add(1)) {
            next.store(index as u8 + 1, Relaxed);
        }
    }
}

/// Reads the value of one field (or, with `item`, one item of a string array) and checks it.
/// Yields the value when it is a string, for checks that look across fields and rows.
pub struct ValueSeed<'c, 'p> {
    checker: &'c mut Checker,
    field: &'static Field,
    path: &'p Path<'p>,
    item: bool,
}

impl<'de> DeserializeSeed<'de> for ValueSeed<'_, '_> {
    type Value = Option<Cow<'de, str>>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ValueSeed<'_, '_> {
    type Value = Option<Cow<'de, str>>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Self::Value, E> {
        self.string(s);
        Ok(Some(Cow::Borrowed(s)))
    }
    fn visit_str<E>(self, s: &str) -> Result<Self::Value, E> {
        self.string(s);
        Ok(Some(Cow::Owned(s.to_owned())))
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        if self.item || !self.field.nullable() {
            self.wrong("null");
        }
        Ok(None)
    }
    fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
        if self.item || !matches!(self.field.rule, Rule::Bool) {
            self.wrong("a boolean");
        }
        Ok(None)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
        self.wrong("a number");
        Ok(None)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
        self.wrong("a number");
        Ok(None)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
        self.wrong("a number");
        Ok(None)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        // Free-form objects (`metadata`, `profile`) are only checked for being objects.
        if self.item || !matches!(self.field.rule, Rule::Object) {
            self.wrong("an object");
        }
        IgnoredAny.visit_map(map)?;
        Ok(None)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let ValueSeed { checker, field, path, item } = self;
        match field.rule {
            Rule::ArrayOf(spec) if !item => {
                let mut i = 0;
                while seq
                    .next_element_seed(ObjectSeed { checker: &mut *checker, spec, path: &path.index(i) })?
                    .is_some()
                {
                    i += 1;
                }
            }
            Rule::Emails | Rule::Strings if !item => {
                let mut i = 0;
                while seq
                    .next_element_seed(ValueSeed { checker: &mut *checker, field, path: &path.index(i), item: true })?
                    .is_some()
                {
                    i += 1;
                }
            }
            _ => {
                ValueSeed { checker, field, path, item }.wrong("an array");
                IgnoredAny.visit_seq(seq)?;
            }
        }
        Ok(None)
    }
}

impl ValueSeed<'_, '_> {
    fn string(self, s: &str) {
        match (self.item, self.field.rule) {
            (true, Rule::Emails) => self.checker.email_item(self.field, s, self.path),
            (true, _) => {}
            (false, Rule::Bool | Rule::Object | Rule::ArrayOf(_) | Rule::Emails | Rule::Strings) => {
                self.wrong("a string")
            }
            (false, _) => self.checker.string(self.field, s, self.path),
        }
    }

    #[cfg_attr(size_opt, optimize(size))]
    fn wrong(self, got: &str) {
        if self.item {
            self.checker.wrong_item_type(self.path, self.field, got);
        } else {
            self.checker.wrong_type(self.path, self.field, got);
        }
    }
}

/// Reads a whole bulk body: every row, and repeats across rows as each row is read.
pub struct BulkSeed<'c> {
    pub checker: &'c mut Checker,
    /// About how many rows to expect, to size the repeat checks.
    pub rows: usize,
}

impl<'de> DeserializeSeed<'de> for BulkSeed<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for BulkSeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let checker = self.checker;
        let root = Path::Root;
        // Repeats are found once every row is read, then put after their row's other issues.
        let mut duplicates = Duplicates::deferred(self.rows);
        let mut row_ends = Vec::new();
        let _ = row_ends.try_reserve(self.rows);
        let mut row = 0;
        while let Some(unique) =
            seq.next_element_seed(ObjectSeed { checker: &mut *checker, spec: &NEW_USER, path: &root.index(row) })?
        {
            duplicates.check(row, unique, &mut checker.issues);
            row_ends.push(checker.issues.len());
            row += 1;
        }
        if row == 0 {
            checker.bad_bulk(None);
        }
        let repeats = duplicates.finish();
        if !repeats.is_empty() {
            place_repeats(&mut checker.issues, row_ends, repeats);
        }
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        self.checker.bad_bulk(Some("an object"));
        IgnoredAny.visit_map(map).map(drop)
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        self.checker.bad_bulk(Some("null"));
        Ok(())
    }
    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        self.checker.bad_bulk(Some("a boolean"));
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        self.checker.bad_bulk(Some("a number"));
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        self.checker.bad_bulk(Some("a number"));
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        self.checker.bad_bulk(Some("a number"));
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        self.checker.bad_bulk(Some("a string"));
        Ok(())
    }
}

/// Puts each repeat after the other issues of its row (`row_ends`: where each row's issues end).
/// Once a call, and only for bodies with repeats: compiled for size.
#[inline(never)]
#[cfg_attr(size_opt, optimize(size))]
fn place_repeats(issues: &mut Vec<ValidationIssue>, row_ends: Vec<usize>, repeats: Vec<(usize, ValidationIssue)>) {
    let mut own = std::mem::take(issues).into_iter();
    let mut repeats = repeats.into_iter().peekable();
    let mut taken = 0;
    for (row, end) in row_ends.into_iter().enumerate() {
        issues.extend(own.by_ref().take(end - taken));
        taken = end;
        while let Some((_, issue)) = repeats.next_if(|(r, _)| *r == row) {
            issues.push(issue);
        }
    }
    issues.extend(own);
}

impl<'c, 'p> ValueSeed<'c, 'p> {
    /// Reads one form field's value (as `validateField` gets it) and checks it.
    pub fn field(checker: &'c mut Checker, field: &'static Field, path: &'p Path<'p>) -> Self {
        ValueSeed { checker, field, path, item: false }
    }
}
