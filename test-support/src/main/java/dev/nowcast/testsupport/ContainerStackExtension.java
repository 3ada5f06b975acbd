package dev.nowcast.testsupport;

import java.time.Duration;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The Docker variant of {@link LocalStackExtension}: Apache Kafka's own image and Confluent's schema registry
 * image, shared by the test run. Test classes using it are annotated
 * {@code @Testcontainers(disabledWithoutDocker = true)}, so they skip cleanly on machines without Docker.
 */
public final class ContainerStackExtension implements ParameterResolver {

    public static final String KAFKA_IMAGE = "apache/kafka:4.1.2";
    public static final String SCHEMA_REGISTRY_IMAGE = "confluentinc/cp-schema-registry:7.9.1";

    private static final ExtensionContext.Namespace SHARED = ExtensionContext.Namespace.create(ContainerStackExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == TestKafka.class || type == TestRegistry.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Containers containers = context.getRoot().getStore(SHARED)
                .getOrComputeIfAbsent(Containers.class, k -> Containers.start(), Containers.class);
        Class<?> type = parameter.getParameter().getType();
        if (type == TestKafka.class) {
            return context.getStore(SHARED).getOrComputeIfAbsent(TestKafka.class,
                    k -> new TestKafka(containers.kafka.getBootstrapServers(), context.getDisplayName()), TestKafka.class);
        }
        if (type == TestRegistry.class) {
            return new TestRegistry("http://" + containers.registry.getHost() + ":" + containers.registry.getMappedPort(8081),
                    TestRegistry.CONFLUENT);
        }
        throw new ParameterResolutionException("Unsupported parameter " + parameter.getParameter());
    }

    /** Kafka and the registry on one Docker network; the registry reaches Kafka by its network alias. */
    static final class Containers implements AutoCloseable {
        private final Network network;
        private final KafkaContainer kafka;
        private final GenericContainer<?> registry;

        private Containers(Network network, KafkaContainer kafka, GenericContainer<?> registry) {
            this.network = network;
            this.kafka = kafka;
            this.registry = registry;
        }

        @SuppressWarnings("resource") // closed by close()
        static Containers start() {
            Network network = Network.newNetwork();
            KafkaContainer kafka = new KafkaContainer(DockerImageName.parse(KAFKA_IMAGE))
                    .withNetwork(network)
                    .withNetworkAliases("kafka")
                    .withListener("kafka:19092");
            kafka.start();
            GenericContainer<?> registry = new GenericContainer<>(DockerImageName.parse(SCHEMA_REGISTRY_IMAGE))
                    .withNetwork(network)
                    .withExposedPorts(8081)
                    .withEnv("SCHEMA_REGISTRY_HOST_NAME", "schema-registry")
                    .withEnv("SCHEMA_REGISTRY_LISTENERS", "http://0.0.0.0:8081")
                    .withEnv("SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS", "PLAINTEXT://kafka:19092")
                    .withEnv("SCHEMA_REGISTRY_SCHEMA_COMPATIBILITY_LEVEL", "BACKWARD")
                    .waitingFor(Wait.forHttp("/subjects").forStatusCode(200).withStartupTimeout(Duration.ofMinutes(2)));
            registry.start();
            return new Containers(network, kafka, registry);
        }

        @Override
        public void close() {
            registry.stop();
            kafka.stop();
            network.close();
        }
    }
}
