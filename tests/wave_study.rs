//! The wave-panel simulation study at a small replication count: Turnbull's
//! NPMLE is unbiased within its Monte Carlo error, midpoint imputation is
//! not (yearly waves, a hazard falling from 0.8 to 0.3 per year, so
//! re-migrations crowd the start of each interval and the midpoint places
//! them too late).

use return_migration::cohort::WaveStudy;

fn check(study: WaveStudy) {
    let t = study.run().unwrap();
    for r in &t.rows {
        assert_eq!(r.used, 60, "{r:?}");
        let z = r.bias / r.bias_se;
        if r.method == "Turnbull" {
            // 4 Monte Carlo standard errors: a false alarm once in ~16,000.
            assert!(z.abs() < 4.0, "{r:?}");
            assert_eq!(r.coverage, None);
        } else if r.target == "S(1)" {
            assert!(
                z > 4.0,
                "midpoint imputation should be biased upwards: {r:?}"
            );
        }
    }
}

#[test]
fn turnbull_is_unbiased_with_yearly_waves() {
    check(WaveStudy::yearly(300, 60, 77));
}

#[test]
fn turnbull_is_unbiased_with_irregular_waves() {
    check(WaveStudy::irregular(300, 60, 78));
}
