#!/usr/bin/env bash
# Builds the third accuracy suite into DIR (default: target/third-suite beside this script): seven small public
# datasets from R's datasets and forecast packages (Debian's r-cran-forecast), in shared/data/suite's layout. It
# was built after the second suite had been used to develop the defaults, to measure them on data nobody had
# looked at. stat_baselines.json here was computed by the suite's stat_baselines.R (SUITE_DIR=DIR LIST=suite.txt,
# a few seconds), so it need not be recomputed. Then: ./nowcast suite DIR [--json FILE].
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/../target/third-suite}
mkdir -p "$out"
out=$(cd "$out" && pwd)
if ! Rscript -e 'library(forecast)' >/dev/null 2>&1; then
  apt-get install -y -qq r-cran-forecast >/dev/null
fi
(cd "$out" && Rscript "$here/export.R")
cp "$here/suite.txt" "$here/stat_baselines.json" "$out/"
echo "third suite in $out: ./nowcast suite $out"
