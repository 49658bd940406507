# Same-run reference timings for issue 13 (README "Speed against R and
# lifelines"). One thread. Usage:
#   Rscript r_compare.R DATA.csv OUTDIR survfit|coxph|fits [TIME EVENT GROUP X1,X2,...]
# (column names default to gen.py's bench shape).
# survfit, coxph: end to end (fread, fit, fwrite), one per process so that
# the peak memory of each can be measured; fits: the fits alone.
# Prints one line per measurement: what,seconds (elapsed).
suppressMessages({library(survival); library(data.table)})
setDTthreads(1)
args <- commandArgs(trailingOnly = TRUE)
path <- args[1]; outdir <- args[2]; step <- args[3]
cols <- if (length(args) >= 7) args[4:7] else c("time", "event", "group", "x1,x2,x3,x4,x5")
surv <- sprintf("Surv(%s, %s)", cols[1], cols[2])
f_group <- as.formula(paste(surv, "~", cols[3]))
f_cox <- as.formula(paste(surv, "~", gsub(",", " + ", cols[4])))
el <- function(expr) { t <- system.time(expr); unname(t["elapsed"]) }
say <- function(what, s) cat(sprintf("%s,%.4f\n", what, s))

# End to end: read with fread, fit, write the table with fwrite.
if (step == "survfit") say("r_survfit_end_to_end", el({
  d <- fread(path)
  f <- survfit(f_group, data = d, conf.type = "log")
  s <- summary(f, censored = TRUE)
  fwrite(data.table(group = sub(".*=", "", as.character(s$strata)), time = s$time,
                    n_risk = s$n.risk, n_event = s$n.event, n_censor = s$n.censor,
                    survival = s$surv, std_err = s$std.err, lower = s$lower,
                    upper = s$upper, cumhaz = s$cumhaz, cumhaz_se = s$std.chaz),
         file.path(outdir, "r_survfit.csv"))
}))
if (step == "coxph") say("r_coxph_end_to_end", el({
  d <- fread(path)
  f <- coxph(f_cox, data = d, ties = "efron")
  co <- summary(f)$coefficients
  fwrite(data.table(term = rownames(co), coef = co[, 1], se = co[, 3], z = co[, 4], p = co[, 5]),
         file.path(outdir, "r_coxph.csv"))
}))
# In process (reading excluded).
if (step == "fits") {
d <- fread(path)
say("r_read_fread", el(fread(path)))
say("r_survfit_fit", el(survfit(f_group, data = d)))
say("r_survdiff_fit", el(survdiff(f_group, data = d)))
say("r_coxph_fit", el(coxph(f_cox, data = d, ties = "efron")))
}
