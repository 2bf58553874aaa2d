//! Keccak-f[1600] for EIP-55: one permutation of a one-block state, of which the checksum reads
//! the first three lanes (40 nibbles).
//!
//! Written for wasm, which has no and-not: the lane-complementing transform of the Keccak team's
//! reference code ("bebigokimisa") keeps six lanes complemented, so chi takes one NOT per plane
//! instead of five. The 25 lanes are locals (LLVM keeps the array in registers), one round per
//! loop iteration. Against the `keccak` crate's `f1600` (built as the package is): 0.3 KB smaller
//! wasm; per permutation about 10 % faster alone in a loop, and in `validateBulkUsers` on users
//! with three mixed-case ETH addresses each 4-6 % faster in Node, the same in Chromium.
//! Tried and dropped (the same users, 2026-12-05): two rounds per iteration (0.5 KB more, no
//! faster); only the first plane in the last round (+78 bytes gzip, Chromium 1 % faster, Node 7 %
//! slower); the first round peeled for the block's constant lanes (+241 bytes, 1-2 % faster);
//! theta's parities carried across rounds (slower).

/// The lanes kept complemented (x + 5 y): be, bi, go, ki, mi, sa.
const COMPLEMENTED: [usize; 6] = [1, 2, 8, 12, 17, 20];

const RC: [u64; 24] = [
    0x0000000000000001,
    0x0000000000008082,
    0x800000000000808a,
    0x8000000080008000,
    0x000000000000808b,
    0x0000000080000001,
    0x8000000080008081,
    0x8000000000008009,
    0x000000000000008a,
    0x0000000000000088,
    0x0000000080008009,
    0x000000008000000a,
    0x000000008000808b,
    0x800000000000008b,
    0x8000000000008089,
    0x8000000000008003,
    0x8000000000008002,
    0x8000000000000080,
    0x000000000000800a,
    0x800000008000000a,
    0x8000000080008081,
    0x8000000000008080,
    0x0000000080000001,
    0x8000000080008008,
];

/// Theta's column parities folded into D: `d[x] = c[x - 1] ^ rotl(c[x + 1], 1)`.
#[inline(always)]
fn theta(a: &[u64; 25]) -> [u64; 5] {
    let c = |x: usize| a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20];
    let (c0, c1, c2, c3, c4) = (c(0), c(1), c(2), c(3), c(4));
    [
        c4 ^ c1.rotate_left(1),
        c0 ^ c2.rotate_left(1),
        c1 ^ c3.rotate_left(1),
        c2 ^ c4.rotate_left(1),
        c3 ^ c0.rotate_left(1),
    ]
}

/// One round on the complemented representation.
#[inline(always)]
fn round(a: &[u64; 25], rc: u64) -> [u64; 25] {
    let d = theta(a);
    let bba = a[0] ^ d[0];
    let bbe = (a[6] ^ d[1]).rotate_left(44);
    let bbi = (a[12] ^ d[2]).rotate_left(43);
    let bbo = (a[18] ^ d[3]).rotate_left(21);
    let bbu = (a[24] ^ d[4]).rotate_left(14);
    let bga = (a[3] ^ d[3]).rotate_left(28);
    let bge = (a[9] ^ d[4]).rotate_left(20);
    let bgi = (a[10] ^ d[0]).rotate_left(3);
    let bgo = (a[16] ^ d[1]).rotate_left(45);
    let bgu = (a[22] ^ d[2]).rotate_left(61);
    let bka = (a[1] ^ d[1]).rotate_left(1);
    let bke = (a[7] ^ d[2]).rotate_left(6);
    let bki = (a[13] ^ d[3]).rotate_left(25);
    let bko = (a[19] ^ d[4]).rotate_left(8);
    let bku = (a[20] ^ d[0]).rotate_left(18);
    let bma = (a[4] ^ d[4]).rotate_left(27);
    let bme = (a[5] ^ d[0]).rotate_left(36);
    let bmi = (a[11] ^ d[1]).rotate_left(10);
    let bmo = (a[17] ^ d[2]).rotate_left(15);
    let bmu = (a[23] ^ d[3]).rotate_left(56);
    let bsa = (a[2] ^ d[2]).rotate_left(62);
    let bse = (a[8] ^ d[3]).rotate_left(55);
    let bsi = (a[14] ^ d[4]).rotate_left(39);
    let bso = (a[15] ^ d[0]).rotate_left(41);
    let bsu = (a[21] ^ d[1]).rotate_left(2);
    [
        bba ^ (bbe | bbi) ^ rc,
        bbe ^ (!bbi | bbo),
        bbi ^ (bbo & bbu),
        bbo ^ (bbu | bba),
        bbu ^ (bba & bbe),
        bga ^ (bge | bgi),
        bge ^ (bgi & bgo),
        bgi ^ (bgo | !bgu),
        bgo ^ (bgu | bga),
        bgu ^ (bga & bge),
        bka ^ (bke | bki),
        bke ^ (bki & bko),
        bki ^ (!bko & bku),
        !bko ^ (bku | bka),
        bku ^ (bka & bke),
        bma ^ (bme & bmi),
        bme ^ (bmi | bmo),
        bmi ^ (!bmo | bmu),
        !bmo ^ (bmu & bma),
        bmu ^ (bma | bme),
        bsa ^ (!bse & bsi),
        !bse ^ (bsi | bso),
        bsi ^ (bso & bsu),
        bso ^ (bsu | bsa),
        bsu ^ (bsa & bse),
    ]
}

