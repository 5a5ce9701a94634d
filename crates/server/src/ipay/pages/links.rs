//! What the pages check about links and seller ids they are given.

/// A link the page may print as `href`: only `http(s)` URLs, so a cart
/// registered with `back_url="javascript:…"` cannot script the page.
pub fn safe_link(url: &str) -> Option<String> {
    let url = url.trim();
    let lower = url.to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://")).then(|| url.to_owned())
}

/// `seller_id`s are compared as Auction compares member ids: ASCII case
/// does not matter.
pub fn same_seller(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_links_are_printed() {
        assert_eq!(
            safe_link(" https://shop.example/back "),
            Some("https://shop.example/back".into())
        );
        assert_eq!(safe_link("HTTP://a/"), Some("HTTP://a/".into()));
        assert_eq!(safe_link("javascript:alert(1)"), None);
        assert_eq!(safe_link(""), None);
    }
}
