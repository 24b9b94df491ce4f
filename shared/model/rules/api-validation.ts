/**
 * api-validation — §10 (V1–V8, V10): what the API server rejects in lifecycle hooks, init
 * containers and probes, with the server's own wording. V5's "more than TGPS" is reported by
 * prestop-exceeds-grace and V9 by stop-signal-invalid.
 */
import type { RuleContext } from '../context';
import type { ContainerFacts, DecodeErrorFacts, HandlerFacts, HookFacts, Span } from '../facts';
import type { Rule, RuleFinding } from '../rule';
import { DEFAULT_GRACE_SECONDS, isNativeSidecar } from '../timeline';

/** The pod spec's field path for error messages, as the API server prints it. */
function podPath(kind: string): string {
  if (kind === 'Pod') return 'spec';
  if (kind === 'CronJob') return 'spec.jobTemplate.spec.template.spec';
  if (kind === 'PodTemplate') return 'template.spec';
  return 'spec.template.spec';
}

/** IANA_SVC_NAME: 1–15 lowercase letters, digits and dashes, at least one letter, no edge or double dashes. */
function validPortName(name: string): boolean {
  return /^[a-z0-9]([a-z0-9-]{0,13}[a-z0-9])?$/.test(name) && /[a-z]/.test(name) && !name.includes('--');
}

function handlerProblems(handler: HandlerFacts, path: string, sleepZero: boolean, sleepOn: boolean, tgps: number): Array<[Span, string]> {
  switch (handler.type) {
    case 'exec':
      return handler.command && handler.command.value.length > 0 ? [] : [[handler.span, `${path}.exec.command: Required value`]];
    case 'httpGet': {
      const out: Array<[Span, string]> = [];
      const port = handler.port?.value;
      if (port === undefined) out.push([handler.span, `${path}.httpGet.port: Required value`]);
      else if (typeof port === 'number' ? !(Number.isInteger(port) && port >= 1 && port <= 65535) : !validPortName(port)) {
        out.push([handler.port!.span, `${path}.httpGet.port: Invalid value: ${JSON.stringify(port)}: must be a valid port number or name`]);
      }
      const scheme = handler.scheme?.value;
      if (scheme !== undefined && scheme !== 'HTTP' && scheme !== 'HTTPS') {
        out.push([handler.scheme!.span, `${path}.httpGet.scheme: Unsupported value: "${scheme}": supported values: "HTTP", "HTTPS"`]);
      }
      return out;
    }
    case 'sleep': {
      if (!sleepOn) return []; // sleep-action-unavailable explains what happens instead (S3).
      // A missing `seconds` decodes as 0; a string or fraction is a decode error (decodeProblems).
      const seconds = handler.seconds === undefined ? 0 : handler.seconds.value;
      const at = handler.seconds?.span ?? handler.span;
      if (typeof seconds !== 'number' || !Number.isInteger(seconds)) return [];
      if (seconds < 0 || (seconds === 0 && !sleepZero)) {
        // S3: validateSleepAction's text, with the pod's (defaulted) grace period in it.
        const text = sleepZero ? 'must be non-negative and less than terminationGracePeriodSeconds' : 'must be greater than 0 and less than terminationGracePeriodSeconds';
        return [[at, `${path}.sleep.seconds: Invalid value: ${seconds}: ${text} (${tgps})`]];
      }
      return [];
    }
    case 'tcpSocket':
      return [];
  }
}

function hookProblems(hook: HookFacts, path: string, ctx: RuleContext): Array<[Span, string]> {
  if (hook.handlers.length === 0) return [[hook.keySpan, `${path}: Required value: must specify a handler type`]];
  if (hook.handlers.length > 1) return [[hook.keySpan, `${path}: Forbidden: may not specify more than 1 handler type`]];
  return handlerProblems(hook.handlers[0]!, path, ctx.gates.sleepZero, ctx.gates.sleepAction === 'on', ctx.workload.pod.terminationGracePeriodSeconds?.value ?? DEFAULT_GRACE_SECONDS);
}

