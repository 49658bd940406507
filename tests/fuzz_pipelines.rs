//! A seeded mutation fuzzer over every pipeline (a bounded budget, so that
//! it runs in `cargo test` and CI). Valid seed files are mutated byte- and
//! field-wise with hostile values; each pipeline runs in-process and the
//! invariants of issue 12 are asserted:
//!
//! - no panic, whatever the input;
//! - success only with a header and finite numbers where numbers are
//!   promised (`survfit` may leave std_err/limits empty, as the contract
//!   says); survival within [0, 1] and non-increasing within a group;
//! - rows in = rows used + rows rejected: with `--na`, the events and
//!   censorings of `survfit` add up to the rows of the file without the
//!   rows holding the marker.
//!
//! `RM_FUZZ_CASES` (default 300) sets the number of mutants per seed file.

mod common;

use std::panic::{AssertUnwindSafe, catch_unwind};

use common::pipeline::input;
use return_migration::error::Error;
use return_migration::pipeline::{
    cohort, coxph, coxzph, cuminc, finegray, icfit, logrank, survfit, survreg,
};

/// splitmix64: a small seeded generator (the fuzzer must be reproducible).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const HOSTILE: [&str; 24] = [
    "",
    "NA",
    "-1",
    "-0",
    "0",
    "1",
    "2",
    "1e308",
    "1.8e308",
    "-1e308",
    "1e-320",
    "inf",
    "-inf",
    "NaN",
    "nan",
    "1,5",
    "\"",
    "\"\"",
    "x",
    "4294967296",
    "99999999999999999999",
    " 1 ",
    "0x10",
    "١",
];

