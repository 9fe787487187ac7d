//! Phone and fax numbers for people: E.164 as stored, grouped the way each country writes
//! its numbers when shown in letters, pages and dry runs.

/// A phone or fax number in E.164 (`+77172506402`) grouped for people to read and dial, the
/// way each country writes its numbers:
/// - Kazakhstan and Russia (+7): area code, then `XXX-XX-XX` (`+7 7172 50-64-02`; Almaty's 727,
///   mobile and Russian codes have three digits: `+7 701 234-56-78`, `+7 495 123-45-67`);
/// - the United Kingdom (+44), Germany (+49), Belgium (+32), France (+33) and the NANP (+1) by
///   their area codes (`+44 1632 960000`, `+49 30 47007131`, `+32 2 373 38 90`);
/// - elsewhere the country code apart from the rest (`+31 201234567`), as E.123 allows.
///
/// Anything that is not a `+` and digits is returned as given.
pub fn human_number(e164: &str) -> String {
    let Some(digits) = e164
        .strip_prefix('+')
        .filter(|d| d.len() >= 4 && d.bytes().all(|b| b.is_ascii_digit()))
    else {
        return e164.to_string();
    };
    let cc_len = country_code_len(digits);
    let (cc, rest) = digits.split_at(cc_len);
    let n = rest.len();
    // Splits `rest` at the given group lengths; what is left over is the last group.
    let groups = |lens: &[usize], joiners: &[&str]| -> String {
        let mut out = format!("+{cc} ");
        let mut at = 0;
        for (i, len) in lens.iter().enumerate() {
            out.push_str(&rest[at..at + len]);
            out.push_str(joiners.get(i).copied().unwrap_or(" "));
            at += len;
        }
        out.push_str(&rest[at..]);
        out
    };
    match (cc, n) {
        // Kazakhstan's landline codes start 71 or 72 and have four digits, but Almaty's 727 and
        // the mobile codes (70x, 74x, 77x) have three, as Russia's do.
        ("7", 10)
            if (rest.starts_with("71") || rest.starts_with("72")) && !rest.starts_with("727") =>
        {
            groups(&[4, 2, 2], &[" ", "-", "-"])
        }
        ("7", 10) => groups(&[3, 3, 2], &[" ", "-", "-"]),
        ("1", 10) => groups(&[3, 3], &[]),
        // London, Southampton, Coventry, Northern Ireland, Cardiff: 20 7930 8990.
        ("44", 10) if rest.starts_with('2') => groups(&[2, 4], &[]),
        // The large cities' 11x and 1x1 (161 496 0000); non-geographic 3xx, 8xx, 9xx.
        ("44", 10) if uk_three_digit_code(rest) => groups(&[3, 3], &[]),
        // Other areas' four-digit codes (1632 960000) and mobiles (7700 900000).
        ("44", 9..=10) => groups(&[4], &[]),
        // Germany's codes run from two digits to five: the two-digit ones are known (Berlin,
        // Hamburg, Frankfurt, Munich), the rest cannot be told apart without a full table.
        ("49", _) if ["30", "40", "69", "89"].iter().any(|c| rest.starts_with(c)) => {
            groups(&[2], &[])
        }
        // Brussels, Antwerp, Ghent (and Liège's 4 in an eight-digit number): 2 373 38 90.
        ("32", 8) if matches!(rest.as_bytes()[0], b'2' | b'3' | b'4' | b'9') => {
            groups(&[1, 3, 2], &[])
        }
        ("32", 8) => groups(&[2, 2, 2], &[]),
        // Mobiles: 470 12 34 56.
        ("32", 9) => groups(&[3, 2, 2], &[]),
        ("33", 9) => groups(&[1, 2, 2, 2], &[]),
        _ => format!("+{cc} {rest}"),
    }
}

/// Whether a UK national number has a three-digit code: the large cities' 11x and 1x1
/// (`161 496 0000`), and the non-geographic 3xx, 8xx and 9xx.
fn uk_three_digit_code(national: &str) -> bool {
    let b = national.as_bytes();
    match b {
        [b'1', b'1', ..] | [b'1', _, b'1', ..] => true,
        [first, ..] => matches!(first, b'3' | b'8' | b'9'),
        [] => false,
    }
}

/// The length of the ITU country calling code `digits` starts with: 1 and 7 are one digit;
/// the two-digit codes are listed; every other code has three.
fn country_code_len(digits: &str) -> usize {
    const TWO: &[&str] = &[
        "20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44", "45", "46",
        "47", "48", "49", "51", "52", "53", "54", "55", "56", "57", "58", "60", "61", "62", "63",
        "64", "65", "66", "81", "82", "84", "86", "90", "91", "92", "93", "94", "95", "98",
    ];
    if digits.starts_with('1') || digits.starts_with('7') {
        1
    } else if TWO.iter().any(|c| digits.starts_with(c)) {
        2
    } else {
        3
    }
}

#[cfg(test)]
mod tests {
    use super::human_number;

    #[test]
    fn numbers_are_grouped_for_people() {
        for (e164, shown) in [
            // Astana, Almaty, a Kazakh mobile, Moscow.
            ("+77172506402", "+7 7172 50-64-02"),
            ("+77272123456", "+7 727 212-34-56"),
            ("+77012345678", "+7 701 234-56-78"),
            ("+74951234567", "+7 495 123-45-67"),
            // Kazakhstan's embassies (appeals/missions/kz) and the sample organisation.
            ("+493047007131", "+49 30 47007131"),
            ("+3223733890", "+32 2 373 38 90"),
            ("+12022325488", "+1 202 232 5488"),
            ("+442079308990", "+44 20 7930 8990"),
            ("+441632960001", "+44 1632 960001"),
            ("+441614960000", "+44 161 496 0000"),
            ("+441134960000", "+44 113 496 0000"),
            ("+447700900123", "+44 7700 900123"),
            ("+33144556677", "+33 1 44 55 66 77"),
            ("+32470123456", "+32 470 12 34 56"),
            // Codes whose area codes are not known: the country code apart.
            ("+4922112345678", "+49 22112345678"),
            ("+31201234567", "+31 201234567"),
            ("+380441234567", "+380 441234567"),
            // Not E.164: as given.
            ("0171 2345", "0171 2345"),
            ("+7", "+7"),
        ] {
            assert_eq!(human_number(e164), shown, "{e164}");
        }
    }
}
