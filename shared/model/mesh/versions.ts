/**
 * The mesh versions of the `mesh` setting, and what each version's injector does by default: whether
 * the proxy it adds is a native sidecar (rule book SC1, SC2) and which pod annotations it reads.
 * Plain data and pure functions, so the settings module can validate versions. Sources:
 * docs/research.md, "Mesh versions" (istio/istio and linkerd/linkerd2 at the tags named there).
 */

/** `mesh:` in `.kubegrace.yaml`, `kubegrace.mesh` in the editor, `--mesh` on the command line. */
export interface MeshSettings {
  /** The Istio control plane's version, "1.N" (patch releases and a `v` are accepted). */
  istio?: string;
  /** The Linkerd release: "2.N" (a stable line, also `version-2.N`, `stable-2.N.P`) or "edge-YY.M.N". */
  linkerd?: string;
}

export const MESH_NAMES = ['istio', 'linkerd'] as const;

/** Istio's minor from "1.27", "v1.27.3", "1.27.0-beta.1". */
export function istioMinor(version: string): number | undefined {
  const match = /^v?1\.(\d{1,3})(?:\.\d+)?(?:-[\w.]+)?$/.exec(version.trim());
  return match ? Number(match[1]) : undefined;
}

/**
 * A Linkerd release as one comparable number: a stable line 2.N as its minor, an edge release
 * `edge-YY.M.N` as YYMMNN (edge-26.5.2 → 260502), told apart by `edge`.
 */
export function linkerdRelease(version: string): { edge: boolean; value: number } | undefined {
  const text = version.trim();
  const stable = /^(?:stable-|version-)?2\.(\d{1,3})(?:\.\d+)*$/.exec(text);
  if (stable) return { edge: false, value: Number(stable[1]) };
  const edge = /^edge-(\d{2})\.(\d{1,2})\.(\d{1,2})$/.exec(text);
  if (edge) return { edge: true, value: Number(edge[1]) * 10000 + Number(edge[2]) * 100 + Number(edge[3]) };
  return undefined;
}

/**
 * Istio: `ENABLE_NATIVE_SIDECARS` was `false` up to 1.26 and is `auto` from 1.27.0 (native when
 * every node's kubelet is 1.33 or newer); the pod annotation `sidecar.istio.io/nativeSidecar`
 * overrides it from 1.24.0.
 */
export const ISTIO_NATIVE_AUTO_MINOR = 27;
export const ISTIO_NATIVE_ANNOTATION_MINOR = 24;
/** Linkerd: `proxy.nativeSidecar` is `true` by default, and the GA annotation name read, from 2.20 (edge-26.5.2). */
export const LINKERD_NATIVE_STABLE = 20;
export const LINKERD_NATIVE_EDGE = 260502;

export interface MeshVersionFacts {
  /** Native sidecars by default (before any pod annotation and before the kubelet's gate). */
  nativeByDefault: boolean;
  /** Istio's `auto`: native only when the kubelets are 1.33 or newer. */
  auto: boolean;
  /** The pod annotation that asks for or refuses native injection is read. */
  annotationRead: boolean;
  /** Linkerd: the GA annotation name `config.linkerd.io/proxy-enable-native-sidecar` is read. */
  gaAnnotationRead: boolean;
  /** How hovers and `explain` name the version: "Istio 1.26, from the mesh setting". */
  label: string;
}

export function istioVersion(setting: string | undefined): MeshVersionFacts {
  const minor = setting === undefined ? undefined : istioMinor(setting);
  if (minor === undefined) return { nativeByDefault: true, auto: true, annotationRead: true, gaAnnotationRead: false, label: `Istio 1.${ISTIO_NATIVE_AUTO_MINOR} or newer assumed; the mesh setting names no version` };
  const auto = minor >= ISTIO_NATIVE_AUTO_MINOR;
  return { nativeByDefault: auto, auto, annotationRead: minor >= ISTIO_NATIVE_ANNOTATION_MINOR, gaAnnotationRead: false, label: `Istio 1.${minor}, from the mesh setting` };
}

export function linkerdVersion(setting: string | undefined): MeshVersionFacts {
  const release = setting === undefined ? undefined : linkerdRelease(setting);
  if (!release) return { nativeByDefault: true, auto: false, annotationRead: true, gaAnnotationRead: true, label: `Linkerd 2.${LINKERD_NATIVE_STABLE} or newer assumed; the mesh setting names no version` };
  const recent = release.edge ? release.value >= LINKERD_NATIVE_EDGE : release.value >= LINKERD_NATIVE_STABLE;
  return { nativeByDefault: recent, auto: false, annotationRead: true, gaAnnotationRead: recent, label: `Linkerd ${setting!.trim()}, from the mesh setting` };
}

/** A problem with one version of the setting, worded for the user; undefined when it is readable. */
export function meshVersionProblem(mesh: string, version: unknown): string | undefined {
  if (typeof version !== 'string' && typeof version !== 'number') return `mesh.${mesh} must be a version string, not ${JSON.stringify(version)}`;
  const text = String(version);
  if (mesh === 'istio') return istioMinor(text) === undefined ? `mesh.istio "${text}" is not an Istio version like 1.27` : undefined;
  if (mesh === 'linkerd') return linkerdRelease(text) === undefined ? `mesh.linkerd "${text}" is not a Linkerd version like 2.19 or edge-26.5.2` : undefined;
  return `unknown mesh "${mesh}" (istio or linkerd)`;
}
