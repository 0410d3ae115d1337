// Rule parameters are checked against each rule's schema when the policy loads: a wrong shape is an error
// naming the file and the path (with a did-you-mean for a misspelt name), never a value a rule misreads
// at run time. Plugins' parameters and plugins' schemas too.
import { describe, expect, it } from "vitest";
import { checkParams, paramSpecProblem } from "../../src/engine/params.js";
import { builtinRules } from "../../src/rules/index.js";
import { load, sandbox, setting } from "./support.js";

async function loadUser(config: object) {
  const sb = sandbox();
  sb.user(config);
  const loaded = await load(sb, { env: {} });
  return { sb, loaded };
}

const paramsOf = (id: string, params: unknown) => ({ rules: { [id]: { params } } });

describe("rule parameters in a policy", () => {
  it.each([
    [
      "a string where a list is expected",
      paramsOf("git/force-push", { protectedBranches: "main" }),
      /config\.json: rules\["git\/force-push"\]\.params\.protectedBranches must be an array of strings, not "main"\./,
    ],
    [
      "a number where a list is expected",
      paramsOf("git/force-push", { protectedBranches: 42 }),
      /rules\["git\/force-push"\]\.params\.protectedBranches must be an array of strings, not 42\./,
    ],
    [
      "an item of the wrong type, by index",
      paramsOf("git/force-push", { protectedBranches: ["main", 7] }),
      /rules\["git\/force-push"\]\.params\.protectedBranches\[1\] must be a string, not 7\./,
    ],
    [
      "a misspelt name",
      paramsOf("git/force-push", { protectedBranch: ["main"] }),
      /rules\["git\/force-push"\]\.params\.protectedBranch is not a parameter of this rule \(did you mean "protectedBranches"\?\)\./,
    ],
    [
      "a name nothing like a parameter",
      paramsOf("git/force-push", { colour: "red" }),
      /params\.colour is not a parameter of this rule \(it has "protectedBranches"\)\./,
    ],
    [
      "parameters of a rule that has none",
      paramsOf("git/reset-hard", { x: 1 }),
      /rules\["git\/reset-hard"\]\.params\.x is not a parameter of this rule \(it has none\)\./,
    ],
    [
      "params that are not an object",
      paramsOf("git/force-push", ["main"]),
      /rules\["git\/force-push"\]\.params must be an object, not an array\./,
    ],
    [
      "a value outside an enum",
      paramsOf("mcp/side-effects", { mode: "readonly" }),
      /rules\["mcp\/side-effects"\]\.params\.mode must be one of "read-only", "read-write", "all", not "readonly"\./,
    ],
    [
      "an item outside an enum",
      paramsOf("session/retry-loop", { non_retryable: ["auth", "perms"] }),
      /params\.non_retryable\[1\] must be one of "permission", .*, not "perms"\./,
    ],
    [
      "a number above its maximum",
      paramsOf("session/runaway", { burst_seconds: 900 }),
      /rules\["session\/runaway"\]\.params\.burst_seconds must be a number from 1 to 600, not 900\./,
    ],
    [
      "a fraction where a whole number is expected",
      paramsOf("session/runaway", { max_calls: 2.5 }),
      /params\.max_calls must be a whole number of at least 0, not 2\.5\./,
    ],
    [
      "a boolean as a string",
      paramsOf("network/domain-policy", { require_https: "yes" }),
      /params\.require_https must be true or false, not "yes"\./,
    ],
    [
      "an item that does not match the pattern",
      paramsOf("session/rate-limit", { per_tool: ["WebFetch:3"] }),
      /params\.per_tool\[0\] must be a limit such as "WebFetch=3", not "WebFetch:3"\./,
    ],
  ])("%s is an error naming the file and the path", async (_name, config, message) => {
    await expect(loadUser(config).then((r) => setting(r.loaded, "git/force-push"))).rejects.toThrow(message);
  });

  it("a project's parameters are checked too, and name the project's file", async () => {
    const sb = sandbox();
    sb.projectConfig(paramsOf("git/force-push", { protectedBranches: "main" }));
    await expect(load(sb, { env: {} }).then((l) => setting(l, "x"))).rejects.toThrow(
      /staso\.config\.json: rules\["git\/force-push"\]\.params\.protectedBranches must be an array of strings/,
    );
  });

  it("valid parameters apply over the defaults", async () => {
    const { loaded } = await loadUser({
      rules: {
        "git/force-push": { params: { protectedBranches: ["main", "release/*"] } },
        "session/runaway": { params: { max_calls: 50, burst_seconds: 600 } },
        "mcp/side-effects": { params: { mode: "read-only" } },
      },
    });
    expect(setting(loaded, "git/force-push").params.protectedBranches).toEqual(["main", "release/*"]);
    expect(setting(loaded, "session/runaway").params).toMatchObject({ max_calls: 50, burst_seconds: 600 });
    expect(setting(loaded, "mcp/side-effects").params).toMatchObject({ mode: "read-only", environment: "development" });
  });

  it("a $schema key is accepted, and must be a string", async () => {
    const { loaded } = await loadUser({ $schema: "https://example.com/staso.schema.json" });
    expect(setting(loaded, "git/force-push").mode).toBe("enforce");
    await expect(loadUser({ $schema: 1 })).rejects.toThrow(
      /\$schema must be the URL or path of the policy's JSON Schema/,
    );
  });
});

describe("the rules' own schemas", () => {
  it("every built-in parameter has a type, a description and a default that fits it", () => {
    const problems = builtinRules.flatMap((r) =>
      Object.entries(r.meta.params ?? {}).flatMap(([name, spec]) => {
        const p = paramSpecProblem(spec);
        return p ? [`${r.meta.id} ${name} ${p}`] : [];
      }),
    );
    expect(problems).toEqual([]);
  });

  it("a plugin's schema with a default that does not fit is named", () => {
    expect(paramSpecProblem({ type: "integer", minimum: 1, default: 0, description: "x" })).toBe(
      "has a default that should be a whole number of at least 1, not 0",
    );
    expect(paramSpecProblem({ type: "string[]", description: "x" })).toMatch(
      /has no type \(string, number, integer, boolean, array\)/,
    );
    expect(paramSpecProblem({ type: "array", items: { type: "object" }, description: "x" })).toMatch(
      /items without a type/,
    );
  });

  it("required parameters must be set", () => {
    const specs = { token: { type: "string" as const, required: true, description: "the API token" } };
    expect(checkParams(specs, {})).toEqual({ path: ".token", message: "must be set (the API token)" });
    expect(checkParams(specs, { token: "t" })).toBeUndefined();
  });
});
