import {
  createUndiciTransport,
  nodeClock,
  requestAccessToken,
  type Transport,
} from '@workspan-kit/core/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ContractSandbox, startContractSandbox } from './test-support/sandbox.js';

/**
 * The token call as the client sends it: the connector's query parameter and form body, and the
 * developer portal's `x-ws-env` header, answered by the sandbox with a token the API accepts.
 */
let contract: ContractSandbox;
const undici = createUndiciTransport();

beforeAll(async () => {
  contract = await startContractSandbox();
});

afterAll(async () => {
  await undici.close();
  await contract?.close();
});

describe('the token call', () => {
  it('names the environment in the query and in the header, and the sandbox issues a token for it', async () => {
    const sent: { url: string; headers: Record<string, string> }[] = [];
    const transport: Transport = (request) => {
      sent.push({ url: request.url, headers: { ...request.headers } });
      return undici(request);
    };
    const token = await requestAccessToken(contract.connection, { transport, clock: nodeClock });
    const { hostname } = contract.connection;
    expect(sent).toHaveLength(1);
    expect(new URL(sent[0]?.url ?? '').searchParams.get('x-ws-env')).toBe(hostname);
    expect(sent[0]?.headers['x-ws-env']).toBe(hostname);
    expect(sent[0]?.headers['content-type']).toBe('application/x-www-form-urlencoded');

    const call = await fetch(`${contract.sandbox.url}/event/v1/metadata/event`, {
      headers: { authorization: `Bearer ${token.value}`, 'x-ws-env': hostname },
    });
    expect(call.status).toBe(200);
  });
});
