# Writes the fifth suite's datasets (see build.sh) in the suite's long CSV format, from R packages Debian ships
# (datasets, tseries, AER, strucchange).
source(file.path(dirname(sub("--file=", "", grep("--file=", commandArgs(FALSE), value = TRUE))), "..", "suite-export.R"))
suppressMessages({ library(zoo); library(tseries) })
# economy, annual: the 14 extended Nelson-Plosser US series (most in natural logs), each from its first year
# (1860-1909) to 1988, 80-129 points; leading NAs dropped by out()
data(NelPlo, package = "tseries")
out("nelson_plosser_annual", setNames(lapply(colnames(NelPlo), function(k) yearly(NelPlo[, k])), gsub(".", "_", colnames(NelPlo), fixed = TRUE)))
# markets, monthly: US treasury constant-maturity yields, 1, 3, 5 and 10 years, Apr 1953 - Sep 1999
data(tcm, package = "tseries"); out("treasury_monthly", setNames(lapply(colnames(tcm), function(k) monthly(tcm[, k])), colnames(tcm)))
# environment, annual: Great Basin bristlecone pine ring widths (normalized). The series has 7,980 years (R's years
# -6000 to 1979, year 0 = 1 BC as in ISO-8601), so only its last 3,000 are kept: years -1020 to 1979. Written here,
# not by out(): R prints years before 1000 without four digits, and ISO-8601 wants them ("-1020", "0980").
tr <- window(treering, start = end(treering)[1] - 2999); yr <- as.integer(round(time(tr)))
write.csv(data.frame(key = "bristlecone_pine", timestamp = paste0(ifelse(yr < 0, "-", ""), sprintf("%04d-01-01T00:00:00Z", abs(yr))), value = as.numeric(tr)),
          "tree_ring_annual.csv", row.names = FALSE, quote = FALSE)
# markets, quarterly: US ex-post real interest rate (3-month T-bill less CPI inflation), 1961Q1-1986Q3
data(RealInt, package = "strucchange"); out("real_interest_quarterly", list(real_interest = monthly(RealInt[, 1])))
# economy, quarterly: UK consumption of non-durables (1985 prices, unadjusted), 1955Q1-1988Q4
data(UKNonDurables, package = "AER"); out("uk_nondurables_quarterly", list(uk_nondurables = monthly(UKNonDurables)))
# markets, trading days: NYSE composite index level, 2 Jan 1990 - 11 Nov 2005 (the package's "NYSESW" is daily, not
# weekly: its own dates are kept, season 5 as for the other trading-day sets)
data(NYSESW, package = "AER"); out("nyse_daily", list(nyse_composite = data.frame(t = as.POSIXct(format(index(NYSESW)), tz = "UTC"), v = as.numeric(coredata(NYSESW)))))
# economy, quarterly: Greene's US macro panel, 8 of its 12 columns, 1950Q1-2000Q4
data(USMacroG, package = "AER"); cols <- c("gdp", "consumption", "invest", "government", "m1", "tbill", "unemp", "cpi")
out("us_macro_g_quarterly", setNames(lapply(cols, function(k) monthly(USMacroG[, k])), cols))
# counts, annual: great inventions and scientific discoveries per year, 1860-1959
out("discoveries_annual", list(discoveries = yearly(discoveries)))
