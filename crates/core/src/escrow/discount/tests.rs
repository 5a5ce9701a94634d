use super::*;
use proptest::prelude::*;

fn won(v: i64) -> Won {
    Won::new(v).unwrap()
}

fn wons(vs: &[i64]) -> Vec<Won> {
    vs.iter().map(|v| won(*v)).collect()
}

fn alloc(lines: &[i64], shipping: i64, discount: i64) -> Result<(Vec<i64>, i64), DiscountError> {
    allocate_discount(&wons(lines), won(shipping), won(discount))
        .map(|a| (a.lines.iter().map(|w| w.get()).collect(), a.shipping.get()))
}

#[test]
fn zero_discount_leaves_the_cart_alone() {
    assert_eq!(alloc(&[29800], 2500, 0), Ok((vec![29800], 2500)));
    // Even lines under 100 won: −82 is a discount rule.
    assert_eq!(alloc(&[10, 20], 0, 0), Ok((vec![10, 20], 0)));
}

#[test]
fn no_lines_is_an_error() {
    assert_eq!(alloc(&[], 2500, 100), Err(DiscountError::NoLines));
}

#[test]
fn pro_rata_when_the_lines_can_carry_it() {
    assert_eq!(
        alloc(&[10000, 20000], 2500, 3000),
        Ok((vec![9000, 18000], 2500))
    );
}

#[test]
fn leftover_won_go_to_the_largest_remainder() {
    // 1000 × 1000/3000 = 333.33…, 1000 × 2000/3000 = 666.66…: the odd won
    // goes to the second line.
    assert_eq!(
        alloc(&[1000, 2000], 3000, 1000),
        Ok((vec![667, 1333], 3000))
    );
}

#[test]
fn ties_go_to_the_earlier_line() {
    assert_eq!(
        alloc(&[1000, 1000, 1000], 0, 1000),
        Ok((vec![666, 667, 667], 0))
    );
}

#[test]
fn large_discount_takes_every_line_to_100_and_eats_shipping() {
    // G = 1500, n × 100 = 200, discount 1500 ≥ 1300: lines at 100, the
    // remaining 200 comes off shipping.
    assert_eq!(alloc(&[1000, 500], 2500, 1500), Ok((vec![100, 100], 2300)));
    // Exactly at the threshold: shipping untouched.
    assert_eq!(alloc(&[1000, 500], 2500, 1300), Ok((vec![100, 100], 2500)));
}

#[test]
fn minus_82_when_less_than_100_won_per_line_remains() {
    assert_eq!(alloc(&[1000], 0, 901), Err(DiscountError::TooLarge));
    assert_eq!(alloc(&[1000], 0, 900), Ok((vec![100], 0)));
    assert_eq!(
        alloc(&[1000, 1000], 500, 2301),
        Err(DiscountError::TooLarge)
    );
    assert_eq!(alloc(&[1000, 1000], 500, 2300), Ok((vec![100, 100], 0)));
}

#[test]
fn a_share_that_would_cross_the_floor_is_capped_and_respread() {
    // The small line's share would be 73.9 won, but it can only give 50.
    assert_eq!(alloc(&[150, 10000], 0, 5000), Ok((vec![100, 5050], 0)));
}

#[test]
fn a_line_under_100_won_takes_no_discount() {
    assert_eq!(alloc(&[50, 1000], 0, 500), Ok((vec![50, 500], 0)));
    assert_eq!(alloc(&[50, 1000], 300, 1000), Ok((vec![50, 100], 200)));
}

#[test]
fn overflow_is_an_error_not_a_wrap() {
    let max = Won::MAX.get();
    assert_eq!(alloc(&[max, 1], 0, 1), Err(DiscountError::Overflow));
    assert_eq!(alloc(&[max], 1, 1), Err(DiscountError::Overflow));
}

proptest! {
    #[test]
    fn allocation_invariants(
        lines in proptest::collection::vec(0i64..200_000, 1..8),
        shipping in 0i64..10_000,
        discount in 0i64..400_000,
    ) {
        let subtotals = wons(&lines);
        let goods: i64 = lines.iter().sum();
        let n = lines.len() as i64;
        let result = allocate_discount(&subtotals, won(shipping), won(discount));
        // Deterministic.
        prop_assert_eq!(&result, &allocate_discount(&subtotals, won(shipping), won(discount)));
        match result {
            Err(DiscountError::TooLarge) => {
                prop_assert!(discount > 0);
                prop_assert!(goods + shipping - discount < n * 100);
            }
            Err(e) => prop_assert!(false, "unexpected {e:?}"),
            Ok(a) => {
                prop_assert!(discount == 0 || goods + shipping - discount >= n * 100);
                prop_assert_eq!(a.lines.len(), lines.len());
                let after: i64 = a.lines.iter().map(|w| w.get()).sum();
                prop_assert_eq!(after + a.shipping.get(), goods + shipping - discount);
                for (before, now) in lines.iter().zip(&a.lines) {
                    prop_assert!(now.get() <= *before, "a line increased");
                    prop_assert!(now.get() >= (*before).min(100), "a line fell below 100");
                }
                prop_assert!(a.shipping.get() <= shipping);
                if a.shipping.get() < shipping {
                    for (before, now) in lines.iter().zip(&a.lines) {
                        prop_assert_eq!(now.get(), (*before).min(100));
                    }
                }
                if discount == 0 {
                    prop_assert_eq!(a.lines, subtotals);
                    prop_assert_eq!(a.shipping.get(), shipping);
                }
            }
        }
    }

    #[test]
    fn shares_are_close_to_pro_rata_when_no_line_is_capped(
        lines in proptest::collection::vec(10_000i64..200_000, 1..6),
        discount in 0i64..5_000,
    ) {
        // With every line far above the floor, each share is floor or ceil of
        // the exact pro-rata share.
        let goods: i128 = lines.iter().map(|v| i128::from(*v)).sum();
        let a = allocate_discount(&wons(&lines), Won::ZERO, won(discount)).unwrap();
        for (before, now) in lines.iter().zip(&a.lines) {
            let share = i128::from(before - now.get());
            let exact_floor = i128::from(discount) * i128::from(*before) / goods;
            prop_assert!(share == exact_floor || share == exact_floor + 1);
        }
    }
}
