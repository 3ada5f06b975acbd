package dev.nowcast.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

class ApicurioRegistryTest {

    private static final String AVRO_RECORD_V1 =
            "{\"schema\":\"{\\\"type\\\":\\\"record\\\",\\\"name\\\":\\\"R\\\",\\\"fields\\\":[{\\\"name\\\":\\\"a\\\",\\\"type\\\":\\\"int\\\"}]}\"}";
    private static final String AVRO_RECORD_NEW_REQUIRED_FIELD =
            "{\"schema\":\"{\\\"type\\\":\\\"record\\\",\\\"name\\\":\\\"R\\\",\\\"fields\\\":[{\\\"name\\\":\\\"a\\\",\\\"type\\\":\\\"int\\\"},"
                    + "{\\\"name\\\":\\\"b\\\",\\\"type\\\":\\\"int\\\"}]}\"}";

    @Test
    void servesConfluentApiOnLoopbackWithBackwardCompatibilityAndStopsCleanly() throws Exception {
        ApicurioRegistry registry = ApicurioRegistry.startDefault();
        try {
            assertThat(registry.confluentApiUrl()).startsWith("http://127.0.0.1:").endsWith("/apis/ccompat/v7");
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> first = post(http, registry.confluentApiUrl() + "/subjects/r-value/versions", AVRO_RECORD_V1);
            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(first.body()).contains("\"id\"");
            HttpResponse<String> incompatible =
                    post(http, registry.confluentApiUrl() + "/subjects/r-value/versions", AVRO_RECORD_NEW_REQUIRED_FIELD);
            assertThat(incompatible.statusCode()).isEqualTo(409);
        } finally {
            registry.close();
        }
        assertThat(FreePorts.isBusy(registry.port())).isFalse();
    }

    private static HttpResponse<String> post(HttpClient http, String url, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
