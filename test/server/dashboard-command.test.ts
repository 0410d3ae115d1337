// `staso dashboard`, as a real process: one command starts the server on 127.0.0.1 with the embedded
// database, makes the local user, connects this machine (credentials.json, 0600) and prints a one-time
// sign-in link (no browser here); run again, it gives a new link to the running server. Links work once,
// only with the local server's secret, and never on a server that was not started this way.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { LAUNCHER, tempHome } from "../support/hook-process.js";
import { cli } from "../escalation/support.js";

const procs: ChildProcess[] = [];
afterAll(async () => {
  for (const p of procs)
    if (p.exitCode === null) {
      p.kill("SIGTERM");
      await new Promise((r) => p.once("exit", r));
    }
});

function dashboard(home: string): Promise<{ child: ChildProcess; out: () => string; link: string; url: string }> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, STASO_HOME: home, HOME: home, DISPLAY: "", WAYLAND_DISPLAY: "" };
    const child = spawn(process.execPath, [LAUNCHER, "dashboard", "--port", "0", "--no-open"], {
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    procs.push(child);
    let out = "";
    const timer = setTimeout(() => reject(new Error(`no link:\n${out}`)), 90_000);
    child.stdout!.setEncoding("utf8").on("data", (d: string) => {
      out += d;
      const link = /^ {2}(http:\/\/127\.0\.0\.1:\d+\/login\/link\/\S+)$/m.exec(out)?.[1];
      const url = /^Staso dashboard: (\S+)$/m.exec(out)?.[1];
      if (link && url) {
        clearTimeout(timer);
        resolve({ child, out: () => out, link, url });
      }
    });
    child.stderr!.setEncoding("utf8").on("data", (d: string) => (out += d));
    child.on("exit", (code) => reject(new Error(`staso dashboard exited (${code}):\n${out}`)));
  });
}

async function follow(link: string) {
  const res = await fetch(link, { redirect: "manual" });
  return {
    status: res.status,
    location: res.headers.get("location"),
    cookie: res.headers.get("set-cookie")?.split(";")[0],
  };
}

describe("staso dashboard", () => {
  it("one command: server, local user, this machine connected, a sign-in link that works once", async () => {
    const home = tempHome("staso-dashboard-");
    const d = await dashboard(home);
    expect(d.out()).toContain("Made the local user");
    expect(d.out()).toContain(`Connected this machine's hooks: escalations and decisions go to ${d.url}.`);
    const creds = join(home, "credentials.json");
    expect(statSync(creds).mode & 0o777).toBe(0o600);
    const { server, apiKey } = JSON.parse(readFileSync(creds, "utf8"));
    expect(server).toBe(d.url);
    expect((await fetch(`${d.url}/api/v1/policy`, { headers: { authorization: `Bearer ${apiKey}` } })).status).toBe(
      204,
    );

    const first = await follow(d.link);
    expect(first).toMatchObject({ status: 303, location: "/escalations" });
    const page = await fetch(`${d.url}/escalations`, { headers: { cookie: first.cookie! } });
    expect(await page.text()).toMatch(/@localhost \(admin\)/);
    expect((await follow(d.link)).status).toBe(403); // once only

    // Run again while it runs: a new link to the same server, and the first process keeps serving.
    const again = await cli(home, ["dashboard", "--no-open"], { DISPLAY: "", WAYLAND_DISPLAY: "" });
    expect(again.code, again.stderr).toBe(0);
    const link2 = /(http:\/\/127\.0\.0\.1:\d+\/login\/link\/\S+)/.exec(again.stdout)![1]!;
    expect(link2.startsWith(d.url)).toBe(true);
    expect((await follow(link2)).status).toBe(303);

    // A forged or tampered link is refused.
    const [payload, sig] = d.link.split("/login/link/")[1]!.split(".");
    const forged = Buffer.from(JSON.stringify({ e: "x@localhost", x: Date.now() + 60_000, n: "ab" })).toString(
      "base64url",
    );
    expect((await follow(`${d.url}/login/link/${forged}.${sig}`)).status).toBe(403);
    expect((await follow(`${d.url}/login/link/${payload}.${sig!.slice(0, -2)}AA`)).status).toBe(403);
  }, 180_000);
});
