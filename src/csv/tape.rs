//! The users of a CSV file as a tape of `u32` words, from which `parseUsersCsv`'s JavaScript side
//! (`buildUsers` in `src/wasm/host.js`) builds the user objects: twice as fast as `JSON.parse` reads the
//! same users as JSON text. A cell's text is a slice of the CSV text that JavaScript passed in,
//! so no cell is copied twice; only cells that are not a slice as they stand (a doubled quote in
//! them, say) are copied, to `copied`.
//!
//! A row is its ops, then `END`. An op's low 4 bits say what it is; offsets and lengths are in
//! UTF-16 units, as JavaScript counts:
//!
//! | op | word | then |
//! | --- | --- | --- |
//! | `TEXT` | `len << 16 \| column << 4` (both fit) | `start` in the CSV text |
//! | `SHARED` | as `TEXT` | `start`, then `id`: every `SHARED` of one id has the same text |
//! | `LONG_TEXT` | | `column`, `start` in the CSV text, `len` |
//! | `COPIED_TEXT` | | `column`, `start` in `copied`, `len` |
//! | `TRUE`, `FALSE` | `column << 4` | |
//! | `METADATA`, `WALLET` | opens `metadata: {}` or `wallets: [{}]`, where the ops write | |
//! | `CLOSE` | the ops write to the user again | |
//! | `END` | the row's end | |
//!
//! A column's key is `keys[column]`. `SHARED` is a cell whose text repeats in other cells
//! (`shared.rs`): JavaScript makes its string once, the first time it meets the id.

use std::ops::Range;

use super::columns::{Columns, Entry};
use super::reader::Record;
use super::row::parse_boolean;
use super::shared::SharedCells;

pub const TEXT: u32 = 0;
pub const LONG_TEXT: u32 = 1;
pub const COPIED_TEXT: u32 = 2;
pub const TRUE: u32 = 3;
pub const FALSE: u32 = 4;
pub const METADATA: u32 = 5;
pub const WALLET: u32 = 6;
pub const CLOSE: u32 = 7;
pub const END: u32 = 8;
pub const SHARED: u32 = 9;

const SHORT_COLUMNS: usize = 1 << 12;
/// Marks a metadata column whose cells are yes/no, in [`UsersTape::object`]'s column numbers.
const BOOLEAN_BIT: u32 = usize::BITS - 1;
const SHORT_LEN: usize = 1 << 16;
/// The rows read before the tape makes room for the rest.
const SAMPLE_ROWS: usize = 256;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UsersTape {
    pub words: Vec<u32>,
    /// Each row's first word.
    pub rows: Vec<u32>,
    /// The text of the cells that are not a slice of the CSV text as it stands.
    pub copied: String,
    /// The key each column writes, by column; `None` for a column that writes none.
    pub keys: Vec<Option<String>>,
    /// The texts of `SHARED` cells.
    pub(crate) shared: SharedCells,
    copied_len: usize,
    /// Where the rows read so far end: a byte offset in the text, and that offset in UTF-16 units
    /// in JavaScript's copy of it.
    read_to: (usize, usize),
}

fn utf16_len(text: &str) -> usize {
    if text.is_ascii() {
        text.len()
    } else {
        // One unit a character and two above U+FFFF: every byte that does not continue a
        // character counts one, a four-byte lead one more. By bytes, 8 at a time: decoding the
        // characters was a tenth of parseUsersCsv on names in other scripts, and a byte at a time
        // still 6 %.
        const HIGHS: u64 = 0x8080_8080_8080_8080;
        let bytes = text.as_bytes();
        let mut words = bytes.chunks_exact(8);
        let mut units = 0;
        for word in words.by_ref() {
            let w = u64::from_le_bytes(word.try_into().unwrap_or_default());
            // Each byte's high bit, where the byte is 10xxxxxx (continues) or 1111xxxx (a 4-byte lead).
            let continues = w & !(w << 1) & HIGHS;
            let lead4 = w & (w << 1) & (w << 2) & (w << 3) & HIGHS;
            units += 8 - continues.count_ones() as usize + lead4.count_ones() as usize;
        }
        units + words.remainder().iter().map(|&b| usize::from(b & 0xC0 != 0x80) + usize::from(b >= 0xF0)).sum::<usize>()
    }
}

