# Writes the tenth suite's datasets (see build.sh) in the suite's long CSV format, from R packages Debian ships
# (Rwave, TeachingDemos, MASS, ks, fBasics, fPortfolio). Timestamps are written as UTC.
source(file.path(dirname(sub("--file=", "", grep("--file=", commandArgs(FALSE), value = TRUE))), "..", "suite-export.R"))
suppressMessages(library(timeSeries))
# sensors, beat to beat: successive beat-to-beat (RR) intervals of the electrocardiogram of a normal patient, 8,021
# beats (about 1 h 45 min), in milliseconds, a few artefacts (missed or extra beats) left in (Carmona, Hwang and
# Torresani 1998, Practical Time-Frequency Analysis; Rwave `Ekg`, GPL >= 2). Each interval is written at the beat
# that ends it, so the steps are irregular (7 ms - 1.1 s). The date is not stated: written from 1 Jan 1990 00:00:00
# UTC, with milliseconds.
data(Ekg, package = "Rwave"); ms <- cumsum(as.numeric(Ekg))
write.csv(data.frame(key = "rr_interval_ms", timestamp = sprintf("%s.%03dZ", format(as.POSIXct("1990-01-01", tz = "UTC") + ms %/% 1000,
  "%Y-%m-%dT%H:%M:%S", tz = "UTC"), as.integer(ms %% 1000)), value = as.numeric(Ekg)), "ecg_rr_intervals_beat.csv", row.names = FALSE, quote = FALSE)
# sensors, seconds (transport): a hand-held GPS unit's speed (mph) and elevation (feet) along three trips in northern
# Utah: a morning drive to work (3 Mar 2008, 211 fixes), a drive then walk between two offices (26 Feb 2008, 131
# fixes) and a walk back to the office (21 Aug 2007, 89 fixes); a fix every 1-94 seconds (mostly 3-25), irregular
# (Greg Snow's own device; TeachingDemos `gps`: `towork`, `h2h`, `ccc`, Artistic-2.0). The device's times, stored as
# instants, written in UTC; a fix without a speed is dropped.
data(gps, package = "TeachingDemos")
trip <- list(to_work = towork, office_to_office = h2h, walk = ccc)
out("gps_trips_seconds", c(setNames(lapply(trip, function(g) data.frame(t = g$Time, v = as.numeric(g$Speed))), paste0(names(trip), "_speed_mph")),
  setNames(lapply(trip, function(g) data.frame(t = g$Time, v = as.numeric(g$Elevation))), paste0(names(trip), "_elevation_ft"))))
# environment, eruption by eruption (about 72 minutes): Old Faithful geyser, Yellowstone, 1-15 Aug 1985, continuous
# observation, 299 eruptions: the waiting time since the previous eruption (minutes) and the eruption's duration
# (minutes; some nocturnal durations were recorded only as short, medium or long, coded 2, 3 and 4) (Azzalini and
# Bowman 1990; MASS `geyser`, GPL-2/3). Each eruption is written at its start, the cumulated waiting times; the clock
# time of the first one is not given: the first waiting time is counted from 1 Aug 1985 00:00 UTC.
data(geyser, package = "MASS"); gt <- as.POSIXct("1985-08-01", tz = "UTC") + 60 * cumsum(geyser$waiting)
out("old_faithful_eruptions", list(waiting_min = data.frame(t = gt, v = geyser$waiting), duration_min = data.frame(t = gt, v = geyser$duration)))
# transport, daily, a panel of two short series: accidents per day on Swedish roads over 92 days in 1961 and 92 in
# 1962, matched so that day j of 1962 is the weekday of day j of 1961, on some days under an enforced speed limit
# (Svensson 1981, Annals of Statistics 9; MASS `Traffic`, GPL-2/3). The calendar dates are not in the data: days
# 1-92 written from 1 June of their year (weekdays therefore not the true ones, but the weekly rhythm is kept).
data(Traffic, package = "MASS")
out("swedish_road_accidents_daily", setNames(lapply(c(1961, 1962), function(y) { d <- Traffic[Traffic$year == y, ]; d <- d[order(d$day), ]
  data.frame(t = as.POSIXct(sprintf("%d-06-01", y), tz = "UTC") + 86400 * (d$day - 1), v = as.numeric(d$y)) }), c("accidents_1961", "accidents_1962")))
# environment (weather), daily, one long series: minimum temperature (degrees C) at the Badajoz weather station,
# Spain, 1 Jan 1955 - 31 Dec 2015, 21,908 days (372 missing days dropped) (GHCN-Daily, Menne et al. 2012, via KNMI
# Climate Explorer; ks `tempb`, GPL-2/3). The maximum temperature is left out: from March to December of every
# non-leap year its values are not in tenths of a degree (13,985 days), so not as measured (apparently interpolated).
data(tempb, package = "ks"); bt <- as.POSIXct(sprintf("%04d-%02d-%02d", tempb[, 1], tempb[, 2], tempb[, 3]), tz = "UTC")
out("badajoz_temperature_daily", list(tmin = data.frame(t = bt, v = tempb[, 4])))
# markets, trading days: closing prices (split-adjusted, US dollars) of the stocks of the Dow Jones Industrial
# Average as of 2000, every trading day 2 Jan 1996 - 2 Jan 2001, 1,264 days (Yahoo; fBasics `DowJones30`, GPL >= 2).
# IBM and Microsoft are left out: their prices are in the eighth suite and shared/data.
data(DowJones30, package = "fBasics"); dd <- as.POSIXct(as.character(DowJones30[[1]]), tz = "UTC"); k <- dd >= as.POSIXct("1996-01-01", tz = "UTC")
tk <- setdiff(colnames(DowJones30)[-1], c("IBM", "MSFT"))
out("dow_jones_stocks_daily", setNames(lapply(tk, function(s) data.frame(t = dd[k], v = DowJones30[[s]][k])), tolower(tk)))
# energy, monthly: West Texas Intermediate crude oil price (US dollars per barrel), month ends Dec 1984 - Mar 2010,
# 304 months (Wuertz, Chalabi, Chen and Ellis 2009, Portfolio Optimization with R/Rmetrics; fPortfolio `ECON85`
# column WTI.USD, GPL >= 2). The other columns of ECON85 are left out: Swiss indices and LPP benchmarks (the sources
# of shared/data/suite's swiss_indices_daily), the Swiss franc, MSCI World, an interbank rate, a Chicago Fed index.
data(ECON85, package = "fPortfolio")
out("wti_crude_oil_monthly", list(wti_usd = data.frame(t = as.POSIXct(as.character(ECON85[[1]]), tz = "UTC"), v = as.numeric(ECON85$WTI.USD))))
# markets, monthly, a panel of short series: prices of 20 US small-capitalisation stocks, relative to Dec 1996, at
# month ends Jan 1997 - Dec 2001, 60 months each (Wuertz et al. 2009; fPortfolio `SMALLCAP`, GPL >= 2). Its market
# index and 90-day T-bill columns are left out.
data(SMALLCAP, package = "fPortfolio"); sm <- as.matrix(SMALLCAP); st <- as.POSIXct(format(time(SMALLCAP)), tz = "UTC")
sk <- setdiff(colnames(sm), c("MARKET", "T90"))
out("smallcap_stocks_monthly", setNames(lapply(sk, function(s) data.frame(t = st, v = sm[, s])), tolower(sk)))
