package dev.nowcast.demo;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;

/**
 * Sends the log of the demo's in-JVM broker and Kafka clients to a file of its own, not to the console: their
 * INFO lines and their harmless ERRORs (e.g. transactions v2's out-of-order sequence retries) are not the demo's
 * news. Logback's API rather than a configuration file, because the file lives in the demo's working directory,
 * which exists only once the demo starts. {@link #close} puts the loggers back as they were.
 */
final class BrokerLog implements AutoCloseable {

    /** The loggers of the broker (Scala {@code kafka.*}, the state-change log) and of the Java clients. */
    static final List<String> LOGGERS = List.of("kafka", "org.apache.kafka", "state.change.logger");

    private final Path file;
    private final FileAppender<ILoggingEvent> appender = new FileAppender<>();
    private final Map<Logger, Level> levels = new HashMap<>();
    private final Map<Logger, Boolean> additivity = new HashMap<>();

    private BrokerLog(Path file) {
        this.file = file;
    }

    /** Routes {@link #LOGGERS} at INFO to {@code file} only. */
    static BrokerLog toFile(Path file) {
        BrokerLog log = new BrokerLog(file);
        log.start();
        return log;
    }

    Path file() {
        return file;
    }

    private void start() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{HH:mm:ss.SSS} %-5level [%thread] %logger - %msg%n");
        encoder.start();
        appender.setContext(context);
        appender.setName("nowcast-demo-kafka-log");
        appender.setFile(file.toString());
        appender.setEncoder(encoder);
        appender.start();
        for (String name : LOGGERS) {
            Logger logger = context.getLogger(name);
            levels.put(logger, logger.getLevel());
            additivity.put(logger, logger.isAdditive());
            logger.setLevel(Level.INFO);
            logger.setAdditive(false);
            logger.addAppender(appender);
        }
    }

    @Override
    public void close() {
        levels.forEach((logger, level) -> {
            logger.detachAppender(appender);
            logger.setLevel(level);
            logger.setAdditive(additivity.get(logger));
        });
        appender.stop();
    }
}
