/** The allowed-origins box: one origin per line, checked as the server will (scheme, host and port; no path). */

export interface ParsedOrigins {
  origins: string[];
  /** 1-based numbers of the lines that are not an origin. */
  invalidLines: number[];
}

export function parseOrigins(text: string): ParsedOrigins {
  const origins: string[] = [];
  const invalidLines: number[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line === '') return;
    const origin = originOf(line);
    if (origin === null) invalidLines.push(index + 1);
    else if (!origins.includes(origin)) origins.push(origin);
  });
  return { origins, invalidLines };
}

function originOf(line: string): string | null {
  try {
    const url = new URL(line);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
    return url.origin === line.replace(/\/$/, '') ? url.origin : null;
  } catch {
    return null;
  }
}
