// An iPay merchant written with node-soap (npm `soap`), the way Node shops
// integrate: a client generated from the service's WSDL, the ticket added
// as a SOAP header, data in `attributes`.
//
// usage: node node_soap_client.js BASE_URL TICKET (basic|paid-list)
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
  try {
    const [insert] = await client.InsertIpayOrderToLongAsync({
      ORDER: {
        attributes: {
          payment_rule: 0,
          pay_price: 32300,
          shipping_price: 2500,
          shipping_type: 3,
          back_url: 'http://127.0.0.1:9/back',
          service_url: 'http://127.0.0.1:9/service?a=1&b=2',
          redirect_url: 'http://127.0.0.1:9/done',
        },
      },
      ITEMS: {
        IpayServiceItems: [
          {
            attributes: {
              item_name: 'node 후드티 & 모자',
              ipay_itemno: 'N-1',
              item_option_name: 'L',
              item_price: 29800,
              order_qty: 1,
              item_url: 'http://127.0.0.1:9/item?id=1&x=2',
              thumbnail_url: 'http://127.0.0.1:9/t.jpg',
            },
          },
        ],
      },
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
    if (mode === 'basic') {
      const [account] = await client.GetIpayAccountNumbAsync({ payno });
      out.account = account.GetIpayAccountNumbResult.attributes;
    } else {
      const [list] = await client.GetIpayPaidOrderListAsync({
        req: { attributes: { DurationType: 'Nothing', SearchType: 'PayNo', SearchValue: String(payno) } },
      });
      const result = (list && list.GetIpayPaidOrderListResult) || {};
      const rows = [].concat(result.PaidOrderT || []);
      out.rows = rows.map((r) => r.attributes);
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
