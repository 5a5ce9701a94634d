use super::payapp_form;
use proptest::prelude::*;

/// Real request bodies (the client tests' and the manual's), the seeds the
/// structured cases mutate.
const SAMPLES: &[&str] = &[
    "cmd=payrequest&userid=payapptest&goodname=%EC%B0%A9%ED%95%9C+%EC%83%81%ED%92%88%2A\
     &price=1000&recvphone=01012345678&smsuse=n",
    "cmd=paycancel&userid=payapptest&linkkey=k%2By%3D&mul_no=2000&cancelmode=ready",
    "cmd=paycancelreq&userid=payapptest&linkkey=k%2By%3D&mul_no=2000&cancelmemo=%EC%B7%A8%EC%86%8C",
    "cmd=sellerRegist&userid=newseller01&userpwd=passw0rd1&sellername=%ED%99%8D%EA%B8%B8%EB%8F%99",
    "cmd=useridCheck&userid=payapptest&resellerid=payappreseller",
    "cmd=subidregist&userid=payapptest&subuserid=staff01&subpwd=staffpw123\
     &subname=%EA%B9%80%EC%A7%81%EC%9B%90&state=6",
    "cmd=cashSt&userid=payapptest&good_name=%EC%83%81%ED%92%88\
     &buyr_name=%ED%99%8D%EA%B8%B8%EB%8F%99&id_info=01012345678&trad_time=20151231183120\
     &tr_code=0&amt_tot=1100&amt_sup=1000&amt_svc=0&amt_tax=100&corp_tax_type=TG01",
    "cmd=cashStCn&userid=payapptest&cashstno=1000",
    "userid=payapptest&linkkey=k&linkval=v&goodname=x&price=1000&recvphone=01012345678\
     &pay_state=4&pay_type=1&mul_no=2000&reqdate=2024-01-31+13%3A05%3A09&feedbacktype=0",
    "state=1&errorMessage=&userid=newseller01&linkkey=AB%2B%2Fcd%3D&linkval=EF%2Bgh%3D",
    "cmd=payrequest&goodname=%C2%F8%C7%D1&price=1000&charset=euc-kr",
];

fn multipart(fields: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut body = b"\x01multipart/form-data; boundary=XX\n".to_vec();
    for (k, v) in fields {
        body.extend_from_slice(
            format!("--XX\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n").as_bytes(),
        );
        body.extend_from_slice(v);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(b"--XX--\r\n");
    body
}

/// A sample with some bytes replaced, inserted or cut.
fn mutated() -> impl Strategy<Value = Vec<u8>> {
    (
        prop::sample::select(SAMPLES),
        prop::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..3), 0..8),
    )
        .prop_map(|(sample, edits)| {
            let mut bytes = vec![0u8];
            bytes.extend_from_slice(sample.as_bytes());
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

/// A sample's fields re-sent as multipart, values mutated.
fn as_multipart() -> impl Strategy<Value = Vec<u8>> {
    (
        prop::sample::select(SAMPLES),
        prop::collection::vec(any::<u8>(), 0..4),
    )
        .prop_map(|(sample, noise)| {
            let mut fields: Vec<(String, Vec<u8>)> = form_urlencoded::parse(sample.as_bytes())
                .map(|(k, v)| (k.into_owned(), v.into_owned().into_bytes()))
                .collect();
            if let Some((_, v)) = fields.first_mut() {
                v.extend_from_slice(&noise);
            }
            multipart(&fields)
        })
}

#[test]
fn samples_run_clean() {
    for s in SAMPLES {
        let mut bytes = vec![0u8];
        bytes.extend_from_slice(s.as_bytes());
        payapp_form(&bytes);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes(data in prop::collection::vec(any::<u8>(), 0..512)) {
        payapp_form(&data);
    }

    #[test]
    fn mutated_requests(data in mutated()) {
        payapp_form(&data);
    }

    #[test]
    fn multipart_requests(data in as_multipart()) {
        payapp_form(&data);
    }
}
