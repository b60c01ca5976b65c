export { apiKeyPrefix, generateApiKey, hashApiKey, secretsEqual } from './api-keys';
export { csvField, csvLine } from './csv';
export { MeteringInputError } from './metering-input-error';
export { createNullMeter } from './null-meter';
export { defaultJournalDirectory, localDatabasePath, type OpenMeterOptions, openMeter } from './open-meter';
export { requestRowFields } from './request-rows';
export * as meteringSchema from './schema';
export type * from './types';
