import { describe, expect, it } from 'vitest';
import { toFeedUrl } from './feed-url';

describe('toFeedUrl', () => {
  it('turns user input into a feed URL', () => {
    expect(toFeedUrl('http://127.0.0.1:8082')).toBe('ws://127.0.0.1:8082/feed');
    expect(toFeedUrl('https://proxy.example:443/')).toBe('wss://proxy.example/feed');
    expect(toFeedUrl('localhost:9000')).toBe('ws://localhost:9000/feed');
    expect(toFeedUrl('ws://127.0.0.1:8082/feed')).toBe('ws://127.0.0.1:8082/feed');
  });

  it('takes a bare port as the proxy on this machine', () => {
    expect(toFeedUrl('9000')).toBe('ws://127.0.0.1:9000/feed');
    expect(toFeedUrl(' :8083 ')).toBe('ws://127.0.0.1:8083/feed');
  });

  it('throws for text that makes no URL', () => {
    expect(() => toFeedUrl('ws://[bad')).toThrow(TypeError);
    expect(() => toFeedUrl('70000')).toThrow(TypeError);
    expect(() => toFeedUrl('0')).toThrow(TypeError);
  });
});
