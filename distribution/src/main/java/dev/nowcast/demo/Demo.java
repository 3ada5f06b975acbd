package dev.nowcast.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

import dev.nowcast.model.train.TrainingConfig;
import dev.nowcast.config.CommonSettings;
import dev.nowcast.config.KafkaPassthrough;
import dev.nowcast.config.kafka.KafkaFutures;
import dev.nowcast.config.NowcastConfig;
import dev.nowcast.local.ApicurioRegistry;
import dev.nowcast.local.FreePorts;
import dev.nowcast.local.LocalKafkaBroker;
import dev.nowcast.local.TempDirs;
import dev.nowcast.stream.NowcastStreamApp;
import dev.nowcast.stream.config.StreamSettings;
import dev.nowcast.stream.serving.ServingModel;
import dev.nowcast.trainer.history.TopicHistorySource;
import dev.nowcast.trainer.job.TrainingJob;
import dev.nowcast.trainer.job.TrainingOutcome;
import dev.nowcast.trainer.kafka.KafkaClients;
import dev.nowcast.trainer.publish.WeightsTopic;
import dev.nowcast.trainer.replay.Replay;
import dev.nowcast.trainer.replay.ReplayPace;
import dev.nowcast.trainer.replay.ReplaySettings;

/**
 * Everything of Nowcast on one machine, in one command: a real Kafka broker and a real schema registry on
 * 127.0.0.1, the topics, three shipped real datasets (a sensor network, the S&amp;P 500 and hourly flight
 * departures, the seasonal one where the model clearly beats the naive forecasts) replayed at an accelerated
 * pace, first models trained on the early part of their history, the stream app with its live page, and
 * mid-demo a retraining on what was replayed so far: a new version is published, and swapped in without a
 * restart, only where it beats the one in service, and the console says why. {@link #close} stops it all and
 * removes every file it wrote.
 */
public final class Demo implements AutoCloseable {

    static final String APPLICATION_ID = "nowcast-demo";
    static final String WEIGHTS = "nowcast.model-weights";
    static final String PREDICTIONS = "nowcast.predictions";
    static final String ANOMALIES = "nowcast.anomalies";
    static final String DEAD_LETTERS = "nowcast.dead-letters";
    static final int LIVE_SERIES_PER_MODEL = 8;

