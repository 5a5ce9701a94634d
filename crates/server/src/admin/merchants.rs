//! Merchants as the operator manages them: one merchant holding any of the
//! three protocols' accounts with the shop's own credentials.
//!
//! [`MerchantInput`] is what the CLI flags, the admin API's JSON and the
//! console's form all become; [`create`] and [`update`] are the only ways
//! they reach the store. Secrets left out are generated (PayApp linkkey and
//! linkval, InnoPay LicenseKey and cancelPwd) and shown once, in the reply
//! to the call that made them. iPay tickets are opaque strings the shop
//! already has from Auction: stored as SHA-256, matched exactly, several per
//! seller, never shown again. Identities (PayApp userid, InnoPay mid, iPay
//! seller id) are fixed once set, since payments, sub-accounts and
//! references name them; secrets, names, sites and hosts may change.

use crate::ipay::ticket::ticket_hash;
use crate::seed::{INNOPAY_DEMO_PG_MID_AUTH, INNOPAY_DEMO_PG_MID_MANUAL};
use gyeolje_core::{
    InnoPayAccount, IpayAccount, Merchant, MerchantId, NewMerchant, NotifySettings, PayAppAccount,
    PgMid, Secret, Timestamp,
};
use gyeolje_store::{Store, StoreError};
use rand::RngExt;

/// The InnoPay sub-method codes (`svcPrdtCd`) a PG merchant id serves.
const SMS_MANUAL: &str = "03";
const SMS_AUTH: &str = "04";

/// A merchant's fields as an operator types them; `None` leaves a field as
/// it is (on update) or generated/defaulted (on create).
#[derive(Clone, Debug, Default, clap::Args, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MerchantInput {
    /// Shop name shown to buyers (required on create).
    #[arg(long)]
    pub name: Option<String>,
    /// PayApp seller id (manual 001 `userid`).
    #[arg(long)]
    pub payapp_userid: Option<String>,
    /// PayApp 연동 KEY (generated when left out).
    #[arg(long)]
    pub payapp_linkkey: Option<String>,
    /// PayApp 연동 VALUE (generated when left out).
    #[arg(long)]
    pub payapp_linkval: Option<String>,
    /// PayApp 공통 통보 URL (feedbacktype=1 for every payment).
    #[arg(long)]
    pub common_feedbackurl: Option<String>,
    /// InnoPay 상점 아이디 (`mid`).
    #[arg(long)]
    pub innopay_mid: Option<String>,
    /// InnoPay Web-Link `LicenseKey` (generated when left out).
    #[arg(long)]
    pub innopay_license_key: Option<String>,
    /// InnoPay cancel password (`cancelPwd`, generated when left out).
    #[arg(long)]
    pub innopay_cancel_pwd: Option<String>,
    /// PgMID for SMS 수기 (svcPrdtCd 03); default the manual's test one.
    #[arg(long)]
    pub innopay_pg_mid_manual: Option<String>,
    /// PgMID for SMS 인증 (svcPrdtCd 04); default the manual's test one.
    #[arg(long)]
    pub innopay_pg_mid_auth: Option<String>,
    /// iPay (Auction) seller id, as `sellerid=` names it.
    #[arg(long)]
    pub ipay_seller_id: Option<String>,
    /// An iPay `EncryptedTicket` the shop holds (repeat for several).
    #[arg(long = "ipay-ticket")]
    pub ipay_tickets: Vec<String>,
    /// A ticket to stop accepting (update only; repeat for several).
    #[arg(long = "ipay-remove-ticket")]
    pub ipay_remove_tickets: Vec<String>,
    /// The shop's site as `JoinConfirm2.aspx` checks it by Referer (repeat
    /// for several; replaces the registered list).
    #[arg(long = "ipay-site-url")]
    pub ipay_site_urls: Vec<String>,
    /// Hosts the merchant's callback URLs may name (comma-separated;
    /// replaces the list; an empty value allows any host).
    #[arg(long, value_delimiter = ',')]
    pub callback_hosts: Option<Vec<String>>,
}

