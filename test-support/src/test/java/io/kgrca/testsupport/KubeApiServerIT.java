package io.kgrca.testsupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The real etcd + kube-apiserver of {@link KubeApiServerExtension}: version, validation, RBAC, compaction. */
@ExtendWith(KubeApiServerExtension.class)
class KubeApiServerIT {

    private static final Pattern RESOURCE_VERSION = Pattern.compile("\"resourceVersion\":\"(\\d+)\"");

    @Test
    void servesKubernetes1202WithRbacAndAnswersGoneAfterCompaction(KubeApiServer server) {
        assertThat(server.get("/version").body()).contains("\"gitVersion\": \"v1.20.2\"");
        assertThat(server.get("/apis/rbac.authorization.k8s.io/v1/clusterroles/view").statusCode()).isEqualTo(200);
        assertThat(server.get("/apis/batch/v1/cronjobs").statusCode()).as("v1.20 has no batch/v1 CronJob").isEqualTo(404);

        String ns = "ts-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(server.post("/api/v1/namespaces", "{\"metadata\":{\"name\":\"" + ns + "\"}}").statusCode()).isEqualTo(201);
        HttpResponse<String> first = server.post("/api/v1/namespaces/" + ns + "/configmaps",
                "{\"metadata\":{\"name\":\"a\"},\"data\":{\"k\":\"1\"}}");
        assertThat(first.statusCode()).isEqualTo(201);
        long before = resourceVersion(first.body());
        HttpResponse<String> second = server.post("/api/v1/namespaces/" + ns + "/configmaps",
                "{\"metadata\":{\"name\":\"b\"},\"data\":{\"k\":\"2\"}}");
        long after = resourceVersion(second.body());
        assertThat(server.post("/api/v1/namespaces/" + ns + "/configmaps", "{\"metadata\":{\"name\":\"Bad_Name\"}}")
                .statusCode()).as("the server validates").isEqualTo(422);

        String exact = "/api/v1/namespaces/" + ns + "/configmaps?resourceVersionMatch=Exact&resourceVersion=";
        assertThat(server.get(exact + before).statusCode()).isEqualTo(200);
        server.compact(after);
        assertThat(server.get(exact + before).statusCode()).as("a list at a compacted resourceVersion").isEqualTo(410);
        assertThat(server.get(exact + after).statusCode()).isEqualTo(200);
    }

    private static long resourceVersion(String json) {
        Matcher m = RESOURCE_VERSION.matcher(json);
        assertThat(m.find()).as(json).isTrue();
        return Long.parseLong(m.group(1));
    }
}
