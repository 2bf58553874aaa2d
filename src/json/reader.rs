//! A JSON reader for serde seeds: it accepts and refuses exactly the texts serde_json's does (a
//! test and a fuzz target hold the two side by side) and hands visitors the same values, strings
//! without escapes borrowed from the text.
//!
//! Why not serde_json's own: validation walks every byte of bodies of tens of megabytes, and on
//! wasm32 serde_json looks for a string's end 4 bytes at a time (its word is `usize`) and keeps
//! track of where it is for error messages. This one looks 8 bytes at a time and keeps nothing:
//! a text it refuses is reported as "not valid JSON", without a position.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, Visitor};

use super::Json;
use crate::scan;

/// Why a text was refused. Only tests read it: callers report every refusal the same way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error(&'static str);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl std::error::Error for Error {}

impl Error {
    /// True when the text ended inside a value.
    pub fn is_end(&self) -> bool {
        *self == END
    }
}

impl de::Error for Error {
    // A visitor's own message would be formatted and dropped: callers never show it.
    fn custom<T: fmt::Display>(_: T) -> Self {
        Error("a visitor refused a value")
    }
}

const END: Error = Error("the text ends too early");
const EXPECTED_VALUE: Error = Error("expected a value");
const CONTROL: Error = Error("a control character in a string");
const ESCAPE: Error = Error("an invalid escape");
const SURROGATE: Error = Error("an unpaired surrogate escape");
const NUMBER: Error = Error("an invalid number");
const NESTING: Error = Error("nested more than 127 deep");
const OUT_OF_RANGE: Error = Error("a number out of range");

/// The name under which [`Json`](super::Json) asks for a newtype struct: this reader then hands
/// it a number as its text (`visit_borrowed_bytes`, which no JSON value is otherwise), so that
/// reading a tree parses no number. Any other deserializer reads the value as usual.
pub(super) const NUMBER_TEXT: &str = "$dynamic_users::json::NumberText";

/// The smallest magnitude that rounds to infinity as an `f64` (2^1024 − 2^970, halfway between
/// `f64::MAX` and 2^1024, where ties go to the even 2^1024): its 309 digits, no trailing zero.
const OVERFLOW: &[u8; 309] = b"\
17976931348623158079372897140530341507993413271003782693617377898044496829276475094664901797758720709633028641669\
28879109465555478519404026306574886715058206819089020007083836762738548458177115317644757302700698555713669596228\
42914819860834936475292719074168444365510704342711559699508093042880177904174497792";

/// True when a number's text (well formed) is finite as an `f64`: what `text.parse::<f64>()`
/// followed by `is_finite` decides, found from its digits and exponent alone. The parse would
/// bring 10 KB of tables into the wasm; a value of less magnitude than [`OVERFLOW`] is finite,
/// however small (`1e-400` reads as 0, as with serde_json).
#[cfg_attr(size_opt, optimize(size))]
fn in_range(text: &str) -> bool {
    let bytes = text.as_bytes();
    let bytes = bytes.strip_prefix(b"-").unwrap_or(bytes);
    let (mantissa, exponent) = match bytes.iter().position(|&b| b == b'e' || b == b'E') {
        Some(at) => (&bytes[..at], &bytes[at + 1..]),
        None => (bytes, &[][..]),
    };
    let (whole, fraction) = match mantissa.iter().position(|&b| b == b'.') {
        Some(at) => (&mantissa[..at], &mantissa[at + 1..]),
        None => (mantissa, &[][..]),
    };
    let (negative, exponent) = match exponent.split_first() {
        Some((b'-', rest)) => (true, rest),
        Some((b'+', rest)) => (false, rest),
        _ => (false, exponent),
    };
    // Saturated far beyond any length a text can have.
    let mut power: i64 = 0;
    for &d in exponent {
        power = (power * 10 + i64::from(d - b'0')).min(1 << 40);
    }
    if negative {
        power = -power;
    }
    let digits = || whole.iter().chain(fraction).copied();
    let Some(zeros) = digits().position(|d| d != b'0') else { return true };
    // The value lies in [10^(magnitude − 1), 10^magnitude); OVERFLOW has magnitude 309.
    let magnitude = whole.len() as i64 - zeros as i64 + power;
    if magnitude != 309 {
        return magnitude < 309;
    }
    let mut significant = digits().skip(zeros);
    for &limit in OVERFLOW {
        match significant.next() {
            // Fewer digits: OVERFLOW's last one is not 0, so the value is below it.
            None => return true,
            Some(d) if d != limit => return d < limit,
            Some(_) => {}
        }
    }
    false
}

