#!/usr/bin/env bash
# Combinations of Nowcast's forecasts with R's ARIMA, and with a pooled autoregression, on every dataset of the given
# suite folders. Usage: run.sh OUT_DIR SUITE_DIR...   (needs Rscript with r-cran-forecast, python3 with numpy, and
# ./nowcast built). Writes OUT_DIR/nowcast/NAME.csv (nowcast suite --forecasts), OUT_DIR/classical/NAME.csv and
# OUT_DIR/ar/NAME.csv, then prints the tables (docs/benchmarks.md, "Combinations").
# A dataset with a season over 12 and more than 20,000 rows gets no classical forecasts (seasonal ARIMA on it takes
# hours); an existing file is kept, so an interrupted run resumes.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=$1; shift
mkdir -p "$out/nowcast" "$out/classical" "$out/ar"
for dir in "$@"; do
  "$here/../../nowcast" suite "$dir" --forecasts "$out/nowcast" --json "$out/$(basename "$dir").json" || true
  while read -r name season _; do
    [ -z "$name" ] && continue
    [ -s "$out/ar/$name.csv" ] || python3 "$here/pooled_ar.py" "$dir/$name.csv" "$season" "$out/ar/$name.csv"
    file="$out/classical/$name.csv"
    [ -s "$file" ] && continue
    if [ "$season" -gt 12 ] && [ "$(wc -l < "$dir/$name.csv")" -gt 20000 ]; then
      echo "no classical forecasts for $name (season $season, over 20,000 rows)"; continue
    fi
    Rscript "$here/classical_forecasts.R" "$dir" "$name" "$season" "$file"
  done < "$dir/suite.txt"
done
python3 "$here/combine.py" "$out/nowcast" "$out/classical"
python3 "$here/combine.py" "$out/nowcast" "$out/classical" "$out/ar"
