// Progress on stderr: a bar on a terminal, a plain line every few seconds elsewhere (CI logs).
// It polls the engine's snapshot on a timer, so the hot path never pays for drawing. The ETA is
// ours (eta.ts), not cli-progress's: its first frames said "0s" and it trusted a total that the
// reader's read-ahead made too small.
import cliProgress from 'cli-progress';
import type { Engine, Mode, Snapshot } from '../run/engine.js';
import { EtaTracker, formatEta, type Frame } from './eta.js';

export interface Progress {
  stop(): void;
}

export function startProgress(engine: Engine, mode: Mode, stream: NodeJS.WriteStream = process.stderr): Progress {
  return stream.isTTY ? barProgress(engine, mode, stream) : lineProgress(engine, mode, stream);
}

/**
 * What the bar counts. Checking is reading: by bytes when the size is known. Uploading runs
 * behind the reader: by units done, against the run's units (estimated until the input is read).
 */
function byBytes(mode: Mode, s: Snapshot): boolean {
  return mode !== 'upload' && s.stats.bytesTotal !== undefined;
}

function frameOf(s: Snapshot, done: number, bytes: boolean): Frame {
  return {
    atMs: s.elapsedMs, done: bytes ? s.stats.bytesRead : done, seen: s.stats.products, planned: s.planned,
    bytesRead: s.stats.bytesRead, bytesTotal: s.stats.bytesTotal, readAll: s.readAll, pausedFor: s.pausedFor,
  };
}

/** One look at the engine: counts, rate, and the ETA from the tracker (created on first use). */
function look(engine: Engine, mode: Mode, state: { eta?: EtaTracker }) {
  const s = engine.snapshot();
  const done = Object.values(s.counts).reduce((a, b) => a + b, 0);
  const perSecond = done / Math.max(s.elapsedMs / 1000, 0.001);
  const bytes = byBytes(mode, s);
  const frame = frameOf(s, done, bytes);
  state.eta ??= new EtaTracker(bytes ? 'bytes' : 'units', s.rateLimit);
  const { seconds, total } = state.eta.update(frame);
  return { s, done, perSecond, bytes, eta: formatEta(seconds), total };
}

function barProgress(engine: Engine, mode: Mode, stream: NodeJS.WriteStream): Progress {
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: mode === 'upload'
        // The ETA early in the line: a narrow terminal cuts the end of it.
        ? '{bar} {percentage}%{remaining} | {done} done | created {created} failed {failed} retrying {retrying}{paused} | {rate}/s'
        : '{bar} {percentage}%{remaining} | {done} checked | invalid {invalid} | {rate}/s',
      barsize: 24,
      hideCursor: true,
      clearOnComplete: false,
    },
    cliProgress.Presets.shades_classic,
  );
  const state = {};
  let started = false;
  const tick = () => {
    const { s, done, perSecond, bytes, eta, total: estimated } = look(engine, mode, state);
    const total = Math.max(estimated ?? s.planned, done, 1);
    const value = bytes ? s.stats.bytesRead : done;
    const payload = {
      done, created: s.counts.created + s.counts.existing, failed: s.counts.failed + s.counts.unknown, invalid: s.counts.invalid,
      retrying: s.retrying, rate: perSecond.toFixed(1), paused: s.pausedFor > 0 ? ` | paused ${s.pausedFor.toFixed(0)}s (429)` : '',
      remaining: eta ? ` | ETA ${eta}` : '', // not {eta}: cli-progress fills that one itself
    };
    if (!started) {
      bar.start(total, value, payload);
      started = true;
    } else {
      bar.setTotal(total);
      bar.update(value, payload);
    }
  };
  const timer = setInterval(tick, 100);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      if (started) {
        tick();
        bar.stop();
        started = false;
      }
    },
  };
}

function lineProgress(engine: Engine, mode: Mode, stream: NodeJS.WriteStream, everyMs = 5000, sampleMs = 1000): Progress {
  const state = {};
  let last = 0;
  // Sampled every second (the ETA's rate needs frames), printed every few seconds.
  const timer = setInterval(() => {
    const { s, done, perSecond, eta } = look(engine, mode, state);
    if (s.elapsedMs - last < everyMs) return;
    last = s.elapsedMs;
    const read = s.stats.bytesTotal ? `, ${Math.floor((s.stats.bytesRead / s.stats.bytesTotal) * 100)}% of input read` : '';
    const detail = mode === 'upload'
      ? `${s.counts.created + s.counts.existing} created, ${s.counts.failed + s.counts.unknown} failed, ${s.counts.invalid} invalid, ${s.inFlight} in flight`
      : `${s.counts.invalid} invalid`;
    stream.write(`progress: ${done} done (${detail}), ${perSecond.toFixed(1)}/s${read}${eta ? `, ETA ${eta}` : ''}\n`);
  }, sampleMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
