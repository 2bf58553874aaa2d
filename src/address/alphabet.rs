//! Character tables shared by the codecs.

/// The reverse of an ASCII alphabet: a character's value, or 0xff outside the alphabet.
pub const fn reverse(alphabet: &[u8]) -> [u8; 128] {
    let mut rev = [0xff; 128];
    let mut i = 0;
    while i < alphabet.len() {
        rev[alphabet[i] as usize] = i as u8;
        i += 1;
    }
    rev
}
