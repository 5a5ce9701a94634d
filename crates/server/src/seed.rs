//! Demo merchants, seeded into an empty database with the vendors' own
//! published test credentials, so the manuals' examples work unchanged.

use gyeolje_core::{NewMerchant, PayAppAccount, Secret, Timestamp};
use gyeolje_store::{Store, StoreError};

/// PayApp's test seller (manual 001, 테스트 정보).
pub const PAYAPP_DEMO_USERID: &str = "payapptest";
pub const PAYAPP_DEMO_LINKKEY: &str = "ALSL4bhw2kPlZ+NeonwmJ+1DPJnCCRVaOgT+oqg6zaM=";
pub const PAYAPP_DEMO_LINKVAL: &str = "ALSL4bhw2kPlZ+NeonwmJ7lHBlJsugxqHSmEy6b48Xk=";

fn demo_merchants() -> Vec<NewMerchant> {
    vec![NewMerchant {
        name: "페이앱 테스트상점".into(),
        payapp: Some(PayAppAccount {
            userid: PAYAPP_DEMO_USERID.into(),
            linkkey: Secret::new(PAYAPP_DEMO_LINKKEY),
            linkval: Secret::new(PAYAPP_DEMO_LINKVAL),
            common_feedbackurl: None,
        }),
    }]
}

/// Seeds the demo merchants if there are no merchants at all. Safe when
/// several processes start at once: the loser of the race hits the unique
/// userid and its whole insert rolls back.
pub async fn seed_demo_merchants(store: &dyn Store, now: Timestamp) -> Result<(), StoreError> {
    if !store.list_merchants().await?.is_empty() {
        return Ok(());
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
    Ok(())
}
