package io.kgrca.common.image;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KgImageTest {

    @Test
    void theReferencesAreTheRootPomsNamesAndTag() {
        // Surefire passes the root pom's properties: the generated resource must carry the same values.
        assertThat(KgImage.tag()).isEqualTo(System.getProperty("kg.image.tag"));
        assertThat(KgImage.AGENT.reference()).isEqualTo(System.getProperty("kg.image.agent") + ":"
                + System.getProperty("kg.image.tag"));
        assertThat(KgImage.GRAPH_BUILDER.reference()).isEqualTo("kg-graph-builder:" + KgImage.tag());
        assertThat(KgImage.AGENT.repository()).isEqualTo("kg-agent");
    }
}
