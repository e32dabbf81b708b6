import {
  type AnyOperation,
  type FieldDefinition,
  isRunOptionShown,
  planRun,
  runOperation,
  runOptionFields,
  type WorkSpanClient,
} from '@workspan-kit/core';
import { answerList } from '@workspan-kit/core/internal';
import {
  BINARY_ENCODING,
  type IDataObject,
  type IExecuteFunctions,
  type INodeExecutionData,
  type INodeType,
  type INodeTypeDescription,
  NodeConnectionTypes,
  NodeOperationError,
  sleep,
} from 'n8n-workflow';
import {
  findActionOperation,
  workSpanProperties,
  workSpanSubtitle,
  workSpanSummary,
} from '../../shared/action-description';
import { readBatching } from '../../shared/batching';
import { callBudget, createClient } from '../../shared/client';
import { hostParameters } from '../../shared/form-names';
import { listSearch } from '../../shared/list-sources';
import { toNodeError } from '../../shared/node-errors';
import { readOperationInput } from '../../shared/operation-input';
import { credentialType, type StreamFactory } from '../../shared/transport';

type Output = IDataObject | IDataObject[];

const fieldOf = (operation: AnyOperation, test: (field: FieldDefinition) => boolean) =>
  (Object.entries(operation.fields) as [string, FieldDefinition][]).find(([, field]) => test(field));

export class WorkSpan implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'WorkSpan',
    name: 'workSpan',
    icon: { light: 'file:../../icons/workspan.svg', dark: 'file:../../icons/workspan.dark.svg' },
    group: ['transform'],
    version: 1,
    subtitle: workSpanSubtitle,
    // Also the tool description AI agents read: what each operation does, from the catalogue.
    description: workSpanSummary,
    defaults: { name: 'WorkSpan' },
    usableAsTool: true,
    inputs: [NodeConnectionTypes.Main],
    outputs: [NodeConnectionTypes.Main],
    credentials: [{ name: 'workSpanApi', required: true }],
    properties: workSpanProperties,
  };

  methods = { listSearch };

  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    const items = this.getInputData();
    const resource = this.getNodeParameter('resource', 0) as string;
    const key = this.getNodeParameter('operation', 0) as string;
    const operation = findActionOperation(resource, key);
    if (!operation)
      throw new NodeOperationError(this.getNode(), `Unknown operation "${key}" of resource "${resource}"`);
    const credentials = await this.getCredentials(credentialType);
    // The stream class of the binary being uploaded, so the upload stays a stream end to end.
    let streamFactory: StreamFactory | undefined;
    const client = createClient(this, credentials, () => streamFactory);
    const returnData: INodeExecutionData[] = [];
    const emit = (output: Output, itemIndexes: number[]) => {
      const pairedItem = itemIndexes.map((item) => ({ item }));
      for (const json of Array.isArray(output) ? output : [output])
        returnData.push({ json, pairedItem: pairedItem.length === 1 ? pairedItem[0] : pairedItem });
    };
    /** A failure fails the node, or with Continue On Fail becomes the output of its items. */
    const fail = (error: unknown, itemIndexes: number[]) => {
      const nodeError = toNodeError(this.getNode(), operation, error, itemIndexes[0] ?? 0);
      if (!this.continueOnFail()) throw nodeError;
      emit(
        {
          error: nodeError.message,
          ...(nodeError.description ? { description: nodeError.description } : {}),
        },
        itemIndexes,
      );
    };

    const dataField = fieldOf(operation, (field) => field.in === 'data');
    const fileField = fieldOf(operation, (field) => field.in === 'file');
    const oneLoadForAll =
      dataField !== undefined &&
      this.getNodeParameter(hostParameters.dataSource, 0) === 'items' &&
      this.getNodeParameter(hostParameters.rowsPerLoad, 0) === 'allItems';

    const runItem = async (itemIndex: number, rows?: IDataObject[]): Promise<Output> => {
      const input = readOperationInput(operation, (name, fallback) =>
        this.getNodeParameter(name, itemIndex, fallback),
      );
      if (dataField) {
        input[dataField[0]] =
          this.getNodeParameter(hostParameters.dataSource, itemIndex) === 'text'
            ? (this.getNodeParameter(dataField[0], itemIndex) as string)
            : (rows ?? [items[itemIndex]?.json ?? {}]);
      }
      if (fileField) {
        const property = this.getNodeParameter(hostParameters.binaryProperty, itemIndex) as string;
        const binary = this.helpers.assertBinaryData(itemIndex, property);
        // With no format chosen, core takes it from the file name or MIME type.
        const file = { name: binary.fileName ?? property, mimeType: binary.mimeType };
        if (binary.id) {
          const stream = await this.helpers.getBinaryStream(binary.id);
          const { fileSize: size } = await this.helpers.getBinaryMetadata(binary.id);
          // Every binary stream of this n8n is of one class, so items sent together share the factory.
          const from = (stream.constructor as { from?: StreamFactory }).from;
          streamFactory ??= from ? (chunks) => from.call(stream.constructor, chunks) : undefined;
          input[fileField[0]] = { ...file, content: stream, ...(size === undefined ? {} : { size }) };
        } else {
          input[fileField[0]] = { ...file, content: Buffer.from(binary.data, BINARY_ENCODING) };
        }
      }
      return await run(this, client, operation, input, itemIndex, callBudget(credentials));
    };

    if (oneLoadForAll) {
      const all = items.map((_, index) => index);
      try {
        emit(
          await runItem(
            0,
            items.map((item) => item.json),
          ),
          all,
        );
      } catch (error) {
        fail(error, all);
      }
      return [returnData];
    }
    const batching = readBatching(
      this.getNodeParameter(`${hostParameters.options}.${hostParameters.batching}.batch`, 0, {}),
    );
    if ('issue' in batching)
      throw new NodeOperationError(this.getNode(), `Options → Batching → ${batching.issue}`, {
        itemIndex: 0,
      });
    // Items of one batch are sent together; their outputs keep the items' order.
    for (let start = 0; start < items.length; start += batching.size) {
      if (start > 0 && batching.intervalMs > 0) await sleep(batching.intervalMs);
      const batch = items.slice(start, start + batching.size).map((_, offset) => start + offset);
      const outcomes = await Promise.allSettled(batch.map((itemIndex) => runItem(itemIndex)));
      for (const [offset, outcome] of outcomes.entries()) {
        const itemIndex = start + offset;
        if (outcome.status === 'fulfilled') emit(outcome.value, [itemIndex]);
        else fail(outcome.reason, [itemIndex]);
      }
    }
    return [returnData];
  }
}

