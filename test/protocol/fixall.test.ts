/**
 * Fix-all does not block the server (issue 20): while `source.fixAll.kubegrace` works through a
 * file of hundreds of fixes, a hover sent after it is answered before it, over a real server.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PUSH_CLIENT, TestClient } from './client';

/** N Deployments without a preStop delay, each selected by its Service: one safe fix each. */
function unfixed(n: number): string {
  const docs: string[] = [];
  for (let i = 0; i < n; i++) {
    docs.push(`apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: app-${i}}\nspec:\n  selector: {matchLabels: {app: app-${i}}}\n  template:\n    metadata: {labels: {app: app-${i}}}\n    spec:\n      terminationGracePeriodSeconds: 30\n      containers:\n        - name: web\n          image: example/app-${i}\n          readinessProbe: {httpGet: {path: /ready, port: 8080}}\n`);
    docs.push(`apiVersion: v1\nkind: Service\nmetadata: {name: app-${i}}\nspec:\n  selector: {app: app-${i}}\n  ports: [{port: 80, targetPort: 8080}]\n`);
  }
  return docs.join('---\n');
}

test('a hover is answered while fix-all runs, and fix-all asked again is answered from the first', async () => {
  const client = new TestClient();
  try {
    await client.initialize(PUSH_CLIENT);
    const uri = 'file:///work/fixall.yaml';
    await client.open(uri, unfixed(150));
    await client.until(() => client.latest(uri, 1), 'diagnostics');
    const order: string[] = [];
    const params = { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [], only: ['source.fixAll.kubegrace'] } };
    const fixAll = client.connection.sendRequest<Array<{ edit: { documentChanges: Array<{ edits: Array<{ newText: string }> }> } }>>('textDocument/codeAction', params).then((r) => {
      order.push('fix-all');
      return r;
    });
    const hover = client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 7 } }).then((r) => {
      order.push('hover');
      return r;
    });
    const [actions, answer] = await Promise.all([fixAll, hover]);
    assert.ok(answer, 'the hover has an answer');
    assert.deepEqual(order, ['hover', 'fix-all']);
    const inserted = actions[0]!.edit.documentChanges[0]!.edits[0]!.newText;
    assert.equal(inserted.split('preStop:').length - 1, 150, 'every Deployment gets its preStop delay');
    const again = await client.connection.sendRequest<typeof actions>('textDocument/codeAction', params);
    assert.deepEqual(again, actions);
  } finally {
    await client.stop();
  }
});