/// A finite number's value to within a few units in the last place (its first 19 significant
/// digits, scaled by a power of ten), for visitors that take an `f64`: none in this crate reads
/// it (they only note that a number was there), and the correctly rounded parse would cost 10 KB
/// of wasm. [`super::Json`] keeps a number's text instead.
#[cfg_attr(size_opt, optimize(size))]
fn approximate(text: &str) -> f64 {
    let bytes = text.as_bytes();
    let (sign, bytes) = match bytes.strip_prefix(b"-") {
        Some(rest) => (-1.0, rest),
        None => (1.0, bytes),
    };
    let mut mantissa: u64 = 0;
    let mut taken = 0;
    let mut power: i64 = 0;
    let mut at = 0;
    let mut point = false;
    while let Some(&b) = bytes.get(at) {
        match b {
            b'.' => point = true,
            b'0'..=b'9' => {
                if taken < 19 {
                    mantissa = mantissa * 10 + u64::from(b - b'0');
                    taken += u32::from(mantissa != 0);
                    power -= i64::from(point);
                } else {
                    power += i64::from(!point);
                }
            }
            _ => break,
        }
        at += 1;
    }
    if let Some(exponent) = bytes.get(at + 1..) {
        let (negative, digits) = match exponent.split_first() {
            Some((b'-', rest)) => (true, rest),
            Some((b'+', rest)) => (false, rest),
            _ => (false, exponent),
        };
        let mut e: i64 = 0;
        for &d in digits {
            e = (e * 10 + i64::from(d - b'0')).min(1 << 40);
        }
        power += if negative { -e } else { e };
    }
    let power = power.clamp(-400, 400) as i32;
    // In two steps, so that neither factor leaves the range of an f64 before the value does.
    let value = mantissa as f64 * 10f64.powi(power / 2) * 10f64.powi(power - power / 2);
    sign * value.min(f64::MAX)
}

enum Number {
    Unsigned(u64),
    Signed(i64),
    Float(f64),
}

/// A whole number's text (`-?[0-9]+`, well formed) as `text.parse::<u64>()`, then
/// `text.parse::<i64>()`, would read it; `None` past both. By one loop: the two parses cost the
/// validate module 1 KB.
#[cfg_attr(size_opt, optimize(size))]
fn whole(text: &str) -> Option<Number> {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(digits) => (true, digits),
        None => (false, text),
    };
    let mut n: u64 = 0;
    for &digit in digits.as_bytes() {
        n = n.checked_mul(10)?.checked_add(u64::from(digit - b'0'))?;
    }
    match (negative, n) {
        (false, _) => Some(Number::Unsigned(n)),
        // -2^63 is the one magnitude `i64` holds only as a negative.
        (true, 0..=0x8000_0000_0000_0000) => Some(Number::Signed((n as i64).wrapping_neg())),
        (true, _) => None,
    }
}

/// Reads one JSON text. Strings without escapes are borrowed; the others are built in a buffer
/// the reader keeps for the next one.
pub struct Reader<'de> {
    text: &'de str,
    at: usize,
    /// How many more arrays and objects may open inside each other, as serde_json counts.
    depth: u8,
    scratch: String,
    /// The brackets a skipped value has open, innermost last: skipping never recurses.
    open: Vec<u8>,
    /// Skipped strings must pair their surrogate escapes too, as read ones must.
    strict_skip: bool,
}

impl<'de> Reader<'de> {
    pub fn new(text: &'de str) -> Reader<'de> {
        Reader { text, at: 0, depth: 128, scratch: String::new(), open: Vec::new(), strict_skip: false }
    }

    /// A reader for validation: it refuses an unpaired surrogate escape in skipped values too
    /// (free-form `metadata`, unknown fields), which the API cannot store. serde_json, and
    /// [`Reader::new`], let skipped strings hold one.
    pub fn for_validation(text: &'de str) -> Reader<'de> {
        Reader { strict_skip: true, ..Reader::new(text) }
    }

    /// Succeeds when only whitespace is left: call it after the value is read.
    pub fn end(&mut self) -> Result<(), Error> {
        match self.peek() {
            None => Ok(()),
            Some(_) => Err(Error("text after the value")),
        }
    }

    /// Reads the whole text as one `T`: only whitespace may follow it.
    pub fn read_whole<T: de::Deserialize<'de>>(&mut self) -> Result<T, Error> {
        let value = T::deserialize(&mut *self)?;
        self.end().map(|()| value)
    }

    /// Reads the whole text as a tree: only whitespace may follow it. The same reading as
    /// `read_whole::<Json>()`, written out rather than through serde's visitors, which cost the
    /// wasm 3 KB more for it.
    #[inline(always)]
    pub fn tree(&mut self) -> Result<Json<'de>, Error> {
        let value = self.tree_value()?;
        self.end().map(|()| value)
    }

