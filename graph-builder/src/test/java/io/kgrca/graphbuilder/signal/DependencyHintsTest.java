package io.kgrca.graphbuilder.signal;

import io.kgrca.common.model.ResourceRef;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DependencyHintsTest {

    private final DependencyHints hints = new DependencyHints(ResourceRef.of("Service", "kube-system", "kube-dns"));

    @Test
    void serviceDnsNamesInALineAreItsDependencies() {
        assertThat(hints.servicesIn("GET http://api.shop.svc.cluster.local:8080/orders failed; fallback "
                + "to db-0.db.shop.svc:5432", SignalType.HTTP_5XX))
                .containsExactly(ResourceRef.of("Service", "shop", "api"), ResourceRef.of("Service", "shop", "db"));
    }

    @Test
    void aDnsFailureDependsOnTheClusterDnsService() {
        assertThat(hints.servicesIn("lookup api.shop.svc.cluster.local on 10.96.0.10:53: no such host",
                SignalType.DNS_FAILURE)).containsExactly(ResourceRef.of("Service", "kube-system", "kube-dns"),
                ResourceRef.of("Service", "shop", "api"));
    }

    @Test
    void linesWithoutServiceNamesHaveNoDependencies() {
        assertThat(hints.servicesIn("connection refused 10.0.0.7:5432", SignalType.CONNECTION_REFUSED)).isEmpty();
        assertThat(hints.servicesIn("see example.com/svc docs", SignalType.APPLICATION_ERROR)).isEmpty();
        assertThat(hints.servicesIn(null, SignalType.NORMAL)).isEmpty();
    }
}
