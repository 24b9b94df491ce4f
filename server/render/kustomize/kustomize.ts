/**
 * `kubectl kustomize` / `kustomize build` of an overlay folder, with the origin of every object.
 *
 * The user's kustomization is never changed: a temporary kustomization elsewhere lists the overlay
 * as its only resource and asks for `buildMetadata: [originAnnotations, transformerAnnotations]`.
 * Kustomize then writes `config.kubernetes.io/origin` (the file each object came from) and
 * `alpha.config.kubernetes.io/transformations` (which kustomizations patched it) on each object,
 * with paths relative to the temporary folder; `originPath` makes them absolute.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { kustomizeCommand, RenderError, type ToolPaths } from '../tools';
import { makeTempFolder, removeFolder } from '../children';

export const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/** The kustomization file of a folder, if it has one. */
export function kustomizationFile(dir: string): string | undefined {
  return KUSTOMIZATION_FILES.map((f) => join(dir, f)).find((f) => existsSync(f));
}

export interface Built {
  text: string;
  /** The temporary folder the annotation paths are relative to (already removed). */
  base: string;
}

/**
 * Kustomize's error in the user's terms. Its first step is always the temporary wrapper reading the
 * overlay ("accumulating resources from '../../home/me/overlay': … recursed accumulation of path
 * …"), which the user never wrote: that step is dropped. Paths of the wrapper's folder, and of a
 * temporary copy (`copy`: the editor builds a copy holding unsaved text), become the real ones.
 */
export function userMessage(message: string, base: string, targets: string[], copy?: { tmp: string; real: string }): string {
  let out = message;
  for (const target of targets) {
    const quoted = target.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    out = out.replace(new RegExp(`accumulating resources: accumulation err='accumulating resources from '${quoted}': '[^']*' must resolve to a file': recursed accumulation of path '[^']*': `), '');
  }
  out = out.replaceAll(base, '<overlay>');
  return copy ? out.replaceAll(`${copy.tmp}${sep}`, `${copy.real}${sep}`) : out;
}

/** An overlay build made ready: the program to run in `cwd` (the temporary folder), and how it ends. */
export interface OverlayBuild {
  program: string;
  args: string[];
  cwd: string;
  /** The build's output as a Built; removes the temporary folder. */
  finish(text: string): Built;
  /** Removes the temporary folder and throws the error in the user's terms. */
  fail(error: unknown): never;
}

/**
 * Makes the temporary kustomization that asks for origin annotations, and the command that builds
 * it. `copyOf`: `wrapperIn` holds a copy of this folder's files (error messages then name the real files).
 * The CLI's batch (server/cli/render/batch.ts) runs many of these at once.
 */
export function prepareOverlay(dir: string | string[], tools: ToolPaths, wrapperIn = tmpdir(), copyOf?: string): OverlayBuild {
  const command = kustomizeCommand(tools);
  if (!command) throw new RenderError('neither kubectl nor kustomize found on PATH; install one or set kubegrace.kubectlPath (kubectlPath in .kubegrace.yaml)', 'missing-tool');
  // Registered, so that it is removed even when the process exits during the build.
  const base = makeTempFolder('kustomize', wrapperIn);
  const cleanup = () => removeFolder(base);
  // Several overlays may be built at once (one program run for a base's overlays).
  const targets = (Array.isArray(dir) ? dir : [dir]).map((d) => relative(base, resolve(d)).split(sep).join('/'));
  const fail = (error: unknown): never => {
    cleanup();
    if (error instanceof RenderError && error.reason === 'failed') throw new RenderError(userMessage(error.message, base, targets, copyOf ? { tmp: resolve(wrapperIn), real: resolve(copyOf) } : undefined), 'failed');
    throw error;
  };
  try {
    writeFileSync(join(base, 'kustomization.yaml'), `resources:\n${targets.map((t) => `  - ${JSON.stringify(t)}\n`).join('')}buildMetadata: [originAnnotations, transformerAnnotations]\n`);
  } catch (error) {
    return fail(error);
  }
  const finish = (text: string): Built => {
    cleanup();
    return { text, base };
  };
  return { program: command.program, args: [...command.args, base], cwd: base, finish, fail };
}

/**
 * Builds the overlay with `run` (blocking or not), through a temporary kustomization that asks for
 * origin annotations. The temporary folder is removed when the build ends.
 */
export function buildOverlay<T extends string | Promise<string>>(dir: string | string[], tools: ToolPaths, run: (program: string, args: string[], cwd: string) => T, wrapperIn = tmpdir(), copyOf?: string): T extends Promise<string> ? Promise<Built> : Built {
  const build = prepareOverlay(dir, tools, wrapperIn, copyOf);
  let result: T;
  try {
    result = run(build.program, build.args, build.cwd);
  } catch (error) {
    return build.fail(error);
  }
  if (typeof result === 'string') return build.finish(result) as never;
  return (result as Promise<string>).then(build.finish, build.fail) as never;
}

/** An annotation path (relative to the temporary folder) as an absolute path. */
export function originPath(built: Built, path: string): string {
  return resolve(built.base, path);
}
