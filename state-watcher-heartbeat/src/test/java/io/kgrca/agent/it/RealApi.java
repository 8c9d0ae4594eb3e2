package io.kgrca.agent.it;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kgrca.testsupport.KubeApiServer;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.UUID;

/** Helpers of the agent's ITs on a real API server: clients, namespaces, ServiceAccount tokens, captured logs. */
final class RealApi {

    private RealApi() {
    }

    /** A client of {@code server} as the administrator. */
    static KubernetesClient admin(KubeApiServer server) {
        return client(server, server.url(), server.adminToken());
    }

    /** A client that reaches the server at {@code url} (the server itself, or a proxy in front of it) with {@code token}. */
    static KubernetesClient client(KubeApiServer server, String url, String token) {
        Config config = Config.fromKubeconfig(server.kubeconfig(url, token));
        // Fail fast on a cut connection rather than retrying each request for long.
        config.setRequestRetryBackoffLimit(1);
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    /** Creates a namespace named {@code prefix-<random>} and returns its name. */
    static String namespace(KubernetesClient admin, String prefix) {
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
        return name;
    }

    /** A token of ServiceAccount {@code ns/name} from the TokenRequest API (valid for an hour). */
    static String serviceAccountToken(KubernetesClient admin, String ns, String name) {
        TokenRequest request = new TokenRequestBuilder().withNewSpec().withExpirationSeconds(3600L).endSpec().build();
        return admin.serviceAccounts().inNamespace(ns).withName(name).tokenRequest(request).getStatus().getToken();
    }

    /** Captures what {@code type}'s logger logs from now on (detach with {@link Captured#close()}). */
    static Captured capture(Class<?> type) {
        Logger logger = (Logger) LoggerFactory.getLogger(type);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        return new Captured(logger, appender);
    }

    /** Log lines captured from one logger. */
    record Captured(Logger logger, ListAppender<ILoggingEvent> appender) implements AutoCloseable {
        /** The formatted lines that contain every one of {@code parts}. */
        List<String> lines(String... parts) {
            return appender.list.stream().map(ILoggingEvent::getFormattedMessage)
                    .filter(m -> List.of(parts).stream().allMatch(m::contains)).toList();
        }

        @Override
        public void close() {
            logger.detachAppender(appender);
        }
    }
}
