//! `cmd=subidregist`: a seller opens a sub-account (manual 001, 부계정 등록).
//!
//! The manual's call carries no `linkkey`, only the seller's `userid`, and
//! PayApp's own sample sends none; so the seller is identified by `userid`
//! alone, and a `linkkey`, when sent, must be the seller's (70010 if not).
//! This is the manual's contract, not a hole gyeolje adds: a sub-account
//! gets no key of its own, and every payment action through it is checked
//! against its permission bits and, for cancels, the seller's link key (see
//! [`accounts`](super::accounts)).
//!
//! Errors: 70010 for a blank or unknown `userid` or a wrong `linkkey`;
//! 70060 when `userid` is itself a sub-account (sub-accounts cannot open
//! sub-accounts); 70020 for fields, including a `subuserid` already used by
//! any account or sub-account.

use super::accounts::hash_password;
use super::error::ApiError;
use crate::app::App;
use gyeolje_core::SubAccount;
use gyeolje_payapp::{Form, PayAppError, SubIdRegist, ok_reply};
use gyeolje_store::StoreError;

pub async fn sub_id_regist(app: &App, form: &Form) -> Result<String, ApiError> {
    let s = SubIdRegist::from_form(form)?;
    let Some(merchant) = app.store.merchant_by_payapp_userid(&s.userid).await? else {
        if app.store.sub_account(&s.userid).await?.is_some() {
            return Err(PayAppError::not_permitted(format!(
                "권한이 없습니다: 부계정('{}')으로는 부계정을 등록할 수 없습니다",
                s.userid
            ))
            .into());
        }
        return Err(
            PayAppError::bad_credentials("userid: 등록되지 않은 판매자 아이디입니다").into(),
        );
    };
    if let Some(key) = &s.linkkey
        && !super::accounts::linkkey_ok(app, &merchant, key.expose())?
    {
        return Err(
            PayAppError::bad_credentials("userid 또는 linkkey 값이 정확하지 않습니다").into(),
        );
    }
    let taken = || PayAppError::invalid("subuserid", "이미 사용 중인 아이디입니다");
    if app.store.payapp_userid_taken(&s.subuserid).await? {
        return Err(taken().into());
    }
    let sub = SubAccount {
        subuserid: s.subuserid,
        merchant_id: merchant.id,
        password: hash_password(&s.subpwd),
        subname: s.subname,
        subetc1: s.subetc1,
        subetc2: s.subetc2,
        subetc3: s.subetc3,
        subjtype: s.subjtype,
        permissions: s.permissions,
        created_at: app.now(),
    };
    let (subuserid, bits) = (sub.subuserid.clone(), sub.permissions.bits());
    match app.store.create_sub_account(sub).await {
        Ok(()) => {
            tracing::info!(merchant = %merchant.id, %subuserid, permissions = bits, "payapp sub-account registered");
            Ok(ok_reply())
        }
        Err(StoreError::Conflict(_)) => Err(taken().into()),
        Err(e) => Err(e.into()),
    }
}
