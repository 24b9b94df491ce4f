// The JSON schema of `.kubegrace.yaml` (server/engine/config.ts), derived from the manifest's settings so
// the two never differ: each `kubegrace.*` setting of the model becomes a top-level key of the file
// (the editor-only `enable` and `trace.server` do not), plus `ignore`. scripts/build.mjs writes it to
// dist/kubegrace-config.schema.json; package.json contributes it through `yamlValidation`, so Red
// Hat's YAML extension completes and validates the file.

/** Settings of the editor only: the config file does not read them. */
const EDITOR_ONLY = ['kubegrace.enable', 'kubegrace.trace.server'];
/** What a schema keeps of a manifest setting (scope and the like mean nothing in a file). */
const KEPT = ['type', 'default', 'minimum', 'pattern', 'patternErrorMessage', 'enum', 'enumDescriptions', 'markdownDescription', 'additionalProperties'];

function property(setting) {
  const result = {};
  for (const key of KEPT) if (setting[key] !== undefined) result[key] = setting[key];
  // Plain `description` too: not every schema consumer reads `markdownDescription`.
  if (setting.markdownDescription) result.description = setting.markdownDescription.replace(/[`*]/g, '');
  if (setting.properties) result.properties = Object.fromEntries(Object.entries(setting.properties).map(([key, value]) => [key, property(value)]));
  return result;
}

export function configSchema(pkg) {
  const settings = pkg.contributes.configuration.properties;
  const properties = {};
  for (const [key, setting] of Object.entries(settings)) {
    if (!EDITOR_ONLY.includes(key)) properties[key.replace(/^kubegrace\./, '')] = property(setting);
  }
  // Rendering of charts (server/render/config.ts): values files, --set values, release name and
  // namespace per chart folder, relative to the folder of this file.
  properties.charts = {
    type: 'object',
    markdownDescription: 'Per chart folder (relative to the folder of this file): the values files, `--set` values, release name, namespace and API versions to render it with, as `helm template` takes them.',
    description: 'Per chart folder (relative to the folder of this file): the values files, --set values, release name and namespace to render it with.',
    additionalProperties: {
      type: 'object',
      additionalProperties: false,
      properties: {
        values: { type: 'array', items: { type: 'string' }, description: 'Values files, relative to the folder of this file; later ones win.' },
        set: { type: 'array', items: { type: 'string' }, description: 'KEY=VALUE pairs, as helm --set.' },
        releaseName: { type: 'string', description: 'The release name (default: release).' },
        namespace: { type: 'string', description: 'The namespace of the release.' },
        apiVersions: { type: 'array', items: { type: 'string' }, description: 'API versions the chart may assume the cluster serves (.Capabilities.APIVersions.Has), as helm template --api-versions: monitoring.coreos.com/v1 or apps/v1/Deployment.' },
      },
    },
  };
  properties.ignore = {
    type: 'array',
    items: { type: 'string' },
    markdownDescription: 'Paths not to check, as glob patterns relative to the folder of this file: `charts/**`, `legacy/`. A folder pattern covers everything in it.',
    description: 'Paths not to check, as glob patterns relative to the folder of this file.',
  };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'KubeGrace settings (.kubegrace.yaml)',
    description: 'Settings of KubeGrace for the files under this folder: the target Kubernetes version, the estimates, rule severities and ignored paths. Settings on the command line or in the editor win over this file.',
    type: 'object',
    additionalProperties: false,
    properties,
  };
}
