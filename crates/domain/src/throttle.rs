//! Login throttling: how many failed sign-ins are tolerated before the door
//! closes for a while, per account and per network address.

/// The window the counts are taken over, in minutes.
pub const WINDOW_MINUTES: i64 = 15;
/// Failed sign-ins on one account within the window before it is locked.
pub const MAX_PER_ACCOUNT: i64 = 5;
/// Failed sign-ins from one address within the window before it is refused.
pub const MAX_PER_ADDRESS: i64 = 20;

/// Whether a sign-in may be tried, given the recent failures.
pub fn allowed(account_failures: i64, address_failures: i64) -> bool {
    account_failures < MAX_PER_ACCOUNT && address_failures < MAX_PER_ADDRESS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits() {
        assert!(allowed(0, 0));
        assert!(allowed(MAX_PER_ACCOUNT - 1, MAX_PER_ADDRESS - 1));
        assert!(!allowed(MAX_PER_ACCOUNT, 0));
        assert!(!allowed(0, MAX_PER_ADDRESS));
    }
}
