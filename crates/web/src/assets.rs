//! Static files built into the binary (see build.rs), served under a path
//! that carries their content hash, so browsers cache them for a year.

use axum::extract::Path;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

include!(concat!(env!("OUT_DIR"), "/assets.rs"));

/// The URL of an embedded file, for templates.
pub fn url(path: &str) -> String {
    format!("/assets/{ASSET_HASH}/{path}")
}

/// An embedded file's bytes.
pub fn bytes(path: &str) -> Option<&'static [u8]> {
    FILES.iter().find(|(p, _)| *p == path).map(|(_, b)| *b)
}

/// The TrueType fonts PDFs are set in.
pub fn pdf_fonts() -> Vec<&'static [u8]> {
    ["Regular", "Bold", "Italic", "BoldItalic"].iter().filter_map(|f| bytes(&format!("dkfds/fonts/IBMPlexSans/complete/ttf/IBMPlexSans-{f}.ttf"))).collect()
}

fn mime(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "svg" => "image/svg+xml",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "png" => "image/png",
        "ttf" => "font/ttf",
        _ => "application/octet-stream",
    }
}

pub async fn serve(Path((hash, path)): Path<(String, String)>) -> Response {
    let Some((_, bytes)) = FILES.iter().find(|(p, _)| *p == path) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    // An old hash still gets the file, but only briefly cached.
    let cache = if hash == ASSET_HASH { "public, max-age=31536000, immutable" } else { "public, max-age=300" };
    ([(header::CONTENT_TYPE, mime(&path)), (header::CACHE_CONTROL, cache)], *bytes).into_response()
}
