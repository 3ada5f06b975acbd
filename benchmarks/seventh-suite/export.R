# Writes the seventh suite's datasets (see build.sh) in the suite's long CSV format, from R packages Debian ships
# (TeachingDemos, spacetime, fields, surveillance, evd, AER, ggplot2, dslabs, carData, fPortfolio, plm). Timestamps
# are written as UTC.
source(file.path(dirname(sub("--file=", "", grep("--file=", commandArgs(FALSE), value = TRUE))), "..", "suite-export.R"))
# sensors, hourly, gappy: steps counted per hour by a pedometer worn by TeachingDemos' author (Greg Snow), 6 May 2013 -
# 3 Apr 2014: 331 days x 24 hours (TeachingDemos `steps`, Artistic-2.0). Two days (the package has no row for them)
# are absent. The hours are the pedometer's local wall clock (its time zone not stated; 24 columns a day on DST days
# too), written as UTC; hours the device was not worn count 0 steps, as the device records them.
data(steps, package = "TeachingDemos"); hc <- paste0("Steps.", c("12AM", paste0(1:11, "AM"), "12PM", paste0(1:11, "PM")))
st <- as.POSIXct(format(steps$Date), tz = "UTC")
out("pedometer_steps_hourly", list(steps = data.frame(t = rep(st, each = 24) + 3600 * rep(0:23, length(st)), v = as.vector(t(as.matrix(steps[, hc]))))))
# environment, daily, gappy panel: daily mean PM10 (ug/m3) at German rural background stations, 2007-2009 (EEA
# AirBase, compiled by B. Graeler; spacetime `air`, GPL >= 2): the first 10 stations in the package's order with at
# least 95% of the 1,096 days observed; missing days dropped
data(air, package = "spacetime"); pd <- dates >= as.Date("2007-01-01")
ok <- head(which(rowSums(!is.na(air[, pd])) >= 0.95 * sum(pd)), 10)
out("german_pm10_daily", setNames(lapply(ok, function(s) data.frame(t = as.POSIXct(format(dates[pd]), tz = "UTC"), v = air[s, pd])), tolower(rownames(air)[ok])))
# environment, daily, short gappy panel: 8-hour (9am-4pm) average surface ozone (ppb) at sites in the US Midwest,
# 3 Jun - 31 Aug 1987 (89 days listed, 29 Aug absent; the season of the EPA Regional Oxidant Model experiment, via
# fields `ozone2`, GPL >= 2; Nychka et al. 1998): the first 20 sites in the package's order with at least 60 days observed
data(ozone2, package = "fields"); od <- as.POSIXct(as.Date(ozone2$dates, "%y%m%d"), tz = "UTC")
os <- head(which(colSums(!is.na(ozone2$y)) >= 60), 20)
out("midwest_ozone_daily", setNames(lapply(os, function(s) data.frame(t = od, v = ozone2$y[, s])), paste0("site_", ozone2$station.id[os])))
# environment (weather) and health, weekly: mean absolute humidity (g/m3) at a representative German weather station
# (Deutscher Wetterdienst) and reported campylobacteriosis cases in Germany (RKI SurvStat), weeks starting Monday
# 31 Dec 2001 - 26 Dec 2011, 522 weeks, one humidity value missing (surveillance `campyDE`, GPL-2; Manitz and Hoehle 2013)
data(campyDE, package = "surveillance"); cw <- as.POSIXct(format(campyDE$date), tz = "UTC")
out("humidity_campylobacter_weekly", list(humidity = data.frame(t = cw, v = campyDE$hum), cases = data.frame(t = cw, v = campyDE$case)))
# environment / hydrology, annual, gappy panel of short series (evd, GPL-3; Coles 2001): annual maximum flood
# discharge of the Ocmulgee at Hawkinsville and Macon 1910-1949; annual maximum sea level at Port Pirie 1923-1987,
# at Dover and Harwich 1912-1992 (9 and 30 years missing) and in Venice 1887-2011 (`venice2`, largest level of each
# year); annual maximum temperature at Oxford 1901-1980. Keys of 40+ years only (not fox, lisbon, uccle; sask is
# sorted by size, not by year).
data(ocmulgee, sealevel, venice2, package = "evd"); yr <- function(y, v) data.frame(t = as.POSIXct(sprintf("%04d-01-01", y), tz = "UTC"), v = v)
out("extreme_levels_annual", list(ocmulgee_hawkinsville = yr(1910:1949, ocmulgee$hawk), ocmulgee_macon = yr(1910:1949, ocmulgee$macon),
  port_pirie = yr(1923:1987, evd::portpirie), dover = yr(1912:1992, sealevel$dover), harwich = yr(1912:1992, sealevel$harwich),
  venice = yr(as.integer(rownames(venice2)), venice2[, 1]), oxford_temp = yr(1901:1980, evd::oxford)))
