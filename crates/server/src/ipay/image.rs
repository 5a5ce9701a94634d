//! The `item_image` check of §3.1.5 (−19): the image must exist and be at
//! most 400 KB.
//!
//! Fetching a URL a merchant names is a server-side request on their
//! behalf, so it is bounded three ways: only hosts the operator allows
//! (`ipay_image_hosts`, `*` for any) are fetched — an image elsewhere is
//! accepted unchecked —, the whole fetch has a short timeout and follows no
//! redirects, and the body is read only up to the limit plus one chunk.

use crate::app::App;
use std::time::Duration;

/// §3.1.5 −19: "Item_image_url 의 용량(400KB) 초과".
pub const MAX_IMAGE_BYTES: usize = 400 * 1024;
const FETCH_TIMEOUT: Duration = Duration::from_secs(5);

fn allowed(app: &App, url: &reqwest::Url) -> bool {
    let Some(host) = url.host_str() else {
        return false;
    };
    app.config
        .ipay_image_hosts
        .iter()
        .any(|h| h == "*" || h.eq_ignore_ascii_case(host))
}

/// `Err(reason)` when the image is missing or too large.
pub async fn check(app: &App, url: &str) -> Result<(), String> {
    let parsed = match reqwest::Url::parse(url) {
        Ok(u) if u.scheme() == "http" || u.scheme() == "https" => u,
        _ => return Err("이미지가 존재하지 않습니다 (not an http(s) URL)".into()),
    };
    if !allowed(app, &parsed) {
        tracing::debug!(
            host = parsed.host_str(),
            "ipay item_image host not in ipay_image_hosts; not checked"
        );
        return Ok(());
    }
    let mut response = match app.http.get(parsed).timeout(FETCH_TIMEOUT).send().await {
        Ok(r) => r,
        Err(e) => return Err(format!("이미지를 가져올 수 없습니다 ({e})")),
    };
    if !response.status().is_success() {
        return Err(format!(
            "이미지가 존재하지 않습니다 (HTTP {})",
            response.status().as_u16()
        ));
    }
    if response
        .content_length()
        .is_some_and(|n| n > MAX_IMAGE_BYTES as u64)
    {
        return Err("이미지 용량이 400KB를 초과합니다".into());
    }
    let mut size = 0usize;
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                size += chunk.len();
                if size > MAX_IMAGE_BYTES {
                    return Err("이미지 용량이 400KB를 초과합니다".into());
                }
            }
            Ok(None) => break,
            Err(e) => return Err(format!("이미지를 끝까지 읽을 수 없습니다 ({e})")),
        }
    }
    if size == 0 {
        return Err("이미지가 비어 있습니다".into());
    }
    Ok(())
}
