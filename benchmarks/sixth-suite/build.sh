#!/usr/bin/env bash
# Builds the sixth accuracy suite into DIR (default: target/sixth-suite beside this script): ten public datasets
# from R packages Debian ships, in shared/data/suite's layout, none of them in the first five suites: sensors and
# air quality (Paris metro station hourly, Swiss NOx daily, both gappy), transport (Chicago L daily), web traffic
# (hourly), weather (Melbourne daily, Colorado monthly precipitation), satellite ozone (monthly grid), energy and
# markets (US gasoline weekly, Dow Jones weekly), sales (monthly). Built in session 9 to measure a model change on
# data it was not tuned on; step 19 was then found on its alcohol sales (docs/benchmarks.md), now a CI guard.
# stat_baselines.json here was computed by the suite's stat_baselines.R
# (SUITE_DIR=DIR LIST=suite.txt: LIST is relative to SUITE_DIR; about 3.5 minutes on 2 cores), so it need not be
# recomputed. Then: ./nowcast suite DIR [--json FILE].
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/../target/sixth-suite}
mkdir -p "$out"
out=$(cd "$out" && pwd)
packages=(r-cran-forecast r-cran-ks r-cran-robustbase r-cran-modeldata r-cran-latticeextra r-cran-quantreg r-cran-plyr r-cran-aer r-cran-fields)
if ! Rscript -e 'for (p in c("forecast", "ks", "robustbase", "modeldata", "latticeExtra", "quantreg", "plyr", "AER", "fields")) if (!requireNamespace(p, quietly = TRUE)) stop(p)' >/dev/null 2>&1; then
  apt-get install -y -qq "${packages[@]}" >/dev/null
fi
(cd "$out" && Rscript "$here/export.R")
cp "$here/suite.txt" "$here/stat_baselines.json" "$out/"
echo "sixth suite in $out: ./nowcast suite $out"
