// The dashboard's pages and forms. Every route names the least role it needs (requireRole also checks the
// CSRF token on every POST); nothing here accepts an API key.
//   viewer    GET  /escalations, /escalations/:id, /decisions, /decisions/:id, /overview, /machines, /policy
//   approver  POST /escalations/:id/approve, /escalations/:id/deny
//   admin     POST /machines, /machines/:id/revoke, /policy, /policy/validate, /settings/…; GET /settings
import type { Context, Hono } from "hono";
import { recordAnswer } from "../answers.js";
import type { Env, ServerContext } from "../context.js";
import { filterChoices, getDecision, listDecisions, overview } from "../store/decisions.js";
import { getEscalation, listEscalations, resolveEscalation } from "../store/escalations.js";
import { createKey, listKeys, revokeKey } from "../store/keys.js";
import { currentPolicy, getPolicyVersion, policyHistory, savePolicy } from "../store/policy.js";
import { getWebhooks, setSetting } from "../store/settings.js";
import { addUser, isRole, listUsers, setUserDisabled, setUserRole, StoreError } from "../store/users.js";
import { checkTeamPolicy } from "../team-policy.js";
import { webhookProblem } from "../notify.js";
import { html } from "../web/html.js";
import { page, type Section } from "../web/layout.js";
import { decisionPage, decisionsPage, filterOf, type DecisionQuery } from "../web/pages/decisions.js";
import { escalationCard, escalationsPage } from "../web/pages/escalations.js";
import { machinesPage } from "../web/pages/machines.js";
import { overviewPage } from "../web/pages/overview.js";
import { policyPage, policyVersionPage } from "../web/pages/policy.js";
import { settingsPage } from "../web/pages/settings.js";
import { requireRole } from "./web-auth.js";

const PAGE_SIZE = 100;

type Form = Record<string, unknown>;
const field = (form: Form, k: string, max = 2000): string =>
  typeof form[k] === "string" ? (form[k] as string).trim().slice(0, max) : "";

