# Writes the third suite's datasets (see build.sh) in the suite's long CSV format, from R's datasets and forecast.
suppressMessages(library(forecast))
source(file.path(dirname(sub("--file=", "", grep("--file=", commandArgs(FALSE), value = TRUE))), "..", "suite-export.R"))
# a short quarterly panel: Australian residents, Johnson & Johnson earnings per share, woollen yarn production
out("quarterly_production", list(au_residents = monthly(austres), jnj_eps = monthly(JohnsonJohnson), wool_yarn = monthly(woolyrnq)))
# quarterly and gappy: US presidential approval 1945-1974 (six quarters missing)
out("presidents_quarterly_gappy", list(approval = monthly(presidents)))
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
