//! RFC 4180 records with the line each starts on.
//!
//! Hand-written rather than csv-core: csv-core does not say when a quote is left open at the end
//! of the input, and this adds less to the wasm build (measured in `mod.rs`).
//! Cells borrow from the input; only a cell with a doubled quote or text after its closing quote
//! is copied, into one buffer reused for every record.

use std::ops::Range;

use crate::scan;

/// Where a cell's text lives.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Cell {
    Input(usize, usize),
    Buffer(usize, usize),
}

/// Reads records one at a time; each [`Record`] borrows the reader until the next call.
pub(crate) struct Reader<'a> {
    text: &'a str,
    pos: usize,
    /// 1-based line of `pos`.
    line: u32,
    /// The byte between cells: `,` `;` tab or `|`.
    delimiter: u8,
    buffer: String,
    cells: Vec<Cell>,
}

/// Room for a record with some cells replaced ([`Record::patched`]), reused from row to row.
#[derive(Default)]
pub(crate) struct Patch {
    buffer: String,
    cells: Vec<Cell>,
}

/// One record of the text `'t`: its cells, the line it starts on and, when its last cell's quote
/// never closes, the line that quote opened on.
pub(crate) struct Record<'t, 'r> {
    pub line: u32,
    pub unterminated_quote: Option<u32>,
    /// Where the record lies in the text, line end excluded.
    pub span: Range<usize>,
    text: &'t str,
    buffer: &'r str,
    cells: &'r [Cell],
}

impl<'t> Record<'t, '_> {
    /// The cell's text when it is a slice of the input as it stands (no doubled quote in it).
    pub fn borrowed(&self, index: usize) -> Option<&'t str> {
        self.input_span(index).map(|span| &self.text[span])
    }

    /// Where the cell lies in the input, when it is a slice of it as it stands.
    pub fn input_span(&self, index: usize) -> Option<Range<usize>> {
        match self.cells.get(index) {
            Some(&Cell::Input(start, end)) => Some(start..end),
            _ => None,
        }
    }

    /// The whole input text.
    pub fn input(&self) -> &'t str {
        self.text
    }

    pub fn len(&self) -> usize {
        self.cells.len()
    }

    /// This record with the cells of `replaced` (column, text) holding that text instead.
    pub fn patched<'p>(&self, replaced: &[(usize, String)], patch: &'p mut Patch) -> Record<'t, 'p> {
        patch.buffer.clear();
        patch.buffer.push_str(self.buffer);
        patch.cells.clear();
        patch.cells.extend_from_slice(self.cells);
        for (column, text) in replaced {
            if let Some(cell) = patch.cells.get_mut(*column) {
                let start = patch.buffer.len();
                patch.buffer.push_str(text);
                *cell = blank_as_empty(Cell::Buffer(start, patch.buffer.len()), self.text, &patch.buffer);
            }
        }
        let (text, span) = (self.text, self.span.clone());
        Record {
            line: self.line,
            unterminated_quote: self.unterminated_quote,
            span,
            text,
            buffer: &patch.buffer,
            cells: &patch.cells,
        }
    }

    /// Cell `index`; "" for a missing cell, and for one of only spaces and tabs (made empty as it
    /// was read): exports pad with them and nobody means them as a value (a country of " ").
    #[inline]
    pub fn get(&self, index: usize) -> &str {
        match self.cells.get(index) {
            Some(&Cell::Input(start, end)) => &self.text[start..end],
            Some(&Cell::Buffer(start, end)) => &self.buffer[start..end],
            None => "",
        }
    }

    /// Whether cell `index` has something in it: `!self.get(index).is_empty()`.
    #[inline]
    pub fn filled(&self, index: usize) -> bool {
        matches!(self.cells.get(index), Some(&Cell::Input(start, end) | &Cell::Buffer(start, end)) if end > start)
    }
}

const ONES: u64 = 0x0101_0101_0101_0101;
const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;

/// The high bit of each zero byte of `x`, and no other bit (no borrow crosses bytes).
pub(super) fn zero_bytes(x: u64) -> u64 {
    !(((x & LOW7) + LOW7) | x | LOW7)
}

/// The 8 bytes at `at`, as a little-endian word; past the end, zero bytes (which are none of the
/// bytes looked for).
fn word_at(bytes: &[u8], at: usize) -> u64 {
    if let Some(word) = bytes.get(at..at + 8) {
        return u64::from_le_bytes(word.try_into().unwrap_or_default());
    }
    let mut word = [0u8; 8];
    let rest = bytes.get(at..).unwrap_or_default();
    word[..rest.len().min(8)].copy_from_slice(&rest[..rest.len().min(8)]);
    u64::from_le_bytes(word)
}

