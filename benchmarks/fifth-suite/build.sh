#!/usr/bin/env bash
# Builds the fifth accuracy suite into DIR (default: target/fifth-suite beside this script): eight public datasets
# from R packages Debian ships, in shared/data/suite's layout. It was built in session 8, after step 17 (the error
# autoregression) had been chosen on the first four suites, to check the defaults on data nobody had tuned on.
# stat_baselines.json here was computed by the suite's stat_baselines.R (SUITE_DIR=DIR LIST=suite.txt, about
# 15 seconds), so it need not be recomputed. Then: ./nowcast suite DIR [--json FILE].
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/../target/fifth-suite}
mkdir -p "$out"
out=$(cd "$out" && pwd)
packages=(r-cran-tseries r-cran-aer r-cran-strucchange r-cran-zoo)
if ! Rscript -e 'for (p in c("tseries", "AER", "strucchange", "zoo")) library(p, character.only = TRUE)' >/dev/null 2>&1; then
  apt-get install -y -qq "${packages[@]}" >/dev/null
fi
(cd "$out" && Rscript "$here/export.R")
cp "$here/suite.txt" "$here/stat_baselines.json" "$out/"
echo "fifth suite in $out: ./nowcast suite $out"