/// True when `bytes` hold U+FFFD (EF BF BD in UTF-8).
fn holds_replacement(mut bytes: &[u8]) -> bool {
    while let Some(at) = bytes.iter().position(|&b| b == 0xEF) {
        if bytes[at + 1..].starts_with(&[0xBF, 0xBD]) {
            return true;
        }
        bytes = &bytes[at + 1..];
    }
    false
}

// Word counts and UTF-16 offsets fit in u32: both are bounded by wasm32's 4 GiB of memory.
fn word(n: usize) -> u32 {
    n as u32
}

/// Where a row lies in JavaScript's text, to place its cells there.
struct RowAt<'t> {
    text: &'t str,
    span: Range<usize>,
    /// `span.start` in UTF-16 units.
    utf16_start: usize,
    ascii: bool,
    /// The end of the cell placed last, in bytes and in UTF-16 units: cells mostly come in
    /// column order, so the next one is counted from there, not from the row's start.
    placed: (usize, usize),
}

impl RowAt<'_> {
    /// Where the cell at bytes `cell` of the text lies in UTF-16 units: its start and length.
    fn place(&mut self, cell: Range<usize>) -> (usize, usize) {
        if self.ascii {
            (self.utf16_start + cell.start - self.span.start, cell.len())
        } else {
            let (from, units) =
                if cell.start >= self.placed.0 { self.placed } else { (self.span.start, self.utf16_start) };
            let start = units + utf16_len(&self.text[from..cell.start]);
            let len = utf16_len(&self.text[cell.clone()]);
            self.placed = (cell.end, start + len);
            (start, len)
        }
    }
}

impl UsersTape {
    /// A tape for the columns of a text whose first `skipped` UTF-16 units JavaScript has and the
    /// reader did not see (a byte order mark).
    #[inline(never)]
    #[cfg_attr(size_opt, optimize(size))]
    pub(crate) fn new(columns: &Columns, skipped: usize) -> UsersTape {
        let keys = columns.keys_by_column();
        UsersTape { shared: SharedCells::new(keys.len()), keys, read_to: (0, skipped), ..UsersTape::default() }
    }

    /// Appends the user of `record`; records come in the order of the text.
    pub(crate) fn write_row(&mut self, columns: &Columns, record: &Record) {
        let text = record.input();
        let span = record.span.clone();
        let (read_to, utf16_read_to) = self.read_to;
        if self.rows.len() == SAMPLE_ROWS && read_to > 0 {
            self.reserve_for(text.len(), read_to);
        }
        if self.rows.len() >= SAMPLE_ROWS && self.rows.len().is_power_of_two() {
            self.shared.judge();
        }
        // One pass over the row (and the line ends before it) tells whether bytes are units.
        let ascii = text.as_bytes()[read_to..span.end].is_ascii();
        let utf16_start =
            utf16_read_to + if ascii { span.start - read_to } else { utf16_len(&text[read_to..span.start]) };
        let mut row = RowAt { text, span: span.clone(), utf16_start, ascii, placed: (span.start, utf16_start) };
        self.read_to = (span.end, utf16_start + if ascii { span.len() } else { utf16_len(&text[span]) });

        self.rows.push(word(self.words.len()));
        // The members `record_user` yields, in the same order: empty cells left out.
        for entry in &columns.entries {
            match *entry {
                Entry::Text { column, .. } => self.text(&mut row, record, column),
                Entry::Boolean { column, .. } => match parse_boolean(record.get(column)) {
                    Some(value) => self.words.push(word(column << 4) | if value { TRUE } else { FALSE }),
                    None => self.text(&mut row, record, column),
                },
                Entry::Metadata => {
                    // A checkbox field's yes/no cells are booleans (a column number past the
                    // boolean bit would be a text cell).
                    let cells = columns.metadata.iter().map(|m| m.column | usize::from(m.boolean) << BOOLEAN_BIT);
                    self.object(METADATA, &mut row, record, cells)
                }
                Entry::Wallet => self.object(WALLET, &mut row, record, columns.wallet.iter().flatten().copied()),
            }
        }
        self.words.push(END);
    }

