package dev.nowcast.trainer.replay;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;

import dev.nowcast.model.data.Series;

/**
 * Walks the points of many series in event-time order (a k-way merge), so that a replay interleaves keys as
 * they happened; points with equal timestamps come in the order of the series list.
 */
final class EventTimeOrder {
    private final List<Series> series;
    private final int[] next;
    private final PriorityQueue<Integer> queue;

    EventTimeOrder(List<Series> series) {
        this.series = series;
        this.next = new int[series.size()];
        this.queue = new PriorityQueue<>(Math.max(1, series.size()), (a, b) -> {
            int byTime = Long.compare(timestamp(a), timestamp(b));
            return byTime != 0 ? byTime : Integer.compare(a, b);
        });
        for (int s = 0; s < series.size(); s++) {
            if (series.get(s).size() > 0) {
                queue.add(s);
            }
        }
    }

    boolean hasNext() {
        return !queue.isEmpty();
    }

    /** The index of the series whose next point comes next; {@link #advance} moves past that point. */
    int peekSeries() {
        if (queue.isEmpty()) {
            throw new NoSuchElementException();
        }
        return queue.peek();
    }

    /** Index of the next point of series {@code s}. */
    int point(int s) {
        return next[s];
    }

    void advance() {
        int s = queue.poll();
        if (++next[s] < series.get(s).size()) {
            queue.add(s);
        }
    }

    private long timestamp(int s) {
        return series.get(s).timestamps()[next[s]];
    }
}