/// Where the cell at `bytes[start..end]` ends once a cell of only spaces and tabs is made empty.
/// Done once as each cell is read, so that [`Record::get`], which a row asks for each cell
/// several times, only slices. Inline: it runs for every cell, and the main module's inline
/// threshold (scripts/build-pkg.sh) would leave it a call.
#[inline]
fn unless_blank(bytes: &[u8], start: usize, end: usize) -> usize {
    let is_blank = |b: &u8| *b == b' ' || *b == b'\t';
    let cell = bytes.get(start..end).unwrap_or_default();
    // Most cells start with something else: one byte tells.
    if cell.first().is_some_and(is_blank) && cell.iter().all(is_blank) {
        start
    } else {
        end
    }
}

/// `cell` (of `text`, or of `buffer` when copied), empty when it holds only spaces and tabs.
fn blank_as_empty(cell: Cell, text: &str, buffer: &str) -> Cell {
    match cell {
        Cell::Input(start, end) => Cell::Input(start, unless_blank(text.as_bytes(), start, end)),
        Cell::Buffer(start, end) => Cell::Buffer(start, unless_blank(buffer.as_bytes(), start, end)),
    }
}

impl<'a> Reader<'a> {
    /// A reader of cells separated by `delimiter`.
    pub fn new(text: &'a str, delimiter: u8) -> Self {
        Reader { text, pos: 0, line: 1, delimiter, buffer: String::new(), cells: Vec::new() }
    }

    /// The next record, skipping blank lines; `None` at the end of the input.
    pub fn next_record(&mut self) -> Option<Record<'a, '_>> {
        self.read_record(true)
    }

    /// [`Self::next_record`], trying [`Self::plain_record`] first or not.
    fn read_record(&mut self, try_plain: bool) -> Option<Record<'a, '_>> {
        let bytes = self.text.as_bytes();
        // A record always starts at the start of a line, so a line end here is a blank line.
        while let Some(&(b'\r' | b'\n')) = bytes.get(self.pos) {
            self.skip_line_end();
        }
        if self.pos >= bytes.len() {
            return None;
        }
        self.buffer.clear();
        self.cells.clear();
        let line = self.line;
        let start = self.pos;
        let mut unterminated_quote = None;
        let plain = if try_plain { self.plain_record() } else { None };
        let end = plain.unwrap_or_else(|| loop {
            let cell = if bytes.get(self.pos) == Some(&b'"') {
                let opened = self.line;
                let (cell, closed) = self.quoted_cell();
                if !closed {
                    unterminated_quote = Some(opened);
                }
                cell
            } else {
                let start = self.pos;
                self.pos = self.unquoted_end(start);
                Cell::Input(start, self.pos)
            };
            self.cells.push(blank_as_empty(cell, self.text, &self.buffer));
            match bytes.get(self.pos) {
                Some(&b) if b == self.delimiter => self.pos += 1,
                Some(_) => {
                    let end = self.pos;
                    self.skip_line_end();
                    break end;
                }
                None => break self.pos,
            }
        });
        let (text, buffer, cells) = (self.text, &self.buffer, &self.cells);
        Some(Record { line, unterminated_quote, span: start..end, text, buffer, cells })
    }

    /// Reads a record with no quote before its line end, a word (8 bytes) at a time: the
    /// delimiters and line end of each word at once, where the cell-by-cell path scans for each
    /// cell's end on its own. `None`, having read nothing, when a quote comes first.
    fn plain_record(&mut self) -> Option<usize> {
        let bytes = self.text.as_bytes();
        let [delimiter, quote, cr, lf] = [self.delimiter, b'"', b'\r', b'\n'].map(|b| ONES * u64::from(b));
        let (mut at, mut cell) = (self.pos, self.pos);
        while at < bytes.len() {
            let word = word_at(bytes, at);
            let mut marks =
                zero_bytes(word ^ delimiter) | zero_bytes(word ^ quote) | zero_bytes(word ^ cr) | zero_bytes(word ^ lf);
            while marks != 0 {
                let i = at + marks.trailing_zeros() as usize / 8;
                marks &= marks - 1;
                let byte = bytes.get(i).copied();
                if byte == Some(b'"') {
                    self.cells.clear();
                    return None;
                }
                self.cells.push(Cell::Input(cell, unless_blank(bytes, cell, i)));
                cell = i + 1;
                if byte != Some(self.delimiter) {
                    self.pos = i;
                    self.skip_line_end();
                    return Some(i);
                }
            }
            at += 8;
        }
        self.cells.push(Cell::Input(cell, unless_blank(bytes, cell, bytes.len())));
        self.pos = bytes.len();
        Some(bytes.len())
    }

