package dev.nowcast.trainer.suite;

/**
 * A dataset of a suite that could not be trained or scored, and why: listed with the results and counted as not
 * meeting the bar, while the other datasets still run.
 */
public record SuiteFailure(String name, String kind, String reason) {
}
