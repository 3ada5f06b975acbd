package dev.nowcast.stream.serving;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The models this instance serves, one {@link ModelSlot} per configured model name. The set of names is fixed
 * at start (it comes from {@code nowcast.models}); only what each slot holds changes.
 */
public final class ModelRegistry {

    private final Map<String, ModelSlot> slots = new LinkedHashMap<>();

    public ModelRegistry(Collection<String> modelNames) {
        modelNames.forEach(name -> slots.put(name, new ModelSlot(name)));
    }

    /** The slot of {@code model}, or {@code null} if this instance does not serve it. */
    public ModelSlot slot(String model) {
        return slots.get(model);
    }

    public Collection<ModelSlot> slots() {
        return slots.values();
    }

    /** Names of configured models that have no valid snapshot yet (what readiness waits for). */
    public List<String> missing() {
        return slots.values().stream().filter(s -> s.serving() == null).map(ModelSlot::name).toList();
    }
}
