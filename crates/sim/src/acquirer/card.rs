//! Card numbers: the test-card table, Luhn, masking, card companies, expiry.
//!
//! Everything the simulator decides is decided here from the card number and
//! expiry alone, so a developer can force any outcome just by typing a number
//! from [`TEST_CARDS`], and the README can print the same table the code uses.

use super::{Decline, DeclineCode};
use chrono::Datelike;
use gyeolje_core::Timestamp;

/// What the simulator does with a card number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TestOutcome {
    Approve,
    Decline(DeclineCode),
}

/// One documented test card.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TestCard {
    /// 16 digits, no separators (buyers may type spaces or dashes).
    pub number: &'static str,
    pub outcome: TestOutcome,
    /// The card company an approval reports.
    pub card_name: &'static str,
    /// The simulator's two-digit code for that company.
    pub card_company_code: &'static str,
    pub description: &'static str,
}

const SHINHAN: (&str, &str) = ("신한카드", "41");
const KB: (&str, &str) = ("KB국민카드", "11");
const BC: (&str, &str) = ("BC카드", "31");
const HYUNDAI: (&str, &str) = ("현대카드", "61");
const LOTTE: (&str, &str) = ("롯데카드", "71");
const TEST: (&str, &str) = ("테스트카드", "99");

const fn card(
    number: &'static str,
    outcome: TestOutcome,
    company: (&'static str, &'static str),
    description: &'static str,
) -> TestCard {
    TestCard {
        number,
        outcome,
        card_name: company.0,
        card_company_code: company.1,
        description,
    }
}

/// The cards with a fixed outcome. Any other number is approved if it is
/// 14–19 digits and passes the Luhn check (card company from the first
/// digit: 3 현대, 4 신한, 5 KB국민, 6 롯데, 9 BC, else 테스트카드), and
/// declined as `invalid_number` otherwise.
pub const TEST_CARDS: &[TestCard] = &[
    card(
        "4242424242424242",
        TestOutcome::Approve,
        SHINHAN,
        "Approved.",
    ),
    card("5555555555554444", TestOutcome::Approve, KB, "Approved."),
    card(
        "9410000000000001",
        TestOutcome::Approve,
        BC,
        "Approved. (Not Luhn-valid; the simulator accepts it because it is listed here.)",
    ),
    card(
        "4000000000000002",
        TestOutcome::Decline(DeclineCode::Generic),
        SHINHAN,
        "Declined by the card company without a reason.",
    ),
    card(
        "4000000000009995",
        TestOutcome::Decline(DeclineCode::InsufficientFunds),
        SHINHAN,
        "Declined: insufficient funds or credit limit.",
    ),
    card(
        "4000000000000069",
        TestOutcome::Decline(DeclineCode::ExpiredCard),
        SHINHAN,
        "Declined: expired card, whatever expiry is entered.",
    ),
    card(
        "4000000000000119",
        TestOutcome::Decline(DeclineCode::Timeout),
        SHINHAN,
        "The card company does not answer: waits the configured timeout delay, then declines. Nothing is charged.",
    ),
];

/// Spaces and dashes removed; `None` unless what is left is 14–19 ASCII digits.
pub(super) fn normalize(input: &str) -> Option<String> {
    let digits: String = input.chars().filter(|c| *c != ' ' && *c != '-').collect();
    let ok = (14..=19).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit());
    ok.then_some(digits)
}