    /// Compiled for size: only custom fields (once a call), `fixUsers` and broken text read a
    /// tree; validation streams.
    #[cfg_attr(size_opt, optimize(size))]
    fn tree_value(&mut self) -> Result<Json<'de>, Error> {
        Ok(match self.peek().ok_or(END)? {
            b'{' => {
                self.enter()?;
                let (mut entries, mut first) = (Vec::new(), true);
                while self.next_in(&mut first, b'}', "expected a comma or a closing brace")? {
                    if self.peek().ok_or(END)? != b'"' {
                        return Err(Error("a key must be a string"));
                    }
                    let key = self.tree_string()?;
                    self.expect(b':', Error("expected a colon"))?;
                    entries.push((key, self.tree_value()?));
                }
                self.leave(b'}')?;
                Json::Object(entries)
            }
            b'[' => {
                self.enter()?;
                let (mut items, mut first) = (Vec::new(), true);
                while self.next_in(&mut first, b']', "expected a comma or a closing bracket")? {
                    items.push(self.tree_value()?);
                }
                self.leave(b']')?;
                Json::Array(items)
            }
            b'"' => Json::String(self.tree_string()?),
            b't' => self.literal(b"true").map(|()| Json::Bool(true))?,
            b'f' => self.literal(b"false").map(|()| Json::Bool(false))?,
            b'n' => self.literal(b"null").map(|()| Json::Null)?,
            b'-' | b'0'..=b'9' => Json::Number(Cow::Borrowed(self.number_text()?)),
            _ => return Err(EXPECTED_VALUE),
        })
    }

    /// A string at its opening quote, for a tree: one copy of the inlined string reader.
    #[inline(never)]
    #[cfg_attr(size_opt, optimize(size))]
    pub(crate) fn tree_string(&mut self) -> Result<Cow<'de, str>, Error> {
        self.at += 1;
        Ok(self.string()?.map_or_else(|| Cow::Owned(self.scratch.clone()), Cow::Borrowed))
    }

    /// In an object: the next key, its colon consumed; `None` at the closing brace (not
    /// consumed). For readers that walk a text's tokens themselves (bulk answers).
    pub(crate) fn next_key(&mut self, first: &mut bool) -> Result<Option<Cow<'de, str>>, Error> {
        if !self.next_in(first, b'}', "expected a comma or a closing brace")? {
            return Ok(None);
        }
        if self.peek().ok_or(END)? != b'"' {
            return Err(Error("a key must be a string"));
        }
        let key = self.tree_string()?;
        self.expect(b':', Error("expected a colon"))?;
        Ok(Some(key))
    }

    /// In an array or object: true when another item follows (its comma consumed), false at
    /// `close` (not consumed).
    pub(crate) fn next_in(&mut self, first: &mut bool, close: u8, error: &'static str) -> Result<bool, Error> {
        let next = self.peek().ok_or(END)?;
        if next == close {
            return Ok(false);
        }
        if !std::mem::take(first) {
            if next != b',' {
                return Err(Error(error));
            }
            self.at += 1;
        }
        Ok(true)
    }

    /// Passes over the rest of a key (its opening quote consumed) if it is exactly `name`.
    #[inline(always)]
    fn take_key(&mut self, name: &str) -> bool {
        let (bytes, end) = (self.text.as_bytes(), self.at + name.len());
        let found = bytes.get(end) == Some(&b'"') && scan::same(&bytes[self.at..end], name.as_bytes());
        if found {
            self.at = end + 1;
        }
        found
    }

    /// True when only whitespace is left.
    pub fn at_end(&mut self) -> bool {
        self.peek().is_none()
    }

    /// The next byte that is not whitespace, not consumed.
    #[inline]
    pub(crate) fn peek(&mut self) -> Option<u8> {
        let bytes = self.text.as_bytes();
        while let Some(&b) = bytes.get(self.at) {
            if !matches!(b, b' ' | b'\n' | b'\t' | b'\r') {
                return Some(b);
            }
            self.at += 1;
        }
        None
    }

    /// Consumes `byte`, after any whitespace.
    #[inline]
    fn expect(&mut self, byte: u8, error: Error) -> Result<(), Error> {
        if self.peek() == Some(byte) {
            self.at += 1;
            Ok(())
        } else {
            Err(error)
        }
    }

    /// Reads the rest of a string whose opening quote is consumed. `Some` borrows it from the
    /// text; `None` means it had escapes and is in `scratch`. Inlined: it runs for every key and
    /// string value, and in wasm the call alone cost 3 % of `validateBulkUsers`.
    #[inline(always)]
    fn string(&mut self) -> Result<Option<&'de str>, Error> {
        let text = self.text;
        let start = self.at;
        let stop = start + scan::json_escape(&text.as_bytes()[start..]).ok_or(END)?;
        self.at = stop + 1;
        match text.as_bytes()[stop] {
            // Quotes and backslashes are ASCII, so both ends are character boundaries.
            b'"' => text.get(start..stop).map(Some).ok_or(CONTROL),
            b'\\' => {
                self.scratch.clear();
                self.scratch.push_str(text.get(start..stop).unwrap_or_default());
                self.escaped_string().map(|()| None)
            }
            _ => Err(CONTROL),
        }
    }

    /// Goes on with a string after its first backslash, decoding it into `scratch`.
    #[cold]
    fn escaped_string(&mut self) -> Result<(), Error> {
        let text = self.text;
        loop {
            let c = self.escape()?;
            self.scratch.push(c);
            let start = self.at;
            let stop = start + scan::json_escape(&text.as_bytes()[start..]).ok_or(END)?;
            self.scratch.push_str(text.get(start..stop).unwrap_or_default());
            self.at = stop + 1;
            match text.as_bytes()[stop] {
                b'"' => return Ok(()),
                b'\\' => {}
                _ => return Err(CONTROL),
            }
        }
    }

    /// Decodes the escape after a backslash. Surrogates must come in pairs, as serde_json wants
    /// for a string (not for one it skips).
    fn escape(&mut self) -> Result<char, Error> {
        let byte = *self.text.as_bytes().get(self.at).ok_or(END)?;
        self.at += 1;
        Ok(match byte {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let unit = self.hex4()?;
                let code = match unit {
                    0xD800..=0xDBFF => {
                        if self.text.as_bytes().get(self.at..self.at + 2) != Some(b"\\u") {
                            return Err(SURROGATE);
                        }
                        self.at += 2;
                        let low = self.hex4()?;
                        if !(0xDC00..=0xDFFF).contains(&low) {
                            return Err(SURROGATE);
                        }
                        0x1_0000 + ((u32::from(unit) - 0xD800) << 10 | (u32::from(low) - 0xDC00))
                    }
                    unit => u32::from(unit),
                };
                char::from_u32(code).ok_or(SURROGATE)?
            }
            _ => return Err(ESCAPE),
        })
    }

    /// Four hex digits.
    fn hex4(&mut self) -> Result<u16, Error> {
        let digits = self.text.as_bytes().get(self.at..self.at + 4).ok_or(END)?;
        let mut unit = 0u16;
        for &d in digits {
            let value = match d {
                b'0'..=b'9' => d - b'0',
                b'a'..=b'f' => d - b'a' + 10,
                b'A'..=b'F' => d - b'A' + 10,
                _ => return Err(ESCAPE),
            };
            unit = unit << 4 | u16::from(value);
        }
        self.at += 4;
        Ok(unit)
    }

    /// Passes over the rest of a string whose opening quote is consumed, checking its escapes'
    /// form only (serde_json lets a skipped string hold an unpaired surrogate), unless `strict`.
    fn skip_string(&mut self, strict: bool) -> Result<(), Error> {
        loop {
            let bytes = self.text.as_bytes();
            let stop = self.at + scan::json_escape(&bytes[self.at..]).ok_or(END)?;
            self.at = stop + 1;
            match bytes[stop] {
                b'"' => return Ok(()),
                b'\\' if strict => {
                    self.escape()?;
                }
                b'\\' => match *bytes.get(self.at).ok_or(END)? {
                    b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => self.at += 1,
                    b'u' => {
                        self.at += 1;
                        self.hex4()?;
                    }
                    _ => return Err(ESCAPE),
                },
                _ => return Err(CONTROL),
            }
        }
    }

    /// Passes over a number starting at `self.at` (a `-` or a digit); true when it has a
    /// fraction or an exponent.
    fn skip_number(&mut self) -> Result<bool, Error> {
        let bytes = self.text.as_bytes();
        let digits = |at: &mut usize| {
            let start = *at;
            while bytes.get(*at).is_some_and(u8::is_ascii_digit) {
                *at += 1;
            }
            *at > start
        };
        let mut at = self.at;
        if bytes.get(at) == Some(&b'-') {
            at += 1;
        }
        match bytes.get(at) {
            Some(b'0') => {
                at += 1;
                if bytes.get(at).is_some_and(u8::is_ascii_digit) {
                    return Err(NUMBER);
                }
            }
            Some(b'1'..=b'9') => {
                digits(&mut at);
            }
            _ => return Err(NUMBER),
        }
        let mut float = false;
        if bytes.get(at) == Some(&b'.') {
            at += 1;
            if !digits(&mut at) {
                return Err(NUMBER);
            }
            float = true;
        }
        if matches!(bytes.get(at), Some(b'e' | b'E')) {
            at += 1;
            if matches!(bytes.get(at), Some(b'+' | b'-')) {
                at += 1;
            }
            if !digits(&mut at) {
                return Err(NUMBER);
            }
            float = true;
        }
        self.at = at;
        Ok(float)
    }

    /// Reads a number for a visitor as serde_json would: whole numbers that fit as `u64` or `i64`
    /// as those; the rest, if in range, as an `f64` that is only close to the nearest (see
    /// [`approximate`]). Not generic over visitors, so the wasm holds it once.
    #[inline(never)]
    #[cfg_attr(size_opt, optimize(size))]
    fn number(&mut self) -> Result<Number, Error> {
        let start = self.at;
        let float = self.skip_number()?;
        let text = self.text.get(start..self.at).unwrap_or_default();
        if !float {
            if let Some(n) = whole(text) {
                return Ok(n);
            }
        }
        if !in_range(text) {
            return Err(OUT_OF_RANGE);
        }
        Ok(Number::Float(approximate(text)))
    }

    /// Reads a number as its text, refused exactly where [`Reader::number`] refuses it. Inlined
    /// into its one caller (the tree's reading), which is smaller.
    #[inline(always)]
    pub(crate) fn number_text(&mut self) -> Result<&'de str, Error> {
        let start = self.at;
        self.skip_number()?;
        let text = self.text.get(start..self.at).unwrap_or_default();
        if in_range(text) {
            Ok(text)
        } else {
            Err(OUT_OF_RANGE)
        }
    }

    /// Consumes `word` (`true`, `false`, `null`).
    fn literal(&mut self, word: &[u8]) -> Result<(), Error> {
        if self.text.as_bytes().get(self.at..self.at + word.len()) == Some(word) {
            self.at += word.len();
            Ok(())
        } else {
            Err(EXPECTED_VALUE)
        }
    }

    /// Where each item of the JSON array `text` lies in it (whitespace around it excluded), as
    /// serde_json's `Vec<&RawValue>` finds them; `None` if `text` is not one JSON array. Items
    /// are skipped, not read: no depth limit and no check of their surrogate escapes.
    #[cfg_attr(size_opt, optimize(size))]
    pub fn array_items(text: &'de str) -> Option<Vec<std::ops::Range<usize>>> {
        let mut reader = Reader::new(text);
        reader.expect(b'[', EXPECTED_VALUE).ok()?;
        let mut items = Vec::new();
        loop {
            match reader.peek()? {
                b']' if items.is_empty() => break,
                _ => {
                    let start = reader.at;
                    reader.skip_value().ok()?;
                    items.push(start..reader.at);
                }
            }
            match reader.peek()? {
                b',' => reader.at += 1,
                b']' => break,
                _ => return None,
            }
        }
        reader.at += 1;
        reader.end().ok()?;
        Some(items)
    }

    /// Passes over one value of any depth, checking that it is well formed.
    pub(crate) fn skip_value(&mut self) -> Result<(), Error> {
        let mut open = std::mem::take(&mut self.open);
        open.clear();
        let skipped = self.skip_with(&mut open);
        self.open = open;
        skipped
    }

    fn skip_with(&mut self, open: &mut Vec<u8>) -> Result<(), Error> {
        loop {
            // A value starts here.
            match self.peek().ok_or(END)? {
                b'{' => {
                    self.at += 1;
                    if self.peek() == Some(b'}') {
                        self.at += 1;
                    } else {
                        open.push(b'}');
                        self.skip_key()?;
                        continue;
                    }
                }
                b'[' => {
                    self.at += 1;
                    if self.peek() == Some(b']') {
                        self.at += 1;
                    } else {
                        open.push(b']');
                        continue;
                    }
                }
                b'"' => {
                    self.at += 1;
                    self.skip_string(self.strict_skip)?;
                }
                b't' => self.literal(b"true")?,
                b'f' => self.literal(b"false")?,
                b'n' => self.literal(b"null")?,
                b'-' | b'0'..=b'9' => {
                    self.skip_number()?;
                }
                _ => return Err(EXPECTED_VALUE),
            }
            // A value ended: close what ends with it, up to the next value or the end.
            loop {
                let Some(&close) = open.last() else { return Ok(()) };
                match self.peek().ok_or(END)? {
                    b',' => {
                        self.at += 1;
                        if close == b'}' {
                            self.skip_key()?;
                        }
                        break;
                    }
                    b if b == close => {
                        self.at += 1;
                        open.pop();
                    }
                    _ => return Err(Error("expected a comma or a closing bracket")),
                }
            }
        }
    }

    /// Passes over `"key":` inside a skipped object.
    fn skip_key(&mut self) -> Result<(), Error> {
        self.expect(b'"', Error("a key must be a string"))?;
        self.skip_string(self.strict_skip)?;
        self.expect(b':', Error("expected a colon"))
    }

    /// Opens an array or object for a visitor; serde_json's limit, so that no visitor recurses
    /// deep enough to overflow the stack.
    pub(crate) fn enter(&mut self) -> Result<(), Error> {
        if self.depth <= 1 {
            return Err(NESTING);
        }
        self.depth -= 1;
        self.at += 1;
        Ok(())
    }

    pub(crate) fn leave(&mut self, close: u8) -> Result<(), Error> {
        self.depth += 1;
        self.expect(close, Error("expected a comma or a closing bracket"))
    }
}

