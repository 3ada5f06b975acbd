package dev.nowcast.schemas.registry;

import java.util.Locale;

/**
 * A subject's compatibility level, as Confluent's registry defines it: which earlier versions a new schema is
 * checked against, and in which direction.
 */
public enum CompatibilityLevel {
    /** No check. */
    NONE(false, false, false),
    /** The new schema can read data written with the latest version. */
    BACKWARD(true, false, false),
    /** The new schema can read data written with every earlier version. */
    BACKWARD_TRANSITIVE(true, false, true),
    /** The latest version can read data written with the new schema. */
    FORWARD(false, true, false),
    /** Every earlier version can read data written with the new schema. */
    FORWARD_TRANSITIVE(false, true, true),
    /** Both BACKWARD and FORWARD. */
    FULL(true, true, false),
    /** Both BACKWARD_TRANSITIVE and FORWARD_TRANSITIVE. */
    FULL_TRANSITIVE(true, true, true);

    private final boolean backward;
    private final boolean forward;
    private final boolean transitive;

    CompatibilityLevel(boolean backward, boolean forward, boolean transitive) {
        this.backward = backward;
        this.forward = forward;
        this.transitive = transitive;
    }

    /** Whether the new schema must read data written with earlier versions. */
    public boolean backward() {
        return backward;
    }

    /** Whether earlier versions must read data written with the new schema. */
    public boolean forward() {
        return forward;
    }

    /** Whether the check covers every earlier version rather than the latest only. */
    public boolean transitive() {
        return transitive;
    }

    /**
     * The level named {@code name} (case-insensitive), as the registry's REST API spells it.
     *
     * @throws IllegalArgumentException if no level has that name
     */
    public static CompatibilityLevel parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Unknown compatibility level '" + name + "'; expected one of "
                    + java.util.Arrays.toString(values()), e);
        }
    }
}
