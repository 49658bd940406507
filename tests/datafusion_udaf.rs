//! The `risk_set_summary_weighted` DataFusion aggregate (feature
//! `datafusion`): the weighted summary computed by DataFusion over several
//! in-memory partitions, merged, gives the same Kaplan–Meier table as the
//! summary of all rows in one pass (weight sums are exact, so equal), and
//! the single-pass weighted estimator within 1e-12 relative (weights
//! summed person by person there, rounded once here).
#![cfg(feature = "datafusion")]

use std::sync::Arc;

use arrow::array::{ArrayRef, AsArray, Float64Array, Int64Array, StringArray};
use arrow::record_batch::RecordBatch;
use datafusion::datasource::MemTable;
use datafusion::prelude::SessionContext;
use return_migration::scale::{RiskSetSummary, risk_set_summary_weighted_udaf};
use return_migration::survival::{KaplanMeier, KaplanMeierFit, SurvData};

struct Rows {
    arm: Vec<&'static str>,
    time: Vec<f64>,
    status: Vec<i64>,
    weight: Vec<f64>,
}

fn rows(n: usize) -> Rows {
    let mut state = 7u64;
    let mut next = || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    let mut r = Rows {
        arm: vec![],
        time: vec![],
        status: vec![],
        weight: vec![],
    };
    for i in 0..n {
        r.arm.push(if i % 3 == 0 { "a" } else { "b" });
        r.time.push((next() * 40.0).ceil());
        r.status.push((next() < 0.6) as i64);
        // weights with many significant bits, so that summation order matters
        r.weight.push(0.1 + next() * 3.7);
    }
    r
}

fn batch(r: &Rows, from: usize, to: usize) -> RecordBatch {
    RecordBatch::try_from_iter([
        (
            "arm",
            Arc::new(StringArray::from(r.arm[from..to].to_vec())) as ArrayRef,
        ),
        (
            "time",
            Arc::new(Float64Array::from(r.time[from..to].to_vec())) as ArrayRef,
        ),
        (
            "status",
            Arc::new(Int64Array::from(r.status[from..to].to_vec())) as ArrayRef,
        ),
        (
            "w",
            Arc::new(Float64Array::from(r.weight[from..to].to_vec())) as ArrayRef,
        ),
    ])
    .unwrap()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-12 * (1.0 + a.abs().max(b.abs()))
}

fn assert_close(a: &KaplanMeierFit, b: &KaplanMeierFit) {
    assert_eq!(a.curves.len(), b.curves.len());
    for (x, y) in a.curves.iter().zip(&b.curves) {
        assert_eq!(x.rows.len(), y.rows.len());
        for (p, q) in x.rows.iter().zip(&y.rows) {
            assert_eq!(p.time, q.time);
            for (u, v) in [
                (p.n_risk, q.n_risk),
                (p.n_event, q.n_event),
                (p.n_censor, q.n_censor),
                (p.survival, q.survival),
                (p.std_err.unwrap_or(0.0), q.std_err.unwrap_or(0.0)),
            ] {
                assert!(close(u, v), "{u} vs {v} at time {}", p.time);
            }
        }
    }
}

#[tokio::test]
async fn weighted_summary_from_datafusion_equals_the_single_pass() {
    let r = rows(600);
    let schema = batch(&r, 0, 1).schema();
    let parts = vec![
        vec![batch(&r, 0, 150), batch(&r, 150, 230)],
        vec![batch(&r, 230, 420)],
        vec![batch(&r, 420, 600)],
    ];
    let ctx = SessionContext::new();
    ctx.register_udaf(risk_set_summary_weighted_udaf());
    ctx.register_table(
        "persons",
        Arc::new(MemTable::try_new(schema, parts).unwrap()),
    )
    .unwrap();
    let out = ctx
        .sql("SELECT arm, risk_set_summary_weighted(time, status, w) FROM persons GROUP BY arm")
        .await
        .unwrap()
        .collect()
        .await
        .unwrap();
    let km = KaplanMeier::new();
    let mut seen = 0;
    for b in &out {
        let arms = arrow::compute::cast(b.column(0), &arrow::datatypes::DataType::Utf8).unwrap();
        let arms = arms.as_string::<i32>();
        let bytes = b.column(1).as_binary::<i32>();
        for i in 0..b.num_rows() {
            seen += 1;
            let arm = arms.value(i);
            let from_df = RiskSetSummary::from_bytes(bytes.value(i)).unwrap();
            let pick: Vec<usize> = (0..r.time.len()).filter(|&j| r.arm[j] == arm).collect();
            let time: Vec<f64> = pick.iter().map(|&j| r.time[j]).collect();
            let status: Vec<i64> = pick.iter().map(|&j| r.status[j]).collect();
            let status_u: Vec<u32> = status.iter().map(|&s| s as u32).collect();
            let weight: Vec<f64> = pick.iter().map(|&j| r.weight[j]).collect();
            let one_pass =
                RiskSetSummary::from_columns(&time, &status_u, None, Some(&weight), None, None)
                    .unwrap();
            let a = from_df.kaplan_meier(&km).unwrap();
            // exact weight sums: identical to the one-pass summary's table
            assert_eq!(a, one_pass.kaplan_meier(&km).unwrap(), "arm {arm}");
            let data = SurvData::builder(time, status)
                .weights(weight)
                .build()
                .unwrap();
            assert_close(&a, &km.fit(&data).unwrap());
            assert!(a.curves[0].rows.iter().any(|row| row.n_risk.fract() != 0.0));
        }
    }
    assert_eq!(seen, 2);
}

#[tokio::test]
async fn a_negative_weight_is_an_error_naming_it() {
    let mut r = rows(20);
    r.weight[7] = -1.0;
    let ctx = SessionContext::new();
    ctx.register_udaf(risk_set_summary_weighted_udaf());
    ctx.register_batch("persons", batch(&r, 0, 20)).unwrap();
    let err = match ctx
        .sql("SELECT risk_set_summary_weighted(time, status, w) FROM persons")
        .await
    {
        Ok(df) => df.collect().await.unwrap_err().to_string(),
        Err(e) => e.to_string(),
    };
    assert!(
        err.contains("risk_set_summary") && err.contains("weight"),
        "{err}"
    );
}
