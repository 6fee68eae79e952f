//! Answers that report success or failure per item (a spec's `x-outcome`): a partial failure is
//! a normal answer, and these helpers split it.

/// An item of an answer that says by itself whether it succeeded.
pub trait ItemOutcome {
    /// Whether this item succeeded.
    fn is_success(&self) -> bool;
}

/// Splits a list of items into successes and failures, each in the original order.
pub trait SplitOutcomes<T> {
    /// `(successes, failures)`.
    fn split_outcomes(self) -> (Vec<T>, Vec<T>);
}

impl<T: ItemOutcome> SplitOutcomes<T> for Vec<T> {
    fn split_outcomes(self) -> (Vec<T>, Vec<T>) {
        self.into_iter().partition(ItemOutcome::is_success)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Item(u8, bool);
    impl ItemOutcome for Item {
        fn is_success(&self) -> bool {
            self.1
        }
    }

    #[test]
    fn keeps_order_within_each_side() {
        let (ok, failed) = vec![Item(1, true), Item(2, false), Item(3, true)].split_outcomes();
        assert_eq!(ok.iter().map(|i| i.0).collect::<Vec<_>>(), [1, 3]);
        assert_eq!(failed.iter().map(|i| i.0).collect::<Vec<_>>(), [2]);
    }
}
