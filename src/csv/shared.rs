//! Cells that repeat (a country, a job title, a plan): each distinct text once, so that
//! `parseUsersCsv`'s JavaScript side makes one string of it and every user shares it. Most of
//! building the objects was the garbage collector copying the strings that survive into the
//! result; sharing the repeated ones made building them 38 % faster on the bench's users.
//! Whether a column's cells repeat is judged as they are read: a column where fewer than half the
//! cells read so far repeat an earlier one (emails, usernames) is no longer looked up.

use crate::scan;

/// What is known of one distinct text: where it lies in the CSV text, in bytes and in UTF-16 units.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Entry {
    /// Its first 8 bytes (fewer, zero-padded, for a shorter text): all of most texts, so that
    /// telling two apart rarely goes further.
    head: u64,
    hash: u32,
    start: u32,
    len: u32,
    utf16: (u32, u32),
}

/// Room for at most this many distinct texts: ids stay dense enough for a plain array in JavaScript.
const MAX_ENTRIES: usize = 1 << 16;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct SharedCells {
    entries: Vec<Entry>,
    /// Open addressing: an entry's index + 1, or 0; a power of two long.
    slots: Vec<u32>,
    /// By column: lookups and how many found a text, while the column is looked up; `None` once
    /// it is not.
    columns: Vec<Option<(u32, u32)>>,
}

impl SharedCells {
    pub fn new(width: usize) -> SharedCells {
        SharedCells { entries: Vec::new(), slots: vec![0; 1024], columns: vec![Some((0, 0)); width] }
    }

    /// How many ids were given (for `parseUsersCsv`'s JavaScript side).
    #[cfg(any(target_arch = "wasm32", test))]
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether `column`'s cells are looked up.
    #[inline]
    pub fn wants(&self, column: usize) -> bool {
        matches!(self.columns.get(column), Some(Some(_)))
    }

    /// Stops looking up the columns where fewer than half the lookups found a repeat.
    pub fn judge(&mut self) {
        for column in &mut self.columns {
            if matches!(*column, Some((lookups, hits)) if hits * 2 < lookups) {
                *column = None;
            }
        }
    }

    /// The id of the text `cell` of `text`, read in `column`, and where it lies in UTF-16 units:
    /// that of its first occurrence, or `place()` for a text not seen before. No id for a new
    /// text once there are `MAX_ENTRIES`.
    pub fn find(
        &mut self,
        text: &str,
        column: usize,
        cell: std::ops::Range<usize>,
        place: impl FnOnce() -> (usize, usize),
    ) -> (Option<u32>, (usize, usize)) {
        let head = head(text.as_bytes(), cell.clone());
        let bytes = &text.as_bytes()[cell.clone()];
        let hash = hash(head, bytes);
        let mask = self.slots.len() - 1;
        let mut at = hash as usize & mask;
        let found = loop {
            match self.slots[at] {
                0 => break None,
                index => {
                    let entry = self.entries[index as usize - 1];
                    if entry.hash == hash
                        && entry.head == head
                        && entry.len as usize == bytes.len()
                        // wasm32's `memcmp` compares a byte at a time.
                        && (bytes.len() <= 8 || scan::same(&text.as_bytes()[entry.start as usize..][..bytes.len()], bytes))
                    {
                        break Some((index - 1, entry.utf16));
                    }
                }
            }
            at = (at + 1) & mask;
        };
        if let Some(Some((lookups, hits))) = self.columns.get_mut(column) {
            *lookups += 1;
            *hits += u32::from(found.is_some());
        }
        if let Some((id, (start, len))) = found {
            return (Some(id), (start as usize, len as usize));
        }
        let placed = place();
        if self.entries.len() >= MAX_ENTRIES {
            return (None, placed);
        }
        let id = self.entries.len() as u32;
        let utf16 = (placed.0 as u32, placed.1 as u32);
        self.entries.push(Entry { head, hash, start: cell.start as u32, len: cell.len() as u32, utf16 });
        self.slots[at] = id + 1;
        if self.entries.len() * 2 > self.slots.len() {
            self.grow();
        }
        (Some(id), placed)
    }

    fn grow(&mut self) {
        let mut slots = vec![0u32; self.slots.len() * 2];
        let mask = slots.len() - 1;
        for (index, entry) in self.entries.iter().enumerate() {
            let mut at = entry.hash as usize & mask;
            while slots[at] != 0 {
                at = (at + 1) & mask;
            }
            slots[at] = index as u32 + 1;
        }
        self.slots = slots;
    }
}

