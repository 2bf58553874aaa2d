//! `\p{L}` and `\p{N}` of the API's patterns: Unicode letters (general categories Lu Ll Lt Lm
//! Lo) and numbers (Nd Nl No), as ECMAScript reads them with the `u` flag. Not Rust's
//! `char::is_alphabetic`, which also takes combining marks (`e` + U+0301, Devanagari vowel signs)
//! that the API refuses.
//!
//! The ranges are regex-syntax's (Unicode 16), the tables the emulator's JSON Schema engine uses;
//! a test rebuilds them from regex-syntax and fails when they differ.

/// True when `c` is a Unicode letter or number (`[\p{L}\p{N}]`).
#[inline]
pub fn is_letter_or_number(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    non_ascii(c as u32)
}

/// The number of characters of `s` when each is a letter or number or, for ASCII, in `ascii`
/// (which decides ASCII letters and digits too); `None` at the first that is not. It decodes the
/// UTF-8 itself, a table load per ASCII byte and a bit per 2-byte character: the names and
/// usernames of every row go through it, and `chars()` was a call per character in wasm.
pub fn count_in_class(s: &str, ascii: &[bool; 128]) -> Option<usize> {
    let b = s.as_bytes();
    let (mut i, mut n) = (0, 0);
    while let Some(&lead) = b.get(i) {
        n += 1;
        let inside = if lead < 0x80 {
            i += 1;
            ascii[usize::from(lead)]
        } else {
            let (c, len) = decode(b, i)?;
            i += len;
            // A bit for each 2-byte character (Latin, Greek, Cyrillic, Hebrew, Arabic).
            if len == 2 {
                LOW[(c >> 5) as usize] >> (c & 31) & 1 != 0
            } else {
                non_ascii(c)
            }
        };
        if !inside {
            return None;
        }
    }
    Some(n)
}

/// The code point of the UTF-8 sequence that starts at `b[at]`, and its length in bytes. `b` is
/// UTF-8 (a `str`'s bytes): `None` only past its end.
#[inline]
pub fn decode(b: &[u8], at: usize) -> Option<(u32, usize)> {
    let next = |k: usize| b.get(at + k).map(|&c| u32::from(c & 0x3F));
    let lead = u32::from(*b.get(at)?);
    Some(if lead < 0x80 {
        (lead, 1)
    } else if lead < 0xE0 {
        ((lead & 0x1F) << 6 | next(1)?, 2)
    } else if lead < 0xF0 {
        ((lead & 0x0F) << 12 | next(1)? << 6 | next(2)?, 3)
    } else {
        ((lead & 0x07) << 18 | next(1)? << 12 | next(2)? << 6 | next(3)?, 4)
    })
}

/// [`is_letter_or_number`] of a code point past ASCII.
fn non_ascii(c: u32) -> bool {
    // Most non-ASCII names are Latin with accents, Greek, Cyrillic, Hebrew or Arabic (a bitmap),
    // or Chinese, Japanese kanji and Korean (one range each); the rest search the table.
    if c < 0x800 {
        return LOW[(c >> 5) as usize] >> (c & 31) & 1 != 0;
    }
    if (0x4E00..=0x9FFF).contains(&c) || (0xAC00..=0xD7A3).contains(&c) {
        return true;
    }
    let plane = (c >> 16) as usize;
    if plane >= PLANES {
        return false;
    }
    // The last range of `c`'s plane that starts at or before it.
    let (first, end) = (PLANE_FIRST[plane], PLANE_FIRST[plane + 1]);
    let low = c as u16;
    let i = first + STARTS_LOW[first..end].partition_point(|&start| start <= low);
    i > first && low - STARTS_LOW[i - 1] <= LENGTHS[i - 1]
}

/// U+0000 to U+07FF as bits, from the table at compile time.
static LOW: [u32; 64] = {
    let mut bits = [0u32; 64];
    let mut i = 0;
    while i < 770 && STARTS[i] < 0x800 {
        let mut c = STARTS[i];
        while c <= STARTS[i] + LENGTHS[i] as u32 && c < 0x800 {
            bits[(c >> 5) as usize] |= 1 << (c & 31);
            c += 1;
        }
        i += 1;
    }
    bits
};

