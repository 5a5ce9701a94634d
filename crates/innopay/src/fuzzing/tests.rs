use super::innopay_json;
use proptest::prelude::*;

/// Real bodies (the manual's examples as the tests and snapshots hold
/// them), the seeds the structured cases mutate. A leading `\x00` means no
/// `Content-Type`; `\x01…\n` gives one.
const SAMPLES: &[&str] = &[
    "\x00{\"mid\":\"testpay01m\", \"moid\":\"test20180313001\", \"goodsName\":\"테스트상품\",\
     \"amt\":\"10,004\", \"dutyFreeAmt\":\"\", \"buyerName\":\"테스트\", \"buyerTel\":\"01012341234\",\
     \"buyerEmail\":\"\", \"payExpDate\":\"2018-03-13 23:59:59\", \"userId\":\"\", \"svcPrdtCd\":\"03\"}",
    "\x01application/json; charset=utf-8\n{\"mid\":\"testpay01m\",\"goodsName\":\"상품\",\"amt\":10004,\
     \"buyerName\":\"홍길동\",\"buyerTel\":\"010-1234-5678\",\"buyerEmail\":null}",
    "\x00{\"mid\":\"testpay01m\",\"tid\":\" testpay01m01011801181105238578\",\"svcCd\":\"01\",\
     \"cancelAmt\":\"1000\",\"cancelMsg\":\"test\",\"cancelPwd\":\"123456\"}",
    "\x00{\"mid\":\"m\",\"tid\":\"t\",\"svcCd\":1,\"cancelAmt\":500,\"cancelMsg\":\"x\",\"cancelPwd\":\"p\",\
     \"partialCancelCode\":\"1\",\"refundBankCd\":\"004\"}",
    "\x00{\"amt\":\"10,005\",\"buyerEmail\":\"\",\"buyerName\":\"테스트\",\"buyerTel\":\"010-4311-6330\",\
     \"goodsName\":\"테스트상품\",\"mid\":\"testpay01m\",\"moid\":\"test20180313001\",\
     \"payExpDate\":\"2018-03-13 23:59:59\",\"resultCode\":\"0000\",\"resultMsg\":\"ok\",\
     \"orderUrl\":\"https://pg.example/s/AZBUfx\"}",
    "\x00LicenseKey=Ma29gyAFhvv/%2Be4/AHpV6pISQlvSKziLlbrNoXPbRS5nfTx2DOs8OJve%2BNzwyoaQ8p9Uy1AN4S1I0Um5v7oNUg==\
     &ServiceMode=PY0&Mid=testpay01m&PayMethod=CSMS&PgMID=nictest14m&Moid=test20180313003\
     &RequestType=&GoodsName=테스트상품&Amt=10005&Encoding=url_euc-kr&BuyerName=%C8%AB",
    "\x00transSeq=2000000123&userId=testpay01m&moid=test20180313001&goodsAmt=10005&status=25\
     &pgTid=testpay01m01031803130000000123&approvalAmt=10005&cardNo=9410-12**-****-3456\
     &cardQuota=00&goodsSize=1&goodsCodeArray%5B%5D=G-1&goodsNameArray%5B%5D=x\
     &goodsAmtArray%5B%5D=10005&goodsCntArray%5B%5D=1&totalAmtArray%5B%5D=10005",
    "\x00moid=test20180313001&resultCode=0000&resultMsg=%EC%84%B1%EA%B3%B5",
];

/// A sample with some bytes replaced, inserted or cut.
fn mutated() -> impl Strategy<Value = Vec<u8>> {
    (
        prop::sample::select(SAMPLES),
        prop::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..3), 0..8),
    )
        .prop_map(|(sample, edits)| {
            let mut bytes = sample.as_bytes().to_vec();
            for (at, byte, kind) in edits {
                let i = at.index(bytes.len());
                match kind {
                    0 => bytes[i] = byte,
                    1 => bytes.insert(i, byte),
                    _ => bytes.truncate(i.max(1)),
                }
            }
            bytes
        })
}

/// A JSON object of arbitrary field names and values of every JSON type.
fn json_object() -> impl Strategy<Value = Vec<u8>> {
    let names = prop::sample::select(
        &[
            "mid",
            "moid",
            "goodsName",
            "amt",
            "dutyFreeAmt",
            "buyerName",
            "buyerTel",
            "buyerEmail",
            "payExpDate",
            "userId",
            "svcPrdtCd",
            "tid",
            "svcCd",
            "cancelAmt",
            "cancelMsg",
            "cancelPwd",
            "partialCancelCode",
        ][..],
    );
    let value = prop_oneof![
        any::<String>().prop_map(serde_json::Value::String),
        any::<i64>().prop_map(serde_json::Value::from),
        any::<f64>().prop_map(serde_json::Value::from),
        Just(serde_json::Value::Null),
        "[0-9,\\- :]{0,24}".prop_map(serde_json::Value::String),
    ];
    prop::collection::btree_map(names, value, 0..12).prop_map(|m| {
        let object: serde_json::Map<String, serde_json::Value> =
            m.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
        let mut bytes = vec![0u8];
        bytes.extend_from_slice(serde_json::Value::Object(object).to_string().as_bytes());
        bytes
    })
}

#[test]
fn samples_run_clean() {
    for s in SAMPLES {
        innopay_json(s.as_bytes());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes(data in prop::collection::vec(any::<u8>(), 0..512)) {
        innopay_json(&data);
    }

    #[test]
    fn mutated_requests(data in mutated()) {
        innopay_json(&data);
    }

    #[test]
    fn json_requests(data in json_object()) {
        innopay_json(&data);
    }
}
