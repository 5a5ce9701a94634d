//! Demo merchants, seeded into an empty database with the vendors' own
//! published test credentials, so the manuals' examples work unchanged.

use gyeolje_core::{
    InnoPayAccount, IpayAccount, NewMerchant, NewSeller, NotifySettings, PayAppAccount, PgMid,
    Secret, SellerKind, Timestamp,
};
use gyeolje_store::{Store, StoreError};

/// PayApp's test seller (manual 001, 테스트 정보).
pub const PAYAPP_DEMO_USERID: &str = "payapptest";
pub const PAYAPP_DEMO_LINKKEY: &str = "ALSL4bhw2kPlZ+NeonwmJ+1DPJnCCRVaOgT+oqg6zaM=";
pub const PAYAPP_DEMO_LINKVAL: &str = "ALSL4bhw2kPlZ+NeonwmJ7lHBlJsugxqHSmEy6b48Xk=";

/// The demo agency (대리점): signs up resellers through `sellerRegist`.
pub const PAYAPP_AGENCY_USERID: &str = "payappagency";
pub const PAYAPP_AGENCY_LINKKEY: &str = "vJ3Pl2QJDgwWZx7FJDvbGMcrVT5lwa6L23odu/ujZtY=";
pub const PAYAPP_AGENCY_LINKVAL: &str = "vU8KY2G5ckT2PNqISHTG+vFI94aSLoYTfP1ooeqKVYg=";
/// The demo reseller (리셀러), under the agency: signs up sellers.
pub const PAYAPP_RESELLER_USERID: &str = "payappreseller";
pub const PAYAPP_RESELLER_LINKKEY: &str = "ehU3KNZcFdv9hsNqMwdHtvJgVKWNpViv6AzOvPIK3u4=";
pub const PAYAPP_RESELLER_LINKVAL: &str = "5kq+3L1Xy4ejgcTFl/gtzC+o6DgAFrN3R8gEm+oFQHA=";

/// InnoPay's test merchant (manual 002 §1.1 테스트 정보, §3.1 TEST cancelPwd).
pub const INNOPAY_DEMO_MID: &str = "testpay01m";
pub const INNOPAY_DEMO_LICENSE_KEY: &str =
    "Ma29gyAFhvv/+e4/AHpV6pISQlvSKziLlbrNoXPbRS5nfTx2DOs8OJve+NzwyoaQ8p9Uy1AN4S1I0Um5v7oNUg==";
pub const INNOPAY_DEMO_PG_MID_MANUAL: &str = "nictest14m";
pub const INNOPAY_DEMO_PG_MID_AUTH: &str = "2999199999";
pub const INNOPAY_DEMO_CANCEL_PWD: &str = "123456";

/// iPay's demo seller (manual 000): the seller id of the manual's payment
/// page URLs and both API tickets printed in its samples (§3.1.2: the ASP
/// sample's `key`, the PHP sample's `$ticket`).
pub const IPAY_DEMO_SELLER: &str = "test";
pub const IPAY_DEMO_TICKET_ASP: &str = "dxfDecPJLgNqQEViNtvGUdVidn6gIPZxy+iPdIo+ySFfp76z7J5GqXEMNDCsEIMOfHIDJP0fRhHInG+p/uQ6jqNCtavqqYF7Orlegi74aA5wMfLpcIkA7SrcgnuKEzA/V+aFf7fI0LThlEJVO/QPYNvLPS9Sgmjffk7Ov51xKljlMh4DoulWe6DBfVRw9YY81QoG9B9BIxQcTaEBOSh1Tq5k=";
pub const IPAY_DEMO_TICKET_PHP: &str = "d6CLKXxE0tPDLVa599qXYpWqy9v4SFWieCbJXCzIMGVL/H+0IRMdlSetMXoBhmoYWgbqv02KZsUldPhZtoaU586/RBrDMjoGUIiJoq1m7Obn6N6XJpEXtHSAwufVU8drRyheJMZm2pnebpC7vt3afvKcXR1Wj/kkIAyru3WOD7nwhwTNdTejk9OUXUL409s9Jl5de0B+fuQJehlMPaQiOb8=";
/// The demo shop's registered site, which the escrow join-confirm page
/// checks the `Referer` against.
pub const IPAY_DEMO_SITE: &str = "http://127.0.0.1";

fn ipay_demo() -> NewMerchant {
    NewMerchant {
        callback_hosts: Vec::new(),
        name: "iPay 테스트 판매자".into(),
        payapp: None,
        innopay: None,
        ipay: Some(IpayAccount {
            seller_id: IPAY_DEMO_SELLER.into(),
            site_urls: vec![IPAY_DEMO_SITE.into()],
        }),
    }
}

/// The iPay demo seller and its two tickets, added when missing from a
/// database seeded with the other demo merchants (operators' own databases
/// are left alone). Safe to repeat: tickets are added idempotently.
async fn seed_ipay_demo(store: &dyn Store, now: Timestamp) -> Result<(), StoreError> {
    if store
        .merchant_by_payapp_userid(PAYAPP_DEMO_USERID)
        .await?
        .is_none()
    {
        return Ok(());
    }
    let merchant = match store.merchant_by_ipay_seller(IPAY_DEMO_SELLER).await? {
        Some(m) => m,
        None => match store.create_merchant(ipay_demo(), now).await {
            Ok(created) => {
                tracing::info!(merchant = %created.id, seller = IPAY_DEMO_SELLER, "seeded demo ipay seller");
                created
            }
            Err(StoreError::Conflict(_)) => {
                match store.merchant_by_ipay_seller(IPAY_DEMO_SELLER).await? {
                    Some(m) => m,
                    None => return Ok(()),
                }
            }
            Err(e) => return Err(e),
        },
    };
    for ticket in [IPAY_DEMO_TICKET_ASP, IPAY_DEMO_TICKET_PHP] {
        store
            .add_ipay_ticket(merchant.id, &crate::ipay::ticket::ticket_hash(ticket))
            .await?;
    }
    Ok(())
}

