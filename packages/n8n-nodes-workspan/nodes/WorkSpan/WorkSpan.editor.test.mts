// The nodes' forms as n8n's editor renders them, in a real browser (Chromium): one operation per
// resource and the trigger. Screenshots are kept in test-artifacts/ for a person to look at.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { ensureChromium } from '../../test-support/chromium.mts';
import { packageRoot } from '../../test-support/n8n-host.mts';
import { owner, type RunningN8n, startN8n } from '../../test-support/n8n-instance.mts';
import { startTestSandbox, type TestSandbox } from '../../test-support/sandbox.mts';
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
  const executablePath = ensureChromium();
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
    parameters: { resource: 'bulkLoad', operation: 'loadData' },
    shows: ['Integration', 'Data Source'],
  },
  {
    name: 'Add Audit Entry',
    type: nodeTypes.workSpan,
    parameters: { resource: 'object', operation: 'addAudit' },
    shows: ['Object ID', 'Status Code'],
  },
  {
    name: 'Get Rows',
    type: nodeTypes.workSpan,
    parameters: { resource: 'report', operation: 'getData' },
    shows: ['Report', 'Return All'],
  },
  {
    name: 'List Integrations',
    type: nodeTypes.workSpan,
    parameters: { resource: 'metadata', operation: 'listIntegrations' },
    shows: ['Resource', 'Operation'],
  },
  {
    name: 'Get Subscription',
    type: nodeTypes.workSpan,
    parameters: { resource: 'subscription', operation: 'read' },
    shows: ['Subscriber ID'],
  },
  {
    name: 'WorkSpan Trigger',
    type: nodeTypes.workSpanTrigger,
    parameters: { eventSource: 'objectEvent' },
    shows: ['Event Source', 'Events'],
  },
];

describe("the nodes in n8n's editor", () => {
  it('renders the form of one operation per resource and of the trigger', async () => {
    const definition = workflow('editor forms', forms, credential);
    // Side by side rather than chained: each is opened on its own.
    definition.connections = {};
    const id = await createWorkflow(n8n, definition);
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`${n8n.url}/signin`);
    await page.locator('input[type="email"], input[name="emailOrLdapLoginId"]').first().fill(owner.email);
    await page.locator('input[type="password"]').first().fill(owner.password);
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => !url.pathname.startsWith('/signin'), { timeout: 60_000 });
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
    await page.close();
  }, 300_000);
});
