import { describe, expect, it } from 'vitest';
import { layerEnvironment, settingOrigin } from './layer-environment';

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

describe('settingOrigin', () => {
  const layers = {
    dotenv: { A: 'dotenv', B: 'dotenv', C: 'dotenv', D: 'dotenv', E: 'dotenv' },
    environment: { B: 'environment', C: 'environment', D: 'environment', E: '  ' },
    mode: { C: 'mode', D: 'mode' },
    flags: { D: 'flag' },
  };

  it('names the layer whose value layerEnvironment keeps', () => {
    const merged = layerEnvironment(layers);
    expect(['A', 'B', 'C', 'D'].map((name) => [merged[name], settingOrigin(layers, name)])).toEqual([
      ['dotenv', '.env'],
      ['environment', 'environment'],
      ['mode', 'mode'],
      ['flag', 'flag'],
    ]);
  });

  it('says default when no layer sets it, or the winning layer sets it blank', () => {
    expect(settingOrigin(layers, 'UNSET')).toBe('default');
    expect(settingOrigin(layers, 'E')).toBe('default');
    expect(settingOrigin({}, 'A')).toBe('default');
  });
});
