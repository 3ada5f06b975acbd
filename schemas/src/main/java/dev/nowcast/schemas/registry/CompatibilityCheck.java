package dev.nowcast.schemas.registry;

import java.util.List;

/**
 * The registry's verdict on whether a schema could be registered under a subject without breaking its
 * compatibility level, with the registry's explanation when it gives one.
 */
public record CompatibilityCheck(boolean compatible, List<String> messages) {

    public CompatibilityCheck {
        messages = List.copyOf(messages);
    }
}
