package io.kgrca.graphbuilder.analysis;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class HostResolverTest {

    private final HostResolver hosts = new HostResolver(List.of(
            new Resource("service/shop/payments", "service", "shop", "payments", null, "10.96.4.2", Set.of(8080),
                    List.of()),
            new Resource("service/data/postgres", "service", "data", "postgres", null, "10.96.5.5", Set.of(5432),
                    List.of()),
            new Resource("service/kube-system/kube-dns", "service", "kube-system", "kube-dns", null, "10.96.0.10",
                    Set.of(53), List.of()),
            new Resource("pod/shop/cart-1", "pod", "shop", "cart-1", null, "10.244.1.7", Set.of(), List.of())),
            null);

    private List<String> ids(String text, String ns) {
        return hosts.inText(text, ns).stream().map(HostResolver.Reference::resourceId).toList();
    }

    @Test
    void everyCommonFormOfAServiceNameResolves() {
        assertThat(ids("dial tcp payments:8080: connection refused", "shop")).containsExactly("service/shop/payments");
        assertThat(ids("GET http://payments/api failed", "shop")).containsExactly("service/shop/payments");
        assertThat(ids("could not connect to postgres.data.svc.cluster.local", "shop"))
                .containsExactly("service/data/postgres");
        assertThat(ids("timeout talking to postgres.data", "shop")).containsExactly("service/data/postgres");
        assertThat(ids("connect to postgres-0.postgres.data.svc:5432 failed", "shop"))
                .containsExactly("service/data/postgres");
        assertThat(ids("upstream 10.96.4.2:8080 reset", "x")).containsExactly("service/shop/payments");
        assertThat(ids("read from 10.244.1.7 timed out", "x")).containsExactly("pod/shop/cart-1");
        assertThat(ids("failed to reach 'postgres'", "default")).containsExactly("service/data/postgres");
    }

    @Test
    void aBareWordIsNotAReferenceWithoutAHostContext() {
        assertThat(ids("payments failed for order 42", "shop")).isEmpty();
        assertThat(ids("the postgres driver said hello", "shop")).isEmpty();
    }

    @Test
    void environmentHostsResolveAndDnsServicesAreThoseServingPort53() {
        assertThat(hosts.inEnvironment(List.of("payments:8080", "postgres.data.svc.cluster.local", "example.com"),
                "shop")).extracting(HostResolver.Reference::resourceId)
                .containsExactly("service/shop/payments", "service/data/postgres");
        assertThat(hosts.dnsServices()).containsExactly("service/kube-system/kube-dns");
    }
}
