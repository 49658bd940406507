//! Fuzz findings of issue 12 for the Cox fit: covariates at extreme
//! scales, values near the largest double, a robust variance with one
//! cluster.

use return_migration::survival::{CoxData, CoxPh, Ties};

/// 40 rows, two covariates (one binary, one continuous), ties, censoring:
/// deterministic.
fn rows() -> (Vec<f64>, Vec<i64>, Vec<f64>, Vec<f64>) {
    let mut s: u64 = 12345;
    let mut next = |m: u64| {
        s = s
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (s >> 33) % m
    };
    let (mut t, mut e, mut a, mut b) = (vec![], vec![], vec![], vec![]);
    for _ in 0..40 {
        let x1 = next(2) as f64;
        let x2 = next(1000) as f64 / 100.0 - 5.0;
        t.push(1.0 + next(15) as f64 + x1 * next(5) as f64);
        e.push((next(4) > 0) as i64);
        a.push(x1);
        b.push(x2);
    }
    (t, e, a, b)
}

fn fit(scale: f64, ties: Ties) -> return_migration::survival::CoxFit {
    let (t, e, a, b) = rows();
    let d = CoxData::builder(t, e)
        .covariate("a", a.iter().map(|v| v * scale).collect())
        .covariate("b", b.iter().map(|v| v * scale).collect())
        .build()
        .unwrap();
    CoxPh::new().ties(ties).fit(&d).unwrap()
}

/// Before: 1e-155 gave se = inf, p = 1; 1e154 failed with "collinear with
/// the covariates before it ()". Now the same z and p at every scale, and
/// coefficients and se scaled by 1/scale.
#[test]
fn scale_does_not_change_the_test() {
    for ties in [Ties::Efron, Ties::Breslow] {
        let base = fit(1.0, ties);
        for scale in [1e-155, 1e-100, 1e100, 1e154] {
            let f = fit(scale, ties);
            for (u, v) in base.terms.iter().zip(&f.terms) {
                let rel = |x: f64, y: f64| (x - y).abs() / y.abs();
                assert!(rel(u.z, v.z) < 1e-9, "{scale}: z {} vs {}", u.z, v.z);
                assert!(rel(u.p, v.p) < 1e-8, "{scale}: p {} vs {}", u.p, v.p);
                assert!(rel(u.coef, v.coef * scale) < 1e-9, "{scale}: coef");
                assert!(rel(u.se, v.se * scale) < 1e-9, "{scale}: se");
            }
            let rel = |x: f64, y: f64| (x - y).abs() / y.abs();
            assert!(rel(base.loglik, f.loglik) < 1e-12);
            // the variance matrix on the original scale: V / scale²
            let (v0, v1) = (&base.variance, &f.variance);
            assert!(rel(v0[[0, 1]], v1[[0, 1]] * scale * scale) < 1e-9);
            // predictions at the same (scaled) profile are the same
            let s0 = base.survival(&[1.0, 2.0]).unwrap();
            let s1 = f.survival(&[scale, 2.0 * scale]).unwrap();
            let (r0, r1) = (&s0.curves[0].rows, &s1.curves[0].rows);
            for (x, y) in r0.iter().zip(r1) {
                assert!(rel(x.survival, y.survival) < 1e-9);
                assert!(rel(x.cumhaz_se, y.cumhaz_se) < 1e-8);
            }
        }
    }
}

/// A column holding 1.7e308 (the largest doubles are 1.797e308) was
/// "constant (every row has the value -inf)": its mean overflowed.
#[test]
fn values_near_the_largest_double() {
    let (t, e, a, b) = rows();
    let huge: Vec<f64> = b.iter().map(|v| v * 1.8e307 / 5.0).collect();
    let d = CoxData::builder(t.clone(), e.clone())
        .covariate("a", a.clone())
        .covariate("huge", huge)
        .build()
        .unwrap();
    let f = CoxPh::new().fit(&d).unwrap();
    let base = fit(1.0, Ties::Efron);
    assert!((f.terms[1].z - base.terms[1].z).abs() < 1e-9 * base.terms[1].z.abs());
    // a constant column at 1.7e308 is named as constant with its value
    let d = CoxData::builder(t.clone(), e.clone())
        .covariate("a", a.clone())
        .covariate("c", vec![1.7e308; 40])
        .build()
        .unwrap();
    let err = CoxPh::new().fit(&d).unwrap_err().to_string();
    assert!(
        err.starts_with(
            "covariate `c` cannot be estimated: it is constant (every row has the value 17000000"
        ),
        "{err}"
    );
    // values whose span overflows cannot be centred: named
    let mut span = vec![0.0; 40];
    span[0] = 1.7e308;
    span[1] = -1.7e308;
    let err = CoxData::builder(t, e)
        .covariate("a", a)
        .covariate("wide", span)
        .build()
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with(
            "covariate `wide` cannot be estimated: its values span more than the largest double"
        ),
        "{err}"
    );
}

/// Before: se 0, z −inf, p 0 with exit 0.
#[test]
fn robust_variance_needs_two_clusters() {
    let (t, e, a, b) = rows();
    let d = CoxData::builder(t.clone(), e.clone())
        .covariate("a", a.clone())
        .covariate("b", b.clone())
        .clusters(vec!["id7".to_string(); 40])
        .build()
        .unwrap();
    let err = CoxPh::new().fit(&d).unwrap_err().to_string();
    assert!(
        err.contains("a robust (sandwich) variance needs at least two clusters, the data have 1 cluster (`id7`)"),
        "{err}"
    );
    // two clusters: a robust se
    let two: Vec<String> = (0..40).map(|i| format!("c{}", i % 2)).collect();
    let d = CoxData::builder(t, e)
        .covariate("a", a)
        .covariate("b", b)
        .clusters(two)
        .build()
        .unwrap();
    assert!(CoxPh::new().fit(&d).unwrap().terms[0].robust_se.unwrap() > 0.0);
}
