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

/// Cuts a text to at most `max_chars` characters at a word, with "…" when
/// anything was cut; whitespace runs become one space.
pub fn clip(s: &str, max_chars: usize) -> String {
    let words: Vec<&str> = s.split_whitespace().collect();
    let whole = words.join(" ");
    if whole.chars().count() <= max_chars {
        return whole;
    }
    let mut out = String::new();
    for w in words {
        let next = if out.is_empty() { w.chars().count() } else { out.chars().count() + 1 + w.chars().count() };
        if next + 1 > max_chars {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    if out.is_empty() {
        // One word longer than the room: cut inside it.
        out = whole.chars().take(max_chars.saturating_sub(1)).collect();
    }
    out.push('…');
    out
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

    #[test]
    fn clipping_stops_at_a_word() {
        assert_eq!(clip("Indstillingen  blev\ngodkendt.", 40), "Indstillingen blev godkendt.");
        assert_eq!(clip("Indstillingen blev godkendt.", 20), "Indstillingen blev…");
        assert!(clip("Indstillingen blev godkendt.", 20).chars().count() <= 20);
        assert_eq!(clip("Budgetopfølgningsmødet", 10), "Budgetopf…");
    }
}
