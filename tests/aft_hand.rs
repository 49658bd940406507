//! Parametric AFT regression on cases with closed-form maximum-likelihood
//! estimates: the exponential with right censoring, the log-normal without
//! censoring; and two identities (case weights = repeated rows; covariate
//! units only rescale the coefficient). Tolerance 1e-10 relative.

use return_migration::survival::{AftData, Dist, Survreg};

fn close(what: &str, ours: f64, exact: f64) {
    assert!(
        (ours - exact).abs() <= 1e-10 * exact.abs().max(1e-300),
        "{what}: {ours} vs {exact}"
    );
}

#[test]
fn exponential_with_right_censoring_is_events_over_exposure() {
    // rate λ = d / Σt; intercept = −ln λ; se(intercept) = 1/√d;
    // log L = d ln λ − λ Σt (the density of T, as R reports it)
    let time = vec![2.0, 3.0, 5.0, 7.0, 11.0, 4.0];
    let event = vec![1, 0, 1, 1, 0, 1];
    let d = AftData::right_censored(time.clone(), event)
        .build()
        .unwrap();
    let fit = Survreg::new().dist(Dist::Exponential).fit(&d).unwrap();
    let (events, exposure) = (4.0, time.iter().sum::<f64>());
    let rate: f64 = events / exposure;
    assert_eq!(fit.terms.len(), 1);
    close("intercept", fit.terms[0].coef, -rate.ln());
    close("se", fit.terms[0].se, 1.0 / events.sqrt());
    close(
        "loglik",
        fit.log_likelihood,
        events * rate.ln() - rate * exposure,
    );
    assert_eq!(fit.scale, 1.0);
    // S(t) = exp(−λt); median ln 2 / λ
    close(
        "S(3)",
        fit.survival(&[], &[3.0]).unwrap()[0],
        (-rate * 3.0).exp(),
    );
    close(
        "median",
        fit.quantiles(&[], &[0.5]).unwrap()[0].quantile,
        std::f64::consts::LN_2 / rate,
    );
}

#[test]
fn lognormal_without_censoring_is_the_mean_and_sd_of_log_times() {
    let time: Vec<f64> = vec![1.5, 2.0, 3.7, 4.1, 8.0, 0.9, 2.2];
    let n = time.len() as f64;
    let logs: Vec<f64> = time.iter().map(|t| t.ln()).collect();
    let mu = logs.iter().sum::<f64>() / n;
    let sigma = (logs.iter().map(|y| (y - mu).powi(2)).sum::<f64>() / n).sqrt();
    let d = AftData::interval(time.clone(), time.clone())
        .build()
        .unwrap();
    let fit = Survreg::new().dist(Dist::LogNormal).fit(&d).unwrap();
    close("intercept", fit.terms[0].coef, mu);
    close("log scale", fit.terms[1].coef, sigma.ln());
    close("se intercept", fit.terms[0].se, sigma / n.sqrt());
    close("se log scale", fit.terms[1].se, 1.0 / (2.0 * n).sqrt());
    // log L = −n ln σ − n/2 − (n/2) ln 2π − Σ ln t
    let ll = -n * sigma.ln()
        - n / 2.0
        - n / 2.0 * (2.0 * std::f64::consts::PI).ln()
        - logs.iter().sum::<f64>();
    close("loglik", fit.log_likelihood, ll);
    assert_eq!(fit.censoring.exact, 7);
}

#[test]
fn case_weights_equal_repeated_rows() {
    let inf = f64::INFINITY;
    let left = vec![0.0, 1.0, 2.0, 3.0, 1.5, 4.0, 2.0];
    let right = vec![1.0, 2.0, 2.0, inf, 3.0, inf, 5.0];
    let x = vec![0.3, -1.0, 0.5, 1.2, 0.0, 2.0, -0.4];
    let w = [1.0, 2.0, 1.0, 3.0, 1.0, 2.0, 1.0];
    let weighted = AftData::interval(left.clone(), right.clone())
        .covariate("x", x.clone())
        .weights(w.to_vec())
        .build()
        .unwrap();
    let (mut l2, mut r2, mut x2) = (Vec::new(), Vec::new(), Vec::new());
    for i in 0..left.len() {
        for _ in 0..w[i] as usize {
            l2.push(left[i]);
            r2.push(right[i]);
            x2.push(x[i]);
        }
    }
    let repeated = AftData::interval(l2, r2)
        .covariate("x", x2)
        .build()
        .unwrap();
    for dist in Dist::ALL {
        let a = Survreg::new().dist(dist).fit(&weighted).unwrap();
        let b = Survreg::new().dist(dist).fit(&repeated).unwrap();
        for (s, t) in a.terms.iter().zip(&b.terms) {
            close(&format!("{dist} {} coef", s.term), s.coef, t.coef);
            close(&format!("{dist} {} se", s.term), s.se, t.se);
        }
        close(
            &format!("{dist} loglik"),
            a.log_likelihood,
            b.log_likelihood,
        );
    }
}

