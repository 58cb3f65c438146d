//! Reading a text file as Excel or a Windows editor saves it: UTF-8 with or without BOM, UTF-16
//! with BOM, and GBK/GB18030 (detected when the bytes are not UTF-8). Specs and data files are
//! read here, so that a file that cannot be read (E003) or decoded (E201) is reported one way.

use std::path::Path;

use crate::codes;
use crate::diag::Diag;
use crate::source::Source;

/// Read a spec (or any text file) as a [`Source`] named by its path.
pub fn read_source(path: &Path) -> Result<Source, Diag> {
    let (text, _) = read_text(path)?;
    Ok(Source::new(path.display().to_string(), text))
}

/// Read a text file as Excel or a Windows editor saves it: its text and encoding. E003 names the
/// path and the reason when it cannot be read; E201 names the file and the place where it stops
/// being text.
pub fn read_text(path: &Path) -> Result<(String, &'static str), Diag> {
    let bytes = std::fs::read(path).map_err(|e| {
        Diag::error(
            codes::E003,
            t!("data.e003", path = path.display(), reason = io_reason(&e)),
        )
        .help(t!("data.e003_help"))
    })?;
    // UTF-8 without a BOM (most files) becomes the text in place: a large file is not held
    // twice, as bytes and as their copy.
    if encoding_rs::Encoding::for_bom(&bytes).is_none() {
        return match String::from_utf8(bytes) {
            Ok(text) => Ok((text, "UTF-8")),
            Err(e) => decode(&path.display().to_string(), e.as_bytes()),
        };
    }
    decode(&path.display().to_string(), &bytes)
}

/// How a file stood when it was read: its length and when it was last modified. A file read
/// again for a diagnostic must stand the same, or offsets taken from the first reading would
/// point at the wrong place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stamp {
    len: u64,
    modified: Option<std::time::SystemTime>,
}

impl Stamp {
    /// The file's stamp now (None when it cannot be read).
    pub fn of(path: &Path) -> Option<Stamp> {
        let meta = std::fs::metadata(path).ok()?;
        Some(Stamp {
            len: meta.len(),
            modified: meta.modified().ok(),
        })
    }
}

/// An I/O error in the words of a message: lowercase, without the OS error number.
pub fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => t!("data.no_such_file").into_owned(),
        std::io::ErrorKind::PermissionDenied => t!("data.permission_denied").into_owned(),
        _ => {
            let text = e.to_string().to_lowercase();
            match text.find(" (os error") {
                Some(end) => text.get(..end).unwrap_or(&text).to_string(),
                None => text,
            }
        }
    }
}

/// Decode the bytes of the file `name` as Excel writes them: a BOM decides; otherwise UTF-8 if
/// valid, else GB18030. E201 says where the bytes stop being text.
pub fn decode(name: &str, bytes: &[u8]) -> Result<(String, &'static str), Diag> {
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let body = bytes.get(bom_len..).unwrap_or_default();
        let (text, had_errors) = enc.decode_without_bom_handling(body);
        if had_errors {
            let at = malformed_at(enc, body).saturating_add(bom_len);
            return Err(Diag::error(
                codes::E201,
                t!(
                    "data.e201_bom",
                    name = name,
                    encoding = enc.name(),
                    place = place(bytes, at, false)
                ),
            )
            .help(t!("data.e201_bom_help")));
        }
        return Ok((text.into_owned(), enc.name()));
    }
    let utf8_end = match std::str::from_utf8(bytes) {
        Ok(text) => return Ok((text.to_string(), "UTF-8")),
        Err(e) => e.valid_up_to(),
    };
    let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
    if had_errors {
        // Where the likelier of the two encodings gives up: the one that reads further.
        let at = utf8_end.max(malformed_at(encoding_rs::GB18030, bytes));
        return Err(Diag::error(
            codes::E201,
            t!("data.e201", name = name, place = place(bytes, at, true)),
        )
        .help(t!("data.e201_help")));
    }
    Ok((text.into_owned(), "GB18030"))
}

/// The offset of the first byte `enc` cannot decode (the end when it decodes them all).
fn malformed_at(enc: &'static encoding_rs::Encoding, bytes: &[u8]) -> usize {
    let mut decoder = enc.new_decoder_without_bom_handling();
    let capacity = decoder
        .max_utf8_buffer_length_without_replacement(bytes.len())
        .unwrap_or(bytes.len());
    let mut text = String::with_capacity(capacity);
    let (result, read) = decoder.decode_to_string_without_replacement(bytes, &mut text, true);
    match result {
        encoding_rs::DecoderResult::Malformed(bad, after) => read
            .saturating_sub(usize::from(after))
            .saturating_sub(usize::from(bad)),
        _ => read,
    }
}

/// Where in a file a byte stands, in words: `line 3, byte 57 (0xFF)`.
fn place(bytes: &[u8], at: usize, by_line: bool) -> String {
    let byte = bytes
        .get(at)
        .map(|b| t!("data.byte_value", hex = format!("{b:02X}")).into_owned())
        .unwrap_or_default();
    if !by_line {
        return t!("data.byte_unreadable", at = at, byte = byte).into_owned();
    }
    let before = bytes.get(..at).unwrap_or(bytes);
    let line = before
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        .saturating_add(1);
    t!(
        "data.line_byte_unreadable",
        line = line,
        at = at,
        byte = byte
    )
    .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_utf8_bom_and_gbk() {
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice("城市,总分\n杭州,1\n".as_bytes());
        let (t, e) = decode("t.csv", &bom).unwrap();
        assert_eq!(e, "UTF-8");
        assert!(t.starts_with("城市"));

        let (gbk, _, _) = encoding_rs::GBK.encode("城市,总分\n杭州,1\n");
        let (t, e) = decode("t.csv", &gbk).unwrap();
        assert_eq!(e, "GB18030");
        assert_eq!(t, "城市,总分\n杭州,1\n");
    }

    #[test]
    fn an_undecodable_file_says_where() {
        let mut bytes = "城市,总分\n杭州,1\n".as_bytes().to_vec();
        bytes.extend_from_slice(&[b'x', 0xFF, 0xFF, b'\n']);
        let d = decode("t.csv", &bytes).unwrap_err();
        assert_eq!(d.code, codes::E201);
        let at = "城市,总分\n杭州,1\nx".len();
        assert!(
            d.message.contains(&format!("line 3, byte {at} (0xFF)")),
            "{}",
            d.message
        );
        assert!(d.message.contains("`t.csv`"), "{}", d.message);
    }
}