function containerProblems(container: ContainerFacts, base: string, ctx: RuleContext): Array<[Span, string]> {
  const path = `${base}.${container.list}[${container.index}]`;
  const out: Array<[Span, string]> = [];
  for (const which of ['preStop', 'postStart'] as const) {
    const hook = container[which];
    if (hook) out.push(...hookProblems(hook, `${path}.lifecycle.${which}`, ctx));
  }
  const probes = [['readinessProbe', container.readinessProbe], ['livenessProbe', container.livenessProbe], ['startupProbe', container.startupProbe]] as const;
  const regularInit = container.list === 'initContainers' && !isNativeSidecar(container);
  if (regularInit && container.restartPolicy && container.restartPolicy.value !== 'Always') {
    out.push([container.restartPolicy.span, `${path}.restartPolicy: Unsupported value: "${container.restartPolicy.value}": supported values: "Always"`]);
  }
  if (regularInit) {
    if (container.lifecycle) out.push([container.lifecycle.keySpan, `${path}.lifecycle: Forbidden: may not be set for init containers without restartPolicy=Always`]);
    for (const [name, probe] of probes) {
      if (probe) out.push([probe.keySpan, `${path}.${name}: Forbidden: may not be set for init containers without restartPolicy=Always`]);
    }
  }
  if (container.list === 'containers' && container.restartPolicy && !ctx.gates.containerRestartRules) {
    out.push([container.restartPolicy.span, `${path}.restartPolicy: Forbidden: may not be set for non-init containers`]);
  }
  for (const [name, probe] of probes) {
    const tgps = probe?.terminationGracePeriodSeconds;
    if (!tgps) continue;
    if (name === 'readinessProbe') out.push([tgps.span, `${path}.${name}.terminationGracePeriodSeconds: Invalid value: ${tgps.value}: must not be set for readinessProbes`]);
    else if (tgps.value <= 0) out.push([tgps.span, `${path}.${name}.terminationGracePeriodSeconds: Invalid value: ${tgps.value}: must be greater than 0`]);
  }
  return out;
}

/** The API server's answer to one decode error of `kind` (Go's JSON decoder message); `path` is the field path it prints. */
function decodeText(who: string, kind: string, apiVersion: string, e: DecodeErrorFacts, path: string): string {
  if (e.found === 'infinite') return `The API server rejects ${who}: an infinite number has no JSON form, so the manifest cannot be sent; ${e.field.split('.').pop()} must be a whole number (${e.type}).`;
  const version = apiVersion.slice(apiVersion.indexOf('/') + 1);
  return `The API server rejects ${who}: ${kind} in version "${version}" cannot be handled as a ${kind}: json: cannot unmarshal ${e.found} into Go struct field ${e.struct}.${path} of type ${e.type}.`;
}

/**
 * Values the server cannot decode into their Go types: it rejects the object with Go's JSON
 * decoder message, prefixed by what it was decoding (docs/research.md, "decode errors").
 */
function decodeProblems(ctx: RuleContext): RuleFinding[] {
  const { kind, apiVersion } = ctx.workload;
  const base = podPath(kind);
  return (ctx.workload.pod.decodeErrors ?? []).map((e) => ({
    message: decodeText('this', kind, apiVersion, e, e.absolute ? e.field : `${base}.${e.field}`),
    span: e.span,
    related: [],
    fixes: [],
  }));
}

/**
 * Decode errors of the Services and Ingresses matched to the workload: each is its own object, so
 * they stand beside the workload's own findings. Reported on the value when the object is in the
 * workload's file, else on the workload's `kind`, pointing at the value (as publish-not-ready-addresses).
 */
function rejectedProblems(ctx: RuleContext): RuleFinding[] {
  return ctx.rejected.flatMap((object): RuleFinding[] => {
    const kind = 'serviceNames' in object ? 'Ingress' : 'Service';
    const apiVersion = object.apiVersion ?? (kind === 'Service' ? 'v1' : 'networking.k8s.io/v1');
    return object.decodeErrors!.map((e) => {
      const text = decodeText(`${kind}/${object.name}`, kind, apiVersion, e, e.field);
      const message = e.found === 'infinite' ? text : `${text} Until it is fixed the ${kind} does not exist and sends no traffic to ${ctx.object}.`;
      if (object.file) {
        return { message, span: ctx.workload.kindSpan, related: [{ span: e.span, message: `${kind}/${object.name}: the value of the wrong type`, file: object.file }], fixes: [] };
      }
      return { message, span: e.span, related: [{ span: ctx.workload.kindSpan, message: `${ctx.object} is the workload it would send traffic to` }], fixes: [] };
    });
  });
}

export const apiValidation: Rule = {
  id: 'api-validation',
  defaultSeverity: 'error',
  check(ctx: RuleContext): RuleFinding[] {
    const base = podPath(ctx.workload.kind);
    const all = [...ctx.workload.pod.initContainers, ...ctx.workload.pod.containers];
    // Decoding comes first: an object that does not decode is never validated.
    const decode = decodeProblems(ctx);
    if (decode.length) return [...decode, ...rejectedProblems(ctx)];
    return [
      ...rejectedProblems(ctx),
      ...all.flatMap((container) =>
        containerProblems(container, base, ctx).map(([span, error]) => ({
          message: `The API server rejects this: ${error}.`,
          span,
          related: [],
          container: container.name,
          fixes: [],
        })),
      ),
    ];
  },
};
