#!/usr/bin/env node
// What a person sees: Playwright drives the same workbench (code-server + headless Chromium, the
// packaged .vsix installed) like a user would, waits on what appears on screen and takes screenshots.
//   Ctrl+P → bad.yaml · the warning squiggles · hover → the termination timeline · Ctrl+. → the quick
//   fixes · apply "Add a 5 s preStop delay" → its squiggle goes · the editor title button "Show
//   Termination Timeline" → the webview beside the editor · its budget chain's line link → the
//   editor at that line · undo the fix → the chain's broken link · Extensions view → KubeGrace's details page,
//   the README with its images.
// Every step waits for a selector (or text) with a timeout, never for a fixed time.
//
// `npm run screenshots` writes docs/images/{hover-timeline,quick-fix,timeline-view,extension-details}.png;
// `npm run test:e2e` runs it too (browserCheck), writing to test-results/e2e/screenshots/.
// Options: --out DIR, --skip-setup.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { packageExtension, root, setup } from './lib/common.mjs';
import { openDetails, readmeImages, serveRepositoryImages } from './lib/details.mjs';
import { enlargeHover, LOOK, quickOpen, scrollNearTop, squiggleOn } from './lib/page.mjs';
import { startWorkbench } from './lib/workbench.mjs';

const STEP_TIMEOUT_MS = 60_000;

/**
 * Runs the browser-level steps in a fresh workbench; returns counts like the suite's. `log` gets
 * one line per step.
 */
