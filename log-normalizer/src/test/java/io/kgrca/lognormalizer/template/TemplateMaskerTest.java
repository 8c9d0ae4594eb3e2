package io.kgrca.lognormalizer.template;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TemplateMaskerTest {

    @Test
    void whatVariesBetweenOccurrencesIsMasked() {
        assertThat(TemplateMasker.template("2026-11-25T10:00:00.123Z request 7f3a2b1c-1d2e-4f5a-8b9c-0d1e2f3a4b5c "
                + "from 10.244.1.17:51234 took 12.5ms, retry 3 of pod web-5d78c9869d-x7kqp ptr 0xc000123abc "
                + "trace deadbeef12345678 user \"alice\" file 'a.txt'"))
                .isEqualTo("<TS> request <UUID> from <IP> took <DUR>, retry <NUM> of pod web-<POD> ptr <HEX> "
                        + "trace <HEX> user \"<STR>\" file '<STR>'");
    }

    @Test
    void twoOccurrencesOfOneErrorShareATemplateAndItsId() {
        String a = TemplateMasker.template("E1125 10:00:00.123456   1 reflector.go:138] failed to list *v1.Pod: "
                + "Get \"https://10.96.0.1:443/api/v1/pods?limit=500\": dial tcp 10.96.0.1:443: i/o timeout");
        String b = TemplateMasker.template("E1125 11:12:13.654321   1 reflector.go:138] failed to list *v1.Pod: "
                + "Get \"https://10.96.0.1:443/api/v1/pods?limit=500\": dial tcp 10.96.0.1:443: i/o timeout");

        assertThat(a).isEqualTo(b);
        assertThat(TemplateMasker.templateId(a)).isEqualTo(TemplateMasker.templateId(b)).hasSize(16);
        assertThat(TemplateMasker.templateId(a)).isNotEqualTo(TemplateMasker.templateId(a + "x"));
    }

    @Test
    void aKlogStructuredMessageKeepsItsQuotedTextButMasksQuotedValues() {
        assertThat(TemplateMasker.template("I1125 10:00:00.000001       1 controller.go:220] \"Starting workers\" "
                + "controller=\"deployment\" count=5"))
                .isEqualTo("<TS> <NUM> controller.go:<NUM>] \"Starting workers\" controller=\"<STR>\" count=<NUM>");
    }

    @Test
    void durationsGoAndWordsWithDigitsStay() {
        assertThat(TemplateMasker.template("backoff 1m30s for v1beta1 after 250ms and 3 attempts"))
                .isEqualTo("backoff <DUR> for v1beta1 after <DUR> and <NUM> attempts");
    }
}
