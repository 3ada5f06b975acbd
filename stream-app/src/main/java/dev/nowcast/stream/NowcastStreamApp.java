package dev.nowcast.stream;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import dev.nowcast.avro.DeadLetter;
import dev.nowcast.config.CommonSettings;
import dev.nowcast.config.ConfigException;
import dev.nowcast.config.ModelBinding;
import dev.nowcast.config.NowcastConfig;
import dev.nowcast.config.kafka.KafkaFutures;
import dev.nowcast.model.cell.Kernels;
import dev.nowcast.schemas.registry.RegistryUnavailableException;
import dev.nowcast.schemas.registry.SchemaRegistryClient;
import dev.nowcast.schemas.registry.SchemaRegistryException;
import dev.nowcast.schemas.serde.SpecificAvroSerializer;
import dev.nowcast.stream.config.StreamSettings;
import dev.nowcast.stream.http.HttpApi;
import dev.nowcast.stream.http.Json;
import dev.nowcast.stream.http.ModelsEndpoint;
import dev.nowcast.stream.http.SeriesEndpoint;
import dev.nowcast.stream.live.LiveEndpoint;
import dev.nowcast.stream.live.LiveFeed;
import dev.nowcast.stream.live.LiveView;
import dev.nowcast.stream.metrics.NowcastMetrics;
import dev.nowcast.stream.serving.ModelRegistry;
import dev.nowcast.stream.serving.ModelSlot;
import dev.nowcast.stream.serving.ServingModel;
import dev.nowcast.stream.topology.ForecastTopology;
import dev.nowcast.stream.topology.SeriesStep;
import dev.nowcast.stream.topology.TopologySpec;

/**
 * One instance of the stream app: the Kafka Streams topology, the HTTP port (metrics, health, interactive
 * queries, models), and the producer that dead-letters refused snapshots. {@link #start} checks everything it
 * can before processing a record (settings, the verification key, that every topic exists) and fails with a
 * message naming what is wrong.
 */
