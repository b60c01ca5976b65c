import * as v from 'valibot';
import { truncateText } from './redact-secrets';

/** Issues quote the offending input; a huge value must not make a huge error message. */
const maximumIssueLength = 300;

type Issue = v.BaseIssue<unknown>;

/**
 * Words a valibot issue the way Anthropic's API words its validation errors
 * (`messages.0.content: Input should be a valid list`), so clients see familiar messages.
 */
export function validationIssueMessage(issue: Issue): string {
  const path = v.getDotPath(issue);
  return truncateText(`${path ?? 'request body'}: ${describeIssue(issue)}`, maximumIssueLength);
}

/** The first `limit` issues, one sentence each, joined; says how many more were left out. */
export function validationIssuesMessage(issues: readonly Issue[], limit = 3): string {
  const shown = issues.slice(0, limit).map(validationIssueMessage);
  const more = issues.length - shown.length;
  return more > 0 ? `${shown.join('; ')} (and ${more} more)` : shown.join('; ');
}

function describeIssue(issue: Issue): string {
  // A message set on the schema itself wins over the generic wording.
  if (!issue.message.startsWith('Invalid ')) return issue.message;
  const isObjectSchema =
    issue.type === 'object' || issue.type === 'loose_object' || issue.type === 'strict_object';
  if (isObjectSchema && issue.received === 'undefined' && issue.expected?.startsWith('"'))
    return 'Field required';
  switch (issue.type) {
    case 'string':
      return 'Input should be a valid string';
    case 'number':
      return 'Input should be a valid number';
    case 'boolean':
      return 'Input should be a valid boolean';
    case 'array':
      return 'Input should be a valid list';
    case 'object':
    case 'loose_object':
    case 'strict_object':
    case 'record':
      return 'Input should be a valid dictionary';
    case 'integer':
      return 'Input should be a valid integer';
    case 'min_value':
      return `Input should be greater than or equal to ${issue.expected?.replace(/^>=/, '')}`;
    case 'max_value':
      return `Input should be less than or equal to ${issue.expected?.replace(/^<=/, '')}`;
    case 'min_length':
      return `Input should have at least ${issue.expected?.replace(/^>=/, '')} item(s)`;
    case 'literal':
    case 'picklist':
    case 'variant':
      return `Input should be ${readableExpected(issue.expected)}, not ${issue.received}`;
    default:
      return issue.message;
  }
}

/** `("user" | "assistant")` → `'user' or 'assistant'`, as pydantic lists choices. */
function readableExpected(expected: string | null): string {
  if (!expected) return 'a known value';
  const choices = expected
    .replace(/^\(|\)$/g, '')
    .split(' | ')
    .map((choice) => choice.replace(/^"(.*)"$/, "'$1'"));
  if (choices.length <= 1) return choices[0] ?? expected;
  return `${choices.slice(0, -1).join(', ')} or ${choices.at(-1)}`;
}
