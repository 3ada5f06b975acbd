#!/usr/bin/env bash
# Builds the fourth accuracy suite into DIR (default: target/fourth-suite beside this script): nine public datasets
# from R packages Debian ships, in shared/data/suite's layout. It was built in session 7, after the third suite had
# been used to choose the interval adaptation's step, to check the defaults on data nobody had looked at again.
# stat_baselines.json here was computed by the suite's stat_baselines.R (SUITE_DIR=DIR LIST=suite.txt, a few
# minutes), so it need not be recomputed. Then: ./nowcast suite DIR [--json FILE].
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/../target/fourth-suite}
mkdir -p "$out"
out=$(cd "$out" && pwd)
packages=(r-cran-boot r-cran-tseries r-cran-aer r-cran-strucchange r-cran-gstat r-cran-timeseries)
if ! Rscript -e 'for (p in c("boot", "tseries", "AER", "strucchange", "gstat", "timeSeries")) library(p, character.only = TRUE)' >/dev/null 2>&1; then
  apt-get install -y -qq "${packages[@]}" >/dev/null
fi
(cd "$out" && Rscript "$here/export.R")
cp "$here/suite.txt" "$here/stat_baselines.json" "$out/"
echo "fourth suite in $out: ./nowcast suite $out"
