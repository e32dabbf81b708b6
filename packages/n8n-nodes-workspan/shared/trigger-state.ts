import { callbackTokenDigest, callbackUrlWithoutToken } from '@workspan-kit/core/internal';
import type { IDataObject } from 'n8n-workflow';

/**
 * What the trigger keeps in the workflow's static data between activations and deliveries. Anyone
 * who can read the workflow can read it, so the callback token is kept only as its digest, and the
 * callback URL without it.
 */
export interface TriggerState extends IDataObject {
  subscriberId?: string;
  /** `sha256:` and the digest of the callback token: what checking a delivery needs. */
  tokenDigest?: string;
  /** The token itself, as versions before the digest kept it; replaced by its digest on activation. */
  token?: string;
  /** The callback URL without its token. */
  callbackUrl?: string;
  /** The last body digest per delivery key (core's list store), so a redelivery does not run twice. */
  deliveries?: unknown[];
}

/** State an older version left with the token itself: the token becomes its digest. */
export async function keepOnlyDigest(state: TriggerState): Promise<void> {
  if (state.token === undefined) return;
  state.tokenDigest ??= await callbackTokenDigest(state.token);
  delete state.token;
  if (state.callbackUrl) state.callbackUrl = callbackUrlWithoutToken(state.callbackUrl);
}