    /// Room for the rows of a text of `len` bytes at the rate of those in its first `read` bytes,
    /// and a little more: 100 000 rows take megabytes, which copying each time the tape doubled
    /// took 5 % of `parseUsersCsv`. Only tried: the rows to come may be shorter.
    fn reserve_for(&mut self, len: usize, read: usize) {
        let scale = |n: usize| (n as u64 * len as u64 / read as u64 / 8 * 9).min(u32::MAX.into()) as usize;
        let _ = self.words.try_reserve(scale(self.words.len()).saturating_sub(self.words.len()));
        let _ = self.rows.try_reserve(scale(self.rows.len()).saturating_sub(self.rows.len()));
    }

    /// `metadata` or `wallets` (`op`) of the cells of `columns`, unless all of them are empty; a
    /// column with [`BOOLEAN_BIT`] set is a yes/no cell.
    fn object(&mut self, op: u32, row: &mut RowAt, record: &Record, columns: impl Iterator<Item = usize> + Clone) {
        let plain = |column: usize| column & !(1 << BOOLEAN_BIT);
        if !columns.clone().any(|column| record.filled(plain(column))) {
            return;
        }
        self.words.push(op);
        for column in columns {
            // Only a yes/no column's cells are read as booleans.
            match if column != plain(column) { parse_boolean(record.get(plain(column))) } else { None } {
                Some(value) => self.words.push(word(plain(column) << 4) | if value { TRUE } else { FALSE }),
                None => self.text(row, record, plain(column)),
            }
        }
        self.words.push(CLOSE);
    }

