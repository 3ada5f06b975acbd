package dev.nowcast.config;

import java.util.Collection;

/** "Did you mean" for a mistyped setting name: the closest known name within a few edits. */
final class Suggestions {

    /** Edits beyond which a known name is not offered: a typo, not another setting. */
    private static final int MAX_EDITS = 3;

    private Suggestions() {
    }

    /** {@code " (did you mean NAME?)"} with the known name closest to {@code key}, or "" if none is close. */
    static String didYouMean(String key, Collection<String> known) {
        return known.stream()
                .min((a, b) -> Integer.compare(distance(a, key), distance(b, key)))
                .filter(best -> distance(best, key) <= MAX_EDITS)
                .map(best -> " (did you mean " + best + "?)")
                .orElse("");
    }

    /** Levenshtein distance. */
    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] swap = prev;
            prev = cur;
            cur = swap;
        }
        return prev[b.length()];
    }
}
