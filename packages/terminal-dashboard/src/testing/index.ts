import type { RequestEvent } from '@ccp/feed';
import recorded from '../__fixtures__/two-sessions.events.json';

export { type ReplayServer, rebaseEvents, startReplayServer } from './feed-replay-server';

/**
 * A recorded feed of two Claude Code sessions (four requests: streamed, routed, one failing with
 * 529), for tests and demos that replay real-looking traffic; move it to now with `rebaseEvents`.
 */
export const twoSessionEvents = recorded as RequestEvent[];
