import type { RouteName } from './recorded-request';

export interface MatchedRoute {
  route: RouteName;
  deployment?: string;
}

const chatPaths = new Set(['/v1/chat/completions', '/chat/completions', '/openai/v1/chat/completions']);
const modelPaths = new Set(['/v1/models', '/models', '/openai/v1/models']);
const azureChatPath = /^\/openai\/deployments\/([^/]+)\/chat\/completions$/;

/**
 * Maps a method and path to one of the fake upstream's routes.
 *
 * @example
 * matchRoute('POST', '/openai/deployments/gpt-4o/chat/completions') // { route: 'chat-completions', deployment: 'gpt-4o' }
 */
export function matchRoute(method: string, path: string): MatchedRoute {
  if (method === 'POST') {
    if (chatPaths.has(path)) return { route: 'chat-completions' };
    const azure = azureChatPath.exec(path);
    if (azure?.[1]) return { route: 'chat-completions', deployment: decodeURIComponent(azure[1]) };
  }
  if (method === 'GET') {
    if (modelPaths.has(path)) return { route: 'models' };
    if (path === '/api/tags') return { route: 'ollama-tags' };
  }
  return { route: 'not-found' };
}
