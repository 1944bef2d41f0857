//! Measures the generator: `cargo run --release -p keepwise-sample --example throughput -- 1000000 /tmp/sample`.
//!
//! Prints the rows per file, the bytes written and customers per second.

use std::path::PathBuf;
use std::time::Instant;

use keepwise_sample::{GenerateOptions, generate};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let customers: u64 = args
        .next()
        .map(|n| n.parse())
        .transpose()?
        .unwrap_or(100_000);
    let out = args
        .next()
        .map(PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("keepwise-sample-throughput"));
    let options = GenerateOptions {
        customers,
        ..GenerateOptions::default()
    };
    let started = Instant::now();
    let summary = generate(&options, &out)?;
    let seconds = started.elapsed().as_secs_f64();
    let mut bytes = 0;
    for file in &summary.files {
        let size = std::fs::metadata(out.join(file.file))?.len();
        bytes += size;
        println!(
            "{:<20} {:>12} rows {:>10.1} MB",
            file.file,
            file.rows,
            size as f64 / 1e6
        );
    }
    println!(
        "{customers} customers in {seconds:.2} s: {:.0} customers/s, {:.1} MB/s, {:.1} MB in {}",
        customers as f64 / seconds,
        bytes as f64 / 1e6 / seconds,
        bytes as f64 / 1e6,
        out.display()
    );
    Ok(())
}
