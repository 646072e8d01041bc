// Validates every object of a rendered kustomization (a multi-document YAML file) against the
// Kubernetes schemas of the npm package kubernetes-models (and the Prometheus Operator's for
// ServiceMonitor), and checks the rules Anteroom relies on, which differ between its two kinds:
//   single  CLUSTER_MODE false: one replica (the embedded database is one process's file, and a
//           second node on PostgreSQL would refuse to start), upgraded with Recreate;
//   cluster CLUSTER_MODE true: several replicas on PostgreSQL, rolling updates that never take a
//           serving pod away first, a preStop pause within the grace period, spread over nodes.
// Usage: node validate.mjs rendered.yaml [single | cluster:REPLICAS] (the kind expected, so that a
// kustomization cannot change kind unnoticed; deploy/check.sh runs it with NODE_PATH pointing at
// its installed tools).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(path.join(process.env.NODE_PATH ?? ".", "noop.js"));
const yaml = require("js-yaml");

const file = process.argv[2];
const expected = process.argv[3];
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

const config = objects.find((o) => o.kind === "ConfigMap" && o.metadata?.name === "anteroom-config");
const clustered = config?.data?.CLUSTER_MODE === "true";
const deployment = objects.find((o) => o.kind === "Deployment");
const flavour = clustered ? `cluster:${deployment?.spec?.replicas}` : "single";

// The graceful shutdown Spring allows (spring.lifecycle.timeout-per-shutdown-phase, 30 s by default).
const GRACEFUL_SHUTDOWN_SECONDS = 30;

function clusterRules(object, need) {
  const spec = object.spec;
  const pod = spec.template.spec;
  const c = pod.containers[0];
  need(spec.replicas >= 2, "CLUSTER_MODE: at least 2 replicas");
  const rolling = spec.strategy?.rollingUpdate;
  need(
    spec.strategy?.type === "RollingUpdate" && rolling?.maxUnavailable === 0 && rolling?.maxSurge >= 1,
    "CLUSTER_MODE: RollingUpdate with maxUnavailable 0 and maxSurge 1 or more (a new pod serves before an old one stops)",
  );
  const sleep = c.lifecycle?.preStop?.exec?.command;
  const pause = sleep?.[0] === "sleep" ? Number(sleep[1]) : c.lifecycle?.preStop?.sleep?.seconds;
  need(pause >= 5, "CLUSTER_MODE: a preStop pause of 5 s or more (the Service stops sending before the node stops)");
  need(
    pod.terminationGracePeriodSeconds > (pause || 0) + GRACEFUL_SHUTDOWN_SECONDS,
    `CLUSTER_MODE: terminationGracePeriodSeconds above the preStop pause + ${GRACEFUL_SHUTDOWN_SECONDS} s of graceful shutdown`,
  );
  const spread = (pod.affinity?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []).map(
    (term) => term.podAffinityTerm?.topologyKey,
  );
  need(spread.includes("kubernetes.io/hostname"), "CLUSTER_MODE: preferred pod anti-affinity across nodes (kubernetes.io/hostname)");
  need(
    !(pod.volumes ?? []).some((v) => v.persistentVolumeClaim),
    "CLUSTER_MODE: no PersistentVolumeClaim (a ReadWriteOnce claim cannot follow pods on several nodes)",
  );
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
    if (clustered) {
      clusterRules(object, need);
    } else {
      need(spec.replicas === 1, "replicas must be 1 without CLUSTER_MODE (one node per database)");
      need(spec.strategy?.type === "Recreate", "strategy must be Recreate without CLUSTER_MODE (one node per database)");
    }
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
if (expected && expected !== flavour) errors.push(`renders a ${flavour} deployment, expected ${expected}`);
if (!config) errors.push("no ConfigMap anteroom-config rendered");
if (clustered) {
  const budget = objects.find((o) => o.kind === "PodDisruptionBudget");
  const replicas = deployment?.spec?.replicas ?? 0;
  const allowed = budget?.spec?.maxUnavailable ?? replicas - (budget?.spec?.minAvailable ?? replicas);
  if (allowed !== 1) errors.push(`CLUSTER_MODE: the PodDisruptionBudget must allow exactly one disruption, not ${allowed}`);
  if (kinds.has("PersistentVolumeClaim")) errors.push("CLUSTER_MODE: a PersistentVolumeClaim is rendered and nothing uses it");
  if (config.data.ANTEROOM_PROFILE !== "production") errors.push("CLUSTER_MODE: ANTEROOM_PROFILE must be production");
}
// The real Secret is made by the operator, never by `kubectl apply -k` (it would be overwritten).
if (kinds.has("Secret")) errors.push("a Secret is rendered: keep secrets out of the kustomization");
for (const kind of ["Deployment", "Service", "ConfigMap", "PodDisruptionBudget", "NetworkPolicy"]) {
  if (!kinds.has(kind)) errors.push(`no ${kind} rendered`);
}
if (errors.length) {
  console.error(`${file}: ${errors.length} problem(s)\n  ${errors.join("\n  ")}`);
  process.exit(1);
}
console.log(`${file}: ${flavour}, ${objects.length} objects valid (${[...kinds].sort().join(", ")})`);
