// What an entry that runs later (a cron line, a unit's ExecStart, an autostart Exec=, an .envrc) must not
// run: code fetched and piped to an interpreter, a reverse shell, a program kept in a temporary or hidden
// place, a wipe of the home folder or a disk, credentials sent away, PATH pointed at such a place. Judged
// on the entry's text, since it runs outside the session where no rule sees it.
const CHECKS: [RegExp, string][] = [
  [
    /\b(?:curl|wget|fetch|iwr|Invoke-WebRequest)\b[^\n;&]*\|\s*(?:sudo\s+)?(?:ba|z|da|k)?sh\b|\b(?:curl|wget)\b[^\n;&]*\|\s*(?:python3?|perl|ruby|node)\b/i,
    "fetches code and runs it",
  ],
  // Fetched code evaluated without a pipe: `eval "$(curl …)"`, `source <(wget -qO- …)`, `bash <(curl …)`,
  // PowerShell's `iwr … | iex` and `iex (iwr …)`.
  [
    /(?:\b(?:eval|source|(?:ba|z|da|k)?sh(?:\s+-c)?|python3?|perl|ruby|node)|(?:^|[\s;&|(])\.)\s+["']?(?:\$\(|<\(|`)\s*(?:curl|wget|fetch|iwr|irm)\b|\b(?:iwr|irm|curl|wget|Invoke-WebRequest|Invoke-RestMethod|DownloadString)\b[^\n;&]*\|\s*(?:iex|Invoke-Expression)\b|\b(?:iex|Invoke-Expression)\b[\s(]*(?:iwr|irm|Invoke-WebRequest|Invoke-RestMethod|New-Object\s+Net\.WebClient)\b/i,
    "fetches code and runs it",
  ],
  [
    /\/dev\/(?:tcp|udp)\/|\b(?:nc|ncat|netcat)\b[^\n;|]*\s-[a-z]*[ec]\b|\bsocat\b[^\n]*\bexec:|\bbash\s+-i\b|\bsh\s+-i\s*[<>]/i,
    "opens a remote shell",
  ],
  [/\bbase64\s+(?:-d|--decode|-D)\b[^\n]*\|\s*(?:ba|z)?sh\b/, "decodes hidden code and runs it"],
  [/(?:^|[\s'"=:;(])(?:\/tmp|\/var\/tmp|\/dev\/shm)\/\S/, "runs something kept in a temporary folder"],
  [
    /(?:^|[\s'"=:;(])(?:~|\$HOME|\$\{HOME\}|\/home\/[^/\s]+|\/root|\/Users\/[^/\s]+)\/(?:[\w.-]+\/)*\.[\w.-]+\.(?:sh|py|pl|rb|js|bin|so)\b|\/\.[\w-]+\/(?:agent|implant|payload|x|run|bin)\b/,
    "runs a program hidden in a dot-file",
  ],
  [/\bhttps?:\/\/\d{1,3}(?:\.\d{1,3}){3}\b/, "talks to a bare IP address"],
  [
    /\brm\s+-[a-zA-Z]*[rf][a-zA-Z]*\s+(?:-[a-zA-Z]+\s+)*["']?(?:~|\$HOME|\$\{HOME\}|\/)\/?(?:\*|["'\s;&|]|$)|\brm\s+-[a-zA-Z]*[rf][a-zA-Z]*\s+(?:-[a-zA-Z]+\s+)*["']?(?:~|\$HOME|\$\{HOME\})["']?\/\.(?:ssh|aws|gnupg|kube|config)\b|\bfind\s+(?:~|\$HOME|\/)\s[^\n]*-delete\b/,
    "deletes the home folder or the filesystem",
  ],
  [/\bdd\b[^\n]*\bof=\/dev\/(?:sd|nvme|vd|xvd|hd|mmcblk|disk)/, "overwrites a disk"],
  [
    /(?:~|\$HOME|\/home\/[^/\s]+)\/\.(?:ssh|aws|gnupg|kube|config\/gh|docker)\b[^\n]*\b(?:curl|wget|nc|ncat|scp|rsync|transfer\.sh)\b|\b(?:curl|wget)\b[^\n]*(?:~|\$HOME)\/\.(?:ssh|aws|gnupg)/,
    "sends credentials away",
  ],
  [
    /\b(?:env|printenv|set|export\s+-p)\s*\|[^\n]*\b(?:curl|wget|nc|ncat|socat)\b|\b(?:curl|wget)\b[^\n]*\$\(\s*(?:env|printenv)\s*\)/,
    "sends the environment (and its secrets) away",
  ],
  [
    /\$\{\{\s*(?:toJSON\(\s*)?secrets\b[^\n]*\|\s*(?:curl|wget|nc)\b|\b(?:curl|wget)\b[^\n]*\$\{\{\s*(?:toJSON\(\s*)?secrets\b/,
    "sends the CI secrets away",
  ],
  [
    /\bexport\s+PATH=["']?(?:\/tmp|\/var\/tmp|\/dev\/shm|[^:\s"']*\/\.[\w-]+)/,
    "puts a temporary or hidden folder first on PATH",
  ],
];

/** Why a command line that will run later is an implant, or undefined. */
export function implantIn(text: string): string | undefined {
  for (const [re, why] of CHECKS) if (re.test(text)) return why;
  return undefined;
}
