// The extension's details page (Extensions view → KubeGrace), as a person opens it. The README in
// the .vsix has its images at the repository's addresses (vsce turns `docs/images/x.png` into
// `https://github.com/OWNER/REPO/raw/HEAD/docs/images/x.png`); this machine is offline, so the
// browser is given those addresses from the checkout, and only those: an image whose file is not in
// the repository at that path stays broken and fails the check.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './common.mjs';
import { runCommand } from './page.mjs';

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const repository = pkg.repository.url.replace(/\.git$/, '');

/** Answers requests for `<repository>/raw/HEAD/<path>` with the checkout's file at <path>. */
export async function serveRepositoryImages(page) {
  const prefix = `${repository}/raw/HEAD/`;
  const served = [];
  await page.context().route(`${prefix}**`, async (route) => {
    const path = decodeURIComponent(new URL(route.request().url()).pathname.slice(new URL(prefix).pathname.length));
    const file = join(root, path);
    if (path.includes('..') || !existsSync(file)) return route.fulfill({ status: 404, body: 'not in the repository' });
    served.push(path);
    return route.fulfill({ path: file, contentType: path.endsWith('.png') ? 'image/png' : undefined });
  });
  return served;
}

/** The frame (webviews nest two deep) whose document holds `selector` with `text`, once there is one. */
export async function frameWith(page, selector, text, timeout = 60_000) {
  const until = Date.now() + timeout;
  for (;;) {
    for (const frame of page.frames()) {
      if (await frame.locator(selector, { hasText: text }).count().catch(() => 0)) return frame;
    }
    if (Date.now() > until) throw new Error(`no frame shows ${selector} "${text}"`);
    await page.waitForTimeout(250); // polling the frames: there is no event for "a frame has this text"
  }
}

/**
 * Opens KubeGrace's details page from the Extensions view (its enabled extensions), then hides the
 * side bar so the page has the room; returns the README's frame.
 */
export async function openDetails(page) {
  await runCommand(page, 'Extensions: Show Enabled Extensions');
  const row = page.locator('.extensions-viewlet .monaco-list-row', { hasText: pkg.displayName }).first();
  await row.waitFor({ state: 'visible' });
  await row.click();
  await page.locator('.tabs-container .tab.active', { hasText: `Extension: ${pkg.displayName}` }).waitFor();
  await page.locator('.extension-editor .header .name', { hasText: pkg.displayName }).waitFor({ state: 'visible' });
  await page.keyboard.press('Control+B');
  await page.locator('.part.sidebar').waitFor({ state: 'hidden' });
  return frameWith(page, 'h2', 'What it catches');
}

/** The README's images: each `{ src, loaded }` once the frame has finished loading them. */
export async function readmeImages(frame) {
  await frame.waitForFunction(() => [...document.images].every((img) => img.complete));
  return frame.evaluate(() => [...document.images].map((img) => ({ src: img.getAttribute('src'), loaded: img.naturalWidth > 0 })));
}
