package dev.nowcast.schemas.serde;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import dev.nowcast.schemas.registry.InMemorySchemaRegistry;

/**
 * A fresh {@code mock://} scope per test, dropped afterwards. Register with {@code @RegisterExtension}.
 */
final class MockRegistry implements BeforeEachCallback, AfterEachCallback {

    private String scope;

    @Override
    public void beforeEach(ExtensionContext context) {
        scope = "test-" + UUID.randomUUID();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        InMemorySchemaRegistry.dropScope(scope);
    }

    /** The registry behind {@link #url()}. */
    InMemorySchemaRegistry registry() {
        return InMemorySchemaRegistry.forScope(scope);
    }

    String url() {
        return "mock://" + scope;
    }

    /** {@code schema.registry.url} plus {@code more} as key/value pairs. */
    Map<String, Object> config(Object... more) {
        Map<String, Object> config = new HashMap<>();
        config.put("schema.registry.url", url());
        for (int i = 0; i < more.length; i += 2) {
            config.put((String) more[i], more[i + 1]);
        }
        return config;
    }
}
