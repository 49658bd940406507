//! The leukaemia remission data of Freireich et al. (1963), as in Kleinbaum &
//! Klein, *Survival Analysis: A Self-Learning Text*, chapter 2 (the Gehan
//! data): the 6-MP arm and the placebo arm, 21 patients each, remission
//! times in weeks. Every expected value below is derived by hand as an exact
//! fraction; the library must match it to 1e-12.

use return_migration::pipeline;
use return_migration::survival::{KaplanMeier, KaplanMeierFit, LogRank, SurvData};

/// 6-MP arm: 6,6,6,6+,7,9+,10,10+,11+,13,16,17+,19+,20+,22,23,25+,32+,32+,34+,35+
/// (+ = censored), given here out of order on purpose.
fn six_mp() -> (Vec<f64>, Vec<i64>) {
    let rows: [(f64, i64); 21] = [
        (35.0, 0),
        (6.0, 1),
        (10.0, 1),
        (32.0, 0),
        (6.0, 0),
        (22.0, 1),
        (7.0, 1),
        (9.0, 0),
        (6.0, 1),
        (10.0, 0),
        (11.0, 0),
        (13.0, 1),
        (34.0, 0),
        (16.0, 1),
        (17.0, 0),
        (19.0, 0),
        (20.0, 0),
        (23.0, 1),
        (25.0, 0),
        (32.0, 0),
        (6.0, 1),
    ];
    rows.iter().copied().unzip()
}

/// Placebo arm: 1,1,2,2,3,4,4,5,5,8,8,8,8,11,11,12,12,15,17,22,23, all relapses.
fn placebo() -> (Vec<f64>, Vec<i64>) {
    let t = [
        1., 1., 2., 2., 3., 4., 4., 5., 5., 8., 8., 8., 8., 11., 11., 12., 12., 15., 17., 22., 23.,
    ];
    (t.to_vec(), vec![1; 21])
}

fn six_mp_fit() -> KaplanMeierFit {
    let (t, d) = six_mp();
    KaplanMeier::new()
        .fit(&SurvData::builder(t, d).build().unwrap())
        .unwrap()
}

fn assert_close(what: &str, got: f64, want: f64) {
    assert!(
        (got - want).abs() <= 1e-12,
        "{what}: got {got}, want {want} (diff {})",
        got - want
    );
}

// Hand derivation for the 6-MP arm. At each distinct time: n at risk (all
// with time ≥ t), d events, c censorings.
//
//  t   n   d  c   S(t) = Π (1 − d/n)                    Greenwood Σ d/(n(n−d))
//  6  21   3  1   18/21 = 6/7                           3/(21·18) = 1/126
//  7  17   1  0   6/7 · 16/17 = 96/119                  + 1/(17·16) = 199/17136
//  9  16   0  1   96/119                                199/17136
// 10  15   1  1   96/119 · 14/15 = 64/85                + 1/(15·14) = 1403/85680
// 11  13   0  1   64/85                                 1403/85680
// 13  12   1  0   64/85 · 11/12 = 176/255               + 1/(12·11) = 22573/942480
// 16  11   1  0   176/255 · 10/11 = 32/51               + 1/(11·10) = 2831/85680
// 17  10   0  1   32/51                                 2831/85680
// 19   9   0  1   32/51                                 2831/85680
// 20   8   0  1   32/51                                 2831/85680
// 22   7   1  0   32/51 · 6/7 = 64/119                  + 1/(7·6) = 4871/85680
// 23   6   1  0   64/119 · 5/6 = 160/357                + 1/(6·5) = 7727/85680
// 25   5   0  1   160/357                               7727/85680
// 32   4   0  2   160/357                               7727/85680
// 34   2   0  1   160/357                               7727/85680
// 35   1   0  1   160/357                               7727/85680
//
// Nelson–Aalen H = Σ d/n: 3/21 = 1/7; + 1/17 = 24/119; + 1/15 = 479/1785;
// + 1/12 = 837/2380; + 1/11 = 11587/26180; + 1/7 = 15327/26180;
// + 1/6 = 59071/78540. Its variance Σ d/n²: 3/441; + 1/289; + 1/225;
// + 1/144; + 1/121; + 1/49; + 1/36.
/// time, n, d, c, S, Greenwood, H, number of event times so far.
type Line = (f64, f64, f64, f64, f64, f64, f64, usize);

struct Expected {
    time: f64,
    n_risk: f64,
    n_event: f64,
    n_censor: f64,
    survival: f64,
    greenwood: f64,
    cumhaz: f64,
    cumhaz_var: f64,
}

