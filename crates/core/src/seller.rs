//! PayApp's seller hierarchy (manual 001, 판매자 회원 가입 / 부계정 등록).
//!
//! PayApp sells through a two-level channel: an agency (대리점) signs up
//! resellers, a reseller (리셀러) signs up sellers (판매자), and a seller takes
//! payments. Every one of them is a merchant with PayApp credentials; what
//! differs is the [`SellerKind`] and the parent that signed it up, kept next
//! to the merchant as a [`PayAppSeller`]. A merchant with no such record (the
//! demo seller, one made by `gyeolje merchant create`) is a plain seller with
//! no parent.
//!
//! A seller may also open sub-accounts (부계정) for staff: ids that act on the
//! seller's behalf with the permissions of a [`Permissions`] bit mask. They
//! own nothing themselves; a payment made through one belongs to the seller.
//!
//! Registration data is validated at the edge (the PayApp crate); the types
//! here keep what was accepted.

use crate::{MerchantId, PayAppAccount, PhoneNumber, Secret, Timestamp};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Where an account stands in the hierarchy.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SellerKind {
    /// 판매자: takes payments. Signed up by a reseller.
    Seller,
    /// 리셀러: signs up sellers. Signed up by an agency.
    Reseller,
    /// 대리점: signs up resellers. Created by the operator.
    Agency,
}

impl SellerKind {
    pub const fn as_str(self) -> &'static str {
        match self {
            SellerKind::Seller => "seller",
            SellerKind::Reseller => "reseller",
            SellerKind::Agency => "agency",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "seller" => Some(SellerKind::Seller),
            "reseller" => Some(SellerKind::Reseller),
            "agency" => Some(SellerKind::Agency),
            _ => None,
        }
    }

    /// The kind of account that may sign this kind up, per the manual:
    /// "seller_type의 값이 seller인 경우 resellerid는 리셀러 아이디, reseller인
    /// 경우 대리점 아이디". Agencies are made by the operator only.
    pub const fn signed_up_by(self) -> Option<SellerKind> {
        match self {
            SellerKind::Seller => Some(SellerKind::Reseller),
            SellerKind::Reseller => Some(SellerKind::Agency),
            SellerKind::Agency => None,
        }
    }

    /// The Korean name used in messages.
    pub const fn label(self) -> &'static str {
        match self {
            SellerKind::Seller => "판매자",
            SellerKind::Reseller => "리셀러",
            SellerKind::Agency => "대리점",
        }
    }
}

impl fmt::Display for SellerKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// 판매자 구분 (`usertype`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum UserType {
    /// 개인 (1): `username` is required.
    Individual,
    /// 사업자 (2): the business registration fields are required.
    Business,
}

impl UserType {
    /// The wire value: 1 or 2.
    pub const fn code(self) -> u8 {
        match self {
            UserType::Individual => 1,
            UserType::Business => 2,
        }
    }
}

/// 가입형태 (`join_type`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum JoinType {
    /// 유료 (0). The only form a reseller may join with.
    Paid,
    /// 할인 (4).
    Discount,
}

impl JoinType {
    /// The wire value: 0 or 4.
    pub const fn code(self) -> u8 {
        match self {
            JoinType::Paid => 0,
            JoinType::Discount => 4,
        }
    }
}

/// 서비스 구분 (`bizkind`): the manual's list, exactly as spelled there.
pub const BIZ_KINDS: [&str; 14] = [
    "Blog사업자",
    "쇼핑몰사업자",
    "방문판매",
    "음식점(배달)",
    "A/S긴급출동",
    "운수업",
    "컨텐츠",
    "도소매",
    "유통",
    "서비스",
    "숙박업",
    "임대업",
    "농수산업",
    "기타",
];

/// What a seller registered with (`sellerRegist`), every field of the
/// manual's table except the credentials. Optional fields are `None` when
/// not sent; which of them were required depended on `usertype`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SellerProfile {
    /// 판매자명.
    pub sellername: String,
    /// 판매자 휴대전화번호.
    pub phone: PhoneNumber,
    pub email: String,
    pub usertype: UserType,
    /// 이름 (개인 필수).
    pub username: Option<String>,
    /// 사업자등록번호, ten digits (사업자 필수).
    pub compregno: Option<String>,
    /// 상호명(법인명) (사업자 필수).
    pub compname: Option<String>,
    /// 업태 (사업자 필수).
    pub biztype1: Option<String>,
    /// 업종 (사업자 필수).
    pub biztype2: Option<String>,
    /// 대표자 성함 (사업자 필수).
    pub ceo_nm: Option<String>,
    /// 우편번호.
    pub zipcode: Option<String>,
    pub addr1: Option<String>,
    pub addr2: Option<String>,
    pub homepage: Option<String>,
    /// 정산은행.
    pub compbank: Option<String>,
    /// 정산은행 계좌번호.
    pub compbanknum: Option<String>,
    /// 정산은행 예금주.
    pub compbankname: Option<String>,
    /// One of [`BIZ_KINDS`].
    pub bizkind: String,
    pub join_type: JoinType,
}

