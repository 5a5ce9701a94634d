//! `GET /public/api/payapp-lite.js`: the Lite script, self-contained.
//!
//! The source lives in `assets/lite/`: `payapp-lite.js` (ours) with two
//! markers, where the bundled jQuery (`jquery-3.7.1.min.js`, unmodified from
//! the npm package, MIT — see `jquery-LICENSE.txt`) and this server's public
//! URL are put. jQuery 3.7.1 rather than 4: the manual promises merchants a
//! built-in jQuery, and code written against PayApp's (1.x era, like its
//! sample popup's 1.10.2) still runs on 3.x, whose deprecated helpers 4.0
//! removed.

use crate::app::App;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};

const SOURCE: &str = include_str!("../../../assets/lite/payapp-lite.js");
const JQUERY: &str = include_str!("../../../assets/lite/jquery-3.7.1.min.js");
const JQUERY_MARKER: &str = "/*@JQUERY@*/";
const BASE_MARKER: &str = "@GYEOLJE_BASE@";

/// The script for a server whose public URL is `base`. The script prefers
/// the base of its own `src`; `base` is only its fallback.
pub fn render(base: &str) -> String {
    let escaped: String = base
        .chars()
        .filter(|c| !c.is_control())
        .flat_map(|c| match c {
            '\'' | '\\' => vec!['\\', c],
            '<' => "\\x3c".chars().collect(),
            c => vec![c],
        })
        .collect();
    SOURCE
        .replacen(BASE_MARKER, &escaped, 1)
        .replacen(JQUERY_MARKER, JQUERY, 1)
}

pub async fn serve(State(app): State<App>) -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                "application/javascript; charset=utf-8",
            ),
            (header::CACHE_CONTROL, "public, max-age=300"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        render(&app.public_url),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundles_jquery_and_the_base() {
        let js = render("http://pg.example:8080");
        assert!(js.contains("jQuery v3.7.1"));
        assert!(js.contains("var SERVER_BASE = 'http://pg.example:8080';"));
        assert!(!js.contains(JQUERY_MARKER) && !js.contains(BASE_MARKER));
        assert!(js.contains("window.PayApp = PayApp;"));
    }

    #[test]
    fn the_base_cannot_break_out_of_its_string() {
        let js = render("http://x/'</script>\\\n");
        assert!(js.contains(r"var SERVER_BASE = 'http://x/\'\x3c/script>\\';"));
    }
}