fn six_mp_expected() -> Vec<Expected> {
    let v = [
        3.0 / 441.0,
        1.0 / 289.0,
        1.0 / 225.0,
        1.0 / 144.0,
        1.0 / 121.0,
        1.0 / 49.0,
        1.0 / 36.0,
    ];
    let var = |k: usize| -> f64 { v[..k].iter().sum() };
    #[rustfmt::skip]
    let table: [Line; 16] = [
        // time, n, d, c, S, Greenwood, H, events so far
        (6.0, 21.0, 3.0, 1.0, 6.0 / 7.0, 1.0 / 126.0, 1.0 / 7.0, 1),
        (7.0, 17.0, 1.0, 0.0, 96.0 / 119.0, 199.0 / 17136.0, 24.0 / 119.0, 2),
        (9.0, 16.0, 0.0, 1.0, 96.0 / 119.0, 199.0 / 17136.0, 24.0 / 119.0, 2),
        (10.0, 15.0, 1.0, 1.0, 64.0 / 85.0, 1403.0 / 85680.0, 479.0 / 1785.0, 3),
        (11.0, 13.0, 0.0, 1.0, 64.0 / 85.0, 1403.0 / 85680.0, 479.0 / 1785.0, 3),
        (13.0, 12.0, 1.0, 0.0, 176.0 / 255.0, 22573.0 / 942480.0, 837.0 / 2380.0, 4),
        (16.0, 11.0, 1.0, 0.0, 32.0 / 51.0, 2831.0 / 85680.0, 11587.0 / 26180.0, 5),
        (17.0, 10.0, 0.0, 1.0, 32.0 / 51.0, 2831.0 / 85680.0, 11587.0 / 26180.0, 5),
        (19.0, 9.0, 0.0, 1.0, 32.0 / 51.0, 2831.0 / 85680.0, 11587.0 / 26180.0, 5),
        (20.0, 8.0, 0.0, 1.0, 32.0 / 51.0, 2831.0 / 85680.0, 11587.0 / 26180.0, 5),
        (22.0, 7.0, 1.0, 0.0, 64.0 / 119.0, 4871.0 / 85680.0, 15327.0 / 26180.0, 6),
        (23.0, 6.0, 1.0, 0.0, 160.0 / 357.0, 7727.0 / 85680.0, 59071.0 / 78540.0, 7),
        (25.0, 5.0, 0.0, 1.0, 160.0 / 357.0, 7727.0 / 85680.0, 59071.0 / 78540.0, 7),
        (32.0, 4.0, 0.0, 2.0, 160.0 / 357.0, 7727.0 / 85680.0, 59071.0 / 78540.0, 7),
        (34.0, 2.0, 0.0, 1.0, 160.0 / 357.0, 7727.0 / 85680.0, 59071.0 / 78540.0, 7),
        (35.0, 1.0, 0.0, 1.0, 160.0 / 357.0, 7727.0 / 85680.0, 59071.0 / 78540.0, 7),
    ];
    table
        .iter()
        .map(
            |&(time, n_risk, n_event, n_censor, survival, greenwood, cumhaz, k)| Expected {
                time,
                n_risk,
                n_event,
                n_censor,
                survival,
                greenwood,
                cumhaz,
                cumhaz_var: var(k),
            },
        )
        .collect()
}

#[test]
fn six_mp_kaplan_meier_greenwood_nelson_aalen() {
    let fit = six_mp_fit();
    assert_eq!(fit.curves.len(), 1);
    let rows = &fit.curves[0].rows;
    let expected = six_mp_expected();
    assert_eq!(rows.len(), expected.len());
    for (r, e) in rows.iter().zip(&expected) {
        let at = format!("t = {}", e.time);
        assert_eq!(r.time, e.time, "{at}");
        assert_eq!(
            (r.n_risk, r.n_event, r.n_censor),
            (e.n_risk, e.n_event, e.n_censor),
            "{at}"
        );
        assert_close(&format!("S, {at}"), r.survival, e.survival);
        assert_close(
            &format!("se of log S, {at}"),
            r.se_log.unwrap(),
            e.greenwood.sqrt(),
        );
        assert_close(
            &format!("std_err, {at}"),
            r.std_err.unwrap(),
            e.survival * e.greenwood.sqrt(),
        );
        assert_close(&format!("cumhaz, {at}"), r.cumhaz, e.cumhaz);
        assert_close(
            &format!("cumhaz_se, {at}"),
            r.cumhaz_se,
            e.cumhaz_var.sqrt(),
        );
    }
    // Rounded as in the textbook's table: 0.857, 0.807, 0.753, 0.690,
    // 0.627, 0.538, 0.448.
    let rounded: Vec<String> = rows
        .iter()
        .filter(|r| r.n_event > 0.0)
        .map(|r| format!("{:.3}", r.survival))
        .collect();
    assert_eq!(
        rounded,
        [
            "0.857", "0.807", "0.753", "0.690", "0.627", "0.538", "0.448"
        ]
    );
}

