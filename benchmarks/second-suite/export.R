suppressMessages(library(forecast))
source(file.path(dirname(sub("--file=", "", grep("--file=", commandArgs(FALSE), value = TRUE))), "..", "suite-export.R"))
# energy: half-hourly electricity demand, England and Wales, Jun-Aug 2000 (Taylor 2003)
out("taylor_halfhourly", list(demand = data.frame(t = as.POSIXct("2000-06-05", tz = "UTC") + 1800 * (0:(length(taylor) - 1)), v = as.numeric(taylor))))
# energy: monthly gas production (Australia) and quarterly UK gas consumption
out("gas_monthly", list(au_gas = monthly(gas), au_wine = monthly(wineind)))
out("uk_gas_quarterly", list(uk_gas = monthly(UKgas)))
# transport: airline passengers; US accidental deaths
out("transport_monthly", list(air_passengers = monthly(AirPassengers), us_acc_deaths = monthly(USAccDeaths)))
# environment: Nottingham temperature, monthly CO2, lung deaths panel
out("environment_monthly", list(nottingham_temp = monthly(nottem), co2 = monthly(co2), sunspots = monthly(window(sunspot.month, 1900))))
out("uk_lung_deaths", list(total = monthly(ldeaths), male = monthly(mdeaths), female = monthly(fdeaths)))
# environment, daily and gappy: New York air quality May-Sep 1973 (Ozone and Solar.R have gaps)
aq <- airquality; t <- as.POSIXct(sprintf("1973-%02d-%02d", aq$Month, aq$Day), tz = "UTC")
out("ny_airquality_daily", list(ozone = data.frame(t = t, v = aq$Ozone), solar = data.frame(t = t, v = as.numeric(aq$Solar.R)), wind = data.frame(t = t, v = aq$Wind), temp = data.frame(t = t, v = as.numeric(aq$Temp))))
# markets: DAX, SMI, CAC, FTSE daily closes 1991-1998 (business days)
eu <- EuStockMarkets; bd <- seq(as.POSIXct("1991-07-01", tz = "UTC"), by = "day", length.out = 4000); bd <- bd[!format(bd, "%u") %in% c("6", "7")][1:nrow(eu)]
out("eu_stock_indices", setNames(lapply(colnames(eu), function(c) data.frame(t = bd, v = as.numeric(eu[, c]))), colnames(eu)))
