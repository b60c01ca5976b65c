// Child process for the multi-process test: opens the same database file as the parent, waits
// for "go" on stdin, then records and reserves concurrently with the parent.
import { once } from 'node:events';
import { openMeter } from '../src/open-meter';
import { sampleRecord } from './temp-database';

const [url, prefix, recordCount, userId, reservations] = process.argv.slice(2);
if (!url || !prefix || !recordCount || !userId || !reservations) {
  throw new Error('usage: shared-file-writer <url> <prefix> <records> <userId> <reservations>');
}
const meter = await openMeter({ url, batchSize: 50, flushIntervalMs: 5 });
process.stdout.write('ready\n');
process.stdin.setEncoding('utf8');
await once(process.stdin, 'data');

const decisions = Promise.all(Array.from({ length: Number(reservations) }, () => meter.reserveQuota(userId)));
for (let index = 0; index < Number(recordCount); index += 1) {
  meter.record(sampleRecord({ id: `${prefix}-${index}` }));
  if (index % 100 === 0) await new Promise((resolve) => setImmediate(resolve));
}
const admitted = (await decisions).filter((decision) => decision.ok).length;
await meter.close();
process.stdout.write(`${JSON.stringify({ admitted, stats: meter.stats() })}\n`);
process.stdin.destroy();
