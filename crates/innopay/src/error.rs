//! InnoPay refusals.
//!
//! Error policy: every refusal is an [`InnoPayError`] — a [`ResultCode`] and
//! a Korean message naming the field at fault and, where it helps, the rule
//! it broke ("amt: 숫자만 입력 가능합니다"). InnoPay answers refusals with HTTP
//! 200 and the code in `resultCode` (merchants judge by it, see MISSION
//! "What real integrations do"), so this type carries no HTTP status; the
//! server puts it into the reply shape of the API that refused.

use crate::codes::ResultCode;

/// A refusal: the code and a Korean message naming the field at fault.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("[{}] {message}", code.code())]
pub struct InnoPayError {
    /// What went wrong, as the wire reports it.
    pub code: ResultCode,
    /// For a person: names the field and the rule.
    pub message: String,
}

impl InnoPayError {
    /// A refusal with its own message.
    pub fn new(code: ResultCode, message: impl Into<String>) -> Self {
        InnoPayError {
            code,
            message: message.into(),
        }
    }

    /// The code's [`ResultCode::default_message`].
    pub fn of(code: ResultCode) -> Self {
        InnoPayError::new(code, code.default_message())
    }

    /// `3002`: a required field is missing or empty.
    pub fn missing(field: &str) -> Self {
        InnoPayError::new(
            ResultCode::MissingField,
            format!("{field}: 필수 항목이 누락되었습니다"),
        )
    }

    /// `3003`: a field has a JSON type that cannot be read as text.
    pub fn wrong_type(field: &str, found: &str) -> Self {
        InnoPayError::new(
            ResultCode::WrongType,
            format!("{field}: 문자열이어야 합니다 ({found} 불가)"),
        )
    }

    /// `3004`: a field is longer than `max` characters.
    pub fn too_long(field: &str, max: usize) -> Self {
        InnoPayError::new(
            ResultCode::FieldTooLong,
            format!("{field}: 최대 {max}자까지 입력 가능합니다"),
        )
    }

    /// `3005`: a field cannot be read; `what` says what it should look like.
    pub fn format(field: &str, what: &str) -> Self {
        InnoPayError::new(
            ResultCode::InvalidFormat,
            format!("{field}: 형식이 올바르지 않습니다 ({what})"),
        )
    }

    /// `3006`: a readable value that is not allowed; `why` names the rule.
    pub fn value(field: &str, why: &str) -> Self {
        InnoPayError::new(
            ResultCode::InvalidValue,
            format!("{field}: 값이 올바르지 않습니다 ({why})"),
        )
    }

    /// `3007`: the deadline is outside now..=D+3 23:59:59 KST.
    pub fn deadline(field: &str, why: &str) -> Self {
        InnoPayError::new(
            ResultCode::InvalidDeadline,
            format!("{field}: 결제마감기한이 올바르지 않습니다 ({why})"),
        )
    }

    /// `3001`: the body as a whole cannot be read.
    pub fn malformed(why: &str) -> Self {
        InnoPayError::new(
            ResultCode::MalformedRequest,
            format!("요청 형식이 올바르지 않습니다 ({why})"),
        )
    }
}

impl From<ResultCode> for InnoPayError {
    fn from(code: ResultCode) -> Self {
        InnoPayError::of(code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_shows_code_and_message() {
        let e = InnoPayError::too_long("goodsName", 40);
        assert_eq!(
            e.to_string(),
            "[3004] goodsName: 최대 40자까지 입력 가능합니다"
        );
        assert_eq!(InnoPayError::missing("mid").code, ResultCode::MissingField);
        assert_eq!(
            InnoPayError::from(ResultCode::Internal).code,
            ResultCode::Internal
        );
    }
}
