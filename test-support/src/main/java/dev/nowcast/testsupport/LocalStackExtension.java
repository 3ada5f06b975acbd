package dev.nowcast.testsupport;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

import dev.nowcast.local.ApicurioRegistry;
import dev.nowcast.local.LocalKafkaBroker;

/**
 * Gives tests a real Kafka broker (in-JVM, KRaft, 127.0.0.1) and, when asked, a real Apicurio registry. One
 * broker and one registry serve every test class of the JVM; each starts on first use and stops when the test
 * run ends, passed or failed. Parameters of type {@link TestKafka} and {@link TestRegistry} are resolved for
 * test methods, constructors and lifecycle methods.
 */
public final class LocalStackExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace SHARED = ExtensionContext.Namespace.create(LocalStackExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == TestKafka.class || type == TestRegistry.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        if (type == TestKafka.class) {
            LocalKafkaBroker broker = sharedBroker(context);
            // Stored in the test's own store, so JUnit closes it after the test (or class) that asked for it.
            return context.getStore(SHARED).getOrComputeIfAbsent(TestKafka.class,
                    k -> new TestKafka(broker.bootstrapServers(), context.getDisplayName()), TestKafka.class);
        }
        if (type == TestRegistry.class) {
            return new TestRegistry(sharedRegistry(context).confluentApiUrl(), TestRegistry.APICURIO);
        }
        throw new ParameterResolutionException("Unsupported parameter " + parameter.getParameter());
    }

    /** The broker shared by the whole test run; also for tests that need it outside a parameter. */
    public static LocalKafkaBroker sharedBroker(ExtensionContext context) {
        return context.getRoot().getStore(SHARED)
                .getOrComputeIfAbsent(LocalKafkaBroker.class, k -> LocalKafkaBroker.startDefault(), LocalKafkaBroker.class);
    }

    private static ApicurioRegistry sharedRegistry(ExtensionContext context) {
        return context.getRoot().getStore(SHARED)
                .getOrComputeIfAbsent(ApicurioRegistry.class, k -> ApicurioRegistry.startDefault(), ApicurioRegistry.class);
    }
}
