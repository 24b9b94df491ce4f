/**
 * The one settings type and its defaults. The VS Code manifest (`contributes.configuration`), the
 * CLI flags and the server all derive from this file; a test keeps them equal.
 */
import { didYouMean } from './closest';
import { isRuleId, RULE_IDS, type RuleId, type SeveritySetting } from './rules';
import { PLATFORM_NAMES, type PlatformSettings } from './model/paths/profiles';
import { MESH_NAMES, meshVersionProblem, type MeshSettings } from './model/mesh/versions';

export interface Settings {
  /** Target Kubernetes minor version, "1.N". Decides which gates are on (rule book §11). */
  kubernetesVersion: string;
  /** Estimated seconds until a terminating pod stops receiving new requests (N4). */
  endpointPropagationSeconds: number;
  /** Estimated seconds an application needs after SIGTERM to finish in-flight work (§12). */
  shutdownSeconds: number;
  /** Estimated seconds an ALB with ip targets keeps sending new requests to a terminating pod (N5). */
  albDeregistrationSeconds: number;
  /** Estimated seconds an NLB with ip targets keeps sending new connections to a terminating pod (N5). */
  nlbDeregistrationSeconds: number;
  /** Files larger than this many megabytes are not analysed (one information notice instead); 0: no limit. */
  maxFileSizeMB: number;
  /** Where the pods run: a profile (`gke-spot`, `eks-spot`, …) and overrides of its numbers (E3). */
  platform: PlatformSettings;
  /** The mesh versions in use (`{istio: "1.26"}`): whether an injected proxy is a native sidecar. */
  mesh: MeshSettings;
  /** Per-rule severity overrides; `off` disables a rule. */
  rules: Partial<Record<RuleId, SeveritySetting>>;
  /**
   * Feature gates the cluster sets explicitly, as Kubernetes spells them (`ContainerStopSignals: true`).
   * A gate not named here has its version's default (shared/model/gates.ts).
   */
  featureGates: Record<string, boolean>;
}

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
  kubernetesVersion: '1.33',
  endpointPropagationSeconds: 5,
  shutdownSeconds: 10,
  albDeregistrationSeconds: 30,
  nlbDeregistrationSeconds: 120,
  maxFileSizeMB: 5,
  platform: Object.freeze({ profile: 'none' }),
  mesh: Object.freeze({}),
  rules: {},
  featureGates: {},
});

/**
 * The oldest and newest minors the model knows. 1.37 is the latest release (rule book §11); 1.38 is
 * accepted with its planned defaults, named as planned wherever they matter.
 */
export const OLDEST_VERSION = 20;
export const NEWEST_VERSION = 38;

/** The settings that are a number >= 0 (seconds, or megabytes for maxFileSizeMB). */
export const NUMERIC_SETTINGS = ['endpointPropagationSeconds', 'shutdownSeconds', 'albDeregistrationSeconds', 'nlbDeregistrationSeconds', 'maxFileSizeMB'] as const;

/** Every key of the `kubegrace` settings that feeds the model (the editor adds `enable` and `trace`). */
export const SETTING_KEYS = ['kubernetesVersion', ...NUMERIC_SETTINGS, 'platform', 'mesh', 'rules', 'featureGates'] as const;

/** The numbers of `platform` that override its profile's. */
const PLATFORM_NUMBERS = ['nodeShutdownSeconds', 'nodeShutdownCriticalSeconds', 'reclaimNoticeSeconds'] as const;

/** Editor settings naming the programs that render charts and overlays (server/render/). */
export const TOOL_SETTING_KEYS = ['helmPath', 'kubectlPath', 'kustomizePath'] as const;

const SEVERITY_SETTINGS: readonly string[] = ['error', 'warning', 'information', 'hint', 'off'];

/** Parses "1.29", "v1.29", "1.29.3" into the minor number, or undefined. */
export function parseMinor(version: string): number | undefined {
  const match = /^v?1\.(\d{1,3})(?:\.\d+)?$/.exec(version.trim());
  return match ? Number(match[1]) : undefined;
}

function nonNegativeNumber(value: unknown): number | undefined {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) && n >= 0 ? n : undefined;
}

/**
 * Turns raw settings from any source (VS Code configuration, CLI flags, a config file) into
 * `Settings`. Unknown or invalid values fall back to the defaults and are reported in `problems`
 * (worded without the fallback: the editor warns and goes on, the CLI stops with exit 2).
 */
export function normalizeSettings(raw: unknown): { settings: Settings; problems: string[] } {
  const input = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const problems: string[] = [];
  const settings: Settings = { ...DEFAULT_SETTINGS, rules: {}, featureGates: {} };

  if (input.kubernetesVersion !== undefined) {
    const minor = parseMinor(String(input.kubernetesVersion));
    if (minor === undefined) {
      problems.push(`kubernetesVersion "${String(input.kubernetesVersion)}" is not of the form 1.N`);
    } else if (minor < OLDEST_VERSION || minor > NEWEST_VERSION) {
      problems.push(`kubernetesVersion "${String(input.kubernetesVersion)}" is outside 1.${OLDEST_VERSION}–1.${NEWEST_VERSION}, the versions KubeGrace models`);
    } else {
      settings.kubernetesVersion = `1.${minor}`;
    }
  }
  for (const key of NUMERIC_SETTINGS) {
    if (input[key] === undefined) continue;
    const n = nonNegativeNumber(input[key]);
    if (n === undefined) problems.push(`${key} must be a number >= 0, not ${JSON.stringify(input[key])}`);
    else settings[key] = n;
  }
  if (input.platform !== undefined) settings.platform = normalizePlatform(input.platform, problems);
  if (input.mesh !== undefined) settings.mesh = parseMesh(input.mesh, problems);
  if (input.rules && typeof input.rules === 'object') {
    for (const [id, severity] of Object.entries(input.rules as Record<string, unknown>)) {
      if (!isRuleId(id)) problems.push(`unknown rule "${id}" in rules${didYouMean(id, RULE_IDS)}`);
      else if (typeof severity !== 'string' || !SEVERITY_SETTINGS.includes(severity)) {
        problems.push(`rule "${id}": severity must be one of ${SEVERITY_SETTINGS.join(', ')}`);
      } else settings.rules[id] = severity as SeveritySetting;
    }
  }
  if (input.featureGates !== undefined) {
    const gates = parseFeatureGates(input.featureGates);
    settings.featureGates = gates.gates;
    problems.push(...gates.problems);
  }
  return { settings, problems };
}

