#!/usr/bin/env bash
# Same-run comparison for issue 13: this crate's pipelines against R
# (data.table::fread + survival) and lifelines, on one seeded synthetic file.
# Needs: cargo, python3 with numpy, pandas and lifelines, Rscript with
# survival and data.table, /usr/bin/time. Not run in CI.
# Usage: benches/compare/run.sh N [--cox-lifelines]
#   RM_COMPARE_SHAPE=register selects gen.py's second shape (eleven
#   columns, continuous times, five groups; default: bench);
#   RM_COMPARE_SHAPE=narrow a four-column file of about 15 bytes a row;
#   RM_COMPARE_SHAPE=continuous / narrow_continuous: bench / narrow with
#   continuous times (one survival table row per person).
# Writes: elapsed seconds and peak resident memory of each step, as CSV
# lines what,seconds,peak_kb on standard output.
set -euo pipefail
n=${1:-1e6}
shape=${RM_COMPARE_SHAPE:-bench}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=${RM_COMPARE_DIR:-/var/tmp/rm-compare}
mkdir -p "$work"
case $shape in
  bench) data="$work/data_$n.csv"; cols=(time event group x1,x2,x3,x4,x5) ;;
  register) data="$work/register_$n.csv"; cols=(days status country age,female,z1,z2,income) ;;
  narrow) data="$work/narrow4_$n.csv"; cols=(time event group x) ;;
  continuous) data="$work/continuous_$n.csv"; cols=(time event group x1,x2,x3,x4,x5) ;;
  narrow_continuous) data="$work/narrow_continuous_$n.csv"; cols=(time event group x) ;;
  *) echo "unknown shape $shape" >&2; exit 2 ;;
esac
[ -f "$data" ] || python3 "$here/gen.py" "$n" "$data" --shape "$shape"
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
    --input "$data" --time "${cols[0]}" --event "${cols[1]}" --group "${cols[2]}"
  peak rust_coxph_end_to_end "$root/target/release/examples/coxph" \
    --input "$data" --time "${cols[0]}" --event "${cols[1]}" --covariates "${cols[3]}"
done
for rep in 1 2 3; do
  for step in survfit coxph; do
    /usr/bin/time -f "%e %M" -o "$work/time.txt" \
      Rscript "$here/r_compare.R" "$data" "$work" $step "${cols[@]}"
    read -r e m < "$work/time.txt"
    echo "r_${step}_process,$e,$m"
  done
done
Rscript "$here/r_compare.R" "$data" "$work" fits "${cols[@]}"
py_args=("$data" "${cols[@]}")
[ "${2:-}" = "--cox-lifelines" ] && py_args+=(--cox)
python3 "$here/lifelines_compare.py" "${py_args[@]}"
