#!/usr/bin/env bash
# Builds the tenth accuracy suite into DIR (default: target/tenth-suite beside this script): eight public datasets
# from R packages Debian ships, in shared/data/suite's layout, none of whose series is in the first nine suites or
# shared/data: sensors (an electrocardiogram's beat-to-beat intervals, one per heartbeat, 1 h
# 45 min, irregular steps with milliseconds; a hand-held GPS unit's speed and elevation along three trips, a fix
# every 1-94 seconds, a panel of short series), environment (Old Faithful's eruptions one by one, about 72 minutes
# apart, August 1985; the Badajoz, Spain minimum temperature every day 1955-2015, one long series), transport
# (accidents per day on Swedish roads over 92 days of 1961 and of 1962, a panel of two short series), energy (West
# Texas Intermediate crude oil price at month ends 1984-2010) and markets (the Dow Jones Industrial Average's stocks
# every trading day 1996-2000; 20 US small-cap stocks at month ends 1997-2001, a panel of short series).
# Built after the ninth suite to measure the defaults on data nobody had looked at: the datasets were chosen by kind
# before Nowcast or any forecaster ran on them.
# Sources and licenses (details in export.R):
#   ecg_rr_intervals_beat: Rwave `Ekg` (GPL >= 2); Carmona, Hwang and Torresani (1998), Practical Time-Frequency
#     Analysis, a normal patient's RR intervals.
#   gps_trips_seconds: TeachingDemos `gps` (`towork`, `h2h`, `ccc`; Artistic-2.0); Greg Snow's own GPS unit, Utah,
#     2007-2008.
#   old_faithful_eruptions: MASS `geyser` (GPL-2/3); Azzalini and Bowman (1990), Applied Statistics 39.
#   swedish_road_accidents_daily: MASS `Traffic` (GPL-2/3); Svensson (1981), Annals of Statistics 9.
#   badajoz_temperature_daily: ks `tempb` (GPL-2/3); GHCN-Daily (Menne et al. 2012) via KNMI Climate Explorer.
#   dow_jones_stocks_daily: fBasics `DowJones30` (GPL >= 2); Yahoo closing prices (IBM and Microsoft left out).
#   wti_crude_oil_monthly: fPortfolio `ECON85`, column WTI.USD (GPL >= 2); Wuertz, Chalabi, Chen and Ellis (2009),
#     Portfolio Optimization with R/Rmetrics.
#   smallcap_stocks_monthly: fPortfolio `SMALLCAP` (GPL >= 2); Wuertz et al. (2009), as above.
# stat_baselines.json here was computed by the suite's stat_baselines.R (SUITE_DIR=DIR LIST=suite.txt: LIST is
# relative to SUITE_DIR; about a minute on 2 cores), so it need not be recomputed.
# Then: ./nowcast suite DIR [--json FILE].
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/../target/tenth-suite}
mkdir -p "$out"
out=$(cd "$out" && pwd)
packages=(r-cran-forecast r-cran-rwave r-cran-teachingdemos r-cran-mass r-cran-ks r-cran-fbasics r-cran-fportfolio r-cran-timeseries)
if ! Rscript -e 'for (p in c("forecast", "Rwave", "TeachingDemos", "MASS", "ks", "fBasics", "fPortfolio", "timeSeries")) if (!requireNamespace(p, quietly = TRUE)) stop(p)' >/dev/null 2>&1; then
  apt-get install -y -qq "${packages[@]}" >/dev/null
fi
(cd "$out" && Rscript "$here/export.R")
cp "$here/suite.txt" "$here/stat_baselines.json" "$out/"
echo "tenth suite in $out: ./nowcast suite $out"
