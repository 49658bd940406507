//! The Cox model across partitions (src/scale/cox.rs): merged per-time
//! statistics give the pooled fit (coefficients and standard errors equal
//! to `CoxPh` on the pooled data to 1e-10 relative), with Efron and
//! Breslow ties, strata, delayed entry and weights; the model stratified
//! by site (one round of O(p²) per site per iteration) equals `CoxPh` with
//! the site as stratum.

use return_migration::scale::{CoxPartition, DistributedCox};
use return_migration::survival::{CoxData, CoxPh, Ties};

struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

struct Rows {
    time: Vec<f64>,
    event: Vec<bool>,
    entry: Vec<f64>,
    weight: Vec<f64>,
    stratum: Vec<String>,
    site: Vec<usize>,
    x: Vec<Vec<f64>>,
}

fn rows(n: usize, seed: u64, sites: usize) -> Rows {
    let mut r = Lcg(seed);
    let mut d = Rows {
        time: vec![],
        event: vec![],
        entry: vec![],
        weight: vec![],
        stratum: vec![],
        site: vec![],
        x: vec![],
    };
    for i in 0..n {
        let x = vec![
            r.next() * 2.0 - 1.0,
            (r.next() < 0.5) as i64 as f64,
            r.next() * 40.0 + 20.0,
        ];
        let lp = 0.7 * x[0] - 0.5 * x[1] + 0.02 * (x[2] - 40.0);
        let t = (-(r.next().max(1e-12)).ln() * 10.0 * (-lp).exp()).ceil(); // ties
        d.entry.push(if i % 5 == 0 {
            (t * r.next() * 0.8).floor()
        } else {
            0.0
        });
        d.time.push(t);
        d.event.push(r.next() < 0.75);
        d.weight.push(0.5 + r.next());
        d.stratum.push(["m", "f"][i % 2].to_string());
        d.site.push((r.next() * sites as f64) as usize);
        d.x.push(x);
    }
    d
}

fn pooled(d: &Rows, entry: bool, weight: bool, strata: Option<&[String]>) -> CoxData {
    let ev: Vec<i64> = d.event.iter().map(|&e| e as i64).collect();
    let mut b = CoxData::builder(d.time.clone(), ev);
    for (k, name) in ["x1", "x2", "age"].iter().enumerate() {
        b = b.covariate(name, d.x.iter().map(|r| r[k]).collect());
    }
    if entry {
        b = b.entry(d.entry.clone());
    }
    if weight {
        b = b.weights(d.weight.clone());
    }
    if let Some(s) = strata {
        b = b.strata(s.to_vec());
    }
    b.build().unwrap()
}

fn partitions(
    d: &Rows,
    sites: usize,
    entry: bool,
    weight: bool,
    strata: bool,
) -> Vec<CoxPartition> {
    (0..sites)
        .map(|s| {
            let idx: Vec<usize> = (0..d.time.len()).filter(|&i| d.site[i] == s).collect();
            let pick = |v: &[f64]| idx.iter().map(|&i| v[i]).collect::<Vec<f64>>();
            CoxPartition {
                time: pick(&d.time),
                event: idx.iter().map(|&i| d.event[i]).collect(),
                entry: entry.then(|| pick(&d.entry)),
                weight: weight.then(|| pick(&d.weight)),
                strata: strata.then(|| idx.iter().map(|&i| d.stratum[i].clone()).collect()),
                x: idx.iter().map(|&i| d.x[i].clone()).collect(),
            }
        })
        .collect()
}

fn rel(a: f64, b: f64) -> f64 {
    (a - b).abs() / b.abs().max(1e-300)
}

#[test]
fn merged_statistics_give_the_pooled_fit() {
    let mut worst: f64 = 0.0;
    for (seed, ties, entry, weight, strata) in [
        (1, Ties::Efron, false, false, false),
        (2, Ties::Breslow, false, false, false),
        (3, Ties::Efron, true, false, true),
        (4, Ties::Efron, false, true, false),
        (5, Ties::Breslow, true, true, true),
    ] {
        let d = rows(400, seed, 4);
        let s = strata.then_some(&d.stratum[..]);
        let single = CoxPh::new()
            .ties(ties)
            .fit(&pooled(&d, entry, weight, s))
            .unwrap();
        let dist = DistributedCox::new()
            .ties(ties)
            .fit(&partitions(&d, 4, entry, weight, strata))
            .unwrap();
        for (j, t) in single.terms.iter().enumerate() {
            worst = worst
                .max(rel(dist.coef[j], t.coef))
                .max(rel(dist.se[j], t.se));
            assert!(
                rel(dist.coef[j], t.coef) < 1e-10,
                "case {seed} {}: coef {} vs {}",
                t.term,
                dist.coef[j],
                t.coef
            );
            assert!(
                rel(dist.se[j], t.se) < 1e-10,
                "case {seed} {}: se {} vs {}",
                t.term,
                dist.se[j],
                t.se
            );
        }
        assert!((dist.loglik - single.loglik).abs() < 1e-9 * single.loglik.abs());
    }
    eprintln!("largest relative difference (coef, se): {worst:e}");
}

#[test]
fn stratified_by_site_equals_the_site_strata_fit() {
    for (seed, ties) in [(11, Ties::Efron), (12, Ties::Breslow)] {
        let d = rows(300, seed, 3);
        let site: Vec<String> = d.site.iter().map(|s| format!("site{s}")).collect();
        let single = CoxPh::new()
            .ties(ties)
            .fit(&pooled(&d, false, false, Some(&site)))
            .unwrap();
        let dist = DistributedCox::new()
            .ties(ties)
            .fit_stratified_by_site(&partitions(&d, 3, false, false, false))
            .unwrap();
        for (j, t) in single.terms.iter().enumerate() {
            assert!(
                rel(dist.coef[j], t.coef) < 1e-10,
                "{} vs {}",
                dist.coef[j],
                t.coef
            );
            assert!(rel(dist.se[j], t.se) < 1e-10, "{} vs {}", dist.se[j], t.se);
        }
    }
}

#[test]
fn bad_partition_rows_are_located() {
    let mut p = CoxPartition::new(
        vec![1.0, -2.0],
        vec![true, false],
        vec![vec![0.0], vec![1.0]],
    );
    let err = DistributedCox::new().fit(&[p.clone()]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "row 2 (counting from 1), column `time`: negative time -2"
    );
    p.time[1] = 2.0;
    p.x[1] = vec![f64::NAN];
    let err = DistributedCox::new().fit(&[p]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "row 2 (counting from 1), column `x`: value NaN is not finite"
    );
}