/// Planes that hold letters or numbers (0 to 3); no range crosses from one plane to the next.
const PLANES: usize = 4;

/// What the wasm carries: each start's low 16 bits (its plane comes from [`PLANE_FIRST`]), half
/// the bytes of the `u32` starts, computed from [`STARTS`] at compile time.
static STARTS_LOW: [u16; 770] = {
    let mut low = [0; 770];
    let mut i = 0;
    while i < 770 {
        low[i] = STARTS[i] as u16;
        i += 1;
    }
    low
};

/// The index of the first range of each plane, and the number of ranges at the end.
static PLANE_FIRST: [usize; PLANES + 1] = {
    let mut first = [770; PLANES + 1];
    let mut i = 770;
    while i > 0 {
        i -= 1;
        first[(STARTS[i] >> 16) as usize] = i;
    }
    // A plane without ranges starts where the next one does.
    let mut plane = PLANES;
    while plane > 0 {
        plane -= 1;
        if first[plane] == 770 || first[plane] > first[plane + 1] {
            first[plane] = first[plane + 1];
        }
    }
    first
};

/// Where each range of letters and numbers starts, ascending (read at compile time only).
const STARTS: [u32; 770] = [
    0x00030, 0x00041, 0x00061, 0x000AA, 0x000B2, 0x000B5, 0x000B9, 0x000BC, 0x000C0, 0x000D8, 0x000F8, 0x002C6,
    0x002E0, 0x002EC, 0x002EE, 0x00370, 0x00376, 0x0037A, 0x0037F, 0x00386, 0x00388, 0x0038C, 0x0038E, 0x003A3,
    0x003F7, 0x0048A, 0x00531, 0x00559, 0x00560, 0x005D0, 0x005EF, 0x00620, 0x00660, 0x0066E, 0x00671, 0x006D5,
    0x006E5, 0x006EE, 0x006FF, 0x00710, 0x00712, 0x0074D, 0x007B1, 0x007C0, 0x007F4, 0x007FA, 0x00800, 0x0081A,
    0x00824, 0x00828, 0x00840, 0x00860, 0x00870, 0x00889, 0x008A0, 0x00904, 0x0093D, 0x00950, 0x00958, 0x00966,
    0x00971, 0x00985, 0x0098F, 0x00993, 0x009AA, 0x009B2, 0x009B6, 0x009BD, 0x009CE, 0x009DC, 0x009DF, 0x009E6,
    0x009F4, 0x009FC, 0x00A05, 0x00A0F, 0x00A13, 0x00A2A, 0x00A32, 0x00A35, 0x00A38, 0x00A59, 0x00A5E, 0x00A66,
    0x00A72, 0x00A85, 0x00A8F, 0x00A93, 0x00AAA, 0x00AB2, 0x00AB5, 0x00ABD, 0x00AD0, 0x00AE0, 0x00AE6, 0x00AF9,
    0x00B05, 0x00B0F, 0x00B13, 0x00B2A, 0x00B32, 0x00B35, 0x00B3D, 0x00B5C, 0x00B5F, 0x00B66, 0x00B71, 0x00B83,
    0x00B85, 0x00B8E, 0x00B92, 0x00B99, 0x00B9C, 0x00B9E, 0x00BA3, 0x00BA8, 0x00BAE, 0x00BD0, 0x00BE6, 0x00C05,
    0x00C0E, 0x00C12, 0x00C2A, 0x00C3D, 0x00C58, 0x00C5D, 0x00C60, 0x00C66, 0x00C78, 0x00C80, 0x00C85, 0x00C8E,
    0x00C92, 0x00CAA, 0x00CB5, 0x00CBD, 0x00CDD, 0x00CE0, 0x00CE6, 0x00CF1, 0x00D04, 0x00D0E, 0x00D12, 0x00D3D,
    0x00D4E, 0x00D54, 0x00D58, 0x00D66, 0x00D7A, 0x00D85, 0x00D9A, 0x00DB3, 0x00DBD, 0x00DC0, 0x00DE6, 0x00E01,
    0x00E32, 0x00E40, 0x00E50, 0x00E81, 0x00E84, 0x00E86, 0x00E8C, 0x00EA5, 0x00EA7, 0x00EB2, 0x00EBD, 0x00EC0,
    0x00EC6, 0x00ED0, 0x00EDC, 0x00F00, 0x00F20, 0x00F40, 0x00F49, 0x00F88, 0x01000, 0x0103F, 0x01050, 0x0105A,
    0x01061, 0x01065, 0x0106E, 0x01075, 0x0108E, 0x01090, 0x010A0, 0x010C7, 0x010CD, 0x010D0, 0x010FC, 0x0124A,
    0x01250, 0x01258, 0x0125A, 0x01260, 0x0128A, 0x01290, 0x012B2, 0x012B8, 0x012C0, 0x012C2, 0x012C8, 0x012D8,
    0x01312, 0x01318, 0x01369, 0x01380, 0x013A0, 0x013F8, 0x01401, 0x0166F, 0x01681, 0x016A0, 0x016EE, 0x01700,
    0x0171F, 0x01740, 0x01760, 0x0176E, 0x01780, 0x017D7, 0x017DC, 0x017E0, 0x017F0, 0x01810, 0x01820, 0x01880,
    0x01887, 0x018AA, 0x018B0, 0x01900, 0x01946, 0x01970, 0x01980, 0x019B0, 0x019D0, 0x01A00, 0x01A20, 0x01A80,
    0x01A90, 0x01AA7, 0x01B05, 0x01B45, 0x01B50, 0x01B83, 0x01BAE, 0x01C00, 0x01C40, 0x01C4D, 0x01C80, 0x01C90,
    0x01CBD, 0x01CE9, 0x01CEE, 0x01CF5, 0x01CFA, 0x01D00, 0x01E00, 0x01F18, 0x01F20, 0x01F48, 0x01F50, 0x01F59,
    0x01F5B, 0x01F5D, 0x01F5F, 0x01F80, 0x01FB6, 0x01FBE, 0x01FC2, 0x01FC6, 0x01FD0, 0x01FD6, 0x01FE0, 0x01FF2,
    0x01FF6, 0x02070, 0x02074, 0x0207F, 0x02090, 0x02102, 0x02107, 0x0210A, 0x02115, 0x02119, 0x02124, 0x02126,
    0x02128, 0x0212A, 0x0212F, 0x0213C, 0x02145, 0x0214E, 0x02150, 0x02460, 0x024EA, 0x02776, 0x02C00, 0x02CEB,
    0x02CF2, 0x02CFD, 0x02D00, 0x02D27, 0x02D2D, 0x02D30, 0x02D6F, 0x02D80, 0x02DA0, 0x02DA8, 0x02DB0, 0x02DB8,
    0x02DC0, 0x02DC8, 0x02DD0, 0x02DD8, 0x02E2F, 0x03005, 0x03021, 0x03031, 0x03038, 0x03041, 0x0309D, 0x030A1,
    0x030FC, 0x03105, 0x03131, 0x03192, 0x031A0, 0x031F0, 0x03220, 0x03248, 0x03251, 0x03280, 0x032B1, 0x03400,
    0x04E00, 0x0A4D0, 0x0A500, 0x0A610, 0x0A640, 0x0A67F, 0x0A6A0, 0x0A717, 0x0A722, 0x0A78B, 0x0A7D0, 0x0A7D3,
    0x0A7D5, 0x0A7F2, 0x0A803, 0x0A807, 0x0A80C, 0x0A830, 0x0A840, 0x0A882, 0x0A8D0, 0x0A8F2, 0x0A8FB, 0x0A8FD,
    0x0A900, 0x0A930, 0x0A960, 0x0A984, 0x0A9CF, 0x0A9E0, 0x0A9E6, 0x0AA00, 0x0AA40, 0x0AA44, 0x0AA50, 0x0AA60,
    0x0AA7A, 0x0AA7E, 0x0AAB1, 0x0AAB5, 0x0AAB9, 0x0AAC0, 0x0AAC2, 0x0AADB, 0x0AAE0, 0x0AAF2, 0x0AB01, 0x0AB09,
    0x0AB11, 0x0AB20, 0x0AB28, 0x0AB30, 0x0AB5C, 0x0AB70, 0x0ABF0, 0x0AC00, 0x0D7B0, 0x0D7CB, 0x0F900, 0x0FA70,
    0x0FB00, 0x0FB13, 0x0FB1D, 0x0FB1F, 0x0FB2A, 0x0FB38, 0x0FB3E, 0x0FB40, 0x0FB43, 0x0FB46, 0x0FBD3, 0x0FD50,
    0x0FD92, 0x0FDF0, 0x0FE70, 0x0FE76, 0x0FF10, 0x0FF21, 0x0FF41, 0x0FF66, 0x0FFC2, 0x0FFCA, 0x0FFD2, 0x0FFDA,
    0x10000, 0x1000D, 0x10028, 0x1003C, 0x1003F, 0x10050, 0x10080, 0x10107, 0x10140, 0x1018A, 0x10280, 0x102A0,
    0x102E1, 0x10300, 0x1032D, 0x10350, 0x10380, 0x103A0, 0x103C8, 0x103D1, 0x10400, 0x104A0, 0x104B0, 0x104D8,
    0x10500, 0x10530, 0x10570, 0x1057C, 0x1058C, 0x10594, 0x10597, 0x105A3, 0x105B3, 0x105BB, 0x105C0, 0x10600,
    0x10740, 0x10760, 0x10780, 0x10787, 0x107B2, 0x10800, 0x10808, 0x1080A, 0x10837, 0x1083C, 0x1083F, 0x10858,
    0x10879, 0x108A7, 0x108E0, 0x108F4, 0x108FB, 0x10920, 0x10980, 0x109BC, 0x109D2, 0x10A10, 0x10A15, 0x10A19,
    0x10A40, 0x10A60, 0x10A80, 0x10AC0, 0x10AC9, 0x10AEB, 0x10B00, 0x10B40, 0x10B58, 0x10B78, 0x10BA9, 0x10C00,
    0x10C80, 0x10CC0, 0x10CFA, 0x10D30, 0x10D40, 0x10D6F, 0x10E60, 0x10E80, 0x10EB0, 0x10EC2, 0x10F00, 0x10F30,
    0x10F51, 0x10F70, 0x10FB0, 0x10FE0, 0x11003, 0x11052, 0x11071, 0x11075, 0x11083, 0x110D0, 0x110F0, 0x11103,
    0x11136, 0x11144, 0x11147, 0x11150, 0x11176, 0x11183, 0x111C1, 0x111D0, 0x111DC, 0x111E1, 0x11200, 0x11213,
    0x1123F, 0x11280, 0x11288, 0x1128A, 0x1128F, 0x1129F, 0x112B0, 0x112F0, 0x11305, 0x1130F, 0x11313, 0x1132A,
    0x11332, 0x11335, 0x1133D, 0x11350, 0x1135D, 0x11380, 0x1138B, 0x1138E, 0x11390, 0x113B7, 0x113D1, 0x113D3,
    0x11400, 0x11447, 0x11450, 0x1145F, 0x11480, 0x114C4, 0x114C7, 0x114D0, 0x11580, 0x115D8, 0x11600, 0x11644,
    0x11650, 0x11680, 0x116B8, 0x116C0, 0x116D0, 0x11700, 0x11730, 0x11740, 0x11800, 0x118A0, 0x118FF, 0x11909,
    0x1190C, 0x11915, 0x11918, 0x1193F, 0x11941, 0x11950, 0x119A0, 0x119AA, 0x119E1, 0x119E3, 0x11A00, 0x11A0B,
    0x11A3A, 0x11A50, 0x11A5C, 0x11A9D, 0x11AB0, 0x11BC0, 0x11BF0, 0x11C00, 0x11C0A, 0x11C40, 0x11C50, 0x11C72,
    0x11D00, 0x11D08, 0x11D0B, 0x11D46, 0x11D50, 0x11D60, 0x11D67, 0x11D6A, 0x11D98, 0x11DA0, 0x11EE0, 0x11F02,
    0x11F04, 0x11F12, 0x11F50, 0x11FB0, 0x11FC0, 0x12000, 0x12400, 0x12480, 0x12F90, 0x13000, 0x13441, 0x13460,
    0x14400, 0x16100, 0x16130, 0x16800, 0x16A40, 0x16A60, 0x16A70, 0x16AC0, 0x16AD0, 0x16B00, 0x16B40, 0x16B50,
    0x16B5B, 0x16B63, 0x16B7D, 0x16D40, 0x16D70, 0x16E40, 0x16F00, 0x16F50, 0x16F93, 0x16FE0, 0x16FE3, 0x17000,
    0x18800, 0x18CFF, 0x1AFF0, 0x1AFF5, 0x1AFFD, 0x1B000, 0x1B132, 0x1B150, 0x1B155, 0x1B164, 0x1B170, 0x1BC00,
    0x1BC70, 0x1BC80, 0x1BC90, 0x1CCF0, 0x1D2C0, 0x1D2E0, 0x1D360, 0x1D400, 0x1D456, 0x1D49E, 0x1D4A2, 0x1D4A5,
    0x1D4A9, 0x1D4AE, 0x1D4BB, 0x1D4BD, 0x1D4C5, 0x1D507, 0x1D50D, 0x1D516, 0x1D51E, 0x1D53B, 0x1D540, 0x1D546,
    0x1D54A, 0x1D552, 0x1D6A8, 0x1D6C2, 0x1D6DC, 0x1D6FC, 0x1D716, 0x1D736, 0x1D750, 0x1D770, 0x1D78A, 0x1D7AA,
    0x1D7C4, 0x1D7CE, 0x1DF00, 0x1DF25, 0x1E030, 0x1E100, 0x1E137, 0x1E140, 0x1E14E, 0x1E290, 0x1E2C0, 0x1E2F0,
    0x1E4D0, 0x1E4F0, 0x1E5D0, 0x1E5F0, 0x1E7E0, 0x1E7E8, 0x1E7ED, 0x1E7F0, 0x1E800, 0x1E8C7, 0x1E900, 0x1E94B,
    0x1E950, 0x1EC71, 0x1ECAD, 0x1ECB1, 0x1ED01, 0x1ED2F, 0x1EE00, 0x1EE05, 0x1EE21, 0x1EE24, 0x1EE27, 0x1EE29,
    0x1EE34, 0x1EE39, 0x1EE3B, 0x1EE42, 0x1EE47, 0x1EE49, 0x1EE4B, 0x1EE4D, 0x1EE51, 0x1EE54, 0x1EE57, 0x1EE59,
    0x1EE5B, 0x1EE5D, 0x1EE5F, 0x1EE61, 0x1EE64, 0x1EE67, 0x1EE6C, 0x1EE74, 0x1EE79, 0x1EE7E, 0x1EE80, 0x1EE8B,
    0x1EEA1, 0x1EEA5, 0x1EEAB, 0x1F100, 0x1FBF0, 0x20000, 0x2A700, 0x2B740, 0x2B820, 0x2CEB0, 0x2EBF0, 0x2F800,
    0x30000, 0x31350,
];

