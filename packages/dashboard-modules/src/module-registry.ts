import type { FeedEvent } from '@ccp/feed';
import { activityFeed } from './activity-feed';
import { analyticsPanel } from './analytics-panel';
import {
  type DashboardModule,
  type DashboardModuleId,
  type RenderMode,
  type RenderOptions,
  dashboardModuleIds,
} from './dashboard-module';
import { performanceMonitor } from './performance-monitor';
import { requestWaterfall } from './request-waterfall';
import { routingVisualizer } from './routing-visualizer';

/** A module with its own state, for apps that hold several: feed events in, text out. */
export interface ModuleInstance {
  id: DashboardModuleId;
  title: string;
  mode: RenderMode;
  apply(event: FeedEvent): void;
  render(options: RenderOptions, mode?: RenderMode): string[];
}

function instantiate<State>(module: DashboardModule<State>, mode: RenderMode): ModuleInstance {
  let state = module.initialState();
  return {
    id: module.id,
    title: module.title,
    mode,
    apply(event) {
      state = module.reduce(state, event);
    },
    render(options, override) {
      return (override ?? this.mode) === 'dense'
        ? module.renderDense(state, options)
        : module.renderSparse(state, options);
    },
  };
}

/**
 * Creates a stateful instance of a module by id.
 *
 * @example
 * const waterfall = createModuleInstance('waterfall', 'dense');
 * waterfall.apply(event);
 * waterfall.render({ width: 100, height: 12, color: true });
 */
export function createModuleInstance(id: DashboardModuleId, mode: RenderMode): ModuleInstance {
  switch (id) {
    case 'performance':
      return instantiate(performanceMonitor, mode);
    case 'activity':
      return instantiate(activityFeed, mode);
    case 'routing':
      return instantiate(routingVisualizer, mode);
    case 'analytics':
      return instantiate(analyticsPanel, mode);
    case 'waterfall':
      return instantiate(requestWaterfall, mode);
  }
}

export interface ModuleSpec {
  id: DashboardModuleId;
  mode: RenderMode;
}

/** A module list that cannot be used, with a message saying what to write instead. */
export class ModuleSpecError extends Error {
  override name = 'ModuleSpecError';
}

/**
 * Parses `"performance:dense,activity:sparse"` (mode defaults to dense). Throws a
 * `ModuleSpecError` naming the valid modules and modes when the list is wrong.
 *
 * @example parseModuleSpecs('routing,analytics:sparse') // [{id:'routing',mode:'dense'},{id:'analytics',mode:'sparse'}]
 */
export function parseModuleSpecs(input: string, maximum = 4): ModuleSpec[] {
  const specs: ModuleSpec[] = [];
  for (const raw of input.split(',')) {
    const entry = raw.trim();
    if (entry === '') continue;
    const [name = '', mode = 'dense', ...rest] = entry.split(':').map((part) => part.trim().toLowerCase());
    if (!(dashboardModuleIds as readonly string[]).includes(name)) {
      throw new ModuleSpecError(
        `Unknown dashboard module "${name}". Use one of: ${dashboardModuleIds.join(', ')} (for example "performance:dense,activity:sparse").`,
      );
    }
    if ((mode !== 'dense' && mode !== 'sparse') || rest.length > 0) {
      throw new ModuleSpecError(`Unknown mode in "${entry}". Write "${name}:dense" or "${name}:sparse".`);
    }
    if (specs.some((spec) => spec.id === name)) {
      throw new ModuleSpecError(`Module "${name}" is listed twice. List each module once.`);
    }
    specs.push({ id: name as DashboardModuleId, mode });
  }
  if (specs.length > maximum) {
    throw new ModuleSpecError(`${specs.length} modules were listed; at most ${maximum} fit. Remove some.`);
  }
  return specs;
}

export const dashboardModules = {
  performance: performanceMonitor,
  activity: activityFeed,
  routing: routingVisualizer,
  analytics: analyticsPanel,
  waterfall: requestWaterfall,
} as const;
