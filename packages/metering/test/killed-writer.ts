// Child process for the crash tests: opens the database with a journal, reserves quota for and
// records `count` requests of one user, says "recorded", then waits to be killed before its
// queue is written (the flush interval is a minute).
import { openMeter } from '../src/open-meter';
import { sampleRecord } from './temp-database';

const [url, journalDirectory, userId, count] = process.argv.slice(2);
if (!url || !journalDirectory || !userId || !count) {
  throw new Error('usage: killed-writer <url> <journal directory> <userId> <count>');
}
const meter = await openMeter({ url, journalDirectory, flushIntervalMs: 60_000, batchSize: 100_000 });
for (let index = 0; index < Number(count); index += 1) {
  const requestId = `killed-${index}`;
  const decision = await meter.reserveQuota(userId, { requestId });
  if (!decision.ok) throw new Error(`reservation ${index} refused: ${decision.message}`);
  meter.record(
    sampleRecord({
      id: requestId,
      userId,
      inputTokens: 10,
      outputTokens: 5,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      costUsd: 0.01,
    }),
  );
}
process.stdout.write(`recorded ${JSON.stringify(meter.stats())}\n`);
setInterval(() => {}, 1000);
