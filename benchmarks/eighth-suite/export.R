# Writes the eighth suite's datasets (see build.sh) in the suite's long CSV format, from R packages Debian ships
# (mlbench, dplyr, wavethresh, waveslim, VGAM, collapse). Timestamps are written as UTC.
source(file.path(dirname(sub("--file=", "", grep("--file=", commandArgs(FALSE), value = TRUE))), "..", "suite-export.R"))
# environment (air and weather), daily, gappy: daily maximum one-hour-average ozone in the Los Angeles basin and nine
# meteorological series (500 mb pressure height at Vandenberg AFB; wind speed, humidity, inversion base height and
# temperature, visibility at LAX; temperatures at Sandburg and El Monte; LAX-Daggett pressure gradient), 366 days of
# 1976, missing days dropped (Breiman and Friedman 1985, via mlbench `Ozone`, GPL-2). Local dates, written as UTC.
data(Ozone, package = "mlbench"); n <- function(f) as.integer(as.character(f))
ot <- as.POSIXct(sprintf("1976-%02d-%02d", n(Ozone$V1), n(Ozone$V2)), tz = "UTC")
oc <- c(ozone = "V4", pressure_height_vandenberg = "V5", wind_lax = "V6", humidity_lax = "V7", temp_sandburg = "V8",
  temp_el_monte = "V9", inversion_height_lax = "V10", pressure_gradient = "V11", inversion_temp_lax = "V12", visibility_lax = "V13")
out("la_ozone_weather_daily", lapply(oc, function(c) data.frame(t = ot, v = as.numeric(Ozone[[c]]))))
# environment (weather), 6-hourly, gappy panel of short series: maximum sustained wind (knots) and minimum central
# pressure (mb) of the Atlantic tropical storms and hurricanes of 2005-2020 with at least 40 synoptic (00, 06, 12,
# 18 UTC) fixes, from NOAA's HURDAT2 best-track database (public domain, via dplyr `storms`, MIT). Fixes at other
# hours (landfalls, peaks) are dropped, and a repeated fix at the same hour keeps its first row; a storm's missing
# synoptic fixes are gaps. Keys are name_year_wind and name_year_pressure.
s <- dplyr::storms; s <- as.data.frame(s[s$year >= 2005 & s$hour %in% c(0, 6, 12, 18), ])
s$t <- as.POSIXct(sprintf("%04d-%02d-%02d %02d:00:00", as.integer(s$year), as.integer(s$month), as.integer(s$day), as.integer(s$hour)), tz = "UTC")
s$id <- paste(tolower(gsub("[^A-Za-z0-9]+", "_", s$name)), s$year, sep = "_")
s <- s[!duplicated(s[, c("id", "t")]), ]; s <- s[order(s$id, s$t), ]
ids <- names(which(table(s$id) >= 40)); ss <- split(s[s$id %in% ids, ], s$id[s$id %in% ids])
out("atlantic_storms_6hourly", c(setNames(lapply(ss, function(d) data.frame(t = d$t, v = as.numeric(d$wind))), paste0(names(ss), "_wind")),
  setNames(lapply(ss, function(d) data.frame(t = d$t, v = as.numeric(d$pressure))), paste0(names(ss), "_pressure"))))
# sensors, every 16 seconds: heart rate (beats per minute) of a 66-day-old infant recorded overnight from 21:17:59,
# 2,048 readings (Institute of Child Health, Royal Hospital for Sick Children, Bristol; Nason, von Sachs and
# Kroisandt 1998; wavethresh `BabyECG`, GPL >= 2). The date is not stated: written from 1 Jan 1990 21:17:59 UTC.
data(BabyECG, package = "wavethresh")
out("infant_heart_rate_16s", list(heart_rate = data.frame(t = as.POSIXct("1990-01-01 21:17:59", tz = "UTC") + 16 * (seq_along(BabyECG) - 1), v = as.numeric(BabyECG))))
# sensors, every second: vertical acceleration (nm/s^2) recorded by the seismograph at the University of Tasmania,
# Hobart, during the Kobe earthquake, 16 Jan 1995 from 20:56:51 GMT, 3,048 seconds (Data management centre,
# Washington University; Gencay, Selcuk and Whitcher 2001; waveslim `kobe`, BSD-3-Clause)
data(kobe, package = "waveslim")
out("kobe_seismograph_1s", list(acceleration = data.frame(t = as.POSIXct("1995-01-16 20:56:51", tz = "UTC") + seq_along(kobe) - 1, v = as.numeric(kobe))))
# markets, monthly: average US cash prices of wheat flour (dollars per 100 lb sack), corn, wheat and rye (dollars
# per bushel), Jan 1961 - Oct 1972, 142 months (Ahn and Reinsel 1988; VGAM `grain.us`, GPL-3)
data(grain.us, package = "VGAM")
out("us_grain_prices_monthly", lapply(list(wheat_flour = "wheat.flour", corn = "corn", wheat = "wheat", rye = "rye"),
  function(c) monthly(ts(grain.us[, c], start = c(1961, 1), frequency = 12))))
# markets, trading days: IBM common stock daily closing prices, 17 May 1961 - 2 Nov 1962, 369 trading days (Box and
# Jenkins series B; waveslim `ibm`, BSD-3-Clause). The package has no dates: the prices are written on consecutive
# weekdays from Wednesday 17 May 1961 (exchange holidays unknown, so the last falls in late October 1962).
data(ibm, package = "waveslim"); wd <- seq(as.POSIXct("1961-05-17", tz = "UTC"), by = "day", length.out = 600)
wd <- wd[!format(wd, "%u") %in% c("6", "7")][seq_along(ibm)]
out("ibm_stock_daily", list(ibm_close = data.frame(t = wd, v = as.numeric(ibm))))
# energy and transport, annual panels of short series: persons employed (thousands) in utilities (electricity, gas
# and water) and in transport, storage and communication, in the 40 countries of the GGDC 10-Sector Database with
# at least 40 years observed, 1947-2013, missing years dropped (Groningen Growth and Development Centre; Timmer, de
# Vries and de Vries 2015; collapse `GGDC10S`, GPL >= 2). Keys are ISO3 country codes.
g <- collapse::GGDC10S; g <- g[g$Variable == "EMP", ]; g <- g[order(g$Country, g$Year), ]
sector <- function(col) { d <- g[is.finite(g[[col]]), ]; k <- names(which(table(d$Country) >= 40))
  setNames(lapply(k, function(c) { e <- d[d$Country == c, ]; data.frame(t = as.POSIXct(sprintf("%04d-01-01", as.integer(e$Year)), tz = "UTC"), v = e[[col]]) }), tolower(k)) }
out("utilities_employment_annual", sector("PU"))
out("transport_employment_annual", sector("TRA"))