    /// The text of cell `column`, unless it is empty.
    fn text(&mut self, row: &mut RowAt, record: &Record, column: usize) {
        if !record.filled(column) {
            return;
        }
        // A U+FFFD may stand for an unpaired surrogate that JavaScript's text still has.
        let as_is = record
            .input_span(column)
            .filter(|cell| row.ascii || !holds_replacement(&row.text.as_bytes()[cell.clone()]));
        let Some(cell) = as_is else {
            let cell = record.get(column);
            let len = utf16_len(cell);
            self.copied.push_str(cell);
            self.words.extend([COPIED_TEXT, word(column), word(self.copied_len), word(len)]);
            self.copied_len += len;
            return;
        };
        // Bytes bound UTF-16 units.
        if column < SHORT_COLUMNS && cell.len() < SHORT_LEN && self.shared.wants(column) {
            let text = row.text;
            let (id, (start, len)) = self.shared.find(text, column, cell.clone(), || row.place(cell));
            match id {
                Some(id) => {
                    // Pushes: `extend` of an array stays a call in the module's build.
                    self.words.push(word(len << 16 | column << 4) | SHARED);
                    self.words.push(word(start));
                    self.words.push(id);
                }
                // No room for another text.
                None => {
                    self.words.push(word(len << 16 | column << 4) | TEXT);
                    self.words.push(word(start));
                }
            }
            return;
        }
        let (start, len) = row.place(cell);
        if column < SHORT_COLUMNS && len < SHORT_LEN {
            self.words.push(word(len << 16 | column << 4) | TEXT);
            self.words.push(word(start));
        } else {
            self.words.extend([LONG_TEXT, word(column), word(start), word(len)]);
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use serde_json::{Map, Value};

    use super::*;

    #[test]
    fn utf16_lengths_and_replacement_characters_by_bytes() {
        for text in ["", "ascii", "José", "Ωμέγα", "李雷", "😀a😀", "\u{FFFD}", "a\u{7FF}\u{800}\u{FFFF}\u{10000}"]
        {
            assert_eq!(utf16_len(text), text.encode_utf16().count(), "{text}");
            assert_eq!(holds_replacement(text.as_bytes()), text.contains('\u{FFFD}'), "{text}");
        }
        assert!(!holds_replacement("\u{FFFC}\u{EFFF}".as_bytes()));
    }

    /// Counted 8 bytes at a time, the length agrees with JavaScript's wherever the words split
    /// characters.
    #[test]
    fn utf16_lengths_of_mixed_text() {
        let alphabet = ["a", "é", "\u{7FF}", "\u{800}", "李", "\u{FFFF}", "😀", "\u{10FFFF}", ",", "\u{FFFD}"];
        let mut rng = crate::test_rng::Rng(16);
        for _ in 0..5_000 {
            let len = (rng.next() % 40) as usize;
            let text: String = (0..len).map(|_| alphabet[(rng.next() % alphabet.len() as u64) as usize]).collect();
            assert_eq!(utf16_len(&text), text.encode_utf16().count(), "{text}");
        }
    }
    use crate::csv::columns::{FIELD_NAMES, WALLET_KEYS};

    /// `buildUsers` (src/wasm/host.js) stores each key a field or wallet column writes with the key written out,
    /// in the case `SLOTS` gives it (a key it misses still works, only slower).
    #[test]
    fn build_users_writes_out_every_field_key() {
        let js = include_str!("../wasm/host.js");
        let slots = js.split_once("const SLOTS = [").and_then(|(_, rest)| rest.split_once("];")).unwrap().0;
        let slots: Vec<&str> = slots.split('\'').skip(1).step_by(2).collect();
        let wallet_columns = ["walletAddress", "walletChain", "walletName", "walletProvider"];
        let keys = FIELD_NAMES.iter().filter(|name| !wallet_columns.contains(name)).chain(&WALLET_KEYS);
        assert_eq!(slots.len(), keys.clone().count());
        for key in keys {
            let slot = slots.iter().position(|slot| slot == key).unwrap_or_else(|| panic!("{key} is not in SLOTS")) + 1;
            assert!(js.contains(&format!("case {slot}: object.{key} = value; break;")), "{key}");
        }
    }

    /// What `buildUsers` builds of the row starting at word `start`, in Rust, and how many of
    /// its text ops took a long form. `text` is the CSV text as JavaScript has it, and `copied`
    /// the tape's, both in UTF-16.
    pub fn row_json(tape: &UsersTape, text: &[u16], copied: &[u16], start: u32) -> (Value, usize) {
        let key = |column: u32| tape.keys[column as usize].clone().expect("a column with a key");
        let mut words = tape.words[start as usize..].iter().copied();
        let mut next = || words.next().unwrap();
        let mut user = Map::new();
        let mut inner: Option<(&str, Map<String, Value>)> = None;
        let mut long_ops = 0;
        let mut shared_texts = std::collections::HashMap::new();
        let slice = |units: &[u16], start: u32, len: u32| {
            Value::String(String::from_utf16(&units[start as usize..(start + len) as usize]).unwrap())
        };
        loop {
            let w = next();
            let (column, value) = match w & 15 {
                TEXT => (w >> 4 & 0xfff, slice(text, next(), w >> 16)),
                SHARED => {
                    let value = slice(text, next(), w >> 16);
                    let id = next() as usize;
                    // Every cell of an id holds the text of its first.
                    let first = shared_texts.entry(id).or_insert_with(|| value.clone());
                    assert_eq!(*first, value, "id {id}");
                    (w >> 4 & 0xfff, value)
                }
                LONG_TEXT | COPIED_TEXT => {
                    long_ops += 1;
                    let (column, start, len) = (next(), next(), next());
                    (column, slice(if w == LONG_TEXT { text } else { copied }, start, len))
                }
                TRUE | FALSE => (w >> 4, Value::Bool(w & 15 == TRUE)),
                METADATA | WALLET => {
                    inner = Some((if w == METADATA { "metadata" } else { "wallets" }, Map::new()));
                    continue;
                }
                CLOSE => {
                    let (name, map) = inner.take().unwrap();
                    let value = if name == "wallets" { Value::Array(vec![map.into()]) } else { map.into() };
                    user.insert(name.into(), value);
                    continue;
                }
                _ => return (user.into(), long_ops),
            };
            match &mut inner {
                Some((_, map)) => map.insert(key(column), value),
                None => user.insert(key(column), value),
            };
        }
    }
}
