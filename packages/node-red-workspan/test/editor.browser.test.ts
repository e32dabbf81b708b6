// biome-ignore-all lint/suspicious/noExplicitAny: the editor's globals and playwright are untyped here
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunningSandbox } from '@workspan-kit/sandbox';
import { sandboxAdmin } from '@workspan-kit/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBrowser } from '../runtime/node-red-runtime.mjs';
import { eventually, type NodeRedProcess, startTestbed, type Testbed } from './test-support/harness.js';

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

  /** Types into the object event node's Filters (its last typed input) and lets the check run. */
  const typeFilter = async (text: string) => {
    const inputs = await page.$$(
      '.workspan-operation[data-operation="SubscribeObjectEvent"] .red-ui-typedInput-input-wrap input',
    );
    const last = inputs[inputs.length - 1];
    await last.fill(text);
    await last.dispatchEvent('change');
    await page.waitForTimeout(200);
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
      (await sandboxAdmin(sandbox, '/subscribers')).subscribers.map((item: any) => item.name);
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
      const { objects } = await sandboxAdmin(sandbox, '/objects?type=opportunity&limit=1000');
      const names = objects.map((object: any) => object.fields.name);
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

  it('shows a choice in words and saves the API value: "CSV" for csv', async () => {
    const node = example.find((candidate) => candidate.type === 'workspan-bulk-load');
    await openNode(node.id);
    const format = '.workspan-operation[data-operation="BulkloadData"] [data-property="dataFormat"]';
    await page.click(`${format} .red-ui-typedInput-option-trigger`);
    const menu = '.red-ui-typedInput-options:visible a';
    await page.waitForSelector(menu);
    const options = await page.$$eval(menu, (links: any[]) => links.map((link) => link.textContent.trim()));
    expect(options).toEqual(['CSV', 'JSON']);
    await page.click(`${menu}:has-text("JSON")`);
    await shot('dialog-bulk-load-format');
    const saved = await page.$eval(
      '#node-input-workspan-BulkloadData-dataFormat',
      (input: any) => input.value,
    );
    expect(saved).toBe('json');
    await closeTray();
  });

  it('checks an event filter with core’s parser as it is typed, pointing at the mistake', async () => {
    await openNode('ws-example-object-event');
    await typeFilter('(stage in ["won", "lost"]) AND');
    const message = await page.textContent('#node-input-workspan-SubscribeObjectEvent-filters-error');
    expect(message).toMatch(/^Expected .+ at line 1, column \d+/);
    await shot('dialog-object-event-bad-filter');
    await typeFilter('(stage in ["won", "lost"])');
    expect(await page.textContent('#node-input-workspan-SubscribeObjectEvent-filters-error')).toBe('');
    await closeTray();
  });

  it('points the filter mistake’s ^ at its column, under the filter as typed', async () => {
    await openNode('ws-example-object-event');
    await typeFilter('stage = "won" AND amount >');
    const error = '#node-input-workspan-SubscribeObjectEvent-filters-error';
    // As rendered: collapsed white space would move the ^ off its column.
    // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is what is checked
    const [first, shown, caret] = (await page.$eval(error, (element: any) => element.innerText)).split('\n');
    const column = Number(/column (\d+)/.exec(first ?? '')?.[1]);
    expect(shown?.trim()).toBe('stage = "won" AND amount >');
    expect(caret?.indexOf('^')).toBe((shown ?? '').indexOf('s') + column - 1);
    // In a fixed-width font, so that the ^ stands under that column.
    const x = await page.$eval(error, (element: any) => {
      // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is what is checked
      const [, line, pointer] = element.innerText.split('\n');
      const width = (text: string) => {
        const context = document.createElement('canvas').getContext('2d') as any;
        context.font = getComputedStyle(element).font;
        return context.measureText(text).width;
      };
      return {
        pointer: width(pointer.slice(0, pointer.indexOf('^'))),
        text: width(line.slice(0, pointer.indexOf('^'))),
      };
    });
    expect(x.pointer).toBeCloseTo(x.text, 0);
    await shot('dialog-object-event-filter-pointer');
    await typeFilter('');
    await closeTray();
  });

  it('leaves an optional empty Filters unmarked, hides Page Number unless one page is read, and stars no msg field', async () => {
    await openNode('ws-example-report');
    const operation = '.workspan-operation[data-operation="GetReportData"]';
    const filters = `${operation} [data-property="filters"] .red-ui-typedInput-container`;
    expect(await page.$eval(filters, (element: any) => element.classList.contains('input-error'))).toBe(
      false,
    );
    const pageNumber = `${operation} [data-property="pageNumber"]`;
    for (const [mode, visible] of [
      ['all', false],
      ['limit', false],
      ['page', true],
    ] as const) {
      await page.selectOption('#node-input-paging', mode);
      expect(await page.isVisible(pageNumber), mode).toBe(visible);
    }
    // An action node's property may come from msg: no required star, and the dialog says so.
    const labels = await page.$$eval(`${operation} .form-row > label`, (elements: any[]) =>
      elements.map((element) => element.textContent),
    );
    expect(labels.join(' ')).not.toContain('*');
    expect(await page.getAttribute(`#node-input-workspan-GetReportData-reportId`, 'placeholder')).toBe(
      'msg.reportId',
    );
    await closeTray();
  });

  it('lays the connection dialog out with labels on one line and multi-line Notes', async () => {
    await page.evaluate(() =>
      (globalThis as any).RED.editor.editConfig('', 'workspan-connection', 'ws-example-connection'),
    );
    await page.waitForSelector('#node-config-input-hostname', { state: 'visible' });
    await page.waitForTimeout(300);
    const wrapped = await page.$$eval('.red-ui-tray .form-row > label', (labels: any[]) =>
      labels
        .filter((label) => label.offsetParent !== null)
        .filter(
          (label) =>
            label.getBoundingClientRect().height >
            1.5 * Number.parseFloat(getComputedStyle(label).lineHeight),
        )
        .map((label) => label.textContent.trim()),
    );
    expect(wrapped).toEqual([]);
    expect(await page.$eval('#node-config-input-notes', (element: any) => element.tagName)).toBe('TEXTAREA');
    await shot('connection-dialog-layout');
    await closeTray();
  });

  it("documents an event node's msg._delivery.duplicate in its help", async () => {
    await page.evaluate(() => (globalThis as any).RED.sidebar.help.show('workspan-object-event'));
    await page.waitForTimeout(200);
    expect(await page.textContent('#red-ui-sidebar')).toMatch(/duplicate/);
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
