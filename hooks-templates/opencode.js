// staso's guard for opencode (staso-opencode-plugin 1). Written by `staso setup --target opencode`, taken
// out by `staso uninstall`; setup rewrites it, so edit your staso config instead of this file.
//
// opencode has no command hooks: a plugin's tool.execute.before runs before every tool call, and a throw
// stops the call. This plugin hands each call to the installed `staso hook` (the same pipeline every
// agent's hook runs) and does what it answers. opencode never times a plugin out, so the plugin keeps its
// own deadline; when staso cannot answer in time (or at all), the call is blocked (fail mode closed).
// It imports nothing but node:child_process, so it cannot fail to load for want of a package.
import { spawn } from "node:child_process";

const COMMAND = "${command}";
const DEADLINE_MS = "${deadlineMs}";
const FAIL_CLOSED = "${failClosed}";

/** Runs the hook on one event; resolves to its answer, or { failed } with what went wrong. */
function askStaso(payload) {
  return new Promise((resolve) => {
    let child;
    try {
      // its own process group, so that a hook cut at the deadline goes with everything it started
      child = spawn(COMMAND, {
        shell: true,
        stdio: ["pipe", "pipe", "pipe"],
        env: process.env,
        detached: process.platform !== "win32",
      });
    } catch (err) {
      resolve({ failed: `the hook could not start (${err?.message ?? err})` });
      return;
    }
    let out = "";
    let err = "";
    let done = false;
    const finish = (answer) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve(answer);
    };
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        child.kill("SIGKILL");
      }
      child.stdout.destroy();
      child.stderr.destroy();
      child.unref();
      finish({ failed: `it did not answer within ${Math.round(DEADLINE_MS / 1000)} s` });
    }, DEADLINE_MS);
    child.stdout.setEncoding("utf8").on("data", (d) => (out += d));
    child.stderr.setEncoding("utf8").on("data", (d) => (err += d));
    child.on("error", (e) => finish({ failed: `the hook could not start (${e.message})` }));
    child.on("close", (code) => {
      const why = err.trim().split("\n").pop() ?? "";
      // exit 2 with a reason on stderr: the deny staso's launcher answers when its bundle cannot load
      if (code === 2 && why) return finish({ action: "deny", reason: why });
      if (code !== 0) return finish({ failed: `the hook exited with code ${code}${why ? `: ${why}` : ""}` });
      if (out.trim() === "") return finish({ action: "allow" });
      try {
        const answer = JSON.parse(out);
        if (answer && typeof answer.action === "string") return finish(answer);
      } catch {
        // below
      }
      finish({ failed: `the hook answered something that is not staso's: ${out.trim().slice(0, 200)}` });
    });
    child.stdin.on("error", () => {});
    child.stdin.end(JSON.stringify(payload));
  });
}

const failure = (what) =>
  new Error(
    `staso: the guard could not check this call (${what}), so it was blocked (fail mode closed). Ask the user to run \`staso doctor\`.`,
  );

export const StasoGuard = async ({ directory }) => ({
  "tool.execute.before": async (input, output) => {
    const args = output?.args ?? {};
    const answer = await askStaso({
      hook_event_name: "tool.execute.before",
      tool: input?.tool,
      sessionID: input?.sessionID,
      callID: input?.callID,
      args,
      cwd: directory,
    });
    if (answer.failed) {
      if (FAIL_CLOSED) throw failure(answer.failed);
      return;
    }
    if (answer.action === "deny") throw new Error(String(answer.reason || "staso: this call was blocked"));
    if (answer.action === "modify" && answer.args && typeof answer.args === "object") {
      // opencode runs the object it handed over: change it in place (a new object would be ignored)
      for (const key of Object.keys(args)) if (!(key in answer.args)) delete args[key];
      Object.assign(args, answer.args);
    }
  },
  "tool.execute.after": async (input, output) => {
    if (!output || typeof output.output !== "string") return;
    const answer = await askStaso({
      hook_event_name: "tool.execute.after",
      tool: input?.tool,
      sessionID: input?.sessionID,
      callID: input?.callID,
      args: input?.args ?? {},
      output: output.output,
      cwd: directory,
    });
    if (answer.failed) return; // the tool already ran: nothing left to stop
    if (answer.action === "modify" && typeof answer.output === "string") {
      output.output = answer.output;
      if (output.metadata && typeof output.metadata.output === "string") output.metadata.output = answer.output;
    }
    if (answer.note) output.output += `\n\n${answer.note}`;
  },
});