/// The Luhn (mod 10) check digit test. `digits` must be ASCII digits.
pub(super) fn luhn_valid(digits: &str) -> bool {
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 1 {
                let twice = d * 2;
                if twice > 9 { twice - 9 } else { twice }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// `424242******4242` from a normalized number (14–19 digits).
pub(super) fn mask(digits: &str) -> String {
    let n = digits.len();
    format!("{}{}{}", &digits[..6], "*".repeat(n - 10), &digits[n - 4..])
}

/// The masked form of raw input, or a placeholder if it is not a card number.
pub(super) fn mask_for_display(input: &str) -> String {
    normalize(input).map_or_else(|| "<redacted>".to_owned(), |d| mask(&d))
}

pub(super) fn find_test_card(digits: &str) -> Option<&'static TestCard> {
    TEST_CARDS.iter().find(|c| c.number == digits)
}

/// `(card name, company code)` for a number that is not in the table.
pub(super) fn company_for(digits: &str) -> (&'static str, &'static str) {
    match digits.as_bytes().first() {
        Some(b'3') => HYUNDAI,
        Some(b'4') => SHINHAN,
        Some(b'5') => KB,
        Some(b'6') => LOTTE,
        Some(b'9') => BC,
        _ => TEST,
    }
}

/// Checks an `MMYY` expiry (a `/` or spaces are tolerated) against the month
/// of `now` in KST; a card is valid through the last day of its expiry month.
pub(super) fn check_expiry(expiry: &str, now: Timestamp) -> Result<(), Decline> {
    let malformed = || Decline {
        code: DeclineCode::ExpiredCard,
        message: "유효기간을 확인해 주세요".to_owned(),
    };
    let digits: String = expiry.chars().filter(|c| *c != '/' && *c != ' ').collect();
    if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(malformed());
    }
    let month: u32 = digits[..2].parse().map_err(|_| malformed())?;
    let year: i32 = digits[2..].parse().map_err(|_| malformed())?;
    if !(1..=12).contains(&month) {
        return Err(malformed());
    }
    let today = now.to_kst();
    if (2000 + year, month) < (today.year(), today.month()) {
        return Err(Decline::new(DeclineCode::ExpiredCard));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    // 2024-01-31 13:05:09 KST.
    const JAN_2024: Timestamp = Timestamp::from_millis(1_706_673_909_000);
    // 2024-01-31 15:00:00 UTC = 2024-02-01 00:00:00 KST.
    const FEB_2024_KST: Timestamp = Timestamp::from_millis(1_706_713_200_000);

    #[test]
    fn luhn() {
        assert!(luhn_valid("4242424242424242"));
        assert!(luhn_valid("4111111111111111"));
        assert!(luhn_valid("36227206271667"));
        assert!(!luhn_valid("4242424242424241"));
        assert!(!luhn_valid("4111111111111112"));
    }

    #[test]
    fn normalizes_spaces_and_dashes_only() {
        assert_eq!(
            normalize("4242 4242-4242 4242").as_deref(),
            Some("4242424242424242")
        );
        assert_eq!(normalize("4242.4242.4242.4242"), None);
        assert_eq!(normalize("4242424242424"), None); // 13 digits
        assert_eq!(normalize("42424242424242424242"), None); // 20 digits
        assert_eq!(normalize("４２４２４２４２４２４２４２４２"), None); // full-width
    }

    #[test]
    fn masks_middle() {
        assert_eq!(mask("4242424242424242"), "424242******4242");
        assert_eq!(mask("36227206271667"), "362272****1667");
        assert_eq!(mask_for_display("4242-4242-4242-4242"), "424242******4242");
        assert_eq!(mask_for_display("1234"), "<redacted>");
    }

    #[test]
    fn table_is_consistent() {
        for card in TEST_CARDS {
            assert_eq!(normalize(card.number).as_deref(), Some(card.number));
            assert_eq!(find_test_card(card.number), Some(card));
            assert_eq!(card.card_company_code.len(), 2);
        }
    }

    #[test]
    fn company_from_first_digit() {
        assert_eq!(company_for("3622720627166").0, "현대카드");
        assert_eq!(company_for("4111111111111111").0, "신한카드");
        assert_eq!(company_for("5105105105105100").0, "KB국민카드");
        assert_eq!(company_for("6011111111111117").0, "롯데카드");
        assert_eq!(company_for("9400000000000000").0, "BC카드");
        assert_eq!(company_for("1234567812345670").0, "테스트카드");
    }

    #[test]
    fn expiry_month_is_inclusive() {
        assert!(check_expiry("0124", JAN_2024).is_ok());
        assert!(check_expiry("01/24", JAN_2024).is_ok());
        assert!(check_expiry("1299", JAN_2024).is_ok());
        let past = check_expiry("1223", JAN_2024).unwrap_err();
        assert_eq!(past, Decline::new(DeclineCode::ExpiredCard));
    }

    #[test]
    fn expiry_uses_kst() {
        // Still January in UTC, already February in Seoul.
        assert!(check_expiry("0124", FEB_2024_KST).is_err());
        assert!(check_expiry("0224", FEB_2024_KST).is_ok());
    }

    #[test]
    fn malformed_expiry_is_refused() {
        for bad in ["", "124", "1324", "0024", "ab24", "01-24", "012024"] {
            let d = check_expiry(bad, JAN_2024).unwrap_err();
            assert_eq!(d.code, DeclineCode::ExpiredCard, "{bad}");
            assert_eq!(d.message, "유효기간을 확인해 주세요");
        }
    }
}
