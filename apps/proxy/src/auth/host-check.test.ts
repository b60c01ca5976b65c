import { describe, expect, it } from 'vitest';
import { createHostCheck } from './host-check';

const refused = (check: ReturnType<typeof createHostCheck>, host: string | undefined) => check(host) !== null;

describe('createHostCheck', () => {
  it('on loopback answers loopback names and the bind address on any port, nothing else', () => {
    const check = createHostCheck({ bindHost: '127.0.0.1', allowedHosts: [] });
    for (const host of [
      '127.0.0.1:8082',
      'localhost',
      'LOCALHOST:1',
      'localhost.:8082',
      '[::1]:8082',
      '127.3.2.1',
      '[::ffff:127.0.0.1]:8082',
    ])
      expect(refused(check, host), host).toBe(false);
    for (const host of [
      'evil.example',
      'evil.example:8082',
      '127.0.0.1.evil.example',
      'localhost.evil.example:8082',
      '127.0.0.1@evil.example',
      'evil.example:8082/x',
      '[::2]:8082',
      '0.0.0.0:8082',
      ':::',
    ])
      expect(refused(check, host), host).toBe(true);
  });

  it('gives the same verdicts the second time, when allowed names are remembered', () => {
    const check = createHostCheck({ bindHost: '127.0.0.1', allowedHosts: ['box.lan:9999'] });
    const hosts = ['127.0.0.1:8082', 'evil.example', 'box.lan:9999', 'box.lan:8082', 'localhost', 'evil.example'];
    const first = hosts.map((host) => refused(check, host));
    expect(first).toEqual([false, true, false, true, false, true]);
    expect(hosts.map((host) => refused(check, host))).toEqual(first);
    // Many foreign names stay refused and do not push out the allowed ones.
    for (let index = 0; index < 200; index++) expect(refused(check, `n${index}.evil.example`)).toBe(true);
    expect(refused(check, '127.0.0.1:8082')).toBe(false);
  });

  it('lets a request without a Host header through (browsers always send one)', () => {
    expect(createHostCheck({ bindHost: '127.0.0.1', allowedHosts: [] })(undefined)).toBeNull();
  });

  it('says what to set, as a 403 permission_error', () => {
    const refusal = createHostCheck({ bindHost: 'localhost', allowedHosts: [] })('evil.example:8082');
    expect(refusal?.status).toBe(403);
    expect(refusal?.toBody().error.type).toBe('permission_error');
    expect(refusal?.message).toContain('evil.example:8082');
    expect(refusal?.message).toContain('ALLOWED_HOSTS');
  });

  it('adds ALLOWED_HOSTS names: alone for any port, with a port for that port only', () => {
    const check = createHostCheck({
      bindHost: '::1',
      allowedHosts: ['ccp.example.test', 'box.lan:9999', '[FD00::1]'],
    });
    for (const host of [
      'ccp.example.test',
      'ccp.example.test:443',
      'box.lan:9999',
      '[fd00::1]:8082',
      '[::1]:8082',
    ])
      expect(refused(check, host), host).toBe(false);
    for (const host of ['box.lan', 'box.lan:8082', 'sub.ccp.example.test', 'example.test'])
      expect(refused(check, host), host).toBe(true);
  });

  it('checks nothing on another bind without ALLOWED_HOSTS; with it, the bind address also counts', () => {
    expect(refused(createHostCheck({ bindHost: '0.0.0.0', allowedHosts: [] }), 'anything.example')).toBe(
      false,
    );
    expect(refused(createHostCheck({ bindHost: '10.0.0.5', allowedHosts: [] }), 'anything.example')).toBe(
      false,
    );
    const named = createHostCheck({ bindHost: '10.0.0.5', allowedHosts: ['ccp.lan'] });
    expect(refused(named, '10.0.0.5:8082')).toBe(false);
    expect(refused(named, 'ccp.lan:8082')).toBe(false);
    expect(refused(named, 'other.lan:8082')).toBe(true);
    const anyAddress = createHostCheck({ bindHost: '0.0.0.0', allowedHosts: ['ccp.lan'] });
    expect(refused(anyAddress, '0.0.0.0:8082')).toBe(true);
    expect(refused(anyAddress, 'localhost:8082')).toBe(false);
  });

  it('turns off with ALLOWED_HOSTS=*', () => {
    expect(refused(createHostCheck({ bindHost: '127.0.0.1', allowedHosts: ['*'] }), 'evil.example')).toBe(
      false,
    );
  });
});
