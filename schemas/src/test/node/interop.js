'use strict';
// Confluent's official JavaScript serdes (@confluentinc/schemaregistry) on bytes produced or consumed by the
// Java side of ConfluentInteropSuite. One process runs a batch of jobs (loading the package takes seconds):
//
//   node interop.js <registryUrl> <jobs.json>
//
// where jobs.json is an array of
//   {"command": "deserialize", "topic": T, "input": "value.bin"}
//       deserializes one Kafka record value with Confluent's AvroDeserializer
//   {"command": "serialize", "topic": T, "input": "value.json", "output": "value.bin"}
//       serializes the JSON value with Confluent's AvroSerializer, using the latest version registered under
//       T-value (auto-registration off), and writes the Kafka record value bytes
// and stdout gets a JSON array with, per job, the deserialized value (bytes as base64, longs as numbers) or null.
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

// Base64 strings standing for Avro bytes are marked {"$bytes": "..."} in the serializer's input.
function fromJson(text) {
  return JSON.parse(text, (key, v) => (v && typeof v === 'object' && typeof v.$bytes === 'string')
    ? Buffer.from(v.$bytes, 'base64') : v);
}

async function main([registryUrl, jobsFile]) {
  const client = new SchemaRegistryClient({ baseURLs: [registryUrl], maxRetries: 2 });
  const deserializer = new AvroDeserializer(client, SerdeType.VALUE, {});
  const serializer = new AvroSerializer(client, SerdeType.VALUE, { autoRegisterSchemas: false, useLatestVersion: true });
  const results = [];
  for (const job of JSON.parse(fs.readFileSync(jobsFile, 'utf8'))) {
    if (job.command === 'deserialize') {
      results.push(await deserializer.deserialize(job.topic, fs.readFileSync(job.input)));
    } else if (job.command === 'serialize') {
      fs.writeFileSync(job.output, await serializer.serialize(job.topic, fromJson(fs.readFileSync(job.input, 'utf8'))));
      results.push(null);
    } else {
      throw new Error(`unknown command '${job.command}': expected deserialize or serialize`);
    }
  }
  process.stdout.write(toJson(results) + '\n');
}

main(process.argv.slice(2)).catch((error) => {
  process.stderr.write(`${error.stack || error}\n`);
  process.exit(1);
});
