//! Small text rules shared by every context.

/// Trims and collapses inner runs of white space, so "  Center  for X " and
/// "Center for X" are the same name.
pub fn normalize_name(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A plausible e-mail address: one `@`, something on both sides, a dot in the
/// domain, no white space. Deliverability is not ours to judge.
pub fn is_plausible_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains('@')
        && !s.chars().any(char::is_whitespace)
}

/// E-mail addresses compare case-insensitively in practice; store one form.
pub fn normalize_email(s: &str) -> String {
    s.trim().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_collapsed() {
        assert_eq!(normalize_name("  Center  for\tBørn "), "Center for Børn");
    }

    #[test]
    fn emails() {
        assert!(is_plausible_email("anna.holm@ishoj.dk"));
        for bad in ["", "anna", "anna@", "@ishoj.dk", "anna@ishoj", "an na@ishoj.dk", "a@b@c.dk", "a@.dk"] {
            assert!(!is_plausible_email(bad), "{bad}");
        }
        assert_eq!(normalize_email(" Anna@Ishoj.DK "), "anna@ishoj.dk");
    }
}