impl<'de> de::Deserializer<'de> for &mut Reader<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.value::<V, false>(visitor)
    }

    /// [`NUMBER_TEXT`] reads a value with numbers as their text; any other newtype struct reads
    /// as its value, as before.
    fn deserialize_newtype_struct<V: Visitor<'de>>(self, name: &'static str, visitor: V) -> Result<V::Value, Error> {
        if name == NUMBER_TEXT {
            self.value::<V, true>(visitor)
        } else {
            self.value::<V, false>(visitor)
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.skip_value()?;
        visitor.visit_unit()
    }

    /// As serde_json: `null` is none, any other value some.
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if self.peek() == Some(b'n') {
            self.literal(b"null")?;
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple
        tuple_struct map struct enum identifier
    }
}

impl<'de> Reader<'de> {
    /// One value for `visitor`; with `TEXT`, a number as its text in `visit_borrowed_bytes` (a
    /// constant, so that a tree's reading holds no call to `visit_f64` and no number parse).
    #[inline(always)]
    fn value<V: Visitor<'de>, const TEXT: bool>(&mut self, visitor: V) -> Result<V::Value, Error> {
        match self.peek().ok_or(END)? {
            b'{' => {
                self.enter()?;
                let value = visitor.visit_map(Entries { reader: &mut *self, first: true })?;
                self.leave(b'}')?;
                Ok(value)
            }
            b'[' => {
                self.enter()?;
                let value = visitor.visit_seq(Items { reader: &mut *self, first: true })?;
                self.leave(b']')?;
                Ok(value)
            }
            b'"' => {
                self.at += 1;
                match self.string()? {
                    Some(s) => visitor.visit_borrowed_str(s),
                    None => visitor.visit_str(&self.scratch),
                }
            }
            b't' => {
                self.literal(b"true")?;
                visitor.visit_bool(true)
            }
            b'f' => {
                self.literal(b"false")?;
                visitor.visit_bool(false)
            }
            b'n' => {
                self.literal(b"null")?;
                visitor.visit_unit()
            }
            b'-' | b'0'..=b'9' if TEXT => visitor.visit_borrowed_bytes(self.number_text()?.as_bytes()),
            b'-' | b'0'..=b'9' => match self.number()? {
                Number::Unsigned(n) => visitor.visit_u64(n),
                Number::Signed(n) => visitor.visit_i64(n),
                Number::Float(n) => visitor.visit_f64(n),
            },
            _ => Err(EXPECTED_VALUE),
        }
    }
}

