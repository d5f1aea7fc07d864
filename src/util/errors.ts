/** A problem with the user's input: printed as one line, exit code 2. Exceptions other than this are bugs. */
export class UserError extends Error {
  readonly exitCode = 2;
  constructor(
    readonly file: string,
    readonly field: string,
    readonly detail: string,
  ) {
    super(field ? `${file}: ${field}: ${detail}` : `${file}: ${detail}`);
    this.name = 'UserError';
  }
}
