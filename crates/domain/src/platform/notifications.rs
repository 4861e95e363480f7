//! What mail a person wants: "Nyt fra …" at once, gathered daily or weekly,
//! or not at all; and reminders of their tasks and status reports.

use chrono::{Datelike, NaiveDate, Weekday};

words! {
    /// When news of decisions ("Nyt fra …") is mailed.
    pub enum Digest {
        /// One mail each time minutes are approved.
        Each = "each",
        /// The day's news the next morning.
        Daily = "daily",
        /// The week's news on Monday.
        Weekly = "weekly",
        Never = "never",
    }
}

/// A person's choices; everyone starts with every mail at once.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MailPrefs {
    pub digest: Digest,
    /// Reminders of one's follow-up tasks before and on the deadline.
    pub actions: bool,
    /// Reminders of status reports one owes.
    pub reports: bool,
}

impl Default for MailPrefs {
    fn default() -> Self {
        MailPrefs { digest: Digest::Each, actions: true, reports: true }
    }
}

/// Whether news held for a gathered digest goes out on `today`: a daily
/// digest every day, a weekly one on Mondays. News goes out once the day
/// it was held on is over, so a day's news comes in one mail. News held
/// for someone who has since chosen "at once" goes at the next chance;
/// for someone who chose "never", not at all.
pub fn gathered_goes(d: Digest, today: NaiveDate) -> bool {
    match d {
        Digest::Daily | Digest::Each => true,
        Digest::Weekly => today.weekday() == Weekday::Mon,
        Digest::Never => false,
    }
}

/// Whether a reader of the outbox sees a mail's subject and body: all of
/// a mail that names nothing closed; of a confidential one (a closed item's
/// decision, a task of one), only its recipient does. The others see that
/// it went, to whom and when.
pub fn outbox_shows(confidential: bool, to: &str, reader: &str) -> bool {
    !confidential || to.eq_ignore_ascii_case(reader)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gathered_digests_go_daily_or_on_mondays() {
        let monday = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        let tuesday = monday.succ_opt().unwrap();
        assert!(gathered_goes(Digest::Daily, tuesday));
        assert!(gathered_goes(Digest::Weekly, monday) && !gathered_goes(Digest::Weekly, tuesday));
        assert!(gathered_goes(Digest::Each, tuesday), "held news goes once someone chose at once");
        assert!(!gathered_goes(Digest::Never, monday));
        assert_eq!(MailPrefs::default().digest, Digest::Each);
    }

    #[test]
    fn a_confidential_mail_is_read_by_its_recipient_only() {
        assert!(outbox_shows(false, "a@k.dk", "admin@k.dk"));
        assert!(!outbox_shows(true, "a@k.dk", "admin@k.dk"));
        assert!(outbox_shows(true, "A@k.dk", "a@k.dk"));
    }
}
