# Writes the third suite's datasets (see build.sh) in the suite's long CSV format, from R's datasets and forecast.
suppressMessages(library(forecast))
out <- function(name, keys) {  # keys: named list of data.frame(t, v)
  rows <- do.call(rbind, lapply(names(keys), function(k) { d <- keys[[k]]; d <- d[is.finite(d$v), ]
    data.frame(key = k, timestamp = format(d$t, "%Y-%m-%dT%H:%M:%SZ", tz = "UTC"), value = d$v) }))
  write.csv(rows, paste0(name, ".csv"), row.names = FALSE, quote = FALSE)
}
quarterly <- function(x) { s <- start(x); n <- length(x); m0 <- (s[1] - 1970) * 12 + (s[2] - 1) * 3
  t <- as.POSIXct(sapply(0:(n - 1), function(i) { mm <- m0 + 3 * i; sprintf("%04d-%02d-01", 1970 + mm %/% 12, mm %% 12 + 1) }), tz = "UTC")
  data.frame(t = t, v = as.numeric(x)) }
yearly <- function(x) data.frame(t = as.POSIXct(sprintf("%04d-01-01", seq(start(x)[1], by = 1, length.out = length(x))), tz = "UTC"), v = as.numeric(x))
# a short quarterly panel: Australian residents, Johnson & Johnson earnings per share, woollen yarn production
out("quarterly_production", list(au_residents = quarterly(austres), jnj_eps = quarterly(JohnsonJohnson), wool_yarn = quarterly(woolyrnq)))
# quarterly and gappy: US presidential approval 1945-1974 (six quarters missing)
out("presidents_quarterly_gappy", list(approval = quarterly(presidents)))
# sensors: body temperature of two beavers every 10 minutes (Reynolds 1994); day of year and hhmm
beaver <- function(b) data.frame(t = as.POSIXct("1990-01-01", tz = "UTC") + 86400 * (b$day - 1) + 3600 * (b$time %/% 100) + 60 * (b$time %% 100), v = b$temp)
out("beaver_temps_10min", list(beaver1 = beaver(beaver1), beaver2 = beaver(beaver2)))
# markets, gappy: daily morning gold price (US dollars) 1985-1989, business days, 34 missing
bd <- seq(as.POSIXct("1985-01-01", tz = "UTC"), by = "day", length.out = 2000); bd <- bd[!format(bd, "%u") %in% c("6", "7")][1:length(gold)]
out("gold_daily_gappy", list(gold = data.frame(t = bd, v = as.numeric(gold))))
# sales with a leading indicator, 150 periods (Box and Jenkins), one per day here
days <- function(x) data.frame(t = as.POSIXct("1990-01-01", tz = "UTC") + 86400 * (0:(length(x) - 1)), v = as.numeric(x))
out("bj_sales_daily", list(sales = days(BJsales), lead = days(BJsales.lead)))
# internet server: users connected each minute (Makridakis et al. 1998)
out("www_usage_minutely", list(users = data.frame(t = as.POSIXct("1990-01-01", tz = "UTC") + 60 * (0:99), v = as.numeric(WWWusage))))
# environment, annual: Canadian lynx trappings, Nile flow, Lake Huron level
out("annual_environment", list(lynx = yearly(lynx), nile = yearly(Nile), lake_huron = yearly(LakeHuron)))
