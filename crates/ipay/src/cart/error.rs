//! The error codes of `InsertIpayOrderToLong` (§3.1.5).
//!
//! iPay answers a refused cart with a negative "cart number": the code is the
//! whole reply, so every check maps to exactly one code and the message is
//! only for logs and the sandbox console.

use thiserror::Error;

/// Every code of §3.1.5, with the attribute it concerns.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CartErrorCode {
    /// −1: `payment_rule` is null.
    PaymentRuleMissing,
    /// −2: `pay_price` is null.
    PayPriceMissing,
    /// −3: `shipping_type` is null.
    ShippingTypeMissing,
    /// −4: `shipping_type` is 1 or 2 and `shipping_price` > 0.
    ShippingPriceNotFree,
    /// −5: `shipping_price` is null.
    ShippingPriceMissing,
    /// −6: `back_url` null or empty.
    BackUrlMissing,
    /// −7: `service_url` null or empty.
    ServiceUrlMissing,
    /// −8: `redirect_url` null or empty.
    RedirectUrlMissing,
    /// −9: `item_name` holds a forbidden character.
    ItemNameForbiddenChar,
    /// −10: `item_name` null or empty.
    ItemNameMissing,
    /// −11: `ipay_itemno` null or empty.
    ItemNoMissing,
    /// −12: `item_option_name` null (an empty value is fine).
    ItemOptionNameMissing,
    /// −13: `item_price` null.
    ItemPriceMissing,
    /// −14: `order_qty` null.
    OrderQtyMissing,
    /// −15: `item_url` null or empty.
    ItemUrlMissing,
    /// −16: `thumbnail_url` null or empty.
    ThumbnailUrlMissing,
    /// −17: `item_name` holds a word that may not be sold.
    ItemNameForbiddenWord,
    /// −18: retired by iPay ("더 이상 사용하지 않는 오류 코드"); never returned,
    /// kept so a code received from elsewhere still has a name.
    ThumbnailRetired,
    /// −19: `item_image` is over 400 KB or missing. Only the server can tell
    /// (it fetches the image), so [`read_cart`](super::read_cart) never
    /// returns it.
    ImageTooLarge,
    /// −20: `cancel_restriction` is not one of null, 0, 1.
    CancelRestrictionInvalid,
    /// −81: `discount_priceSpecified` is true but `discount_price` is absent or 0.
    DiscountMissing,
    /// −82: goods + shipping − discount < lines × 100.
    DiscountTooLarge,
    /// −91: `item_name` longer than 200 characters.
    ItemNameTooLong,
    /// −92: `item_option_name` longer than 100 characters.
    ItemOptionNameTooLong,
    /// −98: `pay_price` is not goods + shipping − discount.
    PayPriceMismatch,
    /// −99: anything else.
    Other,
}

impl CartErrorCode {
    /// Every code, in numeric order from −1 down to −99.
    pub const ALL: [CartErrorCode; 26] = [
        Self::PaymentRuleMissing,
        Self::PayPriceMissing,
        Self::ShippingTypeMissing,
        Self::ShippingPriceNotFree,
        Self::ShippingPriceMissing,
        Self::BackUrlMissing,
        Self::ServiceUrlMissing,
        Self::RedirectUrlMissing,
        Self::ItemNameForbiddenChar,
        Self::ItemNameMissing,
        Self::ItemNoMissing,
        Self::ItemOptionNameMissing,
        Self::ItemPriceMissing,
        Self::OrderQtyMissing,
        Self::ItemUrlMissing,
        Self::ThumbnailUrlMissing,
        Self::ItemNameForbiddenWord,
        Self::ThumbnailRetired,
        Self::ImageTooLarge,
        Self::CancelRestrictionInvalid,
        Self::DiscountMissing,
        Self::DiscountTooLarge,
        Self::ItemNameTooLong,
        Self::ItemOptionNameTooLong,
        Self::PayPriceMismatch,
        Self::Other,
    ];

    /// The negative number iPay returns in place of a cart number.
    pub const fn as_i64(self) -> i64 {
        match self {
            Self::PaymentRuleMissing => -1,
            Self::PayPriceMissing => -2,
            Self::ShippingTypeMissing => -3,
            Self::ShippingPriceNotFree => -4,
            Self::ShippingPriceMissing => -5,
            Self::BackUrlMissing => -6,
            Self::ServiceUrlMissing => -7,
            Self::RedirectUrlMissing => -8,
            Self::ItemNameForbiddenChar => -9,
            Self::ItemNameMissing => -10,
            Self::ItemNoMissing => -11,
            Self::ItemOptionNameMissing => -12,
            Self::ItemPriceMissing => -13,
            Self::OrderQtyMissing => -14,
            Self::ItemUrlMissing => -15,
            Self::ThumbnailUrlMissing => -16,
            Self::ItemNameForbiddenWord => -17,
            Self::ThumbnailRetired => -18,
            Self::ImageTooLarge => -19,
            Self::CancelRestrictionInvalid => -20,
            Self::DiscountMissing => -81,
            Self::DiscountTooLarge => -82,
            Self::ItemNameTooLong => -91,
            Self::ItemOptionNameTooLong => -92,
            Self::PayPriceMismatch => -98,
            Self::Other => -99,
        }
    }