/// The entries of an object being visited.
struct Entries<'r, 'de> {
    reader: &'r mut Reader<'de>,
    first: bool,
}

impl<'de> de::MapAccess<'de> for Entries<'_, 'de> {
    type Error = Error;

    #[inline(always)]
    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Error> {
        let reader = &mut *self.reader;
        let (bytes, at) = (reader.text.as_bytes(), reader.at);
        // Between entries, what JSON.stringify writes: `,"`, no whitespace to pass over.
        if !self.first && bytes.get(at) == Some(&b',') && bytes.get(at + 1) == Some(&b'"') {
            reader.at = at + 2;
        } else {
            let mut next = reader.peek().ok_or(END)?;
            if next == b'}' {
                return Ok(None);
            }
            if !std::mem::take(&mut self.first) {
                if next != b',' {
                    return Err(Error("expected a comma or a closing brace"));
                }
                reader.at += 1;
                next = reader.peek().ok_or(END)?;
            }
            if next != b'"' {
                return Err(Error("a key must be a string"));
            }
            reader.at += 1;
        }
        seed.deserialize(KeyReader(reader)).map(Some)
    }

    #[inline(always)]
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        self.reader.expect(b':', Error("expected a colon"))?;
        seed.deserialize(&mut *self.reader)
    }

    // serde's own, out of line in wasm: one call more for every key.
    #[inline(always)]
    fn next_key<K: de::Deserialize<'de>>(&mut self) -> Result<Option<K>, Error> {
        self.next_key_seed(std::marker::PhantomData)
    }
}

