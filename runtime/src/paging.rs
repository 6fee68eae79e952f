//! Walking every page of a page-numbered list (a spec's `x-pagination`).

use serde::Serialize;
use serde_json::Value;

/// A count as the vendor sends it (a number, or a string of digits) as a number.
pub fn count<T: Serialize>(value: &T) -> Option<u64> {
    match serde_json::to_value(value).ok()? {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// Whether another page follows: the page was full and, when the total is known, not all
/// rows have been seen.
pub fn has_more(rows_on_page: usize, page_size: u64, seen: u64, total: Option<u64>) -> bool {
    let full = page_size > 0 && rows_on_page as u64 >= page_size;
    match total {
        Some(total) => rows_on_page > 0 && seen < total,
        None => full,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_stopping() {
        assert_eq!(count(&"42"), Some(42));
        assert_eq!(count(&7_i64), Some(7));
        assert_eq!(count(&"x"), None);
        assert!(has_more(20, 20, 20, Some(45)));
        assert!(!has_more(5, 20, 45, Some(45)));
        assert!(
            !has_more(0, 20, 40, Some(45)),
            "an empty page ends the walk even if total disagrees"
        );
        assert!(has_more(20, 20, 20, None));
        assert!(!has_more(19, 20, 19, None));
    }
}
