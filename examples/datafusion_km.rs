//! Kaplan–Meier and the log-rank test from a partitioned Parquet dataset,
//! with the risk-set summary computed by DataFusion in a SQL `GROUP BY`
//! (the `risk_set_summary` aggregate): DataFusion reads the files in
//! parallel, aggregates each partition and merges the partial summaries;
//! the library turns the merged summary into the estimates.
//!
//! Run: `cargo run --release --features datafusion --example datafusion_km -- [ARGS]`
//!
//! - without `--input`, writes a synthetic register of `--n` persons
//!   (default 100000) as `--files` Parquet files (default 4) in a scratch
//!   folder, with columns `site`, `arm`, `time` (days, ties), `status`;
//! - `--input DIR --time COL --status COL --group COL` reads your own
//!   folder of Parquet files instead;
//! - `--check` (default on for the synthetic data of at most 1e6 persons)
//!   also fits the single-pass estimators on the pooled rows and fails
//!   unless the tables are identical.
//!
//! Output (standard output): the log-rank table `chisq,df,p`, an empty
//! line, then the survfit table of the `survfit` pipeline.

use std::sync::Arc;
use std::time::Instant;

use arrow::array::{Array, ArrayRef, AsArray, Float64Array, Int64Array, StringArray};
use arrow::datatypes::{DataType, Float64Type, Int64Type};
use arrow::record_batch::RecordBatch;
use datafusion::prelude::{ParquetReadOptions, SessionContext};
use return_migration::data::write_parquet;
use return_migration::scale::{RiskSetSummary, risk_set_summary_udaf};
use return_migration::survival::{KaplanMeier, LogRank, SurvData};

type Failure = Box<dyn std::error::Error>;

fn arg(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

/// A synthetic register: two arms with different hazards, four sites.
fn write_synthetic(dir: &std::path::Path, n: usize, files: usize) -> Result<(), Failure> {
    std::fs::create_dir_all(dir)?;
    let mut state = 20260u64;
    let mut next = || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    let per_file = n.div_ceil(files);
    for f in 0..files {
        let rows = per_file.min(n - (f * per_file).min(n));
        let (mut site, mut arm, mut time, mut status) = (vec![], vec![], vec![], vec![]);
        for i in 0..rows {
            let treated = (i + f) % 2 == 0;
            let rate = if treated { 1.0 / 500.0 } else { 1.0 / 350.0 };
            let t = (-(next().max(1e-300)).ln() / rate).ceil();
            let c = (next() * 730.0).ceil();
            site.push(["AT", "DE", "IT", "SN"][f % 4]);
            arm.push(if treated { "treated" } else { "control" });
            time.push(t.min(c));
            status.push((t <= c) as i64);
        }
        let batch = RecordBatch::try_from_iter([
            ("site", Arc::new(StringArray::from(site)) as ArrayRef),
            ("arm", Arc::new(StringArray::from(arm)) as ArrayRef),
            ("time", Arc::new(Float64Array::from(time)) as ArrayRef),
            ("status", Arc::new(Int64Array::from(status)) as ArrayRef),
        ])?;
        write_parquet(dir.join(format!("part-{f}.parquet")), &[batch])?;
    }
    Ok(())
}

/// The single-pass check: every row in memory, the crate's estimators.
async fn single_pass(
    ctx: &SessionContext,
    time: &str,
    status: &str,
    group: &str,
) -> Result<SurvData, Failure> {
    let sql = format!(
        "SELECT CAST(\"{time}\" AS DOUBLE) AS t, CAST(\"{status}\" AS BIGINT) AS s, \
         CAST(\"{group}\" AS VARCHAR) AS g FROM persons"
    );
    let batches = ctx.sql(&sql).await?.collect().await?;
    let (mut t, mut s, mut g) = (vec![], vec![], vec![]);
    for b in &batches {
        t.extend(b.column(0).as_primitive::<Float64Type>().values());
        s.extend(b.column(1).as_primitive::<Int64Type>().values());
        let labels = arrow::compute::cast(b.column(2), &DataType::Utf8)?;
        let labels = labels.as_string::<i32>();
        g.extend((0..labels.len()).map(|i| labels.value(i).to_string()));
    }
    Ok(SurvData::builder(t, s).groups(g).build()?)
}

#[tokio::main]
async fn main() {
    if let Err(e) = run().await {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

async fn run() -> Result<(), Failure> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (dir, time, status, group, synthetic) = match arg(&args, "--input") {
        Some(dir) => (
            std::path::PathBuf::from(dir),
            arg(&args, "--time").ok_or("--time COL is required with --input")?,
            arg(&args, "--status").ok_or("--status COL is required with --input")?,
            arg(&args, "--group").ok_or("--group COL is required with --input")?,
            None,
        ),
        None => {
            let n: usize = arg(&args, "--n").map_or(Ok(100_000), |v| v.parse())?;
            let files: usize = arg(&args, "--files").map_or(Ok(4), |v| v.parse())?;
            let dir = std::env::temp_dir().join(format!("datafusion_km_{n}_{files}"));
            let start = Instant::now();
            write_synthetic(&dir, n, files.max(1))?;
            eprintln!(
                "wrote {n} persons in {files} Parquet files to {} ({:.2} s)",
                dir.display(),
                start.elapsed().as_secs_f64()
            );
            (dir, "time".into(), "status".into(), "arm".into(), Some(n))
        }
    };
    let check = args.iter().any(|a| a == "--check") || synthetic.is_some_and(|n| n <= 1_000_000);

    let ctx = SessionContext::new();
    ctx.register_udaf(risk_set_summary_udaf());
    ctx.register_parquet(
        "persons",
        dir.display().to_string(),
        ParquetReadOptions::default(),
    )
    .await?;
    let start = Instant::now();
    let sql = format!(
        "SELECT CAST(\"{group}\" AS VARCHAR) AS g, risk_set_summary(\"{time}\", \"{status}\") \
         AS summary FROM persons GROUP BY 1"
    );
    let batches = ctx.sql(&sql).await?.collect().await?;
    let mut summary = RiskSetSummary::default();
    for b in &batches {
        let labels = arrow::compute::cast(b.column(0), &DataType::Utf8)?;
        let labels = labels.as_string::<i32>();
        let bytes = b.column(1).as_binary::<i32>();
        for i in 0..b.num_rows() {
            let mut part = RiskSetSummary::from_bytes(bytes.value(i))?;
            for c in &mut part.cells {
                c.group = labels.value(i).to_string();
            }
            summary.merge(&part)?;
        }
    }
    let km = summary.kaplan_meier(&KaplanMeier::new())?;
    let lr = summary.log_rank(&LogRank::new())?;
    eprintln!(
        "summary ({} distinct times) and estimates in {:.2} s",
        summary.cells.iter().map(|c| c.times.len()).sum::<usize>(),
        start.elapsed().as_secs_f64()
    );
    let out = std::io::stdout();
    let mut out = out.lock();
    use std::io::Write;
    writeln!(out, "chisq,df,p")?;
    writeln!(out, "{},{},{}", lr.statistic, lr.df, lr.p)?;
    writeln!(out)?;
    km.write_csv(&mut out)?;
    if check {
        let data = single_pass(&ctx, &time, &status, &group).await?;
        let same_km = KaplanMeier::new().fit(&data)? == km;
        let same_lr = LogRank::new().fit(&data)? == lr;
        eprintln!(
            "single-pass check: Kaplan-Meier identical: {same_km}, log-rank identical: {same_lr}"
        );
        if !(same_km && same_lr) {
            return Err("the summary's estimates differ from the single-pass ones".into());
        }
    }
    Ok(())
}
