//! `--help` texts of the pipeline examples: usage, options and the column
//! contract (what each column must hold, what is written).

/// Options every pipeline accepts, described once.
const COMMON: &str = "\
Common options:
  --delimiter C    field separator of the input (default `,`; `;` or `tab` for
                   files written with a decimal comma or as TSV)
  --na LIST        comma-separated missing-value markers (e.g. `NA,` for `NA`
                   and empty fields): rows holding one in a used column are
                   dropped, and a note on standard error gives their lines.
                   Without --na a missing value is an error naming its line.
  --help           this text

Input: CSV with a header row (line 1), UTF-8. Errors name the line and the
column; the exit code is 1 on an error and 0 on success. Output: CSV on
standard output; numbers read back exactly; a missing value is an empty field.";

const SURVFIT: &str = "\
survfit: Kaplan-Meier survival and Nelson-Aalen cumulative hazard by group.

Usage: survfit --input PATH --time COL --event COL [--entry COL] [--group COL]
               [--conf-type log|log-log|plain] [--conf-level 0.95]

Columns: time >= 0 (exit); event 0 (censored) or 1; entry (delayed entry,
strictly below time): at risk on (entry, time]; group: text, output in byte
order.
Output: group,time,n_risk,n_event,n_censor,survival,std_err,lower,upper,cumhaz,cumhaz_se
(one row per distinct time with an event or a censoring, per group).";

const LOGRANK: &str = "\
logrank: log-rank and Fleming-Harrington G(rho) test between groups.

Usage: logrank --input PATH --time COL --event COL --group COL [--rho 0]
               [--strata COL] [--table test|groups]

Columns: time >= 0; event 0/1; group and strata: text.
Output (--table test, the default): chisq,df,p (one row; with fewer than two
groups with expected events: 0,0,1).
--table groups: group,n,observed,expected (weighted by S(t-)^rho as the test)
(one row per group, as R's print of survdiff).";

const COXPH: &str = "\
coxph: Cox proportional hazards regression, iterated to full convergence.

Usage: coxph --input PATH --time COL --event COL --covariates A,B,A:B
             [--factors B] [--reference B=LEVEL] [--entry COL]
             [--ties efron|breslow] [--strata COL] [--cluster COL]
             [--table coef|full]

Columns: time >= 0; event 0/1; entry below time; strata and cluster: text.
Covariates are numeric unless named in --factors (text levels in byte order,
the first the reference unless --reference says otherwise; one 0/1 column
per other level, named COLUMN+LEVEL as R does); a yes/no or TRUE/FALSE
column is a factor without being named; A:B is an interaction.
With --cluster, se is the robust (sandwich) standard error.
Output (--table coef, the default): term,coef,se,z,p.
--table full: term,coef,exp_coef,se,robust_se,z,p,lower,upper,n,events
(lower/upper: 95% interval of exp(coef)).";

const CUMINC: &str = "\
cuminc: Aalen-Johansen cumulative incidence of competing causes by group.

Usage: cuminc --input PATH --time COL --status COL [--group COL]
              [--table cif|full] [--times T1,T2,...]

Columns: time >= 0; status 0 (censored), 1, 2, ... (causes); group: text.
Output (default): group,cause,time,cif.
--table full: group,cause,time,cif,std_err,lower,upper (log-type 95% interval).
--times: one row per group, cause and chosen time (the estimate at that time).";

const ICFIT: &str = "\
icfit: Turnbull's nonparametric maximum-likelihood survival for
interval-censored data (events seen only between two contacts).

Usage: icfit --input PATH --left COL --right COL [--group COL]

Columns: the event happened in (left, right]; left = right: exact; empty
right or `inf`: right-censored at left; left = 0: event by right.
Output: group,time,survival (every distinct finite left or right value).";

const SURVREG: &str = "\
survreg: parametric accelerated-failure-time regression of log time.

Usage: survreg --input PATH (--time COL --event COL | --left COL --right COL)
               [--covariates A,B] [--dist weibull|exponential|lognormal|loglogistic]

Columns: as survfit (right-censored) or as icfit (interval-censored).
Output: term,coef,se,z,p: (Intercept), the covariates, Log(scale).";

const COXZPH: &str = "\
coxzph: test of proportional hazards from scaled Schoenfeld residuals.

Usage: coxzph --input PATH --time COL --event COL --covariates A,B
              [--strata COL] [--ties efron|breslow] [--transform km|rank|identity]

Output: term,chisq,df,p (one row per covariate, then GLOBAL).";

const FINEGRAY: &str = "\
finegray: Fine-Gray proportional subdistribution hazards for one cause.

Usage: finegray --input PATH --time COL --status COL --cause K --covariates A,B
                [--factors B] [--reference B=LEVEL]

Columns: status 0 (censored), 1, 2, ... (causes); covariates numeric unless
named in --factors (as coxph; yes/no and TRUE/FALSE columns are factors).
Censoring weights from the Kaplan-Meier of the censoring distribution, as
cmprsk::crr.
Output: term,coef,se,z,p (se robust).";

const COHORT: &str = "\
cohort: returnee records to one survival row per person (first re-migration).

Usage: cohort --input PATH [--scale since-return|calendar|age]
              [--rule midpoint|right-end]

Input: the records CSV (one row per re-migration; a person without one has
one row with empty event fields): id, return_date (YYYY or YYYY-MM-DD) and
optional origin, sex, age_band, age_at_return, assistance, follow_up_start,
waves_seen (dates separated by `;`), end_of_follow_up, event_date,
event_wave, event_channel (irregular|legal).
Output: id,cohort,entry,exit,left,right,event,channel,origin,sex,age_band,
age_at_return,assistance (one row per person used, in input order).
entry/exit: the spell, a wave-only re-migration placed by --rule; left/right:
the same spell as interval-censored data (left = right when dated exactly;
right empty when censored), for icfit and survreg.";

/// The `--help` text of a pipeline: its usage and column contract, then
/// the options every pipeline shares. `None` for an unknown name.
///
/// # Example
/// ```
/// use return_migration::pipeline::help_text;
/// let text = help_text("survfit").unwrap();
/// assert!(text.starts_with("survfit: Kaplan-Meier"));
/// assert!(text.contains("--delimiter"));
/// assert!(help_text("nope").is_none());
/// ```
pub fn help_text(name: &str) -> Option<String> {
    let own = match name {
        "survfit" => SURVFIT,
        "logrank" => LOGRANK,
        "coxph" => COXPH,
        "cuminc" => CUMINC,
        "icfit" => ICFIT,
        "survreg" => SURVREG,
        "coxzph" => COXZPH,
        "finegray" => FINEGRAY,
        "cohort" => COHORT,
        _ => return None,
    };
    Some(format!("{own}\n\n{COMMON}\n"))
}
