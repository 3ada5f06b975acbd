package dev.nowcast.stream.http;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import dev.nowcast.model.forecast.NormalDistribution;
import dev.nowcast.model.forecast.SeriesState;
import dev.nowcast.model.forecast.StepResult;
import dev.nowcast.stream.serving.ModelRegistry;
import dev.nowcast.stream.serving.ModelSlot;
import dev.nowcast.stream.serving.ServingModel;
import dev.nowcast.stream.state.SeriesStateCodec;
import dev.nowcast.stream.topology.ForecastTopology;

/**
 * {@code GET /series/{id}[?model=M]}: the latest forecast and a summary of a series' state, answered by whichever
 * instance is asked. Kafka Streams knows which instance holds the key ({@code queryMetadataForKey}); if it is
 * another one, the request is forwarded to it (with {@code local=true}, so it is never forwarded twice).
 */
public final class SeriesEndpoint implements HttpApi.Handler {

    /** How long a client should wait before asking again while stores move; a rebalance takes seconds. */
    private static final int RETRY_AFTER_SECONDS = 1;

    private final KafkaStreams streams;
    private final ModelRegistry registry;
    private final HostInfo self;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /**
     * @param self  this instance's {@code application.server}
     * @param token the bearer token to forward with (other instances demand the same), or null
     */
    public SeriesEndpoint(KafkaStreams streams, ModelRegistry registry, HostInfo self, String token) {
        this.streams = streams;
        this.registry = registry;
        this.self = self;
        this.token = token;
    }

    @Override
    public HttpApi.Response handle(String path, String query) throws Exception {
        String id = URLDecoder.decode(path.substring("/series/".length()), StandardCharsets.UTF_8);
        if (id.isEmpty()) {
            return HttpApi.Response.json(400, "{\"error\":\"usage: /series/{id}[?model=NAME]\"}");
        }
        Map<String, String> params = params(query);
        String onlyModel = params.get("model");
        boolean local = "true".equals(params.get("local"));
        if (onlyModel != null && registry.slot(onlyModel) == null) {
            return HttpApi.Response.json(404, "{\"error\":" + Json.quote("no model " + onlyModel) + "}");
        }
        Bytes key = Bytes.wrap(id.getBytes(StandardCharsets.UTF_8));
        if (!queryable(streams.state())) {
            return notServing();
        }
        try {
            for (ModelSlot slot : registry.slots()) {
                if (onlyModel != null && !onlyModel.equals(slot.name())) {
                    continue;
                }
                String store = ForecastTopology.seriesStoreName(slot.name());
                KeyQueryMetadata owner = streams.queryMetadataForKey(store, key, Serdes.Bytes().serializer());
                if (owner == null || owner.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
                    return HttpApi.Response.unavailable("the state stores are not available yet (rebalancing)", RETRY_AFTER_SECONDS);
                }
                if (!local && !owner.activeHost().equals(self)) {
                    HttpApi.Response forwarded = forward(owner.activeHost(), id, slot.name());
                    if (forwarded.status() != 404) {
                        return forwarded;
                    }
                    continue;
                }
                ReadOnlyKeyValueStore<Bytes, byte[]> view = streams.store(
                        StoreQueryParameters.fromNameAndType(store, QueryableStoreTypes.<Bytes, byte[]>keyValueStore())
                                .withPartition(owner.partition()));
                byte[] stored = view.get(key);
                if (stored != null) {
                    SeriesState state = new SeriesState(1);
                    new SeriesStateCodec().decode(stored, state);
                    return HttpApi.Response.json(200, Json.write(describe(id, slot, state)));
                }
            }
        } catch (InvalidStateStoreException e) {
            // Covers a store migrating, restoring, not yet started or no longer held here after a rebalance: the
            // series exists somewhere, a retry in a moment finds it.
            return HttpApi.Response.unavailable("the state store is moving between instances (rebalancing): "
                    + e.getMessage(), RETRY_AFTER_SECONDS);
        } catch (IllegalStateException e) {
            // Kafka Streams' answer when the instance began shutting down after the check above (scale in).
            if (queryable(streams.state())) {
                throw e;
            }
            return notServing();
        }
        return HttpApi.Response.json(404, "{\"error\":" + Json.quote("no series " + id) + "}");
    }

