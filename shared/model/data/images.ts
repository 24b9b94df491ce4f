/**
 * Images that contain neither `/bin/sh` nor a `sleep` binary (rule book H3): an `exec` hook that needs
 * either fails at once, the kubelet records FailedPreStopHook and SIGTERM follows without delay.
 *
 * A wrong entry here makes the linter report a false error, so every row is backed by the image's own
 * build file or its vendor's documentation (`source`). Images checked and left out on purpose:
 * - registry.k8s.io/ingress-nginx/controller: Alpine-based (`apk add` in rootfs/Dockerfile), has sh.
 * - quay.io/prometheus/* and prometheus-config-reloader: `FROM quay.io/prometheus/busybox`, have sh.
 * - quay.io/argoproj/argocd: Ubuntu-based, has sh.
 * - cr.l5d.io/linkerd/proxy: distroless/cc, but Dockerfile-proxy copies `/bin/sleep` in for its own preStop.
 * - envoyproxy/envoy (default tags), istio proxyv2 (default tags): Ubuntu-based, have sh.
 * - quay.io/brancz/kube-rbac-proxy, registry.k8s.io/sig-storage/*: the stored Dockerfiles disagree
 *   between versions (OpenShift/Alpine bases), so no claim is made.
 */

/** An image reference split the way a registry sees it. Repository and registry are lower-case. */
export interface ImageRef {
  /** Registry host (`gcr.io`), or undefined for Docker Hub. */
  registry: string | undefined;
  /** Repository path without registry, tag or digest; Docker Hub's `library/` prefix is dropped. */
  repository: string;
  tag: string | undefined;
  digest: string | undefined;
  /** A mirror the name was read through (`mirror.gcr.io`), and what was assumed about it. */
  mirror?: { host: string; assumption?: string };
}

/**
 * Registries that serve Docker Hub's images under another name, normalised to the Docker Hub name
 * so the same build gets the same rows:
 * - mirror.gcr.io: "caches frequently-accessed public Docker Hub images … kept in sync with Docker
 *   Hub" (cloud.google.com/artifact-registry/docs/pull-cached-dockerhub-images).
 * - public.ecr.aws/docker/library/NAME: the Docker Official Images on ECR Public. No Docker or AWS
 *   page at hand says they are the same builds, so this is an assumption, and the model says so.
 */
const MIRRORS: { host: string; prefix: string; assumption?: string }[] = [
  { host: 'mirror.gcr.io', prefix: '' },
  { host: 'public.ecr.aws', prefix: 'docker/library/', assumption: 'public.ecr.aws/docker/library is taken to hold the same builds as Docker Hub\'s official image' },
];

/** Parses `registry/path/name:tag@digest`; undefined for empty or templated values (`{{ .Values.image }}`). */
export function parseImageRef(image: string): ImageRef | undefined {
  const text = image.trim();
  if (!text || /[\s{}$]/.test(text)) return undefined;
  const at = text.indexOf('@');
  const digest = at >= 0 ? text.slice(at + 1) : undefined;
  const named = at >= 0 ? text.slice(0, at) : text;
  const slash = named.lastIndexOf('/');
  const colon = named.lastIndexOf(':');
  const tag = colon > slash ? named.slice(colon + 1) : undefined;
  const path = (colon > slash ? named.slice(0, colon) : named).toLowerCase();
  const first = path.split('/')[0] ?? '';
  const hasRegistry = path.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  let registry = hasRegistry ? first : undefined;
  let repository = hasRegistry ? path.slice(first.length + 1) : path;
  if (registry === 'docker.io' || registry === 'index.docker.io' || registry === 'registry-1.docker.io') registry = undefined;
  const mirror = MIRRORS.find((m) => m.host === registry && repository.startsWith(m.prefix));
  if (mirror) {
    registry = undefined;
    repository = repository.slice(mirror.prefix.length);
    if (mirror.prefix === '' || mirror.prefix.endsWith('library/')) repository = repository.includes('/') ? repository : `library/${repository}`;
  }
  if (registry === undefined && repository.startsWith('library/')) repository = repository.slice('library/'.length);
  if (!repository) return undefined;
  const via = mirror ? { mirror: { host: mirror.host, ...(mirror.assumption ? { assumption: mirror.assumption } : {}) } } : {};
  return { registry, repository, tag, digest, ...via };
}

interface ShellLessRow {
  product: string;
  /** Registry hosts; `''` stands for Docker Hub. */
  registries: string[];
  /** Matched against the whole repository path. */
  repository: RegExp;
  /** Tags that do ship a shell (distroless `:debug`, Chainguard `-dev`). */
  shellTags?: RegExp;
  /** When set, only these tags are shell-less (Istio's `-distroless` variant). */
  onlyTags?: RegExp;
  /** Where the absence of a shell is documented. */
  source: string;
}

