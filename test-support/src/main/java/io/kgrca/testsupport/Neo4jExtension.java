package io.kgrca.testsupport;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Resolves a {@link Neo4jServer} parameter with one server shared by every test of the JVM (started on first use,
 * stopped when the JUnit run ends). Tests share its data: call {@link Neo4jServer#clear()} first, or use distinct
 * labels or properties. Tests that stop the server start a private one with
 * {@link Neo4jServer#startStandalone(java.nio.file.Path)} instead.
 *
 * <p>The module using it declares {@code org.neo4j:neo4j} and {@code org.neo4j.driver:neo4j-java-driver} at test
 * scope (test-support declares them optional).
 */
public final class Neo4jExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(Neo4jExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Neo4jServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent("neo4j", k -> new Holder(Neo4jServer.startStandalone()), Holder.class).server;
    }

    /**
     * Closes the server when the root store closes. JUnit 5.13 closes it as an {@code AutoCloseable};
     * {@code CloseableResource} (deprecated there) keeps it closed with
     * {@code junit.jupiter.extensions.store.close.autocloseable.enabled=false}. JUnit calls only one of them.
     */
    @SuppressWarnings("deprecation")
    private record Holder(Neo4jServer server) implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        @Override
        public void close() {
            server.close();
        }
    }
}
