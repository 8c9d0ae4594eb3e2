package io.kgrca.testsupport;

import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Resolves a {@link KubeApiServer} parameter with one real etcd + kube-apiserver shared by every test of the JVM
 * (started on first use, stopped when the JUnit run ends). Without the binaries (see {@link KubeBinaries}) the
 * test is skipped with a message, or fails when {@code KG_REQUIRE_KUBE=true}. Tests share the server's objects:
 * use a namespace (and cluster-scoped names) unique to the test.
 */
public final class KubeApiServerExtension implements BeforeEachCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KubeApiServerExtension.class);

    /**
     * Skips (or fails) each test when the binaries are absent, before its parameters are resolved: an assumption
     * that fails while a parameter is resolved would be reported as an error, not as a skip.
     */
    @Override
    public void beforeEach(ExtensionContext context) {
        KubeBinaries.fromEnvironment().assumePresent();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == KubeApiServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        KubeBinaries binaries = KubeBinaries.fromEnvironment().assumePresent();
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent("server", k -> new Holder(KubeApiServer.start(binaries)), Holder.class).server;
    }

    /** Closes the server when the root store closes (see {@code KafkaBrokerExtension.Holder}). */
    @SuppressWarnings("deprecation")
    private record Holder(KubeApiServer server) implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        @Override
        public void close() {
            server.close();
        }
    }
}
