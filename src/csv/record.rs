//! One record as a serde `Deserializer` of the user object `row::write_user` writes for it, so
//! the validator reads the cells themselves instead of parsing the row's JSON text again (that
//! parse was a third of `parseUsersCsv`'s work). Keys, order, types and the cells left out are
//! those of the JSON text; a test checks both give the same issues.

use serde::de::value::{BorrowedStrDeserializer, Error, StrDeserializer};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::forward_to_deserialize_any;

use super::columns::{Columns, Entry, WALLET_KEYS};
use super::reader::Record;
use super::row::parse_boolean;

/// The user object of one record.
#[derive(Clone, Copy)]
pub struct RecordUser<'c, 'a, 'r> {
    columns: &'c Columns,
    record: &'c Record<'a, 'r>,
}

impl<'c, 'a, 'r> RecordUser<'c, 'a, 'r> {
    pub(crate) fn new(columns: &'c Columns, record: &'c Record<'a, 'r>) -> Self {
        RecordUser { columns, record }
    }

    fn is_empty(&self, column: usize) -> bool {
        self.record.get(column).is_empty()
    }

    fn has_metadata(&self) -> bool {
        self.columns.metadata.iter().any(|m| !self.is_empty(m.column))
    }

    /// The wallet's parts that have a non-empty cell: key and column.
    fn wallet_parts(self) -> impl Iterator<Item = (&'static str, usize)> + 'c {
        let record = self.record;
        WALLET_KEYS
            .iter()
            .zip(self.columns.wallet)
            .filter_map(|(key, column)| Some((*key, column?)))
            .filter(move |(_, column)| !record.get(*column).is_empty())
    }
}

/// The boilerplate of a `Deserializer` that reads everything through `deserialize_any`.
macro_rules! any_only {
    () => {
        type Error = Error;
        forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option
            unit unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier ignored_any
        }
    };
}

impl<'de> Deserializer<'de> for RecordUser<'_, 'de, '_> {
    any_only!();
    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_map(UserMap { user: self, next: 0, value: None })
    }
}

/// What the member whose key was just read holds.
enum Member {
    Cell(usize),
    Boolean(usize),
    Metadata,
    Wallets,
}

struct UserMap<'c, 'a, 'r> {
    user: RecordUser<'c, 'a, 'r>,
    /// The next entry of `columns.entries`.
    next: usize,
    value: Option<Member>,
}

impl<'de> MapAccess<'de> for UserMap<'_, 'de, '_> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Error> {
        let user = self.user;
        while let Some(entry) = user.columns.entries.get(self.next) {
            self.next += 1;
            let (key, member) = match *entry {
                Entry::Text { column, key } if !user.is_empty(column) => (key, Member::Cell(column)),
                Entry::Boolean { column, key } if !user.is_empty(column) => (key, Member::Boolean(column)),
                Entry::Metadata if user.has_metadata() => ("metadata", Member::Metadata),
                Entry::Wallet if user.wallet_parts().next().is_some() => ("wallets", Member::Wallets),
                _ => continue,
            };
            self.value = Some(member);
            return seed.deserialize(BorrowedStrDeserializer::new(key)).map(Some);
        }
        Ok(None)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        let user = self.user;
        match self.value.take() {
            Some(Member::Cell(column)) => seed.deserialize(CellText { record: user.record, column }),
            Some(Member::Boolean(column)) => match parse_boolean(user.record.get(column)) {
                Some(value) => seed.deserialize(de::value::BoolDeserializer::new(value)),
                // Not a boolean: the text, so that the validator says what is wrong.
                None => seed.deserialize(CellText { record: user.record, column }),
            },
            Some(Member::Metadata) => seed.deserialize(Metadata { user, next: 0, value: None }),
            Some(Member::Wallets) => seed.deserialize(Wallets { user, done: false }),
            None => Err(de::Error::custom("a value was read before its key")),
        }
    }
}

/// One cell as a string, borrowed from the input when it is a slice of it.
struct CellText<'c, 'a, 'r> {
    record: &'c Record<'a, 'r>,
    column: usize,
}

impl<'de> Deserializer<'de> for CellText<'_, 'de, '_> {
    any_only!();
    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.record.get_input(self.column) {
            Some(text) => visitor.visit_borrowed_str(text),
            None => visitor.visit_str(self.record.get(self.column)),
        }
    }
}

/// The `metadata` object: its non-empty cells, by key.
struct Metadata<'c, 'a, 'r> {
    user: RecordUser<'c, 'a, 'r>,
    next: usize,
    value: Option<usize>,
}

impl<'de> Deserializer<'de> for Metadata<'_, 'de, '_> {
    any_only!();
    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_map(self)
    }
}

impl<'de> MapAccess<'de> for Metadata<'_, 'de, '_> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Error> {
        let columns = self.user.columns;
        while let Some(metadata) = columns.metadata.get(self.next) {
            self.next += 1;
            if !self.user.is_empty(metadata.column) {
                self.value = Some(metadata.column);
                return seed.deserialize(StrDeserializer::<Error>::new(&metadata.key)).map(Some);
            }
        }
        Ok(None)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        let column = self.value.take().ok_or_else(|| de::Error::custom("a value was read before its key"))?;
        seed.deserialize(CellText { record: self.user.record, column })
    }
}

/// `wallets`: an array of the one wallet the wallet columns describe.
struct Wallets<'c, 'a, 'r> {
    user: RecordUser<'c, 'a, 'r>,
    done: bool,
}

impl<'de> Deserializer<'de> for Wallets<'_, 'de, '_> {
    any_only!();
    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_seq(self)
    }
}

impl<'de> SeqAccess<'de> for Wallets<'_, 'de, '_> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, Error> {
        if std::mem::replace(&mut self.done, true) {
            return Ok(None);
        }
        seed.deserialize(Wallet { user: self.user, next: 0, value: None }).map(Some)
    }
}

/// The wallet object: its non-empty parts.
struct Wallet<'c, 'a, 'r> {
    user: RecordUser<'c, 'a, 'r>,
    next: usize,
    value: Option<usize>,
}

impl<'de> Deserializer<'de> for Wallet<'_, 'de, '_> {
    any_only!();
    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_map(self)
    }
}

impl<'de> MapAccess<'de> for Wallet<'_, 'de, '_> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Error> {
        let Some((key, column)) = self.user.wallet_parts().nth(self.next) else { return Ok(None) };
        self.next += 1;
        self.value = Some(column);
        seed.deserialize(BorrowedStrDeserializer::new(key)).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        let column = self.value.take().ok_or_else(|| de::Error::custom("a value was read before its key"))?;
        seed.deserialize(CellText { record: self.user.record, column })
    }
}
