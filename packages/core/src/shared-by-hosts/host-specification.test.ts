import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { catalogue, operationIds } from '../catalogue/index.js';
import { hostSpecification } from './host-specification.js';
import { outputFields } from './output-fields.js';

describe('the host specification', () => {
  it('is committed as host-spec.json, fresh (run `pnpm --filter @workspan-kit/core spec` to renew it)', () => {
    const committed = readFileSync(new URL('../../host-spec.json', import.meta.url), 'utf8');
    expect(committed).toBe(`${JSON.stringify(hostSpecification(), null, 2)}\n`);
  });

  it('is plain data: it survives JSON unchanged', () => {
    const specification = hostSpecification();
    expect(JSON.parse(JSON.stringify(specification))).toEqual(JSON.parse(JSON.stringify(specification)));
    expect(specification.operations.map((operation) => operation.id)).toEqual(operationIds);
  });

  it.each(operationIds)('%s documents every output field', (id) => {
    const fields = outputFields(catalogue[id]);
    for (const field of fields) expect(field.description, `${id} ${field.name}`).not.toBe('');
    const topLevel = Object.keys(catalogue[id].output.shape);
    expect(
      fields.filter((field) => !field.name.includes('.') && !field.name.includes('[')).map((f) => f.name),
    ).toEqual(topLevel);
  });

  it('lists nested output fields of lists', () => {
    const names = outputFields(catalogue.GetBulkloadStatus).map((field) => field.name);
    expect(names).toContain('errors[].message');
    expect(outputFields(catalogue.GetBulkloadStatus).find((field) => field.name === 'status')).toMatchObject({
      type: 'string',
      always: true,
    });
  });

  it('marks the lists whose first item gives values of their own, and no other field', () => {
    const marked = operationIds.flatMap((id) =>
      outputFields(catalogue[id])
        .filter((field) => field.firstItemOutputs)
        .map((field) => `${id} ${field.name}`),
    );
    expect(marked).toEqual(['GetExternalId external_ids']);
  });
});
