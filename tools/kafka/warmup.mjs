// Warms the test broker up once after it starts (scripts/services.sh): the first consumer group
// and the first idempotent producer make Kafka create __consumer_offsets and allocate producer
// ids, and until that is done clients get "The coordinator is loading" and crash-restart. Doing
// it here keeps every test's first use of Kafka as quick and quiet as the next.
// Usage: node tools/kafka/warmup.mjs 127.0.0.1:29092   (kafkajs from the repository's node_modules)
import kafkajs from 'kafkajs';

const { Kafka, logLevel } = kafkajs;

async function main() {
  const kafka = new Kafka({
    clientId: 'pointer-services-warmup',
    brokers: [process.argv[2]],
    logLevel: logLevel.NOTHING,
    retry: { retries: 20, initialRetryTime: 200, maxRetryTime: 2000 },
  });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: 'pointer-services-warmup', numPartitions: 1 }], waitForLeaders: true });
  await admin.disconnect();
  const producer = kafka.producer({ idempotent: true });
  await producer.connect();
  await producer.send({ topic: 'pointer-services-warmup', acks: -1, messages: [{ value: 'warmup' }] });
  await producer.disconnect();
  // A new group each time: an old one's committed offset would be past every message.
  const consumer = kafka.consumer({ groupId: `pointer-services-warmup-${Date.now()}`, retry: { retries: 20 } });
  await consumer.connect();
  await consumer.subscribe({ topic: 'pointer-services-warmup', fromBeginning: true });
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no message consumed within 60 s')), 60_000);
    consumer
      .run({
        eachMessage: async () => {
          clearTimeout(timer);
          resolve();
        },
      })
      .catch(reject);
  });
  await consumer.disconnect();
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`kafka warm-up failed: ${error && error.stack ? error.stack : error}\n`);
    process.exit(1);
  },
);
