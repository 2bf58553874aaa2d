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

/// For each value of the 5 bits a BCH checksum step (bech32, cashaddr) shifts out, the XOR of the
/// generators they select: one load per character instead of five tests of bits as good as random.
pub const fn generator_sums(generators: [u64; 5]) -> [u64; 32] {
    let mut sums = [0; 32];
    let mut top = 0;
    while top < 32 {
        let mut i = 0;
        while i < generators.len() {
            if (top >> i) & 1 == 1 {
                sums[top] ^= generators[i];
            }
            i += 1;
        }
        top += 1;
    }
    sums
}
