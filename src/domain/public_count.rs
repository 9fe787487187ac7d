//! How many people acted, as a public page may say it: rounded down to a multiple of a step
//! of at least ten, and nothing below the step. A reader who sees the number before and after
//! one more person acts learns nothing about that person: it changes only every `step` actions,
//! and never shows whether anyone at all acted until many have.

use crate::model::campaign::MIN_COUNTER_STEP;

/// `count` as published with `step` (raised to [`MIN_COUNTER_STEP`] when smaller): the largest
/// multiple of the step not above it, or `None` below the step.
pub fn public_count(count: u64, step: u64) -> Option<u64> {
    let step = step.max(MIN_COUNTER_STEP);
    let shown = count - count % step;
    (shown > 0).then_some(shown)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_rounded_down_and_small_ones_hidden() {
        assert_eq!(public_count(0, 10), None);
        assert_eq!(public_count(9, 10), None);
        assert_eq!(public_count(10, 10), Some(10));
        assert_eq!(public_count(79, 10), Some(70));
        assert_eq!(public_count(1234, 100), Some(1200));
        assert_eq!(public_count(99, 100), None);
        assert_eq!(public_count(15, 1), Some(10), "never finer than ten");
    }
}
