//! A CSV record as the user object it stands for, to serde ([`user`]), so that the validator's
//! seeds read it as they read JSON and `parseUsersCsv` checks a row with nothing written or parsed
//! in between. The members are those `row::write_user` writes and `tape::UsersTape::write_row`
//! records, in the same order, so a row is judged alike either way.

use serde::de::value::{BorrowedStrDeserializer, Error, StrDeserializer};
use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::forward_to_deserialize_any;

use super::columns::{Columns, Entry, WALLET_KEYS};
use super::reader::Record;
use super::row::parse_boolean;

/// Record `record`, read as the user its columns make of it.
pub(crate) fn user<'a, 't, 'r>(columns: &'a Columns, record: &'a Record<'t, 'r>) -> Part<'a, 't, 'r> {
    Part { row: Row { columns, record }, what: What::User }
}

#[derive(Clone, Copy)]
struct Row<'a, 't, 'r> {
    columns: &'a Columns,
    record: &'a Record<'t, 'r>,
}

impl Row<'_, '_, '_> {
    fn cell(&self, column: usize) -> &str {
        self.record.get(column)
    }

    fn has_metadata(&self) -> bool {
        self.columns.metadata.iter().any(|m| self.record.filled(m.column))
    }

    fn has_wallet(&self) -> bool {
        self.columns.wallet.iter().flatten().any(|&column| self.record.filled(column))
    }
}

/// What a member's value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum What {
    User,
    Metadata,
    /// `wallets`: an array of the one wallet.
    Wallets,
    Wallet,
    Text(usize),
    /// A boolean column's cell: `true`, `no`, … or, when it is none of those, its text.
    Boolean(usize),
}

/// A value in the record: the user, one of its objects, or a cell.
pub(crate) struct Part<'a, 't, 'r> {
    row: Row<'a, 't, 'r>,
    what: What,
}

impl<'de, 'a, 'r> Deserializer<'de> for Part<'a, 'de, 'r> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let row = self.row;
        let text = |visitor: V, column: usize| match row.record.borrowed(column) {
            Some(cell) => visitor.visit_borrowed_str(cell),
            None => visitor.visit_str(row.cell(column)),
        };
        match self.what {
            What::User | What::Metadata | What::Wallet => {
                visitor.visit_map(Members { row, of: self.what, next: 0, value: None })
            }
            What::Wallets => visitor.visit_seq(OneWallet { row, taken: false }),
            What::Text(column) => text(visitor, column),
            What::Boolean(column) => match parse_boolean(row.cell(column)) {
                Some(value) => visitor.visit_bool(value),
                None => text(visitor, column),
            },
        }
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option unit
        unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier ignored_any
    }
}

/// The members of the user, its metadata or its wallet: the non-empty cells, in write order.
struct Members<'a, 't, 'r> {
    row: Row<'a, 't, 'r>,
    of: What,
    next: usize,
    value: Option<What>,
}

impl<'a> Members<'a, '_, '_> {
    /// The next member with something in it, from `self.next` on: its key (a field's, or a
    /// metadata column's) and its value.
    fn advance(&mut self) -> Option<(Result<&'static str, &'a str>, What)> {
        let row = self.row;
        let columns: &'a Columns = row.columns;
        let filled = |column: usize| row.record.filled(column);
        loop {
            let at = self.next;
            self.next += 1;
            let member = match self.of {
                What::User => match *columns.entries.get(at)? {
                    Entry::Text { column, key } => filled(column).then_some((Ok(key), What::Text(column))),
                    Entry::Boolean { column, key } => filled(column).then_some((Ok(key), What::Boolean(column))),
                    Entry::Metadata => row.has_metadata().then_some((Ok("metadata"), What::Metadata)),
                    Entry::Wallet => row.has_wallet().then_some((Ok("wallets"), What::Wallets)),
                },
                What::Metadata => {
                    let m = columns.metadata.get(at)?;
                    let what = if m.boolean { What::Boolean(m.column) } else { What::Text(m.column) };
                    filled(m.column).then_some((Err(m.key.as_str()), what))
                }
                _ => {
                    let column = *columns.wallet.get(at)?;
                    column.filter(|&column| filled(column)).map(|column| (Ok(WALLET_KEYS[at]), What::Text(column)))
                }
            };
            if member.is_some() {
                return member;
            }
        }
    }
}

impl<'de> MapAccess<'de> for Members<'_, 'de, '_> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Error> {
        let Some((key, what)) = self.advance() else { return Ok(None) };
        self.value = Some(what);
        match key {
            Ok(field) => seed.deserialize(BorrowedStrDeserializer::new(field)).map(Some),
            Err(metadata_key) => seed.deserialize(StrDeserializer::new(metadata_key)).map(Some),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        // serde asks for a value only after a key; a value without one reads as an empty cell.
        let what = self.value.take().unwrap_or(What::Text(usize::MAX));
        seed.deserialize(Part { row: self.row, what })
    }
}

/// `wallets`: the record's one wallet.
struct OneWallet<'a, 't, 'r> {
    row: Row<'a, 't, 'r>,
    taken: bool,
}

impl<'de> SeqAccess<'de> for OneWallet<'_, 'de, '_> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, Error> {
        if std::mem::replace(&mut self.taken, true) {
            return Ok(None);
        }
        seed.deserialize(Part { row: self.row, what: What::Wallet }).map(Some)
    }
}
