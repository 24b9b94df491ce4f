/**
 * Pushed diagnostics for clients without pull diagnostics (Neovim 0.7 and many others). Changes are
 * coalesced: only the newest version of a document is analysed, once the event loop is idle. A
 * list is sent only when it differs from the last one sent for the document, and never for a
 * version a newer edit has replaced while it was computed (a chart's render may take a while): a
 * user must not see findings vanish and come back because they kept typing.
 */
import { ResponseError, type Connection, type Diagnostic } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { LanguageService } from '../service';
import type { makeGuard } from '../guard';
import { sameDiagnostics } from './pull';

export class PushDiagnostics {
  private readonly pending = new Map<string, TextDocument>();
  /** The last list sent per document. */
  private readonly sent = new Map<string, Diagnostic[]>();
  /** How many lists were sent (the benchmark counts them). */
  published = 0;
  private scheduled = false;

  constructor(
    private readonly connection: Connection,
    private readonly service: LanguageService,
    private readonly guard: ReturnType<typeof makeGuard>,
  ) {}

  schedule(document: TextDocument): void {
    this.pending.set(document.uri, document);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      const batch = [...this.pending.values()];
      this.pending.clear();
      for (const doc of batch) void this.publish(doc);
    });
  }

  all(documents: TextDocument[]): void {
    for (const d of documents) this.schedule(d);
  }

  clear(uri: string): void {
    this.pending.delete(uri);
    this.sent.delete(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] }).catch(() => undefined);
  }

  private readonly publish = (doc: TextDocument) =>
    this.guard('publishDiagnostics', undefined, async () => {
      let diagnostics: Diagnostic[];
      try {
        diagnostics = await this.service.diagnostics(doc.uri);
      } catch (error) {
        // No answer for this version (a render still running): the list shown stays until one comes.
        if (error instanceof ResponseError) return;
        throw error;
      }
      // A newer version is pending or published already; a closed document has been cleared.
      const current = this.service.document(doc.uri);
      if (!current || current.version !== doc.version || this.pending.has(doc.uri)) return;
      // `data.version` changes on every edit while the findings stay: it does not count as a change
      // (quick fixes find their finding by `data.key`). Kept diagnostics are the same objects from
      // version to version, so the comparison costs what changed, not a JSON copy of the whole list
      // (4.3 MB at 5,000 findings, encoded a second time to send it; issue 20).
      const sent = this.sent.get(doc.uri);
      // The newest objects are kept either way: the next comparison finds them by identity.
      this.sent.set(doc.uri, diagnostics);
      if (sent && sameDiagnostics(sent, diagnostics, true)) return;
      this.published++;
      await this.connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics });
    })();
}
