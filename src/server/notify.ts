// Telling people that an escalation waits: each configured webhook gets a POST with a link straight to it,
// as staso's own JSON ("generic") or in Slack's incoming-webhook format. Sent after the hook has its answer
// (never awaited by the request), each with a 5 s timeout and one retry; a failure is logged, never fatal.
import type { ServerEscalation } from "./store/escalations.js";
import type { Webhook } from "./store/settings.js";

const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Slack's mrkdwn: &, < and > are markup; control characters go. */
const slackText = (s: string) =>
  s.replace(CONTROL, "").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const short = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

function escalationLink(publicUrl: string, e: { id: string }): string {
  return `${publicUrl}/escalations/${e.id}`;
}

function webhookBody(h: Webhook, e: ServerEscalation, publicUrl: string): unknown {
  const url = escalationLink(publicUrl, e);
  if (h.format === "slack") {
    const code = slackText(short(e.summary, 300)).replace(/`/g, "'");
    const text = `*staso*: a ${slackText(e.tool)} call on ${slackText(e.machine.name)} needs approval: \`${code}\`\n${slackText(e.ruleId ?? "rule")}: ${slackText(short(e.reason, 500))}\n<${url}|Open ${e.id}>`;
    return { text, unfurl_links: false };
  }
  return {
    type: "escalation.raised",
    url,
    escalation: {
      id: e.id,
      status: e.status,
      mode: e.mode,
      tool: e.tool,
      summary: e.summary,
      ruleId: e.ruleId ?? null,
      reason: e.reason,
      agent: e.host,
      machine: e.machine.name,
      project: e.project ?? null,
      createdAt: e.createdAt,
      expiresAt: e.expiresAt,
    },
  };
}

export function webhookProblem(url: string): string | undefined {
  try {
    const u = new URL(url);
    if (u.protocol !== "https:" && u.protocol !== "http:") return "a webhook URL is http:// or https://";
    if (u.username || u.password) return "put no credentials in the URL's user part";
    return undefined;
  } catch {
    return `${JSON.stringify(url)} is not a URL`;
  }
}

async function post(url: string, body: unknown): Promise<{ ok: boolean; retry: boolean; message: string }> {
  try {
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", "user-agent": "staso-server" },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(5000),
      redirect: "error",
    });
    await res.arrayBuffer().catch(() => undefined);
    return { ok: res.ok, retry: res.status >= 500 || res.status === 429, message: `HTTP ${res.status}` };
  } catch (err) {
    return { ok: false, retry: true, message: (err as Error).message };
  }
}

export async function sendWebhooks(
  hooks: Webhook[],
  e: ServerEscalation,
  publicUrl: string,
  log: (m: string) => void = () => {},
): Promise<boolean[]> {
  return Promise.all(
    hooks.map(async (h) => {
      const body = webhookBody(h, e, publicUrl);
      let r = await post(h.url, body);
      if (!r.ok && r.retry) {
        await new Promise((res) => setTimeout(res, 1000));
        r = await post(h.url, body);
      }
      if (!r.ok) log(`staso server: the ${h.format} webhook ${new URL(h.url).host} failed for ${e.id} (${r.message})`);
      return r.ok;
    }),
  );
}
