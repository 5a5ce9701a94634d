//! Creating and editing a merchant from the console's form: every protocol's
//! credentials (PayApp userid/linkkey/linkval/common feedbackurl; InnoPay
//! mid/LicenseKey/cancelPwd/PgMIDs; iPay seller id, tickets, site URLs) and
//! the callback hosts. The form becomes the same `MerchantInput` the CLI's
//! flags and the admin API's JSON become; a blank field means "generate"
//! on create and "keep" on edit. Secrets generated on create are shown once,
//! on the page that answers the POST.

use super::merchants::{self, refused};
use super::page::{self, Chrome, Nav};
use super::session::Session;
use crate::admin::merchants::{MerchantError, MerchantInput};
use crate::app::App;
use askama::Template;
use axum::Extension;
use axum::extract::{Form, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

/// The form as posted (every field a string; blank is "not given").
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct MerchantForm {
    pub name: String,
    pub payapp_userid: String,
    pub payapp_linkkey: String,
    pub payapp_linkval: String,
    pub common_feedbackurl: String,
    pub innopay_mid: String,
    pub innopay_license_key: String,
    pub innopay_cancel_pwd: String,
    pub innopay_pg_mid_manual: String,
    pub innopay_pg_mid_auth: String,
    pub ipay_seller_id: String,
    /// One per line.
    pub ipay_tickets: String,
    /// One per line (edit only).
    pub ipay_remove_tickets: String,
    /// One per line; replaces the list when given.
    pub ipay_site_urls: String,
    /// Comma- or line-separated; replaces the list (on edit, blank allows any host).
    pub callback_hosts: String,
}

fn given(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_owned())
}

fn lines(s: &str) -> Vec<String> {
    s.lines().filter_map(given).collect()
}

impl MerchantForm {
    /// The operator's input. On edit the hosts field always replaces the
    /// list (it is shown filled in), so clearing it allows any host.
    pub fn input(&self, editing: bool) -> MerchantInput {
        let hosts: Vec<String> = self
            .callback_hosts
            .split([',', '\n'])
            .filter_map(given)
            .collect();
        MerchantInput {
            name: given(&self.name),
            payapp_userid: given(&self.payapp_userid),
            payapp_linkkey: given(&self.payapp_linkkey),
            payapp_linkval: given(&self.payapp_linkval),
            common_feedbackurl: given(&self.common_feedbackurl),
            innopay_mid: given(&self.innopay_mid),
            innopay_license_key: given(&self.innopay_license_key),
            innopay_cancel_pwd: given(&self.innopay_cancel_pwd),
            innopay_pg_mid_manual: given(&self.innopay_pg_mid_manual),
            innopay_pg_mid_auth: given(&self.innopay_pg_mid_auth),
            ipay_seller_id: given(&self.ipay_seller_id),
            ipay_tickets: lines(&self.ipay_tickets),
            ipay_remove_tickets: lines(&self.ipay_remove_tickets),
            ipay_site_urls: lines(&self.ipay_site_urls),
            callback_hosts: (editing || !hosts.is_empty()).then_some(hosts),
        }
    }
}

#[derive(Template)]
#[template(path = "console/merchant_form.html")]
struct FormPage {
    chrome: Chrome,
    /// `None`: a new merchant.
    id: Option<i64>,
    action: String,
    f: MerchantForm,
    error: Option<String>,
    /// On edit, the identities already set (they cannot change).
    has_payapp: bool,
    has_innopay: bool,
    has_ipay: bool,
}