const K8S = ['registry.k8s.io', 'k8s.gcr.io'];

const ROWS: ShellLessRow[] = [
  {
    product: 'distroless',
    registries: ['gcr.io'],
    repository: /^distroless\/.+$/,
    shellTags: /debug/,
    source: 'GoogleContainerTools/distroless README.md: no package managers, shells or other programs; only :debug tags add a BusyBox shell',
  },
  {
    // Only images whose lack of a shell Chainguard shows itself; wolfi-base, chainguard-base and busybox
    // ship BusyBox, and the docs say "many", not all, standard images are distroless.
    product: 'Chainguard (distroless variant)',
    registries: ['cgr.dev'],
    repository: /^chainguard\/(static|nginx|python)$/,
    shellTags: /(^|-)dev$/,
    source: 'edu.chainguard.dev: migration-tips (nginx:latest has no /bin/sh), porting-apps-to-chainguard (-dev variants add the shell)',
  },
  {
    product: 'Kubernetes pause',
    registries: [...K8S, 'gcr.io'],
    repository: /^(pause|google[-_]containers\/pause(-amd64)?)$/,
    source: 'kubernetes/kubernetes build/pause/Dockerfile: FROM scratch, only /pause',
  },
  {
    product: 'kube-state-metrics',
    registries: K8S,
    repository: /^kube-state-metrics\/kube-state-metrics$/,
    source: 'kubernetes/kube-state-metrics Dockerfile: FROM gcr.io/distroless/static',
  },
  {
    product: 'metrics-server',
    registries: K8S,
    repository: /^metrics-server\/metrics-server$/,
    source: 'kubernetes-sigs/metrics-server Dockerfile: FROM gcr.io/distroless/static',
  },
  {
    product: 'CoreDNS',
    registries: [...K8S, ''],
    repository: /^coredns(\/coredns)?$/,
    source: 'coredns/coredns Dockerfile: FROM scratch plus CA certificates and the coredns binary',
  },
  {
    product: 'kube-webhook-certgen',
    registries: K8S,
    repository: /^ingress-nginx\/kube-webhook-certgen$/,
    source: 'kubernetes/ingress-nginx images/kube-webhook-certgen/rootfs/Dockerfile: FROM gcr.io/distroless/static:nonroot',
  },
  {
    product: 'configmap-reload',
    registries: ['ghcr.io'],
    repository: /^jimmidyson\/configmap-reload$/,
    source: 'jimmidyson/configmap-reload Dockerfile: BASEIMAGE gcr.io/distroless/static-debian11:nonroot',
  },
  {
    product: 'cert-manager',
    registries: ['quay.io'],
    repository: /^jetstack\/cert-manager-(controller|webhook|cainjector|acmesolver|startupapicheck)$/,
    source: 'cert-manager/cert-manager make/base_images.mk: gcr.io/distroless/static-debian12 and base-debian12',
  },
  {
    product: 'Istio distroless proxy',
    registries: ['', 'gcr.io', 'registry.istio.io'],
    repository: /^(istio|istio-release|release)\/(proxyv2|pilot)$/,
    onlyTags: /distroless/,
    source: 'istio.io/latest/docs/ops/configuration/security/harden-docker-images/: distroless images miss all debugging tools, including a shell',
  },
  {
    product: 'Envoy distroless',
    registries: [''],
    repository: /^envoyproxy\/envoy(-distroless)?$/,
    onlyTags: /distroless/,
    source: 'envoyproxy/envoy ci/Dockerfile-envoy: stage envoy-distroless is FROM gcr.io/distroless/base-nossl',
  },
];

/** An image known to have no `/bin/sh` and no `sleep` (H3), with the evidence; undefined when unknown. */
export function shellLessImage(image: string): { product: string; source: string } | undefined {
  const ref = parseImageRef(image);
  if (!ref) return undefined;
  for (const row of ROWS) {
    if (!row.registries.includes(ref.registry ?? '') || !row.repository.test(ref.repository)) continue;
    // A digest without a tag may point at a :debug build: make no claim.
    if ((row.shellTags || row.onlyTags) && ref.digest && !ref.tag) return undefined;
    const tag = ref.tag ?? 'latest';
    if (row.shellTags?.test(tag)) return undefined;
    // envoyproxy/envoy-distroless is distroless whatever the tag.
    if (row.onlyTags && !ref.repository.endsWith('-distroless') && !row.onlyTags.test(tag)) return undefined;
    return { product: row.product, source: row.source };
  }
  return undefined;
}
