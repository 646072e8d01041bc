// Checks compose.cluster.yaml against compose.yaml, which it extends: what dclint cannot see,
// since it reads one file at a time. The override must make the anteroom service several nodes
// (CLUSTER_MODE=true, replicas, no port of its own, which several replicas could not all bind),
// put a balancer on the port a single node publishes, have Prometheus scrape every node, and
// mount only files that exist. Usage: node validate-compose-cluster.mjs compose.yaml
// compose.cluster.yaml (deploy/check.sh runs it with NODE_PATH pointing at its installed tools).
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(path.join(process.env.NODE_PATH ?? ".", "noop.js"));
const yaml = require("js-yaml");

// Compose's merge tags (compose-spec, "Merge and override"): kept as marked values here.
const tags = ["!reset", "!override"].flatMap((tag) =>
  ["scalar", "sequence", "mapping"].map(
    (kind) => new yaml.Type(tag, { kind, construct: (value) => ({ [tag]: value }) }),
  ),
);
const schema = yaml.DEFAULT_SCHEMA.extend(tags);
const [baseFile, overrideFile] = process.argv.slice(2);
const base = yaml.load(readFileSync(baseFile, "utf8"), { schema });
const cluster = yaml.load(readFileSync(overrideFile, "utf8"), { schema });
const errors = [];
const need = (ok, what) => ok || errors.push(what);

const node = base.services?.anteroom ?? {};
const nodes = cluster.services?.anteroom ?? {};
need(cluster.name === base.name, `the project name must be compose.yaml's (${base.name})`);
need(String(node.environment?.DB_URL ?? "").startsWith("jdbc:postgresql:"), "compose.yaml's anteroom must use PostgreSQL (DB_URL): CLUSTER_MODE refuses anything else");
need(!node.container_name, "compose.yaml's anteroom must not set container_name: replicas need names of their own");
need(nodes.environment?.CLUSTER_MODE === "true", 'anteroom: environment CLUSTER_MODE must be "true"');
const replicas = nodes.deploy?.replicas;
need(Number.isInteger(replicas) && replicas >= 2, `anteroom: deploy.replicas must be 2 or more, not ${replicas}`);
const reset = nodes.ports?.["!reset"];
need(Array.isArray(reset) && reset.length === 0, "anteroom: ports must be `!reset []` (several replicas cannot all publish one port)");

const balancer = Object.entries(cluster.services ?? {}).find(([, s]) => /^haproxy:\d/.test(s.image ?? ""));
need(balancer, "no balancer service with a pinned haproxy image");
if (balancer) {
  const [name, service] = balancer;
  need(JSON.stringify(service.ports) === JSON.stringify(node.ports), `${name}: must publish the port a single node publishes (${node.ports})`);
  need(service.depends_on?.anteroom, `${name}: must depend on anteroom`);
}

// a mount of the override replaces compose.yaml's mount of the same target
const mounts = (service) => Object.fromEntries((service?.volumes ?? []).map((v) => v.split(":")).map(([from, to]) => [to, from]));
const scraped = mounts(cluster.services?.prometheus)["/etc/prometheus/prometheus.yml"];
need(
  scraped && scraped !== mounts(base.services?.prometheus)["/etc/prometheus/prometheus.yml"],
  "prometheus: must mount a configuration that scrapes every node at /etc/prometheus/prometheus.yml",
);
for (const [name, service] of Object.entries(cluster.services ?? {})) {
  for (const [, from] of Object.entries(mounts(service))) {
    if (from.startsWith(".")) need(existsSync(path.join(path.dirname(overrideFile), from)), `${name}: mounts ${from}, which does not exist`);
  }
}
if (errors.length) {
  console.error(`${overrideFile}: ${errors.length} problem(s)\n  ${errors.join("\n  ")}`);
  process.exit(1);
}
console.log(`${overrideFile}: ${replicas} anteroom replicas with CLUSTER_MODE=true behind ${balancer[0]} (${balancer[1].image})`);
