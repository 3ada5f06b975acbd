# Writes the fourth suite's datasets (see build.sh) in the suite's long CSV format, from R packages Debian ships
# (datasets, boot, tseries, AER, strucchange, gstat, timeSeries).
source(file.path(dirname(sub("--file=", "", grep("--file=", commandArgs(FALSE), value = TRUE))), "..", "suite-export.R"))
# environment, daily sensors: wind speed (knots) at four Irish weather stations, 1973-1978 (Haslett and Raftery 1989)
data(wind, package = "gstat"); w <- wind[wind$year >= 73, ]
wt <- as.POSIXct(sprintf("19%02d-%02d-%02d", w$year, w$month, w$day), tz = "UTC")
out("wind_daily_stations", lapply(list(valentia = "VAL", shannon = "SHA", dublin = "DUB", malin_head = "MAL"), function(s) data.frame(t = wt, v = w[[s]])))
# environment, monthly: the Rio Negro's height at Manaus, 1903-1992
data(manaus, package = "boot"); out("river_height_monthly", list(manaus = monthly(manaus)))
# environment, monthly: sea surface temperature of the Nino 3 and 3.4 regions, 1950-1999
data(nino, package = "tseries"); out("sea_temperature_monthly", list(nino3 = monthly(nino3), nino34 = monthly(nino3.4)))
# markets, monthly: black and white pepper spot prices, 1973-1996
data(PepperPrice, package = "AER"); out("pepper_prices_monthly", list(black = monthly(PepperPrice[, "black"]), white = monthly(PepperPrice[, "white"])))
# energy and industry, quarterly: US industrial production index 1960-1991, unadjusted and seasonally adjusted
data(USProdIndex, package = "AER"); out("production_quarterly", list(unadjusted = monthly(USProdIndex[, "unadjusted"]), adjusted = monthly(USProdIndex[, "adjusted"])))
# markets and weather, monthly: frozen orange juice price, producer price index, freezing degree days in Orlando, 1950-2000
data(FrozenJuice, package = "AER"); out("frozen_juice_monthly", list(price = monthly(FrozenJuice[, "price"]), ppi = monthly(FrozenJuice[, "ppi"]), freezing_days = monthly(FrozenJuice[, "fdd"])))
# economy, monthly: US personal income and consumption expenditure, 1959-2001
data(USIncExp, package = "strucchange"); out("income_expenditure_monthly", list(income = monthly(USIncExp[, "income"]), expenditure = monthly(USIncExp[, "expenditure"])))
# markets, half-hourly: the US dollar in Swiss francs, its last 8,000 half hours, Aug 2000 - Mar 2001 (weekends absent)
suppressMessages(library(timeSeries)); data(USDCHF); fx <- tail(USDCHF, 8000)
out("usdchf_halfhourly", list(usdchf = data.frame(t = as.POSIXct(rownames(fx), tz = "UTC"), v = as.numeric(fx[, 1]))))
# environment, annual: mean temperature at New Haven, 1912-1971
out("temperature_annual", list(new_haven = yearly(nhtemp)))
