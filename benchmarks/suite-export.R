# Helpers the accuracy suites' export.R scripts share: they write R time series in shared/data/suite's long CSV
# format (key,timestamp,value; UTC ISO-8601). Sourced by second-suite, third-suite and fourth-suite/export.R.
out <- function(name, keys) {  # keys: named list of data.frame(t, v)
  rows <- do.call(rbind, lapply(names(keys), function(k) { d <- keys[[k]]; d <- d[is.finite(d$v), ]
    data.frame(key = k, timestamp = format(d$t, "%Y-%m-%dT%H:%M:%SZ", tz = "UTC"), value = d$v) }))
  write.csv(rows, paste0(name, ".csv"), row.names = FALSE, quote = FALSE)
}
# A monthly or quarterly ts, each point on the first day of its month.
monthly <- function(x) { s <- start(x); f <- frequency(x); n <- length(x)
  m0 <- (s[1] - 1970) * 12 + (s[2] - 1) * (12 / f)
  t <- as.POSIXct(sapply(0:(n - 1), function(i) { mm <- m0 + i * (12 / f); sprintf("%04d-%02d-01", 1970 + mm %/% 12, mm %% 12 + 1) }), tz = "UTC")
  data.frame(t = t, v = as.numeric(x)) }
# An annual ts, each point on the first of January.
yearly <- function(x) data.frame(t = as.POSIXct(sprintf("%04d-01-01", seq(start(x)[1], by = 1, length.out = length(x))), tz = "UTC"), v = as.numeric(x))
