import { connectionProperties } from './connection-properties';

/** Core names a connection field by its settings key; the credential form shows its display name. */
export const credentialFieldNames: Record<string, string> = Object.fromEntries(
  connectionProperties.map((property) => [property.name, property.displayName]),
);
