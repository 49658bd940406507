//! Writes the seeded synthetic survival table of the read/memory
//! benchmarks of the `survfit` and `coxph` pipelines (see
//! `benches/common/survival_csv.rs` for its columns).
//!
//! `cargo run --release --example gen_survival_csv -- ROWS PATH [SEED]`
//! (ROWS may be written `1e6`).
//!
//! The same ROWS and SEED always write the same bytes.

#[path = "../benches/common/survival_csv.rs"]
mod survival_csv;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 2 {
        return Err("usage: gen_survival_csv ROWS PATH [SEED]".into());
    }
    let rows = args[0].parse::<f64>()? as u64;
    let seed: u64 = args.get(2).map_or(Ok(20_261_204), |s| s.parse())?;
    let file = std::fs::File::create(&args[1])?;
    survival_csv::write_table(rows, seed, std::io::BufWriter::with_capacity(1 << 20, file))?;
    Ok(())
}
