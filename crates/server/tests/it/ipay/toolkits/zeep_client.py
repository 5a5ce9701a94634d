"""An iPay merchant written with zeep, the way Python shops integrate:
a client generated from the service's WSDL, the ticket as a SOAP header.

usage: zeep_client.py BASE_URL TICKET (basic|paid-list|live)

basic:     InsertIpayOrderToLong, pay the cart in the sandbox,
           GetIpayOrderConfirm, GetIpayAccountNumb.
paid-list: the same registration and payment, then GetIpayPaidOrderList
           by pay number.
live:      a two-line cart paid, GetIpayAccountNumb(payNo), the order list
           (GetOrderListResponseT rows), DoIpayShippingGeneral in the live
           nested form on the first order, IpayDenySell(OrderNo) on the
           second, and the list again.
Prints one JSON object; a SOAP fault is printed as {"fault": ...} and
exits 2, so the Rust test shows what the service said.
"""
import json
import sys

import requests
from zeep import Client
from zeep.exceptions import Fault
from zeep.helpers import serialize_object

base, ticket, mode = sys.argv[1], sys.argv[2], sys.argv[3]
client = Client(base + "/ArcheSystem/IpayService.asmx?WSDL")
headers = {"EncryptedTicket": {"Value": ticket}}
service = client.service
out = {}
item = {
    "item_name": "zeep 후드티",
    "ipay_itemno": "Z-1",
    "item_option_name": "L",
    "item_price": 29800,
    "order_qty": 1,
    "item_url": "http://127.0.0.1:9/item?id=1&x=2",
    "thumbnail_url": "http://127.0.0.1:9/t.jpg",
}
items = [item]
if mode == "live":
    items.append(dict(item, ipay_itemno="Z-2", item_name="zeep 모자", item_option_name=""))


def order_rows(payno):
    rows = service.GetIpayPaidOrderList(
        req={"DurationType": "Nothing", "SearchType": "PayNo", "SearchValue": str(payno)},
        _soapheaders=headers,
    )
    rows = serialize_object(rows, dict)
    if isinstance(rows, dict):
        rows = rows.get("GetOrderListResponseT") or []
    return rows or []


try:
    cart = service.InsertIpayOrderToLong(
        ORDER={
            "payment_rule": 0,
            "pay_price": 29800 * len(items) + 2500,
            "shipping_price": 2500,
            "shipping_type": 3,
            "back_url": "http://127.0.0.1:9/back",
            "service_url": "http://127.0.0.1:9/service?a=1&b=2",
            "redirect_url": "http://127.0.0.1:9/done",
            "buyer_name": "홍길동",
        },
        ITEMS={"IpayServiceItems": items},
        _soapheaders=headers,
    )
    out["cart"] = cart
    paid = requests.post(
        base + "/sandbox/pay",
        json={"protocol": "ipay", "reference": str(cart), "method": "card"},
        timeout=10,
    )
    paid.raise_for_status()
    payno = service.GetIpayOrderConfirm(ipayCartNo=cart, _soapheaders=headers)
    out["payno"] = payno
    if mode in ("basic", "live"):
        account = service.GetIpayAccountNumb(payNo=payno, _soapheaders=headers)
        out["account"] = serialize_object(account, dict)
    if mode in ("paid-list", "live"):
        out["rows"] = order_rows(payno)
    if mode == "live":
        first, second = out["rows"][0], out["rows"][1]
        shipped = service.DoIpayShippingGeneral(
            req={
                "SellerID": "test",
                "OrderNo": first["OrderNo"],
                "RemittanceMethod": {"RemittanceMethodType": "Emoney"},
                "ShippingMethod": {
                    "SendDate": "2026-12-03",
                    "InvoiceNo": "123456789012",
                    "MessageForBuyer": "",
                    "ShippingMethodClassficationType": "Door2Door",
                    "DeliveryAgency": "korex",
                    "DeliveryAgencyName": "대한통운",
                    "ShippingEtcMethod": "Nothing",
                    "ShippingEtcAgencyName": "",
                },
            },
            _soapheaders=headers,
        )
        out["shipped"] = serialize_object(shipped, dict)
        denied = service.IpayDenySell(
            req={
                "SellerID": "test",
                "ItemID": second["ItemCode"],
                "OrderNo": second["OrderNo"],
                "DenySellReason": "RunOutOfStock",
            },
            _soapheaders=headers,
        )
        out["denied"] = serialize_object(denied, dict)
        out["after"] = order_rows(payno)
except Fault as f:
    out["fault"] = {"code": str(f.code), "message": f.message}
    print(json.dumps(out, default=str, ensure_ascii=False))
    sys.exit(2)
print(json.dumps(out, default=str, ensure_ascii=False))
