#!/usr/bin/env node
// The README's picture of a Helm chart template in VS Code: code-server + headless Chromium with the
// packaged .vsix, podinfo's templates/deployment.yaml from the e2e workspace, the warning squiggle on
// the container's template line, and its hover (the timeline of the rendered Deployment, the chart
// named, and why there is no quick fix there). helm and kubectl come from scripts/tools-setup.mjs.
//
//   node test/e2e/render-screenshot.mjs [--out DIR] [--skip-setup]     (default: docs/images)
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { packageExtension, root, setup } from './lib/common.mjs';
import { enlargeHover, LOOK, quickOpen, scrollNearTop, squiggleOn } from './lib/page.mjs';
import { startWorkbench } from './lib/workbench.mjs';

const { values } = parseArgs({ options: { out: { type: 'string' }, 'skip-setup': { type: 'boolean' } } });
const out = values.out ?? join(root, 'docs', 'images');
mkdirSync(out, { recursive: true });
if (!values['skip-setup']) setup();
const bin = execFileSync(process.execPath, [join(root, 'scripts', 'tools-setup.mjs')], { encoding: 'utf8' }).trim().split('\n').pop();
const vsix = packageExtension();
const settings = {
  ...LOOK,
  'kubegrace.helmPath': join(bin, 'helm'),
  'kubegrace.kubectlPath': join(bin, 'kubectl'),
};
const session = await startWorkbench({ name: 'render-screenshot', extensions: [vsix], workspace: join(root, 'test', 'e2e', 'workspace'), settings });
const { page } = session;
page.setDefaultTimeout(90_000);
try {
  await page.locator('.monaco-workbench .part.statusbar').waitFor();
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'bad.yaml' }).waitFor();
  await page.locator('.explorer-folders-view').click();
  await page.keyboard.press('Control+B');
  await page.locator('.part.sidebar').waitFor({ state: 'hidden' });
  // Quick open lists the file by its name, with its folder beside it.
  await quickOpen(page, 'deployment.yaml', 'podinfo/templates/deployment.yaml');
  const editor = page.locator('.editor-instance .monaco-editor').first();
  await editor.locator('.view-line', { hasText: 'kind: Deployment' }).waitFor();
  await scrollNearTop(page, 'containers:');
  await page.waitForFunction(() => document.querySelectorAll('.editor-instance .monaco-editor .squiggly-warning').length > 0);
  const at = await squiggleOn(page, '- name: {{ .Chart.Name }}');
  await page.mouse.move(at.x, at.y);
  const hover = page.locator('.monaco-hover-content', { hasText: 'From chart podinfo' });
  await hover.waitFor({ state: 'visible' });
  await enlargeHover(page);
  await page.screenshot({ path: join(out, 'chart-template.png') });
  console.log(`screenshot: ${join(out, 'chart-template.png')}`);
} finally {
  await session.stop();
}
