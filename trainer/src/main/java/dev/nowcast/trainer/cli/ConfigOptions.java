package dev.nowcast.trainer.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.nowcast.config.CommonSettings;
import dev.nowcast.config.KafkaPassthrough;
import dev.nowcast.config.NowcastConfig;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Option;

/**
 * The options every nowcast command shares for its configuration: a properties file and {@code --set}
 * overrides, on top of the environment ({@code NOWCAST_BOOTSTRAP_SERVERS}, {@code NOWCAST_KAFKA_*}, ...).
 */
public final class ConfigOptions {
    @Option(names = "--config", paramLabel = "FILE", order = 90,
            description = "Properties file of nowcast.* settings and kafka.* client settings (security included).")
    Path file;

    @Option(names = "--set", paramLabel = "KEY=VALUE", order = 91, showDefaultValue = Visibility.NEVER,
            description = "Overrides one setting; repeatable. E.g. --set nowcast.bootstrap.servers=broker:9092 "
                    + "--set kafka.security.protocol=SASL_SSL.")
    Map<String, String> overrides = new LinkedHashMap<>();

    /**
     * Loads the common settings and Kafka client pass-through from the file, {@code environment} and the
     * overrides.
     *
     * @throws dev.nowcast.config.ConfigException naming the first bad setting
     */
    NowcastConfig load(Map<String, String> environment) {
        if (file != null && !Files.isReadable(file)) {
            throw new UsageException("--config " + file + ": no such readable file");
        }
        return NowcastConfig.load(file, environment, overrides, CommonSettings.ALL, KafkaPassthrough.clients());
    }
}