#[test]
fn six_mp_median_is_23() {
    // S(22) = 64/119 = 0.538 > 0.5, S(23) = 160/357 = 0.448 ≤ 0.5: the
    // median is 23 (the curve is never exactly 0.5, so no midpoint rule).
    // Limits (log intervals, z = 1.96) from the confidence curves:
    //   lower(13) = 176/255·exp(−z·√(22573/942480)) = 0.5096 > 0.5,
    //   lower(16) = 32/51·exp(−z·√(2831/85680)) = 0.4394 ≤ 0.5 → 16;
    //   upper(23) = 160/357·exp(z·√(7727/85680)) = 0.807 and the curve ends
    //   there: never ≤ 0.5 → no upper limit (R: median 23, 0.95LCL 16, UCL NA).
    let q = six_mp_fit().quantiles(&[0.5]).unwrap();
    assert_eq!(q.len(), 1);
    assert_eq!(q[0].quantile, Some(23.0));
    assert_eq!(q[0].lower, Some(16.0));
    assert_eq!(q[0].upper, None);
}

#[test]
fn six_mp_restricted_mean_to_35() {
    // ∫₀³⁵ S = 6·1 + 1·6/7 + 3·96/119 + 3·64/85 + 3·176/255 + 6·32/51
    //        + 1·64/119 + 12·160/357 = 13856/595 = 23.287394957983193...
    // Variance Σ A_i² d_i/(n_i(n_i − d_i)) over the event times, A_i the area
    // under S from t_i to 35:
    //   A(6) = 10286/595, A(7) = 9776/595, A(10) = 8336/595, A(13) = 6992/595,
    //   A(16) = 1152/119, A(22) = 704/119, A(23) = 640/119;
    //   terms with 1/126, 1/272, 1/210, 1/132, 1/110, 1/42, 1/30:
    //   variance = 2165163254/270829125, se = 2.82746762337144...
    let r = six_mp_fit().restricted_means(35.0).unwrap();
    assert_eq!(r.len(), 1);
    let rect = 6.0
        + 6.0 / 7.0
        + 3.0 * 96.0 / 119.0
        + 3.0 * 64.0 / 85.0
        + 3.0 * 176.0 / 255.0
        + 6.0 * 32.0 / 51.0
        + 64.0 / 119.0
        + 12.0 * 160.0 / 357.0;
    assert_close("rectangles", rect, 13856.0 / 595.0);
    assert_close("rmean", r[0].rmean, 13856.0 / 595.0);
    let var = (10286.0_f64 / 595.0).powi(2) / 126.0
        + (9776.0_f64 / 595.0).powi(2) / 272.0
        + (8336.0_f64 / 595.0).powi(2) / 210.0
        + (6992.0_f64 / 595.0).powi(2) / 132.0
        + (1152.0_f64 / 119.0).powi(2) / 110.0
        + (704.0_f64 / 119.0).powi(2) / 42.0
        + (640.0_f64 / 119.0).powi(2) / 30.0;
    assert_close("variance", var, 2_165_163_254.0 / 270_829_125.0);
    assert_close("se(rmean)", r[0].se, var.sqrt());
    assert_eq!(format!("{:.3} {:.3}", r[0].rmean, r[0].se), "23.287 2.827");
}

#[test]
fn placebo_kaplan_meier() {
    // No censoring: S(t) = #{T > t}/21: 19/21, 17/21, 16/21, 14/21, 12/21,
    // 8/21, 6/21, 4/21, 3/21, 2/21, 1/21, 0; median 8.
    let (t, d) = placebo();
    let fit = KaplanMeier::new()
        .fit(&SurvData::builder(t, d).build().unwrap())
        .unwrap();
    let rows = &fit.curves[0].rows;
    let times: Vec<f64> = rows.iter().map(|r| r.time).collect();
    assert_eq!(
        times,
        [1., 2., 3., 4., 5., 8., 11., 12., 15., 17., 22., 23.]
    );
    let left = [19., 17., 16., 14., 12., 8., 6., 4., 3., 2., 1., 0.];
    for (r, k) in rows.iter().zip(left) {
        assert_close(&format!("S({})", r.time), r.survival, k / 21.0);
    }
    assert_eq!(fit.quantiles(&[0.5]).unwrap()[0].quantile, Some(8.0));
}

