export * from './feed-events';
export { createFeedRecorder, type FeedRecorder, type FeedRecorderOptions } from './feed-recorder';
export {
  createFeedServer,
  feedKeyFromRequest,
  type FeedListener,
  type FeedRefusal,
  type FeedServer,
  type FeedServerOptions,
  type FeedServerStats,
} from './feed-server';
export {
  connectFeed,
  type ConnectFeedOptions,
  type FeedConnection,
  type FeedConnectionStatus,
  type WebSocketConstructor,
  type WebSocketLike,
} from './feed-client';
