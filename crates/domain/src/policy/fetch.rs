//! What to ask the statistics' own APIs for an indicator's figures: the
//! Statistikbank's data call (a table, the areas, one value of every other
//! variable, every period, as CSV with codes) and Jobindsats' (a series, the
//! areas by name, every period, as JSON). The answers are read by
//! `import::read`, as a file of the same source would be.

use serde::Serialize;

use super::{COMPARISON, IndicatorDef, Source};

/// A call to make: POST `path` (after the source's base address) with `body` as JSON.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Call {
    #[serde(skip)]
    pub path: String,
    #[serde(skip)]
    pub source: Source,
    #[serde(flatten)]
    pub body: Body,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Body {
    Statbank {
        table: String,
        format: &'static str,
        #[serde(rename = "valuePresentation")]
        value_presentation: &'static str,
        variables: Vec<Variable>,
    },
    Jobindsats {
        area: Vec<String>,
        period: Vec<String>,
    },
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Variable {
    pub code: String,
    pub values: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CallError {
    #[error("the indicator's figures come from no API (an upload, or worked out by styr)")]
    NoApi,
    #[error("the indicator names no table or series, or one with other than letters and digits")]
    NoSeries,
}

/// The call that fetches an indicator's figures for every area of the
/// comparison, or why there is none.
pub fn call(def: &IndicatorDef) -> Result<Call, CallError> {
    // The series goes into the address: letters and digits only.
    let named = !def.series.is_empty() && def.series.chars().all(|c| c.is_ascii_alphanumeric());
    if !named && matches!(def.source, Source::Statistikbank | Source::Jobindsats) {
        return Err(CallError::NoSeries);
    }
    match def.source {
        Source::Statistikbank => {
            let mut variables = vec![Variable { code: "OMRÅDE".into(), values: COMPARISON.iter().map(|(code, _)| code.to_string()).collect() }];
            variables.extend(def.select.iter().map(|(code, value)| Variable { code: code.clone(), values: vec![value.clone()] }));
            variables.push(Variable { code: "Tid".into(), values: vec!["*".into()] });
            Ok(Call {
                path: "/data".into(),
                source: def.source,
                body: Body::Statbank { table: def.series.clone(), format: "CSV", value_presentation: "Code", variables },
            })
        }
        Source::Jobindsats => Ok(Call {
            path: format!("/data/{}/json", def.series.to_lowercase()),
            source: def.source,
            // Jobindsats names areas; the region and the country are "Region Hovedstaden" and "Hele landet".
            body: Body::Jobindsats { area: COMPARISON.iter().map(|(_, name)| name.to_string()).collect(), period: vec!["*".into()] },
        }),
        _ => Err(CallError::NoApi),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::{ISHOJ_PAA_ARBEJDE, PolicyDoc};

    #[test]
    fn each_api_is_asked_for_every_area_and_period() {
        let doc = PolicyDoc::parse(ISHOJ_PAA_ARBEJDE).unwrap();
        let ras = doc.indicators.iter().find(|i| i.series == "RAS200").unwrap();
        let c = call(ras).unwrap();
        assert_eq!(c.path, "/data");
        let Body::Statbank { table, variables, .. } = &c.body else { panic!() };
        assert_eq!(table, "RAS200");
        assert_eq!(variables[0].values.len(), 10);
        assert!(variables.iter().any(|v| v.code == "ALDER" && v.values == ["16-64"]));
        assert_eq!(variables.last().unwrap().values, ["*"]);
        let y30 = doc.indicators.iter().find(|i| i.series == "Y30R21").unwrap();
        let c = call(y30).unwrap();
        assert_eq!(c.path, "/data/y30r21/json");
        let Body::Jobindsats { area, .. } = &c.body else { panic!() };
        assert!(area.contains(&"Ishøj".to_string()) && area.contains(&"Hele landet".to_string()));
        let youth = doc.indicators.iter().find(|i| i.source == Source::Upload).unwrap();
        assert_eq!(call(youth), Err(CallError::NoApi));
        let mut odd = y30.clone();
        odd.series = "../admin".into();
        assert_eq!(call(&odd), Err(CallError::NoSeries));
    }
}
