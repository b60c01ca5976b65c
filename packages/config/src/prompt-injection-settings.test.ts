import { describe, expect, it } from 'vitest';
import { defaultPromptInjectionSettings, resolvePromptInjectionSettings } from './prompt-injection-settings';
import { problemsOf } from './testing/problems-of';

describe('resolvePromptInjectionSettings', () => {
  it('defaults to disabled, status and performance, medium, auto', () => {
    expect(resolvePromptInjectionSettings({})).toEqual({
      enabled: false,
      modules: ['status', 'performance'],
      size: 'medium',
      mode: 'auto',
      placement: 'system',
    });
  });

  it('reads every variable, case and spacing aside', () => {
    const settings = resolvePromptInjectionSettings({
      PROMPT_INJECTION_ENABLED: ' Yes ',
      PROMPT_INJECTION_MODULES: 'models, ERRORS,status,errors',
      PROMPT_INJECTION_SIZE: 'Large',
      PROMPT_INJECTION_MODE: 'header',
      PROMPT_INJECTION_PLACEMENT: 'Conversation-End',
    });
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
    const settings = resolvePromptInjectionSettings({ PROMPT_INJECTION_MODULES: 'all' });
    expect(settings.modules).toEqual(['status', 'performance', 'errors', 'models']);
  });

  it('reports each invalid value with what to write instead', () => {
    const problems = problemsOf(() =>
      resolvePromptInjectionSettings({
        PROMPT_INJECTION_ENABLED: 'sure',
        PROMPT_INJECTION_MODULES: 'status,latency,cost',
        PROMPT_INJECTION_SIZE: 'huge',
        PROMPT_INJECTION_MODE: 'sometimes',
        PROMPT_INJECTION_PLACEMENT: 'top',
      }),
    );
    expect(problems).toEqual([
      'PROMPT_INJECTION_ENABLED="sure": expected true or false',
      'PROMPT_INJECTION_MODULES="status,latency,cost": expected a comma list of status, performance, errors, models (or all)',
      'PROMPT_INJECTION_SIZE="huge": expected one of large, medium, small',
      'PROMPT_INJECTION_MODE="sometimes": expected one of auto, always, header, manual',
      'PROMPT_INJECTION_PLACEMENT="top": expected one of system, conversation-end',
    ]);
  });

  it('reports a list with no module in it', () => {
    expect(problemsOf(() => resolvePromptInjectionSettings({ PROMPT_INJECTION_MODULES: ' , ' }))).toEqual([
      'PROMPT_INJECTION_MODULES=",": expected a comma list of status, performance, errors, models (or all)',
    ]);
  });

  it('keeps its defaults frozen apart from the settings it returns', () => {
    resolvePromptInjectionSettings({}).modules.push('errors');
    expect(defaultPromptInjectionSettings.modules).toEqual(['status', 'performance']);
  });
});
