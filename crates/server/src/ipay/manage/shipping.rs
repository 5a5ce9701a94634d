//! Shipping (§3.2.2 1–3): `DoIpayShippingGeneral` (발송처리),
//! `IpayChangeShippingType` (correcting a shipped order's courier or
//! invoice) and `DoIpayOrderDecisionRequest` (the seller records the
//! buyer's decision).
//!
//! Every field is checked before the order is touched, against the
//! manual's vocabularies in [`gyeolje_ipay::courier`]; a bad value is a
//! `Fail` naming the field, never a fault.
//!
//! `DoIpayShippingGeneral` comes in two forms: the live service's, with
//! the remittance and shipping data as `<RemittanceMethod …/>` and
//! `<ShippingMethod …/>` children of `req` (in `Arche.API.xsd`, which the
//! WSDL publishes), and the manual's, with the same attributes flat on
//! `req`. A field is read from its child when the child carries it, else
//! from `req`.

use super::super::call::{Call, Fault};
use super::cancel::bool_result;
use super::view::{self, is_callers_id, req};
use gyeolje_core::escrow::{Decider, OrderCommand, OrderState, Shipment};
use gyeolje_ipay::courier::{EtcMethod, ShippingMethod, courier};
use gyeolje_ipay::ops::Object;
use gyeolje_ipay::soap::ResultValue;

/// The delivery part shared by both operations: method, courier or other
/// means, invoice number, message.
struct Delivery {
    method: ShippingMethod,
    agency: Option<String>,
    agency_name: Option<String>,
    etc_method: Option<String>,
    etc_agency_name: Option<String>,
    invoice_no: String,
    message: String,
}

/// Where a group of fields is read from: the nested child of the live
/// form when present and carrying the field, else the flat `req`.
#[derive(Clone, Copy)]
struct Fields<'a> {
    nested: Option<Object<'a>>,
    flat: Object<'a>,
}

impl<'a> Fields<'a> {
    fn flat(req: Object<'a>) -> Fields<'a> {
        Fields {
            nested: None,
            flat: req,
        }
    }

    fn nested(req: Object<'a>, child: &str) -> Fields<'a> {
        Fields {
            nested: req.child(child),
            flat: req,
        }
    }

    fn attr_str(&self, name: &str) -> Option<&'a str> {
        self.nested
            .and_then(|n| n.attr_str(name))
            .or_else(|| self.flat.attr_str(name))
    }

    fn attr_date_time(&self, name: &str) -> Option<&'a str> {
        self.nested
            .and_then(|n| n.attr_date_time(name))
            .or_else(|| self.flat.attr_date_time(name))
    }
}

fn text<'a>(req: &Fields<'a>, name: &str) -> &'a str {
    req.attr_str(name).map_or("", str::trim)
}

