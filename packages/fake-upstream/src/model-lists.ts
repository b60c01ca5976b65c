/** `GET /v1/models` body, shaped like OpenAI's (LM Studio answers the same shape). */
export function openAIModelList(models: string[], created: number) {
  return {
    object: 'list',
    data: models.map((id) => ({ id, object: 'model', created, owned_by: 'fake-upstream' })),
  };
}

/** `GET /api/tags` body, shaped like Ollama's. */
export function ollamaTagList(models: string[], modifiedAt: string) {
  return {
    models: models.map((name) => ({
      name,
      model: name,
      modified_at: modifiedAt,
      size: 1_000_000,
      digest: '0'.repeat(64),
      details: {
        parent_model: '',
        format: 'gguf',
        family: 'fake',
        families: ['fake'],
        parameter_size: '1B',
        quantization_level: 'Q4_K_M',
      },
    })),
  };
}
