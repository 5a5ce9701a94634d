"""An iPay merchant written with zeep, the way Python shops integrate:
a client generated from the service's WSDL, the ticket as a SOAP header.

usage: zeep_client.py BASE_URL TICKET (basic|paid-list)

basic:     InsertIpayOrderToLong, pay the cart in the sandbox,
           GetIpayOrderConfirm, GetIpayAccountNumb.
paid-list: the same registration and payment, then GetIpayPaidOrderList
           by pay number.
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
try:
    cart = service.InsertIpayOrderToLong(
        ORDER={
            "payment_rule": 0,
            "pay_price": 32300,
            "shipping_price": 2500,
            "shipping_type": 3,
            "back_url": "http://127.0.0.1:9/back",
            "service_url": "http://127.0.0.1:9/service?a=1&b=2",
            "redirect_url": "http://127.0.0.1:9/done",
            "buyer_name": "홍길동",
        },
        ITEMS={
            "IpayServiceItems": [
                {
                    "item_name": "zeep 후드티",
                    "ipay_itemno": "Z-1",
                    "item_option_name": "L",
                    "item_price": 29800,
                    "order_qty": 1,
                    "item_url": "http://127.0.0.1:9/item?id=1&x=2",
                    "thumbnail_url": "http://127.0.0.1:9/t.jpg",
                }
            ]
        },
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
    if mode == "basic":
        account = service.GetIpayAccountNumb(payno=payno, _soapheaders=headers)
        out["account"] = serialize_object(account, dict)
    else:
        rows = service.GetIpayPaidOrderList(
            req={"DurationType": "Nothing", "SearchType": "PayNo", "SearchValue": str(payno)},
            _soapheaders=headers,
        )
        rows = serialize_object(rows, dict)
        if isinstance(rows, dict):
            rows = rows.get("PaidOrderT") or []
        out["rows"] = rows or []
except Fault as f:
    out["fault"] = {"code": str(f.code), "message": f.message}
    print(json.dumps(out, default=str, ensure_ascii=False))
    sys.exit(2)
print(json.dumps(out, default=str, ensure_ascii=False))
