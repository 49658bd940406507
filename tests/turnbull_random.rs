//! Random small interval-censored data sets (seeded): every fit converges
//! with the Kuhn–Tucker conditions met, survival is a non-increasing curve
//! in [0, 1], and no perturbation of the masses raises the likelihood.

use return_migration::cohort::rng::Rng;
use return_migration::survival::{IntervalData, Turnbull};

fn random_data(rng: &mut Rng) -> IntervalData {
    let n = 1 + rng.below(40) as usize;
    let grid = 1 + rng.below(8);
    let mut left = Vec::new();
    let mut right = Vec::new();
    let mut w = Vec::new();
    for _ in 0..n {
        let a = rng.below(grid + 1) as f64 * 0.5;
        let b = a + rng.below(grid + 1) as f64 * 0.5;
        let (l, r) = match rng.below(4) {
            0 => (a, a),
            1 => (a, f64::INFINITY),
            2 => (0.0, b.max(0.5)),
            _ => (a, b),
        };
        left.push(l);
        right.push(r);
        w.push([1.0, 0.5, 3.0, 1e-3][rng.below(4) as usize]);
    }
    IntervalData::builder(left, right)
        .weights(w)
        .build()
        .unwrap()
}

fn loglik(d: &IntervalData, fit: &return_migration::survival::TurnbullCurve, mass: &[f64]) -> f64 {
    // P_i = mass of the innermost intervals inside row i.
    (0..d.len())
        .map(|i| {
            let (l, r) = (d.left()[i], d.right()[i]);
            let p: f64 = fit
                .intervals
                .iter()
                .zip(mass)
                .filter(|(iv, _)| {
                    let inside_left = if l == r {
                        iv.point && iv.lower == l
                    } else {
                        iv.lower > l || (iv.lower == l && !iv.point)
                    };
                    inside_left && iv.upper <= r
                })
                .map(|(_, m)| m)
                .sum();
            d.weights()[i] * p.ln()
        })
        .sum()
}

#[test]
fn random_data_sets_converge_to_the_maximum() {
    let mut rng = Rng::new(2026);
    for case in 0..400 {
        let d = random_data(&mut rng);
        let fit = Turnbull::new()
            .fit(&d)
            .unwrap_or_else(|e| panic!("case {case}: {e}"));
        let c = &fit.curves[0];
        assert!(c.convergence.kkt_violation <= 1e-9);
        let mut prev = 1.0;
        for r in &c.rows {
            assert!((0.0..=1.0).contains(&r.survival) && r.survival <= prev + 1e-15);
            prev = r.survival;
        }
        let mass: Vec<f64> = c.intervals.iter().map(|i| i.mass).collect();
        let ll = loglik(&d, c, &mass);
        assert!(
            (ll - c.loglik).abs() <= 1e-9 * ll.abs().max(1.0),
            "case {case}"
        );
        // Moving 1e-4 of mass between any two intervals does not help.
        for a in 0..mass.len() {
            for b in 0..mass.len() {
                if a == b || mass[a] < 1e-4 {
                    continue;
                }
                let mut m = mass.clone();
                m[a] -= 1e-4;
                m[b] += 1e-4;
                assert!(loglik(&d, c, &m) <= ll + 1e-12, "case {case}: {a} -> {b}");
            }
        }
    }
}
