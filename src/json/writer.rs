//! JSON text written member by member: the package's answers (reports, issues, fixes) as text
//! for `JSON.parse`, without serde_json's serializer in the wasm.

use crate::scan;

/// JSON text written member by member; `key` arguments carry their comma, quotes and colon.
/// Calls, not inlined code: a report is written once, and its size is the wasm's.
pub struct Writer(pub String);

impl Writer {
    #[inline(never)]
    pub fn raw(&mut self, text: &str) {
        self.0.push_str(text);
    }

    /// `key` and the array of `len` objects whose members `item(i)` writes (braces written here).
    #[inline(never)]
    pub fn list(&mut self, key: &str, len: usize, item: &dyn Fn(&mut Writer, usize)) {
        self.raw(key);
        self.raw("[");
        for i in 0..len {
            self.raw(if i == 0 { "{" } else { ",{" });
            item(self, i);
            self.raw("}");
        }
        self.raw("]");
    }

    pub fn flag(&mut self, key: &str, value: bool) {
        self.raw(key);
        self.raw(if value { "true" } else { "false" });
    }

    /// `key` and a whole number in decimal.
    #[inline(never)]
    pub fn number(&mut self, key: &str, n: u64) {
        self.raw(key);
        self.raw(&crate::text::dec(n));
    }

    /// `key` and `value` as a JSON string, escaped as serde_json escapes.
    #[inline(never)]
    pub fn text(&mut self, key: &str, value: &str) {
        self.raw(key);
        push_string(&mut self.0, value);
    }
}

/// Appends `value` as a JSON string, escaped as serde_json escapes.
pub fn push_string(out: &mut String, value: &str) {
    out.reserve(value.len() + 2);
    out.push('"');
    let mut copied = 0;
    while let Some(offset) = scan::json_escape(&value.as_bytes()[copied..]) {
        let at = copied + offset;
        // Every byte it stops at is ASCII, so `at` is a character boundary.
        out.push_str(&value[copied..at]);
        let byte = value.as_bytes()[at];
        match byte {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            0x08 => out.push_str("\\b"),
            0x0C => out.push_str("\\f"),
            _ => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.push_str("\\u00");
                out.push(char::from(HEX[usize::from(byte >> 4)]));
                out.push(char::from(HEX[usize::from(byte & 0xF)]));
            }
        }
        copied = at + 1;
    }
    out.push_str(&value[copied..]);
    out.push('"');
}
