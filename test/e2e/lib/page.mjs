// Playwright helpers for VS Code's workbench page: open a file, scroll, find a squiggle, resize a
// hover, run a command. Each waits for what it needs to see, never for a fixed time.

/** Lines of the active editor's text (not the sticky-scroll or other widgets). */
const LINES = '.editor-instance .monaco-editor .view-lines .view-line';

/** Settings that make the pictures about KubeGrace: no minimap, a roomy font. */
export const LOOK = {
  'editor.minimap.enabled': false,
  'editor.stickyScroll.enabled': false,
  'editor.fontSize': 14,
  'editor.hover.delay': 300,
  'editor.hover.above': false,
  'workbench.colorTheme': 'Default Dark Modern',
  'window.commandCenter': false,
  'workbench.layoutControl.enabled': false,
  'breadcrumbs.enabled': false,
  'chat.commandCenter.enabled': false,
};

/** Ctrl+P, then the file (`query` narrows the list where several files share the name). */
export async function quickOpen(page, name, query = name) {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(query);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.tabs-container .tab.active', { hasText: name }).waitFor();
}

/**
 * Scrolls the focused editor a line at a time (Ctrl+Down) until the line containing `text` is at
 * most `offset` pixels below the editor's top, waiting for each scroll to show.
 */
export async function scrollNearTop(page, text, offset = 30) {
  const distance = () =>
    page.evaluate(
      ({ selector, text }) => {
        const editor = document.querySelector('.editor-instance .monaco-editor').getBoundingClientRect();
        const line = [...document.querySelectorAll(selector)].find((l) => l.textContent.includes(text));
        return line ? line.getBoundingClientRect().top - editor.top : Infinity;
      },
      { selector: LINES, text },
    );
  for (let i = 0, before = await distance(); i < 100 && before > offset; i++) {
    await page.keyboard.press('Control+ArrowDown');
    await page.waitForFunction(
      ({ selector, text, before }) => {
        const editor = document.querySelector('.editor-instance .monaco-editor').getBoundingClientRect();
        const line = [...document.querySelectorAll(selector)].find((l) => l.textContent.includes(text));
        return line && line.getBoundingClientRect().top - editor.top < before;
      },
      { selector: LINES, text, before },
    );
    before = await distance();
  }
}

/** The squiggle on the line that contains `lineText` (the editor draws them in their own layer). */
export async function squiggleOn(page, lineText) {
  const box = await page.evaluate((text) => {
    const editor = document.querySelector('.editor-instance .monaco-editor');
    const line = [...editor.querySelectorAll('.view-lines .view-line')].find((l) => l.textContent.replace(/\u00a0/g, ' ').includes(text));
    if (!line) return undefined;
    const top = line.getBoundingClientRect().top;
    const squiggle = [...editor.querySelectorAll('.squiggly-warning')].find((s) => Math.abs(s.getBoundingClientRect().top - top) < 4);
    if (!squiggle) return undefined;
    const r = squiggle.getBoundingClientRect();
    return { x: r.left + r.width / 2, y: r.top + r.height / 2 - 4 };
  }, lineText);
  if (!box) throw new Error(`no warning squiggle on the line "${lineText}"`);
  return box;
}

/**
 * Drags the open hover's south and east edges (a person can resize it the same way) so the whole
 * timeline fits: VS Code opens hovers at most a quarter of the editor high.
 */
export async function enlargeHover(page) {
  const hover = page.locator('.monaco-resizable-hover').filter({ hasText: 'termination timeline' });
  const drag = async (sash, to) => {
    const box = await hover.locator(sash).boundingBox();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(to.x ?? box.x + box.width / 2, to.y ?? box.y + box.height / 2, { steps: 8 });
    await page.mouse.up();
  };
  const viewport = page.viewportSize();
  await drag('.monaco-sash.orthogonal-edge-south', { y: viewport.height - 40 });
  await drag('.monaco-sash.vertical:not(.disabled)', { x: viewport.width - 30 });
  // Back inside the hover (leaving it would close it), and wait until no edge is highlighted.
  const box = await hover.boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  // Sashes draw their highlight in ::before and fade it out.
  await page.waitForFunction(() =>
    [...document.querySelectorAll('.monaco-resizable-hover .monaco-sash')].every((sash) => ['rgba(0, 0, 0, 0)', 'transparent'].includes(getComputedStyle(sash, '::before').backgroundColor)),
  );
}

/** Runs a command from the palette (Ctrl+Shift+P) by its title. */
export async function runCommand(page, title) {
  await page.keyboard.press('Control+Shift+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
  await page.keyboard.press('Enter');
}