# transport and markets, weekly: total tons of grain shipped east from Chicago by the railroads of the Joint Executive
# Committee, and their price index, 328 weeks 1880-1886 (Porter 1983, via Stock and Watson 2007; AER
# `CartelStability`, GPL-2/3). The package's calendar has 13 four-week periods a year (52 weeks, the first from 1 Jan),
# so week k of a year is written on 1 Jan + 7 (k - 1) days (an 8-day step at each new year, 9 days after the leap years 1880 and 1884).
data(CartelStability, package = "AER"); k <- seq_len(nrow(CartelStability)) - 1
cwk <- as.POSIXct(sprintf("%04d-01-01", 1880 + k %/% 52), tz = "UTC") + 7 * 86400 * (k %% 52)
out("rail_grain_shipments_weekly", list(tons = data.frame(t = cwk, v = CartelStability$quantity), price = data.frame(t = cwk, v = CartelStability$price)))
# markets / economy, monthly, gappy panel: home sales per month in the 46 Texas MLS areas, Jan 2000 - Jul 2015 (Texas
# A&M Real Estate Center, via ggplot2 `txhousing`, MIT): 71-187 months each, missing months dropped
tx <- ggplot2::txhousing; tx$t <- as.POSIXct(sprintf("%04d-%02d-01", tx$year, tx$month), tz = "UTC")
out("texas_home_sales_monthly", lapply(split(tx, gsub("[^a-z0-9]+", "_", tolower(tx$city))), function(d) data.frame(t = d$t, v = d$sales)))
# energy and climate, annual: global fossil-fuel carbon emissions (million tonnes of carbon, 1751-2014, CDIAC: Boden,
# Marland and Andres 2017) and global, land and ocean temperature anomalies (degrees C vs the
# 20th century mean, 1880-2018, NOAA) (dslabs `temp_carbon`, Artistic-2.0)
data(temp_carbon, package = "dslabs"); tc <- temp_carbon[order(temp_carbon$year), ]
out("carbon_temperature_annual", lapply(list(carbon_emissions = "carbon_emissions", temp_anomaly = "temp_anomaly", land_anomaly = "land_anomaly",
  ocean_anomaly = "ocean_anomaly"), function(c) yr(tc$year, tc[[c]])))
# transport / public safety, daily panel: stops made by the Minneapolis Police Department in 2017 per day, per
# precinct (1-5) and kind (traffic stops, suspicious person or vehicle), 365 days each, a day without stops counted 0
# (City of Minneapolis open data, via carData `MplsStops`, GPL >= 2). Days are local (America/Chicago) dates.
data(MplsStops, package = "carData"); days <- seq(as.Date("2017-01-01"), as.Date("2017-12-31"), by = "day")
md <- as.Date(format(MplsStops$date, "%Y-%m-%d", tz = "America/Chicago")); grid <- expand.grid(p = 1:5, k = c("traffic", "suspicious"), stringsAsFactors = FALSE)
out("minneapolis_stops_daily", setNames(lapply(seq_len(nrow(grid)), function(i) { s <- MplsStops$policePrecinct == grid$p[i] & MplsStops$problem == grid$k[i]
  data.frame(t = as.POSIXct(format(days), tz = "UTC"), v = as.vector(table(factor(format(md[s]), levels = format(days))))) }), sprintf("precinct%d_%s", grid$p, grid$k)))
# markets, trading days: 11 Gulf Cooperation Council stock index series (by their names Bahrain, Kuwait, Oman, Saudi
# Arabia, UAE, Qatar and GCC-wide; keys are the package's column names), 825 weekdays 31 May 2005 - 28 Jul 2008 (fPortfolio `GCCINDEX`,
# GPL >= 2; Wuertz et al. 2009, Rmetrics). Dated Monday-Friday as in the package, no day missing.
suppressMessages(library(timeSeries)); data(GCCINDEX, package = "fPortfolio"); gm <- as.matrix(GCCINDEX)
gt <- as.POSIXct(format(as.Date(time(GCCINDEX))), tz = "UTC")
out("gcc_stock_indices_daily", setNames(lapply(colnames(gm), function(c) data.frame(t = gt, v = gm[, c])), tolower(colnames(gm))))
# markets, quarterly panel of short series: log spot exchange rate against the US dollar and short-term interest rate
# of 17 OECD countries, 1973Q1-1998Q4, 104 quarters each (Coakley, Fuertes and Smith 2006, via plm `Parity`, GPL >= 2)
data(Parity, package = "plm"); pc <- split(Parity, Parity$country)
q <- function(v) monthly(ts(v, start = c(1973, 1), frequency = 4))
out("exchange_interest_quarterly", c(setNames(lapply(pc, function(d) q(d$ls[order(d$time)])), paste0(tolower(names(pc)), "_spot")),
  setNames(lapply(pc, function(d) q(d$is[order(d$time)])), paste0(tolower(names(pc)), "_short_rate"))))