export function dashboard(app: Hono<Env>, ctx: ServerContext): void {
  const viewer = requireRole(ctx, "viewer");
  const approver = requireRole(ctx, "approver");
  const admin = requireRole(ctx, "admin");

  const show = (
    c: Context<Env>,
    title: string,
    section: Section | undefined,
    body: ReturnType<typeof html>,
    o: { status?: 200 | 400 | 404 | 409; flash?: string; refresh?: boolean } = {},
  ) =>
    c.html(
      page({
        title,
        session: c.get("session"),
        ...(section ? { section } : {}),
        body,
        ...(o.flash ? { flash: o.flash } : {}),
        ...(o.refresh ? { refresh: true } : {}),
      }).value,
      o.status ?? 200,
    );
  const notFound = (c: Context<Env>, what: string) =>
    show(c, "Not found", undefined, html`<h1>Not found</h1><p>${what}</p>`, { status: 404 });

  app.get("/", viewer, (c) => c.redirect("/escalations", 303));

  app.get("/escalations", viewer, async (c) => {
    const list = await listEscalations(ctx.sql, { since: ctx.now() - 7 * 86400_000, limit: 300 }, ctx.now());
    return show(c, "Escalations", "escalations", escalationsPage(list, c.get("session"), ctx.now()), {
      refresh: true,
      ...(c.req.query("done") ? { flash: c.req.query("done")!.slice(0, 200) } : {}),
    });
  });

  app.get("/escalations/:id", viewer, async (c) => {
    const e = await getEscalation(ctx.sql, c.req.param("id") ?? "", { now: ctx.now() });
    if (!e) return notFound(c, "There is no such escalation.");
    return show(
      c,
      `Escalation ${e.id}`,
      "escalations",
      html`<p><a href="/escalations">All escalations</a></p>${escalationCard(e, c.get("session"), ctx.now(), true)}`,
      {
        refresh: e.status === "pending",
      },
    );
  });

  for (const verb of ["approve", "deny"] as const) {
    app.post(`/escalations/:id/${verb}`, approver, async (c) => {
      const form = (await c.req.parseBody()) as Form;
      const reason = field(form, "reason", 500);
      const forRaw = field(form, "for", 20);
      const forSeconds = /^\d{1,8}$/.test(forRaw) && Number(forRaw) > 0 ? Number(forRaw) : undefined;
      const who = c.get("session").user.email;
      const r = await resolveEscalation(
        ctx.sql,
        c.req.param("id") ?? "",
        {
          status: verb === "approve" ? "approved" : "denied",
          by: who,
          ...(reason ? { reason } : {}),
          ...(forSeconds ? { forSeconds } : {}),
        },
        { now: ctx.now() },
      );
      if (!r) return notFound(c, "There is no such escalation.");
      if (r.changed) await recordAnswer(ctx.sql, r.escalation);
      const msg = r.changed
        ? `${r.escalation.id} ${verb === "approve" ? "approved" : "denied"}.`
        : `${r.escalation.id} was not changed: it is ${r.escalation.status}${r.escalation.resolution ? ` (by ${r.escalation.resolution.by})` : ""}.`;
      if (!r.changed)
        return show(
          c,
          `Escalation ${r.escalation.id}`,
          "escalations",
          escalationCard(r.escalation, c.get("session"), ctx.now(), true),
          { status: 409, flash: msg },
        );
      return c.redirect(`/escalations?done=${encodeURIComponent(msg)}`, 303);
    });
  }

  app.get("/decisions", viewer, async (c) => {
    const q = c.req.query() as DecisionQuery;
    const f = filterOf(q, ctx.now());
    const rows = await listDecisions(ctx.sql, f, { limit: PAGE_SIZE, ...(q.before ? { before: q.before } : {}) });
    const choices = { ...(await filterChoices(ctx.sql, ctx.now())), machines: await listKeys(ctx.sql) };
    return show(c, "Decisions", "decisions", decisionsPage(rows, q, choices, ctx.now(), PAGE_SIZE));
  });

  app.get("/decisions/:id", viewer, async (c) => {
    const d = await getDecision(ctx.sql, c.req.param("id") ?? "");
    if (!d) return notFound(c, "There is no such decision.");
    return show(c, "Decision", "decisions", decisionPage(d, ctx.now()));
  });

  app.get("/overview", viewer, async (c) => {
    const days = [7, 14, 30, 90].includes(Number(c.req.query("days"))) ? Number(c.req.query("days")) : 14;
    const since = new Date(ctx.now() - (days - 1) * 86400_000);
    since.setUTCHours(0, 0, 0, 0);
    return show(c, "Overview", "overview", overviewPage(await overview(ctx.sql, since), since, days, ctx.now()));
  });

  app.get("/machines", viewer, async (c) =>
    show(
      c,
      "Machines",
      "machines",
      machinesPage(await listKeys(ctx.sql), c.get("session"), ctx.now(), ctx.publicUrl()),
    ),
  );

  app.post("/machines", admin, async (c) => {
    const form = (await c.req.parseBody()) as Form;
    try {
      const created = await createKey(
        ctx.sql,
        field(form, "name", 200),
        c.get("session").user.email,
        new Date(ctx.now()),
      );
      return show(
        c,
        "Machines",
        "machines",
        machinesPage(await listKeys(ctx.sql), c.get("session"), ctx.now(), ctx.publicUrl(), {
          name: created.record.name,
          key: created.key,
        }),
      );
    } catch (err) {
      if (!(err instanceof StoreError)) throw err;
      return show(
        c,
        "Machines",
        "machines",
        machinesPage(await listKeys(ctx.sql), c.get("session"), ctx.now(), ctx.publicUrl()),
        { status: 400, flash: err.message },
      );
    }
  });

  app.post("/machines/:id/revoke", admin, async (c) => {
    const id = Number(c.req.param("id") ?? "");
    if (Number.isInteger(id)) await revokeKey(ctx.sql, id, c.get("session").user.email, new Date(ctx.now()));
    return c.redirect("/machines", 303);
  });

  app.get("/policy", viewer, async (c) =>
    show(
      c,
      "Policy",
      "policy",
      policyPage(await currentPolicy(ctx.sql), await policyHistory(ctx.sql), c.get("session"), ctx.now()),
    ),
  );

  app.get("/policy/versions/:id", viewer, async (c) => {
    const v = await getPolicyVersion(ctx.sql, Number(c.req.param("id") ?? "") || 0);
    return v
      ? show(c, `Policy version ${v.id}`, "policy", policyVersionPage(v))
      : notFound(c, "There is no such version.");
  });

  app.post("/policy/validate", admin, async (c) => {
    const body = (await c.req.json().catch(() => ({}))) as { config?: unknown };
    if (typeof body.config !== "string" || body.config.length > 1024 * 1024)
      return c.json({ ok: false, error: "send { config: text }" }, 400);
    const r = await checkTeamPolicy(body.config);
    return c.json(r.ok ? { ok: true, tests: r.tests.length } : { ok: false, error: r.error });
  });

  app.post("/policy", admin, async (c) => {
    const form = (await c.req.parseBody()) as Form;
    const text = field(form, "config", 1024 * 1024);
    const reason = field(form, "reason", 500);
    const userMayLoosen = field(form, "userMayLoosen") === "1";
    const s = c.get("session");
    const again = async (error: string, tests?: Awaited<ReturnType<typeof checkTeamPolicy>>["tests"]) =>
      show(
        c,
        "Policy",
        "policy",
        policyPage(await currentPolicy(ctx.sql), await policyHistory(ctx.sql), s, ctx.now(), {
          text,
          reason,
          userMayLoosen,
          error,
          ...(tests ? { tests } : {}),
        }),
        { status: 400 },
      );
    if (!reason) return again("Say why (the reason is kept with the version).");
    const r = await checkTeamPolicy(text);
    if (!r.ok) return again(r.error, r.tests);
    const v = await savePolicy(
      ctx.sql,
      { config: r.config, userMayLoosen, author: s.user.email, reason },
      new Date(ctx.now()),
    );
    return show(c, "Policy", "policy", policyPage(v, await policyHistory(ctx.sql), s, ctx.now()), {
      flash: `Saved version ${v.id} (${r.tests.length} tests passed).`,
    });
  });

  app.get("/settings", admin, async (c) =>
    show(
      c,
      "Settings",
      "settings",
      settingsPage(await listUsers(ctx.sql), await getWebhooks(ctx.sql), c.get("session"), ctx.now(), ctx.publicUrl()),
    ),
  );

  const settingsAgain = async (c: Context<Env>, message: string, status: 200 | 400 | 409 = 400) =>
    show(
      c,
      "Settings",
      "settings",
      settingsPage(await listUsers(ctx.sql), await getWebhooks(ctx.sql), c.get("session"), ctx.now(), ctx.publicUrl()),
      { status, flash: message },
    );

  app.post("/settings/users", admin, async (c) => {
    const form = (await c.req.parseBody()) as Form;
    const role = field(form, "role");
    if (!isRole(role)) return settingsAgain(c, "Pick a role.");
    try {
      const u = await addUser(
        ctx.sql,
        {
          email: field(form, "email", 320),
          role,
          password: field(form, "password", 1024),
          by: c.get("session").user.email,
        },
        new Date(ctx.now()),
      );
      return settingsAgain(c, `Added ${u.email} (${u.role}).`, 200);
    } catch (err) {
      if (err instanceof StoreError) return settingsAgain(c, `${err.message}.`);
      throw err;
    }
  });

  app.post("/settings/users/:id/:what", admin, async (c) => {
    const id = Number(c.req.param("id") ?? "");
    const what = c.req.param("what");
    const form = (await c.req.parseBody()) as Form;
    try {
      if (what === "role") await setUserRole(ctx.sql, id, field(form, "role") as never);
      else if (what === "disable" || what === "enable")
        await setUserDisabled(ctx.sql, id, what === "disable", new Date(ctx.now()));
      else return notFound(c, "No such action.");
    } catch (err) {
      if (err instanceof StoreError) return settingsAgain(c, `${err.message}.`, 409);
      throw err;
    }
    return c.redirect("/settings", 303);
  });

  app.post("/settings/webhooks", admin, async (c) => {
    const form = (await c.req.parseBody()) as Form;
    const url = field(form, "url", 2000);
    const format = field(form, "format") === "slack" ? "slack" : "generic";
    const bad = webhookProblem(url);
    if (bad) return settingsAgain(c, `${bad}.`);
    const hooks = await getWebhooks(ctx.sql);
    await setSetting(
      ctx.sql,
      "webhooks",
      [...hooks.filter((h) => h.url !== url), { url, format }],
      c.get("session").user.email,
      new Date(ctx.now()),
    );
    return c.redirect("/settings", 303);
  });

  app.post("/settings/webhooks/:i/delete", admin, async (c) => {
    const hooks = await getWebhooks(ctx.sql);
    const i = Number(c.req.param("i"));
    await setSetting(
      ctx.sql,
      "webhooks",
      hooks.filter((_, j) => j !== i),
      c.get("session").user.email,
      new Date(ctx.now()),
    );
    return c.redirect("/settings", 303);
  });
}
