import {
  type Catalog,
  listTemplates,
  MODE_SETTING_NAMES,
  type ModeSettingName,
  type ModeSettings,
  type ModeStore,
  REASONING_EFFORT_VALUES,
  recommendAlternatives,
  recommendationTarget,
  recommendFromUsage,
  templateSettings,
  usageSourceFromRows,
  VERBOSITY_VALUES,
} from '@ccp/catalog';
import { type Environment, resolveSettings, type Settings } from '@ccp/config';
import { writeEnvironmentFile } from '../env-file';
import { formatModelRow, formatPricing, formatTokenCount } from '../format-model';
import {
  applySettings,
  environmentUpdates,
  selectionWarnings,
  selectModel,
  TIER_KEYS,
  TIERS,
  type Tier,
} from '../selection';
import type { TerminalStyle } from '../terminal-style';
import { formatUsageReport, numberedAlternatives, type UsageData } from '../usage-report';
import { emptyFilters, pickModel } from './model-picker';
import type { SessionIo } from './session-io';

export type SelectorSessionOptions = {
  io: SessionIo;
  catalog: Catalog;
  modeStore: ModeStore;
  environmentFilePath: string;
  initialSelection: ModeSettings;
  /** Where each value of the initial selection comes from (`.env`, `environment`, `flag`). */
  initialOrigins?: Partial<Record<ModeSettingName, string>>;
  /**
   * The merged environment the selection was read from: with the selection on top, it gives
   * the settings the proxy would start with, so what is not set shows its effective default.
   */
  environment?: Environment;
  includeMarketplace: boolean;
  style: TerminalStyle;
  now: () => Date;
  /** Reads the proxy's metering store for usage recommendations; the menu offers them when given. */
  readUsage?: () => Promise<UsageData>;
};

const MENU: readonly [string, string][] = [
  ['1', 'Select BIG model'],
  ['2', 'Select MIDDLE model'],
  ['3', 'Select SMALL model'],
  ['4', 'Reasoning settings'],
  ['5', 'View selections'],
  ['6', 'Local models only'],
  ['7', 'Templates'],
  ['8', 'Recommendations'],
  ['9', 'Save and apply (.env)'],
  ['10', 'Load mode'],
  ['11', 'Save as mode'],
  ['12', 'List modes'],
  ['q', 'Quit'],
];

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The interactive menu of ccp-select. Returns when the user quits or input ends.
 *
 * @example
 * await runSelectorSession({ io: createTerminalIo(process.stdin, process.stdout), catalog, modeStore, … });
 */
