/** Serving: the per-event Forecaster call on caller-held SeriesState (order, gap restart, model-swap rebuild, scoring, step, H-step rollout), allocation-free and deterministic. */
package dev.nowcast.model.forecast;
