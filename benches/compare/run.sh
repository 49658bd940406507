#!/usr/bin/env bash
# Same-run comparison for issue 13: this crate's pipelines against R
# (data.table::fread + survival) and lifelines, on one seeded synthetic file.
# Needs: cargo, python3 with numpy, pandas and lifelines, Rscript with
# survival and data.table, /usr/bin/time. Not run in CI.
# Usage: benches/compare/run.sh N [--cox-lifelines]
# Writes: elapsed seconds and peak resident memory of each step, as CSV
# lines what,seconds,peak_kb on standard output.
set -euo pipefail
n=${1:-1e6}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=${RM_COMPARE_DIR:-/var/tmp/rm-compare}
mkdir -p "$work"
data="$work/data_$n.csv"
[ -f "$data" ] || python3 "$here/gen.py" "$n" "$data"
echo "# file,$data,$(stat -c %s "$data") bytes"
(cd "$root" && cargo build -q --release --example survfit --example coxph)
peak() { # what, command...: prints what,elapsed,peak_kb
  local what=$1; shift
  /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" > "$work/out_$what.csv"
  read -r e m < "$work/time.txt"
  echo "$what,$e,$m"
}
for rep in 1 2 3; do
  peak rust_survfit_end_to_end "$root/target/release/examples/survfit" \
    --input "$data" --time time --event event --group group
  peak rust_coxph_end_to_end "$root/target/release/examples/coxph" \
    --input "$data" --time time --event event --covariates x1,x2,x3,x4,x5
done
for rep in 1 2 3; do
  for step in survfit coxph; do
    /usr/bin/time -f "%e %M" -o "$work/time.txt" Rscript "$here/r_compare.R" "$data" "$work" $step
    read -r e m < "$work/time.txt"
    echo "r_${step}_process,$e,$m"
  done
done
Rscript "$here/r_compare.R" "$data" "$work" fits
py_args=("$data")
[ "${2:-}" = "--cox-lifelines" ] && py_args+=(--cox)
python3 "$here/lifelines_compare.py" "${py_args[@]}"
