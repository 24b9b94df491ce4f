/**
 * This folder holds more than 12 files: one per rule, as the rule book names them, registered here. Every rule of the model, in the order of the rule table. */
import type { Rule } from '../rule';
import { abruptStopSignal } from './abrupt-stop-signal';
import { apiValidation } from './api-validation';
import { execHookUnavailable } from './exec-hook-unavailable';
import { gatewayDrainExceedsGrace } from './gateway-drain-exceeds-grace';
import { graceCappedByPlatform } from './grace-capped-by-platform';
import { graceExhausted } from './grace-exhausted';
import { graceZero } from './grace-zero';
import { lbDeregistrationDelay } from './lb-deregistration-delay';
import { lbDrainingExceedsGrace } from './lb-draining-exceeds-grace';
import { legacySidecar } from './legacy-sidecar';
import { nativeSidecarUnavailable } from './native-sidecar-unavailable';
import { pdbBlocksDrain } from './pdb-blocks-drain';
import { probeRestartGrace } from './probe-restart-grace';
import { proxyDrainExceedsGrace } from './proxy-drain-exceeds-grace';
import { proxyExitsEarly } from './proxy-exits-early';
import { prestopExceedsGrace } from './prestop-exceeds-grace';
import { prestopMissing } from './prestop-missing';
import { prestopTcpSocket } from './prestop-tcpsocket';
import { prestopTooShort } from './prestop-too-short';
import { publishNotReadyAddresses } from './publish-not-ready-addresses';
import { readinessProbeMissing } from './readiness-probe-missing';
import { shellPid1 } from './shell-pid1';
import { sleepActionUnavailable } from './sleep-action-unavailable';
import { stopSignalInvalid } from './stop-signal-invalid';

export const RULES: readonly Rule[] = [
  prestopMissing,
  prestopTooShort,
  prestopExceedsGrace,
  graceExhausted,
  graceZero,
  prestopTcpSocket,
  apiValidation,
  sleepActionUnavailable,
  execHookUnavailable,
  shellPid1,
  stopSignalInvalid,
  legacySidecar,
  nativeSidecarUnavailable,
  publishNotReadyAddresses,
  readinessProbeMissing,
  lbDeregistrationDelay,
  abruptStopSignal,
  probeRestartGrace,
  pdbBlocksDrain,
  proxyExitsEarly,
  proxyDrainExceedsGrace,
  graceCappedByPlatform,
  lbDrainingExceedsGrace,
  gatewayDrainExceedsGrace,
];
