'use strict';
// Confluent's official JavaScript serdes (@confluentinc/schemaregistry) on bytes produced or consumed by the
// Java side of ConfluentInteropIT:
//
//   node interop.js deserialize <registryUrl> <topic> <in.bin>
//       deserializes one Kafka record value with Confluent's AvroDeserializer and prints it as JSON
//       (bytes as base64 strings, longs as numbers)
//   node interop.js serialize <registryUrl> <topic> <in.json> <out.bin>
//       serializes the JSON value with Confluent's AvroSerializer using the latest version registered under
//       <topic>-value (auto-registration off), and writes the Kafka record value bytes
const fs = require('fs');
const { SchemaRegistryClient, AvroSerializer, AvroDeserializer, SerdeType } = require('@confluentinc/schemaregistry');

function toJson(value) {
  return JSON.stringify(value, (key, v) => {
    if (v && v.type === 'Buffer' && Array.isArray(v.data)) {
      return Buffer.from(v.data).toString('base64');
    }
    return typeof v === 'bigint' ? Number(v) : v;
  });
}

// Base64 strings standing for Avro bytes are marked {"$bytes": "..."} in the input.
function fromJson(text) {
  return JSON.parse(text, (key, v) => (v && typeof v === 'object' && typeof v.$bytes === 'string')
    ? Buffer.from(v.$bytes, 'base64') : v);
}

async function main([command, registryUrl, topic, input, output]) {
  const client = new SchemaRegistryClient({ baseURLs: [registryUrl], maxRetries: 2 });
  if (command === 'deserialize') {
    const deserializer = new AvroDeserializer(client, SerdeType.VALUE, {});
    const value = await deserializer.deserialize(topic, fs.readFileSync(input));
    process.stdout.write(toJson(value) + '\n');
  } else if (command === 'serialize') {
    const serializer = new AvroSerializer(client, SerdeType.VALUE, { autoRegisterSchemas: false, useLatestVersion: true });
    const bytes = await serializer.serialize(topic, fromJson(fs.readFileSync(input, 'utf8')));
    fs.writeFileSync(output, bytes);
  } else {
    throw new Error(`unknown command '${command}': expected deserialize or serialize`);
  }
}

main(process.argv.slice(2)).catch((error) => {
  process.stderr.write(`${error.stack || error}\n`);
  process.exit(1);
});
