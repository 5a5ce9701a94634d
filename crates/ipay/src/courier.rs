//! The shipping vocabulary of `DoIpayShippingGeneral` and
//! `IpayChangeShippingType` (§3.2.2): the courier code table
//! ("※ 택배사 코드"), the shipping methods and the "기타배송방법" values.
//!
//! Shared by the server (which refuses anything outside these lists with
//! `Fail` and a reason) and merchant code written against the client, so
//! both sides spell the codes the same way. Codes are matched as the
//! manual writes them (lower case) but case-insensitively, as .NET's enum
//! parsing in the real service was.

/// One row of the manual's courier table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Courier {
    /// The code sent as `DeliveryAgency` (`cjgls`, `hanjin`…).
    pub code: &'static str,
    /// The name the manual gives it.
    pub name: &'static str,
}

const fn c(code: &'static str, name: &'static str) -> Courier {
    Courier { code, name }
}

/// The manual's table, in its order. `kgb` is 로젠택배: the manual notes
/// that the old KGB택배 was renamed, and `kgbls` is the other KGB택배.
pub const COURIERS: &[Courier] = &[
    c("nothing", "없음"),
    c("korex", "대한통운"),
    c("hyundai", "현대택배"),
    c("epost", "우체국택배"),
    c("dongbu", "동부택배"),
    c("cjgls", "CJ GLS택배"),
    c("kgb", "로젠택배"),
    c("yellow", "옐로우캡"),
    c("hanjin", "한진택배"),
    c("kgbls", "KGB택배"),
    c("hanaro", "하나로로지스"),
    c("innogis", "이노지스택배"),
    c("daesin", "대신택배"),
    c("ilyang", "일양로지스"),
    c("kyungdong", "경동택배"),
    c("chonil", "천일택배"),
    c("gtx", "GTX택배"),
    c("etc", "기타택배"),
];

/// The courier with code `code` (case-insensitive, surrounding spaces ignored).
pub fn courier(code: &str) -> Option<&'static Courier> {
    let code = code.trim();
    COURIERS.iter().find(|c| c.code.eq_ignore_ascii_case(code))
}

/// `ShippingMethodClassficationType` / `ShippingMethodClassfication`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShippingMethod {
    /// 택배: a courier from [`COURIERS`] and an invoice number.
    Door2Door,
    /// 소포 (post parcel).
    Parcel,
    /// 기타: one of [`EtcMethod`].
    Etc,
}

impl ShippingMethod {
    pub const ALL: [ShippingMethod; 3] = [
        ShippingMethod::Door2Door,
        ShippingMethod::Parcel,
        ShippingMethod::Etc,
    ];

    /// The wire value.
    pub const fn as_str(self) -> &'static str {
        match self {
            ShippingMethod::Door2Door => "Door2Door",
            ShippingMethod::Parcel => "Parcel",
            ShippingMethod::Etc => "Etc",
        }
    }

    pub fn parse(text: &str) -> Option<ShippingMethod> {
        let text = text.trim();
        Self::ALL
            .into_iter()
            .find(|m| m.as_str().eq_ignore_ascii_case(text))
    }
}

/// `ShippingEtcMethod`: how goods go when the method is `Etc`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EtcMethod {
    Nothing,
    Post,
    QuickService,
    Truck,
    Direct,
    Etc,
}

impl EtcMethod {
    pub const ALL: [EtcMethod; 6] = [
        EtcMethod::Nothing,
        EtcMethod::Post,
        EtcMethod::QuickService,
        EtcMethod::Truck,
        EtcMethod::Direct,
        EtcMethod::Etc,
    ];

    /// The wire value.
    pub const fn as_str(self) -> &'static str {
        match self {
            EtcMethod::Nothing => "Nothing",
            EtcMethod::Post => "Post",
            EtcMethod::QuickService => "QuickService",
            EtcMethod::Truck => "Truck",
            EtcMethod::Direct => "Direct",
            EtcMethod::Etc => "Etc",
        }
    }

    pub fn parse(text: &str) -> Option<EtcMethod> {
        let text = text.trim();
        Self::ALL
            .into_iter()
            .find(|m| m.as_str().eq_ignore_ascii_case(text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn courier_codes_are_unique_and_found() {
        for (i, a) in COURIERS.iter().enumerate() {
            assert_eq!(courier(a.code), Some(a));
            assert!(COURIERS[i + 1..].iter().all(|b| b.code != a.code));
        }
        assert_eq!(courier(" CJGLS ").map(|c| c.name), Some("CJ GLS택배"));
        assert_eq!(courier("kgb").map(|c| c.name), Some("로젠택배"));
        assert!(courier("dhl").is_none());
        assert!(courier("").is_none());
    }

    #[test]
    fn methods_round_trip() {
        for m in ShippingMethod::ALL {
            assert_eq!(ShippingMethod::parse(m.as_str()), Some(m));
        }
        for m in EtcMethod::ALL {
            assert_eq!(EtcMethod::parse(m.as_str()), Some(m));
        }
        assert_eq!(
            ShippingMethod::parse("door2door"),
            Some(ShippingMethod::Door2Door)
        );
        assert_eq!(ShippingMethod::parse("Courier"), None);
        assert_eq!(EtcMethod::parse("Bike"), None);
    }
}