/// The items of an array being visited.
struct Items<'r, 'de> {
    reader: &'r mut Reader<'de>,
    first: bool,
}

impl<'de> de::SeqAccess<'de> for Items<'_, 'de> {
    type Error = Error;

    #[inline(always)]
    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, Error> {
        let reader = &mut *self.reader;
        let next = reader.peek().ok_or(END)?;
        if next == b']' {
            return Ok(None);
        }
        if !std::mem::take(&mut self.first) {
            if next != b',' {
                return Err(Error("expected a comma or a closing bracket"));
            }
            reader.at += 1;
        }
        seed.deserialize(&mut *reader).map(Some)
    }
}

/// An object key, its opening quote consumed: always read as a string, escapes checked in full.
/// A seed may ask for it as a newtype struct named after the key it expects (a `&'static str`):
/// this reader then visits that very `&'static str` when the key is it, so the caller can tell
/// by the pointer that its guess was right. Other deserializers read the key as usual.
struct KeyReader<'r, 'de>(&'r mut Reader<'de>);

impl<'de> de::Deserializer<'de> for KeyReader<'_, 'de> {
    type Error = Error;

    #[inline(always)]
    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0.string()? {
            Some(s) => visitor.visit_borrowed_str(s),
            None => visitor.visit_str(&self.0.scratch),
        }
    }

    /// A key guessed to be `name` (`KeySeed` in src/validate/reader.rs): when the text holds exactly `name"`, it is
    /// passed over and `name` itself visited (no scan for escapes); otherwise the key is read.
    #[inline(always)]
    fn deserialize_newtype_struct<V: Visitor<'de>>(self, name: &'static str, visitor: V) -> Result<V::Value, Error> {
        if self.0.take_key(name) {
            return visitor.visit_borrowed_str(name);
        }
        self.deserialize_any(visitor)
    }

    /// The key of an entry nobody reads (`metadata`'s, a skipped object's): found to end, or
    /// else passed over out of line with its escapes checked as a read key's are (serde_json
    /// reads such a key as a string); not the inlined string reader once more (0.3 KB of wasm).
    #[inline(always)]
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let reader = self.0;
        let bytes = reader.text.as_bytes();
        match scan::json_escape(&bytes[reader.at..]) {
            Some(end) if bytes[reader.at + end] == b'"' => reader.at += end + 1,
            _ => reader.skip_string(true)?,
        }
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct seq tuple
        tuple_struct map struct enum identifier
    }
}

#[cfg(test)]
mod tests {
    use serde::de::{Deserialize, IgnoredAny};

    use super::*;
    use crate::json::Json;
    use crate::test_rng::Rng;

