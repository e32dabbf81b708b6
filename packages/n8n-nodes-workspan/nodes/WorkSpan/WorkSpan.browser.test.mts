// The nodes' forms as n8n's editor renders them, in a real browser (Chromium): one operation per
// resource and the trigger, the record pickers and the canvas subtitles. Screenshots are kept in
// test-artifacts/ for a person to look at.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDebianPackage } from '@workspan-kit/test-kit';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../runtime/n8n-runtime.mts';
import { owner, type RunningN8n, startN8n } from '../../test-support/n8n-instance.mts';
import { startTestSandbox, type TestSandbox, waitFor } from '../../test-support/sandbox.mts';
import {
  type CredentialRef,
  createCredential,
  createWorkflow,
  nodeTypes,
  workflow,
} from '../../test-support/workflows.mts';

const artifacts = join(packageRoot, 'test-artifacts');
let sandbox: TestSandbox;
let n8n: RunningN8n;
let credential: CredentialRef;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(artifacts, { recursive: true });
  const executablePath = await ensureDebianPackage('chromium', '/usr/bin/chromium');
  sandbox = await startTestSandbox();
  n8n = await startN8n();
  credential = await createCredential(n8n, 'WorkSpan sandbox', sandbox.credentialData);
  browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
});

afterAll(async () => {
  await browser?.close();
  await n8n?.close();
  await sandbox?.close();
});

/** One node of each kind the form has: a list source, a file, rows, pages and filters, the trigger. */
const forms = [
  {
    name: 'Load Data',
    type: nodeTypes.workSpan,
    // The plain ID a workflow saved before the pickers: still shown and kept.
    parameters: {
      resource: 'bulkLoad',
      operation: 'loadData',
      integrationId: 'WS-Integration_crm_opportunity',
    },
    shows: ['Integration', 'Data Source'],
    subtitle: 'Bulk Load: Load Data',
  },
  {
    name: 'Add Audit Entry',
    type: nodeTypes.workSpan,
    parameters: { resource: 'object', operation: 'addAudit' },
    shows: ['Object ID', 'Status Code'],
    subtitle: 'Object: Add Audit Entry',
  },
  {
    name: 'Get Rows',
    type: nodeTypes.workSpan,
    parameters: { resource: 'report', operation: 'getData' },
    shows: ['Report', 'Return All'],
    subtitle: 'Report: Get Rows',
  },
  {
    name: 'List Integrations',
    type: nodeTypes.workSpan,
    parameters: { resource: 'metadata', operation: 'listIntegrations' },
    shows: ['Resource', 'Operation'],
    subtitle: 'Metadata: List Integrations',
  },
  {
    name: 'Get Subscription',
    type: nodeTypes.workSpan,
    parameters: { resource: 'subscription', operation: 'read' },
    shows: ['Subscriber ID'],
    subtitle: 'Subscription: Get',
  },
  {
    name: 'WorkSpan Trigger',
    type: nodeTypes.workSpanTrigger,
    parameters: { eventSource: 'objectEvent' },
    shows: ['Event Source', 'Events'],
    subtitle: 'On Object Event',
  },
];

async function signIn() {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(`${n8n.url}/signin`);
  await page.locator('input[type="email"], input[name="emailOrLdapLoginId"]').first().fill(owner.email);
  await page.locator('input[type="password"]').first().fill(owner.password);
  await page.keyboard.press('Enter');
  await page.waitForURL((url) => !url.pathname.startsWith('/signin'), { timeout: 60_000 });
  return page;
}

let created: { definition: ReturnType<typeof workflow>; id: string } | undefined;
/** The forms side by side rather than chained: each is opened on its own. */
async function formsWorkflow() {
  if (created) return created;
  const definition = workflow('editor forms', forms, credential);
  definition.connections = {};
  created = { definition, id: await createWorkflow(n8n, definition) };
  return created;
}