/// A salted, stretched password digest as stored. The server makes it (it
/// owns the randomness for the salt); the store keeps the text; `Debug`
/// never shows it.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PasswordHash(Secret);

impl PasswordHash {
    /// Wraps a digest read back from storage.
    pub fn from_stored(text: impl Into<String>) -> Self {
        PasswordHash(Secret::new(text))
    }

    /// The text to store.
    pub fn as_stored(&self) -> &str {
        self.0.expose()
    }
}

impl fmt::Debug for PasswordHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PasswordHash(***)")
    }
}

/// A PayApp account's place in the hierarchy, as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PayAppSeller {
    pub merchant_id: MerchantId,
    pub userid: String,
    pub kind: SellerKind,
    /// The userid of the reseller or agency that signed this account up.
    pub parent: Option<String>,
    /// Present for accounts registered through `sellerRegist`.
    pub profile: Option<SellerProfile>,
    pub password: Option<PasswordHash>,
}

/// An account to be registered: a merchant, its PayApp credentials and its
/// place in the hierarchy, written together.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewSeller {
    /// The shop name buyers see.
    pub name: String,
    pub account: PayAppAccount,
    pub kind: SellerKind,
    pub parent: Option<String>,
    pub profile: Option<SellerProfile>,
    pub password: Option<PasswordHash>,
}

/// 부계정 권한 (`state`): a bit mask of [`Permissions::USE`],
/// [`Permissions::MAIN_ADMIN`] and [`Permissions::CANCEL`], 0 through 7.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Permissions(u8);

impl Permissions {
    /// 부계정사용: may use the account, i.e. request payments.
    pub const USE: u8 = 1;
    /// 메인관리자: may do everything the seller may.
    pub const MAIN_ADMIN: u8 = 2;
    /// 결제취소: may cancel payments.
    pub const CANCEL: u8 = 4;
    /// Every bit at once.
    pub const ALL: u8 = 7;

    /// The mask for `bits`, if it combines only the three permissions.
    pub const fn new(bits: u8) -> Option<Self> {
        if bits <= Self::ALL {
            Some(Permissions(bits))
        } else {
            None
        }
    }

    pub const fn bits(self) -> u8 {
        self.0
    }

    const fn has(self, bit: u8) -> bool {
        self.0 & bit != 0
    }

    /// May request payments (`payrequest`): 부계정사용 or 메인관리자.
    pub const fn may_request(self) -> bool {
        self.has(Self::USE) || self.has(Self::MAIN_ADMIN)
    }

    /// May cancel payments (`paycancel`): 결제취소 or 메인관리자.
    pub const fn may_cancel(self) -> bool {
        self.has(Self::CANCEL) || self.has(Self::MAIN_ADMIN)
    }
}

/// A sub-account as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SubAccount {
    /// 부계정 아이디, unique among every PayApp userid.
    pub subuserid: String,
    /// The seller it acts for.
    pub merchant_id: MerchantId,
    pub password: PasswordHash,
    /// 부계정명.
    pub subname: String,
    /// 대분류 / 중분류 / 소분류 (organisation), 직급 — free text, may be empty.
    pub subetc1: String,
    pub subetc2: String,
    pub subetc3: String,
    pub subjtype: String,
    pub permissions: Permissions,
    pub created_at: Timestamp,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permission_masks() {
        assert_eq!(Permissions::new(8), None);
        let allowed = |bits| {
            let p = Permissions::new(bits).unwrap();
            (p.may_request(), p.may_cancel())
        };
        assert_eq!(allowed(0), (false, false));
        assert_eq!(allowed(1), (true, false));
        assert_eq!(allowed(2), (true, true));
        assert_eq!(allowed(3), (true, true));
        assert_eq!(allowed(4), (false, true));
        assert_eq!(allowed(5), (true, true));
        assert_eq!(allowed(6), (true, true));
        assert_eq!(allowed(7), (true, true));
    }

    #[test]
    fn kinds() {
        for k in [SellerKind::Seller, SellerKind::Reseller, SellerKind::Agency] {
            assert_eq!(SellerKind::parse(k.as_str()), Some(k));
        }
        assert_eq!(
            SellerKind::Seller.signed_up_by(),
            Some(SellerKind::Reseller)
        );
        assert_eq!(
            SellerKind::Reseller.signed_up_by(),
            Some(SellerKind::Agency)
        );
        assert_eq!(SellerKind::Agency.signed_up_by(), None);
        assert_eq!(SellerKind::parse("Seller"), None);
    }

    #[test]
    fn password_hash_is_masked() {
        let h = PasswordHash::from_stored("sha256i$1$aa$bb");
        assert_eq!(format!("{h:?}"), "PasswordHash(***)");
        assert_eq!(h.as_stored(), "sha256i$1$aa$bb");
    }
}
