// Progress on stderr: a bar on a terminal, a plain line every few seconds elsewhere (CI logs).
// It polls the engine's snapshot on a timer, so the hot path never pays for drawing.
import cliProgress from 'cli-progress';
import type { Engine, Mode } from '../run/engine.js';

export interface Progress {
  stop(): void;
}

export function startProgress(engine: Engine, mode: Mode, stream: NodeJS.WriteStream = process.stderr): Progress {
  return stream.isTTY ? barProgress(engine, mode, stream) : lineProgress(engine, mode, stream);
}

function fields(engine: Engine) {
  const s = engine.snapshot();
  const done = Object.values(s.counts).reduce((a, b) => a + b, 0);
  const perSecond = done / Math.max(s.elapsedMs / 1000, 0.001);
  return { s, done, perSecond };
}

function barProgress(engine: Engine, mode: Mode, stream: NodeJS.WriteStream): Progress {
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: mode === 'upload'
        ? '{bar} {percentage}% | {done} done | created {created} failed {failed} retrying {retrying}{paused} | {rate}/s | ETA {eta_formatted}'
        : '{bar} {percentage}% | {done} checked | invalid {invalid} | {rate}/s | ETA {eta_formatted}',
      hideCursor: true,
      clearOnComplete: false,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  const tick = () => {
    const { s, done, perSecond } = fields(engine);
    // Checking is reading: by bytes when the size is known. Uploading runs behind the reader, so
    // by units done, against the units planned so far scaled up by the share of input not yet read.
    const readShare = s.stats.bytesTotal ? Math.max(s.stats.bytesRead / s.stats.bytesTotal, 0.001) : 1;
    const byBytes = mode !== 'upload' && s.stats.bytesTotal !== undefined;
    // The reader runs ahead of planning: its product count is the better numerator (one unit a
    // product for all targets but S2, where this under-counts until the input is read).
    const seen = Math.max(s.planned, s.stats.products);
    const total = byBytes ? s.stats.bytesTotal! : Math.max(Math.round(seen / readShare), done, 1);
    const value = byBytes ? s.stats.bytesRead : done;
    const payload = {
      done, created: s.counts.created + s.counts.existing, failed: s.counts.failed + s.counts.unknown, invalid: s.counts.invalid,
      retrying: s.retrying, rate: perSecond.toFixed(1), paused: s.pausedFor > 0 ? ` | paused ${s.pausedFor.toFixed(0)}s (429)` : '',
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

function lineProgress(engine: Engine, mode: Mode, stream: NodeJS.WriteStream, everyMs = 5000): Progress {
  const timer = setInterval(() => {
    const { s, done, perSecond } = fields(engine);
    const read = s.stats.bytesTotal ? `, ${Math.floor((s.stats.bytesRead / s.stats.bytesTotal) * 100)}% of input read` : '';
    const detail = mode === 'upload'
      ? `${s.counts.created + s.counts.existing} created, ${s.counts.failed + s.counts.unknown} failed, ${s.counts.invalid} invalid, ${s.inFlight} in flight`
      : `${s.counts.invalid} invalid`;
    stream.write(`progress: ${done} done (${detail}), ${perSecond.toFixed(1)}/s${read}\n`);
  }, everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
