//! PayApp's error replies: `state=0&errorMessage=…&errno=…`.
//!
//! The manual's 오류코드 table defines six numbers and merchants branch on
//! them, so the number is an enum with exactly those values. The message is
//! free text, but merchants show it to people and paste it into support
//! tickets, so it always names the parameter at fault and says what is wrong
//! with it, in Korean like the rest of PayApp.

use crate::codec::{CodecError, encode_reply};
use std::fmt;

/// The `errno` values of the manual's 오류코드 table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u32)]
pub enum ErrorCode {
    /// 보안접속(https)으로 호출하지 않을 경우.
    HttpsRequired = 70001,
    /// userid, linkkey 값이 정확하지 않을 경우.
    BadCredentials = 70010,
    /// 파라메터값이 정확하지 않을 경우 (blank or malformed value).
    InvalidParameter = 70020,
    /// cmd 값이 정확하지 않은 경우.
    UnknownCmd = 70040,
    /// 권한이 없는 경우.
    NotPermitted = 70060,
    /// 고객사 응답 실패 (the merchant's feedbackurl did not answer SUCCESS).
    MerchantResponseFailed = 70080,
}

impl ErrorCode {
    pub const ALL: [ErrorCode; 6] = [
        ErrorCode::HttpsRequired,
        ErrorCode::BadCredentials,
        ErrorCode::InvalidParameter,
        ErrorCode::UnknownCmd,
        ErrorCode::NotPermitted,
        ErrorCode::MerchantResponseFailed,
    ];

    /// The number sent as `errno`.
    pub const fn code(self) -> u32 {
        self as u32
    }

    /// The code for an `errno` read from a reply, if it is one of the table's.
    pub fn from_code(code: u32) -> Option<ErrorCode> {
        Self::ALL.into_iter().find(|c| c.code() == code)
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.code())
    }
}

/// A refusal, as PayApp reports it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct PayAppError {
    pub code: ErrorCode,
    pub message: String,
}

impl PayAppError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        PayAppError {
            code,
            message: message.into(),
        }
    }

    /// 70020: `field` has a value that is wrong for the reason `why`.
    /// The message reads `price: 숫자만 입력할 수 있습니다`.
    pub fn invalid(field: &str, why: &str) -> Self {
        Self::new(ErrorCode::InvalidParameter, format!("{field}: {why}"))
    }

    /// 70020: a required `field` is absent or blank.
    pub fn missing(field: &str) -> Self {
        Self::invalid(field, "필수 값이 비어 있습니다")
    }

    /// 70010: the seller id or link key is absent or does not match.
    pub fn bad_credentials(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::BadCredentials, message)
    }

    /// 70040: `cmd` names no API.
    pub fn unknown_cmd(cmd: &str) -> Self {
        let message = if cmd.is_empty() {
            "cmd 값을 확인하세요: 비어 있습니다".to_owned()
        } else {
            format!("cmd 값을 확인하세요: 알 수 없는 cmd '{cmd}'")
        };
        Self::new(ErrorCode::UnknownCmd, message)
    }

    /// 70060: the seller may not do this.
    pub fn not_permitted(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::NotPermitted, message)
    }

    /// 70001: the call came over plain http where https is required.
    pub fn https_required() -> Self {
        Self::new(ErrorCode::HttpsRequired, "보안접속(https)으로 호출하세요")
    }

    /// 70080: the merchant's feedbackurl did not answer `SUCCESS`.
    pub fn merchant_response_failed(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::MerchantResponseFailed, message)
    }

    /// The reply line: `state=0&errorMessage=<urlencoded>&errno=<code>`.
    pub fn to_reply(&self) -> String {
        let errno = self.code.code().to_string();
        encode_reply(&[
            ("state", "0"),
            ("errorMessage", &self.message),
            ("errno", &errno),
        ])
    }
}

/// A body that is not UTF-8 is a bad parameter value (70020), naming the field.
impl From<CodecError> for PayAppError {
    fn from(e: CodecError) -> Self {
        match e {
            CodecError::NotUtf8 { field } => {
                PayAppError::invalid(&field, "UTF-8 문자열이 아닙니다")
            }
            e @ CodecError::Multipart { .. } => {
                PayAppError::new(ErrorCode::InvalidParameter, e.to_string())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_the_manuals() {
        let codes: Vec<u32> = ErrorCode::ALL.iter().map(|c| c.code()).collect();
        assert_eq!(codes, [70001, 70010, 70020, 70040, 70060, 70080]);
        for c in ErrorCode::ALL {
            assert_eq!(ErrorCode::from_code(c.code()), Some(c));
        }
        assert_eq!(ErrorCode::from_code(99999), None);
    }

    #[test]
    fn invalid_names_field_and_reason() {
        let e = PayAppError::invalid("price", "숫자만 입력할 수 있습니다");
        assert_eq!(e.code, ErrorCode::InvalidParameter);
        assert_eq!(e.to_string(), "price: 숫자만 입력할 수 있습니다");
        assert!(
            PayAppError::missing("goodname")
                .message
                .starts_with("goodname: ")
        );
    }

    #[test]
    fn constructors_pick_codes() {
        assert_eq!(PayAppError::bad_credentials("x").code.code(), 70010);
        assert_eq!(PayAppError::unknown_cmd("nope").code.code(), 70040);
        assert!(PayAppError::unknown_cmd("nope").message.contains("nope"));
        assert!(PayAppError::unknown_cmd("").message.contains("cmd"));
        assert_eq!(PayAppError::not_permitted("x").code.code(), 70060);
        assert_eq!(PayAppError::https_required().code.code(), 70001);
        assert_eq!(
            PayAppError::merchant_response_failed("x").code.code(),
            70080
        );
    }

    #[test]
    fn codec_error_becomes_70020() {
        let e: PayAppError = CodecError::NotUtf8 {
            field: "memo".into(),
        }
        .into();
        assert_eq!(e.code, ErrorCode::InvalidParameter);
        assert_eq!(e.message, "memo: UTF-8 문자열이 아닙니다");
    }

    #[test]
    fn error_reply_line() {
        let e = PayAppError::invalid("price", "숫자만 입력할 수 있습니다");
        insta::assert_snapshot!(e.to_reply());
    }
}