/// Both arms, group labels "6-MP" and "placebo" ("6-MP" first in byte order).
fn both_arms() -> SurvData {
    let (mut t, mut d) = placebo();
    let (t6, d6) = six_mp();
    let mut g = vec!["placebo".to_string(); t.len()];
    g.extend(std::iter::repeat_n("6-MP".to_string(), t6.len()));
    t.extend(t6);
    d.extend(d6);
    SurvData::builder(t, d).groups(g).build().unwrap()
}

// Hand derivation of the log-rank test (Kleinbaum & Klein, chapter 2):
// at each time with a relapse, n1/n2 at risk (6-MP/placebo), d1/d2 relapses;
// E1 += d·n1/n, V += d(n−d)/(n(n−1))·n1·n2/n.
//
//  t  n1 n2 d1 d2      t  n1 n2 d1 d2      t  n1 n2 d1 d2
//  1  21 21  0  2      7  17 12  1  0     15  11  4  0  1
//  2  21 19  0  2      8  16 12  0  4     16  11  3  1  0
//  3  21 17  0  1     10  15  8  1  0     17  10  3  0  1
//  4  21 16  0  2     11  13  8  0  2     22   7  2  1  1
//  5  21 14  0  2     12  12  6  0  2     23   6  1  1  1
//  6  21 12  3  0     13  12  4  1  0
//
// O1 = 9, E1 = 406602257588/21121645545 = 19.2505...; O2 = 21,
// E2 = 30 − E1 = 10.7495...; V = 6.25696057367550...;
// chisq = (O1 − E1)²/V = 16.792940989216532... on 1 df, p = 4.1688e-05.
// Published: chi-square 16.79, 6-MP O = 9, E = 19.25; placebo O = 21, E = 10.75.
#[test]
fn log_rank_six_mp_against_placebo() {
    let test = LogRank::new().fit(&both_arms()).unwrap();
    assert_eq!(test.df, 1);
    assert_eq!(format!("{:.2}", test.statistic), "16.79");
    let e1 = 406_602_257_588.0 / 21_121_645_545.0;
    let v = 6.256_960_573_675_5;
    assert_close("E(6-MP)", test.groups[0].expected, e1);
    assert!(((9.0 - e1).powi(2) / v - test.statistic).abs() < 1e-9);
    assert!((test.statistic - 16.792_940_989_216_532).abs() < 1e-12 * 16.8);
    assert!(
        (test.p - 4.168_809_109_334_55e-5).abs() < 1e-15,
        "{}",
        test.p
    );
    let summary: Vec<(String, String, String, String)> = test
        .groups
        .iter()
        .map(|g| {
            (
                g.group.clone(),
                format!("{}", g.n),
                format!("{:.2}", g.observed),
                format!("{:.2}", g.expected),
            )
        })
        .collect();
    let s = |a: &str| a.to_string();
    assert_eq!(
        summary,
        vec![
            (s("6-MP"), s("21"), s("9.00"), s("19.25")),
            (s("placebo"), s("21"), s("21.00"), s("10.75")),
        ]
    );
    assert_close(
        "E(placebo) = 30 − E(6-MP)",
        test.groups[1].expected,
        30.0 - e1,
    );
}

#[test]
fn log_rank_through_the_pipeline() {
    let dir = std::env::temp_dir()
        .join(format!(
            "return_migration_survival_textbook_{}",
            std::process::id()
        ))
        .join("log_rank_through_the_pipeline");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("gehan.csv");
    let (tp, dp) = placebo();
    let (t6, d6) = six_mp();
    let mut text = String::from("weeks,relapse,arm\n");
    for (t, d) in tp.iter().zip(&dp) {
        text.push_str(&format!("{t},{d},placebo\n"));
    }
    for (t, d) in t6.iter().zip(&d6) {
        text.push_str(&format!("{t},{d},6-MP\n"));
    }
    std::fs::write(&path, text).unwrap();
    let argv: Vec<String> = [
        "--input",
        path.to_str().unwrap(),
        "--time",
        "weeks",
        "--event",
        "relapse",
        "--group",
        "arm",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let mut out: Vec<u8> = Vec::new();
    pipeline::logrank(&argv, &mut out).unwrap();
    let out = String::from_utf8(out).unwrap();
    let row: Vec<&str> = out.lines().nth(1).unwrap().split(',').collect();
    assert_eq!(out.lines().next().unwrap(), "chisq,df,p");
    let chisq: f64 = row[0].parse().unwrap();
    assert!((chisq - 16.792_940_989_216_532).abs() < 1e-12 * 16.8);
    assert_eq!(row[1], "1");
    let p: f64 = row[2].parse().unwrap();
    assert!((p - 4.168_809_109_334_55e-5).abs() < 1e-15);
}