    /// The tree by [`Reader::tree`], which must read exactly as serde's visitor over the reader.
    fn tree(text: &str) -> Result<Json<'_>, Error> {
        let direct = Reader::new(text).tree();
        let by_serde = Reader::new(text).read_whole::<Json>();
        match (&direct, &by_serde) {
            (Ok(a), Ok(b)) => assert!(a.same_as(b), "{text:?}"),
            (Err(a), Err(b)) => assert_eq!(a, b, "{text:?}"),
            _ => panic!("{text:?}: tree {direct:?}, read_whole {by_serde:?}"),
        }
        direct
    }

    fn skipped(text: &str) -> Result<(), Error> {
        Reader::new(text).read_whole::<IgnoredAny>().map(drop)
    }

    /// Reads `text` both ways, as a tree and skipped, and checks serde_json agrees on each.
    fn agrees(text: &str) {
        match (tree(text), serde_json::from_str::<Json>(text)) {
            (Ok(ours), Ok(theirs)) => assert!(ours.same_as(&theirs), "{text:?}: {ours:?} / {theirs:?}"),
            (Err(_), Err(_)) => {}
            (ours, theirs) => panic!("{text:?}: ours {ours:?}, serde_json {theirs:?}"),
        }
        let theirs = serde_json::from_str::<IgnoredAny>(text);
        assert_eq!(skipped(text).is_ok(), theirs.is_ok(), "skipping {text:?}: serde_json {theirs:?}");
        let base = text.as_ptr() as usize;
        let theirs = serde_json::from_str::<Vec<&serde_json::value::RawValue>>(text).ok().map(|items| {
            items
                .iter()
                .map(|raw| raw.get().as_ptr() as usize - base)
                .zip(&items)
                .map(|(at, raw)| at..at + raw.get().len())
                .collect()
        });
        assert_eq!(Reader::array_items(text), theirs, "array items of {text:?}");
    }

    /// Options as derived structs read them: `null` is none, anything else is read as the inner type.
    #[test]
    fn options_read_as_serde_json_reads_them() {
        #[derive(serde::Deserialize, Debug, PartialEq)]
        struct Inner {
            a: Option<u8>,
        }
        for text in ["null", r#"{"a":null}"#, r#"{"a":7}"#, r#"{"a":"x"}"#, "[null]", "[1]", "nul", "7"] {
            let mut reader = Reader::new(text);
            let ours = Option::<Inner>::deserialize(&mut reader).ok().filter(|_| reader.end().is_ok());
            assert_eq!(ours, serde_json::from_str::<Option<Inner>>(text).ok(), "{text}");
        }
    }

    #[test]
    fn reads_values_and_borrows_plain_strings() {
        let text =
            r#" { "a" : "plain", "b":"esc\"aped \u00e9\ud83d\ude00\n", "c":[1,-2,3.5,1e2,true,false,null,{}] } "#;
        let json = tree(text).unwrap();
        assert!(matches!(json.get("a"), Some(Json::String(std::borrow::Cow::Borrowed("plain")))));
        assert_eq!(json.get("b").and_then(Json::as_str), Some("esc\"aped é😀\n"));
        agrees(text);
    }

    #[test]
    fn refuses_what_serde_json_refuses() {
        for text in [
            "",
            " ",
            "{",
            "}",
            "[1,]",
            "[,1]",
            "{\"a\":1,}",
            "{\"a\" 1}",
            "{1:2}",
            "[1 2]",
            "01",
            "-",
            "1.",
            "1e",
            "1e+",
            ".5",
            "+1",
            "1e400",
            "-1e400",
            "nul",
            "truex",
            "\"abc",
            "\"a\u{1}b\"",
            "\"\\x\"",
            "\"\\u12\"",
            "\"\\ud800\"",
            "\"\\udc00\"",
            "\"\\ud800\\u0041\"",
            "\"\\ud800\\n\"",
            "[\"\\ud800\"]",
            "{\"\\ud800\":1}",
            "1 2",
            "[] []",
            "{\"a\":[}]",
            "[{]}",
            "\u{feff}1",
        ] {
            agrees(text);
        }
        // A skipped string may hold an unpaired surrogate, as with serde_json.
        assert!(skipped("[\"\\ud800\"]").is_ok() && tree("[\"\\ud800\"]").is_err());
    }

    #[test]
    fn whole_numbers_as_parse_reads_them() {
        for text in [
            "0",
            "-0",
            "7",
            "-7",
            "9223372036854775807",
            "9223372036854775808",
            "-9223372036854775807",
            "-9223372036854775808",
            "-9223372036854775809",
            "18446744073709551615",
            "18446744073709551616",
            "-18446744073709551616",
            "99999999999999999999999",
        ] {
            let parsed = match (text.parse::<u64>(), text.parse::<i64>()) {
                (Ok(n), _) => Some(format!("u{n}")),
                (_, Ok(n)) => Some(format!("i{n}")),
                _ => None,
            };
            let ours = whole(text).map(|n| match n {
                Number::Unsigned(n) => format!("u{n}"),
                Number::Signed(n) => format!("i{n}"),
                Number::Float(_) => unreachable!(),
            });
            assert_eq!(ours, parsed, "{text}");
        }
    }

    #[test]
    fn numbers_as_serde_json_reads_them() {
        for text in [
            "0",
            "-0",
            "7",
            "-7",
            "18446744073709551615",
            "18446744073709551616",
            "-9223372036854775808",
            "-9223372036854775809",
            "0.1",
            "1E5",
            "1e-5",
            "-2.5E+3",
            "123456789012345678901234567890",
            "1e308",
            "4.9e-324",
            "1e-400",
        ] {
            agrees(text);
        }
    }

    /// Every way of writing numbers around f64's edge (2^1024 − 2^970): the range check refuses
    /// exactly what the correctly rounded parse makes infinite, read as a tree or by a visitor.
    #[test]
    fn the_range_check_is_the_parse_s_at_the_edge() {
        let edge = std::str::from_utf8(OVERFLOW).unwrap();
        // Just below the edge, and just above it.
        let below = format!("{}199999", &edge[..308]);
        let above = format!("{edge}0000001");
        let mut cases = vec![];
        for digits in
            [edge, &below, &above, "17976931348623158", "17976931348623157", "17976931348623159", "1", "9", "99999"]
        {
            for (point, exponent) in
                [(1, 308), (0, 309), (3, 306), (digits.len(), 309 - digits.len() as i64), (1, 307), (1, 309)]
            {
                let point = point.min(digits.len());
                let (whole, fraction) = digits.split_at(point);
                let mantissa = match (whole, fraction) {
                    ("", f) => format!("0.{f}"),
                    (w, "") => w.to_owned(),
                    (w, f) => format!("{w}.{f}"),
                };
                cases.push(format!("{mantissa}e{exponent}"));
                cases.push(format!("-{mantissa}E{exponent:+}"));
                cases.push(format!("{mantissa}e{:07}", exponent));
                // The same value, spelled with leading zeros.
                cases.push(format!("0.0000{digits}e{}", exponent + point as i64 + 4));
            }
        }
        cases.extend(
            [
                "1e308",
                "1e309",
                "0e99999999999999999999",
                "0.0e-99999999999999999999",
                "1e-99999999999999999999",
                "1e99999999999999999999",
                "10e307",
                "100e307",
            ]
            .map(String::from),
        );
        cases.push(edge.to_owned());
        cases.push(below[..309].to_owned());
        cases.push(format!("{edge}0"));
        let (mut finite, mut infinite) = (0, 0);
        for text in &cases {
            let expected = text.parse::<f64>().unwrap_or_else(|_| panic!("{text}")).is_finite();
            assert_eq!(in_range(text), expected, "{text}");
            assert_eq!(tree(text).is_ok(), expected, "{text}");
            assert!(skipped(&format!("[{text}]")).is_ok(), "{text}");
            let value = Reader::new(text).read_whole::<f64>();
            assert_eq!(value.is_ok(), expected, "{text}");
            if let (Ok(ours), Ok(exact)) = (value, text.parse::<f64>()) {
                assert!((ours - exact).abs() <= 1e-12 * exact.abs(), "{text}: {ours} / {exact}");
            }
            agrees(text);
            if expected {
                finite += 1
            } else {
                infinite += 1
            }
        }
        assert!(finite > 20 && infinite > 20, "{finite} / {infinite}");
    }

    /// Visitors get a float close to its value (none here reads it).
    #[test]
    fn floats_for_visitors_are_close() {
        let mut rng = Rng(11);
        for _ in 0..20_000 {
            let whole = rng.next() % 1_000_000;
            let fraction = rng.next() % 100_000_000_000;
            let exponent = (rng.next() % 600) as i64 - 300;
            let text = format!("{whole}.{fraction:011}e{exponent}");
            let exact: f64 = text.parse().unwrap();
            let ours = Reader::new(&text).read_whole::<f64>().unwrap();
            assert!(ours == exact || (ours - exact).abs() <= 1e-12 * exact.abs(), "{text}: {ours} / {exact}");
        }
        assert_eq!(approximate("-0.5"), -0.5);
        assert_eq!(approximate("12345678901234567890123e-3"), 12345678901234567890.123);
    }

    #[test]
    fn nesting_limit_is_serde_json_s_and_skipping_has_none() {
        for depth in [126, 127, 128, 129] {
            agrees(&("[".repeat(depth) + &"]".repeat(depth)));
            agrees(&("{\"a\":".repeat(depth) + "1" + &"}".repeat(depth)));
        }
        let deep = "[".repeat(100_000) + &"]".repeat(100_000);
        assert!(skipped(&deep).is_ok() && tree(&deep).is_err());
        agrees(&deep);
    }

    const PIECES: &[&str] = &[
        "{",
        "}",
        "[",
        "]",
        ",",
        ":",
        " ",
        "\n",
        "\"a\"",
        "\"key\"",
        "\"\\\"\"",
        "\"\\u00e9\"",
        "\"\\ud83d\\ude00\"",
        "\"\\ud800\"",
        "\"\\udc00x\"",
        "\"é\"",
        "\"\u{1}\"",
        "\"\\q\"",
        "\"",
        "\\",
        "0",
        "-1",
        "12.5e-3",
        "01",
        "1.",
        "1e999",
        "true",
        "false",
        "null",
        "nul",
        "x",
    ];

    /// Random text close to JSON: a valid value with a few pieces put in, taken out or changed.
    fn near_json(rng: &mut Rng, out: &mut String, depth: u32) {
        let pick = |rng: &mut Rng, n: usize| (rng.next() % n as u64) as usize;
        match pick(rng, if depth > 4 { 4 } else { 7 }) {
            0 => out.push_str(["null", "true", "false"][pick(rng, 3)]),
            1 => out.push_str(["0", "-12", "3.25", "1e3", "18446744073709551616"][pick(rng, 5)]),
            2 | 3 => {
                out.push_str(["\"\"", "\"plain\"", "\"a\\nb\"", "\"\\u00e9\"", "\"\\ud83d\\ude00\""][pick(rng, 5)])
            }
            4 => {
                out.push('[');
                for i in 0..pick(rng, 4) {
                    if i > 0 {
                        out.push(',');
                    }
                    near_json(rng, out, depth + 1);
                }
                out.push(']');
            }
            _ => {
                out.push('{');
                for i in 0..pick(rng, 4) {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(["\"a\"", "\"email\"", "\"\\u0041\"", "\"\""][pick(rng, 4)]);
                    out.push(':');
                    near_json(rng, out, depth + 1);
                }
                out.push('}');
            }
        }
        if pick(rng, 12) == 0 {
            out.push_str(PIECES[pick(rng, PIECES.len())]);
        }
    }

    #[test]
    fn agrees_with_serde_json_on_random_texts() {
        let mut rng = Rng(5);
        let mut valid = 0;
        for round in 0..30_000 {
            let mut text = String::new();
            if round % 3 == 0 {
                for _ in 0..rng.next() % 12 {
                    text.push_str(PIECES[(rng.next() % PIECES.len() as u64) as usize]);
                }
            } else {
                near_json(&mut rng, &mut text, 0);
                if round % 3 == 2 && !text.is_empty() {
                    // Cut it short or drop a byte, at a character boundary.
                    let at = (rng.next() % text.len() as u64) as usize;
                    let at = (0..=at).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
                    if rng.next() % 2 == 0 {
                        text.truncate(at);
                    } else if let Some(c) = text[at..].chars().next() {
                        text.replace_range(at..at + c.len_utf8(), "");
                    }
                }
            }
            agrees(&text);
            valid += usize::from(tree(&text).is_ok());
            if round % 4 == 0 {
                agrees(&format!(" [ {text} , {text}]"));
            }
        }
        // Both kinds, in numbers: a generator drifting to all-valid or all-broken would test little.
        assert!((6_000..24_000).contains(&valid), "{valid} of 30 000 texts were valid");
    }
}
