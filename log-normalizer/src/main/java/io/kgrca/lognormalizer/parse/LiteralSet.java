package io.kgrca.lognormalizer.parse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;


/**
 * Pure: a fixed set of lower-case literals and, for a lower-cased text, which of them it holds, found in one pass
 * over the text (each literal is compared only where the text has its first three characters, by a hash of
 * them) instead of one search per literal. A literal shorter than three characters or not ASCII is never ruled
 * out. Literals are added through a {@link Builder}, which gives each its index.
 */
final class LiteralSet {

    private static final int ASCII = 128;
    private static final int BUCKETS = 4096;

    private final String[] literals;
    private final int[][] byBucket;
    private final boolean[] unindexed;

    private LiteralSet(List<String> literals) {
        this.literals = literals.toArray(new String[0]);
        this.byBucket = new int[BUCKETS][];
        this.unindexed = new boolean[this.literals.length];
        Map<Integer, List<Integer>> pairs = new HashMap<>();
        for (int id = 0; id < this.literals.length; id++) {
            String l = this.literals[id];
            if (l.length() < 3 || l.charAt(0) >= ASCII || l.charAt(1) >= ASCII || l.charAt(2) >= ASCII) {
                unindexed[id] = true;
            } else {
                pairs.computeIfAbsent(bucket(l.charAt(0), l.charAt(1), l.charAt(2)), k -> new ArrayList<>()).add(id);
            }
        }
        pairs.forEach((p, ids) -> byBucket[p] = ids.stream().mapToInt(Integer::intValue).toArray());
    }

    /** Which literals {@code lower} holds, by index. */
    boolean[] in(String lower) {
        boolean[] found = unindexed.clone();
        int n = lower.length() - 2;
        for (int i = 0; i < n; i++) {
            int[] ids = byBucket[bucket(lower.charAt(i), lower.charAt(i + 1), lower.charAt(i + 2))];
            if (ids != null) {
                for (int id : ids) {
                    found[id] = found[id] || lower.startsWith(literals[id], i);
                }
            }
        }
        return found;
    }

    /** A bucket of three characters (any characters: a bucket of non-ASCII ones only leads to comparisons). */
    private static int bucket(char a, char b, char c) {
        return (a * 961 + b * 31 + c) & (BUCKETS - 1);
    }

    /** Collects the literals of a set; the same literal gets the same index. */
    static final class Builder {
        private final List<String> literals = new ArrayList<>();
        private final Map<String, Integer> ids = new HashMap<>();

        /** The index of {@code lowerCaseLiteral}, added if new. */
        int add(String lowerCaseLiteral) {
            return ids.computeIfAbsent(lowerCaseLiteral, l -> {
                literals.add(l);
                return literals.size() - 1;
            });
        }

        /** The set. */
        LiteralSet build() {
            return new LiteralSet(List.copyOf(literals));
        }
    }

    @Override
    public String toString() {
        return Arrays.toString(literals);
    }
}
