#!/usr/bin/env bash
# Builds the seventh accuracy suite into DIR (default: target/seventh-suite beside this script): eleven public
# datasets from R packages Debian ships, in shared/data/suite's layout, none of them (nor another series of their
# sources) in the first six suites: sensors (a pedometer's hourly steps, gappy), environment (German PM10 daily and
# Midwest ozone daily, gappy panels; weekly humidity with campylobacteriosis cases; annual flood, sea-level and
# temperature maxima, gappy), transport (1880s rail grain shipments weekly; Minneapolis police stops daily), markets
# and economy (Texas home sales monthly panel; Gulf stock indices daily; exchange and interest rates quarterly panel),
# energy and climate (annual fossil carbon emissions and temperature anomalies). Built after step 21 to measure the
# defaults on data nobody had looked at: the datasets were chosen by kind before Nowcast ran on them.
# stat_baselines.json here was computed by the suite's stat_baselines.R (SUITE_DIR=DIR LIST=suite.txt: LIST is
# relative to SUITE_DIR; about 9.5 minutes on 2 cores, most of it the weekly and monthly sets' seasonal ARIMA), so it
# need not be recomputed. Then: ./nowcast suite DIR [--json FILE].
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/../target/seventh-suite}
mkdir -p "$out"
out=$(cd "$out" && pwd)
packages=(r-cran-forecast r-cran-teachingdemos r-cran-spacetime r-cran-fields r-cran-surveillance r-cran-evd r-cran-aer r-cran-ggplot2
  r-cran-dslabs r-cran-cardata r-cran-fportfolio r-cran-timeseries r-cran-plm)
if ! Rscript -e 'for (p in c("forecast", "TeachingDemos", "spacetime", "fields", "surveillance", "evd", "AER", "ggplot2", "dslabs", "carData", "fPortfolio", "timeSeries", "plm")) if (!requireNamespace(p, quietly = TRUE)) stop(p)' >/dev/null 2>&1; then
  apt-get install -y -qq "${packages[@]}" >/dev/null
fi
(cd "$out" && Rscript "$here/export.R")
cp "$here/suite.txt" "$here/stat_baselines.json" "$out/"
echo "seventh suite in $out: ./nowcast suite $out"
