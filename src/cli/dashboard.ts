// `staso dashboard`: the Staso server for one developer, in one command. It starts the server on
// 127.0.0.1 with the embedded database (or finds the one already running for this STASO_HOME), makes the
// local user (an admin) the first time, connects this machine's hooks to it (an API key kept with the
// server's URL in credentials.json, 0600), and opens the browser signed in through a one-time link
// (printed when no browser can be opened). The server runs until Ctrl-C.
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { hostname, userInfo } from "node:os";
import { readCredentials } from "../remote/connection.js";
import { credentialsFile, stasoPaths } from "../paths.js";
import { UsageError } from "./errors.js";
import { waitForSignal } from "./server.js";

export interface DashboardFlags {
  port?: string;
  open?: boolean;
}

function localEmail(): string {
  let name = "me";
  try {
    name = userInfo().username || name;
  } catch {
    name = process.env.USER || name;
  }
  return `${name.toLowerCase().replace(/[^a-z0-9._-]/g, "-") || "me"}@localhost`;
}

/** Opens the URL in the user's browser; false when there is no browser to open. */
function openBrowser(url: string): boolean {
  const cmd =
    process.platform === "darwin"
      ? ["open", url]
      : process.platform === "win32"
        ? ["cmd", "/c", "start", '""', url]
        : process.env.DISPLAY || process.env.WAYLAND_DISPLAY
          ? ["xdg-open", url]
          : undefined;
  if (!cmd) return false;
  try {
    const child = spawn(cmd[0]!, cmd.slice(1), { detached: true, stdio: "ignore" });
    child.on("error", () => {});
    child.unref();
    return true;
  } catch {
    return false;
  }
}

function writeCredentials(server: string, apiKey: string): void {
  const file = credentialsFile(stasoPaths());
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  let current: Record<string, unknown> = {};
  try {
    current = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
  } catch {
    current = {};
  }
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify({ ...current, server, apiKey }, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, file);
}

function show(url: string, link: string, open: boolean): void {
  const signIn = `${url}/login/link/${link}`;
  const opened = open && openBrowser(signIn);
  process.stdout.write(`Staso dashboard: ${url}\n`);
  process.stdout.write(
    opened
      ? "Opened in your browser (signed in).\n"
      : `Open this link to sign in (it works once, for 10 minutes):\n  ${signIn}\n`,
  );
}

export async function dashboardCommand(flags: DashboardFlags): Promise<void> {
  const { runningLocalServer, startServer } = await import("../server/start.js");
  const { readLinkSecret, makeSignInLink } = await import("../server/auth/links.js");
  const email = localEmail();
  const running = runningLocalServer();
  if (running) {
    const secret = readLinkSecret();
    if (!secret)
      throw new UsageError(`a staso server runs at ${running.url}, but it makes no sign-in links: sign in there.`);
    show(running.url, makeSignInLink(secret, email), flags.open !== false);
    return;
  }
  const port = flags.port === undefined ? 8787 : Number(flags.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port ${flags.port} is not a port.`);
  let server: Awaited<ReturnType<typeof startServer>>;
  try {
    server = await startServer({ host: "127.0.0.1", port, database: {} });
  } catch (err) {
    if (flags.port !== undefined || !/is in use/.test((err as Error).message)) throw err;
    server = await startServer({ host: "127.0.0.1", port: 0, database: {} }); // 8787 is taken: any free port
  }
  const { listUsers, addUser } = await import("../server/store/users.js");
  const { createKey, keyByToken } = await import("../server/store/keys.js");
  const { randomToken } = await import("../server/auth/tokens.js");
  const users = await listUsers(server.sql);
  let as = email;
  if (users.length === 0) {
    // Nobody knows this password: the local user signs in with the links `staso dashboard` prints.
    await addUser(server.sql, { email, role: "admin", password: randomToken(24), by: "staso dashboard" });
    process.stdout.write(`Made the local user ${email} (admin).\n`);
  } else if (!users.some((u) => u.email === email && !u.disabledAt)) {
    as = users.find((u) => u.role === "admin" && !u.disabledAt)?.email ?? email;
  }
  const creds = readCredentials();
  const connected = creds.server === server.url && creds.apiKey && (await keyByToken(server.sql, creds.apiKey));
  if (!connected) {
    const { key } = await createKey(server.sql, `${hostname()} (this machine)`, "staso dashboard");
    writeCredentials(server.url, key);
    process.stdout.write(`Connected this machine's hooks: escalations and decisions go to ${server.url}.\n`);
  }
  show(server.url, makeSignInLink(readLinkSecret()!, as), flags.open !== false);
  process.stdout.write("The server runs until Ctrl-C.\n");
  await waitForSignal(server.close);
}
