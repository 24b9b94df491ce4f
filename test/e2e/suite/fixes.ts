/**
 * Applies every quick fix offered for a document's KubeGrace diagnostics, one at a time, through
 * `workspace.applyEdit`, and checks each: the edit applies (it is versioned), the fixed diagnostic
 * goes away and no other appears, and the text is still valid YAML. The text is restored after each.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { assertValidYaml, diagnosticsEqual, ours, quickFixes, ruleOf, setText, summary } from './helpers';

export interface AppliedFix {
  diagnostic: string;
  title: string;
  /** What the fix inserted (the new texts of its edits). */
  inserted: string;
  /** The document's text after the fix. */
  after: string;
}

export async function applyEachFix(document: vscode.TextDocument, expectedTitles: Record<string, string[]>): Promise<AppliedFix[]> {
  const original = document.getText();
  const before = summary(document);
  assert.deepEqual([...Object.keys(expectedTitles)].sort(), before, 'a fix list is expected for each diagnostic');
  const applied: AppliedFix[] = [];
  try {
    for (const entry of before) {
      const offered = await fixesFor(document, entry);
      assert.deepEqual(offered.map((a) => a.title), expectedTitles[entry], `the quick fixes of ${entry}`);
      for (const title of expectedTitles[entry]!) {
        // Ask again each time: the previous round changed and restored the text (a new version).
        const action = (await fixesFor(document, entry)).find((a) => a.title === title);
        assert.ok(action?.edit, `"${title}" is offered again, with an edit`);
        assert.equal(await vscode.workspace.applyEdit(action.edit), true, `"${title}" applies`);
        const after = document.getText();
        assert.notEqual(after, original, `"${title}" changes the text`);
        assertValidYaml(after, `after "${title}"`);
        // Exactly the fixed diagnostic goes: a stale list (from before the edit) still has it.
        await diagnosticsEqual(document, before.filter((e) => e !== entry), `"${title}" to remove ${entry}`);
        applied.push({ diagnostic: entry, title, inserted: insertedText(action), after });
        await setText(document, original);
        await diagnosticsEqual(document, before, 'the diagnostics of the restored text');
      }
    }
  } finally {
    await setText(document, original);
  }
  return applied;
}

async function fixesFor(document: vscode.TextDocument, entry: string): Promise<vscode.CodeAction[]> {
  const diagnostic = ours(document.uri).find((d) => `${ruleOf(d)}@${document.getText(d.range)}` === entry);
  assert.ok(diagnostic, `the diagnostic ${entry} is there`);
  return quickFixes(document, diagnostic);
}

function insertedText(action: vscode.CodeAction): string {
  return (action.edit?.entries() ?? []).flatMap(([, edits]) => edits.map((e) => e.newText)).join('\n');
}
