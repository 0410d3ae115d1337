// The registry of agents staso knows. Adding an agent: one folder under hosts/ and one line here.
import type { HostAdapter } from "./types.js";
import { claudeCode } from "./claude-code/index.js";
import { codex } from "./codex/index.js";

// Order matters for detection: the most specific recognizer first (Codex adds turn_id to Claude's shape).
const hosts: HostAdapter[] = [codex, claudeCode];

export function hostByName(name: string): HostAdapter | undefined {
  return hosts.find((h) => h.aliases.includes(name));
}

export function detectHost(payload: Record<string, unknown>): HostAdapter {
  return hosts.find((h) => h.recognizes(payload)) ?? claudeCode;
}

export const hostNames = (): string[] => hosts.map((h) => h.id);
