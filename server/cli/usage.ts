/** The CLI's help texts: `kubegrace help`, `kubegrace help COMMAND`, `kubegrace COMMAND --help`. */

export const COMMANDS = ['check', 'explain', 'rules', 'help'] as const;
export type Command = (typeof COMMANDS)[number];

const OVERVIEW = `Usage: kubegrace COMMAND [options] [PATH...]

Commands:
  check PATH...     report unsafe Pod shutdowns in Kubernetes manifests
  explain PATH...   print each workload's termination timeline
  rules [RULE]      list the rules with their severity and documentation page, or print RULE's page
  help [COMMAND]    show this help, or the options of COMMAND

PATH is a file, a directory (its *.yaml and *.yml files, recursively), a quoted glob pattern
('k8s/**/*.yaml'), or - for standard input (e.g. helm template chart/ | kubegrace check -: lines
of the stream, each finding naming the template it was rendered from; give the chart folder for
template and values lines).
check renders a folder with Chart.yaml (helm template) or a kustomization (kubectl kustomize) and
reports each finding on the template, values, base or patch line that wrote it.

Run "kubegrace help check" for the options. --version prints the version.`;

const SETTINGS = `Settings (override the nearest .kubegrace.yaml of each file):
  --kubernetes-version V             target Kubernetes version, 1.20 to 1.37, or 1.38 with its planned defaults (default: 1.33)
  --feature-gates G=true,H=false     feature gates your cluster sets, as Kubernetes spells them (repeatable)
  --endpoint-propagation-seconds N   estimated seconds until endpoints stop routing to a pod (default: 5)
  --shutdown-seconds N               estimated seconds an app needs after SIGTERM (default: 10)
  --alb-deregistration-seconds N     estimated seconds an ALB with ip targets keeps sending requests (default: 30)
  --nlb-deregistration-seconds N     estimated seconds an NLB with ip targets keeps sending connections (default: 120)
  --platform NAME                    where the pods run: gke-spot, gke-preemptible, eks-spot, karpenter-spot, none
  --mesh MESH=VERSION                the mesh versions you run, istio=1.26,linkerd=2.19 (repeatable): native or regular proxy
  --config FILE                      use this settings file for every path instead
  --no-config                        use no settings file
  --max-file-size-mb N               skip files larger than N MB with a notice (default: 5; 0: no limit)`;

const CHECK = `Usage: kubegrace check [options] PATH...

Reports unsafe Pod shutdowns. All paths of one run are matched together: a Service in one file
counts for the Deployment in another.

Output:
  --format F          text (default), json, sarif (code scanning), gitlab (GitLab Code Quality),
                      junit (JUnit XML); repeatable: --format F=FILE writes F to FILE, e.g.
                      --format sarif=kubegrace.sarif --format text
  -o, --output-file FILE  write the output without a file of its own to FILE (written even when
                      the check fails)
  -q, --quiet         errors only: other findings are neither printed nor counted; no notices
  --rule RULE=S       severity of RULE for this run: error, warning, information, hint or off
                      (repeatable)
  --no-color          no colour in text output (also NO_COLOR=1; colour is used only on a terminal)
  --help-uri-base URL where the rule pages are published, for helpUri/links in sarif, gitlab, junit
  --context PATH      also read the Services and Ingresses of PATH (a file or folder; repeatable)
                      without reporting on its files; e.g. --context . when checking staged files
  --fix               apply the safe quick fixes to the files in place, then report what is left
                      (charts and overlays: their values files, bases and patches)
  --dry-run           with --fix: print the changes as a unified diff instead of writing them

Charts and overlays (a PATH that is a folder with Chart.yaml or a kustomization):
  --no-render         check the folder's files as they are instead of rendering it
  -f, --values FILE   values file for a chart (repeatable; later ones win)
  --set KEY=VALUE     value for a chart, as helm --set (repeatable)
  --release-name NAME release name for a chart (default: release)
  --namespace NS      namespace for a chart
  --api-versions V    API version the chart may assume the cluster has, as helm template
                      --api-versions (repeatable; .Capabilities.APIVersions.Has)
  --allow-config-tools  run the helmPath/kubectlPath/kustomizePath of .kubegrace.yaml (also
                      KUBEGRACE_ALLOW_CONFIG_TOOLS=1); without it they are ignored and PATH is used

Exit status:
  --fail-on S         exit 1 when a finding is at least S: warning (default: errors and warnings
                      fail), error, information, or none (never; for upload-only runs)
  --fail-on-parse-error  exit 1 when a document is not valid YAML (default: report it on stderr
                      and go on, so unrendered templates do not fail the run)

${SETTINGS}

Exit status: 0 nothing at or above --fail-on, 1 some, 2 usage error, bad settings file,
unreadable path, or a chart or overlay that does not render.`;

const EXPLAIN = `Usage: kubegrace explain [options] PATH...

Prints each workload's termination timeline: when the preStop hook runs, when the stop signal and
SIGKILL are sent, the estimated drain window and exit of each container, and when new requests
stop arriving.

  --format F          text (default) or json
  --context PATH      also read the Services and Ingresses of PATH (repeatable), as for check
  --fail-on S         as for check (default: warning)

${SETTINGS}`;

const RULES = `Usage: kubegrace rules [options] [RULE]

Lists every rule with its severity (after the .kubegrace.yaml of the current folder and --config)
and the page that documents it. With RULE, prints that rule's page.

  --format F          text (default) or json
  --help-uri-base URL where the rule pages are published (default: the pages installed with kubegrace)
  --config FILE, --no-config`;

export function usage(command?: Command): string {
  if (command === 'check') return CHECK;
  if (command === 'explain') return EXPLAIN;
  if (command === 'rules') return RULES;
  return OVERVIEW;
}
