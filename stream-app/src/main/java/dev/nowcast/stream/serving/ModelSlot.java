package dev.nowcast.stream.serving;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The model a name currently stands for. Written by the global thread (snapshot updates), read by every
 * stream thread once per record, hence a volatile field rather than a lock.
 */
public final class ModelSlot {

    private static final int KEPT_REJECTIONS = 20;

    /** A snapshot this instance refused, for {@code /models} and operators. */
    public record Rejection(long version, String reason, String detail, long rejectedAt) {
    }

    private final String name;
    private volatile ServingModel serving;
    private final Deque<Rejection> rejections = new ArrayDeque<>();

    ModelSlot(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** The model in service, or {@code null} before the first valid snapshot arrived. */
    public ServingModel serving() {
        return serving;
    }

    void install(ServingModel model) {
        serving = model;
    }

    synchronized void reject(Rejection rejection) {
        if (rejections.size() == KEPT_REJECTIONS) {
            rejections.removeFirst();
        }
        rejections.addLast(rejection);
    }

    /** The most recent rejections, oldest first. */
    public synchronized List<Rejection> rejections() {
        return new ArrayList<>(rejections);
    }
}