/// How far each range reaches past its start (its last code point minus its first).
static LENGTHS: [u16; 770] = [
    9, 25, 25, 0, 1, 0, 1, 2, 22, 30, 457, 11, 4, 0, 0, 4, 1, 3, 0, 0, 2, 0, 19, 82, 138, 165, 37, 0, 40, 26, 3, 42, 9,
    1, 98, 0, 1, 14, 0, 0, 29, 88, 0, 42, 1, 0, 21, 0, 0, 0, 24, 10, 23, 5, 41, 53, 0, 0, 9, 9, 15, 7, 1, 21, 6, 0, 3,
    0, 0, 1, 2, 11, 5, 0, 5, 1, 21, 6, 1, 1, 1, 3, 0, 9, 2, 8, 2, 21, 6, 1, 4, 0, 0, 1, 9, 0, 7, 1, 21, 6, 1, 4, 0, 1,
    2, 9, 6, 0, 5, 2, 3, 1, 0, 1, 1, 2, 11, 0, 12, 7, 2, 22, 15, 0, 2, 0, 1, 9, 6, 0, 7, 2, 22, 9, 4, 0, 1, 1, 9, 1, 8,
    2, 40, 0, 0, 2, 9, 18, 5, 17, 23, 8, 0, 6, 9, 47, 1, 6, 9, 1, 0, 4, 23, 0, 9, 1, 0, 4, 0, 9, 3, 0, 19, 7, 35, 4,
    42, 10, 5, 3, 0, 1, 2, 12, 0, 9, 37, 0, 0, 42, 332, 3, 6, 0, 3, 40, 3, 32, 3, 6, 0, 3, 14, 56, 3, 66, 19, 15, 85,
    5, 619, 16, 25, 74, 10, 17, 18, 17, 12, 2, 51, 0, 0, 9, 9, 9, 88, 4, 33, 0, 69, 30, 39, 4, 43, 25, 10, 22, 52, 9,
    9, 0, 46, 7, 9, 29, 55, 35, 9, 48, 10, 42, 2, 3, 5, 1, 0, 191, 277, 5, 37, 5, 7, 0, 0, 0, 30, 52, 6, 0, 2, 6, 3, 5,
    12, 2, 6, 1, 5, 10, 12, 0, 0, 9, 0, 4, 0, 0, 0, 3, 10, 3, 4, 0, 57, 59, 21, 29, 228, 3, 1, 0, 37, 0, 0, 55, 0, 22,
    6, 6, 6, 6, 6, 6, 6, 6, 0, 2, 8, 4, 4, 85, 2, 89, 3, 42, 93, 3, 31, 15, 9, 7, 14, 9, 14, 6591, 22156, 45, 268, 27,
    46, 30, 79, 8, 102, 66, 1, 0, 7, 15, 2, 3, 22, 5, 51, 49, 9, 5, 0, 1, 37, 22, 28, 46, 10, 4, 24, 40, 2, 7, 9, 22,
    0, 49, 0, 1, 4, 0, 0, 2, 10, 2, 5, 5, 5, 6, 6, 42, 13, 114, 9, 11171, 22, 48, 365, 105, 6, 4, 0, 9, 12, 4, 0, 1, 1,
    107, 362, 63, 53, 11, 4, 134, 9, 25, 25, 88, 5, 5, 5, 2, 11, 25, 18, 1, 14, 13, 122, 44, 56, 1, 28, 48, 26, 35, 29,
    37, 29, 35, 7, 4, 157, 9, 35, 35, 39, 51, 10, 14, 6, 1, 10, 14, 6, 1, 51, 310, 21, 7, 5, 41, 8, 5, 0, 43, 1, 0, 22,
    30, 37, 8, 18, 1, 32, 25, 55, 19, 46, 3, 2, 28, 8, 30, 31, 7, 27, 4, 53, 21, 26, 25, 6, 72, 50, 50, 41, 9, 37, 22,
    30, 41, 1, 2, 39, 21, 3, 17, 27, 22, 52, 29, 1, 0, 44, 24, 9, 35, 9, 0, 0, 34, 0, 47, 3, 10, 0, 19, 17, 24, 1, 6,
    0, 3, 14, 9, 46, 9, 7, 1, 21, 6, 1, 4, 0, 0, 4, 9, 0, 0, 37, 0, 0, 0, 52, 3, 9, 2, 47, 1, 0, 9, 46, 3, 47, 0, 9,
    42, 0, 9, 19, 26, 11, 6, 43, 82, 7, 0, 7, 1, 23, 0, 0, 9, 7, 38, 0, 0, 0, 39, 0, 0, 45, 0, 72, 32, 9, 8, 36, 0, 28,
    29, 6, 1, 37, 0, 9, 5, 1, 31, 0, 9, 18, 0, 12, 33, 9, 0, 20, 921, 110, 195, 96, 1071, 5, 3994, 582, 29, 9, 568, 30,
    9, 78, 9, 29, 47, 3, 9, 6, 20, 18, 44, 9, 86, 74, 0, 12, 1, 0, 6135, 1237, 9, 3, 6, 1, 290, 0, 2, 0, 3, 395, 106,
    12, 8, 9, 9, 19, 19, 24, 84, 70, 1, 0, 1, 3, 11, 0, 6, 64, 3, 7, 6, 27, 3, 4, 0, 6, 339, 24, 24, 30, 24, 30, 24,
    30, 24, 30, 24, 7, 49, 30, 5, 61, 44, 6, 9, 0, 29, 43, 9, 27, 9, 29, 10, 6, 3, 1, 14, 196, 8, 67, 0, 9, 58, 2, 3,
    44, 14, 3, 26, 1, 0, 0, 9, 3, 0, 0, 0, 0, 0, 0, 2, 1, 0, 0, 0, 0, 0, 0, 1, 0, 3, 6, 3, 3, 0, 9, 16, 2, 4, 16, 12,
    9, 42719, 4153, 221, 5761, 7472, 621, 541, 4938, 4191,
];

