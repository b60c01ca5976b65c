import { type FeedConnectionStatus, type FeedEvent, type WebSocketConstructor, connectFeed } from '@ccp/feed';
import type { TerminalDashboardFeed } from './dashboard-options';

export interface FeedSourceHandlers {
  onEvent: (event: FeedEvent) => void;
  onStatus: (status: FeedConnectionStatus, detail?: string) => void;
}

/** Where events come from: a remote feed, or the proxy itself when running in-process. Returns a stop function. */
export type FeedSource = (handlers: FeedSourceHandlers) => () => void;

/** A source reading the proxy's WebSocket feed, reconnecting when the proxy restarts. */
export function remoteFeedSource(options: {
  url: string;
  apiKey?: string;
  WebSocketImpl?: WebSocketConstructor;
}): FeedSource {
  return (handlers) => {
    const connection = connectFeed({
      url: options.url,
      apiKey: options.apiKey,
      WebSocketImpl: options.WebSocketImpl,
      onEvent: handlers.onEvent,
      onStatus: handlers.onStatus,
    });
    return () => connection.close();
  };
}

/** A source fed by an in-process subscription, e.g. `feedServer.subscribe`. */
export function subscriptionFeedSource(
  subscribe: (listener: (event: FeedEvent) => void) => () => void,
): FeedSource {
  return (handlers) => {
    handlers.onStatus('connected', 'in-process');
    return subscribe(handlers.onEvent);
  };
}

/** The source for a feed option, and the label shown beside the connection status until it connects. */
export function feedSourceFor(feed: TerminalDashboardFeed): { source: FeedSource; label: string } {
  if ('subscribe' in feed) return { source: subscriptionFeedSource(feed.subscribe), label: 'in-process' };
  return { source: remoteFeedSource(feed), label: feed.url };
}
