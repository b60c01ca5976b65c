/**
 * A caller mistake the metering store refuses (bad input or a conflict such as a taken username).
 * Routes turn `code` into a status: `invalid` → 400, `conflict` → 409, `not-found` → 404,
 * `disabled` → 403 (metering turned off).
 */
export class MeteringInputError extends Error {
  readonly code: 'invalid' | 'conflict' | 'not-found' | 'disabled';

  constructor(code: MeteringInputError['code'], message: string) {
    super(message);
    this.name = 'MeteringInputError';
    this.code = code;
  }
}
