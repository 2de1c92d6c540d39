/**
 * Start-up replay: every WAL segment the previous process left (it stopped before their groups
 * committed, or was killed) is read, its records added to the committer and committed, oldest
 * segment first, in groups of up to `flushSamples` samples, and deleted once committed. A
 * damaged tail (a torn last record) ends that segment's replay; the records before it are kept.
 * Runs before the store is returned, so the store is ready only with the WAL's data in it.
 */
import type { Committer } from './committer.js';
import { listSegments, readSegment } from './wal.js';

export interface ReplayReport {
  segments: number;
  records: number;
  samples: number;
  damaged: { segment: number; damage: string }[];
}

export async function replayWal(dir: string, committer: Committer, flushSamples: number): Promise<ReplayReport> {
  const report: ReplayReport = { segments: 0, records: 0, samples: 0, damaged: [] };
  committer.retry = false;
  try {
    for (const id of listSegments(dir)) {
      const seg = readSegment(dir, id);
      report.segments++;
      if (seg.damage !== undefined) report.damaged.push({ segment: id, damage: seg.damage });
      for (const rec of seg.records) {
        committer.add(rec, id);
        report.records++;
        report.samples += rec.sampleRows;
      }
      // an empty or fully damaged segment still goes to the committer, to be deleted with its group
      if (seg.records.length === 0) committer.add(EMPTY, id);
      if (committer.pendingSamples >= flushSamples) await committer.commitOnce();
    }
    await committer.commitOnce();
  } finally {
    committer.retry = true;
  }
  return report;
}

const EMPTY = { samples: new Uint8Array(0), sampleRows: 0, series: new Uint8Array(0), seriesRows: 0, metadata: new Uint8Array(0), metadataRows: 0, exemplars: new Uint8Array(0), exemplarRows: 0 };