/** One item's run through core's pipeline: every value checked first, then one call, pages or a load followed. */
async function run(
  context: IExecuteFunctions,
  client: WorkSpanClient,
  operation: AnyOperation,
  input: Record<string, unknown>,
  itemIndex: number,
  budget: { limit: number; windowMs: number },
): Promise<Output> {
  const given = Object.fromEntries(
    runOptionFields(operation).map((option) => [
      option.name,
      // A parameter the form hides is not stored; null reads it as not given.
      context.getNodeParameter(option.name, itemIndex, null),
    ]),
  );
  // An option the form hides (waiting options when not waiting) is not the user's choice.
  const options = Object.fromEntries(
    runOptionFields(operation)
      .filter((option) => isRunOptionShown(option, operation, given))
      .map((option) => [option.name, given[option.name]]),
  );
  const plan = planRun(operation, input, options);
  // Stopping the execution in n8n cancels the call in flight and any wait for a bulk load.
  const signal = context.getExecutionCancelSignal();
  const outcome = await runOperation(client, plan, { callBudget: budget, ...(signal ? { signal } : {}) });
  switch (outcome.kind) {
    case 'answer': {
      // An answer wrapping the list it is about (List Integrations) gives one item per entry.
      const list = answerList(operation, outcome.answer);
      return list ? (list as IDataObject[]) : (outcome.answer as IDataObject);
    }
    case 'items':
      return outcome.items as IDataObject[];
    case 'bulkload':
      return outcome.status && outcome.summary
        ? { ...(outcome.status as IDataObject), summary: outcome.summary.text }
        : (outcome.answer as IDataObject);
  }
}
