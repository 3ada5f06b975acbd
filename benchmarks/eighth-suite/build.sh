#!/usr/bin/env bash
# Builds the eighth accuracy suite into DIR (default: target/eighth-suite beside this script): eight public datasets
# from R packages Debian ships, in shared/data/suite's layout, none of them (nor another series of their sources) in
# the first seven suites or shared/data: environment (Los Angeles ozone and weather daily 1976, gappy; Atlantic
# storms' wind and pressure every 6 hours 2005-2020, a gappy panel of short series), sensors (an infant's heart rate
# every 16 seconds; the Kobe earthquake seismograph at Hobart every second), markets (US grain prices monthly
# 1961-1972; IBM daily closes 1961-1962), energy and transport (persons employed in utilities and in transport per
# country, annual panels of short series 1947-2013, GGDC 10-Sector Database). Built after the seventh suite to
# measure the defaults on data nobody had looked at: the datasets were chosen by kind before Nowcast ran on them.
# stat_baselines.json here was computed by the suite's stat_baselines.R (SUITE_DIR=DIR LIST=suite.txt: LIST is
# relative to SUITE_DIR; about 30 seconds on 2 cores), so it need not be recomputed.
# Then: ./nowcast suite DIR [--json FILE].
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/../target/eighth-suite}
mkdir -p "$out"
out=$(cd "$out" && pwd)
packages=(r-cran-forecast r-cran-mlbench r-cran-dplyr r-cran-wavethresh r-cran-waveslim r-cran-vgam r-cran-collapse)
if ! Rscript -e 'for (p in c("forecast", "mlbench", "dplyr", "wavethresh", "waveslim", "VGAM", "collapse")) if (!requireNamespace(p, quietly = TRUE)) stop(p)' >/dev/null 2>&1; then
  apt-get install -y -qq "${packages[@]}" >/dev/null
fi
(cd "$out" && Rscript "$here/export.R")
cp "$here/suite.txt" "$here/stat_baselines.json" "$out/"
echo "eighth suite in $out: ./nowcast suite $out"