fn innopay_demo() -> NewMerchant {
    NewMerchant {
        callback_hosts: Vec::new(),
        name: "테스트가맹점".into(),
        payapp: None,
        innopay: Some(InnoPayAccount {
            mid: INNOPAY_DEMO_MID.into(),
            license_key: Secret::new(INNOPAY_DEMO_LICENSE_KEY),
            cancel_pwd: Secret::new(INNOPAY_DEMO_CANCEL_PWD),
            pg_mids: vec![
                PgMid {
                    pg_mid: INNOPAY_DEMO_PG_MID_MANUAL.into(),
                    product_code: "03".into(),
                },
                PgMid {
                    pg_mid: INNOPAY_DEMO_PG_MID_AUTH.into(),
                    product_code: "04".into(),
                },
            ],
            notify: NotifySettings::default(),
        }),
        ipay: None,
    }
}

fn demo_merchants() -> Vec<NewMerchant> {
    vec![
        NewMerchant {
            callback_hosts: Vec::new(),
            innopay: None,
            ipay: None,
            name: "페이앱 테스트상점".into(),
            payapp: Some(PayAppAccount {
                userid: PAYAPP_DEMO_USERID.into(),
                linkkey: Secret::new(PAYAPP_DEMO_LINKKEY),
                linkval: Secret::new(PAYAPP_DEMO_LINKVAL),
                common_feedbackurl: None,
            }),
        },
        innopay_demo(),
    ]
}

/// Seeds the demo merchants if there are no merchants at all. Safe when
/// several processes start at once: the loser of the race hits the unique
/// userid and its whole insert rolls back.
pub async fn seed_demo_merchants(store: &dyn Store, now: Timestamp) -> Result<(), StoreError> {
    if !store.list_merchants().await?.is_empty() {
        seed_innopay_demo(store, now).await?;
        seed_ipay_demo(store, now).await?;
        return seed_demo_hierarchy(store, now).await;
    }
    for m in demo_merchants() {
        match store.create_merchant(m, now).await {
            Ok(created) => {
                tracing::info!(merchant = %created.id, name = %created.name, "seeded demo merchant")
            }
            Err(StoreError::Conflict(_)) => {}
            Err(e) => return Err(e),
        }
    }
    seed_ipay_demo(store, now).await?;
    seed_demo_hierarchy(store, now).await
}

/// The InnoPay test merchant, added to a database seeded before it existed
/// (one that holds the PayApp demo seller); operators' own databases are
/// left alone.
async fn seed_innopay_demo(store: &dyn Store, now: Timestamp) -> Result<(), StoreError> {
    let seeded = store
        .merchant_by_payapp_userid(PAYAPP_DEMO_USERID)
        .await?
        .is_some();
    if !seeded
        || store
            .merchant_by_innopay_mid(INNOPAY_DEMO_MID)
            .await?
            .is_some()
    {
        return Ok(());
    }
    match store.create_merchant(innopay_demo(), now).await {
        Ok(created) => {
            tracing::info!(merchant = %created.id, mid = INNOPAY_DEMO_MID, "seeded demo innopay merchant");
            Ok(())
        }
        Err(StoreError::Conflict(_)) => Ok(()),
        Err(e) => Err(e),
    }
}

/// PayApp's demo agency and the reseller under it, so `sellerRegist` and
/// `useridCheck` can be tried. Added to a database that holds the demo
/// seller but not them (one created before they existed); a database whose
/// merchants are all the operator's own is left alone.
async fn seed_demo_hierarchy(store: &dyn Store, now: Timestamp) -> Result<(), StoreError> {
    if store
        .merchant_by_payapp_userid(PAYAPP_DEMO_USERID)
        .await?
        .is_none()
    {
        return Ok(());
    }
    let demo = [
        (
            "페이앱 데모 대리점",
            PAYAPP_AGENCY_USERID,
            PAYAPP_AGENCY_LINKKEY,
            PAYAPP_AGENCY_LINKVAL,
            SellerKind::Agency,
            None,
        ),
        (
            "페이앱 데모 리셀러",
            PAYAPP_RESELLER_USERID,
            PAYAPP_RESELLER_LINKKEY,
            PAYAPP_RESELLER_LINKVAL,
            SellerKind::Reseller,
            Some(PAYAPP_AGENCY_USERID),
        ),
    ];
    for (name, userid, linkkey, linkval, kind, parent) in demo {
        if store.payapp_userid_taken(userid).await? {
            continue;
        }
        let seller = NewSeller {
            name: name.into(),
            account: PayAppAccount {
                userid: userid.into(),
                linkkey: Secret::new(linkkey),
                linkval: Secret::new(linkval),
                common_feedbackurl: None,
            },
            kind,
            parent: parent.map(str::to_owned),
            profile: None,
            password: None,
        };
        match store.register_seller(seller, now).await {
            Ok(created) => {
                tracing::info!(merchant = %created.id, %userid, %kind, "seeded demo payapp account")
            }
            Err(StoreError::Conflict(_)) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}
