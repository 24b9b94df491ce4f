/**
 * The "Budget chain" section of the timeline page (client/src/timelineChain.ts; issue 16): from a
 * real `kubegrace/timeline` answer of the language service, and from hand-built chains for
 * escaping and for lines that cannot be placed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChainLinkView, TimelineResult } from '../../shared/protocol';
import { renderTimelinePage } from '../../client/src/timelineHtml';
import { chainSection, openLocationHref, PAGE_COMMANDS } from '../../client/src/timelineChain';
import { open, WEB } from '../server/harness';

/** Each command link of a page: the command and its decoded arguments. */
function commandLinks(page: string): Array<{ command: string; args: unknown; label: string }> {
  return [...page.matchAll(/<a href="command:([^"?]+)\?([^"]*)"[^>]*>([^<]*)<\/a>/g)].map((m) => ({
    command: m[1]!,
    args: JSON.parse(decodeURIComponent(m[2]!.replace(/&#39;/g, "'").replace(/&amp;/g, '&'))),
    label: m[3]!,
  }));
}

test('a served workload without preStop: the broken traffic link first, emphasised, each line a link to its place', async () => {
  const o = open(WEB);
  const result = (await o.service.timeline({ uri: o.uri, position: { line: 1, character: 0 } })) as TimelineResult;
  const page = renderTimelinePage({ result }, 'n');
  assert.match(page, /<h3>Budget chain<\/h3><p class="summary">The chain breaks at the link marked ✗: start there.<\/p>/);
  const items = [...page.matchAll(/<li class="(holds|broken)"><span class="mark" aria-label="[a-z]+">([✓✗])<\/span>/g)].map((m) => `${m[1]} ${m[2]}`);
  // N3: SIGTERM at 0 s while endpoints still route for the 5 s estimate; G6: 0 s + the 10 s default drain fit 30 s.
  assert.deepEqual(items, ['broken ✗', 'holds ✓']);
  assert.match(page, /<li class="broken"><span class="mark" aria-label="breaks">✗<\/span><strong>traffic stops ≈5 s/);
  // Service/web is on line 21, the container's name on 13, terminationGracePeriodSeconds on 11 (0-based).
  assert.deepEqual(commandLinks(page), [
    { command: 'kubegrace.openLocation', args: [o.uri, 21], label: 'app.yaml:22' },
    { command: 'kubegrace.openLocation', args: [o.uri, 13], label: 'app.yaml:14' },
    { command: 'kubegrace.openLocation', args: [o.uri, 13], label: 'app.yaml:14' },
    { command: 'kubegrace.openLocation', args: [o.uri, 11], label: 'app.yaml:12' },
  ]);
  assert.match(page, /drain ≈10 s <span class="sources">\(setting <code>kubegrace.shutdownSeconds<\/code>\)<\/span>/);
  // Every link runs a command the panel allows; the page still allows no script.
  assert.ok(commandLinks(page).every((l) => PAGE_COMMANDS.includes(l.command)));
  assert.match(page, /content="default-src 'none'; style-src 'nonce-n';"/);
  assert.doesNotMatch(page, /<script/);
});

test('a workload no Service selects has no chain, and the page no section', async () => {
  const o = open(WEB.slice(0, WEB.indexOf('---')));
  const result = (await o.service.timeline({ uri: o.uri, position: { line: 1, character: 0 } })) as TimelineResult;
  assert.equal(result.chain, undefined);
  assert.doesNotMatch(renderTimelinePage({ result }, 'n'), /Budget chain/);
  assert.equal(chainSection([]), '');
});

test('document text is escaped, in the labels and in the command link', () => {
  const evil = `"><script>alert('x')</script>&`;
  const chain: ChainLinkView[] = [
    {
      id: 'grace',
      holds: false,
      text: evil,
      left: [{ text: evil, sources: [{ kind: 'line', what: evil, place: { uri: `file:///w/${encodeURIComponent(evil)}.yaml`, line: 2 } }] }],
      right: [{ text: 'grace period 30 s', sources: [{ kind: 'setting', setting: evil, what: evil }, { kind: 'default', text: evil }] }],
    },
  ];
  const html = chainSection(chain);
  assert.doesNotMatch(html, /<script/);
  assert.doesNotMatch(html, /'x'/);
  const [link] = commandLinks(html);
  assert.deepEqual(link!.args, [`file:///w/${encodeURIComponent(evil)}.yaml`, 2]);
  assert.equal(link!.label, '&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;.yaml:3');
  assert.ok(openLocationHref({ uri: 'file:///a b.yaml', line: 0 }).startsWith('command:kubegrace.openLocation?%5B%22file'));
});

test('a line that can no longer be placed is left out, not shown as a dead link', () => {
  const html = chainSection([
    { id: 'traffic', holds: true, text: 't', left: [{ text: 'traffic stops ≈5 s', sources: [{ kind: 'line', what: 'Service/gone' }] }], right: [{ text: 'preStop delay 5 s of web', sources: [] }] },
  ]);
  assert.match(html, /<p class="summary">Every link holds.<\/p>/);
  assert.match(html, /<li class="holds"><span class="mark" aria-label="holds">✓<\/span>traffic stops ≈5 s ≤ preStop delay 5 s of web<\/li>/);
  assert.doesNotMatch(html, /Service\/gone|<a /);
});
