/** `Input "limit" of <operation>: expected …`: a problem with one input, as the step reports it. */
export function inputProblem(input: string, expected: string, operationId?: string): string {
  return `Input "${input}"${operationId ? ` of ${operationId}` : ''}: expected ${expected}`;
}

/** A problem with one input, found before anything is sent; the step fails naming the input. */
export class InputError extends Error {
  override name = 'InputError';
  constructor(
    readonly input: string,
    readonly expected: string,
    readonly operationId?: string,
  ) {
    super(inputProblem(input, expected, operationId));
  }
}