/// The first 8 bytes of `text[cell]`, as a little-endian word, zero-padded past the cell's end.
#[inline]
fn head(text: &[u8], cell: std::ops::Range<usize>) -> u64 {
    let len = cell.len().min(8);
    let mask = if len == 8 { u64::MAX } else { (1 << (8 * len)) - 1 };
    match text.get(cell.start..cell.start + 8) {
        // One load, mostly: the bytes after a short cell are the text's.
        Some(word) => u64::from_le_bytes(word.try_into().unwrap_or_default()) & mask,
        None => text[cell.start..cell.start + len].iter().rev().fold(0, |word, &b| word << 8 | u64::from(b)),
    }
}

/// FxHash's step over the text 8 bytes at a time, the first 8 being `head`.
#[inline]
fn hash(head: u64, bytes: &[u8]) -> u32 {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let mut h = (bytes.len() as u64 ^ head).wrapping_mul(K);
    if bytes.len() > 8 {
        let rest = &bytes[8..];
        let mut words = rest.chunks_exact(8);
        for word in words.by_ref() {
            h = (h.rotate_left(5) ^ u64::from_le_bytes(word.try_into().unwrap_or_default())).wrapping_mul(K);
        }
        let tail = words.remainder().len();
        if tail > 0 {
            // The last 8 bytes of the text (all of them its own: it is longer than 8), shifted
            // to the tail's.
            let last = u64::from_le_bytes(bytes[bytes.len() - 8..].try_into().unwrap_or_default());
            h = (h.rotate_left(5) ^ last >> (8 * (8 - tail))).wrapping_mul(K);
        }
    }
    (h >> 32) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Ids by text, whatever its length and wherever it lies (the last bytes of the text too),
    /// with each the place of its first occurrence.
    #[test]
    fn one_id_a_text() {
        let texts =
            ["", "a", "a\0", "abcdefgh", "abcdefghi", "abcdefghij", "abcdefghijklmnopq", "abcdefghijklmnopr", "é"];
        let mut text = String::new();
        let mut cells = Vec::new();
        for round in 0..3 {
            for (i, t) in texts.iter().enumerate().skip(round) {
                cells.push((text.len()..text.len() + t.len(), i));
                text.push_str(t);
            }
        }
        // A text at the very end.
        text.push('z');
        cells.push((text.len() - 1..text.len(), texts.len()));
        let mut shared = SharedCells::new(1);
        let mut first = std::collections::HashMap::new();
        let mut ids = std::collections::HashMap::new();
        for (at, (cell, which)) in cells.iter().enumerate() {
            let (id, placed) = shared.find(&text, 0, cell.clone(), || (at, cell.len()));
            let (id, placed_first) = (id.unwrap(), *first.entry(&text[cell.clone()]).or_insert((at, cell.len())));
            assert_eq!(placed, placed_first, "{:?}", &text[cell.clone()]);
            assert_eq!(*ids.entry(&text[cell.clone()]).or_insert(id), id, "{which}");
        }
        assert_eq!(shared.len(), ids.len());
        assert_eq!(ids.len(), texts.len() + 1);
    }

    /// Past 65 536 texts no new id is given; the texts that have one keep it.
    #[test]
    fn ids_run_out() {
        let text: String = (0..MAX_ENTRIES + 10).map(|i| format!("{i:08}")).collect();
        let mut shared = SharedCells::new(1);
        for i in 0..MAX_ENTRIES + 10 {
            let (id, _) = shared.find(&text, 0, i * 8..i * 8 + 8, || (0, 8));
            assert_eq!(id, (i < MAX_ENTRIES).then_some(i as u32));
        }
        assert_eq!(shared.find(&text, 0, 8..16, || (0, 8)).0, Some(1));
    }

    /// A column stops being looked up when fewer than half its cells repeat.
    #[test]
    fn columns_of_distinct_texts_are_not_looked_up() {
        let text = "aaaa";
        let mut shared = SharedCells::new(2);
        shared.find(text, 0, 0..1, || (0, 1));
        shared.find(text, 1, 0..1, || (0, 1));
        shared.find(text, 1, 1..2, || (0, 1));
        shared.find(text, 0, 0..2, || (0, 2));
        shared.find(text, 0, 0..3, || (0, 3));
        shared.judge();
        assert!(!shared.wants(0), "no repeat in 3");
        assert!(shared.wants(1), "1 in 2");
        assert!(!shared.wants(2), "no such column");
    }
}
