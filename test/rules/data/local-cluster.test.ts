// A local cluster is judged by the kubeconfig kubectl reads, not by its name alone: an attacker who renamed
// a production context to kind-dev (or pointed kind-dev's cluster at production) in an earlier call must
// not have its deletions passed as development.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { shellOf } from "../../../src/analysis/shell/index.js";
import { contextServer, localCluster } from "../../../src/rules/data/local-cluster.js";
import { bash, claudePayload } from "../../support/calls.js";
import { HOOK_IMPLS, nativeHookAvailable, runHook, tempHome } from "../../support/hook-process.js";

const kubeconfig = (servers: Record<string, string>) => {
  const names = Object.keys(servers);
  return [
    "apiVersion: v1",
    "kind: Config",
    "clusters:",
    ...names.flatMap((n) => [`- name: c-${n}`, "  cluster:", `    server: ${servers[n]}`]),
    "contexts:",
    ...names.flatMap((n) => [`- name: ${n}`, "  context:", `    cluster: c-${n}`, "    user: u"]),
    "users:",
    "- name: u",
    "  user: {}",
    "",
  ].join("\n");
};

function setup(servers: Record<string, string>): { env: NodeJS.ProcessEnv; home: string; file: string } {
  const home = mkdtempSync(join(tmpdir(), "staso-kube-"));
  const file = join(home, "config");
  writeFileSync(file, kubeconfig(servers));
  return { env: { KUBECONFIG: file }, home, file };
}

const command = (line: string) => shellOf(bash(line))!.commands[0]!;

describe("a local cluster is local in the kubeconfig kubectl reads", () => {
  it("a context named like a local one whose cluster is elsewhere is not local", () => {
    const { env, home } = setup({
      "kind-dev": "https://127.0.0.1:40123",
      "kind-prod": "https://k8s.prod.acme.io:6443",
      minikube: "https://192.168.49.2:8443",
      "k3d-evil": "https://10.0.3.4:6443",
    });
    expect(localCluster(command("kubectl --context kind-dev delete ns scratch"), env, home)).toBe(true);
    expect(localCluster(command("kubectl --context minikube delete ns scratch"), env, home)).toBe(true);
    expect(localCluster(command("kubectl --context kind-prod delete ns app"), env, home)).toBe(false);
    expect(localCluster(command("kubectl --context k3d-evil delete ns app"), env, home)).toBe(false);
    expect(contextServer("kind-prod", env, home)).toBe("https://k8s.prod.acme.io:6443");
  });

  it("the first of KUBECONFIG's files that defines the context wins, its cluster from any of them", () => {
    const a = setup({ "kind-dev": "https://k8s.prod.acme.io:6443" });
    const b = setup({ "kind-dev": "https://127.0.0.1:40123" });
    expect(
      localCluster(command("kubectl --context kind-dev delete ns x"), { KUBECONFIG: `${a.file}:${b.file}` }, a.home),
    ).toBe(false);
    expect(
      localCluster(command("kubectl --context kind-dev delete ns x"), { KUBECONFIG: `${b.file}:${a.file}` }, a.home),
    ).toBe(true);
  });

  it("no kubeconfig defining the context: kubectl stops before any cluster, so nothing is deleted", () => {
    const home = mkdtempSync(join(tmpdir(), "staso-kube-"));
    expect(contextServer("kind-dev", {}, home)).toBeNull();
    expect(localCluster(command("kubectl --context kind-dev delete ns x"), {}, home)).toBe(true);
  });

  it("a kubeconfig staso cannot read or parse leaves the context unknown (not local)", () => {
    const home = mkdtempSync(join(tmpdir(), "staso-kube-"));
    const file = join(home, "config");
    writeFileSync(file, "contexts: [unclosed\n");
    expect(contextServer("kind-dev", { KUBECONFIG: file }, home)).toBeUndefined();
    expect(localCluster(command("kubectl --context kind-dev delete ns x"), { KUBECONFIG: file }, home)).toBe(false);
  });

  it.each(HOOK_IMPLS)("the real %s hook asks before deleting in a renamed production context", async (impl) => {
    if (impl === "native" && !nativeHookAvailable()) return;
    const { file } = setup({ "kind-dev": "https://k8s.prod.acme.io:6443", "kind-ok": "https://127.0.0.1:40000" });
    const env = { STASO_HOME: tempHome(), KUBECONFIG: file };
    const ask = await runHook(claudePayload("Bash", { command: "kubectl --context kind-dev delete deploy api" }), {
      impl,
      env,
      args: ["--target", "claude-code"],
    });
    expect(ask.code).toBe(0);
    expect(JSON.stringify(ask.json)).toMatch(/kubectl delete|delete/);
    expect(ask.json?.hookSpecificOutput?.permissionDecision).not.toBe("allow");
    expect(ask.json).toBeDefined();
    const ok = await runHook(claudePayload("Bash", { command: "kubectl --context kind-ok delete deploy api" }), {
      impl,
      env,
      args: ["--target", "claude-code"],
    });
    expect(ok.code).toBe(0);
    expect(ok.stdout.trim()).toBe("");
  });
});
