// `staso doctor`: checks that staso really guards each agent, with a fix for every problem; exits 1 on any.
import { runDoctor, type Check, type DoctorReport } from "../setup/doctor.js";
import { paintFor, type Paint } from "../util/terminal.js";
import { parseTargets } from "./setup.js";
import { print } from "./output.js";
import { jsonForTerminal } from "../util/terminal-text.js";

export interface DoctorFlags {
  json?: boolean;
  target?: string[];
  projectDir?: string;
}

function line(c: Check, s: Paint): string {
  const mark = c.ok ? s.green("✓") : s.red("✗");
  return `  ${mark} ${c.message}${!c.ok && c.fix ? `\n      ${s.dim("fix:")} ${c.fix}` : ""}\n`;
}

export function formatDoctor(r: DoctorReport, s: Paint): string {
  let out = `${s.bold("staso")}\n`;
  for (const c of r.staso) out += line(c, s);
  for (const a of r.agents) {
    out += `${s.bold(a.label)}\n`;
    for (const c of a.checks) out += line(c, s);
  }
  out += r.ok
    ? `\n${s.green("No problems found.")}\n`
    : `\n${s.red(`${r.problems} problem${r.problems === 1 ? "" : "s"} found.`)}\n`;
  return out;
}

export async function doctorCommand(flags: DoctorFlags): Promise<void> {
  const report = await runDoctor({ targets: parseTargets(flags.target), projectDir: flags.projectDir });
  if (flags.json) print(`${jsonForTerminal(report, 2)}\n`);
  else print(formatDoctor(report, paintFor(process.stdout)));
  if (!report.ok) process.exitCode = 1;
}
