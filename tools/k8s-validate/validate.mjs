// Validates a Kustomize base (default: deploy/k8s) offline: every resource listed in kustomization.yaml must parse,
// match the Kubernetes (kubernetes-models 5.1.0) or KEDA (@kubernetes-models/keda 2.0.0) schema of its kind, and
// follow the deployment's rules: probes on the health endpoints, resource requests, ScaledObjects that target an
// existing Deployment through the RabbitMQ trigger. Prints one line per object; exits 1 on any error.
import { readFileSync, existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseAllDocuments } from "yaml";

const base = resolve(process.argv[2] ?? "../../deploy/k8s");
const errors = [];
const objects = [];

const kustomization = parseAllDocuments(readFileSync(join(base, "kustomization.yaml"), "utf8"))[0].toJS();
for (const resource of kustomization.resources ?? []) {
  const path = join(base, resource);
  if (!existsSync(path)) {
    errors.push(`${resource}: listed in kustomization.yaml but missing`);
    continue;
  }
  for (const document of parseAllDocuments(readFileSync(path, "utf8"))) {
    if (document.errors.length > 0) {
      errors.push(`${resource}: ${document.errors.map((e) => e.message).join("; ")}`);
      continue;
    }
    const object = document.toJS();
    if (object) objects.push({ resource, object });
  }
}

// apiVersion → the module holding its models.
function moduleFor(apiVersion) {
  if (apiVersion.startsWith("keda.sh/")) return `@kubernetes-models/keda/${apiVersion}`;
  if (apiVersion === "v1") return "kubernetes-models/v1";
  return `kubernetes-models/${apiVersion}`;
}

for (const { resource, object } of objects) {
  const name = `${resource}: ${object.kind ?? "?"} ${object.metadata?.name ?? "?"}`;
  try {
    const models = await import(moduleFor(object.apiVersion));
    const Model = models[object.kind];
    if (!Model) throw new Error(`no schema for ${object.apiVersion} ${object.kind}`);
    new Model(object).validate();
    console.log(`ok   ${name}`);
  } catch (e) {
    errors.push(`${name}: ${e.message ?? e}`);
  }
}

// The deployment's own rules.
const deployments = new Map(objects.filter((o) => o.object.kind === "Deployment").map((o) => [o.object.metadata.name, o.object]));
for (const [name, deployment] of deployments) {
  for (const container of deployment.spec.template.spec.containers) {
    const where = `Deployment ${name}, container ${container.name}`;
    if (container.readinessProbe?.httpGet?.path !== "/health/ready") errors.push(`${where}: readiness must probe /health/ready`);
    if (container.livenessProbe?.httpGet?.path !== "/health/live") errors.push(`${where}: liveness must probe /health/live`);
    if (!container.resources?.requests?.cpu || !container.resources?.requests?.memory) errors.push(`${where}: cpu and memory requests are required`);
    if (!container.resources?.limits?.memory) errors.push(`${where}: a memory limit is required`);
  }
}
const stages = ["extract", "normalize", "validate", "store"];
const scaled = new Set();
for (const { object } of objects.filter((o) => o.object.kind === "ScaledObject")) {
  const target = object.spec.scaleTargetRef?.name;
  const where = `ScaledObject ${object.metadata.name}`;
  if (!deployments.has(target)) errors.push(`${where}: targets ${target}, which is not a Deployment here`);
  for (const trigger of object.spec.triggers ?? []) {
    if (trigger.type !== "rabbitmq") errors.push(`${where}: trigger ${trigger.type}, expected rabbitmq`);
    if (!stages.includes(trigger.metadata?.queueName)) errors.push(`${where}: queue ${trigger.metadata?.queueName} is not a stage queue`);
    if (trigger.metadata?.mode !== "QueueLength") errors.push(`${where}: mode must be QueueLength`);
    const stageOfTarget = deployments.get(target)?.spec.template.spec.containers[0].env?.find((e) => e.name === "Pipeline__Stages__0")?.value;
    if (stageOfTarget !== trigger.metadata?.queueName) errors.push(`${where}: scales on queue ${trigger.metadata?.queueName} but ${target} runs stage ${stageOfTarget}`);
  }
  scaled.add(target);
}
for (const stage of stages) {
  if (!scaled.has(`worker-${stage}`)) errors.push(`stage ${stage}: no ScaledObject for worker-${stage}`);
}

if (errors.length > 0) {
  for (const error of errors) console.error(`FAIL ${error}`);
  console.error(`${errors.length} error(s) in ${base}`);
  process.exit(1);
}
console.log(`${objects.length} objects valid in ${base}`);