    private HttpApi.Response notServing() {
        return HttpApi.Response.unavailable("this instance is " + streams.state() + "; ask again or ask another one",
                RETRY_AFTER_SECONDS);
    }

    private static boolean queryable(KafkaStreams.State state) {
        return state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING;
    }

    private HttpApi.Response forward(HostInfo host, String id, String model) throws InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + host.host() + ":" + host.port()
                        + "/series/" + URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20")
                        + "?local=true&model=" + URLEncoder.encode(model, StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(5)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            // The owner in the metadata may be an instance that has just left; the group moves its tasks shortly.
            return HttpApi.Response.unavailable("the instance holding this series (" + host.host() + ":" + host.port()
                    + ") does not answer: " + e, RETRY_AFTER_SECONDS);
        }
        Map<String, String> headers = response.headers().firstValue("Retry-After")
                .map(v -> Map.of("Retry-After", v)).orElse(Map.of());
        return new HttpApi.Response(response.statusCode(), "application/json",
                response.body().getBytes(StandardCharsets.UTF_8), headers);
    }

    private Map<String, Object> describe(String id, ModelSlot slot, SeriesState state) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("seriesId", id);
        out.put("model", slot.name());
        out.put("servedBy", self.host() + ":" + self.port());
        out.put("modelVersion", state.modelVersion() == SeriesState.NO_MODEL ? null : state.modelVersion());
        out.put("observations", state.observations());
        out.put("stepsSeen", state.stepsSeen());
        ServingModel serving = slot.serving();
        out.put("warm", serving != null && state.modelVersion() == serving.version()
                && state.stepsSeen() >= serving.forecaster().warmupSteps());
        out.put("lastTimestamp", state.observations() == 0 ? null : Instant.ofEpochMilli(state.lastTimestamp()));
        out.put("lastValue", state.observations() == 0 ? null : state.lastValue());
        if (state.hasForecast()) {
            Map<String, Object> forecast = new LinkedHashMap<>();
            double mean = state.forecastMean();
            double stddev = state.forecastStddev();
            forecast.put("horizon", 1);
            if (serving != null) {
                var pipeline = serving.forecaster().pipeline();
                forecast.put("targetTime", Instant.ofEpochMilli(pipeline.calendar().next(state.lastTimestamp(),
                        pipeline.stepMillis())));
            }
            forecast.put("mean", mean);
            forecast.put("stddev", stddev);
            forecast.put("p10", mean - NormalDistribution.Z90 * stddev);
            forecast.put("p90", mean + NormalDistribution.Z90 * stddev);
            out.put("forecast", forecast);
            if (serving != null && state.modelVersion() == serving.version()) {
                out.put("forecasts", everyHorizon(serving, state));
            }
        }
        Map<String, Object> ring = new LinkedHashMap<>();
        ring.put("size", state.ringSize());
        ring.put("capacity", state.ringCapacity());
        if (state.ringSize() > 0) {
            ring.put("oldest", Instant.ofEpochMilli(state.ringTimestamp(0)));
        }
        out.put("recent", ring);
        return out;
    }

    /** Horizons 1..H as the last prediction record carried them, recomputed from the stored state. */
    private static List<Map<String, Object>> everyHorizon(ServingModel serving, SeriesState state) {
        StepResult steps = new StepResult();
        serving.forecaster().forecast(state, steps);
        List<Map<String, Object>> list = new ArrayList<>(steps.horizon());
        for (int h = 1; h <= steps.horizon(); h++) {
            Map<String, Object> step = new LinkedHashMap<>();
            step.put("horizon", h);
            step.put("targetTime", Instant.ofEpochMilli(steps.targetTime(h)));
            step.put("mean", steps.mean(h));
            step.put("stddev", steps.stddev(h));
            step.put("p10", steps.p10(h));
            step.put("p50", steps.p50(h));
            step.put("p90", steps.p90(h));
            step.put("probUp", steps.probUp(h));
            list.add(step);
        }
        return list;
    }

    private static Map<String, String> params(String query) {
        Map<String, String> params = new LinkedHashMap<>();
        if (query != null) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return params;
    }
}
