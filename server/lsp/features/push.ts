/**
 * Pushed diagnostics for clients without pull diagnostics (Neovim 0.7 and many others). Changes are
 * coalesced: only the newest version of a document is analysed, once the event loop is idle.
 */
import type { Connection } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { LanguageService } from '../service';
import type { makeGuard } from '../guard';

export class PushDiagnostics {
  private readonly pending = new Map<string, TextDocument>();
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
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  private readonly publish = (doc: TextDocument) =>
    this.guard('publishDiagnostics', undefined, async () => {
      const diagnostics = await this.service.diagnostics(doc.uri);
      await this.connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics });
    })();
}
