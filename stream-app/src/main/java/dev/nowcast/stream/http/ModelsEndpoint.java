package dev.nowcast.stream.http;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.nowcast.config.ModelBinding;
import dev.nowcast.model.snapshot.ModelSnapshot;
import dev.nowcast.stream.serving.ModelRegistry;
import dev.nowcast.stream.serving.ModelSlot;
import dev.nowcast.stream.serving.ServingModel;

/** {@code GET /models}: per model, its topics, the version in service and how it was trained, and recent rejections. */
public final class ModelsEndpoint implements HttpApi.Handler {

    private final ModelRegistry registry;
    private final List<ModelBinding> bindings;

    public ModelsEndpoint(ModelRegistry registry, List<ModelBinding> bindings) {
        this.registry = registry;
        this.bindings = List.copyOf(bindings);
    }

    @Override
    public HttpApi.Response handle(String path, String query) {
        List<Map<String, Object>> models = new ArrayList<>();
        for (ModelBinding binding : bindings) {
            ModelSlot slot = registry.slot(binding.model());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("model", binding.model());
            m.put("topics", binding.topics());
            ServingModel serving = slot.serving();
            m.put("serving", serving == null ? null : describe(serving));
            List<Map<String, Object>> rejections = new ArrayList<>();
            for (ModelSlot.Rejection r : slot.rejections()) {
                Map<String, Object> rejection = new LinkedHashMap<>();
                rejection.put("version", r.version() < 0 ? null : r.version());
                rejection.put("reason", r.reason());
                rejection.put("detail", r.detail());
                rejection.put("rejectedAt", Instant.ofEpochMilli(r.rejectedAt()));
                rejections.add(rejection);
            }
            m.put("rejections", rejections);
            models.add(m);
        }
        return HttpApi.Response.json(200, Json.write(Map.of("models", models)));
    }

    private static Map<String, Object> describe(ServingModel serving) {
        ModelSnapshot s = serving.snapshot();
        ModelSnapshot.Architecture a = s.architecture();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("version", s.version());
        out.put("createdAt", Instant.ofEpochMilli(s.createdAt()));
        out.put("installedAt", Instant.ofEpochMilli(serving.installedAt()));
        out.put("cellType", a.cellType());
        out.put("layers", a.layers());
        out.put("hiddenSize", a.hiddenSize());
        out.put("head", a.head());
        out.put("horizon", a.horizon());
        out.put("warmupSteps", a.warmupSteps());
        out.put("stepIntervalMillis", a.stepIntervalMillis());
        out.put("sha256", s.sha256());
        out.put("signingKeyId", s.signature() == null ? null : s.signingKeyId());
        ModelSnapshot.TrainingSummary t = s.trainingSummary();
        if (t != null) {
            Map<String, Object> training = new LinkedHashMap<>();
            training.put("metrics", t.metrics());
            training.put("baselines", t.baselines());
            training.put("dataFrom", Instant.ofEpochMilli(t.dataFrom()));
            training.put("dataTo", Instant.ofEpochMilli(t.dataTo()));
            training.put("series", t.series());
            training.put("observations", t.observations());
            training.put("decision", t.decision());
            training.put("championVersion", t.championVersion());
            out.put("training", training);
        }
        return out;
    }
}