describe("the nodes in n8n's editor", () => {
  it('picks a report From List, searched as one types, or By ID', async () => {
    const { definition, id } = await formsWorkflow();
    const page = await signIn();
    // The report picker: From List by default, searched as one types; By ID beside it.
    const rows = definition.nodes.find((candidate) => candidate.name === 'Get Rows');
    await page.goto(`${n8n.url}/workflow/${id}/${rows?.id}`);
    const panel = page.locator('[data-test-id="ndv"]');
    await panel.waitFor({ state: 'visible', timeout: 60_000 });
    const picker = panel.locator('[data-test-id="resource-locator-reportId"]').first();
    await picker.waitFor({ state: 'visible', timeout: 30_000 });
    await picker.locator('[data-test-id="rlc-input"]').first().click();
    // The list opens in a popover of its own, outside the panel.
    const items = page.locator('[data-test-id="rlc-item"]');
    await items.first().waitFor({ state: 'visible', timeout: 30_000 });
    const everything = await items.count();
    expect(everything).toBeGreaterThan(1);
    await page.screenshot({ path: join(artifacts, 'picker-1-report-list.png') });
    // As rendered: the name is the first line, the description the next.
    // biome-ignore lint/performance/useDomNodeTextContent: textContent runs name and description together
    const first = (await items.first().innerText()).trim().split('\n')[0] ?? '';
    await page.getByPlaceholder('Search...').first().fill(first.slice(0, 6));
    await waitFor(async () => {
      const shown = await items.count();
      return shown > 0 && shown < everything ? shown : undefined;
    }, 'the searched list');
    await page.screenshot({ path: join(artifacts, 'picker-2-report-searched.png') });
    await items.first().click();
    const values = async () =>
      Promise.all((await picker.locator('input').all()).map((input) => input.inputValue()));
    await waitFor(async () => ((await values()).includes(first) ? true : undefined), 'the chosen report');
    await page.screenshot({ path: join(artifacts, 'picker-3-report-chosen.png') });
    // By ID: the mode menu offers it, and a value that is no report ID is flagged in the form.
    await picker.locator('[data-test-id="rlc-mode-selector"]').first().click();
    await page.getByText('By ID', { exact: true }).last().click();
    await picker
      .locator('[data-test-id="rlc-input"] input, input[data-test-id="rlc-input"]')
      .first()
      .fill('twelve');
    const issues = picker.locator('xpath=..').locator('[data-test-id="parameter-issues"]').first();
    await issues.waitFor({ state: 'visible', timeout: 30_000 });
    await issues.hover();
    await page.getByText('Not a valid Report ID').first().waitFor({ state: 'visible', timeout: 30_000 });
    await page.screenshot({ path: join(artifacts, 'picker-4-report-by-id-refused.png') });
    await picker
      .locator('[data-test-id="rlc-input"] input, input[data-test-id="rlc-input"]')
      .first()
      .fill('1001');
    await issues.waitFor({ state: 'hidden', timeout: 30_000 });
    await page.screenshot({ path: join(artifacts, 'picker-5-report-by-id.png') });
    await page.close();
  }, 300_000);

  it('renders the form of one operation per resource and of the trigger', async () => {
    const { definition, id } = await formsWorkflow();
    const page = await signIn();
    for (const [index, form] of forms.entries()) {
      const node = definition.nodes.find((candidate) => candidate.name === form.name);
      await page.goto(`${n8n.url}/workflow/${id}/${node?.id}`);
      const panel = page.locator('[data-test-id="ndv"]');
      await panel.waitFor({ state: 'visible', timeout: 60_000 });
      for (const label of form.shows)
        await panel.getByText(label, { exact: true }).first().waitFor({ state: 'visible', timeout: 30_000 });
      // Lists fill through the credential before the picture is taken.
      await panel
        .locator('input[placeholder="Loading options..."]')
        .first()
        .waitFor({ state: 'hidden', timeout: 30_000 });
      await page.screenshot({
        path: join(artifacts, `editor-${index + 1}-${form.name.toLowerCase().replaceAll(' ', '-')}.png`),
      });
    }

    // The canvas: each node's subtitle is what its form shows.
    await page.goto(`${n8n.url}/workflow/${id}`);
    const canvas = page.locator('[data-test-id="canvas-wrapper"], .vue-flow').first();
    await canvas.waitFor({ state: 'visible', timeout: 60_000 });
    for (const form of forms)
      await page
        .getByText(form.subtitle, { exact: true })
        .first()
        .waitFor({ state: 'visible', timeout: 30_000 });
    expect(await page.getByText('getData: report').count()).toBe(0);
    await page.screenshot({ path: join(artifacts, 'editor-canvas-subtitles.png') });

    await page.close();
  }, 300_000);
});
