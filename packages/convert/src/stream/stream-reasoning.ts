import { addWarning, type ConversionWarning } from '../conversion-warning';
import type { OpenAIReasoningDetail } from '../openai-api';
import { readReasoningDetails, reasoningDetailText } from '../reasoning-fields';
import { BlockKind, type BlockWriter } from './block-writer';

/**
 * Emits the reasoning a chunk delta carries (`reasoning_content`, `reasoning` or
 * `reasoning_details`) as thinking, and files its signatures and encrypted parts.
 */
export function writeDeltaReasoning(
  delta: Readonly<Record<string, unknown>>,
  writer: BlockWriter,
  warnings: ConversionWarning[],
): void {
  // Providers that send several reasoning fields repeat the same text in each; take one.
  const rawDetails = delta.reasoning_details;
  const details = rawDetails ? readReasoningDetails(rawDetails) : undefined;
  let reasoning = delta.reasoning_content;
  if (typeof reasoning !== 'string' || reasoning === '') reasoning = delta.reasoning;
  if (typeof reasoning === 'string' && reasoning !== '') writer.thinking(reasoning);
  else if (details) {
    for (const detail of details) {
      const text = reasoningDetailText(detail);
      if (text !== '') writer.thinking(text);
    }
  }
  if (details && details.length > 0) writeReasoningDetails(details, writer, warnings);
}

function writeReasoningDetails(
  details: OpenAIReasoningDetail[],
  writer: BlockWriter,
  warnings: ConversionWarning[],
): void {
  if (!writer.exposeReasoning) return;
  for (const detail of details) {
    if (detail.type === 'reasoning.encrypted') {
      if (typeof detail.data !== 'string' || detail.data === '') continue;
      writer.redacted(detail.data);
      continue;
    }
    const signature = typeof detail.signature === 'string' ? detail.signature : '';
    if (writer.openKind !== BlockKind.Thinking) {
      if (signature === '') continue;
      if (writer.nextIndex > 0) {
        addWarning(warnings, {
          type: 'dropped',
          field: 'choices.0.delta.reasoning_details',
          message: 'Dropped a reasoning signature that arrived after its thinking block had closed.',
        });
        continue;
      }
      // A signature for reasoning that had no visible text: it still needs its block.
      writer.openEmptyThinking();
    }
    writer.noteThinkingDetail(detail, signature);
  }
}
