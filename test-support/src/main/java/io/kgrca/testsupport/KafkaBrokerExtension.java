package io.kgrca.testsupport;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Resolves a {@link KafkaBroker} parameter with one broker shared by every test of the JVM (started on first use,
 * stopped when the JUnit run ends), so a suite pays the start-up once. Tests share its topics and groups: use
 * names unique to the test.
 *
 * <p>A {@link SecuredKafkaBroker} parameter gets a second, secured broker (SASL_SSL + SCRAM for clients,
 * StandardAuthorizer), also one per JVM and only started when a test asks for it.
 */
public final class KafkaBrokerExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KafkaBrokerExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == KafkaBroker.class || type == SecuredKafkaBroker.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        if (parameter.getParameter().getType() == SecuredKafkaBroker.class) {
            return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent("secured",
                    k -> new SecuredHolder(SecuredKafkaBroker.startStandalone()), SecuredHolder.class).broker;
        }
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent("broker", k -> new Holder(KafkaBroker.startStandalone()), Holder.class).broker;
    }

    /** Closes the secured broker when the root store closes (see {@link Holder}). */
    @SuppressWarnings("deprecation")
    private record SecuredHolder(SecuredKafkaBroker broker) implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        @Override
        public void close() {
            broker.close();
        }
    }

    /**
     * Closes the broker when the root store closes. JUnit 5.13 closes it as an {@code AutoCloseable};
     * {@code CloseableResource} (deprecated there) keeps it closed with
     * {@code junit.jupiter.extensions.store.close.autocloseable.enabled=false}. JUnit calls only one of them.
     */
    @SuppressWarnings("deprecation")
    private record Holder(KafkaBroker broker) implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        @Override
        public void close() {
            broker.close();
        }
    }
}
