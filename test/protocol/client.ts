/**
 * A minimal LSP client for protocol tests: spawns the bundled dist/server.js with --stdio and talks
 * JSON-RPC to it. It waits on signals (a notification arriving), never on fixed sleeps.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';

export const SERVER = resolve(__dirname, '../../dist/server.js');

export interface Published {
  uri: string;
  version?: number;
  diagnostics: Array<{
    code?: string | number;
    source?: string;
    severity?: number;
    range: { start: { line: number; character: number } };
    message: string;
    relatedInformation?: Array<{ location: { uri: string; range: { start: { line: number; character: number } } }; message: string }>;
    data?: unknown;
  }>;
}

export class TestClient {
  readonly connection: MessageConnection;
  readonly process: ChildProcess;
  readonly published: Published[] = [];
  readonly logs: string[] = [];
  /** Capabilities the server registered dynamically (client/registerCapability). */
  readonly registrations: Array<{ method: string; registerOptions?: unknown }> = [];
  stderr = '';
  private waiters: Array<() => void> = [];
  /** The `kubegrace` section returned to workspace/configuration. */
  configuration: Record<string, unknown> = {};

  /** `env`: the server's environment (PATH to the tools, TMPDIR), the test's own when not given. */
  constructor(options: { env?: NodeJS.ProcessEnv } = {}) {
    this.process = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env: options.env ?? process.env });
    TestClient.running.add(this);
    this.process.on('exit', () => TestClient.running.delete(this));
    this.process.stderr!.on('data', (d) => (this.stderr += String(d)));
    this.connection = createMessageConnection(new StreamMessageReader(this.process.stdout!), new StreamMessageWriter(this.process.stdin!));
    this.connection.onNotification('textDocument/publishDiagnostics', (p: Published) => {
      this.published.push(p);
      this.notify();
    });
    this.connection.onNotification('window/logMessage', (p: { message: string }) => {
      this.logs.push(p.message);
      this.notify();
    });
    this.connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => this.configuration));
    this.connection.onRequest('client/registerCapability', (p: { registrations: Array<{ method: string; registerOptions?: unknown }> }) => {
      this.registrations.push(...p.registrations);
      this.notify();
      return null;
    });
    this.connection.onRequest('workspace/diagnostic/refresh', () => {
      this.refreshes++;
      this.notify();
      return null;
    });
    this.connection.listen();
  }

  refreshes = 0;

  private static readonly running = new Set<TestClient>();

  /** Kills every server still running, so a test that failed before stop() does not hang the run. */
  static killAll(): void {
    for (const client of TestClient.running) {
      client.process.kill();
      client.connection.dispose();
    }
  }

  private notify(): void {
    const waiting = this.waiters;
    this.waiters = [];
    for (const w of waiting) w();
  }

  /** Resolves when `condition` holds, re-checked on every message; rejects after `ms`. */
  async until<T>(condition: () => T | undefined, what: string, ms = 10000): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
      const value = condition();
      if (value !== undefined && value !== false) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; stderr: ${this.stderr}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(1, deadline - Date.now()));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  latest(uri: string, version?: number): Published | undefined {
    const mine = this.published.filter((p) => p.uri === uri && (version === undefined || p.version === version));
    return mine[mine.length - 1];
  }

  /** `params` adds to the InitializeParams, e.g. `rootUri` and `workspaceFolders`. */
  async initialize(capabilities: object, params: object = {}): Promise<{ capabilities: Record<string, unknown>; serverInfo?: unknown }> {
    const result = await this.connection.sendRequest<{ capabilities: Record<string, unknown> }>('initialize', { processId: process.pid, rootUri: null, capabilities, ...params });
    await this.connection.sendNotification('initialized', {});
    return result;
  }

  open(uri: string, text: string, version = 1, languageId = 'yaml'): Promise<void> {
    return this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  change(uri: string, version: number, text: string): Promise<void> {
    return this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  async stop(): Promise<number | null> {
    try {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    } catch {
      // The server may already be gone; the exit code tells.
    }
    const code = await new Promise<number | null>((resolve) => {
      if (this.process.exitCode !== null) resolve(this.process.exitCode);
      else this.process.on('exit', (c) => resolve(c));
    });
    this.connection.dispose();
    return code;
  }
}

/** Capabilities of a client that only takes pushed diagnostics (like Neovim 0.7). */
export const PUSH_CLIENT = {
  textDocument: { hover: { contentFormat: ['plaintext'] }, publishDiagnostics: { relatedInformation: true, versionSupport: true }, codeAction: {} },
  workspace: { configuration: true },
};

/** Capabilities of a client with pull diagnostics and refresh (like VS Code). */
export const PULL_CLIENT = {
  textDocument: { hover: { contentFormat: ['markdown', 'plaintext'] }, diagnostic: { dynamicRegistration: false }, codeAction: {} },
  workspace: { configuration: true, diagnostics: { refreshSupport: true }, didChangeConfiguration: { dynamicRegistration: true } },
};
