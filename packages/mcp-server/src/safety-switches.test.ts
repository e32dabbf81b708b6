import { describe, expect, it } from 'vitest';
import { connectStdio } from './test-support/server-process.js';
import { toolList } from './tools/tool-list.js';

describe('the safety switches', () => {
  it('read-only offers only tools that change nothing, and no watches', () => {
    const tools = toolList({ readOnly: true });
    expect(tools.length).toBeGreaterThan(5);
    for (const tool of tools)
      expect(tool.definition.annotations.readOnlyHint, tool.definition.name).toBe(true);
    expect(
      tools.map((tool) => tool.definition.name).filter((name) => name.startsWith('workspan_watch_')),
    ).toEqual([]);
  });

  it("a resource filter offers only those resources' tools", () => {
    expect(toolList({ resources: ['report'] }).map((tool) => tool.definition.name)).toEqual([
      'workspan_report_get_many',
      'workspan_report_get_rows',
    ]);
    expect(toolList({ resources: ['event'] }).map((tool) => tool.definition.name)).toContain(
      'workspan_watch_read',
    );
  });

  it('both apply to the running server, and a tool left out cannot be called', async () => {
    const session = await connectStdio({ WORKSPAN_MCP_READ_ONLY: 'true' }, [
      '--resources',
      'bulkLoad,report',
    ]);
    try {
      const { tools } = await session.client.listTools();
      expect(tools.map((tool) => tool.name).sort()).toEqual([
        'workspan_bulk_load_get_status',
        'workspan_report_get_many',
        'workspan_report_get_rows',
      ]);
      const refused = session.client.callTool({
        name: 'workspan_bulk_load_load_data',
        arguments: { integrationId: 'WS-Integration_crm_opportunity', data: 'a\n1\n' },
      });
      await expect(refused).rejects.toThrow(/no tool named "workspan_bulk_load_load_data"/);
    } finally {
      await session.close();
    }
  });
});
