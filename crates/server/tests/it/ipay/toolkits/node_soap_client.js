// An iPay merchant written with node-soap (npm `soap`), the way Node shops
// integrate: a client generated from the service's WSDL, the ticket added
// as a SOAP header, data in `attributes`.
//
// usage: node node_soap_client.js BASE_URL TICKET (basic|paid-list|live)
// Same calls as zeep_client.py; prints one JSON object, {"fault": ...} and
// exit code 2 for a SOAP fault.
'use strict';
const soap = require('soap');

const [, , base, ticket, mode] = process.argv;

async function main() {
  const client = await soap.createClientAsync(`${base}/ArcheSystem/IpayService.asmx?WSDL`);
  client.addSoapHeader(
    `<EncryptedTicket xmlns="http://www.auction.co.kr/Security"><Value>${ticket}</Value></EncryptedTicket>`,
  );
  const out = {};
  const item = {
    item_name: 'node 후드티 & 모자',
    ipay_itemno: 'N-1',
    item_option_name: 'L',
    item_price: 29800,
    order_qty: 1,
    item_url: 'http://127.0.0.1:9/item?id=1&x=2',
    thumbnail_url: 'http://127.0.0.1:9/t.jpg',
  };
  const items = [item];
  if (mode === 'live') items.push({ ...item, ipay_itemno: 'N-2', item_name: 'node 모자', item_option_name: '' });
  const orderRows = async (payno) => {
    const [list] = await client.GetIpayPaidOrderListAsync({
      req: { attributes: { DurationType: 'Nothing', SearchType: 'PayNo', SearchValue: String(payno) } },
    });
    const result = (list && list.GetIpayPaidOrderListResult) || {};
    return [].concat(result.GetOrderListResponseT || []).map((r) => r.attributes);
  };
  try {
    const [insert] = await client.InsertIpayOrderToLongAsync({
      ORDER: {
        attributes: {
          payment_rule: 0,
          pay_price: 29800 * items.length + 2500,
          shipping_price: 2500,
          shipping_type: 3,
          back_url: 'http://127.0.0.1:9/back',
          service_url: 'http://127.0.0.1:9/service?a=1&b=2',
          redirect_url: 'http://127.0.0.1:9/done',
        },
      },
      ITEMS: { IpayServiceItems: items.map((attributes) => ({ attributes })) },
    });
    const cart = Number(insert.InsertIpayOrderToLongResult);
    out.cart = cart;
    const paid = await fetch(`${base}/sandbox/pay`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ protocol: 'ipay', reference: String(cart), method: 'card' }),
    });
    if (!paid.ok) throw new Error(`sandbox pay: ${paid.status} ${await paid.text()}`);
    const [confirm] = await client.GetIpayOrderConfirmAsync({ ipayCartNo: cart });
    const payno = Number(confirm.GetIpayOrderConfirmResult);
    out.payno = payno;
    if (mode === 'basic' || mode === 'live') {
      const [account] = await client.GetIpayAccountNumbAsync({ payNo: payno });
      out.account = account.GetIpayAccountNumbResult.attributes;
    }
    if (mode === 'paid-list' || mode === 'live') out.rows = await orderRows(payno);
    if (mode === 'live') {
      const [first, second] = out.rows;
      const [shipped] = await client.DoIpayShippingGeneralAsync({
        req: {
          attributes: { SellerID: 'test', OrderNo: first.OrderNo },
          RemittanceMethod: { attributes: { RemittanceMethodType: 'Emoney' } },
          ShippingMethod: {
            attributes: {
              SendDate: '2026-12-03',
              InvoiceNo: '123456789012',
              MessageForBuyer: '',
              ShippingMethodClassficationType: 'Door2Door',
              DeliveryAgency: 'korex',
              DeliveryAgencyName: '대한통운',
              ShippingEtcMethod: 'Nothing',
              ShippingEtcAgencyName: '',
            },
          },
        },
      });
      out.shipped = shipped.DoIpayShippingGeneralResult.attributes;
      const [denied] = await client.IpayDenySellAsync({
        req: {
          attributes: {
            SellerID: 'test',
            ItemID: second.ItemCode,
            OrderNo: second.OrderNo,
            DenySellReason: 'RunOutOfStock',
          },
        },
      });
      out.denied = denied.IpayDenySellResult.attributes;
      out.after = await orderRows(payno);
      out.request = client.lastRequest;
    }
  } catch (e) {
    if (e.root && e.root.Envelope) {
      out.fault = e.root.Envelope.Body.Fault;
      console.log(JSON.stringify(out));
      process.exit(2);
    }
    throw e;
  }
  console.log(JSON.stringify(out));
}

main().catch((e) => {
  console.error(e && e.stack ? e.stack : e);
  process.exit(1);
});
