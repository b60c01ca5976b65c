import { type FeedConnectionStatus, type FeedEvent, type WebSocketConstructor, connectFeed } from '@ccp/feed';

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
