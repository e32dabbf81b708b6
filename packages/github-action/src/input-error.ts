/** A problem with one input, found before anything is sent; the step fails naming the input. */
export class InputError extends Error {
  override name = 'InputError';
  constructor(
    readonly input: string,
    readonly expected: string,
    readonly operationId?: string,
  ) {
    super(`Input "${input}"${operationId ? ` of ${operationId}` : ''}: expected ${expected}`);
  }
}