    private final DemoSettings settings;
    private final PrintStream console;
    private final Path workDir = TempDirs.create("nowcast-demo-");
    private final List<Replay> replays = new ArrayList<>();
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1, daemon("nowcast-demo"));
    private final ExecutorService background = Executors.newCachedThreadPool(daemon("nowcast-demo-work"));
    private final AtomicBoolean closing = new AtomicBoolean();
    private BrokerLog brokerLog;
    private LocalKafkaBroker broker;
    private ApicurioRegistry registry;
    private NowcastStreamApp app;
    private KafkaClients clients;
    private List<DemoDataset> datasets;

    public Demo(DemoSettings settings, PrintStream console) {
        this.settings = settings;
        this.console = console;
    }

    /**
     * Starts everything and returns once the live page is up and the replays run.
     *
     * @throws IllegalStateException if a port is taken (the message names the option) or a part fails to start
     */
    public Demo start() throws IOException {
        try {
            startAll();
            return this;
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private void startAll() throws IOException {
        FreePorts.requireFree(settings.kafkaPort(), "--kafka-port");
        FreePorts.requireFree(settings.registryPort(), "--registry-port");
        FreePorts.requireFree(settings.httpPort(), "--http-port");

        brokerLog = BrokerLog.toFile(workDir.resolve("kafka.log"));
        step("Starting Kafka (KRaft, in this JVM; its log and the Kafka clients' go to " + brokerLog.file() + ")");
        broker = LocalKafkaBroker.builder().port(settings.kafkaPort()).dataDir(workDir.resolve("kafka")).build().start();
        step("Kafka is up on " + broker.bootstrapServers() + "; starting the schema registry (Apicurio Registry, child process)");
        registry = ApicurioRegistry.builder().port(settings.registryPort()).build().start();
        step("Schema registry is up on " + registry.baseUrl());

        datasets = List.of(
                DemoDataset.load("sensors", "nowcast.observations.sensors", "sensors-wsn-single-hop.csv", workDir,
                        settings.trainFraction()),
                DemoDataset.load("prices", "nowcast.observations.prices", "sp500-daily-close.csv", workDir,
                        settings.trainFraction()),
                DemoDataset.load("flights", "nowcast.observations.flights", "flights-hourly-departures.csv", workDir,
                        settings.trainFraction()));
        createTopics();
        Map<String, String> common = new HashMap<>();
        common.put("nowcast.bootstrap.servers", broker.bootstrapServers());
        common.put("nowcast.schema.registry.url", registry.confluentApiUrl());
        clients = KafkaClients.from(NowcastConfig.load(null, Map.of(), common, CommonSettings.ALL,
                KafkaPassthrough.clients()));

        List<CompletableFuture<TrainingOutcome>> training = new ArrayList<>();
        for (DemoDataset d : datasets) {
            Replay history = new Replay(d.history(), ReplaySettings.of(d.topic(), ReplayPace.asFastAsPossible()),
                    clients.producer("nowcast-demo-history"));
            history.run(progress -> { });
            step("Replayed the first " + Math.round(settings.trainFraction() * 100) + "% of " + d.file() + " ("
                    + history.total() + " points of " + d.seriesCount() + " series) into " + d.topic()
                    + "; training the first " + d.model() + " model on it");
            training.add(CompletableFuture.supplyAsync(() -> train(d, false), background));
        }
        training.forEach(CompletableFuture::join);

        Map<String, String> stream = new HashMap<>(common);
        stream.put("nowcast.application.id", APPLICATION_ID);
        stream.put("nowcast.models", String.join(",", datasets.stream().map(d -> d.model() + ":" + d.topic()).toList()));
        // Every sensor, the index and as many airports: each model gets a third of the charts.
        stream.put("nowcast.live.series", Integer.toString(LIVE_SERIES_PER_MODEL * datasets.size()));
        stream.put("nowcast.http.host", FreePorts.LOOPBACK);
        stream.put("nowcast.http.port", Integer.toString(settings.httpPort()));
        stream.put("nowcast.state.dir", workDir.resolve("streams").toString());
        stream.put("kafka.commit.interval.ms", "200");
        app = NowcastStreamApp.start(NowcastConfig.load(null, Map.of(), stream, StreamSettings.ALL,
                StreamSettings.passthrough()));

        for (DemoDataset d : datasets) {
            Replay replay = new Replay(d.live(), ReplaySettings.of(d.topic(),
                    ReplayPace.rate(settings.pointsPerSecond() * d.seriesCount())), clients.producer("nowcast-demo-live"));
            replays.add(replay);
            replay.start(progress -> { });
        }
        scheduler.schedule(this::retrain, settings.retrainAfter().toMillis(), TimeUnit.MILLISECONDS);
        scheduler.scheduleAtFixedRate(this::status, 5, 5, TimeUnit.SECONDS);
        banner();
    }

    /** The live page, e.g. {@code http://127.0.0.1:8080/}. */
    public String pageUrl() {
        return app.httpUrl() + "/";
    }

    public NowcastStreamApp app() {
        return app;
    }

    /** Trains on everything in the model's topic so far and publishes the snapshot. */
    private TrainingOutcome train(DemoDataset d, boolean retrain) {
        try {
            TrainingOutcome outcome = TrainingJob.builder(d.model(), new TopicHistorySource(clients, List.of(d.topic())))
                    .training(TrainingConfig.builder().maxEpochs(settings.epochs()).threads(1).build())
                    .publishTo(new WeightsTopic(clients, WEIGHTS))
                    .build()
                    .run();
            String scores = outcome.decision().summary();
            step((retrain ? "Retrained " : "Trained ") + d.model() + " v" + outcome.snapshot().version() + ": " + scores
                    + (outcome.published() ? "; published" : "; not published, the version in service stays"));
            return outcome;
        } catch (IOException e) {
            throw new IllegalStateException("Training the " + d.model() + " model failed: " + e.getMessage(), e);
        }
    }

    private void retrain() {
        if (closing.get()) {
            return;
        }
        step("Retraining every model on everything replayed so far; a new version goes into service live only if it"
                + " forecasts the held-out points better than the one serving");
        for (DemoDataset d : datasets) {
            background.submit(() -> {
                try {
                    train(d, true);
                } catch (RuntimeException e) {
                    if (!closing.get()) {
                        step("Retraining " + d.model() + " failed: " + e.getMessage());
                    }
                }
            });
        }
    }

    private void createTopics() {
        List<NewTopic> topics = new ArrayList<>();
        for (DemoDataset d : datasets) {
            topics.add(new NewTopic(d.topic(), 3, (short) 1));
        }
        topics.add(new NewTopic(WEIGHTS, 1, (short) 1).configs(Map.of("cleanup.policy", "compact")));
        topics.add(new NewTopic(PREDICTIONS, 3, (short) 1));
        topics.add(new NewTopic(ANOMALIES, 3, (short) 1));
        topics.add(new NewTopic(DEAD_LETTERS, 1, (short) 1));
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            KafkaFutures.await(admin.createTopics(topics).all(), Duration.ofSeconds(60));
        } catch (KafkaFutures.CallFailed e) {
            throw new IllegalStateException("Cannot create the demo's topics: " + e.reason(), e);
        }
    }

    private void banner() {
        console.println();
        console.println("  Nowcast demo is running. Stop it with Ctrl-C.");
        console.println("  Live page        " + pageUrl());
        console.println("  Kafka bootstrap  " + broker.bootstrapServers());
        console.println("  Schema registry  " + registry.confluentApiUrl() + "  (Confluent API)");
        console.println("  Kafka's log      " + brokerLog.file() + "  (removed when the demo stops)");
        console.println("  Topics           " + PREDICTIONS + ", " + ANOMALIES + ", " + DEAD_LETTERS + ", " + WEIGHTS
                + ", nowcast.observations.{" + String.join(",", datasets.stream().map(DemoDataset::model).toList())
                + "}");
        console.println("  Read predictions with Confluent's own client, e.g.:");
        console.println("    kafka-avro-console-consumer --bootstrap-server " + broker.bootstrapServers()
                + " --topic " + PREDICTIONS + " --property schema.registry.url=" + registry.confluentApiUrl());
        console.println();
    }

    private void status() {
        try {
            StringBuilder line = new StringBuilder("replayed");
            for (int i = 0; i < datasets.size(); i++) {
                var p = replays.get(i).progress();
                line.append(' ').append(datasets.get(i).model()).append(' ').append(p.acknowledged()).append('/').append(p.total());
            }
            line.append(" (live) · models");
            for (DemoDataset d : datasets) {
                ServingModel serving = app.models().slot(d.model()).serving();
                line.append(' ').append(d.model()).append(serving == null ? " -" : " v" + serving.version());
            }
            double predictions = app.meters().find("nowcast.predictions").counters().stream()
                    .mapToDouble(c -> c.count()).sum();
            line.append(" · predictions ").append((long) predictions).append(" · page ").append(pageUrl());
            step(line.toString());
        } catch (RuntimeException e) {
            // status is best effort while shutting down
        }
    }

    private void step(String message) {
        console.printf("[nowcast demo] %s%n", message);
        console.flush();
    }

    /** Blocks for the configured duration, or forever; returns early if the stream app stops. */
    public void awaitEnd() throws InterruptedException {
        if (settings.duration() == null) {
            app.awaitStop();
            return;
        }
        long deadline = System.nanoTime() + settings.duration().toNanos();
        while (System.nanoTime() < deadline && !app.streams().state().hasCompletedShutdown()) {
            Thread.sleep(200);
        }
    }

    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        if (broker != null) {
            step("Stopping: replays, stream app, registry, broker");
        }
        scheduler.shutdownNow();
        replays.forEach(Replay::stop);
        background.shutdownNow();
        try {
            background.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (app != null) {
            app.close();
        }
        if (registry != null) {
            registry.close();
        }
        if (broker != null) {
            broker.close();
        }
        if (brokerLog != null) {
            brokerLog.close();
        }
        TempDirs.deleteRecursively(workDir);
        if (broker != null) {
            step("Stopped; nothing left running, temporary files removed");
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
