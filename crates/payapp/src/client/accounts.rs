//! The account APIs from the client side: `sellerRegist`, `useridCheck`,
//! `subidregist`. Kept in their own file so the payment calls in
//! `client.rs` stay about payments.

use super::{ClientError, PayAppClient};
use crate::codec::reply_value;
use crate::seller::{SellerRegist, SellerRegistReply, UseridCheck};
use crate::subaccount::SubIdRegist;
use gyeolje_core::Secret;

impl PayAppClient {
    /// `cmd=sellerRegist`: signs up a seller or reseller and returns its
    /// credentials.
    pub async fn seller_regist(&self, r: &SellerRegist) -> Result<SellerRegistReply, ClientError> {
        let reply = self.call(&r.to_form()).await?;
        let field = |name: &str| {
            reply_value(&reply, name)
                .filter(|v| !v.is_empty())
                .map(str::to_owned)
                .ok_or_else(|| ClientError::Malformed(format!("{name} missing")))
        };
        Ok(SellerRegistReply {
            userid: field("userid")?,
            linkkey: Secret::new(field("linkkey")?),
            linkval: Secret::new(field("linkval")?),
        })
    }

    /// `cmd=useridCheck`: `Ok(())` when the id is free. A taken id is a
    /// [`ClientError::Rejected`] like any other refusal (the manual's reply
    /// does not tell them apart; the message does).
    pub async fn userid_check(&self, c: &UseridCheck) -> Result<(), ClientError> {
        self.call(&c.to_form()).await.map(drop)
    }

    /// `cmd=subidregist`.
    pub async fn sub_id_regist(&self, s: &SubIdRegist) -> Result<(), ClientError> {
        self.call(&s.to_form()).await.map(drop)
    }
}