    /// The code for a number, for clients reading a negative cart number.
    pub fn from_i64(code: i64) -> Option<CartErrorCode> {
        Self::ALL.into_iter().find(|c| c.as_i64() == code)
    }

    /// The attribute the manual's table names for this code (empty for −99).
    pub const fn attribute(self) -> &'static str {
        match self {
            Self::PaymentRuleMissing => "payment_rule",
            Self::PayPriceMissing | Self::PayPriceMismatch => "pay_price",
            Self::ShippingTypeMissing => "shipping_type",
            Self::ShippingPriceNotFree | Self::ShippingPriceMissing => "shipping_price",
            Self::BackUrlMissing => "back_url",
            Self::ServiceUrlMissing => "service_url",
            Self::RedirectUrlMissing => "redirect_url",
            Self::ItemNameForbiddenChar
            | Self::ItemNameMissing
            | Self::ItemNameForbiddenWord
            | Self::ItemNameTooLong => "item_name",
            Self::ItemNoMissing => "ipay_itemno",
            Self::ItemOptionNameMissing | Self::ItemOptionNameTooLong => "item_option_name",
            Self::ItemPriceMissing => "item_price",
            Self::OrderQtyMissing => "order_qty",
            Self::ItemUrlMissing => "item_url",
            Self::ThumbnailUrlMissing | Self::ThumbnailRetired => "thumbnail_url",
            Self::ImageTooLarge => "item_image_url",
            Self::CancelRestrictionInvalid => "cancel_restriction",
            Self::DiscountMissing | Self::DiscountTooLarge => "discount_price",
            Self::Other => "",
        }
    }

    /// The manual's Korean description of the code.
    pub const fn description(self) -> &'static str {
        match self {
            Self::PaymentRuleMissing => "payment_rule이 null",
            Self::PayPriceMissing => "pay_price이 null",
            Self::ShippingTypeMissing => "shipping_type이 null",
            Self::ShippingPriceNotFree => {
                "shipping_type값이 1이나 2이고, shipping_price값이 0보다 큰 경우"
            }
            Self::ShippingPriceMissing => "shipping_price이 null",
            Self::BackUrlMissing => "back_url이 null이거나, back_url값이 없음",
            Self::ServiceUrlMissing => "service_url이 null이거나, service_url값이 없음",
            // Verbatim, including the manual's slip ("service_url값").
            Self::RedirectUrlMissing => "redirect_url이 null이거나, service_url값이 없음",
            Self::ItemNameForbiddenChar => {
                "입력금지 문자 포함('\\'', '`', '^', '*', '|', '\\n', '\\0')"
            }
            Self::ItemNameMissing => "item_name이 null이거나, item_name값이 없음",
            Self::ItemNoMissing => "ipay_itemno이 null, ipay_itemno값이 없음",
            Self::ItemOptionNameMissing => "item_option_name이 null",
            Self::ItemPriceMissing => "item_price이 null",
            Self::OrderQtyMissing => "order_qty이 null",
            Self::ItemUrlMissing => "item_url이 null이거나, item_url값이 없음",
            Self::ThumbnailUrlMissing => "thumbnail_url이 null이거나, thumbnail_url값이 없음",
            Self::ItemNameForbiddenWord => "물품명에 판매가 금지된 단어가 포함되어 있음",
            Self::ThumbnailRetired => "더 이상 사용하지 않는 오류 코드",
            Self::ImageTooLarge => "Item_image_url 의 용량(400KB) 초과 또는 이미지가 존재하지 않음",
            Self::CancelRestrictionInvalid => "취소제한 값에는 ( null, 0, 1 ) 값만 가능 합니다.",
            Self::DiscountMissing => {
                "discount_priceSpecified 를 true 로 했지만 discount_price 를 입력하지 않은 경우, 혹은 0인 경우"
            }
            Self::DiscountTooLarge => "물품총금액 + 배송비 – 할인액  < cart수량x100",
            Self::ItemNameTooLong => "item_name 이 200자 초과시 오류",
            Self::ItemOptionNameTooLong => "item_option_name 이 100자 초과시 오류",
            Self::PayPriceMismatch => "pay_price는  shipping_price(배송비) 금액을 포함한 금액임",
            Self::Other => "기타오류",
        }
    }
}

/// A refused cart: the code iPay returns and a message naming the attribute
/// (and the item, counted from 1) for logs and the sandbox console.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
#[error("iPay error {}: {message}", code.as_i64())]
pub struct CartError {
    pub code: CartErrorCode,
    pub message: String,
}

impl CartError {
    pub(crate) fn new(code: CartErrorCode, message: impl Into<String>) -> Self {
        CartError {
            code,
            message: message.into(),
        }
    }
}
