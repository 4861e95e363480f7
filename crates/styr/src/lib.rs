//! The parts of the binary that tests and benchmarks use too: configuration
//! and the demo municipality.

pub mod config;
pub mod demo;
pub mod worker;
