// Validates every object of a rendered kustomization (a multi-document YAML file) against the
// Kubernetes schemas of the npm package kubernetes-models (and the Prometheus Operator's for
// ServiceMonitor), and checks the rules Anteroom relies on. Usage: node validate.mjs rendered.yaml
// (deploy/check.sh runs it with NODE_PATH pointing at its installed tools).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(path.join(process.env.NODE_PATH ?? ".", "noop.js"));
const yaml = require("js-yaml");

const file = process.argv[2];
const objects = yaml.loadAll(readFileSync(file, "utf8")).filter((o) => o != null);
const errors = [];

function modelFor(apiVersion, kind) {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  const pkg =
    group === "monitoring.coreos.com"
      ? `@kubernetes-models/prometheus-operator/${group}/${version}`
      : group === ""
        ? `kubernetes-models/${version}`
        : `kubernetes-models/${group}/${version}`;
  let module;
  try {
    module = require(pkg);
  } catch (e) {
    throw new Error(`no schema for ${apiVersion} (${pkg}): ${e.message}`);
  }
  const model = module[kind];
  if (!model) throw new Error(`no schema for ${kind} in ${apiVersion}`);
  return model;
}

for (const object of objects) {
  const name = `${object.kind}/${object.metadata?.name}`;
  try {
    const Model = modelFor(object.apiVersion, object.kind);
    new Model(object).validate();
  } catch (e) {
    errors.push(`${name}: ${e.message}`);
    continue;
  }
  if (object.kind === "ServiceMonitor") {
    // its schema (prometheus-operator models) checks little, so the fields Anteroom needs are checked here
    const e = object.spec?.endpoints?.[0];
    if (!(e && e.port === "http" && e.path === "/metrics" && e.authorization?.credentials?.key === "ANTEROOM_METRICS_TOKEN"))
      errors.push(`${name}: must scrape port http, path /metrics, with the ANTEROOM_METRICS_TOKEN bearer token`);
  }
  if (object.kind === "Deployment") {
    const spec = object.spec;
    const pod = spec.template.spec;
    const c = pod.containers[0];
    const need = (ok, what) => ok || errors.push(`${name}: ${what}`);
    need(spec.replicas === 1, "replicas must be 1 (one node per database)");
    need(spec.strategy?.type === "Recreate", "strategy must be Recreate (one node per database)");
    need(pod.securityContext?.runAsNonRoot === true, "runAsNonRoot must be true");
    need(c.securityContext?.readOnlyRootFilesystem === true, "readOnlyRootFilesystem must be true");
    need(c.securityContext?.allowPrivilegeEscalation === false, "allowPrivilegeEscalation must be false");
    need(c.securityContext?.capabilities?.drop?.includes("ALL"), "capabilities must drop ALL");
    need(c.livenessProbe?.httpGet?.path === "/health/liveness", "liveness probe on /health/liveness");
    need(c.readinessProbe?.httpGet?.path === "/health/readiness", "readiness probe on /health/readiness");
    need(c.resources?.requests && c.resources?.limits, "resources requests and limits");
    const mounts = (c.volumeMounts ?? []).map((m) => m.mountPath);
    need(mounts.includes("/app/data") && mounts.includes("/tmp"), "writable /app/data and /tmp volumes");
  }
}
const kinds = new Set(objects.map((o) => o.kind));
// The real Secret is made by the operator, never by `kubectl apply -k` (it would be overwritten).
if (kinds.has("Secret")) errors.push("a Secret is rendered: keep secrets out of the kustomization");
for (const kind of ["Deployment", "Service", "ConfigMap", "PodDisruptionBudget", "NetworkPolicy"]) {
  if (!kinds.has(kind)) errors.push(`no ${kind} rendered`);
}
if (errors.length) {
  console.error(`${file}: ${errors.length} problem(s)\n  ${errors.join("\n  ")}`);
  process.exit(1);
}
console.log(`${file}: ${objects.length} objects valid (${[...kinds].sort().join(", ")})`);
