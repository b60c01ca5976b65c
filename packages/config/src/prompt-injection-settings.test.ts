import { describe, expect, it } from 'vitest';
import { defaultPromptInjectionSettings, resolvePromptInjectionSettings } from './prompt-injection-settings';

describe('resolvePromptInjectionSettings', () => {
  it('defaults to disabled, status and performance, medium, auto', () => {
    expect(resolvePromptInjectionSettings({})).toEqual({
      settings: {
        enabled: false,
        modules: ['status', 'performance'],
        size: 'medium',
        mode: 'auto',
        placement: 'system',
      },
      problems: [],
    });
  });

  it('reads every variable, case and spacing aside', () => {
    const { settings, problems } = resolvePromptInjectionSettings({
      PROMPT_INJECTION_ENABLED: ' Yes ',
      PROMPT_INJECTION_MODULES: 'models, ERRORS,status,errors',
      PROMPT_INJECTION_SIZE: 'Large',
      PROMPT_INJECTION_MODE: 'header',
      PROMPT_INJECTION_PLACEMENT: 'Conversation-End',
    });
    expect(problems).toEqual([]);
    // Sections always come in the fixed order, without duplicates.
    expect(settings).toEqual({
      enabled: true,
      modules: ['status', 'errors', 'models'],
      size: 'large',
      mode: 'header',
      placement: 'conversation-end',
    });
  });

  it('accepts all as every module', () => {
    const { settings } = resolvePromptInjectionSettings({ PROMPT_INJECTION_MODULES: 'all' });
    expect(settings.modules).toEqual(['status', 'performance', 'errors', 'models']);
  });

  it('reports each invalid value with what to write instead and keeps its default', () => {
    const { settings, problems } = resolvePromptInjectionSettings({
      PROMPT_INJECTION_ENABLED: 'sure',
      PROMPT_INJECTION_MODULES: 'status,latency,cost',
      PROMPT_INJECTION_SIZE: 'huge',
      PROMPT_INJECTION_MODE: 'sometimes',
      PROMPT_INJECTION_PLACEMENT: 'top',
    });
    expect(settings).toEqual(defaultPromptInjectionSettings);
    expect(problems).toEqual([
      'PROMPT_INJECTION_ENABLED must be true or false, got "sure".',
      'PROMPT_INJECTION_MODULES has unknown modules "latency", "cost": use a comma list of status, performance, errors, models (or all).',
      'PROMPT_INJECTION_SIZE must be one of large, medium, small, got "huge".',
      'PROMPT_INJECTION_MODE must be one of auto, always, header, manual, got "sometimes".',
      'PROMPT_INJECTION_PLACEMENT must be one of system, conversation-end, got "top".',
    ]);
  });

  it('reports a list with no module in it', () => {
    const { problems } = resolvePromptInjectionSettings({ PROMPT_INJECTION_MODULES: ' , ' });
    expect(problems).toEqual([
      'PROMPT_INJECTION_MODULES is empty: list at least one of status, performance, errors, models.',
    ]);
  });
});
