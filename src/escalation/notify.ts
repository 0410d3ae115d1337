// Telling a human that an escalation waits: a desktop notification where there is a desktop
// (notify-send on Linux, osascript on macOS), else a terminal bell where the agent draws no screen of
// its own. Never blocks the hook: the notifier is started detached and forgotten; nothing is ever
// written into an agent's terminal UI (Claude Code in a terminal, the Codex TUI).
import { spawn } from "node:child_process";
import { closeSync, constants, existsSync, openSync, writeSync } from "node:fs";
import { delimiter, join } from "node:path";
import type { EscalationContext } from "./settings.js";

export interface Notice {
  title: string;
  body: string;
}

export type NotifyVia = "desktop" | "bell" | "none";

function onPath(program: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? "").split(delimiter)) {
    if (!dir) continue;
    const p = join(dir, program);
    if (existsSync(p)) return p;
  }
  return undefined;
}

function desktopCommand(n: Notice, env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string[] | undefined {
  if (platform === "darwin") {
    const osa = onPath("osascript", env);
    const q = (s: string) => JSON.stringify(s);
    return osa ? [osa, "-e", `display notification ${q(n.body)} with title ${q(n.title)}`] : undefined;
  }
  if (platform === "win32") return undefined;
  // notify-send needs a session bus and a display to show anything.
  if (!env.DISPLAY && !env.WAYLAND_DISPLAY && !env.DBUS_SESSION_BUS_ADDRESS) return undefined;
  const bin = onPath("notify-send", env);
  return bin ? [bin, "--app-name=staso", "--urgency=critical", n.title, n.body] : undefined;
}

/**
 * A terminal bell is safe only where the agent draws no screen: Claude Code without a human at its
 * prompt (claude -p, run from the user's shell). In a terminal session Claude Code (and the Codex TUI,
 * which staso cannot tell from `codex exec`) owns the screen, so no bell there.
 */
function bellAllowed(ctx: EscalationContext): boolean {
  return ctx.bell;
}

function ringBell(): boolean {
  let fd: number | undefined;
  try {
    fd = openSync("/dev/tty", constants.O_WRONLY | constants.O_NOCTTY | constants.O_NONBLOCK);
    writeSync(fd, "\x07");
    return true;
  } catch {
    return false; // no controlling terminal (an agent started detached, a CI job)
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Tells a human, the way the setting and the place allow; returns how. Never throws. */
export function notifyHuman(
  n: Notice,
  o: {
    setting: "auto" | "desktop" | "bell" | "off";
    ctx: EscalationContext;
    env?: NodeJS.ProcessEnv;
    platform?: NodeJS.Platform;
  },
): NotifyVia {
  const env = o.env ?? process.env;
  if (o.setting === "off" || env.STASO_NOTIFY === "off") return "none";
  try {
    if (o.setting !== "bell") {
      const cmd = desktopCommand(n, env, o.platform ?? process.platform);
      if (cmd) {
        const child = spawn(cmd[0]!, cmd.slice(1), { detached: true, stdio: "ignore", env });
        child.on("error", () => {}); // the notifier could not start: nothing else to do
        child.unref();
        return "desktop";
      }
    }
    if (o.setting !== "desktop" && bellAllowed(o.ctx) && process.platform !== "win32" && ringBell()) return "bell";
  } catch {
    // a notification is a courtesy: never the reason a call fails
  }
  return "none";
}