fn cases() -> usize {
    std::env::var("RM_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300)
}

/// One mutation of a CSV text.
fn mutate(text: &str, rng: &mut Rng) -> Vec<u8> {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let pick = rng.below(9);
    let k = rng.below(lines.len());
    match pick {
        0..=3 => {
            // replace one field with a hostile value
            let mut fields: Vec<String> = lines[k].split(',').map(str::to_string).collect();
            let f = rng.below(fields.len());
            fields[f] = HOSTILE[rng.below(HOSTILE.len())].to_string();
            lines[k] = fields.join(",");
        }
        4 => {
            let dup = lines[k].clone();
            lines.insert(k, dup);
        }
        5 if lines.len() > 2 => {
            lines.remove(1 + rng.below(lines.len() - 1));
        }
        6 => lines[k].push(','),
        7 => {
            // many one-subject groups / strata: the last field made unique
            let mut fields: Vec<String> = lines[k].split(',').map(str::to_string).collect();
            let last = fields.len() - 1;
            fields[last] = format!("g{}", rng.next() % 1000);
            lines[k] = fields.join(",");
        }
        _ => {
            let mut bytes = lines.join("\n").into_bytes();
            if !bytes.is_empty() {
                let at = rng.below(bytes.len());
                bytes[at] = (rng.next() & 0xff) as u8;
            }
            return bytes;
        }
    }
    let mut out = lines.join(if rng.below(5) == 0 { "\r\n" } else { "\n" });
    out.push('\n');
    out.into_bytes()
}

type Pipeline = fn(&[String], &mut Vec<u8>) -> Result<(), Error>;

/// Which output fields may be empty, by column name.
fn may_be_empty(column: &str) -> bool {
    matches!(
        column,
        "group"
            | "std_err"
            | "lower"
            | "upper"
            | "right"
            | "channel"
            | "origin"
            | "sex"
            | "age_band"
            | "age_at_return"
            | "assistance"
            | "id"
            | "robust_se"
    )
}

fn check_output(name: &str, text: &str, input: &[u8]) {
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().expect("a header").split(',').collect();
    let numeric_skip = [
        "group",
        "term",
        "id",
        "channel",
        "origin",
        "sex",
        "age_band",
        "assistance",
    ];
    let mut last: Option<(String, f64)> = None;
    for line in lines {
        let fields: Vec<&str> = line.split(',').collect();
        if fields.len() != header.len() {
            // a quoted label may hold a comma; only numbers are checked
            continue;
        }
        for (c, f) in header.iter().zip(&fields) {
            if numeric_skip.contains(c) || (f.is_empty() && may_be_empty(c)) {
                continue;
            }
            let v: f64 = f.parse().unwrap_or_else(|_| {
                panic!(
                    "{name}: `{f}` in column {c} is not a number\ninput:\n{}",
                    String::from_utf8_lossy(input)
                )
            });
            assert!(
                v.is_finite(),
                "{name}: {c} = {v} with exit 0\ninput:\n{}",
                String::from_utf8_lossy(input)
            );
        }
        if name == "survfit" || name == "icfit" {
            let k = if name == "survfit" { 5 } else { 2 };
            let s: f64 = fields[k].parse().unwrap();
            assert!((0.0..=1.0).contains(&s), "{name}: survival {s}");
        }
        if name == "survfit" {
            let s: f64 = fields[5].parse().unwrap();
            assert!((0.0..=1.0).contains(&s), "survival {s}");
            if let Some((g, prev)) = &last
                && g == fields[0]
            {
                assert!(s <= *prev, "survival rises within group {g}");
            }
            last = Some((fields[0].to_string(), s));
        }
    }
}

fn fuzz(name: &str, seeds: &[&str], args: &[&str], pipeline: Pipeline) {
    let mut rng = Rng(0x5EED ^ name.len() as u64);
    let (mut ok, mut err) = (0, 0);
    for (s, seed) in seeds.iter().enumerate() {
        for case in 0..cases() {
            let mutant = mutate(seed, &mut rng);
            let dir = common::pipeline::scratch(&format!("fuzz_{name}_{s}_{case}"));
            let path = dir.join("in.csv");
            std::fs::write(&path, &mutant).unwrap();
            let mut argv: Vec<String> = vec!["--input".into(), path.display().to_string()];
            argv.extend(args.iter().map(|a| a.to_string()));
            let mut out = Vec::new();
            let result = catch_unwind(AssertUnwindSafe(|| pipeline(&argv, &mut out)));
            let _ = std::fs::remove_dir_all(&dir);
            match result {
                Err(_) => panic!("{name} panicked on:\n{}", String::from_utf8_lossy(&mutant)),
                Ok(Ok(())) => {
                    ok += 1;
                    check_output(name, &String::from_utf8(out).unwrap(), &mutant);
                }
                Ok(Err(e)) => {
                    err += 1;
                    let message = e.to_string();
                    assert!(
                        !message.is_empty() && !message.contains("Utf8Error"),
                        "{message}"
                    );
                }
            }
        }
    }
    // The budget reached both sides: some mutants stay valid, some fail.
    assert!(ok > 0 && err > 0, "{name}: {ok} ok, {err} errors");
}

const SURV: &str = "t,d,g,s\n0.5,1,a,x\n1,1,a,x\n1,0,b,y\n2,1,b,x\n3,0,a,y\n3,0,b,y\n0.8,1,a,x\n1.5,0,b,y\n4,1,b,x\n";
const COX: &str = "t,d,x,z,s,c\n0.5,1,0,1.2,a,1\n1,1,1,0.3,a,2\n1,0,0,2.5,b,3\n2,1,1,1.1,b,1\n3,0,0,0.7,a,2\n3,1,1,3.2,b,3\n0.8,1,0,0.1,a,1\n1.5,0,1,1.9,b,2\n4,1,1,0.4,a,3\n";
const CR: &str = "t,s,g\n0.5,1,a\n1,2,a\n1,0,b\n2,1,b\n3,0,a\n0.8,2,b\n1.5,1,a\n3,0,b\n2.5,1,a\n";
const RECORDS: &str = "id,return_date,sex,waves_seen,event_date,event_wave,event_channel\nA,2020,F,2021;2022,,2022,irregular\nB,2020,M,2021;2022,,,\nC,2019,M,2021,2020-06-01,,legal\n";

#[test]
fn survfit_survives_mutants() {
    fuzz(
        "survfit",
        &[SURV],
        &["--time", "t", "--event", "d", "--group", "g"],
        |a, o| survfit(a, o),
    );
}

#[test]
fn survfit_rows_in_equal_rows_used_plus_dropped() {
    let mut rng = Rng(7);
    for _ in 0..cases() / 3 {
        let mutant = String::from_utf8(mutate(SURV, &mut rng)).unwrap_or_default();
        let path = input("fuzz_rows_in", &mutant);
        let argv: Vec<String> = [
            "--input", &path, "--time", "t", "--event", "d", "--na", "NA,",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let mut out = Vec::new();
        if survfit(&argv, &mut out).is_ok() {
            let rows: Vec<&str> = mutant.lines().skip(1).filter(|l| !l.is_empty()).collect();
            let kept = rows
                .iter()
                .filter(|l| {
                    let f: Vec<&str> = l.split(',').map(str::trim).collect();
                    !(f[0].is_empty() || f[0] == "NA" || f[1].is_empty() || f[1] == "NA")
                })
                .count();
            let text = String::from_utf8(out).unwrap();
            let used: f64 = text
                .lines()
                .skip(1)
                .map(|l| {
                    let f: Vec<f64> = l
                        .split(',')
                        .skip(3)
                        .take(2)
                        .map(|v| v.parse().unwrap())
                        .collect();
                    f[0] + f[1]
                })
                .sum();
            assert_eq!(used, kept as f64, "{mutant}");
        }
    }
}

#[test]
fn logrank_survives_mutants() {
    fuzz(
        "logrank",
        &[SURV],
        &[
            "--time", "t", "--event", "d", "--group", "g", "--strata", "s",
        ],
        |a, o| logrank(a, o),
    );
    fuzz(
        "logrank_rho",
        &[SURV],
        &[
            "--time", "t", "--event", "d", "--group", "g", "--rho", "-1000",
        ],
        |a, o| logrank(a, o),
    );
}

#[test]
fn coxph_survives_mutants() {
    fuzz(
        "coxph",
        &[COX],
        &["--time", "t", "--event", "d", "--covariates", "x,z"],
        |a, o| coxph(a, o),
    );
    fuzz(
        "coxph_cluster",
        &[COX],
        &[
            "--time",
            "t",
            "--event",
            "d",
            "--covariates",
            "x",
            "--cluster",
            "c",
            "--strata",
            "s",
        ],
        |a, o| coxph(a, o),
    );
}

#[test]
fn cuminc_survives_mutants() {
    fuzz(
        "cuminc",
        &[CR],
        &["--time", "t", "--status", "s", "--group", "g"],
        |a, o| cuminc(a, o),
    );
}

#[test]
fn cohort_survives_mutants() {
    fuzz("cohort", &[RECORDS], &[], |a, o| cohort(a, o));
}

#[test]
fn finegray_survives_mutants() {
    const FG: &str = "t,s,x,g\n0.5,1,0,a\n1,2,1,b\n1,0,0,a\n2,1,1,b\n3,0,0,a\n0.8,2,1,b\n1.5,1,0,a\n3,0,1,b\n2.5,1,0,a\n4,2,1,a\n";
    fuzz(
        "finegray",
        &[FG],
        &[
            "--time",
            "t",
            "--status",
            "s",
            "--cause",
            "1",
            "--covariates",
            "x,g",
            "--factors",
            "g",
        ],
        |a, o| finegray(a, o),
    );
}

#[test]
fn coxzph_survives_mutants() {
    fuzz(
        "coxzph",
        &[COX],
        &[
            "--time",
            "t",
            "--event",
            "d",
            "--covariates",
            "x,z",
            "--strata",
            "s",
        ],
        |a, o| coxzph(a, o),
    );
}

const WAVES: &str = "left,right,g,x\n0,1,a,0.5\n1,2,a,1.5\n1,,b,0.2\n2,3,b,2.2\n2.5,2.5,a,1.1\n3,,b,0.9\n0,2,a,0.3\n4,5,b,1.7\n1,2,a,0.8\n2,inf,b,1.2\n";

#[test]
fn icfit_survives_mutants() {
    fuzz(
        "icfit",
        &[WAVES],
        &["--left", "left", "--right", "right", "--group", "g"],
        |a, o| icfit(a, o),
    );
}

#[test]
fn survreg_survives_mutants() {
    fuzz(
        "survreg",
        &[WAVES],
        &["--left", "left", "--right", "right", "--covariates", "x"],
        |a, o| survreg(a, o),
    );
    fuzz(
        "survreg_right",
        &[COX],
        &[
            "--time",
            "t",
            "--event",
            "d",
            "--covariates",
            "x,z",
            "--dist",
            "lognormal",
        ],
        |a, o| survreg(a, o),
    );
}
