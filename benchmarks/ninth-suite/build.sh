#!/usr/bin/env bash
# Builds the ninth accuracy suite into DIR (default: target/ninth-suite beside this script): eight public datasets
# from R packages Debian ships, in shared/data/suite's layout, none of them (nor another series of their sources) in
# the first eight suites or shared/data: sensors (a Fitbit tracker's steps, calories, distance and floors every 15
# minutes over Christmas 2015; an inductance plethysmograph's breathing trace at 50 Hz, timestamps with milliseconds),
# transport (NYPD-reported collisions per hour and New York borough, 20-31 Dec 2018, holidays included), environment
# (Lincoln, Nebraska daily weather 2016; monthly precipitation of 47 US climate divisions 2009-2019, a panel of short
# series), energy (residential natural gas consumption of six US states, annual 1967-1989, a panel of short series)
# and markets (MSCI Switzerland every weekday 2008-2012; Beveridge's European wheat price index, annual 1500-1869).
# Built after the eighth suite to measure the defaults on data nobody had looked at: the datasets were chosen by kind
# before Nowcast or any forecaster ran on them.
# stat_baselines.json here was computed by the suite's stat_baselines.R (SUITE_DIR=DIR LIST=suite.txt: LIST is
# relative to SUITE_DIR; about 3 minutes on 2 cores), so it need not be recomputed.
# Then: ./nowcast suite DIR [--json FILE].
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/../target/ninth-suite}
mkdir -p "$out"
out=$(cd "$out" && pwd)
packages=(r-cran-forecast r-cran-jsonlite r-cran-fitcoach r-cran-wavethresh r-cran-vim r-cran-ggridges r-cran-ncdfgeom r-cran-aer
  r-cran-tseries r-cran-zoo)
if ! Rscript -e 'for (p in c("forecast", "jsonlite", "fitcoach", "wavethresh", "VIM", "ggridges", "ncdfgeom", "AER", "tseries", "zoo")) if (!requireNamespace(p, quietly = TRUE)) stop(p)' >/dev/null 2>&1; then
  apt-get install -y -qq "${packages[@]}" >/dev/null
fi
(cd "$out" && Rscript "$here/export.R")
cp "$here/suite.txt" "$here/stat_baselines.json" "$out/"
echo "ninth suite in $out: ./nowcast suite $out"