#[cfg(test)]
mod tests {
    use super::*;
    use regex_syntax::hir::{Class, HirKind};

    #[test]
    fn the_ranges_are_regex_syntax_letters_and_numbers() {
        let hir = regex_syntax::Parser::new().parse(r"[\p{L}\p{N}]").unwrap();
        let HirKind::Class(Class::Unicode(class)) = hir.kind() else { panic!("not a class") };
        let expected: Vec<(u32, u32)> = class.iter().map(|r| (r.start() as u32, r.end() as u32)).collect();
        let ours: Vec<(u32, u32)> = STARTS.iter().zip(LENGTHS).map(|(&s, l)| (s, s + u32::from(l))).collect();
        assert_eq!(ours, expected, "regenerate STARTS and LENGTHS from regex-syntax's [\\p{{L}}\\p{{N}}]");
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let inside = expected.iter().any(|&(a, b)| (a..=b).contains(&(c as u32)));
            assert_eq!(is_letter_or_number(c), inside, "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn counting_decodes_every_character_as_chars_does() {
        // Each character alone, with ASCII judged by the table (here: only '_' besides letters
        // and digits), then mixed strings against `chars()`.
        let mut ascii = [false; 128];
        for b in 0..128u8 {
            ascii[usize::from(b)] = b.is_ascii_alphanumeric() || b == b'_';
        }
        let class = |c: char| if c.is_ascii() { ascii[c as usize] } else { is_letter_or_number(c) };
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let mut text = [0; 4];
            assert_eq!(count_in_class(c.encode_utf8(&mut text), &ascii), class(c).then_some(1), "U+{:04X}", c as u32);
        }
        let pool: Vec<char> = "a_ éЖ\u{301}李\u{93F}\u{3000}🚀𝐀\u{20000}\u{7FF}\u{800}".chars().collect();
        let mut rng = crate::test_rng::Rng(5);
        for _ in 0..50_000 {
            let len = (rng.next() % 8) as usize;
            let s: String = (0..len).map(|_| pool[(rng.next() % pool.len() as u64) as usize]).collect();
            let want = s.chars().all(class).then(|| s.chars().count());
            assert_eq!(count_in_class(&s, &ascii), want, "{s:?}");
        }
    }

    #[test]
    fn letters_and_numbers_of_many_scripts_but_no_marks() {
        for c in
            ['a', 'Z', '7', 'é', 'ß', 'Ж', 'λ', 'ا', 'א', 'क', 'ก', '李', '한', 'カ', '١', '६', '５', 'Ⅻ', '²', '½']
        {
            assert!(is_letter_or_number(c), "{c}");
        }
        // Combining acute, Devanagari vowel sign and virama, emoji, spaces, punctuation.
        for c in ['\u{301}', '\u{93F}', '\u{94D}', '🚀', ' ', '\u{A0}', '_', '-', '(', '\u{200B}', '\u{1F3FB}'] {
            assert!(!is_letter_or_number(c), "U+{:04X}", c as u32);
        }
    }
}
