//! Reading an input file as text the way spreadsheets save it: at most
//! `MAX_FILE_BYTES`, a UTF-8 byte order mark dropped, and bytes that are not
//! UTF-8 read as Windows-1252 (what Excel writes for "CSV" on Windows).

use std::io::Read;
use std::path::Path;

use super::{ImportError, ImportProblem};
use crate::scenario::source::MAX_FILE_BYTES;

/// The text of a file and whether it had to be read as Windows-1252.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    pub text: String,
    pub windows_1252: bool,
}

/// Reads `path` (at most `MAX_FILE_BYTES`) as text.
pub fn read(path: &Path) -> Result<Text, ImportError> {
    let fail = |m: String| ImportError::single(ImportProblem::new(path, None, m));
    let file = std::fs::File::open(path).map_err(|e| fail(format!("cannot read file: {e}")))?;
    if let Ok(meta) = file.metadata() {
        if meta.is_dir() {
            return Err(fail("is a folder; give a file".to_string()));
        }
        if meta.is_file() && meta.len() > MAX_FILE_BYTES {
            return Err(fail(too_large()));
        }
    }
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| fail(format!("cannot read file: {e}")))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(fail(too_large()));
    }
    Ok(decode(&bytes))
}

fn too_large() -> String {
    format!(
        "is larger than {} MiB; rota reads input files of at most that size",
        MAX_FILE_BYTES / (1024 * 1024)
    )
}

/// UTF-8 (without a leading byte order mark), or else Windows-1252.
pub fn decode(bytes: &[u8]) -> Text {
    let body = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    match std::str::from_utf8(body) {
        Ok(text) => Text {
            text: text.to_string(),
            windows_1252: false,
        },
        Err(_) => Text {
            text: body.iter().map(|&b| windows_1252(b)).collect(),
            windows_1252: true,
        },
    }
}

/// One byte of Windows-1252: Latin-1 except 0x80-0x9F, where it has the
/// euro sign, curly quotes and dashes (the five unassigned bytes are kept as
/// their C1 control character, as the WHATWG decoder does).
fn windows_1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9f => HIGH[(b - 0x80) as usize],
        _ => b as char,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_a_bom_and_reads_windows_1252() {
        assert_eq!(decode(b"\xef\xbb\xbfid").text, "id");
        let t = decode(b"caf\xe9 \x80");
        assert!(t.windows_1252);
        assert_eq!(t.text, "café €");
    }
}
