//! The organisation: units as a tree, people, and the positions that link them.

pub mod import;
pub mod policy;

use std::collections::HashMap;

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
    pub const ALL: [UnitKind; 5] = [UnitKind::Municipality, UnitKind::ExecutiveBoard, UnitKind::Directorate, UnitKind::Centre, UnitKind::OperatingUnit];

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
            "executive_board" | "executive board" | "direktion" | "direktionen" => UnitKind::ExecutiveBoard,
            "directorate" | "direktørområde" | "direktoerområde" | "direktorat" => UnitKind::Directorate,
            "centre" | "center" => UnitKind::Centre,
            "operating_unit" | "operating unit" | "driftsenhed" | "driftssted" | "enhed" => UnitKind::OperatingUnit,
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

impl std::fmt::Display for UnitKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl TryFrom<String> for UnitKind {
    type Error = crate::words::UnknownWord;
    fn try_from(s: String) -> Result<UnitKind, Self::Error> {
        UnitKind::parse(&s)
            .ok_or_else(|| crate::words::UnknownWord { word: s, allowed: UnitKind::ALL.iter().map(|k| k.as_str()).collect::<Vec<_>>().join(", ") })
    }
}

words! {
    /// How a person sits in a unit.
    pub enum PositionKind {
        Leader = "leader",
        Member = "member",
    }
}

/// The separator between unit names in a unit path, as written in import files.
pub const PATH_SEPARATOR: char = '>';

/// Splits `Ishøj Kommune > Direktionen > Center for Børn` into clean names.
/// Returns `None` when any segment is empty.
pub fn split_unit_path(path: &str) -> Option<Vec<String>> {
    let parts: Vec<String> = path.split(PATH_SEPARATOR).map(crate::text::normalize_name).collect();
    if parts.iter().any(String::is_empty) { None } else { Some(parts) }
}

/// The canonical stored form of a unit path.
pub fn join_unit_path(parts: &[String]) -> String {
    parts.join(" > ")
}

/// The units depth-first from the roots, each as (its index in `tree`, its
/// depth); siblings keep their order in `tree`, which holds (unit, parent).
/// A unit whose parent is not in `tree` is left out, as it cannot be placed;
/// so are units in a cycle, which hang from no root.
pub fn outline(tree: &[(i64, Option<i64>)]) -> Vec<(usize, usize)> {
    let mut kids: HashMap<Option<i64>, Vec<usize>> = HashMap::new();
    for (i, (_, parent)) in tree.iter().enumerate() {
        kids.entry(*parent).or_default().push(i);
    }
    let mut out = Vec::with_capacity(tree.len());
    // Depth-first without recursion; the stack holds what is still to visit, last first.
    let mut stack: Vec<(usize, usize)> = kids.get(&None).into_iter().flatten().rev().map(|&i| (i, 0)).collect();
    while let Some((i, depth)) = stack.pop() {
        out.push((i, depth));
        stack.extend(kids.get(&Some(tree[i].0)).into_iter().flatten().rev().map(|&c| (c, depth + 1)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outline_is_depth_first_in_order() {
        // 1 ─ 2 ─ 4
        //   └ 3
        // 9 has a parent that is not there.
        let tree = [(1, None), (3, Some(1)), (2, Some(1)), (4, Some(2)), (9, Some(8))];
        let ids: Vec<(i64, usize)> = outline(&tree).into_iter().map(|(i, d)| (tree[i].0, d)).collect();
        assert_eq!(ids, vec![(1, 0), (3, 1), (2, 1), (4, 2)]);
        assert!(outline(&[]).is_empty());
        // Units in a cycle hang from no root.
        assert_eq!(outline(&[(1, None), (2, Some(3)), (3, Some(2))]).len(), 1);
    }

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
        assert_eq!(split_unit_path(" Ishøj Kommune >Direktionen>  Center  for Børn ").unwrap(), vec!["Ishøj Kommune", "Direktionen", "Center for Børn"]);
        assert!(split_unit_path("Ishøj Kommune > > X").is_none());
        assert!(split_unit_path("").is_none());
        let p = split_unit_path("A>B").unwrap();
        assert_eq!(join_unit_path(&p), "A > B");
    }
}
