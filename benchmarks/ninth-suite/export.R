# Writes the ninth suite's datasets (see build.sh) in the suite's long CSV format, from R packages Debian ships
# (fitcoach, wavethresh, VIM, ggridges, ncdfgeom, AER, tseries). Timestamps are written as UTC.
source(file.path(dirname(sub("--file=", "", grep("--file=", commandArgs(FALSE), value = TRUE))), "..", "suite-export.R"))
# sensors, every 15 minutes: a wrist-worn Fitbit tracker's steps, calories burned, distance (km) and floors climbed
# per quarter hour, 10-30 Dec 2015 (21 days of 96 readings, Christmas included), as returned by the Fitbit API to the
# authors of fitcoach (Juneja and de Lassence 2016; fitcoach extdata/intra-daily-timeseries, GPL-3). The tracker's
# local time, written as UTC; values rounded to 7 significant digits (the API's single-precision floats). Elevation is
# left out: it is floors times 3.048 m.
fit <- system.file("extdata", "intra-daily-timeseries", package = "fitcoach")
fitbit <- function(what) do.call(rbind, lapply(format(seq(as.Date("2015-12-10"), as.Date("2015-12-30"), by = "day")), function(day) {
  j <- jsonlite::fromJSON(file.path(fit, sprintf("intra-%s-%s.json", what, day)))[[paste0("activities-", what, "-intraday")]]$dataset
  data.frame(t = as.POSIXct(paste(day, j$time), tz = "UTC"), v = signif(as.numeric(j$value), 7)) }))
out("fitbit_activity_15min", sapply(c("steps", "calories", "distance", "floors"), fitbit, simplify = FALSE))
# sensors, 50 Hz: inductance plethysmograph (a coil in a belt round chest and abdomen; output voltage proportional to
# the change in volume) of a patient recovering from general anaesthesia, Department of Anaesthesia, Bristol Royal
# Infirmary; 4,096 readings (82 seconds) from 1,229.98 seconds into the recording, normal breathing with an episode of
# vomiting in the middle (Nason 1996; wavethresh `ipd`, GPL >= 2). The date is not stated: written from 1 Jan 1990
# 00:00:00 UTC, with milliseconds (steps of 20 ms).
data(ipd, package = "wavethresh"); ms <- round(attr(ipd, "tspar")[["start"]] * 1000) + 20 * (seq_along(ipd) - 1)
write.csv(data.frame(key = "chest_volume", timestamp = sprintf("%s.%03dZ", format(as.POSIXct("1990-01-01", tz = "UTC") + ms %/% 1000,
  "%Y-%m-%dT%H:%M:%S", tz = "UTC"), as.integer(ms %% 1000)), value = as.numeric(ipd)), "plethysmograph_50hz.csv", row.names = FALSE, quote = FALSE)
# transport, hourly, holidays: motor vehicle collisions reported by the NYPD per hour and borough (and those with no
# borough, mostly on highways), New York City, 20-31 Dec 2018 (Christmas and New Year's Eve), zero-filled (NYC Open
# Data, public; via VIM `collisions`, GPL >= 2). VIM parsed the New York wall-clock times as Central European time, so
# they are read back in that zone; written as UTC.
data(collisions, package = "VIM")
ch <- as.POSIXct(format(collisions$date, "%Y-%m-%d %H:00:00", tz = "Europe/Vienna"), tz = "UTC")
hours <- seq(as.POSIXct("2018-12-20", tz = "UTC"), as.POSIXct("2018-12-31 23:00", tz = "UTC"), by = "hour")
boro <- trimws(as.character(collisions$borough)); boro[boro == ""] <- "unspecified"
bs <- sort(unique(boro))
out("nyc_collisions_hourly", setNames(lapply(bs, function(b) data.frame(t = hours,
  v = as.numeric(table(factor(format(ch[boro == b], "%Y-%m-%d %H"), levels = format(hours, "%Y-%m-%d %H")))))), gsub(" ", "_", tolower(bs))))