fn form_page(
    app: &App,
    session: &Session,
    id: Option<i64>,
    f: MerchantForm,
    error: Option<String>,
    has: (bool, bool, bool),
) -> Response {
    let status = if error.is_some() {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    page::render(
        status,
        &FormPage {
            chrome: Chrome::new(app, session, Nav::Merchants),
            action: id.map_or_else(
                || "/console/merchants".to_owned(),
                |id| format!("/console/merchants/{id}"),
            ),
            id,
            f,
            error,
            has_payapp: has.0,
            has_innopay: has.1,
            has_ipay: has.2,
        },
    )
}

/// `GET /console/merchants/new`.
pub async fn new(State(app): State<App>, Extension(session): Extension<Session>) -> Response {
    form_page(
        &app,
        &session,
        None,
        MerchantForm::default(),
        None,
        (false, false, false),
    )
}

/// `POST /console/merchants`: creates, then shows the merchant with its
/// secrets (generated ones are shown this once).
pub async fn create(
    State(app): State<App>,
    Extension(session): Extension<Session>,
    Form(f): Form<MerchantForm>,
) -> Response {
    match crate::admin::merchants::create(&*app.store, &f.input(false), app.wall_now()).await {
        Ok(m) => {
            tracing::info!(merchant = m.id.get(), "console: merchant created");
            let notice =
                Some("가맹점을 만들었습니다. 아래 비밀값은 지금 한 번만 표시됩니다.".to_owned());
            merchants::render(&app, &session, &m, true, notice).await
        }
        Err(MerchantError::Store(e)) => page::store_failed(&e),
        Err(e) => form_page(
            &app,
            &session,
            None,
            f,
            Some(e.to_string()),
            (false, false, false),
        ),
    }
}

/// `GET /console/merchants/{id}/edit`: the form with what can be shown
/// filled in (never the secrets: blank keeps them).
pub async fn edit(
    State(app): State<App>,
    Extension(session): Extension<Session>,
    Path(id): Path<i64>,
) -> Response {
    let m = match merchants::load(&app, id).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    let f = MerchantForm {
        name: m.name.clone(),
        payapp_userid: m
            .payapp
            .as_ref()
            .map(|p| p.userid.clone())
            .unwrap_or_default(),
        common_feedbackurl: m
            .payapp
            .as_ref()
            .and_then(|p| p.common_feedbackurl.clone())
            .unwrap_or_default(),
        innopay_mid: m
            .innopay
            .as_ref()
            .map(|i| i.mid.clone())
            .unwrap_or_default(),
        innopay_pg_mid_manual: m
            .innopay
            .as_ref()
            .and_then(|i| i.pg_mid_for("03").map(|p| p.pg_mid.clone()))
            .unwrap_or_default(),
        innopay_pg_mid_auth: m
            .innopay
            .as_ref()
            .and_then(|i| i.pg_mid_for("04").map(|p| p.pg_mid.clone()))
            .unwrap_or_default(),
        ipay_seller_id: m
            .ipay
            .as_ref()
            .map(|s| s.seller_id.clone())
            .unwrap_or_default(),
        ipay_site_urls: m
            .ipay
            .as_ref()
            .map(|s| s.site_urls.join("\n"))
            .unwrap_or_default(),
        callback_hosts: m.callback_hosts.join(", "),
        ..MerchantForm::default()
    };
    let has = (m.payapp.is_some(), m.innopay.is_some(), m.ipay.is_some());
    form_page(&app, &session, Some(id), f, None, has)
}

/// `POST /console/merchants/{id}`: adds or replaces credentials.
pub async fn update(
    State(app): State<App>,
    Extension(session): Extension<Session>,
    Path(id): Path<i64>,
    Form(f): Form<MerchantForm>,
) -> Response {
    let m = match merchants::load(&app, id).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    let has = (m.payapp.is_some(), m.innopay.is_some(), m.ipay.is_some());
    match crate::admin::merchants::update(&*app.store, m, &f.input(true)).await {
        Ok(_) => {
            tracing::info!(merchant = id, "console: merchant updated");
            Redirect::to(&format!("/console/merchants/{id}?notice=merchant-updated"))
                .into_response()
        }
        Err(e @ (MerchantError::Store(_) | MerchantError::NotFound(_))) => refused(&e),
        Err(e) => form_page(&app, &session, Some(id), f, Some(e.to_string()), has),
    }
}