#[test]
fn covariate_units_only_rescale_the_coefficient() {
    let time = vec![5.0, 8.0, 2.0, 9.0, 4.0, 7.0, 3.0, 6.0, 10.0, 1.5];
    let event = vec![1, 0, 1, 1, 1, 0, 1, 1, 0, 1];
    let age = vec![31.0, 45.0, 22.0, 50.0, 28.0, 39.0, 25.0, 41.0, 60.0, 19.0];
    let days: Vec<f64> = age.iter().map(|a| a * 365.25 + 1e4).collect();
    let a = Survreg::new()
        .fit(
            &AftData::right_censored(time.clone(), event.clone())
                .covariate("age", age)
                .build()
                .unwrap(),
        )
        .unwrap();
    let b = Survreg::new()
        .fit(
            &AftData::right_censored(time, event)
                .covariate("age", days)
                .build()
                .unwrap(),
        )
        .unwrap();
    close("coef", b.terms[1].coef * 365.25, a.terms[1].coef);
    close("z", b.terms[1].z, a.terms[1].z);
    close("scale", b.scale, a.scale);
    close("loglik", b.log_likelihood, a.log_likelihood);
}

#[test]
fn a_row_censored_at_zero_changes_nothing() {
    // T > 0 has probability 1 under every model: the row carries no
    // information (R drops it as a missing left end, or refuses log 0).
    let inf = f64::INFINITY;
    let base = AftData::interval(
        vec![0.0, 1.0, 2.0, 3.0, 1.0, 2.5],
        vec![1.0, 2.0, 2.0, inf, 3.0, inf],
    )
    .covariate("x", vec![0.2, 1.0, -0.5, 0.7, 0.1, 1.4])
    .build()
    .unwrap();
    let more = AftData::interval(
        vec![0.0, 1.0, 2.0, 3.0, 1.0, 2.5, 0.0],
        vec![1.0, 2.0, 2.0, inf, 3.0, inf, inf],
    )
    .covariate("x", vec![0.2, 1.0, -0.5, 0.7, 0.1, 1.4, 3.0])
    .build()
    .unwrap();
    for dist in Dist::ALL {
        let a = Survreg::new().dist(dist).fit(&base).unwrap();
        let b = Survreg::new().dist(dist).fit(&more).unwrap();
        for (s, t) in a.terms.iter().zip(&b.terms) {
            close(&format!("{dist} {} coef", s.term), t.coef, s.coef);
            close(&format!("{dist} {} se", s.term), t.se, s.se);
        }
        assert_eq!(a.log_likelihood, b.log_likelihood);
        assert_eq!(b.censoring.right, a.censoring.right + 1);
    }
}

#[test]
fn wald_test_of_one_covariate_is_z_squared_and_the_table_prints() {
    let d = AftData::right_censored(
        vec![5.0, 8.0, 2.0, 9.0, 4.0, 7.0, 3.0, 6.0, 10.0, 1.5],
        vec![1, 0, 1, 1, 1, 0, 1, 1, 0, 1],
    )
    .covariate("grant", vec![1., 0., 1., 0., 1., 0., 0., 1., 0., 1.])
    .build()
    .unwrap();
    for dist in Dist::ALL {
        let fit = Survreg::new().dist(dist).fit(&d).unwrap();
        let z = fit.terms[1].z;
        close(&format!("{dist} wald"), fit.wald.statistic, z * z);
        close(&format!("{dist} wald p"), fit.wald.p, fit.terms[1].p);
        assert_eq!(fit.wald.df, 1);
        let text = fit.to_string();
        assert!(text.contains("grant") && text.contains("likelihood-ratio test"));
        assert_eq!(text.contains("Log(scale)"), dist.has_scale());
    }
}