/// Reads the delivery fields; `method_field` differs between the two
/// request types (`ShippingMethodClassficationType` / `…Classfication`).
/// A new shipment needs a courier's invoice number; a change may leave it
/// out (the manual marks `InvoiceNo` optional there) and keeps the old one.
fn delivery(
    req: &Fields<'_>,
    method_field: &str,
    invoice_required: bool,
) -> Result<Delivery, String> {
    let method_text = text(req, method_field);
    let method = ShippingMethod::parse(method_text).ok_or_else(|| {
        format!("{method_field} {method_text:?}는 Door2Door, Parcel, Etc 중 하나여야 합니다")
    })?;
    let invoice_no = text(req, "InvoiceNo").to_owned();
    let agency_text = text(req, "DeliveryAgency");
    let agency_name = text(req, "DeliveryAgencyName");
    let agency = if agency_text.is_empty() {
        None
    } else {
        Some(courier(agency_text).ok_or_else(|| {
            format!("택배사코드(DeliveryAgency) {agency_text:?}가 택배사 코드표에 없습니다")
        })?)
    };
    let etc_text = text(req, "ShippingEtcMethod");
    let etc = if etc_text.is_empty() {
        None
    } else {
        Some(EtcMethod::parse(etc_text).ok_or_else(|| {
            format!(
                "기타배송방법(ShippingEtcMethod) {etc_text:?}는 Nothing, Post, QuickService, Truck, Direct, Etc 중 하나여야 합니다"
            )
        })?)
    };
    match method {
        ShippingMethod::Door2Door => {
            let Some(c) = agency.filter(|c| c.code != "nothing") else {
                return Err("택배 발송은 택배사코드(DeliveryAgency)가 필요합니다".to_owned());
            };
            if c.code == "etc" && agency_name.is_empty() {
                return Err("기타택배(etc)는 택배사명(DeliveryAgencyName)이 필요합니다".to_owned());
            }
            if invoice_required && invoice_no.is_empty() {
                return Err("택배 발송은 송장번호(InvoiceNo)가 필요합니다".to_owned());
            }
        }
        ShippingMethod::Parcel => {}
        ShippingMethod::Etc => {
            if etc.is_none_or(|m| m == EtcMethod::Nothing) {
                return Err(
                    "기타 발송은 기타배송방법(ShippingEtcMethod: Post, QuickService, Truck, Direct, Etc)이 필요합니다"
                        .to_owned(),
                );
            }
        }
    }
    let agency_name = match (agency, agency_name) {
        (_, n) if !n.is_empty() => Some(n.to_owned()),
        (Some(c), _) => Some(c.name.to_owned()),
        (None, _) => None,
    };
    let etc_agency_name = Some(text(req, "ShippingEtcAgencyName"))
        .filter(|n| !n.is_empty())
        .map(str::to_owned);
    Ok(Delivery {
        method,
        agency: agency.map(|c| c.code.to_owned()),
        agency_name,
        etc_method: etc.map(|m| m.as_str().to_owned()),
        etc_agency_name,
        invoice_no,
        message: req.attr_str("MessageForBuyer").unwrap_or("").to_owned(),
    })
}

/// `RemittanceMethodType` with its account: `Cash` needs the account
/// holder, number and a known bank code; `Emoney` takes none.
fn remittance(req: &Fields<'_>) -> Result<(String, Option<String>), String> {
    match text(req, "RemittanceMethodType") {
        "Emoney" => Ok(("Emoney".to_owned(), None)),
        "Cash" => {
            let name = text(req, "RemittanceAccountName");
            let number = text(req, "RemittanceAccountNumber");
            let bank = text(req, "RemittanceBankCode");
            if name.is_empty() || number.is_empty() || bank.is_empty() {
                return Err(
                    "온라인송금(Cash)은 송금계좌 예금주, 계좌번호, 은행코드가 필요합니다"
                        .to_owned(),
                );
            }
            if !number.chars().all(|c| c.is_ascii_digit() || c == '-') {
                return Err(format!("송금계좌번호 {number:?}가 올바르지 않습니다"));
            }
            if !gyeolje_sim::BANKS.iter().any(|(code, _)| *code == bank) {
                return Err(format!(
                    "송금은행코드(RemittanceBankCode) {bank:?}가 올바르지 않습니다"
                ));
            }
            Ok(("Cash".to_owned(), Some(format!("{bank} {number} {name}"))))
        }
        other => Err(format!(
            "판매자 송금타입(RemittanceMethodType) {other:?}는 Cash 또는 Emoney여야 합니다"
        )),
    }
}