public final class NowcastStreamApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NowcastStreamApp.class);
    /** How long the start-up check waits for the description of one topic. */
    private static final Duration DESCRIBE_TIMEOUT = Duration.ofSeconds(60);

    private final NowcastConfig config;
    private final TopologySpec spec;
    private final SeriesStep step;
    private final ModelRegistry registry;
    private final boolean readyRequiresModels;
    private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final NowcastMetrics metrics = new NowcastMetrics(meters);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private HttpApi http;
    private KafkaProducer<byte[], DeadLetter> rejections;
    private KafkaStreams streams;
    private KafkaStreamsMetrics streamsMetrics;
    private LiveFeed liveFeed;
    private volatile Throwable fatal;

    private NowcastStreamApp(NowcastConfig config, SeriesStep step) {
        this.config = config;
        this.spec = TopologySpec.from(config);
        this.step = step;
        this.registry = new ModelRegistry(spec.models().stream().map(ModelBinding::model).toList());
        this.readyRequiresModels = config.get(StreamSettings.READY_REQUIRES_MODELS);
    }

    /**
     * Checks the configuration and the topics, then starts processing and serving HTTP.
     *
     * @throws ConfigException       for a bad setting (named in the message)
     * @throws IllegalStateException when topics are missing or the cluster cannot be reached
     */
    public static NowcastStreamApp start(NowcastConfig config) {
        return start(config, SeriesStep.FORECASTER);
    }

    /** {@link #start(NowcastConfig)} with another per-series step: the end-to-end benchmark's floor. */
    public static NowcastStreamApp start(NowcastConfig config, SeriesStep step) {
        NowcastStreamApp app = new NowcastStreamApp(config, step);
        try {
            app.run();
            return app;
        } catch (RuntimeException e) {
            app.close();
            throw e;
        }
    }

    private void run() {
        http = new HttpApi(config.get(StreamSettings.HTTP_HOST), config.get(StreamSettings.HTTP_PORT),
                config.get(StreamSettings.HTTP_TOKEN));
        HostInfo self = advertisedHost();
        Properties props = streamsProperties(self);
        config.checkKafkaValues(new HashMap<>(toMap(props)), StreamsConfig::new);
        checkTopics();
        checkRegistry();

        Map<String, Object> producerConfig = new HashMap<>(config.clientConfig());
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        SpecificAvroSerializer<DeadLetter> letters = new SpecificAvroSerializer<>();
        letters.configure(spec.serdeConfig(), false);
        rejections = new KafkaProducer<>(producerConfig, new ByteArraySerializer(), letters);

        streams = new KafkaStreams(ForecastTopology.build(spec, step, registry, metrics, (key, letter) ->
                rejections.send(new ProducerRecord<>(spec.deadLettersTopic(), key, letter), (meta, e) -> {
                    if (e != null) {
                        LOG.error("Cannot dead-letter a refused snapshot to {}", spec.deadLettersTopic(), e);
                    }
                })), props);
        streams.setUncaughtExceptionHandler(this::onUncaught);
        streams.setStateListener((next, previous) -> {
            LOG.info("Kafka Streams {} -> {}", previous, next);
            if (next == KafkaStreams.State.ERROR || next == KafkaStreams.State.NOT_RUNNING) {
                stopped.countDown();
            }
        });
        bindMeters();
        http.route("/metrics", false, (p, q) -> HttpApi.Response.text(200,
                        "text/plain; version=0.0.4; charset=utf-8", meters.scrape()))
                .route("/health/live", false, (p, q) -> live())
                .route("/health/ready", false, (p, q) -> ready())
                .route("/models", true, new ModelsEndpoint(registry, spec.models()))
                .routePrefix("/series/", true, new SeriesEndpoint(streams, registry, self,
                        config.get(StreamSettings.HTTP_TOKEN)));
        int liveSeries = config.get(StreamSettings.LIVE_SERIES);
        if (liveSeries > 0) {
            LiveView view = new LiveView(liveSeries, spec.models().size(), 240);
            liveFeed = new LiveFeed(config.clientConfig(), spec.serdeConfig(), spec.predictionsTopic(),
                    spec.anomaliesTopic(), view).start();
            byte[] page = livePage();
            http.route("/", false, (p, q) -> new HttpApi.Response(200, "text/html; charset=utf-8", page, Map.of()))
                    .route("/api/live", true, new LiveEndpoint(view, registry, meters));
        }
        http.start();
        streams.start();
        LOG.info("Nowcast stream app {} started: models {}, HTTP http://{}:{}, model kernels: {}",
                config.get(StreamSettings.APPLICATION_ID), spec.models(), http.host(), http.port(),
                Kernels.implementation());
    }

    private Properties streamsProperties(HostInfo self) {
        Properties props = new Properties();
        props.putAll(config.kafkaSettings());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.get(StreamSettings.APPLICATION_ID));
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.get(CommonSettings.BOOTSTRAP_SERVERS));
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, config.get(StreamSettings.PROCESSING_GUARANTEE));
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.get(StreamSettings.STREAM_THREADS));
        props.put(StreamsConfig.STATE_DIR_CONFIG, config.get(StreamSettings.STATE_DIR).toString());
        props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, self.host() + ":" + self.port());
        props.putIfAbsent(StreamsConfig.consumerPrefix("session.timeout.ms"),
                Long.toString(config.get(StreamSettings.SESSION_TIMEOUT).toMillis()));
        props.putIfAbsent(StreamsConfig.consumerPrefix("heartbeat.interval.ms"),
                Long.toString(Math.max(500, config.get(StreamSettings.SESSION_TIMEOUT).toMillis() / 4)));
        String instance = config.get(StreamSettings.INSTANCE_ID);
        if (instance != null) {
            // Static membership: a restart within the session timeout gets its partitions back without a rebalance.
            props.put(StreamsConfig.mainConsumerPrefix("group.instance.id"), instance);
        }
        return props;
    }

    private HostInfo advertisedHost() {
        String url = config.get(StreamSettings.HTTP_ADVERTISED_URL);
        if (url != null) {
            URI uri = URI.create(url);
            if (uri.getHost() == null || uri.getPort() < 0) {
                throw new ConfigException(StreamSettings.HTTP_ADVERTISED_URL.key(), "'" + url
                        + "' must be an http URL with a host and a port, e.g. http://nowcast-0.nowcast:8080");
            }
            return new HostInfo(uri.getHost(), uri.getPort());
        }
        String host = http.host();
        if (host.equals("0.0.0.0") || host.equals("::")) {
            try {
                host = InetAddress.getLocalHost().getCanonicalHostName();
            } catch (UnknownHostException e) {
                throw new ConfigException(StreamSettings.HTTP_ADVERTISED_URL.key(),
                        "cannot tell other instances how to reach this one; set it explicitly", e);
            }
        }
        return new HostInfo(host, http.port());
    }

    /**
     * Fails fast, naming every missing topic and every topic this principal may not use as needed, rather than
     * letting Kafka Streams die on the first one (or, for a topic it may not even see, wait for it forever).
     */
    private void checkTopics() {
        Map<String, AclOperation> needed = new TreeMap<>();
        spec.models().forEach(m -> m.topics().forEach(t -> needed.put(t, AclOperation.READ)));
        needed.put(spec.weightsTopic(), AclOperation.READ);
        needed.put(spec.predictionsTopic(), AclOperation.WRITE);
        needed.put(spec.anomaliesTopic(), AclOperation.WRITE);
        needed.put(spec.deadLettersTopic(), AclOperation.WRITE);
        String servers = config.get(CommonSettings.BOOTSTRAP_SERVERS);
        Map<String, Object> adminConfig = new HashMap<>(config.clientConfig());
        adminConfig.putIfAbsent("default.api.timeout.ms", 30_000);
        List<String> missing = new ArrayList<>();
        List<String> forbidden = new ArrayList<>();
        try (Admin admin = Admin.create(adminConfig)) {
            Map<String, KafkaFuture<TopicDescription>> described = admin.describeTopics(needed.keySet(),
                    new DescribeTopicsOptions().includeAuthorizedOperations(true)).topicNameValues();
            for (Map.Entry<String, AclOperation> topic : needed.entrySet()) {
                try {
                    Set<AclOperation> allowed = KafkaFutures.await(described.get(topic.getKey()), DESCRIBE_TIMEOUT)
                            .authorizedOperations();
                    // null: the broker does not report operations (no authorizer or an old broker); Kafka decides later.
                    if (allowed != null && !allowed.contains(topic.getValue()) && !allowed.contains(AclOperation.ALL)) {
                        forbidden.add(topic.getValue() + " on " + topic.getKey());
                    }
                } catch (KafkaFutures.CallFailed e) {
                    if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                        missing.add(topic.getKey());
                    } else if (e.getCause() instanceof TopicAuthorizationException) {
                        forbidden.add("DESCRIBE and " + topic.getValue() + " on " + topic.getKey());
                    } else {
                        throw new IllegalStateException("Cannot describe topics on " + servers
                                + " (nowcast.bootstrap.servers, kafka.security.protocol, kafka.sasl.*, kafka.ssl.*): "
                                + e.reason(), e.getCause());
                    }
                }
            }
        }
        if (!forbidden.isEmpty()) {
            throw new IllegalStateException("Not authorized: the principal this app logs in as on " + servers
                    + " lacks the ACLs for " + String.join(", ", forbidden) + "; grant them (and the group and "
                    + "transactional ids of nowcast.application.id) or fix kafka.sasl.jaas.config");
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("Missing topics " + missing + " on " + servers
                    + "; create them (observation topics partitioned by series, " + spec.weightsTopic()
                    + " compacted) or fix nowcast.models / nowcast.topic.*");
        }
    }

    /**
     * Fails fast when the schema registry refuses this app's credentials; an unreachable registry is only
     * reported, as records wait for it anyway (the stream thread retries).
     */
    private void checkRegistry() {
        String subject = spec.models().get(0).topics().get(0) + "-value";
        try (SchemaRegistryClient client = SchemaRegistryClient.fromConfigs(spec.serdeConfig())) {
            client.compatibility(subject);
        } catch (SchemaRegistryException e) {
            if (e.status() == 401 || e.status() == 403) {
                throw new ConfigException(CommonSettings.SCHEMA_REGISTRY_USER_INFO.key(), "the schema registry at "
                        + config.get(CommonSettings.SCHEMA_REGISTRY_URL) + " refused this app (HTTP " + e.status()
                        + "): give it valid credentials (or " + CommonSettings.SCHEMA_REGISTRY_BEARER_TOKEN.key() + ")", e);
            }
            throw e;
        } catch (RegistryUnavailableException e) {
            LOG.warn("The schema registry does not answer yet; records wait for it: {}", e.getMessage());
        }
    }

    private StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse onUncaught(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RetriableException) {
                // E.g. the schema registry is unreachable: the record is fine, so retry it on a fresh thread.
                LOG.warn("Retriable failure, replacing the stream thread: {}", t.toString());
                return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
            }
        }
        LOG.error("Fatal failure in a stream thread; the instance stops", e);
        fatal = e;
        return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }

    private void bindMeters() {
        new JvmMemoryMetrics().bindTo(meters);
        new JvmGcMetrics().bindTo(meters);
        new JvmThreadMetrics().bindTo(meters);
        new ProcessorMetrics().bindTo(meters);
        new UptimeMetrics().bindTo(meters);
        streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(meters);
        io.micrometer.core.instrument.Gauge.builder("nowcast.ready", this, app -> app.isReady() ? 1 : 0)
                .description("1 when /health/ready answers 200 (streams running and, unless "
                        + "nowcast.health.ready-requires-models=false, every model in service), else 0")
                .register(meters);
        for (ModelSlot slot : registry.slots()) {
            metrics.modelGauge("nowcast.model.version", "Version of the model in service (NaN before the first)",
                    slot.name(), slot, s -> {
                        ServingModel serving = s.serving();
                        return serving == null ? Double.NaN : serving.version();
                    });
        }
    }

    private HttpApi.Response live() {
        KafkaStreams.State state = streams.state();
        boolean alive = fatal == null && state != KafkaStreams.State.ERROR && state != KafkaStreams.State.PENDING_ERROR;
        return HttpApi.Response.json(alive ? 200 : 503, Json.write(Map.of("status", alive ? "UP" : "DOWN",
                "streams", state.name())));
    }

    private HttpApi.Response ready() {
        KafkaStreams.State state = streams.state();
        List<String> missing = registry.missing();
        boolean ready = isReady();
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("status", !ready ? "NOT_READY" : missing.isEmpty() ? "READY" : "SERVING_WAITING_FOR_MODELS");
        body.put("streams", state.name());
        body.put("missingModels", missing);
        return HttpApi.Response.json(ready ? 200 : 503, Json.write(body));
    }

    /**
     * Streams running and, unless {@code nowcast.health.ready-requires-models=false}, every declared model in
     * service: what {@code /health/ready} and {@code nowcast_ready} say.
     */
    public boolean isReady() {
        return streams.state() == KafkaStreams.State.RUNNING && (!readyRequiresModels || registry.missing().isEmpty());
    }

    public KafkaStreams streams() {
        return streams;
    }

    public ModelRegistry models() {
        return registry;
    }

    public PrometheusMeterRegistry meters() {
        return meters;
    }

    /** The HTTP base URL, e.g. {@code http://127.0.0.1:8080}. */
    public String httpUrl() {
        return "http://" + http.host() + ":" + http.port();
    }

    public HttpApi http() {
        return http;
    }

    /** Blocks until Kafka Streams stops (closed, or a fatal error); returns the fatal error, if any. */
    public Throwable awaitStop() throws InterruptedException {
        stopped.await();
        return fatal;
    }

    private static byte[] livePage() {
        try (java.io.InputStream in = LiveView.class.getResourceAsStream("index.html")) {
            if (in == null) {
                throw new IllegalStateException("the live page is missing from the nowcast jar");
            }
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (liveFeed != null) {
            liveFeed.close();
        }
        if (streams != null) {
            streams.close(Duration.ofSeconds(30));
        }
        if (streamsMetrics != null) {
            streamsMetrics.close();
        }
        if (rejections != null) {
            rejections.close(Duration.ofSeconds(10));
        }
        if (http != null) {
            http.close();
        }
        meters.close();
        stopped.countDown();
    }

    private static Map<String, Object> toMap(Properties props) {
        Map<String, Object> map = new HashMap<>();
        props.forEach((k, v) -> map.put(k.toString(), v));
        return map;
    }
}
