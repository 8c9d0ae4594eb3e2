package io.kgrca.testsupport;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KubeBinariesTest {

    private final KubeBinaries nowhere = new KubeBinaries(Path.of("/nowhere/k8s"));

    @Test
    void withoutTheBinariesARealApiTestIsSkippedWithAClearMessage() {
        assertThatThrownBy(() -> KubeBinaries.absent(nowhere, false))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("no etcd + kube-apiserver in /nowhere/k8s")
                .hasMessageContaining("scripts/install-kube-apiserver.sh")
                .hasMessageContaining("KG_REQUIRE_KUBE=true");
    }

    @Test
    void withoutTheBinariesARealApiTestFailsWhenCiRequiresThem() {
        assertThatThrownBy(() -> KubeBinaries.absent(nowhere, true))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("KG_REQUIRE_KUBE=true requires them");
    }

    @Test
    void theBinariesAreLookedUpInTheKubeApiTestLayout() {
        assertThat(nowhere.present()).isFalse();
        assertThat(nowhere.apiServer()).isEqualTo(Path.of("/nowhere/k8s/kube-apiserver"));
        assertThat(nowhere.etcd()).isEqualTo(Path.of("/nowhere/k8s/etcd"));
        assertThat(nowhere.kubectl()).isEmpty();
    }
}
