// biome-ignore-all lint/suspicious/noExplicitAny: the editor's globals and playwright are untyped here
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunningSandbox } from '@workspan-kit/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBrowser } from '../runtime/node-red-runtime.mjs';
import { eventually, type NodeRedProcess, startTestbed, type Testbed } from './support/harness.js';

// The editor in a real browser (Debian's Chromium driven by playwright-core): palette, dialogs,
// dropdowns filled from the sandbox, help. Screenshots are kept in test-artifacts/ to look at.
const artifacts = join(import.meta.dirname, '..', 'test-artifacts');
const exampleFile = join(import.meta.dirname, '..', 'examples', 'workspan-every-node.json');

describe('the editor in Chromium', () => {
  let testbed: Testbed;
  let sandbox: RunningSandbox;
  let nodeRed: NodeRedProcess;
  let browser: any;
  let page: any;
  let example: any[];

  const shot = (name: string) => page.screenshot({ path: join(artifacts, `${name}.png`) });
  const closeTray = async () => {
    await page.evaluate(() => (globalThis as any).RED.tray.close());
    await page.waitForFunction(() =>
      [...document.querySelectorAll('.red-ui-tray')].every(
        (tray) => (tray as HTMLElement).offsetParent === null,
      ),
    );
  };
  const openNode = async (id: string) => {
    await page.evaluate((nodeId: string) => {
      const RED = (globalThis as any).RED;
      RED.editor.edit(RED.nodes.node(nodeId));
    }, id);
    // Ready once Node-RED has turned the connection property into its config-node select.
    await page.waitForSelector('.red-ui-tray select#node-input-connection', { state: 'visible' });
    await page.waitForTimeout(300);
  };

  beforeAll(async () => {
    await mkdir(artifacts, { recursive: true });
    const { chromium, executablePath } = await ensureBrowser();
    testbed = await startTestbed({ major: 5, settings: { adminAuth: null } });
    ({ sandbox, nodeRed } = testbed);
    example = JSON.parse(await readFile(exampleFile, 'utf8'));
    const flows = example.map((node) =>
      node.type === 'workspan-connection'
        ? {
            ...node,
            baseUrl: sandbox.url,
            credentials: {
              clientId: sandbox.credentials.clientId,
              clientSecret: sandbox.credentials.clientSecret,
            },
          }
        : node,
    );
    await nodeRed.deploy(flows);
    browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu'] });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(nodeRed.url);
    await page.waitForSelector('.red-ui-palette-node[data-palette-type="workspan-bulk-load"]', {
      timeout: 60_000,
    });
  });
  afterAll(async () => {
    await browser?.close();
    await testbed?.close();
  });

  it('runs the example flows against the sandbox: a bulk load from an inject node, three subscriptions', async () => {
    const subscribers = async () =>
      (
        await (
          await fetch(`${sandbox.url}/_sandbox/subscribers`, {
            headers: { 'x-ws-env': sandbox.credentials.hostname },
          })
        ).json()
      ).subscribers.map((item: any) => item.name);
    await eventually(
      async () => ((await subscribers()).length === 3 ? true : undefined),
      'the example subscriptions',
    );
    expect((await subscribers()).sort()).toEqual([
      'Node-RED example: referrals',
      'Node-RED example: stage changes',
      'Node-RED example: tasks assigned',
    ]);
    const injected = await nodeRed.admin('/inject/ws-example-bulk-load-inject', { method: 'POST' });
    expect(injected.status).toBe(200);
    await eventually(async () => {
      const answer = await fetch(`${sandbox.url}/_sandbox/objects?type=opportunity&limit=1000`, {
        headers: { 'x-ws-env': sandbox.credentials.hostname },
      });
      const names = ((await answer.json()) as any).objects.map((object: any) => object.fields.name);
      return names.includes('Example deal one') && names.includes('Example deal two') ? true : undefined;
    }, 'the example bulk load');
  });

  it('shows every WorkSpan node in a WorkSpan palette category', async () => {
    const types = await page.$$eval('.red-ui-palette-node[data-palette-type^="workspan-"]', (nodes: any[]) =>
      nodes.map((node) => node.getAttribute('data-palette-type')),
    );
    expect(types.sort()).toEqual(
      [
        'workspan-bulk-load',
        'workspan-collaboration-event',
        'workspan-metadata',
        'workspan-object',
        'workspan-object-event',
        'workspan-partner-center-referral-submit',
        'workspan-report',
        'workspan-subscription',
      ].sort(),
    );
    const categories = await page.$$eval(
      '.red-ui-palette-node[data-palette-type^="workspan-"]',
      (nodes: any[]) =>
        nodes.map((node) =>
          node
            .closest('.red-ui-palette-category')
            ?.querySelector('.red-ui-palette-header')
            ?.textContent?.trim(),
        ),
    );
    expect(new Set(categories)).toEqual(new Set(['WorkSpan']));
    const labels = await page.$$eval(
      '.red-ui-palette-node[data-palette-type^="workspan-"] .red-ui-palette-label',
      (nodes: any[]) => nodes.map((node) => node.textContent.replace(/\s+/g, ' ').trim()),
    );
    expect(labels).toContain('bulk load');
    expect(labels).toContain('object event');
    await shot('palette');
  });

  it('renders the connection dialog with its credentials masked', async () => {
    await page.evaluate(() =>
      (globalThis as any).RED.editor.editConfig('', 'workspan-connection', 'ws-example-connection'),
    );
    await page.waitForSelector('#node-config-input-hostname', { state: 'visible' });
    await page.waitForTimeout(300);
    expect(await page.inputValue('#node-config-input-hostname')).toBe('demo.workspan.com');
    expect(await page.getAttribute('#node-config-input-clientSecret', 'type')).toBe('password');
    expect(await page.inputValue('#node-config-input-clientSecret')).not.toBe(
      sandbox.credentials.clientSecret,
    );
    expect(await page.isVisible('#node-config-input-baseUrl')).toBe(true);
    expect(await page.textContent('.red-ui-tray')).toContain('Application User Secret');
    await shot('connection-dialog');
    await closeTray();
  });

  it("renders each action node's dialog and fills the integration dropdown from the sandbox", async () => {
    for (const node of example.filter((candidate) =>
      /^workspan-(bulk-load|object|report|metadata|subscription)$/.test(candidate.type),
    )) {
      await openNode(node.id);
      const text = await page.textContent('.red-ui-tray');
      expect(text).toContain('Connection');
      expect(await page.isVisible('#node-input-operation')).toBe(true);
      await shot(`dialog-${node.type}`);
      if (node.type === 'workspan-bulk-load') {
        await page.click('#node-input-workspan-BulkloadData-integrationId-refresh');
        await page.waitForFunction(() =>
          /loaded/.test(
            document.querySelector('#node-input-workspan-BulkloadData-integrationId-status')?.textContent ??
              '',
          ),
        );
        expect(await page.textContent('#node-input-workspan-BulkloadData-integrationId-status')).toBe(
          '3 loaded',
        );
        await page.click('.workspan-operation[data-operation="BulkloadData"] .red-ui-typedInput-container');
        await page.waitForTimeout(300);
        await shot('dialog-bulk-load-integrations');
        const options = await page.$$eval('.red-ui-typedInput-options a', (links: any[]) =>
          links.map((link) => link.textContent),
        );
        expect(options.join(' ')).toContain('WS-Integration_crm_opportunity');
        await page.keyboard.press('Escape');
      }
      await closeTray();
    }
  });

  it('checks an event filter with core’s parser as it is typed, pointing at the mistake', async () => {
    await openNode('ws-example-object-event');
    const filter =
      '.workspan-operation[data-operation="SubscribeObjectEvent"] .red-ui-typedInput-input-wrap input';
    const inputs = await page.$$(filter);
    const last = inputs[inputs.length - 1];
    await last.fill('(stage in ["won", "lost"]) AND');
    await last.dispatchEvent('change');
    await page.waitForTimeout(200);
    const message = await page.textContent('#node-input-workspan-SubscribeObjectEvent-filters-error');
    expect(message).toMatch(/^Expected .+ at line 1, column \d+/);
    await shot('dialog-object-event-bad-filter');
    await last.fill('(stage in ["won", "lost"])');
    await last.dispatchEvent('change');
    await page.waitForTimeout(200);
    expect(await page.textContent('#node-input-workspan-SubscribeObjectEvent-filters-error')).toBe('');
    await closeTray();
  });

  it("shows each node's help in Node-RED's style", async () => {
    for (const type of [...new Set(example.map((node) => node.type as string))].filter((name) =>
      name.startsWith('workspan-'),
    )) {
      await page.evaluate((nodeType: string) => (globalThis as any).RED.sidebar.help.show(nodeType), type);
      await page.waitForTimeout(200);
      const help = await page.textContent('#red-ui-sidebar');
      if (type !== 'workspan-connection') expect(help, type).toContain('Outputs');
      expect(help, type).toContain('References');
      if (type.endsWith('bulk-load')) {
        expect(help).toContain('Inputs');
        expect(help).toContain('Details');
        await shot('help-bulk-load');
      }
    }
  });
});