export async function browserCheck({ vsix, out, log = console.log }) {
  mkdirSync(out, { recursive: true });
  const counts = { passed: 0, failed: 0, pending: 0 };
  const session = await startWorkbench({ name: 'browser', extensions: [vsix], workspace: join(root, 'test', 'e2e', 'workspace'), settings: LOOK });
  const { page } = session;
  page.setDefaultTimeout(STEP_TIMEOUT_MS);
  const served = await serveRepositoryImages(page);
  const editor = page.locator('.editor-instance .monaco-editor').first();
  const squiggles = editor.locator('.squiggly-warning');
  let failed = false;
  const step = async (title, body) => {
    if (failed) {
      log(`  - ${title} (skipped after a failure)`);
      counts.pending++;
      return;
    }
    const started = Date.now();
    try {
      await body();
      log(`  ✔ ${title} (${Date.now() - started} ms)`);
      counts.passed++;
    } catch (error) {
      failed = true;
      const shot = join(session.logs, 'failure.png');
      await page.screenshot({ path: shot }).catch(() => {});
      log(`  ✖ ${title}\n      ${String(error.message ?? error).replace(/\n/g, '\n      ')}\n      screenshot: ${shot}`);
      counts.failed++;
    }
  };

  try {
    await step('the workbench opens the test folder', async () => {
      await page.locator('.monaco-workbench .part.statusbar').waitFor();
      await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'bad.yaml' }).waitFor();
    });

    await step('Ctrl+P opens bad.yaml', async () => {
      // The pictures are about the editor: hide the side bar (Ctrl+B), as a person might.
      await page.locator('.explorer-folders-view').click();
      await page.keyboard.press('Control+B');
      await page.locator('.part.sidebar').waitFor({ state: 'hidden' });
      await quickOpen(page, 'bad.yaml');
      await editor.locator('.view-line', { hasText: 'name: cloud-sql-proxy' }).waitFor();
    });

    await step('warning squiggles under web and cloud-sql-proxy, code lenses above the workloads', async () => {
      await squiggles.nth(1).waitFor();
      await squiggleOn(page, '- name: web');
      await squiggleOn(page, '- name: cloud-sql-proxy');
      await editor.locator('.codelens-decoration', { hasText: 'SIGKILL at 30 s' }).first().waitFor();
    });

    await step('hovering the squiggle under web shows the termination timeline', async () => {
      // The container list near the top (the editor has the focus since Ctrl+P opened the file), so
      // the hover opens below it with room for all of it.
      await scrollNearTop(page, 'containers:');
      const at = await squiggleOn(page, '- name: web');
      await page.mouse.move(at.x, at.y);
      const hover = page.locator('.monaco-hover-content', { hasText: 'termination timeline' });
      await hover.waitFor({ state: 'visible' });
      await hover.locator('table').waitFor();
      await enlargeHover(page);
      await hover.getByText('Assumptions:').waitFor({ state: 'visible' });
      await page.screenshot({ path: join(out, 'hover-timeline.png') });
    });

    await step('Ctrl+. on web offers the quick fixes', async () => {
      await page.keyboard.press('Escape');
      await page.locator('.monaco-hover-content', { hasText: 'termination timeline' }).waitFor({ state: 'hidden' });
      const at = await squiggleOn(page, '- name: web');
      await page.mouse.click(at.x, at.y);
      // Away from the text, so that no hover opens over the menu.
      await page.mouse.move(page.viewportSize().width - 100, page.viewportSize().height - 100);
      await page.keyboard.press('Control+.');
      const menu = page.locator('.action-widget');
      await menu.locator('.monaco-list-row', { hasText: 'Add a 5 s preStop delay for web' }).waitFor({ state: 'visible' });
      await menu.locator('.monaco-list-row', { hasText: 'Ignore prestop-missing for Deployment/shop' }).waitFor();
      // The menu sits at the top: the lower half of the editor adds nothing to this picture.
      await page.screenshot({ path: join(out, 'quick-fix.png'), clip: { x: 0, y: 0, width: page.viewportSize().width, height: 460 } });
    });

    await step('applying "Add a 5 s preStop delay for web" removes its squiggle', async () => {
      // The preferred fix comes first and has the focus: Enter applies it, as it would for a person.
      await page.locator('.action-widget .monaco-list-row.focused', { hasText: 'Add a 5 s preStop delay for web' }).waitFor();
      await page.keyboard.press('Enter');
      await editor.locator('.view-line', { hasText: 'seconds: 5' }).first().waitFor();
      await page.waitForFunction(() => document.querySelectorAll('.editor-instance .monaco-editor .squiggly-warning').length === 1);
      await squiggleOn(page, '- name: cloud-sql-proxy');
    });

    await step('the editor title button "Show Termination Timeline" opens the timeline beside the editor', async () => {
      const button = page.locator('.editor-actions .action-label[aria-label^="Show Termination Timeline"]').first();
      await button.waitFor({ state: 'visible' });
      await button.click();
      await page.locator('.tabs-container .tab', { hasText: 'Termination timeline — Deployment/shop' }).waitFor();
      // The webview's page sits in two nested frames.
      const view = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
      await view.locator('svg').first().waitFor({ state: 'visible' });
      await view.getByText('Findings', { exact: true }).waitFor({ state: 'visible' });
      await view.getByText('legacy-sidecar', { exact: true }).waitFor({ state: 'visible' });
      await page.screenshot({ path: join(out, 'timeline-view.png') });
    });

    await step("the timeline's budget chain: a line link opens its line; undoing the fix breaks the traffic link again", async () => {
      const view = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
      await view.getByText('Budget chain', { exact: true }).waitFor({ state: 'visible' });
      // With the 5 s preStop the fix added, both links hold.
      await view.locator('ul.chain li.holds').nth(1).waitFor();
      if ((await view.locator('ul.chain li.broken').count()) > 0) throw new Error('a link is broken after the fix');
      // The traffic link's first line is the Service that selects the pods: a command link to its line.
      const service = view.locator('ul.chain li').first().locator('a').first();
      const label = await service.textContent();
      const line = /^bad\.yaml:(\d+)$/.exec(label ?? '')?.[1];
      if (!line) throw new Error(`the Service link reads "${label}"`);
      await service.click();
      await page.locator('.statusbar-item', { hasText: `Ln ${line}, Col 1` }).waitFor();
      await editor.locator('.view-line', { hasText: 'name: shop' }).first().waitFor();
      // The view follows the document: without the preStop, traffic outlasts the hook (✗, in bold).
      await page.keyboard.press('Control+Z');
      await view.locator('ul.chain li.broken strong', { hasText: 'preStop delay 0 s of web' }).waitFor();
    });

    await step("the extension's details page shows the README with its images and the icon", async () => {
      // Close the timeline: the details page gets the whole editor area.
      const timelineTab = page.locator('.tabs-container .tab', { hasText: 'Termination timeline' });
      await timelineTab.locator('.tab-actions .action-label').click();
      await timelineTab.waitFor({ state: 'detached' });
      const readme = await openDetails(page);
      const images = await readmeImages(readme);
      if (images.length < 3) throw new Error(`the README shows ${images.length} images`);
      const broken = images.filter((image) => !image.loaded);
      if (broken.length > 0) throw new Error(`broken images: ${broken.map((image) => image.src).join(', ')} (served: ${served.join(', ') || 'none'})`);
      // The Marketplace README (packaging/vscode/README.md) links the rule list on the repository.
      await readme.locator('a[href*="docs/rules"]').first().waitFor();
      await page.waitForFunction(() => document.querySelector('.extension-editor .header .icon')?.naturalWidth > 0);
      // The first picture in view, under the page's header (the icon, name and preview badge).
      await readme.locator('img').first().scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(out, 'extension-details.png') });
    });
  } finally {
    await session.stop();
  }
  if (!failed) log(`  screenshots: ${out}`);
  return counts;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { out: { type: 'string' }, 'skip-setup': { type: 'boolean' } } });
  if (!values['skip-setup']) setup();
  const vsix = packageExtension();
  const counts = await browserCheck({ vsix, out: values.out ?? join(root, 'docs', 'images') });
  console.log(`\n${counts.passed} passed, ${counts.failed} failed`);
  process.exit(counts.failed > 0 ? 1 : 0);
}