export async function runSelectorSession(options: SelectorSessionOptions): Promise<void> {
  const { io, catalog, modeStore, style } = options;
  let selection: ModeSettings = { ...options.initialSelection };
  const origins: Partial<Record<ModeSettingName, string>> = { ...options.initialOrigins };
  let localOnly = false;
  let unsaved = false;

  /** Takes a new selection, naming `origin` as the source of each value it changed. */
  const updateSelection = (next: ModeSettings, origin: string) => {
    for (const key of MODE_SETTING_NAMES) {
      if (next[key] !== selection[key]) {
        if (next[key] === undefined) delete origins[key];
        else origins[key] = origin;
      }
    }
    selection = next;
  };

  /** The settings the proxy would start with: the environment, the selection on top. */
  const effectiveSettings = (): Settings | undefined => {
    const environment: Environment = { ...options.environment };
    for (const key of MODE_SETTING_NAMES) delete environment[key];
    try {
      return resolveSettings({ ...environment, ...selection });
    } catch {
      // Another setting is invalid; the proxy would say which when it starts.
      return undefined;
    }
  };
  const origin = (text: string) => style.dim(`· ${text}`);

  const describeModel = (id: string | undefined): string => {
    if (!id) return style.dim('not set');
    const model = catalog.findModel(id);
    if (!model) return `${id} ${style.yellow('(not in catalog)')}`;
    return `${style.bold(model.id)} ${style.dim(`${formatTokenCount(model.contextWindow)} ctx, ${formatPricing(model)}${model.reasoning ? ', reasoning' : ''}${model.vision ? ', vision' : ''}${model.tools ? ', tools' : ''}`)}`;
  };

  const describeTier = (tier: Tier, settings: Settings | undefined): string => {
    const key = TIER_KEYS[tier];
    const chosen = selection[key];
    if (chosen) return `${describeModel(chosen)} ${origin(origins[key] ?? 'set')}`;
    const effective = settings?.tiers[tier].model;
    if (!effective) return describeModel(undefined);
    const why = tier === 'middle' && selection.BIG_MODEL ? 'follows BIG_MODEL' : 'default';
    return `${describeModel(effective)} ${origin(why)}`;
  };

  const describeBaseUrl = (settings: Settings | undefined): string | undefined => {
    if (selection.PROVIDER_BASE_URL)
      return `${selection.PROVIDER_BASE_URL} ${origin(origins.PROVIDER_BASE_URL ?? 'set')}`;
    if (!settings) return undefined;
    const legacy = options.environment?.OPENAI_BASE_URL;
    if (legacy && settings.provider.baseUrl === legacy.trim())
      return `${legacy} ${origin('OPENAI_BASE_URL')}`;
    return `${settings.provider.baseUrl} ${origin(
      settings.provider.apiKey === undefined
        ? 'default: Ollama, as neither PROVIDER_API_KEY nor PROVIDER_BASE_URL is set'
        : 'default',
    )}`;
  };

  const printSelection = () => {
    const settings = effectiveSettings();
    for (const tier of TIERS) io.print(`  ${tier.toUpperCase().padEnd(6)} ${describeTier(tier, settings)}`);
    const reasoning = [
      `effort=${selection.REASONING_EFFORT ?? 'default'}`,
      `max tokens=${selection.REASONING_MAX_TOKENS ?? 'default'}`,
      `exclude=${selection.REASONING_EXCLUDE ?? 'false'}`,
      `verbosity=${selection.VERBOSITY ?? 'default'}`,
    ].join(', ');
    io.print(`  ${'THINK'.padEnd(6)} ${reasoning}`);
    const baseUrl = describeBaseUrl(settings);
    if (baseUrl) io.print(`  ${'URL'.padEnd(6)} ${baseUrl}`);
  };

  const printMenu = () => {
    io.print('');
    io.print(style.header('ccp model selector'));
    printSelection();
    io.print('');
    const entries = MENU.map(([key, label]) => {
      const suffix = key === '6' ? ` [${localOnly ? 'on' : 'off'}]` : key === '9' && unsaved ? ' *' : '';
      return `${style.cyan(key.padStart(2))}) ${label}${suffix}`;
    });
    for (let index = 0; index < entries.length; index += 3) {
      io.print(
        `  ${entries
          .slice(index, index + 3)
          .map((entry) => entry.padEnd(style.enabled ? 40 : 30))
          .join('')}`.trimEnd(),
      );
    }
  };

  const chooseTier = async (prompt: string): Promise<Tier | undefined> =>
    tierFromAnswer((await io.ask(prompt))?.trim().toLowerCase());

  const tierFromAnswer = (answer: string | undefined): Tier | undefined => {
    if (answer === undefined) return undefined;
    if (answer === '' || answer === 'b' || answer === 'big' || answer === '1') return 'big';
    if (answer === 'm' || answer === 'middle' || answer === '2') return 'middle';
    if (answer === 's' || answer === 'small' || answer === '3') return 'small';
    io.print(style.yellow(`"${answer}" is not a tier; use b, m or s.`));
    return undefined;
  };

  const selectTier = async (tier: Tier) => {
    const chosen = await pickModel({
      io,
      catalog,
      style,
      title: `Select ${tier.toUpperCase()} model`,
      current: selection[TIER_KEYS[tier]],
      includeMarketplace: options.includeMarketplace,
      filters: emptyFilters(localOnly),
    });
    if (!chosen) return;
    updateSelection(selectModel(selection, tier, chosen, catalog), 'chosen here');
    unsaved = true;
    io.print(style.green(`${tier.toUpperCase()} model set to ${chosen}.`));
  };

  const editReasoning = async () => {
    io.print(style.header('Reasoning settings'));
    io.print(style.dim('Enter keeps the current value; "-" clears it.'));
    const effort = (
      await io.ask(
        `Effort (${REASONING_EFFORT_VALUES.join('/')}) [${selection.REASONING_EFFORT ?? 'default'}]: `,
      )
    )?.trim();
    if (effort === '-') delete selection.REASONING_EFFORT;
    else if (effort) {
      if ((REASONING_EFFORT_VALUES as readonly string[]).includes(effort.toLowerCase()))
        selection.REASONING_EFFORT = effort.toLowerCase();
      else
        io.print(
          style.yellow(`"${effort}" is not an effort; use one of ${REASONING_EFFORT_VALUES.join(', ')}.`),
        );
    }
    const maxTokens = (
      await io.ask(`Max reasoning tokens [${selection.REASONING_MAX_TOKENS ?? 'default'}]: `)
    )?.trim();
    if (maxTokens === '-') delete selection.REASONING_MAX_TOKENS;
    else if (maxTokens) {
      if (/^\d+$/.test(maxTokens) && Number(maxTokens) > 0) selection.REASONING_MAX_TOKENS = maxTokens;
      else io.print(style.yellow(`"${maxTokens}" is not a positive whole number of tokens.`));
    }
    const exclude = (
      await io.ask(`Hide reasoning from responses (y/n) [${selection.REASONING_EXCLUDE ?? 'false'}]: `)
    )
      ?.trim()
      .toLowerCase();
    if (exclude === '-') delete selection.REASONING_EXCLUDE;
    else if (exclude === 'y' || exclude === 'yes' || exclude === 'true') selection.REASONING_EXCLUDE = 'true';
    else if (exclude === 'n' || exclude === 'no' || exclude === 'false')
      selection.REASONING_EXCLUDE = 'false';
    const verbosity = (
      await io.ask(`Verbosity (${VERBOSITY_VALUES.join('/')}) [${selection.VERBOSITY ?? 'default'}]: `)
    )?.trim();
    if (verbosity === '-') delete selection.VERBOSITY;
    else if (verbosity) {
      if ((VERBOSITY_VALUES as readonly string[]).includes(verbosity.toLowerCase()))
        selection.VERBOSITY = verbosity.toLowerCase();
      else
        io.print(
          style.yellow(`"${verbosity}" is not a verbosity; use one of ${VERBOSITY_VALUES.join(', ')}.`),
        );
    }
    unsaved = true;
  };

  const viewSelections = () => {
    io.print(style.header('Current selections'));
    printSelection();
    for (const [key, value] of Object.entries(selection)) io.print(style.dim(`  ${key}=${value}`));
    for (const warning of selectionWarnings(selection, catalog)) io.print(style.yellow(`  ! ${warning}`));
    io.print(
      style.dim(
        `  .env file: ${options.environmentFilePath}${unsaved ? ' (unsaved changes: choose 9)' : ''}`,
      ),
    );
  };

  const chooseTemplate = async () => {
    const templates = listTemplates();
    io.print(style.header('Templates'));
    templates.forEach((template, index) => {
      io.print(
        `${style.cyan(String(index + 1).padStart(3))}) ${style.bold(template.name.padEnd(22))} ${template.description}`,
      );
      io.print(
        style.dim(
          `       ${template.config.bigModel} | ${template.config.middleModel} | ${template.config.smallModel}; needs: ${template.requirementNotes[0] ?? ''}`,
        ),
      );
    });
    const answer = (await io.ask('Template number or id (Enter to go back): '))?.trim().toLowerCase();
    if (!answer) return;
    const template = /^\d+$/.test(answer)
      ? templates[Number.parseInt(answer, 10) - 1]
      : templates.find((each) => each.id === answer);
    if (!template) {
      io.print(style.yellow(`No template "${answer}".`));
      return;
    }
    updateSelection(applySettings(selection, templateSettings(template)), `template ${template.id}`);
    unsaved = true;
    io.print(
      style.green(`Applied template "${template.name}". Requires: ${template.requirementNotes.join(' ')}`),
    );
  };

  // With "local models only" on, recommendations stay local too.
  const recommendFromMarketplace = () => options.includeMarketplace && !localOnly;

  const showUsageRecommendations = async (readUsage: () => Promise<UsageData>) => {
    let data: UsageData;
    try {
      data = await readUsage();
    } catch (error) {
      io.print(style.yellow(errorMessage(error)));
      return;
    }
    const results = await recommendFromUsage(catalog, usageSourceFromRows(data.rows), {
      limit: 5,
      alternatives: 3,
      includeMarketplace: recommendFromMarketplace(),
    });
    for (const line of formatUsageReport(data, results, style)) io.print(line);
    const ids = numberedAlternatives(results);
    if (ids.length === 0) return;
    const answer = (await io.ask('Use one? number (Enter to skip): '))?.trim();
    const picked = answer ? ids[Number.parseInt(answer, 10) - 1] : undefined;
    if (!picked) return;
    const tier = await chooseTier(`Put ${picked} on which tier? (b/m/s) [b]: `);
    if (!tier) return;
    selection = selectModel(selection, tier, picked, catalog);
    unsaved = true;
    io.print(style.green(`${tier.toUpperCase()} model set to ${picked}.`));
  };

  const showRecommendations = async () => {
    const usage = options.readUsage;
    const answer = (
      await io.ask(
        usage
          ? 'Recommend alternatives for which tier, or u for your metered usage? (b/m/s/u) [b]: '
          : 'Recommend alternatives for which tier? (b/m/s) [b]: ',
      )
    )
      ?.trim()
      .toLowerCase();
    if (usage && (answer === 'u' || answer === 'usage')) {
      await showUsageRecommendations(usage);
      return;
    }
    const tier = tierFromAnswer(answer);
    if (!tier) return;
    const current = selection[TIER_KEYS[tier]];
    if (!current) {
      io.print(style.yellow(`No ${tier.toUpperCase()} model is selected yet; pick one first.`));
      return;
    }
    let results: ReturnType<typeof recommendAlternatives>;
    const freeResults = () =>
      recommendAlternatives(catalog, current, {
        free: true,
        limit: 3,
        includeMarketplace: recommendFromMarketplace(),
      });
    const cheaperResults = () =>
      recommendAlternatives(catalog, current, {
        cheaper: true,
        limit: 3,
        includeMarketplace: recommendFromMarketplace(),
      });
    try {
      const free = freeResults();
      const freeIds = new Set(free.map((result) => result.model.id));
      results = [...free, ...cheaperResults().filter((result) => !freeIds.has(result.model.id))];
    } catch (error) {
      io.print(style.yellow(errorMessage(error)));
      return;
    }
    io.print(style.header(`Alternatives to ${current}`));
    const target = recommendationTarget(catalog, current);
    if (target.inferred) {
      io.print(
        style.dim(
          `  ${current} is not in the catalog: judged by its name (family ${target.family ?? 'unknown'}); its price is unknown.`,
        ),
      );
    }
    results.forEach((result, index) => {
      io.print(
        `${formatModelRow(result.model, index + 1, style)}  score ${style.bold(String(result.score))}`,
      );
      io.print(style.dim(`        ${result.reasons.join('; ')}`));
    });
    if (results.length === 0) {
      io.print(style.dim('  No free or cheaper alternative found.'));
      return;
    }
    const choice = (await io.ask(`Use one for ${tier.toUpperCase()}? number (Enter to skip): `))?.trim();
    const picked = choice ? results[Number.parseInt(choice, 10) - 1] : undefined;
    if (picked) {
      updateSelection(selectModel(selection, tier, picked.model.id, catalog), 'chosen here');
      unsaved = true;
      io.print(style.green(`${tier.toUpperCase()} model set to ${picked.model.id}.`));
    }
  };

  const saveAndApply = async () => {
    const result = await writeEnvironmentFile(
      options.environmentFilePath,
      environmentUpdates(selection),
      options.now(),
    );
    unsaved = false;
    for (const key of MODE_SETTING_NAMES) if (selection[key] !== undefined) origins[key] = '.env';
    io.print(
      style.green(`Saved ${result.path}${result.backupPath ? ` (backup: ${result.backupPath})` : ''}.`),
    );
    io.print(style.dim('Restart the proxy (pnpm start) to use the new models.'));
  };

  const listModes = async () => {
    const modes = await modeStore.list();
    io.print(style.header(`Modes (${modes.length}/99) in ${modeStore.filePath}`));
    if (modes.length === 0) io.print(style.dim('  No modes saved yet; choose 11 to save one.'));
    for (const mode of modes) {
      const models = [mode.settings.BIG_MODEL, mode.settings.MIDDLE_MODEL, mode.settings.SMALL_MODEL]
        .map((id) => id ?? '-')
        .join(' | ');
      io.print(
        `  ${style.cyan(String(mode.id).padStart(2))}  ${style.bold(mode.name)}  ${style.dim(models)}`,
      );
    }
    return modes.length;
  };

  const loadMode = async () => {
    if ((await listModes()) === 0) return;
    const answer = (await io.ask('Mode name or ID to load (Enter to go back): '))?.trim();
    if (!answer) return;
    const mode = await modeStore.load(answer);
    updateSelection(applySettings(selection, mode.settings), `mode ${mode.name}`);
    unsaved = true;
    io.print(style.green(`Loaded mode ${mode.id} "${mode.name}". Choose 9 to write it to .env.`));
  };

  const saveMode = async () => {
    const name = (await io.ask('Mode name: '))?.trim();
    if (!name) return;
    const slot = (await io.ask('Slot 1-99 (Enter: keep its slot or the first free one): '))?.trim();
    const mode = await modeStore.save({ name, settings: selection, id: slot ? Number(slot) : undefined });
    io.print(style.green(`Saved mode ${mode.id} "${mode.name}".`));
  };

  for (;;) {
    printMenu();
    const answer = await io.ask(style.bold('Choice> '));
    if (answer === undefined) return;
    const choice = answer.trim().toLowerCase();
    try {
      switch (choice) {
        case '1':
        case '2':
        case '3':
          await selectTier(TIERS[Number(choice) - 1] ?? 'big');
          break;
        case '4':
          await editReasoning();
          break;
        case '5':
          viewSelections();
          break;
        case '6':
          localOnly = !localOnly;
          io.print(style.green(`Local models only: ${localOnly ? 'on' : 'off'}.`));
          break;
        case '7':
          await chooseTemplate();
          break;
        case '8':
          await showRecommendations();
          break;
        case '9':
          await saveAndApply();
          break;
        case '10':
          await loadMode();
          break;
        case '11':
          await saveMode();
          break;
        case '12':
          await listModes();
          break;
        case 'q':
        case 'quit':
        case 'exit':
          if (unsaved) io.print(style.yellow('Quit without writing .env; your changes were not applied.'));
          io.print('Bye.');
          return;
        case '':
          break;
        default:
          io.print(style.yellow(`"${answer.trim()}" is not a menu choice; type 1-12 or q.`));
      }
    } catch (error) {
      io.print(style.red(`error: ${errorMessage(error)}`));
    }
  }
}
