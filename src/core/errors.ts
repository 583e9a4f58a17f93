// Stable error codes shared by every adapter: HTTP 400 / CLI exit 3 are decided at the edge, not here.
export type ErrorCode =
  | 'invalid-request'
  | 'invalid-json'
  | 'invalid-policy-pack'
  | 'unknown-clause'
  | 'invalid-context'
  | 'invalid-image'
  | 'not-found'
  | 'forbidden'
  | 'conflict'
  | 'precondition-failed';

export class ClearpostError extends Error {
  readonly code: ErrorCode;
  readonly field: string | undefined;
  constructor(code: ErrorCode, message: string, field?: string) {
    super(message);
    this.name = 'ClearpostError';
    this.code = code;
    this.field = field;
  }
  toJSON(): { code: ErrorCode; message: string; field?: string } {
    return this.field === undefined ? { code: this.code, message: this.message } : { code: this.code, message: this.message, field: this.field };
  }
}
