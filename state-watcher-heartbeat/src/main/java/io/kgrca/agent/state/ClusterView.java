package io.kgrca.agent.state;

import io.kgrca.common.model.ResourceRecord;
import io.kgrca.common.model.ResourceRef;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The objects the agent currently sees, as the records it would send (without their observation time), with an
 * index of pods, services and network policies by namespace for selector matching. Not thread-safe: one thread owns it.
 */
public final class ClusterView {

    private final Map<ResourceRef, ResourceRecord> objects = new HashMap<>();
    private final Map<String, Set<ResourceRef>> podsByNamespace = new HashMap<>();
    private final Map<String, Set<ResourceRef>> servicesByNamespace = new HashMap<>();
    private final Map<String, Set<ResourceRef>> policiesByNamespace = new HashMap<>();

    /** Adds or replaces an object; returns the previous record, if any. */
    public Optional<ResourceRecord> put(ResourceRecord record) {
        ResourceRef ref = record.ref();
        index(ref).ifPresent(idx -> idx.computeIfAbsent(ref.namespace(), k -> new LinkedHashSet<>()).add(ref));
        return Optional.ofNullable(objects.put(ref, record));
    }

    /** Removes an object; returns it, if it was known. */
    public Optional<ResourceRecord> remove(ResourceRef ref) {
        ResourceRecord old = objects.remove(ref);
        index(ref).ifPresent(idx -> {
            Set<ResourceRef> refs = idx.get(ref.namespace());
            if (refs != null) {
                refs.remove(ref);
                if (refs.isEmpty()) {
                    idx.remove(ref.namespace());
                }
            }
        });
        return Optional.ofNullable(old);
    }

    /** The record of {@code ref}, if known. */
    public Optional<ResourceRecord> get(ResourceRef ref) {
        return Optional.ofNullable(objects.get(ref));
    }

    /** Every known object. */
    public Collection<ResourceRecord> all() {
        return Collections.unmodifiableCollection(objects.values());
    }

    /** The pods of a namespace. */
    public Set<ResourceRef> podsIn(String namespace) {
        return podsByNamespace.getOrDefault(namespace, Set.of());
    }

    /** The services of a namespace. */
    public Set<ResourceRef> servicesIn(String namespace) {
        return servicesByNamespace.getOrDefault(namespace, Set.of());
    }

    /** The network policies of a namespace. */
    public Set<ResourceRef> networkPoliciesIn(String namespace) {
        return policiesByNamespace.getOrDefault(namespace, Set.of());
    }

    /** How many objects are known. */
    public int size() {
        return objects.size();
    }

    private Optional<Map<String, Set<ResourceRef>>> index(ResourceRef ref) {
        return switch (ref.kind()) {
            case Kinds.POD -> Optional.of(podsByNamespace);
            case Kinds.SERVICE -> Optional.of(servicesByNamespace);
            case Kinds.NETWORK_POLICY -> Optional.of(policiesByNamespace);
            default -> Optional.empty();
        };
    }
}
