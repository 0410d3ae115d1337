// The candidate policy of a replay, per working directory, as the hook would load it there: the user's
// config, the environment and the command's flags (a level), and the project config found from the
// directory, or a file standing in for it (--policy). Loaded once per project config, never cached on
// disk: a replay writes nothing of the user's.
import { findProjectConfig } from "../policy/discover.js";
import { activeRules, loadRuleSet, resolveRules } from "../policy/active-rules.js";
import { resolvePolicy } from "../policy/load.js";
import type { Overrides } from "../policy/merge.js";
import { builtinRules } from "../rules/index.js";
import type { CandidateRules, ReplayCandidate } from "./replay.js";

export interface CandidateSpec {
  /** A config file that stands in for the project config of every call (trusted as that project is). */
  policyFile?: string;
  /** What the command flags set (a level), over the environment. */
  overrides?: Overrides;
  env?: NodeJS.ProcessEnv;
}

export interface LoadedCandidate extends ReplayCandidate {
  /** Stops plugin workers. */
  close(): Promise<void>;
}

/** The candidate policy for each directory; a policy that does not load rejects with its one sentence (PolicyError). */
export function candidatePolicy(spec: CandidateSpec = {}): LoadedCandidate {
  const env = spec.env ?? process.env;
  const byCwd = new Map<string, Promise<CandidateRules>>();
  const byProject = new Map<string, Promise<CandidateRules>>();
  const load = async (cwd: string): Promise<CandidateRules> => {
    const policy = await resolvePolicy({
      cwd,
      env,
      fresh: true,
      noCache: true,
      ...(spec.overrides ? { flags: spec.overrides } : {}),
      ...(spec.policyFile ? { projectFile: spec.policyFile } : {}),
    });
    const set = await loadRuleSet(policy, builtinRules, {
      deadlineAt: performance.now() + Math.max(policy.timeoutSeconds * 1000, 10_000),
    });
    const resolved = resolveRules(policy, set);
    return {
      policy,
      set,
      rules: activeRules(policy, set),
      inactive: new Map(resolved.rules.filter((r) => r.inactive).map((r) => [r.sourced.rule.meta.id, r.inactive!])),
      notes: [...policy.notes, ...resolved.notes, ...resolved.rules.flatMap((r) => r.notes)],
    };
  };
  return {
    forCwd(cwd) {
      let p = byCwd.get(cwd);
      if (p) return p;
      // Directories of one project share its policy; with a stand-in file and no project config of their
      // own, trust is judged per directory, so each gets its own.
      const found = findProjectConfig(cwd).file;
      const key = found ?? (spec.policyFile ? `cwd:${cwd}` : "");
      p = byProject.get(key);
      if (!p) {
        p = load(cwd);
        byProject.set(key, p);
      }
      byCwd.set(cwd, p);
      return p;
    },
    async close() {
      const all = await Promise.allSettled(byProject.values());
      for (const r of all) if (r.status === "fulfilled") await r.value.set.close();
    },
  };
}
