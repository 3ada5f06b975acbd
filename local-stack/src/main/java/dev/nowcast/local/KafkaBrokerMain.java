package dev.nowcast.local;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/**
 * Entry point of a broker running as its own OS process (see {@link KafkaBrokerProcess}). Its single argument is
 * a properties file written by the parent: {@code port}, {@code controller.port}, {@code data.dir}, and broker
 * settings prefixed with {@code broker.}. Prints {@value #READY_MARKER} and the bootstrap address once ready.
 */
public final class KafkaBrokerMain {

    static final String READY_MARKER = "NOWCAST_BROKER_READY";

    private KafkaBrokerMain() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length != 1) {
            System.err.println("usage: KafkaBrokerMain <launch.properties>");
            System.exit(2);
        }
        Properties launch = new Properties();
        try (InputStream in = Files.newInputStream(Path.of(args[0]))) {
            launch.load(in);
        }
        Map<String, String> overrides = new LinkedHashMap<>();
        launch.stringPropertyNames().stream().filter(k -> k.startsWith("broker."))
                .forEach(k -> overrides.put(k.substring("broker.".length()), launch.getProperty(k)));
        LocalKafkaBroker.Builder builder = LocalKafkaBroker.builder()
                .port(Integer.parseInt(launch.getProperty("port")))
                .controllerPort(Integer.parseInt(launch.getProperty("controller.port")))
                .dataDir(Path.of(launch.getProperty("data.dir")));
        overrides.forEach(builder::brokerProperty);
        LocalKafkaBroker broker = builder.build();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.stop();
            stopped.countDown();
        }, "nowcast-broker-shutdown"));
        broker.start();
        System.out.println(READY_MARKER + " " + broker.bootstrapServers());
        System.out.flush();
        stopped.await();
    }
}
