//! The time styr runs at: the system's clock, or one fixed time, so that
//! tests (and the demo built for them) see the same "today" whenever they run.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Europe::Copenhagen;

#[derive(Clone, Debug, Default)]
pub enum Clock {
    #[default]
    System,
    /// Always this moment, until moved.
    Fixed(Arc<Mutex<DateTime<Utc>>>),
}

impl Clock {
    pub fn fixed(at: DateTime<Utc>) -> Clock {
        Clock::Fixed(Arc::new(Mutex::new(at)))
    }

    /// Now, to the microsecond (as both databases store it).
    pub fn now(&self) -> DateTime<Utc> {
        match self {
            Clock::System => store::now(),
            Clock::Fixed(at) => *at.lock().unwrap_or_else(|e| e.into_inner()),
        }
    }

    /// Today in Copenhagen.
    pub fn today(&self) -> NaiveDate {
        self.now().with_timezone(&Copenhagen).date_naive()
    }

    /// Moves a fixed clock to `at`; the system clock cannot be moved.
    pub fn set(&self, at: DateTime<Utc>) {
        if let Clock::Fixed(now) = self {
            *now.lock().unwrap_or_else(|e| e.into_inner()) = at;
        }
    }
}