    /// Reads a cell starting at its opening quote, leaving `pos` on the byte after it (a comma, a
    /// line end or the end). Returns the cell and whether its quote was closed. As csv-core does,
    /// text between the closing quote and the next comma is kept, quotes and all.
    fn quoted_cell(&mut self) -> (Cell, bool) {
        let bytes = self.text.as_bytes();
        self.pos += 1;
        let mut start = self.pos;
        // Set once the cell is being copied to the buffer; the copy starts here.
        let mut copied_from = None;
        loop {
            match bytes.get(self.pos) {
                None => return (self.finish_cell(copied_from, start, self.pos), false),
                Some(b'"') if bytes.get(self.pos + 1) == Some(&b'"') => {
                    // A doubled quote: keep one, which needs the cell's text copied.
                    copied_from.get_or_insert(self.buffer.len());
                    self.buffer.push_str(&self.text[start..=self.pos]);
                    self.pos += 2;
                    start = self.pos;
                }
                Some(b'"') => break,
                Some(b'\n') => {
                    self.line = self.line.saturating_add(1);
                    self.pos += 1;
                }
                Some(b'\r') => {
                    if bytes.get(self.pos + 1) != Some(&b'\n') {
                        self.line = self.line.saturating_add(1);
                    }
                    self.pos += 1;
                }
                // Plain text: skip to the next byte that matters.
                Some(_) => {
                    self.pos =
                        scan::quote_or_line_end(&bytes[self.pos..]).map_or(bytes.len(), |offset| self.pos + offset)
                }
            }
        }
        let end = self.pos;
        self.pos += 1;
        let after = self.unquoted_end(self.pos);
        if after == self.pos {
            return (self.finish_cell(copied_from, start, end), true);
        }
        let from = *copied_from.get_or_insert(self.buffer.len());
        self.buffer.push_str(&self.text[start..end]);
        self.buffer.push_str(&self.text[self.pos..after]);
        self.pos = after;
        (Cell::Buffer(from, self.buffer.len()), true)
    }

    /// The cell whose uncopied text ends at `text[start..end]`.
    fn finish_cell(&mut self, copied_from: Option<usize>, start: usize, end: usize) -> Cell {
        match copied_from {
            None => Cell::Input(start, end),
            Some(from) => {
                self.buffer.push_str(&self.text[start..end]);
                Cell::Buffer(from, self.buffer.len())
            }
        }
    }

    /// Where unquoted text starting at `from` ends: at a delimiter, a line end or the end.
    fn unquoted_end(&self, from: usize) -> usize {
        let bytes = self.text.as_bytes();
        scan::cell_end(&bytes[from..], self.delimiter).map_or(bytes.len(), |offset| from + offset)
    }

    /// Steps over one line end at `pos`: CRLF, LF or a lone CR.
    #[inline]
    fn skip_line_end(&mut self) {
        let bytes = self.text.as_bytes();
        if bytes.get(self.pos) == Some(&b'\r') && bytes.get(self.pos + 1) == Some(&b'\n') {
            self.pos += 1;
        }
        self.pos += 1;
        self.line = self.line.saturating_add(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_rng::Rng;

    /// Reading a record a word at a time gives what reading it cell by cell does.
    #[test]
    fn plain_records_read_as_cell_by_cell() {
        let alphabet = ["a", "bc", "é", ",", ";", "\t", "|", "\"", "\r", "\n", "\r\n", " ", "\0", "0123456789"];
        let mut rng = Rng(21);
        for round in 0..20_000 {
            let len = (rng.next() % 40) as usize;
            let text: String = (0..len).map(|_| alphabet[(rng.next() % alphabet.len() as u64) as usize]).collect();
            let delimiter = [b',', b';', b'\t', b'|'][round % 4];
            let (mut fast, mut slow) = (Reader::new(&text, delimiter), Reader::new(&text, delimiter));
            loop {
                let summary = |record: Option<Record>| {
                    record.map(|r| {
                        let cells: Vec<String> = (0..r.len()).map(|i| r.get(i).to_owned()).collect();
                        let spans: Vec<_> = (0..r.len()).map(|i| r.input_span(i)).collect();
                        (r.line, r.span.clone(), r.unterminated_quote, cells, spans)
                    })
                };
                let (a, b) = (summary(fast.read_record(true)), summary(slow.read_record(false)));
                assert_eq!(a, b, "{text:?}");
                assert_eq!((fast.pos, fast.line), (slow.pos, slow.line), "{text:?}");
                if a.is_none() {
                    break;
                }
            }
        }
    }
}
