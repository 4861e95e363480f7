//! Which files may be attached to an agenda item: PDF, Word and Excel,
//! judged by name and by content, within a size limit.

/// The content type of an acceptable attachment, or the message id saying why not.
pub fn check(file_name: &str, bytes: &[u8], max: usize) -> Result<&'static str, &'static str> {
    if bytes.len() > max {
        return Err("attachment-too-large");
    }
    if bytes.is_empty() {
        return Err("attachment-empty");
    }
    let ext = file_name.rsplit_once('.').map(|(_, e)| e.to_lowercase()).unwrap_or_default();
    let zip = bytes.starts_with(b"PK\x03\x04");
    let ole = bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]);
    let (ok, ty) = match ext.as_str() {
        "pdf" => (bytes.starts_with(b"%PDF-"), "application/pdf"),
        "docx" => (zip, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        "xlsx" => (zip, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        "doc" => (ole, "application/msword"),
        "xls" => (ole, "application/vnd.ms-excel"),
        _ => return Err("attachment-wrong-type"),
    };
    if ok { Ok(ty) } else { Err("attachment-not-what-it-says") }
}

#[cfg(test)]
mod tests {
    use super::check;

    #[test]
    fn kinds_by_name_and_content() {
        assert_eq!(check("Bilag 1.PDF", b"%PDF-1.7 ...", 100), Ok("application/pdf"));
        assert!(check("notat.docx", b"PK\x03\x04....", 100).is_ok());
        assert!(check("budget.xls", &[0xD0, 0xCF, 0x11, 0xE0, 1, 2], 100).is_ok());
        assert_eq!(check("virus.exe", b"MZ", 100), Err("attachment-wrong-type"));
        assert_eq!(check("falsk.pdf", b"MZ....", 100), Err("attachment-not-what-it-says"));
        assert_eq!(check("stor.pdf", b"%PDF-1.7 ...", 5), Err("attachment-too-large"));
        assert_eq!(check("tom.pdf", b"", 5), Err("attachment-empty"));
        assert_eq!(check("uden-endelse", b"%PDF-", 100), Err("attachment-wrong-type"));
    }
}
