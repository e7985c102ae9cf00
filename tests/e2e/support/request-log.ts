import type { ServerProcess } from '../../../scripts/server-process';

interface LogLine {
  time: number;
  reqId: string;
  msg: string;
  phase?: 'begin' | 'end';
  applicationIds?: (string | null)[];
}

/** Every application request's (PUT or batch) begin–end interval per application id, from the server's JSON log. */
export function intervalsById(server: ServerProcess): Map<string, { from: number; to: number }[]> {
  const lines = server.output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogLine)
    .filter((line) => line.msg === 'application put' || line.msg === 'application batch');
  const begins = new Map<string, LogLine>();
  const intervals = new Map<string, { from: number; to: number }[]>();
  for (const line of lines) {
    if (line.phase === 'begin') begins.set(line.reqId, line);
    else {
      const begin = begins.get(line.reqId);
      if (!begin) continue;
      for (const id of begin.applicationIds ?? []) if (id) intervals.set(id, [...(intervals.get(id) ?? []), { from: begin.time, to: line.time }]);
    }
  }
  return intervals;
}

/** The ids two of whose requests were in flight at once (each id's requests, in order, must not overlap). */
export function overlappingIds(intervals: Map<string, { from: number; to: number }[]>): string[] {
  const overlapping: string[] = [];
  for (const [id, spans] of intervals) {
    const sorted = [...spans].sort((a, b) => a.from - b.from);
    if (sorted.some((span, index) => index > 0 && span.from < sorted[index - 1]!.to)) overlapping.push(id);
  }
  return overlapping;
}
