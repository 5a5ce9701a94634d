//! The Lite parameters: the manual's 파라메터 처리 (trim everything; digits
//! only in numeric fields), the popup-only options (`redirecturl`,
//! `redirect`, `charset`, `currency`), and the `cmd=payrequest` form they
//! become.
//!
//! The script cleans values before sending them; the popup cleans them again
//! because it also receives what the buyer types and direct form posts.

use gyeolje_payapp::{Form, PayAppError};

/// Every parameter of the manual's Lite table, in its order.
pub const LITE_PARAMS: [&str; 19] = [
    "userid",
    "shopname",
    "goodname",
    "price",
    "recvphone",
    "memo",
    "reqaddr",
    "currency",
    "vccode",
    "redirecturl",
    "redirect",
    "feedbackurl",
    "returnurl",
    "var1",
    "var2",
    "smsuse",
    "charset",
    "openpaytype",
    "checkretry",
];

/// Lite parameters passed to `payrequest` under the same name (`currency`
/// becomes `reqmode`; the rest only steer the popup).
const PASSED_TO_PAYREQUEST: [&str; 15] = [
    "userid",
    "shopname",
    "goodname",
    "price",
    "recvphone",
    "memo",
    "reqaddr",
    "feedbackurl",
    "var1",
    "var2",
    "smsuse",
    "vccode",
    "returnurl",
    "openpaytype",
    "checkretry",
];

/// One value as the manual's 파라메터 처리 says: trimmed (whitespace, NUL,
/// the full-width space) and, for the `int` fields, reduced to digits.
/// `price` is the exception that keeps a fraction that is not all zeros
/// (`"1,000원"` → `1000`, `"1000.0"` → `1000`, but `"10.5"` stays and is
/// refused) — dropping the point would silently bill 105.
pub fn clean(name: &str, value: &str) -> String {
    let v = value.trim_matches(|c: char| c.is_whitespace() || c == '\0');
    match name {
        "price" => {
            let kept: String = v
                .chars()
                .filter(|c| c.is_ascii_digit() || *c == '.')
                .collect();
            match kept.split_once('.') {
                Some((int, frac)) if frac.bytes().all(|b| b == b'0') => int.to_owned(),
                _ => kept,
            }
        }
        "recvphone" | "reqaddr" => v.chars().filter(char::is_ascii_digit).collect(),
        _ => v.to_owned(),
    }
}

/// The form with every known Lite parameter cleaned; internal fields kept
/// as they are; anything else dropped.
pub fn cleaned(form: &Form) -> Form {
    Form::from_pairs(form.iter().filter_map(|(k, v)| {
        if LITE_PARAMS.contains(&k) {
            Some((k.to_owned(), clean(k, v)))
        } else if k.starts_with('_') || k == "agree" {
            Some((k.to_owned(), v.to_owned()))
        } else {
            None
        }
    }))
}

/// 통화단위.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Currency {
    Krw,
    Usd,
}

/// Which window `redirecturl` opens in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Redirect {
    /// 부모창 (the default): the merchant's page that opened the popup.
    Opener,
    /// 현재창: the popup itself.
    SelfWindow,
}

impl Redirect {
    pub const fn as_str(self) -> &'static str {
        match self {
            Redirect::Opener => "opener",
            Redirect::SelfWindow => "self",
        }
    }
}

/// The popup-only options, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    pub currency: Currency,
    pub redirecturl: Option<String>,
    pub redirect: Redirect,
}

fn choice<T: Copy>(
    form: &Form,
    field: &str,
    options: &[(&str, T)],
    default: T,
) -> Result<T, PayAppError> {
    let Some(value) = form.non_empty(field) else {
        return Ok(default);
    };
    options
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(value))
        .map(|(_, v)| *v)
        .ok_or_else(|| {
            let allowed: Vec<&str> = options.iter().map(|(n, _)| *n).collect();
            PayAppError::invalid(
                field,
                &format!("허용되지 않는 값입니다 (가능한 값: {})", allowed.join(", ")),
            )
        })
}

impl Options {
    pub fn from_form(form: &Form) -> Result<Options, PayAppError> {
        let currency = choice(
            form,
            "currency",
            &[("krw", Currency::Krw), ("usd", Currency::Usd)],
            Currency::Krw,
        )?;
        let redirect = choice(
            form,
            "redirect",
            &[("opener", Redirect::Opener), ("self", Redirect::SelfWindow)],
            Redirect::Opener,
        )?;
        choice(form, "charset", &[("auto", ()), ("euc-kr", ())], ())?;
        let redirecturl = match form.non_empty("redirecturl") {
            None => None,
            Some(url) => {
                let lower = url.to_ascii_lowercase();
                let scheme_ok = lower.starts_with("http://") || lower.starts_with("https://");
                if !scheme_ok || url.chars().any(char::is_control) {
                    return Err(PayAppError::invalid(
                        "redirecturl",
                        "http:// 또는 https:// 로 시작하는 주소여야 합니다",
                    ));
                }
                Some(url.to_owned())
            }
        };
        Ok(Options {
            currency,
            redirecturl,
            redirect,
        })
    }
}

