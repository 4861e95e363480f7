//! Two small shapes that recur across the contexts: an enum that is stored
//! and sent as one word from a fixed set (a status, a kind), and an id that
//! must not be mistaken for another kind of id.

/// A word that is not one of an enum's words, as read from a row, a form or
/// a query string.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{word:?} is not one of {allowed}")]
pub struct UnknownWord {
    pub word: String,
    /// The allowed words, separated by commas.
    pub allowed: String,
}

/// Defines an enum whose values are written as fixed words (`"placed"`,
/// `"at_risk"`): the word in the database, in forms, in the API and in
/// translation keys. It gives `ALL` (in declaration order, which is also the
/// order `Ord` uses), `as_str`, `parse`, `Display`, `FromStr` and
/// `TryFrom<String>` (so the store can read it straight from a column).
#[macro_export]
macro_rules! words {
    ($(#[$meta:meta])* pub enum $name:ident { $($(#[$vmeta:meta])* $variant:ident = $word:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $word)] $variant),+
        }

        impl $name {
            pub const ALL: [$name; [$($word),+].len()] = [$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $word),+
                }
            }

            /// The value for its word; `None` for any other text.
            pub fn parse(s: &str) -> Option<$name> {
                match s {
                    $($word => Some($name::$variant),)+
                    _ => None,
                }
            }

            /// The words, separated by commas, for messages that list them.
            pub fn allowed() -> String {
                [$($word),+].join(", ")
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::words::UnknownWord;
            fn from_str(s: &str) -> Result<$name, Self::Err> {
                $name::parse(s).ok_or_else(|| $crate::words::UnknownWord { word: s.to_string(), allowed: $name::allowed() })
            }
        }

        impl TryFrom<String> for $name {
            type Error = $crate::words::UnknownWord;
            fn try_from(s: String) -> Result<$name, Self::Error> {
                s.parse()
            }
        }
    };
}

/// Defines ids that are numbers underneath but of their own type, so that a
/// meeting's id cannot be passed where an item's is wanted. They read and
/// print as the plain number (in paths, forms, JSON and templates).
#[macro_export]
macro_rules! ids {
    ($($(#[$meta:meta])* $name:ident;)+) => {
        $(
            $(#[$meta])*
            #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
            #[serde(transparent)]
            pub struct $name(pub i64);

            impl $name {
                pub const fn get(self) -> i64 {
                    self.0
                }
            }

            impl std::fmt::Display for $name {
                fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    self.0.fmt(f)
                }
            }

            // For the store's rows, which read the column as a number.
            impl From<i64> for $name {
                fn from(id: i64) -> $name {
                    $name(id)
                }
            }

            impl std::str::FromStr for $name {
                type Err = std::num::ParseIntError;
                fn from_str(s: &str) -> Result<$name, Self::Err> {
                    s.parse().map($name)
                }
            }
        )+
    };
}

#[cfg(test)]
mod tests {
    words! {
        /// A test enum.
        pub enum Colour {
            /// The first.
            Red = "red",
            Dark = "dark_blue",
        }
    }

    ids! {
        /// A test id.
        ThingId;
    }

    #[test]
    fn words_round_trip() {
        assert_eq!(Colour::ALL, [Colour::Red, Colour::Dark]);
        for c in Colour::ALL {
            assert_eq!(Colour::parse(c.as_str()), Some(c));
            assert_eq!(c.to_string().parse::<Colour>(), Ok(c));
        }
        assert_eq!(Colour::parse("Red"), None, "exact words only");
        let e = "green".parse::<Colour>().unwrap_err();
        assert_eq!(e.to_string(), "\"green\" is not one of red, dark_blue");
        assert_eq!(Colour::try_from("dark_blue".to_string()), Ok(Colour::Dark));
        assert!(Colour::Red < Colour::Dark, "declaration order");
    }

    #[test]
    fn ids_print_and_read_as_numbers() {
        let id = ThingId(42);
        assert_eq!(id.to_string(), "42");
        assert_eq!("42".parse::<ThingId>(), Ok(id));
        assert!("x".parse::<ThingId>().is_err());
        assert_eq!(id.get(), 42);
    }
}
