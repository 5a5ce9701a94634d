//! §5 부록 (카드사코드표): the card-company codes of the notification's
//! `cardIssueCode` / `cardAcquireCode` (§4.2.3).

/// The whole §5 table, in its order. There is no `05`.
pub const CARD_COMPANIES: &[(&str, &str)] = &[
    ("01", "비씨"),
    ("02", "국민"),
    ("03", "외환"),
    ("04", "삼성"),
    ("06", "신한"),
    ("07", "현대"),
    ("08", "롯데"),
    ("09", "한미"),
    ("10", "신세계한미"),
    ("11", "시티"),
    ("12", "농협"),
    ("13", "수협"),
    ("14", "평화"),
    ("15", "우리"),
    ("16", "하나"),
    ("17", "동남(주택)"),
    ("18", "주택"),
    ("19", "조흥(강원)"),
    ("20", "축협(농협)"),
    ("21", "광주"),
    ("22", "전북"),
    ("23", "제주"),
    ("24", "산은"),
    ("25", "해외비자"),
    ("26", "해외마스터"),
    ("27", "해외다이너스"),
    ("28", "해외 AMX"),
    ("29", "해외 JCB"),
];

/// The §5 name of a code (`"06"` → `"신한"`).
pub fn card_company_name(code: &str) -> Option<&'static str> {
    let code = code.trim();
    CARD_COMPANIES
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, name)| *name)
}

/// Names acquirers print that differ from §5's, after "카드" is stripped and
/// spaces removed, upper-cased.
const ALIASES: &[(&str, &str)] = &[
    ("BC", "01"),
    ("KB국민", "02"),
    ("KB", "02"),
    ("KEB외환", "03"),
    ("씨티", "11"),
    ("한국씨티", "11"),
    ("NH농협", "12"),
    ("NH", "12"),
    ("KEB하나", "16"),
    ("하나SK", "16"),
    ("KDB산업", "24"),
    ("산업", "24"),
    ("VISA", "25"),
    ("비자", "25"),
    ("MASTER", "26"),
    ("MASTERCARD", "26"),
    ("마스터", "26"),
    ("DINERS", "27"),
    ("다이너스", "27"),
    ("AMX", "28"),
    ("AMEX", "28"),
    ("아멕스", "28"),
    ("JCB", "29"),
];

/// Maps an acquirer's card name (the simulator reports "신한카드", "KB국민카드", "BC카드", "현대카드", "롯데카드", "테스트카드", …) to its §5 code and name: strips "카드", maps KB국민→02 국민, BC→01 비씨 etc.; None when not in the table.
pub fn card_company_by_name(name: &str) -> Option<(&'static str, &'static str)> {
    let squashed: String = name
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_uppercase();
    let key = squashed
        .strip_suffix("카드")
        .or_else(|| squashed.strip_suffix("CARD"))
        .unwrap_or(&squashed);
    if key.is_empty() {
        return None;
    }
    let by_code = |code: &str| {
        CARD_COMPANIES
            .iter()
            .find(|(c, _)| *c == code)
            .map(|(c, n)| (*c, *n))
    };
    CARD_COMPANIES
        .iter()
        .find(|(_, n)| n.replace(' ', "").to_uppercase() == key)
        .map(|(c, n)| (*c, *n))
        .or_else(|| {
            ALIASES
                .iter()
                .find(|(alias, _)| *alias == key)
                .and_then(|(_, code)| by_code(code))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        assert_eq!(CARD_COMPANIES.len(), 28);
        assert_eq!(card_company_name("05"), None);
        assert_eq!(card_company_name("29"), Some("해외 JCB"));
        assert_eq!(card_company_name("01"), Some("비씨"));
    }

    #[test]
    fn acquirer_names() {
        for (name, code) in [
            ("신한카드", "06"),
            ("KB국민카드", "02"),
            ("국민카드", "02"),
            ("BC카드", "01"),
            ("비씨카드", "01"),
            ("현대카드", "07"),
            ("롯데카드", "08"),
            ("삼성카드", "04"),
            ("하나카드", "16"),
            ("우리카드", "15"),
            ("NH농협카드", "12"),
            ("씨티카드", "11"),
            ("해외 JCB", "29"),
            ("JCB", "29"),
            ("Visa", "25"),
            ("동남(주택)", "17"),
        ] {
            assert_eq!(
                card_company_by_name(name).map(|(c, _)| c),
                Some(code),
                "{name}"
            );
        }
        assert_eq!(card_company_by_name("KB국민카드"), Some(("02", "국민")));
        assert_eq!(card_company_by_name("테스트카드"), None);
        assert_eq!(card_company_by_name("카드"), None);
        assert_eq!(card_company_by_name(""), None);
    }
}
