/**
 * The workspace index over LSP: the folders from `initialize`, their `files.exclude`, the
 * background scan started on `initialized`, file watching (registered dynamically when the client
 * can), folder changes, and re-reading a file from disk when its editor closes.
 */
import { CONFIG_FILES } from '../engine/config';
import { pathToFileURL } from 'node:url';
import {
  DidChangeWatchedFilesNotification,
  FileChangeType,
  type Connection,
  type DidChangeWatchedFilesParams,
  type InitializeParams,
  type ServerCapabilities,
  type WorkspaceFolder,
} from 'vscode-languageserver';
import { folderOf, isYamlPath, pathOf } from '../workspace/folders';
import { indexFolder, reindexFile, type ScanToken } from '../workspace/files';
import type { WorkspaceIndex } from '../workspace/index';
import { answered } from './guard';

/** The files the client watches for us. */
export const WATCHED_GLOB = '**/*.{yaml,yml}';

export class WorkspaceConnection {
  private folders: WorkspaceFolder[] = [];
  private watchRegistration = false;
  private configuration = false;
  private folderEvents = false;
  private readonly scans = new Map<string, ScanToken>();

  constructor(
    private readonly connection: Connection,
    private readonly index: WorkspaceIndex,
  ) {}

  /** Reads the folders and the client's capabilities; returns the capabilities this part adds. */
  initialize(params: InitializeParams): Pick<ServerCapabilities, 'workspace'> {
    const caps = params.capabilities.workspace;
    this.watchRegistration = caps?.didChangeWatchedFiles?.dynamicRegistration === true;
    this.configuration = caps?.configuration === true;
    this.folderEvents = caps?.workspaceFolders === true;
    const root = params.rootUri ?? (params.rootPath ? pathToFileURL(params.rootPath).href : null);
    this.folders = params.workspaceFolders ?? (root ? [{ uri: root, name: root }] : []);
    return this.folderEvents ? { workspace: { workspaceFolders: { supported: true, changeNotifications: true } } } : {};
  }

  /** Registers the watcher and starts indexing in the background; returns at once. */
  initialized(): void {
    if (this.watchRegistration) {
      void this.connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: WATCHED_GLOB }, { globPattern: `**/{${CONFIG_FILES.join(',')}}` }] }).catch(() => undefined);
    }
    if (this.folderEvents) {
      this.connection.workspace.onDidChangeWorkspaceFolders((event) => {
        for (const folder of event.removed) this.remove(folder);
        event.added.forEach((folder) => void this.add(folder));
      });
    }
    this.folders.forEach((folder) => void this.add(folder));
  }

  /** Created and changed files are read again, deleted ones (and files below a deleted folder) dropped. */
  async watchedFiles(params: DidChangeWatchedFilesParams): Promise<void> {
    for (const change of params.changes) {
      if (change.type === FileChangeType.Deleted) {
        if (isYamlPath(pathOf(change.uri) ?? '')) this.index.remove(change.uri);
        else this.index.removeUnder(change.uri);
      } else {
        await reindexFile(this.index, change.uri);
      }
    }
  }

  /** A closed document's entry comes from the disk again (its unsaved changes are gone). */
  closed(uri: string): Promise<void> {
    return reindexFile(this.index, uri);
  }

  private async add(workspaceFolder: WorkspaceFolder): Promise<void> {
    const exclude = this.configuration
      ? await answered(this.connection.workspace.getConfiguration({ scopeUri: workspaceFolder.uri, section: 'files.exclude' }), undefined)
      : undefined;
    const folder = folderOf(workspaceFolder.uri, exclude);
    // Virtual workspaces (other URI schemes) are not on disk: their documents stand alone.
    if (!folder) return;
    this.index.addFolder(folder);
    // A folder added again (removed and re-added) is scanned again; the older scan stops.
    const previous = this.scans.get(folder.path);
    if (previous) previous.cancelled = true;
    const token: ScanToken = { cancelled: false };
    this.scans.set(folder.path, token);
    const started = Date.now();
    // Work-done progress ($/progress) shows the scan in the client's status bar; a client that
    // cannot show it gets a reporter that sends nothing.
    const reporter = await answered(this.connection.window.createWorkDoneProgress(), undefined);
    reporter?.begin('KubeGrace: indexing YAML files', undefined, workspaceFolder.name);
    const result = await indexFolder(this.index, folder, token, undefined, (files) => reporter?.report(`${files} files of ${workspaceFolder.name}`)).finally(() => reporter?.done());
    if (token.cancelled) return;
    this.index.touchAll();
    const large = result.skippedLarge > 0 ? `; ${result.skippedLarge} larger than 1 MiB skipped` : '';
    this.connection.console.log(`kubegrace: indexed ${result.files} YAML files of ${folder.uri} in ${Date.now() - started} ms${large}`);
  }

  private remove(workspaceFolder: WorkspaceFolder): void {
    const path = pathOf(workspaceFolder.uri);
    const scan = path === undefined ? undefined : this.scans.get(path);
    if (scan) scan.cancelled = true;
    this.index.removeFolder(workspaceFolder.uri);
  }
}
