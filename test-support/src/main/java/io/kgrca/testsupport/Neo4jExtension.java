package io.kgrca.testsupport;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Resolves a {@link Neo4jServer} parameter with one server shared by every test of the JVM. Tests that stop the
 * server should start a private one with {@link Neo4jServer#startStandalone()} instead.
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

    /** Closes the server when the root store closes. */
    private record Holder(Neo4jServer server) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            server.close();
        }
    }
}
