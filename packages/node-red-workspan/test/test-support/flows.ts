/** Flows the real-runtime tests deploy through the admin API. */

export const connectionId = 'workspan-connection-1';
export const tab = 'tab-1';

export interface SandboxConnection {
  url: string;
  clientId: string;
  clientSecret: string;
  hostname: string;
}

export function connectionNode(sandbox: SandboxConnection, extra: Record<string, unknown> = {}) {
  return {
    id: connectionId,
    type: 'workspan-connection',
    name: 'sandbox',
    environment: 'custom',
    baseUrl: sandbox.url,
    hostname: sandbox.hostname,
    callsPerMinute: 100,
    credentials: { clientId: sandbox.clientId, clientSecret: sandbox.clientSecret },
    ...extra,
  };
}

const unpack = `const body = msg.payload || {};
Object.assign(msg, body.msg || {});
msg.payload = body.payloadBase64 ? Buffer.from(body.payloadBase64, 'base64') : body.payload;
return msg;`;
const pack =
  'msg.payload = { payload: msg.payload, workspan: msg.workspan, page: msg.page, delivery: msg._delivery }; return msg;';
const fail = 'msg.payload = { error: msg.error.message }; msg.statusCode = 500; return msg;';

/**
 * An HTTP route in front of a WorkSpan node: POST /run/<id> with `{ msg, payload }` sends a message
 * through the node and answers with what came out, or with the error a Catch node saw.
 */
export function actionRoute(id: string, type: string, properties: Record<string, unknown> = {}) {
  return [
    { id: `${id}-in`, type: 'http in', z: tab, url: `/run/${id}`, method: 'post', wires: [[`${id}-unpack`]] },
    { id: `${id}-unpack`, type: 'function', z: tab, func: unpack, outputs: 1, wires: [[id]] },
    {
      id,
      type,
      z: tab,
      connection: connectionId,
      parameters: {},
      waitForCompletion: false,
      pollInterval: 1000,
      paging: 'all',
      ...properties,
      wires: [[`${id}-pack`]],
    },
    { id: `${id}-pack`, type: 'function', z: tab, func: pack, outputs: 1, wires: [[`${id}-out`]] },
    { id: `${id}-out`, type: 'http response', z: tab, statusCode: '', headers: {}, wires: [] },
    { id: `${id}-catch`, type: 'catch', z: tab, scope: [id], uncaught: false, wires: [[`${id}-fail`]] },
    { id: `${id}-fail`, type: 'function', z: tab, func: fail, outputs: 1, wires: [[`${id}-out`]] },
  ];
}

/** An event node whose messages are posted to a collector URL of the test. */
export function eventRoute(
  id: string,
  type: string,
  parameters: Record<string, string>,
  collectorUrl: string,
) {
  return [
    {
      id,
      type,
      z: tab,
      connection: connectionId,
      parameters: Object.fromEntries(
        Object.entries(parameters).map(([name, value]) => [name, { value, type: 'str' }]),
      ),
      publicUrl: '',
      publicUrlType: 'str',
      wires: [[`${id}-pack`]],
    },
    { id: `${id}-pack`, type: 'function', z: tab, func: pack, outputs: 1, wires: [[`${id}-post`]] },
    {
      id: `${id}-post`,
      type: 'http request',
      z: tab,
      method: 'POST',
      ret: 'txt',
      paytoqs: 'ignore',
      url: `${collectorUrl}/${id}`,
      wires: [[]],
    },
  ];
}

export const tabNode = { id: tab, type: 'tab', label: 'WorkSpan tests' };