/// Keccak-256 of a 40-byte message (five little-endian lanes): the first three lanes of the state
/// after the one permutation, the first 24 bytes of the hash. Forty bytes fit in one block of the
/// sponge (rate 136), so this pads and squeezes by hand; the block is built in locals, not in
/// memory. Inlined into its one caller or not (`#[inline(never)]`): the same speed in V8, and
/// 25 bytes smaller inlined.
#[inline]
pub fn keccak256_40(message: &[u64; 5]) -> [u64; 3] {
    let mut state = [0; 25];
    [state[0], state[1], state[2], state[3], state[4]] = *message;
    // Keccak padding (not SHA-3's): 0x01 after the message (byte 40), 0x80 in the block's last
    // byte (135, the top byte of lane 16).
    state[5] = 0x01;
    state[16] = 0x80 << 56;
    f1600_first3(state)
}

/// Keccak-f[1600] of `state`, returning lanes 0..3 of the result.
#[inline(always)]
fn f1600_first3(mut state: [u64; 25]) -> [u64; 3] {
    // By hand: a loop over the indices (never unrolled here) would keep the state in memory.
    let [s1, s2, s8, s12, s17, s20] = COMPLEMENTED;
    state[s1] = !state[s1];
    state[s2] = !state[s2];
    state[s8] = !state[s8];
    state[s12] = !state[s12];
    state[s17] = !state[s17];
    state[s20] = !state[s20];
    for &rc in &RC {
        state = round(&state, rc);
    }
    [state[0], !state[s1], !state[s2]]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// xorshift64*: reproducible inputs without a dependency.
    fn next(seed: &mut u64) -> u64 {
        *seed ^= *seed >> 12;
        *seed ^= *seed << 25;
        *seed ^= *seed >> 27;
        seed.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    #[test]
    fn agrees_with_the_keccak_crate_on_random_states() {
        let mut seed = 0x9e37_79b9_7f4a_7c15;
        for n in 0..20_000 {
            let mut state = [0u64; 25];
            // Full random states, and sparse ones shaped like the one-block states EIP-55 hashes.
            let lanes = if n % 2 == 0 { 25 } else { 5 };
            for lane in &mut state[..lanes] {
                *lane = next(&mut seed);
            }
            if n % 4 == 1 {
                state[5] = 0x01;
                state[16] = 0x80 << 56;
            }
            let mut expected = state;
            ::keccak::f1600(&mut expected);
            assert_eq!(f1600_first3(state), expected[..3], "{state:x?}");
        }
    }

    #[test]
    fn agrees_with_the_keccak_crate_on_special_states() {
        for fill in [0, u64::MAX, 0x8000_0000_0000_0001, 0x5555_5555_5555_5555] {
            let state = [fill; 25];
            let mut expected = state;
            ::keccak::f1600(&mut expected);
            assert_eq!(f1600_first3(state), expected[..3], "{fill:x}");
        }
    }
}