# environment (weather), daily: Lincoln, Nebraska, 2016: temperature (max, mean, min, F), mean dew point (F), mean
# humidity (%), mean sea-level pressure (inches), mean wind speed (mph), precipitation (inches; trace amounts written
# as 0) and cloud cover (oktas), 366 days, missing days dropped (Weather Underground, downloaded by Austin Wehrwein;
# ggridges `lincoln_weather`, GPL-2)
data(lincoln_weather, package = "ggridges"); w <- as.data.frame(lincoln_weather)
wt <- as.POSIXct(format(as.Date(w$CST)), tz = "UTC"); w[["Precipitation [In]"]][w[["Precipitation [In]"]] == "T"] <- "0"
wc <- c(temp_max = "Max Temperature [F]", temp_mean = "Mean Temperature [F]", temp_min = "Min Temperature [F]", dew_point_mean = "Mean Dew Point [F]",
  humidity_mean = "Mean Humidity", pressure_mean = "Mean Sea Level Pressure [In]", wind_mean = "Mean Wind Speed[MPH]",
  precipitation = "Precipitation [In]", cloud_cover = "CloudCover")
out("lincoln_weather_daily", lapply(wc, function(c) data.frame(t = wt, v = as.numeric(w[[c]]))))
# environment (weather), monthly panel of short series: precipitation (inches) of climate division 1 of each of the 47
# contiguous states other than Colorado, Apr 2009 - Mar 2019, 120 months (NOAA NCEI nClimDiv, public domain; via
# ncdfgeom extdata/climdiv-pcpndv.rds, CC0). Keys are the state's postal code and the division number.
p <- readRDS(system.file("extdata", "climdiv-pcpndv.rds", package = "ncdfgeom")); p <- p[p$date >= as.Date("2009-04-01"), ]
st <- c("al", "az", "ar", "ca", "co", "ct", "de", "fl", "ga", "id", "il", "in", "ia", "ks", "ky", "la", "me", "md", "ma", "mi", "mn", "ms",
  "mo", "mt", "ne", "nv", "nh", "nj", "nm", "ny", "nc", "nd", "oh", "ok", "or", "pa", "ri", "sc", "sd", "tn", "tx", "ut", "vt", "va", "wa",
  "wv", "wi", "wy")
dv <- sprintf("%02d01", setdiff(1:48, 5)); pt <- as.POSIXct(format(p$date), tz = "UTC")
out("climdiv_precip_monthly", setNames(lapply(dv, function(c) data.frame(t = pt, v = as.numeric(p[[c]]))), paste0(st[as.integer(substr(dv, 1, 2))], "_01")))
# energy, annual panel of short series: residential natural gas consumption in California, Florida, Michigan, New
# York, Texas and Utah, 1967-1989 (Baltagi 2002; AER `NaturalGas`, GPL-2/3)
data(NaturalGas, package = "AER")
out("natural_gas_states_annual", setNames(lapply(levels(NaturalGas$state), function(s) { e <- NaturalGas[NaturalGas$state == s, ]
  data.frame(t = as.POSIXct(sprintf("%s-01-01", e$year), tz = "UTC"), v = as.numeric(e$consumption)) }), tolower(levels(NaturalGas$state))))
# markets, weekdays: MSCI Switzerland equity index, every weekday 1 Jan 2008 - 31 Dec 2012, 1,305 days; exchange
# holidays repeat the previous close (Franses, van Dijk and Opschoor 2014; AER `MSCISwitzerland`, GPL-2/3). The years
# after those of shared/data/suite's Swiss indices, which come from another index provider.
data(MSCISwitzerland, package = "AER"); md <- zoo::index(MSCISwitzerland)
out("msci_switzerland_daily", list(msci_ch = data.frame(t = as.POSIXct(format(md), tz = "UTC"), v = as.numeric(MSCISwitzerland))[md >= as.Date("2008-01-01"), ]))
# markets, annual: Beveridge's wheat price index, averaged over many places in western and central Europe, 1500-1869,
# 370 years (Beveridge 1921, via Hyndman's Time Series Data Library; tseries `bev`, GPL-2)
data(bev, package = "tseries")
out("beveridge_wheat_prices_annual", list(wheat_price_index = yearly(bev)))
