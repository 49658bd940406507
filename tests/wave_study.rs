//! The wave-panel simulation study at a small replication count: Turnbull's
//! NPMLE is unbiased within its Monte Carlo error, midpoint imputation is
//! not (yearly waves, a hazard falling from 0.8 to 0.3 per year, so
//! re-migrations crowd the start of each interval and the midpoint places
//! them too late), and the Weibull AFT model is unbiased when the hazard is
//! constant (a Weibull) and biased when it is not.

use return_migration::cohort::WaveStudy;

fn check(study: WaveStudy, weibull_is_right: bool) {
    let t = study.run().unwrap();
    assert_eq!(t.rows.len(), 12);
    for r in &t.rows {
        assert_eq!(r.used, 60, "{r:?}");
        let z = r.bias / r.bias_se;
        if r.method == "Weibull AFT" {
            if weibull_is_right {
                assert!(z.abs() < 4.0, "{r:?}");
            } else if r.target == "S(1)" {
                // A Weibull cannot follow a hazard falling from 0.8 to 0.3.
                assert!(z > 4.0, "{r:?}");
            }
        } else if r.method == "Turnbull" {
            // 4 Monte Carlo standard errors: a false alarm once in ~16,000.
            assert!(z.abs() < 4.0, "{r:?}");
            assert_eq!(r.coverage, None);
        } else if r.target == "S(1)" && !weibull_is_right {
            assert!(
                z > 4.0,
                "midpoint imputation should be biased upwards: {r:?}"
            );
        }
    }
}

#[test]
fn turnbull_is_unbiased_with_yearly_waves() {
    check(WaveStudy::yearly(300, 60, 77), false);
}

#[test]
fn turnbull_is_unbiased_with_irregular_waves() {
    check(WaveStudy::irregular(300, 60, 78), false);
}

/// With a constant hazard the event time is exponential, a Weibull: the
/// AFT model is right and unbiased too.
#[test]
fn weibull_aft_is_unbiased_when_the_model_is_right() {
    check(
        WaveStudy::yearly(300, 60, 79).hazard("constant", vec![0.3]),
        true,
    );
}
