# Times R's survreg (survival 3.5) on the data of benches/aft.rs.
#
# Usage:
#   mkdir -p /tmp/aft && RM_AFT_BENCH_CSV=/tmp/aft cargo bench --bench aft
#   Rscript benches/aft_survreg_timing.R /tmp/aft
# Reads DIR/aft_<n>.csv (n = 1e5, 1e6; written by the benchmark, not
# committed) and prints the elapsed seconds of survreg (Weibull, 5
# covariates), right-censored and as waves (interval2), median of 3 runs,
# with rel.tolerance = 1e-12 as the crate converges fully. Reading the file
# is not timed.

suppressPackageStartupMessages(library(survival))
args <- commandArgs(trailingOnly = TRUE)
dir <- if (length(args)) args[1] else "/tmp/aft"
ctrl <- survreg.control(rel.tolerance = 1e-12, maxiter = 200)
for (n in c(100000, 1000000)) {
  path <- file.path(dir, sprintf("aft_%d.csv", n))
  if (!file.exists(path)) next
  d <- read.csv(path)
  d$left2 <- ifelse(d$left == 0, NA, d$left)
  time_it <- function(f) {
    median(replicate(3, system.time(
      fit <- survreg(f, data = d, dist = "weibull", control = ctrl))[["elapsed"]]))
  }
  right <- time_it(Surv(time, event) ~ x1 + x2 + treated + age + u)
  waves <- time_it(Surv(left2, right, type = "interval2") ~ x1 + x2 + treated + age + u)
  fit <- survreg(Surv(time, event) ~ x1 + x2 + treated + age + u, data = d,
                 dist = "weibull", control = ctrl)
  cat(sprintf("n = %d: right-censored %.3f s, waves %.3f s; coef %s, log(scale) %.6f\n",
              n, right, waves, paste(sprintf("%.6f", coef(fit)), collapse = " "),
              log(fit$scale)))
}
