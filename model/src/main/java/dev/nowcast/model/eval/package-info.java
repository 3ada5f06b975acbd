/** Offline evaluation through the serving path: one-step and per-horizon errors, baselines and interval coverage. */
package dev.nowcast.model.eval;
