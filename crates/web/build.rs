//! Brings the DKFDS design system in through npm and embeds the files the
//! pages use, under a path that carries a hash of their content so browsers
//! may cache them for ever.
//!
//! A build script says what went wrong by stopping the build, so here a
//! missing file or a failed `npm ci` is a panic with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use sha2::{Digest, Sha256};

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let root = manifest.join("../..").canonicalize().unwrap();
    let dist = root.join("node_modules/dkfds/dist");
    println!("cargo:rerun-if-changed={}", root.join("package-lock.json").display());
    println!("cargo:rerun-if-changed={}", manifest.join("assets").display());
    if !dist.join("css/dkfds.min.css").exists() {
        // A fresh clone: fetch the design system. `npm ci` keeps the lock file's versions.
        let status = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--omit=dev"])
            .current_dir(&root)
            .status()
            .expect("npm is needed to fetch DKFDS (apt-get install npm)");
        assert!(status.success(), "npm ci failed");
    }

    // (URL path below the hashed prefix, file on disk)
    let mut files: BTreeMap<String, PathBuf> = BTreeMap::new();
    files.insert("dkfds/css/dkfds.min.css".into(), dist.join("css/dkfds.min.css"));
    files.insert("dkfds/js/dkfds.min.js".into(), dist.join("js/dkfds.min.js"));
    add_dir(&mut files, &dist.join("fonts/IBMPlexSans/complete/woff2"), "dkfds/fonts/IBMPlexSans/complete/woff2");
    // DKFDS's CSS lists the regular face's woff before its woff2, so
    // browsers fetch the woff; the other faces are found as woff2.
    files
        .insert("dkfds/fonts/IBMPlexSans/complete/woff/IBMPlexSans-Regular.woff".into(), dist.join("fonts/IBMPlexSans/complete/woff/IBMPlexSans-Regular.woff"));
    add_dir(&mut files, &dist.join("img/svg-icons"), "dkfds/img/svg-icons");
    // TrueType faces for the PDFs that Typst sets (it does not read woff2).
    for face in ["Regular", "Bold", "Italic", "BoldItalic"] {
        let name = format!("IBMPlexSans-{face}.ttf");
        files.insert(format!("dkfds/fonts/IBMPlexSans/complete/ttf/{name}"), dist.join("fonts/IBMPlexSans/complete/ttf").join(&name));
    }
    files.insert("dkfds/img/all-svg-icons.svg".into(), dist.join("img/all-svg-icons.svg"));
    add_dir(&mut files, &manifest.join("assets"), "styr");

    let mut hasher = Sha256::new();
    for (name, path) in &files {
        hasher.update(name.as_bytes());
        hasher.update(fs::read(path).unwrap());
    }
    let hash = &hex::encode(hasher.finalize())[..12];

    let mut out = String::new();
    out.push_str(&format!("/// The content hash in every asset URL.\npub const ASSET_HASH: &str = \"{hash}\";\n"));
    out.push_str("/// (path below /assets/HASH/, bytes)\npub static FILES: &[(&str, &[u8])] = &[\n");
    for (name, path) in &files {
        out.push_str(&format!("    ({name:?}, include_bytes!({:?})),\n", path.display().to_string()));
    }
    out.push_str("];\n");
    let dest = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("assets.rs");
    fs::write(dest, out).unwrap();
}

fn add_dir(files: &mut BTreeMap<String, PathBuf>, dir: &Path, prefix: &str) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_file() {
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            files.insert(format!("{prefix}/{name}"), p);
        }
    }
}
