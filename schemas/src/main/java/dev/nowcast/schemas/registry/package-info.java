/**
 * A schema registry client speaking Confluent's REST API, against Confluent's server or Apicurio's
 * {@code /apis/ccompat/v7} API: the {@link dev.nowcast.schemas.registry.SchemaRegistryClient} interface, its HTTP
 * implementation {@link dev.nowcast.schemas.registry.HttpSchemaRegistryClient} and the in-memory
 * {@link dev.nowcast.schemas.registry.InMemorySchemaRegistry} for tests ({@code schema.registry.url=mock://scope}).
 *
 * <p>Errors are split by what the caller should do: {@link dev.nowcast.schemas.registry.SchemaRegistryException}
 * is the registry's definite answer (retrying will not change it), {@link
 * dev.nowcast.schemas.registry.RegistryUnavailableException} means the registry could not be reached or kept
 * failing after the configured retries (retrying later may succeed).
 */
package dev.nowcast.schemas.registry;
