//! A shop's own merchant (issue 14): created with its own credentials
//! through the CLI or the admin API, it runs each protocol's full flow with
//! only those credentials, on SQLite and PostgreSQL; the demo merchants'
//! credentials never reach its payments; disabled, it is refused in each
//! protocol's own error shape.

mod api;
mod callback_hosts;
mod innopay;
mod ipay;
mod payapp;

use crate::support::{TestServer, cli};
use gyeolje_core::Secret;
use gyeolje_server::startup::Parts;
use gyeolje_store::testing::TestDatabase;
use serde_json::{Value, json};

pub const ADMIN_TOKEN: &str = "own-merchant-admin-token";

/// How the merchant is created.
#[derive(Clone, Copy, Debug)]
pub enum Via {
    Cli,
    Api,
}

/// A server on a fresh database of `backend` with the admin API on; `None`
/// (after saying so) when PostgreSQL is not configured.
pub async fn server(backend: &str, label: &str) -> Option<TestServer> {
    let db = match backend {
        "postgres" => TestDatabase::postgres(label).await?,
        _ => TestDatabase::sqlite().unwrap(),
    };
    let tune = |c: &mut gyeolje_server::Config| {
        c.admin_token = Some(Secret::new(ADMIN_TOKEN));
    };
    Some(TestServer::start_on(db, tune, Parts::default()).await)
}

/// The admin API's JSON body for `merchant create` flags.
fn body_of(flags: &[(&str, &str)]) -> Value {
    let mut body = json!({});
    for (flag, value) in flags {
        let (section, field) = match *flag {
            "--name" => (None, "name"),
            "--payapp-userid" => (Some("payapp"), "userid"),
            "--payapp-linkkey" => (Some("payapp"), "linkkey"),
            "--payapp-linkval" => (Some("payapp"), "linkval"),
            "--common-feedbackurl" => (Some("payapp"), "common_feedbackurl"),
            "--innopay-mid" => (Some("innopay"), "mid"),
            "--innopay-license-key" => (Some("innopay"), "license_key"),
            "--innopay-cancel-pwd" => (Some("innopay"), "cancel_pwd"),
            "--ipay-seller-id" => (Some("ipay"), "seller_id"),
            "--ipay-site-url" => (Some("ipay"), "site_urls"),
            "--ipay-ticket" => (Some("ipay"), "tickets"),
            other => panic!("no JSON field for {other}"),
        };
        let target = match section {
            Some(s) => {
                if body.get(s).is_none() {
                    body[s] = json!({});
                }
                &mut body[s]
            }
            None => &mut body,
        };
        if field == "tickets" || field == "site_urls" {
            if target.get(field).is_none() {
                target[field] = json!([]);
            }
            target[field].as_array_mut().unwrap().push(json!(value));
        } else {
            target[field] = json!(value);
        }
    }
    body
}

/// Creates a merchant with `flags` through `via`; the created merchant's
/// JSON (secrets shown, as they are once on creation).
pub async fn create(server: &TestServer, via: Via, flags: &[(&str, &str)]) -> Value {
    match via {
        Via::Cli => {
            let db = server.app.config.database.clone();
            let mut args = vec!["merchant", "create", "--json", "--database", &db];
            for (flag, value) in flags {
                args.push(flag);
                args.push(value);
            }
            serde_json::from_str(&cli(&args).await).unwrap()
        }
        Via::Api => {
            let (status, v) =
                admin(server, "POST", "/admin/api/merchants", Some(body_of(flags))).await;
            assert_eq!(status, 201, "{v}");
            v
        }
    }
}

/// Disables the merchant `key` through `via`.
pub async fn disable(server: &TestServer, via: Via, key: &str) {
    match via {
        Via::Cli => {
            let db = server.app.config.database.clone();
            let out = cli(&["merchant", "disable", key, "--database", &db]).await;
            assert!(out.contains("disabled"), "{out}");
        }
        Via::Api => {
            let path = format!("/admin/api/merchants/{key}");
            let (status, v) = admin(server, "PATCH", &path, Some(json!({"disabled": true}))).await;
            assert_eq!((status, &v["disabled"]), (200, &json!(true)), "{v}");
        }
    }
}

/// An admin API call with the token: (status, JSON reply).
pub async fn admin(
    server: &TestServer,
    method: &str,
    path: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
    let mut req = server
        .http
        .request(method, format!("{}{path}", server.base))
        .bearer_auth(ADMIN_TOKEN);
    if let Some(body) = body {
        req = req.json(&body);
    }
    let resp = req.send().await.unwrap();
    let status = resp.status().as_u16();
    (status, resp.json().await.unwrap_or(Value::Null))
}

/// One test per protocol, creation path and backend.
macro_rules! own_merchant_tests {
    ($($story:ident),*) => {
        mod sqlite {
            $(mod $story {
                #[tokio::test]
                async fn via_cli() {
                    let s = super::super::server("sqlite", "").await.unwrap();
                    super::super::$story::story(s, super::super::Via::Cli).await;
                }
                #[tokio::test]
                async fn via_api() {
                    let s = super::super::server("sqlite", "").await.unwrap();
                    super::super::$story::story(s, super::super::Via::Api).await;
                }
            })*
        }
        mod postgres {
            $(mod $story {
                #[tokio::test]
                async fn via_cli() {
                    let label = concat!("own_", stringify!($story), "_cli");
                    let Some(s) = super::super::server("postgres", label).await else { return };
                    super::super::$story::story(s, super::super::Via::Cli).await;
                }
                #[tokio::test]
                async fn via_api() {
                    let label = concat!("own_", stringify!($story), "_api");
                    let Some(s) = super::super::server("postgres", label).await else { return };
                    super::super::$story::story(s, super::super::Via::Api).await;
                }
            })*
        }
    };
}

own_merchant_tests!(payapp, innopay, ipay);
