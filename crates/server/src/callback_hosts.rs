//! A merchant's own restriction of where its callbacks may go
//! (`--callback-hosts`): when set, every callback URL a request or setting
//! names — PayApp `feedbackurl`, InnoPay §4.4 notification URLs and the
//! Web-Link `ReturnUrl`, iPay `service_url` — must use one of those hosts. It protects the shop from
//! anyone who knows its public id (a PayApp `userid` needs no key) sending
//! its feedback, with its `linkval`, somewhere else. Each front end turns
//! the refusal into its own error.

use gyeolje_core::Merchant;

/// Why `url` may not receive `merchant`'s callbacks, or `None` if it may.
pub fn refused(merchant: &Merchant, url: &str) -> Option<String> {
    if merchant.callback_hosts.is_empty() {
        return None;
    }
    let host = reqwest::Url::parse(url.trim())
        .ok()
        .and_then(|u| u.host_str().map(str::to_owned));
    match host {
        Some(host) if merchant.allows_callback_host(&host) => None,
        Some(host) => Some(format!(
            "콜백 주소의 호스트({host})가 가맹점에 등록된 호스트({})가 아닙니다",
            merchant.callback_hosts.join(", ")
        )),
        None => Some(format!("콜백 주소를 읽을 수 없습니다: {url}")),
    }
}

#[cfg(test)]
mod tests {
    use super::refused;
    use gyeolje_core::{Merchant, MerchantId, Timestamp};

    fn merchant(hosts: &[&str]) -> Merchant {
        Merchant {
            id: MerchantId::new(1),
            name: "m".into(),
            payapp: None,
            innopay: None,
            ipay: None,
            callback_hosts: hosts.iter().map(|h| (*h).to_owned()).collect(),
            disabled_at: None,
            created_at: Timestamp::from_millis(0),
        }
    }

    #[test]
    fn only_listed_hosts_pass_when_a_list_is_set() {
        assert_eq!(refused(&merchant(&[]), "http://anywhere.example/x"), None);
        let m = merchant(&["shop.example"]);
        assert_eq!(refused(&m, "https://SHOP.example:8443/fb?x=1"), None);
        assert!(refused(&m, "http://evil.example/fb").is_some());
        assert!(refused(&m, "http://shop.example.evil.example/").is_some());
        assert!(refused(&m, "http://shop.example@evil.example/").is_some());
        assert!(refused(&m, "not a url").is_some());
    }
}