/// Stand-ins for the values the buyer has yet to type, so the merchant's
/// own parameters can be checked before the buyer starts.
pub const PLACEHOLDERS: [(&str, &str); 4] = [
    ("goodname", "상품"),
    ("price", "1"),
    ("recvphone", "01000000000"),
    ("vccode", "1"),
];

/// The `cmd=payrequest` form for a (cleaned) Lite form. With `buyer_fields`
/// listed, those fields get [`PLACEHOLDERS`] instead of their values.
pub fn payrequest_form(form: &Form, currency: Currency, buyer_fields: &[&str]) -> Form {
    let mut pairs: Vec<(String, String)> = vec![("cmd".into(), "payrequest".into())];
    for name in PASSED_TO_PAYREQUEST {
        let placeholder = PLACEHOLDERS
            .iter()
            .find(|(n, _)| *n == name && buyer_fields.contains(&name));
        if let Some((_, stand_in)) = placeholder {
            pairs.push((name.into(), (*stand_in).into()));
        } else if let Some(v) = form.get(name) {
            pairs.push((name.into(), v.into()));
        }
    }
    if currency == Currency::Usd {
        pairs.push(("reqmode".into(), "usd".into()));
    }
    Form::from_pairs(pairs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_every_value() {
        assert_eq!(clean("goodname", "  착한상품 \t"), "착한상품");
        assert_eq!(clean("shopname", "\u{3000}좋은상점\0"), "좋은상점");
        assert_eq!(clean("memo", " a  b "), "a  b");
    }

    #[test]
    fn numeric_fields_keep_digits_only() {
        assert_eq!(clean("recvphone", " 010-1234-5678 "), "01012345678");
        assert_eq!(clean("recvphone", "+82 10 1234 5678"), "821012345678");
        assert_eq!(clean("reqaddr", "1번"), "1");
        assert_eq!(clean("price", "1,000원"), "1000");
        assert_eq!(clean("price", "₩ 2,000.00"), "2000");
        assert_eq!(clean("price", "1000."), "1000");
        assert_eq!(clean("price", "abc"), "");
    }

    #[test]
    fn a_real_fraction_is_kept_to_be_refused() {
        assert_eq!(clean("price", "10.5"), "10.5");
        assert!(gyeolje_payapp::params::parse_amount("price", &clean("price", "10.5")).is_err());
    }

    #[test]
    fn cleaned_drops_unknown_fields() {
        let f = cleaned(&Form::from_pairs([
            ("price", " 1,000 "),
            ("orderno", "x"),
            ("_ask", "price"),
            ("agree", "y"),
        ]));
        assert_eq!(f.get("price"), Some("1000"));
        assert_eq!(f.get("orderno"), None);
        assert_eq!(f.get("_ask"), Some("price"));
        assert_eq!(f.get("agree"), Some("y"));
    }

    #[test]
    fn options_default_and_validate() {
        let o = Options::from_form(&Form::default()).unwrap();
        assert_eq!(o.currency, Currency::Krw);
        assert_eq!(o.redirect, Redirect::Opener);
        assert_eq!(o.redirecturl, None);

        let o = Options::from_form(&Form::from_pairs([
            ("currency", "USD"),
            ("redirect", "self"),
            ("redirecturl", "https://shop.example/done?x=1"),
            ("charset", "EUC-KR"),
        ]))
        .unwrap();
        assert_eq!(o.currency, Currency::Usd);
        assert_eq!(o.redirect, Redirect::SelfWindow);
        assert_eq!(
            o.redirecturl.as_deref(),
            Some("https://shop.example/done?x=1")
        );

        for (field, value) in [
            ("currency", "unionpay"),
            ("redirect", "parent"),
            ("charset", "utf-16"),
            ("redirecturl", "javascript:alert(1)"),
            ("redirecturl", "/done"),
        ] {
            let e = Options::from_form(&Form::from_pairs([(field, value)])).unwrap_err();
            assert!(
                e.message.starts_with(field),
                "{field}={value}: {}",
                e.message
            );
            assert_eq!(e.code, gyeolje_payapp::ErrorCode::InvalidParameter);
        }
    }

    #[test]
    fn payrequest_form_maps_currency_and_placeholders() {
        let lite = Form::from_pairs([
            ("userid", "payapptest"),
            ("goodname", ""),
            ("price", "1000"),
            ("redirecturl", "http://x/"),
            ("currency", "usd"),
        ]);
        let f = payrequest_form(&lite, Currency::Usd, &["goodname", "recvphone", "vccode"]);
        assert_eq!(f.get("cmd"), Some("payrequest"));
        assert_eq!(f.get("goodname"), Some("상품"));
        assert_eq!(f.get("price"), Some("1000"));
        assert_eq!(f.get("recvphone"), Some("01000000000"));
        assert_eq!(f.get("reqmode"), Some("usd"));
        assert_eq!(f.get("redirecturl"), None);
        assert_eq!(f.get("currency"), None);
        gyeolje_payapp::PayRequest::from_form(&f).unwrap();
    }
}