/// `DoIpayShippingGeneral` → `Ship`.
pub async fn ship(call: &Call<'_>) -> Result<ResultValue, Fault> {
    let seller = call.seller()?;
    let req = req(call)?;
    let answer: Result<(), String> = 'answer: {
        if !is_callers_id(seller, req.attr_str("SellerID")) {
            break 'answer Err("판매자아이디와 요청자아이디가 상이합니다".to_owned());
        }
        let order_no = match view::order_no(&req, "OrderNo") {
            Ok(n) => n,
            Err(m) => break 'answer Err(m),
        };
        let (remittance, account) = match remittance(&Fields::nested(req, "RemittanceMethod")) {
            Ok(r) => r,
            Err(m) => break 'answer Err(m),
        };
        let shipping = Fields::nested(req, "ShippingMethod");
        let Some(send_date) = shipping
            .attr_date_time("SendDate")
            .filter(|d| !d.is_empty())
        else {
            break 'answer Err("배송일(SendDate)을 입력해 주세요".to_owned());
        };
        let d = match delivery(&shipping, "ShippingMethodClassficationType", true) {
            Ok(d) => d,
            Err(m) => break 'answer Err(m),
        };
        let shipment = Shipment {
            method: d.method.as_str().to_owned(),
            agency: d.agency,
            agency_name: d.agency_name,
            etc_method: d.etc_method,
            etc_agency_name: d.etc_agency_name,
            invoice_no: d.invoice_no,
            message: d.message,
            send_date: send_date.to_owned(),
            remittance,
            remittance_account: account,
        };
        view::command(call, seller, order_no, OrderCommand::Ship(shipment))
            .await?
            .map(|_| ())
            .map_err(|r| r.message("발송처리"))
    };
    Ok(success_fail(call, "DoShippingGeneralResponseType", answer))
}

/// `IpayChangeShippingType` → `ChangeShipment`, only while 배송중. The
/// remittance and send date of the original shipment are kept.
pub async fn change(call: &Call<'_>) -> Result<ResultValue, Fault> {
    let seller = call.seller()?;
    let req = req(call)?;
    let answer: Result<(), String> = 'answer: {
        let order_no = match view::order_no(&req, "OrderNo") {
            Ok(n) => n,
            Err(m) => break 'answer Err(m),
        };
        let d = match delivery(&Fields::flat(req), "ShippingMethodClassfication", false) {
            Ok(d) => d,
            Err(m) => break 'answer Err(m),
        };
        let Some(v) = view::sellers_order(call, seller, order_no).await? else {
            break 'answer Err(view::Refusal::NotFound(order_no).message("배송방법 변경"));
        };
        if v.order.state != OrderState::Shipping {
            break 'answer Err(format!(
                "{} 상태의 주문은 배송방법을 변경할 수 없습니다 (배송중 주문만 가능)",
                v.order.state.label()
            ));
        }
        let before = v.order.shipment.unwrap_or_default();
        let shipment = Shipment {
            method: d.method.as_str().to_owned(),
            agency: d.agency,
            agency_name: d.agency_name,
            etc_method: d.etc_method,
            etc_agency_name: d.etc_agency_name,
            invoice_no: if d.invoice_no.is_empty() {
                before.invoice_no
            } else {
                d.invoice_no
            },
            message: d.message,
            send_date: before.send_date,
            remittance: before.remittance,
            remittance_account: before.remittance_account,
        };
        view::command(
            call,
            seller,
            order_no,
            OrderCommand::ChangeShipment(shipment),
        )
        .await?
        .map(|_| ())
        .map_err(|r| r.message("배송방법 변경"))
    };
    Ok(success_fail(call, "ChangeShippingTypeResponseType", answer))
}

/// `DoIpayOrderDecisionRequest` → `Decide(Seller)`.
pub async fn decision_request(call: &Call<'_>) -> Result<ResultValue, Fault> {
    let seller = call.seller()?;
    let req = req(call)?;
    let answer: Result<(), String> = 'answer: {
        if !is_callers_id(seller, req.attr_str("SellerID")) {
            break 'answer Err("판매자아이디와 요청자아이디가 상이합니다".to_owned());
        }
        let order_no = match view::order_no(&req, "OrderNo") {
            Ok(n) => n,
            Err(m) => break 'answer Err(m),
        };
        view::command(
            call,
            seller,
            order_no,
            OrderCommand::Decide(Decider::Seller),
        )
        .await?
        .map(|_| ())
        .map_err(|r| r.message("구매결정"))
    };
    Ok(bool_result(call, answer))
}

fn success_fail(
    call: &Call<'_>,
    kind_field: &'static str,
    answer: Result<(), String>,
) -> ResultValue {
    let (kind, reason) = match answer {
        Ok(()) => ("Success", String::new()),
        Err(m) => ("Fail", m),
    };
    ResultValue::object(
        call.op,
        [(kind_field, kind.to_owned()), ("FailReason", reason)],
    )
}
