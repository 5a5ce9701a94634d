//! `cmd=sellerRegist` and `cmd=useridCheck`: agencies sign up resellers,
//! resellers sign up sellers (manual 001, 판매자 회원 가입).
//!
//! The caller is `resellerid`. The manual sends no key with these calls, so
//! a `linkkey`, when sent, is checked against the caller's; without one the
//! caller is taken at its id, as PayApp's own call example does. Errors:
//! - 70010: `resellerid` blank, unknown (sub-accounts are not callers), or
//!   sent with a wrong `linkkey`;
//! - 70060: `resellerid` is an account that may not sign this up — a plain
//!   seller, a reseller asking for `seller_type=reseller`, an agency asking
//!   for `seller_type=seller` (the manual: seller → 리셀러 아이디, reseller →
//!   대리점 아이디);
//! - 70020: any field, and a `userid` already used by an account or
//!   sub-account.
//!
//! A new account is a merchant at once: its `userid`/`linkkey` work with
//! `payrequest` and `paycancel`, and its `common_feedbackurl` receives every
//! payment.

use super::accounts::{hash_password, new_link_secret};
use super::error::ApiError;
use crate::app::App;
use gyeolje_core::{NewSeller, PayAppAccount, PayAppSeller, SellerKind};
use gyeolje_payapp::{Form, PayAppError, SellerRegist, SellerRegistReply, UseridCheck, ok_reply};
use gyeolje_store::StoreError;

pub async fn seller_regist(app: &App, form: &Form) -> Result<String, ApiError> {
    let r = SellerRegist::from_form(form)?;
    let caller = signer(app, &r.resellerid, r.linkkey.as_ref()).await?;
    let may = r.seller_type.signed_up_by() == Some(caller.kind);
    if !may {
        return Err(wrong_signer(&caller, r.seller_type).into());
    }
    if app.store.payapp_userid_taken(&r.userid).await? {
        return Err(taken().into());
    }
    let linkkey = new_link_secret();
    let linkval = new_link_secret();
    let new = NewSeller {
        name: r.profile.sellername.clone(),
        account: PayAppAccount {
            userid: r.userid.clone(),
            linkkey: linkkey.clone(),
            linkval: linkval.clone(),
            common_feedbackurl: r.common_feedbackurl.clone(),
        },
        kind: r.seller_type,
        parent: Some(caller.userid.clone()),
        password: Some(hash_password(&r.userpwd)),
        profile: Some(r.profile),
    };
    match app.store.register_seller(new, app.now()).await {
        Ok(m) => {
            tracing::info!(
                merchant = %m.id,
                userid = %r.userid,
                kind = %r.seller_type,
                parent = %caller.userid,
                "payapp account registered"
            );
            Ok(SellerRegistReply {
                userid: r.userid,
                linkkey,
                linkval,
            }
            .to_reply())
        }
        // Another sign-up took the id between the check and the insert.
        Err(StoreError::Conflict(_)) => Err(taken().into()),
        Err(e) => Err(e.into()),
    }
}

pub async fn userid_check(app: &App, form: &Form) -> Result<String, ApiError> {
    let c = UseridCheck::from_form(form)?;
    let caller = signer(app, &c.resellerid, c.linkkey.as_ref()).await?;
    if caller.kind == SellerKind::Seller {
        return Err(not_a_signer(&caller).into());
    }
    if app.store.payapp_userid_taken(&c.userid).await? {
        return Err(taken().into());
    }
    Ok(ok_reply())
}

/// The account behind `resellerid`, with its link key checked if one was sent.
async fn signer(
    app: &App,
    resellerid: &str,
    linkkey: Option<&gyeolje_core::Secret>,
) -> Result<PayAppSeller, ApiError> {
    let unknown = || {
        PayAppError::bad_credentials(format!(
            "resellerid: 등록된 대리점 또는 리셀러 아이디가 아닙니다 ('{resellerid}')"
        ))
    };
    let caller = app
        .store
        .payapp_seller(resellerid)
        .await?
        .ok_or_else(unknown)?;
    if let Some(key) = linkkey {
        // By id, which also finds a disabled merchant: it signs for no one.
        let merchant = app
            .store
            .merchant(caller.merchant_id)
            .await?
            .filter(|m| !m.is_disabled());
        let ok = match &merchant {
            Some(m) => super::accounts::linkkey_ok(app, m, key.expose())?,
            None => false,
        };
        if !ok {
            return Err(PayAppError::bad_credentials(
                "resellerid 또는 linkkey 값이 정확하지 않습니다",
            )
            .into());
        }
    }
    Ok(caller)
}

fn not_a_signer(caller: &PayAppSeller) -> PayAppError {
    PayAppError::not_permitted(format!(
        "권한이 없습니다: '{}'는 {} 계정이라 회원을 가입시킬 수 없습니다 (resellerid는 대리점 또는 리셀러 아이디여야 합니다)",
        caller.userid,
        caller.kind.label()
    ))
}

fn wrong_signer(caller: &PayAppSeller, wanted: SellerKind) -> PayAppError {
    let Some(needed) = wanted.signed_up_by() else {
        return not_a_signer(caller);
    };
    if caller.kind == SellerKind::Seller {
        return not_a_signer(caller);
    }
    PayAppError::not_permitted(format!(
        "권한이 없습니다: seller_type={}의 resellerid는 {} 아이디여야 합니다 ('{}'는 {}입니다)",
        wanted.as_str(),
        needed.label(),
        caller.userid,
        caller.kind.label()
    ))
}

fn taken() -> PayAppError {
    PayAppError::invalid("userid", "이미 사용 중인 아이디입니다")
}
