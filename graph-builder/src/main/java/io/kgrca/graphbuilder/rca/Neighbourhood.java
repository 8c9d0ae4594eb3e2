package io.kgrca.graphbuilder.rca;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Topology distances between resources, over the adjacency the graph code reads level by level. Pure.
 *
 * <p>For a start resource it gives, for every resource within {@code maxHops}, the plain distance and the
 * <em>direct</em> distance: the length of the shortest path that does not pass through a node (a {@code Node}
 * resource may be an end of such a path, not an intermediate step). Two pods that only share a node have a plain
 * distance of 2 and no direct distance.
 */
public final class Neighbourhood {

    /**
     * A resource next to another.
     *
     * @param id     its {@code ResourceRef.id()}
     * @param isNode true for a Kubernetes node
     */
    public record Neighbour(String id, boolean isNode) {
    }

    /**
     * The distances of a reached resource.
     *
     * @param hops   the shortest distance
     * @param direct the shortest distance not passing through a node, or null
     */
    public record Distance(int hops, Integer direct) {
    }

    private final Map<String, List<Neighbour>> adjacency = new HashMap<>();
    private final Set<String> nodes = new HashSet<>();

    /** Records the neighbours of {@code id} (an expanded resource). */
    public void add(String id, List<Neighbour> neighbours) {
        adjacency.put(id, List.copyOf(neighbours));
        for (Neighbour n : neighbours) {
            if (n.isNode()) {
                nodes.add(n.id());
            }
        }
    }

    /** Marks {@code id} as a Kubernetes node (for start resources that are nodes). */
    public void markNode(String id) {
        nodes.add(id);
    }

    /** True when the neighbours of {@code id} are known. */
    public boolean expanded(String id) {
        return adjacency.containsKey(id);
    }

    /** The distances from {@code start} to every resource within {@code maxHops}, {@code start} included at 0. */
    public Map<String, Distance> from(String start, int maxHops) {
        Map<String, Integer> plain = bfs(start, maxHops, false);
        Map<String, Integer> direct = bfs(start, maxHops, true);
        Map<String, Distance> out = new HashMap<>();
        plain.forEach((id, hops) -> out.put(id, new Distance(hops, direct.get(id))));
        return out;
    }

    private Map<String, Integer> bfs(String start, int maxHops, boolean avoidNodes) {
        Map<String, Integer> dist = new HashMap<>();
        dist.put(start, 0);
        ArrayDeque<String> queue = new ArrayDeque<>();
        queue.add(start);
        while (!queue.isEmpty()) {
            String at = queue.poll();
            int d = dist.get(at);
            if (d == maxHops || (avoidNodes && d > 0 && nodes.contains(at))) {
                continue;
            }
            for (Neighbour n : adjacency.getOrDefault(at, List.of())) {
                if (!dist.containsKey(n.id())) {
                    dist.put(n.id(), d + 1);
                    queue.add(n.id());
                }
            }
        }
        return dist;
    }
}
