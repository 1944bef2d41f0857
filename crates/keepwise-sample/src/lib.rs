//! Realistic sample data generator (see crate docs once written).