/// Why an operator's merchant change was refused. Messages say what to do.
#[derive(Debug, thiserror::Error)]
pub enum MerchantError {
    #[error("{0}")]
    Invalid(String),
    #[error("no merchant {0:?} (an id, a PayApp userid, an InnoPay mid or an iPay seller id)")]
    NotFound(String),
    #[error("{0}")]
    Taken(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

fn invalid(message: impl Into<String>) -> MerchantError {
    MerchantError::Invalid(message.into())
}

/// A random secret of `len` characters from `alphabet`.
fn random(alphabet: &[u8], len: usize) -> String {
    let mut rng = rand::rng();
    (0..len)
        .map(|_| char::from(alphabet[rng.random_range(0..alphabet.len())]))
        .collect()
}

/// A PayApp link key or value, or an InnoPay LicenseKey: 32 random bytes in
/// base64, as PayApp's `sellerRegist` issues them.
fn random_key() -> Secret {
    crate::payapp::accounts::new_link_secret()
}

/// An InnoPay cancel password: six digits, like the manual's `123456`.
fn random_cancel_pwd() -> String {
    random(b"0123456789", 6)
}

/// A trimmed, non-empty value; `Ok(None)` when absent; an error when given
/// but blank or oversized or holding spaces (every identity and secret of
/// the three manuals is a single token).
fn token(value: Option<&String>, flag: &str) -> Result<Option<String>, MerchantError> {
    let Some(value) = value else {
        return Ok(None);
    };
    let value = value.trim();
    if value.is_empty() || value.len() > 512 || value.chars().any(char::is_whitespace) {
        return Err(invalid(format!(
            "--{flag} must be one word of 1–512 characters"
        )));
    }
    Ok(Some(value.to_owned()))
}

fn http_url(value: &str, flag: &str) -> Result<String, MerchantError> {
    let value = value.trim();
    let lower = value.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("http://")
        .or_else(|| lower.strip_prefix("https://"));
    match rest {
        Some(rest) if !rest.is_empty() && !value.chars().any(char::is_whitespace) => {
            Ok(value.to_owned())
        }
        _ => Err(invalid(format!(
            "--{flag} must be an http:// or https:// address, not {value:?}"
        ))),
    }
}

fn hosts(list: &[String]) -> Result<Vec<String>, MerchantError> {
    list.iter()
        .map(|h| h.trim().trim_end_matches('.').to_ascii_lowercase())
        .filter(|h| !h.is_empty())
        .map(|h| {
            if h.contains(['/', ':', ' ', '@']) {
                Err(invalid(format!(
                    "--callback-hosts takes host names, not URLs: {h:?}"
                )))
            } else {
                Ok(h)
            }
        })
        .collect()
}

/// Applies the PayApp part of `input` to `current` (a new account when none).
fn payapp(
    input: &MerchantInput,
    current: Option<PayAppAccount>,
) -> Result<Option<PayAppAccount>, MerchantError> {
    let userid = token(input.payapp_userid.as_ref(), "payapp-userid")?;
    let linkkey = token(input.payapp_linkkey.as_ref(), "payapp-linkkey")?;
    let linkval = token(input.payapp_linkval.as_ref(), "payapp-linkval")?;
    let feedback = input
        .common_feedbackurl
        .as_deref()
        .map(|u| http_url(u, "common-feedbackurl"))
        .transpose()?;
    let touched = linkkey.is_some() || linkval.is_some() || feedback.is_some();
    match current {
        Some(mut account) => {
            if let Some(userid) = userid.filter(|u| *u != account.userid) {
                return Err(invalid(format!(
                    "the PayApp userid is {} and cannot become {userid}; create another merchant",
                    account.userid
                )));
            }
            if let Some(k) = linkkey {
                account.linkkey = Secret::new(k);
            }
            if let Some(v) = linkval {
                account.linkval = Secret::new(v);
            }
            if feedback.is_some() {
                account.common_feedbackurl = feedback;
            }
            Ok(Some(account))
        }
        None => match userid {
            Some(userid) => Ok(Some(PayAppAccount {
                userid,
                linkkey: linkkey.map_or_else(random_key, Secret::new),
                linkval: linkval.map_or_else(random_key, Secret::new),
                common_feedbackurl: feedback,
            })),
            None if touched => Err(invalid(
                "PayApp credentials need --payapp-userid".to_owned(),
            )),
            None => Ok(None),
        },
    }
}

/// Applies the InnoPay part of `input` to `current` (a new account when none).
fn innopay(
    input: &MerchantInput,
    current: Option<InnoPayAccount>,
) -> Result<Option<InnoPayAccount>, MerchantError> {
    let mid = token(input.innopay_mid.as_ref(), "innopay-mid")?;
    // smsPayApi and cancelApi take a mid of at most 10 characters (manual
    // 002 §2.2, §3): a longer one could be stored but never used.
    if mid.as_ref().is_some_and(|m| m.chars().count() > 10) {
        return Err(invalid(
            "--innopay-mid: at most 10 characters (manual 002 §2.2)",
        ));
    }
    let license = token(input.innopay_license_key.as_ref(), "innopay-license-key")?;
    let cancel = token(input.innopay_cancel_pwd.as_ref(), "innopay-cancel-pwd")?;
    let manual = token(
        input.innopay_pg_mid_manual.as_ref(),
        "innopay-pg-mid-manual",
    )?;
    let auth = token(input.innopay_pg_mid_auth.as_ref(), "innopay-pg-mid-auth")?;
    let touched = license.is_some() || cancel.is_some() || manual.is_some() || auth.is_some();
    let set_pg_mid = |account: &mut InnoPayAccount, code: &str, pg_mid: Option<String>| {
        if let Some(pg_mid) = pg_mid {
            account.pg_mids.retain(|p| p.product_code != code);
            account.pg_mids.push(PgMid {
                pg_mid,
                product_code: code.to_owned(),
            });
            account
                .pg_mids
                .sort_by(|a, b| a.product_code.cmp(&b.product_code));
        }
    };
    let mut account = match (current, mid) {
        (Some(account), Some(mid)) if mid != account.mid => {
            return Err(invalid(format!(
                "the InnoPay mid is {} and cannot become {mid}; create another merchant",
                account.mid
            )));
        }
        (Some(account), _) => account,
        (None, Some(mid)) => InnoPayAccount {
            mid,
            license_key: random_key(),
            cancel_pwd: Secret::new(random_cancel_pwd()),
            pg_mids: vec![
                PgMid {
                    pg_mid: INNOPAY_DEMO_PG_MID_MANUAL.into(),
                    product_code: SMS_MANUAL.into(),
                },
                PgMid {
                    pg_mid: INNOPAY_DEMO_PG_MID_AUTH.into(),
                    product_code: SMS_AUTH.into(),
                },
            ],
            notify: NotifySettings::default(),
        },
        (None, None) if touched => {
            return Err(invalid("InnoPay credentials need --innopay-mid"));
        }
        (None, None) => return Ok(None),
    };
    if let Some(l) = license {
        account.license_key = Secret::new(l);
    }
    if let Some(c) = cancel {
        account.cancel_pwd = Secret::new(c);
    }
    set_pg_mid(&mut account, SMS_MANUAL, manual);
    set_pg_mid(&mut account, SMS_AUTH, auth);
    Ok(Some(account))
}

/// Applies the iPay seller part of `input` (tickets are written apart).
fn ipay(
    input: &MerchantInput,
    current: Option<IpayAccount>,
) -> Result<Option<IpayAccount>, MerchantError> {
    let seller_id = token(input.ipay_seller_id.as_ref(), "ipay-seller-id")?;
    let sites = input
        .ipay_site_urls
        .iter()
        .map(|u| http_url(u, "ipay-site-url"))
        .collect::<Result<Vec<_>, _>>()?;
    let touched = !sites.is_empty() || !input.ipay_tickets.is_empty();
    let mut account = match (current, seller_id) {
        (Some(account), Some(id)) if !id.eq_ignore_ascii_case(&account.seller_id) => {
            return Err(invalid(format!(
                "the iPay seller id is {} and cannot become {id}; create another merchant",
                account.seller_id
            )));
        }
        (Some(account), _) => account,
        (None, Some(seller_id)) => IpayAccount {
            seller_id,
            site_urls: Vec::new(),
        },
        (None, None) if touched => {
            return Err(invalid("iPay tickets and sites need --ipay-seller-id"));
        }
        (None, None) => return Ok(None),
    };
    if !sites.is_empty() {
        account.site_urls = sites;
    }
    Ok(Some(account))
}

/// Tickets given for a seller; each one word.
fn tickets(list: &[String], flag: &str) -> Result<Vec<String>, MerchantError> {
    list.iter()
        .map(|t| token(Some(t), flag).map(|t| t.unwrap_or_default()))
        .collect()
}

/// Maps a unique-key conflict to a message naming what is taken.
fn taken(e: StoreError) -> MerchantError {
    match e {
        StoreError::Conflict(_) => MerchantError::Taken(
            "that PayApp userid, InnoPay mid or iPay seller id belongs to another merchant".into(),
        ),
        other => other.into(),
    }
}

/// Adds `tickets` to `merchant`, refusing one another merchant holds.
async fn add_tickets(
    store: &dyn Store,
    merchant: MerchantId,
    tickets: &[String],
) -> Result<(), MerchantError> {
    for ticket in tickets {
        if !store
            .add_ipay_ticket(merchant, &ticket_hash(ticket))
            .await?
        {
            return Err(MerchantError::Taken(
                "that iPay ticket identifies another merchant".into(),
            ));
        }
    }
    Ok(())
}

/// Creates a merchant. At least one protocol's credentials are required.
pub async fn create(
    store: &dyn Store,
    input: &MerchantInput,
    now: Timestamp,
) -> Result<Merchant, MerchantError> {
    let name = input
        .name
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .ok_or_else(|| invalid("--name is required"))?;
    let new = NewMerchant {
        name: name.to_owned(),
        payapp: payapp(input, None)?,
        innopay: innopay(input, None)?,
        ipay: ipay(input, None)?,
        callback_hosts: hosts(input.callback_hosts.as_deref().unwrap_or_default())?,
    };
    if new.payapp.is_none() && new.innopay.is_none() && new.ipay.is_none() {
        return Err(invalid(
            "give at least one protocol's credentials: --payapp-userid, --innopay-mid or \
             --ipay-seller-id (with --ipay-ticket)",
        ));
    }
    if new.ipay.is_some() && input.ipay_tickets.is_empty() {
        return Err(invalid(
            "an iPay seller needs at least one --ipay-ticket (its EncryptedTicket)",
        ));
    }
    if !input.ipay_remove_tickets.is_empty() {
        return Err(invalid("--ipay-remove-ticket is for update"));
    }
    let tickets = tickets(&input.ipay_tickets, "ipay-ticket")?;
    // Refuse a ticket another merchant holds before creating anything.
    for ticket in &tickets {
        if store
            .merchant_by_ipay_ticket(&ticket_hash(ticket))
            .await?
            .is_some()
        {
            return Err(MerchantError::Taken(
                "that iPay ticket identifies another merchant".into(),
            ));
        }
    }
    let merchant = store.create_merchant(new, now).await.map_err(taken)?;
    add_tickets(store, merchant.id, &tickets).await?;
    Ok(merchant)
}

/// Adds or replaces credentials of an existing merchant; adds and removes
/// tickets.
pub async fn update(
    store: &dyn Store,
    merchant: Merchant,
    input: &MerchantInput,
) -> Result<Merchant, MerchantError> {
    let mut next = merchant;
    if let Some(name) = input.name.as_deref().map(str::trim) {
        if name.is_empty() {
            return Err(invalid("--name must not be empty"));
        }
        name.clone_into(&mut next.name);
    }
    next.payapp = payapp(input, next.payapp.take())?;
    next.innopay = innopay(input, next.innopay.take())?;
    next.ipay = ipay(input, next.ipay.take())?;
    if let Some(list) = &input.callback_hosts {
        next.callback_hosts = hosts(list)?;
    }
    let add = tickets(&input.ipay_tickets, "ipay-ticket")?;
    let remove = tickets(&input.ipay_remove_tickets, "ipay-remove-ticket")?;
    if next.ipay.is_none() && !(add.is_empty() && remove.is_empty()) {
        return Err(invalid("iPay tickets need --ipay-seller-id"));
    }
    if !store.update_merchant(&next).await.map_err(taken)? {
        return Err(MerchantError::NotFound(next.id.to_string()));
    }
    add_tickets(store, next.id, &add).await?;
    for ticket in &remove {
        if !store
            .remove_ipay_ticket(next.id, &ticket_hash(ticket))
            .await?
        {
            return Err(invalid(
                "--ipay-remove-ticket: not one of this seller's tickets",
            ));
        }
    }
    Ok(next)
}

/// Disables a merchant: its credentials stop identifying it, so each
/// protocol answers its own "unknown merchant" error. Idempotent.
pub async fn disable(
    store: &dyn Store,
    mut merchant: Merchant,
    now: Timestamp,
) -> Result<Merchant, MerchantError> {
    if merchant.disabled_at.is_none() {
        merchant.disabled_at = Some(now);
        if !store.update_merchant(&merchant).await? {
            return Err(MerchantError::NotFound(merchant.id.to_string()));
        }
    }
    Ok(merchant)
}

/// Enables a disabled merchant again.
pub async fn enable(store: &dyn Store, mut merchant: Merchant) -> Result<Merchant, MerchantError> {
    if merchant.disabled_at.take().is_some() && !store.update_merchant(&merchant).await? {
        return Err(MerchantError::NotFound(merchant.id.to_string()));
    }
    Ok(merchant)
}

/// The merchant `key` names: its id, or a PayApp userid, an InnoPay mid or
/// an iPay seller id — disabled or not (the protocols' own lookups skip
/// disabled merchants; the operator must still reach them).
pub async fn find(store: &dyn Store, key: &str) -> Result<Merchant, MerchantError> {
    let key = key.trim();
    if let Ok(id) = key.parse::<i64>()
        && let Some(m) = store.merchant(MerchantId::new(id)).await?
    {
        return Ok(m);
    }
    let merchants = store.list_merchants().await?;
    merchants
        .into_iter()
        .find(|m| {
            m.payapp.as_ref().is_some_and(|p| p.userid == key)
                || m.innopay.as_ref().is_some_and(|i| i.mid == key)
                || m.ipay
                    .as_ref()
                    .is_some_and(|s| s.seller_id.eq_ignore_ascii_case(key))
        })
        .ok_or_else(|| MerchantError::NotFound(key.to_owned()))
}
