package dev.nowcast.config;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Which {@code kafka.*} settings a command accepts: known Kafka setting names, optionally behind prefixes (Kafka
 * Streams' {@code consumer.}, {@code producer.}, ...), minus the settings Nowcast sets itself.
 *
 * @param names    accepted setting names
 * @param prefixes prefixes under which {@code prefixedNames} are accepted, mapped to the names valid there
 * @param owned    Kafka settings that have a {@code nowcast.*} equivalent, which must be used instead
 */
public record KafkaPassthrough(Set<String> names, Map<String, Set<String>> prefixes, Map<String, Setting<?>> owned) {

    public KafkaPassthrough {
        names = Set.copyOf(names);
        prefixes = Map.copyOf(prefixes);
        owned = Map.copyOf(owned);
    }

    /** Any consumer, producer or admin client setting; {@code bootstrap.servers} is Nowcast's. */
    public static KafkaPassthrough clients() {
        Set<String> names = new HashSet<>(ConsumerConfig.configNames());
        names.addAll(ProducerConfig.configNames());
        names.addAll(AdminClientConfig.configNames());
        return new KafkaPassthrough(names, Map.of(),
                Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS, CommonSettings.BOOTSTRAP_SERVERS));
    }

    /** This pass-through plus {@code extraNames}, {@code extraPrefixes} and {@code extraOwned}. */
    public KafkaPassthrough with(Set<String> extraNames, Map<String, Set<String>> extraPrefixes,
                                 Map<String, Setting<?>> extraOwned) {
        Set<String> n = new HashSet<>(names);
        n.addAll(extraNames);
        Map<String, Set<String>> p = new HashMap<>(prefixes);
        p.putAll(extraPrefixes);
        Map<String, Setting<?>> o = new HashMap<>(owned);
        o.putAll(extraOwned);
        return new KafkaPassthrough(n, p, o);
    }

    /** Throws a {@link ConfigException} naming {@code kafka.<name>} if {@code name} is not accepted. */
    void check(String name) {
        String fullKey = NowcastConfig.KAFKA_PREFIX + name;
        Setting<?> owner = owned.get(name);
        if (owner != null) {
            throw new ConfigException(fullKey, "is set by Nowcast; use " + owner.key() + " (" + owner.envVar() + ") instead");
        }
        if (names.contains(name)) {
            return;
        }
        for (Map.Entry<String, Set<String>> prefix : prefixes.entrySet()) {
            if (name.startsWith(prefix.getKey()) && prefix.getValue().contains(name.substring(prefix.getKey().length()))) {
                return;
            }
        }
        throw new ConfigException(fullKey, "'" + name + "' is not a Kafka setting this command accepts"
                + Suggestions.didYouMean(name, acceptedNames()));
    }

    /** Every name {@link #check} accepts, prefixed forms included. */
    private Set<String> acceptedNames() {
        Set<String> all = new HashSet<>(names);
        prefixes.forEach((prefix, valid) -> valid.forEach(n -> all.add(prefix + n)));
        all.removeAll(owned.keySet());
        return all;
    }

    /** Names of the common client settings, without depending on a client's config class. */
    private static final class CommonClientConfigs {
        static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    }
}
