/** The feature pipeline shared by training and serving: online per-series normalisation, time-gap, seasonal phase and lag features, covariates, the target and its inverse transform. */
package dev.nowcast.model.feature;
