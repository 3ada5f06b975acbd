package dev.nowcast.testsupport;

/**
 * A real schema registry speaking Confluent's REST API: Apicurio's ccompat API here, Confluent's own server in
 * the container variant. {@link #url()} is what a client puts in {@code schema.registry.url}.
 */
public record TestRegistry(String url, String flavour) {

    public static final String APICURIO = "apicurio";
    public static final String CONFLUENT = "confluent";

    public boolean isApicurio() {
        return APICURIO.equals(flavour);
    }
}
