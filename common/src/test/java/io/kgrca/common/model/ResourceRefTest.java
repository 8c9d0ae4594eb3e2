package io.kgrca.common.model;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ResourceRefTest {

    @Test
    void theIdIsLowerKindNamespaceAndName() {
        assertThat(ResourceRef.of("Pod", "shop", "web-0").id()).isEqualTo("pod/shop/web-0");
        assertThat(ResourceRef.of("Node", null, "worker-1").id()).isEqualTo("node//worker-1");
    }

    @Test
    void parseIsTheInverseOfIdUpToTheCaseOfTheKind() {
        ResourceRef parsed = ResourceRef.parse("deployment/kube-system/coredns");

        assertThat(parsed).isEqualTo(ResourceRef.of("deployment", "kube-system", "coredns"));
        assertThat(ResourceRef.parse(ResourceRef.of("Node", "", "n1").id()).id()).isEqualTo("node//n1");
    }

    @Test
    void rejectsMalformedIdsAndParts() {
        assertThatIllegalArgumentException().isThrownBy(() -> ResourceRef.parse("pod/web-0"));
        assertThatIllegalArgumentException().isThrownBy(() -> ResourceRef.parse("pod/a/b/c"));
        assertThatIllegalArgumentException().isThrownBy(() -> ResourceRef.of("Pod", "ns", ""));
        assertThatIllegalArgumentException().isThrownBy(() -> ResourceRef.of("", "ns", "x"));
        assertThatIllegalArgumentException().isThrownBy(() -> ResourceRef.of("Pod", "a/b", "x"));
    }

    @Test
    void edgeIdsRoundTripThroughParse() {
        ResourceRef pod = ResourceRef.of("Pod", "shop", "web-0");
        ResourceRef node = ResourceRef.of("Node", null, "n1");
        String id = EdgeRecord.idOf(EdgeType.RUNS_ON, pod, node);

        assertThat(id).isEqualTo("RUNS_ON:pod/shop/web-0->node//n1");
        EdgeRecord.EdgeId parsed = EdgeRecord.parseId(id);
        assertThat(parsed.type()).isEqualTo(EdgeType.RUNS_ON);
        assertThat(parsed.from().id()).isEqualTo(pod.id());
        assertThat(parsed.to().id()).isEqualTo(node.id());
        assertThatIllegalArgumentException().isThrownBy(() -> EdgeRecord.parseId("RUNS_ON pod/a/b"));
        assertThatIllegalArgumentException().isThrownBy(() -> EdgeRecord.parseId("LIKES:pod/a/b->node//n"));
    }
}
