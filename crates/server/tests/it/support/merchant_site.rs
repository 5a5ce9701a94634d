//! The merchant's web site: a separate HTTP server (another origin than
//! gyeolje: `localhost` instead of `127.0.0.1`, another port) serving the
//! pages that include `payapp-lite.js` or open the InnoPay Web-Link popup, and recording what was visited.

use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tokio::net::TcpListener;

#[derive(Default)]
struct Inner {
    pages: Mutex<HashMap<String, String>>,
    visited: Mutex<Vec<String>>,
}

#[derive(Clone)]
pub struct MerchantSite {
    /// `http://localhost:<port>`.
    pub base: String,
    inner: Arc<Inner>,
}

async fn serve(State(inner): State<Arc<Inner>>, uri: Uri) -> Response {
    let target = uri
        .path_and_query()
        .map_or_else(|| uri.path().to_owned(), |p| p.as_str().to_owned());
    inner.visited.lock().unwrap().push(target);
    match inner.pages.lock().unwrap().get(uri.path()) {
        Some(html) => (
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            html.clone(),
        )
            .into_response(),
        None => (StatusCode::NOT_FOUND, "not found").into_response(),
    }
}

impl MerchantSite {
    pub async fn start() -> MerchantSite {
        let inner = Arc::new(Inner::default());
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let app = Router::new().fallback(serve).with_state(inner.clone());
        tokio::spawn(async move { axum::serve(listener, app).await });
        MerchantSite {
            base: format!("http://localhost:{port}"),
            inner,
        }
    }

    /// Serves `html` at `path`; returns the page's URL.
    pub fn page(&self, path: &str, html: impl Into<String>) -> String {
        self.inner
            .pages
            .lock()
            .unwrap()
            .insert(path.to_owned(), html.into());
        format!("{}{path}", self.base)
    }

    /// Paths (with query) requested so far.
    pub fn visited(&self) -> Vec<String> {
        self.inner.visited.lock().unwrap().clone()
    }
}
