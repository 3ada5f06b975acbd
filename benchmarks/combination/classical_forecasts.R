# One-step forecasts of R's auto ETS and auto ARIMA on a suite dataset's scored points, fitted and frozen exactly as
# the suite's stat_baselines.R fits them (its one_step function is read from that file, so the two cannot drift).
# Usage: Rscript classical_forecasts.R SUITE_DIR NAME SEASON OUT.csv   -> key,point,ets,arima (point: 0-based)
# STAT_BASELINES=FILE names the script to read one_step from (default: shared/data/suite's, beside the repository).
suppressMessages(library(forecast))
a <- commandArgs(TRUE)
if (length(a) != 4) stop("usage: Rscript classical_forecasts.R SUITE_DIR NAME SEASON OUT.csv")
dir <- a[1]; name <- a[2]; m <- as.numeric(a[3]); out <- a[4]
here <- dirname(sub("--file=", "", grep("--file=", commandArgs(FALSE), value = TRUE)))
src <- readLines(Sys.getenv("STAT_BASELINES", file.path(here, "../../../shared/data/suite/stat_baselines.R")))
from <- grep("^one_step <- function", src); to <- grep("^for \\(r in seq_len", src) - 1
eval(parse(text = src[from:to]))
d <- read.csv(file.path(dir, paste0(name, ".csv")), stringsAsFactors = FALSE)
rows <- list()
for (k in unique(d$key)) {
  y <- d$value[d$key == k]; len <- length(y); cut <- floor(len * 0.8)
  if (cut < 4 || len - cut < 1) next
  idx <- max(cut, 1):(len - 1) + 1
  f <- sapply(c("ets", "arima"), function(kind)
    tryCatch(one_step(kind, y, cut, m)$mean[idx], error = function(e) rep(NA, length(idx))))
  f[!is.finite(f)] <- y[idx - 1][row(f)[!is.finite(f)]]  # a failed fit falls back to naive, as stat_baselines.R
  rows[[length(rows) + 1]] <- data.frame(key = k, point = idx - 1, ets = f[, "ets"], arima = f[, "arima"])
}
write.csv(do.call(rbind, rows), out, row.names = FALSE)
