/**
 * Answers the server's `workspace/configuration` requests for the `kubegrace` section with only the
 * values the user set (user, workspace or folder settings), not the defaults, so a repository's
 * `.kubegrace.yaml` is not masked by defaults: the server merges defaults ← file ← these values.
 */
import * as vscode from 'vscode';
import type { ConfigurationParams } from 'vscode-languageclient';
import { SETTING_KEYS, TOOL_SETTING_KEYS } from '../../shared/settings';

export function explicitSection(section: string, scope: vscode.Uri | undefined): Record<string, unknown> {
  const config = vscode.workspace.getConfiguration(section, scope);
  const result: Record<string, unknown> = {};
  for (const key of ['enable', ...SETTING_KEYS, ...TOOL_SETTING_KEYS]) {
    const inspected = config.inspect(key);
    const value = inspected?.workspaceFolderValue ?? inspected?.workspaceValue ?? inspected?.globalValue;
    if (value !== undefined) result[key] = value;
  }
  return result;
}

/** Middleware for `workspace.configuration`: our section explicitly, everything else as usual. */
export function configurationMiddleware(section: string) {
  return async (params: ConfigurationParams, token: vscode.CancellationToken, next: (params: ConfigurationParams, token: vscode.CancellationToken) => unknown) => {
    const defaults = (await next(params, token)) as unknown[];
    return params.items.map((item, i) =>
      item.section === section ? explicitSection(section, item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined) : Array.isArray(defaults) ? defaults[i] : null,
    );
  };
}
