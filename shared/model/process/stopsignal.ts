/**
 * The signal the container runtime actually sends first (SIG1, K4): `lifecycle.stopSignal` when the
 * target version honours it (SIG2: ContainerStopSignals, alpha 1.33 off by default unless the user
 * set the gate, beta planned for 1.38),
 * otherwise the image's STOPSIGNAL (containerd and CRI-O read it from the image config), otherwise
 * SIGTERM. A `stopSignal` the version drops is kept as `dropped` so explanations can name it.
 */
import type { ContainerFacts } from '../facts';
import type { Features } from '../features';
import { imageSignal } from './program';

export interface SentSignal {
  signal: string;
  source: 'stopSignal' | 'image' | 'default';
  /** A `lifecycle.stopSignal` the target version drops. */
  dropped?: string;
  /** The stopSignal is honoured (or dropped) because of a gate the user set, or a planned default (1.38). */
  gate?: 'user' | 'planned';
  /** What was assumed about the image's STOPSIGNAL when its tag did not settle it. */
  assumption?: string;
}

export function signalSent(container: ContainerFacts, gates: Features): SentSignal {
  const written = container.stopSignal?.value;
  const gate = gates.userGates.includes('ContainerStopSignals') ? { gate: 'user' as const } : gates.plannedGates.includes('ContainerStopSignals') ? { gate: 'planned' as const } : {};
  if (written && gates.stopSignal === 'on') return { signal: written, source: 'stopSignal', ...gate };
  const dropped = written ? { dropped: written, ...gate } : {};
  const image = imageSignal(container.image?.value);
  const assumption = image.note ? { assumption: image.note } : {};
  if (image.signal) return { signal: image.signal, source: 'image', ...dropped, ...assumption };
  return { signal: 'SIGTERM', source: 'default', ...dropped, ...assumption };
}
