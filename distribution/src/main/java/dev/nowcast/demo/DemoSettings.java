package dev.nowcast.demo;

import java.time.Duration;

/**
 * What {@code nowcast demo} runs with.
 *
 * @param kafkaPort         the broker's client port on 127.0.0.1
 * @param registryPort      the registry's HTTP port on 127.0.0.1
 * @param httpPort          the stream app's HTTP port (live page) on 127.0.0.1
 * @param pointsPerSecond   replay pace: points per second of every series
 * @param trainFraction     share of each series' history the first models are trained on
 * @param retrainAfter      when the models are retrained on what was replayed so far and swapped in
 * @param duration          when the demo stops by itself, or null to run until stopped
 * @param epochs            training epochs of the demo's models (few, so that the demo starts quickly)
 */
public record DemoSettings(int kafkaPort, int registryPort, int httpPort, double pointsPerSecond,
                           double trainFraction, Duration retrainAfter, Duration duration, int epochs) {
}
