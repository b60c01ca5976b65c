import { describe, expect, it } from 'vitest';
import { layerEnvironment } from './layer-environment';

describe('layerEnvironment', () => {
  it('lets flags beat a mode, a mode beat the environment, and the environment beat .env', () => {
    const merged = layerEnvironment({
      dotenv: { A: 'dotenv', B: 'dotenv', C: 'dotenv', D: 'dotenv' },
      environment: { B: 'environment', C: 'environment', D: 'environment' },
      mode: { C: 'mode', D: 'mode' },
      flags: { D: 'flag' },
    });
    expect(merged).toEqual({ A: 'dotenv', B: 'environment', C: 'mode', D: 'flag' });
  });

  it('keeps the weaker value where a layer has undefined, and takes an empty string as set', () => {
    expect(
      layerEnvironment({
        dotenv: { PORT: '9000', HOST: '0.0.0.0' },
        environment: { PORT: undefined, HOST: '' },
      }),
    ).toEqual({ PORT: '9000', HOST: '' });
  });

  it('works with any layer missing', () => {
    expect(layerEnvironment({})).toEqual({});
    expect(layerEnvironment({ flags: { PORT: '1' } })).toEqual({ PORT: '1' });
  });
});
