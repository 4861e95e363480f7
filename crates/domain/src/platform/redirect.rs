//! Where styr sends a person after signing in or switching language: only
//! to a path on styr itself. Browsers drop tabs and line breaks from an
//! address and read a backslash as a slash, so "/\t/evil.example" and
//! "/\\evil.example" would leave the site; anything with them is refused.

/// `p` when it is a path on this site, else "/".
pub fn safe_local_path(p: &str) -> String {
    let local = p.starts_with('/')
        && !p.starts_with("//")
        && !p.chars().any(|c| c.is_control() || c.is_whitespace() || c == '\\')
        && !p.to_ascii_lowercase().contains("%5c");
    if local { p.to_string() } else { "/".to_string() }
}

/// Whether a link typed into styr (on an årshjul entry, say) is safe to
/// show: a path on styr, or an http(s) address. Never a script.
pub fn link_ok(s: &str) -> bool {
    if s.is_empty() {
        return true;
    }
    if s.chars().any(|c| c.is_control() || c == '\\') {
        return false;
    }
    safe_local_path(s) == s || ((s.starts_with("https://") || s.starts_with("http://")) && !s.contains(char::is_whitespace))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_paths_on_this_site() {
        for ok in ["/", "/meetings/12?x=1#a", "/programmes/2026", "/søg?q=æble"] {
            assert_eq!(safe_local_path(ok), ok);
        }
        for bad in [
            "//evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/\\evil.example",
            "/%5Cevil.example",
            "https://evil.example",
            "evil",
            "",
            " /x",
            "/\u{0}x",
        ] {
            assert_eq!(safe_local_path(bad), "/", "{bad:?}");
        }
    }

    #[test]
    fn links_go_to_pages_not_scripts() {
        for ok in ["", "/meetings/12", "https://www.kl.dk/", "http://intra/"] {
            assert!(link_ok(ok), "{ok}");
        }
        for bad in ["javascript:alert(1)", "//evil.example", "/\\evil.example", "data:text/html,x", "https://x y", "http://a\\@b"] {
            assert!(!link_ok(bad), "{bad}");
        }
    }
}
