package io.kgrca.graphbuilder.rca;

import io.kgrca.common.tenant.TenantId;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Groups abnormal signals into incidents: the connected components of the {@code POTENTIAL_CAUSE} links (which
 * exist only between signals within the RCA window of each other). Pure and incremental: it sees the signals a
 * batch touched, the incidents they already belong to, and the batch's links, and says which incidents to create,
 * merge and re-key.
 *
 * <p>An incident's id is derived from its <em>anchor</em>, the member with the earliest onset (ties by id):
 * {@code inc-} + 16 hex digits of SHA-256({@code tenant|anchor}). It depends only on the final membership, never on
 * arrival order or on each event's own time (the original keyed incidents by each event's time, so almost every
 * event opened a new one). When a late-arriving earlier cause joins, the incident is re-keyed and its old id kept
 * as an alias, so links to it still resolve.
 */
public final class IncidentGrouper {

    /**
     * A signal touched by the batch.
     *
     * @param id         signal id
     * @param firstSeen  onset
     * @param incidentId the incident it belongs to, or null
     */
    public record Member(String id, long firstSeen, String incidentId) {
    }

    /**
     * An existing incident.
     *
     * @param id          its id
     * @param anchorId    its earliest member
     * @param anchorFirst the anchor's onset
     * @param aliases     ids it had before re-keying
     */
    public record Incident(String id, String anchorId, long anchorFirst, List<String> aliases) {
    }

    /**
     * What to write for one group.
     *
     * @param incidentId  the group's id
     * @param anchorId    its anchor
     * @param anchorFirst the anchor's onset
     * @param attach      signals to attach to it (not yet members)
     * @param absorb      existing incidents whose members move to it and which are then deleted
     * @param aliases     every id the group had before, for lookups
     */
    public record Change(String incidentId, String anchorId, long anchorFirst, List<String> attach,
                         List<String> absorb, List<String> aliases) {
    }

    private final TenantId tenant;

    /** A grouper for one tenant's incidents. */
    public IncidentGrouper(TenantId tenant) {
        this.tenant = tenant;
    }

    /** The changes that bring the incidents in line with the batch's signals and links. */
    public List<Change> group(Collection<Member> members, Collection<Incident> incidents,
                              Collection<CausalLink> links) {
        UnionFind uf = new UnionFind();
        Map<String, Member> memberById = new LinkedHashMap<>();
        members.forEach(m -> memberById.put(m.id(), m));
        Map<String, Incident> incidentById = new LinkedHashMap<>();
        incidents.forEach(i -> incidentById.put(i.id(), i));
        for (Member m : memberById.values()) {
            uf.add("s:" + m.id());
            if (m.incidentId() != null && incidentById.containsKey(m.incidentId())) {
                uf.union("s:" + m.id(), "i:" + m.incidentId());
            }
        }
        for (CausalLink l : links) {
            if (memberById.containsKey(l.causeId()) && memberById.containsKey(l.effectId())) {
                uf.union("s:" + l.causeId(), "s:" + l.effectId());
            }
        }
        Map<String, List<String>> components = new LinkedHashMap<>();
        for (String node : uf.nodes()) {
            components.computeIfAbsent(uf.find(node), k -> new ArrayList<>()).add(node);
        }
        List<Change> changes = new ArrayList<>();
        for (List<String> nodes : components.values()) {
            Change c = change(nodes, memberById, incidentById);
            if (c != null) {
                changes.add(c);
            }
        }
        return changes;
    }

    private Change change(List<String> nodes, Map<String, Member> members, Map<String, Incident> incidents) {
        String anchorId = null;
        long anchorFirst = Long.MAX_VALUE;
        List<Member> inGroup = new ArrayList<>();
        List<Incident> existing = new ArrayList<>();
        for (String node : nodes) {
            String id = node.substring(2);
            if (node.startsWith("s:")) {
                Member m = members.get(id);
                inGroup.add(m);
                if (earlier(m.firstSeen(), m.id(), anchorFirst, anchorId)) {
                    anchorFirst = m.firstSeen();
                    anchorId = m.id();
                }
            } else {
                Incident i = incidents.get(id);
                existing.add(i);
                if (earlier(i.anchorFirst(), i.anchorId(), anchorFirst, anchorId)) {
                    anchorFirst = i.anchorFirst();
                    anchorId = i.anchorId();
                }
            }
        }
        if (inGroup.isEmpty()) {
            return null;
        }
        String id = idFor(anchorId);
        List<String> attach = inGroup.stream().filter(m -> !id.equals(m.incidentId())).map(Member::id).toList();
        Set<String> aliases = new TreeSet<>();
        List<String> absorb = new ArrayList<>();
        for (Incident i : existing) {
            aliases.addAll(i.aliases());
            if (!i.id().equals(id)) {
                absorb.add(i.id());
                aliases.add(i.id());
            }
        }
        aliases.remove(id);
        if (attach.isEmpty() && absorb.isEmpty()) {
            return null;
        }
        return new Change(id, anchorId, anchorFirst, attach, absorb, List.copyOf(aliases));
    }

    /** The incident id of a group anchored at {@code anchorId}. */
    public String idFor(String anchorId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((tenant.value() + "|" + anchorId).getBytes(StandardCharsets.UTF_8));
            return "inc-" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    private static boolean earlier(long first, String id, long bestFirst, String bestId) {
        return bestId == null || first < bestFirst || (first == bestFirst && id.compareTo(bestId) < 0);
    }

    /** A small union-find over string nodes. */
    private static final class UnionFind {
        private final Map<String, String> parent = new LinkedHashMap<>();

        void add(String n) {
            parent.putIfAbsent(n, n);
        }

        String find(String n) {
            add(n);
            String root = n;
            while (!parent.get(root).equals(root)) {
                root = parent.get(root);
            }
            while (!parent.get(n).equals(root)) {
                String next = parent.get(n);
                parent.put(n, root);
                n = next;
            }
            return root;
        }

        void union(String a, String b) {
            String ra = find(a);
            String rb = find(b);
            if (!ra.equals(rb)) {
                parent.put(rb, ra);
            }
        }

        Collection<String> nodes() {
            return new ArrayList<>(parent.keySet());
        }
    }
}
