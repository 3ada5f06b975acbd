# Writes the sixth suite's datasets (see build.sh) in the suite's long CSV format, from R packages Debian ships
# (ks, robustbase, modeldata, latticeExtra, quantreg, plyr, AER, fields). Timestamps are written as UTC.
source(file.path(dirname(sub("--file=", "", grep("--file=", commandArgs(FALSE), value = TRUE))), "..", "suite-export.R"))
# sensors / transport, hourly, gappy: air quality in the Chatelet RER/metro station, Paris (RATP open data, ODbL;
# via ks `air`, GPL-2/3): NO, NO2, PM10, CO2, temperature, humidity, 1 Nov 00:00 - 31 Dec 00:00 2016 (the package ends there; 1,441 hours, 34-76 missing
# per key, dropped). The clock has no DST jumps in these two months; its times are written as UTC.
data(air, package = "ks"); a <- air[as.Date(air$date) >= as.Date("2016-11-01"), ]
at <- as.POSIXct(paste(a$date, a$time), tz = "UTC")
out("chatelet_air_hourly", lapply(list(no = "no", no2 = "no2", pm10 = "pm10", co2 = "co2", temp = "temp", humidity = "humi"), function(c) data.frame(t = at, v = as.numeric(a[[c]]))))
# environment / sensors, daily, gappy: daily mean NOx (ppb) at 13 air-quality sites in central Switzerland, 2004
# (robustbase `ambientNOxCH`, GPL >= 2; inLuft/NABEL/MFM-U networks), 346-360 days per site after missing days dropped
data(ambientNOxCH, package = "robustbase"); nt <- as.POSIXct(format(ambientNOxCH$date), tz = "UTC")
out("swiss_nox_daily", setNames(lapply(names(ambientNOxCH)[-1], function(s) data.frame(t = nt, v = ambientNOxCH[[s]])), names(ambientNOxCH)[-1]))
# transport, daily: Chicago L entries (thousands) per day, 10 stations, last 730 days (City of Chicago data via
# modeldata `Chicago`, MIT; Kuhn and Johnson 2020). `ridership` is Clark/Lake on `date`; the other station columns
# are lagged 14 days, so each is written on date - 14 (their last day is 14 Aug 2016).
data(Chicago, package = "modeldata"); cd <- as.POSIXct(format(Chicago$date), tz = "UTC")
st <- c("Austin", "Belmont", "Oak_Park", "Western", "Harlem", "Irving_Park", "Jefferson_Park", "Kedzie", "Addison")
ch <- c(list(clark_lake = data.frame(t = cd, v = Chicago$ridership)), setNames(lapply(st, function(s) data.frame(t = cd - 14 * 86400, v = Chicago[[s]])), tolower(st)))
out("chicago_ridership_daily", lapply(ch, function(d) tail(d, 730)))
# web traffic, hourly: access attempts per hour to the Bioconductor website, 1 Feb - 31 May 2007 (latticeExtra
# `biocAccess`, GPL >= 2). The package's clock is US Pacific wall time (one hour skipped on 11 Mar, no gaps
# otherwise), so the points are consecutive hours: written from 1 Feb 2007 08:00 UTC (00:00 PST).
data(biocAccess, package = "latticeExtra"); b <- biocAccess$counts[biocAccess$month != "Jan"]
out("bioc_access_hourly", list(access_attempts = data.frame(t = as.POSIXct("2007-02-01 08:00", tz = "UTC") + 3600 * (seq_along(b) - 1), v = b)))
# environment, daily: Melbourne daily maximum temperature (quantreg `MelTemp`, GPL >= 2; Hyndman et al. 1996),
# 1983-1990: 2,920 days; the package omits leap days, so 29 Feb 1984 and 1988 are absent (a 2-day step there)
data(MelTemp, package = "quantreg"); md <- seq(as.Date("1981-01-01"), as.Date("1990-12-31"), by = "day")
md <- md[format(md, "%m-%d") != "02-29"]; keep <- md >= as.Date("1983-01-01")
out("melbourne_temp_daily", list(max_temp = data.frame(t = as.POSIXct(format(md[keep]), tz = "UTC"), v = as.numeric(MelTemp)[keep])))
# energy / markets, weekly: US retail gasoline price (cents per gallon), 695 weeks (quantreg `gasprice`, GPL >= 2;
# EIA, as in Koenker and Xiao 2006). The package gives "1990:8" as the start; its first values (126.6 rising to
# 134.5) match EIA's weekly survey, which begins Monday 20 Aug 1990, so the weeks are written from that Monday.
data(gasprice, package = "quantreg")
out("gasoline_weekly", list(gasoline = data.frame(t = as.POSIXct("1990-08-20", tz = "UTC") + 7 * 86400 * (seq_along(gasprice) - 1), v = as.numeric(gasprice))))
# environment, monthly, panel of short series: mean ozone (Dobson units) at 12 cells of a 24 x 24 grid over Central
# America, Jan 1995 - Dec 2000, 72 months each (NASA satellite data from the 2006 ASA Data Expo, via plyr `ozone`, MIT)
data(ozone, package = "plyr"); cells <- expand.grid(i = c(2, 8, 14, 20), j = c(4, 12, 20))
out("ozone_grid_monthly", setNames(lapply(seq_len(nrow(cells)), function(r) monthly(ts(ozone[cells$i[r], cells$j[r], ], start = c(1995, 1), frequency = 12))),
  sprintf("lat%s_lon%s", dimnames(ozone)$lat[cells$i], dimnames(ozone)$long[cells$j])))
# economy, monthly: US merchant wholesalers' sales of beer, wine and spirits (million USD, unadjusted), Jan 1992 -
# Sep 2017 (FRED S4248SM144NCEN, US Census Bureau, public domain; via modeldata `drinks`, MIT)
data(drinks, package = "modeldata"); out("drinks_monthly", list(drink_sales = data.frame(t = as.POSIXct(format(drinks$date), tz = "UTC"), v = drinks[[2]])))
# markets, weekly: Dow Jones industrial index at the end of each Thursday-Wednesday week, 1980(1) - 1994(42), 770
# weeks (AER `DJFranses`, GPL-2/3; Franses 1998), written on Wednesdays from 2 Jan 1980
data(DJFranses, package = "AER"); dj <- data.frame(t = as.POSIXct("1980-01-02", tz = "UTC") + 7 * 86400 * (seq_along(DJFranses) - 1), v = as.numeric(DJFranses))
out("dow_jones_weekly", list(dow_jones = dj))
# environment, monthly, panel: total precipitation at the first 10 Colorado stations (in the package's order) with no
# missing month in 1978-1997, 240 months each (fields `COmonthlyMet`, GPL >= 2; NCAR/NCDC cooperative network). The
# package says millimetres, but the sizes (Boulder about 50 a year) are centimetres; values are written as given.
data(COmonthlyMet, package = "fields"); w <- CO.ppt[CO.years >= 1978, , ]
ok <- head(which(apply(w, 3, function(x) all(!is.na(x)))), 10)
out("colorado_precip_monthly", setNames(lapply(ok, function(s) monthly(ts(as.vector(t(w[, , s])), start = c(1978, 1), frequency = 12))),
  gsub("[^a-z0-9]+", "_", tolower(trimws(CO.names[ok])))))
