package dev.nowcast.config;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A model and the observation topics it forecasts. Written as {@code model:topic[|topic...]}, several separated
 * by commas: {@code sensors:nowcast.observations.sensors,prices:nowcast.observations.prices}.
 */
public record ModelBinding(String model, List<String> topics) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");

    public ModelBinding {
        topics = List.copyOf(topics);
    }

    /** Parses the {@code nowcast.models} text; rejects empty names, bad characters and topics bound twice. */
    public static List<ModelBinding> parseAll(String text) {
        List<ModelBinding> bindings = new ArrayList<>();
        Set<String> models = new LinkedHashSet<>();
        Set<String> topics = new LinkedHashSet<>();
        for (String entry : text.split(",")) {
            String trimmed = entry.trim();
            int colon = trimmed.indexOf(':');
            if (colon <= 0 || colon == trimmed.length() - 1) {
                throw new IllegalArgumentException("'" + trimmed + "' is not model:topic[|topic...]");
            }
            String model = trimmed.substring(0, colon).trim();
            requireName(model, "model name");
            if (!models.add(model)) {
                throw new IllegalArgumentException("model '" + model + "' appears twice");
            }
            List<String> modelTopics = new ArrayList<>();
            for (String topic : trimmed.substring(colon + 1).split("\\|")) {
                String t = topic.trim();
                requireName(t, "topic name");
                if (!topics.add(t)) {
                    throw new IllegalArgumentException("topic '" + t + "' is bound to more than one model");
                }
                modelTopics.add(t);
            }
            bindings.add(new ModelBinding(model, modelTopics));
        }
        return List.copyOf(bindings);
    }

    private static void requireName(String name, String what) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(what + " '" + name + "' may only contain letters, digits, '.', '_' and '-'");
        }
    }
}
