//! The organisation: units as a tree, people, and the positions that link them.

pub mod import;

use serde::{Deserialize, Serialize};

/// What a unit is. The order is the usual depth in a Danish municipality.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitKind {
    Municipality,
    ExecutiveBoard,
    Directorate,
    Centre,
    OperatingUnit,
}

impl UnitKind {
    pub const ALL: [UnitKind; 5] = [
        UnitKind::Municipality,
        UnitKind::ExecutiveBoard,
        UnitKind::Directorate,
        UnitKind::Centre,
        UnitKind::OperatingUnit,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            UnitKind::Municipality => "municipality",
            UnitKind::ExecutiveBoard => "executive_board",
            UnitKind::Directorate => "directorate",
            UnitKind::Centre => "centre",
            UnitKind::OperatingUnit => "operating_unit",
        }
    }

    /// Accepts the stored form and the Danish words people type in a spreadsheet.
    pub fn parse(s: &str) -> Option<UnitKind> {
        let s = s.trim().to_lowercase();
        Some(match s.as_str() {
            "municipality" | "kommune" => UnitKind::Municipality,
            "executive_board" | "executive board" | "direktion" | "direktionen" => {
                UnitKind::ExecutiveBoard
            }
            "directorate" | "direktørområde" | "direktoerområde" | "direktorat" => {
                UnitKind::Directorate
            }
            "centre" | "center" => UnitKind::Centre,
            "operating_unit" | "operating unit" | "driftsenhed" | "driftssted" | "enhed" => {
                UnitKind::OperatingUnit
            }
            _ => return None,
        })
    }

    /// The kind a unit gets from its depth when the file does not say:
    /// kommune › direktion › direktørområde › center › driftsenhed (and below).
    pub fn from_depth(depth: usize) -> UnitKind {
        match depth {
            0 => UnitKind::Municipality,
            1 => UnitKind::ExecutiveBoard,
            2 => UnitKind::Directorate,
            3 => UnitKind::Centre,
            _ => UnitKind::OperatingUnit,
        }
    }
}

/// How a person sits in a unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PositionKind {
    Leader,
    Member,
}

impl PositionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PositionKind::Leader => "leader",
            PositionKind::Member => "member",
        }
    }
    pub fn parse(s: &str) -> Option<PositionKind> {
        match s {
            "leader" => Some(PositionKind::Leader),
            "member" => Some(PositionKind::Member),
            _ => None,
        }
    }
}

/// The separator between unit names in a unit path, as written in import files.
pub const PATH_SEPARATOR: char = '>';

/// Splits `Ishøj Kommune > Direktionen > Center for Børn` into clean names.
/// Returns `None` when any segment is empty.
pub fn split_unit_path(path: &str) -> Option<Vec<String>> {
    let parts: Vec<String> = path
        .split(PATH_SEPARATOR)
        .map(crate::text::normalize_name)
        .collect();
    if parts.iter().any(String::is_empty) {
        None
    } else {
        Some(parts)
    }
}

/// The canonical stored form of a unit path.
pub fn join_unit_path(parts: &[String]) -> String {
    parts.join(" > ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_kinds_round_trip() {
        for k in UnitKind::ALL {
            assert_eq!(UnitKind::parse(k.as_str()), Some(k));
        }
        assert_eq!(UnitKind::parse(" Center "), Some(UnitKind::Centre));
        assert_eq!(UnitKind::parse("Driftsenhed"), Some(UnitKind::OperatingUnit));
        assert_eq!(UnitKind::parse("skole"), None);
    }

    #[test]
    fn depth_gives_kind() {
        assert_eq!(UnitKind::from_depth(0), UnitKind::Municipality);
        assert_eq!(UnitKind::from_depth(3), UnitKind::Centre);
        assert_eq!(UnitKind::from_depth(7), UnitKind::OperatingUnit);
    }

    #[test]
    fn paths() {
        assert_eq!(
            split_unit_path(" Ishøj Kommune >Direktionen>  Center  for Børn ").unwrap(),
            vec!["Ishøj Kommune", "Direktionen", "Center for Børn"]
        );
        assert!(split_unit_path("Ishøj Kommune > > X").is_none());
        assert!(split_unit_path("").is_none());
        let p = split_unit_path("A>B").unwrap();
        assert_eq!(join_unit_path(&p), "A > B");
    }
}