const GATE_NAME = /^[A-Z][A-Za-z0-9]*$/;

function gateValue(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  const text = typeof value === 'string' ? value.trim().toLowerCase() : undefined;
  return text === 'true' ? true : text === 'false' ? false : undefined;
}

/**
 * Feature gates in the forms Kubernetes and our sources use: `Name=true,Other=false` (the
 * `--feature-gates` flag of the kube components), a mapping `{ Name: true }` (kubeadm, kind and
 * `.kubegrace.yaml`), or a list of either, applied in order so that later values win.
 */
export function parseFeatureGates(raw: unknown): { gates: Record<string, boolean>; problems: string[] } {
  const gates: Record<string, boolean> = {};
  const problems: string[] = [];
  const add = (name: string, value: unknown) => {
    const on = gateValue(value);
    if (!GATE_NAME.test(name)) problems.push(`featureGates: "${name}" is not a feature gate name (they are written like ContainerStopSignals)`);
    else if (on === undefined) problems.push(`featureGates: ${name} must be true or false, not ${JSON.stringify(value)}`);
    else gates[name] = on;
  };
  for (const item of Array.isArray(raw) ? raw : [raw]) {
    if (typeof item === 'string') {
      for (const pair of item.split(',')) {
        if (pair.trim() === '') continue;
        const eq = pair.indexOf('=');
        if (eq < 0) problems.push(`featureGates: "${pair.trim()}" must be written Name=true or Name=false`);
        else add(pair.slice(0, eq).trim(), pair.slice(eq + 1));
      }
    } else if (item && typeof item === 'object' && !Array.isArray(item)) {
      for (const [name, value] of Object.entries(item as Record<string, unknown>)) add(name, value);
    } else {
      problems.push('featureGates must be a mapping of gate names to true or false, or Name=true,Other=false');
    }
  }
  return { gates, problems };
}

/** `platform`: a profile name, or `{profile, nodeShutdownSeconds, nodeShutdownCriticalSeconds, reclaimNoticeSeconds}`. */
function normalizePlatform(raw: unknown, problems: string[]): PlatformSettings {
  const input = (typeof raw === 'string' ? { profile: raw } : raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const platform: PlatformSettings = { profile: 'none' };
  if (input.profile !== undefined) {
    if (typeof input.profile === 'string' && PLATFORM_NAMES.includes(input.profile)) platform.profile = input.profile;
    else problems.push(`platform profile "${String(input.profile)}" is not one of ${PLATFORM_NAMES.join(', ')}${didYouMean(String(input.profile), PLATFORM_NAMES)}`);
  }
  for (const key of PLATFORM_NUMBERS) {
    if (input[key] === undefined) continue;
    const n = nonNegativeNumber(input[key]);
    if (n === undefined) problems.push(`platform.${key} must be a number >= 0, not ${JSON.stringify(input[key])}`);
    else platform[key] = n;
  }
  for (const key of Object.keys(input)) {
    if (key !== 'profile' && !(PLATFORM_NUMBERS as readonly string[]).includes(key)) problems.push(`unknown key "${key}" in platform${didYouMean(key, ['profile', ...PLATFORM_NUMBERS])}`);
  }
  return platform;
}

/**
 * `mesh`: `{istio: "1.26", linkerd: "2.19"}` (editor and `.kubegrace.yaml`), or `istio=1.26,linkerd=2.19`
 * (the CLI's `--mesh`), or a list of either, later values winning.
 */
export function parseMesh(raw: unknown, problems: string[]): MeshSettings {
  const mesh: MeshSettings = {};
  const add = (name: string, version: unknown) => {
    const key = name.trim().toLowerCase();
    const problem = meshVersionProblem(key, typeof version === 'string' ? version.trim() : version);
    if (problem) problems.push(`${problem}${(MESH_NAMES as readonly string[]).includes(key) ? '' : didYouMean(key, MESH_NAMES)}`);
    else mesh[key as keyof MeshSettings] = String(version).trim();
  };
  for (const item of Array.isArray(raw) ? raw.flat() : [raw]) {
    if (typeof item === 'string') {
      for (const pair of item.split(',')) {
        if (pair.trim() === '') continue;
        const eq = pair.indexOf('=');
        if (eq < 0) problems.push(`mesh: "${pair.trim()}" must be written istio=1.N or linkerd=2.N`);
        else add(pair.slice(0, eq), pair.slice(eq + 1));
      }
    } else if (item && typeof item === 'object' && !Array.isArray(item)) {
      for (const [name, version] of Object.entries(item as Record<string, unknown>)) add(name, version);
    } else {
      problems.push('mesh must be a mapping of mesh names (istio, linkerd) to versions');
    }
  }
  return mesh;
}
