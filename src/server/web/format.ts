// Small formatters the pages share.
export function ago(date: Date | string, now: number): string {
  const s = Math.round((now - new Date(date).getTime()) / 1000);
  const abs = Math.abs(s);
  const t =
    abs < 60
      ? `${abs} s`
      : abs < 5400
        ? `${Math.round(abs / 60)} min`
        : abs < 172800
          ? `${Math.round(abs / 3600)} h`
          : `${Math.round(abs / 86400)} d`;
  return s < 0 ? `in ${t}` : `${t} ago`;
}

export const isoMinute = (d: Date | string): string => new Date(d).toISOString().slice(0, 16).replace("T", " ");

export function ms(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return "–";
  return n < 10 ? `${n.toFixed(1)} ms` : `${Math.round(n)} ms`;
}

/** Pretty JSON when the text is JSON, else the text. */
export function prettyJson(text: string | undefined): string {
  if (text === undefined) return "";
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
