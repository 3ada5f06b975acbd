suppressMessages(library(forecast))
out <- function(name, keys) {  # keys: named list of data.frame(t, v)
  rows <- do.call(rbind, lapply(names(keys), function(k) { d <- keys[[k]]; d <- d[is.finite(d$v), ]
    data.frame(key = k, timestamp = format(d$t, "%Y-%m-%dT%H:%M:%SZ", tz = "UTC"), value = d$v) }))
  write.csv(rows, paste0(name, ".csv"), row.names = FALSE, quote = FALSE)
}
monthly <- function(x) { s <- start(x); f <- frequency(x); n <- length(x)
  m0 <- (s[1] - 1970) * 12 + (s[2] - 1) * (12 / f)
  t <- as.POSIXct(sapply(0:(n - 1), function(i) { mm <- m0 + i * (12 / f); sprintf("%04d-%02d-01", 1970 + mm %/% 12, mm %% 12 + 1) }), tz = "UTC")
  data.frame(t = t, v = as.numeric(x)) }
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
