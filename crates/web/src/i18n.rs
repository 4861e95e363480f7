//! The translations the pages use (`crates/i18n`), and the test that every
//! message id written in a template, handler or mail exists.

pub use ::i18n::*;

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn every_id_used_in_code_and_templates_exists() {
        let da: BTreeSet<_> = ids(DA).into_iter().collect();
        let mut missing = vec![];
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        // The service layer writes mail; the binary writes the command line's messages.
        let mut stack = vec![root.join("templates"), root.join("src"), root.join("../service/src"), root.join("../styr/src")];
        while let Some(dir) = stack.pop() {
            for e in std::fs::read_dir(dir).unwrap().flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                    continue;
                }
                let text = std::fs::read_to_string(&p).unwrap();
                for pat in [".t(\"", ".t1(\"", ".args(\""] {
                    for part in text.split(pat).skip(1) {
                        let id = part.split('"').next().unwrap();
                        if !id.is_empty() && !id.contains('{') && !da.contains(id) && id != "id" {
                            missing.push(format!("{}: {id}", p.display()));
                        }
                    }
                }
            }
        }
        assert!(missing.is_empty(), "ids with no message: {missing:#?}");
    }
}
